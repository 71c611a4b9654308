"""Writing the visitor counts, in this process or in a short-lived one of its own.

The process that draws (``kiosk run``) never loads SQLite (about 1.7 MiB of its memory: the
library's pages, its page cache): once a minute its counter (:class:`kiosk.stats.record.Recorder`)
starts ``python -m kiosk.stats.writer`` (:func:`write_in_child`), hands it the counts on its
standard input as one JSON object, and reads one JSON line back. That process writes them with
:func:`kiosk.stats.store.write` (:func:`write_here`) and ends.

The request: ``{"path": str, "pending": {table: [[key, counts], …]}, "keep_after": str | null,
"hours": bool}``. The answer: ``{"ok": true, "hours": [[hour, interactions], …] | null}``, or
``{"ok": false, "reason": str, "fix": str}`` (:func:`counts_advice`). The child never prints a
traceback: whatever goes wrong in it is an answer that is not ``ok``.

A child that cannot start, stops without an answer, answers something else, or does not answer
within :data:`TIMEOUT` seconds (it is then ended) is a failed write like any other: the counts
stay in the counter's memory and are written at the next try.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk import stopsignals
from kiosk.stats.counts import TABLES, Pending, Written

#: Seconds a writing process may take before it is ended and the write counted as failed (SQLite
#: waits at most 5 s for a lock; a write of a minute's counts takes a fraction of a second).
TIMEOUT = 30.0

#: Free space below which a failed write of the counts is put down to a full disk, in bytes
#: (SQLite needs room for its write-ahead log and a page or more of each table changed).
FULL_BELOW = 1 << 20

#: The fix said when the writing process itself failed (not the disk or the file).
_CHILD_FIX = "restart the kiosk; if it happens again, install the kiosk again"


# ----------------------------------------------------------------- in this process
def write_here(path: Path, pending: Pending, keep_after: str | None, want_hours: bool) -> Written:
    """Write ``pending`` to the counts file ``path`` in this process (:func:`kiosk.stats.store.write`,
    which loads SQLite), and read its ``hours`` table back when ``want_hours``.

    Args:
        path: the counts file (made if missing, when there is something to write).
        pending: the counts to add; nothing is written (nor pruned) when it holds no row.
        keep_after: an hour (``YYYY-MM-DD HH:00``); rows of earlier hours and days are deleted
            in the same transaction. ``None`` keeps them all.
        want_hours: read the ``hours`` table's (hour, interactions) rows after the write.

    Returns:
        :class:`kiosk.stats.counts.Written`: not ``ok``, with the reason and fix of
        :func:`counts_advice`, when the write failed (the file is then as it was); ``hours`` is
        ``None`` when the file could not be read (or does not exist yet). Never raises.
    """
    from kiosk.stats import store  # loads SQLite: never in the process that draws

    if any(pending.values()):
        try:
            store.write(path, pending, keep_after=keep_after)
        except Exception as error:  # noqa: BLE001 - sqlite3.Error, OSError: a full or read-only disk
            reason, fix = counts_advice(error, path)
            return Written(False, reason, fix)
    hours = None
    if want_hours:
        try:
            hours = [(row["hour"], row["interactions"]) for row in store.read(path, "hours")]
        except Exception:  # noqa: BLE001 - nothing written yet, or unreadable: the caller keeps what it knows
            hours = None
    return Written(True, hours=hours)


# ----------------------------------------------------------------- in a process of its own
def child_command() -> list[str]:
    """The command that starts a writing process: this Python, ``-P -m kiosk.stats.writer``
    (:func:`kiosk.interpreter.module_command`)."""
    from kiosk.interpreter import module_command

    return module_command("kiosk.stats.writer")


def child_environment() -> dict[str, str]:
    """The writing process's environment: this one's, with the folder holding the ``kiosk``
    package first on ``PYTHONPATH``, so that the child finds the same kiosk however this one was
    started (installed, editable, or from ``PYTHONPATH``)."""
    import kiosk

    home = os.path.dirname(os.path.dirname(os.path.abspath(kiosk.__file__)))
    before = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": home + (os.pathsep + before if before else "")}


def write_in_child(path: Path, pending: Pending, keep_after: str | None, want_hours: bool, *,
                   command: Sequence[str] | None = None, timeout: float = TIMEOUT) -> Written:
    """:func:`write_here`, in a process of its own, so that this one never loads SQLite.

    Args:
        path, pending, keep_after, want_hours: as for :func:`write_here`.
        command: the program to start (default :func:`child_command`); it reads the request on
            its standard input and prints the answer (see the module's docstring).
        timeout: seconds to wait for the answer; a process still running then is ended (SIGKILL).

    Returns:
        The child's :class:`kiosk.stats.counts.Written`; not ``ok``, with a plain reason, when it
        could not start, gave no answer (it stopped, or answered something else) or took longer
        than ``timeout``. Never raises.
    """
    import subprocess  # here: a kiosk that counts nothing never needs it

    try:
        request = json.dumps({"path": os.fspath(path), "keep_after": keep_after, "hours": bool(want_hours),
                              "pending": {table: [[list(key), list(values)] for key, values in rows.items()]
                                          for table, rows in pending.items()}}, allow_nan=False)
    except (TypeError, ValueError) as error:  # a count that is not a number: a fault in counting
        return Written(False, f"the counts could not be handed over ({error})", _CHILD_FIX)
    try:
        with stopsignals.children_started():  # Ctrl+C is this process's to act on, not the writer's
            child = subprocess.Popen(list(command or child_command()), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_environment())
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        return Written(False, f"the program that writes them could not start ({_why(error)})", _CHILD_FIX)
    try:
        out, _err = child.communicate(request.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            child.communicate(timeout=5)
        return Written(False, f"writing them took longer than {timeout:g} seconds (the disk may be failing)",
                       "check the disk, or choose a place on another disk")
    except (OSError, ValueError) as error:  # its standard input closed early, …
        child.kill()
        child.wait()
        return Written(False, f"the program that writes them stopped ({_why(error)})", _CHILD_FIX)
    answer = _answer(out)
    if answer is None:
        how = f"exit status {child.returncode}" if child.returncode else "it gave no answer the kiosk understands"
        return Written(False, f"the program that writes them stopped without writing them ({how})", _CHILD_FIX)
    return answer


def _why(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


def _answer(out: bytes) -> Written | None:
    """The child's answer in ``out`` (its last line), or ``None`` when it is not one."""
    try:
        lines = out.decode("utf-8").strip().splitlines()
        answer = json.loads(lines[-1]) if lines else None
    except ValueError:
        return None
    if not isinstance(answer, dict) or not isinstance(answer.get("ok"), bool):
        return None
    if not answer["ok"]:
        reason, fix = answer.get("reason"), answer.get("fix")
        if not isinstance(reason, str) or not isinstance(fix, str) or not reason:
            return None
        return Written(False, reason, fix)
    hours = answer.get("hours")
    if hours is None:
        return Written(True)
    if not isinstance(hours, list) or not all(
            isinstance(row, list) and len(row) == 2 and isinstance(row[0], str)
            and isinstance(row[1], int) and not isinstance(row[1], bool) for row in hours):
        return None
    return Written(True, hours=[(hour, n) for hour, n in hours])


def _request(text: str) -> tuple[Path, Pending, str | None, bool]:
    """The child's side: the request read from ``text`` (see the module's docstring).

    Raises:
        ValueError: when it is not a request (JSON, and each part of the right kind).
    """
    request = json.loads(text)
    if not isinstance(request, dict) or not isinstance(request.get("path"), str):
        raise ValueError("no counts file named")
    keep_after = request.get("keep_after")
    if keep_after is not None and not isinstance(keep_after, str):
        raise ValueError("keep_after is not an hour")
    pending: Pending = {table: {} for table in TABLES}
    for table, rows in (request.get("pending") or {}).items():
        if table not in TABLES:
            raise ValueError(f"no table '{table}'")
        keys, counts = TABLES[table]
        for key, values in rows:
            if (len(key) != len(keys) or not all(isinstance(k, str) for k in key) or len(values) != len(counts)
                    or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)):
                raise ValueError(f"a row of '{table}' is not counts")
            pending[table][tuple(key)] = list(values)
    return Path(request["path"]), pending, keep_after, bool(request.get("hours"))


