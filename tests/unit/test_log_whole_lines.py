"""Every file the kiosk appends lines to holds whole lines, also on a full disk (kiosk.wholelines).

A full disk is simulated by making the file's own writes fail with ENOSPC, or take only part of
the text (a short write, as the kernel gives when the disk fills part way through); other files'
writes go through. A file cut part way through a line (by a full disk or a power cut) is healed
when it is opened again: the next line starts on a line of its own.
"""

from __future__ import annotations

import errno
import json
import logging
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import logs
from kiosk.events import EventFileHandler, EventLog, PrivateRotatingFileHandler
from kiosk.wholelines import LineFile

CUT = '{"event": "key_blocked", "t": 15214.9245, "k'

_real_write = os.write


class FullDisk:
    """Replaces :func:`os.write` for the descriptors of files named ``names``: each write takes
    what :attr:`plan` says next (``"ok"``, ``"full"``: ENOSPC, ``"short"``: part, then ENOSPC)."""

    def __init__(self, monkeypatch, folder) -> None:
        self.folder, self.plan = os.fspath(folder), []
        monkeypatch.setattr(os, "write", self)

    def _ours(self, fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").startswith(self.folder)
        except OSError:
            return False

    def __call__(self, fd, data):
        if not self._ours(fd) or not self.plan:
            return _real_write(fd, data)
        step = self.plan.pop(0)
        if step == "full":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if step == "short":
            self.plan.insert(0, "full")  # the rest of the text finds the disk full too
            return _real_write(fd, bytes(data)[: max(1, len(data) // 2)])
        return _real_write(fd, data)


def _json_lines(path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n"), f"a cut-off last line: {text[-80:]!r}"
    return [json.loads(line) for line in text.splitlines()]


def test_a_line_the_full_disk_cuts_short_is_taken_back_and_the_next_run_starts_on_its_own_line(tmp_path,
                                                                                               monkeypatch):
    disk = FullDisk(monkeypatch, tmp_path)
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    log.write("started", mode="fullscreen")
    disk.plan = ["short"]
    log.write("key_blocked", key="F4")  # half written, then the disk is full: taken back
    assert not path.read_text(encoding="utf-8").count("key_blocked")
    log.close()
    log = EventLog(path)  # the next run
    log.write("started", mode="fullscreen")
    log.close()
    assert [line["event"] for line in _json_lines(path)] == ["started", "started"]


def test_a_file_cut_mid_line_by_a_power_cut_gets_its_next_line_on_a_new_line(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text('{"event": "started", "t": 1.0}\n' + CUT, encoding="utf-8")
    log = EventLog(path)
    log.write("started", mode="fullscreen")
    log.write("stopped", cycles=0)
    log.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == CUT  # kept as it was, on its own line
    assert [json.loads(line)["event"] for line in lines[2:]] == ["started", "stopped"]


def test_kiosk_log_cut_mid_line_and_filled_up_keeps_whole_lines(tmp_path, monkeypatch):
    (tmp_path / logs.MESSAGE_LOG).write_text("2026-12-07 01:00:00 INFO kiosk sta", encoding="utf-8")
    disk = FullDisk(monkeypatch, tmp_path)
    handler = logs.SafeRotatingFileHandler(tmp_path / logs.MESSAGE_LOG, maxBytes=10_000, backupCount=2,
                                           encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("kiosk.test-whole-lines")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning("one")
        disk.plan = ["short"]
        logger.warning("two is cut short")
        disk.plan = ["full"]
        logger.warning("three finds the disk full")
        logger.warning("four")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert (tmp_path / logs.MESSAGE_LOG).read_text(encoding="utf-8") == \
        "2026-12-07 01:00:00 INFO kiosk sta\none\nfour\n"


def test_a_pipe_or_device_is_written_as_it_is(tmp_path):
    fd = os.open("/dev/null", os.O_WRONLY | os.O_APPEND)
    with LineFile(fd, "/dev/null") as file:
        assert not file.plain and file.write("a line\n") == len("a line\n") and file.tell() == 0
    with pytest.raises(ValueError, match="closed"):
        file.write("after close\n")


STEPS = st.lists(st.tuples(st.sampled_from(["ok", "full", "short"]), st.integers(0, 120)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs=st.lists(STEPS, min_size=1, max_size=3), max_bytes=st.sampled_from([0, 300, 2000]),
       backups=st.integers(0, 2), cut=st.booleans())
def test_any_writes_and_failures_leave_files_of_whole_json_lines(tmp_path_factory, monkeypatch, runs, max_bytes,
                                                                  backups, cut):
    folder = tmp_path_factory.mktemp("events")
    path = folder / "events.jsonl"
    if cut:
        path.write_text(CUT, encoding="utf-8")
    written: list[int] = []
    with monkeypatch.context() as patch:
        disk = FullDisk(patch, folder)
        number = 0
        for run in runs:
            handler = EventFileHandler(path, max_bytes=max_bytes, backups=backups)
            for step, length in run:
                disk.plan = [step]
                record = logging.makeLogRecord({"event": "slide_shown", "t": 1.0,
                                                "fields": {"n": number, "text": "é" * length}})
                handler.emit(record)
                if step == "ok":
                    written.append(number)
                number += 1
            handler.close()
    files = [folder / f"events.jsonl.{n}" for n in range(backups, 0, -1)] + [path]
    kept = []
    for file in files:
        if not file.exists():
            continue
        text = file.read_text(encoding="utf-8")
        assert text == "" or text.endswith("\n") or text == CUT  # cut before, and nothing written since
        for line in text.splitlines():
            if line != CUT:
                kept.append(json.loads(line)["fields"]["n"] if "fields" in line else json.loads(line)["n"])
    assert set(kept) <= set(written)  # nothing that failed is there, not even in part
    assert kept == sorted(kept) and kept == written[len(written) - len(kept):]  # the newest, in order


def test_rotation_still_keeps_the_files_under_their_size(tmp_path):
    handler = PrivateRotatingFileHandler(tmp_path / "kiosk.log", maxBytes=100, backupCount=1, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    for number in range(30):
        handler.emit(logging.makeLogRecord({"msg": f"line {number:02d}", "levelno": logging.INFO}))
    handler.close()
    for name in ("kiosk.log", "kiosk.log.1"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert len(text.encode()) < 100 and text.endswith("\n")
    assert (tmp_path / "kiosk.log").read_text(encoding="utf-8").splitlines()[-1] == "line 29"
