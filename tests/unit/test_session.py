"""The play session and its clock, without Qt: a fake clock moved by hand, events read back."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.player.clock import Clock
from kiosk.player.hours import OpeningHours
from kiosk.player.navigator import Position, loop_positions
from kiosk.player.session import HoldReason, Mode, OpeningWatch, Session

UTC = dt.UTC
DECK = """
    deck: {id: s, title: S, dwell: 10, idle_timeout: 45, languages: [en, cy]}
    slides:
      - {id: a, type: title, title: A}
      - {id: b, type: text, title: B, duration: 5}
      - id: signs
        type: signs
        title: Spot the signs
        pages:
          - {id: p1, title: One}
          - {id: p2, title: Two}
      - {id: help, type: helpline, phone: "08000 121 700"}
"""


class Source:
    """Real seconds the test moves by hand (the clock's source)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Events:
    """An event log kept in memory: every event written or notified, with its fields."""

    def __init__(self) -> None:
        self.log = EventLog(None)
        self.seen: list[tuple[str, dict]] = []
        self.log.add_observer(lambda event, fields: self.seen.append((event, dict(fields))))

    def kinds(self, since: int = 0) -> list[str]:
        return [event for event, _ in self.seen[since:] if event not in ("touch",)]


def start(write_deck, text: str = DECK, *, scale: float = 1.0, at: dt.datetime | None = None,
          frames: bool = False) -> tuple[Session, Source, Events]:
    result = load_deck(write_deck(text), today=dt.date(2026, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    source, events = Source(), Events()
    session = Session(result.deck, result.folder, events.log, Clock(scale, at, source=source), hold_for_frames=frames)
    return session, source, events


def shown(session: Session) -> tuple[str, str]:
    return session.view["id"], session.view["page"]


# --------------------------------------------------------------------------- the clock
def test_the_clock_scales_deck_time_and_runs_the_at_wall_clock_with_it():
    source = Source()
    at = dt.datetime(2026, 10, 19, 8, 0, tzinfo=UTC)
    clock = Clock(60, at, source=source)
    source.now = 2.0
    assert clock.monotonic() == clock() == 120.0
    assert clock.wall() == at + dt.timedelta(minutes=2)
    assert clock.wall_rate == 60
    real = Clock(60, source=source, utc=lambda: at)
    assert real.wall() == at and real.wall_rate == 1.0


@pytest.mark.parametrize("scale", [0, -1, float("nan"), float("inf")])
def test_a_clock_scale_that_is_no_speed_counts_as_one(scale):
    assert Clock(scale).scale == 1.0


def test_a_naive_at_is_refused():
    with pytest.raises(ValueError, match="aware"):
        Clock(1.0, dt.datetime(2026, 1, 1))


# --------------------------------------------------------------------------- holds
def test_holds_combine_releasing_one_keeps_the_loop_held(write_deck):
    session, source, events = start(write_deck)
    session.hold(HoldReason.STAFF_PAUSE)
    session.hold(HoldReason.CLOSED)
    assert session.mode is Mode.HELD and session.deadline() is None
    source.now = 100.0
    session.tick()
    assert shown(session) == ("a", ""), "held: no advance"
    before = len(events.seen)
    session.hold(HoldReason.STAFF_PAUSE, False)  # the staff resume while the venue is closed
    assert session.held and session.holds == {HoldReason.CLOSED} and session.deadline() is None
    assert events.kinds(before) == []
    session.hold(HoldReason.CLOSED, False)  # opening time: the loop starts again from its start
    assert not session.held and session.mode is Mode.LOOPING
    assert events.kinds(before) == ["slide_shown"] and shown(session) == ("a", "")
    assert session.deadline() == 110.0, "a full dwell from the opening"


def test_releasing_the_last_hold_resumes_with_a_full_dwell_on_the_slide_showing(write_deck):
    session, source, _ = start(write_deck)
    source.now = 3.0
    session.next()
    assert session.mode is Mode.INTERACTIVE and shown(session) == ("b", "")
    session.hold(HoldReason.SCREEN_OFF)
    session.hold(HoldReason.STAFF_PAUSE)
    source.now = 500.0
    session.hold(HoldReason.SCREEN_OFF, False)
    assert session.held
    changes = session.hold(HoldReason.STAFF_PAUSE, False)
    assert changes.paused and session.mode is Mode.LOOPING
    assert shown(session) == ("b", "") and session.deadline() == 505.0  # b dwells 5 s


def test_holding_twice_or_releasing_what_is_not_held_changes_nothing(write_deck):
    session, _, _ = start(write_deck)
    assert session.hold(HoldReason.FRAME, False) == type(session.hold(HoldReason.FRAME, False))()
    session.hold(HoldReason.CLOSED)
    assert session.hold(HoldReason.CLOSED).view is False and session.holds == {HoldReason.CLOSED}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(HoldReason)), st.booleans()), max_size=12))
