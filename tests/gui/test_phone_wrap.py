"""A phone number is never split over two lines: under the helpline's QR codes, on the helpline
slide and in every text, at every screen size, in English and in Arabic (right to left).

Each Text item on screen that shows a number is laid out again with Qt's own text layout at the
item's width and font (the same line breaking the item uses; its line count is checked to
match), and every phone number must land on one line. The codes must still decode from the
screen, and the no-break spaces must be drawn by a bundled font, never as a box.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextLayout, QTextOption

from helpers.glyphs import bad_glyphs
from helpers.gui import SIZE_IDS, SIZES, shown, type_name
from helpers.qr import payloads_on_screen
from kiosk.deck import load_deck
from kiosk.i18n import keep_numbers_together
from kiosk.player.navigator import Position
from kiosk.player.views import view

PHONE = "08000 121 700"
NUMBER = re.compile(r"\d+(?:[ \u00a0]\d+)+")

#: A helpline slide with no call_label: the kiosk writes "Scan to call …" itself.
DEFAULT_LABEL_DECK = f"""\
deck:
  id: phones
  title: Phones
  languages: [en, ar]
slides:
  - id: info
    type: text
    title: {{en: Who to call, ar: بمن تتصل}}
    body:
      en: "Call the helpline on {PHONE}, free, at any hour of the day or night, every day of the week."
      ar: "اتصل بخط المساعدة على \u2066{PHONE}\u2069 مجانًا في أي ساعة من النهار أو الليل."
  - id: help
    type: helpline
    phone: "{PHONE}"
    url: https://www.modernslaveryhelpline.org
"""


def laid_out(item, wrap: QTextOption.WrapMode, width: float) -> list[str]:
    """The lines a QML Text item shows, laid out by QTextLayout in its font at the size it is
    drawn (a text that shrinks to fit, ``Text.Fit``, is drawn smaller than its ``font``), wrapped
    by ``wrap`` at ``width`` pixels."""
    text = item.property("text")
    font = item.property("font")
    drawn = item.property("fontInfo").property("pixelSize").toInt()  # a QJSValue in Python
    if drawn > 0:
        font.setPixelSize(drawn)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(wrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def lines_of(item) -> list[str]:
    """The lines a QML Text item shows, wrapped between words at its width."""
    return laid_out(item, QTextOption.WrapMode.WordWrap, item.width())


def number_texts(player) -> list:
    return [i for i in player.visible_items()
            if type_name(i) in ("QQuickText", "FitText", "ControlLabel") and shown(i) and NUMBER.search(i.property("text") or "")]


def assert_numbers_whole(player) -> int:
    checked = 0
    for item in number_texts(player):
        text = item.property("text")
        lines = [text] if item.property("lineCount") == 1 else lines_of(item)
        assert len(lines) == item.property("lineCount"), (text, lines, item.property("lineCount"))
        for number in NUMBER.findall(text):
            if len(number) >= 9:  # a phone number, not "24 7"
                assert any(number in line for line in lines), f"{number!r} split over {lines}"
                assert " " not in number, f"{number!r} has a breaking space in {text!r}"
                checked += 1
        assert not bad_glyphs(text, item.property("font").family()), text
    return checked


def test_the_default_call_label_and_the_number_never_break(write_deck):
    result = load_deck(write_deck(DEFAULT_LABEL_DECK))
    shown_view = view(result.deck, Position(1))
    joined = keep_numbers_together(PHONE)
    assert shown_view["phone"] == joined
    assert shown_view["codes"][0]["label"] == f"Scan to call {joined}"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_phone_numbers_stay_on_one_line(make_player, write_deck, size, lang):
    player = make_player(load_deck(write_deck(DEFAULT_LABEL_DECK)), size=size)
    player.backend.set_language(lang)
    checked = assert_numbers_whole(player)  # the text slide's body
    player.click_and_settle("getHelp")
    checked += assert_numbers_whole(player)  # the slide's big number and the call label
    assert checked >= 3
    assert payloads_on_screen(player) == {"tel:+448000121700", "https://www.modernslaveryhelpline.org/"}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_bundled_help_slide_in_arabic(make_player, size):
    player = make_player(size=size)
    player.backend.set_language("ar")
    player.click_and_settle("getHelp")
    assert assert_numbers_whole(player) >= 2
    assert len(payloads_on_screen(player)) == 2


#: Numbers in a title slide's headline and subtitle, the largest text there is (it grows to fill
#: the slide), and a number written with its country code and a bracket.
HEADLINE_DECK = f"""\
deck: {{id: headline-phones, title: Phones}}
slides:
  - {{id: call, type: title, title: "Call {PHONE} now", subtitle: "Or +44 (0)8000 121 700 any time"}}
  - {{id: help, type: helpline, phone: "{PHONE}"}}
"""


def wrapped_lines(item) -> list[str]:
    """The lines a FitText shows (it wraps between words, and inside a word only when it alone
    is wider than the line), laid out at its width inside its padding."""
    return laid_out(item, QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere,
                    item.width() - item.property("leftPadding") - item.property("rightPadding"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
def test_a_number_in_a_headline_is_never_broken(make_player, write_deck, size, large):
    player = make_player(load_deck(write_deck(HEADLINE_DECK)), size=size)
    if large:
        player.backend.toggleLargeText()
    player.sync()
    player.wait_for_overflow_checks()
    found = 0
    for item in number_texts(player):
        text = item.property("text")
        lines = wrapped_lines(item)
        assert len(lines) == item.property("lineCount"), (text, lines)
        for number in (keep_numbers_together(PHONE), keep_numbers_together("+44 (0)8000 121 700")):
            if number in text:
                found += 1
                assert any(number in line for line in lines), f"{number!r} split over {lines}"
                # No line starts with a space left over from a break inside the number.
                assert not any(line[:1].isspace() for line in lines), lines
    assert found >= 3  # the headline, the subtitle and Get help
