"""Read a YAML file into plain Python values, keeping the line and column of every node.

Scalars are typed by the YAML 1.2 core schema, not by PyYAML's YAML 1.1 rules, so the
classic surprises cannot reach the deck model (``tests/unit/test_deck.py`` holds a case for each):

- ``no``, ``off``, ``yes``, ``on`` stay text (YAML 1.1 makes them booleans);
- ``10:30`` stays the text ``"10:30"`` (YAML 1.1 reads it as the sexagesimal 630);
- ``2019-10-19`` stays text; the deck model parses dates itself and rejects ``2025-02-30``;
- a key given twice is reported naming both lines instead of the last one silently winning.

Anchors and aliases (``&name`` and ``*name``) repeat a value, within bounds: an alias inside
its own anchor is an error, and so is a file whose aliases would write out more than
:data:`MAX_VALUES` values (a few lines of aliases of aliases can stand for billions); nesting
deeper than :data:`MAX_DEPTH` and whole numbers of more than :data:`MAX_DIGITS` digits are errors too.
Each is reported at its line and column, and found while reading the parser's events, so it
costs no more time or memory than the file's own size.

Parsing is YAML 1.2 (ruamel.yaml), so ``{en: Are you safe?, no: Er du trygg?}`` reads as
written. Only ``true``/``false``, ``null``/``~``, decimal, octal (``0o``) and hexadecimal integers
and floats are typed, exactly as in the YAML 1.2.2 core schema (section 10.3).
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self

import yaml

from kiosk.deck import syntax
from kiosk.deck.chars import printable
from kiosk.deck.problems import Problem
from kiosk.paths import DECK_FILE, MAX_DECK_BYTES, decks_inside, near_deck_file_in, near_deck_hint
from kiosk.userfile import SAVE_AS_UTF8, ZIP_SIGNATURES, UserFileError, read_bounded, wide_encoding

#: libyaml's parser, when PyYAML was built with it.
_CLoader = getattr(yaml, "CSafeLoader", None)

#: A path into the loaded tree: mapping keys (str) and sequence indexes (int).
NodePath = tuple[str | int, ...]


def value_at(data: Any, path: NodePath) -> Any:
    """The value at ``path`` in ``data`` (a deck as read: mappings and lists), or ``None`` where
    there is none."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

#: Largest file read as a deck, in bytes (:data:`kiosk.paths.MAX_DECK_BYTES`).
MAX_FILE_BYTES = MAX_DECK_BYTES
#: Deepest nesting of mappings and lists (a deck needs about six levels).
MAX_DEPTH = 64
#: Most values (scalars, mappings, lists) one file may hold, counting each value an alias
#: repeats (and each mapping key); the bundled Freedom Week deck holds about 2,000.
MAX_VALUES = 100_000
#: Plain whole numbers may have at most this many digits (or be as small, written in hex or
#: octal): a float holds at most about 1.8e308, and Python converts at most 4,300 digits.
MAX_DIGITS = 300
_LARGEST = 10**MAX_DIGITS


class WrittenInt(int):
    """An integer read from a plain scalar that remembers how it was written (``08000121700``).

    It is an ``int`` everywhere a number is wanted; a text field shows :attr:`written`.
    """

    written: str

    def __new__(cls, value: int, written: str | None = None) -> Self:
        number = super().__new__(cls, value)
        number.written = str(value) if written is None else written  # None: unpickled, state follows
        return number


class WrittenFloat(float):
    """A float read from a plain scalar that remembers how it was written (``40.30``)."""

    written: str

    def __new__(cls, value: float, written: str | None = None) -> Self:
        number = super().__new__(cls, value)
        number.written = str(value) if written is None else written  # None: unpickled, state follows
        return number


def core_scalar(text: str) -> Any:
    """Type one plain (unquoted) YAML scalar by the YAML 1.2 core schema.

    Args:
        text: the scalar exactly as written.

    Returns:
        ``None``, ``bool``, the text itself (``str``), or a number that keeps the text as written
        (:class:`WrittenInt`, :class:`WrittenFloat`: ``subtitle: 08000121700`` still shows its 0).
    """
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        try:
            return WrittenInt(int(text), text)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return text
    if _INT8.match(text):
        return WrittenInt(int(text[2:], 8), text)
    if _INT16.match(text):
        return WrittenInt(int(text[2:], 16), text)
    if _FLOAT.match(text):
        return WrittenFloat(float(text), text)
    if _INF.match(text):
        return WrittenFloat(float("-inf") if text.startswith("-") else float("inf"), text)
    if _NAN.match(text):
        return WrittenFloat(float("nan"), text)
    return text


