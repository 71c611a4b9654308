"""What visitor counts are, without the database that keeps them (no SQLite here).

The tables and their columns, the hour, day and length buckets, and the counts waiting to be
written: what the counter (:mod:`kiosk.stats.record`) needs in the process that draws, which never
loads SQLite. The database itself is :mod:`kiosk.stats.store`; it is written by a short-lived
process of its own (:mod:`kiosk.stats.writer`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Days counts are kept by default (the ``stats_retention_days`` setting).
RETENTION_DAYS = 400

#: Interaction lengths, from the first touch to the last, as (upper bound in seconds, label).
LENGTHS: tuple[tuple[float, str], ...] = (
    (10, "under 10 s"), (30, "10-30 s"), (60, "30-60 s"), (120, "1-2 min"), (300, "2-5 min"),
    (float("inf"), "5 min or more"))

#: Count columns of each table (the rest of a row is its key).
VIEW_COUNTS = ("loop_shown", "touch_opened", "touched_views", "touched_seconds", "qr_touched")
HOUR_COUNTS = ("interactions", "idle_returns")

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


def no_counts() -> Pending:
    """An empty :data:`Pending`: every table, no rows."""
    return {table: {} for table in TABLES}


def hour_of(moment: dt.datetime) -> str:
    """The hour bucket of ``moment`` (in its own time zone): ``"2026-10-19 14:00"``."""
    return moment.strftime("%Y-%m-%d %H:00")


def day_of(moment: dt.datetime) -> str:
    """The day bucket of ``moment``: ``"2026-10-19"``."""
    return moment.strftime("%Y-%m-%d")


def length_of(seconds: float) -> str:
    """The coarse bucket of an interaction that lasted ``seconds`` (see :data:`LENGTHS`)."""
    return next(label for bound, label in LENGTHS if seconds < bound)


@dataclass(frozen=True)
class Written:
    """What came of one write of the counts (:data:`Write`).

    Attributes:
        ok: True when the counts were written (or there was nothing to write).
        reason: when not ``ok``, what is wrong in plain words (``"the disk is full"``).
        fix: when not ``ok``, how to fix it (``"free some disk space, …"``).
        hours: when asked for, the ``hours`` table's (hour, interactions) rows as the file holds
            them after the write; ``None`` when not asked for or the file could not be read.
    """

    ok: bool
    reason: str = ""
    fix: str = ""
    hours: list[tuple[str, int]] | None = None


#: How the counter writes its counts: ``write(path, pending, keep_after, want_hours)`` adds
#: ``pending`` to the counts file ``path`` in one transaction (nothing when it is empty), drops
#: rows of hours before ``keep_after`` (``YYYY-MM-DD HH:00``, or ``None`` to keep all) and, with
#: ``want_hours``, reads the ``hours`` table back. Never raises: a failure is a :class:`Written`
#: that is not ``ok``. See :func:`kiosk.stats.writer.write_here` (in this process) and
#: :func:`kiosk.stats.writer.write_in_child` (in a process of its own).
Write = Callable[[Path, Pending, "str | None", bool], Written]
