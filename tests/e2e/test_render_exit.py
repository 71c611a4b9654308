"""``kiosk render``'s exit code says what happened: 0 when every frame was rendered, warnings
(text that does not fit) printed as ``kiosk validate`` prints them and passes them; 1 only with
an error line saying why."""

from __future__ import annotations

import subprocess
import sys

LONG = "Modern slavery is when someone takes away a person's freedom so as to use them for gain. " * 30


def test_a_deck_with_warnings_renders_with_exit_0(write_deck, tmp_path):
    slides = "\n".join(f"  - {{id: long-{i}, type: text, title: Long read {i}, body: \"{LONG}\"}}" for i in range(2))
    folder = write_deck(
        "deck: {id: long-texts, title: Long texts, archive: true}\nslides:\n" + slides + "\n"
        "  - id: events\n    type: events\n    title: What is on\n    events:\n"
        f"      - {{title: Walk, date: 2019-10-19, start: '10:00', place: City Hall, body: \"{LONG[:400]}\"}}\n"
        "  - {id: help, type: helpline, phone: '08000 121 700'}\n")
    check = subprocess.run([sys.executable, "-m", "kiosk", "validate", "--no-cache", str(folder)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0 and "valid, 4 slides" in check.stdout and "warning" in check.stdout, check.stdout
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kiosk", "render", str(folder), "--out", str(out), "--size", "1280x800"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "kiosk: 4 frames" in done.stdout
    lines = done.stderr.splitlines()
    assert [line for line in lines if "long-0': text does not fit" in line]
    assert not [line for line in lines if ": error:" in line]
    assert len(list(out.glob("0*.png"))) == 4 and (out / "contact-sheet.pdf").is_file()
