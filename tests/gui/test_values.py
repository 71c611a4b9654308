"""Values stay in ranges a kiosk can live with, and no value can overflow a timer.

The checker bounds dwell and duration (3 s to a day) and the idle timeout (10 s to an hour);
the player must still never raise whatever a deck, the settings or the command line hold (a
QTimer holds at most 2^31-1 ms, about 24.8 days), so the Qt tests below feed it values the
checker refuses, as a deck model built past the checker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.gui import FakeClock
from kiosk.cli import build_parser
from kiosk.deck import load_deck
from kiosk.deck.model import DWELL_RANGE, IDLE_RANGE
from kiosk.events import EventLog
from kiosk.player.clock import Clock
from kiosk.player.hours import OpeningHours
from kiosk.qt.timers import MAX_TIMER_MS, clamp_ms, timer_ms

UTC = dt.UTC
DECK = """\
deck: {id: values, title: Values, languages: [en]%s}
slides:
  - {id: a, type: title, title: A%s}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def write(tmp_path, deck_extra: str = "", slide_extra: str = ""):
    folder = tmp_path / "values"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(DECK % (deck_extra, slide_extra), encoding="utf-8")
    return folder


def messages(result) -> list[str]:
    return [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in result.problems]


# --------------------------------------------------------------------------- the checker
@pytest.mark.parametrize("deck_extra, slide_extra, expected", [
    ("", ", duration: 2200000",
     ("3:46: error: slide 'a': field 'duration': 2200000 seconds (about 25 days) is too long: it must be from 3 "
      "to 86400 seconds (a day), so the loop still moves on; for a poster, make a one-slide deck")),
    (", idle_timeout: 9999999", "",
     ("1:66: error: field 'deck.idle_timeout': 9999999 seconds (about 116 days) is too long: it must be from 10 "
      "to 3600 seconds (an hour), so a page a visitor opened is not left on show to the next passer-by")),
    (", dwell: 0.01", "",
     ("1:59: error: field 'deck.dwell': 0.01 seconds is too short: it must be from 3 to 86400 seconds (a day), "
      "so it can be read and the screen never flashes (WCAG 2.3.1)")),
    (", idle_timeout: 5", "",
     ("1:66: error: field 'deck.idle_timeout': 5 seconds is too short: it must be from 10 to 3600 seconds "
      "(an hour), so a visitor reading a page is not sent back to the loop mid-sentence")),
], ids=["dwell-huge", "idle-huge", "dwell-strobe", "idle-short"])
def test_the_checker_names_the_allowed_range(tmp_path, deck_extra, slide_extra, expected):
    result = load_deck(write(tmp_path, deck_extra, slide_extra))
    assert not result.ok
    assert messages(result) == [expected]


def test_the_bounds_themselves_are_allowed(tmp_path):
    low, high = DWELL_RANGE
    for dwell, idle in ((low, IDLE_RANGE[0]), (high, IDLE_RANGE[1])):
        result = load_deck(write(tmp_path, f", dwell: {dwell:g}, idle_timeout: {idle:g}", f", duration: {dwell:g}"))
        assert result.ok, messages(result)


# --------------------------------------------------------------------------- the one helper for timers
@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_every_wait_becomes_an_interval_a_qtimer_holds(seconds, scale):
    ms = timer_ms(seconds, scale)
    assert isinstance(ms, int) and 0 <= ms <= MAX_TIMER_MS


def test_timer_ms_rounds_up_and_divides_by_the_time_scale():
    assert timer_ms(12.0) == 12_000 and timer_ms(12.0, 24) == 500 and timer_ms(0.0001) == 1
    assert timer_ms(-5) == 0 and timer_ms(86_400, 0.01) == MAX_TIMER_MS and timer_ms(9_999_999) == MAX_TIMER_MS
    assert clamp_ms(float("nan")) == MAX_TIMER_MS and clamp_ms(2**40) == MAX_TIMER_MS


# --------------------------------------------------------------------------- the player, past the checker
def _past_the_checker(tmp_path, **deck_fields):
    """A loaded deck with ``deck_fields`` set on its ``deck:`` section without validation."""
    result = load_deck(write(tmp_path))
    assert result.ok
    info = result.deck.deck.model_copy(update=deck_fields)
    return dataclasses.replace(result, deck=result.deck.model_copy(update={"deck": info}))


def test_a_touch_with_a_huge_idle_timeout_does_not_raise(make_player, tmp_path):
    player = make_player(_past_the_checker(tmp_path, idle_timeout=9_999_999.0))
    player.tap_background()  # raised OverflowError in the timer before
    assert player.backend.paused is True
    assert player.wait_ms() == MAX_TIMER_MS
    # The longest wait a timer holds ends before the idle timeout: the kiosk waits again.
    player.wake_at(MAX_TIMER_MS / 1000 + 1)
    assert player.backend.paused is True and player.wait_ms() > 0
    player.wake_at(9_999_999.0 + 1)
    assert player.backend.paused is False
    assert [e["after"] for e in player.heard("idle_return")] == [9_999_999.0]


