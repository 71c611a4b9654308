"""``kiosk render DECK --poster``: a print-ready PDF of the signs, what to do, the helpline and the
vision, a page per language, all vector; its QR codes read back from the printed page."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream

from helpers import BUNDLED
from kiosk.cli import main
from kiosk.deck import load_deck
from kiosk.qr import qr_matrix

#: ISO 216 sizes in PDF points (1/72 inch); Qt writes them rounded to whole points.
A4_POINTS = (210 / 25.4 * 72, 297 / 25.4 * 72)
A3_POINTS = (297 / 25.4 * 72, 420 / 25.4 * 72)
DPI = 150


@pytest.fixture(scope="module")
def a4(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("poster") / "poster.pdf"
    assert main(["render", str(BUNDLED), "--poster", "--out", str(out)]) == 0
    return out


def raster(pdf: Path, page: int) -> np.ndarray:
    """Page ``page`` of ``pdf`` as grey levels at :data:`DPI`, drawn by PDFium (not by Qt)."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[page].render(scale=DPI / 72).to_numpy()
    finally:
        document.close()
    return image.mean(axis=2).astype(np.uint8)


def codes(gray: np.ndarray) -> dict[str, float]:
    """Each QR code read from a page: its text and its symbol's width in millimetres (no quiet zone)."""
    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    return {b.text: (b.position.top_right.x - b.position.top_left.x) / DPI * 25.4 for b in found}


def dark_runs(matrix) -> int:
    """Runs of dark modules, row by row, in a QR code's matrix."""
    return sum(1 for row in matrix for i, dark in enumerate(row) if dark and (i == 0 or not row[i - 1]))


def sizes(reader: PdfReader) -> set[tuple[float, float]]:
    return {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages}


def test_a4_poster_has_a_page_per_language_all_vector(a4):
    deck = load_deck(BUNDLED).deck
    reader = PdfReader(a4)
    assert len(reader.pages) == len(deck.deck.languages) == 10
    ((width, height),) = sizes(reader)
    assert abs(width - A4_POINTS[0]) < 0.5 and abs(height - A4_POINTS[1]) < 0.5
    helpline = deck.slide("help")
    runs = sum(dark_runs(qr_matrix(link)) for link in (helpline.tel_link, helpline.url))
    for page in reader.pages:
        assert list(page.images) == []  # no picture at all: the codes and pictograms are paths
        operators = [op for _, op in ContentStream(page.get_contents(), reader).operations]
        assert operators.count(b"m") >= runs  # a closed path per run of dark modules (and the pictograms')
        assert operators.count(b"c") > 50  # the pictograms' curves
    english = reader.pages[0].extract_text()
    for words in ("Spot the signs", "How they look", "What to do", "Do not confront anyone yourself",
                  "Get help", "Norfolk Modern Slavery Collaboration", "Norfolk, a county without slavery"):
        assert words in " ".join(english.split()), words
    assert "Rozpoznaj sygnały" in " ".join(reader.pages[1].extract_text().split())


def test_the_helpline_codes_read_back_from_the_printed_page_and_are_large_enough(a4):
    deck = load_deck(BUNDLED).deck
    helpline = deck.slide("help")
    for page in (0, 9):  # English, and Arabic with its layout mirrored
        found = codes(raster(a4, page))
        assert set(found) == {helpline.tel_link, "https://www.modernslaveryhelpline.org/"}, found
        # 2 cm at least without the quiet zone, so it reads at arm's length.
        assert all(width >= 20 for width in found.values()), found


def test_arabic_is_shaped_and_set_right_to_left(a4):
    reader = PdfReader(a4)
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((tm[4] * cm[0] + cm[4], text))

    reader.pages[9].extract_text(visitor_text=visit)
    arabic = [(x, text) for x, text in runs if any("\u0600" <= unicodedata.normalize("NFKC", c)[:1] <= "\u06ff"
                                                   for c in text if c.strip())]
    assert len(arabic) > 10
    # Shaped: the letters are set in their joined forms (Arabic Presentation Forms), as HarfBuzz
    # shapes them, and read back in order as the heading.
    heading_x, heading = arabic[0]
    assert any("\ufe70" <= c <= "\ufeff" or "\ufb50" <= c <= "\ufdff" for c in heading)
    logical = unicodedata.normalize("NFKC", heading[::-1]).replace("\t", " ")
    assert strip_marks(logical) == strip_marks("تعرّف على العلامات")
    # Right to left: the heading starts at the right margin on the Arabic page, at the left on the English one.
    width = float(reader.pages[9].mediabox.width)
    assert heading_x > width / 2
    english: list[float] = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, f, s: english.append(tm[4] * cm[0] + cm[4])
                                 if "Spot the signs" in t.replace("\t", " ") else None)
    assert english and english[0] < width / 4


