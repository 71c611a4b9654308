"""Kiosk mode: full-screen on the chosen screen, on top, no cursor, and no key that leaves it.

Only portable Qt calls are used (window flags, ``showFullScreen``, the window's own key and close
handling in QML), so it behaves the same under X11 and Wayland. What the application cannot see
it cannot block: a compositor's own shortcuts (Alt+Tab under most window managers, a
virtual-terminal switch) never reach it; turn those off in the desktop's settings. When a
window manager closes the window anyway (Alt+F4 handled by the window manager), the close
request still arrives here, and is refused. When the desktop takes the window
out of full-screen (its own F11, a minimise, another program taking the focus), the window
puts itself back (:class:`FullScreenKeeper`); when another program unmaps or destroys the window
itself (``xdotool windowclose``), a new one is made in its place, and when that fails the kiosk
stops with a logged reason so that its service starts it again. Whether the window is on the
screen at all is followed by :class:`WindowWatch` (the loop is held while it is not).

No Python event filter is installed: a filter written in Python is shown every event of the
window (touches, exposes, paints, resizes...), and PySide6 builds a Python class for each kind of
event it passes on, with its enums (48 classes: 0.3 MiB held for the whole run). The
window's QML hands the keys and closes to :class:`KioskGuard` as plain numbers instead
(``Main.qml``), and :class:`WindowWatch` looks at the window when its signals say it changed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDataStream, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QCursor, QGuiApplication, QWindow

from kiosk.words import plural

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen

# PySide6 builds the Python enums of the whole ``Qt`` namespace (about 100 enums, 1,400 members)
# the first time anything imports ``Qt`` from PySide6.QtCore, or a call returns, takes by default
# or chooses an overload by one of its enums (``QWindow.windowStates()``, ``findChild()``,
# ``QImage.fill()``): about 16 ms and 1 MB, which a kiosk that no one types on never needs.
# Nothing here names ``Qt`` until a key is pressed; the window's flags and cursor are set through
# Qt's own names and numbers, and its state is read with ``QWindow.visibility()``.

#: The window flags of kiosk mode, by their names in Qt (``QObject.setProperty`` reads them):
#: a top-level window, frameless, above other windows.
KIOSK_FLAGS = "Window|FramelessWindowHint|WindowStaysOnTopHint"
#: ``Qt::BlankCursor`` in ``QDataStream``'s form of a ``QCursor`` (its shape, a big-endian
#: 16-bit number: 10), read by :func:`blank_cursor`.
_BLANK_CURSOR = b"\x00\x0a"

# Qt's key and modifier codes (``Qt::Key``, ``Qt::KeyboardModifier`` in Qt's qnamespace.h, fixed
# across Qt 5 and 6), as QML's ``KeyEvent.key`` and ``KeyEvent.modifiers`` give them: plain
# numbers, so that no Python enum of Qt's namespace is built when a key is pressed.
KEY_TAB, KEY_BACKTAB, KEY_ESCAPE = 0x01000001, 0x01000002, 0x01000000
KEY_F4, KEY_F11, KEY_Q, KEY_W = 0x01000033, 0x0100003A, 0x51, 0x57
SHIFT, CONTROL, ALT, META = 0x02000000, 0x04000000, 0x08000000, 0x10000000

#: Keys that close, hide or switch a window, by (key code, modifiers), and how they are named in
#: the event log. Esc and F11 are blocked whatever the modifiers.
BLOCKED_KEYS: dict[tuple[int, int], str] = {
    (KEY_ESCAPE, 0): "Esc",
    (KEY_F4, ALT): "Alt+F4",
    (KEY_W, CONTROL): "Ctrl+W",
    (KEY_Q, CONTROL): "Ctrl+Q",
    (KEY_F11, 0): "F11",
    (KEY_TAB, ALT): "Alt+Tab",
    (KEY_BACKTAB, ALT): "Alt+Tab",
    (KEY_BACKTAB, ALT | SHIFT): "Alt+Tab",
}


def blocked_key_name(key: int, modifiers: int) -> str | None:
    """The log name of a blocked key combination (e.g. ``"Alt+F4"``), or ``None`` for any other.

    Args:
        key: Qt's key code (``Qt::Key``, as QML's ``KeyEvent.key``).
        modifiers: Qt's modifier flags held with it (``Qt::KeyboardModifiers``); only Shift,
            Control, Alt and Meta count (a keypad key's flag does not).
    """
    held = modifiers & (SHIFT | CONTROL | ALT | META)
    if key in (KEY_ESCAPE, KEY_F11):  # whatever the modifiers
        held = 0
    return BLOCKED_KEYS.get((key, held))


def blank_cursor() -> QCursor:
    """A ``QCursor`` of shape ``Qt::BlankCursor`` (no pointer drawn), read from its
    ``QDataStream`` form (Qt's documented serialisation of ``QCursor``: the shape as a qint16)."""
    cursor = QCursor()
    stream = QDataStream(QByteArray(_BLANK_CURSOR))
    stream >> cursor
    return cursor


class ScreenError(Exception):
    """The screen asked for does not exist; ``str()`` is the command line's message (``--screen``),
    :meth:`for_settings` the settings file's; both list the screens there are.

    Attributes:
        missing: what is wrong ("there is no screen 5: this computer has 1 screen (0: HDMI-1 1920x1080)").
        last: the highest screen number there is.
    """

    def __init__(self, missing: str, last: int) -> None:
        choices = "--screen 0" if last == 0 else f"--screen 0 to {last}"
        super().__init__(f"{missing} — use {choices}, or leave it out for the main screen")
        self.missing, self.last = missing, last

    def for_settings(self) -> str:
        """The message for a ``screen`` from settings.toml, which the kiosk replaces by the main screen."""
        choices = "screen = 0" if self.last == 0 else f"screen = 0 to {self.last}"
        return (f"{self.missing}; playing on the main screen — set {choices} in settings.toml, or remove the "
                "line for the main screen")


class KioskGuard(QObject):
    """What the kiosk window's keys and closes are allowed to do: the keys in
    :data:`BLOCKED_KEYS` are eaten and the window refuses to close, until :meth:`allow_exit` is
    called.

    The window's QML asks it (``Main.qml``: its ``guard`` property, set by :func:`enter`): each
    key pressed or released goes to :meth:`keyBlocked` (as ``Keys.onPressed`` and friends on an
    item holding the focus see it, and before any shortcut), each close request to
    :meth:`closeAllowed` (the window's ``closing`` signal: a window manager's close, Alt+F4 the
    window manager handles, ``QWindow.close()``).

    Args:
        log: called with the event name and fields (``log("key_blocked", key="Esc")``);
            nothing about the person pressing is recorded.
        parent: the owning QObject.

    The kiosk's own ways out (the staff Exit, ``--cycles``, the stop signals) call
    :meth:`allow_exit` or end the event loop; ``QCoreApplication.quit()`` from elsewhere asks the
    window to close, which is refused like any other close.
    """

    def __init__(self, log: Callable[..., None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Where events go (also the :class:`FullScreenKeeper`'s).
        self.log = log
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
            QGuiApplication.setOverrideCursor(blank_cursor())
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

    @Slot(int, int, bool, bool, result=bool)
    def keyBlocked(self, key: int, modifiers: int, pressed: bool, repeated: bool) -> bool:  # noqa: N802 - QML name
        """True when the key must be eaten (it is in :data:`BLOCKED_KEYS`); a first press of one
        is logged as ``key_blocked`` with its name.

        Args:
            key, modifiers: Qt's key code and modifier flags (see :func:`blocked_key_name`).
            pressed: True for a press, False for a release or a shortcut's look ahead.
            repeated: True for a press the keyboard repeats while the key is held.
        """
        name = blocked_key_name(key, modifiers)
        if name is not None and pressed and not repeated:
            self.log("key_blocked", key=name)
        return name is not None

    @Slot(result=bool)
    def closeAllowed(self) -> bool:  # noqa: N802 - QML name
        """Whether the window may close now: only once :meth:`allow_exit` was called; a close
        refused is counted and logged as ``close_refused``."""
        if self._exiting:
            return True
        self.refused_closes += 1
        self.log("close_refused")
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
    count = plural(len(screens), "screen")
    raise ScreenError(f"there is no screen {index}: this computer has {count} ({listing})", len(screens) - 1)


def on_screen(window: QWindow) -> bool:
    """True when ``window`` is on the screen: shown, not minimised, and exposed (mapped: Qt's
    platform says so with an expose event; a window another program unmapped or destroyed is no
    longer exposed, though Qt still counts it as shown)."""
    return (window.isVisible() and window.isExposed()
            and window.visibility() not in (QWindow.Visibility.Minimized, QWindow.Visibility.Hidden))


#: Milliseconds between looks at a window on the screen under X11, where another program can unmap
#: it and Qt says so only in an event (see :class:`WindowWatch`).
LOOK_MS = 2_000


class WindowWatch(QObject):
    """Follows whether the player window is on the screen (:func:`on_screen`) and says when that
    changes (:attr:`seenChanged`).

    The first thing said is that the window came on the screen (``True``: the player holds its
    loop until then, so the first slide's dwell starts when it can be seen). A window minimised,
    hidden, unmapped or destroyed by another program is then "unseen" (``False``) until it is
    shown again.

    The window is looked at when its visibility or activity changes, and while it is unseen at
    each frame it draws (a window Qt Quick draws into is exposed: its first frame, a window mapped
    again). Under X11 another program can unmap the window with nothing but an expose event to
    say so (the keyboard focus leaves it too, when it had it: a window without the focus, under
    no window manager, changes nothing else), so a window on the screen there is also looked at
    every :data:`LOOK_MS` milliseconds (a Python call every two seconds, about 0.002 % of a
    core). No event filter: see the module's notes.

    Args:
        window: the player window (the watch is its child); a ``QQuickWindow`` for the looks at
            each frame (any other ``QWindow`` is looked at on its signals and the timer alone).
    """

    #: Emitted with True when the window comes on the screen, False when it leaves it.
    seenChanged = Signal(bool)  # noqa: N815 - Qt name

    def __init__(self, window: QWindow) -> None:
        super().__init__(window)
        self._window = window
        #: True while the window is on the screen.
        self.seen = False
        #: True once the window was on the screen (it is watched from then on).
        self.ever_seen = False
        #: Looks again every :data:`LOOK_MS` while the window is on the screen (X11 only).
        self.looks = QTimer(self)
        self.looks.setInterval(LOOK_MS)
        self.looks.timeout.connect(self.update)
        self._frames = getattr(window, "frameSwapped", None)  # QQuickWindow's
        window.visibilityChanged.connect(self.update)
        window.activeChanged.connect(self.update)
        self._follow_frames(True)  # unseen until its first frame

    def _follow_frames(self, follow: bool) -> None:
        """Look at each frame drawn (from when the window goes unseen), or no longer (from when
        it is seen: a fade's frames would each call Python). Called as :attr:`seen` changes."""
        if self._frames is not None:
            (self._frames.connect if follow else self._frames.disconnect)(self.update)

    @Slot()
    def update(self, *_args) -> None:
        """Look at the window now; emit :attr:`seenChanged` when that changed."""
        seen = on_screen(self._window)
        if seen == self.seen:
            return
        self.seen = seen
        self._follow_frames(not seen)
        if seen and QGuiApplication.platformName() == "xcb":
            self.looks.start()
        elif not seen:
            self.looks.stop()
        if seen or self.ever_seen:
            self.ever_seen = True
            self.seenChanged.emit(seen)


def enter(window: QWindow, screen: QScreen, guard: KioskGuard,
          clock: Callable[[], float] = time.monotonic, watch: WindowWatch | None = None,
          on_lost: Callable[[str], None] | None = None) -> FullScreenKeeper:
    """Show ``window`` frameless, full-screen on ``screen``, above other windows, with no cursor.

    The window comes back full-screen, on top, by itself whenever something else changes that
    (see :class:`FullScreenKeeper`) while ``guard`` does not allow exiting.

    Args:
        window, screen, clock: as their names say (``clock``: monotonic seconds).
        guard: asked by the window's QML about its keys and closes (its ``guard`` property).
        watch: the window's :class:`WindowWatch` (one is made when ``None``).
        on_lost: called with why when the window cannot be put back on the screen (see
            :class:`FullScreenKeeper`); ``None`` to keep trying.

    Returns:
        The keeper watching the window (a child of ``window``).
    """
    window.setProperty("flags", KIOSK_FLAGS)
    window.setScreen(screen)
    # Without a window manager, full-screen is only a request: take the screen's geometry too.
    window.setGeometry(screen.geometry())
    window.setCursor(blank_cursor())
    guard.hide_cursor()  # the window's own cursor alone is replaced by Qt Quick's on the first move
    window.setProperty("guard", guard)
    window.showFullScreen()
    return FullScreenKeeper(window, guard, clock, watch or WindowWatch(window), on_lost)


#: Milliseconds between seeing the window leave full-screen and restoring it: lets a window
#: manager finish its own change first, and gathers a burst of state changes into one restore.
RESTORE_DELAY_MS = 200
#: Restores within :data:`RESTORE_WINDOW_S` seconds taken at :data:`RESTORE_DELAY_MS`; past
#: that each waits twice as long as the one before, up to :data:`MAX_RESTORE_DELAY_MS`.
RESTORE_BURST = 5
RESTORE_WINDOW_S = 60.0
MAX_RESTORE_DELAY_MS = 30_000
#: Milliseconds a new window made in place of one unmapped or destroyed (X11), or the first
#: window, is given to come on the screen before the next look (a little more than
#: :data:`START_GRACE_S`), and how many such windows in a row may fail to before the kiosk gives
#: up (:class:`FullScreenKeeper`'s ``on_lost``): about 14 s in all.
REMAKE_WAIT_MS = 3_500
MAX_REMAKES = 3


#: Seconds after entering kiosk mode during which the desktop may still be taking the window in
#: (a window manager maps it as an ordinary window, then makes it full-screen, as matchbox does):
#: until the window has been full-screen and active once, or this long has passed, a change is
#: undone all the same but not logged as ``fullscreen_restored`` (full-screen was never lost).
START_GRACE_S = 3.0


#: Platforms with no stacking of windows, where ``QWindow.raise_`` only prints a warning.
_NO_STACKING = ("offscreen", "minimal")


class RestoreBackoff:
    """How long to wait before restoring the kiosk window again, so a window manager that keeps
    undoing full-screen is not fought in a tight loop.

    The first :data:`RESTORE_BURST` restores within :data:`RESTORE_WINDOW_S` seconds wait
    :data:`RESTORE_DELAY_MS`; each one after that waits twice as long as the one before, at most
    :data:`MAX_RESTORE_DELAY_MS` (so about a dozen restores a minute at the very most).
    """

    def __init__(self) -> None:
        self._times: deque[float] = deque()

    def record(self, now: float) -> None:
        """A restore was made at ``now`` (monotonic seconds)."""
        self._times.append(now)

    def delay_ms(self, now: float) -> int:
        """Milliseconds to wait, from ``now`` (monotonic seconds), before the next restore."""
        while self._times and now - self._times[0] > RESTORE_WINDOW_S:
            self._times.popleft()
        extra = len(self._times) - RESTORE_BURST + 1
        if extra <= 0:
            return RESTORE_DELAY_MS
        return min(MAX_RESTORE_DELAY_MS, RESTORE_DELAY_MS * 2 ** min(extra, 16))


class FullScreenKeeper(QObject):
    """Brings the kiosk window back full-screen, on top and active whenever it stops being so.

    A window manager's own full-screen key (F11 under matchbox, ``fullscreen toggle`` in sway),
    a minimise, another window taking the focus, or the window being hidden: each shows up as
    a change of the window's state, visibility or activity, and is undone after
    :data:`RESTORE_DELAY_MS` by ``showFullScreen``, ``raise`` and ``requestActivate``, and
    logged as ``fullscreen_restored`` with the ``reason``. A window still not full-screen is
    tried again later; a focus lost is asked back once per loss.

    Another program may unmap or destroy the window itself (``xdotool windowclose``): Qt still
    counts it as shown, but it is no longer exposed (``unmapped``). Under X11 a new native window
    is then made in its place (``QWindow.destroy`` and ``showFullScreen``: the same player, at the
    same slide); when :data:`MAX_REMAKES` of them in a row do not come on the screen, ``on_lost``
    is called with the reason (the player then stops with exit 1, and its service starts it
    again). Elsewhere (Wayland: a compositor never destroys a client's window, it only asks to
    close it, which is refused; a window it does not draw, behind a lock screen, is not lost) a
    window not exposed is only held off the loop (:class:`WindowWatch`), not restored.

    A window manager that keeps undoing it is not fought in a tight loop (:class:`RestoreBackoff`).
    While the desktop is still taking the new window in (:data:`START_GRACE_S`), what it changes
    is put right the same way, without a ``fullscreen_restored``: the event means full-screen
    was really lost, after the kiosk had it. Only the full-screen kiosk mode has a keeper: a ``--windowed`` preview is left alone.

    Args:
        window: the kiosk window, already shown full-screen.
        guard: nothing is restored once it allows exiting (the staff chose Exit).
        clock: monotonic seconds (for the back-off), injectable for tests.
        watch: follows whether the window is on the screen (one is made when ``None``).
        on_lost: called with the reason when the window cannot be put back (see above).
    """

    def __init__(self, window: QWindow, guard: KioskGuard,
                 clock: Callable[[], float] = time.monotonic, watch: WindowWatch | None = None,
                 on_lost: Callable[[str], None] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._guard = guard
        self._clock = clock
        self._watch = watch or WindowWatch(window)
        self._on_lost = on_lost
        #: New native windows made in a row that did not come on the screen (yet), and when the last was made.
        self.remakes = 0
        self._remade_at = -float("inf")
        self.backoff = RestoreBackoff()
        self._had_focus = window.isActive()
        self._focus_lost = False
        self._entered = clock()
        #: True once the window was seen full-screen and active (the desktop has taken it in).
        self.settled = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._restore)
        # A change of window state is looked at on the next turn of the event loop: the signal
        # starts this timer in Qt itself, so its Qt::WindowState never becomes a Python enum
        # (see blank_cursor: the Qt namespace is not built before the first frame).
        self._state_changed = QTimer(self)
        self._state_changed.setSingleShot(True)
        self._state_changed.setInterval(0)
        self._state_changed.timeout.connect(self._check)
        window.windowStateChanged.connect(self._state_changed.start)
        for changed in (window.xChanged, window.yChanged, window.widthChanged, window.heightChanged):
            changed.connect(self._state_changed.start)
        window.visibilityChanged.connect(self._check)
        window.activeChanged.connect(self._on_active_changed)
        self._watch.seenChanged.connect(self._on_seen_changed)
        QTimer.singleShot(REMAKE_WAIT_MS, self, self._check)  # a window never mapped is a window lost too
        self._starting()  # a window already full-screen and active is settled at once

    def problem(self) -> str:
        """Why the window is not as kiosk mode wants it (``"minimised"``, ``"hidden"``,
        ``"unmapped"``, ``"windowed"``, ``"moved"`` (X11: not covering its screen) or ``"focus_lost"``),
        or ``""`` when it is full-screen and active.

        Read from ``QWindow.visibility()``, which Qt derives from the window's states (minimised
        first, then full-screen) and whether it is shown."""
        window = self._window
        visibility = window.visibility()
        if visibility == QWindow.Visibility.Minimized:
            return "minimised"
        if not window.isVisible() or visibility == QWindow.Visibility.Hidden:
            return "hidden"
        x11 = QGuiApplication.platformName() == "xcb"  # elsewhere no other program can unmap it
        if x11 and not window.isExposed() and (self._watch.ever_seen or self._clock() - self._entered >= START_GRACE_S):
            return "unmapped"  # unmapped or destroyed by another program, or never mapped
        if visibility != QWindow.Visibility.FullScreen:
            return "windowed"
        screen = window.screen()
        if x11 and screen is not None and window.geometry() != screen.geometry():
            return "moved"  # by another program (xdotool windowmove, windowsize): Qt still calls it full-screen
        if self._focus_lost and not window.isActive():
            return "focus_lost"
        return ""

    def _starting(self) -> bool:
        """True while the desktop may still be taking the window in (see :data:`START_GRACE_S`)."""
        if not self.settled and self._window.isActive() and not self.problem():
            self.settled = True
        return not self.settled and self._clock() - self._entered < START_GRACE_S

    def _on_active_changed(self) -> None:
        if self._window.isActive():
            self._had_focus, self._focus_lost = True, False
        elif self._had_focus:
            self._focus_lost = True
        self._check()

    def _on_seen_changed(self, seen: bool) -> None:
        if seen:
            self.remakes = 0
        self._check()

    def _check(self, *_args) -> None:
        self._starting()  # notes when the window is settled
        if self._guard.exiting:
            self.timer.stop()
        elif self.problem() and not self.timer.isActive():
            self.timer.start(self.backoff.delay_ms(self._clock()))

    def _restore(self) -> None:
        reason = "" if self._guard.exiting else self.problem()
        if not reason:
            return
        waited_ms = (self._clock() - self._remade_at) * 1000
        if reason == "unmapped" and waited_ms < REMAKE_WAIT_MS:  # the new window is still being taken in
            self.timer.start(max(1, int(REMAKE_WAIT_MS - waited_ms)))
            return
        self.backoff.record(self._clock())
        # A lost focus is asked back once: where the desktop does not hand it back (some Wayland
        # compositors never tell Qt the window is active), asking again would only repeat.
        self._focus_lost = False
        window = self._window
        if reason == "unmapped":
            self._remake()
            return
        if not self._starting():
            self._guard.log("fullscreen_restored", reason=reason)
        if reason == "moved" and window.screen() is not None:
            window.setGeometry(window.screen().geometry())
        if window.visibility() == QWindow.Visibility.Minimized or not window.isVisible():
            # A minimised (iconified) window is mapped again only by leaving that state:
            # showNormal() sets Qt::WindowNoState and shows it. (QWindow.windowStates() would
            # build the whole Qt namespace in Python, about 1 MB, at the kiosk's start.)
            window.showNormal()
        window.showFullScreen()
        if QGuiApplication.platformName() not in _NO_STACKING:
            window.raise_()
        window.requestActivate()
        # Look again later: a request the window manager ignored changes nothing to signal.
        self.timer.start(self.backoff.delay_ms(self._clock()))

    def _remake(self) -> None:
        """Make a new native window in place of one another program unmapped or destroyed, and
        show it full-screen; after :data:`MAX_REMAKES` in a row that did not come on the screen,
        tell ``on_lost`` (or, without one, keep trying, less and less often)."""
        window = self._window
        if self.remakes >= MAX_REMAKES and self._on_lost is not None:
            self._on_lost(f"the kiosk window is not on the screen (unmapped or destroyed by another program, "
                          f"or never mapped by the window manager), and {plural(self.remakes, 'new window')} "
                          "made in its place did not come on it either")
            return
        self.remakes += 1
        self._guard.log("fullscreen_restored", reason="unmapped")
        # The desktop takes the new window in as it took the first (see START_GRACE_S).
        self._entered, self.settled, self._remade_at = self._clock(), False, self._clock()
        screen = window.screen()
        window.destroy()  # the native window is gone or withdrawn: Qt makes a new one when shown
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()
        window.requestActivate()
        self.timer.start(self.backoff.delay_ms(self._clock()))  # what the desktop changes meanwhile is put right
        QTimer.singleShot(REMAKE_WAIT_MS, self, self._check)  # and whether it came on the screen, looked at
