"""Opening hours in the real player (QML + Backend) with fake wall-clock time, and screen power."""

from __future__ import annotations

import datetime as dt
import subprocess

from PySide6.QtCore import QObject

from helpers.gui import shown
from kiosk import display
from kiosk.events import EventLog
from kiosk.qt.hours import Opening


def fire(player, opening: Opening) -> None:
    """Let the opening timer fire now (the fake clock was moved to its deadline)."""
    assert opening.timer.isActive()
    with player.qtbot.waitSignal(opening.timer.timeout, timeout=3000):
        opening.timer.start(0)


def running_qml_timers(player) -> list[QObject]:
    return [t for item in player.items() for t in item.findChildren(QObject)
            if t.metaObject().className() == "QQmlTimer" and t.property("running")]


def test_closed_kiosk_is_black_still_and_waits_only_for_opening(closed_player):
    player, opening, wall, power_calls = closed_player
    assert opening.closed
    assert player.grab().max() == 0, "the closed screen must be plain black"
    assert player.has("closedCover")
    assert not player.timer.isActive(), "the slide timer must not run while closed"
    assert running_qml_timers(player) == []
    # The only wake-up is at opening time: 09:00, one hour away (capped at 15 minutes per wait).
    assert opening.timer.isActive() and opening.timer.interval() == 15 * 60 * 1000
    assert power_calls == [False]
    kinds = [e["event"] for e in player.events()]
    assert "closed" in kinds
    [attempt] = player.events("display")
    assert attempt == {**attempt, "power": "off", "command": "xset dpms force off", "ok": True}


def test_opens_on_time_and_closes_at_the_end_of_the_day(closed_player):
    player, opening, wall, power_calls = closed_player
    wall.now = wall.now.replace(hour=8, minute=50)
    fire(player, opening)
    assert opening.closed and 10 * 60 * 1000 <= opening.timer.interval() <= 10 * 60 * 1000 + 1
    wall.now = wall.now.replace(hour=9, minute=0)
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        fire(player, opening)
    assert not opening.closed and power_calls == [False, True]
    assert player.view["id"] == player.deck.slides[0].id
    assert player.timer.isActive(), "the attract loop runs again"
    assert player.grab().max() > 0
    assert opening.timer.interval() == 15 * 60 * 1000  # next check; closing is at 17:00
    wall.now = wall.now.replace(hour=17, minute=0)
    fire(player, opening)
    assert opening.closed and not player.timer.isActive()
    kinds = [e["event"] for e in player.events() if e["event"] in ("closed", "opened", "woken")]
    assert kinds == ["closed", "opened", "closed"]


def test_a_touch_wakes_it_for_wake_minutes(closed_player):
    player, opening, wall, power_calls = closed_player
    player.sync()
    cover = player.find("closedCover")
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.click_item(cover)
    assert not opening.closed and opening.woken_until == wall.now + dt.timedelta(minutes=5)
    assert opening.timer.interval() == 5 * 60 * 1000 + 1
    assert not shown(cover) and player.grab().max() > 0
    # Visitors can use it as usual while woken.
    player.tap_background()
    assert player.backend.paused
    wall.now += dt.timedelta(minutes=5)
    fire(player, opening)
    assert opening.closed and player.grab().max() == 0
    assert [e["event"] for e in player.heard() if e["event"] in ("closed", "woken")] == ["closed", "woken", "closed"]
    assert power_calls == [False, True, False]
    # Written: only the closing by the hours and its screen power; nothing of the wake-up, its
    # end, its screen power, nor what the loop showed meanwhile.
    written = player.events()
    assert [e["event"] for e in written if e["event"] in ("closed", "opened", "woken", "display")] == \
        ["closed", "display"]
    assert written[-1]["event"] == "display" and written[-1]["power"] == "off"
    assert player.heard("woken")[0]["minutes"] == 5


def test_always_open_does_nothing(make_player):
    player = make_player()
    opening = Opening(None, player.backend, EventLog(None), parent=player.engine)
    assert not opening.closed and not opening.timer.isActive()
    opening.wake()
    assert not opening.closed


def test_rotation_turns_the_whole_picture(make_player):
    player = make_player(size=(1920, 1080), rotation=90)
    stage = player.window.contentItem().childItems()[0]
    assert (stage.width(), stage.height(), stage.rotation()) == (1080, 1920, 90)
    help_button = player.find("getHelp")
    rect = help_button.mapRectToScene(help_button.boundingRect())
    # Top right of the turned picture is the bottom right of the window.
    assert rect.left() > 1920 - 300 and rect.top() > 1080 / 2


# --------------------------------------------------------------------------- screen power
class FakeSystem:
    """Commands that exist, and what each prints; records what was run."""

    def __init__(self, commands: dict[str, tuple[int, str]]) -> None:
        self.commands = commands
        self.ran: list[str] = []

    def which(self, name: str) -> str | None:
        return f"/usr/bin/{name}" if name in self.commands else None

    def run(self, args):
        self.ran.append(" ".join(args))
        if args[0] == "hang":
            raise subprocess.TimeoutExpired(args, 5)
        code, out = self.commands[args[0]]
        return subprocess.CompletedProcess(args, code, out if not code else "", out if code else "")


def test_wayland_turns_every_output_off():
    system = FakeSystem({"wlr-randr": (0, "HDMI-A-1 \"Dell\"\n  Enabled: yes\nDSI-1 \"Panel\"\n  Enabled: yes\n")})
    attempts = display.set_power(False, {"WAYLAND_DISPLAY": "wayland-0"}, system.which, system.run)
    assert system.ran == ["wlr-randr", "wlr-randr --output HDMI-A-1 --off", "wlr-randr --output DSI-1 --off"]
    assert [a.ok for a in attempts] == [True, True]


def test_x11_and_raspberry_pi_commands_and_their_failures():
    system = FakeSystem({"xset": (0, ""), "vcgencmd": (1, "display_power: not supported\n")})
    attempts = display.set_power(True, {"DISPLAY": ":0"}, system.which, system.run)
    assert system.ran == ["xset dpms force on", "xset -dpms", "vcgencmd display_power 1"]
    assert attempts[0] == display.Attempt("xset dpms force on", True)
    assert attempts[2] == display.Attempt("vcgencmd display_power 1", False, "display_power: not supported")


def test_missing_or_hanging_commands_never_raise():
    assert display.set_power(False, {"DISPLAY": ":0"}, lambda name: None) == []
    gone = display.set_power(False, {"DISPLAY": ":0"}, lambda name: "/usr/bin/xset" if name == "xset" else None,
                             lambda args: (_ for _ in ()).throw(FileNotFoundError()))
    assert gone == [display.Attempt("xset dpms force off", False, "command not found")]
    system = FakeSystem({"xset": (0, "")})
    hung = display.set_power(False, {"DISPLAY": ":0"}, system.which,
                             lambda args: system.run(["hang"]))
    assert not hung[0].ok and "no answer" in hung[0].detail


def test_output_that_means_failure_is_a_failure_despite_exit_code_0():
    """xset on an X server without DPMS says so on stderr and exits 0."""
    said = "server does not have extension for dpms option"
    system = FakeSystem({"xset": (0, "")})

    def run(args):
        system.ran.append(" ".join(args))
        return subprocess.CompletedProcess(args, 0, "", said + "\n")

    attempts = display.set_power(False, {"DISPLAY": ":0"}, system.which, run)
    assert attempts == [display.Attempt("xset dpms force off", False, said)]
