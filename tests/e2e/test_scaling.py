"""Frames and renders are the size asked for, whatever the desktop's scaling.

A desktop scaled to 200 % (``QT_SCALE_FACTOR``, ``QT_SCREEN_SCALE_FACTORS``, a high-DPI screen)
makes Qt draw a window at twice its size in device pixels. ``kiosk render --size 1920x1080``
and ``kiosk run --headless --frames`` must still write 1920x1080 pictures. Each case runs the
real command (or the renderer) in a fresh process with the scaling set in its environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

#: What a scaled desktop puts in the environment of the programs it starts.
SCALED = {"QT_SCALE_FACTOR": "2", "QT_SCREEN_SCALE_FACTORS": "1.5", "QT_ENABLE_HIGHDPI_SCALING": "1"}
DECK = """\
    deck: {id: scaled, title: Scaled, organisation: Test, dwell: 5}
    slides:
      - {id: welcome, type: title, title: Welcome}
      - {id: words, type: text, title: Some words, body: A few words, bullets: [one, two]}
      - {id: help, type: helpline, name: Helpline, phone: "08000 121 700", hours: 24 hours a day}
"""


@pytest.fixture
def deck(write_deck) -> Path:
    return write_deck(DECK)


def kiosk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    environment.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, check=False,
                          timeout=300, env=environment)


def sizes(folder: Path, pattern: str = "[0-9]*.png") -> set[tuple[int, int]]:
    found = sorted(folder.glob(pattern))
    assert found, f"no pictures in {folder}"
    return {(QImage(str(f)).width(), QImage(str(f)).height()) for f in found}


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_render_is_the_size_asked_for_on_a_scaled_desktop(deck, tmp_path, size):
    out = tmp_path / "renders"
    proc = kiosk("render", str(deck), "--out", str(out), "--size", size, env=SCALED)
    assert proc.returncode == 0, proc.stderr
    width, height = map(int, size.split("x"))
    assert sizes(out) == {(width, height)}
    # The contact sheet's thumbnails keep the frames' shape.
    assert (out / "contact-sheet.png").exists() and (out / "contact-sheet.pdf").exists()


def test_headless_frames_are_the_size_asked_for_on_a_scaled_desktop(deck, tmp_path):
    out = tmp_path / "frames"
    proc = kiosk("run", str(deck), "--headless", "--frames", str(out), "--cycles", "1",
                 "--time-scale", "50", "--size", "1280x800", env=SCALED)
    assert proc.returncode == 0, proc.stderr
    assert sizes(out) == {(1280, 800)}


def test_a_picture_of_a_scaled_window_is_scaled_back(deck, tmp_path):
    """Where the application was already made with scaling on (a windowed preview on a scaled
    desktop), the grab of each frame is brought back to the window's size."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from PySide6.QtGui import QGuiApplication
        from kiosk.deck import load_deck
        from kiosk.qt.render import render
        app = QGuiApplication(["kiosk"])  # made before the renderer: scaling stays on
        assert QGuiApplication.primaryScreen().devicePixelRatio() > 1.5, "the desktop is not scaled"
        result = load_deck(Path({str(deck)!r}))
        files, _, _ = render(result.deck, result.folder, Path({str(tmp_path / 'out')!r}), (1280, 800))
        print(len(files))
    """)
    environment = {**os.environ, **SCALED, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env=environment, check=False)
    assert proc.returncode == 0, proc.stderr
    assert sizes(tmp_path / "out") == {(1280, 800)}
