"""Checks already done: a digest of everything a deck's check reads, and the verdicts found for it.

A check of an unchanged deck (``kiosk validate``, the player's check at start-up) gives the same
problems as last time, so it is looked up instead of done again. Plain Python, no Qt, and light
to import (no pydantic, no YAML): a look-up that hits costs a few milliseconds.

**The digest** (:func:`digest`) is a BLAKE2b hash (:mod:`kiosk.digests`, RFC 7693) of:

- every entry of the deck folder, recursively: its path, its kind, and the bytes of every regular
  file (``deck.yaml``, the pictures, anything else found there); a symbolic link by where it
  finally leads (``os.path.realpath``), never followed into. The whole folder, not only the files
  ``deck.yaml`` names, so a picture that appears, goes or changes kind changes the digest too;
- the kiosk's identity (:func:`code_identity`): its version, the bytes of its own files (Python,
  QML, the UI strings) and of its assets (fonts, icons), the Python version and the name and
  version of every installed distribution (Qt's among them);
- the check's options (sizes, languages, fit on or off, the file name given...), as JSON.

Any change of an input changes the digest; a digest names the inputs, not the time: a verdict
that depends on the date (past events, "today" in the deck's time zone) is stored with an
expiry (:func:`store`).

**The store** keeps one small JSON file per digest and kind in :func:`kiosk.paths.cache_dir`
(``checks/``), written atomically (a private temporary file, then ``os.replace``) and kept to
:data:`KEPT` files. A file that is missing or expired is a miss (``None``); one that is unreadable, too large, not a
plain file, of another format, for another digest or kind, not exactly what :func:`store`
writes, changed since it was written (each entry holds a digest of its own body,
:func:`body_digest`) or contradicting itself (``ok`` yet errors, :func:`_consistent`) is *damaged*: a miss too, never an error, and said in the log (:func:`find`,
:func:`report_damage`), so a damaged cache is seen, never trusted: the check is done afresh.

**Tables** (:func:`lookup_table`, :func:`store_table`) keep the verdicts of many small checks in
one such file per kind and kiosk, each under a digest of what it read (the text fit of one view
at one size, :mod:`kiosk.qt.fit`), so that a deck with one slide changed is checked only there.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import site
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk import __version__, digests, paths
from kiosk.deck.problems import Problem
from kiosk.userfile import stat_version

#: Most entries and bytes of a deck folder hashed: a larger folder (a ``deck.yaml`` kept in a home
#: folder, say) is not worth hashing, and its checks are not cached (:func:`digest` gives ``None``).
MAX_ENTRIES, MAX_BYTES = 10_000, 256 * 1024 * 1024
#: Format of the stored files; a file of another format is damaged (a miss, said).
FORMAT = 2
#: Verdict files kept in the store; the least recently written beyond this are removed.
KEPT = 200
#: Largest verdict file read, in bytes (a deck's problems are a few KiB).
MAX_VERDICT_BYTES = 4 * 1024 * 1024
#: The name of a kind of check: lowercase letters, digits and ``-``.
KIND = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
#: Severities a stored problem may have (as :class:`kiosk.deck.problems.Problem`).
SEVERITIES = frozenset({"error", "warning", "note"})
#: Suffixes of the kiosk's own files that make its identity (code, QML, strings, fonts, icons).
CODE_SUFFIXES = frozenset({".py", ".qml", ".js", ".yaml", ".json", ".qmltypes", ".ttf", ".otf", ".png", ".svg",
                           ".jpg", ".webp", ""})
_CHUNK = 1 << 20
_PACKAGE = Path(__file__).resolve().parent
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


@dataclass(frozen=True)
class Verdict:
    """A check's answer as stored.

    Attributes:
        problems: every problem the check found, in its order.
        facts: other plain facts the check's caller needs to answer again (e.g. the number of
            slides), JSON values only.
    """

    problems: list[Problem]
    facts: dict[str, Any] = field(default_factory=dict)


def _hasher() -> Any:
    return digests.blake2b(digest_size=32)


class _TooLarge(Exception):
    """The deck folder holds more than :data:`MAX_ENTRIES` entries or :data:`MAX_BYTES` bytes."""


class _Budget:
    """What may still be hashed of one deck folder: entries and bytes."""

    def __init__(self, entries: int, size: int) -> None:
        self.entries, self.bytes = entries, size

    def spend(self, entries: int = 0, size: int = 0) -> None:
        """Count ``entries`` and ``size`` bytes; raise :class:`_TooLarge` once the budget is spent."""
        self.entries -= entries
        self.bytes -= size
        if self.entries < 0 or self.bytes < 0:
            raise _TooLarge


def _feed_file(hasher: Any, path: str, budget: _Budget | None = None) -> None:
    """Feed the bytes of the regular file at ``path`` (or why it could not be read) to ``hasher``.

    Opened without following a link and without waiting on a pipe; the *opened* file must be a
    regular file (a file swapped for something else after it was listed is not read)."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        hasher.update(f"unopenable {exc.errno}\0".encode())
        return
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            hasher.update(f"kind {stat.S_IFMT(info.st_mode)}\0".encode())
            return
        hasher.update(f"bytes {info.st_size}\0".encode())
        while chunk := os.read(fd, _CHUNK):
            if budget is not None:
                budget.spend(size=len(chunk))
            hasher.update(chunk)
    except OSError as exc:
        hasher.update(f"unreadable {exc.errno}\0".encode())
    finally:
        os.close(fd)


