"""Opening hours in the running kiosk: black and idle while closed, woken by a touch.

:class:`Opening` is the QML singleton ``Hours``. While the venue is closed the player
stops its slide timer, QML hides the slides behind a black cover (nothing animates, so
nothing is drawn), the screen is turned off where the system allows it
(:mod:`kiosk.display`), and one single-shot timer waits for the next opening. A touch on
the cover wakes the kiosk for ``wake_minutes``. Events ``closed``, ``opened``, ``woken`` and
``display`` (each attempt to turn the screen off or on, with its result) go to the event log.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk import display
from kiosk.events import EventLog
from kiosk.player.hours import OpeningHours
from kiosk.qt.timers import clamp_ms

#: Longest single wait, in milliseconds: the state is checked again at least this often, so a
#: wall clock set late (a Raspberry Pi has no clock battery and sets its time from the
#: network after start-up) is caught up within a quarter of an hour.
MAX_WAIT_MS = 15 * 60 * 1000


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Opening(QObject):
    """Follows the opening hours: tells the player to stop or start, and QML to cover or show.

    Args:
        hours: the schedule, or ``None`` to be always open (then nothing ever runs).
        player: the :class:`kiosk.qt.backend.Backend`; ``stop()`` and ``restart()`` are called.
        log: where ``closed``/``opened``/``woken``/``display`` events go.
        wake_minutes: minutes a touch keeps a closed kiosk awake.
        now: the wall clock, as an aware datetime: the real time, or the ``--at`` clock
            (:class:`kiosk.player.schedule.StartingAt`); injected by tests.
        rate: wall-clock seconds per real second: the ``--time-scale`` when ``now`` is the
            ``--at`` clock (which runs that much faster), else 1.
        power: turns the screens on (True) or off (False) and returns the attempts made
            (default :func:`kiosk.display.set_power`; tests inject a fake).
        parent: the QObject parent.
    """

    closedChanged = Signal()

    def __init__(self, hours: OpeningHours | None, player, log: EventLog, wake_minutes: float = 5.0,
                 now: Callable[[], dt.datetime] = _utc_now,
                 power: Callable[[bool], list[display.Attempt]] = display.set_power,
                 parent: QObject | None = None, rate: float = 1.0) -> None:
        super().__init__(parent)
        self._hours = hours
        self._player = player
        self._log = log
        self._wake = dt.timedelta(minutes=wake_minutes)
        self._now = now
        self._rate = rate if rate > 0 else 1.0
        self._power = power
        self._closed = False
        self._woken_until: dt.datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.update)
        if hours is not None:
            self.update()

    def _get_closed(self) -> bool:
        return self._closed

    #: True while the kiosk is closed and not woken: QML shows the black cover.
    closed = Property(bool, _get_closed, notify=closedChanged)

    @property
    def woken_until(self) -> dt.datetime | None:
        """When a wake-up by touch ends, or ``None`` when not woken."""
        return self._woken_until

    @property
    def timer(self) -> QTimer:
        """The one timer, set for the next change (opening, closing or the end of a wake-up)."""
        return self._timer

    @Slot()
    def wake(self) -> None:
        """A touch while closed: show the slides for ``wake_minutes``."""
        if self._hours is None or not self._closed:
            return
        self._woken_until = self._now() + self._wake
        self._log.write("woken", minutes=round(self._wake.total_seconds() / 60, 2))
        self._set_closed(False)
        self._schedule()

    @Slot()
    def update(self) -> None:
        """Check the hours now: open, close or end a wake-up as due, and set the timer again."""
        if self._hours is None:
            return
        now = self._now()
        if self._woken_until is not None and now >= self._woken_until:
            self._woken_until = None
        scheduled_open = self._hours.is_open(now)
        if scheduled_open:
            self._woken_until = None
        should_close = not scheduled_open and self._woken_until is None
        if should_close != self._closed:
            self._log.write("closed" if should_close else "opened")
            self._set_closed(should_close)
        self._schedule()

    def _set_closed(self, closed: bool) -> None:
        self._closed = closed
        if closed:
            self._player.stop()
        attempts = self._power(not closed) or [display.Attempt(
            "", False, "no command here to turn the screen off or on (wlr-randr, xset, vcgencmd); it shows black")]
        for attempt in attempts:
            self._log.write("display", power="on" if not closed else "off", command=attempt.command,
                            ok=attempt.ok, detail=attempt.detail)
        if not closed:
            self._player.restart()
        self.closedChanged.emit()

    def _schedule(self) -> None:
        now = self._now()
        due = [t for t in (self._hours.next_change(now), self._woken_until) if t is not None]
        wait_ms = MAX_WAIT_MS
        if due:  # wall seconds to the change, in real milliseconds
            wait_ms = min(wait_ms, clamp_ms((min(due) - now).total_seconds() / self._rate * 1000) + 1)
        self._timer.start(wait_ms)
