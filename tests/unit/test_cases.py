"""Every case in cases/ (faults real kiosk, signage, YAML and QR software shipped) with its right value."""

from __future__ import annotations

import shutil

from helpers import CASES
from kiosk.deck import load_deck
from kiosk.player.navigator import Navigator, Position
from kiosk.player.views import view


def messages(result):
    return [str(p) for p in result.problems]


def test_norway_language_code_and_off_label_stay_text():
    result = load_deck(CASES / "yaml-norway.yaml")
    assert result.ok, messages(result)
    deck = result.deck
    assert deck.deck.languages == ["en", "no"]
    slide = deck.slides[0]
    assert slide.title == {"en": "Are you safe?", "no": "Er du trygg?"}
    assert [b.label for b in slide.buttons] == ["Yes", "Off"]
    assert view(deck, Position(0), "no")["title"] == "Er du trygg?"


def test_boolean_where_text_is_needed_is_an_error_with_position(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X, languages: [en, true]}
        slides:
          - {id: a, type: text, title: true}
        """)
    result = load_deck(folder)
    assert not result.ok
    text = messages(result)
    assert any(":1:" in m and "languages" in m and "language code" in m for m in text), text
    assert any(":3:" in m and "field 'title'" in m and "must be text" in m for m in text), text


def test_times_are_never_sexagesimal_numbers():
    result = load_deck(CASES / "yaml-times.yaml")
    assert result.deck is not None, messages(result)
    events = view(result.deck, Position(0))["events"]
    assert [e["time"] for e in events] == ["09:05", "10:30–12:00", "09:30"]
    assert all(isinstance(e["time"], str) for e in events)


def test_duplicate_key_names_both_places_and_never_runs_80s():
    result = load_deck(CASES / "yaml-duplicate-key.yaml")
    assert result.deck is None
    dup = [p for p in result.problems if "duplicate key 'duration'" in p.message]
    assert len(dup) == 1
    assert dup[0].is_error
    assert "line 5, col 50" in dup[0].message and "line 5, col 77" in dup[0].message
    assert (dup[0].line, dup[0].col) == (5, 77)


def test_duplicate_key_on_separate_lines(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X}
        slides:
          - id: a
            type: text
            title: Hello
            duration: 8
            duration: 80
        """)
    result = load_deck(folder)
    assert result.deck is None
    assert any("first set on line 6" in p.message and "line 7" in p.message for p in result.problems)


def test_zero_duration_rejected_with_position():
    result = load_deck(CASES / "duration-zero.yaml")
    assert result.deck is None
    assert [line for line in messages(result) if ": error: " in line] == [  # and the deck has no helpline slide
        f"{result.problems[0].file}:5:57: error: slide 'only': field 'duration': 0 seconds is too short: it must be "
        "from 3 to 86400 seconds (a day), so it can be read and the screen never flashes (WCAG 2.3.1)"
        " — seconds as a plain number, e.g. duration: 15, or remove it to use the deck's dwell"]


def test_negative_and_text_durations_rejected(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X, dwell: -3}
        slides:
          - {id: a, type: text, title: A, duration: "10s"}
        """)
    text = messages(load_deck(folder))
    assert any(":1:" in m and "dwell" in m and "-3 seconds is too short: it must be from 3 to 86400" in m
               for m in text), text
    assert any(":3:" in m and "duration" in m and "number of seconds" in m for m in text), text


def test_one_slide_deck_stays_put_and_counts_a_cycle_every_dwell(write_deck):
    folder = write_deck("""
        deck: {id: one, title: One}
        slides:
          - {id: only, type: text, title: Only slide, duration: 5}
        """)
    result = load_deck(folder)
    assert result.ok
    shown = []
    nav = Navigator(result.deck, 0.0, on_show=shown.append)
    assert nav.next_deadline() == 5.0
    assert nav.tick(4.9) is None
    for t in (5, 10, 15):
        assert nav.tick(t).position == Position(0)
    assert [(s.changed, s.cycle_completed) for s in shown] == [(False, True)] * 3
    assert nav.cycles == 3 and nav.next_deadline() == 20.0


def test_dark_theme_case_is_refused_for_contrast_not_for_its_qr():
    result = load_deck(CASES / "dark-theme-qr.yaml")
    assert result.deck is None
    text = messages(result)
    assert all("contrast" in m for m in text), text
    assert any("'accent' (" in m and "on 'background' (" in m and "1.00:1" in m for m in text), text


def test_mixed_scripts_load_with_comma_below_letters(tmp_path):
    shutil.copy(CASES / "mixed-scripts.yaml", tmp_path / "deck.yaml")
    result = load_deck(tmp_path)
    assert result.ok, messages(result)
    ro = view(result.deck, Position(0), "ro")["title"]
    assert "Ș" in ro and "ț" in ro
    assert "Ş" not in ro and "ţ" not in ro  # never the cedilla forms
