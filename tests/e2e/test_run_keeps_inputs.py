"""``kiosk run`` never writes its event log over what it reads: the deck's files or the visitor
counts file (kiosk.outputs.replaced_input; the other commands: tests/unit/test_outputs_keep_inputs.py).
Here because checking a deck to play needs Qt."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import BUNDLED
from kiosk.cli import main


def deck_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "deck"
    shutil.copytree(BUNDLED, folder)
    return folder


def test_run_never_writes_its_event_log_over_the_deck_or_the_counts(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))
    deck = deck_copy(tmp_path)
    before = (deck / "deck.yaml").read_bytes()
    counts = tmp_path / "stats.db"
    counts.write_bytes(b"kept")
    for log, what in ((deck / "deck.yaml", "is a file of the deck"), (counts, "is the visitor counts file")):
        assert main(["run", "--headless", "--cycles", "1", "--always-open", "--stats-file", str(counts),
                     "--log-json", str(log), str(deck)]) == 1
        said = capsys.readouterr().err
        assert what in said and "nothing was played" in said
    assert (deck / "deck.yaml").read_bytes() == before and counts.read_bytes() == b"kept"
