"""Daily windows: one grammar for a deck's ``times`` and the settings' ``opening_hours``."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import health
from kiosk import settings as kiosk_settings
from kiosk.deck import load_deck
from kiosk.deck.windows import (
    EMPTY_MESSAGE,
    RANGE_MESSAGE,
    SHAPE_MESSAGE,
    WHOLE_DAY,
    DailyWindow,
)
from kiosk.player import schedule
from kiosk.player.hours import OpeningHours

WRITINGS = {  # how a window may be written -> what it is
    "09:00-17:00": DailyWindow(540, 1020),
    " 9:00 - 17:00 ": DailyWindow(540, 1020),
    "09:00–17:00": DailyWindow(540, 1020),  # an en dash
    "09:00 – 17:00": DailyWindow(540, 1020),
    "9:00 to 17:00": DailyWindow(540, 1020),
    "00:00-24:00": WHOLE_DAY,
    "18:00 to 24:00": DailyWindow(1080, 1440),
    "22:00-02:00": DailyWindow(1320, 120),  # past midnight
}
WRONG = {
    "9-5": SHAPE_MESSAGE, "09:00": SHAPE_MESSAGE, "09:00 until 17:00": SHAPE_MESSAGE, "": SHAPE_MESSAGE,
    "25:00-26:00": RANGE_MESSAGE, "09:00-24:30": RANGE_MESSAGE, "09:60-10:00": RANGE_MESSAGE,
    "24:00-02:00": RANGE_MESSAGE, "09:00-09:00": EMPTY_MESSAGE,
}


@pytest.mark.parametrize("text, window", list(WRITINGS.items()))
def test_every_writing_of_a_window_is_read(text, window):
    assert DailyWindow.parse(text) == window


@pytest.mark.parametrize("text, message", list(WRONG.items()))
def test_a_wrong_window_says_what_is_wrong(text, message):
    with pytest.raises(ValueError) as caught:
        DailyWindow.parse(text)
    assert str(caught.value) == message


def test_a_window_past_midnight_closes_the_next_day_and_24_00_at_midnight():
    day = dt.date(2026, 3, 6)
    late = DailyWindow.parse("22:00-02:00")
    assert (late.opens(day), late.closes(day)) == (dt.datetime(2026, 3, 6, 22), dt.datetime(2026, 3, 7, 2))
    assert WHOLE_DAY.closes(day) == dt.datetime(2026, 3, 7) and not WHOLE_DAY.past_midnight
    assert str(late) == "22:00-02:00" and str(WHOLE_DAY) == "00:00-24:00"


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 1439), st.integers(0, 1440), st.sampled_from(["-", " - ", "–", " to "]))
def test_a_window_reads_back_as_written(start, end, joiner):
    text = f"{start // 60}:{start % 60:02d}{joiner}{end // 60:02d}:{end % 60:02d}"
    if start == end:
        with pytest.raises(ValueError):
            DailyWindow.parse(text)
        return
    window = DailyWindow.parse(text)
    assert (window.start, window.end) == (start, end)
    assert DailyWindow.parse(str(window)) == window
    day = dt.date(2026, 6, 1)
    assert dt.timedelta(0) < window.closes(day) - window.opens(day) <= dt.timedelta(days=1)


def test_a_deck_takes_24_00_and_the_other_writings(write_deck):
    folder = write_deck("""
        deck: {id: windows, title: Windows, dwell: 10, idle_timeout: 45}
        slides:
          - {id: first, type: title, title: First}
          - {id: evening, type: title, title: Evening, times: ["18:00 to 24:00", "00:00–01:00"]}
        """)
    result = load_deck(folder, today=dt.date(2019, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    evening = result.deck.slides[1]
    assert evening.times == [DailyWindow(1080, 1440), DailyWindow(0, 60)]
    due = [result.deck.slides[i].id for i in schedule.due_slides(result.deck, dt.datetime(2019, 7, 1, 22, 59, tzinfo=dt.UTC))]
    assert due == ["first", "evening"]  # 23:59 in London (BST)
    assert [result.deck.slides[i].id for i in schedule.due_slides(
        result.deck, dt.datetime(2019, 7, 1, 16, 0, tzinfo=dt.UTC))] == ["first"]


def test_a_deck_window_that_starts_and_ends_together_is_refused(write_deck):
    folder = write_deck("""
        deck: {id: windows, title: Windows, dwell: 10, idle_timeout: 45}
        slides:
          - {id: first, type: title, title: First, times: ["09:00-09:00"]}
        """)
    result = load_deck(folder, today=dt.date(2019, 1, 1))
    assert not result.ok
    assert any(EMPTY_MESSAGE in str(p) for p in result.problems)


def test_opening_hours_take_the_en_dash_and_to(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    health.clear()
    (tmp_path / "settings.toml").write_text('[opening_hours]\nmon = ["09:00 – 12:00", "13:00 to 17:00"]\n'
                                            'tue = ["9-5"]\n', encoding="utf-8")
    effective = kiosk_settings.load()
    assert effective.settings.opening_hours["mon"] == ["09:00 – 12:00", "13:00 to 17:00"]
    [problem] = effective.problems
    assert f"tue: '9-5' {SHAPE_MESSAGE}" in str(problem)
    hours = OpeningHours.parse(effective.settings.opening_hours, "Europe/London")
    monday = dt.datetime(2026, 11, 30, 12, 30, tzinfo=dt.UTC)
    assert not hours.is_open(monday) and hours.is_open(monday + dt.timedelta(hours=1))


# One rule for a day of the week, in a deck's weekdays and the settings' opening hours alike.

from kiosk.deck.windows import WEEKDAYS, days_meant, weekday  # noqa: E402


def test_only_the_three_letter_names_are_days():
    assert [weekday(day) for day in WEEKDAYS] == list(WEEKDAYS)
    for written, fix in [("mon-fri", "write [mon, tue, wed, thu, fri]"), ("sat,sun", "write [sat, sun]"),
                         ("Sunday", "write sun"), ("sunday", "write sun"), ("Sun", "write sun"),
                         ("sunny", "did you mean 'sun'?"), ("weekend", "write [sat, sun]")]:
        with pytest.raises(ValueError) as raised:
            weekday(written)
        assert str(raised.value).endswith(" — " + fix), written


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=7, unique=True),
       st.sampled_from([",", ", ", " and ", " ", ";"]), st.booleans())
def test_days_written_as_one_piece_are_read_as_meant(days, joiner, full):
    """Never only the first: every day a piece names is in the fix, in the order written."""
    names = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
             "sat": "Saturday", "sun": "Sunday"}
    text = joiner.join(names[d] if full else d for d in days)
    assert days_meant(text) == days
    with pytest.raises(ValueError, match=r"names \d days as one item"):
        weekday(text)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(WEEKDAYS), st.integers(0, 6))
def test_a_range_wraps_past_sunday(first, length):
    start = WEEKDAYS.index(first)
    last = WEEKDAYS[(start + length) % 7]
    meant = days_meant(f"{first}-{last}")
    assert meant == [WEEKDAYS[(start + i) % 7] for i in range(length + 1)]


def test_a_slide_with_days_as_one_piece_is_refused_at_the_item(tmp_path):
    (tmp_path / "deck.yaml").write_text(
        'deck: {id: d, title: D}\nslides:\n  - {id: a, type: title, title: A, weekdays: ["mon-fri"]}\n',
        encoding="utf-8")
    errors = [p for p in load_deck(tmp_path).problems if p.severity == "error"]
    assert [(p.line, p.col, p.hint) for p in errors] == [(3, 47, "write weekdays: [mon, tue, wed, thu, fri]")]


def test_the_settings_read_a_day_written_in_full_as_that_day_and_say_how_to_write_it(tmp_path):
    """A deck is checked before it plays, so it is refused; a settings mistake never darkens the
    kiosk on a day it should be open, so the day is read as meant, and said."""
    file = tmp_path / "settings.toml"
    file.write_text('[opening_hours]\nsunday = ["10:00-12:00"]\n', encoding="utf-8")
    effective = kiosk_settings.load(file)
    assert any("unknown day 'sunday', read as 'sun'" in str(p) and "did you mean 'sun'" in p.hint
               for p in effective.problems)
    assert str(effective.settings.opening_hours) == "{'sun': ['10:00-12:00']}"