def _entries(root: str, keep: Any = None) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry under the folder ``root`` as (path relative to ``root`` with ``/``, entry),
    sorted by name in each folder; folders are entered, links never followed. ``keep(entry)``
    may skip entries. An unreadable folder yields nothing (its entry was already named)."""
    stack = [""]
    while stack:
        relative = stack.pop()
        try:
            with os.scandir(os.path.join(root, relative) if relative else root) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if keep is not None and not keep(entry):
                continue
            name = f"{relative}/{entry.name}" if relative else entry.name
            yield name, entry
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    folders.append(name)
        stack.extend(reversed(folders))


def _feed_tree(hasher: Any, root: str, keep: Any = None, budget: _Budget | None = None) -> None:
    """Feed every entry under ``root`` (see :func:`_entries`) to ``hasher``: name, kind, and the
    bytes of regular files; a link by its final target.

    Raises:
        _TooLarge: when ``budget`` is spent.
    """
    for name, entry in _entries(root, keep):
        if budget is not None:
            budget.spend(entries=1)
        hasher.update(b"\0entry\0" + os.fsencode(name) + b"\0")
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            hasher.update(f"gone {exc.errno}\0".encode())
            continue
        if stat.S_ISLNK(mode):
            hasher.update(b"link\0" + os.fsencode(os.path.realpath(entry.path)) + b"\0")
        elif stat.S_ISREG(mode):
            hasher.update(b"file\0")
            _feed_file(hasher, entry.path, budget)
        else:
            hasher.update(f"kind {stat.S_IFMT(mode)}\0".encode())


def _is_code(entry: os.DirEntry) -> bool:
    """True for the kiosk's own files that make its identity (not ``__pycache__`` nor ``*.pyc``)."""
    if entry.name == "__pycache__" or entry.name.startswith("."):
        return False
    if entry.is_dir(follow_symlinks=False):
        return True
    return os.path.splitext(entry.name)[1].lower() in CODE_SUFFIXES


