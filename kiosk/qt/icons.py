"""Pictograms on screen and on paper: the QML image provider ``image://icon/<name>/<rrggbb>``
and :func:`draw_icon` for a QPainter (the poster).

The drawings are the bundled ones (:mod:`kiosk.deck.icons`, read once and checked as a deck's
SVG pictures are), recoloured in one colour, and drawn by QSvgRenderer at the size asked for:
a pictogram is drawn afresh for each size, so it stays sharp at any size and in the software
renderer (no scaled bitmap, no shader effect); on a PDF page it stays vector paths.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

from kiosk.deck.icons import IconError, shown_name
from kiosk.deck.pictures import coloured_icon

_log = logging.getLogger(__name__)
_ID = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)/([0-9a-fA-F]{6})$")
#: Side of a pictogram drawn when QML gives no size, in pixels.
DEFAULT_SIDE = 96
#: Largest side drawn, in pixels (an 8K screen's height), so a mistaken size cannot exhaust memory.
MAX_SIDE = 4320


def icon_renderer(name: str, colour: str) -> Any:
    """A renderer for pictogram ``name`` in ``colour`` (``#rrggbb``), or ``None`` (logged) when it
    cannot be drawn."""
    from PySide6.QtSvg import QSvgRenderer  # loaded with the first pictogram drawn

    try:
        renderer = QSvgRenderer(QByteArray(coloured_icon(name, colour)))
    except (IconError, ValueError) as exc:
        _log.warning("pictogram not drawn: %s", exc)
        return None
    return renderer if renderer.isValid() else None


def draw_icon(painter: QPainter, name: str, box: QRectF, colour: str) -> bool:
    """Draw pictogram ``name`` in ``colour`` (``#rrggbb``) as large as fits ``box``, centred.

    Returns:
        False when it cannot be drawn (nothing is drawn then).
    """
    renderer = icon_renderer(name, colour)
    if renderer is None:
        return False
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    renderer.render(painter, box)
    return True


def icon_image(name: str, colour: str, side: int) -> QImage:
    """Pictogram ``name`` in ``colour`` on a transparent square of ``side`` pixels.

    Returns:
        A premultiplied ARGB32 image; a transparent one when it cannot be drawn.
    """
    side = max(1, min(side, MAX_SIDE))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_icon(painter, name, QRectF(0, 0, side, side), colour)
    painter.end()
    return image


class IconImageProvider(QQuickImageProvider):
    """Serves ``image://icon/<name>/<rrggbb>`` (``image://icon/hand-stop/ffd166``) at the size QML asks for."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        """Return the pictogram named in ``image_id``, ``requested`` pixels wide (transparent if unknown)."""
        side = max(requested.width(), requested.height(), 0) or DEFAULT_SIDE
        match = _ID.match(image_id)
        if match:
            image = icon_image(match[1], "#" + match[2], side)
        else:
            _log.warning("pictogram not drawn: '%s' is not name/rrggbb", shown_name(image_id))
            image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


__all__ = ["IconImageProvider", "draw_icon", "icon_image", "icon_renderer"]
