"""The kiosk's log files rotate by size on their own handler (no logging.handlers in the drawing process)."""

from __future__ import annotations

import json
import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.events import EventFileHandler, PrivateRotatingFileHandler


def _record(message: str) -> logging.LogRecord:
    return logging.makeLogRecord({"msg": message, "levelno": logging.INFO, "levelname": "INFO"})


def _kept(folder, name: str, backups: int) -> list[str]:
    """Every line kept, oldest file first."""
    files = [folder / f"{name}.{n}" for n in range(backups, 0, -1)] + [folder / name]
    return [line for file in files if file.exists() for line in file.read_text(encoding="utf-8").splitlines()]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lengths=st.lists(st.integers(0, 300), min_size=1, max_size=60), max_bytes=st.integers(1, 1200),
       backups=st.integers(0, 4))
def test_rotation_keeps_the_newest_lines_in_order_in_small_private_files(tmp_path_factory, lengths, max_bytes,
                                                                         backups):
    folder = tmp_path_factory.mktemp("logs")
    handler = PrivateRotatingFileHandler(folder / "kiosk.log", maxBytes=max_bytes, backupCount=backups,
                                         encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    lines = [f"{number:03d}" + "é" * length for number, length in enumerate(lengths)]
    for line in lines:
        handler.emit(_record(line))
    handler.close()

    names = {file.name for file in folder.iterdir()}
    assert names <= {"kiosk.log", *(f"kiosk.log.{n}" for n in range(1, backups + 1))}
    kept = _kept(folder, "kiosk.log", backups)
    assert kept, "the newest line is always kept"
    assert kept == lines[len(lines) - len(kept):]  # the newest lines, in the order written, none twice
    for file in folder.iterdir():
        assert file.stat().st_mode & 0o777 == 0o600
        text = file.read_text(encoding="utf-8")
        assert text, f"{file.name} is an empty copy"
        if text.count("\n") > 1:  # only a line longer than max_bytes stands alone in a larger file
            assert len(text) < max_bytes


def test_without_old_copies_the_file_starts_empty_again(tmp_path):
    handler = PrivateRotatingFileHandler(tmp_path / "kiosk.log", maxBytes=100, backupCount=0, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    for number in range(30):
        handler.emit(_record(f"line {number:02d} " + "x" * 20))
    handler.close()
    assert [file.name for file in tmp_path.iterdir()] == ["kiosk.log"]
    text = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert len(text) < 100 and text.splitlines()[-1].startswith("line 29 ")


def test_a_line_longer_than_the_limit_leaves_no_empty_copy(tmp_path):
    handler = EventFileHandler(tmp_path / "events.jsonl", max_bytes=50, backups=2)
    handler.emit(logging.makeLogRecord({"event": "deck_loaded", "t": 1.0, "fields": {"deck": "x" * 80}}))
    handler.emit(logging.makeLogRecord({"event": "stopped", "t": 2.0, "fields": {}}))
    handler.close()
    assert sorted(file.name for file in tmp_path.iterdir()) == ["events.jsonl", "events.jsonl.1"]
    assert json.loads((tmp_path / "events.jsonl.1").read_text())["event"] == "deck_loaded"
    assert json.loads((tmp_path / "events.jsonl").read_text())["event"] == "stopped"
