"""The loop waits while the player window is off the screen (minimised, hidden, unmapped): a
slide no one can see is neither shown nor counted (proof of play), and the slide on screen gets
its whole dwell once the window is back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QWindow

from kiosk.player.session import HoldReason
from kiosk.qt import kioskmode


def test_the_loop_waits_while_the_window_is_off_the_screen(start):
    player = start()
    window = player.window
    watch = kioskmode.WindowWatch(window)
    watch.update()
    assert watch.seen and watch.ever_seen
    watch.seenChanged.connect(lambda seen: player.backend.hold(HoldReason.UNSEEN, not seen))
    first = player.view["id"]
    with player.qtbot.waitSignal(watch.seenChanged) as left:
        window.showMinimized()
    assert left.args == [False]
    assert player.backend.held_by(HoldReason.UNSEEN) and not player.timer.isActive()
    player.clock.now += 3600  # an hour off the screen: nothing moves, nothing is counted
    player.backend._on_timer()
    assert player.view["id"] == first
    assert not player.events("cycle") and [e["slide"] for e in player.events("slide_shown")] == [first]
    with player.qtbot.waitSignal(watch.seenChanged) as back:
        window.showNormal()
    assert back.args == [True]
    assert not player.backend.held_by(HoldReason.UNSEEN) and player.timer.isActive()
    # The slide on screen has its whole dwell from now, not from before the window left.
    assert player.backend._session.navigator.shown_at == player.clock.now


def test_nothing_is_said_before_the_window_is_first_on_the_screen(start):
    player = start()
    window = player.window
    window.hide()
    watch = kioskmode.WindowWatch(window)
    said: list[bool] = []
    watch.seenChanged.connect(said.append)
    watch.update()
    assert said == [] and not watch.ever_seen
    window.show()
    player.qtbot.waitUntil(lambda: said == [True], timeout=3000)
    assert kioskmode.on_screen(window) and window.visibility() != QWindow.Visibility.Hidden



def test_the_loop_is_held_exactly_while_the_window_is_off_the_screen(start):
    """Whatever is done to the window, in whatever order, the loop ends up held exactly while
    the window is not on the screen."""
    player = start()
    window = player.window
    watch = kioskmode.WindowWatch(window)
    watch.update()
    watch.seenChanged.connect(lambda seen: player.backend.hold(HoldReason.UNSEEN, not seen))

    @settings(max_examples=12, deadline=None)
    @given(steps=st.lists(st.sampled_from(["showMinimized", "hide", "show", "showNormal", "showFullScreen"]),
                          min_size=1, max_size=6))
    def check(steps):
        for step in steps:
            getattr(window, step)()
            player.qtbot.waitUntil(
                lambda: player.backend.held_by(HoldReason.UNSEEN) == (not kioskmode.on_screen(window)), timeout=3000)
        window.showNormal()
        player.qtbot.waitUntil(lambda: not player.backend.held_by(HoldReason.UNSEEN), timeout=3000)

    check()
