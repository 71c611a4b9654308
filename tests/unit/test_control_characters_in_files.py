"""A control character in a file the kiosk reads besides deck.yaml (settings.toml, the feed, a
status record, the update state) is named as what it is, at its line and column, with "delete
it": never as the quoting or syntax mistake the TOML or JSON parser takes it for."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import settings as kiosk_settings
from kiosk.fleet import jsontext

SETTINGS = """# the kiosk's settings
rotation = 90
kiosk_name = "library-north"

[opening_hours]
mon = ["09:00-17:00"]
"""
FEED = '{\n  "deck": "freedom-week-2019",\n  "version": 3,\n  "older": [1, 2]\n}\n'
#: The characters TOML and JSON refuse outside an escape (C0 but tab, line feed and carriage return; DEL for TOML).
TOML_REFUSED = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f"
JSON_REFUSED = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f"


def _where(text: str, at: int) -> tuple[int, int]:
    return text[:at].count("\n") + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_a_nul_after_a_value_is_named_not_taken_for_a_quoting_mistake(tmp_path):
    file = tmp_path / "settings.toml"
    file.write_bytes(b"rotation = 90\x00\n")
    problems = kiosk_settings.load(file).problems
    assert [(p.line, p.col) for p in problems] == [(1, 14)]
    assert "null character (U+0000)" in problems[0].message and "settings file" in problems[0].message
    assert "follows the value" not in problems[0].message and "quotes" not in problems[0].message
    assert problems[0].hint.startswith("delete it")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(0, len(SETTINGS)), ch=st.sampled_from(TOML_REFUSED))
def test_a_control_character_anywhere_in_the_settings_is_told_where_it_is(tmp_path, at, ch):
    file = tmp_path / "settings.toml"
    file.write_text(SETTINGS[:at] + ch + SETTINGS[at:], encoding="utf-8")
    problems = kiosk_settings.load(file).problems
    assert [(p.line, p.col) for p in problems] == [_where(SETTINGS, at)]
    assert f"U+{ord(ch):04X}" in problems[0].message and problems[0].hint.startswith(("delete it", "replace it"))
    assert ch not in str(problems[0])


@settings(max_examples=40, deadline=None)
@given(at=st.integers(0, len(FEED)), ch=st.sampled_from(JSON_REFUSED))
def test_a_control_character_anywhere_in_a_json_file_is_told_where_it_is(at, ch):
    line, col = _where(FEED, at)
    with pytest.raises(jsontext.JsonError) as caught:
        jsontext.loads((FEED[:at] + ch + FEED[at:]).encode())
    said = str(caught.value)
    assert f"U+{ord(ch):04X}" in said and f"(line {line}, column {col})" in said
    assert "delete it" in said or "replace it" in said
    assert ch not in said


def test_a_json_mistake_without_a_control_character_keeps_its_own_words():
    with pytest.raises(jsontext.JsonError, match="a comma was expected at line 1, column 9"):
        jsontext.loads(b'{"a": 1 "b": 2}')
