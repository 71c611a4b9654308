"""Deck checks found wanting by a coordinator, each fixed as a kind: a field that needs another
(an event's end without its start), dates far ahead, events past midnight, a repeat by alias, a
date not in the calendar on the command line, seconds out of range, a language listed again, and
a button to its own slide."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.deck import load_deck
from kiosk.deck.ahead import FAR_AHEAD_YEARS, far_limit, how_far_ahead, typo_year
from kiosk.deck.checks import event_times_problem
from kiosk.player.schedule import parse_at

TODAY = dt.date(2026, 12, 7)
HELP = "  - {id: help, type: helpline, phone: \"08000 121 700\"}\n"


def said(folder, today=TODAY) -> list[str]:
    """Every problem of the deck in ``folder`` as ``line:col: severity: message — hint``."""
    return [f"{p.line}:{p.col}: {p.severity}: {p.message} — {p.hint}" for p in load_deck(folder, today=today).problems]


# ------------------------------------------------------------------ a field without the one it needs

def test_an_end_time_without_a_start_is_an_error_naming_the_event(write_deck):
    folder = write_deck("""\
        deck: {id: d, title: D}
        slides:
          - id: ev
            type: events
            events:
              - {title: End only, date: 2027-02-21, end: "11:00"}
        """ + HELP)
    assert said(folder) == [
        "6:50: error: slide 'ev': event 'End only' on 2027-02-21: end is written but start is not: an end time needs "
        "a start time (its card would show the date alone, without the end) — add start: \"HH:MM\" above end, or "
        "remove end"]


def test_an_end_without_a_start_is_not_said_when_the_start_has_its_own_error(write_deck):
    folder = write_deck("""\
        deck: {id: d, title: D}
        slides:
          - {id: ev, type: events, events: [{title: Walk, date: 2027-02-21, start: "25:00", end: "11:00"}]}
        """ + HELP)
    errors = [line for line in said(folder) if ": error: " in line]
    assert len(errors) == 1 and "field 'events[1].start'" in errors[0], errors


def test_a_website_label_without_a_website_is_an_error(write_deck):
    folder = write_deck("""\
        deck: {id: d, title: D}
        slides:
          - {id: help, type: helpline, phone: "08000 121 700", url_label: Visit us}
        """)
    assert said(folder) == [
        "3:67: error: slide 'help': url_label is written but url is not: the label goes under the website's QR code, "
        "which there is none of without url — add url: https://… beside url_label, or remove url_label"]


# ------------------------------------------------------------------ events and midnight

@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)),
       st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_every_pair_of_event_times_gets_an_accurate_message(start, end):
    found = event_times_problem(dt.date(2027, 2, 21), start, end)
    if end > start:
        assert found is None
    elif end == start:
        assert found is not None and "ends when it starts" in found[1]
    else:
        assert found is not None and found[0] == "end"
        assert ("cannot go past midnight" in found[1]) != (end == dt.time(0))
        assert "ends before" not in found[1]
        if end != dt.time(0):
            assert f'from "00:00" to "{end:%H:%M}"' in found[2] and "2027-02-22" in found[2]


def test_an_event_past_midnight_says_how_to_write_one_that_is(write_deck):
    folder = write_deck("""\
        deck: {id: d, title: D}
        slides:
          - id: ev
            type: events
            events:
              - {title: Vigil, date: 2027-02-21, start: "22:00", end: "02:00"}
              - {title: Same, date: 2027-02-21, start: "10:00", end: "10:00"}
        """ + HELP)
    assert said(folder) == [
        "6:63: error: slide 'ev': event 'Vigil' on 2027-02-21 ends at 02:00, before it starts at 22:00: an event "
        "cannot go past midnight — if it runs overnight, end it at \"23:59\" and add a second event on 2027-02-22 "
        "from \"00:00\" to \"02:00\"; otherwise correct the start or end time",
        "7:62: error: slide 'ev': event 'Same' on 2027-02-21 ends when it starts (10:00 to 10:00) — give the time it "
        "ends as end, or remove end for an event with no set end"]


# ------------------------------------------------------------------ dates far ahead

def test_far_ahead_dates_are_warned_about_with_the_year_they_may_be_a_typo_for(write_deck):
    folder = write_deck("""\
        deck: {id: d, title: D}
        slides:
          - id: ev
            type: events
            events:
              - {title: Far, date: 2207-02-15}
              - {title: Very far, date: 9999-12-31}
          - {id: a, type: text, title: A, show_from: 2207-01-01}
          - {id: b, type: text, title: B, show_until: "2207-01-01 10:00"}
          - {id: c, type: text, title: C, show_from: 2099-10-19, show_until: 2099-10-23}
        """ + HELP)
    assert said(folder) == [
        "6:28: warning: slide 'ev': event 'Far' on 2207-02-15 is 180 years from now: a typo for 2027? — write "
        "2027-02-15, or leave it if 2207 is meant",
        "7:33: warning: slide 'ev': event 'Very far' on 9999-12-31 is 7,973 years from now — check the year (a deck "
        "is usually for the next months); leave it if 9999 is meant",
        "8:46: warning: slide 'a': show_from (2207-01-01) is 180 years from now: a typo for 2027? — write 2027-01-01, "
        "or leave it if 2207 is meant",
        "9:47: warning: slide 'b': show_until (2207-01-01 10:00) is 180 years from now: a typo for 2027? — write "
        "2027-01-01, or leave it if 2207 is meant",
        "10:46: warning: slide 'c': show_from (2099-10-19) and show_until (2099-10-23) are far ahead: show_from is 72 "
        "years from now — check the year (a deck is usually for the next months); leave it if 2099 is meant"]


@settings(max_examples=200)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2200, 12, 31)), st.dates(max_value=dt.date(9997, 1, 1)))
def test_a_date_is_said_to_be_far_ahead_exactly_when_it_is_more_than_the_span_after_today(today, day):
    found = how_far_ahead(day, today)
    limit = today.replace(year=today.year + FAR_AHEAD_YEARS) if (today.month, today.day) != (2, 29) else \
        dt.date(today.year + FAR_AHEAD_YEARS, 2, 28)
    assert (found is not None) == (day > limit) and far_limit(today) == limit
    if found is not None:
        assert found[0].startswith("is ") and "years from now" in found[0]
        meant = typo_year(day, today)
        if meant is not None:  # a near year, one keystroke away
            assert f"a typo for {meant}?" in found[0] and today.year <= meant <= limit.year
            differ = sum(a != b for a, b in zip(f"{day.year:04d}", f"{meant:04d}", strict=True))
            assert differ in (1, 2)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=FAR_AHEAD_YEARS + 1, max_value=7000))
def test_random_far_years_get_the_warning_and_near_ones_do_not(write_deck, years):
    far = TODAY.replace(year=TODAY.year + years)
    folder = write_deck(f"""\
        deck: {{id: d, title: D}}
        slides:
          - {{id: ev, type: events, events: [{{title: Walk, date: {far}}}, {{title: Talk, date: 2028-06-01}}]}}
        """ + HELP)
    lines = said(folder)
    assert len(lines) == 1 and lines[0].startswith(f"3:57: warning: slide 'ev': event 'Walk' on {far}") and \
        f"is {years:,} years from now" in lines[0], lines


def test_the_bundled_deck_has_no_date_far_ahead(bundled_deck):
    assert not any("from now" in p.message for p in bundled_deck.problems)


# ------------------------------------------------------------------ where a repeat is, and what is said

def test_a_slide_repeated_by_an_alias_is_placed_at_the_alias(write_deck):
    folder = write_deck("""\
        deck: {id: d, title: D}
        slides:
          - {id: help, type: helpline, phone: "08000 121 700"}
          - {id: b, type: text, title: B}
          - {id: c, type: text, title: C}
          - &s {id: a, type: title, title: x}
          - *s
        """)
    assert said(folder) == ["7:5: error: slide id 'a' is used twice (lines 6 and 7) — write the second one out with "
                            "an id of its own: an alias (*name) repeats the whole value, id and all"]


@pytest.mark.parametrize(("listed", "fix"), [("[en, EN]", "[en]"), ("[EN, en, pl]", "[en, pl]"), ("[en, pl, EN]", "[en, pl]")])
def test_a_language_listed_again_in_other_letters_is_one_error(write_deck, listed, fix):
    folder = write_deck(f"""\
        deck: {{id: d, title: D, languages: {listed}}}
        slides:
          - {{id: help, type: helpline, phone: "08000 121 700"}}
        """)
    errors = [line for line in said(folder) if ": error: " in line]
    assert len(errors) == 1 and "again in 'languages:'" in errors[0] and errors[0].endswith(
        f"keep each language once: write languages: {fix}"), errors


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["dwell", "idle_timeout", "duration"]),
       st.one_of(st.integers(min_value=-10**6, max_value=0), st.floats(max_value=0, allow_nan=False, allow_infinity=False)))
def test_seconds_of_zero_or_less_are_told_the_range(write_deck, name, value):
    deck = f", {name}: {value!r}" if name != "duration" else ""
    slide = f", duration: {value!r}" if name == "duration" else ""
    folder = write_deck(f"""\
        deck: {{id: d, title: D{deck}}}
        slides:
          - {{id: help, type: helpline, phone: "08000 121 700"{slide}}}
        """)
    errors = [line for line in said(folder) if ": error: " in line]
    bounds = "from 10 to 3600 seconds (an hour)" if name == "idle_timeout" else "from 3 to 86400 seconds (a day)"
    assert len(errors) == 1 and "is too short: it must be " + bounds in errors[0], errors
    assert "more than 0" not in errors[0]


def test_a_button_to_its_own_slide_is_warned_about(write_deck):
    folder = write_deck("""\
        deck: {id: d, title: D}
        slides:
          - {id: b, type: text, title: B, show_from: 2027-01-01, buttons: [{label: Me, goto: b}]}
        """ + HELP)
    assert said(folder) == ["3:86: warning: slide 'b': button 'Me' goes to slide 'b', the slide it is on, so tapping "
                            "it does nothing — point it at another slide, or remove the button"]


# ------------------------------------------------------------------ dates on the command line

@given(st.integers(min_value=1, max_value=9998), st.integers(min_value=1, max_value=12), st.integers(min_value=29, max_value=31))
def test_a_day_not_in_the_calendar_given_to_at_is_said_to_be_no_real_date(bundled_deck, year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d} 10:00"
    try:
        dt.date(year, month, day)
    except ValueError:
        with pytest.raises(ValueError, match=r"is not a real date \(\w+ \d{4} has \d\d days\)"):
            parse_at(text, bundled_deck.deck)


@pytest.mark.parametrize(("at", "words"), [("2027-02-31 10:00", "'2027-02-31' is not a real date (February 2027 has 28 days)"),
                                           ("2027-13-01", "'2027-13-01' is not a real date (a year has 12 months)"),
                                           ("2027-02-20 25:00", "'25:00' is not a time of day: give one from 00:00 to 23:59"),
                                           ("tomorrow", "is not a date and time like")])
def test_at_says_what_is_wrong_with_the_moment(capsys, tmp_path, at, words):
    from helpers import BUNDLED
    assert main(["render", str(BUNDLED), "--at", at, "--out", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err, err


def test_stats_since_a_day_not_in_the_calendar_is_said_to_be_no_real_date(capsys):
    assert main(["stats", "--since", "2027-02-30"]) != 0
    assert "'2027-02-30' is not a real date (February 2027 has 28 days)" in capsys.readouterr().err
