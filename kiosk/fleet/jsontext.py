"""The JSON files of the fleet (a feed, a status record, the update state) read with plain reasons.

Python's own wording of a JSON fault ("Expecting ',' delimiter: line 3 column 5 (char 41)",
"'utf-8' codec can't decode byte 0xff") and its names of types (``str``, ``NoneType``) are not
shown to anyone: :func:`loads` says what is wrong in the kiosk's words, where (line and column),
and :func:`kind` names a JSON value's kind as JSON calls it.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Python's :mod:`json` messages (the start of each), in plain words.
_PLAIN = {
    "Expecting value": "a value was expected",
    "Expecting property name enclosed in double quotes": "a name in double quotes was expected (a comma "
                                                         "before a closing }, or a name in single quotes?)",
    "Expecting ',' delimiter": "a comma was expected",
    "Expecting ':' delimiter": "a colon was expected",
    "Unterminated string starting at": "a text in quotes is not closed",
    "Invalid control character at": "a text holds a raw control character (a line break inside quotes?)",
    "Extra data": "more follows the end of the JSON value",
    "Invalid \\escape": "a backslash escape JSON does not have",
    "Invalid \\uXXXX escape": "a \\u escape without four hex digits",
}
#: A lone surrogate (U+D800–U+DFFF), which JSON's ``\\ud800`` escape gives but no text may hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonError(ValueError):
    """Bytes that are not a JSON value the kiosk can use; ``str()`` says why, in plain words."""


def _constant(name: str) -> Any:
    raise JsonError(f"it holds {name}, which is not a number JSON allows")


def loads(data: bytes) -> Any:
    """The JSON value in ``data`` (UTF-8), every text in it whole Unicode.

    Raises:
        JsonError: empty, not UTF-8, a web page, not JSON (what and where: line, column), ``NaN``
            or ``Infinity``, a number too long to read, nesting too deep, or a lone surrogate
            (``"\\ud800"``) in a text or name.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line, col = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        raise JsonError(f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}, column {col})") from None
    if not text.strip():
        raise JsonError("it is empty")
    if text.lstrip("\ufeff \t\r\n")[:1] == "<":
        raise JsonError("it is a web page (HTML), not JSON")
    try:
        value = json.loads(text, parse_constant=_constant)
    except JsonError:
        raise
    except json.JSONDecodeError as exc:
        from kiosk.deck.syntax import refused_at

        control = refused_at(text, exc.lineno, exc.colno, "JSON file")  # not a syntax mistake: a stray byte
        if control is not None:
            raise JsonError(f"it holds {control.message} (line {exc.lineno}, column {exc.colno}): "
                            f"{control.hint}") from None
        what = next((words for start, words in _PLAIN.items() if exc.msg.startswith(start)), "it cannot be read")
        raise JsonError(f"it is not JSON: {what} at line {exc.lineno}, column {exc.colno}") from None
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits digits
        raise JsonError("it holds a number too long to read") from None
    except RecursionError:
        raise JsonError("it is nested too deeply") from None
    if "\\u" in text:  # only an escape makes one (UTF-8 cannot hold it)
        _refuse_surrogates(value)
    return value


def _refuse_surrogates(value: Any) -> None:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found = _SURROGATE.search(node)
            if found:
                raise JsonError(f"it holds \\u{ord(found.group()):04x}, half of a character (a lone surrogate), "
                                "in a text")
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


#: JSON's kinds of value as Python reads them, each with its name (``bool`` before ``int``: a bool is one).
_KINDS = ((type(None), "null"), (bool, "true or false"), (int, "a whole number"), (float, "a number"),
          (str, "text"), (list, "a list"), (dict, "an object"))


def kind(value: Any) -> str:
    """What a JSON value is, in JSON's words: ``text``, ``a whole number``, ``a number``,
    ``true or false``, ``null``, ``a list`` or ``an object``."""
    return next((name for python, name in _KINDS if isinstance(value, python)), "a value")


def shown(value: Any, width: int = 40) -> str:
    """``value`` as JSON, cut to about ``width`` characters (``"abc…"``), for a message; a list or
    object by its kind only."""
    if isinstance(value, (list, dict)):
        return kind(value)
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:  # a whole number of more digits than Python writes out
        return "a number too long to show"
    return text if len(text) <= width else text[:width - 1] + "…"