def test_a_huge_dwell_starts_and_waits_again(make_player, tmp_path):
    player = make_player(_past_the_checker(tmp_path, dwell=2_200_000.0))
    assert player.wait_ms() == MAX_TIMER_MS
    player.wake_at(MAX_TIMER_MS / 1000 + 1)  # woken early: still the first slide
    assert player.view["id"] == "a" and player.wait_ms() > 0
    player.wake_at(2_200_000.0)
    assert player.view["id"] == "help"


def test_a_tiny_time_scale_never_overflows_the_timer(qapp, tmp_path):
    from kiosk.qt.backend import Backend
    result = load_deck(write(tmp_path, ", dwell: 86400"))
    clock = FakeClock()
    clock.scale = 0.01  # --time-scale 0.01: a day of deck time is 100 days of real time
    backend = Backend(result.deck, result.folder, EventLog(None), clock=clock, transition_ms=0)
    try:
        from PySide6.QtCore import QTimer
        assert backend.findChildren(QTimer)[0].interval() == MAX_TIMER_MS
    finally:
        backend.stop()


# --------------------------------------------------------------------------- --at: restart and opening hours
def test_a_restart_keeps_the_at_clock(qapp, tmp_path):
    """The loop restarted at opening time judges the schedule by the --at clock, not the real one."""
    from kiosk.qt.backend import Backend
    folder = write(tmp_path, slide_extra=', show_until: "2025-10-26 01:30"')
    result = load_deck(folder, today=dt.date(2025, 1, 1))
    wall = Clock(at=dt.datetime(2025, 10, 26, 0, 0, tzinfo=UTC), source=FakeClock()).wall  # 01:00 BST
    backend = Backend(result.deck, result.folder, EventLog(None), clock=FakeClock(), transition_ms=0, wall=wall)
    try:
        assert backend.view["id"] == "a"
        backend.stop()
        backend.restart()
        assert backend.navigator.wall() == wall() and backend.view["id"] == "a"
    finally:
        backend.stop()


def test_opening_hours_follow_the_at_clock_at_its_speed(qapp):
    from kiosk.qt.hours import Opening

    class Player:
        def hold(self, reason, on: bool = True) -> None: ...

    deck_time = FakeClock()
    wall = Clock(at=dt.datetime(2026, 10, 19, 8, 0, tzinfo=UTC), source=deck_time).wall  # Monday 09:00 BST
    hours = OpeningHours.parse({"mon": ["10:00-17:00"]}, "Europe/London")
    opening = Opening(hours, Player(), EventLog(None), now=wall, power=lambda on: [], rate=24)
    try:
        assert opening.closed  # by the --at clock (the real one says otherwise on most days)
        assert opening.timer.interval() == 3600 * 1000 // 24 + 1  # an hour of wall time, 24 times faster
        deck_time.now = 3600.0
        opening.update()
        assert not opening.closed
    finally:
        opening.timer.stop()


# --------------------------------------------------------------------------- the command line
@pytest.mark.parametrize("args, words", [
    (["--time-scale", "nan"], "'nan': give a number from 0.01 to 1000"),
    (["--time-scale", "1e300"], "'1e300': give a number from 0.01 to 1000"),
    (["--time-scale", "0"], "'0': give a number from 0.01 to 1000"),
    (["--cycles", "9" * 5000], "is not a whole number from 1 to 1,000,000"),
    (["--cycles", "²"], "is not a whole number from 1 to 1,000,000"),
])
def test_numeric_options_out_of_range_are_refused_plainly(args, words, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["run", *args])
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and words in err and "Traceback" not in err


def test_settings_numbers_have_ranges_and_are_numbers(tmp_path):
    from kiosk import settings
    file = tmp_path / "settings.toml"
    file.write_text("wake_minutes = true\nstaff_idle_timeout = 1e9\ndeck_settle = nan\n", encoding="utf-8")
    effective = settings.load(file)
    assert [p.line for p in effective.problems] == [1, 2, 3]
    chosen = effective.settings
    assert (chosen.wake_minutes, chosen.staff_idle_timeout, chosen.deck_settle) == (5, 60, 2)


def test_kiosk_run_on_a_one_slide_deck_ends_after_its_cycles(tmp_path):
    """The one-slide case: ``kiosk run --headless --cycles 1`` ends, with one cycle logged."""
    folder = tmp_path / "one-slide"
    folder.mkdir()
    (folder / "deck.yaml").write_text('deck: {id: t, title: T, languages: [en]}\nslides:\n'
                                      '  - {id: help, type: helpline, phone: "08000 121 700"}\n', encoding="utf-8")
    log = tmp_path / "e.jsonl"
    env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", str(folder), "--headless", "--cycles", "1",
                           "--time-scale", "24", "--frames", str(tmp_path / "frames"), "--log-json", str(log)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["cycles"] for e in events if e["event"] == "cycle"] == [1]
    assert [e["slide"] for e in events if e["event"] == "slide_shown"] == ["help"]
    assert events[-1]["event"] == "stopped" and events[-1]["reason"].startswith("--cycles 1")
    assert (tmp_path / "frames" / "01-help.png").is_file()
