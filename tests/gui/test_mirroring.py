"""Right-to-left slides mirror, every slide type: what stands at the start of a line in English
(the title slide's accent bar, a pictogram, an event's day badge, the text) stands at its end,
the right, in Arabic.

Every item stacked in a slide's text column (FitColumn) that is narrower than the column is
checked: at the column's left edge in English, at its right edge in Arabic, on every slide and
page of a deck translated into Arabic, at each screen size.
"""

from __future__ import annotations

import pytest

from helpers.gui import SIZE_IDS, SIZES, describe, scene_rect, shown, type_name, visit
from kiosk.deck import load_deck

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
        for shown_now in visit(player, result.deck, paused=None):
            for name, x, width, room in column_items(player):
                where = f"{lang} {shown_now}: {name}"
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


# =========================================================================== mirrored positions
# The faults of this kind: an item placed by an `x:` that reads neither LayoutMirroring nor an
# anchor (which mirrors by itself) stays where it is in English while all around it mirrors, so
# it stands on the wrong side, over its neighbours or out of its tile.
NINE_SIGNS = "\n".join(
    f"      - {{id: n{i}, title: {{en: Sign {i}, ar: العلامة {i}}}, icon: eye, body: {{en: Body., ar: نص.}}}}"
    for i in range(9))
CODED = DECK.replace(
    "place: {en: Park, ar: الحديقة}, body: {en: A walk., ar: مسيرة.}}",
    "place: {en: Park, ar: الحديقة}, body: {en: A walk., ar: مسيرة.}, "
    "signup: {link: \"https://www.a21.org/walk\", label: {en: Sign up at a21.org, ar: سجل في a21.org}}}",
) + f"""\
  - id: nine
    type: signs
    title: {{en: Nine signs, ar: تسع علامات}}
    pages:
{NINE_SIGNS}
"""


POSITIONERS = ("QQuickRow", "QQuickColumn", "QQuickGrid", "QQuickFlow")


