"""A long value quoted in a problem is shown by its start and its length, spaces and quote marks
inside it or not: a 3,000-character title of words makes no 3,000-character line, on the terminal
or the staff screen (kiosk.deck.chars.long_values_shortened, which every Problem passes)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.deck.chars import LONGEST_MESSAGE, LONGEST_SHOWN, SHOWN_START, long_values_shortened
from kiosk.deck.problems import Problem

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéß", min_size=1, max_size=12)
#: Words with quote marks inside, as people write them in a title: it's, "quoted", o'clock.
INSIDE_WORDS = st.one_of(WORD, WORD.map(lambda w: f"{w}'s"), WORD.map(lambda w: f'"{w}"'),
                         WORD.map(lambda w: f"o'{w}"), st.sampled_from(["—", "…", '"', "(1)"]))
#: Any quote marks anywhere, lone ones at a word's end too ('a', visitors', ' '), which can
#: look like the end of the quoted value.
ANY_WORDS = st.one_of(INSIDE_WORDS, WORD.map(lambda w: f"'{w}'"), WORD.map(lambda w: f"{w}'"), st.sampled_from(["'", "' '"]))
TITLE = st.lists(INSIDE_WORDS, min_size=30, max_size=400).map(" ".join).filter(lambda t: len(t) > LONGEST_SHOWN)
LONG_TEXT = st.lists(ANY_WORDS, min_size=30, max_size=500).map(" ".join).filter(lambda t: len(t) > LONGEST_SHOWN)
#: Messages as the checks word them, each quoting the value once.
TEMPLATES = ("slide '{}': field 'title': text is cut", "unknown slide type '{}'", 'times "{}" are not a time window',
             "events '{}' on 2030-10-19, 'b' on 2030-10-20: each is cut")


def test_a_long_title_of_words_is_shown_by_its_start_and_length():
    title = " ".join(["slavery"] * 400)
    problem = Problem("deck.yaml", 3, 5, f"slide 'a': field 'title': text '{title}' is too long", "shorten it")
    assert problem.message == f"slide 'a': field 'title': text '{title[:SHOWN_START]}… (3,199 characters)' is too long"
    # Short values, and the message's own words after a long one, are kept as they are.
    problem = Problem("deck.yaml", 3, 5, f"slide '{title}': unknown slide type 'txt'", "did you mean 'text'?")
    assert problem.message == f"slide '{title[:SHOWN_START]}… (3,199 characters)': unknown slide type 'txt'"
    assert problem.hint == "did you mean 'text'?"
    said = ("slide 'It's open': event 'Dawn walk' start: times \"01:15-05:00\" never happens in Europe/London; "
            "events 'Event 0 at the library' on 2030-10-19 and 'Event 1' are cut, in "
            "/home/kiosk/.local/share/kiosk/library/freedom-week-2019/slides/events/deck.yaml")
    assert len(said) > 2 * LONGEST_SHOWN
    assert long_values_shortened(said) == said


@settings(max_examples=60, deadline=None)
@given(value=TITLE)
def test_a_long_text_with_spaces_and_quotes_is_shown_by_its_start_and_length(value):
    """The words of the message around the value are kept, and its length is given exactly."""
    for template in TEMPLATES:
        if template.startswith("times"):  # a value between double quotes holds no double quote (repr's way)
            value = value.replace('"', "“")
        problem = Problem("deck.yaml", 3, 5, template.format(value), "did you mean 'text'?")
        assert problem.message == template.format(f"{value[:SHOWN_START]}… ({len(value):,} characters)"), problem.message
        assert len(str(problem)) < 250


@settings(max_examples=60, deadline=None)
@given(value=LONG_TEXT)
def test_every_line_quoting_a_long_text_stays_short(value):
    """Whatever quote marks the value holds, no message or hint is longer than LONGEST_MESSAGE,
    and one that quotes more than that many characters says a length."""
    for template in TEMPLATES:
        problem = Problem("deck.yaml", 3, 5, template.format(value), f"did you mean '{value}'?")
        for said in (problem.message, problem.hint):
            assert len(said) <= LONGEST_MESSAGE, said
        if len(value) > LONGEST_MESSAGE:
            assert "characters)" in problem.message and "characters)" in problem.hint, str(problem)


@settings(max_examples=25, deadline=None)
@given(value=TITLE)
def test_a_deck_with_a_long_text_gives_short_lines(tmp_path_factory, value):
    """A long slide id and slide type of words and quote marks, in a deck: each line the check
    prints stays short and gives a length."""
    deck = tmp_path_factory.mktemp("deck")
    (deck / "deck.yaml").write_text(
        "deck: {id: x, title: X}\nslides:\n"
        f"  - {{id: {json.dumps(value)}, type: {json.dumps(value)}, title: Hi}}\n", encoding="utf-8")
    lines = [str(problem) for problem in load_deck(deck).problems]
    quoting = [line for line in lines if value[:SHOWN_START] in line or "characters)" in line]
    assert quoting, lines
    for line in lines:
        assert len(line) < 2 * LONGEST_MESSAGE + 100, line
    for line in quoting:
        assert "characters)" in line, line
