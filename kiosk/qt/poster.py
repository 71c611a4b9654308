"""``kiosk render DECK --poster``: a print-ready PDF of a deck's key slides, a page per language.

Each page (:func:`kiosk.player.poster.poster` chooses the words) shows the organisation, the
signs with their pictograms, what to do, the helpline with its QR codes, and the vision, on
A4 or A3 portrait with 12 mm margins (× 1.41 on A3), inside what home and office printers print
(no bleed). Everything stays vector: text in the bundled fonts, pictograms as SVG paths
(QSvgRenderer), and each QR code as filled rectangles, one per run of dark modules
(:func:`kiosk.qr.qr_matrix`, its 4-module quiet zone kept light). A code is 42 mm wide on A4
(59 mm on A3), quiet zone included: a code reads from about ten times its width (facts:
size ≥ 1/10 of the scanning distance), so from about 40 cm on A4, held at arm's length.

Text is set in the language's direction (right to left in Arabic, with the layout mirrored)
and shrinks together, never below 60 % of its starting size, until the page holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPen,
    QTextOption,
)

from kiosk.deck.checks import contrast_ratio
from kiosk.deck.model import Deck
from kiosk.i18n import font_for_text, is_rtl_text
from kiosk.player.poster import Item, Poster, misleading_codes, poster
from kiosk.player.views import localise
from kiosk.qr import qr_matrix
from kiosk.qt.icons import draw_icon
from kiosk.qt.pdffile import PdfFile

#: Paper sizes offered, by name.
PAPERS = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
#: Drawing resolution, in dots per inch (coordinates are in these dots; the output is vector).
DPI = 1200
#: Page margin on A4, in millimetres (scaled with the paper).
MARGIN_MM = 12
#: Width of a QR code on A4, quiet zone included, in millimetres (scaled with the paper).
QR_MM = 42
#: Smallest share of the starting text size the text may shrink to.
MIN_SHRINK = 0.6
_WHITE = QColor("#ffffff")
#: Colour of the band across a page that cannot hold its text.
STAMP = QColor("#b00020")
_BLACK = QColor("#000000")


def _ink(deck: Deck) -> str:
    """The deck's background colour when it reads well on white paper (7:1, WCAG AAA), else black."""
    colour = deck.deck.theme.background
    return colour if contrast_ratio(colour, "#ffffff") >= 7 else "#000000"


class _Page:
    """Lays out one poster page in dots; measures only, or measures and draws."""

    def __init__(self, painter: QPainter, area: QRectF, scale: float, shrink: float, rtl: bool, ink: str,
                 draw: bool) -> None:
        self.painter, self.area, self.scale, self.shrink = painter, area, scale, shrink
        self.rtl, self.ink, self.draw = rtl, ink, draw

    def mm(self, value: float) -> float:
        """``value`` millimetres on A4, in dots on this paper."""
        return value * self.scale * DPI / 25.4

    def font(self, text: str, points: float, bold: bool = False) -> QFont:
        font = QFont(font_for_text(text))
        font.setPointSizeF(points * self.scale * self.shrink)
        font.setBold(bold)
        return font

    def x(self, offset: float, width: float) -> float:
        """Left edge of a box ``offset`` dots from the reading side, mirrored right to left."""
        return self.area.right() - offset - width if self.rtl else self.area.left() + offset

    def text(self, text: str, offset: float, y: float, width: float, points: float, bold: bool = False,
             colour: str | None = None, centre: bool = False) -> float:
        """Set ``text`` wrapped in a box ``width`` dots wide, ``offset`` dots from the reading side;
        returns its height in dots."""
        return self.text_at(text, self.x(offset, width), y, width, points, bold, colour, centre)

    def text_at(self, text: str, left: float, y: float, width: float, points: float, bold: bool = False,
                colour: str | None = None, centre: bool = False) -> float:
        """:meth:`text` in a box whose left edge is ``left`` dots (not mirrored)."""
        if not text:
            return 0.0
        self.painter.setFont(self.font(text, points, bold))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # a long word breaks, never runs off
        # Each text in its own direction (an English line on an Arabic page keeps its full stop
        # at its end); its alignment follows the page's.
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if is_rtl_text(text) else Qt.LayoutDirection.LeftToRight)
        side = Qt.AlignmentFlag.AlignRight if self.rtl else Qt.AlignmentFlag.AlignLeft
        option.setAlignment((Qt.AlignmentFlag.AlignHCenter if centre else side) | Qt.AlignmentFlag.AlignAbsolute)
        box = QRectF(left, y, width, 1e7)
        height = self.painter.boundingRect(box, text, option).height()
        if self.draw:
            self.painter.setPen(QColor(colour or self.ink))
            self.painter.drawText(QRectF(box.x(), y, width, height + 1), text, option)
        return height

    def icon(self, name: str, offset: float, y: float, side: float) -> float:
        """Draw pictogram ``name`` in a square of ``side`` dots; returns ``side`` (0 for no pictogram)."""
        if not name:
            return 0.0
        if self.draw:
            draw_icon(self.painter, name, QRectF(self.x(offset, side), y, side, side), self.ink)
        return side

    def rule(self, y: float) -> None:
        if self.draw:
            self.painter.setPen(QPen(QColor(self.ink), self.mm(0.5)))
            self.painter.drawLine(int(self.area.left()), int(y), int(self.area.right()), int(y))


