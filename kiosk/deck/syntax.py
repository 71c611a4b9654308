"""Explain a YAML syntax error in plain words, at the line where the mistake was made.

The parser's own wording ("expected <block end>, but found '<scalar>'") names what it met, often
several lines after the real mistake. Here a few everyday mistakes are recognised from the raw
lines above the parser's mark, and each guess is checked by repairing the text and parsing it
again: a guess is used only when the repair makes the file parse, or moves the error past where
the parser first stopped. Otherwise the caller keeps the parser's message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

#: A quoted value starting: at the start of a line or list item, after "key: ", or in a flow collection.
_QUOTE_START = re.compile(r"""(?:^\s*(?:-\s+)*|:\s+|[\[{,]\s*)(["'])""")
#: "key: #0e2238" or "{background: #0e2238}": an unquoted colour, which YAML reads as a comment.
_BARE_COLOUR = re.compile(r"(?<=:)\s+(#[0-9a-fA-F]{3,8})\b")
#: "-We train": a list item with no space after the dash (but not "---" or "-5").
_TIGHT_DASH = re.compile(r"^(\s*)-(?=[^\s\-0-9.])")
#: "key: value" on a block line, with an optional "- " in front.
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'][^:#]*?):\s+(\S.*?)\s*$")

#: How many lines above the parser's mark a dash, colon or indentation mistake is looked for.
_NEAR = 3
#: Most characters parsed again in checking guesses, for one error (about half a second of
#: parsing); a guess beyond it is not tried and the parser's own message is kept.
_BUDGET = 1_000_000


@dataclass(frozen=True)
class Diagnosis:
    """A plain explanation of a syntax error.

    Attributes:
        line: 1-based line of the mistake.
        col: 1-based column of the mistake.
        message: what is wrong, in plain words.
        hint: how to fix it.
        at: the mistake's index in the text, where one character is meant (else -1).
    """

    line: int
    col: int
    message: str
    hint: str
    at: int = -1


#: Characters a deck file may not hold anywhere: the control characters (C0 but tab, line feed
#: and carriage return; DEL; C1, NEL among them), which YAML refuses (YAML 1.2, 5.1 "Character
#: Set") or, for NEL, reads as a line break that the screen does not show; LINE SEPARATOR and
#: PARAGRAPH SEPARATOR (the same); and the noncharacters U+FFFE and U+FFFF.
_RAW_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: Most refused characters told one by one; beyond them, one more line says how many are left.
RAW_SHOWN = 10
#: Characters that stand for a line break in the text they were pasted from.
_BREAKS = "\x0b\x0c\x85\u2028\u2029"


def refused_chars(text: str, holder: str = "deck file") -> list[Diagnosis]:
    """Where the deck file's ``text`` holds a character no deck file may hold (:data:`_RAW_REFUSED`:
    a vertical tab from Word's Shift+Enter, an escape from terminal colours, a paragraph
    separator...), one :class:`Diagnosis` each at its real line and column (counted in line
    feeds, as an editor does), at most :data:`RAW_SHOWN` and then one saying how many more.
    ``holder`` names the kind of file in the message ("settings file" for ``settings.toml``).

    Returns:
        The diagnoses, in file order; empty when there is none (found at the speed of :mod:`re`).
    """
    from kiosk.deck.chars import plain_name

    found: list[Diagnosis] = []
    matches = list(_RAW_REFUSED.finditer(text))
    for match in matches[:RAW_SHOWN]:
        at, ch = match.start(), match.group()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        fix = ("replace it with a line break (press Enter; in a quoted text, write \\n) or with a space"
               if ch in _BREAKS else "delete it, or replace it with a space (retype the text around it if you "
               "cannot see it)")
        found.append(Diagnosis(line, col, f"{plain_name(ch)}: no {holder} may hold this character", fix, at))
    if len(matches) > RAW_SHOWN:
        last = found[-1]
        found.append(Diagnosis(last.line, last.col, f"and {len(matches) - RAW_SHOWN} more such characters "
                               "after this one", "remove them all, e.g. with your editor's search and replace"))
    return found


def refused_at(text: str, line: int, col: int, holder: str) -> Diagnosis | None:
    """The refused character (:func:`refused_chars`) at 1-based ``line`` and ``col`` of ``text``,
    where a parser (TOML's, JSON's) stopped, or ``None``: so a control character is named as
    what it is rather than as the syntax mistake the parser took it for. Counted as
    :func:`refused_chars` counts (line feeds; ``col`` in characters)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or not 1 <= col <= len(lines[line - 1]):
        return None
    if not _RAW_REFUSED.fullmatch(lines[line - 1][col - 1]):
        return None
    return replace(refused_chars(lines[line - 1][col - 1], holder)[0], line=line, col=col)


def error_mark(text: str) -> tuple[int, int] | None:
    """Where the YAML 1.2 parser (ruamel.yaml) stops on ``text``.

    Only the parser's events are read (nothing is composed), so deep nesting or aliases cannot
    make it recurse or grow.

    Returns:
        1-based ``(line, column)`` of the error, or ``None`` when ``text`` parses.
    """
    from ruamel.yaml import YAML  # here: only a file with a mistake loads the YAML 1.2 parser
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        for _event in YAML(typ="safe", pure=True).parse(text):
            pass
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)
    except YAMLError:
        return (1, 1)
    return None


def diagnose(text: str, line: int, col: int) -> Diagnosis | None:
    """Explain the syntax error the parser reported at ``line``:``col`` of ``text``.

    Args:
        text: the whole file.
        line: 1-based line of the parser's mark.
        col: 1-based column of the parser's mark.

    Returns:
        The first guess whose repair parses past ``(line, col)``, or ``None`` (also when checking
        the guesses would parse more than :data:`_BUDGET` characters).
    """
    lines = text.split("\n")
    budget = _BUDGET
    for guess, repaired in _guesses(lines, line):
        candidate = "\n".join(repaired)
        budget -= len(candidate)
        if budget < 0:
            return None
        after = error_mark(candidate)
        if after is None or after > (line, col):
            return guess
    return None


def _guesses(lines: list[str], mark_line: int) -> Iterator[tuple[Diagnosis, list[str]]]:
    """Every candidate mistake, most specific first, each with the lines as they would be repaired."""
    top = min(mark_line, len(lines))
    for index in range(top):
        quote = _unclosed_quote(lines[index])
        if quote is not None:
            char = lines[index][quote]
            yield (Diagnosis(index + 1, quote + 1, "a quote opened here is never closed",
                             f"end the text with {char} on the same line"),
                   _replace(lines, index, lines[index].rstrip() + char))
    for index in range(top):
        bracket = _unclosed_bracket(lines[index])
        if bracket is not None:
            char = lines[index][bracket]
            close = "}" if char == "{" else "]"
            yield (Diagnosis(index + 1, bracket + 1, f"a {char} opened here is never closed",
                             f"end the list with {close} on the same line" if char == "[" else
                             f"end it with {close} on the same line"),
                   _replace(lines, index, lines[index].rstrip() + close))
    near = [i for i in range(top - 1, max(top - 1 - _NEAR, -1), -1)]
    for index in near:
        text = lines[index]
        colour = _BARE_COLOUR.search(text)
        if colour:
            value = colour.group(1)
            yield (Diagnosis(index + 1, colour.start(1) + 1,
                             "colours need quotes: YAML reads # as the start of a comment", f'write "{value}"'),
                   _replace(lines, index, text[:colour.start(1)] + f'"{value}"' + text[colour.end(1):]))
        dash = _TIGHT_DASH.match(text)
        if dash:
            rest = text[dash.end():].strip()
            shown = rest if len(rest) <= 24 else rest[:24].rstrip() + "…"
            yield (Diagnosis(index + 1, dash.end(), "a list item needs a space after the dash",
                             f"write '- {shown}'"),
                   _replace(lines, index, text[:dash.end()] + " " + text[dash.end():]))
        pair = _KEY_VALUE.match(text)
        if pair and ": " in pair.group(3) + " " and pair.group(3)[:1] not in "\"'[{|>&*!":
            lead, key, value = pair.groups()
            quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            yield (Diagnosis(index + 1, pair.start(3) + 1, "text containing ': ' must be in quotes",
                             f"write {key}: {quoted}"),
                   _replace(lines, index, f"{lead}{key}: {quoted}"))
    for index in near:
        yield from _over_indented(lines, index)


def _over_indented(lines: list[str], index: int) -> Iterator[tuple[Diagnosis, list[str]]]:
    """Guesses that line ``index`` is indented too far: one per shallower indentation used above."""
    text = lines[index]
    indent = len(text) - len(text.lstrip(" "))
    if not text.strip() or text.lstrip().startswith("#"):
        return
    tried = set()
    for above in range(index - 1, -1, -1):
        other = lines[above]
        if not other.strip() or other.lstrip().startswith("#"):
            continue
        level = len(other) - len(other.lstrip(" "))
        for depth in (level, level + _dash_width(other)):
            if depth < indent and depth not in tried:
                tried.add(depth)
                field = other.strip().removeprefix("- ").split(":")[0]
                yield (Diagnosis(index + 1, indent + 1, "this line is indented more than the lines around it",
                                 f"line it up with the field above ('{field}:' on line {above + 1})"),
                       _replace(lines, index, " " * depth + text.lstrip(" ")))
        if level == 0:
            return


def _dash_width(line: str) -> int:
    """How far a list item's content sits right of its dash ("- id: x" → 2), else 0."""
    match = re.match(r"\s*(-\s+)", line)
    return len(match.group(1)) if match else 0


def _unclosed_quote(line: str) -> int | None:
    """The 0-based column of a quote that starts a value on ``line`` and is not closed on it, else ``None``."""
    if line.lstrip().startswith("#"):
        return None
    pos = 0
    while True:
        match = _QUOTE_START.search(line, pos)
        if not match:
            return None
        start = match.start(1)
        end = _closing(line, start)
        if end is None:
            return start
        pos = end + 1


def _unclosed_bracket(line: str) -> int | None:
    """The 0-based column of a ``{`` or ``[`` on ``line`` left open at its end (quotes skipped), else ``None``."""
    if line.lstrip().startswith("#"):
        return None
    stack: list[int] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char in "\"'" and (i == 0 or line[i - 1] in " \t[{,:"):
            end = _closing(line, i)
            if end is None:
                return None  # an open quote: that guess comes first
            i = end + 1
            continue
        if char == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        if char in "[{":
            stack.append(i)
        elif char in "]}" and stack:
            stack.pop()
        i += 1
    return stack[0] if stack else None


def _closing(line: str, start: int) -> int | None:
    """Index of the quote closing the one at ``start`` (YAML escapes: \\" in double, '' in single quotes)."""
    char = line[start]
    i = start + 1
    while i < len(line):
        if char == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == char:
            if char == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _replace(lines: list[str], index: int, new: str) -> list[str]:
    return lines[:index] + [new] + lines[index + 1:]
