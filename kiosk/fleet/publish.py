"""``kiosk publish``: a checked deck, signed, into a folder kiosks follow.

Where the version comes from: the folder's own feed. The first publication of a deck into a
folder is version 1; each later one is the feed's version plus one, so a version only ever goes
up (a deck has no version field of its own). One folder holds one deck.

What is written, in this order, each file whole or not at all (a hidden temporary name, then a
rename): the bundle ``<deck>-<version>.zip``, its signature ``<deck>-<version>.zip.minisig``, then
``feed.json``. A kiosk reading the folder meanwhile sees the old feed, or the new one with its
bundle in place. Older bundles stay in the folder (listed in the feed's ``older``) for a rollback.

Publishes into one folder take turns: each holds the folder's lock (:data:`LOCK_FILE`, a
``filelock`` lock: ``flock`` on Unix, freed by the system when its process ends, even killed)
from reading the feed to choose the version until the new feed is written. A second publish
waits up to :data:`LOCK_WAIT` seconds and then gets the next version; no two publishes hand out
the same version, and no bundle is written over. Kiosks read only ``feed.json`` and the files it
names, never a listing of the folder, so the hidden lock file is never taken for part of the feed.

Which key: the one the folder's latest version was signed with. A kiosk trusts only the keys in
its ``trusted_keys``, so a version signed by another key would be refused by every kiosk that
follows the folder; :func:`publish` refuses it (:class:`KeyChangeError`) unless the change of
key is deliberate (``kiosk publish --new-key``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from kiosk import outputs, scratch
from kiosk.deck import load_deck
from kiosk.fleet import feed, keys
from kiosk.library import LibraryError, carried_files, pack

#: The published folder's lock file, held by a publish from reading the feed to writing the new
#: one (hidden; never named in the feed, so never fetched by a kiosk).
LOCK_FILE = ".kiosk-publish.lock"
#: How long a publish waits for another publish into the same folder to finish (seconds).
LOCK_WAIT = 60.0


class FolderBusyError(feed.FeedError):
    """Another publish into the same folder did not finish within the wait.

    Attributes:
        folder: the published folder.
        waited: how long this publish waited (seconds).
    """

    def __init__(self, folder: Path, waited: float) -> None:
        super().__init__(f"another publish into {folder} has not finished after {waited:g} seconds",
                         "wait for it to finish (or stop it), then publish again")
        self.folder, self.waited = folder, waited


class KeyChangeError(feed.FeedError):
    """The folder's earlier versions were signed by another key than the one given.

    Attributes:
        earlier: the id of the key that signed the folder's latest version (16 hex digits).
        given: the id of the key given to :func:`publish`.
    """

    def __init__(self, folder: Path, deck: str, earlier: str, given: str) -> None:
        super().__init__(
            f"the earlier versions of '{deck}' in {folder} are signed by key {earlier}, but this key is {given}: "
            f"every kiosk that trusts only key {earlier} would refuse the new version. Publish with the key "
            f"{earlier}; or, to change key on purpose, add the new public key (publisher.pub) to every "
            "kiosk's trusted_keys first, then publish again with --new-key")
        self.earlier, self.given = earlier, given


def signed_by(signature_text: str) -> str | None:
    """The id of the key that made a ``.minisig`` text (16 hex digits, upper case, as minisign
    prints it), or ``None`` when the text cannot be read as a minisign signature."""
    import minisign

    try:
        signature = minisign.Signature.from_bytes(signature_text.strip().encode())
        return signature._key_id.hex().upper()
    except (minisign.Error, ValueError, IndexError, UnicodeError, AttributeError):
        return None


def publish(deck: Path, key_file: Path, folder: Path, *, new_key: bool = False,
            wait: float | None = None, waiting: Callable[[Path, float], None] | None = None) -> feed.Feed:
    """Check ``deck``, sign it with ``key_file`` and publish it into ``folder`` as the next version.

    Args:
        deck: a deck folder (or its ``deck.yaml``).
        key_file: the publisher's secret key (``publisher.key``, :func:`kiosk.fleet.keys.new_key_pair`).
        folder: the published folder (created if needed).
        new_key: True to publish even when the folder's latest version was signed by another key
            (a deliberate change of key, once the kiosks trust the new one).
        wait: how long to wait for another publish into ``folder`` to finish (seconds; default
            :data:`LOCK_WAIT`).
        waiting: called as ``waiting(folder, wait)`` when another publish holds the folder's lock,
            before this one waits for it (to say so).

    Returns:
        The new feed.

    Raises:
        LibraryError: the deck has errors (with ``problems``), as ``kiosk pack`` refuses it.
        keys.SignatureError: the key cannot be used.
        KeyChangeError: the folder's latest version was signed by another key, and ``new_key``
            is False (nothing is written).
        FolderBusyError: another publish into ``folder`` held its lock for all of ``wait`` (nothing
            is written).
        feed.FeedError: the folder's feed cannot be read, or is for another deck; or the lock
            file's name there is taken by a link, folder, pipe, socket or device (never opened).
        OSError: the folder cannot be written (nothing of the new version is left half-written).
    """
    secret = keys.load_secret(key_file)
    result = load_deck(deck)
    if not result.ok:
        raise LibraryError(f"{result.file} has errors; fix them before publishing it", result.problems)
    carried_files(result.folder)  # a folder pack would refuse is refused before the published folder is touched
    deck_id = result.deck.deck.id
    wait = LOCK_WAIT if wait is None else wait
    outputs.refuse_system(folder, folder=True)  # /proc, /sys: never a published folder
    with outputs.folders_for(folder) as made, _folder_lock(folder, made, wait, waiting):
        previous = feed.read(folder)
        if previous is not None and previous.deck != deck_id:
            raise feed.FeedError(f"{folder} already holds the deck '{previous.deck}'; publish '{deck_id}' into "
                                 "a folder of its own")
        earlier = signed_by(previous.signature) if previous is not None else None
        given = keys.key_id(secret)
        if earlier is not None and earlier != given and not new_key:
            raise KeyChangeError(folder, deck_id, earlier, given)
        version = previous.version + 1 if previous else 1
        name = f"{deck_id}-{version}.zip"
        staging = scratch.make(".publishing-", folder)  # one a killed publish left is removed
        try:
            staged = pack(result.folder, staging / name)
            data = staged.read_bytes()
            signature = keys.sign(secret, data, deck_id, version, name)
            (staging / (name + ".minisig")).write_text(signature, encoding="utf-8")
            staged.chmod(0o644)
            staged.replace(folder / name)
            (staging / (name + ".minisig")).replace(folder / (name + ".minisig"))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        older = ([feed.Version(**previous.model_dump(include=set(feed.Version.model_fields)))] + previous.older
                 if previous else [])
        new = feed.Feed(deck=deck_id, version=version, file=name, size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(), signature=signature, published=feed.utc_now(),
                        older=[old for old in older if (folder / old.file).is_file()])
        feed.write_atomic(folder / feed.FEED_FILE, (json.dumps(new.model_dump(), indent=1) + "\n").encode())
        return new


@contextlib.contextmanager
def _folder_lock(folder: Path, made: list[Path], wait: float, waiting: Callable[[Path, float], None] | None):
    """Hold ``folder``'s publish lock (:data:`LOCK_FILE`) for the block, waiting up to ``wait``
    seconds for it (``waiting(folder, wait)`` is called first when it is taken). When the block
    raises in a folder this publish made (``made`` is not empty) and only the lock file is left
    there, the lock file goes too, so the folder can be removed.

    Raises:
        FolderBusyError: the lock stayed held for all of ``wait``.
        feed.FeedError: the lock file's name is taken by a link, folder, pipe, socket or device
            (refused, never opened nor replaced: :func:`kiosk.kept.ready_lock`).
        OSError: the lock file cannot be made or opened (said at once, never waited on).
    """
    from filelock import FileLock, Timeout

    from kiosk import kept

    path = folder / LOCK_FILE
    lock = FileLock(path)
    try:
        try:
            kept.ready_lock(path, "kiosk publish")  # in the way, or cannot be made: said at once
        except kept.InTheWay as exc:
            raise feed.FeedError(exc.problem, exc.fix) from None
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if waiting is not None:
                waiting(folder, wait)
            try:
                lock.acquire(timeout=wait)
            except Timeout:
                raise FolderBusyError(folder, wait) from None
        try:
            yield
        finally:
            lock.release()
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                if [entry.name for entry in os.scandir(folder)] == [LOCK_FILE]:
                    path.unlink()
        raise


__all__ = ["LOCK_FILE", "LOCK_WAIT", "FolderBusyError", "KeyChangeError", "LibraryError", "publish", "signed_by"]
