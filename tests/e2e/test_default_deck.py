"""The default deck as a venue meets it: a coordinator's edited copy of the bundled deck, installed
with ``kiosk install``, is the one ``kiosk config`` names and ``kiosk run`` plays when no deck is
named; while that copy has errors, the bundled deck plays instead."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers import BUNDLED


@pytest.fixture(scope="module")
def venue(tmp_path_factory):
    """An empty settings folder and data folder, and the edited deck installed from a .zip."""
    home = tmp_path_factory.mktemp("venue")
    env = {**os.environ, "KIOSK_CONFIG_DIR": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    edited = home / "fw2"
    shutil.copytree(BUNDLED, edited)
    text = (edited / "deck.yaml").read_text(encoding="utf-8")
    (edited / "deck.yaml").write_text(text.replace("title: Freedom Week 2019", "title: EDITED Freedom Week", 1),
                                      encoding="utf-8")
    for args in (["pack", str(edited), "--out", str(home / "fw2.zip")], ["install", str(home / "fw2.zip")]):
        done = kiosk(args, env)
        assert done.returncode == 0, done.stderr
    return home, env


def kiosk(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=300, env=env)


def played(home, env) -> str:
    """The folder ``kiosk run --headless`` (no deck named) loaded first."""
    log = home / "events.jsonl"
    log.unlink(missing_ok=True)
    done = kiosk(["run", "--headless", "--cycles", "1", "--time-scale", "400", "--log-json", str(log)], env)
    assert done.returncode == 0, done.stderr[-2000:]
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return next(e["folder"] for e in events if e["event"] == "deck_loaded")


def test_the_installed_copy_is_the_default_deck(venue):
    home, env = venue
    installed = home / "data" / "kiosk" / "decks" / "freedom-week-2019"
    config = kiosk(["config"], env).stdout
    assert "freedom-week-2019 (installed)" in config
    assert f"deck folder          {installed.resolve()}" in config.splitlines()
    assert played(home, env) == str(installed)


def test_while_the_installed_copy_has_errors_the_bundled_deck_plays(venue):
    home, env = venue
    file = home / "data" / "kiosk" / "decks" / "freedom-week-2019" / "deck.yaml"
    good = file.read_text(encoding="utf-8")
    try:
        file.write_text(good.replace("dwell: 12", "dwell: 1", 1), encoding="utf-8")
        assert played(home, env) == str(BUNDLED)
    finally:
        file.write_text(good, encoding="utf-8")
