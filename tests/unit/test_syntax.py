"""Plain explanations of YAML syntax mistakes, at the line where each was made (kiosk.deck.syntax)."""

from __future__ import annotations

import pytest

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