@lru_cache(maxsize=1)
def code_identity() -> str:
    """What the kiosk that checks is, as a hex digest: its version, the bytes of its own files
    (``kiosk/`` without byte code) and of its assets (:func:`kiosk.paths.assets`), the Python
    version, and every installed distribution's name and version (the ``*.dist-info`` folders
    of the environment: Qt, pydantic, tzdata...). Computed once per process.

    Reading those bytes (fonts and all, about 7 ms) is done again only when a file changed: the
    digest is kept in the store (kind ``identity``) under a stamp of every file's size, times
    (the change time ``st_ctime_ns`` too, which the system sets at each write) and inode
    (:func:`_code_stamp`).
    """
    stamp = _code_stamp()
    kept = lookup_verdict(stamp, "identity")
    identity = kept.facts.get("identity") if kept is not None else None
    if isinstance(identity, str) and _DIGEST.fullmatch(identity):
        return identity
    hasher = _code_hasher()
    for label, folder in _code_folders():
        hasher.update(f"\0{label}\0".encode())
        _feed_tree(hasher, str(folder), _is_code)
    identity = hasher.hexdigest()
    store(stamp, "identity", [], facts={"identity": identity})
    return identity


def _code_folders() -> tuple[tuple[str, Path], ...]:
    """The folders whose files make the kiosk's identity: its package and its assets."""
    return (("code", _PACKAGE), ("assets", paths.assets()))


