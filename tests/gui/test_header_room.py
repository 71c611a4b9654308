"""The header's controls (Close and Get help) keep their room: no slide's content comes within
24 px of them at 1080 (the spacing WCAG 2.2, 2.5.8, keeps round a small target), on any slide or page, at each screen
size, in English and in Arabic; and on a right-to-left page as on a left-to-right one, no control
lies in the staff corner (the top left, never mirrored), so a held control never opens the PIN
pad."""

from __future__ import annotations

import pytest

from helpers.gui import SIZE_IDS, SIZES, describe, scene_rect, shown, type_name, visit, walk
from kiosk.qt.staff import StaffBackend

DRAWN = ("QQuickText", "FitText", "ControlLabel", "QQuickImage", "Pictogram", "QQuickRectangle", "TouchButton")


def unit(player) -> float:
    """Theme.u: the screen's shorter side over 1080 (at least 0.5)."""
    return max(0.5, min(player.window.width(), player.window.height()) / 1080)


def drawn_in_slide(player) -> list:
    """The shown items of the slide on screen that draw something: texts with words, pictures,
    filled shapes, buttons (not the slide's background, as large as the slide area)."""
    area = player.find("slideArea")
    room = scene_rect(area)
    found = []
    for item in walk(area):
        if type_name(item) not in DRAWN or not shown(item) or item.width() <= 0 or item.height() <= 0:
            continue
        if type_name(item) in ("QQuickText", "FitText", "ControlLabel") and not item.property("text"):
            continue
        box = scene_rect(item)
        if box.width() >= room.width() - 1 and box.height() >= room.height() - 1:
            continue
        found.append(item)
    return found


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_no_slide_content_comes_near_the_header_controls(make_player, size):
    player = make_player(size=size)
    deck = player.deck
    gap = 24 * unit(player)
    checked = 0
    for lang in ("en", "ar"):
        player.backend.set_language(lang)
        for shown_now in visit(player, deck):
            where = f"{lang} {size[0]}x{size[1]} {shown_now}"
            controls = [player.find("quickExit"), player.find("getHelp")]
            foot = max(scene_rect(control).bottom() for control in controls)
            for item in drawn_in_slide(player):
                top = scene_rect(item).top()
                assert top >= foot + gap - 0.5, \
                    f"{where}: {describe(item)} is {top - foot:.0f} px under the header's controls (at least {gap:.0f})"
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_control_lies_in_the_staff_corner(make_player, size, lang):
    player = make_player(size=size, staff=lambda backend, log: StaffBackend(backend, log))
    player.backend.set_language(lang)
    if not player.backend.paused:
        player.tap_background()
    player.sync()
    corner = scene_rect(player.find("staffCorner"))
    controls = [item for item in player.visible_items() if type_name(item) == "TouchButton"]
    assert {"quickExit", "getHelp"} <= {item.objectName() for item in controls}
    inside = [describe(item) for item in controls if scene_rect(item).intersects(corner)]
    assert not inside, f"{lang}: in the staff corner ({corner.width():.0f} px square): {inside}"
