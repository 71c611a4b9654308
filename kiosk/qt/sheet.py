"""The contact sheets for sign-off: a PNG grid of every frame, and a PDF with a page for each.

``kiosk render`` writes ``contact-sheet.png`` (:func:`contact_sheet`) and, beside the PNG
frames, ``contact-sheet.pdf`` (:func:`write_contact_pdf`), on A4 landscape:
the first page(s) carry the deck's title and every slide and page as a captioned thumbnail;
after them comes one page per slide or page, with its title, its picture and whether its
text fits at the size rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)

from kiosk.deck.model import Deck
from kiosk.player.navigator import Position
from kiosk.player.views import view
from kiosk.qt.fit import Misfit, size_list
from kiosk.qt.pdffile import PdfFile
from kiosk.qt.pictures import load_image

#: Drawing resolution of the PDF, in dots per inch (coordinates below are in these dots).
DPI = 150
#: Page margin, in millimetres.
MARGIN_MM = 12
#: Red used for "does not fit" (never the only sign: :data:`UNFIT` in words first, and a dashed frame).
WARN = QColor("#b00020")
#: The words that mark a slide whose text does not fit, before its caption and on its picture.
UNFIT = "Text does not fit"


@dataclass(frozen=True)
class Frame:
    """One rendered slide or page.

    Attributes:
        image: its PNG file.
        caption: e.g. ``"3. The size of the problem"``.
        misfits: screen sizes (width, height) at which its text does not fit even at the
            smallest readable size; empty when it fits everywhere checked.
    """

    image: Path
    caption: str
    misfits: tuple[tuple[int, int], ...] = ()

    @property
    def fits(self) -> bool:
        """True when the text fits at every size checked."""
        return not self.misfits


def frames_for(deck: Deck, positions: list[Position], files: list[Path], misfits: list[Misfit],
               lang: str, at: dt.datetime | None = None) -> list[Frame]:
    """The :class:`Frame` of each rendered position (as at ``at``): numbered caption (its title,
    or its id) and the sizes its text does not fit."""
    frames = []
    for number, (position, file) in enumerate(zip(positions, files), start=1):
        shown = view(deck, position, lang, at)
        bad = tuple(m.size for m in misfits if m.position == position and m.lang == lang)
        frames.append(Frame(file, f"{number}. {caption_of(shown)}", bad))
    return frames


def caption_of(shown: dict) -> str:
    """What a frame is called on the contact sheet: its title; for an untitled picture, its
    caption or else its alt text (already in the frame's language); else its id (and page id).

    Args:
        shown: the view of the frame, from :func:`kiosk.player.views.view`.
    """
    words = shown.get("title") or shown.get("caption") or shown.get("alt")
    return words or shown["id"] + (f"/{shown['page']}" if shown.get("page") else "")


def grid_shape(size: tuple[int, int]) -> tuple[int, int]:
    """(columns, rows) of thumbnails on a grid page for frames of ``size`` (width, height) pixels."""
    return (4, 3) if size[0] >= size[1] else (6, 2)


def page_count(frames: int, size: tuple[int, int]) -> int:
    """Pages :func:`write_contact_pdf` writes for ``frames`` frames of ``size``: grid pages, then one each."""
    columns, rows = grid_shape(size)
    return max(1, -(-frames // (columns * rows))) + frames


def write_contact_pdf(path: Path, heading: str, frames: list[Frame], size: tuple[int, int],
                      checked: tuple[tuple[int, int], ...] = (),
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Write the contact sheet PDF.

    Args:
        path: the ``.pdf`` file to write (replaced if present).
        heading: the deck's title.
        frames: every slide and page, in deck order.
        size: the frames' size in pixels (width, height), as rendered.
        checked: the screen sizes the text fit was checked at (default: ``size`` alone).
        progress: called with (pages done, pages in all) after each page, or ``None``.

    Returns:
        The number of pages written.

    Raises:
        OSError: when the file cannot be written in full (nothing is left at ``path`` then).
    """
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                         QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    total = page_count(len(frames), size)
    columns, rows = grid_shape(size)
    per_page = columns * rows
    done = 0
    chunks = [frames[i:i + per_page] for i in range(0, len(frames), per_page)] or [[]]
    with PdfFile(path, DPI, layout, f"{heading}: contact sheet", "kiosk render") as pdf:
        painter, writer = pdf.painter, pdf.writer
        area = QRectF(writer.pageLayout().paintRectPixels(DPI))
        area.moveTo(0, 0)
        for chunk in chunks:
            if done:
                writer.newPage()
            _grid_page(painter, area, heading, chunk, columns, rows, size, done + 1, total)
            done += 1
            if progress:
                progress(done, total)
        for frame in frames:
            writer.newPage()
            _frame_page(painter, area, heading, frame, size, checked or (size,), done + 1, total)
            done += 1
            if progress:
                progress(done, total)
    return done


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def fitted_caption(painter: QPainter, box: QRectF, flags: int, text: str) -> str:
    """``text`` as it fits ``box`` drawn with ``painter``'s font and ``flags``: whole when it fits,
    else cut after the last whole word that fits (or mid-word for a single long word) and ended
    with "…", so a cut caption never looks whole. ``box`` is in the painter's units (points on a
    PDF page, pixels on an image)."""
    metrics = QFontMetricsF(painter.font(), painter.device())

    def fits(candidate: str) -> bool:
        needed = metrics.boundingRect(box, flags, candidate)
        return needed.height() <= box.height() + 0.5 and needed.width() <= box.width() + 0.5

    if fits(text):
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,.;:–—-") + "…"
        if fits(candidate):
            return candidate
    word = words[0] if words else ""
    while word and not fits(word + "…"):
        word = word[:-1]
    return word + "…"


def _picture(painter: QPainter, file: Path, box: QRectF, size: tuple[int, int]) -> QRectF:
    """Draw ``file`` as large as fits ``box`` keeping its shape, framed; returns where it went."""
    scale = min(box.width() / size[0], box.height() / size[1])
    rect = QRectF(box.x() + (box.width() - size[0] * scale) / 2, box.y(), size[0] * scale, size[1] * scale)
    image = load_image(file)
    if not image.isNull():
        # Scale before drawing: the PDF keeps the pixels it is given (about 150 dpi is plenty).
        image = image.scaled(int(rect.width()), int(rect.height()), Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        painter.drawImage(rect, image)
    painter.setPen(QColor("#555555"))
    painter.drawRect(rect)
    return rect


def unfit_caption(caption: str) -> str:
    """The caption of a slide whose text does not fit: the mark first, so cutting a long title
    (:func:`fitted_caption`) never cuts the mark: ``"Text does not fit: 12. Signs of…"``."""
    return f"{UNFIT}: {caption}"


def mark_unfit(painter: QPainter, rect: QRectF) -> None:
    """Mark the picture at ``rect`` as a slide whose text does not fit, in a way that does not
    rest on colour (WCAG 2.2, 1.4.1 Use of Color): a thick dashed frame around it and, across its
    top, the words :data:`UNFIT` in black on white, sized to the picture so they are never cut."""
    painter.save()
    pen = QPen(QColor("#000000"), max(2.0, rect.width() / 60), Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(6, round(rect.height() / 14)))
    words = UNFIT.upper()
    metrics = QFontMetricsF(font, painter.device())
    while font.pixelSize() > 6 and metrics.horizontalAdvance(words) > rect.width() * 0.9:
        font.setPixelSize(font.pixelSize() - 1)
        metrics = QFontMetricsF(font, painter.device())
    pad = metrics.height() * 0.25
    banner = QRectF(rect.x() + pen.widthF(), rect.y() + pen.widthF(),
                    min(rect.width() - 2 * pen.widthF(), metrics.horizontalAdvance(words) + 2 * pad),
                    metrics.height() + 2 * pad)
    painter.setPen(QPen(QColor("#000000"), 1))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(banner)
    painter.setFont(font)
    painter.drawText(banner, Qt.AlignmentFlag.AlignCenter, words)
    painter.restore()


def _caption(painter: QPainter, box: QRectF, frame: Frame) -> None:
    """Write ``frame``'s caption in ``box`` (wrapped, cut to fit: :func:`fitted_caption`) in the
    painter's font: black, or for a slide whose text does not fit red and after the words
    :data:`UNFIT` (:func:`unfit_caption`). The PDF's grid and the PNG sheet caption alike."""
    painter.setPen(QColor("#000000") if frame.fits else WARN)
    text = frame.caption if frame.fits else unfit_caption(frame.caption)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(box, flags, fitted_caption(painter, box, int(flags), text))


def _header(painter: QPainter, area: QRectF, heading: str, title: str, page: int, total: int) -> float:
    """Draw the page's title and footer; returns the y where the content starts."""
    painter.setPen(QColor("#000000"))
    painter.setFont(_font(20, bold=True))
    title_box = QRectF(area.x(), area.y(), area.width(), 60)
    painter.drawText(title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    painter.setFont(_font(9))
    painter.setPen(QColor("#555555"))
    foot = QRectF(area.x(), area.bottom() - 24, area.width(), 24)
    painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{heading}: contact sheet")
    painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"page {page} of {total}")
    return title_box.bottom() + 16


def _grid_page(painter: QPainter, area: QRectF, heading: str, frames: list[Frame], columns: int,
               rows: int, size: tuple[int, int], page: int, total: int) -> None:
    top = _header(painter, area, heading, heading, page, total)
    painter.setFont(_font(10))
    painter.setPen(QColor("#555555"))
    painter.drawText(QRectF(area.x(), top - 16, area.width(), 30), Qt.AlignmentFlag.AlignLeft,
                     f"Every slide and page, as shown at {size[0]}x{size[1]}")
    top += 24
    gap, caption = 18.0, 44.0
    cell_w = (area.width() - gap * (columns - 1)) / columns
    cell_h = (area.bottom() - 32 - top - gap * (rows - 1)) / rows
    for i, frame in enumerate(frames):
        x = area.x() + (i % columns) * (cell_w + gap)
        y = top + (i // columns) * (cell_h + gap)
        rect = _picture(painter, frame.image, QRectF(x, y, cell_w, cell_h - caption), size)
        if not frame.fits:
            mark_unfit(painter, rect)
        painter.setFont(_font(8, bold=not frame.fits))
        _caption(painter, QRectF(rect.x(), rect.bottom() + 4, max(rect.width(), cell_w), caption - 4), frame)


def _frame_page(painter: QPainter, area: QRectF, heading: str, frame: Frame, size: tuple[int, int],
                checked: tuple[tuple[int, int], ...], page: int, total: int) -> None:
    top = _header(painter, area, heading, frame.caption, page, total)
    status = 60.0
    rect = _picture(painter, frame.image, QRectF(area.x(), top, area.width(), area.bottom() - 32 - top - status), size)
    fits = [s for s in checked if s not in frame.misfits]
    if not frame.fits:
        mark_unfit(painter, rect)
    if frame.fits:
        painter.setPen(QColor("#1b5e20"))
        text = f"Text fits at {size_list(fits)}."
    else:
        painter.setPen(WARN)
        text = (f"Text does not fit at {size_list(list(frame.misfits))}, even at the smallest readable size: "
                "shorten it or split it over two slides." + (f" It fits at {size_list(fits)}." if fits else ""))
    painter.setFont(_font(11, bold=not frame.fits))
    painter.drawText(QRectF(area.x(), rect.bottom() + 10, area.width(), status - 10),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)


def contact_sheet(frames: list[Frame], heading: str, size: tuple[int, int],
                  columns: int = 4, thumb_width: int = 480) -> QImage:
    """One image with every frame as a titled thumbnail in a grid (for sign-off and printing).

    A frame whose text does not fit (:attr:`Frame.fits`) is marked as on the PDF sheet, never
    by colour alone: the words "Text does not fit" before its caption (so a long title is cut,
    never the mark) and on its thumbnail, in a thick dashed frame (:func:`mark_unfit`).

    Args:
        frames: every slide and page, in order.
        heading: the deck's title, printed at the top.
        size: the frames' size in pixels (width, height).
        columns: thumbnails per row.
        thumb_width: width of each thumbnail in pixels.

    Returns:
        The sheet as a :class:`QImage` (white background).
    """
    thumb_height = round(thumb_width * size[1] / size[0])
    gap, caption, top = 24, 64, 100  # a caption of two lines of 20 px
    rows = max(1, -(-len(frames) // columns))
    sheet = QImage(columns * (thumb_width + gap) + gap, top + rows * (thumb_height + caption + gap) + gap,
                   QImage.Format.Format_RGB32)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    font = QGuiApplication.font()
    font.setPixelSize(40)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#000000"))
    painter.drawText(QRect(gap, 0, sheet.width() - 2 * gap, top), Qt.AlignmentFlag.AlignVCenter, heading)
    font.setPixelSize(20)
    for i, frame in enumerate(frames):
        x = gap + (i % columns) * (thumb_width + gap)
        y = top + (i // columns) * (thumb_height + caption + gap)
        image = load_image(frame.image).scaled(thumb_width, thumb_height, Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation)
        painter.drawImage(x, y, image)
        painter.setPen(QColor("#000000"))
        painter.drawRect(x, y, thumb_width - 1, thumb_height - 1)
        if not frame.fits:
            mark_unfit(painter, QRectF(x, y, thumb_width - 1, thumb_height - 1))
        font.setBold(not frame.fits)
        painter.setFont(font)
        _caption(painter, QRectF(x, y + thumb_height + 4, thumb_width, caption - 4), frame)
    painter.end()
    return sheet


__all__ = ["UNFIT", "Frame", "contact_sheet", "frames_for", "grid_shape", "mark_unfit", "page_count", "unfit_caption",
           "write_contact_pdf"]
