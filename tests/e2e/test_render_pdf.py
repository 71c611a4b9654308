"""``kiosk render`` writes contact-sheet.pdf: grid page(s) of every slide, then one page per slide."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from kiosk.qt.sheet import page_count


@pytest.fixture
def thirteen_slides(write_deck):
    slides = "\n".join(f"  - {{id: s{i:02d}, type: text, title: Slide number {i}, body: Short text {i}.}}"
                       for i in range(1, 13))
    words = " ".join(["overflowing"] * 416)  # 4,991 characters: under the longest text a deck may hold
    return write_deck(f"deck: {{id: sheet, title: Sheet test deck}}\nslides:\n{slides}\n"
                      f"  - {{id: long, type: text, title: Far too long, body: {words}}}\n")


def test_pdf_has_a_grid_then_a_page_per_slide_with_its_fit(thirteen_slides, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "render", str(thirteen_slides), "--out", str(out),
                           "--size", "1280x800"], capture_output=True, text=True, timeout=120)
    err = proc.stderr
    assert proc.returncode == 0, err  # rendered; one slide's text does not fit: a warning, as in validate
    assert "warning: slide 'long': text does not fit" in err
    # Output read through a pipe: no progress lines in it (as kiosk validate), only the results.
    assert not re.search(r"^(rendering|checking fit|writing PDF)\b", err, re.M) and "\r" not in err, err
    pdf = out / "contact-sheet.pdf"
    reader = PdfReader(pdf)
    # 13 frames, 12 to a landscape grid page: 2 grid pages, then 13 slide pages.
    assert len(reader.pages) == page_count(13, (1280, 800)) == 15
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width > height and round(width / 72 * 25.4) == 297  # A4 landscape, in points
    def text(n: int) -> str:
        return " ".join(reader.pages[n].extract_text().split())  # pypdf gives tabs between words

    first, second = text(0), text(1)
    assert "Sheet test deck" in first and "1. Slide number 1" in first and "12. Slide number 12" in first
    assert "Text does not fit: 13. Far too long" in second and "TEXT DOES NOT FIT" in second  # words first
    assert "does not fit" not in first  # the twelve that fit are not marked
    fits, misfit = text(2), text(14)
    assert "1. Slide number 1" in fits and "Text fits at 1280x800, 1920x1080 and 1080x1920." in fits
    assert "13. Far too long" in misfit and "does not fit at 1280x800, 1920x1080 and 1080x1920" in misfit
    assert "TEXT DOES NOT FIT" in misfit and "TEXT DOES NOT FIT" not in fits
    assert all(len(page.images) == 1 for page in reader.pages[2:])  # each slide page shows its picture
    assert len(reader.pages[0].images) == 12
    assert pdf.stat().st_size > 50_000


def test_portrait_grid_holds_twelve_to_a_page():
    assert page_count(5, (1080, 1920)) == 6
    assert page_count(24, (1920, 1080)) == 2 + 24
    assert page_count(0, (1920, 1080)) == 1


def test_an_untitled_picture_is_captioned_by_its_caption_or_its_alt_text_in_the_sheet_language(write_deck, tmp_path):
    from PIL import Image

    from kiosk.deck import load_deck
    from kiosk.player.navigator import Position
    from kiosk.qt.sheet import frames_for

    folder = write_deck("""
        deck: {id: x, title: X, languages: [en, pl]}
        slides:
          - {id: market-photo, type: image, image: photo.png, alt: {en: A market stall, pl: Stoisko na targu}}
          - {id: poster, type: image, image: photo.png, alt: A poster, caption: {en: Freedom Week, pl: Tydzień Wolności}}
          - {id: hello, type: title, title: Hello}
        """)
    Image.new("RGB", (64, 32), "red").save(folder / "photo.png")
    deck = load_deck(folder).deck
    positions = [Position(i) for i in range(3)]
    files = [tmp_path / f"{i}.png" for i in range(3)]
    assert [f.caption for f in frames_for(deck, positions, files, [], "pl")] == [
        "1. Stoisko na targu", "2. Tydzień Wolności", "3. Hello"]
    assert [f.caption for f in frames_for(deck, positions, files, [], "en")][:1] == ["1. A market stall"]