def _code_hasher() -> Any:
    """A hasher fed with the kiosk's version, Python's, and the installed distributions' names
    (in every site-packages folder, :func:`site.getsitepackages`: not from :mod:`sysconfig`, whose
    table of the build's configuration, half a MiB, the process that draws would keep)."""
    hasher = _hasher()
    hasher.update(f"kiosk {__version__}\0python {sys.version}\0".encode())
    libraries = set(site.getsitepackages()) if hasattr(site, "getsitepackages") else set()
    for folder in sorted(p for p in libraries if p):
        with contextlib.suppress(OSError):
            names = sorted(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info")))
            hasher.update(("\0dists\0" + "\0".join(names)).encode())
    return hasher


def _code_stamp() -> str:
    """A digest of what :func:`code_identity` reads, by each entry's name, kind, size, times and
    inode instead of its bytes (a link by where it leads and what is there): any write to a file
    changes it."""
    hasher = _code_hasher()
    for label, folder in _code_folders():
        hasher.update(f"\0{label}\0".encode())
        for name, entry in _entries(str(folder), _is_code):
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(info.st_mode):
                    hasher.update(b"link\0" + os.fsencode(os.path.realpath(entry.path)) + b"\0")
                    info = os.stat(entry.path)
            except OSError as exc:
                hasher.update(f"\0{name}\0gone {exc.errno}".encode())
                continue
            hasher.update(b"\0" + os.fsencode(name) + f"\0{info.st_mode} {stat_version(info)}".encode())
    return hasher.hexdigest()


def digest(folder: Path | str, options: Mapping[str, Any] | None = None) -> str | None:
    """The digest of everything a check of the deck in ``folder`` reads, with ``options``.

    Args:
        folder: the deck folder, or its ``deck.yaml`` (then its folder is hashed and the file's
            name goes into the options).
        options: the check's options (JSON values: sizes, languages, fit on or off...); checks
            with other options get other digests.

    Returns:
        64 hex digits (BLAKE2b-256); ``None`` when the folder holds more than :data:`MAX_ENTRIES`
        entries or :data:`MAX_BYTES` bytes, or cannot be listed (check it afresh: :func:`lookup` of
        ``None`` misses and :func:`store` of it does nothing). Never raises for the folder's contents: an entry that
        cannot be read is hashed as such (it reads the same way, or not, at the check).

    Raises:
        TypeError: when ``options`` is not made of JSON values.
    """
    path = Path(folder)
    options = dict(options or {})
    if not os.path.isdir(path):  # never raises, as Path.is_dir() may
        options["deck file"] = path.name
        path = path.parent
    try:  # a folder that cannot be listed would hash as an empty one: it is checked afresh
        os.scandir(path).close()
    except OSError:
        return None
    hasher = _hasher()
    hasher.update(code_identity().encode() + b"\0options\0")
    hasher.update(json.dumps(options, sort_keys=True, ensure_ascii=True).encode() + b"\0deck\0")
    try:
        _feed_tree(hasher, os.path.realpath(path), budget=_Budget(MAX_ENTRIES, MAX_BYTES))
    except _TooLarge:
        return None
    return hasher.hexdigest()


def _verdict_file(key: str, kind: str) -> Path:
    if not KIND.fullmatch(kind):
        raise ValueError(f"not a kind of check: {kind!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", key):
        raise ValueError(f"not a digest: {key!r}")
    return paths.cache_dir() / "checks" / f"{kind}-{key}.json"


def body_digest(body: Mapping[str, Any]) -> str:
    """The digest stored with an entry's ``body`` (every field :func:`store` writes but this one):
    BLAKE2b-256 (:mod:`kiosk.digests`) of its JSON with sorted keys, as 64 hex digits. An entry
    whose body no longer gives it was changed after it was written (by hand, or a disk's fault)
    and is damaged. It is no secret: whoever can write as the kiosk's user could write a new one,
    as they could change the kiosk's settings or code.

    Raises:
        TypeError: when ``body`` holds something JSON cannot write.
    """
    hasher = digests.blake2b(digest_size=32)
    hasher.update(b"kiosk check cache entry\0")
    hasher.update(json.dumps(body, sort_keys=True, ensure_ascii=True).encode())
    return hasher.hexdigest()


def _consistent(problems: list[Problem], facts: Mapping[str, Any]) -> str | None:
    """Why a stored verdict contradicts itself, or ``None``: ``facts["ok"]`` (where stored) must be
    a bool saying exactly whether no problem is an error; a deck that failed its check (no
    ``facts["deck"]`` where that is stored) must have an error that says why."""
    errors = any(p.severity == "error" for p in problems)
    if "ok" in facts and (type(facts["ok"]) is not bool or facts["ok"] == errors):
        return "its verdict contradicts its problems (ok, yet errors; or not ok, yet no error)"
    if "deck" in facts and facts["deck"] is None and not errors:
        return "its verdict contradicts its problems (no deck, yet no error)"
    if "deck" in facts and facts["deck"] is not None and errors:
        return "its verdict contradicts its problems (a deck, yet errors)"
    return None


def _problem(data: Any) -> Problem:
    """The :class:`Problem` stored as ``data``, exactly as :func:`store` writes it.

    Raises:
        ValueError: when ``data`` is anything else.
    """
    names = {"file": str, "line": int, "col": int, "message": str, "hint": str, "severity": str}
    if not isinstance(data, dict) or set(data) != set(names):
        raise ValueError("not a problem")
    for name, kind in names.items():
        if type(data[name]) is not kind:
            raise ValueError(f"{name} is not a {kind.__name__}")
    if data["severity"] not in SEVERITIES or data["line"] < 0 or data["col"] < 0:
        raise ValueError("not a problem")
    return Problem(**data)


def _read(key: str, kind: str) -> tuple[dict | None, str | None]:
    """The stored file for ``key`` and ``kind``, parsed and checked, or ``None`` and, when a file
    is there but cannot be used, why (never raises for its content).

    Returns:
        (the data, ``None``); (``None``, ``None``) when there is no file or its verdict has
        expired (a normal miss); (``None``, why) when the entry is damaged: unreadable, not a
        plain file, not JSON, or not what :func:`store` writes for this digest and kind.
    """
    from kiosk.userfile import UserFileError, read_bounded

    file = _verdict_file(key, kind)
    try:
        text = read_bounded(file, MAX_VERDICT_BYTES).decode("utf-8")
    except UserFileError as exc:
        return None, None if exc.missing else exc.reason
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror or exc})"
    except UnicodeDecodeError:
        return None, "it is not UTF-8 text"
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None, "it is not whole JSON (cut short or overwritten?)"
    if not isinstance(data, dict):
        return None, "it is not a JSON object"
    sealed = data.pop("body_digest", None)
    if not isinstance(sealed, str) or sealed != body_digest(data):
        return None, "its content does not match the digest stored with it (changed since it was written)"
    if data.get("format") != FORMAT or data.get("digest") != key or data.get("kind") != kind:
        return None, "it names another format, digest or kind than its file name"
    expires = data.get("expires")
    if expires is not None and type(expires) not in (int, float):
        return None, "its expiry is not a time"
    if expires is not None and not time.time() < expires:
        return None, None
    return data, None


