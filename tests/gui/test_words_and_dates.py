"""The words the player writes around a deck's texts, and event dates, are in the visitor's
language: the QR code labels it makes up, the neutral screen's greeting, and dates written out
by Qt's QLocale in the visitor's locale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QLocale

from kiosk import i18n
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.player.views import view
from kiosk.qt.offscreen import show_settled

#: A helpline slide with no labels (the kiosk writes them) and an event, in Polish first.
DECK = """\
deck:
  id: words
  title: {pl: Słowa, en: Words}
  languages: [pl, en, ar]
slides:
  - id: events
    type: events
    title: {pl: Wydarzenia, en: Events, ar: الفعاليات}
    events:
      - {title: Walk, date: 2019-10-19, start: "10:00", end: "12:00", place: City Hall}
  - id: help
    type: helpline
    phone: "08000 121 700"
    url: https://www.modernslaveryhelpline.org
"""


@pytest.fixture
def words_deck(tmp_path):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_every_language_has_the_words_with_their_blanks():
    for lang in ("en", "pl", "ro", "lt", "lv", "bg", "pt", "sq", "vi", "ar"):
        strings = i18n.ui_strings(lang)
        assert "{number}" in strings["scan_to_call"] and "{site}" in strings["visit"], lang
        if lang != "en":
            for key in ("scan_to_call", "visit", "welcome"):
                assert strings[key] != i18n.english()[key], (lang, key)


@pytest.mark.parametrize(("lang", "call", "visit"), [
    ("en", "Scan to call 08000\u00a0121\u00a0700", "Visit modernslaveryhelpline.org"),
    ("pl", "Zeskanuj, aby zadzwonić: 08000\u00a0121\u00a0700", "Odwiedź modernslaveryhelpline.org"),
])
def test_made_up_qr_labels_are_in_the_visitors_language(words_deck, lang, call, visit):
    codes = view(words_deck.deck, Position(1), lang)["codes"]
    assert [c["label"] for c in codes] == [call, visit]


def test_views_give_the_date_and_the_locale_to_write_it_in(words_deck):
    shown = view(words_deck.deck, Position(0), "en")
    assert shown["events"][0]["date"] == "2019-10-19" and shown["locale"] == "en_GB"
    assert view(words_deck.deck, Position(0), "pl")["locale"] == "pl"
    assert i18n.locale_name("pt-BR") == "pt_BR" and i18n.locale_name("pt") == "pt_PT"


@pytest.mark.parametrize(("lang", "date"), [
    ("en", "Saturday, 19 October 2019"),
    ("pl", "sobota, 19 października 2019"),
    ("ar", QLocale("ar").toString(QDate(2019, 10, 19), QLocale.FormatType.LongFormat)),
])
def test_event_dates_are_written_in_the_visitors_language(make_player, words_deck, lang, date):
    player = make_player(words_deck)
    player.backend.set_language(lang)
    show_settled(player.backend, Position(0), player.window)
    assert date in player.texts()


def test_the_neutral_screen_greets_in_the_first_language(make_player, words_deck):
    player = make_player(words_deck)
    player.backend.set_language("en")
    player.backend.quickExit()  # back to the first language, Polish
    player.sync()
    texts = player.texts()
    assert "Witamy" in texts and "Welcome" not in texts
    polish = QLocale("pl")
    today = QDate.currentDate()
    dates = {polish.toString(today.addDays(d), QLocale.FormatType.LongFormat) for d in (-1, 0, 1)}
    assert dates & set(texts), texts
