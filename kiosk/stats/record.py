"""Counting what the kiosk showed, from the events the player reports (no Qt here).

A :class:`Recorder` observes the event log (:meth:`kiosk.events.EventLog.add_observer`): the
kiosk's own events written to the log (``deck_loaded``, the loop's ``slide_shown``,
``stopped`` …) and everything a visitor causes, which the log only tells its observers
(``touch``, ``language_chosen``, ``loop_resumed``, ``idle_return``, ``slide_shown`` by touch or
at the idle return, and the loop's lines that follow a visit): those are counted here, per
hour, and never written anywhere with a time. It adds
them up per hour in memory and a worker thread writes them to the counts database
(:mod:`kiosk.stats.store`) once a minute and at :meth:`Recorder.close`, so a power cut loses
at most the last minute's counts. How they are written is the caller's choice (:data:`kiosk.stats.counts.Write`):
in this process by default, or, in the process that draws, by a short-lived process of its own
(:func:`kiosk.stats.writer.write_in_child`), so that it never loads SQLite. Nothing here loads it.

What is counted, per deck, slide and page of a signs section, per hour: times shown by the
loop; times opened by touch; times on screen during an interaction and the seconds it stayed
there; of those, the times the slide had a QR code; interactions (a run of touches until the
loop resumes) and their length (first touch to last touch, in the coarse
:data:`kiosk.stats.counts.LENGTHS`); idle returns; and per day the languages chosen.

The quick exit leaves the same counts as a visitor who walks away: its press is a touch like
any other, and the interaction ends at the idle return one idle timeout later (the backend
reports no other event for it).

Staff use is never counted as a visitor's. The staff layer (:class:`kiosk.qt.staff.StaffBackend`)
tells the observers ``staff_gesture`` (with ``held``: the seconds, on this clock, the finger was
held in the corner) when the hidden gesture opens the PIN pad, and ``staff_closed`` when the pad or
the menu closes. The rule:

- An interaction in progress when the gesture opens the PIN pad that began at or after the moment
  the gesture's finger went down (``held`` seconds earlier) turned into the staff gesture: it is
  not counted at all (nor its slides, seconds or languages). One that began before that is a
  visitor's: it is counted, ended at that moment (its seconds on screen stop there; it is not
  an idle return, since the kiosk did not go back to the loop by itself).
- From the gesture until the staff layer closes (a right or wrong PIN, the menu and its
  actions: next, previous, pause, resume, screen off and on, switch deck, reload), no touch,
  slide opened by touch or language is counted. What the loop shows by itself is still counted
  as shown by the loop.
- After the staff layer closes, the loop may still be in the staff's hands (paused on a slide
  they moved to): its return to the loop (``idle_return``, ``loop_resumed``) is not counted, until
  the loop plays by itself again; a visitor's touch before that begins a visitor's interaction,
  counted as any other.

So that an interaction can be left out whole, its counts are held apart while it lasts and added
to the counts to write when it ends: a power cut loses at most the last minute's counts and the
interaction in progress.

Counting never stops the kiosk: the first failure to write (a read-only folder, a full disk, a
damaged file) is reported once to the staff (:data:`kiosk.diagnostics.FOR_STAFF`); the counts
stay in memory and are written at the next try that succeeds.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import health
from kiosk.diagnostics import FOR_STAFF
from kiosk.stats.counts import (
    RETENTION_DAYS,
    VIEW_COUNTS,
    Pending,
    Write,
    Written,
    day_of,
    hour_of,
    length_of,
    no_counts,
)
from kiosk.stats.writer import FULL_BELOW as FULL_BELOW  # named here too: why a write failed
from kiosk.stats.writer import counts_advice as counts_advice
from kiosk.stats.writer import disk_full as disk_full
from kiosk.stats.writer import free_bytes as free_bytes
from kiosk.stats.writer import write_here

#: Seconds between writes to the database.
FLUSH_SECONDS = 60.0

_logger = logging.getLogger("kiosk.stats")


def _seconds(value: Any) -> float:
    """``value`` as seconds from 0 up (0 for anything else: a missing or broken field)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 0.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0


