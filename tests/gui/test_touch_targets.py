"""Every control a finger can tap, on every screen, is a full-size touch target.

README (Design notes): touch targets are at least 96 px at 1080 (the guideline is 9 mm, 48 px:
Theme.minTarget); every control is at least that. Every item that takes a tap (it has a
TapHandler: TouchButton, a sign tile, the language buttons, the PIN keys, the staff menu's
buttons) is measured on every screen that shows controls, at each screen size.
"""

from __future__ import annotations

import pytest

from helpers.gui import SIZE_IDS, SIZES, describe, shown
from helpers.staff import RIGHT_PIN, corner, long_press, open_menu, set_pin


def tap_targets(player) -> list[tuple[str, float, float]]:
    """(description, width, height) of each visible item on screen that takes a tap (it has an
    enabled TapHandler)."""
    found = []
    for item in list(player.items()):
        if not shown(item):
            continue
        handlers = [h for h in item.children() if h.inherits("QQuickTapHandler")]
        if any(h.property("enabled") for h in handlers):
            found.append((describe(item), item.width(), item.height()))
    return found


def full_size(player) -> float:
    """A full-size touch target in pixels: 96 px at 1080 (Theme.u is the screen's shorter side
    over 1080), never under Theme.minTarget (48 px, 9 mm)."""
    u = max(0.5, min(player.window.width(), player.window.height()) / 1080)
    return max(48, 48 * u, 96 * u)


def assert_full_size(player, where: str, at_least: int = 1) -> int:
    player.sync()
    targets = tap_targets(player)
    assert len(targets) >= at_least, f"{where}: only {len(targets)} controls found"
    full = full_size(player)
    small = [f"{name} ({width:.0f}x{height:.0f})" for name, width, height in targets
             if height < full - 0.5 or width < full - 0.5]
    assert not small, f"{where}: controls under {full:.0f} px: {small}"
    return len(targets)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_every_visitor_control_is_full_size(make_player, size):
    player = make_player(size=size)
    assert_full_size(player, "the loop", 2)  # Pause and Get help
    player.tap_background()
    assert player.has("quickExit")
    assert_full_size(player, "the controls", 8)
    player.click_and_settle("signs")
    assert_full_size(player, "spot the signs", 8 + 8)
    player.click_and_settle(player.find("tile-isolation"))
    assert_full_size(player, "a signs page", 9)
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.backend.goTo("what-you-can-do-1")
    assert_full_size(player, "a text slide with a button", 9)
    player.click("language")
    assert_full_size(player, "the language picker", 10)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_every_staff_control_is_full_size(start, monkeypatch, size):
    player = start(size=size)
    set_pin(monkeypatch, RIGHT_PIN)
    long_press(player, corner(player))
    assert player.staff.state == "pad"
    assert_full_size(player, "the PIN pad", 12)
    player.staff.close()
    player.sync()
    open_menu(player, monkeypatch)
    assert_full_size(player, "the staff menu", 8)
    player.click("staffStatus")
    assert_full_size(player, "the status page", 2)
    player.click("staffBack")
    player.click("staffExit")
    assert_full_size(player, "the exit page", 3)


def test_the_quick_exit_is_full_size_at_1080(make_player):
    """The tester's case: ✕ Close was 46 px tall at 1920x1080."""
    player = make_player()
    player.tap_background()
    player.sync()
    close = player.find("quickExit")
    assert close.height() >= 96 and close.width() >= 96
