"""A PDF drawn with a QPainter and saved in one write, so a failed write is an error, never a
document cut short.

``QPdfWriter`` writing to a file name reports nothing when the disk fills or the folder goes:
the PDF ends half-way and the command would say it was written. :class:`PdfFile` draws into
memory instead (a vector page is a few tens of kilobytes; a contact sheet's pictures a few
megabytes) and writes the whole document with :func:`kiosk.outputs.write_whole`, which raises
``OSError`` and leaves no partial file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter

from kiosk.outputs import write_whole


class PdfFile:
    """A PDF to draw on, written to ``path`` when the ``with`` block ends without an error.

    Args:
        path: the ``.pdf`` file (replaced if present).
        dpi: the drawing resolution, in dots per inch (the painter's coordinates).
        layout: the paper, orientation and margins.
        title, creator: the document's metadata.

    Attributes:
        writer: the ``QPdfWriter`` (``newPage()``, ``pageLayout()``).
        painter: the ``QPainter``, active inside the ``with`` block.

    Raises:
        OSError: on entering, when the painter cannot start; on leaving, when the file cannot be
            written in full (nothing is left at ``path`` then). An exception inside the block is
            passed on and nothing is written.
    """

    def __init__(self, path: Path, dpi: int, layout: QPageLayout, title: str, creator: str) -> None:
        self.path = path
        self._buffer = QBuffer()
        self._buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.writer = QPdfWriter(self._buffer)
        self.writer.setResolution(dpi)
        self.writer.setTitle(title)
        self.writer.setCreator(creator)
        self.writer.setPageLayout(layout)
        self.painter = QPainter()

    def __enter__(self) -> PdfFile:
        if not self.painter.begin(self.writer):
            raise OSError(f"cannot draw the PDF {self.path}")
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.painter.end()
        self._buffer.close()
        if kind is None:
            write_whole(self.path, bytes(self._buffer.data()))


__all__ = ["PdfFile"]
