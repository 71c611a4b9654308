"""A button, Get help and Spot the signs never lead to a slide that is not due (ended, not yet
started, outside its times, an events slide with no event left), except where the README
promises they always work; and ``kiosk validate`` tells the coordinator about such buttons.

Times are UTC; the deck's zone is Europe/London (GMT in winter, so the same clock in January).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.player import schedule
from kiosk.player.clock import Clock
from kiosk.player.navigator import Navigator, Position, reachable, touch_target
from kiosk.player.session import HoldReason, Mode, Session
from kiosk.player.views import view

UTC = dt.UTC

SLIDES = """
deck: {id: btn, title: Buttons, dwell: 10, idle_timeout: 45}
slides:
  - id: what
    type: text
    title: What is modern slavery?
    buttons:
      - {label: Spot the signs, goto: signs}
      - {label: "What's on", goto: events}
      - {label: Figures, goto: numbers}
      - {label: Mornings, goto: morning}
  - {id: numbers, type: stats, title: Figures, show_until: 2027-01-31,
     items: [{value: "1", label: one, source: Someone, year: 2020}]}
  - id: events
    type: events
    title: What's on
    events:
      - {title: Talk, date: 2027-03-02, start: "18:00", end: "19:30"}
  - {id: morning, type: text, title: Mornings, body: Coffee, times: ["09:00-12:00"], show_from: 2027-01-10}
  - {id: signs, type: signs, title: Signs, show_until: 2027-02-01, pages: [{id: a, title: A}]}
  - {id: help, type: helpline, phone: "08000 121 700", weekdays: [mon]}
  - {id: more, type: text, title: More, buttons: [{label: Get help, goto: help}]}