def placed(player) -> dict[str, tuple[float, float, float, tuple[float, ...], str]]:
    """Every shown item of the slide on screen and of the header and footer, by its place in the
    item tree: (x in its parent, its width, its parent's width, the widths a row, grid or flow
    places it by (its own and its siblings'), its description)."""
    found: dict[str, tuple[float, float, float, tuple[float, ...], str]] = {}

    def collect(item, key: str) -> None:
        children = [child for child in item.childItems()
                    if shown(child) and child.width() > 0 and child.objectName() != "swipes"]
        widths = tuple(child.width() for child in children) if type_name(item) in POSITIONERS else ()
        for index, child in enumerate(children):
            here = f"{key}/{index}:{type_name(child)}"
            found[here] = (child.x(), child.width(), item.width(), widths, describe(child))
            collect(child, here)

    stage = player.find("stage")
    for part in stage.childItems():
        if part.objectName() == "slideArea":
            layer = next(each for each in part.childItems() if each.objectName().startswith("layer") and each.opacity() == 1)
            collect(layer.property("item"), "slide")
        elif shown(part) and part.objectName() not in ("gestures", "swipes"):
            collect(part, f"stage{stage.childItems().index(part)}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("paused", [False, True], ids=["playing", "controls"])
def test_every_item_stands_mirrored_in_arabic(make_player, write_deck, size, paused):
    """Each item (a pictogram, a code, a card's text column, a control...) that is as wide in
    Arabic as in English, in a parent as wide, stands as far from its parent's right edge in
    Arabic as from its left edge in English, on every slide and page, with and without the
    visitor's controls."""
    result = load_deck(write_deck(CODED))
    player = make_player(result, size=size)
    english = {where: placed(player) for where in visit(player, result.deck, paused)}
    player.backend.set_language("ar")
    compared = 0
    for where in visit(player, result.deck, paused):
        for key, (x, width, room, widths, name) in placed(player).items():
            if key not in english[where]:
                continue
            en_x, en_width, en_room, en_widths, en_name = english[where][key]
            if abs(room - en_room) > 0.5 or len(widths) != len(en_widths) \
                    or any(abs(a - b) > 0.5 for a, b in zip(widths, en_widths)):
                continue  # in a parent of another width, or after neighbours of other widths
            if abs(width - en_width) < 0.5:
                assert abs(x - (room - en_x - en_width)) < 1.5, \
                    f"{where}: {name} is not mirrored (in English {en_name}, {en_x:.0f} from its parent's left)"
            else:  # placed by its start, its end or its neighbours: at least on the other side
                en_side, side = en_x + en_width / 2 - room / 2, x + width / 2 - room / 2
                assert abs(en_side + side) < 1.5 or en_side * side < 0, \
                    f"{where}: {name} stands on the same side as in English ({en_name})"
            compared += 1
    assert compared > 100


def inside(outer, inner, slack: float = 0.5) -> bool:
    return (inner.left() >= outer.left() - slack and inner.right() <= outer.right() + slack
            and inner.top() >= outer.top() - slack and inner.bottom() <= outer.bottom() + slack)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
def test_every_pictogram_and_code_lies_inside_its_tile_or_card_and_clear_of_its_words(make_player, write_deck,
                                                                                     size, large):
    """In English and in Arabic: each tile's pictogram and number, each card's code, lie wholly
    inside their tile or card and never over its title; every pictogram lies inside the slide."""
    result = load_deck(write_deck(CODED))
    player = make_player(result, size=size)
    if large:
        player.backend.toggleLargeText()
    checked = 0
    for lang in ("en", "ar"):
        player.backend.set_language(lang)
        for where in visit(player, result.deck):
            area = scene_rect(player.find("slideArea"))
            for item in player.visible_items():
                if type_name(item) not in ("Pictogram", "QrCode") or item.width() <= 0:
                    continue
                box, name = scene_rect(item), f"{lang} {size} {where}: {describe(item)}"
                assert inside(area, box), f"{name} is outside the slide"
                holder = item.parentItem()
                if holder.objectName().startswith("tile-") or type_name(holder) == "QQuickRectangle":
                    assert inside(scene_rect(holder), box), f"{name} sticks out of {describe(holder)}"
                    words = [c for c in holder.childItems() if c.objectName() == "tileTitle" and shown(c)]
                    for label in words:
                        assert not scene_rect(label).intersects(box), f"{name} lies over {describe(label)}"
                    checked += 1
    assert checked >= 2 * (3 + 9)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_the_header_stands_at_the_page_s_edges_in_arabic(make_player, write_deck, size):
    """On a right-to-left page Close stands at the right edge (the staff corner, which does not
    mirror, is at the left), Get help at the left clear of the staff corner, and the
    organisation's name, whatever its own direction, at the right, never beside Get help."""
    player = make_player(load_deck(write_deck(DECK.replace("organisation: {en: Test org, ar: منظمة الاختبار}",
                                                            "organisation: Norfolk Modern Slavery Collaboration"))),
                         size=size)
    player.backend.set_language("ar")
    player.tap_background()
    player.sync()
    width, u = size[0], min(size) / 1080
    close, help_button = scene_rect(player.find("quickExit")), scene_rect(player.find("getHelp"))
    assert abs(close.right() - (width - 64 * u)) < 1.5, close
    assert help_button.left() >= 120 * u and help_button.right() < close.left()
    byline = player.find("byline") if size[0] >= 1500 else None  # a narrow screen shows Close in its place
    if byline is not None:
        alignment = player.engine.newQObject(byline).property("effectiveHorizontalAlignment").toInt()
        assert alignment == 2  # Text.AlignRight: at the page's start edge
    player.backend.set_language("en")
    player.sync()
    assert abs(scene_rect(player.find("quickExit")).left() - 136 * u) < 1.5  # clear of the staff corner
