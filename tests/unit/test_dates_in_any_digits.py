"""Dates and moments a person writes in digits other than 0-9 (Arabic-Indic ``٠١``, as a phone
keyboard set to Arabic types them; fullwidth ``０１``, as Chinese and Japanese input gives) are read
as the same day, as times in such digits already were: a deck's event dates, ``show_from`` and
``show_until``, ``--at`` and ``kiosk stats --since``. A day not in the calendar, in whatever digits,
is said to be one with the date as read; each such message has a fix."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from helpers import besides_helpline
from kiosk.cli_stats import _day
from kiosk.deck import load_deck
from kiosk.deck.model import Date, Moment
from kiosk.player.schedule import parse_at
from kiosk.walltime import ascii_digits

HELP = "  - {id: help, type: helpline, phone: \"08000 121 700\"}\n"
ARABIC_INDIC, FULLWIDTH = "\u0660", "\uff10"

#: The zero of a set of ten decimal digits of any script (Unicode keeps each set's 0-9 in a row).
_ZEROS = st.characters(categories=["Nd"]).map(lambda ch: chr(ord(ch) - unicodedata.decimal(ch)))


def in_digits(text: str, zeros: list[str]) -> str:
    """``text`` with its n-th ASCII digit written in the script whose zero is ``zeros[n]`` (cycling)."""
    out, n = [], 0
    for ch in text:
        if ch.isdigit():
            out.append(chr(ord(zeros[n % len(zeros)]) + int(ch)))
            n += 1
        else:
            out.append(ch)
    return "".join(out)


def arabic(text: str) -> str:
    return in_digits(text, [ARABIC_INDIC])


def fullwidth(text: str) -> str:
    return in_digits(text, [FULLWIDTH])


@given(st.text(), st.lists(_ZEROS, min_size=1, max_size=4))
def test_ascii_digits_writes_every_decimal_digit_0_to_9_and_keeps_the_rest(text, zeros):
    read = ascii_digits(text)
    assert len(read) == len(text)
    for was, now in zip(text, read, strict=True):
        assert now == (str(unicodedata.decimal(was)) if was.isdecimal() else was)
    assert ascii_digits(in_digits("0123456789", zeros)) == "0123456789"


@given(st.dates(min_value=dt.date(1, 1, 1)), st.lists(_ZEROS, min_size=1, max_size=4),
       st.one_of(st.none(), st.times()))
def test_a_date_or_moment_in_any_digits_is_the_day_it_is_in_0_to_9(day, zeros, time):
    written = day.isoformat()
    assert TypeAdapter(Date).validate_python(in_digits(written, zeros)) == day
    if time is not None:
        moment = dt.datetime.combine(day, time.replace(second=0, microsecond=0, tzinfo=None))
        written = f"{written} {moment:%H:%M}"
        assert TypeAdapter(Moment).validate_python(in_digits(written, zeros)) == moment
    else:
        assert TypeAdapter(Moment).validate_python(in_digits(written, zeros)) == day


@pytest.mark.parametrize("write", [arabic, fullwidth, lambda text: text[:-1] + arabic(text[-1])],
                         ids=["arabic-indic", "fullwidth", "last-digit"])
def test_a_deck_with_dates_in_other_digits_is_valid_and_reads_those_days(write_deck, write):
    folder = write_deck(f"""\
        deck: {{id: d, title: D}}
        slides:
          - {{id: n, type: text, title: N, show_from: "{write('2027-06-01')}", show_until: "{write('2027-06-30 17:30')}"}}
          - id: ev
            type: events
            events:
              - {{title: Walk, date: "{write('2027-06-01')}", start: "{write('10:00')}", place: City Hall}}
        """ + HELP)
    result = load_deck(folder, today=dt.date(2027, 1, 1))
    assert besides_helpline(result.problems) == [], [str(p) for p in result.problems]
    notice, events = result.deck.slides[:2]
    assert notice.show_from == dt.date(2027, 6, 1)
    assert notice.show_until == dt.datetime(2027, 6, 30, 17, 30)
    assert events.events[0].date == dt.date(2027, 6, 1)
    assert events.events[0].start == dt.time(10, 0)


@pytest.mark.parametrize(("field", "value"), [("date", arabic("2027-02-31")), ("show_from", fullwidth("2027-02-29")),
                                               ("show_until", arabic("2027-13-01") + " 10:00")])
def test_a_day_not_in_the_calendar_in_other_digits_is_said_with_the_date_as_read(write_deck, field, value):
    events = f"events: [{{title: Walk, date: \"{value}\", place: Hall}}]" if field == "date" else \
        "events: [{title: Walk, date: 2027-06-01, place: Hall}]"
    schedule = "" if field == "date" else f", {field}: \"{value}\""
    folder = write_deck(f"""\
        deck: {{id: d, title: D}}
        slides:
          - {{id: ev, type: events{schedule}, {events}}}
        """ + HELP)
    (problem,) = [p for p in load_deck(folder, today=dt.date(2027, 1, 1)).problems if p.severity == "error"]
    day = value.split(" ")[0]
    read = ascii_digits(day)
    assert f"'{day}' ({read}) is not a real date (" in problem.message
    assert "June" not in problem.message  # the reason is the month written, not one the digits were misread as
    assert problem.hint.startswith(f"e.g. {field}: ")


@pytest.mark.parametrize("value", ["2027-02-31", "2027-02-31 10:00", "2027-06-01 25:00", "next week", "12"])
@pytest.mark.parametrize("field", ["show_from", "show_until"])
def test_every_show_from_and_show_until_error_says_how_to_write_one(write_deck, field, value):
    folder = write_deck(f"""\
        deck: {{id: d, title: D}}
        slides:
          - {{id: n, type: text, title: N, {field}: "{value}"}}
        """ + HELP)
    (problem,) = [p for p in load_deck(folder).problems if p.severity == "error"]
    assert f"field '{field}'" in problem.message
    assert problem.hint.startswith(f"e.g. {field}: 2026-10-") and '"2026-10-' in problem.hint, problem.hint


@pytest.mark.parametrize("at", [arabic("2026-12-01 10:00"), fullwidth("2026-12-01T10:00"), "2026-12-" + arabic("01")])
def test_at_in_other_digits_is_the_moment_in_0_to_9(bundled_deck, at):
    assert parse_at(at, bundled_deck.deck) == parse_at(ascii_digits(at), bundled_deck.deck)


def test_at_a_day_not_in_the_calendar_in_other_digits_is_said_with_the_date_as_read(bundled_deck):
    with pytest.raises(ValueError, match=r"^'٢٠٢٧-٠٢-٣١' \(2027-02-31\) is not a real date \(February 2027 has 28 days\)"):
        parse_at(arabic("2027-02-31 10:00"), bundled_deck.deck)


def test_stats_since_in_other_digits_is_that_day():
    assert _day(fullwidth("2026-10-01")) == _day(arabic("2026-10-01")) == dt.date(2026, 10, 1)
