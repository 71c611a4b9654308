"""Plain explanations of YAML syntax mistakes, at the line where each was made (kiosk.deck.syntax)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck.source import read_yaml
from kiosk.deck.syntax import diagnose, error_mark

DECK = """\
deck:
  id: x
  title: X
  theme: {background: "#0e2238"}
slides:
  - id: who-we-are
    type: text
    title: Who we are
    bullets:
      - We train staff.
      - We support people.
  - id: end
    type: title
    title: "Goodbye"
"""


def broken(old: str, new: str) -> str:
    assert old in DECK
    return DECK.replace(old, new, 1)


@pytest.mark.parametrize("text, line, col, message, hint", [
    (broken("title: Who we are", 'title: "Who we are'), 8, 12,
     "a quote opened here is never closed", 'end the text with " on the same line'),
    (broken("title: Who we are", "title: 'Who we are"), 8, 12,
     "a quote opened here is never closed", "end the text with ' on the same line"),
    (broken('"#0e2238"', "#0e2238"), 4, 23,
     "colours need quotes: YAML reads # as the start of a comment", 'write "#0e2238"'),
    (broken("title: Who we are", "title: Note: who we are"), 8, 12,
     "text containing ': ' must be in quotes", 'write title: "Note: who we are"'),
    (broken("- We support", "-We support"), 11, 7,
     "a list item needs a space after the dash", "write '- We support people.'"),
    (broken("    title: Who we are", "      title: Who we are"), 8, 7,
     "this line is indented more than the lines around it", "line it up with the field above ('type:' on line 7)"),
    (broken("  - id: end", "    - id: end"), 12, 5,
     "this line is indented more than the lines around it", "line it up with the field above ('id:' on line 6)"),
    (broken('{background: "#0e2238"}', '{background: "#0e2238"'), 4, 10,
     "a { opened here is never closed", "end it with } on the same line"),
])
def test_everyday_mistakes_are_named_plainly_where_they_were_made(tmp_path, text, line, col, message, hint):
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    (problem,) = read_yaml(tmp_path / "deck.yaml").problems
    assert (problem.line, problem.col, problem.message, problem.hint) == (line, col, message, hint)


def test_the_unclosed_quote_is_named_even_when_the_parser_stops_lines_later():
    text = broken("title: Who we are", 'title: "Who we are')
    assert error_mark(text)[0] == 14  # where the next quote confuses the parser
    assert diagnose(text, *error_mark(text)).line == 8


def test_quotes_that_are_closed_or_escaped_are_not_blamed():
    text = 'a: "He said \\"hi\\" and: left"\nb: \'it\'\'s\'\nc: [1, 2]\nd: x\n- y\n'
    mark = error_mark(text)
    assert mark == (5, 1) and diagnose(text, *mark) is None


def test_an_unexplained_mistake_keeps_the_parsers_words(tmp_path):
    (tmp_path / "deck.yaml").write_text("deck: x\n- y\n", encoding="utf-8")
    (problem,) = read_yaml(tmp_path / "deck.yaml").problems
    assert problem.message.startswith("YAML syntax: ") and (problem.line, problem.col) == (2, 1)
    assert problem.hint == "check indentation, colons and quotes on this line and the one above"


def test_a_valid_file_has_no_error_mark():
    assert error_mark(DECK) is None


# --------------------------------------------------------------------------- quotes left open in { } and [ ]
FLOW = """\
deck: {id: fq, title: FQ, organisation: T, languages: [en, fr]}
slides:
  - {id: one, type: title, title: "One", subtitle: 'it''s here'}
  - {id: t, type: text, title: T, bullets: [plain, 'say "hi"', "it's"]}
  - {id: help, type: helpline, name: Helpline, phone: "08000 121 700", hours: 24/7,
     url: "https://www.modernslaveryhelpline.org"}
