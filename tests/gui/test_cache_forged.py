"""A check cache entry changed by hand, yet well formed, is never used by the player's check
(:mod:`kiosk.checkcache`: each entry holds a digest of its own body)."""

from __future__ import annotations

import json
import shutil

from helpers import BUNDLED
from kiosk import paths
from kiosk.qt.checker import check_and_load


def test_a_play_entry_with_its_phone_changed_by_hand_is_damaged_and_checked_afresh(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "deck"
    shutil.copytree(BUNDLED, folder)
    first = check_and_load(folder)
    assert first.ok
    [entry] = (paths.cache_dir() / "checks").glob("play-*.json")
    text = entry.read_text()
    assert "08000 121 700" in text
    entry.write_text(text.replace("08000 121 700", "09099 999 999"))
    json.loads(entry.read_text())  # still well formed
    with caplog.at_level("WARNING", logger="kiosk.deck"):
        again = check_and_load(folder)
    assert again.ok
    assert "damaged" in caplog.text and "checked afresh" in caplog.text
    shown = json.dumps(again.deck.model_dump(), ensure_ascii=False, default=str)
    assert "09099" not in shown and "08000 121 700" in shown
    assert "09099" not in entry.read_text()  # replaced by the fresh verdict
