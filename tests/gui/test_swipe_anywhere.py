"""A horizontal swipe changes slide wherever it starts, on a control too, and every touch counts.

Controls (sign tiles, a text slide's buttons, the page's back control, Get help, the footer's
controls) take a tap; a finger that lands on one and then swipes steps the slide as one on the
background does, by mouse (a touchscreen driven as a mouse, or xdotool) and by touch alike. A
tap on a control still does what the control does, once. A touch that is neither (a drag down a
tile) is a touch on the slide: it restarts the idle countdown.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from test_touch import Fingers

from helpers.gui import LEFT, NO_MOD, Player, type_name


def drag(player: Player, start: QPoint, dx: int, dy: int = 0, steps: int = 8) -> None:
    """A mouse drag (as a touchscreen driven as a mouse sends it) from ``start`` by (dx, dy)."""
    player.sync()
    QTest.mousePress(player.window, LEFT, NO_MOD, start)
    for step in range(1, steps + 1):
        QTest.mouseMove(player.window, QPoint(start.x() + round(dx * step / steps), start.y() + round(dy * step / steps)))
    QTest.mouseRelease(player.window, LEFT, NO_MOD, QPoint(start.x() + dx, start.y() + dy))
    player.sync()


def touch_drag(player: Player, start: QPoint, dx: int) -> None:
    player.sync()
    Fingers(player).swipe(3, start, dx)
    player.sync()


def paused(player: Player) -> Player:
    player.tap_background()
    assert player.backend.paused
    return player


def go(player: Player, slide_id: str, page: str = "") -> None:
    if (player.view["id"], player.view["page"]) != (slide_id, page):
        with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
            player.backend.goTo(slide_id)
        if page:
            with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
                player.backend.openPage(page)
    player.sync()


def control(player: Player, name: str):
    """The control named ``name`` (objectName), or the button showing the words ``name``."""
    if player.has(name):
        return player.find(name)
    found = [i for i in player.visible_items() if type_name(i) == "TouchButton" and i.property("text") == name]
    assert len(found) == 1, name
    return found[0]


def swipe_length(player: Player, start: QPoint, forward: bool) -> int:
    """A swipe of 400 px (or as far as the window allows, over the 90 px threshold) from ``start``."""
    room = start.x() - 10 if forward else player.window.width() - 10 - start.x()
    assert room > 120, f"no room to swipe from {start}"
    return -min(400, room) if forward else min(400, room)


# Each control a visitor can tap, with the view it is on: (slide, page, control's objectName).
CONTROLS = [
    ("spot-the-signs", "", "tile-isolation"),
    ("spot-the-signs", "isolation", "back"),
    ("what-you-can-do-1", "", "Spot the signs  ›"),  # a text slide's button, by its words
    ("who-we-are", "", "getHelp"),
    ("who-we-are", "", "next"),
    ("who-we-are", "", "previous"),
    ("who-we-are", "", "largeText"),
    ("freedom-week-events", "", "signs"),
]


@pytest.mark.parametrize("how", ["mouse", "touch"])
@pytest.mark.parametrize("slide_id, page, name", CONTROLS)
def test_a_swipe_that_starts_on_a_control_changes_slide(make_player, slide_id, page, name, how):
    """The swipe goes where the same swipe on the slide's background goes (the next or previous
    slide, or page of a signs section), once, and the control is not tapped."""
    player = paused(make_player())
    go(player, slide_id, page)
    start = player.centre_of(control(player, name))
    forward = start.x() > player.window.width() // 3
    dx = swipe_length(player, start, forward)
    before = len(player.heard("slide_shown"))
    large = player.backend.largeText
    (drag if how == "mouse" else touch_drag)(player, start, dx)
    landed = (player.view["id"], player.view["page"])
    assert landed != (slide_id, page), f"a swipe from {name} on {slide_id}/{page} did nothing"
    shown = player.heard("slide_shown")
    assert len(shown) == before + 1 and shown[-1]["trigger"] == "touch"
    assert player.backend.largeText == large, "the control under the swipe was tapped too"
    # The same swipe on the background of the same view lands on the same view.
    go(player, slide_id, page)
    background = player.background_point()
    (drag if how == "mouse" else touch_drag)(player, QPoint(start.x(), background.y()), dx)
    assert (player.view["id"], player.view["page"]) == landed


@pytest.mark.parametrize("how", ["mouse", "touch"])
def test_a_tap_on_a_tile_still_opens_it_once(make_player, how):
    player = paused(make_player())
    go(player, "spot-the-signs")
    point = player.centre_of(player.find("tile-isolation"))
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        if how == "mouse":
            player.click_at(point)
        else:
            Fingers(player).tap(2, point)
    assert (player.view["id"], player.view["page"]) == ("spot-the-signs", "isolation")
    assert player.backend.paused
    # Opened once: the page, and no second touch that would have left it.
    assert [(e["slide"], e.get("page")) for e in player.heard("slide_shown")][-1] == ("spot-the-signs", "isolation")


def test_a_drag_that_is_no_swipe_on_a_tile_restarts_the_idle_countdown(make_player):
    player = make_player()
    player.clock.now = 1.0
    paused(player)
    go(player, "spot-the-signs")
    timeout = player.deck.deck.idle_timeout
    player.clock.now = 40.0
    drag(player, player.centre_of(player.find("tile-isolation")), 0, 140)  # down: no swipe, no tap
    assert (player.view["id"], player.view["page"]) == ("spot-the-signs", "")
    # The countdown now ends 45 s after the drag, not after the first touch.
    player.wake_at(50.0)
    assert player.backend.paused and player.view["id"] == "spot-the-signs"
    assert abs(player.wait_ms() - (40.0 + timeout - 50.0) * 1000) < 1500


def test_a_drag_that_is_no_swipe_on_a_control_pauses_the_loop(make_player):
    """In the loop, a finger that lands on Get help and slides off is still a touch: the loop pauses."""
    player = make_player()
    assert not player.backend.paused
    drag(player, player.centre_of(player.find("getHelp")), 0, 200)
    assert player.backend.paused
    assert player.view["type"] != "helpline"


@pytest.fixture
def paused_player(make_player) -> Player:
    """One paused player, shared by every example Hypothesis tries in a test."""
    return paused(make_player())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(x=st.floats(0.3, 0.7), y=st.floats(0.03, 0.97), forward=st.booleans(), how=st.sampled_from(["mouse", "touch"]))
def test_a_swipe_from_anywhere_on_the_signs_slide_steps_one_slide(paused_player, x, y, forward, how):
    """Wherever on the screen a swipe starts (a tile, the header, the footer's controls, the
    background), it steps exactly one slide, and no control under it is tapped."""
    player = paused_player
    go(player, "spot-the-signs")
    large, contrast = player.backend.largeText, player.backend.highContrast
    start = QPoint(round(player.window.width() * x), round(player.window.height() * y))
    (drag if how == "mouse" else touch_drag)(player, start, -400 if forward else 400)
    step = 1 if forward else -1
    assert player.slide_index(player.view["id"]) == player.slide_index("spot-the-signs") + step
    assert player.view["page"] == "" and player.backend.paused and not player.backend.neutral
    assert (player.backend.largeText, player.backend.highContrast) == (large, contrast)
