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
import os
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kiosk.deck.problems import subject
from kiosk.fleet import jsontext
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
#: Highest version number (the largest signed 32-bit number: any tool reads it).
MAX_VERSION = 2**31 - 1
#: Longest signature text, in characters (a ``.minisig`` text is about 300).
MAX_SIGNATURE = 4096
#: Most older versions a feed lists.
MAX_OLDER = 1000

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

    version: int = Field(ge=1, le=MAX_VERSION)
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

    format: Literal["kiosk-feed/1"] = FORMAT
    deck: DeckId
    signature: str = Field(max_length=MAX_SIGNATURE)
    older: list[Version] = Field(default=[], max_length=MAX_OLDER)


class FeedError(Exception):
    """A feed that cannot be read (or written over); ``str()`` says why, then how to fix it.

    Attributes:
        what: what is wrong, naming the file or address and the field (``field 'older[2].sha256'``).
        fix: what to do about it ("" when the message says it).
    """

    def __init__(self, what: str, fix: str = "") -> None:
        super().__init__(f"{what} — {fix}" if fix else what)
        self.what, self.fix = what, fix

    def then(self, outcome: str) -> str:
        """The message with what happened because of it (``outcome``) before the fix:
        ``"<what>; nothing was published — <fix>"``."""
        return f"{self.what}; {outcome} — {self.fix}" if self.fix else f"{self.what}; {outcome}"


#: What to do about a bad feed, for a kiosk reading it (``kiosk update``, a running kiosk).
FIX_FOLLOWED = ("check that update_source names the folder kiosk publish writes into; if its feed.json was "
                "edited or damaged, publish the deck there again with kiosk publish")
#: Why a published folder's feed must not be lost (``kiosk publish`` numbers from it).
NUMBERED = ("the next version must be numbered above the newest one the kiosks have (the highest N of the "
            "<deck>-N.zip files in the folder)")
#: What to do about a bad feed in the folder being published into (``kiosk publish``).
FIX_PUBLISHED = f"correct it by hand (plain JSON) or put back a saved copy; do not delete it: {NUMBERED}"

#: What each field of a feed must be (and of each entry of ``older``), in plain words.
MUST_BE = {
    "format": f'"{FORMAT}"',
    "deck": f"a deck id: lower-case letters, digits, '-' and '_', at most {NAME_MAX} characters, like \"harvest-week\"",
    "version": f"a whole number from 1 to {MAX_VERSION:,}",
    "file": "the bundle's file name in the same folder, like \"harvest-week-3.zip\": letters, digits, '.', '_' "
            "and '-', ending in .zip",
    "size": f"the bundle's size in bytes, a whole number from 1 to {MAX_BUNDLE_BYTES:,}",
    "sha256": "the bundle's SHA-256: 64 hex digits (0-9 and a-f)",
    "signature": f"the text of the bundle's .minisig signature (at most {MAX_SIGNATURE:,} characters)",
    "published": "text (when it was published)",
    "older": f"a list of the earlier versions kept (at most {MAX_OLDER:,}), each an object with version, file, "
             "size and sha256",
}
#: Most of a feed's faults named in one message (the rest are counted).
SHOWN_FAULTS = 5


def parse(data: bytes, where: str, fix: str = FIX_FOLLOWED) -> Feed:
    """Read a feed from ``data`` (the bytes of ``feed.json`` from ``where``, named in messages).

    Any bytes give a :class:`Feed` or a :class:`FeedError`: more than :data:`MAX_FEED_BYTES`,
    text that is not UTF-8 or JSON (:func:`kiosk.fleet.jsontext.loads`), a format this kiosk does
    not read, fields missing or of the wrong kind are all refused, in plain words: the file, each
    field (``field 'older[2].sha256'``, counting from 1 as deck messages do), what it holds and
    what it must be (:data:`MUST_BE`), and ``fix``.

    Args:
        data: the feed's bytes.
        where: the feed's file or address.
        fix: what to do about a bad feed (:data:`FIX_FOLLOWED` or :data:`FIX_PUBLISHED`).

    Raises:
        FeedError: when it is too large, not JSON, or lacks or has wrong fields.
    """
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"{where} is {size_words(len(data))}, too big for a feed (at most {size_words(MAX_FEED_BYTES)})",
                        fix)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        raise FeedError(f"{where} is a web page, not a feed (a Wi-Fi sign-in page, or an address that is not a "
                        "published folder?)", fix)
    try:
        raw = jsontext.loads(data)
    except jsontext.JsonError as exc:
        raise FeedError(f"{where} is not a feed: {exc}", fix) from None
    if not isinstance(raw, dict):
        raise FeedError(f"{where} is not a feed: it holds {jsontext.kind(raw)}, where a feed is an object "
                        f'({{"format": "{FORMAT}", "deck": …, "version": …}})', fix)
    given = raw.get("format", FORMAT)
    if isinstance(given, str) and given.startswith("kiosk-feed/") and given != FORMAT:
        raise FeedError(f"{where} is a feed of the format {jsontext.shown(given)}, which this kiosk does not read "
                        f'(it reads "{FORMAT}")', "update the kiosk's software to the version that published it")
    try:
        return Feed.model_validate(raw)
    except ValidationError as exc:
        faults = _faults(exc.errors(include_url=False), raw)
    except RecursionError:
        raise FeedError(f"{where} is not a feed: it is nested too deeply", fix) from None
    more = f"; and {len(faults) - SHOWN_FAULTS} more" if len(faults) > SHOWN_FAULTS else ""
    raise FeedError(f"{where}: {'; '.join(faults[:SHOWN_FAULTS])}{more}", fix)


