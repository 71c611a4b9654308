"""A phone number in right-to-left text reads as it is dialled: its digit groups, its ``+`` and
its brackets laid out left to right by Qt's text layout, in the deck's own Arabic and in the
kiosk's own Arabic words around a number (the label under the helpline's call code).

Each text is laid out as the player lays it out (``QTextLayout``, a right-to-left paragraph, the
bundled Arabic font), and the place of each character of the number on the line is read: from
the first character to the last they must go left to right.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from helpers.phones import phone_numbers
from kiosk.deck import load_deck
from kiosk.i18n import keep_numbers_together
from kiosk.player.navigator import Position
from kiosk.player.views import view

NBSP, LRI, PDI = "\u00a0", "\u2066", "\u2069"

DECK = """\
deck: {id: ar-phone, title: Phone, organisation: Tester, languages: [en, ar]}
slides:
  - id: help
    type: helpline
    title: {en: Get help, ar: احصل على المساعدة}
    name: Helpline
    phone: "+44 (0)8000 121 700"
    hours: 24/7
    url: https://www.modernslaveryhelpline.org
  - id: call
    type: text
    title: {en: Call, ar: اتصل}
    body: {en: "Call +44 8000 121 700 now", ar: "اتصل على +44 8000 121 700 الآن"}
"""


def _places(text: str, number: str) -> list[float]:
    """Where on its line (pixels from the left) each character of ``number`` after its first
    ends, with ``text`` laid out as a right-to-left paragraph in the bundled Arabic font."""
    layout = QTextLayout(text, QFont("Noto Sans Arabic", 24))
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    start = text.index(number)
    # The edge between two characters of the number (the ends of the number itself border the
    # words around it, where a caret's place is ambiguous).
    return [line.cursorToX(i)[0] for i in range(start + 1, start + len(number))]


def _reads_left_to_right(text: str, number: str) -> bool:
    places = _places(text, number)
    return all(a < b for a, b in zip(places, places[1:]))


@pytest.fixture
def arabic(tmp_path, qapp):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.ok, [str(p) for p in result.problems]
    return result.deck


def test_the_label_under_the_call_code_reads_the_number_left_to_right(arabic):
    shown = view(arabic, Position(0), "ar")
    label = shown["codes"][0]["label"]
    number = f"+44{NBSP}(0)8000{NBSP}121{NBSP}700"
    assert number in label and _reads_left_to_right(label, number), repr(label)
    # Without the isolate the same words scramble it (what the check above guards against).
    bare = label.replace(LRI, "").replace(PDI, "")
    assert not _reads_left_to_right(bare, number)


def test_a_number_in_the_deck_s_arabic_reads_left_to_right(arabic):
    body = view(arabic, Position(1), "ar")["body"]
    number = f"+44{NBSP}8000{NBSP}121{NBSP}700"
    assert _reads_left_to_right(body, number), repr(body)
    assert view(arabic, Position(1), "en")["body"] == f"Call {number} now"  # left-to-right text as it was


@settings(max_examples=60, deadline=None)
@given(before=st.sampled_from(["اتصل على", "الرقم", "امسح الرمز للاتصال بالرقم", "התקשרו"]), number=phone_numbers(),
       after=st.sampled_from(["", " الآن", " مجانًا.", "، 24/7", " עכשיו"]))
def test_every_phone_number_in_right_to_left_words_reads_left_to_right(qapp, before, number, after):
    shown = keep_numbers_together(f"{before} {number}{after}")
    written = number.replace(" ", NBSP)
    assert _reads_left_to_right(shown, written), repr(shown)


@pytest.mark.parametrize("years", ["2019 2020", "2019-2020"])
def test_a_list_of_years_in_arabic_reads_in_the_sentence_s_order(qapp, years):
    """Two years side by side in an Arabic sentence: the first is the right one, read first."""
    shown = keep_numbers_together(f"في {years} الآن")
    places = _places(shown, years)
    first, second = places[1], places[-2]  # inside 2019, inside 2020
    assert first > second, (repr(shown), places)
