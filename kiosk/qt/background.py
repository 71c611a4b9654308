"""Read decks away from the thread that draws the screen.

A deck is read and checked (:func:`kiosk.deck.load_deck`: the YAML, every picture decoded, the
text checks) in a fraction of a second, but a slow USB stick, a large picture or a hostile file
can make that longer, and the thread that runs Qt's event loop must never wait for it: a frame
would be late, a touch unanswered, the systemd watchdog not pinged. So the kiosk reads on a
plain Python thread and hands the result back to the Qt thread through a queued signal (Qt
delivers a signal emitted on another thread as an event on the receiver's thread).

Only plain Python runs on the reading thread (:mod:`kiosk.deck` never imports Qt); everything
that touches Qt objects runs in the ``done`` callback, on the Qt thread.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal


class Reader(QObject):
    """Runs jobs on background threads and calls back on the thread that owns this object.

    Args:
        parent: the owning QObject (its thread receives the callbacks).

    Each :meth:`run` starts its own daemon thread, so a job that never ends cannot hold up the
    next one or the exit of the kiosk.
    """

    _finished = Signal(object, object, object)  # done, value, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._running = 0

    @property
    def running(self) -> int:
        """How many jobs have started and not yet called back."""
        return self._running

    def run(self, job: Callable[[], Any], done: Callable[[Any, BaseException | None], None],
            name: str = "kiosk-reader") -> None:
        """Run ``job()`` on a new thread; then, on this object's thread, call ``done(value, None)``,
        or ``done(None, error)`` when ``job`` raised.

        Args:
            job: plain Python work; it must not touch Qt objects.
            done: called on this object's thread with the job's value or its exception.
            name: the thread's name (shown in debuggers and crash reports).
        """
        self._running += 1

        def work() -> None:
            try:
                value, error = job(), None
            except Exception as exc:  # noqa: BLE001 - every fault goes back to the caller as a value
                value, error = None, exc
            try:
                self._finished.emit(done, value, error)
            except RuntimeError:  # the receiver was deleted while the job ran: nobody to tell
                pass

        threading.Thread(target=work, name=name, daemon=True).start()

    def _deliver(self, done: Callable[[Any, BaseException | None], None], value: Any,
                 error: BaseException | None) -> None:
        self._running -= 1
        done(value, error)
