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

Reads (:func:`read`, and so ``kiosk stats``, ``kiosk stats merge`` and the staff status page)
write nothing beside the file they read, not even SQLite's ``-shm`` and ``-wal`` (a copy on a
USB stick may be read-only; a coordinator's folder stays as it was): see :func:`open_read`.

The tables' columns, the buckets and :data:`Pending` are :mod:`kiosk.stats.counts`'s (named here
too), which the process that draws uses without loading SQLite.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk import outputs, paths
from kiosk.stats.counts import HOUR_COUNTS as HOUR_COUNTS  # named here too, for the modules that read the counts
from kiosk.stats.counts import LENGTHS, TABLES, Pending
from kiosk.stats.counts import RETENTION_DAYS as RETENTION_DAYS
from kiosk.stats.counts import VIEW_COUNTS as VIEW_COUNTS
from kiosk.stats.counts import day_of as day_of
from kiosk.stats.counts import hour_of as hour_of
from kiosk.stats.counts import length_of as length_of
from kiosk.userfile import UserFileError, open_regular, real_path

#: File name of the counts database in the kiosk's state folder.
STATS_FILE = paths.STATS_FILE
#: Schema version (``PRAGMA user_version``).
VERSION = 1
#: Largest counts database opened, in bytes (a busy kiosk writes a few megabytes a year).
MAX_DB_BYTES = 1024 * 1024 * 1024
#: Most rows read from one table (more is not a kiosk's or a county's counts).
MAX_ROWS = 5_000_000
#: Largest count accepted in one row (an hour of one kiosk never comes near it).
MAX_COUNT = 10**12
#: SQLite virtual-machine steps one connection may take before it is stopped (a hostile file
#: cannot make a read or a merge run for ever), and how often the budget is looked at.
MAX_STEPS = 2_000_000_000
_STEP_EVERY = 10_000
#: Longest text or blob SQLite hands over from a counts file, in bytes.
MAX_VALUE_BYTES = 64 * 1024
#: Times a file read whole (:func:`read`) is read again when a write changed it meanwhile.
READ_TRIES = 5

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


class CountsFileError(Exception):
    """A file that is not a visitor counts database (or not one this kiosk can trust); ``str()``
    says which file and why."""


_HOUR = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:00")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A deck, slide or page id as a deck gives it (:data:`kiosk.deck.model.SLUG`, at most
#: :data:`kiosk.paths.NAME_MAX` characters), or empty (a slide without pages, counts made before a
#: deck was loaded); written out here so that counting never loads the deck reader.
_ID = re.compile(rf"(?:[a-z0-9][a-z0-9_-]{{0,{paths.NAME_MAX - 1}}})?")
#: A language code as a deck gives it (:data:`kiosk.deck.model.LANG`).
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
#: Longest kiosk name in a merged counts file, in characters (a kiosk's ``kiosk_name`` is at most 100).
MAX_KIOSK_NAME = 100


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a kiosk in a counts file, or ``None``.

    A kiosk's name is a copy's file name without its suffix (:func:`merge`): at most
    :data:`MAX_KIOSK_NAME` characters, and no control characters (Unicode category Cc), line or
    paragraph separators (Zl, Zp), lone surrogates (Cs) or invisible format characters (Cf: the
    bidi controls and marks among them), which change how the rest of a line reads or hide text
    (:mod:`kiosk.deck.chars`). Written out here so that counting never loads the deck reader.

    Args:
        name: the kiosk name.

    Returns:
        The reason in plain words (``"it holds the control character \\x1b"``), or ``None``.
    """
    if len(name) > MAX_KIOSK_NAME:
        return f"it is {len(name):,} characters long, more than {MAX_KIOSK_NAME}"
    for ch in name:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            kind = "control" if unicodedata.category(ch) == "Cc" else "invisible"
            code = ord(ch)  # written as kiosk.deck.chars.printable writes it
            return f"it holds the {kind} character " + (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return None


def _expected_columns() -> dict[str, list[tuple]]:
    """Each table's columns as ``PRAGMA table_info`` gives them for :data:`SCHEMA`."""
    memory = sqlite3.connect(":memory:")
    try:
        memory.executescript(SCHEMA)
        return {table: memory.execute(f"PRAGMA table_info({table})").fetchall() for table in TABLES}
    finally:
        memory.close()


_COLUMNS = _expected_columns()


