"""Characters no deck file may hold (a vertical tab from Word, an escape, a paragraph separator)
are told at their real line and column in plain words, wherever they are in the file; and line
separators written as escapes in a text are refused with the advice to write a line break."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck import syntax
from kiosk.deck.chars import why_refused
from kiosk.deck.source import read_yaml

DECK = """deck: {id: d, title: A deck, languages: [en]}
slides:
  - id: one
    type: title
    title: "Spot the signs"
    subtitle: Call us any time
"""
#: (A NUL makes the file binary, told as such by the reader.)
REFUSED = "\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u2028\u2029\ufffe"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(0, len(DECK)), ch=st.sampled_from(REFUSED))
def test_a_refused_character_anywhere_is_told_where_it_is(tmp_path, at, ch):
    text = DECK[:at] + ch + DECK[at:]
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    doc = read_yaml(tmp_path / "deck.yaml", "deck.yaml")
    line = DECK[:at].count("\n") + 1
    col = at - (DECK.rfind("\n", 0, at) + 1) + 1
    assert doc.data is None
    assert [(p.line, p.col) for p in doc.problems] == [(line, col)]
    problem = doc.problems[0]
    assert f"U+{ord(ch):04X}" in problem.message and "no deck file may hold" in problem.message
    assert "YAML syntax" not in problem.message and "\\x" not in problem.message and ch not in str(problem)


def test_the_vertical_tab_is_named_with_its_source_and_fix():
    [found] = syntax.refused_chars("a: b\nc: d\x0be\n")
    assert (found.line, found.col) == (2, 5)
    assert found.message.startswith("a vertical tab (U+000B, what Word inserts for Shift+Enter)")
    assert found.hint.startswith("replace it with a line break")


def test_many_are_told_in_a_few_lines():
    found = syntax.refused_chars("x\x1b" * 50)
    assert len(found) == syntax.RAW_SHOWN + 1 and "40 more" in found[-1].message


@pytest.mark.parametrize("ch", ["\u2028", "\u2029", "\x85"])
def test_line_separators_in_a_text_are_refused_with_a_line_break_as_fix(ch):
    said = why_refused(f"paragraph.{ch}Second")
    assert said is not None and "write a line break instead" in said and "character 11" in said
    assert why_refused("paragraph.\nSecond") is None
