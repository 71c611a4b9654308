"""End to end: the real ``kiosk`` command, headless, read through its JSON log and its frames."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from helpers import BUNDLED
from helpers.gui import to_gray
from kiosk.player.navigator import loop_positions


def decode(path) -> set[str]:
    """Payloads of the QR codes in a PNG, read dark-on-light only (as printed on the kiosk)."""
    gray = to_gray(QImage(str(path)))
    return {code.text for code in zxingcpp.read_barcodes(gray, try_invert=False)}


@pytest.fixture(scope="module")
def headless_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    env = {**os.environ}
    env.pop("DISPLAY", None)
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "60",
         "--frames", str(out / "frames"), "--log-json", str(out / "events.jsonl"), str(BUNDLED)],
        capture_output=True, text=True, timeout=300, env=env)
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    return proc, events, out / "frames"


def test_run_exits_cleanly_without_warnings(headless_run):
    proc, events, frames = headless_run
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "QML" not in proc.stderr and "qml:" not in proc.stderr, proc.stderr
    assert f"frames written to {frames.resolve()}" in proc.stdout
    # The bundled deck's review notes are for its coordinator: counted, not listed, at every start.
    assert ": note: " not in proc.stderr and re.search(r"\d+ notes? \(kiosk validate lists them\)", proc.stderr), proc.stderr


def test_log_has_lifecycle_events(headless_run, bundled_deck):
    _, events, _ = headless_run
    kinds = [e["event"] for e in events]
    assert kinds[0] == "started" and kinds[-1] == "stopped"
    assert kinds.index("deck_loaded") < kinds.index("first_frame")
    first = next(e for e in events if e["event"] == "first_frame")
    assert 0 < first["since_start"] < 60
    assert all(isinstance(e["t"], float) for e in events)
    assert [e for e in events if e["event"] == "error"] == []  # no text overflow either


def test_every_slide_and_page_shown_once_per_cycle(headless_run, bundled_deck):
    _, events, _ = headless_run
    shown = [(e["slide"], e["page"]) for e in events if e["event"] == "slide_shown"]
    deck = bundled_deck.deck
    expected = [(deck.slides[p.slide].id, p.page) for p in loop_positions(deck)]
    assert shown == expected + [expected[0]]  # one cycle, then back at the start
    assert {e["trigger"] for e in events if e["event"] == "slide_shown"} == {"auto"}


def test_a_frame_for_every_slide_and_page(headless_run, bundled_deck):
    _, events, frames = headless_run
    files = sorted(p.name for p in frames.glob("*.png"))
    assert len(files) == len(loop_positions(bundled_deck.deck))
    assert files[0] == "01-welcome.png"
    image = QImage(str(frames / files[0]))
    assert (image.width(), image.height()) == (1920, 1080)


def test_qr_codes_decode_from_frames(headless_run, bundled_deck):
    _, _, frames = headless_run
    deck = bundled_deck.deck
    (help_frame,) = frames.glob("*-help.png")
    assert decode(help_frame) == {"tel:+448000121700", "https://www.modernslaveryhelpline.org/"}
    # The bundled deck is an archive of Freedom Week 2019: played now, its events have ended and
    # are shown as past, with no sign-up code (their codes, during that week: test_render_day).
    assert any(e.signup for e in deck.slide("freedom-week-events").events)
    (events_frame,) = frames.glob("*-freedom-week-events.png")
    assert decode(events_frame) == set()


def test_no_display_gives_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", str(BUNDLED)], capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 1
    assert "no display found" in proc.stderr and "--headless" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_run_refuses_a_broken_deck_with_its_problems(write_deck):
    folder = write_deck("deck: {id: x, title: X}\nslides:\n  - {id: a, type: text}\n")
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", str(folder)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "deck.yaml:3:5: error: slide 'a': missing field 'title'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_run_takes_a_decks_own_file_for_its_folder(write_deck, tmp_path):
    folder = write_deck("deck: {id: x, title: X}\nslides:\n  - {id: a, type: text, title: Hello, body: World}\n")
    frames = tmp_path / "frames"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "50",
                           "--frames", str(frames), str(folder / "deck.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert list(frames.glob("*-a.png"))


def test_run_refuses_a_yaml_file_that_is_not_a_decks_own(write_deck):
    other = write_deck("deck: {id: x, title: X}\nslides: []\n") / "notes.yaml"
    other.write_text("x: 1\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", str(other)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert f"kiosk: {other.resolve()} is a file, not a deck folder" in proc.stderr
    assert "deck.yaml/deck.yaml" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920", "1280x800"])
def test_render_every_slide_and_page_with_contact_sheet(tmp_path, bundled_deck, size):
    out = tmp_path / size
    proc = subprocess.run([sys.executable, "-m", "kiosk", "render", str(BUNDLED), "--out", str(out), "--size", size],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    deck = bundled_deck.deck
    count = sum(1 + len(getattr(s, "pages", [])) for s in deck.slides)
    frames = sorted(out.glob("[0-9]*.png"))
    assert len(frames) == count
    assert (out / "contact-sheet.png").exists()
    width, height = (int(v) for v in size.split("x"))
    image = QImage(str(frames[0]))
    assert (image.width(), image.height()) == (width, height)
    (help_frame,) = out.glob("*-help.png")
    assert decode(help_frame) == {"tel:+448000121700", "https://www.modernslaveryhelpline.org/"}


def test_render_warns_when_text_cannot_fit(write_deck, tmp_path):
    words = " ".join(["overflowing"] * 416)  # 4,991 characters: under the longest text a deck may hold
    folder = write_deck(f"deck: {{id: x, title: X}}\nslides:\n  - {{id: long, type: text, title: Short, body: {words}}}\n")
    proc = subprocess.run([sys.executable, "-m", "kiosk", "render", str(folder), "--out", str(tmp_path / "out"),
                           "--size", "1080x1920"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr  # rendered: a warning is not a failure, as in kiosk validate
    assert "error" not in proc.stderr
    assert "deck.yaml:3:5: warning: slide 'long': text does not fit at 1080x1920, 1920x1080 and 1280x800, even" \
        in proc.stderr, proc.stderr
    assert (tmp_path / "out" / "01-long.png").exists()