"""


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def the_deck(write_deck):
    result = load_deck(write_deck(SLIDES), today=dt.date(2027, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    return result.deck


def labels(deck, moment) -> list[str]:
    return [b["label"] for b in view(deck, Position(0), at=moment)["buttons"]]


def test_a_button_to_a_slide_not_due_is_not_offered_and_the_others_close_up(write_deck):
    deck = the_deck(write_deck)
    # A Saturday in April: figures ended in January, the talk was in March, mornings only till 12:00.
    assert labels(deck, at("2027-04-03 13:00")) == ["Spot the signs"]
    # A Monday morning in January: everything is due.
    assert labels(deck, at("2027-01-11 10:00")) == ["Spot the signs", "What's on", "Figures", "Mornings"]
    # Before its show_from, a slide's button is not offered either.
    assert labels(deck, at("2027-01-04 10:00")) == ["Spot the signs", "What's on", "Figures"]
    # No moment (kiosk render without --at, the fit check): every button, the most room they take.
    assert [b["label"] for b in view(deck, Position(0))["buttons"]] == [
        "Spot the signs", "What's on", "Figures", "Mornings"]


def test_a_tap_on_a_button_never_opens_a_slide_not_due(write_deck):
    deck = the_deck(write_deck)
    nav = Navigator(deck, 0.0, wall=lambda: at("2027-04-03 13:00"))
    for target in ("events", "numbers", "morning"):
        assert nav.go_to(target, 1.0) is None
        assert nav.position == Position(0) and nav.interactive  # still a touch: the controls show
    # The signs and the helpline are not due either, but Spot the signs and Get help always work,
    # so their buttons (going to the slides those controls open) do too.
    assert nav.go_to("signs", 2.0).position == Position(4)
    assert nav.go_to("help", 3.0).position == Position(5)


def test_get_help_and_spot_the_signs_prefer_a_slide_due_and_always_open_one(write_deck):
    folder = write_deck("""
        deck: {id: two, title: Two of each}
        slides:
          - {id: winter-signs, type: signs, title: Winter, show_until: 2027-01-31, pages: [{id: a, title: A}]}
          - {id: signs, type: signs, title: Signs, pages: [{id: b, title: B}]}
          - {id: night-help, type: helpline, phone: "08000 121 700", times: ["18:00-08:00"]}
          - {id: help, type: helpline, phone: "08000 121 700", show_until: 2027-01-01}
    """)
    deck = load_deck(folder, today=dt.date(2026, 12, 1)).deck
    assert touch_target(deck, "signs", at("2027-01-10 12:00")) == 0
    assert touch_target(deck, "signs", at("2027-03-10 12:00")) == 1  # the winter signs have ended
    assert touch_target(deck, "helpline", at("2027-03-10 12:00")) == 2  # none due: the first of its type
    assert touch_target(deck, "helpline", at("2026-12-10 12:00")) == 3
    assert not reachable(deck, 0, at("2027-03-10 12:00"))  # a button to the ended winter signs hides
    nav = Navigator(deck, 0.0, wall=lambda: at("2027-03-10 12:00"))
    assert nav.position == Position(1)  # the loop starts at the signs due
    assert nav.open_first("helpline", 1.0).position == Position(2)
    assert nav.open_first("signs", 2.0).position == Position(1)
    assert nav.go_to("winter-signs", 3.0) is None


def test_a_button_left_on_screen_after_its_slide_ended_opens_nothing_and_goes(write_deck):
    deck = the_deck(write_deck)
    seconds = [0.0]
    # 23:59:30 on the last day of the figures (GMT: local time is UTC in January).
    clock = Clock(1.0, at("2027-01-31 23:59:30"), source=lambda: seconds[0])
    session = Session(deck, write_deck(SLIDES), EventLog(None), clock)
    session.touch()
    assert "Figures" in [b["label"] for b in session.view["buttons"]]
    seconds[0] = 60.0  # the visitor reads on; the figures end at midnight
    changes = session.go_to("numbers")
    assert session.navigator.position == Position(0)
    assert changes.view and "Figures" not in [b["label"] for b in session.view["buttons"]]


@pytest.fixture(scope="module")
def write_deck_once(tmp_path_factory):
    """The deck above, written and loaded once for every example."""
    folder = tmp_path_factory.mktemp("buttons")
    (folder / "deck.yaml").write_text(SLIDES, encoding="utf-8")
    return load_deck(folder, today=dt.date(2027, 1, 1)).deck


moments = st.datetimes(min_value=dt.datetime(2026, 12, 1), max_value=dt.datetime(2027, 4, 30),
                       timezones=st.just(UTC))


@settings(max_examples=150, deadline=None)
@given(moment=moments)
def test_every_button_offered_opens_its_slide_and_no_other_does(write_deck_once, moment):
    """Whatever the moment: the buttons shown are exactly those whose slide a tap opens, in
    deck order, and the slide opened is never one that has ended or an empty events slide."""
    deck = write_deck_once
    shown = [b["goto"] for b in view(deck, Position(0), at=moment)["buttons"]]
    written = [b.goto for b in deck.slides[0].buttons]
    assert shown == [goto for goto in written if goto in shown]  # order kept: the rest close up
    due = set(schedule.due_slides(deck, moment))
    for goto in written:
        nav = Navigator(deck, 0.0, wall=lambda: moment)
        opened = nav.go_to(goto, 1.0)
        assert (opened is not None) == (goto in shown)
        if opened is None:
            continue
        index = opened.position.slide
        slide = deck.slides[index]
        assert index in due or slide.type in ("signs", "helpline")
        if slide.type == "events":
            assert view(deck, opened.position, at=moment)["events"]


def test_validate_notes_a_button_to_a_slide_shown_only_at_some_times(write_deck):
    result = load_deck(write_deck(SLIDES), today=dt.date(2027, 1, 1))
    notes = {p.message for p in result.problems if "button" in p.message}
    assert notes == {
        "slide 'what': button 'What's on' goes to slide 'events', which is shown only at some times (an events "
        "slide, left out once its last event has ended); the button is hidden while that slide is not shown",
        "slide 'what': button 'Figures' goes to slide 'numbers', which is shown only at some times "
        "(show_until 2027-01-31); the button is hidden while that slide is not shown",
        "slide 'what': button 'Mornings' goes to slide 'morning', which is shown only at some times "
        "(show_from 2027-01-10; times); the button is hidden while that slide is not shown",
    }  # the only signs and helpline slides: Spot the signs and Get help always open them
    assert {p.severity for p in result.problems if "button" in p.message} == {"note"}
    assert result.ok


def test_validate_warns_about_a_button_that_is_never_shown_again(write_deck):
    result = load_deck(write_deck(SLIDES), today=dt.date(2027, 4, 1))
    never = sorted((p.severity, p.message.split(",")[0]) for p in result.problems
                   if "so the button is never shown" in p.message)
    assert never == [("warning", "slide 'what': button 'Figures' goes to slide 'numbers'"),
                     ("warning", "slide 'what': button 'What's on' goes to slide 'events'")]
    assert result.ok  # a warning: the deck still plays, without those buttons


def reading(write_deck, moment: str, *, scale: float = 1.0, real: bool = False, text: str = SLIDES):
    """A session on ``text`` whose wall clock starts at ``moment`` (UTC): with ``--at`` (the wall
    runs with deck time), or ``real`` (the real time, here a fake one moved with the source).
    Returns (session, source): ``source[0]`` is the real seconds gone by."""
    source = [0.0]
    start = at(moment)
    if real:
        clock = Clock(scale, source=lambda: source[0], utc=lambda: start + dt.timedelta(seconds=source[0]))
    else:
        clock = Clock(scale, start, source=lambda: source[0])
    folder = write_deck(text)
    result = load_deck(folder, today=dt.date(2027, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    return Session(result.deck, folder, EventLog(None), clock), source


def button_labels(session) -> list[str]:
    return [b["label"] for b in session.view["buttons"]]


def test_a_button_goes_the_moment_its_slide_ends_while_a_visitor_reads(write_deck):
    # 23:59:30 on the last day of the figures: the visitor touched, so the loop waits 45 s;
    # the session wakes at midnight (30 s), not at the idle return, and draws the slide again.
    session, source = reading(write_deck, "2027-01-31 23:59:30")
    session.touch()
    assert "Figures" in button_labels(session)
    assert session.loop_deadline() == 45.0 and session.deadline() == 30.0
    source[0] = 29.9
    assert not session.tick().view and "Figures" in button_labels(session)
    source[0] = 30.0
    changes = session.tick()
    assert changes.view and "Figures" not in button_labels(session)
    assert session.mode is Mode.INTERACTIVE and session.navigator.position == Position(0)  # the visitor stays
    assert session.deadline() == 45.0  # then the idle return, as before


def test_a_button_comes_the_moment_its_slide_starts_during_a_long_dwell(write_deck):
    # Monday 11 January 2027, 08:59:50: "Mornings" (09:00-12:00) starts 10 s into the slide's dwell.
    text = SLIDES.replace("title: What is modern slavery?", "title: What is modern slavery?\n    duration: 600")
    session, source = reading(write_deck, "2027-01-11 08:59:50", text=text)
    assert "Mornings" not in button_labels(session)
    assert session.deadline() == 10.0
    source[0] = 10.0
    assert session.tick().view and button_labels(session)[-1] == "Mornings"
    assert session.navigator.position == Position(0) and session.deadline() == 600.0


@pytest.mark.parametrize("scale, real, deck_seconds", [(20, False, 30.0), (20, True, 600.0), (1, True, 30.0)])
def test_the_wake_up_is_in_deck_seconds_whatever_the_clock(write_deck, scale, real, deck_seconds):
    # With --at the wall runs as fast as deck time; on the real time, 30 wall seconds are 30 x scale deck seconds.
    session, _ = reading(write_deck, "2027-01-31 23:59:30", scale=scale, real=real)
    session.touch()
    assert session.schedule_deadline() == pytest.approx(deck_seconds)
    assert session.deadline() == pytest.approx(min(deck_seconds, 45.0))


def test_the_staff_pause_keeps_the_slide_as_the_schedule_has_it_and_closed_wakes_for_nothing(write_deck):
    session, source = reading(write_deck, "2027-01-31 23:59:30")
    session.hold(HoldReason.STAFF_PAUSE)
    assert session.loop_deadline() is None and session.deadline() == 30.0
    source[0] = 30.0
    assert session.tick().view and "Figures" not in button_labels(session)
    assert session.navigator.position == Position(0)
    session.hold(HoldReason.CLOSED)
    assert session.deadline() is None  # a black screen: nothing to draw again


EVENTS = """
deck: {id: ev, title: Events, dwell: 10, idle_timeout: 45}
slides:
  - id: whats-on
    type: events
    duration: 3600
    events:
      - {title: Talk, date: 2027-03-02, start: "18:00", end: "19:30"}
      - {title: Film, date: 2027-03-03, start: "19:00", end: "21:00"}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def test_an_event_that_ends_on_screen_goes_at_its_end(write_deck):
    session, source = reading(write_deck, "2027-03-02 19:29:00", text=EVENTS)
    assert [(e["title"], e["day"]) for e in session.view["events"]] == [("Talk", "Today"), ("Film", "Tomorrow")]
    assert session.deadline() == 60.0  # the talk ends at 19:30 (GMT)
    source[0] = 60.0
    assert session.tick().view and [e["title"] for e in session.view["events"]] == ["Film"]
    assert session.navigator.position == Position(0) and session.deadline() == 3600.0  # then its dwell ends


