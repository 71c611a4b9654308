"""Time is real time: schedules, opening hours and ``--at`` across the clock changes.

UK clock changes used below (Europe/London): 2025-03-30 at 01:00 UTC the clocks go forward
(01:00-01:59 never happens); 2025-10-26 at 01:00 UTC they go back (01:00-01:59 happens twice,
first in BST, then in GMT). A local time means the first moment the clock shows it or later
(:mod:`kiosk.walltime`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.deck import load_deck
from kiosk.deck.model import Deck
from kiosk.player import schedule
from kiosk.player.hours import OpeningHours
from kiosk.walltime import change_days, clock_change, instant

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


DST_FALL_BACK = """\
deck: {id: t, title: T, languages: [en], timezone: Europe/London, dwell: 60}
slides:
  - {id: until, type: text, title: Until, show_until: "2025-10-26 01:30"}
  - {id: from, type: text, title: From, show_from: "2025-03-30 01:30"}
  - id: night
    type: text
    title: Night
    show_from: 2025-10-20
    show_until: 2025-11-02
    times: ["22:00-01:30"]
  - id: whats-on
    type: events
    events:
      - {title: Night walk, date: 2025-10-26, start: "00:30", end: "01:30"}
  - {id: a, type: title, title: Always}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


@pytest.fixture
def dst_deck(tmp_path):
    (tmp_path / "deck.yaml").write_text(DST_FALL_BACK, encoding="utf-8")
    result = load_deck(tmp_path, today=dt.date(2025, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    return result


# --------------------------------------------------------------------------- the rule
def test_a_repeated_time_is_its_first_occurrence_and_a_skipped_one_the_jump():
    assert instant(local("2025-10-26 01:30"), LONDON) == utc("2025-10-26 00:30")  # 01:30 BST
    assert instant(local("2025-03-30 01:30"), LONDON) == utc("2025-03-30 01:00")  # 02:00 BST, the jump
    assert instant(local("2025-03-30 00:59"), LONDON) == utc("2025-03-30 00:59")
    assert instant(local("2025-03-30 02:00"), LONDON) == utc("2025-03-30 01:00")
    assert clock_change(local("2025-07-01 01:30"), LONDON) is None
    assert clock_change(local("2025-10-26 01:30"), UTC) is None
    twice = clock_change(local("2025-10-26 01:30"), LONDON)
    assert (twice.kind, twice.wall_from.time(), twice.wall_to.time()) == ("twice", dt.time(2), dt.time(1))
    never = clock_change(local("2025-03-30 01:30"), LONDON)
    assert (never.kind, never.change) == ("never", utc("2025-03-30 01:00"))
    # Half-hour changes: Lord Howe Island goes back from 02:00 to 01:30.
    howe = clock_change(local("2025-04-06 01:45"), ZoneInfo("Australia/Lord_Howe"))
    assert howe.kind == "twice" and howe.wall_to.time() == dt.time(1, 30)


# --------------------------------------------------------------------------- the case: dst-fall-back
def test_a_slide_that_ended_in_the_repeated_hour_never_comes_back(dst_deck):
    deck = dst_deck.deck
    until = deck.slides[0]
    assert schedule.is_due(deck, until, utc("2025-10-26 00:29"))       # 01:29 BST
    for moment in ("2025-10-26 00:30", "2025-10-26 01:00", "2025-10-26 01:15", "2025-10-26 01:29",
                   "2025-10-26 01:30", "2025-10-27 00:00"):                # 01:30 BST, then 01:00-01:30 GMT
        assert not schedule.is_due(deck, until, utc(moment)), moment


def test_a_slide_from_a_skipped_time_starts_when_the_clocks_jump(dst_deck):
    deck = dst_deck.deck
    start = deck.slides[1]
    assert not schedule.is_due(deck, start, utc("2025-03-30 00:59"))   # 00:59 GMT
    assert schedule.is_due(deck, start, utc("2025-03-30 01:00"))       # 02:00 BST


def test_a_window_and_an_event_ending_in_the_repeated_hour_do_not_come_back(dst_deck):
    deck = dst_deck.deck
    night, events = deck.slides[2], deck.slides[3]
    assert schedule.is_due(deck, night, utc("2025-10-26 00:15"))       # 01:15 BST: inside 22:00-01:30
    assert not schedule.is_due(deck, night, utc("2025-10-26 01:15"))   # 01:15 GMT: it closed at 01:30 BST
    assert schedule.current_events(deck, events, utc("2025-10-26 00:15"))
    assert not schedule.current_events(deck, events, utc("2025-10-26 01:15"))


def test_validate_says_which_times_happen_twice_or_never_at_the_field(dst_deck):
    warnings = [p for p in dst_deck.problems if "happens twice" in p.message or "never happens" in p.message]
    found = {(p.line, p.col): p for p in warnings}
    until = found[(3, 55)]
    assert until.severity == "warning"
    assert until.message == ("slide 'until': show_until: 2025-10-26 01:30 happens twice in Europe/London: the "
                             "clocks go back from 02:00 to 01:00 that night; the kiosk uses the first, 01:30 BST "
                             "(UTC+01:00)")
    assert until.hint == "to be sure of the moment, choose a time before 01:00 or from 02:00"
    assert found[(4, 52)].message == (
        "slide 'from': show_from: 2025-03-30 01:30 never happens in Europe/London: the clocks go forward from "
        "01:00 to 02:00 that night; the kiosk takes it as the moment they change, 02:00 BST (UTC+01:00)")
    assert found[(10, 13)].message.startswith('slide \'night\': times "22:00-01:30": 2025-10-26 01:30 happens twice')
    assert found[(14, 68)].message.startswith("slide 'whats-on': event 'Night walk' end: 2025-10-26 01:30 happens")
    assert len(warnings) == 4


def test_a_time_on_an_ordinary_day_is_not_flagged(tmp_path):
    (tmp_path / "deck.yaml").write_text(DST_FALL_BACK.replace("2025-10-26 01:30", "2025-10-27 01:30")
                                        .replace("2025-03-30 01:30", "2025-03-31 01:30")
                                        .replace("date: 2025-10-26", "date: 2025-10-27")
                                        .replace("22:00-01:30", "22:00-00:30"), encoding="utf-8")
    result = load_deck(tmp_path, today=dt.date(2025, 1, 1))
    assert result.ok and not [p for p in result.problems if "happens" in p.message], result.problems


# --------------------------------------------------------------------------- --at
def test_at_refuses_a_time_that_never_happens(dst_deck, tmp_path, capsys):
    code = main(["render", str(dst_deck.folder), "--out", str(tmp_path / "out"), "--at", "2025-03-30 01:30"])
    err = capsys.readouterr().err
    assert code == 1
    assert ("kiosk: --at: 2025-03-30 01:30 never happens in Europe/London: the clocks go forward from 01:00 to "
            "02:00 that night; give a time before 01:00 or from 02:00") in err
    assert not (tmp_path / "out").exists()
    assert main(["run", str(dst_deck.folder), "--headless", "--at", "2025-03-30 01:30"]) == 1


def test_at_says_which_moment_a_repeated_time_is(dst_deck, capsys):
    from kiosk.cli import _at
    assert _at("2025-10-26 01:30", dst_deck.deck) == utc("2025-10-26 00:30")
    assert "2025-10-26 01:30 happens twice in Europe/London" in capsys.readouterr().err
    assert _at("2025-10-26 03:30", dst_deck.deck) == utc("2025-10-26 03:30")
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------- opening hours
def test_opening_hours_closed_in_the_repeated_hour_stay_closed():
    hours = OpeningHours.parse({"sat": ["18:00-01:30"]}, LONDON)
    assert hours.is_open(utc("2025-10-26 00:15"))          # 01:15 BST
    assert not hours.is_open(utc("2025-10-26 00:30"))      # 01:30 BST: closed
    assert not hours.is_open(utc("2025-10-26 01:15"))      # 01:15 GMT: still closed
    # (In UTC: Python never finds a local time in the repeated hour equal to one in another zone.)
    assert hours.next_change(utc("2025-10-26 00:15")).astimezone(UTC) == utc("2025-10-26 00:30")
    assert hours.next_change(utc("2025-10-26 00:30")).astimezone(UTC) == utc("2025-11-01 18:00")
    assert [(day, window, change.kind) for day, window, change in hours.clock_changes(dt.date(2025, 10, 1))] \
        == [("sat", "18:00-01:30", "twice")]


def test_kiosk_config_warns_of_opening_hours_at_a_time_that_never_happens(tmp_path, monkeypatch, capsys):
    (tmp_path / "settings.toml").write_text('timezone = "Europe/London"\n[opening_hours]\nsun = ["01:30-05:00"]\n',
                                            encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    assert main(["config", "--check"]) == 0  # a warning, not a problem with the file
    err = capsys.readouterr().err
    assert f'{tmp_path / "settings.toml"}:3:1: warning: opening_hours: sun "01:30-05:00": ' in err
    assert "never happens in Europe/London" in err and "the moment they change, 02:00 BST" in err


@pytest.mark.parametrize("table", ["", "mon = []\nsun = []\n"], ids=["empty", "empty-days"])
def test_kiosk_config_warns_of_opening_hours_that_open_on_no_day(tmp_path, monkeypatch, capsys, table):
    (tmp_path / "settings.toml").write_text(f"[opening_hours]\n{table}", encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    assert main(["config", "--check"]) == 0  # closed every day may be meant: a warning
    err = capsys.readouterr().err
    assert f'{tmp_path / "settings.toml"}:1:1: warning: opening_hours: no day has a window' in err
    (tmp_path / "settings.toml").write_text('[opening_hours]\nmon = ["09:00-17:00"]\n', encoding="utf-8")
    assert main(["config", "--check"]) == 0
    assert "no day has a window" not in capsys.readouterr().err


# --------------------------------------------------------------------------- properties
ZONES = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Europe/Dublin"]
#: For each zone, the local dates around its clock changes in 2025.
CHANGE_DAYS = {name: change_days(ZoneInfo(name), dt.date(2025, 1, 1), dt.date(2025, 12, 31)) for name in ZONES}


@st.composite
def around_a_change(draw):
    """(zone name, a local wall time near a clock change, sorted real instants around it)."""
    name = draw(st.sampled_from(ZONES))
    day = draw(st.sampled_from(CHANGE_DAYS[name]))
    midnight = dt.datetime.combine(day, dt.time())
    wall = midnight + dt.timedelta(minutes=draw(st.integers(-120, 36 * 60)))
    origin = instant(midnight, ZoneInfo(name))
    offsets = draw(st.lists(st.integers(-6 * 3600, 48 * 3600), min_size=2, max_size=40))
    return name, wall, [origin + dt.timedelta(seconds=s) for s in sorted(offsets)]


def _deck(zone: str, **fields) -> Deck:
    slide = {"id": "s", "type": "title", "title": "S", **fields}
    return Deck.model_validate({"deck": {"id": "d", "title": "D", "timezone": zone}, "slides": [slide]})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(around_a_change())
def test_show_until_and_show_from_are_monotone_in_real_time(case):
    """Once real time is past show_until the slide is never due again; once due by show_from it stays."""
    zone, wall, instants = case
    text = f"{wall:%Y-%m-%d %H:%M}"
    until, start = _deck(zone, show_until=text), _deck(zone, show_from=text)
    due_until = [schedule.is_due(until, until.slides[0], moment) for moment in instants]
    due_from = [schedule.is_due(start, start.slides[0], moment) for moment in instants]
    assert due_until == sorted(due_until, reverse=True), (text, instants)
    assert due_from == sorted(due_from), (text, instants)
    # And the edge is the instant the rule gives.
    edge = instant(wall, ZoneInfo(zone))
    assert all(d == (m < edge) for d, m in zip(due_until, instants))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(around_a_change(), st.integers(0, 23 * 60 + 59), st.integers(1, 24 * 60 - 1))
def test_opening_hours_change_only_at_next_change(case, start, length):
    """Between a moment and its next_change the state holds; at next_change it flips."""
    zone, _wall, instants = case
    end = (start + length) % (24 * 60) or 24 * 60
    window = f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    hours = OpeningHours.parse({day: [window] for day in ("sat", "sun", "mon")}, zone)
    now = instants[0]
    change = hours.next_change(now)
    state = hours.is_open(now)
    if change is not None:
        assert hours.is_open(change) != state
        before = change.astimezone(UTC) - dt.timedelta(seconds=1)  # (aware arithmetic in a zone is wall time)
        assert before < now or hours.is_open(before) == state
    for moment in instants[1:]:
        if change is None or moment < change:
            assert hours.is_open(moment) == state, (window, now, moment, change)
