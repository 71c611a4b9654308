"""Read decks away from the thread that draws the screen.

A deck is checked in a child process (:func:`kiosk.qt.checker.check_and_load`: the YAML, every
picture decoded, the text checks) in a fraction of a second, but a slow USB stick, a large
picture or a hostile file can make that longer, and the thread that runs Qt's event loop must
never wait for it: a frame would be late, a touch unanswered, the systemd watchdog not pinged.
So the kiosk waits for the child, and reads the checked deck's model, on a plain Python thread,
and the Qt thread picks the result up from a thread-safe queue.

The reading thread touches no QObject, and no QObject can be freed on it:

- it is handed only the job and a ticket; the callback, and the object that asked, stay on the
  Qt thread. A job is plain Python (:mod:`kiosk.deck` never imports Qt), except that it may read
  pictures with a QImageReader into a QImage it drops before it ends (the deck watcher's picture
  check, :func:`kiosk.qt.pictures.qt_picture_problems`): both classes are reentrant, which Qt
  documents as safe on any thread for objects that thread makes;
- Python's cycle collector is paused while a job runs. The collector runs on whichever thread
  happens to allocate, and it would otherwise free unreachable Qt objects (timers, windows,
  QML items) on the reading thread, behind the Qt thread's back, which corrupts memory. Each
  job is short; the collector runs again, on the Qt thread, when the last one is handed back.
"""

from __future__ import annotations

import gc
import itertools
import threading

# queue.py's SimpleQueue and Empty are these, from its C module: queue.py itself (its other
# queues, heapq) is about 0.2 MiB of Python objects the drawing process would never use.
from _queue import Empty, SimpleQueue
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from shiboken6 import Shiboken

#: How often, in milliseconds, the Qt thread looks for finished jobs while any are out.
POLL_MS = 20


class _Bridge(QObject):
    """Where finished jobs wait for the Qt thread. Made on the Qt thread, never deleted."""

    def __init__(self) -> None:
        super().__init__()
        self.parcels: SimpleQueue[tuple[int, Any, BaseException | None]] = SimpleQueue()
        #: Per ticket: the reader that asked, its callback and the thread doing the job.
        self.waiting: dict[int, tuple[Reader, Callable[[Any, BaseException | None], None], threading.Thread]] = {}
        self.tickets = itertools.count()
        self.collector_paused = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._deliver)

    def start(self, reader: Reader, job: Callable[[], Any], done: Callable[[Any, BaseException | None], None],
              name: str) -> None:
        ticket = next(self.tickets)
        parcels = self.parcels

        def work() -> None:
            try:
                value, error = job(), None
            except Exception as exc:  # noqa: BLE001 - every fault goes back to the caller as a value
                value, error = None, exc
            parcels.put((ticket, value, error))

        if not self.waiting and gc.isenabled():
            gc.disable()
            self.collector_paused = True
        thread = threading.Thread(target=work, name=name, daemon=True)
        self.waiting[ticket] = (reader, done, thread)
        thread.start()
        if not self.timer.isActive():
            self.timer.start()

    def _deliver(self) -> None:
        while True:
            try:
                ticket, value, error = self.parcels.get_nowait()
            except Empty:
                break
            reader, done, thread = self.waiting.pop(ticket)
            thread.join()  # it has put its parcel: nothing is left for it to do
            if not self.waiting:
                self.timer.stop()
                if self.collector_paused:
                    self.collector_paused = False
                    gc.enable()
            if Shiboken.isValid(reader):  # its owner (a watcher, the staff menu) may be gone: then nobody is told
                reader._running -= 1
                done(value, error)


_bridge: _Bridge | None = None


class Reader(QObject):
    """Runs jobs on background threads and calls back on the Qt thread.

    Args:
        parent: the owning QObject; once it is deleted, jobs still running call nobody back.

    Each :meth:`run` starts its own daemon thread, so a job that never ends cannot hold up the
    next one or the exit of the kiosk. Made and used on the Qt thread.
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
            job: plain Python work; it must not touch or hold a QObject (see the module's notes).
            done: called on the Qt thread with the job's value or its exception.
            name: the thread's name (shown in debuggers and crash reports).
        """
        self._running += 1
        self._bridge.start(self, job, done, name)
