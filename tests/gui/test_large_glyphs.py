"""Text of every size the kiosk shows is drawn, from the glyph cache up to its limit.

``kiosk run`` has Qt cache glyphs up to ``MAX_CACHED_GLYPH_PX`` (``cache_large_glyphs``) instead
of drawing every glyph above 64 px as an outline at each frame. Qt's FreeType cache holds no
glyph that large, and with a larger size asked of it, such text is drawn as nothing at all: these
tests would see a blank line where a headline should be. Qt reads its glyph cache size once a
process, at the first text drawn, so each case draws in a process of its own, set up as
``kiosk run`` sets up its own (``cache_large_glyphs``, then ``_application``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk.qt.startup import MAX_CACHED_GLYPH_PX

#: A line of text at each size, white on black, one under the other.
SIZES = (30, 44, 72, 106, 160, MAX_CACHED_GLYPH_PX, MAX_CACHED_GLYPH_PX + 40)

#: Draws the lines in a window and prints, as JSON, the share of lit pixels in each line's band.
DRAW = r"""
import json, sys
from kiosk.qt.startup import _application, cache_large_glyphs
if sys.argv[1] == "cached":
    cache_large_glyphs()
_application(True)
from PySide6.QtCore import QByteArray, QUrl, QEventLoop, QTimer
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6 import QtQuick  # noqa: F401 - the window is a QQuickWindow to Python
sizes = json.loads(sys.argv[2])
height = int(sum(s * 1.4 for s in sizes)) + 1
qml = '''
import QtQuick
Window {
    width: 1400; height: %d; color: "black"; visible: true
    Column {
        Repeater {
            model: %s
            Item {
                required property int modelData
                width: 1400; height: modelData * 1.4
                Text { text: "Hgw08"; color: "white"; font.pixelSize: parent.modelData }
            }
        }
    }
}
''' % (height, sizes)
engine = QQmlEngine()
component = QQmlComponent(engine)
component.setData(QByteArray(qml.encode()), QUrl("lines.qml"))
window = component.create()
loop = QEventLoop()
window.frameSwapped.connect(loop.quit)
QTimer.singleShot(5000, loop.quit)
loop.exec()
image = window.grabWindow()
shares, top = [], 0
for size in sizes:
    band, width = int(size * 1.4), min(1400, int(size * 4))
    lit = sum(1 for y in range(top, top + band, 2) for x in range(0, width, 2)
              if QColor(image.pixel(x, y)).lightness() > 128)
    shares.append(lit / ((band // 2 + band % 2) * (width // 2)))
    top += band
print(json.dumps(shares))
"""


def drawn_shares(mode: str) -> dict[int, float]:
    """Share of lit pixels in each line's band, drawn in a fresh process (``mode`` "cached": as
    ``kiosk run`` draws; "default": Qt's own glyph cache settings, as renders and checks)."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_NO_FT_CACHE", "QT_MAX_CACHED_GLYPH_SIZE")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", DRAW, mode, json.dumps(SIZES)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return dict(zip(SIZES, json.loads(done.stdout.strip().splitlines()[-1]), strict=True))


@pytest.mark.parametrize("mode", ["cached", "default"])
def test_every_size_of_text_is_drawn(mode):
    shares = drawn_shares(mode)
    # The same five letters cover about the same share of a band of their own size at any size.
    assert all(share > 0.08 for share in shares.values()), shares
    low, high = min(shares.values()), max(shares.values())
    assert high < 2 * low, shares
