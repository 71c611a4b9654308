"""Where the kiosk plays: which screen, and noticing when its deck folder goes away.

Both report trouble through :mod:`kiosk.health` (for the staff screen) and the event log,
and neither ever stops the kiosk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject
from PySide6.QtQuick import QQuickWindow

from kiosk import health
from kiosk.events import EventLog


def choose_screen(window: QQuickWindow, number: int, log: EventLog) -> None:
    """Put ``window`` on screen ``number`` (from 0, in the order Qt lists them), with its geometry.

    A screen that is not there (unplugged, or a wrong setting) leaves the window on the
    first screen, with a message for the staff.
    """
    screens = window.screen().virtualSiblings() or [window.screen()]
    if number >= len(screens):
        text = (f"screen {number} is not connected (this machine has {len(screens)}); "
                f"playing on screen 0 — set screen to 0…{len(screens) - 1} in settings.toml")
        health.report(text)
        log.write("error", kind="screen", message=text)
        number = 0
    window.setScreen(screens[number])
    window.setGeometry(screens[number].geometry())


class DeckFolderWatch(QObject):
    """Watches a deck folder and reports, once, when its ``deck.yaml`` disappears.

    The deck is already in memory, so the kiosk keeps playing it; the staff are told to put
    the folder back (or choose another deck in ``settings.toml``). Driven by the operating
    system's file notifications (``QFileSystemWatcher``), not by polling.

    Args:
        folder: the deck folder.
        log: where an ``error`` event of kind ``deck_missing`` goes.
        parent: the QObject parent.
    """

    def __init__(self, folder: Path, log: EventLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._log = log
        self.lost = False
        self._watcher = QFileSystemWatcher(self)
        watched = [str(p) for p in (folder, folder.parent) if p.is_dir()]
        if watched:
            self._watcher.addPaths(watched)
        self._watcher.directoryChanged.connect(self.check)

    def check(self, *_changed: str) -> bool:
        """Look at the folder now; returns True while its ``deck.yaml`` is missing."""
        missing = not (self._folder / "deck.yaml").is_file()
        if missing and not self.lost:
            text = (f"the deck folder {self._folder} has gone (deleted, renamed or its drive removed); "
                    "the kiosk keeps playing the deck it loaded — put the folder back, or set deck in "
                    "settings.toml, then restart the kiosk")
            health.report(text)
            self._log.write("error", kind="deck_missing", message=text)
        self.lost = missing
        return missing


def watch_deck_folder(folder: Path, log: EventLog, parent: QObject) -> DeckFolderWatch:
    """Start a :class:`DeckFolderWatch` on ``folder``, owned by ``parent``."""
    return DeckFolderWatch(folder, log, parent)
