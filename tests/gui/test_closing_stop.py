"""Closing time ends a headless run with ``--cycles`` or ``--frames`` with exit 1, however early it
comes (README, *Closed at the start*): also while the first slide is laid out, when Qt's event
loop does not run yet and ``exit()`` does nothing by itself.

The start of a run turns the loop by hand (:func:`kiosk.qt.startup.lay_out`); here that is one
``processEvents()``, with the opening hours' timer made due on a fake wall clock, so the order of
events is fixed, not left to the speed of start-up.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.player.hours import OpeningHours
from kiosk.player.options import PlayOptions
from kiosk.player.stopping import DONE, NOT_DONE, Stopping
from kiosk.qt.player import _close_signal_pipe, _quit_on_signals, _stop_by_signal, _stop_when_closed, frames_summary

#: As the ``closed_player`` fixture's hours.
WEEKDAYS_9_TO_5 = {d: ["09:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture
def headless_run(closed_player):
    """A headless run with ``--cycles 300``, opening hours 09:00-17:00, the player open at 16:59."""
    player, opening, wall, _ = closed_player
    wall.now = wall.now.replace(hour=16, minute=59)
    with player.qtbot.waitSignal(opening.closedChanged, timeout=3000):
        opening.timer.start(0)
    assert not opening.closed
    options = PlayOptions(mode="headless", cycles=300, hours=OpeningHours.parse(WEEKDAYS_9_TO_5, ZoneInfo("Europe/London")),
                          hours_where="/etc/kiosk/settings.toml:2", at=wall.now)
    stopping = Stopping()
    yield player, opening, wall, options, stopping
    _close_signal_pipe()


def run_loop(stopping: Stopping) -> int:
    """Run Qt's event loop as :func:`kiosk.qt.player.play` does, to its end; its exit code."""
    app = QCoreApplication.instance()
    _quit_on_signals(app, stopping)
    return app.exec()


def test_closing_time_while_the_first_slide_is_laid_out_ends_the_run_with_exit_1(headless_run, caplog):
    player, opening, wall, options, stopping = headless_run
    app = QCoreApplication.instance()
    _stop_when_closed(opening, options, SimpleNamespace(wall=wall), player.backend, app, stopping)
    wall.now = wall.now.replace(hour=17, minute=0)
    opening.timer.start(0)
    with caplog.at_level(logging.WARNING, logger="kiosk.player"):
        QCoreApplication.processEvents()  # as lay_out does, before the event loop runs
    assert opening.closed
    assert stopping.reason == "closed by the opening hours in /etc/kiosk/settings.toml:2"
    [said] = [record.getMessage() for record in caplog.records if record.name == "kiosk.player"]
    assert said.startswith("closed now by the opening hours in /etc/kiosk/settings.toml:2 (Monday 30 November "
                           "2026, 17:00 Europe/London time)")
    assert "it stops here, after 0 of 300 loops" in said
    assert run_loop(stopping) == NOT_DONE == stopping.code


def test_hours_closed_before_the_player_looks_end_the_run_with_exit_1(headless_run):
    player, opening, wall, options, stopping = headless_run
    wall.now = wall.now.replace(hour=17, minute=0)
    with player.qtbot.waitSignal(opening.closedChanged, timeout=3000):
        opening.timer.start(0)  # closed before _stop_when_closed listens: its own look at the start says so
    _stop_when_closed(opening, options, SimpleNamespace(wall=wall), player.backend,
                      QCoreApplication.instance(), stopping)
    QCoreApplication.processEvents()
    assert stopping.code == NOT_DONE
    assert run_loop(stopping) == NOT_DONE


def test_a_signal_before_the_loop_runs_still_ends_it_with_exit_0(headless_run):
    *_, stopping = headless_run
    _stop_by_signal("SIGTERM", stopping)
    assert run_loop(stopping) == DONE and stopping.reason == "signal SIGTERM"


def test_the_frames_line_never_names_a_folder_that_is_not_there(tmp_path):
    made = tmp_path / "frames"
    assert frames_summary(0, made, []) == f"no frame was written, so the folder {made} was not made"
    made.mkdir()
    assert frames_summary(0, made, []) == f"no frame was written to {made}"
    assert frames_summary(3, made, []) == f"3 frames written to {made}"
