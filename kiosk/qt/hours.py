"""Opening hours in the running kiosk: black and idle while closed, woken by a touch.

:class:`Opening` is the QML singleton ``Hours``. While the venue is closed the player's
loop is held (:attr:`kiosk.player.session.HoldReason.CLOSED`: no slide timer runs), QML
hides the slides behind a black cover (nothing animates, so nothing is drawn), the screen is turned off where the system allows it
(:mod:`kiosk.display`), and one single-shot timer waits for the next opening. A touch on
the cover wakes the kiosk for ``wake_minutes``. Events ``closed`` and ``opened`` at the times
the hours set, and ``display`` (each attempt to turn the screen off or on then, with its
result) go to the event log. A wake-up is a visitor's doing (README, *Visitor counts*): its
``woken``, the screen turned on for it and off again at its end, and the closing at its end
are only told to the log's observers (:meth:`kiosk.events.EventLog.notify`), never written
with a time; while woken, the loop writes none of its lines either
(:meth:`kiosk.player.session.Session.woken_by_touch`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk import display
from kiosk.events import EventLog
from kiosk.player.hours import OpeningHours
from kiosk.player.session import HoldReason, OpeningWatch
from kiosk.qt.timers import clamp_ms

#: Longest single wait, in milliseconds: the state is checked again at least this often, so a
#: wall clock set late (a Raspberry Pi has no clock battery and sets its time from the
#: network after start-up) is caught up within a quarter of an hour.
MAX_WAIT_MS = 15 * 60 * 1000


class Opening(QObject):
    """Follows the opening hours: holds the player's loop while closed (:attr:`HoldReason.CLOSED`,
    released at opening time, when the loop starts again from its first due slide), and tells
    QML to cover or show.

    The decision (open, closed, woken) is :class:`kiosk.player.session.OpeningWatch`'s; this
    object owns its timer and the screen power.

    Args:
        hours: the schedule, or ``None`` to be always open (then nothing ever runs).
        player: the :class:`kiosk.qt.backend.Backend`; its ``hold()`` is called, and its
            ``clock`` is the default wall clock.
        log: where ``closed``/``opened``/``display`` events go (those of a wake-up by touch,
            ``woken`` among them, are only notified).
        wake_minutes: minutes a touch keeps a closed kiosk awake.
        now: the wall clock, as an aware datetime; default the player's clock
            (:meth:`kiosk.player.clock.Clock.wall`: the real time, or the ``--at`` clock).
        rate: wall-clock seconds per real second; default the player's clock's
            (:attr:`kiosk.player.clock.Clock.wall_rate`: the ``--time-scale`` with ``--at``, else 1).
        power: turns the screens on (True) or off (False) and returns the attempts made
            (default :func:`kiosk.display.set_power`; tests inject a fake).
        parent: the QObject parent.
    """

    closedChanged = Signal()

    def __init__(self, hours: OpeningHours | None, player, log: EventLog, wake_minutes: float = 5.0,
                 now: Callable[[], dt.datetime] | None = None,
                 power: Callable[[bool], list[display.Attempt]] = display.set_power,
                 parent: QObject | None = None, rate: float | None = None) -> None:
        super().__init__(parent)
        self._hours = hours
        self._player = player
        self._log = log
        clock = getattr(player, "clock", None)
        if now is None:
            now = clock.wall
        if rate is None:
            rate = clock.wall_rate if clock is not None and now == clock.wall else 1.0
        self._rate = rate if rate > 0 else 1.0
        self._power = power
        self._watch = OpeningWatch(hours, dt.timedelta(minutes=wake_minutes), now) if hours is not None else None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.update)
        if hours is not None:
            self.update()

    def _get_closed(self) -> bool:
        return self._watch is not None and self._watch.closed

    #: True while the kiosk is closed and not woken: QML shows the black cover.
    closed = Property(bool, _get_closed, notify=closedChanged)

    @property
    def woken_until(self) -> dt.datetime | None:
        """When a wake-up by touch ends, or ``None`` when not woken."""
        return self._watch.woken_until if self._watch is not None else None

    @property
    def open_by_hours(self) -> bool:
        """Whether the opening hours say open now (True with no hours), whatever a wake-up by
        touch did: for the fleet status record, which says nothing of visitors."""
        if self._watch is None:
            return True
        return not self._watch.closed and self._watch.woken_until is None

    @property
    def timer(self) -> QTimer:
        """The one timer, set for the next change (opening, closing or the end of a wake-up)."""
        return self._timer

    @Slot()
    def wake(self) -> None:
        """A touch while closed: show the slides for ``wake_minutes``."""
        if self._watch is None or not self._watch.wake():
            return
        self._session_call("woken_by_touch")
        self._log.notify("woken", minutes=round(self._watch.wake_for.total_seconds() / 60, 2))
        self._closed_changed(visitor=True)
        self._schedule()

    @Slot()
    def update(self) -> None:
        """Check the hours now: open, close or end a wake-up as due, and set the timer again."""
        if self._watch is None:
            return
        woken = self._watch.woken_until is not None
        if self._watch.check():
            visitor = woken and self._watch.closed  # the end of a wake-up: the visitor's doing
            (self._log.notify if visitor else self._log.write)("closed" if self._watch.closed else "opened")
            self._closed_changed(visitor=visitor)
        elif woken and self._watch.woken_until is None and not self._watch.closed:
            # Opening time came during a wake-up: the hours' opening, as on any day.
            self._log.write("opened")
            self._session_call("opened_by_hours")
        self._schedule()

    def _session_call(self, name: str) -> None:
        """Call the play session's ``name`` (:class:`kiosk.player.session.Session`), when the player has one."""
        session = getattr(self._player, "session", None)
        if session is not None:
            getattr(session, name)()

    def _closed_changed(self, visitor: bool = False) -> None:
        """Hold or release the loop, turn the screen off or on and tell QML; ``visitor``: a
        wake-up by touch or its end, whose screen power is not written with a time."""
        closed = self._watch.closed
        if closed:
            self._player.hold(HoldReason.CLOSED)
        nothing = ("no command here to turn the screen off or on (wlr-randr, xset, vcgencmd); "
                   + ("it shows black while closed" if closed else "it was never off: it showed black while closed"))
        attempts = self._power(not closed) or [display.Attempt("", False, nothing)]
        for attempt in attempts:
            (self._log.notify if visitor else self._log.write)(
                "display", power="on" if not closed else "off", command=attempt.command, ok=attempt.ok,
                detail=attempt.detail)
        if not closed:  # the loop starts again from its first due slide
            self._player.hold(HoldReason.CLOSED, False)
        self.closedChanged.emit()

    def _schedule(self) -> None:
        change = self._watch.next_change()
        wait_ms = MAX_WAIT_MS
        if change is not None:  # wall seconds to the change, in real milliseconds
            seconds = (change - self._watch.wall()).total_seconds()
            wait_ms = min(wait_ms, clamp_ms(seconds / self._rate * 1000) + 1)
        self._timer.start(wait_ms)
