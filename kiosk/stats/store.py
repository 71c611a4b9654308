"""The counts database: one local SQLite file (the standard library's :mod:`sqlite3`).

Every table holds counts per hour (languages per day) and nothing else: no touch positions,
no times finer than the hour, no order of what one visitor did, no identifiers. Hours are
local times written ``YYYY-MM-DD HH:00`` in the deck's time zone; days ``YYYY-MM-DD``.
The ``kiosk`` column is empty for a kiosk's own counts and names the source file's kiosk in a
merged, county-wide file (:func:`merge`).

Writes are one transaction each, in WAL mode with ``synchronous=FULL`` (a committed write
survives a power cut; a write cut short is rolled back, never half-kept); after each write the
WAL is checkpointed and truncated, and deleted rows are overwritten (``secure_delete``), so
the files on disk hold only the hourly totals, never the minute-by-minute history of writes.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from kiosk import outputs, paths

#: File name of the counts database in the kiosk's state folder.
STATS_FILE = paths.STATS_FILE
#: Days counts are kept by default (the ``stats_retention_days`` setting).
RETENTION_DAYS = 400
#: Schema version (``PRAGMA user_version``).
VERSION = 1

#: Interaction lengths, from the first touch to the last, as (upper bound in seconds, label).
LENGTHS: tuple[tuple[float, str], ...] = (
    (10, "under 10 s"), (30, "10-30 s"), (60, "30-60 s"), (120, "1-2 min"), (300, "2-5 min"),
    (float("inf"), "5 min or more"))

#: Count columns of each table (the rest of a row is its key).
VIEW_COUNTS = ("loop_shown", "touch_opened", "touched_views", "touched_seconds", "qr_touched")
HOUR_COUNTS = ("interactions", "idle_returns")

SCHEMA = """
CREATE TABLE IF NOT EXISTS views (
    kiosk TEXT NOT NULL DEFAULT '', hour TEXT NOT NULL, deck TEXT NOT NULL,
    slide TEXT NOT NULL, page TEXT NOT NULL DEFAULT '',
    loop_shown INTEGER NOT NULL DEFAULT 0, touch_opened INTEGER NOT NULL DEFAULT 0,
    touched_views INTEGER NOT NULL DEFAULT 0, touched_seconds REAL NOT NULL DEFAULT 0,
    qr_touched INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk, hour, deck, slide, page));
CREATE TABLE IF NOT EXISTS hours (
    kiosk TEXT NOT NULL DEFAULT '', hour TEXT NOT NULL, deck TEXT NOT NULL,
    interactions INTEGER NOT NULL DEFAULT 0, idle_returns INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk, hour, deck));
CREATE TABLE IF NOT EXISTS lengths (
    kiosk TEXT NOT NULL DEFAULT '', hour TEXT NOT NULL, deck TEXT NOT NULL, length TEXT NOT NULL,
    interactions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk, hour, deck, length));
CREATE TABLE IF NOT EXISTS languages (
    kiosk TEXT NOT NULL DEFAULT '', day TEXT NOT NULL, deck TEXT NOT NULL, language TEXT NOT NULL,
    chosen INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kiosk, day, deck, language));
"""

#: Each table's key columns (after ``kiosk``) and count columns.
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "views": (("hour", "deck", "slide", "page"), VIEW_COUNTS),
    "hours": (("hour", "deck"), HOUR_COUNTS),
    "lengths": (("hour", "deck", "length"), ("interactions",)),
    "languages": (("day", "deck", "language"), ("chosen",)),
}

#: Counts waiting to be written: table -> key (without ``kiosk``) -> counts, in the order of
#: :data:`TABLES`.
Pending = dict[str, dict[tuple[str, ...], list[float]]]


def default_path() -> Path:
    """The kiosk's own counts database (:func:`kiosk.paths.stats_file`: ``stats.db`` in the state folder)."""
    return paths.stats_file()


def hour_of(moment: dt.datetime) -> str:
    """The hour bucket of ``moment`` (in its own time zone): ``"2026-10-19 14:00"``."""
    return moment.strftime("%Y-%m-%d %H:00")


def day_of(moment: dt.datetime) -> str:
    """The day bucket of ``moment``: ``"2026-10-19"``."""
    return moment.strftime("%Y-%m-%d")


