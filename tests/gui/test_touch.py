"""Every control takes a tap from any finger, while another finger rests on the screen.

A touchscreen in a public place often has a second finger on it: a hand resting on the edge,
a child leaning on the glass, a second visitor. These tests put one finger down and keep it
there, then tap a control with another, through the real window with QTest touch events on a
touchscreen device, and check what the tap did. Swipes are judged finger by finger: a resting
finger neither stops another's swipe nor counts as one.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from helpers.gui import Player
from helpers.staff import RIGHT_PIN, corner, open_menu, set_pin

_SCREENS: list = []


def touchscreen():
    """One touchscreen device for the whole run (Qt keeps every device it is told of)."""
    if not _SCREENS:
        _SCREENS.append(QTest.createTouchDevice())
    return _SCREENS[0]


class Fingers:
    """Fingers on the player's touchscreen, by number: each event carries every finger down."""

    def __init__(self, player: Player) -> None:
        self.player = player
        self.down: dict[int, QPoint] = {}

    def _send(self, finger: int, point: QPoint, change: str) -> None:
        sequence = QTest.touchEvent(self.player.window, touchscreen())
        for other in self.down:
            if other != finger:
                sequence.stationary(other)
        getattr(sequence, change)(finger, point, self.player.window)
        sequence.commit()

    def press(self, finger: int, point: QPoint) -> None:
        self._send(finger, point, "press")
        self.down[finger] = point

    def move(self, finger: int, point: QPoint) -> None:
        self._send(finger, point, "move")
        self.down[finger] = point

    def lift(self, finger: int) -> None:
        point = self.down.pop(finger)
        self._send(finger, point, "release")

    def tap(self, finger: int, point: QPoint) -> None:
        self.press(finger, point)
        self.lift(finger)

    def swipe(self, finger: int, start: QPoint, dx: int, steps: int = 6) -> None:
        self.press(finger, start)
        for step in range(1, steps + 1):
            self.move(finger, QPoint(start.x() + round(dx * step / steps), start.y()))
        self.lift(finger)


