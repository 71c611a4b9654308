"""A tap that closes a cover (the language picker, Screen off, the closed cover) acts on nothing
under it, through the real window, by mouse and by a finger on a touchscreen.

Qt hands a press that an item took on to the pointer handlers of the items under it as well
(to watch): a sign tile under the language picker took the tap that chose the language and, while
the slide cross-faded to the new language, opened its page; the finger that woke a blacked-out
screen also showed the visitor's controls.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from helpers.gui import SIZE_IDS, SIZES, Player, scene_rect
from helpers.gui import tap_by as tap
from helpers.staff import open_menu

#: A cross-fade as on a kiosk: the slide a language replaces stays a moment under the new one.
FADE_MS = 400


def centre(item) -> QPoint:
    box = scene_rect(item).center()
    return QPoint(round(box.x()), round(box.y()))


def open_picker_over_signs(player: Player) -> None:
    player.tap_background()
    player.click_and_settle("signs")
    assert player.view["type"] == "signs"
    player.click("language")
    player.sync()
    assert player.has("languagePicker")


def over_a_tile(player: Player, current: bool):
    """A language button of the picker lying over a sign tile (the language on show, or another)."""
    tiles = [i for i in player.visible_items() if i.objectName().startswith("tile-")]
    for item in player.visible_items():
        if item.objectName().startswith("lang-") and bool(item.property("primary")) == current:
            if any(scene_rect(tile).contains(scene_rect(item).center()) for tile in tiles):
                return item
    return None


@pytest.mark.parametrize("how", ["mouse", "finger"])
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_choosing_a_language_opens_no_sign_under_it(make_player, size, how):
    player = make_player(size=size, transition_ms=FADE_MS)
    open_picker_over_signs(player)
    language = over_a_tile(player, current=False)
    assert language is not None, "no language over a sign tile: the test shows nothing"
    code = language.objectName()[len("lang-"):]
    assert player.hit(centre(language)) is language or language.isAncestorOf(player.hit(centre(language)))
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        tap(player, centre(language), how)
    assert player.backend.language == code and not player.has("languagePicker")
    assert player.view["type"] == "signs" and not player.view["page"], "the tap also opened a sign"
    # The cross-fade over, the sign tiles take a tap again (the one that chose took none).
    tile = next(i for i in player.visible_items() if i.objectName().startswith("tile-"))
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        tap(player, centre(tile), how)
    assert player.view["type"] == "signs-page"


@pytest.mark.parametrize("how", ["mouse", "finger"])
def test_tapping_the_language_on_show_closes_the_picker_and_nothing_else(make_player, how):
    player = make_player(size=(1280, 800), transition_ms=FADE_MS)
    open_picker_over_signs(player)
    language = over_a_tile(player, current=True)
    assert language is not None
    tap(player, centre(language), how)
    player.sync()
    assert not player.has("languagePicker")
    assert player.view["type"] == "signs" and not player.view["page"], "the tap also opened a sign"


@pytest.mark.parametrize("how", ["mouse", "finger"])
@pytest.mark.parametrize("where", ["background", "pause"])
def test_the_touch_that_wakes_the_screen_does_nothing_else(start, monkeypatch, how, where):
    player = start()
    player.sync()
    point = player.background_point() if where == "background" else player.centre_of(player.find("pause"))
    open_menu(player, monkeypatch)
    player.click("staffScreenOff")
    assert player.staff.screenOff and player.staff.state == ""
    with player.qtbot.waitSignal(player.staff.screenOffChanged, timeout=3000):
        tap(player, point, how)
    player.sync()
    assert not player.staff.screenOff
    assert not player.backend.paused and not player.has("controls"), "the waking touch showed the controls"
    assert player.has("hint")
    # The screen lit, the next touch is the visitor's as ever.
    tap(player, point, how)
    assert player.backend.paused


@pytest.mark.parametrize("how", ["mouse", "finger"])
def test_the_touch_that_wakes_a_closed_kiosk_does_nothing_else(closed_player, how):
    player, opening, _wall, _power = closed_player
    player.sync()
    tap(player, QPoint(player.window.width() // 2, player.window.height() // 2), how)
    assert not opening.closed
    player.sync()
    assert not player.backend.paused and not player.has("controls"), "the waking touch showed the controls"
    player.tap_background()
    assert player.backend.paused and player.has("controls"), "the next touch is the visitor's as ever"