def main() -> int:
    """The writing process: read the request on standard input, write, print the answer.

    The terminal's signals and ``SIGTERM`` are ignored (a write is short, and one cut short loses
    nothing but is tried again), so that a kiosk stopped by them still gets its answer; a process
    that takes too long is ended by the kiosk (:data:`TIMEOUT`).

    Returns:
        0; what went wrong is in the answer, never a traceback.
    """
    stopsignals.in_child()
    for name in ("SIGTERM",):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    try:
        path, pending, keep_after, want_hours = _request(sys.stdin.read())
        written = write_here(path, pending, keep_after, want_hours)
        answer: dict[str, Any] = {"ok": written.ok}
        if written.ok:
            answer["hours"] = None if written.hours is None else [list(row) for row in written.hours]
        else:
            answer.update(reason=written.reason, fix=written.fix)
    except BaseException as error:  # noqa: BLE001 - the kiosk is told, never shown a traceback
        answer = {"ok": False, "reason": f"the program that writes them failed ({type(error).__name__}: {error})",
                  "fix": _CHILD_FIX}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    return 0


# ----------------------------------------------------------------- why a write failed
def disk_full(error: BaseException, path: Path | None = None) -> bool:
    """Whether ``error``, from writing the counts file ``path``, is a full disk.

    True for ``ENOSPC`` or ``EDQUOT`` (in ``error`` or what caused it), for SQLite's
    ``SQLITE_FULL`` ("database or disk is full"), and for a SQLite I/O error (``SQLITE_IOERR``,
    "disk I/O error", which is what SQLite gives when the disk fills while it writes its
    write-ahead log) when the disk holding ``path`` has less than :data:`FULL_BELOW` bytes free
    for the kiosk's user (:func:`os.statvfs`). Never raises.
    """
    import errno
    import sqlite3

    seen: BaseException | None = error
    while seen is not None:
        if getattr(seen, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
            return True
        seen = seen.__cause__ or seen.__context__
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if (code is not None and code & 0xFF == sqlite3.SQLITE_FULL) or "full" in str(error):
        return True
    io_error = (code is not None and code & 0xFF == sqlite3.SQLITE_IOERR) or "disk I/O error" in str(error)
    return io_error and path is not None and free_bytes(path) < FULL_BELOW


def free_bytes(path: Path) -> float:
    """Bytes free for an unprivileged user on the disk holding ``path`` (or its nearest existing
    folder), from :func:`os.statvfs`; infinity where it cannot be told (Windows). Never raises."""
    where = Path(path)
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        info = os.statvfs(where)
    except (OSError, AttributeError):
        return float("inf")
    return info.f_bavail * info.f_frsize


def counts_advice(error: BaseException, path: Path | None = None) -> tuple[str, str]:
    """Why the visitor counts could not be written, and how to fix it, for ``error`` (an
    ``OSError``, :class:`kiosk.stats.store.CountsFileError` or ``sqlite3.Error``): the advice
    follows the reason (:func:`kiosk.outputs.advice`): a full disk (:func:`disk_full`, also when
    SQLite calls it a disk I/O error) is told to free space, a device or pipe to give a plain
    file, a disk that fails to read or write to be checked.

    Args:
        error: what writing the counts raised.
        path: the counts file, to tell whether its disk is full; ``None`` to go by ``error`` only.

    Returns:
        ``(what is wrong, how to fix it)``.
    """
    import sqlite3

    from kiosk import outputs

    if disk_full(error, path):
        reason, fix = "the disk is full", "free some disk space, or choose a place on another disk"
    elif isinstance(error, OSError):
        reason, fix = outputs.advice(error)
    elif isinstance(error, sqlite3.OperationalError) and "readonly" in str(error):
        reason, fix = "it is read-only", "make it writable, or choose a place the kiosk's user can write"
    elif isinstance(error, sqlite3.OperationalError) and "disk I/O error" in str(error):
        reason, fix = (f"the disk could not be written ({error})",
                       "check the disk (it may be failing), or choose a place on another disk")
    else:
        reason, fix = str(error), "give a new file name, or the visitor counts file a kiosk made"
    return reason, fix


if __name__ == "__main__":
    sys.exit(main())