def test_the_badges_of_an_events_slide_on_screen_move_on_at_midnight(write_deck):
    session, source = reading(write_deck, "2027-03-02 23:59:00", text=EVENTS)
    assert [(e["title"], e["day"]) for e in session.view["events"]] == [("Film", "Tomorrow")]
    assert session.deadline() == 60.0
    source[0] = 60.0
    assert session.tick().view and [(e["title"], e["day"]) for e in session.view["events"]] == [("Film", "Today")]


def test_the_last_event_ending_on_screen_leaves_it_drawn_until_the_slide_changes(write_deck):
    one = EVENTS.replace('      - {title: Film, date: 2027-03-03, start: "19:00", end: "21:00"}\n', "")
    session, source = reading(write_deck, "2027-03-02 19:29:00", text=one)
    assert session.deadline() == 60.0
    source[0] = 60.0
    assert not session.tick().view
    assert session.navigator.position == Position(0)
    assert [e["title"] for e in session.view["events"]] == ["Talk"]  # never an empty events slide


@settings(max_examples=150, deadline=None)
@given(moment=moments, share=st.floats(min_value=0, max_value=0.999))
def test_no_slide_becomes_due_or_ends_before_the_next_change_the_schedule_gives(write_deck_once, moment, share):
    """The session wakes at :func:`schedule.next_due_change`: between now and then, no slide's
    answer changes, so nothing on screen is left stale."""
    deck = write_deck_once
    change = schedule.next_due_change(deck, moment)
    assert change is not None and change > moment  # the events slide's talk ends, at least
    between = moment + (change - moment) * share
    assert schedule.due_slides(deck, between) == schedule.due_slides(deck, moment)
