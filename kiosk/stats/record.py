"""Counting what the kiosk showed, from the events the player reports (no Qt here).

A :class:`Recorder` observes the event log (:meth:`kiosk.events.EventLog.add_observer`): the
kiosk's own events written to the log (``deck_loaded``, the loop's ``slide_shown``,
``stopped`` …) and everything a visitor causes, which the log only tells its observers
(``touch``, ``language_chosen``, ``loop_resumed``, ``idle_return``, ``slide_shown`` by touch or
at the idle return, and the loop's lines that follow a visit): those are counted here, per
hour, and never written anywhere with a time. It adds
them up per hour in memory and a worker thread writes them to the counts database
(:mod:`kiosk.stats.store`) once a minute and at :meth:`Recorder.close`, so a power cut loses
at most the last minute's counts.

What is counted, per deck, slide and page of a signs section, per hour: times shown by the
loop; times opened by touch; times on screen during an interaction and the seconds it stayed
there; of those, the times the slide had a QR code; interactions (a run of touches until the
loop resumes) and their length (first touch to last touch, in the coarse
:data:`kiosk.stats.store.LENGTHS`); idle returns; and per day the languages chosen.

The quick exit leaves the same counts as a visitor who walks away: its press is a touch like
any other, and the interaction ends at the idle return one idle timeout later (the backend
reports no other event for it).

Counting never stops the kiosk: the first failure (a read-only folder, a full disk, a
damaged file) is reported once to the staff (:data:`kiosk.diagnostics.FOR_STAFF`) and counting stops.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.diagnostics import FOR_STAFF
from kiosk.stats import store

#: Seconds between writes to the database.
FLUSH_SECONDS = 60.0

_logger = logging.getLogger("kiosk.stats")


def local_now() -> dt.datetime:
    """The time now in the system's time zone (aware)."""
    return dt.datetime.now().astimezone()


