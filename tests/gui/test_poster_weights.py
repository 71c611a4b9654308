"""The poster's type: a sign's name is bold whether or not a paragraph follows it; an action
without a paragraph is a sentence in regular weight."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from kiosk.player.poster import Item
from kiosk.qt import poster


class _Recording(poster._Page):
    def __init__(self, painter: QPainter) -> None:
        super().__init__(painter, QRectF(0, 0, 2000, 3000), 1.0, 1.0, False, "#000000", draw=False)
        self.weights: dict[str, bool] = {}

    def text(self, text, offset, y, width, points, bold=False, colour=None, centre=False) -> float:
        self.weights[text] = bold
        return 40.0


def _weights(qapp, items: list[Item], headings: bool) -> dict[str, bool]:
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        page = _Recording(painter)
        poster._items(page, items, 0.0, 2, 13, 13, 10, 6, headings=headings)
        return page.weights
    finally:
        painter.end()


def test_every_sign_name_is_bold_with_or_without_a_paragraph(qapp):
    signs = [Item("How they look", "eye", "They may look unwell."), Item("Cut off from others", "user-off")]
    weights = _weights(qapp, signs, headings=True)
    assert weights == {"How they look": True, "They may look unwell.": False, "Cut off from others": True}


def test_an_action_without_a_paragraph_is_regular_and_one_with_a_paragraph_is_a_heading(qapp):
    actions = [Item("Call 999 in an emergency", "phone"), Item("Report it", "flag", "Call the helpline.")]
    weights = _weights(qapp, actions, headings=False)
    assert weights == {"Call 999 in an emergency": False, "Report it": True, "Call the helpline.": False}