@dataclass(frozen=True)
class Found:
    """What the store holds for a digest and a kind (:func:`find`).

    Attributes:
        verdict: the usable verdict, or ``None``.
        damaged: when an entry is there but cannot be used, why (in plain words, e.g. "it is not
            whole JSON"); ``None`` for a hit or a normal miss (nothing stored, or expired). A
            damaged entry is never used: the check is done afresh, and its new verdict replaces it.
    """

    verdict: Verdict | None
    damaged: str | None = None


def report_damage(key: str, kind: str, why: str) -> None:
    """Say (logger ``kiosk.deck``, at WARNING, on stderr too, and kept for the staff status page
    and ``kiosk.log`` even before that file is open: :data:`kiosk.diagnostics.FOR_STAFF`; damage
    there may be a failing disk) that the stored entry for ``key`` and ``kind`` was damaged and is
    not used: the check it held is done afresh. Never raises."""
    import logging

    from kiosk.diagnostics import FOR_STAFF

    try:
        file = _verdict_file(key, kind)
    except ValueError:
        file = paths.cache_dir() / "checks"
    logging.getLogger("kiosk.deck").warning(
        "the cached check %s was damaged (%s); not used: checked afresh",
        file, why, extra=FOR_STAFF)


#: The folders already said to be unusable (:func:`_unusable_folder`): each is said once a process.
_said_unusable: set[str] = set()


def folder_problem() -> str | None:
    """Why the store's folder (``checks`` in :func:`kiosk.paths.cache_dir`) cannot be used at all,
    or ``None`` when it can (also when it is still missing: :func:`store` makes it): a file, a
    symbolic link (``~/.cache/kiosk`` pointing at ``/dev/null``; the kiosk never writes through
    one) or anything but a folder where it or its parent should be, or a folder that cannot be
    read. Never raises."""
    from kiosk.outputs import is_link, reason
    from kiosk.userfile import kind_name

    folder = paths.cache_dir() / "checks"
    for path in (folder.parent, folder):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"{path} cannot be looked at ({reason(exc)})"
        if stat.S_ISLNK(info.st_mode) and is_link(path):
            return f"{path} is a symbolic link (to {os.readlink(path)}), which the kiosk never writes through"
        if not stat.S_ISDIR(info.st_mode):
            return f"{path} is {kind_name(info.st_mode) or 'a file'}, not a folder"
    if not os.access(folder, os.R_OK | os.X_OK):
        return f"{folder} cannot be read (Permission denied)"
    return None


def _unusable_folder() -> str | None:
    """:func:`folder_problem`, said once a process (logger ``kiosk.deck``, at WARNING, on stderr
    and kept for the staff status page) instead of once per entry as damage: "the check cache
    folder … cannot be used: …; checks run without it"."""
    why = folder_problem()
    if why is None:
        return None
    folder = str(paths.cache_dir() / "checks")
    if folder not in _said_unusable:
        import logging

        from kiosk.diagnostics import FOR_STAFF

        _said_unusable.add(folder)
        logging.getLogger("kiosk.deck").warning(
            "the check cache folder %s cannot be used: %s; checks run without it (remove what is in the way, "
            "and the kiosk makes the folder again)", folder, why, extra=FOR_STAFF)
    return why


