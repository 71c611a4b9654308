"""Lines libpng prints itself (``libpng error: IDAT: CRC error``, ``libpng error: Read Error`` for a
picture changed while it is read) never reach the user: Qt's PNG reader leaves libpng's default
error function in place, which prints on C's ``stderr`` past Qt's message handler. The kiosk says
the picture is unreadable in its own words and keeps libpng's line for ``kiosk.log``
(:mod:`kiosk.qt.clines`); every other line printed on C's ``stderr`` still reaches the terminal."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
KIOSK = str(Path(sys.executable).parent / "kiosk")
DECK = """\
deck: {id: crc, title: T, languages: [en], dwell: 5}
slides:
  - {id: pic, type: image, image: ok.png, alt: A picture}
  - {id: help, type: helpline, name: Helpline, phone: "08000 121 700", hours: 24 hours a day}
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="C's stderr is filtered on Linux only")


def png_with_bad_idat_crc() -> bytes:
    """A PNG whose pixels Pillow reads (it checks no IDAT checksum) but libpng refuses, printing its line."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, "PNG")
    data = bytearray(out.getvalue())
    at = data.find(b"IDAT")
    data[at + 4 + struct.unpack(">I", data[at - 4:at])[0]] ^= 0xFF
    return bytes(data)


def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("KIOSK_QT_MESSAGES", None)
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=180, check=False, cwd=cwd)


@pytest.fixture
def deck(tmp_path) -> Path:
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    (folder / "ok.png").write_bytes(png_with_bad_idat_crc())
    return folder


UNREADABLE = ("deck/deck.yaml:3:35: error: slide 'pic': 'ok.png' cannot be read by the kiosk's picture reader (Unable "
              "to read image data) — open it in an image editor and save it again as PNG or JPEG")


def test_validate_says_the_picture_unreadable_in_its_own_words_only(deck):
    done = run(KIOSK, "validate", "--no-cache", "deck", cwd=deck.parent)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == UNREADABLE, done.stdout
    assert "libpng" not in done.stdout + done.stderr, done.stderr


def test_the_checking_process_of_kiosk_run_prints_no_library_line(deck):
    done = run(KIOSK, "run", "deck", "--headless", "--cycles", "1", "--always-open", cwd=deck.parent)
    assert done.returncode == 1 and "'ok.png' cannot be read by the kiosk's picture reader" in done.stdout + done.stderr
    assert "libpng" not in done.stdout + done.stderr, done.stderr


def test_a_read_keeps_libpngs_line_and_other_c_lines_still_reach_the_terminal(deck):
    script = f"""
import ctypes
from pathlib import Path
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from kiosk.deck.pictures import PictureError
from kiosk.qt import clines
from kiosk.qt.pictures import quiet_qt_messages, read_image
quiet_qt_messages()
clines.keep_library_lines()  # as the picture check does (qt_picture_problems)
libc = ctypes.CDLL(None)
libc.fputs.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
libc.fputs(b"a line of another library\\n", ctypes.c_void_p.in_dll(libc, "stderr").value)
try:
    read_image(Path({str(deck / "ok.png")!r}))
except PictureError as error:
    print("refused:", error)
assert clines.wait_said(0, 30)
print(clines.said())
"""
    done = run(sys.executable, "-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "refused: cannot be read by the kiosk's picture reader (Unable to read image data)",
        "(1, ['libpng error: IDAT: CRC error'])"], done.stdout
    assert done.stderr == "a line of another library\n"
