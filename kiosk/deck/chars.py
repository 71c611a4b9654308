r"""Which characters deck text may hold, and how text is quoted safely on a terminal.

Deck text is shown as written, so a character that changes how the rest reads is refused:
bidirectional embeddings and overrides (U+202A–U+202E) can make ``Call \u202e0071 21 00080``
show as ``Call 08000 12 1700`` (Unicode Standard Annex #9; the "Trojan Source" attack,
CVE-2021-42574), and control characters (C0 and C1 but line feed and tab) are drawn as
nothing or as boxes. Isolates (U+2066–U+2069) have one honest use, keeping a phone number's
digit groups left to right inside Arabic, Hebrew, Persian or Urdu text
(``\u206608000 121 700\u2069``): they are accepted in right-to-left text when each one is
closed, and refused elsewhere.

A stack of combining marks on one letter (``i`` and a hundred accents, "Zalgo" text) is drawn
as a column of marks over the lines above and below it: more than :data:`MAX_MARKS` marks
(Unicode categories Mn and Me) in a row is refused too: four marks above one letter already
reach the line above. Real text needs at most three: Vietnamese
written with separate accents puts two on a vowel (``ệ``: e, dot below, circumflex), Arabic a
shadda and a vowel, Hebrew with points a dagesh, a vowel and a cantillation mark, Thai a vowel and
a tone mark, Tibetan a stacked consonant's vowel and sign.

Invisible characters with real uses are only warned about: zero-width space and word joiner
(they hide inside words), zero-width joiner and non-joiner between Latin letters (elsewhere
they shape Arabic, Persian, Indic scripts and emoji), and left-to-right / right-to-left marks
outside right-to-left text. So is every other format character (Unicode category Cf) but the
few with a use on screen (:func:`doubtful_chars`): tag characters (U+E0000–U+E007F) hide text
that no one sees (they are kept only where they spell a flag emoji such as Wales's), and the
interlinear annotation characters (U+FFF9–U+FFFB) mark up text a renderer may drop or show.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from kiosk.deck.marks import MARKS

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
#: Format characters (category Cf) that show something or shape the text around them, so they
#: are never warned about: SOFT HYPHEN (a hyphen where a line breaks), and the signs drawn
#: around numbers in Arabic, Syriac and Kaithi (U+0600–U+0605, U+06DD, U+070F, U+0890–U+0891,
#: U+08E2, U+110BD, U+110CD).
SHOWN_FORMAT = frozenset("\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
                         "\U000110bd\U000110cd")
#: BLACK FLAG and CANCEL TAG: an emoji tag sequence (a subdivision flag) is the black flag, tag
#: characters, then CANCEL TAG (Unicode Technical Standard #51, ED-14a).
_BLACK_FLAG, _CANCEL_TAG = "\U0001f3f4", "\U000e007f"
#: The ASCII control characters deck text may not hold (all but line feed and tab).
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Every character :func:`refused_char` may refuse: the control characters (Unicode category
#: Cc is U+0000–U+001F and U+007F–U+009F, fixed by Unicode's stability policy) but line feed and
#: tab, the bidi embeddings and overrides, and the isolates.
_REFUSABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: LINE SEPARATOR, PARAGRAPH SEPARATOR and NEXT LINE (NEL): line breaks to Unicode, yet Qt draws
#: nothing for them in a text (``paragraph.Second``): refused, with the advice to write a line
#: feed, the one line break deck text holds.
OTHER_BREAKS = frozenset("\u2028\u2029\x85")

#: Most combining marks (Unicode categories Mn and Me) one character may carry: see the module's text.
MAX_MARKS = 3


@functools.cache
def _mark_stack() -> re.Pattern[str]:
    """A run of more combining marks than :data:`MAX_MARKS` (found at the speed of :mod:`re`;
    compiled when first needed, for non-ASCII text: about a millisecond)."""
    return re.compile(f"[{MARKS}]{{{MAX_MARKS + 1},}}")


#: Plain names of the control and break characters met in real files, and where they come from.
PLAIN_NAMES = {
    "\x00": "a null character (U+0000)",
    "\x07": "a bell character (U+0007)",
    "\x08": "a backspace character (U+0008)",
    "\x0b": "a vertical tab (U+000B, what Word inserts for Shift+Enter)",
    "\x0c": "a form feed (U+000C, a page break from a word processor)",
    "\r": "a carriage return (U+000D) alone, not before a line feed",
    "\x1b": "an escape character (U+001B, from terminal colour codes)",
    "\x7f": "a delete character (U+007F)",
    "\x85": "a next-line character (U+0085 NEL, from old Windows or EBCDIC text)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
    "\ufffe": "a noncharacter (U+FFFE, a byte-order mark read the wrong way round)",
    "\uffff": "a noncharacter (U+FFFF)",
}


def plain_name(ch: str) -> str:
    """A control or break character named in plain words (:data:`PLAIN_NAMES`), else
    ``"a control character (U+001C)"`` or :func:`char_name`'s name."""
    if ch in PLAIN_NAMES:
        return PLAIN_NAMES[ch]
    if unicodedata.category(ch) == "Cc":
        return f"a control character (U+{ord(ch):04X})"
    return char_name(ch)


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
    closed by a POP DIRECTIONAL ISOLATE (an unclosed one is the position given); and the first
    combining mark past :data:`MAX_MARKS` on one character (:func:`mark_stack` tells how many).
    """
    if text.isascii():  # the common case, at once: no bidi character, only controls to find
        control = _ASCII_CONTROL.search(text)
        return (control.start() + 1, control.group()) if control else None
    stack = _mark_stack().search(text)
    found = _refused_control(text, rtl) if _REFUSABLE.search(text) else None
    if stack and (found is None or stack.start() + MAX_MARKS < found[0]):
        return stack.start() + MAX_MARKS + 1, text[stack.start() + MAX_MARKS]
    return found


def why_refused(text: str, rtl: bool = False) -> str | None:
    """Why ``text`` may not be shown (:func:`refused_char`), as the end of a message with its fix
    ("has U+202E RIGHT-TO-LEFT OVERRIDE at character 5, which reorders the text on screen —
    delete it …"), or ``None`` when it may. Used for deck text and for the settings' texts alike."""
    refused = refused_char(text, rtl)
    if refused is None:
        return None
    index, ch = refused
    stacked = mark_stack_message(text, index)
    if stacked:
        return stacked
    if ch in ISOLATES and rtl:
        return (f"has {char_name(ch)} at character {index} without its pair — close each "
                "isolate with U+2069 (\\u2069), or delete it")
    if ch in OTHER_BREAKS:
        return (f"has {plain_name(ch)} at character {index}, which the screen shows as nothing — write a "
                "line break instead (a new line in a | block, or \\n in a quoted text), or a space")
    effect = ", which reorders the text on screen" if ch in BIDI_CONTROLS else ""
    fix = " (an isolate is accepted only around numbers in right-to-left text)" if ch in ISOLATES else \
        " (retype the text around it if you cannot see it)"
    return f"has {char_name(ch)} at character {index}{effect} — delete it{fix}"


def mark_stack(text: str) -> tuple[int, int] | None:
    """The first character carrying more than :data:`MAX_MARKS` combining marks, as (1-based
    position of that character, number of marks), or ``None``. A run of marks at the very start
    of the text (on no character) is at position 0."""
    stack = _mark_stack().search(text)
    return (stack.start(), stack.end() - stack.start()) if stack else None


def mark_stack_message(text: str, index: int) -> str | None:
    """Why ``text`` is refused when :func:`refused_char` gave ``index`` for a stack of marks
    ("has 100 combining marks on character 1 ('i')… — keep at most 3…"), else ``None``."""
    stack = mark_stack(text)
    if stack is None or index != stack[0] + MAX_MARKS + 1:
        return None
    at, count = stack
    on = f"character {at} ({printable(text[at - 1])!r})" if at else "the start of the text"
    return (f"has {count} combining marks on {on}, drawn as a column of accents over the lines around it — "
            f"keep at most {MAX_MARKS} on one letter (retype the word)")


def _refused_control(text: str, rtl: bool) -> tuple[int, str] | None:
    """:func:`refused_char`'s look at each character for controls, overrides and isolates."""
    open_at: list[int] = []
    for index, ch in enumerate(text, start=1):
        if ch in BIDI_OVERRIDES or ch in OTHER_BREAKS or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"):
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

    Warned: zero-width space, word joiner, a byte-order mark past the start; directional marks
    outside right-to-left text; zero-width (non-)joiners between Latin letters; and every other
    format character (Unicode category Cf) but :data:`SHOWN_FORMAT`, the bidi controls (refused
    or checked by :func:`refused_char`) and tag characters spelling a flag emoji.

    Args:
        text: one text as written.
        rtl: ``True`` when the text is in a right-to-left language (directional marks belong there).
    """
    if text.isascii():  # every character warned about is outside ASCII (ASCII has no format character)
        return []
    found = []
    flag_tags = _flag_tags(text)
    for index, ch in enumerate(text, start=1):
        if (ch in ZERO_WIDTH and not (ch == "\ufeff" and index == 1)) or (ch in BIDI_MARKS and not rtl):
            found.append((index, ch))
        elif ch in JOINERS:
            around = text[index - 2:index - 1] + text[index:index + 1]
            if around and all(c.isascii() for c in around):
                found.append((index, ch))
        elif unicodedata.category(ch) == "Cf" and ch not in BIDI_CONTROLS and ch not in BIDI_MARKS \
                and ch not in ZERO_WIDTH and ch not in SHOWN_FORMAT and index not in flag_tags:
            found.append((index, ch))  # bidi controls are refused (refused_char), or kept in RTL text
    return found


def _flag_tags(text: str) -> set[int]:
    """1-based positions of the tag characters that spell an emoji flag (black flag, tags a–z
    or 0–9, cancel tag: UTS #51 ED-14a), which draw as one picture."""
    kept: set[int] = set()
    start = text.find(_BLACK_FLAG)
    while start != -1:
        end = start + 1
        while end < len(text) and ("\U000e0030" <= text[end] <= "\U000e0039" or "\U000e0061" <= text[end] <= "\U000e007a"):
            end += 1
        if end > start + 1 and end < len(text) and text[end] == _CANCEL_TAG:
            kept.update(range(start + 2, end + 2))
        start = text.find(_BLACK_FLAG, end)
    return kept


def outer_space(text: str) -> str | None:
    """Where ``text`` (a link, or a part of a picture's name) has white space it cannot mean:
    ``"at the start"``, ``"at the end"``, ``"at the start and end"``, or ``None``.

    A link or a file name is taken character for character (a phone does not open
    ``" https://x.org"`` as written, and ``"p.png "`` is not ``p.png``), so every link and picture
    name is judged by this one rule (``str.strip``'s white space: spaces, tabs, line breaks).
    """
    start, end = text[:1].isspace(), text[-1:].isspace()
    if not (start or end):
        return None
    return "at the start and end" if start and end else "at the start" if start else "at the end"


def printable(text: str, keep_joiners: bool = True) -> str:
    """``text`` safe to print on a terminal or a page: controls, bidi and invisible format
    characters written as escapes.

    Control characters (including line breaks: a message is one line), bidi controls and marks,
    line and paragraph separators, lone surrogates and the other invisible format characters
    (Unicode category Cf: a soft hyphen, a zero-width space, a word joiner, a byte order mark,
    tags) become ``\\x1b``, ``\\u202e`` or ``\\u00ad``; every other character, accented letters
    and other scripts included, is kept.

    Args:
        text: what to print.
        keep_joiners: keep the zero-width joiner and non-joiner (:data:`JOINERS`), which some
            scripts and emoji need inside a word; ``False`` for names and identifiers (a
            kiosk's or a deck's name), where nothing invisible belongs.
    """
    out = []
    for ch in text:
        code = ord(ch)
        category = unicodedata.category(ch)
        if (ch in BIDI_CONTROLS or ch in BIDI_MARKS or category in ("Cc", "Zl", "Zp", "Cs")
                or (category == "Cf" and not (keep_joiners and ch in JOINERS))):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


#: Longest value a message shows whole: a longer run without a space (a 5,000-character slide
#: id, a pasted link) or a longer quoted value (a 3,000-character title of words) is cut to
#: :data:`SHOWN_START` characters.
LONGEST_SHOWN = 120
#: How many characters of a value too long to show whole are shown.
SHOWN_START = 60
#: Longest message (or hint) shown whole once its long values are cut. Only a value whose own
#: quote marks hide where it ends (``'it's a ' b ' c…'``, many times over) leaves one longer; the
#: message is then cut to its first :data:`MESSAGE_START` characters and its length.
LONGEST_MESSAGE = 1000
#: How many characters of a message too long to show whole are shown.
MESSAGE_START = 400

_LONG_RUN = re.compile(rf"[^\s'\"]{{{LONGEST_SHOWN + 1},}}")

#: A quoted value: a quote mark that opens (not after a letter or digit, as the one of "it's"),
#: then the text up to the first quote mark of the same kind that closes (not before a letter or
#: digit): ``'welcome'``, ``"01:15-05:00"``, ``'It's open'``.
_QUOTED = re.compile(r"(?<!\w)(['\"])(.*?)\1(?!\w)", re.S)


def shortened(text: str) -> str:
    """``text`` as a message shows it: whole when it is at most :data:`LONGEST_SHOWN` characters,
    else its first :data:`SHOWN_START` characters, an ellipsis and its length
    (``"aaaa…" (5,000 characters)`` reads ``aaaa… (5,000 characters)``), so one long value never
    makes a message thousands of characters wide.

    Args:
        text: a value a person wrote (an id, a field name, a link).

    Returns:
        The text to put in the message.
    """
    if len(text) <= LONGEST_SHOWN:
        return text
    return f"{text[:SHOWN_START]}… ({len(text):,} characters)"


def long_values_shortened(message: str) -> str:
    """``message`` with every value too long to show whole :func:`shortened`: a quoted value of more
    than :data:`LONGEST_SHOWN` characters, spaces and quote marks inside it included
    (``title 'Modern slavery is…' … (3,000 characters)'``), then any run of more than
    :data:`LONGEST_SHOWN` characters without a space or quote (an unquoted value, a pasted link).
    A message still longer than :data:`LONGEST_MESSAGE` characters (a value whose own quote marks
    hide where it ends) is cut to its first :data:`MESSAGE_START` characters and its length.
    A message of values of ordinary length is returned unchanged. The one place every problem's
    words pass (:class:`kiosk.deck.problems.Problem`), so each value a deck's author or a
    settings file wrote is bounded wherever a message quotes it.

    Args:
        message: a problem's message or hint, one line.

    Returns:
        The message to show, at most :data:`LONGEST_MESSAGE` characters and its length.
    """
    if len(message) <= LONGEST_SHOWN:
        return message
    quoted = _QUOTED.sub(lambda found: f"{found[1]}{shortened(found[2])}{found[1]}", message)
    out = _LONG_RUN.sub(lambda found: shortened(found.group()), quoted)
    if len(out) > LONGEST_MESSAGE:
        return f"{out[:MESSAGE_START]}… ({len(message):,} characters)"
    return out


__all__ = ["BIDI_CONTROLS", "BIDI_MARKS", "BIDI_OVERRIDES", "ISOLATES", "JOINERS", "LONGEST_SHOWN", "MAX_MARKS", "ZERO_WIDTH", "char_name",
           "doubtful_chars", "long_values_shortened", "mark_stack", "mark_stack_message", "outer_space", "printable", "refused_char", "shortened",
           "why_refused"]
