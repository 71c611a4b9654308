"""One way to describe and print what is wrong with a deck."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.deck.chars import long_values_shortened, printable


@dataclass(frozen=True, order=True)
class Problem:
    """A fault found in a deck, located in its source file.

    Attributes:
        file: the file as the user named it, or the folder, for a problem of the folder itself.
        line: 1-based line number; 0 when the problem has no place in a file (a folder that is
            not a deck, a path not there, a deck folder removed): then it is about ``file`` whole.
        col: 1-based column number (0 with ``line`` 0).
        message: what is wrong, naming the slide or field.
        hint: how to fix it (may be empty).
        severity: ``"error"`` (the deck is not shown), ``"warning"`` or ``"note"``.

    A value too long to show whole in ``message`` or ``hint`` (a quoted value, spaces and all,
    or a run without a space, of more than :data:`kiosk.deck.chars.LONGEST_SHOWN` characters) is
    cut to its start and its length when the problem is made (:func:`kiosk.deck.chars.long_values_shortened`), on the
    terminal and the staff screen alike.
    """

    file: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", long_values_shortened(self.message))
        object.__setattr__(self, "hint", long_values_shortened(self.hint))

    @property
    def is_error(self) -> bool:
        """True when this problem stops the deck from being shown."""
        return self.severity == "error"

    def __str__(self) -> str:
        """``file:line:col: severity: message — hint``, one line (``file: severity: …`` for a problem
        with no place in a file, as the summary line names a deck), with every control or bidi
        character in the quoted text written as an escape (:func:`kiosk.deck.chars.printable`),
        so nothing in a deck can move the cursor or reorder a terminal's line."""
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        text = f"{where}: {self.severity}: {self.message}"
        return printable(f"{text} — {self.hint}" if self.hint else text)


def has_errors(problems: list[Problem]) -> bool:
    """Return True when any of ``problems`` is an error."""
    return any(p.is_error for p in problems)


def subject(path: tuple[str | int, ...], data: Any) -> str:
    """Name what ``path`` is about in a deck's raw data: "slide 'welcome': field 'title'".

    Args:
        path: keys and indexes into ``data``, e.g. ``('slides', 0, 'title')``.
        data: the deck as read from YAML (plain dicts and lists).

    Returns:
        The words for messages; ``""`` for the top level.
    """
    words = []
    if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
        slide = data["slides"][path[1]] if path[1] < len(data.get("slides") or []) else None
        sid = slide.get("id") if isinstance(slide, dict) else None
        words.append(f"slide '{sid}'" if isinstance(sid, str) else f"slide {path[1] + 1}")
        rest = path[2:]
    else:
        rest = path
    names = [str(p) if isinstance(p, str) else f"[{p + 1}]" for p in rest]
    if names:
        words.append("field '" + ".".join(names).replace(".[", "[") + "'")
    return ": ".join(words)