def _items(page: _Page, items: list[Item], y: float, columns: int, icon_mm: float, title_pt: float,
           body_pt: float, gap_mm: float, headings: bool = False) -> float:
    """Items in ``columns`` columns, each with its pictogram before its words; returns the new y.

    An item's text is bold when it heads a paragraph, or always when ``headings`` (the signs: each
    names a sign, with or without a paragraph under it); else it is a sentence in regular weight."""
    gap = page.mm(gap_mm)
    column = (page.area.width() - gap * (columns - 1)) / columns
    side = page.mm(icon_mm) * page.shrink
    words = column - side - page.mm(3)
    for start in range(0, len(items), columns):
        row = items[start:start + columns]
        height = 0.0
        for n, item in enumerate(row):
            offset = n * (column + gap)
            used = page.icon(item.icon, offset, y, side)
            lead = side + page.mm(3) if used or any(i.icon for i in items) else 0.0
            # A line with no paragraph is centred on its pictogram while it is shorter than it.
            line = QFontMetricsF(page.font(item.text, title_pt), page.painter.device()).height()
            drop = max(0.0, (side - line) / 2) if used and not item.body else 0.0
            tall = drop + page.text(item.text, offset + lead, y + drop, words if lead else column, title_pt,
                                    bold=headings or bool(item.body))
            if item.body:
                tall += page.mm(1) + page.text(item.body, offset + lead, y + tall + page.mm(1),
                                               words if lead else column, body_pt)
            height = max(height, used, tall)
        y += height + page.mm(gap_mm * 0.6)
    return y


def _qr(page: _Page, payload: str, box: QRectF) -> None:
    """One QR code filling the square ``box`` (quiet zone included), as vector rectangles.

    Raises:
        QrTooLong: when no QR code holds ``payload`` (never a label under an empty box).
    """
    matrix = qr_matrix(payload)
    count = len(matrix)
    module = box.width() / count
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for row, modules in enumerate(matrix):
        column = 0
        while column < count:
            if not modules[column]:
                column += 1
                continue
            end = column
            while end < count and modules[end]:
                end += 1
            path.addRect(QRectF(box.x() + column * module, box.y() + row * module, (end - column) * module, module))
            column = end
    page.painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    page.painter.fillRect(box, _WHITE)
    page.painter.fillPath(path, _BLACK)
    page.painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


def _helpline(page: _Page, words: Poster, y: float) -> float:
    """The helpline box: its words on the reading side, its QR codes on the far side; returns the new y."""
    pad, gap = page.mm(5), page.mm(5)
    side = page.mm(QR_MM)
    codes = words.codes
    codes_width = len(codes) * side + (len(codes) - 1) * gap if codes else 0.0
    inner = page.area.width() - 2 * pad
    left = inner - codes_width - (gap if codes else 0)
    top = y + pad
    icon = page.icon(words.help_icon, pad, top, page.mm(11) * page.shrink)
    if icon:
        top += icon + page.mm(2)
    top += page.text(words.help_title, pad, top, left, 20, bold=True)
    top += page.text(words.help_name, pad, top + page.mm(1), left, 11) + page.mm(2)
    # The number as large as fits its column on one line.
    points = 34.0
    font = page.font(words.phone, points, True)
    advance = QFontMetricsF(font, page.painter.device()).horizontalAdvance(words.phone)
    if advance > left:
        points *= left / advance * 0.98
    top += page.text(words.phone, pad, top, left, points, bold=True)
    top += page.text(words.hours, pad, top + page.mm(1), left, 12, bold=True) + page.mm(2)
    top += page.text(words.note, pad, top + page.mm(1), left, 11.5, bold=True)
    labels = 0.0
    for n, code in enumerate(codes):
        box = QRectF(page.x(pad + left + gap + n * (side + gap), side), y + pad, side, side)
        if page.draw:
            _qr(page, code.payload, box)
        labels = max(labels, page.text_at(code.label, box.x(), box.bottom() + page.mm(2), side, 9, centre=True))
    bottom = max(top, y + pad + (side + page.mm(2) + labels if codes else 0)) + pad
    if page.draw:
        page.painter.setPen(QPen(QColor(page.ink), page.mm(0.6)))
        page.painter.setBrush(Qt.BrushStyle.NoBrush)
        page.painter.drawRoundedRect(QRectF(page.area.left(), y, page.area.width(), bottom - y), page.mm(3), page.mm(3))
    return bottom


