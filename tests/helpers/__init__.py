"""Helpers shared by the tests, and where the tests' data folders are.

``tests/unit`` imports only the Qt-free modules here (this one, :mod:`helpers.facts`,
:mod:`helpers.fleet`); :mod:`helpers.gui` and :mod:`helpers.glyphs` need PySide6.
"""

from __future__ import annotations

from pathlib import Path

#: The tests folder, and the repository above it.
TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
#: The bundled Freedom Week deck's folder.
BUNDLED = ROOT / "slides" / "freedom-week-2019"
#: Hand-made decks for particular cases (``tests/cases/<case>/deck.yaml``).
CASES = TESTS / "cases"
#: The broken-deck corpus (``tests/broken/<case>/deck.yaml`` and ``expected.txt``).
BROKEN = TESTS / "broken"
#: The facts list and its sources (``tests/sources``).
SOURCES = TESTS / "sources"


def besides_helpline(problems: list) -> list:
    """``problems`` without the warning that the deck has no helpline slide, for tests whose
    small decks are about another check (kiosk.deck.checks warns about every deck without one)."""
    return [p for p in problems if "the deck has no helpline slide" not in p.message]
