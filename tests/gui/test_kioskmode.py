"""Kiosk mode holds: the window comes back full-screen, on top, by itself.

A window manager's own full-screen key (F11 under matchbox, ``fullscreen toggle`` in sway), a
minimise, a hide: each is done here to the real player window in kiosk mode, as the platform
would report it, and the window must be full-screen again without anyone touching it, with a
``fullscreen_restored`` event. A window manager that keeps undoing it is answered more and more
slowly, never in a tight loop.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QWindow

from helpers.gui import FakeClock
from kiosk.qt import kioskmode

FULL = QWindow.Visibility.FullScreen


def keeper_of(window: QWindow) -> kioskmode.FullScreenKeeper:
    keepers = window.findChildren(kioskmode.FullScreenKeeper)
    assert len(keepers) == 1, keepers
    return keepers[0]


def restored(events) -> list[str]:
    return [fields["reason"] for event, fields in events if event == "fullscreen_restored"]


@pytest.mark.parametrize("leave, reason", [
    (QWindow.showNormal, "windowed"),            # a window manager's F11, or "un-fullscreen"
    (QWindow.showMaximized, "windowed"),
    (QWindow.showMinimized, "minimised"),
    (QWindow.hide, "hidden"),
], ids=["windowed", "maximised", "minimised", "hidden"])
def test_kiosk_window_comes_back_full_screen_by_itself(kiosk_window, leave, reason):
    player, _guard, events = kiosk_window
    window = player.window
    leave(window)
    assert window.visibility() != FULL
    player.qtbot.waitUntil(lambda: window.visibility() == FULL and window.isVisible(), timeout=3000)
    assert window.windowStates() & Qt.WindowState.WindowFullScreen
    assert not window.windowStates() & Qt.WindowState.WindowMinimized
    assert restored(events) == [reason]
    player.sync()  # it draws again
    assert player.grab().max() > 0


def test_what_the_desktop_changes_while_taking_the_window_in_is_put_right_unlogged(start, kiosk_app):
    """A window manager maps a new window as an ordinary one before making it full-screen
    (matchbox does): that is put right without a ``fullscreen_restored``, which means full-screen
    was really lost. Once the start is over, the same change is a loss, and logged."""
    player = start()
    events: list[tuple[str, dict]] = []
    guard = kioskmode.KioskGuard(lambda event, **fields: events.append((event, fields)))
    clock = FakeClock(100.0)
    other = QWindow()  # the window is not active yet: the desktop has not taken it in
    other.resize(300, 200)
    other.show()
    other.requestActivate()
    window = player.window
    try:
        player.qtbot.waitUntil(lambda: not window.isActive(), timeout=3000)
        keeper = kioskmode.enter(window, kioskmode.choose_screen(0), guard, clock)
        assert not keeper.settled
        window.showNormal()  # as the window manager reports the window it has just mapped
        assert keeper.timer.isActive()
        keeper.timer.stop()
        keeper._restore()  # what the timer does (the wait itself is checked elsewhere)
        assert window.visibility() == FULL and restored(events) == []  # put right, unlogged
        clock.now += kioskmode.START_GRACE_S  # the start is over
        window.showNormal()
        keeper.timer.stop()
        keeper._restore()
        assert window.visibility() == FULL and restored(events) == ["windowed"]
    finally:
        other.destroy()
        window.removeEventFilter(guard)
        guard.allow_exit()


def test_once_staff_chose_exit_nothing_comes_back(kiosk_window):
    player, guard, events = kiosk_window
    keeper = keeper_of(player.window)
    guard.allow_exit()
    player.window.showNormal()
    assert not keeper.timer.isActive()
    assert player.window.visibility() != FULL and restored(events) == []


def test_a_window_manager_that_keeps_undoing_it_is_answered_more_and_more_slowly(kiosk_window):
    player, _guard, events = kiosk_window
    window = player.window
    keeper = keeper_of(window)
    clock = FakeClock(100.0)
    keeper._clock = clock
    waits = []
    for _ in range(8):
        window.showNormal()
        assert keeper.timer.isActive()
        waits.append(keeper.timer.interval())
        with player.qtbot.waitSignal(keeper.timer.timeout, timeout=3000):
            keeper.timer.start(0)  # the wait is checked above; do not spend it
        player.qtbot.waitUntil(lambda: window.visibility() == FULL, timeout=3000)
    assert waits == [200, 200, 200, 200, 200, 400, 800, 1600]
    assert restored(events) == ["windowed"] * 8
    # A minute later the fight is forgotten: the next restore is quick again.
    clock.now += kioskmode.RESTORE_WINDOW_S + 1
    assert keeper.backoff.delay_ms(clock.now) == kioskmode.RESTORE_DELAY_MS


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 5), min_size=1, max_size=200))
def test_no_window_manager_is_fought_more_than_a_dozen_times_a_minute(undo_after):
    """Whenever a window manager undoes full-screen (``undo_after`` seconds after each restore),
    restores within any minute stay few."""
    backoff = kioskmode.RestoreBackoff()
    now, times = 0.0, []
    for gap in undo_after:
        now += gap + backoff.delay_ms(now) / 1000
        backoff.record(now)
        times.append(now)
    for first in times:
        in_a_minute = [t for t in times if first <= t < first + 60]
        assert len(in_a_minute) <= 13
    assert all(backoff.delay_ms(t) >= kioskmode.RESTORE_DELAY_MS for t in times)


def test_the_kiosk_names_itself_to_the_desktop_as_its_desktop_file(kiosk_app):
    """Wayland app id and X11 WM_CLASS are the kiosk's own name, the one its desktop file has,
    whatever Python runs it, so a compositor's window rules can name the kiosk."""
    from PySide6.QtGui import QGuiApplication

    from helpers import ROOT
    from kiosk.qt.startup import APP_ID, _application

    assert _application(headless=False) is kiosk_app
    assert QGuiApplication.desktopFileName() == APP_ID == QGuiApplication.applicationName() == "kiosk"
    assert (ROOT / "packaging" / "autostart" / f"{APP_ID}.desktop").is_file()


def test_a_program_taking_the_focus_gives_it_back_once(kiosk_window):
    player, _guard, events = kiosk_window
    window = player.window
    window.requestActivate()
    player.qtbot.waitUntil(window.isActive, timeout=3000)
    other = QWindow()
    other.resize(300, 200)
    other.show()
    other.requestActivate()
    try:
        player.qtbot.waitUntil(lambda: restored(events) == ["focus_lost"], timeout=3000)
        player.qtbot.waitUntil(window.isActive, timeout=3000)
        assert window.visibility() == FULL
        # The look again after a restore finds nothing to do.
        keeper = keeper_of(window)
        if keeper.timer.isActive():
            with player.qtbot.waitSignal(keeper.timer.timeout, timeout=3000):
                keeper.timer.start(0)
        assert restored(events) == ["focus_lost"]
    finally:
        other.destroy()
