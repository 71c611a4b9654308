"""A deck file's version: the SHA-256 of ``deck.yaml`` as the deck reader reads it.

The kiosk checks each version of a deck once, in a child process or from the verdict kept for
its content (:mod:`kiosk.qt.checker`), which hands the checked deck back as plain data
(:mod:`kiosk.deck.plain`); the child names the file it checked by this digest, and the staff
status shows its start. Light at import: no YAML, no model, and no OpenSSL (:mod:`kiosk.digests`).
"""

from __future__ import annotations

from pathlib import Path

from kiosk import digests
from kiosk.paths import MAX_DECK_BYTES
from kiosk.userfile import UserFileError, read_bounded


def file_sha256(file: Path) -> str:
    """SHA-256 (hex) of ``file``'s bytes, read as the deck reader reads it (a regular file of at
    most :data:`kiosk.paths.MAX_DECK_BYTES`, without blocking); ``""`` when it cannot be read."""
    try:
        return digests.sha256(read_bounded(file, MAX_DECK_BYTES)).hexdigest()
    except UserFileError:
        return ""


__all__ = ["file_sha256"]
