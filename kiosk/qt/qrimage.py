"""QML image provider ``image://qr/<payload>``: QR codes drawn from :func:`kiosk.qr.qr_matrix`."""

from __future__ import annotations

import logging
from urllib.parse import unquote

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

from kiosk.qr import QrTooLong, qr_matrix

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


class QrImageProvider(QQuickImageProvider):
    """Serves ``image://qr/<percent-encoded payload>`` at the size QML asks for (default 400 px)."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802 - Qt name
        """Return the code for the payload in ``image_id``, ``requested`` pixels wide."""
        side = max(requested.width(), requested.height(), 0) or 400
        image = qr_image(unquote(image_id), side)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
