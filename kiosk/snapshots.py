"""What a deck folder holds, as the deck watcher compares it (:mod:`kiosk.qt.watch`): a snapshot
of its files' names, sizes and times, plain Python, so that ``kiosk run``'s start-up can take one
around its check of the deck and the drawing process's watcher start from it (a change made while
the kiosk started is then seen).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kiosk.userfile import stat_version

#: Names that are not part of a deck: editors' and download tools' temporary files, hidden files.
IGNORED_SUFFIXES = ("~", ".tmp", ".swp", ".swx", ".part", ".crdownload", ".partial", ".jsonl", ".log")
IGNORED_NAMES = {"4913"}  # vim's write test


def ignored(name: str) -> bool:
    """True for file names that never belong to a deck (hidden, temporary, logs)."""
    return name.startswith(".") or name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES


Snapshot = tuple[tuple[str, int, int, int, int, int], ...]
#: A snapshot no folder has: the version there has not been checked yet (:meth:`kiosk.qt.watch.DeckWatcher.check_now`).
UNCHECKED: Snapshot = (("", -1, -1, -1, -1, -1),)


def snapshot(folder: Path, limit: int = 5000, skip: frozenset[str] = frozenset()) -> Snapshot | None:
    """What the deck folder holds now: the relative path and :data:`kiosk.userfile.StatVersion` (size
    in bytes, mtime in ns, inode, ctime in ns, device) of each file. The change time moves with
    every write and cannot be set back, so a file rewritten with its size and modification time
    kept (``cp -p``, ``touch -r``) is a change too.

    Hidden and temporary files are left out (see :func:`ignored`), and so are the absolute
    paths in ``skip`` (the kiosk's own frames and log, if someone puts them in the deck
    folder); symbolic links are not followed. A folder or file that cannot be read (no
    permission) is one entry of size -1 with the error number in place of the time, so that it
    being made readable is a change. Returns ``None`` when the folder does not exist.
    """
    out: list[tuple[str, int, int, int, int, int]] = []
    pending = [folder]
    while pending and len(out) < limit:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if ignored(entry.name) or entry.path in skip:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
                        continue
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except FileNotFoundError:  # removed while listed
                        continue
                    except OSError as exc:
                        out.append((os.path.relpath(entry.path, folder), -1, exc.errno or 0, 0, 0, 0))
                        continue
                    out.append((os.path.relpath(entry.path, folder), *stat_version(info)))
        except (FileNotFoundError, NotADirectoryError):
            if current == folder:
                return None
        except OSError as exc:  # a folder the kiosk may not read: its loading says so
            out.append((os.path.relpath(current, folder), -1, exc.errno or 0, 0, 0, 0))
    return tuple(sorted(out))


Checked = TypeVar("Checked")


def checked_version(folder: Path, check: Callable[[Path], Checked],
                    skip: frozenset[str] = frozenset()) -> tuple[Checked, Snapshot | None]:
    """``check(folder)``, and which version of the folder it read: its :func:`snapshot` taken
    before, when the folder was the same after it; :data:`UNCHECKED` when it changed meanwhile
    (nobody knows which version was read). ``skip``: as for :func:`snapshot`."""
    before = snapshot(folder, skip=skip)
    result = check(folder)
    return result, before if snapshot(folder, skip=skip) == before else UNCHECKED


__all__ = ["IGNORED_NAMES", "IGNORED_SUFFIXES", "UNCHECKED", "Snapshot", "checked_version", "ignored", "snapshot"]
