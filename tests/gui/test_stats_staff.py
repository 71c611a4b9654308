"""Staff use is never counted as a visitor's: the hidden gesture, the PIN pad and the staff menu,
driven through the real player window and staff layer, leave the visitor counts as if no staff had
touched the kiosk; a visitor who touched before the staff came is still counted
(:mod:`kiosk.stats.record`, its rule in the module's docstring)."""

from __future__ import annotations

import pytest

from helpers.counts import HOUR, counting, scripted, table
from helpers.staff import RIGHT_PIN, corner, long_press, open_menu, set_pin, type_pin
from kiosk.stats import store


def tables(recorder) -> dict[str, dict[tuple, tuple]]:
    """Every table of the recorder's file, after it is closed (all counts written)."""
    recorder.close()
    return {name: table(recorder.path, name) if recorder.path.exists() else {} for name in store.TABLES}


def visitor_counts(found: dict[str, dict[tuple, tuple]]) -> dict[str, object]:
    """Only what a visitor could add: interactions, idle returns, lengths, slides opened or on
    screen by touch, languages (the loop's own showings left out)."""
    views = {key: counts[1:] for key, counts in found["views"].items() if any(counts[1:])}
    return {"hours": {key: counts for key, counts in found["hours"].items() if any(counts)},
            "lengths": found["lengths"], "views": views, "languages": found["languages"]}


def staff_session(player) -> None:
    """Every menu action that moves the loop or the screen, then the menu closed and the loop left
    to itself until it returns from where the staff left it."""
    player.clock.now = 31.0
    player.click("staffPause")
    assert player.staff.paused
    player.clock.now = 32.0
    player.click("staffNext")
    player.clock.now = 33.0
    player.click("staffNext")
    player.clock.now = 34.0
    player.click("staffPrevious")
    player.clock.now = 35.0
    player.click("staffPause")  # resume
    assert not player.staff.paused
    player.clock.now = 36.0
    with player.qtbot.waitSignal(player.staff.resultChanged, timeout=10_000):
        player.click("staffReload")
    player.qtbot.waitUntil(lambda: "Reloaded" in player.staff.result, timeout=10_000)
    player.clock.now = 37.0
    player.click("staffScreenOff")  # the menu closes
    assert player.staff.screenOff and player.staff.state == ""
    player.clock.now = 38.0
    player.staff.wake()  # a touch on the black screen (Staff.wake() in StaffLayer.qml)
    assert not player.staff.screenOff
    # The staff open the menu again, move on a slide and close it: the loop goes on from there.
    player.clock.now = 40.0
    long_press(player, corner(player))
    type_pin(player, RIGHT_PIN)
    player.clock.now = 41.0
    player.click("staffNext")
    chosen = player.view["id"]
    player.clock.now = 42.0
    player.click("staffClose")
    assert player.staff.state == "" and not player.backend.paused
    player.wake_at(42.0 + 45 + 1)  # past the chosen slide's dwell: the loop moved on by itself
    assert player.view["id"] != chosen and not player.heard("idle_return")


def test_staff_use_leaves_the_visitor_counts_as_if_nobody_had_touched(start, monkeypatch, tmp_path):
    player = start()
    recorder = counting(player, tmp_path / "stats.db")
    player.clock.now = 30.0
    open_menu(player, monkeypatch)
    assert not player.backend.paused, "the gesture's own finger is no tap on the slide"
    staff_session(player)
    assert player.heard("touch"), "the staff's next and previous are touches the counts are told of"
    assert visitor_counts(tables(recorder)) == {"hours": {}, "lengths": {}, "views": {}, "languages": {}}


def test_wrong_pins_and_a_cancelled_pad_count_no_visitor(start, monkeypatch, tmp_path):
    player = start()
    recorder = counting(player, tmp_path / "stats.db")
    set_pin(monkeypatch, RIGHT_PIN)
    player.clock.now = 10.0
    long_press(player, corner(player))
    type_pin(player, "111111")
    assert player.staff.state == "pad" and player.heard("staff_pin_failed")
    player.click("pinCancel")
    assert player.staff.state == ""
    player.wake_at(10.0 + 45 + 1)
    assert visitor_counts(tables(recorder))["hours"] == {}


def test_an_interaction_that_turns_into_the_staff_gesture_is_not_counted(start, monkeypatch, tmp_path):
    player = start()
    recorder = counting(player, tmp_path / "stats.db")
    set_pin(monkeypatch, RIGHT_PIN)
    # The gesture's first touch was told as a touch before the finger was known to be the staff's:
    # it came after the finger went down (the hold is 0.15 s on this clock).
    player.clock.now = 20.0
    player.tap_background()
    assert player.heard("touch") and player.backend.paused
    player.clock.now = 20.1
    long_press(player, corner(player))
    assert player.heard("staff_gesture")[-1]["held"] > 0.1
    type_pin(player, RIGHT_PIN)
    player.clock.now = 25.0
    player.click("staffNext")
    player.click("staffClose")
    player.wake_at(25.0 + 45 + 1)
    assert visitor_counts(tables(recorder)) == {"hours": {}, "lengths": {}, "views": {}, "languages": {}}


