"""Deliberately broken decks (tests/broken/<name>/), each with the exact lines ``kiosk validate`` prints.

Each case folder holds ``deck.yaml`` (and any pictures it names) and ``expected.txt``: the output
of ``kiosk validate <case>`` with the case folder's path cut from the front of each line, so
``deck.yaml:8:5: error: …`` and ``deck.yaml: invalid (1 error)``. The exit code must be 1 when
any line is an error, 0 otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BROKEN
from kiosk.cli import main

CASES = sorted(p for p in BROKEN.iterdir() if (p / "deck.yaml").is_file())


#: How far ahead a date far in the future is ("is 170 years from now"), which changes as the
#: years go by: the lines are compared with the number of years left out.
YEARS_AHEAD = re.compile(r"(?<= is )[0-9,]+(?= years? from now)")


def normalise(text: str, case: Path) -> list[str]:
    """The output's lines with the case folder (absolute or relative) cut from their paths, and
    the number of years a date is ahead as ``N``."""
    prefixes = sorted({f"{case}{os.sep}", f"{os.path.relpath(case)}{os.sep}"}, key=len, reverse=True)
    lines = []
    for line in text.splitlines():
        for prefix in prefixes:
            line = line.replace(prefix, "")
        lines.append(YEARS_AHEAD.sub("N", line))
    return lines


def expected(case: Path) -> tuple[list[str], int]:
    lines = [YEARS_AHEAD.sub("N", line) for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()]
    return lines, 1 if any(": error: " in line for line in lines) else 0


def test_there_are_enough_cases():
    assert len(CASES) >= 25
    assert all((case / "expected.txt").is_file() for case in CASES), [c.name for c in CASES]


#: Cases that make Qt itself warn in this process (pytest-qt fails a test on a Qt warning): what
#: Qt's SVG reader says of a broken drawing, which the kiosk reports as a located warning instead
#: of printing it (the installed command's test below holds it to an empty stderr).
QT_SAYS = {"svg-parts-left-out": "Invalid path data"}


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.qt_log_ignore(QT_SAYS[c.name])]
                                               if c.name in QT_SAYS else []) for c in CASES])
def test_validate_prints_exactly_the_expected_lines(case, capsys, qapp):
    # qapp: the text-fit check renders offscreen on pytest-qt's application.
    lines, code = expected(case)
    assert main(["validate", str(case)]) == code
    out = capsys.readouterr()
    assert normalise(out.out, case) == lines
    assert "Traceback" not in out.err


@pytest.mark.parametrize("name", ["binary-garbage", "bom-and-tab", "unknown-field", "svg-parts-left-out",
                                  "raw-control-chars", "script-without-font", "svg-with-text"])
def test_the_installed_command_prints_the_same(name):
    case = BROKEN / name
    lines, code = expected(case)
    proc = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(case)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == code
    assert normalise(proc.stdout, case) == lines
    assert proc.stderr == ""


@pytest.mark.parametrize("command", [["validate", "--no-fit"], ["render", "--out", "{out}"],
                                     ["run", "--headless", "--cycles", "1", "--time-scale", "100"]],
                         ids=["validate-no-fit", "render", "run"])
def test_a_drawing_with_text_is_read_in_every_command(command, tmp_path):
    """Each command that reads the deck's pictures before it lays anything out (``validate``
    without the fit check, ``render``'s check, the checking process of ``kiosk run``) makes
    its Qt application first: a drawing's text needs Qt's fonts, and without the application
    Qt ended the process (SIGABRT, no message)."""
    case = BROKEN / "svg-with-text"
    args = [part.format(out=tmp_path / "out") for part in command]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    proc = subprocess.run([sys.executable, "-m", "kiosk", *args, str(case)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "QFontDatabase" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_picture_read_before_the_application_is_a_fault_of_the_kiosks_own(tmp_path):
    """Reading a picture with no Qt application is refused (a crash report says it), never the
    abort Qt gives at a drawing's text."""
    code = ("from pathlib import Path\n"
            "from kiosk.qt.pictures import read_image\n"
            f"read_image(Path({str(BROKEN / 'svg-with-text' / 'drawing.svg')!r}))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 1 and "RuntimeError: a picture is read before the Qt application is made" in proc.stderr


def test_misfit_warnings_name_the_page_and_sizes_at_its_place(bundled_deck):
    from kiosk.player.navigator import Position
    from kiosk.qt.fit import Misfit, misfit_problems
    deck, doc = bundled_deck.deck, bundled_deck.source
    signs = next(i for i, s in enumerate(deck.slides) if s.type == "signs")
    page = Position(signs, "movement")
    misfits = [Misfit(page, (1080, 1920), "en"), Misfit(page, (1280, 800), "en"), Misfit(Position(0), (1920, 1080), "en")]
    first, second = misfit_problems(misfits, deck, doc)
    assert first.message == ("slide 'spot-the-signs' page 'movement' (en): text does not fit at 1080x1920 and 1280x800, "
                             "even at the smallest readable size")
    assert (first.line, first.col) == doc.where(("slides", signs, "pages", 4)) and first.severity == "warning"
    lines = (BROKEN.parent.parent / "slides" / "freedom-week-2019" / "deck.yaml").read_text().splitlines()
    assert lines[first.line - 1].strip() == "- id: movement"
    assert second.message.startswith("slide 'welcome' (en): text does not fit at 1920x1080,")
