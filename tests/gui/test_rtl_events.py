"""Right-to-left events slides and slides without a heading: Arabic keeps the sign-up codes where
its taller headline font leaves them the room, a "Today" badge stands clear of the title on a
mirrored card, a slide's layout follows its own texts' direction (an image slide's caption), and
whenever the player leaves an events slide's codes out, in any language and at any size checked,
``kiosk validate`` says so (the note then shown is in the visitor's language)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import yaml

from helpers.events import cards
from helpers.gui import scene_rect, shown, walk
from kiosk import i18n
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.qt import fit
from kiosk.qt.fit import CODES_CUTS, SIZES, find_misfits, misfit_problems
from kiosk.qt.offscreen import OffscreenPlayer

LONDON = ZoneInfo("Europe/London")
#: The texts of an event's card (EventsSlide.qml's item names).
FIELDS = ("eventTitle", "eventDate", "eventTime", "eventPlace", "signupText", "eventBody", "codeLabel")

#: The tester's deck (English, Polish and Arabic): three events, two with sign-up codes.
CAMP = """\
deck: {{id: camp, title: Camp, timezone: Europe/London, languages: [en, pl, ar], archive: true}}
slides:
  - id: events
    type: events
    title: {{en: What's on, pl: Wydarzenia, ar: الفعاليات}}
    intro: {intro}
    events:
      - title: {{en: Awareness talk at the Forum, pl: Wykład w Forum, ar: محاضرة توعوية في المنتدى}}
        date: 2027-03-02
        start: "18:00"
        end: "19:30"
        place: The Forum, Norwich
        body: {{en: "A short talk by the county's anti-slavery lead, with time for questions.", pl: Krótki wykład z czasem na pytania., ar: محاضرة قصيرة مع وقت للأسئلة.}}
        signup: {{link: "https://www.eventbrite.co.uk/e/safe-work-talk", label: "Book at eventbrite.co.uk"}}
      - title: {{en: Drop-in advice session, pl: Porady bez zapisów, ar: جلسة استشارية}}
        date: 2027-03-04
        start: "10:00"
        end: "13:00"
        place: Millennium Library, Norwich
        signup: {{link: "https://www.norfolk.gov.uk/safe-work", label: "norfolk.gov.uk/safe-work"}}
      - title: {{en: Walk for Freedom, pl: Marsz Wolności, ar: مسيرة من أجل الحرية}}
        date: 2027-03-06
        start: "11:00"
        place: City Hall, Norwich
  - id: photo
    type: image
    image: photo.png
    alt: {{en: A red circle, pl: Czerwone koło, ar: دائرة حمراء}}
    caption: {{en: Walk for Freedom 2026, pl: Marsz Wolności 2026, ar: مسيرة الحرية ٢٠٢٦}}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""
SHORT_INTRO = "{en: Join us during Safe Work Week., pl: Dołącz do nas., ar: انضم إلينا.}"
#: An intro of several lines: with it the codes have too little room at some sizes, which the
#: deck's own check (worked out for no intro) cannot know.
LONG_INTRO = ('{en: "' + "Join us during Safe Work Week, a week of talks and walks across the county. " * 3
              + '", ar: "' + "انضم إلينا خلال أسبوع العمل الآمن، أسبوع من المحاضرات والمسيرات في أنحاء المقاطعة. " * 3 + '"}')


def camp(write_deck, intro: str = SHORT_INTRO):
    from PIL import Image

    folder = write_deck(CAMP.format(intro=intro))
    Image.new("RGB", (640, 360), (40, 90, 140)).save(folder / "photo.png")
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    return result


def slide_item(player):
    return next(item for item in walk(player.content) if item.property("codesShown") is not None and shown(item))


def test_arabic_keeps_the_sign_up_codes_at_1280x800(kiosk_app, write_deck):
    """The Arabic headline's line is taller (Noto Sans Arabic's), which leaves the cards less room;
    in columns wide enough for the label beside the code, no room is kept for it under the code,
    so the codes are shown in Arabic as in English and Polish."""
    result = camp(write_deck)
    with OffscreenPlayer(result.deck, result.folder, (1280, 800)) as player:
        for lang in ("en", "pl", "ar"):
            player.set_language(lang)
            player.show(Position(0))
            slide = slide_item(player)
            assert slide.property("codesShown") is True, (lang, slide.property("codeSide"), slide.property("qrMin"))
            assert len([i for i in walk(player.content) if i.objectName() == "eventCode" and shown(i)]) == 2


def test_validate_warns_whenever_the_player_leaves_the_codes_out(kiosk_app, write_deck):
    """In every language and at every size the fit check lays out, a slide whose codes the player
    leaves out (here for want of room under a long intro, which the deck's own check does not
    see) is warned of, naming the language and the sizes; a slide that shows them is not."""
    result = camp(write_deck, LONG_INTRO)
    left_out = set()
    with OffscreenPlayer(result.deck, result.folder, SIZES[0]) as player:
        for size in SIZES:
            player.resize(size)
            for lang in ("en", "pl", "ar"):
                player.set_language(lang)
                player.show(Position(0))
                if not slide_item(player).property("codesShown"):
                    left_out.add((size, lang))
    assert ((1280, 800), "ar") in left_out and ((1920, 1080), "en") not in left_out, left_out
    misfits = find_misfits(result.deck, result.folder, positions=[Position(0)], workers=1)
    assert {(m.size, m.lang) for m in misfits if m.cut in CODES_CUTS} == left_out
    lines = [str(p) for p in misfit_problems(misfits, result.deck, result.source)]
    named = set()
    for line in lines:
        for lang in ("en", "pl", "ar"):
            said = f"slide 'events' ({lang}): the sign-up codes are left out at "
            if said in line:
                named |= {(size, lang) for size in SIZES if f"{size[0]}x{size[1]}" in line.split(said)[1].split(" so ")[0]
                          .split(": ")[0]}
    assert named == left_out, lines


def test_the_codes_note_is_in_every_language_of_the_kiosk(kiosk_app):
    """Each language of kiosk/ui_strings.yaml says why the codes are left out in its own words
    (never the English sentence on a page in another language), marked for review as the other
    recent strings are."""
    text = i18n.UI_STRINGS_FILE.read_text(encoding="utf-8")
    written = yaml.safe_load(text)
    english = written["en"]["codes_left_out"]
    for lang, words in written.items():
        assert words.get("codes_left_out"), f"{lang} has no codes_left_out"
        if lang != "en":
            assert i18n.ui_strings(lang)["codes_left_out"] != english, lang
    reviewed = [line for line in text.splitlines() if line.strip().startswith("codes_left_out:")]
    assert len(reviewed) == len(written) and all("# to be checked" in line for line in reviewed[1:])


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (1280, 800)], ids=["1080x1920", "1920x1080", "1280x800"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_today_badge_never_covers_a_card_s_text(kiosk_app, write_deck, size, lang):
    """On the event's day its badge stands at the end of the title's first line (a stacked card)
    or on the card's top edge (a column), clear of every text of the card, mirrored in Arabic."""
    result = camp(write_deck)
    with OffscreenPlayer(result.deck, result.folder, size) as player:
        player.set_language(lang)
        player.show(Position(0), dt.datetime(2027, 3, 2, 18, 30, tzinfo=LONDON))
        badged = [card for card in cards(player)
                  if any(i.objectName() == "eventDay" and i.isVisible() for i in walk(card))]
        assert len(badged) == 1
        badge = next(scene_rect(i) for i in walk(badged[0]) if i.objectName() == "eventDay")
        texts = [i for i in walk(badged[0]) if i.objectName() in FIELDS and shown(i) and i.property("text")]
        assert any(i.objectName() == "eventTitle" for i in texts)
        for item in texts:
            assert not scene_rect(item).intersected(badge).adjusted(0.5, 0.5, -0.5, -0.5).isValid(), \
                (item.objectName(), scene_rect(item), badge)


def test_the_fit_check_finds_a_badge_over_a_title(kiosk_app, write_deck):
    """The check reads where the badge stands against each text's box: with the title put back
    where it stood before right-to-left cards kept it clear (at the column's left, under the
    badge of a mirrored card), the title is found under the badge, and named so."""
    result = camp(write_deck)
    with OffscreenPlayer(result.deck, result.folder, (1080, 1920)) as player:
        player.set_language("ar")
        player.show(Position(0), dt.datetime(2027, 3, 2, 18, 30, tzinfo=LONDON))
        card = next(card for card in cards(player) if any(i.objectName() == "eventDay" and i.isVisible() for i in walk(card)))
        title = next(i for i in walk(card) if i.objectName() == "eventTitle")
        assert fit._under_badge(card) == []
        title.setProperty("x", 0)
        assert fit._under_badge(card) == ["title"]
        assert any(cut.endswith(": title (under its badge)") for cut in fit._cut_fields(player.content))


def test_an_image_slide_s_caption_follows_its_own_direction(kiosk_app, write_deck):
    """A slide without a heading mirrors by its other texts: the Arabic caption of a picture is
    right-aligned, ending at the band's right margin; the English one starts at the left."""
    result = camp(write_deck)
    with OffscreenPlayer(result.deck, result.folder, (1920, 1080)) as player:
        for lang in ("en", "ar"):
            player.set_language(lang)
            player.show(Position(1))
            assert player.view["rtl"] is (lang == "ar")
            caption = next(i for i in walk(player.content) if shown(i) and i.property("text") == player.view["caption"])
            painted = caption.boundingRect()  # the text's lines, in the caption's box
            if lang == "ar":
                assert painted.right() > caption.width() - caption.property("rightPadding") - 2
            else:
                assert painted.left() < 2


def test_a_view_reads_right_to_left_by_its_first_text_with_a_direction():
    from kiosk.player.views import reads_rtl

    assert reads_rtl({"title": "", "caption": "مسيرة الحرية"}) is True
    assert reads_rtl({"title": "2026", "caption": "مسيرة"}) is True  # digits have no direction
    assert reads_rtl({"title": "Walk", "caption": "مسيرة"}) is False  # the heading decides
    assert reads_rtl({"title": "", "caption": "", "alt": "دائرة"}) is True
    assert reads_rtl({"title": ""}) is False
    assert reads_rtl({"title": "", "events": [{"title": "محاضرة"}]}) is True


def test_an_events_slide_with_the_default_heading_mirrors_by_its_events(write_deck):
    """The default heading ("What's on", the kiosk's own words in the visitor's language) never
    sets the direction: an Arabic events slide without a heading of its own mirrors by its
    events' titles, and shows the heading in the language of the page."""
    from kiosk.player.views import view

    folder = write_deck("""\
        deck: {id: d, title: D, languages: [ar, en], archive: true}
        slides:
          - id: ev
            type: events
            events:
              - {title: {ar: محاضرة, en: Talk}, date: 2030-10-19, start: "10:00", place: {ar: المكتبة, en: Library}}
          - {id: help, type: helpline, phone: "08000 121 700"}
        """)
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    assert view(result.deck, Position(0), "ar")["rtl"] is True
    assert view(result.deck, Position(0), "en")["rtl"] is False
    from kiosk.i18n import ui_text

    assert view(result.deck, Position(0), "en")["title"] == "What's on"
    assert view(result.deck, Position(0), "ar")["title"] == ui_text("ar", "whats_on") != "What's on"
