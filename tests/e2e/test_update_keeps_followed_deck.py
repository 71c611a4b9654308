"""The real ``kiosk`` command, in a home of its own, as a venue follows a published folder: a
tampered version is refused, the updates' state file is damaged, and the next ``kiosk update``
(refused again) writes the state file again still following the installed deck: ``kiosk config``,
``kiosk config --check``, ``kiosk run`` and the status record all name it, never the bundled deck.
A deck installed by hand as published plays likewise before any look succeeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DECK = """\
deck:
  id: my-campaign
  title: My campaign
  dwell: 3
  archive: false
slides:
  - {id: welcome, type: title, title: My campaign}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def kiosk(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "KIOSK_")) and key != "DISPLAY"}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=300,
                          env=env, cwd=home)


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


@pytest.fixture
def venue(tmp_path):
    """A home with a key, two versions of 'my-campaign' published in ~/pub, and settings following
    it with no deck set (and a status folder); returns the home."""
    home = tmp_path / "home"
    (home / "deck").mkdir(parents=True)
    (home / "deck" / "deck.yaml").write_text(DECK, encoding="utf-8")
    assert kiosk(home, "key", "new", "--out", str(home / "key")).returncode == 0
    for _ in range(2):
        done = kiosk(home, "publish", "deck", "--key", "key/publisher.key", "--to", "pub")
        assert done.returncode == 0, done.stderr
    public = (home / "key" / "publisher.pub").read_text(encoding="utf-8").splitlines()[-1]
    settings = home / ".config" / "kiosk" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(f'update_source = "{home / "pub"}"\ntrusted_keys = ["{public}"]\n'
                        f'status_folder = "{home / "status"}"\nkiosk_name = "north"\n', encoding="utf-8")
    return home


def library(home: Path) -> Path:
    return home / ".local" / "share" / "kiosk" / "decks"


def assert_plays_the_campaign(home: Path) -> None:
    config = kiosk(home, "config")
    assert "my-campaign (from update_source)" in config.stdout and "(bundled)" not in config.stdout, config.stdout
    check = kiosk(home, "config", "--check")
    assert check.returncode == 0, check.stderr
    assert "my-campaign (from update_source)" in check.stdout


def test_a_refused_update_after_the_state_file_is_damaged_keeps_the_campaign_playing(venue):
    home = venue
    done = kiosk(home, "update")
    assert done.returncode == 0 and "installed 'my-campaign' version 2" in done.stdout, done.stderr
    for _ in range(2):
        assert kiosk(home, "publish", "deck", "--key", "key/publisher.key", "--to", "pub").returncode == 0
    flip_a_byte(home / "pub" / "my-campaign-4.zip")
    done = kiosk(home, "update")
    assert done.returncode == 1 and "rejected:" in done.stderr and "SHA-256" in done.stderr, done.stderr
    state = library(home) / ".kiosk-updates.json"
    state.write_text('{"broken\n', encoding="utf-8")
    assert "my-campaign (from update_source)" in kiosk(home, "config").stdout

    done = kiosk(home, "update")
    assert done.returncode == 1 and "rejected:" in done.stderr, done.stderr
    assert json.loads(state.read_text(encoding="utf-8"))["deck"] == "my-campaign"
    assert json.loads((home / "status" / "north.json").read_text(encoding="utf-8"))["deck"] == "my-campaign"
    assert_plays_the_campaign(home)
    assert "started afresh; it still follows 'my-campaign')" in done.stderr, done.stderr
    log = home / "events.jsonl"
    run = kiosk(home, "run", "--headless", "--cycles", "1", "--time-scale", "400", "--log-json", str(log))
    assert run.returncode == 0, run.stderr[-2000:]
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert next(e["folder"] for e in events if e["event"] == "deck_loaded") == str(library(home) / "my-campaign")


def test_a_deck_installed_by_hand_as_published_plays_before_a_look_succeeds(venue):
    home = venue
    done = kiosk(home, "install", "pub/my-campaign-2.zip")
    assert done.returncode == 0, done.stderr
    assert_plays_the_campaign(home)
    flip_a_byte(home / "pub" / "my-campaign-2.zip")  # the newest version, damaged on the way
    done = kiosk(home, "update")
    assert done.returncode == 1 and "rejected:" in done.stderr, done.stderr
    assert_plays_the_campaign(home)
    assert json.loads((home / "status" / "north.json").read_text(encoding="utf-8"))["deck"] == "my-campaign"
