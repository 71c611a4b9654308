"""An events card never loses when and where its event is while there is room: the title, the
day, the time and the place come first (a sign-up code is left out, a title cut short, rather
than them), the description is what a crowded card fades first. The fit check lays each events
view out with every event's Today/Tomorrow badge (the worst case) and names the event and the
field cut."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from helpers.events import assert_facts_whole
from helpers.gui import shown, walk
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.player.views import view, worst_day_word
from kiosk.qt.fit import CODES_LEFT_OUT, find_misfits
from kiosk.qt.offscreen import OffscreenPlayer

SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]
LONDON = ZoneInfo("Europe/London")


def six_events(titles: list[str]) -> str:
    """The tester's deck: six events, each with a title, date, start and end, a place, a
    description and a sign-up link."""
    events = "\n".join(
        f'      - {{title: "{title}", date: 2019-10-{19 + i}, start: "10:00", end: "12:00", place: "City Hall, Norwich", '
        f'body: "Come along and learn how to spot the signs of modern slavery.", '
        f'signup: {{link: "https://www.a21.org/", label: "Sign up at a21.org"}}}}'
        for i, title in enumerate(titles))
    return f"""\
deck: {{id: six, title: Six events, archive: true, timezone: Europe/London, languages: [en, ar]}}
slides:
  - id: events
    type: events
    title: What is on
    events:
{events}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


SHORT = ["Exhibition", "Film night", "Walk", "Talk", "Quiz", "Concert"]
LONG = ["An Exhibition About Modern Slavery in Norfolk Today", "Film Night and a Talk With Friends",
        "A21 Walk for Freedom Across Norwich", "An Evening to Talk About Modern Slavery",
        "Freedom Week Quiz Night at the Library", "Concert for Freedom at the Cathedral"]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("titles", [SHORT, LONG], ids=["short titles", "long titles"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_card_keeps_its_day_time_and_place(kiosk_app, write_deck, size, titles, lang):
    folder = write_deck(six_events(titles))
    deck = load_deck(folder).deck
    with OffscreenPlayer(deck, folder, size) as player:
        player.set_language(lang)
        player.show(Position(0), dt.datetime(2019, 10, 19, 9, 30, tzinfo=LONDON))  # with its badges
        assert_facts_whole(player, 6)
        player.show(Position(0))
        assert_facts_whole(player, 6)
        if titles is SHORT:  # only the description (and the sign-up line under it) may be cut
            for item in walk(player.content):
                if item.objectName() == "eventTitle" and shown(item):
                    assert not item.property("truncated")


def test_a_long_title_is_cut_short_rather_than_the_day_time_or_place(kiosk_app, write_deck):
    folder = write_deck(six_events(LONG))
    deck = load_deck(folder).deck
    with OffscreenPlayer(deck, folder, (1280, 800)) as player:
        player.show(Position(0))
        titles = {item.property("text"): item.property("truncated") for item in walk(player.content)
                  if item.objectName() == "eventTitle" and shown(item)}
        assert titles[LONG[0]] is True and titles[LONG[1]] is False
        assert_facts_whole(player, 6)


def test_validate_names_the_event_and_the_field_cut(kiosk_app, write_deck):
    from kiosk.qt.fit import misfit_problems

    folder = write_deck(six_events(LONG))
    result = load_deck(folder)
    misfits = find_misfits(result.deck, folder, langs=["en"], workers=1)
    cuts = [m for m in misfits if m.cut and m.cut != CODES_LEFT_OUT]
    assert misfits and all(m.cut for m in misfits if not m.word), misfits
    assert f"event '{LONG[0]}' on 2019-10-19: title, sign-up line and description" in {m.cut for m in cuts if m.size == (1280, 800)}
    # Never the day, the time or the place (each event's title names days and times of its own).
    assert not any(fact in m.cut.rpartition(": ")[2] for m in cuts for fact in ("day", "time", "place"))
    # Six cards with their day, time and place leave no room for full-size codes at 1920x1080.
    assert [m.size for m in misfits if m.cut == CODES_LEFT_OUT] == [(1920, 1080)]
    lines = [str(p) for p in misfit_problems(misfits, result.deck, result.source)]
    assert any(line.endswith("deck.yaml:7:7: warning: slide 'events' (en): the sign-up codes are left out at 1920x1080 "
                             "so that each event's title, day, time and place fit (each event says where to sign up "
                             "in words) — shorten the titles or places, or put fewer events on the slide")
               for line in lines), lines
    first = next(line for line in lines if f"'{LONG[0]}'" in line)
    assert f"deck.yaml:7:9: warning: slide 'events' (en): event '{LONG[0]}' on 2019-10-19: its description is cut at " \
           "1920x1080; its title and description are cut at 1080x1920; its title, sign-up line and description are cut " \
           "at 1280x800, even at the smallest readable size" in first


def test_the_fit_check_shows_every_event_with_its_longest_badge(kiosk_app, write_deck):
    """Without a moment the check lays each card out with the longer of its badges: on the
    event's day or the day before, a card holds one."""
    folder = write_deck(six_events(SHORT))
    deck = load_deck(folder).deck
    for lang, word in (("en", "Past event"), ("ar", worst_day_word("ar", archive=True))):  # an archive's
        events = view(deck, Position(0), lang, badges=True)["events"]
        assert [event["day"] for event in events] == [word] * 6
        assert all(event["day"] == "" for event in view(deck, Position(0), lang)["events"])
    with OffscreenPlayer(deck, folder, (1920, 1080)) as player:
        player.backend.session.worst_badges = True  # as kiosk.qt.fit._Checker shows the views
        player.show(Position(0))
        days = [item for item in walk(player.content) if item.objectName() == "eventDay" and shown(item)]
        assert len(days) == 6
        assert_facts_whole(player, 6)


@pytest.mark.parametrize("lang", ["en", "pl", "ro", "lt", "lv", "bg", "pt", "sq", "vi", "ar"])
def test_the_bundled_events_fit_with_their_badges_at_the_main_screen_size(kiosk_app, bundled_deck, lang):
    """On the first day of Freedom Week (a Today and a Tomorrow badge) every word of the bundled
    events slide is shown at 1920x1080, in every language."""
    deck = bundled_deck.deck
    index = next(i for i, slide in enumerate(deck.slides) if slide.type == "events")
    with OffscreenPlayer(deck, bundled_deck.folder, (1920, 1080)) as player:
        player.set_language(lang)
        player.show(Position(index), dt.datetime(2019, 10, 19, 9, 30, tzinfo=LONDON))
        assert len([i for i in walk(player.content) if i.objectName() == "eventDay" and shown(i)]) == 2
        assert not player.overflowing()
        assert_facts_whole(player, 3)
        assert len([i for i in walk(player.content) if i.objectName() == "eventCode" and shown(i)]) == 2
