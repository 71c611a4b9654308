"""Contact-sheet headings: the deck's title and a slide's, however long, stay on the page (PDF and
PNG alike): wrapped, made smaller, and at the smallest size cut with "…" (:func:`fitted_heading`)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMarginsF, QRect, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter

from kiosk.qt import sheet
from kiosk.qt.sheet import HEADING_FLAGS, Frame, contact_sheet, fitted_heading, write_contact_pdf

#: A deck title as a coordinator may write one: about three lines on an A4 page.
LONG = ("The Norfolk Modern Slavery and Exploitation Awareness Partnership's Freedom Week Programme of Community "
        "Events, Talks and Exhibitions in Libraries, Churches and Cafés across the County, October 2026 (second "
        "edition, revised for venues in King's Lynn and Great Yarmouth)")
#: Far past any page: cut, at the smallest size.
HUGE = " ".join([LONG] * 12)
#: One word wider than a line at any size.
WORD = "W" * 118


def _image(width: int, height: int, dpi: int = 96) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("#ffffff"))
    return image


def _inked(image: QImage, box: QRectF) -> bool:
    """True when anything is drawn in ``box`` of ``image`` (a pixel not white)."""
    part = image.copy(box.toRect().intersected(image.rect()))
    if part.isNull():
        return False
    data = bytes(part.constBits())[:part.sizeInBytes()]
    return data.count(255) != len(data)


@settings(max_examples=40, deadline=None)
@given(text=st.one_of(st.sampled_from([LONG, HUGE, WORD, "Freedom Week 2019", f"1. {WORD}"]),
                      st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1,
                              max_size=600)),
       width=st.integers(200, 1600), lines=st.integers(1, 3))
def test_a_heading_always_fits_its_width_and_lines_whole_or_marked_cut(qapp, text, width, lines):
    device = _image(4, 4, dpi=150)
    font = QFont(qapp.font())
    font.setPointSizeF(20)
    font.setBold(True)
    sized, shown, height = fitted_heading(device, font, width, text, lines=lines)
    metrics = QFontMetricsF(sized, device)
    room = QRectF(0, 0, width, metrics.lineSpacing() * lines)
    needed = metrics.boundingRect(room, int(HEADING_FLAGS), shown)
    assert needed.width() <= width + 0.5 and needed.height() <= room.height() + 0.5
    assert abs(needed.height() - height) < 0.5
    assert shown == text or (shown.endswith("…") and sized.pointSizeF() < 20)
    assert sized.pointSizeF() >= 20 * sheet.HEADING_SMALLEST - 0.01


def test_a_long_heading_is_wrapped_whole_and_a_short_one_kept_as_it_was(qapp):
    device = _image(4, 4, dpi=150)
    font = QFont(qapp.font())
    font.setPointSizeF(20)
    font.setBold(True)
    sized, shown, _ = fitted_heading(device, font, 1600, "Freedom Week 2019")
    assert (sized.pointSizeF(), shown) == (20, "Freedom Week 2019")
    sized, shown, height = fitted_heading(device, font, 1600, LONG)
    assert shown == LONG and height > QFontMetricsF(sized, device).lineSpacing() * 1.5  # on more than one line
    sized, shown, _ = fitted_heading(device, font, 1600, f"1. {WORD}")
    assert shown.startswith("1. WWWWWWWWWW") and shown.endswith("…")  # the word cut, not dropped


class _Recording(QPainter):
    """A painter that keeps every text the sheet draws in a box: (box, flags, text, font, device)."""

    drawn: list[tuple[QRectF, int, str, QFont, object]] = []

    def drawText(self, *args):  # noqa: N802 - QPainter's name
        if len(args) == 3 and isinstance(args[0], (QRectF, QRect)):
            box, flags, text = args
            _Recording.drawn.append((QRectF(box).translated(self.transform().dx(), self.transform().dy()),
                                     int(flags), text, QFont(self.font()), self.device()))
        return super().drawText(*args)


def _overflowing(area: QRectF) -> list[str]:
    """The texts drawn (:class:`_Recording`) that need more room than their box, or whose box
    is not inside ``area`` (the page's printable area, in the device's pixels)."""
    wrong = []
    for box, flags, text, font, device in _Recording.drawn:
        needed = QFontMetricsF(font, device).boundingRect(box, flags, text)
        if needed.width() > box.width() + 1 or needed.height() > box.height() + 1:
            wrong.append(f"{text[:60]!r} needs {needed.width():.0f}x{needed.height():.0f}, "
                         f"has {box.width():.0f}x{box.height():.0f}")
        elif not area.adjusted(-1, -1, 1, 1).contains(box):
            wrong.append(f"{text[:60]!r} is drawn at {box}, off the page's area {area}")
    return wrong


class _ImagePages:
    """Stands in for :class:`kiosk.qt.pdffile.PdfFile`: each page drawn on an image of the whole
    sheet of paper at the PDF's resolution, the painter's origin at the margin as on a PDF page,
    with a painter that keeps what text it draws (:class:`_Recording`)."""

    pages: list[QImage] = []

    def __init__(self, path, dpi: int, layout: QPageLayout, title: str, creator: str) -> None:
        self.dpi, self.layout = dpi, layout
        self.writer = self
        self.painter = _Recording()

    def pageLayout(self) -> QPageLayout:  # noqa: N802 - QPdfWriter's name
        return self.layout

    def _begin(self) -> None:
        whole = self.layout.fullRectPixels(self.dpi)
        image = _image(whole.width(), whole.height(), self.dpi)
        _ImagePages.pages.append(image)
        self.painter.begin(image)
        inner = self.layout.paintRectPixels(self.dpi)
        self.painter.translate(inner.x(), inner.y())

    def newPage(self) -> None:  # noqa: N802 - QPdfWriter's name
        self.painter.end()
        self._begin()

    def __enter__(self):
        self._begin()
        return self

    def __exit__(self, *exc) -> None:
        self.painter.end()


def _layout() -> QPageLayout:
    """The page layout :func:`write_contact_pdf` draws on (A4 landscape, its margins)."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                       QMarginsF(sheet.MARGIN_MM, sheet.MARGIN_MM, sheet.MARGIN_MM, sheet.MARGIN_MM),
                       QPageLayout.Unit.Millimeter)


