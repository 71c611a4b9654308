"""A warning that says the same of a view in several languages is said once, naming them:
an untranslated slide in a deck of many languages gives one line, not one per language."""

from __future__ import annotations

import subprocess
import sys

from kiosk.deck.problems import Problem
from kiosk.qt.fit import _languages_together

LONG = "Modern slavery is when someone takes away a person's freedom so as to use them for gain. " * 30


def warning(message: str, line: int = 3, hint: str = "shorten it") -> Problem:
    return Problem("deck.yaml", line, 5, message, hint, "warning")


def test_the_same_warning_in_several_languages_is_said_once_with_them():
    said = _languages_together([
        warning("slide 'a' (en): text does not fit at 1280x800"),
        warning("slide 'a' (pl): text does not fit at 1280x800"),
        warning("slide 'a' (ro): text does not fit at 1920x1080 and 1280x800"),
        warning("slide 'a' (ar): text does not fit at 1280x800"),
        warning("slide 'b' page 'p' (en): 'word' is wider than its line at 1280x800", line=9),
        warning("slide 'b' page 'p' (pl): 'word' is wider than its line at 1280x800", line=9),
        warning("the controls in 'pl': 'Wstecz' does not fit its button at 1280x800", line=1),
    ], ["en", "pl", "ro", "ar"])
    assert [p.message for p in said] == [
        "slide 'a' (en, pl, ar): text does not fit at 1280x800",
        "slide 'a' (ro): text does not fit at 1920x1080 and 1280x800",
        "slide 'b' page 'p' (en, pl): 'word' is wider than its line at 1280x800",
        "the controls in 'pl': 'Wstecz' does not fit its button at 1280x800",
    ]
    every = _languages_together([warning(f"slide 'a' ({lang}): text does not fit at 1280x800") for lang in "abc"],
                                ["a", "b", "c"])
    assert [p.message for p in every] == ["slide 'a' (every language): text does not fit at 1280x800"]
    other_place = _languages_together([warning("slide 'a' (en): x"), warning("slide 'a' (pl): x", line=4)], ["en", "pl"])
    assert len(other_place) == 2


def test_an_untranslated_slide_in_three_languages_is_one_warning(write_deck):
    folder = write_deck("deck: {id: many, title: Many, languages: [en, pl, ro]}\nslides:\n"
                        f"  - {{id: long, type: text, title: Long read, body: \"{LONG}\"}}\n"
                        "  - {id: help, type: helpline, phone: '08000 121 700'}\n")
    done = subprocess.run([sys.executable, "-m", "kiosk", "validate", "--no-cache", str(folder)],
                          capture_output=True, text=True, timeout=300)
    fits = [line for line in done.stdout.splitlines() if "text does not fit" in line]
    assert len(fits) == 1 and "slide 'long' (every language): text does not fit at" in fits[0], done.stdout