def test_the_loop_is_held_exactly_while_a_reason_stands(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("deck")
    (folder / "deck.yaml").write_text(DECK.replace("\n    ", "\n").lstrip(), encoding="utf-8")
    result = load_deck(folder, today=dt.date(2026, 1, 1))
    session = Session(result.deck, result.folder, EventLog(None), Clock(source=Source()))
    standing: set[HoldReason] = set()
    for reason, on in steps:
        session.hold(reason, on)
        (standing.add if on else standing.discard)(reason)
        assert session.holds == standing
        assert (session.deadline() is None) == bool(standing)


# --------------------------------------------------------------------------- the waiting deck
def test_a_new_version_swaps_in_at_the_next_slide_change(write_deck):
    session, source, events = start(write_deck)
    newer = load_deck(write_deck(DECK.replace("title: A}", "title: A2}"), name="newer"), today=dt.date(2026, 1, 1))
    source.now = 4.0
    session.next()  # a visitor is looking at b, with larger text and high contrast
    session.toggle_large_text()
    session.toggle_high_contrast()
    session.replace_deck(newer.deck, newer.folder)
    assert session.pending is not None and session.deck is not newer.deck
    source.now = 20.0
    assert session.tick().reloaded is None, "not due yet: the visitor's idle timeout runs"
    source.now = 4.0 + 45
    changes = session.tick()
    assert changes.reloaded == "s" and session.deck is newer.deck and session.pending is None
    assert changes.view and changes.deck and shown(session) == ("a", "")
    assert session.view["title"] == "A2"
    # The swap is the visitor's idle return too: counted as one, and the next passer-by gets the defaults.
    assert events.kinds()[-3:] == ["idle_return", "deck_reloaded", "slide_shown"]
    assert not session.large_text and not session.high_contrast


def test_a_new_version_waits_for_a_hold_and_swaps_at_once_when_nothing_plays(write_deck):
    session, source, _ = start(write_deck)
    newer = load_deck(write_deck(DECK, name="newer"), today=dt.date(2026, 1, 1))
    session.hold(HoldReason.STAFF_PAUSE)
    assert session.replace_deck(newer.deck, newer.folder, now=True).reloaded is None
    source.now = 100.0
    assert session.tick().reloaded is None
    session.hold(HoldReason.STAFF_PAUSE, False)
    assert session.tick().reloaded is None, "released: the slide showing gets its full dwell first"
    source.now = session.deadline()
    assert session.tick().reloaded == "s"
    session.replace_deck(newer.deck, newer.folder, now=True)
    assert session.pending is None
    session.replace_deck(newer.deck, newer.folder)
    session.reject_deck(["deck.yaml:1:1: error: broken"])
    assert session.pending is None


# --------------------------------------------------------------------------- the neutral screen
def test_the_neutral_screen_ends_where_the_idle_return_falls_due(write_deck, caplog):
    """The same events, at the same moment, as a visitor who stopped touching."""
    traces = []
    for quick_exit in (False, True):
        session, source, events = start(write_deck)
        source.now = 5.0
        session.go_to("signs")
        session.open_page("p1")
        session.choose_language("cy")
        source.now = 9.0
        session.touch()
        if quick_exit:
            with caplog.at_level(logging.DEBUG, logger="kiosk.session"):
                changes = session.quick_exit()
            assert changes.view and session.neutral and session.mode is Mode.NEUTRAL
            assert session.language == "en" and shown(session) == ("a", "") and not session.paused
            assert not any(word in caplog.text.lower() for word in ("quick", "exit", "neutral"))
        assert session.deadline() == 9.0 + 45
        before = len(events.seen)
        source.now = 9.0 + 45 - 0.5
        session.tick()
        assert events.seen[before:] == []
        source.now = 9.0 + 45
        session.tick()
        assert not session.neutral and session.mode is Mode.LOOPING and session.language == "en"
        traces.append((events.seen[before:], shown(session), session.deadline()))
    assert traces[0] == traces[1]
    trace, position, _ = traces[1]
    assert [event for event, _ in trace] == ["idle_return", "slide_shown"] and position == ("a", "")
    assert trace[1][1]["trigger"] == "idle"


# --------------------------------------------------------------------------- the --at clock
AT = dt.datetime(2026, 10, 19, 8, 0, tzinfo=UTC)  # Monday 09:00 BST
SCHEDULED = DECK.replace("title: B, duration: 5}", "title: B, duration: 5, times: [\"10:00-11:00\"]}")


def test_restart_keeps_the_at_clock(write_deck):
    session, source, _ = start(write_deck, SCHEDULED, scale=60, at=AT)
    assert [p.slide for p in session.navigator.due_positions()].count(1) == 0  # b is not due at 09:00
    source.now = 60.0  # an hour of deck time at 60 times: 10:00 BST
    session.hold(HoldReason.CLOSED)
    session.hold(HoldReason.CLOSED, False)  # the loop starts again
    assert session.navigator.wall() == AT + dt.timedelta(hours=1)
    assert Position(1) in session.navigator.due_positions(), "judged by the --at clock, not the real one"


def test_opening_hours_follow_the_at_clock(write_deck):
    session, source, events = start(write_deck, scale=60, at=AT)
    hours = OpeningHours.parse({"mon": ["10:00-17:00"]}, "Europe/London")
    watch = OpeningWatch(hours, dt.timedelta(minutes=5), session.clock.wall)
    assert watch.check() and watch.closed, "closed at 09:00 by the --at clock"
    assert watch.next_change() == AT + dt.timedelta(hours=1)
    session.hold(HoldReason.CLOSED)
    source.now = 59.0  # 09:59
    assert not watch.check() and watch.closed
    assert watch.wake() and not watch.closed and watch.woken_until == AT + dt.timedelta(minutes=64)
    source.now = 60.0  # 10:00: open by the hours, the wake-up forgotten
    assert not watch.check() and watch.woken_until is None
    session.hold(HoldReason.CLOSED, False)
    assert not session.held and events.kinds()[-1] == "slide_shown"
    source.now = 8 * 60.0  # 17:00
    assert watch.check() and watch.closed


# --------------------------------------------------------------------------- frames
def test_with_frames_each_slide_change_holds_until_its_frame_is_saved(write_deck):
    session, source, _ = start(write_deck, frames=True)
    loop = loop_positions(session.deck)
    frames = []
    for _ in range(len(loop)):
        assert session.holds == {HoldReason.FRAME} and session.deadline() is None
        source.now += 1000.0  # the machine is slow: far more than a dwell passes before the grab
        session.tick()
        assert session.holds == {HoldReason.FRAME}, "held: the loop did not move on"
        frames.append(shown(session))
        session.frame_saved()
        assert session.deadline() == source.now + session.navigator.dwell(), "a full dwell after the frame"
        source.now = session.deadline()
        session.tick()
    assert frames == [(session.deck.slides[p.slide].id, p.page or "") for p in loop]
    assert session.navigator.cycles == 1


def test_transitions_are_logged_at_debug_level(write_deck, caplog):
    with caplog.at_level(logging.DEBUG, logger="kiosk.session"):
        session, source, _ = start(write_deck)
        session.hold(HoldReason.STAFF_PAUSE)
        session.hold(HoldReason.STAFF_PAUSE, False)
        source.now = 10.0
        session.tick()
    records = [r for r in caplog.records if r.name == "kiosk.session"]
    assert all(r.levelno == logging.DEBUG for r in records)
    text = "\n".join(r.getMessage() for r in records)
    assert "hold staff pause" in text and "release staff pause" in text and "auto: Position(slide=1" in text


# --------------------------------------------------------------------------- proof of play
def play_loops(session: Session, source: Source, loops: int) -> None:
    """Let the loop run until ``loops`` more loops are complete."""
    target = session.loops + loops
    while session.loops < target:
        source.now = session.deadline()
        session.tick()


def cycle_events(events: Events) -> list[tuple[int, str]]:
    return [(fields["cycles"], fields["deck"]) for event, fields in events.seen if event == "cycle"]


def test_cycles_count_on_across_new_versions_and_restart_for_another_deck(write_deck, tmp_path):
    """Proof of play: ``cycle`` counts the loops of one deck (by id) since the kiosk started,
    across new versions of it and restarts of the loop; another deck starts from 1 again;
    ``loops`` (``--cycles``, ``stopped``) counts them all."""
    session, source, events = start(write_deck)
    play_loops(session, source, 2)
    newer = load_deck(write_deck(DECK.replace("title: A}", "title: A again}")), today=dt.date(2026, 1, 1))
    session.replace_deck(newer.deck, newer.folder)
    play_loops(session, source, 1)  # the swap comes at a slide change
    assert ("deck_reloaded" in events.kinds()) and session.deck.slides[0].title == "A again"
    session.hold(HoldReason.CLOSED)  # closed for the night, open again: the loop restarts
    session.hold(HoldReason.CLOSED, False)
    play_loops(session, source, 1)
    other = load_deck(write_deck(DECK.replace("id: s,", "id: other,")), today=dt.date(2026, 1, 1))
    session.replace_deck(other.deck, other.folder, now=True)
    play_loops(session, source, 2)
    assert cycle_events(events) == [(1, "s"), (2, "s"), (3, "s"), (4, "s"), (1, "other"), (2, "other")]
    assert session.loops == 6 and session.cycles == 2


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["loop", "reload", "restart", "other"]), max_size=12))
def test_cycle_numbers_of_a_deck_never_go_back(tmp_path_factory, steps):
    """Whatever reloads, restarts and switches happen, each deck's ``cycle`` numbers rise by one
    from 1 between switches to another deck, and the loops in all are the number of ``cycle`` events."""
    folder = tmp_path_factory.mktemp("deck")
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    session, source, events = start(lambda text: write_text(folder, text))
    ids = ["s"]
    for step in steps:
        if step == "loop":
            play_loops(session, source, 1)
        elif step == "restart":
            session.restart()
        else:
            if step == "other":
                ids.append("t" if ids[-1] == "s" else "s")
            text = DECK.replace("id: s,", f"id: {ids[-1]},")
            session.set_deck(load_deck(write_text(folder, text), today=dt.date(2026, 1, 1)).deck, folder,
                             event="deck_reloaded")
    seen = cycle_events(events)
    assert len(seen) == session.loops
    assert all(count == 1 for count, _ in seen[:1])
    for (count, _), (before, _) in zip(seen[1:], seen, strict=False):
        assert count in (before + 1, 1)  # on, or from 1 for a deck that took over meanwhile
    if "other" not in steps:
        assert [count for count, _ in seen] == list(range(1, len(seen) + 1))


