"""Contact-sheet captions: a caption too long for its box is cut at a word and ends with "…"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter

from kiosk.qt.sheet import fitted_caption

WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
ONE_LINE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def _painter(image: QImage) -> QPainter:
    painter = QPainter(image)
    font = QFont(painter.font())
    font.setPixelSize(14)
    painter.setFont(font)
    return painter


def _fits(painter: QPainter, box: QRectF, flags: int, text: str) -> bool:
    needed = QFontMetricsF(painter.font(), painter.device()).boundingRect(box, flags, text)
    return needed.height() <= box.height() + 0.5 and needed.width() <= box.width() + 0.5


def test_a_caption_that_fits_is_kept_whole(qapp):
    image = QImage(400, 100, QImage.Format.Format_ARGB32)
    painter = _painter(image)
    try:
        assert fitted_caption(painter, QRectF(0, 0, 400, 40), WRAP, "3. Who we are") == "3. Who we are"
    finally:
        painter.end()


def test_a_long_caption_is_cut_at_a_word_with_an_ellipsis(qapp):
    image = QImage(400, 100, QImage.Format.Format_ARGB32)
    painter = _painter(image)
    text = "12. Signs of exploitation: physical appearance, isolation, poor living conditions (text does not fit)"
    box = QRectF(0, 0, 160, 20)  # one line of 14 px text
    try:
        cut = fitted_caption(painter, box, ONE_LINE, text)
        assert cut.endswith("…") and cut != text
        assert text.startswith(cut[:-1])
        assert text[len(cut) - 1] in " ,.;:–—-"  # cut between words (a word's trailing mark dropped)
        assert _fits(painter, box, ONE_LINE, cut)
    finally:
        painter.end()


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=120),
       width=st.integers(20, 300), lines=st.integers(1, 3), wrap=st.booleans())
def test_whatever_the_caption_what_is_drawn_fits_or_is_marked_cut(qapp, text, width, lines, wrap):
    image = QImage(400, 100, QImage.Format.Format_ARGB32)
    painter = _painter(image)
    flags = WRAP if wrap else ONE_LINE
    box = QRectF(0, 0, width, lines * QFontMetricsF(painter.font(), painter.device()).lineSpacing() + 1)
    try:
        cut = fitted_caption(painter, box, flags, text)
        assert cut == text or cut.endswith("…")
        if cut != text and len(cut) > 1:
            assert _fits(painter, box, flags, cut)
    finally:
        painter.end()


def test_a_slide_that_does_not_fit_is_marked_on_the_png_sheet_in_words_and_shape_not_colour_alone(qapp, tmp_path):
    """contact-sheet.png marks it as the PDF does: the words first in its caption (a long title is
    cut, never the mark), and "TEXT DOES NOT FIT" on a white banner over its thumbnail, in a dashed frame."""
    from kiosk.qt.sheet import UNFIT, Frame, contact_sheet, unfit_caption

    blue = QImage(1280, 800, QImage.Format.Format_RGB32)
    blue.fill(0x1B3A5C)
    blue.save(str(tmp_path / "a.png"))
    long = "2. The Norfolk and Suffolk Modern Slavery and Human Trafficking Partnership Network (Eastern Region)" * 2
    frames = [Frame(tmp_path / "a.png", "1. Fits"), Frame(tmp_path / "a.png", long, ((1280, 800),))]
    sheet = contact_sheet(frames, "Deck", (1280, 800), columns=2, thumb_width=480)

    def white_in(x0: int, y0: int, w: int, h: int) -> int:
        return sum(sheet.pixelColor(x, y).lightness() > 240 for x in range(x0, x0 + w, 2) for y in range(y0, y0 + h, 2))

    gap, top = 24, 100
    fits_x, unfit_x = gap, gap + 480 + gap
    assert white_in(fits_x + 10, top + 10, 200, 30) == 0  # the slide that fits: its picture as it is
    assert white_in(unfit_x + 10, top + 10, 200, 30) > 100  # the one that does not: the white banner with its words
    border = [sheet.pixelColor(unfit_x + 1, y).lightness() for y in range(top, top + 300)]
    assert min(border) < 30 and max(border) > 40  # a dashed dark frame: dark dashes with the picture between

    image = QImage(600, 200, QImage.Format.Format_ARGB32)
    painter = _painter(image)
    try:
        cut = fitted_caption(painter, QRectF(0, 0, 300, 40), WRAP, unfit_caption(long))
        assert cut.startswith(f"{UNFIT}: 2. The Norfolk") and cut.endswith("…")
    finally:
        painter.end()