def length_of(seconds: float) -> str:
    """The coarse bucket of an interaction that lasted ``seconds`` (see :data:`LENGTHS`)."""
    return next(label for bound, label in LENGTHS if seconds < bound)


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the counts database at ``path`` with the schema in place.

    Args:
        path: the file; with ``create``, it and its folder are made (the file mode 0600, and
            SQLite gives its ``-wal`` and ``-shm`` files the same mode).
        create: False to refuse a missing file.

    Raises:
        FileNotFoundError: without ``create``, when ``path`` does not exist.
        OSError: when the folder or file cannot be made.
        sqlite3.Error: when the file is not a SQLite database, is read-only, or the disk is full.
    """
    path = Path(path)
    if not create and not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    if create and not path.exists():
        outputs.make_folders(path.parent)
        os.close(outputs.open_private(path))
    db = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA secure_delete=ON")
        if db.execute("PRAGMA user_version").fetchone()[0] == 0:
            db.executescript(SCHEMA + f"PRAGMA user_version={VERSION};")
    except BaseException:
        db.close()
        raise
    return db


def write(path: Path, pending: Pending, *, keep_after: str | None = None) -> None:
    """Add ``pending`` counts to the database, and drop counts older than ``keep_after``, in one transaction.

    Args:
        path: the database (made if missing).
        pending: the counts to add (see :data:`Pending`).
        keep_after: an hour (``YYYY-MM-DD HH:00``); rows of earlier hours (and days) are deleted.

    Raises:
        OSError, sqlite3.Error: see :func:`connect`; the database is left as it was.
    """
    db = connect(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            _add(db, "", pending)
            if keep_after is not None:
                _prune(db, keep_after)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _add(db: sqlite3.Connection, kiosk: str, pending: Pending) -> None:
    for table, rows in pending.items():
        keys, counts = TABLES[table]
        columns = ("kiosk", *keys, *counts)
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
               f"ON CONFLICT ({', '.join(('kiosk', *keys))}) DO UPDATE SET "
               + ", ".join(f"{c} = {c} + excluded.{c}" for c in counts))
        db.executemany(sql, [(kiosk, *key, *values) for key, values in rows.items()])


def _prune(db: sqlite3.Connection, keep_after: str) -> None:
    for table in ("views", "hours", "lengths"):
        db.execute(f"DELETE FROM {table} WHERE hour < ?", (keep_after,))
    db.execute("DELETE FROM languages WHERE day < ?", (keep_after[:10],))


def read(path: Path, table: str) -> list[sqlite3.Row]:
    """Every row of ``table`` (one of :data:`TABLES`), as :class:`sqlite3.Row`.

    Raises:
        FileNotFoundError: when ``path`` does not exist.
        sqlite3.Error: when it is not a counts database.
    """
    db = connect(path, create=False)
    db.row_factory = sqlite3.Row
    try:
        return db.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        db.close()


def kiosks(path: Path) -> list[str]:
    """The kiosk names in a database (``[""]`` for a kiosk's own, the sources' names after :func:`merge`)."""
    return sorted({row["kiosk"] for table in TABLES for row in read(path, table)})


def merge(sources: list[Path], out: Path) -> dict[str, int]:
    """Add the counts of several kiosks' databases into ``out``, one transaction.

    Each source's own counts (empty ``kiosk`` column) are filed under its file name without the
    suffix (``library.db`` -> ``library``); a source that was itself merged keeps its names. The
    counts ``out`` already holds for a name being merged are replaced, so merging newer copies
    again never counts anything twice.

    Args:
        sources: the databases to read (never changed).
        out: the county-wide database (made if missing).

    Returns:
        Rows merged per kiosk name.

    Raises:
        ValueError: when two sources give the same kiosk name.
        FileNotFoundError, OSError, sqlite3.Error: a source cannot be read, or ``out`` written.
    """
    gathered: dict[str, Pending] = {}
    owner: dict[str, Path] = {}
    for source in sources:
        for table, (keys, counts) in TABLES.items():
            for row in read(source, table):
                name = row["kiosk"] or Path(source).stem
                if owner.setdefault(name, Path(source)) != Path(source):
                    raise ValueError(f"{owner[name]} and {source} both hold counts for the kiosk '{name}'; "
                                     "rename one copy (e.g. library.db and church.db) and merge again")
                rows = gathered.setdefault(name, {}).setdefault(table, {})
                rows[tuple(row[k] for k in keys)] = [row[c] for c in counts]
    db = connect(out)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            for name, pending in gathered.items():
                for table in TABLES:
                    db.execute(f"DELETE FROM {table} WHERE kiosk = ?", (name,))
                _add(db, name, pending)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return {name: sum(len(rows) for rows in pending.values()) for name, pending in gathered.items()}
