"""Kiosk mode: full-screen on the chosen screen, on top, no cursor, and no key that leaves it.

Only portable Qt calls are used (window flags, ``showFullScreen``, an application event
filter), so it behaves the same under X11 and Wayland. What the application cannot see it
cannot block: a compositor's own shortcuts (Alt+Tab under most window managers, a
virtual-terminal switch) never reach it; turn those off in the desktop's settings. When a
window manager closes the window anyway (Alt+F4 handled by the window manager), the close
request still arrives here as a Close event, and is refused.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent, QScreen, QWindow

Key = Qt.Key
Mod = Qt.KeyboardModifier

#: Keys that close, hide or switch a window, and how they are named in the event log.
BLOCKED_KEYS: dict[tuple[Key, Mod], str] = {
    (Key.Key_Escape, Mod.NoModifier): "Esc",
    (Key.Key_F4, Mod.AltModifier): "Alt+F4",
    (Key.Key_W, Mod.ControlModifier): "Ctrl+W",
    (Key.Key_Q, Mod.ControlModifier): "Ctrl+Q",
    (Key.Key_F11, Mod.NoModifier): "F11",
    (Key.Key_Tab, Mod.AltModifier): "Alt+Tab",
    (Key.Key_Backtab, Mod.AltModifier): "Alt+Tab",
    (Key.Key_Backtab, Mod.AltModifier | Mod.ShiftModifier): "Alt+Tab",
}
_MODIFIERS = Mod.ShiftModifier | Mod.ControlModifier | Mod.AltModifier | Mod.MetaModifier
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)


class ScreenError(Exception):
    """The screen asked for with ``--screen`` does not exist; the message lists those that do."""


def blocked_key_name(event: QKeyEvent) -> str | None:
    """The log name of the blocked key combination in ``event`` (e.g. ``"Alt+F4"``), or ``None``."""
    key = Key(event.key())
    modifiers = event.modifiers() & _MODIFIERS
    if key == Key.Key_Escape or key == Key.Key_F11:  # whatever the modifiers
        modifiers = Mod.NoModifier
    return BLOCKED_KEYS.get((key, Mod(modifiers)))


class KioskGuard(QObject):
    """Application-wide event filter: eats the keys in :data:`BLOCKED_KEYS` and refuses to
    close the player window, until :meth:`allow_exit` is called or the application quits.

    Args:
        log: called with the event name and fields (``log("key_blocked", key="Esc")``);
            nothing about the person pressing is recorded.
        parent: the owning QObject.

    Install it with ``app.installEventFilter(guard)``. A Quit event sent to the application
    (:meth:`QCoreApplication.quit` from the staff Exit, ``--cycles`` or SIGTERM) lets the
    windows close, as Qt 6 asks every window before quitting.
    """

    def __init__(self, log: Callable[..., None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._log = log
        self._exiting = False
        self._cursor_hidden = False
        #: Close requests refused so far (for tests and the status page).
        self.refused_closes = 0

    def allow_exit(self) -> None:
        """From now on, let windows close (the staff chose Exit); the mouse pointer comes back."""
        self._exiting = True
        self.show_cursor()

    def hide_cursor(self) -> None:
        """Hide the mouse pointer over every window of the application, until :meth:`show_cursor`.

        An application-wide override cursor (``QGuiApplication.setOverrideCursor``) is used, not
        ``QWindow.setCursor``: Qt Quick sets the window's cursor again from the item under the
        pointer whenever the mouse moves, which brought the arrow back.
        """
        if not self._cursor_hidden:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self._cursor_hidden = True

    def show_cursor(self) -> None:
        """Undo :meth:`hide_cursor` (nothing happens when the pointer is not hidden)."""
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    @property
    def exiting(self) -> bool:
        """True once windows may close."""
        return self._exiting

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        """Return True (eaten) for a blocked key or a refused close."""
        kind = event.type()
        if kind == QEvent.Type.Quit:
            self._exiting = True
            self.show_cursor()
        elif kind in _KEY_EVENTS and isinstance(watched, QWindow):
            name = blocked_key_name(event)
            if name is not None:
                if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
                    self._log("key_blocked", key=name)
                event.accept()
                return True
        elif kind == QEvent.Type.Close and isinstance(watched, QWindow) and not self._exiting:
            self.refused_closes += 1
            self._log("close_refused")
            event.ignore()
            return True
        return False


def choose_screen(index: int | None) -> QScreen:
    """The screen numbered ``index`` in ``QGuiApplication.screens()`` (the primary when ``None``).

    Raises:
        ScreenError: when there is no such screen; the message lists every screen.
    """
    screens = QGuiApplication.screens()
    if index is None:
        return QGuiApplication.primaryScreen()
    if 0 <= index < len(screens):
        return screens[index]
    listing = "; ".join(f"{i}: {s.name() or 'unnamed'} {s.size().width()}x{s.size().height()}"
                        for i, s in enumerate(screens))
    count = f"{len(screens)} screen" + ("s" if len(screens) != 1 else "")
    choices = "--screen 0" if len(screens) == 1 else f"--screen 0 to {len(screens) - 1}"
    raise ScreenError(f"there is no screen {index}: this computer has {count} ({listing}). "
                      f"Use {choices}, or leave it out for the main screen.")


def enter(window: QWindow, screen: QScreen, guard: KioskGuard) -> None:
    """Show ``window`` frameless, full-screen on ``screen``, above other windows, with no cursor.

    The window comes back full-screen if something minimises or hides it while ``guard``
    does not allow exiting.
    """
    window.setFlag(Qt.WindowType.FramelessWindowHint, True)
    window.setFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.setScreen(screen)
    # Without a window manager, full-screen is only a request: take the screen's geometry too.
    window.setGeometry(screen.geometry())
    window.setCursor(QCursor(Qt.CursorShape.BlankCursor))
    guard.hide_cursor()  # the window's own cursor alone is replaced by Qt Quick's on the first move
    window.showFullScreen()

    def restore(visibility: QWindow.Visibility) -> None:
        hidden = visibility in (QWindow.Visibility.Minimized, QWindow.Visibility.Hidden)
        if hidden and not guard.exiting:
            QTimer.singleShot(0, window, lambda: guard.exiting or window.showFullScreen())

    window.visibilityChanged.connect(restore)