@dataclass
class SourceDoc:
    """One YAML document read with positions.

    Attributes:
        file: the file it came from, as given (used verbatim in messages).
        data: the document as plain ``dict``/``list``/scalars, or ``None`` if unreadable.
        positions: 1-based ``(line, column)`` of every value, by its path.
        key_positions: 1-based ``(line, column)`` of every mapping key, by the path of its value.
        problems: what was wrong with the file itself (encoding, syntax, duplicate keys).
        flow: the paths of the mappings written in flow style (``{value: 12, label: …}``).
        replaced: where a value the reader could not take as written (a lone surrogate, a number
            too large to read, a tag, an explicit key) has an error of its own: the model's errors
            there add nothing.
        merged_from: the paths of the values a merge key (``<<: *name``) copies, each with its
            anchor's name (for the message on a section that holds only such values).
        aliases: the paths of the values written as an alias (``*name``), each with the alias's
            1-based ``(line, column)``: what is inside such a value has its anchor's positions.
    """

    file: str
    data: Any = None
    positions: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    flow: set[NodePath] = field(default_factory=set)
    replaced: set[tuple[int, int]] = field(default_factory=set)
    merged_from: dict[NodePath, str] = field(default_factory=dict)
    aliases: dict[NodePath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: NodePath, *, key: bool = False) -> tuple[int, int]:
        """Return the position of ``path``, or of its nearest ancestor that has one.

        Args:
            path: a path into :attr:`data`.
            key: prefer the position of the mapping key over that of the value.

        Returns:
            1-based ``(line, column)``; ``(1, 1)`` when nothing on the path is known.
        """
        path = tuple(path)
        while True:
            if key and path in self.key_positions:
                return self.key_positions[path]
            if path in self.positions:
                return self.positions[path]
            if path in self.key_positions:
                return self.key_positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def written_at(self, path: NodePath) -> tuple[int, int]:
        """Where this occurrence of ``path`` is written: the alias (``*name``) that repeats it, when
        it is in a value an alias repeats (the outermost such alias), else :meth:`where`.

        Args:
            path: a path into :attr:`data`.

        Returns:
            1-based ``(line, column)``.
        """
        path = tuple(path)
        for cut in range(len(path) + 1):
            if path[:cut] in self.aliases:
                return self.aliases[path[:cut]]
        return self.where(path)

    def problem(self, path: NodePath, message: str, hint: str = "", *, severity: str = "error",
                key: bool = False) -> Problem:
        """Make a :class:`Problem` located at ``path`` in this file."""
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message, hint, severity)


def folder_of_decks(folder: Path, shown: str) -> Problem | None:
    """The problem of a ``folder`` that is a folder of decks, not a deck
    (:func:`kiosk.paths.decks_inside`: ``kiosk validate decks``), located at the folder itself,
    with no line; it names the decks inside and the command that checks them all. ``None`` for
    any other folder.

    Args:
        folder: the folder given as a deck.
        shown: how messages name it (:func:`kiosk.paths.shown`).
    """
    decks = decks_inside(folder)
    if not decks:
        return None
    named = ", ".join(printable(repr(name)) for name in decks[:5]) + (
        f" and {len(decks) - 5} more" if len(decks) > 5 else "")
    stray = near_deck_file_in(folder)  # a YAML file beside the decks, not a deck of its own
    beside = f"; {printable(repr(stray))} beside them is not a deck" if stray is not None else ""
    return Problem(shown, 0, 0, f"the folder holds no {DECK_FILE}: it is a folder of decks, not a deck "
                                f"(it holds {named}{beside})",
                   f"give one deck's folder, or check them all with: kiosk validate {printable(shlex.quote(shown))}/*/")


def _missing(path: Path, shown: str) -> Problem:
    """The problem of a deck file that is not there (with no line: there is none), naming what
    its folder holds that looks like it (:func:`kiosk.paths.near_deck_file`: "it holds
    'deck.yml': rename it deck.yaml"), or where it links to when it is a link to nothing."""
    try:
        target = os.readlink(path)
    except (OSError, ValueError):
        target = None
    if target is not None:  # a link to nothing: say so, rather than that nothing is there
        return Problem(shown, 0, 0, f"file not found: it is a link to {printable(repr(target))}, which is not there",
                       "put the file itself in its place, or make the link point to a file that is there")
    near = near_deck_file_in(path.parent) if path.name == DECK_FILE else None
    if near is None:
        return Problem(shown, 0, 0, "file not found", f"check the folder holds a {DECK_FILE}")
    return Problem(shown, 0, 0, f"file not found, but the folder holds {printable(repr(near))}", near_deck_hint(near))