"""
#: The deck as first found with this mistake: the open text runs on to the next line's quotes.
ONE_LINE = """\
deck: {id: fq, title: FQ, organisation: T, languages: [en]}
slides:
  - {id: one, type: title, title: "One}
  - {id: help, type: helpline, name: Helpline, phone: "08000 121 700", hours: 24/7, url: "https://www.modernslaveryhelpline.org"}
"""
HELPLINE = ONE_LINE.splitlines(keepends=True)[3]


def flow(old: str, new: str) -> str:
    assert old in FLOW
    return FLOW.replace(old, new, 1)


@pytest.mark.parametrize("text, line, col, hint", [
    pytest.param(ONE_LINE, 3, 35, 'end the text with " on the same line, before the }', id="mapping"),
    pytest.param(ONE_LINE.replace('"One}', "'One}"), 3, 35, "end the text with ' on the same line, before the }",
                 id="mapping-single"),
    pytest.param(flow("[en, fr]", '[en, "fr]'), 1, 60, 'end the text with " on the same line, before the ]',
                 id="sequence"),
    pytest.param(flow("[en, fr]", "[en, 'fr]"), 1, 60, "end the text with ' on the same line, before the ]",
                 id="sequence-single"),
    pytest.param(flow('"it\'s"]', '"it\'s]'), 4, 64, 'end the text with " on the same line, before the ]',
                 id="nested"),
    pytest.param(flow("fr]}", 'fr], theme: {background: "#0e2238}}'), 1, 85,
                 'end the text with " on the same line, before the }', id="nested-twice"),
    pytest.param(flow('title: "One"', '"title: One'), 3, 28, 'end the text with " on the same line, before the }',
                 id="key"),
    pytest.param(ONE_LINE.replace('{id: one, type: title, title: "One}', '{"id: one, type: title, title: One}'), 3, 6,
                 'end the text with " on the same line, before the }', id="first-key"),
    pytest.param(ONE_LINE.replace("  - {id: one, type: title, title: \"One}\n",
                                  "  - id: one\n    type: title\n    title: \"One\n"),
                 5, 12, 'end the text with " on the same line', id="block-then-flow"),
    pytest.param(ONE_LINE.replace('"One}\n', '"One\n      more}\n'), 3, 35, 'end the text with " on line 4, before the }',
                 id="spans-lines"),
    pytest.param(flow('"https://www.modernslaveryhelpline.org"}', '"https://www.modernslaveryhelpline.org}'), 6, 11,
                 'end the text with " on the same line, before the }', id="last-line"),
    pytest.param(ONE_LINE.replace(HELPLINE, "").replace("  - {id: one", HELPLINE + "  - {id: one"), 4, 35,
                 'end the text with " on the same line, before the }', id="last-slide"),
])
def test_a_quote_left_open_in_a_flow_collection_is_named_at_the_quote(tmp_path, text, line, col, hint):
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    (problem,) = read_yaml(tmp_path / "deck.yaml").problems
    assert (problem.line, problem.col, problem.message, problem.hint) == (
        line, col, "a quote opened here is never closed", hint)


def test_closed_quotes_and_quotes_inside_quotes_are_not_blamed_for_a_later_mistake(tmp_path):
    text = FLOW + "  -{id: x, type: title, title: X}\n"  # no space after the dash
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    (problem,) = read_yaml(tmp_path / "deck.yaml").problems
    assert "quote" not in problem.message and problem.line == 7


def test_a_quote_closed_by_the_next_texts_opening_quote_is_named_at_its_own(tmp_path):
    """``"it's, 'say "hi"'``: the open text ends at the next double quote, so the parser stops on
    the same line but names the word after it; the message names the first quote instead."""
    text = flow("'say \"hi\"', \"it's\"", "\"it's, 'say \"hi\"'")
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    (problem,) = read_yaml(tmp_path / "deck.yaml").problems
    assert (problem.line, problem.col, problem.message, problem.hint) == (
        4, 52, "a quote opened here is never closed", 'end the text with " on the same line, where the text ends')



def test_a_text_written_over_two_lines_on_purpose_is_not_blamed_for_one_left_open_below(tmp_path):
    text = flow("title: T, bullets: [plain,", 'title: "Two\n       lines", bullets: [plain,')
    text = text.replace('"it\'s"]', '"it\'s]')
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    (problem,) = read_yaml(tmp_path / "deck.yaml").problems
    assert (problem.line, problem.col, problem.message, problem.hint) == (
        5, 45, "a quote opened here is never closed", 'end the text with " on the same line, before the ]')


# --------------------------------------------------------------------------- the kind, by property
#: Text for quoted values: words, and the characters that open, close or escape quotes in YAML. Not
#: a quote just before a comma or bracket ('say "no", then'): a text left open above would end at
#: it as a text written over several lines ends, and which of the two is the mistake cannot be told.
TEXT = st.text(alphabet="abcXYZ 0129,:.!?#-'\"\\", min_size=1, max_size=12).filter(
    lambda text: re.search(r"[\"']\s*[,\]}]", text) is None)
#: Text for a value written over two lines: words only (with commas, brackets or quotes too, a text
#: left open above may end inside it, at a quote that could as well have opened or closed a text).
PLAIN = re.compile(r"[A-Za-z0-9 .!?-]+")


def quote(text: str, char: str) -> str:
    """``text`` as a YAML quoted scalar in ``char`` quotes (escapes per YAML 1.2, 7.3.1 and 7.3.2)."""
    if char == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + text.replace("'", "''") + "'"


@st.composite
def flow_deck(draw) -> tuple[str, list[tuple[int, int, int]]]:
    """A deck written in flow style (``{...}`` and ``[...]``, some spread over two lines), with its
    quoted values (some going on over the next line, some keys): for each, the 1-based line and
    column of its opening quote and the index of its closing quote in the text."""
    text = ""
    quoted: list[tuple[int, int, int]] = []

    def value(words: str | None = None) -> str:
        nonlocal text
        words = words or draw(TEXT)
        written = quote(words, draw(st.sampled_from("\"'")))
        if " " in words and PLAIN.fullmatch(words) and draw(st.booleans()):
            written = written.replace(" ", "\n       ", 1)  # read back as one space
        line = text.count("\n") + 1
        quoted.append((line, len(text) - (text.rfind("\n") + 1) + 1, len(text) + len(written) - 1))
        return written

    def add(part: str) -> None:
        nonlocal text
        text += part

    add("deck: {id: d, title: ")
    add(value())
    add(", languages: [en]}\nslides:\n")
    for number in range(draw(st.integers(1, 3))):
        add(f"  - {{id: s{number}, type: text, ")
        add(value("title") if draw(st.booleans()) else "title")
        add(": ")
        add(value())
        add(",\n     bullets: [" if draw(st.booleans()) else ", bullets: [")
        for item in range(draw(st.integers(1, 3))):
            add(", " if item else "")
            add(value())
        add("]}\n")
    return text, quoted


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deck=flow_deck(), data=st.data())
def test_a_closing_quote_taken_from_a_flow_deck_is_named_at_its_opening_quote(tmp_path, deck, data):
    text, quoted = deck
    assert error_mark(text) is None  # the deck as written parses
    line, col, close = data.draw(st.sampled_from(quoted))
    broken_text = text[:close] + text[close + 1:]
    (tmp_path / "deck.yaml").write_text(broken_text, encoding="utf-8")
    doc = read_yaml(tmp_path / "deck.yaml")
    if doc.data is not None:  # the open quote ended at a later one and still made YAML
        assert all(p.line >= 1 and p.message and p.hint for p in doc.problems)
        return
    (problem,) = doc.problems
    assert problem.line == line, (broken_text, problem)
    if problem.message == "a quote opened here is never closed":  # at this quote, or one it made look open
        assert broken_text.splitlines()[line - 1][problem.col - 1] in "\"'"


# --------------------------------------------------------------------------- a second document

@pytest.mark.parametrize("after, line, col, message, hint", [
    ("---\nnotes: x\n", 15, 1, "a second YAML document starts here",
     "a deck is one document: remove this '---' line, or what follows it"),
    ("...\nnotes: [draft\n", 16, 1, "a second YAML document starts here, after the end marker '...' on line 15",
     "a deck is one document, which '...' ends: remove the '...' line (line 15), or what follows it"),
    ("...\n---\nnotes: x\n", 16, 1, "a second YAML document starts here",
     "a deck is one document: remove this '---' line, or what follows it"),
    ("...\n%YAML 1.2\n---\nnotes: x\n", 16, 1, "a second YAML document starts here, with the directive '%YAML'",
     "a deck is one document: remove this line, and what follows it"),
    ("... notes\n", 15, 5, "text follows the YAML end marker '...' on its line",
     "a deck is one document, which '...' ends: remove the '...', or the '...' and what follows it"),
])
def test_a_second_document_is_named_by_the_marker_written(tmp_path, after, line, col, message, hint):
    (tmp_path / "deck.yaml").write_text(DECK + after, encoding="utf-8")
    (problem,) = read_yaml(tmp_path / "deck.yaml").problems
    assert (problem.line, problem.col, problem.message, problem.hint) == (line, col, message, hint)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(markers=st.lists(st.sampled_from(["---", "...", "... x", "%YAML 1.2\n---", "# note"]), min_size=1, max_size=3),
       tail=st.sampled_from(["notes: x", "[draft", "- item", ""]))
def test_a_message_about_documents_names_only_markers_the_file_holds(tmp_path, markers, tail):
    text = DECK + "\n".join(markers) + "\n" + tail + "\n"
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    for problem in read_yaml(tmp_path / "deck.yaml").problems:
        said = str(problem)
        if "'---'" in said:
            assert lines[problem.line - 1].startswith("---"), (text, said)
        if "'...'" in said:
            assert any(line.startswith("...") for line in lines[:problem.line]), (text, said)
        named = re.search(r"'\.\.\.' on line (\d+)|\(line (\d+)\)", said)
        if named:
            assert lines[int(named.group(1) or named.group(2)) - 1].startswith("..."), (text, said)
