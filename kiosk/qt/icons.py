"""Pictograms on screen and on paper: :func:`icon_source`, the picture address QML shows
(``Player.iconSource``), and :func:`draw_icon` for a QPainter (the poster).

The drawings are the bundled ones (:mod:`kiosk.deck.icons`, read once and checked as a deck's
SVG pictures are), recoloured in one colour. On screen the recoloured SVG is given to QML's
Image as a ``data:`` address, and Qt's SVG reader draws it at the size the Image asks for
(``sourceSize``): a pictogram is drawn afresh for each size, so it stays sharp at any size and
in the software renderer (no scaled bitmap, no shader effect), and the kiosk's window needs no
image provider (so the process that draws never loads Qt Quick's Python bindings). On paper and
in tests, QSvgRenderer draws it (:func:`draw_icon`, :func:`icon_image`); on a PDF page it stays
vector paths.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from kiosk.deck.icons import IconError, shown_name
from kiosk.deck.pictures import coloured_icon
from kiosk.qt.picturefiles import picture_url

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

_log = logging.getLogger(__name__)
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Largest side drawn, in pixels (an 8K screen's height), so a mistaken size cannot exhaust memory.
MAX_SIDE = 4320


def icon_renderer(name: str, colour: str) -> Any:
    """A renderer for pictogram ``name`` in ``colour`` (``#rrggbb``), or ``None`` (logged) when it
    cannot be drawn."""
    # Qt's classes for drawing (and their Python enums, about 1 MiB) are loaded only when a
    # pictogram is drawn here, for paper or a test: the screen's pictograms are files QML reads
    # (icon_source).
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

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
    from PySide6.QtCore import Qt

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
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter

    side = max(1, min(side, MAX_SIDE))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_icon(painter, name, QRectF(0, 0, side, side), colour)
    painter.end()
    return image


def icon_source(name: str, colour: str) -> str:
    """The picture address of pictogram ``name`` in ``colour`` (``#rrggbb``) for a QML Image: the
    recoloured drawing as a file QML loads at once (:func:`kiosk.qt.picturefiles.picture_url`),
    or ``""`` (no picture, one short log line) when ``name`` is not a bundled pictogram or
    ``colour`` not ``#rrggbb``."""
    if not isinstance(name, str) or not _NAME.match(name) or not isinstance(colour, str) \
            or not _COLOUR.match(colour):
        _log.warning("pictogram not drawn: '%s' in '%s' is not a name in #rrggbb", shown_name(str(name)),
                     shown_name(str(colour)))
        return ""
    try:
        drawing = coloured_icon(name, colour)
    except (IconError, ValueError) as exc:
        _log.warning("pictogram not drawn: %s", exc)
        return ""
    return picture_url(drawing, ".svg", "image/svg+xml")


__all__ = ["MAX_SIDE", "draw_icon", "icon_image", "icon_renderer", "icon_source"]