def read_yaml(path: Path | str, display: str | None = None) -> SourceDoc:
    """Read one YAML file with positions and YAML 1.2 core typing.

    Never raises for bad content: every fault becomes a :class:`Problem` on the result. Only a
    regular file of at most :data:`MAX_FILE_BYTES` is read (:func:`kiosk.userfile.read_bounded`:
    a named pipe, device or folder is refused without blocking), and parsing is bounded
    (:data:`MAX_DEPTH`, :data:`MAX_VALUES`, :data:`MAX_DIGITS`; aliases never loop). A file
    that is a symbolic link is followed only when it leads to a file inside its own folder (the
    deck folder), as for pictures: one leading elsewhere is refused unread, so a deck cannot
    show (or quote in a message) a file from outside its folder.

    Args:
        path: the file to read (its folder is the deck folder).
        display: how to name the file in messages (defaults to ``str(path)``).

    Returns:
        A :class:`SourceDoc`; its ``data`` is ``None`` when the file could not be parsed.
    """
    path = Path(path)
    doc = SourceDoc(display or str(path))
    target = os.path.realpath(path)  # read, not the link: a link swapped after this check is not followed
    if os.path.commonpath([target, os.path.realpath(path.parent)]) != os.path.realpath(path.parent):
        doc.problems.append(Problem(doc.file, 1, 1, "the deck file is a link to a file outside the deck folder; "
                                    "it was not read", "copy the file itself into the deck folder in place of the link"))
        return doc
    try:
        raw = read_bounded(target, MAX_FILE_BYTES)
    except UserFileError as exc:
        if exc.missing:
            doc.problems.append(_missing(path, doc.file))
        elif exc.too_large:
            doc.problems.append(Problem(doc.file, 1, 1, f"file too large for a deck: {exc.reason}",
                                        "a deck file is text of at most 1 MiB; keep images as separate files"))
        else:
            doc.problems.append(Problem(doc.file, 1, 1, f"cannot read the deck file: {exc.reason}",
                                        "a deck file is a plain text file; check the name and the file's permissions"))
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    if not text.strip():
        doc.problems.append(Problem(doc.file, 1, 1, "file is empty",
                                    "a deck starts with a 'deck:' section followed by 'slides:'"))
        return doc
    refused_chars = syntax.refused_chars(text)
    owners = _owners(text, [refused.at for refused in refused_chars], doc.file) if refused_chars else {}
    for refused in refused_chars:
        named = f"{owners[refused.at]}: " if owners.get(refused.at) else ""
        doc.problems.append(Problem(doc.file, refused.line, refused.col, named + refused.message, refused.hint))
    if doc.problems:
        return doc
    for lineno, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            doc.problems.append(Problem(doc.file, lineno, line.index("\t") + 1,
                                        "tab used for indentation",
                                        "YAML indents with spaces only; replace the tab with spaces"))
    if doc.problems:
        return doc
    built = _fast_build(text, doc.file)
    if built is None:  # the YAML 1.2 parser, loaded only when it has to decide (see _fast_build)
        built = _full_build(text, doc)
        if built is None:
            return doc
    doc.problems.extend(name_fields(built.problems, built.about, built.root))
    if built.stopped:
        return doc
    if built.documents == 0 or built.root is None:
        doc.problems.append(Problem(doc.file, 1, 1, "file has no content",
                                    "a deck starts with a 'deck:' section followed by 'slides:'"))
        return doc
    doc.data = built.root
    doc.flow, doc.replaced, doc.merged_from = built.flow, built.replaced, built.merged_from
    doc.aliases = built.aliases
    for node_path, where, is_key in built.log:
        (doc.key_positions if is_key else doc.positions)[node_path] = where
    return doc


def name_fields(problems: list[Problem], about: dict[int, NodePath], data: Any) -> list[Problem]:
    """``problems`` with each one listed in ``about`` (its index -> the path of the value it is
    about) starting with the slide and field it is in (:func:`kiosk.deck.problems.subject`:
    "slide 'a': field 'title': …"), as the model's messages do; ``data`` is the file as read
    (``None`` when reading stopped: then slides are named by their place)."""
    from kiosk.deck.problems import subject

    out = list(problems)
    for index, path in about.items():
        try:
            named = subject(path, data if isinstance(data, dict) else {})
        except (KeyError, IndexError, TypeError, AttributeError):
            named = ""
        if named and index < len(out):
            old = out[index]
            out[index] = Problem(old.file, old.line, old.col, f"{named}: {old.message}", old.hint, old.severity)
    return out


#: Stand-ins for refused characters while :func:`_owners` reads a file (supplementary private use
#: characters, one code point each, so every line and column stays as it was).
_MARKS = 0xF0000


