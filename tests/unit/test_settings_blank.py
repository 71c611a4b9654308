"""A text or path setting given empty (``deck = ""``) or as spaces only is a located mistake, as
any bad value is: the file, the line, the key, how to fix it, and the default kept. Before, an
empty deck silently played the default deck and an empty folder meant the current folder."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import settings as kiosk_settings
from kiosk.settings import DEFAULTS, TEXT_KEYS, SettingsError, load, make_settings


def test_every_text_or_path_setting_is_listed():
    """Every setting whose default is "none" takes a text or a path (or a number: screen)."""
    assert set(TEXT_KEYS) == {key for key, value in DEFAULTS.items() if value is None} - {"screen", "opening_hours"}


@pytest.mark.parametrize("key", TEXT_KEYS)
@pytest.mark.parametrize("value, words", [("", "is empty"), ("   ", "holds only spaces")])
def test_an_empty_text_setting_is_a_located_error_and_keeps_the_default(tmp_path, key, value, words):
    file = tmp_path / "settings.toml"
    file.write_text(f'rotation = 90\n{key} = {json.dumps(value)}\n', encoding="utf-8")
    effective = load(file)
    assert [str(p) for p in effective.problems] == [
        f"{file}:2:1: error: '{key}': {words} (to keep the default, remove the line or put # in front of it); "
        f"using the default — {kiosk_settings.HINTS[key]}"]
    assert getattr(effective.settings, key) == DEFAULTS[key] and effective.sources[key] == "default"
    assert effective.settings.rotation == 90  # the other settings are read as usual


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(TEXT_KEYS), value=st.text(alphabet=" \t\u00a0\u2003\u3000", max_size=6))
def test_no_blank_value_slips_through_any_text_setting(tmp_path, key, value):
    file = tmp_path / "settings.toml"
    file.write_text(f"{key} = {json.dumps(value, ensure_ascii=False)}\n", encoding="utf-8")
    effective = load(file)
    assert len(effective.problems) == 1 and f"'{key}': " in effective.problems[0].message
    assert getattr(effective.settings, key) == DEFAULTS[key]
    with pytest.raises(SettingsError, match="empty|only spaces|control character"):
        make_settings({key: value})
