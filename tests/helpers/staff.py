"""The staff layer driven through the real window: the PIN, the long press in the corner, the menu."""

from __future__ import annotations

import datetime as dt
import io
import sys

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from helpers.gui import LEFT, NO_MOD, Player
from kiosk.cli import main

#: Real milliseconds of long press in these tests (3 s on a kiosk).
HOLD_MS = 150
RIGHT_PIN = "482913"
#: The local time the staff layer is told it is.
NOON = dt.datetime(2026, 3, 2, 12, 0)


def set_pin(monkeypatch, value: str) -> None:
    """``kiosk set-pin --stdin`` with ``value`` typed in."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(value + "\n"))
    assert main(["set-pin", "--stdin"]) == 0


def long_press(player: Player, point: QPoint) -> None:
    """Hold a finger at ``point`` until the staff layer answers (PIN pad or a notice)."""
    player.sync()
    QTest.mousePress(player.window, LEFT, NO_MOD, point)
    player.qtbot.waitUntil(lambda: player.staff.state != "" or player.staff.notice != "", timeout=3000)
    QTest.mouseRelease(player.window, LEFT, NO_MOD, point)


def corner(player: Player) -> QPoint:
    return player.centre_of(player.find("staffCorner"))


def type_pin(player: Player, digits: str) -> None:
    for digit in digits:
        player.click(f"pinKey{digit}")
    player.click("pinKeyOK")


def open_menu(player: Player, monkeypatch) -> None:
    set_pin(monkeypatch, RIGHT_PIN)
    long_press(player, corner(player))
    type_pin(player, RIGHT_PIN)
    assert player.staff.state == "menu"
    player.sync()


def fire(player: Player, timer) -> None:
    """Let a staff timer fire now (its interval is checked by the caller when it matters)."""
    with player.qtbot.waitSignal(timer.timeout, timeout=3000):
        timer.start(0)
