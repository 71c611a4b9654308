"""An archive's ended event, drawn: its card carries the "Past event" badge in the visitor's
language, outlined (not the accent fill of "Today"), and neither its sign-up code nor its
sign-up line; an event still to come keeps its code. The bundled deck in December 2026 shows its
October 2019 events so, with no code a phone can read but the helpline's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from helpers.gui import shown, to_gray, walk
from helpers.qr import read_codes
from kiosk.deck import load_deck
from kiosk.i18n import ui_text
from kiosk.player.navigator import Position
from kiosk.qt.offscreen import OffscreenPlayer

SIZES = [(1920, 1080), (1080, 1920)]
LONDON = ZoneInfo("Europe/London")
ARCHIVE = """
deck: {id: e, title: E, languages: [en, pl], timezone: Europe/London, dwell: 10, archive: true}
slides:
  - id: events
    type: events
    title: What is on
    events:
      - {title: Walk, date: 2026-10-19, start: "10:00", end: "12:00", place: City Hall, body: A walk through the city.,
         signup: {link: "https://example.org/walk", label: Sign up at example.org}}
      - {title: Talk, date: 2026-10-20, start: "19:00", place: Café, body: An evening to talk.,
         signup: {link: "https://example.org/talk", label: Sign up for the talk}}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def named(root, name: str) -> list:
    return [item for item in walk(root) if item.objectName() == name and shown(item)]


def card_of(item):
    """The event's card (a delegate with ``modelData``) holding ``item``."""
    while item is not None and item.property("hasQr") is None:
        item = item.parentItem()
    return item


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_ended_event_shows_the_past_badge_and_no_code(kiosk_app, write_deck, size):
    folder = write_deck(ARCHIVE)
    deck = load_deck(folder, today=dt.date(2026, 1, 1)).deck
    at = dt.datetime(2026, 10, 19, 13, 0, tzinfo=LONDON)  # the walk ended at 12:00; the talk is tomorrow
    with OffscreenPlayer(deck, folder, size) as player:
        for lang in ("en", "pl"):
            player.set_language(lang)
            player.show(Position(0), at)
            badges = {i.childItems()[0].property("text"): i for i in named(player.content, "eventDay")}
            assert set(badges) == {ui_text(lang, "past_event"), ui_text(lang, "tomorrow")}
            past = badges[ui_text(lang, "past_event")]
            assert past.property("past") is True and badges[ui_text(lang, "tomorrow")].property("past") is False
            walk_card = card_of(past)
            assert walk_card.property("hasQr") is False
            assert not named(walk_card, "eventCode") and not named(walk_card, "signupText")
            codes = named(player.content, "eventCode")
            assert [c.property("payload") for c in codes] == ["https://example.org/talk"]
            assert not player.overflowing()
            read = {code.text for code in read_codes(to_gray(player.grab()))}
            assert read == {"https://example.org/talk"}  # the walk's code is nowhere on screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_bundled_deck_in_2026_shows_its_2019_events_as_past(kiosk_app, bundled_deck, size):
    deck = bundled_deck.deck
    index = next(i for i, s in enumerate(deck.slides) if s.type == "events")
    at = dt.datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
    with OffscreenPlayer(deck, bundled_deck.folder, size) as player:
        player.show(Position(index), at)
        badges = [i.childItems()[0].property("text") for i in named(player.content, "eventDay")]
        assert badges == ["Past event"] * len(deck.slides[index].events)
        assert not named(player.content, "eventCode") and not named(player.content, "signupText")
        assert not read_codes(to_gray(player.grab()))
        assert not player.overflowing()