def test_a_visitor_before_the_staff_is_counted_and_the_staff_are_not(start, monkeypatch, tmp_path):
    player = start()
    recorder = counting(player, tmp_path / "stats.db")
    # A visitor: taps the welcome slide, opens the next one, and walks away.
    player.clock.now = 10.0
    player.tap_background()
    player.clock.now = 12.0
    assert player.click_and_settle("next") == ("who-we-are", "")
    # The staff come 18 s later, while the visitor's slide is still up.
    player.clock.now = 30.0
    open_menu(player, monkeypatch)
    staff_session(player)
    # After the staff: a second visitor, who is counted as any other, on the slide the loop has
    # come to (it went on from the staff's slide).
    player.clock.now = 200.0
    found_on = player.view["id"]
    player.tap_background()
    player.clock.now = 203.0
    opened = player.click_and_settle("next")[0]
    player.wake_at(203.0 + 45 + 1)
    found = visitor_counts(tables(recorder))
    assert found["hours"] == {HOUR: (2, 1)}, "two visitors; the one idle return is the second visitor's"
    assert found["lengths"] == {(*HOUR, "under 10 s"): (2,)}
    # Opened by touch, on screen touched, seconds touched, QR: only the two visitors' own. The first
    # visitor's slide was on screen until the staff's finger went down (30 s less the 0.15 s hold).
    qr = {e["slide"]: int(bool(e["qr"])) for e in player.heard("slide_shown")}
    wanted: dict = {}
    for slide, counts in (("welcome", (0, 1, 2.0, 0)), ("who-we-are", (1, 1, 30.0 - 0.15 - 12.0, 0)),
                          (found_on, (0, 1, 3.0, qr[found_on])), (opened, (1, 1, 46.0, qr[opened]))):
        row = wanted.setdefault((*HOUR, slide, ""), [0, 0, 0.0, 0])
        for i, value in enumerate(counts):
            row[i] += value
    assert found["views"].keys() == wanted.keys()
    for key, row in wanted.items():
        assert found["views"][key] == (row[0], row[1], pytest.approx(row[2]), row[3]), key
    assert found["languages"] == {}


def test_the_staff_rule_on_an_event_stream(tmp_path):
    """The rule alone, on the events the player and staff layer tell (no window)."""
    recorder, at = scripted(tmp_path / "stats.db")

    at(0, "deck_loaded", deck="freedom-week-2019")
    at(0, "slide_shown", slide="welcome", trigger="auto")
    at(5, "touch")  # a visitor before the staff: counted, ended at the gesture's start
    at(20, "touch")  # the staff's finger went down at 97; this touch is still the visitor's
    at(100, "staff_gesture", held=3.0)
    at(101, "slide_shown", slide="who-we-are", trigger="touch")
    at(101, "touch")
    at(102, "language_chosen", language="pl")
    at(103, "staff_closed")
    at(150, "idle_return")  # from where the staff left the loop: not counted
    at(150, "slide_shown", slide="welcome", trigger="idle")
    at(200, "touch")  # a touch, then at once the gesture: it turned into the staff gesture
    at(202, "staff_gesture", held=3.0)
    at(210, "staff_closed")
    at(210, "slide_shown", slide="help", trigger="auto")
    at(300, "touch")  # a visitor after the staff, with the loop its own again
    at(350, "idle_return")
    found = tables(recorder)
    assert found["hours"] == {HOUR: (2, 1)}
    assert found["lengths"] == {(*HOUR, "10-30 s"): (1,), (*HOUR, "under 10 s"): (1,)}
    assert found["languages"] == {}
    assert found["views"][(*HOUR, "welcome", "")] == (2, 0, 1, 97.0 - 5.0, 0)
    assert (*HOUR, "who-we-are", "") not in found["views"]


def test_a_visitor_who_finds_the_slide_the_staff_left_is_counted_on_it(tmp_path):
    recorder, at = scripted(tmp_path / "stats.db")

    at(0, "deck_loaded", deck="freedom-week-2019")
    at(0, "slide_shown", slide="welcome", trigger="auto")
    at(10, "staff_gesture", held=3.0)
    at(12, "slide_shown", slide="who-we-are", trigger="touch")  # the staff's Next
    at(12, "touch")
    at(13, "staff_closed")
    at(20, "touch")  # a visitor, on the slide the staff left
    at(30, "touch")
    at(75, "idle_return")
    at(75, "slide_shown", slide="welcome", trigger="idle")
    found = tables(recorder)
    assert found["hours"] == {HOUR: (1, 1)} and found["lengths"] == {(*HOUR, "10-30 s"): (1,)}
    assert found["views"] == {(*HOUR, "welcome", ""): (2, 0, 0, 0.0, 0), (*HOUR, "who-we-are", ""): (0, 0, 1, 55.0, 0)}
