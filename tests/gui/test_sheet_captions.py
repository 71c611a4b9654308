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
