"""Lay out a text as Qt draws it and report glyphs that would not show properly."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout

from kiosk.deck.glyphs import needs_glyph

#: Families the kiosk bundles (assets/fonts).
BUNDLED = {"Atkinson Hyperlegible", "Noto Sans", "Noto Sans Arabic", "Noto Sans Symbols2"}


def bad_glyphs(text: str, family: str, pixel_size: int = 40) -> list[str]:
    """Problems with ``text`` laid out in ``family`` (with the player's fallbacks): a run drawn
    by a font that is not bundled, the missing-glyph box (glyph 0), or a run with no ink at all.

    The bundled fonts must already be loaded (``kiosk.qt.startup.load_fonts``).
    """
    font = QFont(family)
    font.setPixelSize(pixel_size)
    problems = []
    for run in _runs(text, font):
        raw = run.rawFont()
        if raw.familyName() not in BUNDLED:
            problems.append(f"{text!r}: drawn with {raw.familyName()!r}, not a bundled font")
        if 0 in run.glyphIndexes():
            problems.append(f"{text!r}: missing-glyph box in {raw.familyName()!r}")
    for char in dict.fromkeys(text):
        if needs_glyph(char) and not any(not run.rawFont().pathForGlyph(g).isEmpty()
                                         for run in _runs(char, font) for g in run.glyphIndexes()):
            problems.append(f"{text!r}: {char!r} (U+{ord(char):04X}) is drawn blank")
    return problems


def _runs(text: str, font: QFont):
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100000)
    layout.endLayout()
    return layout.glyphRuns()