def _faults(errors: list, raw: dict) -> list[str]:
    """The model's errors about a feed, in plain words (never the model's own), in the feed's
    order; the fields missing from one object said together."""
    said: list[str | tuple] = []  # each fault's words, or the path of an object lacking fields
    missing: dict[tuple, list[str]] = {}
    for error in errors:
        path = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
        if error["type"] == "missing":
            if path[:-1] not in missing:
                said.append(path[:-1])
            missing.setdefault(path[:-1], []).append(f"'{path[-1]}'")
        elif (words := _fault(path, error.get("input"), raw)) not in said:
            said.append(words)
    return [item if isinstance(item, str) else _lacking(item, missing[item], raw) for item in said]


def _lacking(path: tuple, names: list[str], raw: dict) -> str:
    """``field 'older[3]' lacks the fields 'file' and 'size'`` (``the feed`` for the whole)."""
    fields = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    about = subject(path, raw) if path else "the feed"
    return f"{about} lacks the field{'s' if len(names) > 1 else ''} {fields}"


def _fault(path: tuple, given: object, raw: dict) -> str:
    """What is wrong with the value ``given`` at ``path`` of the feed ``raw``, and what it must be."""
    about = subject(path, raw)
    name = next((part for part in reversed(path) if isinstance(part, str)), "")
    must = "an object with version, file, size and sha256" if name == "older" and path[-1] != "older" else \
        MUST_BE.get(name, "as kiosk publish writes it")
    if isinstance(given, list):
        return f"{about} is a list of {len(given):,}, but must be {must}"
    return f"{about} is {jsontext.shown(given)}, but must be {must}"


def read(folder: Path) -> Feed | None:
    """The feed in a published ``folder`` (for ``kiosk publish``), or ``None`` when there is none yet.

    Only a regular file of at most :data:`MAX_FEED_BYTES` is read (:func:`kiosk.userfile.read_bounded`).

    Raises:
        FeedError: when there is one and it cannot be read (with :data:`FIX_PUBLISHED`), or a
            folder, pipe, socket or device has its name (:func:`kiosk.kept.in_the_way`).
    """
    from kiosk import kept

    path = folder / FEED_FILE
    blocked = kept.in_the_way(path, "the plain feed file kiosk publish keeps there", "", link_replaced=True)
    if blocked is not None:  # never replaced: a new feed there would restart the versions at 1
        raise FeedError(blocked.problem, f"move it out of {folder} and put a saved copy of its {FEED_FILE} in its "
                        f"place; do not publish without one: {NUMBERED}")
    try:
        data = read_bounded(path, MAX_FEED_BYTES)
    except UserFileError as exc:
        if exc.missing:
            return None
        raise FeedError(f"cannot read {path}: {exc.reason}") from None
    return parse(data, str(path), FIX_PUBLISHED)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a hidden temporary file in the same folder,
    flushed to disk, then renamed over ``path`` (a reader, or a sync tool, never sees half of it).

    A device, named pipe or socket at ``path`` is refused, never replaced (a symbolic link there is
    replaced by the file, not written through).

    Raises:
        OSError: when the folder cannot be written or the disk is full (the temporary file is
            removed); :class:`kiosk.outputs.NotRegular` when something other than a file or a link is there.
    """
    from kiosk import outputs

    outputs.refuse_special(path, link_replaced=True)
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
