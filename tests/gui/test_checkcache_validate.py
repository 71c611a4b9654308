"""``kiosk validate`` with a damaged check cache entry (it stores one only where Qt checks the
pictures): one line says the cached check was damaged, and the answer is the fresh check's."""

from __future__ import annotations

import shutil

from kiosk import paths
from kiosk.cli import main

DECK = "deck: {id: d, title: D, languages: [en]}\nslides:\n  - {id: a, type: title, title: A}\n"


def test_kiosk_validate_says_so_in_one_line_and_answers_as_afresh(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache = paths.cache_dir() / "checks"
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_text(DECK, encoding="utf-8")
    assert main(["validate", "--no-fit", str(deck)]) == 0
    fresh = capsys.readouterr()
    (stored,) = [p for p in cache.iterdir() if p.name.startswith("validate-")]
    stored.write_text(stored.read_text()[:-20])  # cut short
    assert main(["validate", "--no-fit", str(deck)]) == 0
    damaged = capsys.readouterr()
    assert damaged.out == fresh.out
    assert damaged.err.splitlines() == [f"kiosk: the cached check {stored} was damaged (it is not whole JSON (cut "
                                        "short or overwritten?)); not used: checked afresh"]
    shutil.rmtree(stored, ignore_errors=True)