def write_text(folder, text: str):
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- what is written
def written_kinds(path) -> list[tuple[str, str | None]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(line["event"], line.get("slide")) for line in lines]


def test_after_play_the_loops_lines_wait_for_its_start_and_a_wake_up_writes_none(write_deck, tmp_path):
    """Play resumes the loop from where the visitor left it (the helpline): that is not written;
    from the loop's next start it is again. While a touch keeps it awake, nothing of the loop is."""
    result = load_deck(write_deck(DECK), today=dt.date(2026, 1, 1))
    source, log = Source(), EventLog(tmp_path / "events.jsonl")
    session = Session(result.deck, result.folder, log, Clock(1.0, None, source=source))
    source.now = 1.0
    session.go_to("help")
    session.choose_language("cy")
    session.resume()
    assert session.private
    play_loops(session, source, 1)  # help was the loop's last slide: the next is its start
    assert not session.private
    source.now = session.deadline()
    session.tick()
    assert written_kinds(tmp_path / "events.jsonl") == [
        ("deck_loaded", None), ("slide_shown", "a"), ("cycle", None), ("slide_shown", "a"), ("slide_shown", "b")]
    session.hold(HoldReason.CLOSED)
    session.woken_by_touch()
    session.hold(HoldReason.CLOSED, False)  # woken: the loop starts again, because of a visitor
    play_loops(session, source, 2)
    assert session.private
    session.hold(HoldReason.CLOSED)  # the wake-up is over
    session.hold(HoldReason.CLOSED, False)  # opening time
    assert not session.private
    log.close()
    assert written_kinds(tmp_path / "events.jsonl")[5:] == [("slide_shown", "a")]


