"""Fixtures for every kind of test (no Qt here: ``tests/unit`` runs without PySide6).

Every test runs headless (QT_QPA_PLATFORM=offscreen)."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from helpers import BUNDLED

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read the settings.toml of the machine running the tests (a kiosk's own, say).
os.environ["KIOSK_CONFIG_DIR"] = tempfile.mkdtemp(prefix="kiosk-test-config-")
# Nor install into, or list, the deck library of the machine running the tests.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-data-")
# Nor answer a check from, or write into, the cache of the machine running the tests.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-cache-")



@pytest.fixture
def write_deck(tmp_path):
    """Write a deck folder from YAML text; returns the folder."""
    def write(text: str, name: str = "deck") -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "deck.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return folder
    return write


@pytest.fixture(scope="session")
def bundled_deck():
    """The bundled Freedom Week deck, loaded."""
    from kiosk.deck import load_deck
    result = load_deck(BUNDLED)
    assert result.ok, [str(p) for p in result.problems]
    return result


@pytest.fixture
def keypair(tmp_path):
    """A new minisign key pair in ``tmp_path/keys``: (secret key file, public key line)."""
    from kiosk.fleet import keys
    secret, public = keys.new_key_pair(tmp_path / "keys")
    return secret, public.read_text(encoding="utf-8").splitlines()[-1]


@pytest.fixture
def published(tmp_path, keypair):
    """A published folder holding version 1 of the 'harvest' deck."""
    from helpers.fleet import make_deck
    from kiosk.fleet.publish import publish
    folder = tmp_path / "pub"
    publish(make_deck(tmp_path / "deck"), keypair[0], folder)
    return folder


@pytest.fixture(autouse=True)
def _pictures_checked_here_again():
    """A test that plays in this process (``kiosk.qt.player.play``) switches the process to
    showing only pictures a check passed (``PlayerPictures.only_checked``); the next test starts
    as any other process does."""
    yield
    import sys

    pictures = sys.modules.get("kiosk.qt.pictures")
    if pictures is not None:
        pictures.PlayerPictures.checks_here = True
