"""Fleet updates in a running kiosk: look in the background, never blocking the screen.

Each look (:func:`kiosk.fleet.fetch.check`: download, checks, atomic install) runs in a checking
child process (:func:`kiosk.qt.checker.update_in_child`), so a hostile bundle never reaches the
process that draws, waited for by a Python thread of its own; its
:class:`~kiosk.fleet.fetch.Outcome` comes back to the screen's thread by a queued signal. The
next look is :attr:`UpdateOptions.every` seconds later, longer after failures
(:func:`kiosk.fleet.fetch.next_delay`: exponential back-off with jitter). A new version of the
deck on screen plays from the next slide change (:meth:`kiosk.qt.backend.Backend.replace_deck`);
the deck watcher is told, so it does not load the same version again. A refused version is
never shown: ``update_rejected`` goes to the event log (and ``kiosk.log``) with the reason, the
reason to the staff status page. The status record and metrics (:mod:`kiosk.fleet.status`) are
written after each look and every :attr:`UpdateOptions.status_every` seconds.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import health, paths
from kiosk.diagnostics import FOR_STAFF, ON_STDERR
from kiosk.events import EventLog, process_age
from kiosk.fleet import fetch, status
from kiosk.fleet.status import Tracker
from kiosk.qt.checker import update_in_child
from kiosk.qt.timers import timer_ms
from kiosk.qt.watch import read_version

_log = logging.getLogger("kiosk.fleet")


@dataclass
class UpdateOptions:
    """What the running kiosk follows (from the settings; see ``docs/settings.md``).

    Attributes:
        config: the source, trusted keys and library, or ``None`` for status records only.
        tracker: where results are kept and the status record is written.
        every: seconds between looks.
        status_every: seconds between status records when nothing else happens.
        deck: the ``deck`` setting: a version installed is played when this is ``None`` or its id.
        first: seconds before the first look.
    """

    config: fetch.Config | None
    tracker: Tracker
    every: float = 300.0
    status_every: float = 60.0
    deck: str | None = None
    first: float = 1.0


class Updater(QObject):
    """Runs the looks and brings their results to the screen's thread.

    Signals:
        finished(Outcome): one look ended (emitted from the worker thread; delivered queued).
    """

    finished = Signal(object)

    def __init__(self, options: UpdateOptions, backend, watcher, log: EventLog,
                 is_open: Callable[[], bool | None] = lambda: None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options, self._backend, self._watcher, self._log, self._is_open = options, backend, watcher, log, is_open
        self.failures = 0
        self._last_message: str | None = None
        self._worker: threading.Thread | None = None
        #: The version the last look installed, checked and read on the look's thread.
        self._installed = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.look)
        self._status = QTimer(self)
        self._status.timeout.connect(self.write_status)
        self.finished.connect(self._on_finished)

    def start(self) -> None:
        """Write the first status record and schedule the first look."""
        status.CURRENT = self.options.tracker
        self.write_status()
        self._status.start(max(1, timer_ms(self.options.status_every)))
        if self.options.config is not None:
            self._timer.start(timer_ms(self.options.first))

    def stop(self) -> None:
        """Stop looking (a look under way finishes in its thread; its result is dropped)."""
        self._timer.stop()
        self._status.stop()
        self.finished.disconnect(self._on_finished)

    def look(self) -> None:
        """Start a look in the background now, unless one is under way."""
        if self.options.config is None or (self._worker is not None and self._worker.is_alive()):
            return
        config = self.options.config

        skip = self._watcher.skip if self._watcher is not None else frozenset()

        def work() -> None:  # plain Python: no Qt object is touched here, the signal is queued
            outcome = update_in_child(config)
            if outcome.result == "updated" and outcome.folder is not None:
                # Read before the screen's thread needs it, with which version of the folder was read.
                self._installed = read_version(outcome.folder, skip=skip)
            self.finished.emit(outcome)

        self._worker = threading.Thread(target=work, name="kiosk-updates", daemon=True)
        self._worker.start()

    def _on_finished(self, outcome: fetch.Outcome) -> None:
        self.options.tracker.note(outcome)
        self.failures = 0 if outcome.result != "failed" else self.failures + 1
        self._report(outcome)
        if outcome.result != "failed":
            self._forget_damaged_state()
        if outcome.result == "updated" and outcome.folder is not None:
            self._play(outcome)
        self.write_status()
        delay = fetch.next_delay(self.options.every, self.failures)
        self._timer.start(max(1, timer_ms(delay)))

    def _forget_damaged_state(self) -> None:
        """Take a damaged ``.kiosk-updates.json`` (:func:`kiosk.fleet.fetch.followed`, told at
        start) off the staff status page once a look has written it again whole."""
        library = self.options.config.library
        state = f"{paths.updates_state(library)} "
        told = [text for text in health.problems() if text.startswith(state)]
        if told and fetch.State.load(library).damaged is None:
            for text in told:
                health.resolved(text)

    def _report(self, outcome: fetch.Outcome) -> None:
        """Log what is new: every install, and a refusal or failure when its reason changes."""
        repeated = outcome.message == self._last_message
        self._last_message = outcome.message
        if outcome.result == "updated":
            self._log.write("update_installed", deck=outcome.deck, version=outcome.version)
        elif outcome.result == "rejected" and not repeated:
            self._log.write("update_rejected", deck=outcome.deck, version=outcome.version, reason=outcome.message)
            _log.warning("a new version from update_source was refused: %s; still playing the last good version",
                         outcome.message, extra=FOR_STAFF)
        elif outcome.result == "failed" and not repeated:
            self._log.write("update_failed", reason=outcome.message, failures=self.failures)
            _log.warning("looking for updates failed: %s", outcome.message, extra=ON_STDERR)

    def _play(self, outcome: fetch.Outcome) -> None:
        """Play the version just installed from the next slide, when it is the deck on screen or followed."""
        folder = Path(outcome.folder)
        same = Path(os.path.abspath(self._backend.folder)) == Path(os.path.abspath(folder))
        if not same and self.options.deck not in (None, outcome.deck):
            return
        installed, self._installed = self._installed, None
        if installed is None:
            return
        result, version = installed
        if not result.ok or Path(os.path.abspath(result.folder)) != Path(os.path.abspath(folder)):
            return
        # The deck's watcher takes this version as read (it follows the folder from now on); it may
        # have seen the install's files settle and given the same version to the player already.
        given = self._watcher is None or self._watcher.take(folder, result.deck, version, result.content)
        instead = "" if same or not given else f" in place of '{self._backend.deck.deck.id}'"  # e.g. a deck the staff chose
        _log.info("version %s of '%s' installed; it plays from the next slide%s", outcome.version, outcome.deck,
                  instead, extra=ON_STDERR)
        if given:
            self._backend.replace_deck(result.deck, result.folder, result.content)

    def write_status(self) -> None:
        """Write the status record and metrics now (where set); a failure is reported once."""
        config = self.options.config
        found = fetch.installed(config.library, config.source) if config else None
        deck = self._backend.deck.deck.id
        version = found[1] if found and found[0] == deck else None
        problem = self.options.tracker.write(deck, version, process_age(), self._is_open())
        if problem:
            _log.warning("%s", problem, extra=FOR_STAFF)


def takes_over(options: UpdateOptions | None) -> str | None:
    """What the staff menu's *Switch deck* says on a kiosk whose published updates take the screen
    back (README, *Staff access*): a deck chosen there plays until the next version of the
    followed deck is installed (:meth:`Updater._play` plays it at once), or until the kiosk
    restarts. ``None`` when no update would take over: no ``update_source``, or a ``deck`` setting
    naming another deck than the one followed. Reads the library's state file: call it off the
    drawing thread."""
    if options is None or options.config is None:
        return None
    followed = fetch.followed(options.config.library, options.config.source).deck
    if options.deck is not None and options.deck != followed:
        return None
    what = f"the next version of ‘{followed}’ is published" if followed else "a published deck is installed"
    again = f"; then ‘{followed}’ plays again" if followed else ""
    return (f"This kiosk follows published updates: a deck chosen here plays until {what}, "
            f"or until the kiosk restarts{again}.")


def start_updates(options: UpdateOptions, backend, watcher, log: EventLog, opening=None) -> Updater:
    """Start following ``options`` for ``backend`` (see :class:`Updater`); the updater is a child of ``backend``."""
    is_open = (lambda: opening.open_by_hours) if opening is not None else (lambda: None)
    updater = Updater(options, backend, watcher, log, is_open, parent=backend)
    updater.start()
    return updater


__all__ = ["UpdateOptions", "Updater", "start_updates", "takes_over"]
