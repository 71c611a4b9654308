"""The visitor counts on a full disk (kiosk.stats.record): the right reason and advice, nothing lost.

SQLite tells a full disk as SQLITE_FULL ("database or disk is full") or, when the disk fills
while it grows its shared-memory or write-ahead file, as SQLITE_IOERR ("disk I/O error"); the
free space on the disk (os.statvfs) tells the second apart from a failing disk. The counts a
write could not take stay in memory, are shown on the staff page as not saved, and are written
at the next write that succeeds.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from datetime import UTC
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import health
from kiosk.qt.staff import visitor_counts
from kiosk.stats import record, store
from kiosk.stats.record import Recorder, counts_advice

AT = dt.datetime(2026, 10, 19, 14, 30, tzinfo=UTC)
IOERR = "disk I/O error"


def _statvfs(free: int):
    return lambda path: SimpleNamespace(f_bavail=free // 4096, f_frsize=4096)


def _failing(error: Exception):
    def write(path, pending, *, keep_after=None):
        raise error
    return write


@pytest.fixture(autouse=True)
def _staff_page():
    health.clear()
    yield
    health.clear()


@pytest.mark.parametrize("error", [sqlite3.OperationalError(IOERR), sqlite3.OperationalError("database or disk is full"),
                                   OSError(28, "No space left on device")])
def test_a_full_disk_is_told_to_free_space_whatever_sqlite_calls_it(tmp_path, monkeypatch, error):
    monkeypatch.setattr(os, "statvfs", _statvfs(8192))
    reason, fix = counts_advice(error, tmp_path / "stats.db")
    assert reason == "the disk is full" and fix.startswith("free some disk space")


def test_an_io_error_with_room_on_the_disk_is_a_failing_disk_not_a_wrong_file(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "statvfs", _statvfs(10 << 30))
    reason, fix = counts_advice(sqlite3.OperationalError(IOERR), tmp_path / "stats.db")
    assert IOERR in reason and "check the disk" in fix and "new file name" not in fix
    assert record.disk_full(sqlite3.OperationalError("database or disk is full"))  # SQLITE_FULL needs no look


def test_counts_a_full_disk_refuses_are_kept_shown_as_not_saved_and_written_later(tmp_path, monkeypatch):
    wall = AT
    recorder = Recorder(tmp_path / "stats.db", wall=lambda: wall, interval=None)
    monkeypatch.setattr(os, "statvfs", _statvfs(8192))
    monkeypatch.setattr(store, "write", _failing(sqlite3.OperationalError(IOERR)))
    for _ in range(7):
        recorder.observe("touch", {})
        recorder.observe("loop_resumed", {})
    assert recorder.flush() is False
    [problem] = health.problems()
    assert "the disk is full" in problem and "free some disk space" in problem
    assert "give a new file name" not in problem and IOERR not in problem
    assert recorder.unsaved == "the disk is full" and recorder.totals() == (7, 7)
    line = visitor_counts(recorder.totals, lambda: recorder.unsaved)
    assert line.startswith("5 today, 5 this week") and "not saved: the disk is full" in line
    recorder.observe("touch", {})  # counting goes on
    recorder.observe("loop_resumed", {})
    assert recorder.flush() is False and len(health.problems()) == 1  # said once
    monkeypatch.undo()  # space freed
    assert recorder.flush() is True and recorder.unsaved is None
    assert health.problems() == []  # taken off the staff page
    assert sum(row["interactions"] for row in store.read(tmp_path / "stats.db", "hours")) == 8
    assert "not saved" not in visitor_counts(recorder.totals, lambda: recorder.unsaved)
    recorder.close()


def test_totals_keep_what_was_written_while_the_full_disk_refuses_a_read(tmp_path, monkeypatch):
    recorder = Recorder(tmp_path / "stats.db", wall=lambda: AT, interval=None)
    recorder.observe("touch", {})
    recorder.observe("loop_resumed", {})
    assert recorder.flush() and recorder.totals() == (1, 1)
    recorder.observe("touch", {})
    recorder.observe("loop_resumed", {})
    assert recorder.flush()
    monkeypatch.setattr(store, "read", _failing(sqlite3.OperationalError(IOERR)))
    monkeypatch.setattr(store, "write", _failing(sqlite3.OperationalError(IOERR)))
    recorder.observe("touch", {})
    recorder.observe("loop_resumed", {})
    recorder.flush()
    assert recorder.totals() == (3, 3)  # read before, written since, held in memory
    recorder.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(["visit", "flush", "full", "ioerr", "short"]), max_size=30))
def test_no_count_is_lost_or_added_twice_whatever_the_disk_refuses(tmp_path_factory, monkeypatch, steps):
    path = tmp_path_factory.mktemp("counts") / "stats.db"
    recorder = Recorder(path, wall=lambda: AT, interval=None)
    real_write, visits = store.write, 0
    with monkeypatch.context() as patch:
        patch.setattr(os, "statvfs", _statvfs(4096))
        for step in steps:
            if step == "visit":
                recorder.observe("touch", {})
                recorder.observe("loop_resumed", {})
                visits += 1
                continue
            error = {"full": sqlite3.OperationalError("database or disk is full"),
                     "ioerr": sqlite3.OperationalError(IOERR), "short": OSError(28, "No space left on device")}.get(step)
            patch.setattr(store, "write", _failing(error) if error else real_write)
            recorder.flush()
            assert recorder.totals() == (visits, visits)
    recorder.close()  # the disk has room again
    assert recorder.unsaved is None
    written = sum(row["interactions"] for row in store.read(path, "hours")) if path.exists() else 0
    assert written == visits
    health.clear()
