"""Nothing a visitor does reaches a file the kiosk writes; the hourly counts still count it.

README, *Visitor counts*: "not … what one visitor did after what, any time more exact than the
hour". A real player is driven headless (touches, swipes, pages, languages, larger text, high
contrast, Play, the quick exit and its neutral screen, the idle return, a wake-up while closed);
then the event log (the ``--log-json`` file), ``kiosk.log`` and stderr are read: they hold the
kiosk's own lines only (the deck loaded, the loop's slides as it plays by itself, proof of play),
never a line that tells what a visitor opened or when, while the events the hourly counts observe
(:meth:`kiosk.events.EventLog.notify`) still count the visit.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from helpers.gui import pick_language
from kiosk import events, health, logs
from kiosk.deck import load_deck
from kiosk.events import VISITOR_EVENTS, visitor_caused
from kiosk.stats import store
from kiosk.stats.record import Recorder

#: The kinds the file may hold in these runs: the kiosk's own lines.
KIOSK_OWN = {"deck_loaded", "slide_shown", "cycle", "closed", "opened", "display", "stopped"}
#: kiosk.log's lines in these runs: the start and the deck loaded, nothing else.
KIOSK_LOG_LINE = re.compile(r"^\S+ \S+ INFO (kiosk started \(pid \d+\)|deck '[\w-]+' loaded: \d+ slides from .+)$")


@pytest.fixture
def mirrored(monkeypatch, tmp_path):
    """Players started after it log as a full-screen kiosk does: ``kiosk.log`` in ``tmp_path/logs``,
    and their events mirrored into it (:class:`kiosk.logs.MirroredEventLog`). What earlier tests
    in this process reported to the staff (:mod:`kiosk.health`) is cleared first: kiosk.log
    repeats it at its start."""
    health.clear()
    logs.start(tmp_path / "logs").close()
    monkeypatch.setattr(events, "EventLog", logs.MirroredEventLog)
    yield tmp_path / "logs" / logs.MESSAGE_LOG
    logs.stop()


def loop_order(player) -> list[tuple[str, str | None]]:
    """The loop's positions due now, as (slide id, page id or None), in loop order."""
    slides = player.deck.slides
    return [(slides[p.slide].id if p.slide >= 0 else "", p.page) for p in player.backend.navigator.due_positions()]


def assert_only_the_loops_own_lines(player) -> None:
    """The event log holds no line a visitor caused, and its slides follow the loop's order, so
    no jump in them tells where a visitor left the kiosk (Play resumes the loop from there)."""
    written = player.events()
    assert {e["event"] for e in written} <= KIOSK_OWN, written
    assert not [e for e in written if visitor_caused(e["event"], e)], written
    order = loop_order(player)
    previous = None
    for line in written:
        if line["event"] == "deck_loaded":
            previous = None
        elif line["event"] == "slide_shown":
            here = (line["slide"], line["page"])
            if previous is not None and here != order[0]:  # the loop's start may follow a gap, nothing else
                assert order.index(here) == order.index(previous) + 1, (previous, here, written)
            previous = here


def counts(player, tmp_path) -> dict[str, list]:
    """The hourly counts of what the observers were told, written as the kiosk writes them."""
    path = tmp_path / "stats.db"
    recorder = Recorder(path, clock=lambda: 0.0, wall=lambda: dt.datetime(2026, 12, 6, 19, 0, tzinfo=dt.UTC),
                        interval=None)
    for told in player.heard():
        recorder.observe(told["event"], {k: v for k, v in told.items() if k != "event"})
    recorder.close()
    return {table: [dict(row) for row in store.read(path, table)] for table in store.TABLES}


def test_a_visit_leaves_nothing_in_the_files_and_is_counted(mirrored, make_player, tmp_path, capfd):
    player = make_player()
    timeout = player.deck.deck.idle_timeout
    player.clock.now = 1.0
    player.tap_background()
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.swipe(-400)
    player.click_and_settle("next")
    player.click_and_settle("previous")
    player.click_and_settle("signs")
    player.click_and_settle("tile-isolation")
    player.click_and_settle("back")
    pick_language(player, "pl")
    player.click("largeText")
    player.click("highContrast")
    player.click_and_settle("getHelp")
    player.click("resume")  # Play: the loop goes on from the helpline slide
    player.wake_at(player.backend.navigator.next_deadline())
    assert_only_the_loops_own_lines(player)  # where the loop went on from tells where the visitor was
    player.clock.now = last_touch = player.clock.now + 1
    player.tap_background()
    player.click("quickExit")  # the neutral screen
    assert player.backend.neutral
    player.wake_at(last_touch + timeout + 0.01)  # the idle return
    assert not player.backend.neutral and not player.backend.paused
    for _ in range(len(loop_order(player)) + 1):  # a whole loop: its lines are written again
        player.wake_at(player.backend.navigator.next_deadline())
    written = player.events()
    assert_only_the_loops_own_lines(player)
    assert "cycle" in [e["event"] for e in written], "proof of play goes on"
    assert written[-1]["event"] == "slide_shown" and written[-1]["trigger"] == "auto"
    assert not any(e.get("slide") == "help" for e in written), "the helpline opened by touch is not written"
    text = mirrored.read_text(encoding="utf-8")
    assert all(KIOSK_LOG_LINE.match(line) for line in text.splitlines()), text
    err = capfd.readouterr().err
    assert "help" not in err and "pl" not in err.split() and "touch" not in err, err

    # What the counts were told: all of it, with no time.
    heard = [e["event"] for e in player.heard()]
    assert heard.count("touch") >= 10 and heard.count("loop_resumed") == 1 and heard.count("idle_return") == 1
    assert {"slide": "help", "page": None, "trigger": "touch", "type": "helpline", "qr": True, "event": "slide_shown"} \
        in player.heard("slide_shown")
    assert player.heard("language_chosen") == [{"event": "language_chosen", "language": "pl"}]
    table = counts(player, tmp_path)
    assert sum(row["interactions"] for row in table["hours"]) == 2  # before Play, and after it
    assert sum(row["idle_returns"] for row in table["hours"]) == 1
    assert [(row["language"], row["chosen"]) for row in table["languages"]] == [("pl", 1)]
    opened = {(row["slide"], row["page"]): row["touch_opened"] for row in table["views"] if row["touch_opened"]}
    assert opened[("help", "")] == 1 and opened[("spot-the-signs", "isolation")] == 1
    assert all(row["hour"].endswith(":00") for row in table["views"]), "the hour, never finer"


