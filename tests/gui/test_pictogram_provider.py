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
