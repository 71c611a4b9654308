"""The pictogram image provider against ids no deck can produce (a hand-edited QML file, a
hostile id): nothing drawn, and a log line that is short and never carries a control character."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from kiosk.deck.icons import SHOWN_NAME
from kiosk.qt.icons import MAX_SIDE, IconImageProvider


def lit(image: QImage) -> int:
    return sum(image.pixelColor(x, y).alpha() > 0 for y in range(image.height()) for x in range(image.width()))


@pytest.mark.parametrize("image_id", [
    "../x/ffffff", "%70hone/ffffff", "phone/ffffff?x=1", "phone/ffffff#a", "PHONE/ffffff", "phone/fff",
    "phone/ffffffff", "phone/\x1b[31m", "x" * 100_000 + "/ffffff", "a-" * 50_000 + "a/ffffff", "\u202ephone/ffffff",
])
def test_an_id_that_is_not_a_bundled_name_and_colour_draws_nothing_and_logs_short(qtbot, caplog, image_id):
    with caplog.at_level(logging.WARNING, logger="kiosk.qt.icons"):
        image = IconImageProvider().requestImage(image_id, QSize(), QSize(32, 32))
    assert lit(image) == 0
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.qt.icons"]
    assert lines and all(len(line) < SHOWN_NAME + 80 for line in lines)
    assert not any(ch in line for line in lines for ch in "\x1b\u202e")


def test_a_huge_size_is_bounded(qtbot):
    size = QSize()
    image = IconImageProvider().requestImage("phone/ffffff", size, QSize(2**31 - 1, 1))
    assert image.width() == image.height() == MAX_SIDE == size.width()


def test_a_helpline_with_no_heading_reads_right_to_left_in_arabic(make_player, write_deck):
    """The default heading is in the visitor's language, so the slide (and its pictogram)
    takes the reading side of Arabic rather than the side of an English heading."""
    from helpers.gui import scene_rect, shown, type_name
    from kiosk.deck import load_deck
    from kiosk.i18n import ui_text

    folder = write_deck("""
        deck: {id: h, title: H, languages: [en, ar]}
        slides:
          - {id: help, type: helpline, icon: headset, phone: "08000 121 700", hours: {en: Always, ar: دائما}}
    """)
    player = make_player(load_deck(folder))
    player.backend.setLanguage("ar")
    player.backend.goTo("help")
    player.qtbot.waitUntil(lambda: player.view["title"] == ui_text("ar", "help"), timeout=3000)
    player.sync()
    (pictogram,) = [i for i in player.visible_items() if type_name(i) == "Pictogram" and shown(i)]
    assert scene_rect(pictogram).left() > player.window.width() / 2


@pytest.mark.parametrize("source, drawn", [
    ("image://icon/phone/ff0000", True),
    ("image://icon/ph%6Fne/ff0000", True),  # QML decodes the escape: it is the name phone
    ("image://icon/../x/ffffff", False),
    ("image://icon/%2e%2e/x/ffffff", False),
    ("image://icon//phone/ff0000", False),
    ("image://icon/phone/ff0000?x", False),
    ("image://icon/phone/ff0000#f", False),
    ("image://icon/phone/red", False),
])
def test_a_qml_image_draws_only_a_bundled_name_in_a_colour(qtbot, source, drawn):
    """What a QML file can ask the provider for, written as QML writes URLs: an address with a
    path, a query or a colour that is not #rrggbb gets no picture (a 1-pixel blank), whatever
    escape it holds (a slug that is not bundled is blank at full size: see the test above)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    engine = QQmlEngine()
    engine.addImageProvider("icon", IconImageProvider())
    component = QQmlComponent(engine)
    component.setData(('import QtQuick\nImage { cache: false; asynchronous: false; sourceSize.width: 16; '
                       f'sourceSize.height: 16; source: "{source}" }}').encode(), QUrl())
    image = component.create()
    assert image is not None, component.errorString()
    assert (image.property("paintedWidth") == 16) is drawn
    del image, component, engine