def _slide_of(fields: dict[str, Any]) -> tuple[str, str, bool]:
    """The slide of a ``slide_shown`` event: (slide id, page id or ``""``, whether it has a QR code)."""
    return str(fields.get("slide") or ""), str(fields.get("page") or ""), bool(fields.get("qr"))


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
        write: how the counts are written and the file's interactions read back
            (:data:`kiosk.stats.counts.Write`): :func:`kiosk.stats.writer.write_here` (the
            default) loads SQLite in this process; :func:`kiosk.stats.writer.write_in_child`
            writes in a short-lived process of its own (the process that draws).
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] = local_now, zone: dt.tzinfo | None = None,
                 retention_days: int = RETENTION_DAYS, interval: float | None = FLUSH_SECONDS,
                 write: Write = write_here) -> None:
        self.path = Path(path)
        self._write = write
        self._clock, self._wall, self._zone = clock, wall, zone
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: Pending = no_counts()
        #: True while the counts cannot be written (they are kept in memory and tried again).
        self.failed = False
        #: Why the last write failed ("the disk is full"), or ``None`` when it succeeded.
        self.unsaved: str | None = None
        self._reported: str | None = None  # the staff's message, taken off when a write succeeds
        self._broken = False  # counting itself failed (a bug): nothing more is counted
        self._read_hours: list[tuple[str, int]] | None = None  # the interactions read last (totals)
        self._since_read: list[tuple[str, int]] = []  # and those written since
        self._deck = ""
        self._slide: tuple[str, str, bool] | None = None  # slide, page, has a QR code
        self._touched_since: float | None = None  # when the interaction began, or None in the loop
        self._visit: Pending = no_counts()  # the interaction's counts, held apart
        self._staff = False  # the staff layer is open (PIN pad or menu): nothing is a visitor's
        self._staff_hands = False  # the loop may still be where the staff left it (see the module's rule)
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
        """Count one event (an :class:`kiosk.events.EventLog` observer). Never raises.

        After an error in counting itself (not a failed write: that only delays the writing),
        nothing more is counted."""
        if self._broken:
            return
        try:
            with self._lock:
                self._count(event, fields, self._clock())
        except Exception as error:  # noqa: BLE001 - counting never stops the kiosk
            self._broken = True
            self._fail(f"the visitor counts stopped ({type(error).__name__}: {error}); the kiosk keeps playing")

    def _count(self, event: str, fields: dict[str, Any], now: float) -> None:
        if event == "staff_gesture":
            self._staff_came(now - _seconds(fields.get("held")))
            return
        if event == "staff_closed":
            self._staff = False
            return
        if self._staff_hands and self._staffs(event, fields):
            if event == "slide_shown":  # the slide the staff opened: on screen, not counted
                self._slide, self._span_start = _slide_of(fields), now
            return
        if event in ("started", "deck_loaded", "deck_reloaded"):
            self._end(now)
            self._deck = str(fields.get("deck") or "")
        elif event == "slide_shown":
            slide = _slide_of(fields)
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
        elif event == "language_chosen" and fields.get("language"):  # (a code: the file's check holds it to one)
            self._add("languages", (day_of(self._now()), self._deck, str(fields.get("language"))), 1,
                      visit=self._touched_since is not None)

    def _staffs(self, event: str, fields: dict[str, Any]) -> bool:
        """Whether ``event`` is the staff's doing, not a visitor's (see the module's rule): while
        the staff layer is open, every touch, slide opened by touch and language; after it closed,
        the loop's return from where the staff left it. Ends the staff's hold on the loop when the
        loop plays by itself again or a visitor touches."""
        visitor = event in ("touch", "language_chosen") or (event == "slide_shown" and fields.get("trigger") == "touch")
        if self._staff:
            return visitor or event in ("idle_return", "loop_resumed")
        if visitor or event == "slide_shown":  # a visitor's touch, or the loop plays by itself again
            self._staff_hands = False
            return False
        if event in ("idle_return", "loop_resumed"):  # back from where the staff left the loop
            self._staff_hands = False
            return True
        return False

    def _staff_came(self, began: float) -> None:
        """The hidden gesture opened the PIN pad; its finger went down at ``began`` (seconds on the
        clock): the interaction in progress is left out if it began since, else ended there."""
        self._staff = self._staff_hands = True
        if self._touched_since is None:
            return
        if self._touched_since >= began:  # it turned into the staff gesture: not a visitor's
            self._visit = no_counts()
            self._touched_since = None
        else:
            self._end(began)

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
        visit, self._visit = self._visit, no_counts()
        for table, rows in visit.items():
            for key, values in rows.items():
                self._add(table, key, *values)
        self._add("hours", (self._hour_began, self._deck), 1, 0)
        length = length_of(max(0.0, self._last_touch - self._touched_since))
        self._add("lengths", (self._hour_began, self._deck, length), 1)
        self._touched_since = None

    def _add_view(self, slide: tuple[str, str, bool], **counts: float) -> None:
        values = [counts.get(name, 0) for name in VIEW_COUNTS]
        self._add("views", (self._hour(), self._deck, slide[0], slide[1]), *values,
                  visit=self._touched_since is not None)

    def _add(self, table: str, key: tuple[str, ...], *values: float, visit: bool = False) -> None:
        """Add ``values`` to the row ``key`` of ``table``: in the counts to write, or (``visit``)
        in the interaction in progress, added to them when it ends (:meth:`_end`)."""
        row = (self._visit if visit else self._pending)[table].setdefault(key, [0] * len(values))
        for i, value in enumerate(values):
            row[i] += value
        self._dirty.set()

    def _now(self) -> dt.datetime:
        now = self._wall()
        return now.astimezone(self._zone) if self._zone is not None else now

    def _hour(self) -> str:
        return hour_of(self._now())

    # ----------------------------------------------------------------- writing
    def flush(self) -> bool:
        """Write the counts gathered so far in one transaction (and drop expired ones).

        A write that fails (a full or read-only disk, a damaged file) loses nothing: the counts
        stay in memory, counting goes on, and they are written at the next try (a minute later,
        and at :meth:`close`). The first failure is reported once to the staff, with its reason
        and fix (:func:`counts_advice`), and :attr:`unsaved` says why until a write succeeds again
        (then the report is taken off the staff page and ``kiosk.log`` says so).

        Returns:
            False when the write failed, else True.
        """
        with self._write_lock:
            with self._lock:
                pending, self._pending = self._pending, no_counts()
                self._dirty.clear()
            if not any(pending.values()):
                return self.unsaved is None
            keep_after = hour_of(self._now() - dt.timedelta(days=self.retention_days))
            try:
                written = self._write(self.path, pending, keep_after, False)
            except Exception as error:  # noqa: BLE001 - a writer never raises; should one, nothing is lost
                written = Written(False, f"{type(error).__name__}: {error}",
                                  "restart the kiosk; if it happens again, install the kiosk again")
            if not written.ok:
                with self._lock:  # kept for the next try, with what was counted meanwhile
                    for table, rows in pending.items():
                        for key, values in rows.items():
                            self._add(table, key, *values)
                reason, fix = written.reason, written.fix
                self._fail(f"cannot write the visitor counts to {self.path}: {reason}; the kiosk keeps playing "
                           f"and keeps the counts in memory until they can be written — {fix} "
                           "(stats_file in settings.toml, or --stats-file)", reason)
                return False
            with self._lock:  # for totals() while the file cannot be read
                self._since_read += [(key[0], values[0]) for key, values in pending["hours"].items()]
            if self._reported is not None:
                health.resolved(self._reported)
                _logger.info("the visitor counts are written to %s again", self.path)
            self.failed, self.unsaved, self._reported = False, None, None
            return True

    def _fail(self, text: str, reason: str | None = None) -> None:
        """Report ``text`` to the staff, once until a write succeeds again (``reason``: :attr:`unsaved`)."""
        self.unsaved = reason or text
        if not self.failed:
            self.failed = True
            self._reported = text
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

        The file is read through the writer (:data:`kiosk.stats.counts.Write`; in the process that
        draws, a process of its own). When it cannot be read (a full disk may refuse SQLite its
        shared-memory file), the written ones are those of the last read that succeeded and of the
        writes since.

        Returns:
            (today, this week); only the pending ones when the file was never read.
        """
        now = self._now()
        today = day_of(now)
        monday = day_of(now - dt.timedelta(days=now.weekday()))
        with self._write_lock:  # no write between reading the file and taking the pending counts
            try:  # only read (nothing to write): through the writer, so that SQLite stays out of this process
                written = self._write(self.path, no_counts(), None, True).hours
            except Exception:  # noqa: BLE001 - a writer never raises; should one, what is known
                written = None
            with self._lock:
                if written is not None:
                    self._read_hours, self._since_read = written, []
                rows = [*(self._read_hours or []), *self._since_read]
                rows += [(key[0], values[0]) for key, values in self._pending["hours"].items()]
                if self._touched_since is not None:
                    rows.append((self._hour_began, 1))
        return (sum(n for hour, n in rows if hour[:10] == today),
                sum(n for hour, n in rows if hour[:10] >= monday))