def _owners(text: str, offsets: list[int], file: str) -> dict[int, str]:
    """For each index in ``offsets`` (a character no deck file may hold, :func:`kiosk.deck.syntax.refused_chars`)
    the slide and field it is written in ("slide 'a': field 'title'", :func:`kiosk.deck.problems.subject`),
    found by reading ``text`` with each such character stood in for by a mark; an index in a
    comment, or in a file that does not read even so, is left out."""
    from kiosk.deck.problems import subject

    offsets = [at for at in offsets if 0 <= at < len(text)]
    chars = list(text)
    back = {}
    for number, at in enumerate(offsets):
        back[_MARKS + number] = chars[at]
        chars[at] = chr(_MARKS + number)
    marked = "".join(chars)
    built = _fast_build(marked, file)
    if built is None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            built = _Builder(file, marked).run(YAML(typ="safe", pure=True).parse(marked))
        except YAMLError:
            return {}
    if built.stopped or not isinstance(built.root, dict):
        return {}
    found: dict[int, NodePath] = {}
    stack: list[tuple[Any, NodePath]] = [(built.root, ())]
    while stack and len(found) < len(offsets):
        node, path = stack.pop()
        if isinstance(node, dict):  # children pushed last first: the walk goes in file order (an anchor before its copies)
            for key, value in reversed(node.items()):
                if isinstance(key, str):
                    found.update((ord(ch), path) for ch in key if ord(ch) in back and ord(ch) not in found)
                stack.append((value, path + (key,)))
        elif isinstance(node, list):
            stack.extend((value, path + (index,)) for index, value in reversed(list(enumerate(node))))
        elif isinstance(node, str):
            found.update((ord(ch), path) for ch in node if ord(ch) in back and ord(ch) not in found)
    out = {}
    # A refused character in a name is written as its code (\ufffe), never as itself; a slide whose
    # id holds one is named by its place (slide 3).
    escaped = {mark: (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}") for mark, ch in back.items()}
    for mark, path in found.items():
        try:
            named = subject(path, built.root)
            if len(path) >= 2 and path[0] == "slides" and any(ord(ch) in back for ch in named.split(": ")[0]):
                named = subject(path, {})
            named = named.translate(escaped)
        except (KeyError, IndexError, TypeError, AttributeError):
            continue
        if named:
            out[offsets[mark - _MARKS]] = named
    return out


def _full_build(text: str, doc: SourceDoc) -> _Builder | None:
    """Build with the YAML 1.2 parser (ruamel.yaml); ``None`` after adding a syntax error to ``doc``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _Builder(doc.file, text).run(YAML(typ="safe", pure=True).parse(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "after document end marker" in (exc.problem or ""):  # "... notes": text on the end marker's line
            doc.problems.append(Problem(doc.file, line, col, "text follows the YAML end marker '...' on its line",
                                        "a deck is one document, which '...' ends: remove the '...', or the "
                                        "'...' and what follows it"))
            return None
        plain = syntax.diagnose(text, line, col)
        if plain is not None:
            doc.problems.append(Problem(doc.file, plain.line, plain.col, plain.message, plain.hint))
            return None
        what = (exc.problem or exc.context or "cannot parse").strip()
        doc.problems.append(Problem(doc.file, line, col, f"YAML syntax: {what}",
                                    "check indentation, colons and quotes on this line and the one above"))
        return None
    except YAMLError as exc:
        doc.problems.append(Problem(doc.file, 1, 1, f"YAML syntax: {exc}", "check the file is a YAML deck"))
        return None


def _fast_build(text: str, file: str) -> _Builder | None:
    """Build with libyaml's parser (PyYAML's C extension) when present: about 15 times faster.

    Only its events are used (scalars are typed by :func:`core_scalar`, never by YAML 1.1
    rules). Anything libyaml refuses, such as ``?`` inside a flow mapping's plain scalar, which
    YAML 1.2 allows, returns ``None`` so the YAML 1.2 parser (ruamel.yaml) decides.
    """
    if _CLoader is None:
        return None
    loader = _CLoader(text)

    def events() -> Iterator[Any]:
        while loader.check_event():
            yield loader.get_event()

    try:
        return _Builder(file, text).run(events())
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _decode(raw: bytes, doc: SourceDoc) -> str | None:
    wide = wide_encoding(raw)
    if wide:
        notepad = " (Windows Notepad calls it \"Unicode\")" if wide == "UTF-16" else ""
        doc.problems.append(Problem(doc.file, 1, 1, f"file is not UTF-8: it is {wide} text{notepad}", SAVE_AS_UTF8))
        return None
    if raw.startswith(ZIP_SIGNATURES):
        shown = printable(str(doc.file))
        doc.problems.append(Problem(doc.file, 0, 0, "file is a .zip deck bundle, not a deck",  # the bundle whole
                                    f"kiosk validate {shown} checks the deck inside it; kiosk install {shown} "
                                    "puts it in the library, or unzip it and give the deck's folder"))
        return None
    if b"\x00" in raw[:8192]:
        doc.problems.append(Problem(doc.file, 1, 1, "file is binary, not text",
                                    "a deck is a UTF-8 text file; check you chose deck.yaml, not an image"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        doc.problems.append(Problem(doc.file, line, col, _named_byte(raw, raw[exc.start]), SAVE_AS_UTF8))
        return None


def _named_byte(raw: bytes, byte: int) -> str:
    """"file is not UTF-8 (byte 0xe9)", naming the slide and field that first holds a byte that is
    not UTF-8 when it is in one (:func:`_owners`, each such byte read as a mark)."""
    text = raw.decode("utf-8-sig", "surrogateescape")
    first = next((index for index, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"), -1)
    whole = "".join("\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in text)
    owner = _owners(whole, [first], "").get(first) if first >= 0 else None
    return f"{owner + ': ' if owner else ''}file is not UTF-8 (byte 0x{byte:02x})"


class _Stop(Exception):
    """Raised inside :class:`_Builder` to stop reading at a fault that makes the rest meaningless."""


#: A mapping key whose value is read but not kept (a duplicate, or a key that is not a name).
_SKIP = object()


@dataclass
class _Frame:
    """A mapping or list being built, and where it sits."""

    value: dict | list
    path: NodePath | None  # None: built only to be thrown away (no positions, no problems)
    anchor: str | None
    log_start: int
    expecting_key: bool = True
    pending: Any = None  # the key whose value comes next, or _SKIP
    first: dict[str, tuple[int, int]] = field(default_factory=dict)
    merge: _Merge | None = None  # a '<<' key whose value comes next
    merges: list[_Merge] = field(default_factory=list)  # the '<<' keys read, reported at the mapping's end
    merged: set[str] = field(default_factory=set)  # keys copied in by '<<' (a key written out replaces one)
    explicit: tuple[int, int] | None = None  # where the '?' of an explicit key whose value comes next is


@dataclass
class _Merge:
    """A merge key (``<<``) being read: where it is, and what its value copies."""

    where: tuple[int, int]
    log_start: int
    aliases: list[str] = field(default_factory=list)
    listed: bool = False
    copied: list[tuple[str, Any]] = field(default_factory=list)


class _Builder:
    """Turns a stream of YAML parser events into plain values, with the position of each.

    Building from events, with an explicit stack instead of recursion, keeps every bound in one
    place: nesting deeper than :data:`MAX_DEPTH` stops with a located error (no
    ``RecursionError`` in a composer or here); an alias (``*name``) repeats the value of its
    anchor (``&name``), each repetition counting towards :data:`MAX_VALUES`, so a few lines of
    aliases cannot grow into millions of values; an alias inside its own anchor, which would be
    endless, is an error. Aliases are never expanded by the YAML library itself.

    Two YAML features that change a mapping without showing it are errors at their place, each
    said once: a merge key (``<<: *defaults``, YAML 1.1's, not in YAML 1.2) and an explicit key
    (``? name``). The mapping is still built as the feature means (the merged fields copied in,
    each at the line it is written on; the explicit key kept), so what the model then says of
    it is about the deck, not a follow-on ("slide has no 'type'") of the feature refused.

    Attributes:
        root: the document's value (``None`` until built).
        log: ``(path, (line, col), is_key)`` for every value and mapping key, in file order.
        problems: faults found (duplicate keys, numbers too long, and the one that stopped it).
        stopped: True when a fault stopped the reading (the value is then incomplete).
        documents: how many YAML documents were started.
    """

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self._lines = text.split("\n")
        self.root: Any = None
        self.log: list[tuple[NodePath, tuple[int, int], bool]] = []
        self.flow: set[NodePath] = set()
        self.replaced: set[tuple[int, int]] = set()
        self.merged_from: dict[NodePath, str] = {}
        self.aliases: dict[NodePath, tuple[int, int]] = {}
        #: Problems about a value's characters, by their index in ``problems``, with the path of
        #: the value (or of the mapping a key is in): named by slide and field once the file is read.
        self.about: dict[int, NodePath] = {}
        self.problems: list[Problem] = []
        self.stopped = False
        self.documents = 0
        self._ended_at: tuple[int, int] | None = None
        self._stack: list[_Frame] = []
        self._anchors: dict[str, tuple[Any, NodePath | None, int, int]] = {}
        self._open: set[str] = set()
        self._values = 0
        self._aliases = False

    def run(self, events: Iterable[Any]) -> _Builder:
        """Build from ``events`` (PyYAML or ruamel.yaml parser events); returns itself.

        Raises:
            yaml.YAMLError, ruamel.yaml.error.YAMLError: the parser's own syntax errors.
        """
        try:
            for event in events:
                handler = self._HANDLERS.get(type(event).__name__)
                if handler is not None:
                    handler(self, event)
        except _Stop:
            self.stopped = True
        return self

    # ------------------------------------------------------------------ helpers
    def _problem(self, where: tuple[int, int], message: str, hint: str) -> None:
        self.problems.append(Problem(self.file, where[0], where[1], message, hint))

    def _stop(self, where: tuple[int, int], message: str, hint: str) -> None:
        self._problem(where, message, hint)
        raise _Stop

    def _count(self, values: int, where: tuple[int, int]) -> None:
        """Count ``values`` more values towards :data:`MAX_VALUES`; stop past it."""
        self._values += values
        if self._values > MAX_VALUES:
            if self._aliases:
                self._stop(where, f"the file holds more than {MAX_VALUES:,} values once its aliases (*name) "
                           "are written out", "a deck needs far fewer: write the value out instead of "
                           "repeating aliases of aliases")
            self._stop(where, f"the file holds more than {MAX_VALUES:,} values",
                       "a deck needs far fewer; split it into several decks")

    def _target(self) -> tuple[NodePath | None, str]:
        """Where the next value goes: its path (``None`` when not kept) and its role."""
        if not self._stack:
            return (), "root"
        top = self._stack[-1]
        if isinstance(top.value, list):
            return (None if top.path is None else top.path + (len(top.value),)), "item"
        if top.expecting_key:
            return None, "key"
        if top.path is None or top.pending is _SKIP:
            return None, "value"
        return top.path + (top.pending,), "value"

    def _deliver(self, value: Any) -> None:
        """Put a finished value into its parent (or make it the root)."""
        if not self._stack:
            self.root = value
            return
        top = self._stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.expecting_key:  # a key that is not a name (already reported): skip its value
            top.expecting_key, top.pending = False, _SKIP
        else:
            if top.merge is not None:
                self._merge(top, value)
            elif top.pending is not _SKIP:
                top.value[top.pending] = value
            top.expecting_key, top.pending, top.explicit = True, None, None

    def _merge(self, top: _Frame, value: Any) -> None:
        """Copy the fields of a merge key's value (a mapping, or a list of them, earlier ones first)
        into ``top``, as YAML 1.1 does, each at the line it is written on, and report the merge key.

        A field written out in ``top`` (above the ``<<`` or below it) is kept over a merged one.
        """
        merge, top.merge = top.merge, None
        assert merge is not None
        sources = value if isinstance(value, list) else [value]
        taken: dict[tuple[int | None, str], str] = {}
        for index, source in enumerate(sources):
            if not isinstance(source, dict):
                continue
            for key, item in source.items():
                if key not in top.first and key not in top.merged and key not in top.value:
                    top.value[key] = item
                    top.merged.add(key)
                    taken[(index if isinstance(value, list) else None, key)] = key
        merge.listed = isinstance(value, list)
        merge.copied = [(key, sources[index or 0][key]) for index, key in taken]
        top.merges.append(merge)
        if top.path is None:
            return
        root = top.path + ("<<",)
        moved = []
        for inner, at, is_key in self.log[merge.log_start:]:  # the value's own positions, under '<<'
            if inner[:len(root)] != root or len(inner) == len(root):
                continue
            rest = inner[len(root):]
            if isinstance(value, list):
                if len(rest) < 2 or (rest[0], rest[1]) not in taken:
                    continue
                rest = rest[1:]
            elif (None, rest[0]) not in taken:
                continue
            moved.append((top.path + rest, at, is_key))
        self.log += moved

    def _not_a_name(self, path_kept: bool, where: tuple[int, int]) -> None:
        if path_kept and not self._explicit(where):
            self._problem(where, "a key must be a plain name", "write 'name: value'")

    def _explicit(self, where: tuple[int, int]) -> bool:
        """True when the key starting at ``where`` is an explicit key (``? name``), which is then
        reported at its ``?``, its position added to :attr:`replaced` (the model's messages there
        would be about the same mistake) and remembered for its value (:meth:`_scalar`)."""
        line = self._lines[where[0] - 1] if 0 < where[0] <= len(self._lines) else ""
        at = min(where[1] - 2, len(line) - 1)  # walked back from the key, never sliced: a line may be long
        while at >= 0 and line[at] in " \t":
            at -= 1
        if at < 0 or line[at] != "?" or (at > 0 and line[at - 1] not in _BEFORE_EXPLICIT):
            return False
        mark = (where[0], at + 1)
        top = self._stack[-1]
        top.explicit = where
        if top.path is not None:
            self.replaced.add(where)
            self._problem(mark, "'? ' starts a YAML explicit key, which decks do not use",
                          "write the field as 'name: value' on one line; if the line is text that starts "
                          "with '?', put it in quotes")
        return True

    # ------------------------------------------------------------------ events
    def _document(self, event: Any) -> None:
        """Count a document's start; stop at a second one, naming the marker that begins it as
        written: a ``---`` line, a ``%`` directive line, or the end marker ``...`` before it
        (YAML 1.2, 9.1: after ``...`` any text starts another document)."""
        self.documents += 1
        if self.documents == 1:
            version = getattr(event, "version", None)
            if version and tuple(version) != (1, 2):  # '%YAML 1.1': the writer expects YAML 1.1's reading
                written = ".".join(str(part) for part in version)
                line = next((n for n, text in enumerate(self._lines, 1) if text.startswith("%YAML")), _where(event)[0])
                self.problems.append(Problem(self.file, line, 1, f"'%YAML {written}' asks for YAML {written}, but "
                                             "a deck is read as YAML 1.2: yes, no, on and off stay words, and 010 is "
                                             "ten", "remove the %YAML line", severity="warning"))
            return
        where = _where(event)
        line = self._lines[where[0] - 1].lstrip() if 0 < where[0] <= len(self._lines) else ""
        if line.startswith("%"):
            self._stop(where, f"a second YAML document starts here, with the directive '{printable(line.split()[0][:20])}'",
                       "a deck is one document: remove this line, and what follows it")
        if line.startswith("---") or self._ended_at is None:
            self._stop(where, "a second YAML document starts here",
                       "a deck is one document: remove this '---' line, or what follows it")
        ended = self._ended_at[0]
        self._stop(where, f"a second YAML document starts here, after the end marker '...' on line {ended}",
                   f"a deck is one document, which '...' ends: remove the '...' line (line {ended}), or what "
                   "follows it")

    def _document_end(self, event: Any) -> None:
        """Remember where a document's end marker ``...`` was written (``None`` when none was)."""
        self._ended_at = _where(event) if getattr(event, "explicit", False) else None

    def _tagged(self, event: Any, where: tuple[int, int]) -> None:
        """A located error for a YAML tag (``!!binary``, ``!foo``): a deck's values are plain
        text, numbers, lists and mappings, and a tag would change a value without showing it."""
        tag = getattr(event, "tag", None)
        if not tag or (tag == "!" and getattr(event, "style", None)):
            return  # no tag, or the one a quoted scalar carries by itself ("!": non-specific)
        shown = "!!" + tag[len(_CORE_TAGS):] if tag.startswith(_CORE_TAGS) else tag
        self.replaced.add(where)  # the model's word on the value read without its tag would be a follow-on
        self._problem(where, f"YAML tags are not used in decks: remove {printable(shown[:40])}",
                      "write the value as plain text; put it in quotes if it starts with '!'")

    def _whole_characters(self, text: str, where: tuple[int, int], path: NodePath | None) -> str:
        """``text`` with each lone surrogate (``"\\ud800"``: half of a character written as two
        escapes) replaced by U+FFFD and a located error for the first: it is no character at all.
        ``path``: where the text goes, to name its slide and field (:func:`name_fields`)."""
        lone = None if text.isascii() else _SURROGATE.search(text)
        if lone is None:
            return text
        self.replaced.add(where)
        if path is not None:
            self.about[len(self.problems)] = path
        self._problem(where, f"\\u{ord(lone.group()):04x} is half of a character (a lone surrogate), not a character",
                      "write the character itself, or its full code as \\U0001xxxx (8 digits)")
        return _SURROGATE.sub("\ufffd", text)

    def _scalar(self, event: Any) -> None:
        where = _where(event)
        path, role = self._target()
        self._count(1, where)
        self._tagged(event, where)
        owner = self._stack[-1].path if role == "key" and self._stack else path
        written = self._whole_characters(event.value, where, owner)
        if role == "key":
            self._explicit(where)
            self._key(written, where, event.anchor, plain=not event.style)
            return
        top = self._stack[-1] if self._stack else None
        if top is not None and top.explicit is not None and not event.value and not event.style:
            where = top.explicit  # "? name" with no value: its null is at the next line's start
        value = written
        if not event.style:  # plain (libyaml gives "", ruamel None); quoted and block scalars stay text
            value = core_scalar(value)
            if _too_large(value, event.value):
                value = event.value
                if path is not None:
                    self.replaced.add(where)
                    self._problem(where, f"a number of {len(value):,} characters is too large to read",
                                  "if it is text, put it in quotes; a number in a deck has a few digits")
        if path is not None:
            self.log.append((path, where, False))
        if event.anchor:
            self._anchors[event.anchor] = (value, path, len(self.log) - (path is not None), len(self.log))
        self._deliver(value)

    def _key(self, key: str, where: tuple[int, int], anchor: str | None, *, plain: bool = True) -> None:
        top = self._stack[-1]
        top.expecting_key = False
        if anchor:
            self._anchors[anchor] = (key, None, 0, 0)
        if not key and plain and top.path is not None:  # ": value" with no name before it
            self._problem(where, "a field has no name before its ':'", "write 'name: value'")
            top.pending = _SKIP
            return
        if key == "<<" and plain:  # a merge key (YAML 1.1's tag:yaml.org,2002:merge): see _merge
            top.pending, top.merge = key, _Merge(where, len(self.log))
            return
        if key in top.first:
            if top.path is not None:
                line, col = top.first[key]
                self._problem(where, f"duplicate key '{key}' (first set on line {line}, col {col}; "
                              f"set again on line {where[0]}, col {where[1]})",
                              "keep one of them; YAML would silently use the last")
            top.pending = _SKIP
            return
        top.first[key] = where
        top.merged.discard(key)  # written out after a '<<': this value replaces the one merged
        top.pending = key
        if top.path is not None:
            self.log.append((top.path + (key,), where, True))

    def _start(self, event: Any) -> None:
        where = _where(event)
        path, role = self._target()
        self._count(1, where)
        self._tagged(event, where)
        if role == "key":
            self._not_a_name(self._stack[-1].path is not None, where)
        if len(self._stack) >= MAX_DEPTH:
            self._stop(where, f"nested more than {MAX_DEPTH} levels deep",
                       "a deck needs only a few levels; check the brackets and indentation here")
        if path is not None:
            self.log.append((path, where, False))
        mapping = type(event).__name__ == "MappingStartEvent"
        if mapping and path is not None and getattr(event, "flow_style", False):
            self.flow.add(path)
        frame = _Frame({} if mapping else [], path, event.anchor, len(self.log) - (path is not None))
        if event.anchor:
            self._open.add(event.anchor)
        self._stack.append(frame)

    def _end(self, _event: Any) -> None:
        frame = self._stack.pop()
        if frame.path is not None:
            for merge in frame.merges:  # the fields still merged: those written out replace theirs
                fields = [(key, item) for key, item in merge.copied if key in frame.merged]
                self._problem(merge.where, *_merge_words(merge.aliases, merge.listed, frame.path, fields))
        if frame.anchor:
            self._open.discard(frame.anchor)
            self._anchors[frame.anchor] = (frame.value, frame.path, frame.log_start, len(self.log))
        self._deliver(frame.value)

    def _alias(self, event: Any) -> None:
        where = _where(event)
        name = event.anchor
        self._aliases = True
        if name in self._open:
            self._stop(where, f"the alias *{name} is inside its own anchor &{name}, which would repeat it endlessly",
                       f"write the value out instead of *{name}")
        if name not in self._anchors:
            self._stop(where, f"the alias *{name} names no anchor: there is no &{name} above it",
                       f"put &{name} before the value to repeat, above this line, or write the value out")
        path, role = self._target()
        value, anchor_path, start, end = self._anchors[name]
        merging = self._stack[-1].merge if role == "value" else \
            self._stack[-2].merge if role == "item" and len(self._stack) > 1 else None
        if merging is not None:  # '<<: *name' or '<<: [*name, …]'
            merging.aliases.append(name)
            if anchor_path is not None:
                self.merged_from[anchor_path] = name
        if role == "key":
            self._count(1, where)
            self._not_a_name(self._stack[-1].path is not None, where)
        else:
            self._count(max(1, end - start), where)
            if path is not None:
                self.log.append((path, where, False))
                self.aliases[path] = where
                if anchor_path is not None:
                    cut = len(anchor_path)
                    self.log += [(path + inner[cut:], at, is_key) for inner, at, is_key in self.log[start + 1:end]]
        self._deliver(value)

    _HANDLERS: ClassVar[dict[str, Callable[[_Builder, Any], None]]] = {
        "DocumentStartEvent": _document,
        "DocumentEndEvent": _document_end,
        "ScalarEvent": _scalar,
        "MappingStartEvent": _start,
        "SequenceStartEvent": _start,
        "MappingEndEvent": _end,
        "SequenceEndEvent": _end,
        "AliasEvent": _alias,
    }


#: Most merged fields named in the hint of a merge key's error.
_MERGE_SHOWN = 4


def _merge_words(aliases: list[str], listed: bool, path: NodePath, fields: list[tuple[str, Any]]) -> tuple[str, str]:
    """The message and hint of a merge key (``<<``) in the mapping at ``path``, whose value names
    ``aliases`` (``*defaults``; none when it is written out there), in a list when ``listed``, and
    copies ``fields`` (name, value)."""
    named = [f"*{printable(alias[:40])}" for alias in aliases[:_MERGE_SHOWN]] + (
        ["…"] if len(aliases) > _MERGE_SHOWN else [])
    shown = "'<<'" if not named else f"'<<: [{', '.join(named)}]'" if listed else f"'<<: {named[0]}'"
    message = f"{shown} is a YAML merge key, which decks do not support"
    written = [f"{printable(str(key)[:40])}: {_short(item)}" for key, item in fields[:_MERGE_SHOWN]]
    if len(fields) > _MERGE_SHOWN:
        written.append("…")
    slide = len(path) == 2 and path[0] == "slides"
    here = "in this slide itself" if slide else "here itself"
    hint = (f"write the fields it copies {here} ({', '.join(written)}) and remove the '<<' line"
            if written else f"write the fields out {here} and remove the '<<' line")
    if slide and any(key == "duration" for key, _ in fields):
        hint += "; a duration every slide shares goes in dwell: under deck:"
    return message, hint


def _short(value: Any) -> str:
    """A merged value as its hint shows it: a plain value as written (up to 30 characters), else '…'."""
    if isinstance(value, (WrittenInt, WrittenFloat)):
        return value.written
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and len(value) <= 30 and "\n" not in value:
        return printable(value)
    return "…"


def _too_large(value: Any, text: str) -> bool:
    """True for a plain whole number of more than :data:`MAX_DIGITS` digits (or as large, in hex or
    octal), which no field can use and no float can hold; ``value`` is what :func:`core_scalar`
    made of ``text``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) >= _LARGEST
    return isinstance(value, str) and bool(_INT10.match(text))  # more digits than Python converts


#: A lone surrogate (U+D800–U+DFFF): YAML's ``"\\ud800"`` escape gives one, which no text may hold.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What may stand before the ``?`` of an explicit key on its line (besides nothing): a space (the
#: indentation, a list's ``- ``), or the start of a flow collection or a comma in one (YAML 1.2,
#: 8.2.2 "Block Mappings", 7.4.2 "Flow Mappings").
_BEFORE_EXPLICIT = " \t{,["
#: The prefix ``!!`` stands for in a YAML tag (YAML 1.2, 6.8.2.2 the secondary tag handle).
_CORE_TAGS = "tag:yaml.org,2002:"


def _where(event: Any) -> tuple[int, int]:
    """1-based ``(line, column)`` where a parser event starts."""
    return (event.start_mark.line + 1, event.start_mark.column + 1)

