"""QR codes on screen, drawn from :func:`kiosk.qr.qr_matrix`: :func:`qr_source`, the picture
address QML shows (``Player.qrSource``), a PNG of whole-pixel modules at the size asked for."""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.qr import QrTooLong, qr_matrix
from kiosk.qt.picturefiles import picture_url

_log = logging.getLogger(__name__)

#: Colours of the code whatever the deck's theme: dark modules on a light square.
DARK, LIGHT = QColor("#000000"), QColor("#ffffff")


def qr_image(payload: str, side: int) -> QImage:
    """Draw the QR code for ``payload`` on a light square of ``side`` pixels.

    Modules are whole pixels (no blur); any spare pixels are added to the light border, so
    the quiet zone is never less than 4 modules.

    Args:
        payload: the text to encode.
        side: width and height of the image in pixels; at least the module count.

    Returns:
        An RGB32 :class:`QImage`; a blank light square when no QR code holds ``payload`` (the
        deck check refuses such links, so only a deck that skipped it can get here).
    """
    try:
        matrix = qr_matrix(payload)
    except QrTooLong as exc:
        _log.warning("no QR code drawn: the link is too long (%s)", exc)
        matrix = ((False,),)
    count = len(matrix)
    side = max(side, count)
    module = side // count
    offset = (side - module * count) // 2
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(LIGHT)
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(offset + x * module, offset + y * module, module, module, DARK)
    painter.end()
    return image


#: Largest side drawn, in pixels (an 8K screen's height), so a mistaken size cannot exhaust memory.
MAX_SIDE = 4320


def qr_source(payload: str, side: int) -> str:
    """The picture address of the QR code for ``payload`` for a QML Image: :func:`qr_image` at
    ``side`` pixels (1 to :data:`MAX_SIDE`), as a PNG file QML loads at once
    (:func:`kiosk.qt.picturefiles.picture_url`)."""
    image = qr_image(payload, max(1, min(int(side), MAX_SIDE)))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return picture_url(bytes(data), ".png", "image/png")


__all__ = ["MAX_SIDE", "qr_image", "qr_source"]
