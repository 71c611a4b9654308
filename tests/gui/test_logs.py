"""Log files that stay small, a full disk or a lost deck folder that never stop the kiosk."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys

import pytest

from helpers import BUNDLED
from kiosk import health, logs
from kiosk.events import EventLog

#: No staff-page problems or log handlers left over from another test.
pytestmark = pytest.mark.usefixtures("fresh_health")


def test_logs_in_the_folder_and_rotated(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    events = logs.start(tmp_path / "logs")
    for number in range(400):
        events.write("slide_shown", slide=f"s{number}", page=None, trigger="auto", type="text")
        logs.logger.info("message %d", number)
    events.close()
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["events.jsonl", *(f"events.jsonl.{n}" for n in range(1, 6)),
                     "kiosk.log", *(f"kiosk.log.{n}" for n in range(1, 6))]
    assert all(p.stat().st_size <= 2000 for p in (tmp_path / "logs").iterdir())
    newest = [json.loads(line) for line in (tmp_path / "logs" / "events.jsonl").read_text().splitlines()]
    assert newest[-1]["slide"] == "s399"
    assert health.problems() == []


def test_full_disk_is_reported_once_and_never_raises(tmp_path, capsys):
    """/dev/full fails every write with ENOSPC, as a full disk does."""
    events = EventLog("/dev/full", on_error=logs.log_failure)
    for _ in range(50):
        events.write("slide_shown", slide="welcome")
    events.close()
    err = capsys.readouterr().err
    assert err.count("cannot write the log /dev/full") == 1
    assert "(the disk is full)" in err and "free some disk space" in err
    [problem] = health.problems()
    assert "/dev/full" in problem


def test_full_disk_for_the_message_log(tmp_path, capsys):
    handler = logs.SafeRotatingFileHandler("/dev/full", maxBytes=0)
    logger = logging.getLogger("kiosk.test-full")
    logger.addHandler(handler)
    try:
        for number in range(20):
            logger.warning("message %d", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    err = capsys.readouterr().err
    assert err.count("cannot write the log /dev/full") == 1 and "Traceback" not in err


def test_log_folder_that_cannot_be_made(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    events = logs.start(blocker / "logs")
    events.write("started")  # writes nowhere, silently
    events.close()
    err = capsys.readouterr().err
    assert f"cannot write the log {blocker / 'logs'} (" in err and "log_folder" in err
    assert len(health.problems()) == 1  # the folder, said once: neither of its files can be written


def test_kiosk_plays_on_with_an_unwritable_log_folder(tmp_path):
    """The real command: --log-folder under a file (cannot be made); it still plays a cycle."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--log-folder", str(blocker / "logs"), "--frames", str(tmp_path / "frames"),
                           str(BUNDLED)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("cannot write the log") == 1  # the folder, once (README: said once)
    assert "frames written" in proc.stdout


def test_losing_the_deck_folder_keeps_playing(make_player, tmp_path, qtbot):
    """The whole deck folder deleted while playing: the deck watch reports it, the loop goes on."""
    from kiosk.deck import load_deck
    from kiosk.qt.watch import watch_deck

    folder = tmp_path / "decks" / "freedom-week-2019"
    shutil.copytree(BUNDLED, folder)
    player = make_player(load_deck(folder))
    watcher = watch_deck(player.backend, folder, settle_ms=50)
    shutil.rmtree(folder)
    qtbot.waitUntil(lambda: bool(player.backend.deckProblems), timeout=10000)
    assert any("was removed" in problem for problem in player.backend.deckProblems)
    with qtbot.waitSignal(watcher.destroyed, timeout=3000):  # (so the backend has one timer again)
        watcher.deleteLater()
    # Still playing the deck it had: time passes and the next slide comes.
    before = player.view["id"]
    with qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.wake_at(player.backend.navigator.next_deadline())
    assert player.view["id"] != before




def test_kiosk_log_tells_loads_rejections_hours_staff_and_the_stop(tmp_path):
    events = logs.start(tmp_path / "logs")
    events.write("deck_loaded", deck="harvest", slides=4, folder="/decks/harvest")
    events.write("deck_rejected", problems=["deck.yaml:3:5: error: unknown slide type 'txet'"])
    events.write("closed")
    events.write("display", power="off", command="xset dpms force off", ok=False,
                 detail="server does not have extension for dpms option")
    events.write("opened")
    events.write("staff_pin_failed", count=2)
    events.write("slide_shown", slide="welcome", page=None, trigger="touch", type="title")
    events.write("stopped", cycles=3, frames=0, reason="staff chose Exit")
    events.close()
    logs.stop()
    text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    for expected in ("INFO deck 'harvest' loaded: 4 slides from /decks/harvest",
                     "WARNING a changed deck was rejected; the last good version keeps playing: deck.yaml:3:5",
                     "INFO closing time", "WARNING screen power off: xset dpms force off: failed (server does not",
                     "INFO opening time", "INFO kiosk stopped (staff chose Exit) after 3 complete loops"):
        assert expected in text, expected
    assert "welcome" not in text and "PIN" not in text, "nothing a visitor did reaches kiosk.log"
    written = (tmp_path / "logs" / "events.jsonl").read_text(encoding="utf-8")
    assert "welcome" not in written and "staff_pin_failed" not in written, "nor the event log"


def test_the_real_command_logs_why_it_stopped(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--log-folder", str(tmp_path / "logs"), str(BUNDLED)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "deck 'freedom-week-2019' loaded: 16 slides" in text
    assert "kiosk stopped (--cycles 1: the loops asked for were played) after 1 complete loop" in text
    stopped = [json.loads(line) for line in (tmp_path / "logs" / "events.jsonl").read_text().splitlines()][-1]
    assert stopped["event"] == "stopped" and stopped["reason"].startswith("--cycles 1")
