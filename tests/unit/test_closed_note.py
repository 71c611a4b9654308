"""What a run started outside the opening hours says: the hours' file and line, the moment
judged, when they open next, and how to play anyway (README, *Closed at the start*)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.player.hours import OpeningHours, closed_at_start, closed_note

LONDON = ZoneInfo("Europe/London")
WHERE = "/home/ana/.config/kiosk/settings.toml:3"
HOURS = OpeningHours.parse({"mon": ["09:00-17:00"], "thu": ["10:00-12:00"]}, "Europe/London")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def test_open_or_without_hours_nothing_is_said():
    assert closed_note(HOURS, at("2026-10-19 09:00"), WHERE) is None  # a Monday
    assert closed_note(None, at("2026-10-19 03:00"), WHERE) is None


def test_closed_says_where_the_hours_come_from_the_moment_and_the_next_opening_later_today():
    assert closed_note(HOURS, at("2026-10-19 03:00"), WHERE) == (
        f"closed now by the opening hours in {WHERE} (Monday 19 October 2026, 03:00 Europe/London time); "
        "it opens later today at 09:00")


def test_the_next_opening_tomorrow_or_on_a_later_day_names_the_day_and_date():
    assert closed_note(HOURS, at("2026-10-18 23:30"), WHERE).endswith(
        "it opens tomorrow, Monday 19 October 2026, at 09:00")
    assert closed_note(HOURS, at("2026-10-19 17:00"), WHERE).endswith(
        "it opens on Thursday 22 October 2026 at 10:00")


def test_the_moment_is_read_in_the_hours_zone_whatever_zone_it_comes_in():
    note = closed_note(HOURS, dt.datetime(2026, 10, 19, 2, 0, tzinfo=dt.UTC), WHERE)
    assert "(Monday 19 October 2026, 03:00 Europe/London time)" in note  # BST: UTC+1


def test_the_at_moment_is_named_as_such():
    note = closed_note(HOURS, at("2026-10-19 03:00"), WHERE, at=True)
    assert note.startswith(f"closed at the --at time by the opening hours in {WHERE} ")


def test_hours_with_no_window_on_any_day_never_open():
    none = OpeningHours.parse({}, "Europe/London")
    assert closed_note(none, at("2026-10-19 12:00"), WHERE).endswith(
        "; it opens on no day of the week (no day has a window)")


def test_what_each_run_does_while_closed_and_how_to_play_anyway():
    note = "closed now by the opening hours in x (…); it opens later today at 09:00"
    assert closed_at_start(note, "fullscreen", True, 5) == (
        f"{note}; the screen stays black until then (a touch shows the slides for 5 minutes). "
        "To play anyway, add --always-open.")
    assert closed_at_start(note, "windowed", True, 1.0) == (
        f"{note}; the window stays black until then (a click shows the slides for 1 minute). "
        "To play anyway, add --always-open.")
    assert closed_at_start(note, "headless", True, 5) == (
        f"{note}; nothing plays until then. To play anyway, add --always-open.")
    assert closed_at_start(note, "headless", False, 5, at=True) == (
        f"{note}; a headless run with --cycles or --frames does not wait for it: nothing was played. "
        "To play anyway, add --always-open, or choose an --at time when it is open.")