def _layout(page: _Page, words: Poster) -> float:
    """Lay out (and, when drawing, draw) a whole page; returns the height it takes in dots."""
    area = page.area
    y = area.top()
    y += page.text(words.organisation, 0, y, area.width(), 11, colour="#444444") + page.mm(2)
    page.rule(y)
    y += page.mm(5)
    if words.signs:
        y += page.text(words.signs_title, 0, y, area.width(), 28, bold=True) + page.mm(4)
        y = _items(page, words.signs, y, 2, 13, 13, 10, 6, headings=True)
    if words.actions:
        y += page.mm(2) + page.text(words.actions_title, 0, y + page.mm(2), area.width(), 21, bold=True) + page.mm(3)
        y = _items(page, words.actions, y, 1, 9, 12.5, 10, 3)
    if words.phone:
        y = _helpline(page, words, y + page.mm(3)) + page.mm(4)
    if words.vision:
        vision_height = _vision(page, words, 0.0, measure=True)
        bottom = max(y, area.bottom() - vision_height)
        _vision(page, words, bottom)
        y = bottom + vision_height
    return y - area.top()


def _vision(page: _Page, words: Poster, y: float, measure: bool = False) -> float:
    draw, page.draw = page.draw, page.draw and not measure
    try:
        height = page.text(words.vision, 0, y, page.area.width(), 17, bold=True, centre=True)
        height += page.text(words.vision_line, 0, y + height + page.mm(1), page.area.width(), 11.5, centre=True)
        return height + page.mm(1)
    finally:
        page.draw = draw


def _not_for_printing(page: _Page) -> None:
    """Stamp a page whose text runs off the paper, across its top, so it is never taken for a
    finished poster (its helpline box or QR codes may be cut)."""
    band = QRectF(page.area.left(), page.area.top(), page.area.width(), page.mm(14))
    page.painter.fillRect(band, STAMP)
    words = "DOES NOT FIT: NOT FOR PRINTING. Shorten the text, then make the poster again."
    page.text_at(words, band.left() + page.mm(3), band.top() + page.mm(2.5), band.width() - page.mm(6), 12 / page.shrink,
                 bold=True, colour="#ffffff", centre=True)


def write_poster(deck: Deck, path: Path, paper: str = "A4", langs: list[str] | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Write the poster PDF: one page per language.

    Args:
        deck: a deck with no errors.
        path: the ``.pdf`` file to write (replaced if present).
        paper: ``"A4"`` or ``"A3"`` (:data:`PAPERS`), portrait.
        langs: the languages, one page each (default: every language of the deck, in its order).
        progress: called with (pages done, pages in all) after each page, or ``None``.

    Returns:
        The languages whose page could not hold its text even at :data:`MIN_SHRINK` (drawn cut,
        with a red band across its top saying it is not for printing).

    Raises:
        OSError: when the file cannot be written in full (nothing is left at ``path`` then).
        ValueError: ``paper`` or a language is unknown, the deck has nothing a poster shows, or a QR
            code's label says what the code does not do (:func:`kiosk.player.poster.misleading_codes`).
    """
    if paper not in PAPERS:
        raise ValueError(f"paper '{paper}' is not one of {', '.join(PAPERS)}")
    pages = [poster(deck, lang) for lang in (langs or deck.deck.languages)]
    if all(page.empty for page in pages):
        raise ValueError("the deck has no signs slide, no text slide with a tel: QR code and no helpline slide")
    misleading = [problem for page in pages for problem in misleading_codes(page)]
    if misleading:
        raise ValueError(misleading[0])
    size = QPageSize(PAPERS[paper])
    scale = size.size(QPageSize.Unit.Millimeter).width() / 210.0
    margin = MARGIN_MM * scale
    layout = QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(margin, margin, margin, margin),
                         QPageLayout.Unit.Millimeter)
    title = f"{localise(deck.deck.title, pages[0].lang, deck.deck.languages[0])}: poster"
    ink = _ink(deck)
    cut = []
    with PdfFile(path, DPI, layout, title, "kiosk render --poster") as pdf:
        painter = pdf.painter
        area = QRectF(pdf.writer.pageLayout().paintRectPixels(DPI))
        area.moveTo(0, 0)
        for number, words in enumerate(pages):
            if number:
                pdf.writer.newPage()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            shrink = 1.0
            while True:
                page = _Page(painter, area, scale, shrink, words.rtl, ink, draw=False)
                if _layout(page, words) <= area.height() or shrink <= MIN_SHRINK:
                    break
                shrink = max(MIN_SHRINK, shrink * 0.95)
            page = _Page(painter, area, scale, shrink, words.rtl, ink, draw=True)
            if _layout(page, words) > area.height() + 1:
                cut.append(words.lang)
                _not_for_printing(page)
            if progress:
                progress(number + 1, len(pages))
    return cut

__all__ = ["DPI", "MARGIN_MM", "PAPERS", "QR_MM", "write_poster"]
