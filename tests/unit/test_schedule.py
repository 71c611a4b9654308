"""The slide schedule and the loop that follows it, with a fake wall clock (no real time read).

UK clock changes used below (Europe/London): 2026-03-29 at 01:00 UTC the clocks go forward
to BST (UTC+1); 2026-10-25 at 01:00 UTC they go back to GMT (UTC+0).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.deck import load_deck
from kiosk.player import schedule
from kiosk.player.clock import Clock
from kiosk.player.navigator import AUTO, FALLBACK, IDLE, Navigator, Position
from kiosk.player.views import FALLBACK_ID, view

UTC = dt.UTC


def utc(text: str) -> dt.datetime:
    """``"2026-10-19 08:30"`` as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


class FakeWall:
    """A wall clock the test sets: ``wall()`` returns ``wall.now`` (aware UTC)."""

    def __init__(self, now: str) -> None:
        self.now = utc(now)

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, text: str) -> None:
        self.now = utc(text)


def deck_of(write_deck, slides: str, deck_extra: str = ""):
    folder = write_deck(f"""
        deck: {{id: sched, title: Scheduled deck, dwell: 10, idle_timeout: 45{deck_extra}}}
        slides:
        {slides}""")
    result = load_deck(folder, today=dt.date(2019, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    return result.deck


def due_ids(deck, when: str) -> list[str]:
    return [deck.slides[i].id for i in schedule.due_slides(deck, utc(when))]


# --------------------------------------------------------------------------- dates
def test_show_from_and_until_dates_count_whole_days_in_local_time(write_deck):
    deck = deck_of(write_deck, """
          - {id: week, type: title, title: Week, show_from: 2026-10-18, show_until: 2026-10-24}
          - {id: always, type: title, title: Always}
    """)
    # 2026-10-17 23:59 BST is 22:59 UTC: the day before.
    assert due_ids(deck, "2026-10-17 22:59") == ["always"]
    assert due_ids(deck, "2026-10-17 23:00") == ["week", "always"]  # 00:00 BST on the 18th
    assert due_ids(deck, "2026-10-24 22:59") == ["week", "always"]  # 23:59 BST on the 24th
    assert due_ids(deck, "2026-10-24 23:00") == ["always"]  # 00:00 BST on the 25th


def test_moments_start_at_and_stop_before_their_minute(write_deck):
    deck = deck_of(write_deck, """
          - {id: talk, type: title, title: Talk, show_from: "2026-10-19 09:30", show_until: "2026-10-19 11:00"}
          - {id: always, type: title, title: Always}
    """)
    assert due_ids(deck, "2026-10-19 08:29") == ["always"]  # 09:29 BST
    assert due_ids(deck, "2026-10-19 08:30") == ["talk", "always"]
    assert due_ids(deck, "2026-10-19 09:59") == ["talk", "always"]
    assert due_ids(deck, "2026-10-19 10:00") == ["always"]  # 11:00 BST: gone


# --------------------------------------------------------------------------- days and times
def test_weekdays(write_deck):
    deck = deck_of(write_deck, """
          - {id: weekend, type: title, title: Weekend, weekdays: [sat, sun]}
          - {id: always, type: title, title: Always}
    """)
    assert due_ids(deck, "2026-10-23 12:00") == ["always"]  # Friday
    assert due_ids(deck, "2026-10-24 12:00") == ["weekend", "always"]  # Saturday
    assert due_ids(deck, "2026-10-25 12:00") == ["weekend", "always"]  # Sunday


@pytest.mark.parametrize("day, before, at_nine", [
    ("2026-03-28", "2026-03-28 08:59", "2026-03-28 09:00"),  # Saturday, GMT
    ("2026-03-29", "2026-03-29 07:59", "2026-03-29 08:00"),  # clocks went forward at 01:00 UTC: BST
    ("2026-10-24", "2026-10-24 07:59", "2026-10-24 08:00"),  # Saturday, BST
    ("2026-10-25", "2026-10-25 08:59", "2026-10-25 09:00"),  # clocks went back at 01:00 UTC: GMT
], ids=["march-before", "march-change", "october-before", "october-change"])
def test_daily_window_opens_at_nine_on_the_wall_through_clock_changes(write_deck, day, before, at_nine):
    deck = deck_of(write_deck, """
          - {id: opening, type: title, title: Open, times: ["09:00-17:00"]}
          - {id: always, type: title, title: Always}
    """)
    assert due_ids(deck, before) == ["always"]
    assert due_ids(deck, at_nine) == ["opening", "always"]
    local = schedule.local_time(deck, utc(at_nine))
    assert (local.date().isoformat(), local.hour, local.minute) == (day, 9, 0)


def test_window_past_midnight_belongs_to_the_day_it_starts(write_deck):
    deck = deck_of(write_deck, """
          - {id: late, type: title, title: Late, weekdays: [fri], times: ["22:00-02:00"]}
          - {id: always, type: title, title: Always}
    """)
    # October 2026 is BST (UTC+1) until the 25th: local = UTC + 1 h.
    assert due_ids(deck, "2026-10-23 20:59") == ["always"]  # Fri 21:59
    assert due_ids(deck, "2026-10-23 21:00") == ["late", "always"]  # Fri 22:00
    assert due_ids(deck, "2026-10-24 00:59") == ["late", "always"]  # Sat 01:59, Friday's window
    assert due_ids(deck, "2026-10-24 01:00") == ["always"]  # Sat 02:00: closed
    assert due_ids(deck, "2026-10-23 00:30") == ["always"]  # Fri 01:30 belongs to Thursday's night
    assert due_ids(deck, "2026-10-24 21:30") == ["always"]  # Sat 22:30: not a Friday


def test_night_window_through_the_october_change_keeps_wall_times(write_deck):
    """The night of 24-25 October 2026 is an hour longer; the window still closes at 02:00 GMT."""
    deck = deck_of(write_deck, """
          - {id: late, type: title, title: Late, times: ["22:00-02:00"]}
          - {id: always, type: title, title: Always}
    """)
    assert due_ids(deck, "2026-10-24 21:00") == ["late", "always"]  # 22:00 BST
    assert due_ids(deck, "2026-10-25 01:30") == ["late", "always"]  # 01:30 GMT (second time round)
    assert due_ids(deck, "2026-10-25 01:59") == ["late", "always"]  # 01:59 GMT
    assert due_ids(deck, "2026-10-25 02:00") == ["always"]  # 02:00 GMT


# --------------------------------------------------------------------------- events
EVENTS = """
          - id: whats-on
            type: events
            events:
              - {title: Walk, date: 2026-10-19, start: "10:00", end: "12:00"}
              - {title: Fair, date: 2026-10-20}
          - {id: always, type: title, title: Always}
"""


def test_events_drop_when_they_end_and_the_slide_goes_with_the_last(write_deck):
    deck = deck_of(write_deck, EVENTS)
    slide = deck.slides[0]

    def titles(when: str) -> list[str]:
        return [e.title for e in schedule.current_events(deck, slide, utc(when))]

    assert titles("2026-10-19 10:59") == ["Walk", "Fair"]  # 11:59 BST
    assert titles("2026-10-19 11:00") == ["Fair"]  # 12:00 BST: the walk has ended
    assert titles("2026-10-20 22:59") == ["Fair"]  # 23:59 BST: no end time, so to the end of the day
    assert titles("2026-10-20 23:00") == []
    assert due_ids(deck, "2026-10-20 22:59") == ["whats-on", "always"]
    assert due_ids(deck, "2026-10-20 23:00") == ["always"]
    shown = view(deck, Position(0), at=utc("2026-10-19 11:00"))
    assert [e["title"] for e in shown["events"]] == ["Fair"]


def test_an_archive_keeps_its_events(write_deck, bundled_deck):
    deck = deck_of(write_deck, EVENTS, deck_extra=", archive: true")
    assert due_ids(deck, "2030-01-01 12:00") == ["whats-on", "always"]
    assert len(view(deck, Position(0), at=utc("2030-01-01 12:00"))["events"]) == 2
    bundled = bundled_deck.deck
    assert bundled.deck.archive
    assert len(schedule.due_slides(bundled, utc("2026-11-29 12:00"))) == len(bundled.slides)


# --------------------------------------------------------------------------- --at
def test_parse_at_reads_wall_time_in_the_decks_zone(write_deck):
    deck = deck_of(write_deck, EVENTS)
    assert schedule.parse_at("2026-10-19 09:30", deck) == utc("2026-10-19 08:30")  # BST
    assert schedule.parse_at("2026-10-26T09:30", deck) == utc("2026-10-26 09:30")  # GMT
    assert schedule.parse_at("2026-10-19", deck) == utc("2026-10-18 23:00")
    for wrong in ("19/10/2026", "2026-10-19 9.30", "2026-02-30 10:00", "2026-10-19 25:00"):
        with pytest.raises(ValueError, match="like \"2026-10-19 09:30\""):
            schedule.parse_at(wrong, deck)


def test_the_at_clock_runs_on_from_its_moment():
    seconds = [100.0]
    wall = Clock(at=utc("2026-10-19 08:30"), source=lambda: seconds[0]).wall
    assert wall() == utc("2026-10-19 08:30")
    seconds[0] = 160.0
    assert wall() == utc("2026-10-19 08:31")


# --------------------------------------------------------------------------- the loop
LOOP = """
          - {id: a, type: title, title: A}
          - {id: morning, type: title, title: Morning, times: ["09:00-12:00"]}
          - {id: c, type: title, title: C}
          - {id: help, type: helpline, phone: "08000 121 700", weekdays: [mon]}
"""


def test_a_slide_comes_and_goes_without_a_restart(write_deck):
    deck = deck_of(write_deck, LOOP)
    wall = FakeWall("2026-10-20 07:55")  # Tuesday 08:55 BST
    shown = []
    nav = Navigator(deck, 0.0, on_show=shown.append, wall=wall)
    assert nav.position == Position(0)
    assert nav.tick(10.0).position == Position(2)  # morning is not due yet; help is Mondays only
    wall.set("2026-10-20 08:00")  # 09:00 BST
    assert nav.tick(20.0).position == Position(0) and shown[-1].cycle_completed
    assert nav.tick(30.0).position == Position(1)  # morning has come
    wall.set("2026-10-20 11:00")  # 12:00 BST
    assert nav.tick(40.0).position == Position(2)
    assert nav.tick(50.0).position == Position(0)
    assert nav.tick(60.0).position == Position(2)  # morning has gone


def test_next_and_previous_skip_slides_not_due_but_get_help_still_works(write_deck):
    deck = deck_of(write_deck, LOOP)
    nav = Navigator(deck, 0.0, wall=FakeWall("2026-10-20 14:00"))  # Tuesday afternoon
    assert nav.next(1.0).position == Position(2)
    assert nav.next(2.0).position == Position(0)  # help (Mondays) skipped, wraps
    assert nav.previous(3.0).position == Position(2)
    assert nav.go_to("help", 4.0).position == Position(3)  # the helpline is always reachable
    assert nav.next(5.0).position == Position(0)
    nav.go_to("morning", 6.0)
    back = nav.tick(6.0 + 45)
    assert back.trigger == IDLE and back.position == Position(0)


def test_nothing_due_shows_the_helpline(write_deck):
    deck = deck_of(write_deck, """
          - {id: a, type: title, title: A, show_until: 2026-01-01}
          - {id: help, type: helpline, phone: "08000 121 700", show_until: 2026-01-01}
    """)
    wall = FakeWall("2026-10-20 12:00")
    shown = []
    nav = Navigator(deck, 0.0, on_show=shown.append, wall=wall)
    assert nav.position == Position(1)
    assert nav.next_deadline() == 10.0  # still reads the schedule after each dwell
    result = nav.tick(10.0)
    assert result.position == Position(1) and not result.changed and result.cycle_completed
    assert nav.next(11.0) is None  # nothing else to go to


def test_nothing_due_and_no_helpline_shows_a_plain_title_slide(write_deck):
    deck = deck_of(write_deck, """
          - {id: a, type: title, title: A, weekdays: [sat]}
          - {id: b, type: text, title: B, body: Text, weekdays: [sun]}
    """)
    wall = FakeWall("2026-10-20 12:00")  # Tuesday
    nav = Navigator(deck, 0.0, wall=wall)
    assert nav.position == FALLBACK
    plain = view(deck, nav.position, at=wall())
    assert plain["id"] == FALLBACK_ID and plain["type"] == "title" and plain["title"] == "Scheduled deck"
    assert nav.next(1.0) is None and nav.previous(2.0) is None
    wall.set("2026-10-24 12:00")  # Saturday: a is due again
    assert nav.tick(2.0 + 45).position == Position(0)
    assert nav.tick(47.0 + 10).position == Position(0) and nav.cycles == 1


def test_loop_through_both_clock_changes_keeps_wall_times(write_deck):
    """Run the loop through each change night: the morning slide is on from 09:00 to 12:00 local."""
    deck = deck_of(write_deck, LOOP)
    for start in ("2026-03-28 22:00", "2026-10-24 22:00"):
        wall = FakeWall(start)
        nav = Navigator(deck, 0.0, wall=wall)
        seen: list[dt.datetime] = []
        previous = 0.0
        while wall.now < utc(start) + dt.timedelta(hours=16):
            t = nav.next_deadline()
            wall.now += dt.timedelta(seconds=t - previous)  # the wall runs with the loop
            previous = t
            nav.tick(t)
            if nav.position == Position(1):
                seen.append(schedule.local_time(deck, wall.now))
        assert seen, start
        assert min(seen).time() >= dt.time(9, 0) and max(seen).time() < dt.time(12, 0)
        assert min(seen).time() < dt.time(9, 1) and max(seen).time() >= dt.time(11, 59)


def test_without_a_schedule_a_one_slide_deck_wakes_once_a_dwell(write_deck):
    deck = deck_of(write_deck, "  - {id: a, type: title, title: A}\n", deck_extra=", archive: true")
    assert not schedule.has_schedule(deck)
    assert Navigator(deck, 0.0, wall=FakeWall("2026-10-20 12:00")).next_deadline() == 10.0


def test_the_loop_tick_reports_auto(write_deck):
    deck = deck_of(write_deck, LOOP)
    nav = Navigator(deck, 0.0, wall=FakeWall("2026-10-19 09:00"))  # Monday 10:00 BST: all due
    assert [nav.tick(t).position.slide for t in (10.0, 20.0, 30.0, 40.0)] == [1, 2, 3, 0]
    assert nav.tick(50.0).trigger == AUTO
