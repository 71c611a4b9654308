"""Opening hours with fake time: windows, past midnight, daylight saving, the next change."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiosk.deck.windows import DailyWindow
from kiosk.player.hours import OpeningHours, parse_window

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def at(text: str, tz=LONDON) -> dt.datetime:
    """An aware local time from ``YYYY-MM-DD HH:MM``."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz)


WEEKDAYS_9_TO_5 = {d: ["09:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}


def test_parse_window():
    assert parse_window("09:00-17:30") == DailyWindow(540, 1050)
    assert parse_window("18:00-02:00") == DailyWindow(1080, 120)
    assert parse_window("00:00-24:00") == DailyWindow(0, 1440)
    for bad in ("9-5", "25:00-26:00", "09:00-24:30", "09:60-10:00", "09:00"):
        with pytest.raises(ValueError):
            parse_window(bad)


def test_open_inside_window_closed_outside_and_at_weekend():
    hours = OpeningHours.parse(WEEKDAYS_9_TO_5, "Europe/London")
    # 2026-11-30 is a Monday.
    assert not hours.is_open(at("2026-11-30 08:59"))
    assert hours.is_open(at("2026-11-30 09:00"))
    assert hours.is_open(at("2026-11-30 16:59"))
    assert not hours.is_open(at("2026-11-30 17:00"))
    assert not hours.is_open(at("2026-12-05 12:00"))  # Saturday


def test_next_change_goes_to_the_next_edge_and_skips_the_weekend():
    hours = OpeningHours.parse(WEEKDAYS_9_TO_5, "Europe/London")
    assert hours.next_change(at("2026-11-30 08:00")) == at("2026-11-30 09:00")
    assert hours.next_change(at("2026-11-30 09:00")) == at("2026-11-30 17:00")
    assert hours.next_change(at("2026-12-04 17:00")) == at("2026-12-07 09:00")  # Friday -> Monday


def test_window_past_midnight_belongs_to_the_day_it_starts():
    hours = OpeningHours.parse({"fri": ["18:00-02:00"]}, "Europe/London")
    assert hours.is_open(at("2026-12-04 23:30"))   # Friday night
    assert hours.is_open(at("2026-12-05 01:59"))   # Saturday early morning
    assert not hours.is_open(at("2026-12-05 02:00"))
    assert not hours.is_open(at("2026-12-04 01:00"))  # Friday early morning: Thursday has no window
    assert hours.next_change(at("2026-12-04 23:00")) == at("2026-12-05 02:00")


def test_several_windows_a_day_and_whole_days():
    hours = OpeningHours.parse({"sat": ["10:00-13:00", "14:00-16:00"], "sun": ["00:00-24:00"]}, LONDON)
    assert hours.is_open(at("2026-12-05 12:00")) and not hours.is_open(at("2026-12-05 13:30"))
    assert hours.next_change(at("2026-12-05 12:00")) == at("2026-12-05 13:00")
    assert hours.next_change(at("2026-12-05 13:00")) == at("2026-12-05 14:00")
    assert hours.is_open(at("2026-12-06 00:00")) and hours.is_open(at("2026-12-06 23:59"))
    assert hours.next_change(at("2026-12-05 17:00")) == at("2026-12-06 00:00")
    assert hours.next_change(at("2026-12-06 12:00")) == at("2026-12-07 00:00")


def test_opening_follows_the_wall_clock_across_daylight_saving():
    hours = OpeningHours.parse({d: ["09:00-17:00"] for d in ("sat", "sun", "mon")}, "Europe/London")
    # Clocks go back on Sunday 2026-10-25: 09:00 is 08:00 UTC on Saturday, 09:00 UTC on Sunday.
    assert hours.next_change(at("2026-10-24 18:00")).astimezone(UTC) == dt.datetime(2026, 10, 25, 9, tzinfo=UTC)
    assert hours.next_change(at("2026-10-23 18:00")).astimezone(UTC) == dt.datetime(2026, 10, 24, 8, tzinfo=UTC)
    # Clocks go forward on Sunday 2026-03-29.
    assert hours.next_change(at("2026-03-28 18:00")).astimezone(UTC) == dt.datetime(2026, 3, 29, 8, tzinfo=UTC)


def test_window_edge_in_the_spring_gap_opens_when_the_clocks_jump():
    # 01:30 never happens on 2026-03-29 in London (01:00 GMT becomes 02:00 BST).
    hours = OpeningHours.parse({"sun": ["01:30-05:00"]}, "Europe/London")
    change = hours.next_change(at("2026-03-28 22:00"))
    assert change.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, tzinfo=UTC)
    just_before = change.astimezone(UTC) - dt.timedelta(seconds=1)  # (aware arithmetic is wall-clock)
    assert hours.is_open(change) and not hours.is_open(just_before)


def test_in_another_zone_and_with_utc_input():
    hours = OpeningHours.parse({"mon": ["09:00-17:00"]}, "America/New_York")
    monday_9_ny = dt.datetime(2026, 11, 30, 14, tzinfo=UTC)  # EST is UTC-5
    assert hours.is_open(monday_9_ny) and not hours.is_open(monday_9_ny - dt.timedelta(minutes=1))


def test_no_change_when_always_open_or_always_closed():
    always = OpeningHours.parse({d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}, LONDON)
    assert always.is_open(at("2026-11-30 03:00")) and always.next_change(at("2026-11-30 03:00")) is None
    never = OpeningHours.parse({}, LONDON)
    assert not never.is_open(at("2026-11-30 12:00")) and never.next_change(at("2026-11-30 12:00")) is None


def test_naive_time_and_unknown_day_are_refused():
    with pytest.raises(ValueError):
        OpeningHours.parse(WEEKDAYS_9_TO_5, LONDON).is_open(dt.datetime(2026, 11, 30, 9))
    with pytest.raises(ValueError):
        OpeningHours.parse({"funday": ["09:00-10:00"]}, LONDON)