def _picture(folder) -> Path:
    picture = _image(1920, 1080)
    picture.fill(QColor("#1b3a5c"))
    picture.save(str(folder / "a.png"))
    return folder / "a.png"


def test_every_text_of_the_pdf_fits_its_box_on_the_page_however_long_the_titles(qapp, tmp_path, monkeypatch):
    # The deck's title on the grid page and in every footer, a slide's title over its page, the
    # line saying where its text does not fit: none runs past its box, none is drawn off the page.
    monkeypatch.setattr(sheet, "PdfFile", _ImagePages)
    _ImagePages.pages, _Recording.drawn = [], []
    picture = _picture(tmp_path)
    frames = [Frame(picture, f"1. {LONG}"), Frame(picture, f"2. {HUGE}", ((1080, 1920),)), Frame(picture, f"3. {WORD}")]
    checked = ((1920, 1080), (1080, 1920), (1280, 800))
    assert write_contact_pdf(tmp_path / "sheet.pdf", LONG, frames, (1920, 1080), checked) == 4
    inner = _layout().paintRectPixels(sheet.DPI)
    assert _overflowing(QRectF(inner)) == []
    titles = [text for box, _, text, _, _ in _Recording.drawn if box.top() <= inner.top() + 1]
    assert titles[0] == LONG and titles[1] == f"1. {LONG}"  # wrapped, whole
    assert titles[2].startswith("2. The Norfolk") and titles[2].endswith("…")  # at the smallest size, cut
    assert titles[3].startswith("3. WWWWWWWWWW") and titles[3].endswith("…")
    # The grid page's heading takes more than one line: the thumbnails start lower.
    top = _ImagePages.pages[0]
    band = [y for y in range(inner.top(), inner.top() + 400) if _inked(top, QRectF(inner.left(), y, inner.width(), 1))]
    assert band and band[-1] - band[0] > 100


def test_the_png_sheet_wraps_a_long_title_inside_its_margins(qapp, tmp_path, monkeypatch):
    picture = _picture(tmp_path)
    frames = [Frame(picture, "1. Welcome"), Frame(picture, "2. Get help")]
    short = contact_sheet(frames, "Freedom Week 2019", (1920, 1080))
    monkeypatch.setattr(sheet, "QPainter", _Recording)
    _Recording.drawn = []
    image = contact_sheet(frames, LONG, (1920, 1080))
    gap = 24
    assert _overflowing(QRectF(gap, 0, image.width() - 2 * gap, image.height())) == []
    assert _Recording.drawn[0][2] == LONG  # whole
    # The thumbnails move down to make room for the heading's lines.
    first_row = _first_thumbnail_row(image, gap)
    assert first_row > 100 and image.height() > short.height()
    assert _inked(image, QRectF(gap, first_row // 2, image.width() - 2 * gap, first_row // 2 - 4))  # a second line
    # A title that fits keeps the sheet as it was: 100 px above the thumbnails.
    assert _first_thumbnail_row(short, gap) == 101  # under its frame of 1 px


def _first_thumbnail_row(image: QImage, gap: int) -> int:
    """The first row of the sheet's first thumbnail (the dark blue picture), in pixels."""
    return next(y for y in range(image.height()) if image.pixelColor(gap + 10, y).red() < 60
                and image.pixelColor(gap + 10, y).blue() > 60)
