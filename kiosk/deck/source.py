"""Read a YAML file into plain Python values, keeping the line and column of every node.

Scalars are typed by the YAML 1.2 core schema, not by PyYAML's YAML 1.1 rules, so the
classic surprises cannot reach the deck model (``tests/test_deck.py`` holds a case for each):

- ``no``, ``off``, ``yes``, ``on`` stay text (YAML 1.1 makes them booleans);
- ``10:30`` stays the text ``"10:30"`` (YAML 1.1 reads it as the sexagesimal 630);
- ``2019-10-19`` stays text; the deck model parses dates itself and rejects ``2025-02-30``;
- a key given twice is reported naming both lines instead of the last one silently winning.

Parsing is YAML 1.2 (ruamel.yaml), so ``{en: Are you safe?, no: Er du trygg?}`` reads as
written. Only ``true``/``false``, ``null``/``~``, decimal, octal (``0o``) and hexadecimal integers
and floats are typed, exactly as in the YAML 1.2.2 core schema (section 10.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml import nodes as libyaml_nodes

#: libyaml's composer, when PyYAML was built with it.
_CLoader = getattr(yaml, "CSafeLoader", None)

from kiosk.deck import syntax
from kiosk.deck.problems import Problem

#: A path into the loaded tree: mapping keys (str) and sequence indexes (int).
NodePath = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

#: Largest file read as a deck, in bytes. A deck is text; anything bigger is a mistake.
MAX_FILE_BYTES = 4 * 1024 * 1024


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
        return WrittenInt(int(text), text)
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
    """

    file: str
    data: Any = None
    positions: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

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

    def problem(self, path: NodePath, message: str, hint: str = "", *, severity: str = "error",
                key: bool = False) -> Problem:
        """Make a :class:`Problem` located at ``path`` in this file."""
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message, hint, severity)


def read_yaml(path: Path | str, display: str | None = None) -> SourceDoc:
    """Read one YAML file with positions and YAML 1.2 core typing.

    Never raises for bad content: every fault becomes a :class:`Problem` on the result.

    Args:
        path: the file to read.
        display: how to name the file in messages (defaults to ``str(path)``).

    Returns:
        A :class:`SourceDoc`; its ``data`` is ``None`` when the file could not be parsed.
    """
    path = Path(path)
    doc = SourceDoc(display or str(path))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            doc.problems.append(Problem(doc.file, 1, 1, f"file is {size // 1024} KiB, too large for a deck",
                                        "a deck file is text of at most 4 MiB; keep images as separate files"))
            return doc
        raw = path.read_bytes()
    except FileNotFoundError:
        doc.problems.append(Problem(doc.file, 1, 1, "file not found", "check the folder holds a deck.yaml"))
        return doc
    except OSError as exc:
        doc.problems.append(Problem(doc.file, 1, 1, f"cannot read file: {exc.strerror or exc}",
                                    "check the file's permissions"))
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    if not text.strip():
        doc.problems.append(Problem(doc.file, 1, 1, "file is empty",
                                    "a deck starts with a 'deck:' section followed by 'slides:'"))
        return doc
    for lineno, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            doc.problems.append(Problem(doc.file, lineno, line.index("\t") + 1,
                                        "tab used for indentation",
                                        "YAML indents with spaces only; replace the tab with spaces"))
    if doc.problems:
        return doc
    node = _fast_compose(text)
    try:
        if node is None:
            node = YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        plain = syntax.diagnose(text, line, col)
        if plain is not None:
            doc.problems.append(Problem(doc.file, plain.line, plain.col, plain.message, plain.hint))
            return doc
        what = (exc.problem or exc.context or "cannot parse").strip()
        doc.problems.append(Problem(doc.file, line, col, f"YAML syntax: {what}",
                                    "check indentation, colons and quotes on this line and the one above"))
        return doc
    except YAMLError as exc:
        doc.problems.append(Problem(doc.file, 1, 1, f"YAML syntax: {exc}", "check the file is a YAML deck"))
        return doc
    if node is None:
        doc.problems.append(Problem(doc.file, 1, 1, "file has no content",
                                    "a deck starts with a 'deck:' section followed by 'slides:'"))
        return doc
    doc.data = _build(node, (), doc)
    return doc


def _fast_compose(text: str) -> Node | None:
    """Compose with libyaml (PyYAML's C parser) when present: about 15 times faster.

    Only the node tree is used (scalars are typed by :func:`core_scalar`, never by YAML 1.1
    rules). Anything libyaml refuses, such as ``?`` inside a flow mapping's plain scalar, which
    YAML 1.2 allows, returns ``None`` so the YAML 1.2 parser (ruamel.yaml) decides.
    """
    if _CLoader is None:
        return None
    loader = _CLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _decode(raw: bytes, doc: SourceDoc) -> str | None:
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
        doc.problems.append(Problem(doc.file, line, col, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                                    "save the file as UTF-8 in your editor (File > Save with encoding)"))
        return None


def _build(node: Node | libyaml_nodes.Node, path: NodePath, doc: SourceDoc) -> Any:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, (ScalarNode, libyaml_nodes.ScalarNode)):
        if not node.style:  # plain (libyaml gives "", ruamel None); quoted and block scalars stay text
            return core_scalar(node.value)
        return node.value
    if isinstance(node, (SequenceNode, libyaml_nodes.SequenceNode)):
        return [_build(item, path + (index,), doc) for index, item in enumerate(node.value)]
    if isinstance(node, (MappingNode, libyaml_nodes.MappingNode)):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        first_col: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, (ScalarNode, libyaml_nodes.ScalarNode)):
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                doc.problems.append(Problem(doc.file, line, col, "a key must be a plain name",
                                            "write 'name: value'"))
                continue
            key = key_node.value
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in first_line:
                doc.problems.append(Problem(
                    doc.file, line, col,
                    f"duplicate key '{key}' (first set on line {first_line[key]}, col {first_col[key]}; set again on line {line}, col {col})",
                    "keep one of them; YAML would silently use the last"))
                continue
            first_line[key] = line
            first_col[key] = col
            doc.key_positions[path + (key,)] = (line, col)
            result[key] = _build(value_node, path + (key,), doc)
        return result
    return None  # pragma: no cover - PyYAML has no other node kinds
