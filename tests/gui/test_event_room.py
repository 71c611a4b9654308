"""How an events slide in columns shares its row between its cards, on a small landscape screen
as on a large one: a card with its code beside its description is wider by the code and the gap
beside it (every card's text as wide as the next one's), and cards without codes share the row by
what they hold, so a long description takes the room a short one leaves empty. The day, time and
place of each stay whole; what is cut is said (an ellipsis on screen, a warning in the fit check).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.events import assert_facts_whole, cards
from helpers.gui import scene_rect, shown, walk
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.qt.fit import find_misfits
from kiosk.qt.offscreen import OffscreenPlayer

LONDON = ZoneInfo("Europe/London")
SMALL = [(1280, 800), (1366, 768)]
SMALL_IDS = [f"{w}x{h}" for w, h in SMALL]


def deck_text(events: list[dict], langs: str = "en") -> str:
    """A deck of one events slide with ``events`` (title, body, and a sign-up link when
    ``code``), each on its own day, 10:00 to 12:00 at City Hall, Norwich."""
    lines = []
    for i, event in enumerate(events):
        signup = ', signup: {link: "https://www.a21.org/", label: "Sign up at a21.org"}' if event.get("code") else ""
        lines.append(f'      - {{title: "{event["title"]}", date: 2019-10-{19 + i}, start: "10:00", end: "12:00", '
                     f'place: "City Hall, Norwich", body: "{event["body"]}"{signup}}}')
    body = "\n".join(lines)
    return f"""\
deck: {{id: room, title: Room, archive: true, timezone: Europe/London, languages: [{langs}]}}
slides:
  - id: events
    type: events
    title: What is on
    events:
{body}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def slide_item(player):
    return next(item for item in walk(player.content) if item.property("shares") is not None and shown(item))


def cut_words(player) -> list[str]:
    """The texts of the cards cut short (an ellipsis) or left out."""
    return [item.property("text") for card in cards(player) for item in walk(card)
            if item.objectName() in ("eventTitle", "eventBody", "signupText", "eventDate", "eventTime", "eventPlace")
            and ((shown(item) and item.property("truncated")) or item.property("leftOut"))]


def assert_row(player, count: int) -> None:
    """The cards fill the row between the slide's margins side by side, none over another."""
    found = sorted(cards(player), key=lambda card: scene_rect(card).left())
    assert len(found) == count
    rects = [scene_rect(card) for card in found]
    for left, right in zip(rects, rects[1:]):
        assert left.right() <= right.left() + 0.5, (left, right)
    area = scene_rect(slide_item(player))
    for rect in rects:
        assert area.left() - 0.5 <= rect.left() and rect.right() <= area.right() + 0.5, (rect, area)


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
@pytest.mark.parametrize("lang", ["en", "lt", "pt", "bg", "ar"])
def test_the_bundled_events_are_whole_on_a_small_landscape_screen(kiosk_app, bundled_deck, size, lang):
    """With a Today and a Tomorrow badge, every word of the bundled events slide is shown and
    both sign-up codes stand full size beside their descriptions."""
    deck = bundled_deck.deck
    index = next(i for i, slide in enumerate(deck.slides) if slide.type == "events")
    with OffscreenPlayer(deck, bundled_deck.folder, size) as player:
        player.set_language(lang)
        player.show(Position(index), dt.datetime(2019, 10, 19, 9, 30, tzinfo=LONDON))
        assert not player.overflowing()
        assert_facts_whole(player, 3)
        assert cut_words(player) == []
        codes = [item for item in walk(player.content) if item.objectName() == "eventCode" and shown(item)]
        assert len(codes) == 2
        slide = slide_item(player)
        assert slide.property("beside")
        assert all(scene_rect(code).width() >= slide.property("qrMin") - 0.5 for code in codes)
        assert_row(player, 3)