def find(key: str | None, kind: str) -> Found:
    """The verdict stored for the digest ``key`` (:func:`digest`) and the check ``kind``, and
    whether a stored entry was damaged (see :class:`Found`; a damaged entry is also reported,
    :func:`report_damage`).

    Raises:
        ValueError: when ``key`` is not a digest or ``kind`` not a kind's name (a caller's mistake).
    """
    if key is None:
        return Found(None)
    _verdict_file(key, kind)  # a caller's mistake is raised all the same
    if _unusable_folder() is not None:
        return Found(None)  # a miss: said once for the folder, not as damage of each entry
    data, damaged = _read(key, kind)
    if data is None:
        if damaged:
            report_damage(key, kind, damaged)
        return Found(None, damaged)
    damaged = "its facts or problems are not as stored"
    try:
        facts, stored = data["facts"], data["problems"]
        if not isinstance(facts, dict) or not isinstance(stored, list):
            report_damage(key, kind, damaged)
            return Found(None, damaged)
        problems = [_problem(item) for item in stored]
    except (KeyError, TypeError, ValueError):
        report_damage(key, kind, damaged)
        return Found(None, damaged)
    contradiction = _consistent(problems, facts)
    if contradiction:
        report_damage(key, kind, contradiction)
        return Found(None, contradiction)
    return Found(Verdict(problems, facts))


def lookup_verdict(key: str | None, kind: str) -> Verdict | None:
    """The verdict stored for the digest ``key`` (:func:`digest`) and the check ``kind``.

    Args:
        key: a digest from :func:`digest` (``None``, a folder too large to hash, always misses).
        kind: the name of the check (``"validate"``, ``"startup"``...; see :data:`KIND`).

    Returns:
        The :class:`Verdict`, or ``None`` when there is none that can be used: missing,
        unreadable, corrupt, written by another format, expired, or for another key or kind
        (:func:`find` also says whether an entry was damaged).

    Raises:
        ValueError: when ``key`` is not a digest or ``kind`` not a kind's name (a caller's mistake).
    """
    return find(key, kind).verdict


def lookup(key: str | None, kind: str) -> list[Problem] | None:
    """The problems stored for the digest ``key`` and the check ``kind``, or ``None`` on a miss
    (see :func:`lookup_verdict`)."""
    verdict = lookup_verdict(key, kind)
    return None if verdict is None else verdict.problems


def store(key: str | None, kind: str, problems: list[Problem], *, facts: Mapping[str, Any] | None = None,
          expires: float | None = None) -> bool:
    """Keep the verdict of the check ``kind`` for the digest ``key``, replacing any older one.

    Args:
        key: a digest from :func:`digest`, taken before the check read the deck (take another
            after it and store only when both are equal, so a deck changed during the check is
            never stored under the old digest). ``None`` (a folder too large to hash) stores nothing.
        kind: the name of the check (see :data:`KIND`).
        problems: what the check found (every severity).
        facts: other JSON values to give back with them (:attr:`Verdict.facts`).
        expires: when the verdict stops holding, in seconds since the epoch (``time.time()``), for a
            check that depends on the date; ``None`` for never.

    Returns:
        True when it was written; False when it could not be (a folder that cannot be made or
        written, a full disk): the cache is an aid, never a reason to fail.

    Raises:
        ValueError: when ``key`` is not a digest or ``kind`` not a kind's name.
        TypeError: when ``facts`` holds something JSON cannot write.
    """
    from kiosk.outputs import private_folder

    if key is None:
        _verdict_file("0" * 64, kind)  # a wrong kind is a mistake all the same
        return False
    target = _verdict_file(key, kind)
    body = {"format": FORMAT, "digest": key, "kind": kind, "expires": expires,
            "problems": [asdict(p) for p in problems], "facts": dict(facts or {})}
    text = json.dumps({**body, "body_digest": body_digest(body)}, ensure_ascii=True)
    try:
        private_folder(target.parent.parent)
        private_folder(target.parent)
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=target.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
        try:
            os.replace(temporary, target)
        except IsADirectoryError:  # a damaged entry: a folder in its place (the store is the kiosk's own)
            import shutil

            shutil.rmtree(target)
            os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    _prune(target.parent)
    return True


