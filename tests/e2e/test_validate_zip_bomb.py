"""`kiosk validate` warns of a file `kiosk pack` would refuse as a zip bomb to an install (a file
that packs over 100 times smaller, such as a file of zeros), in pack's own words, before pack is run."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers.process import environment, kiosk

DECK = """\
deck:
  id: harvest
  title: Harvest week
  archive: true
slides:
  - {id: welcome, type: title, title: Harvest week}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(kiosk(*args), capture_output=True, text=True, env=environment(), cwd=cwd, timeout=120)


def test_validate_warns_of_a_file_of_zeros_that_pack_then_refuses(tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_text(DECK, encoding="utf-8")
    (deck / "zeros.bin").write_bytes(bytes(3_000_000))  # head -c 3000000 /dev/zero

    validated = run("validate", "deck", cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr  # the deck plays: only a warning
    said = "'zeros.bin' packs 1026 times smaller, more than a real picture or video does (kiosk install would refuse it)"
    warning = f"deck/deck.yaml:1:1: warning: kiosk pack would refuse this deck folder: {said}"
    assert warning in validated.stdout.splitlines()[0], validated.stdout
    # A slide may use the file (a huge flat picture packs as small): the fix says both ways.
    assert "if a slide uses it, make it smaller (a picture of fewer pixels" in validated.stdout.splitlines()[0]
    assert "else remove it from the deck folder" in validated.stdout.splitlines()[0]
    assert validated.stdout.splitlines()[-1] == "deck/deck.yaml: valid, 2 slides (1 warning)"

    packed = run("pack", "deck", "--out", "d.zip", cwd=tmp_path)
    assert packed.returncode == 1 and said in packed.stderr, packed.stderr
    assert not (tmp_path / "d.zip").exists()

    (deck / "zeros.bin").unlink()
    assert "kiosk pack would refuse" not in run("validate", "deck", cwd=tmp_path).stdout
    assert run("pack", "deck", "--out", "d.zip", cwd=tmp_path).returncode == 0
