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

#: A quoted value starting: at the start of a line or list item, after "key: " (or '"key":' in a flow
#: collection), or in a flow collection (also after the "?" that marks a key there).
_QUOTE_START = re.compile(r"""(?:^\s*(?:-\s+)*|:\s+|(?<=["']):\s*|[\[{,]\s*(?:\?\s*)?)(["'])""")
#: What stands before a value's opening quote inside a line: "key: ", or ", ", "[", "{" (and "? ").
_OPENING_AT_END = re.compile(r"(?::\s+|[\[{,]\s*(?:\?\s*)?)$")
#: The brackets and commas that end a line of a flow collection ("...}", "...]},", "...,").
_FLOW_END = re.compile(r"\s*[\]},][\s\]},]*$")
#: Most commas and brackets inside a line tried as the end of a quoted text left open on it.
_INNER = 12
#: What an unclosed quote is called, wherever its text was meant to end.
_NEVER_CLOSED = "a quote opened here is never closed"
#: "key: #0e2238" or "{background: #0e2238}": an unquoted colour, which YAML reads as a comment.
_BARE_COLOUR = re.compile(r"(?<=:)\s+(#[0-9a-fA-F]{3,8})\b")
#: "-We train": a list item with no space after the dash (but not "---" or "-5").
_TIGHT_DASH = re.compile(r"^(\s*)-(?=[^\s\-0-9.])")
#: "key: value" on a block line, with an optional "- " in front (not a line of a flow collection, "{id: x, ...").
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'\[{][^:#\[{]*?):\s+(\S.*?)\s*$")

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
    starts, going_on = _fresh_starts(lines, top)
    quotes = [(index, quote) for index in range(top) if starts[index] is not None and index not in going_on
              and (quote := _unclosed_quote(lines[index], starts[index])) is not None]
    for index, quote in quotes:  # on its line, or going on over the next lines to the end of its {...} or [...]
        for end in range(index, min(index + 1 + _NEAR, top)):
            yield from _quote_closings(lines, index, quote, end)
    for index in (index for index in range(top) if starts[index] is not None):  # '"0, "1"]': closed by the next one
        for start, close in _closed_early(lines[index], lines[index + 1] if index + 1 < len(lines) else "",
                                          starts[index]):
            yield from _inner_closings(lines, index, start, index, close)
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


def _quote_closings(lines: list[str], index: int, quote: int, end: int) -> Iterator[tuple[Diagnosis, list[str]]]:
    """Guesses that the quote at column ``quote`` of line ``index`` was meant to close on line ``end``.

    Inside ``{...}`` or ``[...]`` the text ends before the brackets and commas that close the line
    (``title: "One}`` means ``title: "One"}``), or before an earlier comma or bracket
    (``{title: "One, id: x}``, :func:`_inner_closings`); elsewhere it ends at the end of the line.
    Each way the mistake is named at the opening quote, where the parser cannot see it: the open
    text runs on to the next quote, often lines later.
    """
    char = lines[index][quote]
    text = lines[end].rstrip()
    where = "on the same line" if end == index else f"on line {end + 1}"
    closers = _FLOW_END.search(text, quote + 1 if end == index else 0)
    if closers:
        at = closers.start()
        yield (Diagnosis(index + 1, quote + 1, _NEVER_CLOSED, f"end the text with {char} {where}, before the "
                         f"{closers.group().strip()[0]}"), _replace(lines, end, text[:at] + char + text[at:]))
    yield (Diagnosis(index + 1, quote + 1, _NEVER_CLOSED, f"end the text with {char} {where}"),
           _replace(lines, end, text + char))
    yield from _inner_closings(lines, index, quote, end, len(text), closers.start() if closers else -1)


def _inner_closings(lines: list[str], index: int, quote: int, end: int, before: int,
                    tried: int = -1) -> Iterator[tuple[Diagnosis, list[str]]]:
    """Guesses that the quote at column ``quote`` of line ``index`` was meant to close on line
    ``end`` before one of its commas, brackets or key colons left of column ``before`` (and right
    of the quote on its own line): the nearest to ``before`` first, at most :data:`_INNER`, column
    ``tried`` left out (already guessed)."""
    text, char = lines[end], lines[index][quote]
    where = "on the same line" if end == index else f"on line {end + 1}"
    inner = [at for at in range(before - 1, quote if end == index else -1, -1)
             if (text[at] in ",]}" or text.startswith(": ", at) or text[at:] == ":") and at != tried]
    for at in inner[:_INNER]:
        yield (Diagnosis(index + 1, quote + 1, _NEVER_CLOSED, f"end the text with {char} {where}, where the text ends"),
               _replace(lines, end, text[:at] + char + text[at:]))


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