def strip_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


def test_a3_poster_in_one_language_scales_up(tmp_path):
    out = tmp_path / "a3.pdf"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "render", str(BUNDLED), "--poster", "--paper", "A3",
                           "--lang", "pl", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "poster (A3, 1 page)" in proc.stdout
    reader = PdfReader(out)
    ((width, height),) = sizes(reader)
    assert abs(width - A3_POINTS[0]) < 0.5 and abs(height - A3_POINTS[1]) < 0.5
    assert "Co robić" in " ".join(reader.pages[0].extract_text().split())
    found = codes(raster(out, 0))
    assert "tel:+448000121700" in found and min(found.values()) >= 20 * 297 / 210


@pytest.mark.parametrize("args, words", [
    (["--paper", "A3"], "--paper is for a poster"),
    (["--poster", "--size", "1080x1920"], "not for --poster"),
    (["--poster", "--lang", "xx"], "no language 'xx'"),
])
def test_poster_flags_that_do_not_go_together_are_refused(tmp_path, capsys, args, words):
    assert main(["render", str(BUNDLED), "--out", str(tmp_path / "p.pdf"), *args]) == 1
    assert words in capsys.readouterr().err


def test_poster_out_must_name_a_pdf(tmp_path, capsys):
    assert main(["render", str(BUNDLED), "--poster", "--out", str(tmp_path)]) == 1
    assert "--out names the PDF to write" in capsys.readouterr().err


def test_a_deck_with_nothing_for_a_poster_says_so(write_deck, tmp_path, capsys):
    folder = write_deck("deck: {id: x, title: X}\nslides:\n  - {id: t, type: title, title: Hello}\n")
    assert main(["render", str(folder), "--poster", "--out", str(tmp_path / "p.pdf")]) == 1
    assert "no poster was written" in capsys.readouterr().err


SIGNS_DECK = """\
deck: {{id: p, title: P, languages: [en, ar]}}
slides:
  - id: signs
    type: signs
    title: {{en: Spot the signs, ar: تعرّف على العلامات}}
    pages:
{pages}
  - id: help
    type: helpline
    icon: headset
    phone: "08000 121 700"
"""


def signs_deck(write_deck, body: str, count: int = 7) -> Path:
    pages = "\n".join(f"      - {{id: p{i}, icon: eye, title: Sign {i}, body: {json_text(body)}}}" for i in range(count))
    return write_deck(SIGNS_DECK.format(pages=pages))


def json_text(text: str) -> str:
    return json.dumps(text)


def test_a_poster_that_cannot_hold_its_text_says_which_language(write_deck, tmp_path, capsys):
    folder = signs_deck(write_deck, " ".join(["Words that go on and on."] * 60), count=9)
    out = tmp_path / "p.pdf"
    assert main(["render", str(folder), "--poster", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "the 'en' page does not hold all its text" in err and "the 'ar' page" in err
    assert len(PdfReader(out).pages) == 2  # written all the same, to look at


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(alphabet=st.sampled_from("ab ć ж ع 0 ,.-\u00a0"), min_size=1, max_size=300).filter(str.strip),
       count=st.integers(1, 9))
def test_any_sign_text_gives_a_poster_page_per_language_or_says_it_does_not_fit(write_deck, tmp_path, body, count):
    folder = signs_deck(write_deck, body.strip(), count)
    out = tmp_path / "p.pdf"
    code = main(["render", str(folder), "--poster", "--out", str(out)])
    assert code in (0, 1)
    reader = PdfReader(out)
    assert len(reader.pages) == 2 and all(list(page.images) == [] for page in reader.pages)
