"""The folder the kiosk is started from never stands in for its code: a folder there named
``kiosk`` (a coordinator's folder of decks, the parent of a checkout, or one planted on purpose)
or named like a module Python's own helpers import is not imported by the Python processes the
kiosk starts (its deck check, its deck list, the text-fit check's helpers: kiosk.interpreter)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from helpers import BUNDLED

KIOSK = Path(sys.executable).with_name("kiosk")
PLANTED = "import pathlib; pathlib.Path({marker!r}).write_text('ran')\nraise SystemExit(3)\n"


def plant(folder: Path, marker: Path) -> None:
    """A ``kiosk`` package (its checker and deck list) and a ``multiprocessing`` package in
    ``folder``, each writing ``marker`` when imported."""
    code = PLANTED.format(marker=str(marker))
    for name in ("kiosk/__init__.py", "kiosk/library.py", "kiosk/qt/__init__.py", "kiosk/qt/checker.py",
                 "kiosk/stats/__init__.py", "kiosk/stats/writer.py", "multiprocessing/__init__.py"):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")


def kiosk(cwd: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state")}
    env.pop("PYTHONSAFEPATH", None)
    return subprocess.run([str(KIOSK), *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def planted(tmp_path):
    here, marker = tmp_path / "here", tmp_path / "planted-code-ran"
    here.mkdir()
    plant(here, marker)
    deck = tmp_path / "deck"
    shutil.copytree(BUNDLED, deck)
    return here, marker, deck


def test_a_kiosk_started_beside_a_planted_kiosk_package_checks_and_plays_its_deck(planted, tmp_path):
    here, marker, deck = planted
    done = kiosk(here, tmp_path, "run", str(deck), "--headless", "--cycles", "1", "--time-scale", "200",
                 "--always-open", "--stats-file", str(tmp_path / "stats.db"))  # checked in a child: not cached
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), done.stderr
    assert "could not be checked" not in done.stderr


def test_a_render_beside_planted_packages_starts_its_helpers_from_the_kiosks_own_code(planted, tmp_path):
    """``kiosk render`` makes its Qt application before the text-fit check, so that check's helpers
    are new interpreters (multiprocessing's spawn: ``python -c``), which took a ``multiprocessing``
    folder there for Python's own."""
    here, marker, deck = planted
    done = kiosk(here, tmp_path, "render", str(deck), "--out", str(tmp_path / "frames"), "--size", "1280x800")
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), done.stderr
    assert len(list((tmp_path / "frames").glob("*.png"))) >= 16


def png(width: int, height: int) -> bytes:
    """A grey PNG picture of ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + b"\x80" * (3 * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_an_empty_folder_named_kiosk_beside_it_changes_nothing(tmp_path):
    """A deck with a picture is checked in a child that reads the picture in a process of its own
    (a new interpreter, which took the empty folder for the kiosk's package and refused the deck)."""
    here = tmp_path / "decks"
    (here / "kiosk").mkdir(parents=True)  # a coordinator's own folder of that name
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "p.png").write_bytes(png(64, 36))
    (deck / "deck.yaml").write_text(
        "deck: {id: pic-deck, title: T, languages: [en], dwell: 5}\nslides:\n"
        "  - {id: pic, type: image, image: p.png, alt: A grey picture}\n"
        '  - {id: help, type: helpline, phone: "08000 121 700"}\n', encoding="utf-8")
    done = kiosk(here, tmp_path, "run", str(deck), "--headless", "--cycles", "1", "--time-scale", "10",
                 "--always-open", "--stats-file", str(tmp_path / "stats.db"))
    assert done.returncode == 0, done.stderr
    assert "could not be checked" not in done.stderr and "ImportError" not in done.stderr
