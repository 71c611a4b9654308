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
from shiboken6 import Shiboken


class _Bridge(QObject):
    """The one object reading threads signal to. It is made on the Qt thread and never deleted,
    so a thread never signals to an object being deleted on the Qt thread at that moment."""

    finished = Signal(object)  # (reader, done, value, error)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _deliver(parcel: tuple) -> None:
        reader, done, value, error = parcel
        if Shiboken.isValid(reader):  # its owner (a watcher, the staff menu) may be gone: then nobody is told
            reader._running -= 1
            done(value, error)


_bridge: _Bridge | None = None


class Reader(QObject):
    """Runs jobs on background threads and calls back on the Qt thread.

    Args:
        parent: the owning QObject; once it is deleted, jobs still running call nobody back.

    Each :meth:`run` starts its own daemon thread, so a job that never ends cannot hold up the
    next one or the exit of the kiosk. Made on the Qt thread.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        global _bridge
        super().__init__(parent)
        if _bridge is None:
            _bridge = _Bridge()
        self._bridge = _bridge
        self._running = 0

    @property
    def running(self) -> int:
        """How many jobs have started and not yet called back."""
        return self._running

    def run(self, job: Callable[[], Any], done: Callable[[Any, BaseException | None], None],
            name: str = "kiosk-reader") -> None:
        """Run ``job()`` on a new thread; then, on the Qt thread, call ``done(value, None)``, or
        ``done(None, error)`` when ``job`` raised.

        Args:
            job: plain Python work; it must not touch Qt objects.
            done: called on the Qt thread with the job's value or its exception.
            name: the thread's name (shown in debuggers and crash reports).
        """
        self._running += 1
        bridge = self._bridge

        def work() -> None:
            try:
                value, error = job(), None
            except Exception as exc:  # noqa: BLE001 - every fault goes back to the caller as a value
                value, error = None, exc
            bridge.finished.emit((self, done, value, error))

        threading.Thread(target=work, name=name, daemon=True).start()
