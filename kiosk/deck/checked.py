"""Reading a deck already checked: its YAML and its model, none of the checks.

The kiosk checks each version of a deck once, in a child process or from the verdict kept for
its content (:mod:`kiosk.qt.checker`); the process that draws then needs only the model. This
reads it, from the very ``deck.yaml`` that was checked (the same SHA-256 before and after
reading), and leaves out the checks (links, glyphs, dates, pictures) and the modules they need.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk import digests
from kiosk.deck.problems import Problem
from kiosk.deck.result import LoadResult
from kiosk.paths import DECK_FILE, MAX_DECK_BYTES
from kiosk.userfile import UserFileError, read_bounded


def file_sha256(file: Path) -> str:
    """SHA-256 (hex) of ``file``'s bytes, read as the deck reader reads it (a regular file of at
    most :data:`kiosk.paths.MAX_DECK_BYTES`, without blocking); ``""`` when it cannot be read."""
    try:
        return digests.sha256(read_bounded(file, MAX_DECK_BYTES)).hexdigest()
    except UserFileError:
        return ""


def load_checked(folder: Path | str, sha256: str, problems: list[Problem]) -> LoadResult:
    """Read the deck in ``folder`` whose ``deck.yaml`` was checked and found to have no errors.

    Args:
        folder: the deck folder.
        sha256: SHA-256 (hex) of the ``deck.yaml`` that was checked.
        problems: the check's warnings and notes, kept on the result.

    Returns:
        A :class:`kiosk.deck.load.LoadResult` with the deck and ``problems``; or, when
        ``deck.yaml`` is no longer the file checked (it changed since) or does not read as it
        did, one without a deck whose single error says so (the caller checks it again).
    """
    folder = Path(os.path.abspath(folder))
    file = folder / DECK_FILE
    result = LoadResult(folder=folder, file=file, problems=list(problems))
    if not sha256 or file_sha256(file) != sha256:
        return _changed(result)
    from kiosk.deck.source import read_yaml

    doc = read_yaml(file, str(file))
    if file_sha256(file) != sha256:
        return _changed(result)
    result.source = doc
    if doc.data is None or doc.problems:
        return _changed(result)
    from pydantic import ValidationError

    from kiosk.deck.model import Deck

    try:
        result.deck = Deck.model_validate(doc.data)
    except ValidationError:
        return _changed(result)
    return result


def _changed(result: LoadResult) -> LoadResult:
    result.deck = None
    result.problems = [Problem(str(result.file), 1, 1, "the deck changed while it was being checked",
                               "wait until it is copied in full; it is checked again")]
    return result


__all__ = ["file_sha256", "load_checked"]
