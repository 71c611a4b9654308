"""YAML features a deck does not use, each one located error at its place, with no follow-on
message about what the feature would have meant (kiosk.deck.source).

A merge key (``<<: *defaults``) is refused at the ``<<``, but the mapping is still built as the
merge means, every merged value at the line it is written on, so the model's messages are about
the deck ("slide has no 'type'" would only repeat the merge key's error). Both parsers (libyaml's,
ruamel.yaml's) must build the same.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.deck.source import SourceDoc, _fast_build, _full_build, read_yaml

HEAD = "deck: {id: t, title: T, languages: [en]}\n"
HELPLINE = '  - {id: help, type: helpline, phone: "08000 121 700"}\n'


def errors(tmp_path, text: str) -> list[tuple[int, int, str]]:
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    result = load_deck(tmp_path)
    return [(p.line, p.col, p.message) for p in result.problems if p.severity == "error"]


def test_a_merge_key_in_a_slide_is_said_at_the_merge_key_and_nothing_else(tmp_path):
    text = (HEAD + "slides:\n  - &base {id: a, type: text, title: A, body: B, duration: 10}\n"
            "  - <<: *base\n    id: b\n" + HELPLINE)
    found = errors(tmp_path, text)
    assert len(found) == 1, found
    line, col, message = found[0]
    assert (line, col) == (4, 5)
    assert message == "'<<: *base' is a YAML merge key, which decks do not support"
    problem = next(p for p in load_deck(tmp_path).problems if p.severity == "error")
    assert problem.hint == ("write the fields it copies in this slide itself (type: text, title: A, body: B, duration: 10) "
                            "and remove the '<<' line; a duration every slide shares goes in dwell: under deck:")
    assert "has no 'type'" not in str(load_deck(tmp_path).problems)


def test_a_defaults_section_merged_into_slides_says_what_it_is(tmp_path):
    text = HEAD + "defaults: &defaults\n  type: text\nslides:\n  - <<: *defaults\n    id: a\n    title: A\n" + HELPLINE
    found = errors(tmp_path, text)
    assert [(line, col) for line, col, _ in found] == [(2, 1), (5, 5)]
    result = load_deck(tmp_path)
    assert "decks do not support merge keys: write those fields out where they are used, then remove " \
           "'defaults:'" in result.problems[0].hint


def test_merged_values_are_located_where_they_are_written(tmp_path):
    text = (HEAD + "slides:\n"
            "  - &base\n    id: a\n    type: text\n    title: A\n    duration: 1\n"  # line 7: duration 1
            "  - <<: [*base]\n    id: b\n"
            "  - <<: {type: text, title: C, duration: 2}\n    id: c\n" + HELPLINE)
    doc = read_yaml(_write(tmp_path, text))
    assert doc.data["slides"][1] == {"id": "b", "type": "text", "title": "A", "duration": 1}
    assert doc.where(("slides", 1, "duration")) == (7, 15)
    assert doc.where(("slides", 1, "id")) == (9, 9)
    assert doc.where(("slides", 2, "duration")) == (10, 42)
    found = errors(tmp_path, text)
    too_short = [(line, col) for line, col, message in found if "too short" in message]
    assert too_short == [(7, 15), (7, 15), (10, 42)]


def test_a_field_written_out_wins_over_a_merged_one_above_or_below(tmp_path):
    text = "a: &a {x: 1, y: 2, z: 3}\nb:\n  y: 20\n  <<: *a\n  z: 30\n"
    doc = read_yaml(_write(tmp_path, text))
    assert doc.data["b"] == {"y": 20, "x": 1, "z": 30}
    assert doc.where(("b", "y")) == (3, 6) and doc.where(("b", "z")) == (5, 6) and doc.where(("b", "x")) == (1, 11)
    assert not [p for p in doc.problems if "duplicate" in p.message]
    (merge,) = doc.problems
    assert (merge.line, merge.col) == (4, 3)
    assert "(x: 1)" in merge.hint  # only what is still merged


def test_a_list_of_merges_takes_the_earlier_mapping_first(tmp_path):
    text = "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n"
    doc = read_yaml(_write(tmp_path, text))
    assert doc.data["c"] == {"x": 1, "y": 2}
    assert doc.where(("c", "x")) == (1, 11) and doc.where(("c", "y")) == (2, 17)
    assert doc.problems[0].message == "'<<: [*a, *b]' is a YAML merge key, which decks do not support"


def test_a_quoted_merge_key_is_an_ordinary_name(tmp_path):
    doc = read_yaml(_write(tmp_path, 'a: {"<<": 1}\n'))
    assert doc.data == {"a": {"<<": 1}} and not doc.problems


def test_an_explicit_key_is_said_at_its_question_mark_and_nothing_else(tmp_path):
    text = HEAD + "slides:\n  - id: a\n    type: text\n    title: A\n    ? body\n  - id: b\n    type: title\n" \
                  "    title: B\n    ? [x, y]\n    : z\n" + HELPLINE
    found = errors(tmp_path, text)
    assert found == [(6, 5, "'? ' starts a YAML explicit key, which decks do not use"),
                     (10, 5, "'? ' starts a YAML explicit key, which decks do not use")]


def test_a_question_mark_in_text_is_no_explicit_key(tmp_path):
    text = HEAD + "slides:\n  - id: a\n    type: text\n    title: Are you safe?\n    body: '? yes'\n" \
                  "    bullets: [Why?, '?']\n" + HELPLINE
    assert errors(tmp_path, text) == []


def test_a_field_without_a_name(tmp_path):
    found = errors(tmp_path, HEAD + "slides:\n  - id: a\n    type: title\n    title: A\n    : 10\n" + HELPLINE)
    assert found == [(6, 5, "a field has no name before its ':'")]


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system [echo]", "!!binary aGVsbG8=",
                                    "!!python/object:x.Y {en: A}", "!!set {a, b}", "!!omap [a: 1]"])
def test_a_tag_is_one_error_and_no_follow_on(tmp_path, tagged):
    text = HEAD + f"slides:\n  - {tagged}\n" + HELPLINE
    found = errors(tmp_path, text)
    assert len(found) == 1 and found[0][:2] == (3, 5), found
    assert found[0][2].startswith("YAML tags are not used in decks: remove !!")


def _write(folder, text: str):
    path = folder / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Hypothesis
NAMES = st.sampled_from(["a", "b", "c", "id", "type", "title"])
VALUES = st.text(alphabet="xyz ", min_size=1, max_size=6).map(lambda text: text.strip() or "v")


@st.composite
def merging_files(draw):
    """A YAML file: anchored mappings, then a mapping merging some of them (alone or in a list)
    among fields written out above and below the ``<<``, in block or flow style."""
    anchors = draw(st.lists(st.dictionaries(NAMES, VALUES, min_size=1, max_size=4), min_size=1, max_size=3))
    lines = [f"m{i}: &m{i} {{{', '.join(f'{k}: {v}' for k, v in fields.items())}}}" for i, fields in enumerate(anchors)]
    chosen = draw(st.lists(st.integers(0, len(anchors) - 1), min_size=1, max_size=3))
    listed = len(chosen) > 1 or draw(st.booleans())
    merge = "[" + ", ".join(f"*m{i}" for i in chosen) + "]" if listed else f"*m{chosen[0]}"
    above = draw(st.dictionaries(NAMES, VALUES, max_size=2))
    below = draw(st.dictionaries(NAMES.filter(lambda name: name not in above), VALUES, max_size=2))
    fields = [f"{k}: {v}" for k, v in above.items()] + [f"<<: {merge}"] + [f"{k}: {v}" for k, v in below.items()]
    if draw(st.booleans()):
        lines.append("out: {" + ", ".join(fields) + "}")
    else:
        lines.append("out:")
        lines.extend(f"  {field}" for field in fields)
    expected = {}
    for i in chosen:
        for key, value in anchors[i].items():
            expected.setdefault(key, value)
    expected.update(above)
    expected.update(below)
    return "\n".join(lines) + "\n", expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=merging_files())
def test_merges_build_as_yaml_means_each_value_at_its_written_place(case):
    text, expected = case
    fast, full = _fast_build(text, "deck.yaml"), _full_build(text, SourceDoc("deck.yaml"))
    assert fast is not None and full is not None
    assert fast.root == full.root and fast.log == full.log
    assert [(p.line, p.col, p.message) for p in fast.problems] == [(p.line, p.col, p.message) for p in full.problems]
    assert fast.root["out"] == expected
    (merge,) = fast.problems
    assert merge.message.endswith("is a YAML merge key, which decks do not support")
    assert (merge.line, merge.col) == (text.count("\n", 0, text.index("<<")) + 1,
                                       text.index("<<") - text.rfind("\n", 0, text.index("<<")))
    positions = {}
    for path, where, is_key in fast.log:
        if not is_key:
            positions[path] = where
    lines = text.split("\n")
    for key, value in expected.items():  # each value is found at the place the log gives for it
        line, col = positions[("out", key)]
        assert lines[line - 1][col - 1:].startswith(value), (key, value, line, col, text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), VALUES), min_size=1, max_size=5), st.booleans())
def test_explicit_keys_are_found_exactly_where_written(fields, flow):
    # Each field written 'name: value' or '? name : value', in a block or a flow mapping: an
    # error at each '?' and nowhere else, and the mapping as YAML reads it.
    if flow:
        text = "m: {" + ", ".join(f"? k{i} : {value}" if explicit else f"k{i}: {value}"
                                  for i, (explicit, value) in enumerate(fields)) + "}\n"
    else:  # in a block, the value of an explicit key goes on a line of its own
        text = "m:\n" + "".join(f"  ? k{i}\n  : {value}\n" if explicit else f"  k{i}: {value}\n"
                                for i, (explicit, value) in enumerate(fields))
    built = _fast_build(text, "deck.yaml")
    assert built is not None
    assert built.root == {"m": {f"k{i}": value for i, (_, value) in enumerate(fields)}}
    lines = text.split("\n")
    marks = [(p.line, p.col) for p in built.problems]
    assert all(lines[line - 1][col - 1] == "?" for line, col in marks)
    assert len(marks) == sum(explicit for explicit, _ in fields)


@pytest.mark.parametrize("directive, warned", [("%YAML 1.1", True), ("%YAML 1.2", False), ("", False)])
def test_a_yaml_1_1_directive_is_warned_about_by_both_parsers(tmp_path, directive, warned):
    """A deck is read as YAML 1.2 whatever its directive says: one asking for 1.1 (whose yes/no
    and 010 read otherwise) is a warning at its line; 1.2, or none, is said nothing of."""
    text = (directive + "\n---\n" if directive else "") + HEAD + "slides:\n" + HELPLINE
    fast, full = _fast_build(text, "deck.yaml"), _full_build(text, SourceDoc("deck.yaml"))
    said = [[(p.line, p.col, p.severity, p.message, p.hint) for p in built.problems] for built in (fast, full)]
    assert said[0] == said[1]
    assert said[0] == ([(1, 1, "warning", "'%YAML 1.1' asks for YAML 1.1, but a deck is read as YAML 1.2: yes, no, on "
                                          "and off stay words, and 010 is ten", "remove the %YAML line")] if warned else [])
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    assert load_deck(tmp_path).ok
