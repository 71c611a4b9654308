"""Does every character a deck shows have a glyph in a bundled font?

A character no font has is drawn as an empty box (or nothing) on a kiosk with no other fonts
installed, so ``kiosk validate`` warns about it, naming the text and the character. Fonts are
read with fontTools (their ``cmap`` tables); no Qt. Also warns about the cedilla forms ş ţ in
Romanian text, which should be the comma-below letters ș ț (Unicode's own advice, since 3.0).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont, TTLibError
from pydantic import BaseModel

from kiosk import paths
from kiosk.deck.model import Deck
from kiosk.deck.problems import Problem
from kiosk.deck.source import NodePath, SourceDoc

#: Fields that hold names, codes or links, never drawn as text.
NOT_DRAWN = frozenset({"id", "type", "theme", "review", "image", "fit", "timezone", "goto", "link", "icon",
                       "languages", "weekdays", "times"})
#: Romanian cedilla letters and the comma-below letters they should be.
CEDILLA_TO_COMMA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
FONT_SUFFIXES = (".ttf", ".otf")


def font_files(folder: Path | None = None) -> list[Path]:
    """Every font file under ``folder`` (default: the bundled ``assets/fonts``), sorted."""
    folder = folder or paths.assets() / "fonts"
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)


@lru_cache(maxsize=8)
def coverage(files: tuple[Path, ...]) -> frozenset[int]:
    """The code points that at least one of ``files`` maps to a glyph (from each font's best cmap).

    Unreadable files are skipped (they cover nothing). Only the code points are wanted, not the
    glyphs' names: each font is given plain names by glyph number (from its ``maxp`` table), so
    fontTools does not read its ``post`` table nor load the Adobe Glyph List to name them (about
    30 ms of a check).
    """
    points: set[int] = set()
    for file in files:
        try:
            with TTFont(file, lazy=True) as font:
                font.setGlyphOrder([f"glyph{number}" for number in range(font["maxp"].numGlyphs)])
                points.update(font.getBestCmap() or {})
        except (TTLibError, OSError, KeyError):  # KeyError: a table missing
            continue
    return frozenset(points)


def bundled_coverage() -> frozenset[int]:
    """Code points covered by the fonts bundled with the kiosk."""
    return coverage(tuple(font_files()))


def needs_glyph(char: str) -> bool:
    """False for characters drawn as nothing: spaces, controls and format marks (e.g. U+2066)."""
    return unicodedata.category(char) not in ("Zs", "Zl", "Zp", "Cc", "Cf") and char not in "\n\t"


def missing(text: str, covered: frozenset[int]) -> list[str]:
    """The distinct characters of ``text`` no covered font has, in order of first use."""
    if not set(map(ord, text)).difference(covered):
        return []
    absent = {c for c in set(text) if ord(c) not in covered}
    return list(dict.fromkeys(c for c in text if c in absent and needs_glyph(c)))


def drawn_texts(node: Any, path: NodePath = ()) -> Iterator[tuple[NodePath, str | None, str]]:
    """Every visible string in a deck model: (path, language code or ``None``, text)."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in NOT_DRAWN:
                yield from drawn_texts(getattr(node, name), path + (name,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from drawn_texts(item, path + (i,))
    elif isinstance(node, dict):
        for lang, text in node.items():
            if isinstance(text, str):
                yield path + (lang,), lang, text
    elif isinstance(node, str):
        yield path, None, node


def check_glyphs(deck: Deck, doc: SourceDoc, covered: frozenset[int] | None = None) -> list[Problem]:
    """Warn for each text with a character no bundled font has, and for Romanian cedilla letters.

    Args:
        deck: the validated deck.
        doc: its source, for positions.
        covered: code points to accept (default: :func:`bundled_coverage`).

    Returns:
        Warnings, one per text.
    """
    covered = bundled_coverage() if covered is None else covered
    problems = []
    for path, lang, text in drawn_texts(deck):
        absent = missing(text, covered)
        if absent:
            names = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in absent[:5])
            problems.append(doc.problem(
                path, f"{_where(deck, path)}{names} {'is' if len(absent) == 1 else 'are'} in no bundled font and "
                      "would show as a box", "use another character, or add an open-licence font that has it to "
                      "assets/fonts/", severity="warning"))
        cedillas = [c for c in dict.fromkeys(text) if c in CEDILLA_TO_COMMA]
        if lang == "ro" and cedillas:
            swaps = ", ".join(f"{c} → {CEDILLA_TO_COMMA[c]}" for c in cedillas)
            problems.append(doc.problem(path, f"{_where(deck, path)}Romanian text uses cedilla letters ({swaps})",
                                        "use the comma-below letters ș ț Ș Ț", severity="warning"))
    return problems


def _where(deck: Deck, path: NodePath) -> str:
    if len(path) > 1 and path[0] == "slides" and isinstance(path[1], int):
        return f"slide '{deck.slides[path[1]].id}': "
    return ""


__all__ = ["bundled_coverage", "check_glyphs", "coverage", "drawn_texts", "font_files", "missing", "needs_glyph"]
