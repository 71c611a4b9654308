"""Right-to-left slides mirror, every slide type: what stands at the start of a line in English
(the title slide's accent bar, a pictogram, an event's day badge, the text) stands at its end,
the right, in Arabic.

Every item stacked in a slide's text column (FitColumn) that is narrower than the column is
checked: at the column's left edge in English, at its right edge in Arabic, on every slide and
page of a deck translated into Arabic, at each screen size.
"""

from __future__ import annotations

import pytest

from helpers.gui import SIZE_IDS, SIZES, describe, shown, type_name
from kiosk.deck import load_deck
from kiosk.player.navigator import all_positions

DECK = """\
deck:
  id: ar-all
  title: {en: All types, ar: كل الأنواع}
  organisation: {en: Test org, ar: منظمة الاختبار}
  languages: [en, ar]
  timezone: Europe/London
slides:
  - {id: t, type: title, title: {en: Freedom Week, ar: أسبوع الحرية}, subtitle: {en: 18–24 October, ar: من ١٨ إلى ٢٤ أكتوبر}, note: {en: Norfolk, ar: نورفولك}}
  - id: x
    type: text
    title: {en: What to do, ar: ماذا تفعل}
    body: {en: If you are worried call the helpline., ar: إذا كنت قلقًا فاتصل بخط المساعدة.}
    bullets:
      - {en: Do not confront anyone, ar: لا تواجه أحدًا}
      - {en: Call the police on 999, ar: اتصل بالشرطة}
    buttons:
      - {label: {en: Spot the signs, ar: اكتشف العلامات}, goto: s}
    qr: {link: "https://www.modernslaveryhelpline.org/", label: {en: Visit modernslaveryhelpline.org, ar: زوروا modernslaveryhelpline.org}}
  - id: st
    type: stats
    title: {en: The figures, ar: الأرقام}
    items:
      - {value: "17,004", label: {en: people referred, ar: شخصًا أحيلوا}, source: {en: Home Office, ar: وزارة الداخلية}, year: 2023}
      - {value: "50m", label: {en: people worldwide, ar: شخص في العالم}, source: {en: ILO, ar: منظمة العمل الدولية}, year: 2022}
  - id: ev
    type: events
    title: {en: Events, ar: الفعاليات}
    events:
      - {title: {en: Talk, ar: محاضرة}, date: 2030-10-19, start: "10:00", end: "11:00", place: {en: Library, ar: المكتبة}, body: {en: A talk., ar: محاضرة قصيرة.}, signup: {link: "https://www.a21.org/", label: {en: Sign up at a21.org, ar: سجل في a21.org}}}
      - {title: {en: Walk, ar: مسيرة}, date: 2030-10-20, start: "14:00", place: {en: Park, ar: الحديقة}, body: {en: A walk., ar: مسيرة.}}
  - id: s
    type: signs
    title: {en: Spot the signs, ar: اكتشف العلامات}
    pages:
      - {id: a, title: {en: Appearance, ar: المظهر}, icon: eye, body: {en: They look unwell., ar: يبدون مرضى.}}
      - {id: b, title: {en: Isolation, ar: العزلة}, icon: user-off, body: {en: They are alone., ar: هم وحدهم.}}
      - {id: c, title: {en: Work, ar: العمل}, icon: tools, body: {en: Long hours., ar: ساعات طويلة.}}
  - {id: help, type: helpline, phone: "08000 121 700", url: "https://www.modernslaveryhelpline.org/", icon: phone-call, name: {en: Modern Slavery Helpline, ar: خط مساعدة العبودية الحديثة}, hours: {en: 24/7, ar: على مدار الساعة}}
"""


def column_items(player) -> list[tuple[str, float, float, float]]:
    """(description, x, width, column width) of each shown item stacked in a text column."""
    found = []
    for item in list(player.items()):
        if type_name(item) != "FitColumn" or not shown(item):
            continue
        column = item.childItems()[0]
        for child in column.childItems():
            if shown(child) and child.width() < column.width() - 1:
                found.append((describe(child), child.x(), child.width(), column.width()))
    return found


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_every_slide_type_mirrors_in_arabic(make_player, write_deck, size):
    result = load_deck(write_deck(DECK))
    player = make_player(result, size=size)
    checked = {"en": 0, "ar": 0}
    for lang in ("en", "ar"):
        player.backend.set_language(lang)
        for position in all_positions(result.deck):
            slide = result.deck.slides[position.slide]
            if (player.view["id"], player.view["page"]) != (slide.id, ""):
                with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
                    player.backend.goTo(slide.id)
            if position.page:
                with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
                    player.backend.openPage(position.page)
            player.sync()
            for name, x, width, room in column_items(player):
                where = f"{lang} {slide.id}/{position.page}: {name}"
                if lang == "ar":
                    assert abs(x + width - room) < 1.5, f"{where} is not at the right of its column ({room:.0f} wide)"
                else:
                    assert abs(x) < 1.5, f"{where} is not at the left of its column"
                checked[lang] += 1
    assert checked["ar"] >= 3 and checked["en"] == checked["ar"]


def test_the_title_slide_s_accent_bar_stands_over_the_headline_s_right_end(make_player, write_deck):
    player = make_player(load_deck(write_deck(DECK)))
    player.backend.set_language("ar")
    player.sync()
    bar, headline = player.find("accentBar"), player.find("headline")
    bar_right = bar.mapToScene(bar.boundingRect().topRight()).x()
    headline_right = headline.mapToScene(headline.boundingRect().topRight()).x()
    assert abs(bar_right - headline_right) < 1.5
    assert bar_right > player.window.width() / 2