def test_a_card_with_a_code_beside_its_description_is_wider_by_the_code(kiosk_app, write_deck):
    folder = write_deck(deck_text([
        {"title": "Walk", "body": "Walk with us across Norwich.", "code": True},
        {"title": "Talk", "body": "Churches will pray and talk."},
        {"title": "Quiz", "body": "Come to the quiz.", "code": True},
    ]))
    deck = load_deck(folder).deck
    with OffscreenPlayer(deck, folder, (1280, 800)) as player:
        player.show(Position(0))
        slide = slide_item(player)
        assert slide.property("beside") and slide.property("codesShown")
        walk_card, talk_card, quiz_card = sorted(cards(player), key=lambda card: scene_rect(card).left())
        extra = slide.property("qrMin") + slide.property("besideGap")
        assert scene_rect(walk_card).width() == pytest.approx(scene_rect(talk_card).width() + extra, abs=0.5)
        assert scene_rect(quiz_card).width() == pytest.approx(scene_rect(walk_card).width(), abs=0.5)
        # The description beside the code is as wide as the text of the card without one.
        bodies = {card: next(item for item in walk(card) if item.objectName() == "eventBody" and shown(item))
                  for card in (walk_card, talk_card)}
        assert bodies[walk_card].width() == pytest.approx(bodies[talk_card].width(), abs=0.5)
        assert_row(player, 3)


LONG_BODY = ("A film about modern slavery, then a talk with people who work to end it in Norfolk and beyond, "
             "with tea and time for questions.")


@pytest.mark.parametrize("size", SMALL, ids=SMALL_IDS)
def test_cards_without_codes_share_the_row_by_what_they_hold(kiosk_app, write_deck, size):
    """Four events, one with a long description: alike, its card would cut it; sharing the row
    by what each card holds, it is wider than the others and every word is shown."""
    events = [{"title": "Walk", "body": "Walk with us."}, {"title": "Film night", "body": LONG_BODY},
              {"title": "Quiz", "body": "A quiz."}, {"title": "Talk", "body": "Come and talk."}]
    folder = write_deck(deck_text(events))
    deck = load_deck(folder).deck
    with OffscreenPlayer(deck, folder, size) as player:
        player.show(Position(0), dt.datetime(2019, 10, 19, 9, 30, tzinfo=LONDON))
        slide = slide_item(player)
        assert not slide.property("codesShown")
        widths = {card.property("eventTitle"): scene_rect(card).width() for card in cards(player)}
        alike = (sum(widths.values())) / 4
        assert widths["Film night"] > alike + 10
        assert min(widths.values()) >= alike * slide.property("leastShare") - 0.5
        assert cut_words(player) == []
        assert_facts_whole(player, 4)
        assert_row(player, 4)
    assert find_misfits(deck, folder, sizes=[size], langs=["en"], workers=1) == []


def test_no_card_is_made_so_narrow_that_a_word_breaks(kiosk_app, write_deck):
    """Six short events beside one long one: the short cards keep their time whole on a line."""
    events = [{"title": "An Exhibition About Modern Slavery in Norfolk Today", "body": LONG_BODY}] + [
        {"title": title, "body": "Come along."} for title in ("Walk", "Talk", "Quiz", "Film", "Song")]
    folder = write_deck(deck_text(events))
    deck = load_deck(folder).deck
    misfits = find_misfits(deck, folder, sizes=[(1920, 1080), (1280, 800)], langs=["en"], workers=1)
    assert not [m for m in misfits if m.word], misfits


WORDS = st.sampled_from("walk talk freedom modern slavery Norfolk churches evening coffee together learn "
                        "signs help people exhibition library cathedral concert Norwich quiz".split())


def phrase(least: int, most: int):
    return st.lists(WORDS, min_size=least, max_size=most).map(lambda words: " ".join(words).capitalize())


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(events=st.lists(st.fixed_dictionaries({"title": phrase(1, 9), "body": phrase(3, 30), "code": st.booleans()}),
                       min_size=3, max_size=4),
       size=st.sampled_from(SMALL), lang=st.sampled_from(["en", "ar"]))
def test_any_three_or_four_events_keep_their_facts_whole_on_a_small_screen(kiosk_app, write_deck, events, size, lang):
    """Whatever three or four events hold, on a small landscape screen each card shows its day,
    time and place whole, the cards fill the row without overlapping, and no card is narrower than
    its share allows."""
    folder = write_deck(deck_text(events, "en, ar"))
    deck = load_deck(folder).deck
    with OffscreenPlayer(deck, folder, size) as player:
        player.set_language(lang)
        player.show(Position(0), dt.datetime(2019, 10, 19, 9, 30, tzinfo=LONDON))
        assert_facts_whole(player, len(events))
        assert_row(player, len(events))
        slide = slide_item(player)
        row = sum(scene_rect(card).width() for card in cards(player))
        if not slide.property("beside"):
            assert all(scene_rect(card).width() >= row / len(events) * slide.property("leastShare") - 0.5
                       for card in cards(player))