# --------------------------------------------------------------------------- the staff's pause
def test_a_visitor_s_session_ends_while_the_staff_pause_holds_the_loop(write_deck):
    """The staff paused the loop on a slide; a passer-by touched, read another slide in Welsh with
    larger text and left: one idle timeout after their last touch the controls close and the
    view goes back to the staff's slide in the deck's first language with normal text, as an
    idle return, and the loop stays paused."""
    session, source, events = start(write_deck)
    session.hold(HoldReason.STAFF_PAUSE)  # on a
    source.now = 3.0
    session.next()
    session.choose_language("cy")
    session.toggle_large_text()
    source.now = 5.0
    session.touch()
    assert session.paused and shown(session) == ("b", "") and session.language == "cy"
    assert session.deadline() == 5.0 + 45
    before = len(events.seen)
    source.now = 49.9
    session.tick()
    assert session.paused and shown(session) == ("b", ""), "not yet"
    source.now = 50.0
    changes = session.tick()
    assert changes.paused and not session.paused, "the controls close"
    assert shown(session) == ("a", "") and session.language == "en" and not session.large_text
    assert events.kinds(before) == ["idle_return", "slide_shown"]
    assert session.mode is Mode.HELD and session.deadline() is None, "still paused: nothing more to do"
    source.now = 500.0
    session.tick()
    assert shown(session) == ("a", "")


def test_the_session_ends_where_the_staff_moved_the_paused_loop(write_deck):
    session, source, _ = start(write_deck)
    session.hold(HoldReason.STAFF_PAUSE)
    source.now = 1.0
    session.next()  # the staff's Next in their menu
    session.staff_moved()
    source.now = 2.0
    session.next()  # a passer-by swipes on, then opens a sign
    session.open_page("p2")
    source.now = 2.0 + 45
    session.tick()
    assert shown(session) == ("b", "") and not session.paused


def test_the_neutral_screen_ends_while_the_staff_pause_holds_the_loop(write_deck):
    """A quick exit while the staff's pause holds the loop: the neutral screen ends one idle
    timeout later, back on the staff's slide, as it would in the loop."""
    session, source, _ = start(write_deck)
    session.hold(HoldReason.STAFF_PAUSE)
    source.now = 3.0
    session.next()
    session.quick_exit()
    assert session.neutral
    assert session.deadline() == 3.0 + 45
    source.now = 3.0 + 45
    session.tick()
    assert not session.neutral and not session.paused and shown(session) == ("a", "")
