"""`kiosk render` into a folder holding an earlier render says so in one line, and removes nothing."""

from __future__ import annotations

import subprocess

from tests.helpers.process import environment, kiosk

DECK = """\
deck: {{id: parish, title: Parish, languages: [en]}}
slides:
{slides}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def _deck(folder, slide_ids):
    folder.mkdir()
    slides = "\n".join(f"  - {{id: {slide}, type: title, title: Slide {slide}}}" for slide in slide_ids)
    (folder / "deck.yaml").write_text(DECK.format(slides=slides), encoding="utf-8")
    return folder


def _render(deck, out):
    return subprocess.run(kiosk("render", str(deck), "--out", str(out), "--size", "640x360"), capture_output=True,
                          text=True, timeout=300, env={**environment(), "QT_QPA_PLATFORM": "offscreen"})


def test_an_earlier_render_left_in_the_folder_is_named_and_kept(tmp_path):
    out = tmp_path / "renders"
    first = _render(_deck(tmp_path / "long", ["s0", "s1", "s2", "s3"]), out)
    assert first.returncode == 0, first.stderr
    summary = f"kiosk: 5 frames, contact-sheet.png, contact-sheet.pdf and measures.txt (each frame's share of the screen " \
              f"and text sizes) written to {out.resolve()}"
    assert summary in first.stdout.splitlines(), "every file written is named, measures.txt too"
    assert (out / "measures.txt").is_file()
    assert "earlier render" not in first.stderr
    second = _render(_deck(tmp_path / "short", ["welcome"]), out)
    assert second.returncode == 0, second.stderr
    lines = [line for line in second.stderr.splitlines() if "earlier render" in line]
    assert len(lines) == 1, second.stderr
    # 01-s0 … 05-help were the first render's; 01-welcome and 02-help are the second's
    assert "also holds 5 pictures from an earlier render (01-s0.png, 02-s1.png …)" in lines[0]
    assert "render into an empty folder, or remove them" in lines[0]
    assert {"01-s0.png", "02-s1.png", "03-s2.png", "04-s3.png", "05-help.png", "01-welcome.png", "02-help.png"} <= \
        {path.name for path in out.iterdir()}  # nothing of the user's was removed
