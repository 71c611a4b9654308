"""Text of every size the kiosk shows is drawn, from the glyph cache up to its limit.

``kiosk.qt.startup._application`` lets Qt cache glyphs up to ``MAX_CACHED_GLYPH_PX`` instead of
drawing every glyph above 64 px as an outline at each frame. Qt's FreeType cache holds no glyph
that large, and with a larger size asked of it, such text is drawn as nothing at all: these tests
would see a blank line where a headline should be.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk.qt.startup import MAX_CACHED_GLYPH_PX

#: A line of text at each size, white on black, one under the other.
SIZES = (30, 44, 72, 106, 160, MAX_CACHED_GLYPH_PX, MAX_CACHED_GLYPH_PX + 40)
QML = """
import QtQuick
Window {
    width: 1400; height: %d; color: "black"
    Column {
        Repeater {
            model: %s
            Item {
                required property int modelData
                width: 1400; height: modelData * 1.4
                Text { objectName: "line" + parent.modelData; text: "Hgw08"; color: "white"
                       font.pixelSize: parent.modelData }
            }
        }
    }
}
"""


@pytest.fixture
def lines(kiosk_app, qtbot):
    """The window of :data:`QML` once drawn: ``(window, image)`` (QImage of the whole window)."""
    height = int(sum(size * 1.4 for size in SIZES)) + 1
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(QByteArray((QML % (height, list(SIZES))).encode()), QUrl("lines.qml"))
    window = component.create()
    assert window is not None, component.errorString()
    with qtbot.waitSignal(window.frameSwapped, timeout=5000):
        window.show()
    yield window, window.grabWindow()
    window.close()
    window.deleteLater()
    engine.deleteLater()


def lit_share(image, top: int, height: int, width: int) -> float:
    """Share of the pixels in a band of the image that are more than half white."""
    lit = sum(1 for y in range(top, top + height, 2) for x in range(0, width, 2)
              if QColor(image.pixel(x, y)).lightness() > 128)
    return lit / ((height // 2 + height % 2) * (width // 2))


def test_every_size_of_text_is_drawn(lines):
    window, image = lines
    top = 0
    shares = {}
    for size in SIZES:
        band = int(size * 1.4)
        shares[size] = lit_share(image, top, band, min(window.width(), int(size * 4)))
        top += band
    # The same five letters cover about the same share of a band of their own size at any size.
    assert all(share > 0.08 for share in shares.values()), shares
    low, high = min(shares.values()), max(shares.values())
    assert high < 2 * low, shares
