"""The bundled deck's languages and the slides translated into each."""

from __future__ import annotations

from kiosk.player.navigator import all_positions

#: The languages the bundled deck offers, in the order of its picker.
DECK_LANGUAGES = ["en", "pl", "ro", "lt", "lv", "bg", "pt", "sq", "vi", "ar"]
#: Slides translated into every language (with all their pages).
TRANSLATED = {"spot-the-signs", "what-to-do", "help"}
#: Symbols the player draws on its controls.
CONTROL_SYMBOLS = "‹›▶❚✕◐·"


def translated_positions(deck):
    """Every slide and page of the translated slides."""
    return [p for p in all_positions(deck) if deck.slides[p.slide].id in TRANSLATED]