def _fresh_starts(lines: list[str], top: int) -> tuple[list[int | None], set[int]]:
    """Where each of the first ``top`` lines is read afresh, and which texts go on over lines.

    Returns:
        For each line, the 0-based column from which it is read afresh: 0, or just past the quote
        that closes a text going on from the line above; ``None`` for a line wholly inside such a
        text (so the closing quote of a text over several lines is never taken for an opening one).
        And the 0-based lines whose open text is closed on a later line by a quote followed by a
        comma, a bracket, a comment or nothing: texts written over several lines on purpose, where
        an open text that swallowed the lines below ends at the next text's opening quote instead.
    """
    starts: list[int | None] = []
    going_on: set[int] = set()
    opened, char = -1, ""
    for index, line in enumerate(lines[:top]):
        start: int | None = 0
        if opened >= 0:
            close = _close_from(line, char, 0)
            start = None if close is None else close + 1
            if close is not None and _ends_cleanly(line, close):
                going_on.add(opened)
        starts.append(start)
        if start is not None:
            quote = _unclosed_quote(line, start)
            opened, char = (-1, "") if quote is None else (index, line[quote])
    return starts, going_on


def _ends_cleanly(line: str, close: int) -> bool:
    """Whether the quote at ``close`` on ``line`` can end a text: it is followed by a comma, a bracket,
    a comment or nothing, and is not where a value's opening quote stands ("key: ", ", ", "[")."""
    return _followed_as_an_end(line, close) and not _OPENING_AT_END.search(line, 0, close)


def _followed_as_an_end(line: str, close: int) -> bool:
    """Whether the quote at ``close`` on ``line`` is followed by a comma, a bracket, a comment or nothing."""
    rest = line[close + 1:]
    after = rest.lstrip()
    return not after or after[0] in ",]}" or (after[0] == "#" and after != rest)  # " #" starts a comment


def _unclosed_quote(line: str, pos: int = 0) -> int | None:
    """The 0-based column of a quote that starts a value on ``line`` (read from column ``pos``) and is
    not closed on it, else ``None``."""
    if pos == 0 and line.lstrip().startswith("#"):  # (from further in, the line starts inside a text)
        return None
    while True:
        match = _QUOTE_START.search(line, pos)
        if not match:
            return None
        start = match.start(1)
        end = _closing(line, start)
        if end is None:
            return start
        pos = end + 1


def _closed_early(line: str, below: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    """Each quoted value on ``line`` that may have been closed by the next value's opening quote
    (``"One, "Two"``: the first text's own closing quote is missing), as the 0-based columns of its
    opening and of that closing quote: more text follows the closing quote, or an odd number of the
    same quotes is left on the line, or the line ends there inside ``{...}`` or ``[...]`` and the
    line ``below`` goes on with no comma or bracket first. ``line`` is read from column ``pos``."""
    if pos == 0 and line.lstrip().startswith("#"):  # (from further in, the line starts inside a text)
        return
    while (match := _QUOTE_START.search(line, pos)) is not None:
        start = match.start(1)
        end = _closing(line, start)
        if end is None:
            return
        rest = line[end + 1:]
        # Text right after it (a ":" too: in '"a, "b": c' the key may be the mistake), or an odd number
        # of its quotes left on the line ('"a, ",#"]': the parser takes ',#"]' as a comment).
        if not _followed_as_an_end(line, end) or rest.count(line[start]) % 2:
            yield start, end
        elif not rest.strip() and below.strip()[:1] not in ",]}" and _unclosed_bracket(line) is not None:
            yield start, end
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
    return _close_from(line, line[start], start + 1)


def _close_from(line: str, char: str, i: int) -> int | None:
    """Index of the first ``char`` quote on ``line`` from index ``i`` that ends a text (escapes as
    :func:`_closing`), else ``None``."""
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
