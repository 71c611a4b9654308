"""What reading a deck gave: :class:`LoadResult`. Light at import (no pydantic, no YAML), so the
process that draws can hold one without the reader (:mod:`kiosk.deck.load`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.deck.problems import Problem, has_errors

if TYPE_CHECKING:
    from kiosk.deck.source import SourceDoc


@dataclass
class LoadResult:
    """What loading a deck gave.

    Attributes:
        folder: the deck folder (images are resolved inside it).
        file: the ``deck.yaml`` read; the path given when there is none to read in it (a path
            not there, a folder of deck folders), so messages name what is there.
        deck: the model (:class:`kiosk.deck.model.Deck`, or its plain form
            :class:`kiosk.deck.plain.Deck` in the process that draws), or ``None`` when there
            were errors.
        problems: every error, warning and note, in file order.
        source: the file as read, with the position of every node (``None`` if unreadable, or
            not read in this process).
        sha256: SHA-256 (hex) of the ``deck.yaml`` bytes checked, ``""`` when not known.
        content: the digest of everything in the deck folder the check read
            (:func:`kiosk.checkcache.digest`), the same before and after the check; ``""`` when
            not known. Two versions with the same content are the same deck, whatever their
            files' times.
        codes: the QR codes the checking process made for the player, as
            :func:`kiosk.qr.remember` takes them (payload: rows of ``0``/``1``); empty when none.
        pictures: the pictures the checking process read without complaint, as
            :meth:`kiosk.qt.pictures.PlayerPictures.passed` takes them; empty when none.
    """

    folder: Path
    file: Path
    deck: Any = None
    problems: list[Problem] = field(default_factory=list)
    source: SourceDoc | None = None
    sha256: str = ""
    content: str = ""
    codes: dict[str, list[str]] = field(default_factory=dict)
    pictures: list[list] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the deck loaded with no errors (warnings are allowed)."""
        return self.deck is not None and not has_errors(self.problems)


__all__ = ["LoadResult"]
