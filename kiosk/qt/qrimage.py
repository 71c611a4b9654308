"""QR codes on screen, drawn from :func:`kiosk.qr.qr_matrix`: :func:`qr_source`, the picture
address QML shows (``Player.qrSource``), a PNG of whole-pixel modules at the size asked for."""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from kiosk.qr import QrTooLong, qr_matrix
from kiosk.qt.picturefiles import picture_url

_log = logging.getLogger(__name__)

#: Grey levels of the code (one byte a pixel) whatever the deck's theme: dark modules on a
#: light square.
DARK, LIGHT = b"\x00", b"\xff"


def qr_image(payload: str, side: int) -> QImage:
    """Draw the QR code for ``payload`` on a light square of ``side`` pixels.

    Modules are whole pixels (no blur); any spare pixels are added to the light border, so
    the quiet zone is never less than 4 modules.

    The pixels are written as bytes, one row of modules at a time, not painted: every way of
    filling or painting a QImage from Python (``fill``, ``QPainter.fillRect``) has an overload
    taking a colour of Qt's namespace, and PySide6 builds the whole ``Qt`` namespace (about 1 MB
    of Python enums) to choose among them, in a kiosk that otherwise never needs it.

    Args:
        payload: the text to encode.
        side: width and height of the image in pixels; at least the module count.

    Returns:
        An 8-bit greyscale :class:`QImage` (black modules on white); a blank light square when
        no QR code holds ``payload`` (the deck check refuses such links, so only a deck that
        skipped it can get here).
    """
    try:
        matrix = qr_matrix(payload)
    except QrTooLong as exc:
        _log.warning("no QR code drawn: the link is too long (%s)", exc)
        matrix = ((False,),)
    count = len(matrix)
    side = max(side, count)
    module = side // count
    before = (side - module * count) // 2
    after = side - module * count - before
    light_row = LIGHT * side
    rows = [light_row * before]
    for row in matrix:
        line = LIGHT * before + b"".join(DARK * module if dark else LIGHT * module for dark in row) + LIGHT * after
        rows.append(line * module)
    rows.append(light_row * after)
    pixels = b"".join(rows)
    # QImage does not own bytes it is made on: copy() gives it its own.
    return QImage(pixels, side, side, side, QImage.Format.Format_Grayscale8).copy()


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