def _prune(folder: Path) -> None:
    """Remove the least recently written verdict files beyond :data:`KEPT`, and temporary files
    an interrupted :func:`store` left more than an hour ago. Never raises."""
    try:
        with os.scandir(folder) as listing:
            found = [(entry.stat(follow_symlinks=False).st_mtime, entry.path, entry.name) for entry in listing
                     if entry.is_file(follow_symlinks=False)]
    except OSError:
        return
    verdicts = sorted((f for f in found if not f[2].startswith(".tmp-")), reverse=True)
    stale = [f for f in found if f[2].startswith(".tmp-") and f[0] < time.time() - 3600]
    for _, path, _ in verdicts[KEPT:] + stale:
        with contextlib.suppress(OSError):
            os.unlink(path)


#: Entries kept in one table (:func:`store_table`); the least recently stored beyond it are dropped.
TABLE_ENTRIES = 20_000
_DIGEST = re.compile(r"[0-9a-f]{64}")


def file_digest(path: Path | str) -> str | None:
    """The digest of the bytes of the file at ``path`` (wherever a symbolic link finally leads,
    ``os.path.realpath``; or how it cannot be read: missing, not a regular file...), as 64 hex
    digits (BLAKE2b-256): the same for the same bytes in another place.

    Returns:
        The digest; ``None`` when the file holds more than :data:`MAX_BYTES` bytes (not worth
        hashing: whatever shows it is checked afresh). Never raises for the file.
    """
    hasher = _hasher()
    hasher.update(b"file\0")
    try:
        _feed_file(hasher, os.path.realpath(path), _Budget(1, MAX_BYTES))
    except _TooLarge:
        return None
    return hasher.hexdigest()


def _table_key(kind: str) -> str:
    """The digest a table of ``kind`` is stored under: this kiosk's (:func:`code_identity`)."""
    hasher = _hasher()
    hasher.update(f"table\0{kind}\0{code_identity()}".encode())
    return hasher.hexdigest()


def lookup_table(kind: str) -> dict[str, Any]:
    """The entries of the table ``kind`` stored by this kiosk (:func:`store_table`), by digest.

    A table holds the verdicts of many small checks, each under a digest of what it read (a
    view of a slide laid out at one size, say), so that a deck with one slide changed checks
    only what changed. The values are JSON values as stored, not checked here: the caller checks
    each and takes any it does not expect for a miss.

    Returns:
        A new mapping from 64-hex-digit digests to values; empty when there is no usable table
        (missing, unreadable, corrupt, of another kiosk: as :func:`lookup_verdict`).

    Raises:
        ValueError: when ``kind`` is not a kind's name (a caller's mistake).
    """
    verdict = lookup_verdict(_table_key(kind), kind)
    entries = verdict.facts.get("entries") if verdict is not None else None
    if not isinstance(entries, dict):
        return {}
    return {key: value for key, value in entries.items() if _DIGEST.fullmatch(key)}


def store_table(kind: str, entries: Mapping[str, Any]) -> bool:
    """Keep ``entries`` (digest: JSON value) as the table ``kind`` (:func:`lookup_table`), in their
    order, the last the most recent: only the last :data:`TABLE_ENTRIES`, and fewer when their
    file would be larger than :data:`MAX_VERDICT_BYTES` (a table is one verdict file of the store).

    Returns:
        True when it was written; False when it could not be (as :func:`store`).

    Raises:
        ValueError: when ``kind`` is not a kind's name or a key not a digest.
        TypeError: when a value is not made of JSON values.
    """
    kept = list(entries.items())[-TABLE_ENTRIES:]
    for key, _ in kept:
        if not _DIGEST.fullmatch(key):
            raise ValueError(f"not a digest: {key!r}")
    while kept and len(json.dumps(dict(kept), ensure_ascii=True)) > MAX_VERDICT_BYTES - 4096:
        kept = kept[len(kept) // 2 + 1:]  # the older half goes
    return store(_table_key(kind), kind, [], facts={"entries": dict(kept)})


__all__ = ["FORMAT", "KEPT", "body_digest", "TABLE_ENTRIES", "Found", "Verdict", "find", "report_damage", "code_identity", "digest", "file_digest", "lookup",
           "lookup_table", "lookup_verdict", "store", "store_table"]
