"""The language picker with many languages: it fits or scrolls (never over the controls), each
language is shown by its own name in its own script where the kiosk can draw it (CLDR, through
Qt's QLocale), else by its code, and ``kiosk validate`` warns of a code that is no language and
of a name the bundled fonts cannot draw."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from helpers.gui import SIZE_IDS, SIZES, scene_rect
from kiosk.deck import load_deck

CODES = "en de fr es it nl uk ru tr so pa am zh ja ko hi bn fa ur ti xx pl ro lt lv bg pt sq vi ar".split()
DECK = f"""\
deck:
  id: many-languages
  title: Thirty languages
  languages: [{', '.join(CODES)}]
slides:
  - {{id: welcome, type: title, title: Welcome}}
  - {{id: more, type: text, title: More, body: Words.}}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""

NAMES = {"de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano", "nl": "Nederlands",
         "uk": "Українська", "ru": "Русский", "tr": "Türkçe", "so": "Soomaali", "fa": "فارسی", "ur": "اردو",
         "pl": "Polski", "bg": "Български", "vi": "Tiếng Việt", "ar": "العربية",
         # No bundled font has these scripts: the code, never boxes.
         "pa": "pa", "am": "am", "zh": "zh", "ja": "ja", "ko": "ko", "hi": "hi", "bn": "bn", "ti": "ti",
         # No language at all.
         "xx": "xx"}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_thirty_languages_fit_or_scroll(make_player, write_deck, size):
    player = make_player(load_deck(write_deck(DECK)), size=size)
    player.tap_background()
    player.click("language")
    player.sync()
    names = {item.objectName()[5:]: item.property("text") for item in player.items()
             if item.objectName().startswith("lang-")}
    assert set(names) == set(CODES)
    for code, name in NAMES.items():
        assert names[code] == name, code
    listing = player.find("languageList")
    shown_box = scene_rect(listing)
    controls = min(scene_rect(player.find(n)).top() for n in ("next", "language", "previous"))
    assert shown_box.bottom() <= controls + 0.5, "the list runs over the controls"
    assert listing.property("clip")
    scrolls = listing.property("contentHeight") > listing.height() + 1
    cue = [i for i in player.items() if i.objectName() == "scrollBar"]
    if scrolls:
        assert cue and cue[0].isVisible() and cue[0].height() > 0
        assert player.has("scrollFadeBelow")
        # Scrolled to the end, the last language is there to tap, and the fade below is gone.
        listing.setProperty("contentY", listing.property("contentHeight") - listing.height())
        player.sync()
        assert not player.has("scrollFadeBelow")
    last = player.find("lang-ar")
    box = scene_rect(last)
    assert shown_box.contains(box.center()), "the last language cannot be reached"
    point = QPoint(round(box.center().x()), round(box.center().y()))
    hit = player.hit(point)
    assert hit is last or last.isAncestorOf(hit)
    player.click_at(point)
    assert player.backend.language == "ar"


def test_validate_warns_of_unknown_codes_and_undrawable_names(write_deck):
    from kiosk.deck.checks import picker_name

    result = load_deck(write_deck(DECK))
    assert result.ok
    messages = [str(p) for p in result.problems]
    unknown = [m for m in messages if "'xx' is not a language code" in m]
    assert len(unknown) == 1 and ":4:" in unknown[0]
    undrawable = [m for m in messages if "cannot write" in m]
    assert {m.split("cannot write '")[1].split("'")[0] for m in undrawable} == {"pa", "am", "zh", "ja", "ko", "hi", "bn", "ti"}
    assert picker_name("de") == "Deutsch" and picker_name("xx") == ""
