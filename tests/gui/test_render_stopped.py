"""``kiosk render`` stopped (Ctrl+C, SIGTERM) between two frames says what it wrote, and where.

The stop is made to come at a chosen frame: the render loop's safe point
(:func:`kiosk.stopsignals.check`, as :mod:`kiosk.qt.render` calls it before each frame) raises
:class:`kiosk.stopsignals.Stopped` there, as it does when a signal is held. The real signal path
is exercised end to end in ``tests/e2e/test_stop_anywhere.py``.
"""

from __future__ import annotations

import types

import pytest

from kiosk import stopsignals
from kiosk.cli import main

DECK = """\
deck:
  id: stopped
  title: Stopped
slides:
  - id: welcome
    type: title
    title: Welcome
  - id: about
    type: text
    title: About
    body: Some words.
  - id: help
    type: helpline
    phone: "08000 121 700"
"""


@pytest.fixture
def deck(tmp_path):
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    return folder


def _stop_before_frame(monkeypatch, frame: int) -> None:
    """The render loop's safe point before frame number ``frame`` (1-based) stops the command."""
    import kiosk.qt.render as render

    calls = []

    def check() -> None:
        calls.append(1)
        if len(calls) == frame:
            raise stopsignals.Stopped("SIGTERM")

    monkeypatch.setattr(render, "stopsignals", types.SimpleNamespace(check=check, Stopped=stopsignals.Stopped))


def test_a_render_stopped_before_its_first_frame_names_no_folder(deck, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    _stop_before_frame(monkeypatch, 1)
    assert main(["render", str(deck), "--out", str(out), "--size", "1280x800"]) == 1
    err = capsys.readouterr().err
    assert "kiosk: stopped by SIGTERM; no frame was written" in err, err
    assert str(out) not in err and "Traceback" not in err
    assert not out.exists()  # a rendering that wrote nothing leaves no folder behind


def test_a_render_stopped_later_says_how_many_frames_and_where(deck, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    _stop_before_frame(monkeypatch, 3)
    assert main(["render", str(deck), "--out", str(out), "--size", "1280x800"]) == 1
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "stopped by SIGTERM" in line]
    assert said == [f"kiosk: stopped by SIGTERM; 2 of 3 frames written to {out.resolve()}; "
                    "no contact sheet was made"], err
    assert sorted(p.suffix for p in out.iterdir() if p.suffix == ".png") == [".png", ".png"]
    assert not (out / "contact-sheet.png").exists()


def test_a_render_stopped_while_the_deck_is_read_says_nothing_was_rendered(deck, tmp_path, monkeypatch, capsys):
    import kiosk.cli as cli

    def stopped(_path):
        raise stopsignals.Stopped("SIGTERM")

    monkeypatch.setattr(cli, "_load", stopped)
    out = tmp_path / "out"
    assert main(["render", str(deck), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "kiosk: stopped by SIGTERM; nothing was rendered" in err, err
    assert not out.exists()
