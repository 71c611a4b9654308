"""The contact sheets for sign-off: a PNG grid of every frame, and a PDF with a page for each.

``kiosk render`` writes ``contact-sheet.png`` (:func:`contact_sheet`) and, beside the PNG
frames, ``contact-sheet.pdf`` (:func:`write_contact_pdf`), on A4 landscape:
the first page(s) carry the deck's title and every slide and page as a captioned thumbnail;
after them comes one page per slide or page, with its title, its picture and whether its
text fits at the size rendered.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
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
    return _cut_to_fit(QFontMetricsF(painter.font(), painter.device()), box, flags, text)


#: Most lines a heading (the deck's title, a slide's) may take on a contact sheet, and the smallest
#: it is drawn at, as a share of its size, before what does not fit is cut with "…".
HEADING_LINES = 3
HEADING_SMALLEST = 0.55
#: How a heading is wrapped (:func:`fitted_heading`).
HEADING_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap


def fitted_heading(device: QPaintDevice, font: QFont, width: float, text: str, *, lines: int = HEADING_LINES,
                   smallest: float = HEADING_SMALLEST) -> tuple[QFont, str, float]:
    """How to write ``text`` as a heading ``width`` wide, so it never runs off the page: in
    ``font`` when it fits on ``lines`` lines wrapped at spaces, else a tenth smaller at a time,
    down to ``smallest`` of its size; at that size, what does not fit on ``lines`` lines is cut
    after a whole word and ended with "…" (as :func:`fitted_caption` cuts).

    Args:
        device: what it is drawn on (a PDF writer, an image), whose resolution the sizes are in.
        font: the heading's font at its full size (in points or pixels).
        width: the room across, in ``device``'s units (dots of a PDF page, pixels of an image).
        text: the heading.
        lines: the most lines it may take.
        smallest: the smallest size, as a share of ``font``'s.

    Returns:
        ``(font, text, height)``: the font to draw in, the text to draw (with :data:`HEADING_FLAGS`)
        and its height in ``device``'s units.
    """
    scale = 1.0
    while True:
        sized = QFont(font)
        if font.pointSizeF() > 0:
            sized.setPointSizeF(font.pointSizeF() * scale)
        else:
            sized.setPixelSize(max(1, round(font.pixelSize() * scale)))
        metrics = QFontMetricsF(sized, device)
        room = QRectF(0, 0, width, metrics.lineSpacing() * lines)
        needed = metrics.boundingRect(room, int(HEADING_FLAGS), text)
        if needed.width() <= width + 0.5 and needed.height() <= room.height() + 0.5:
            return sized, text, needed.height()
        if scale <= smallest:
            cut = _cut_to_fit(metrics, room, int(HEADING_FLAGS), text)
            return sized, cut, metrics.boundingRect(room, int(HEADING_FLAGS), cut).height()
        scale = max(smallest, scale - 0.1)


def _cut_to_fit(metrics: QFontMetricsF, box: QRectF, flags: int, text: str) -> str:
    """:func:`fitted_caption`, measured with ``metrics``. A word wider than ``box`` (no line holds
    it) is cut within, so what fits of it is kept: ``"1. WWWWWW…"``, not ``"1…"``."""

    def fits(candidate: str) -> bool:
        needed = metrics.boundingRect(box, flags, candidate)
        return needed.height() <= box.height() + 0.5 and needed.width() <= box.width() + 0.5

    if fits(text):
        return text
    words = text.split(" ")
    while len(words) > 1:
        last = words.pop()
        candidate = " ".join(words).rstrip(" ,.;:–—-") + "…"
        if fits(candidate):
            if metrics.horizontalAdvance(last) <= box.width():
                return candidate
            low, high = 0, len(last)  # the most of the word that fits after the others
            while low < high:
                middle = (low + high + 1) // 2
                if fits(f"{' '.join(words)} {last[:middle]}…"):
                    low = middle
                else:
                    high = middle - 1
            return f"{' '.join(words)} {last[:low]}…" if low else candidate
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
    """Draw the page's title (wrapped and made smaller as it needs, :func:`fitted_heading`) and
    footer (the deck's title cut short before the page number); returns the y where the content starts."""
    painter.setPen(QColor("#000000"))
    font, title, height = fitted_heading(painter.device(), _font(20, bold=True), area.width(), title)
    painter.setFont(font)
    title_box = QRectF(area.x(), area.y(), area.width(), max(60.0, height + 12))  # one line: 60, as it always was
    painter.drawText(title_box, HEADING_FLAGS, title)
    painter.setFont(_font(9))
    painter.setPen(QColor("#555555"))
    foot = QRectF(area.x(), area.bottom() - 24, area.width(), 24)
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    number, suffix = f"page {page} of {total}", ": contact sheet"
    metrics = QFontMetricsF(painter.font(), painter.device())
    room = foot.width() - metrics.horizontalAdvance(f"{suffix}    {number}")
    name = fitted_caption(painter, QRectF(foot.x(), foot.y(), max(0.0, room), foot.height()), int(left), heading)
    painter.drawText(foot, left, name + suffix)
    painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
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
    fits = [s for s in checked if s not in frame.misfits]
    if frame.fits:
        text = f"Text fits at {size_list(fits)}."
    else:
        text = (f"Text does not fit at {size_list(list(frame.misfits))}, even at the smallest readable size: "
                "shorten it or split it over two slides." + (f" It fits at {size_list(fits)}." if fits else ""))
    font, text, height = fitted_heading(painter.device(), _font(11, bold=not frame.fits), area.width(), text, lines=2)
    status = max(60.0, height + 14)  # the picture makes room for a second line
    rect = _picture(painter, frame.image, QRectF(area.x(), top, area.width(), area.bottom() - 32 - top - status), size)
    if not frame.fits:
        mark_unfit(painter, rect)
    painter.setPen(QColor("#1b5e20") if frame.fits else WARN)
    painter.setFont(font)
    painter.drawText(QRectF(area.x(), rect.bottom() + 10, area.width(), status - 10),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, text)


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
    gap, caption = 24, 64  # a caption of two lines of 20 px
    width = columns * (thumb_width + gap) + gap
    font = QGuiApplication.font()
    font.setPixelSize(40)
    font.setBold(True)
    title_font, title, height = fitted_heading(QImage(1, 1, QImage.Format.Format_RGB32), font, width - 2 * gap, heading)
    top = max(100, math.ceil(height) + 2 * gap)  # one line of 40 px is centred in 100 px, as it always was
    rows = max(1, -(-len(frames) // columns))
    sheet = QImage(width, top + rows * (thumb_height + caption + gap) + gap, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setFont(title_font)
    painter.setPen(QColor("#000000"))
    painter.drawText(QRectF(gap, 0, width - 2 * gap, top), HEADING_FLAGS, title)
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


__all__ = ["UNFIT", "Frame", "contact_sheet", "fitted_heading", "frames_for", "grid_shape", "mark_unfit", "page_count",
           "unfit_caption", "write_contact_pdf"]