def resting_point(player: Player) -> QPoint:
    """A point on the slide background (not a control): left of the middle, else in the margin."""
    width, height = player.window.width(), player.window.height()
    for point in (QPoint(width // 4, height // 2), QPoint(20, height // 2)):
        if player.hit(point).objectName() == "gestures":
            return point
    raise AssertionError("no slide background to rest a finger on")


def tap_while_resting(player: Player, name: str) -> None:
    """Rest finger 0 on the slide, tap the control ``name`` with finger 1, then lift finger 0."""
    player.sync()
    fingers = Fingers(player)
    fingers.press(0, resting_point(player))
    target = player.find(name)
    point = player.centre_of(target)
    hit = player.hit(point)
    assert hit is target or target.isAncestorOf(hit), f"{name} is covered at {point}"
    fingers.tap(1, point)
    player.sync()
    fingers.lift(0)
    player.sync()


def paused(player: Player) -> Player:
    player.tap_background()
    assert player.backend.paused
    return player


# =========================================================================== the visitor's controls
def test_next_and_previous_take_a_second_finger(make_player):
    player = paused(make_player())
    tap_while_resting(player, "next")
    assert player.view["id"] == player.deck.slides[1].id
    tap_while_resting(player, "previous")
    assert player.view["id"] == player.deck.slides[0].id
    # Each control fired once, and the resting finger, lifted, was a plain touch.
    assert [e["slide"] for e in player.heard("slide_shown")][-2:] == [player.deck.slides[1].id,
                                                                       player.deck.slides[0].id]


def test_play_takes_a_second_finger(make_player):
    player = paused(make_player())
    # The resting finger, lifted after Play, pauses again (it is a touch on the slide), so
    # Play is checked while it still rests.
    player.sync()
    fingers = Fingers(player)
    fingers.press(0, resting_point(player))
    with player.qtbot.waitSignal(player.backend.pausedChanged, timeout=3000):
        fingers.tap(1, player.centre_of(player.find("resume")))
    assert not player.backend.paused
    fingers.lift(0)


def test_get_help_takes_a_second_finger(make_player):
    player = paused(make_player())
    tap_while_resting(player, "getHelp")
    assert player.view["type"] == "helpline"


@pytest.mark.parametrize("name, done", [
    ("largeText", lambda b: b.largeText),
    ("highContrast", lambda b: b.highContrast),
    ("signs", lambda b: b.view["type"] == "signs"),
    ("quickExit", lambda b: b.neutral),
])
def test_visitor_choices_take_a_second_finger(make_player, name, done):
    player = paused(make_player())
    tap_while_resting(player, name)
    assert done(player.backend)


def test_pause_takes_a_second_finger(make_player):
    player = make_player()
    assert not player.backend.paused
    player.sync()
    fingers = Fingers(player)
    # In the loop the resting finger is on the hint's row, beside the Pause control.
    fingers.press(0, resting_point(player))
    fingers.tap(1, player.centre_of(player.find("pause")))
    assert player.backend.paused
    fingers.lift(0)


def test_language_picker_takes_a_second_finger(make_player):
    player = paused(make_player())
    tap_while_resting(player, "language")
    assert player.has("languagePicker")
    # The picker covers the slide: the finger rests on its background.
    player.sync()
    fingers = Fingers(player)
    fingers.press(0, QPoint(player.window.width() // 2, player.window.height() - 300))
    # A swipe across the picker does not reach the slide under it.
    fingers.swipe(1, QPoint(player.window.width() - 100, player.window.height() - 400), -400)
    assert player.view["id"] == player.deck.slides[0].id and player.has("languagePicker")
    fingers.tap(1, player.centre_of(player.find("lang-pl")))
    fingers.lift(0)
    assert player.backend.language == "pl"
    player.sync()
    assert not player.has("languagePicker")


def test_tiles_and_back_take_a_second_finger(make_player):
    player = paused(make_player())
    player.click_and_settle("signs")
    tap_while_resting(player, "tile-isolation")
    assert (player.view["id"], player.view["page"]) == ("spot-the-signs", "isolation")
    tap_while_resting(player, "back")
    assert (player.view["id"], player.view["page"]) == ("spot-the-signs", "")


def test_two_visitors_at_once_each_get_their_tap(make_player):
    """One holds Next while the other taps A+; both count."""
    player = paused(make_player())
    player.sync()
    fingers = Fingers(player)
    fingers.press(0, player.centre_of(player.find("next")))
    fingers.tap(1, player.centre_of(player.find("largeText")))
    assert player.backend.largeText
    fingers.lift(0)
    assert player.view["id"] == player.deck.slides[1].id


# =========================================================================== swipes
def test_a_second_finger_swipes_and_the_resting_one_is_no_swipe(make_player):
    player = paused(make_player())
    player.sync()
    fingers = Fingers(player)
    rest = resting_point(player)
    fingers.press(0, rest)
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        fingers.swipe(1, QPoint(player.window.width() * 3 // 4, rest.y()), -400)
    assert player.view["id"] == player.deck.slides[1].id
    # The resting finger drifts a little (less than a swipe) and lifts: no slide change.
    fingers.move(0, QPoint(rest.x() + 20, rest.y() + 5))
    fingers.lift(0)
    player.sync()
    assert player.view["id"] == player.deck.slides[1].id
    assert [e["trigger"] for e in player.heard("slide_shown")] == ["auto", "touch"]


@pytest.fixture
def paused_player(make_player) -> Player:
    """One paused player, shared by every example Hypothesis tries in a test."""
    return paused(make_player())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rest_x=st.floats(0.05, 0.95), rest_y=st.floats(0.25, 0.75), start_x=st.floats(0.3, 0.7),
       dx=st.integers(-500, 500))
def test_any_swipe_beside_any_resting_finger_steps_once_by_its_own_length(paused_player, rest_x, rest_y,
                                                                          start_x, dx):
    """Wherever a finger rests on the slide, another finger's swipe steps one slide when it is
    longer than the swipe threshold (90 px at 1080) and none when shorter."""
    player = paused_player
    middle = player.deck.slides[2].id  # a text slide between two text slides
    if player.view["id"] != middle:
        with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
            player.backend.goTo(middle)
    player.sync()
    width, height = player.window.width(), player.window.height()
    rest = QPoint(round(width * rest_x), round(height * rest_y))
    start_point = QPoint(round(width * start_x), height // 2)
    # Both fingers on the slide background, apart.
    assume(player.hit(rest).objectName() == "gestures" == player.hit(start_point).objectName())
    assume(abs(rest.x() - start_point.x()) >= 40)
    fingers = Fingers(player)
    fingers.press(0, rest)
    fingers.swipe(1, start_point, dx)
    fingers.lift(0)
    player.sync()
    step = 0 if abs(dx) <= 90 else (1 if dx < 0 else -1)
    assert player.slide_index(player.view["id"]) == 2 + step


# =========================================================================== staff and closed hours
def test_staff_gesture_and_pin_pad_take_a_second_finger(start, monkeypatch):
    player = start()
    set_pin(monkeypatch, RIGHT_PIN)
    player.sync()
    fingers = Fingers(player)
    fingers.press(0, resting_point(player))
    fingers.press(1, corner(player))
    player.qtbot.waitUntil(lambda: player.staff.state == "pad", timeout=3000)
    fingers.lift(1)
    player.sync()
    # Finger 0 still rests, now on the dimmed cover around the pad; another finger types.
    for key in [*RIGHT_PIN, "OK"]:
        fingers.tap(2, player.centre_of(player.find(f"pinKey{key}")))
        player.sync()
    assert player.staff.state == "menu"
    fingers.tap(2, player.centre_of(player.find("staffClose")))
    assert player.staff.state == ""
    fingers.lift(0)


def test_no_finger_reaches_the_slides_through_the_staff_menu(start, monkeypatch):
    player = start()
    open_menu(player, monkeypatch)
    before = player.view["id"]
    fingers = Fingers(player)
    fingers.press(0, QPoint(40, player.window.height() // 2))
    fingers.swipe(1, QPoint(player.window.width() - 60, player.window.height() - 60), -300)
    fingers.lift(0)
    player.sync()
    assert player.view["id"] == before and player.staff.state == "menu"


def test_screen_off_wakes_for_a_second_finger(start, monkeypatch):
    """A finger left on the screen when it goes black does not stop the next touch waking it."""
    player = start()
    open_menu(player, monkeypatch)
    fingers = Fingers(player)
    fingers.press(0, QPoint(40, player.window.height() // 2))  # on the cover around the menu
    fingers.tap(1, player.centre_of(player.find("staffScreenOff")))
    assert player.staff.screenOff
    player.sync()
    fingers.tap(1, QPoint(900, 500))
    assert not player.staff.screenOff
    fingers.lift(0)


def test_a_closed_kiosk_wakes_for_a_second_finger(closed_player):
    """A hand left on the screen while the kiosk closes does not stop the next touch waking it."""
    player, opening, wall, _power = closed_player
    player.sync()
    fingers = Fingers(player)
    fingers.press(0, QPoint(100, 500))  # wakes it; the finger stays
    assert not opening.closed
    wall.now += dt.timedelta(minutes=5)
    with player.qtbot.waitSignal(opening.timer.timeout, timeout=3000):
        opening.timer.start(0)
    assert opening.closed
    player.sync()
    fingers.tap(1, QPoint(900, 500))
    assert not opening.closed
    fingers.lift(0)
    assert [e["event"] for e in player.heard() if e["event"] in ("closed", "woken")] == \
        ["closed", "woken", "closed", "woken"]
    # Only the closing by the hours is written: a wake-up and its end are a visitor's doing.
    assert [e["event"] for e in player.events() if e["event"] in ("closed", "woken")] == ["closed"]
