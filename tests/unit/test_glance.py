"""At a glance, without Qt: "Today"/"Tomorrow" on near events, each event's own description, and
the place in the loop the progress indicator shows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.i18n import ui_text
from kiosk.player.clock import Clock
from kiosk.player.navigator import FALLBACK, Position, loop_positions, place_in
from kiosk.player.session import HoldReason, Session
from kiosk.player.views import day_word, view

LONDON = ZoneInfo("Europe/London")
EVENTS = """
    deck: {id: e, title: E, languages: [en, pl, ar], timezone: Europe/London, dwell: 10}
    slides:
      - {id: intro, type: title, title: Hello}
      - id: events
        type: events
        title: What is on
        events:
          - {title: Walk, date: 2026-10-19, start: "10:00", end: "12:00", place: City Hall, body: A walk through the city.}
          - {title: Talk, date: 2026-10-20, start: "19:00", place: Café, body: An evening to talk.}
          - {title: Later, date: 2026-10-24, place: Church, body: Later that week.}
      - id: signs
        type: signs
        title: Spot the signs
        pages:
          - {id: p1, title: One}
          - {id: p2, title: Two}
      - {id: help, type: helpline, phone: "08000 121 700"}
"""


def load(write_deck, text: str = EVENTS):
    result = load_deck(write_deck(text), today=dt.date(2026, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    return result


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


# --------------------------------------------------------------------------- Today / Tomorrow
def test_an_event_today_or_tomorrow_says_so_in_the_visitors_language(write_deck):
    deck = load(write_deck).deck
    at = london("2026-10-19 09:30")
    events = view(deck, Position(1), "en", at)["events"]
    assert [e["day"] for e in events] == ["Today", "Tomorrow", ""]
    assert [e["body"] for e in events] == ["A walk through the city.", "An evening to talk.", "Later that week."]
    polish = view(deck, Position(1), "pl", at)["events"]
    assert [e["day"] for e in polish] == [ui_text("pl", "today"), ui_text("pl", "tomorrow"), ""]
    assert polish[0]["day"] == "Dzisiaj" and polish[1]["day"] == "Jutro"
    assert view(deck, Position(1), "ar", at)["events"][0]["day"] == "اليوم"


def test_the_day_is_the_decks_day_not_utcs(write_deck):
    deck = load(write_deck).deck
    # 23:30 UTC on the 18th is 00:30 on the 19th in London (summer time): the walk is today.
    late = dt.datetime(2026, 10, 18, 23, 30, tzinfo=dt.UTC)
    assert [e["day"] for e in view(deck, Position(1), "en", late)["events"]][:2] == ["Today", "Tomorrow"]
    # 22:30 UTC on the 18th is 23:30 on the 18th in London: the walk is tomorrow.
    earlier = dt.datetime(2026, 10, 18, 22, 30, tzinfo=dt.UTC)
    assert [e["day"] for e in view(deck, Position(1), "en", earlier)["events"]][:2] == ["Tomorrow", ""]


def test_no_moment_no_day_word(write_deck):
    deck = load(write_deck).deck
    assert [e["day"] for e in view(deck, Position(1), "en", None)["events"]] == ["", "", ""]


def test_the_session_marks_the_days_by_its_one_clock(write_deck):
    """The live player judges "today" by the session's clock (``--at`` here), as it runs on."""
    result = load(write_deck)
    seconds = [0.0]
    clock = Clock(1.0, london("2026-10-19 09:00"), source=lambda: seconds[0])
    session = Session(result.deck, result.folder, EventLog(None), clock)
    session.go_to("events")
    assert [e["day"] for e in session.view["events"]] == ["Today", "Tomorrow", ""]
    seconds[0] = 15 * 3600.0  # midnight: the 20th; the walk has ended, the talk is today
    session.next()
    session.previous()
    assert [(e["title"], e["day"]) for e in session.view["events"]] == [("Talk", "Today"), ("Later", "")]


@settings(max_examples=80, deadline=None)
@given(event=st.dates(min_value=dt.date(1, 1, 2), max_value=dt.date(9999, 12, 30)),
       offset=st.integers(min_value=-3, max_value=3))
def test_day_word_is_today_or_tomorrow_only_for_those_days(event, offset):
    today = event + dt.timedelta(days=offset)
    expected = {0: "Today", -1: "Tomorrow"}.get(offset, "")
    assert day_word(event, today, "en") == expected


@settings(max_examples=20, deadline=None)
@given(today=st.sampled_from([dt.date.min, dt.date.max]), event=st.sampled_from([dt.date.min, dt.date.max]))
def test_day_word_at_the_ends_of_the_calendar(today, event):
    """No overflow at the calendar's first and last day."""
    assert day_word(event, today, "en") == ("Today" if event == today else "")


# --------------------------------------------------------------------------- place in the loop
def test_place_in_counts_slides_and_a_slides_pages_share_its_number(write_deck):
    deck = load(write_deck).deck
    loop = loop_positions(deck)
    assert len(loop) == 6  # four slides, the signs slide's two pages looped after it
    assert place_in(loop, Position(0)) == (1, 4)
    assert place_in(loop, Position(2)) == place_in(loop, Position(2, "p1")) == place_in(loop, Position(2, "p2")) == (3, 4)
    assert place_in(loop, Position(3)) == (4, 4), "the last slide is the count, however many pages before it"
    assert place_in(loop[:2], Position(2, "p2")) == (0, 2), "a slide not in the loop has no place"
    assert place_in(loop, FALLBACK) == (0, 4)


def test_the_session_tells_the_place_and_the_time_left_only_while_the_loop_moves(write_deck):
    result = load(write_deck)
    seconds = [0.0]
    session = Session(result.deck, result.folder, EventLog(None), Clock(1.0, london("2026-10-19 09:00"),
                                                                        source=lambda: seconds[0]))
    place = session.place()
    assert place == {"number": 1, "count": 4, "dwell": 10.0, "left": 10.0, "running": True}
    seconds[0] = 4.0
    assert session.place()["left"] == 6.0
    seconds[0] = 10.0
    session.tick()
    assert session.place()["number"] == 2 and session.place()["left"] == 10.0
    session.touch()  # a visitor: the loop stops moving; nothing about them is in the place
    assert session.place()["running"] is False and set(session.place()) == {"number", "count", "dwell", "left", "running"}
    session.resume()
    session.hold(HoldReason.STAFF_PAUSE)
    assert session.place()["running"] is False
    session.hold(HoldReason.STAFF_PAUSE, False)
    assert session.place()["running"] is True


def test_a_render_counts_its_view_in_the_loop_due_then(write_deck):
    result = load(write_deck)
    session = Session(result.deck, result.folder, EventLog(None), Clock(1.0))
    session.display(Position(2, "p1"), None)
    assert session.place() == {"number": 3, "count": 4, "dwell": 10.0, "left": 10.0, "running": False}
