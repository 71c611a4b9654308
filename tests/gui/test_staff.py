"""Kiosk mode and staff access through the real player window.

Keys are QTest key events on the window; touches are QTest mouse events at real pixels
(the rotated cases tap where the button is drawn on the physical screen). The PIN is set
through ``kiosk set-pin --stdin`` into a temporary configuration folder. Waits are on
signals or conditions; the growing wait after wrong PINs runs on a fake clock.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtTest import QTest

from helpers.gui import LEFT, NO_MOD, SIZE_IDS, SIZES, scene_rect, tap_by
from helpers.staff import HOLD_MS, NOON, RIGHT_PIN, corner, fire, long_press, open_menu, set_pin, type_pin
from kiosk.qt import kioskmode
from kiosk.qt.staff import NOT_SET_UP

Key, Mod = Qt.Key, Qt.KeyboardModifier


# =========================================================================== the gesture and the PIN
def test_gesture_without_pin_opens_nothing(start, config):
    player = start()
    assert not (config / "pin").exists()
    long_press(player, corner(player))
    assert player.staff.notice == NOT_SET_UP
    player.sync()
    assert NOT_SET_UP not in player.texts(), "logged, never shown to the public"
    assert player.staff.state == ""
    assert not player.has("pinPad") and not player.has("staffMenu")
    assert player.staff.notice_timer.interval() == 5000
    fire(player, player.staff.notice_timer)
    player.sync()
    assert NOT_SET_UP not in player.texts()
    assert not player.events("staff_menu_opened")


def test_short_tap_in_the_corner_still_reaches_the_slide(start, monkeypatch):
    player = start()
    set_pin(monkeypatch, RIGHT_PIN)
    with player.qtbot.waitSignal(player.backend.pausedChanged, timeout=3000):
        player.click_at(corner(player))
    assert player.backend.paused is True
    assert player.staff.state == "" and player.staff.notice == ""


def test_finger_on_a_touchscreen_opens_the_pad(start, monkeypatch):
    player = start()
    set_pin(monkeypatch, RIGHT_PIN)
    screen = QTest.createTouchDevice()
    point = corner(player)
    player.sync()
    QTest.touchEvent(player.window, screen).press(0, point, player.window).commit()
    player.qtbot.waitUntil(lambda: player.staff.state == "pad", timeout=3000)
    QTest.touchEvent(player.window, screen).release(0, point, player.window).commit()
    player.sync()
    assert player.has("pinPad")


def test_a_finger_that_slides_out_of_the_corner_opens_nothing(start, monkeypatch):
    player = start()
    set_pin(monkeypatch, RIGHT_PIN)
    cornered = player.find("staffCorner")
    hold = next(t for t in cornered.findChildren(QObject) if t.metaObject().className() == "QQmlTimer")
    player.sync()
    QTest.mousePress(player.window, LEFT, NO_MOD, corner(player))
    QTest.mouseMove(player.window, QPoint(400, 400))
    # The hold either stops (the finger left) or fires and finds the finger outside.
    player.qtbot.waitSignal(hold.triggered, timeout=3 * HOLD_MS, raising=False).wait()
    QTest.mouseRelease(player.window, LEFT, NO_MOD, QPoint(400, 400))
    assert player.staff.state == "" and player.staff.notice == ""


def test_wrong_pins_wait_longer_each_time_and_the_right_one_opens_the_menu(start, monkeypatch):
    player = start()
    set_pin(monkeypatch, RIGHT_PIN)
    long_press(player, corner(player))
    assert player.staff.state == "pad"
    player.sync()
    assert player.has("pinPad") and not player.has("staffMenu")

    for failures, wait in enumerate([1, 2, 4, 8], start=1):
        type_pin(player, "1111")
        assert player.staff.state == "pad"
        assert player.staff.waitSeconds == wait
        assert [e["count"] for e in player.heard("staff_pin_failed")][-1] == failures
        player.sync()
        assert f"Wrong PIN. Type it again; OK works in {wait}\u00a0s." in player.texts()  # "s." never alone
        # OK takes nothing while it waits (dimmed); a digit is taken, and wiped again here.
        assert not player.find("pinKeyOK").isEnabled() and player.find("pinKeyOK").opacity() < 0.5
        player.click("pinKey4")
        player.sync()
        assert player.find("pinDots").property("text") == "●"
        player.click("pinKeyDelete")
        assert player.staff.submitPin(RIGHT_PIN) is False, "no PIN is checked while it waits"
        player.lock_clock.now += wait
        fire(player, player.staff.lock_timer)
        assert player.staff.waitSeconds == 0

    player.click("pinKey4")
    player.click("pinKey8")
    player.sync()
    assert player.find("pinDots").property("text") == "●●", "digits are masked"
    player.click("pinKeyDelete")
    player.click("pinKeyDelete")
    type_pin(player, RIGHT_PIN)
    assert player.staff.state == "menu"
    player.sync()
    assert player.has("staffMenu") and not player.has("pinPad")
    assert len(player.events("staff_menu_opened")) == 1
    log_text = player.log_path.read_text()
    assert RIGHT_PIN not in log_text and "1111" not in log_text
    assert set(player.heard("staff_pin_failed")[0]) == {"event", "count"}
    assert player.events("staff_pin_failed") == [], "a wrong PIN may be a passer-by's: never written with a time"
    assert {"label": "Wrong PINs", "value": "4 since the kiosk started (counted, never logged)"} in \
        [{"label": row["label"], "value": row["value"]} for row in player.staff.statusRows()]


@pytest.mark.parametrize("how", ["mouse", "finger"])
def test_a_pin_typed_while_the_pad_waits_is_taken_whole(start, monkeypatch, how):
    """After a wrong PIN, the right one typed during the wait is kept whole: OK does nothing and
    counts nothing until the wait is over, then opens the menu with it."""
    player = start()
    set_pin(monkeypatch, RIGHT_PIN)
    long_press(player, corner(player))
    type_pin(player, "1111")
    assert player.staff.waitSeconds == 1 and player.staff.wrong_pins == 1
    player.sync()
    for digit in RIGHT_PIN:
        tap_by(player, player.centre_of(player.find(f"pinKey{digit}")), how)
    tap_by(player, player.centre_of(player.find("pinKeyOK")), how)
    player.sync()
    assert player.staff.state == "pad" and player.staff.wrong_pins == 1, "OK during the wait was an attempt"
    assert player.find("pinDots").property("text") == "●" * len(RIGHT_PIN), "the PIN typed was lost"
    assert "Wrong PIN. Type it again; OK works in 1\u00a0s." in player.texts()
    player.lock_clock.now += 1
    fire(player, player.staff.lock_timer)
    player.sync()
    assert player.find("pinKeyOK").isEnabled() and "Wrong PIN." in player.texts()
    tap_by(player, player.centre_of(player.find("pinKeyOK")), how)
    assert player.staff.state == "menu" and player.staff.wrong_pins == 1
    assert [e["count"] for e in player.heard("staff_pin_failed")] == [1]


def test_cancel_closes_the_pin_pad(start, monkeypatch):
    player = start()
    set_pin(monkeypatch, RIGHT_PIN)
    long_press(player, corner(player))
    player.click("pinKey1")
    player.click("pinCancel")
    assert player.staff.state == ""
    long_press(player, corner(player))
    player.sync()
    assert player.find("pinDots").property("text") == "–", "a reopened pad starts empty"


# =========================================================================== the menu
def test_pause_resume_next_previous(start, monkeypatch):
    player = start()
    open_menu(player, monkeypatch)
    backend = player.backend
    assert player.timer.isActive()

    player.click("staffPause")
    assert backend.held and not player.timer.isActive(), "paused: no advance, no idle return"
    assert player.find("staffPause").property("text").startswith("▶\u00a0Resume")
    player.click("staffPause")
    assert not backend.held and player.timer.isActive()
    assert backend.paused is False, "resume returns to the loop"

    first = player.view["id"]
    player.click_and_settle("staffNext")
    second = player.view["id"]
    assert second != first
    player.click_and_settle("staffPrevious")
    assert player.view["id"] == first
    actions = [e["action"] for e in player.events("staff_action")]
    assert actions == ["pause", "resume", "next", "previous"]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["wide", "narrow"])
def test_while_staff_hold_the_loop_visitors_see_the_hint_without_a_pause_control(start, monkeypatch, size):
    player = start(size=size)
    player.sync()
    assert player.has("pause") and player.has("hint")
    hint_at = player.find("hint").mapToScene(player.find("hint").boundingRect().topLeft())

    open_menu(player, monkeypatch)
    player.click("staffPause")
    player.staff.close()
    if player.backend.paused:  # the staff's touches showed the visitor's controls: Play hides them
        player.click("resume")
    player.sync()
    assert player.backend.held and player.staff.paused and not player.backend.paused
    assert not player.has("pause"), "nothing moves: a Pause control would pause nothing"
    assert player.has("hint") and not player.has("controls")
    assert player.find("hint").mapToScene(player.find("hint").boundingRect().topLeft()) == hint_at, "the hint stays put"

    player.click_at(player.window.contentItem().boundingRect().center().toPoint())  # a visitor's touch
    player.sync()
    assert player.has("controls"), "a touch still shows the visitor's controls"

    open_menu(player, monkeypatch)
    player.click("staffPause")  # resume: back to the loop
    player.staff.close()
    player.sync()
    assert not player.backend.held and not player.backend.paused
    assert player.has("pause") and player.has("hint"), "the loop moves again: Pause is back"


def test_status_page(start, monkeypatch):
    import hashlib
    player = start(size=(1280, 800))
    open_menu(player, monkeypatch)
    player.click("staffStatus")
    player.sync()
    texts = " | ".join(player.texts()).replace("\u00a0", " ")  # a title's year stays with its word on screen
    version = hashlib.sha256((player.backend.folder / "deck.yaml").read_bytes()).hexdigest()[:12]
    for expected in ("Freedom Week 2019 (freedom-week-2019)", version, "12:00:00 on 02 Mar 2026", "1280 × 800 pixels, rotated 0°",
                     "kiosk 0.1.0", "not written", "Running for", "Last reload", "Problems",
                     "0 since the kiosk started (counted, never logged)"):
        assert expected in texts, expected
    player.click("staffBack")
    player.sync()
    assert player.has("staffPause")


def test_status_page_rounds_quick_exits_as_every_visitor_count(start, monkeypatch):
    """Quick exits are visitors: shown as kiosk stats shows counts (README, *Visitor counts*);
    wrong PINs stay exact (test_wrong_pins_wait_longer_each_time_and_the_right_one_opens_the_menu)."""
    player = start()

    def quick_exits() -> str:
        return {row["label"]: row["value"] for row in player.staff.statusRows()}["Quick exits"]

    player.backend.quickExit()  # the QML button's slot
    assert player.backend.quick_exits == 1
    open_menu(player, monkeypatch)
    assert quick_exits() == "<5 since the kiosk started (counted, never logged)"
    for _ in range(6):
        player.backend.quickExit()
    assert player.backend.quick_exits == 7
    assert quick_exits() == "5 since the kiosk started (counted, never logged)"


def test_switch_deck_refuses_a_broken_deck_and_plays_a_good_one(start, monkeypatch, write_deck, bundled_deck):
    good = write_deck("""
        deck: {id: other, title: Another deck, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, title: Hello}
        """, name="other")
    broken = write_deck("""
        deck: {id: broken, title: Broken, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, titel: Hello}
        """, name="broken")
    decks = lambda: [("freedom-week-2019", "Freedom Week 2019", bundled_deck.folder),  # noqa: E731
                     ("broken", "Broken", broken), ("other", "Another deck", good)]
    player = start(decks=decks)
    open_menu(player, monkeypatch)
    with player.qtbot.waitSignal(player.staff.decksChanged, timeout=5000):  # listed off the drawing thread
        player.click("staffDecks")
    player.sync()
    assert "(playing)" in player.find("deck-freedom-week-2019").property("text")

    player.click("deck-broken")
    read_done(player)
    player.sync()
    assert player.backend.deck.deck.id == "freedom-week-2019", "the last good deck keeps playing"
    assert player.staff.result.startswith("Not changed")
    assert player.staff.problems and all("deck.yaml:" in p for p in player.staff.problems)
    texts = player.texts()
    assert player.staff.problems[0] in texts and any("titel" in t for t in texts)

    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.click("deck-other")
    assert player.backend.deck.deck.id == "other"
    assert player.view["id"] == "hello"
    assert "Now playing “Another deck”." in player.texts()
    assert [e["action"] for e in player.events("staff_action")] == ["switch_deck", "switch_deck"]
    player.sync()
    assert "(playing)" in player.find("deck-other").property("text"), "the list follows the switch"
    assert "(playing)" not in player.find("deck-freedom-week-2019").property("text")


def read_done(player) -> None:
    """Wait until a switch or reload, read off the drawing thread, has given its result."""
    player.qtbot.waitUntil(lambda: not player.staff.result.startswith("Reading"), timeout=5000)


def test_reload_reads_the_deck_again_and_keeps_the_last_good_one(start, monkeypatch, write_deck):
    from kiosk.deck import load_deck
    text = """
        deck: {id: mine, title: First title, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, title: Hello}
        """
    folder = write_deck(text, name="mine")
    player = start(result=load_deck(folder))
    open_menu(player, monkeypatch)
    write_deck(text.replace("First title", "Second title"), name="mine")
    player.click("staffReload")
    read_done(player)
    assert player.backend.deck.deck.title == "Second title"
    assert "Reloaded “Second title”." in player.texts() or player.staff.result == "Reloaded “Second title”."

    write_deck(text.replace("type: title", "type: nonsense"), name="mine")
    player.click("staffReload")
    read_done(player)
    assert player.backend.deck.deck.title == "Second title"
    assert player.staff.result.startswith("Not changed") and player.staff.problems


def test_screen_off_is_black_until_a_touch(start, monkeypatch):
    player = start()
    open_menu(player, monkeypatch)
    player.click("staffScreenOff")
    assert player.staff.screenOff and player.staff.state == ""
    assert player.backend.held and not player.timer.isActive()
    gray = player.grab()
    assert gray.max() == 0, "the whole screen is black"
    with player.qtbot.waitSignal(player.staff.screenOffChanged, timeout=3000):
        player.click_at(QPoint(player.window.width() // 2, player.window.height() // 2))
    assert not player.staff.screenOff and not player.backend.held and player.timer.isActive()
    assert player.grab().max() > 100
    assert [e["trigger"] for e in player.heard("screen_on")] == ["touch"]


def test_screen_off_until_a_time_lights_again_then(start):
    now = [NOON]
    player = start(wall=lambda: now[0])
    player.staff.screen_off(until=NOON + dt.timedelta(hours=2))
    assert player.staff.screenOff and player.backend.held
    assert player.staff.wake_timer.interval() == 7_200_000
    now[0] = NOON + dt.timedelta(hours=1)  # woken early (a late timer, or a clock set back): waits again
    fire(player, player.staff.wake_timer)
    assert player.staff.screenOff and player.staff.wake_timer.interval() == 3_600_000
    now[0] = NOON + dt.timedelta(hours=2)
    fire(player, player.staff.wake_timer)
    assert not player.staff.screenOff and not player.backend.held
    assert [e["trigger"] for e in player.heard("screen_on")] == ["time"]
    assert player.events("screen_off")[0]["until"] == "2026-03-02T14:00"


def test_screen_off_until_weeks_away_holds_within_what_a_timer_can_wait(start):
    player = start()
    player.staff.screen_off(until=NOON + dt.timedelta(days=400))
    assert player.staff.screenOff and player.staff.wake_timer.interval() == 2**31 - 1
    fire(player, player.staff.wake_timer)
    assert player.staff.screenOff and player.staff.wake_timer.isActive()


def test_exit_asks_then_quits(start, monkeypatch):
    player = start()
    open_menu(player, monkeypatch)
    player.click("staffExit")
    player.sync()
    assert player.exits == [] and player.has("staffExitConfirm")
    player.click("staffExitConfirm")
    assert player.exits == [True]
    assert player.events("staff_action")[-1]["action"] == "exit"


def test_menu_closes_itself_after_idle(start, monkeypatch):
    player = start()
    assert player.staff.idle_timer.interval() == 60_000, "a minute on a kiosk"
    open_menu(player, monkeypatch)  # typed at the minute's pace: a slow machine cannot lose the PIN pad
    player.staff.idle_timer.setInterval(150)
    player.click("staffNext")
    assert player.staff.idle_timer.isActive()
    with player.qtbot.waitSignal(player.staff.stateChanged, timeout=3000):
        pass
    assert player.staff.state == ""
    player.sync()
    assert not player.has("staffMenu")
    assert player.events("staff_menu_closed")[-1]["reason"] == "idle"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_pin_pad_and_menu_fit_and_have_big_keys(start, monkeypatch, size):
    player = start(size=size)
    window = QRectF(0, 0, *size)
    set_pin(monkeypatch, RIGHT_PIN)
    long_press(player, corner(player))
    player.sync()
    assert window.contains(scene_rect(player.find("pinPad")))
    for key in [f"pinKey{d}" for d in "0123456789"] + ["pinKeyOK", "pinKeyDelete", "pinCancel"]:
        rect = scene_rect(player.find(key))
        assert rect.width() >= 48 and rect.height() >= 48, (key, rect)
    type_pin(player, RIGHT_PIN)
    player.sync()
    assert window.contains(scene_rect(player.find("staffMenu")))
    for name in ("staffPause", "staffReload", "staffNext", "staffPrevious", "staffDecks", "staffStatus",
                 "staffScreenOff", "staffExit", "staffClose"):
        rect = scene_rect(player.find(name))
        assert rect.height() >= 48 and window.contains(rect), (name, rect)
    player.click("staffClose")
    assert player.staff.state == ""


# =========================================================================== rotation
@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_screen_taps_land_on_what_is_drawn(start, rotation):
    player = start(size=(1080, 1920), rotation=rotation)
    width, height = 1080, 1920
    stage = player.window.contentItem().childItems()[0]
    sideways = rotation != 180
    assert (stage.width(), stage.height()) == ((1920, 1080) if sideways else (1080, 1920))
    player.tap_background()
    player.sync()
    rect = scene_rect(player.find("next"))
    # Next is the right end of the footer. Turned 90° clockwise the footer is on the left and
    # Next at the bottom; 180°: footer at the top, Next on the left; 270°: footer on the
    # right, Next at the top.
    if rotation == 90:
        assert rect.right() < width * 0.2 and rect.top() > height * 0.6, rect
    elif rotation == 180:
        assert rect.bottom() < height * 0.15 and rect.right() < width * 0.4, rect
    else:
        assert rect.left() > width * 0.8 and rect.bottom() < height * 0.4, rect
    assert (rect.height() > rect.width()) == sideways, "a button drawn on its side"
    before = player.view["id"]
    player.click_and_settle("next")
    assert player.view["id"] != before
    # The hidden corner is the viewer's top-left, wherever that is on the panel.
    point = corner(player)
    expected = {90: QPoint(width, 0), 180: QPoint(width, height), 270: QPoint(0, height)}[rotation]
    assert (point - expected).manhattanLength() < 200, point
    long_press(player, point)
    assert player.staff.notice == NOT_SET_UP


def test_screen_on_its_side_lays_out_for_portrait_and_codes_scan(start):
    import numpy as np

    from helpers.qr import HELPLINE_PAYLOADS, read_codes
    player = start(size=(1920, 1080), rotation=90)
    player.click_and_settle("getHelp")
    upright = np.ascontiguousarray(np.rot90(player.grab(), k=1))  # as the viewer sees it
    assert upright.shape == (1920, 1080)
    codes = read_codes(upright)
    assert {c.text for c in codes} == HELPLINE_PAYLOADS
    assert all(c.right - c.left >= 200 for c in codes), "at least 200 px, as on any portrait screen"


@pytest.mark.parametrize("key, modifiers, name", [
    (Key.Key_Escape, Mod.NoModifier, "Esc"), (Key.Key_F4, Mod.AltModifier, "Alt+F4"),
    (Key.Key_W, Mod.ControlModifier, "Ctrl+W"), (Key.Key_Q, Mod.ControlModifier, "Ctrl+Q"),
    (Key.Key_F11, Mod.NoModifier, "F11"), (Key.Key_Tab, Mod.AltModifier, "Alt+Tab"),
], ids=["Esc", "Alt+F4", "Ctrl+W", "Ctrl+Q", "F11", "Alt+Tab"])
def test_blocked_keys_do_nothing(kiosk_window, key, modifiers, name):
    player, guard, events = kiosk_window
    QTest.keyClick(player.window, key, modifiers)
    QTest.keyClick(player.window, Key.Key_A)
    assert events == [("key_blocked", {"key": name})], "logged once, on its press; other keys are not"
    assert player.window.isVisible()
    assert player.window.visibility() == QWindow.Visibility.FullScreen
    assert guard.refused_closes == 0
    # The window eats the key (its press, its release and a shortcut's look ahead); other keys go on.
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        blocked, other = QKeyEvent(kind, key, modifiers), QKeyEvent(kind, Key.Key_A, Mod.NoModifier)
        QCoreApplication.sendEvent(player.window, blocked)
        QCoreApplication.sendEvent(player.window, other)
        assert blocked.isAccepted() and not other.isAccepted(), kind
    assert events == [("key_blocked", {"key": name})] * 2


def test_blocked_keys_are_named_by_qt_own_codes():
    """The guard's table of plain numbers names the keys Qt's enums name (the numbers QML gives)."""
    from kiosk.qt.kioskmode import BLOCKED_KEYS, blocked_key_name

    assert {(Key(key), Mod(held)) for key, held in BLOCKED_KEYS} == {
        (Key.Key_Escape, Mod.NoModifier), (Key.Key_F4, Mod.AltModifier), (Key.Key_W, Mod.ControlModifier),
        (Key.Key_Q, Mod.ControlModifier), (Key.Key_F11, Mod.NoModifier), (Key.Key_Tab, Mod.AltModifier),
        (Key.Key_Backtab, Mod.AltModifier), (Key.Key_Backtab, Mod.AltModifier | Mod.ShiftModifier)}
    keypad, shift = Mod.KeypadModifier.value, Mod.ShiftModifier.value
    assert blocked_key_name(Key.Key_Escape.value, shift) == "Esc"  # whatever the modifiers
    assert blocked_key_name(Key.Key_F4.value, Mod.AltModifier.value | keypad) == "Alt+F4"
    assert blocked_key_name(Key.Key_F4.value, 0) is None and blocked_key_name(Key.Key_A.value, 0) is None


def test_kiosk_window_refuses_to_close_until_exit(kiosk_window):
    player, guard, events = kiosk_window
    assert player.window.close() is False
    assert player.window.isVisible() and player.window.visibility() == QWindow.Visibility.FullScreen
    assert guard.refused_closes == 1 and events == [("close_refused", {})]
    guard.allow_exit()  # the staff Exit
    assert player.window.close() is True


def test_kiosk_window_is_frameless_on_top_without_cursor(kiosk_window):
    player, _guard, _events = kiosk_window
    flags = player.window.flags()
    assert flags & Qt.WindowType.FramelessWindowHint and flags & Qt.WindowType.WindowStaysOnTopHint
    assert player.window.cursor().shape() == Qt.CursorShape.BlankCursor
    # Qt Quick replaces the window's cursor when the mouse moves; the override cursor wins over it.
    assert QGuiApplication.overrideCursor() is not None
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    assert player.window.geometry() == QGuiApplication.screens()[0].geometry()


def test_leaving_kiosk_mode_gives_the_pointer_back(kiosk_window):
    _player, guard, _events = kiosk_window
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    guard.allow_exit()
    assert QGuiApplication.overrideCursor() is None


def test_minimised_kiosk_window_comes_back(kiosk_window):
    player, *_ = kiosk_window
    player.window.showMinimized()
    player.qtbot.waitUntil(lambda: player.window.visibility() == QWindow.Visibility.FullScreen, timeout=3000)


def test_unknown_screen_is_named_with_the_screens_there_are(kiosk_app):
    count = len(QGuiApplication.screens())
    with pytest.raises(kioskmode.ScreenError) as caught:
        kioskmode.choose_screen(count + 3)
    message = str(caught.value)
    assert f"there is no screen {count + 3}" in message
    assert ("--screen 0," if count == 1 else f"--screen 0 to {count - 1}") in message
    assert kioskmode.choose_screen(None) is QGuiApplication.primaryScreen()


def test_kiosk_run_names_a_missing_screen_without_a_traceback(tmp_path):
    import os
    import subprocess
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--screen", "7", "--log-json",
                           str(tmp_path / "events.jsonl")], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "kiosk: there is no screen 7" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--rotation", "45"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 1 and "choose from 0, 90, 180, 270" in done.stderr


def test_status_page_puts_warnings_before_review_notes_and_wraps_between_words(start, monkeypatch):
    from pathlib import Path

    from kiosk.deck.problems import Problem
    player = start(size=(1280, 800))
    loaded = player.staff.loaded()
    problems = [Problem("deck.yaml", 9, 1, "a review note", severity="note"),
                Problem("deck.yaml", 3, 1, "a warning", severity="warning")]
    monkeypatch.setattr(loaded.result, "problems", problems)
    rows = player.staff.statusRows()
    values = [row["value"] for row in rows]
    assert "0 errors, 1 warning (listed below)" in values, "review notes are not counted as problems"
    warning = next(i for i, v in enumerate(values) if v.endswith("warning: a warning"))
    notes = next(i for i, row in enumerate(rows) if row["label"] == "Notes")
    assert warning < notes and values[notes + 1].endswith("note: a review note") and notes + 1 == len(rows) - 1
    assert values[warning].startswith(str(Path("deck.yaml").resolve())), "paths are absolute"
    open_menu(player, monkeypatch)
    player.click("staffStatus")
    player.sync()
    from PySide6.QtQml import QQmlExpression

    def wrap_of(name: str) -> bool:
        expression = QQmlExpression(player.engine.contextForObject(player.find(name)), player.find(name),
                                    "wrapMode === Text.WrapAtWordBoundaryOrAnywhere")
        value, failed = expression.evaluate()
        assert not failed
        return value

    assert wrap_of("status-Loop") and wrap_of("status-Deck folder")


def test_status_page_keeps_the_playing_version_apart_from_a_rejected_newer_one(start, write_deck):
    """A broken edit on disk: the page describes the deck on screen, then the version not loaded."""
    import hashlib

    from kiosk.deck import load_deck
    folder = write_deck("""
        deck: {id: cafe, title: Cafe deck, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, title: Hello}
          - {id: help, type: helpline, phone: "08000 121 700"}
        """, name="cafe")
    playing = hashlib.sha256((folder / "deck.yaml").read_bytes()).hexdigest()[:12]
    player = start(size=(1280, 800), result=load_deck(folder))
    player.staff.loaded()  # noted at start-up, as the kiosk does after its first frame
    (folder / "deck.yaml").write_text((folder / "deck.yaml").read_text().replace("title: Hello", "durtion: 5"))
    player.backend.reject_deck([f"{folder}/deck.yaml:3:28: error: slide 'hello': unknown field 'durtion'",
                                f"{folder}/deck.yaml:1:1: note: a review note"])
    rows = {row["label"]: row["value"] for row in player.staff.statusRows()}
    values = [row["value"] for row in player.staff.statusRows()]
    assert playing in rows["Deck version"], "the version on screen, not the file on disk"
    assert rows["Problems"] == "0 errors, 0 warnings"
    assert rows["Newer version"].startswith("not loaded, 1 problem to fix first")
    assert any(value.endswith("unknown field 'durtion'") for value in values)
    assert not any(value.endswith("a review note") for value in values), "notes of a rejected version are not shown"


def test_status_page_takes_the_check_made_at_start(start, write_deck):
    """kiosk run gives the staff layer the check its deck passed at start (warnings, notes and
    the SHA-256 of deck.yaml): the status page shows them without checking the deck again, and
    keeps no second copy of the deck playing."""
    from kiosk.deck import load_deck
    from kiosk.deck.problems import Problem

    folder = write_deck("""
        deck: {id: cafe, title: Cafe deck, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, title: Hello}
        """, name="cafe")
    note = Problem(str(folder / "deck.yaml"), 4, 5, "a review note made at start", "", "note")
    player = start(size=(1280, 800), result=load_deck(folder), checked=([note], "ab" * 32))
    (folder / "deck.yaml").write_text("deck: [not, a, deck")  # changed on disk since: not read for the page
    rows = {row["label"]: row["value"] for row in player.staff.statusRows()}
    assert rows["Deck version"].startswith("abababababab ")
    assert rows["Problems"] == "0 errors, 0 warnings"
    assert any(row["value"].endswith("a review note made at start") for row in player.staff.statusRows())
    assert player.staff.loaded().result.deck is None


def test_a_visitor_s_session_ends_while_the_staff_pause_holds_the_loop(start, monkeypatch):
    """Paused by the staff, the kiosk still sends a passer-by's session away one idle timeout
    after their last touch: the controls close and the staff's slide is back in the deck's first
    language (the next passer-by never sees what the last one read or chose). Through the real
    window: the staff menu's Pause, Close, then a visitor's taps."""
    from helpers.gui import pick_language, shown

    player = start(size=(1280, 800))
    open_menu(player, monkeypatch)
    player.click("staffPause")
    held_on = player.view["id"]
    player.click("staffClose")
    assert player.staff.state == "" and player.backend.held
    player.clock.now = 10.0
    pick_language(player, "pl")
    player.click_and_settle("next")
    assert player.backend.paused and player.view["id"] != held_on and player.backend.language == "pl"
    timeout = player.deck.deck.idle_timeout
    assert abs(player.wait_ms() - timeout * 1000) <= 5, "the kiosk wakes for the visitor's idle timeout"
    with player.qtbot.waitSignals([player.backend.viewChanged, player.backend.pausedChanged], timeout=3000):
        player.wake_at(10.0 + timeout + 0.5)
    player.sync()
    assert not player.backend.paused and not shown(player.window.findChild(QObject, "controls"))
    assert player.view["id"] == held_on and player.backend.language == player.deck.deck.languages[0]
    assert player.backend.held and not player.timer.isActive(), "still paused by the staff"
    assert player.heard("idle_return")


def test_the_staff_s_next_on_a_playing_loop_goes_on_from_that_slide(start, monkeypatch):
    """The menu's Next slide while the loop plays is the staff's step, not a visitor's session:
    no visitor controls show to nobody, and the loop goes on from the slide they chose (its full
    dwell, then the slide after it), never back to the loop's start a minute later."""
    player = start(size=(1280, 800))
    slides = [s.id for s in player.deck.slides]
    open_menu(player, monkeypatch)
    player.clock.now = 5.0
    player.click_and_settle("staffNext")
    player.click_and_settle("staffNext")
    player.click("staffClose")
    player.sync()
    assert player.view["id"] == slides[2] and not player.backend.paused and not player.backend.held
    assert player.timer.isActive()
    with player.qtbot.waitSignal(player.backend.viewChanged, timeout=3000):
        player.wake_at(5.0 + player.wait_ms() / 1000 + 0.01)
    assert player.view["id"] == slides[3], "the loop went on from the staff's slide"
    assert player.heard("idle_return") == []
