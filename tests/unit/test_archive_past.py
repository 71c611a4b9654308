"""An archive (``archive: true``) keeps its ended events on show, marked as past in the
visitor's language and without their sign-up codes: a passer-by is never invited to sign up
for an event that is over. Without Qt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.i18n import UI_STRINGS_FILE, ui_text
from kiosk.player.clock import Clock
from kiosk.player.navigator import Position
from kiosk.player.session import Session
from kiosk.player.views import has_qr, next_day_change, view, worst_day_word

LONDON = ZoneInfo("Europe/London")
ARCHIVE = """
    deck: {id: e, title: E, languages: [en, pl, ar], timezone: Europe/London, dwell: 10, archive: true}
    slides:
      - {id: intro, type: title, title: Hello}
      - id: events
        type: events
        title: What is on
        events:
          - {title: Walk, date: 2026-10-19, start: "10:00", end: "12:00", place: City Hall,
             signup: {link: "https://www.a21.org/", label: Sign up with A21}}
          - {title: Talk, date: 2026-10-20, start: "19:00", place: Café,
             signup: {link: "https://nmsc.org.uk/", label: Sign up via nmsc.org.uk}}
"""
#: Every language the kiosk speaks (kiosk/ui_strings.yaml's tables, one a line at the left).
UI_LANGUAGES = [line[:-1] for line in UI_STRINGS_FILE.read_text(encoding="utf-8").splitlines()
                if line.endswith(":") and line[:1].isalpha()]
BUNDLED = Path(__file__).resolve().parents[2] / "slides" / "freedom-week-2019"


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def load(write_deck, text: str = ARCHIVE):
    result = load_deck(write_deck(text), today=dt.date(2026, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_an_ended_event_of_an_archive_is_past_with_no_signup(write_deck):
    deck = load(write_deck).deck
    during = view(deck, Position(1), "en", london("2026-10-19 11:59"))["events"]
    assert [(e["day"], e["past"], bool(e["qr"])) for e in during] == [("Today", False, True), ("Tomorrow", False, True)]
    after = view(deck, Position(1), "en", london("2026-10-19 12:00"))["events"]  # the walk ends at 12:00
    assert [(e["title"], e["day"], e["past"], e["qr"]) for e in after] == [
        ("Walk", "Past event", True, None), ("Talk", "Tomorrow", False, {"payload": "https://nmsc.org.uk/",
                                                                         "label": "Sign up via nmsc.org.uk"})]
    # An event with no end time ends with its day.
    late = view(deck, Position(1), "en", london("2026-10-20 23:59"))["events"]
    assert [e["past"] for e in late] == [True, False]
    years_on = view(deck, Position(1), "pl", london("2026-12-07 09:00"))
    assert [(e["day"], e["past"], e["qr"]) for e in years_on["events"]] == [(ui_text("pl", "past_event"), True, None)] * 2
    assert not has_qr(years_on)


def test_a_deck_that_is_no_archive_leaves_ended_events_out(write_deck):
    deck = load(write_deck, ARCHIVE.replace("archive: true", "archive: false")).deck
    events = view(deck, Position(1), "en", london("2026-10-19 12:00"))["events"]
    assert [(e["title"], e["past"]) for e in events] == [("Talk", False)]
    assert worst_day_word("pl") == max(ui_text("pl", "today"), ui_text("pl", "tomorrow"), key=len)


def test_no_moment_nothing_is_past_and_the_fit_check_gets_the_longest_badge(write_deck):
    deck = load(write_deck).deck
    plain = view(deck, Position(1), "en", None)["events"]
    assert [(e["day"], e["past"], bool(e["qr"])) for e in plain] == [("", False, True)] * 2
    for lang in UI_LANGUAGES:
        words = [ui_text(lang, key) for key in ("today", "tomorrow", "past_event")]
        assert worst_day_word(lang, archive=True) == max(words, key=len)
    worst = view(deck, Position(1), "en", None, badges=True)["events"]
    assert [(e["day"], bool(e["qr"])) for e in worst] == [("Past event", True)] * 2  # the code's room kept too


def test_every_language_has_the_past_badge_marked_for_checking():
    text = UI_STRINGS_FILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("  past_event:")]
    assert len(lines) == len(UI_LANGUAGES)
    assert all(line.endswith("# to be checked") for line in lines if '"Past event"' not in line)
    assert all(ui_text(lang, "past_event") and (lang == "en") == (ui_text(lang, "past_event") == "Past event")
               for lang in UI_LANGUAGES)


def test_the_session_redraws_an_archive_when_an_event_ends(write_deck):
    """The live player shows the walk as past from its end on, by its one clock."""
    result = load(write_deck)
    deck = result.deck
    assert next_day_change(deck, Position(1), london("2026-10-19 09:00")) == london("2026-10-19 12:00")
    assert next_day_change(deck, Position(1), london("2026-10-19 12:00")) == london("2026-10-20 00:00")
    seconds = [0.0]
    clock = Clock(1.0, london("2026-10-19 11:59:50"), source=lambda: seconds[0])
    session = Session(deck, result.folder, EventLog(None), clock)
    session.go_to("events")
    session.touch()  # a visitor reading: the slide stays on screen
    assert session.view["events"][0]["past"] is False
    deadline = session.schedule_deadline()
    assert deadline == pytest.approx(10.0)  # the walk's end, not the next midnight
    seconds[0] = deadline  # 12:00: the walk has ended
    session.tick()
    assert session.view["id"] == "events"
    assert [(e["day"], e["qr"]) for e in session.view["events"]][0] == ("Past event", None)


@pytest.mark.skipif(not BUNDLED.is_dir(), reason="the bundled deck is not here")
def test_the_bundled_deck_shows_its_2019_events_as_past_in_2026():
    result = load_deck(BUNDLED, today=dt.date(2026, 12, 7))
    deck = result.deck
    index = next(i for i, s in enumerate(deck.slides) if s.type == "events")
    for lang in deck.deck.languages:
        shown = view(deck, Position(index), lang, london("2026-12-07 09:00"))
        assert shown["events"] and all(e["past"] and e["qr"] is None for e in shown["events"])
        assert {e["day"] for e in shown["events"]} == {ui_text(lang, "past_event")}
