"""The feed: ``feed.json`` in a published folder, saying which bundle is the newest.

It is small on purpose (a kiosk fetches it every few minutes; unchanged, it costs one ``304``)::

    {"format": "kiosk-feed/1", "deck": "freedom-week-2019", "version": 3,
     "file": "freedom-week-2019-3.zip", "size": 81234, "sha256": "…64 hex digits…",
     "signature": "untrusted comment: …\\nRW…\\ntrusted comment: deck:… version:3 file:…\\n…\\n",
     "published": "2026-10-19T09:30:00Z", "older": [{"version": 2, "file": …, "size": …,
     "sha256": …, "published": …}, …]}

The feed itself is not signed: the bundle's signature covers the bundle's bytes and, in its
trusted comment, the deck id and version (:mod:`kiosk.fleet.keys`), so a kiosk believes nothing
the feed says that the signature does not repeat. ``older`` lists the versions kept in the folder
for a rollback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kiosk.paths import NAME_MAX
from kiosk.userfile import UserFileError, read_bounded, size_words

#: The feed's file name in a published folder.
FEED_FILE = "feed.json"
#: The format written in every feed.
FORMAT = "kiosk-feed/1"
#: Largest feed accepted, in bytes (a feed is a few kilobytes).
MAX_FEED_BYTES = 1024 * 1024
#: Largest bundle accepted, in bytes (a bundle unpacks to at most 200 MB; packed it is smaller).
MAX_BUNDLE_BYTES = 200 * 1024 * 1024

FileName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.zip$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
#: A deck id, as a deck's folder name is (:data:`kiosk.deck.model.SLUG`, at most
#: :data:`kiosk.paths.NAME_MAX` characters): never a path.
DECK_ID = rf"^[a-z0-9][a-z0-9_-]{{0,{NAME_MAX - 1}}}$"
DeckId = Annotated[str, StringConstraints(pattern=DECK_ID)]


class Version(BaseModel):
    """One published version of the deck.

    Attributes:
        version: its number (1, 2, …; each publication is one more than the last).
        file: the bundle's file name in the folder (a plain name ending in ``.zip``).
        size: the bundle's size in bytes.
        sha256: the bundle's SHA-256, as 64 lower-case hex digits.
        published: when it was published (UTC, by the publisher's clock; shown, never compared).
    """

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    version: int = Field(ge=1, le=2**31 - 1)
    file: FileName
    size: int = Field(ge=1, le=MAX_BUNDLE_BYTES)
    sha256: Sha256
    published: str = ""


class Feed(Version):
    """The feed: the newest version, its signature, and the older versions kept.

    Attributes:
        format: :data:`FORMAT`.
        deck: the deck id.
        signature: the bundle's ``.minisig`` text.
        older: the earlier versions still in the folder, newest first.
    """

    format: str = FORMAT
    deck: DeckId
    signature: str = Field(max_length=4096)
    older: list[Version] = Field(default=[], max_length=1000)


class FeedError(Exception):
    """A feed that cannot be read; ``str()`` says why."""


def parse(data: bytes, where: str) -> Feed:
    """Read a feed from ``data`` (the bytes of ``feed.json`` from ``where``, named in messages).

    Any bytes give a :class:`Feed` or a :class:`FeedError`: more than :data:`MAX_FEED_BYTES`,
    text that is not UTF-8 or JSON, numbers too long to read, nesting too deep for the parser, or
    fields of the wrong type are all refused with the reason.

    Raises:
        FeedError: when it is too large, not JSON, or lacks or has wrong fields.
    """
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"{where} is {size_words(len(data))}, too big for a feed (at most {size_words(MAX_FEED_BYTES)})")
    try:
        raw = json.loads(data.decode("utf-8"))
    except ValueError as exc:  # not UTF-8, not JSON, or a number of thousands of digits
        raise FeedError(f"{where} is not a readable feed ({exc})") from None
    except RecursionError:
        raise FeedError(f"{where} is not a readable feed (nested too deeply)") from None
    try:
        return Feed.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise FeedError(f"{where}: '{field}': {first['msg']}") from None
    except RecursionError:
        raise FeedError(f"{where} is not a readable feed (nested too deeply)") from None


def read(folder: Path) -> Feed | None:
    """The feed in a published ``folder``, or ``None`` when there is none yet.

    Only a regular file of at most :data:`MAX_FEED_BYTES` is read (:func:`kiosk.userfile.read_bounded`).

    Raises:
        FeedError: when there is one and it cannot be read.
    """
    path = folder / FEED_FILE
    try:
        data = read_bounded(path, MAX_FEED_BYTES)
    except UserFileError as exc:
        if exc.missing:
            return None
        raise FeedError(f"cannot read {path}: {exc.reason}") from None
    return parse(data, str(path))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a hidden temporary file in the same folder,
    flushed to disk, then renamed over ``path`` (a reader, or a sync tool, never sees half of it).

    Raises:
        OSError: when the folder cannot be written or the disk is full (the temporary file is removed).
    """
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def utc_now() -> str:
    """The time now in UTC, as ISO 8601 to the second with a ``Z``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