def test_a_wake_up_while_closed_reaches_no_file(mirrored, closed_player):
    player, opening, wall, power_calls = closed_player
    before = player.events()
    player.sync()
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.click_item(player.find("closedCover"))
    player.tap_background()
    player.click_and_settle("getHelp")
    player.wake_at(player.clock.now + player.deck.deck.idle_timeout + 0.01)
    for _ in range(3):
        player.wake_at(player.backend.navigator.next_deadline())
    assert player.events() == before, "the wake-up, what was opened and the loop it started: none written"
    wall.now += dt.timedelta(minutes=5)
    with player.qtbot.waitSignal(opening.timer.timeout, timeout=3000):
        opening.timer.start(0)
    assert opening.closed and power_calls == [False, True, False]
    assert player.events() == before, "nor the closing at its end"
    assert [e["event"] for e in player.heard() if e["event"] in ("woken", "closed", "display")] == \
        ["closed", "display", "woken", "display", "closed", "display"]
    text = mirrored.read_text(encoding="utf-8")
    assert "woken" not in text and "touch" not in text and text.count("closing time") == 1, text
    assert opening.open_by_hours is False, "the fleet status record says closed while woken by a touch"


def test_visitor_events_are_never_written_whoever_writes_them(tmp_path):
    """The event log itself diverts what a visitor causes to its observers only."""
    log = logs.MirroredEventLog(tmp_path / "events.jsonl")
    told = []
    log.add_observer(lambda event, fields: told.append(event))
    for event in sorted(VISITOR_EVENTS):
        log.write(event, count=1, language="pl", after=45, minutes=5)
    log.write("slide_shown", slide="help", page=None, trigger="touch")
    log.write("slide_shown", slide="welcome", page=None, trigger="idle")
    log.write("screen_on", trigger="touch")
    log.write("screen_on", trigger="time")
    log.close()
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    assert len(lines) == 1 and '"screen_on"' in lines[0] and '"time"' in lines[0], lines
    assert told == [*sorted(VISITOR_EVENTS), "slide_shown", "slide_shown", "screen_on", "screen_on"]


# --------------------------------------------------------------------------- any sequence of actions
#: Each visitor action, through the backend's QML slots (what the controls call): backend, seconds.
SLOTS = {
    "tap": lambda b, s: b.tap(), "next": lambda b, s: b.next(), "previous": lambda b, s: b.previous(),
    "signs": lambda b, s: b.spotTheSigns(), "tile": lambda b, s: b.openPage("p1"), "back": lambda b, s: b.back(),
    "help": lambda b, s: b.getHelp(), "language": lambda b, s: b.setLanguage(["pl", "ar", "en"][int(s) % 3]),
    "large": lambda b, s: b.toggleLargeText(), "contrast": lambda b, s: b.toggleHighContrast(),
    "play": lambda b, s: b.resume(), "quick_exit": lambda b, s: b.quickExit(),
}
ACTIONS = (*SLOTS, "wait", "idle")


def act(player, action: str, seconds: float) -> None:
    """One visitor action half a second after the last, or ``seconds`` passing ("wait"), or time
    passing until the loop's next move ("idle")."""
    player.clock.now += 0.5
    if action in SLOTS:
        SLOTS[action](player.backend, seconds)
    elif action == "wait":
        player.wake_at(player.clock.now + seconds)
    else:
        player.wake_at(max(player.clock.now, player.backend.navigator.next_deadline()))


#: A small deck, so that each example is quick: a loop of five positions, three languages.
SMALL = """
    deck: {id: small, title: Small, dwell: 10, idle_timeout: 45, languages: [en, pl, ar]}
    slides:
      - {id: a, type: title, title: A}
      - id: signs
        type: signs
        title: Spot the signs
        pages:
          - {id: p1, title: One}
          - {id: p2, title: Two}
      - {id: help, type: helpline, phone: "08000 121 700"}
"""


@settings(max_examples=10, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.floats(0.0, 60.0)), min_size=1, max_size=15))
def test_no_sequence_of_visitor_actions_reaches_the_event_log(make_player, write_deck, steps):
    player = make_player(load_deck(write_deck(SMALL)))
    for action, seconds in steps:
        act(player, action, seconds)
    for _ in range(len(loop_order(player)) + 2):  # let the loop come round to its start
        player.wake_at(max(player.clock.now, player.backend.navigator.next_deadline()))
    assert_only_the_loops_own_lines(player)
    if any(action in ("tap", "next", "previous", "signs", "help") for action, _ in steps):
        assert player.heard("touch"), "the counts still see the visit"
