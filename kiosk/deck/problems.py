"""One way to describe and print what is wrong with a deck."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A fault found in a deck, located in its source file.

    Attributes:
        file: the file as the user named it.
        line: 1-based line number.
        col: 1-based column number.
        message: what is wrong, naming the slide or field.
        hint: how to fix it (may be empty).
        severity: ``"error"`` (the deck is not shown), ``"warning"`` or ``"note"``.
    """

    file: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        """True when this problem stops the deck from being shown."""
        return self.severity == "error"

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


def has_errors(problems: list[Problem]) -> bool:
    """Return True when any of ``problems`` is an error."""
    return any(p.is_error for p in problems)
