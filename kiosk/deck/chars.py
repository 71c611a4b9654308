r"""Which characters deck text may hold, and how text is quoted safely on a terminal.

Deck text is shown as written, so a character that changes how the rest reads is refused:
bidirectional embeddings and overrides (U+202A–U+202E) can make ``Call \u202e0071 21 00080``
show as ``Call 08000 12 1700`` (Unicode Standard Annex #9; the "Trojan Source" attack,
CVE-2021-42574), and control characters (C0 and C1 but line feed and tab) are drawn as
nothing or as boxes. Isolates (U+2066–U+2069) have one honest use, keeping a phone number's
digit groups left to right inside Arabic, Hebrew, Persian or Urdu text
(``\u206608000 121 700\u2069``): they are accepted in right-to-left text when each one is
closed, and refused elsewhere.

Invisible characters with real uses are only warned about: zero-width space and word joiner
(they hide inside words), zero-width joiner and non-joiner between Latin letters (elsewhere
they shape Arabic, Persian, Indic scripts and emoji), and left-to-right / right-to-left marks
outside right-to-left text.
"""

from __future__ import annotations

import unicodedata

#: Bidirectional embeddings and overrides (U+202A–U+202E).
BIDI_OVERRIDES = frozenset(chr(c) for c in range(0x202A, 0x202F))
#: Isolates: LEFT-TO-RIGHT, RIGHT-TO-LEFT and FIRST STRONG ISOLATE, and POP DIRECTIONAL ISOLATE.
ISOLATES = frozenset("\u2066\u2067\u2068\u2069")
#: Every bidi control: embeddings, overrides and isolates.
BIDI_CONTROLS = BIDI_OVERRIDES | ISOLATES
#: Directional marks: LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK, ARABIC LETTER MARK.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
#: Invisible characters with no use inside a word: ZERO WIDTH SPACE, WORD JOINER, BOM.
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")
#: ZERO WIDTH NON-JOINER and JOINER: needed in some scripts and emoji, not between Latin letters.
JOINERS = frozenset("\u200c\u200d")


def char_name(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a character named for a message, never itself."""
    if unicodedata.category(ch) == "Cc":
        return f"U+{ord(ch):04X} (a control character)"
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def refused_char(text: str, rtl: bool = False) -> tuple[int, str] | None:
    """The first character deck text may not hold, as (1-based position, character), or ``None``.

    Refused: bidi embeddings and overrides; control characters other than line feed and tab;
    isolates, unless ``rtl`` (the text is in a right-to-left language) and every isolate is
    closed by a POP DIRECTIONAL ISOLATE (an unclosed one is the position given).
    """
    open_at: list[int] = []
    for index, ch in enumerate(text, start=1):
        if ch in BIDI_OVERRIDES or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"):
            return index, ch
        if ch in ISOLATES:
            if not rtl:
                return index, ch
            if ch != "\u2069":
                open_at.append(index)
            elif not open_at:
                return index, ch
            else:
                open_at.pop()
    if open_at:
        return open_at[-1], text[open_at[-1] - 1]
    return None


def doubtful_chars(text: str, rtl: bool) -> list[tuple[int, str]]:
    """Invisible characters in ``text`` worth a warning, as (1-based position, character).

    Args:
        text: one text as written.
        rtl: ``True`` when the text is in a right-to-left language (directional marks belong there).
    """
    found = []
    for index, ch in enumerate(text, start=1):
        if (ch in ZERO_WIDTH and not (ch == "\ufeff" and index == 1)) or (ch in BIDI_MARKS and not rtl):
            found.append((index, ch))
        elif ch in JOINERS:
            around = text[index - 2:index - 1] + text[index:index + 1]
            if around and all(c.isascii() for c in around):
                found.append((index, ch))
    return found


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: controls and bidi characters written as escapes.

    Control characters (including line breaks: a message is one line), bidi controls and marks,
    line and paragraph separators and lone surrogates become ``\\x1b`` or ``\\u202e``; every
    other character, accented letters and other scripts included, is kept.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch in BIDI_CONTROLS or ch in BIDI_MARKS or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


__all__ = ["BIDI_CONTROLS", "BIDI_MARKS", "BIDI_OVERRIDES", "ISOLATES", "JOINERS", "ZERO_WIDTH", "char_name", "doubtful_chars",
           "printable", "refused_char"]