class Recorder:
    """Hourly counts of what the kiosk showed, written to a SQLite file once a minute.

    Args:
        path: the counts database (see :func:`kiosk.stats.store.default_path`).
        clock: seconds on the player's clock (the backend's, so ``--time-scale`` applies to
            the seconds counted).
        wall: the date and time now (aware); hours are taken in ``zone``.
        zone: the time zone of the hour buckets (the deck's), or ``None`` for ``wall``'s own.
        retention_days: counts older than this many days are deleted at each write.
        interval: seconds between writes (:data:`FLUSH_SECONDS`); ``None`` for no worker thread
            (the caller calls :meth:`flush`).
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] = local_now, zone: dt.tzinfo | None = None,
                 retention_days: int = store.RETENTION_DAYS, interval: float | None = FLUSH_SECONDS) -> None:
        self.path = Path(path)
        self._clock, self._wall, self._zone = clock, wall, zone
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: store.Pending = {table: {} for table in store.TABLES}
        #: True once a write failed: nothing more is counted.
        self.failed = False
        self._deck = ""
        self._slide: tuple[str, str, bool] | None = None  # slide, page, has a QR code
        self._touched_since: float | None = None  # when the interaction began, or None in the loop
        self._hour_began = ""
        self._last_touch = 0.0
        self._span_start = 0.0
        self._dirty = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        if interval is not None:
            self._thread = threading.Thread(target=self._run, args=(interval,), name="kiosk-stats", daemon=True)
            self._thread.start()

    # ----------------------------------------------------------------- events in
    def observe(self, event: str, fields: dict[str, Any]) -> None:
        """Count one event (an :class:`kiosk.events.EventLog` observer). Never raises."""
        if self.failed:
            return
        try:
            with self._lock:
                self._count(event, fields, self._clock())
        except Exception as error:  # noqa: BLE001 - counting never stops the kiosk
            self._fail(f"the visitor counts stopped ({type(error).__name__}: {error}); the kiosk keeps playing")

    def _count(self, event: str, fields: dict[str, Any], now: float) -> None:
        if event in ("started", "deck_loaded", "deck_reloaded"):
            self._end(now)
            self._deck = str(fields.get("deck") or "")
        elif event == "slide_shown":
            slide = (str(fields.get("slide")), str(fields.get("page") or ""), bool(fields.get("qr")))
            if fields.get("trigger") == "touch":
                if self._touched_since is None:
                    self._begin(now, None)
                else:
                    self._close_span(now)
                self._add_view(slide, touch_opened=1, touched_views=1, qr_touched=int(slide[2]))
            else:  # the loop: "auto", or "idle" after an idle return
                self._end(now)
                self._add_view(slide, loop_shown=1)
            self._slide, self._span_start = slide, now
        elif event == "touch":
            if self._touched_since is None:
                self._begin(now, self._slide)
            self._last_touch = now
        elif event == "idle_return":
            self._end(now)
            self._add("hours", (self._hour(), self._deck), 0, 1)
        elif event in ("loop_resumed", "stopped"):
            self._end(now)
        elif event == "language_chosen":
            self._add("languages", (store.day_of(self._now()), self._deck, str(fields.get("language"))), 1)

    def _begin(self, now: float, on_screen: tuple[str, str, bool] | None) -> None:
        """An interaction begins: the slide on screen (if any) is now on screen while touched."""
        self._touched_since = self._last_touch = self._span_start = now
        self._hour_began = self._hour()
        if on_screen is not None:
            self._add_view(on_screen, touched_views=1, qr_touched=int(on_screen[2]))

    def _close_span(self, now: float) -> None:
        if self._slide is not None:
            self._add_view(self._slide, touched_seconds=max(0.0, now - self._span_start))

    def _end(self, now: float) -> None:
        """The loop resumes: the interaction (if any) is counted with its length."""
        if self._touched_since is None:
            return
        self._close_span(now)
        self._add("hours", (self._hour_began, self._deck), 1, 0)
        length = store.length_of(max(0.0, self._last_touch - self._touched_since))
        self._add("lengths", (self._hour_began, self._deck, length), 1)
        self._touched_since = None

    def _add_view(self, slide: tuple[str, str, bool], **counts: float) -> None:
        values = [counts.get(name, 0) for name in store.VIEW_COUNTS]
        self._add("views", (self._hour(), self._deck, slide[0], slide[1]), *values)

    def _add(self, table: str, key: tuple[str, ...], *values: float) -> None:
        row = self._pending[table].setdefault(key, [0] * len(values))
        for i, value in enumerate(values):
            row[i] += value
        self._dirty.set()

    def _now(self) -> dt.datetime:
        now = self._wall()
        return now.astimezone(self._zone) if self._zone is not None else now

    def _hour(self) -> str:
        return store.hour_of(self._now())

    # ----------------------------------------------------------------- writing
    def flush(self) -> bool:
        """Write the counts gathered so far in one transaction (and drop expired ones).

        Returns:
            False when the write failed (reported once; counting stops), else True.
        """
        with self._write_lock:
            with self._lock:
                pending, self._pending = self._pending, {table: {} for table in store.TABLES}
                self._dirty.clear()
            if self.failed or not any(pending.values()):
                return not self.failed
            keep_after = store.hour_of(self._now() - dt.timedelta(days=self.retention_days))
            try:
                store.write(self.path, pending, keep_after=keep_after)
            except Exception as error:  # noqa: BLE001 - sqlite3.Error, OSError: a full or read-only disk
                reason, fix = counts_advice(error)
                self._fail(f"cannot write the visitor counts to {self.path}: {reason}; the kiosk keeps playing "
                           f"without counting — {fix} (stats_file in settings.toml, or --stats-file)")
                return False
            return True

    def _fail(self, text: str) -> None:
        if not self.failed:
            self.failed = True
            _logger.warning("%s", text, extra=FOR_STAFF)

    def _run(self, interval: float) -> None:
        while not self._stopping.is_set():
            self._dirty.wait()  # nothing counted: sleep (a closed kiosk is never woken)
            if self._stopping.wait(interval):
                return
            self.flush()

    def close(self) -> None:
        """Count the interaction in progress as ended, stop the worker and write what is left."""
        self.observe("stopped", {})
        self._stopping.set()
        self._dirty.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.flush()

    # ----------------------------------------------------------------- for the staff
    def totals(self) -> tuple[int, int]:
        """Interactions today and since Monday (local to the hour buckets), written and pending.

        Returns:
            (today, this week); (0, 0) when the database cannot be read.
        """
        now = self._now()
        today = store.day_of(now)
        monday = store.day_of(now - dt.timedelta(days=now.weekday()))
        with self._lock:
            rows = [(key[0], values[0]) for key, values in self._pending["hours"].items()]
            if self._touched_since is not None:
                rows.append((self._hour_began, 1))
        try:
            rows += [(row["hour"], row["interactions"]) for row in store.read(self.path, "hours")]
        except Exception:  # noqa: BLE001 - nothing written yet, or unreadable: the pending counts
            pass
        return (sum(n for hour, n in rows if hour[:10] == today),
                sum(n for hour, n in rows if hour[:10] >= monday))


def counts_advice(error: BaseException) -> tuple[str, str]:
    """Why the visitor counts could not be written, and how to fix it, for ``error`` (an
    ``OSError``, :class:`kiosk.stats.store.CountsFileError` or ``sqlite3.Error``): the advice
    follows the reason (:func:`kiosk.outputs.advice`): a full disk is told to free space, a
    device or pipe to give a plain file.

    Returns:
        ``(what is wrong, how to fix it)``.
    """
    import sqlite3

    from kiosk import outputs

    if isinstance(error, OSError):
        reason, fix = outputs.advice(error)
    elif isinstance(error, sqlite3.OperationalError) and "full" in str(error):
        reason, fix = "the disk is full", "free some disk space, or choose a place on another disk"
    elif isinstance(error, sqlite3.OperationalError) and "readonly" in str(error):
        reason, fix = "it is read-only", "make it writable, or choose a place the kiosk's user can write"
    else:
        reason, fix = str(error), "give a new file name, or the visitor counts file a kiosk made"
    return reason, fix