def _bound(db: sqlite3.Connection) -> None:
    """Stop ``db`` after :data:`MAX_STEPS` steps and refuse values over :data:`MAX_VALUE_BYTES`."""
    left = [MAX_STEPS // _STEP_EVERY]

    def tick() -> bool:
        left[0] -= 1
        return left[0] < 0

    db.set_progress_handler(tick, _STEP_EVERY)
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


def _is_empty(db: sqlite3.Connection) -> bool:
    """True for a database with nothing in it yet (a counts file being made: no schema, version 0)."""
    return (db.execute("PRAGMA user_version").fetchone()[0] == 0
            and not db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


def _verify(db: sqlite3.Connection, where: Path) -> None:
    """Refuse a database whose schema is not exactly :data:`SCHEMA` at :data:`VERSION`: the four
    tables with their columns, types, defaults and keys, their automatic indexes, and nothing
    else (no views, triggers or other tables, which a query could be made to run).

    Raises:
        CountsFileError: what differs.
        sqlite3.Error: the file is not a SQLite database.
    """
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version != VERSION:
        raise CountsFileError(f"{where} is not a visitor counts file (schema version {version}, not {VERSION})")
    objects = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in objects:
        automatic = kind == "index" and sql is None and table in TABLES and name.startswith("sqlite_autoindex_")
        if not (kind == "table" and name in TABLES) and not automatic:
            raise CountsFileError(f"{where} is not a visitor counts file (it holds the {kind} '{name}')")
    for table, columns in _COLUMNS.items():
        if db.execute(f"PRAGMA table_info({table})").fetchall() != columns:
            raise CountsFileError(f"{where} is not a visitor counts file (its table '{table}' is not the kiosk's)")


def _check_row(row: sqlite3.Row, table: str) -> str | None:
    """Why ``row`` of ``table`` is not a row of counts (wrong type, format or range), or ``None``."""
    keys, counts = TABLES[table]
    for key in ("kiosk", *keys):
        value = row[key]
        if not isinstance(value, str):
            return f"its {table}.{key} is {_kind(value)}, not text"
        if key == "hour" and not _HOUR.fullmatch(value):
            return f"its {table}.hour '{value[:40]}' is not an hour like 2026-10-19 14:00"
        if key == "day" and not _DAY.fullmatch(value):
            return f"its {table}.day '{value[:40]}' is not a day like 2026-10-19"
        if key == "length" and value not in _LENGTH_LABELS:
            return f"its {table}.length '{value[:40]}' is not one of the kiosk's interaction lengths"
        if key in ("deck", "slide", "page") and not _ID.fullmatch(value):
            return (f"its {table}.{key} '{_shown(value)}' is not a {key} id a deck could give (lower-case letters, "
                    f"digits, '-' and '_', at most {paths.NAME_MAX} characters)")
        if key == "language" and not _LANGUAGE.fullmatch(value):
            return f"its {table}.language '{_shown(value)}' is not a language code a deck could give, like pl or pt-BR"
        if key == "kiosk" and (problem := name_problem(value)):
            return f"its {table}.kiosk '{_shown(value)}' is not a kiosk name ({problem})"
    for count in counts:
        value = row[count]
        whole = count != "touched_seconds"
        if type(value) is float and not math.isfinite(value):
            return f"its {table}.{count} is not a finite number"
        if not (type(value) is int or (not whole and type(value) is float)):
            return f"its {table}.{count} is {_kind(value)}, not {'a whole number' if whole else 'a number'}"
        if not 0 <= value <= MAX_COUNT:
            return f"its {table}.{count} is {value:g}, not a count between 0 and {MAX_COUNT:g}"
    return None


def _shown(value: str) -> str:
    """The start of ``value`` for a message: at most 40 characters (what the message says is
    quoted safely where it is printed, :func:`kiosk.deck.chars.printable`)."""
    return value[:40] + ("…" if len(value) > 40 else "")


def _reason(exc: sqlite3.Error) -> str:
    """SQLite's reason, in words where it is the step budget (:func:`_bound`) that stopped it."""
    return "it takes too long to read" if "interrupt" in str(exc) else str(exc)


def _kind(value: object) -> str:
    return {type(None): "empty (NULL)", str: "text", bytes: "a blob", int: "a whole number",
            float: "a number"}.get(type(value), type(value).__name__)


_LENGTH_LABELS = frozenset(label for _, label in LENGTHS)


def _journal_beside(path: Path) -> bool:
    """True when SQLite's ``-wal`` or ``-journal`` file is beside ``path``: a kiosk is writing it
    now, or one stopped part way through a write (a power cut)."""
    return any(os.path.lexists(f"{path}{suffix}") for suffix in ("-wal", "-journal"))


def _state(path: Path) -> tuple | None:
    """What changes when ``path`` is written: its identity, size and times, and whether a write is
    under way beside it (:func:`_journal_beside`); ``None`` when it cannot be looked at."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, _journal_beside(path))


def open_read(path: Path) -> sqlite3.Connection:
    """Open the counts database at ``path`` read-only, bounded (:func:`_bound`) and with its schema
    checked (:func:`_verify`); an empty database (a counts file being made) is accepted and reads as
    no rows. Nothing is written beside the file.

    A counts file is kept in WAL mode, and SQLite makes ``-shm`` and ``-wal`` files beside any file
    in WAL mode it opens, even read-only (a ``mode=ro`` URI), and leaves them there. So the file is
    opened ``mode=ro&immutable=1`` (no lock, no file beside it): all that was committed is in the
    file itself, since each write empties the WAL into it and the kiosk's last connection deletes
    the WAL when it closes (:func:`_transaction`). Only while a ``-wal`` or ``-journal`` file is
    already beside it (a kiosk writing it at this moment, or a write cut short) is it opened
    ``mode=ro`` alone, which reads the WAL too with SQLite's own locks and uses the files already
    there. A write that starts while an immutable connection reads is caught by :func:`read`,
    which reads again.

    Raises:
        FileNotFoundError: when nothing is at ``path``.
        CountsFileError: when it is not a plain file of at most :data:`MAX_DB_BYTES`, not a
            SQLite database, or not a counts database.
    """
    path = Path(path)
    try:
        open_regular(path, MAX_DB_BYTES).close()
    except UserFileError as exc:
        if exc.missing:
            raise FileNotFoundError(2, "no such file", str(path)) from None
        raise CountsFileError(f"{path} is not a visitor counts file: {exc.reason}") from None
    real = real_path(path)
    mode = "?mode=ro" if _journal_beside(real) else "?mode=ro&immutable=1"
    try:
        db = sqlite3.connect(real.as_uri() + mode, uri=True, timeout=5, isolation_level=None)
    except sqlite3.Error as exc:
        raise CountsFileError(f"{path} cannot be opened as a visitor counts file ({exc})") from None
    try:
        _bound(db)
        db.execute("PRAGMA trusted_schema=OFF")
        if not _is_empty(db):
            _verify(db, path)
    except BaseException as exc:
        db.close()
        if isinstance(exc, sqlite3.Error):
            raise CountsFileError(f"{path} is not a visitor counts file ({_reason(exc)})") from None
        raise
    return db


def default_path() -> Path:
    """The kiosk's own counts database (:func:`kiosk.paths.stats_file`: ``stats.db`` in the state folder)."""
    return paths.stats_file()


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the counts database at ``path`` with the schema in place.

    Args:
        path: the file; with ``create``, it and its folder are made (the file mode 0600, and
            SQLite gives its ``-wal`` and ``-shm`` files the same mode).
        create: False to refuse a missing file.

    Raises:
        FileNotFoundError: without ``create``, when ``path`` does not exist.
        OSError: when the folder or file cannot be made.
        CountsFileError: when the file is not a plain file, or another database (:func:`_verify`).
        sqlite3.Error: when the file is not a SQLite database, is read-only, or the disk is full.
    """
    path = Path(path)
    if create:
        outputs.refuse_special(path)  # counts are written: never through a link, never into a pipe or device
    if not create and not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    if create and not path.exists():
        outputs.make_folders(path.parent)
        os.close(outputs.open_private(path))
    if path.exists() and not path.is_file():
        raise CountsFileError(f"{path} is not a visitor counts file: it is not a plain file")
    db = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        _bound(db)
        db.execute("PRAGMA trusted_schema=OFF")
        if not _is_empty(db):
            _verify(db, path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA secure_delete=ON")
        if db.execute("PRAGMA user_version").fetchone()[0] == 0:
            db.executescript("BEGIN IMMEDIATE;" + SCHEMA + f"PRAGMA user_version={VERSION}; COMMIT;")  # all or nothing
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
    with _transaction(path) as db:
        _add(db, "", pending)
        if keep_after is not None:
            _prune(db, keep_after)


@contextmanager
def _transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """The database at ``path`` (:func:`connect`) in one write transaction: committed when the
    block ends, rolled back (and the error raised) when it fails; then the WAL file is emptied, so
    the disk holds no minute-by-minute history (on a full disk, at the next write that can: a
    commit is never reported as failed, so its counts are never added twice), and the database closed."""
    db = connect(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back itself (a full disk during COMMIT)
                with contextlib.suppress(sqlite3.Error):  # the error that stopped the write is the one raised
                    db.execute("ROLLBACK")
            raise
        with contextlib.suppress(sqlite3.Error):  # committed: a checkpoint a full disk refuses is done next time
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
    """Every row of ``table`` (one of :data:`TABLES`), as :class:`sqlite3.Row`, each checked:
    text keys (hours and days in their formats, lengths from :data:`LENGTHS`, deck, slide and page
    ids and language codes as a deck gives them, kiosk names by :func:`name_problem`: a name no
    kiosk could write, such as a spreadsheet formula or a terminal escape, refuses the file) and counts that
    are whole numbers from 0 to :data:`MAX_COUNT` (``touched_seconds`` may have a fraction).
    The file is opened read-only and never changed, nor anything written beside it
    (:func:`open_read`). Read without SQLite's locks, it is read again (at most
    :data:`READ_TRIES` times) when a kiosk wrote it meanwhile (its size, times or a ``-wal`` file
    beside it changed), so the rows are those of one moment.

    Raises:
        FileNotFoundError: when ``path`` does not exist.
        CountsFileError: when it is not a counts database, holds a row that is not counts,
            holds more than :data:`MAX_ROWS` rows, takes more than :data:`MAX_STEPS` to read, or
            was written each time it was read.
    """
    real = real_path(Path(path))
    for _ in range(READ_TRIES):
        before = _state(real)
        try:
            rows = _read_once(path, table)
        except CountsFileError:
            if before is None or before[-1] or _state(real) == before:
                raise  # a file that was not written meanwhile: it is what it is
            continue  # a write under way may have made it look damaged: read it again
        if before is None or before[-1] or _state(real) == before:  # read with locks, or unchanged
            return rows
    raise CountsFileError(f"{path} was being written each time it was read ({READ_TRIES} times); try again")


def _read_once(path: Path, table: str) -> list[sqlite3.Row]:
    """:func:`read`'s rows from one connection (:func:`open_read`)."""
    db = open_read(path)
    if _is_empty(db):
        db.close()
        return []
    db.row_factory = sqlite3.Row
    columns = ", ".join(("kiosk", *TABLES[table][0], *TABLES[table][1]))
    try:
        cursor = db.execute(f"SELECT {columns} FROM {table}")
        rows: list[sqlite3.Row] = []
        while batch := cursor.fetchmany(10_000):
            for row in batch:
                problem = _check_row(row, table)
                if problem:
                    raise CountsFileError(f"{path} is not a visitor counts file: {problem}")
            rows += batch
            if len(rows) > MAX_ROWS:
                raise CountsFileError(f"{path} holds more than {MAX_ROWS:,} rows in '{table}'; not read")
        return rows
    except sqlite3.Error as exc:
        raise CountsFileError(f"{path} is not a visitor counts file ({_reason(exc)})") from None
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
        ValueError: when two sources give the same kiosk name, or a source's file name cannot
            name a kiosk (:func:`name_problem`).
        CountsFileError: a source, or an existing ``out``, is not a counts database (checked
            before anything is written: nothing a source holds but checked counts is merged).
        FileNotFoundError, OSError, sqlite3.Error: a source cannot be read, or ``out`` written.
    """
    gathered: dict[str, Pending] = {}
    owner: dict[str, Path] = {}
    for source in sources:
        for table, (keys, counts) in TABLES.items():
            for row in read(source, table):
                name = row["kiosk"] or Path(source).stem
                if not row["kiosk"] and (problem := name_problem(name)):
                    raise ValueError(f"{source}: its file name cannot name a kiosk ({problem}); rename the copy "
                                     "(e.g. library.db) and merge again")
                if owner.setdefault(name, Path(source)) != Path(source):
                    raise ValueError(f"{owner[name]} and {source} both hold counts for the kiosk '{name}'; "
                                     "rename one copy (e.g. library.db and church.db) and merge again")
                rows = gathered.setdefault(name, {}).setdefault(table, {})
                rows[tuple(row[k] for k in keys)] = [row[c] for c in counts]
    # A new file is made under a temporary name and renamed only once whole; an existing one is
    # changed in one transaction (rolled back on failure): either way, whole or unchanged.
    fresh = not os.path.lexists(out)
    target = Path(out)
    made: list[Path] = []
    if fresh:
        made = outputs.make_missing(target.parent)
        fd, name = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".part", dir=target.parent)
        os.close(fd)
        os.unlink(name)
        target = Path(name)
    try:
        with _transaction(target) as db:
            for name, pending in gathered.items():
                for table in TABLES:
                    db.execute(f"DELETE FROM {table} WHERE kiosk = ?", (name,))
                _add(db, name, pending)
        if fresh:
            os.replace(target, out)
    except sqlite3.Error as error:
        raise MergeWriteError(out, error) from None
    finally:
        if fresh:
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            if not os.path.lexists(out):
                outputs.remove_empty(made)  # no empty folder made for a merge that failed
    return {name: sum(len(rows) for rows in pending.values()) for name, pending in gathered.items()}


class MergeWriteError(OSError):
    """The merged counts file could not be written (SQLite's error, told as an ``OSError``: a full
    disk is ``ENOSPC``); nothing was changed in it."""

    def __init__(self, path: Path, error: sqlite3.Error) -> None:
        full = "full" in str(error).lower()
        super().__init__(errno.ENOSPC if full else errno.EIO, "No space left on device" if full else str(error),
                         str(path))
