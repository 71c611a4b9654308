"""A key of a settings table (a day of ``[opening_hours]``) written above every table line is said
as a key of that table, with the line to add or uncomment: never "unknown setting … remove it",
which throws a venue's hours away."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import settings as kiosk_settings
from kiosk.player.hours import WEEKDAYS


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def write(text: str):
        (folder / "settings.toml").write_text(text, encoding="utf-8")
        return folder / "settings.toml"
    return write


def messages(config, text: str) -> list[tuple[int, str, str]]:
    config(text)
    return [(p.line, p.message, p.hint) for p in kiosk_settings.load().problems]


def test_days_uncommented_without_their_table_line_say_to_uncomment_it(config):
    found = messages(config, '# [opening_hours]\nmon = ["09:00-17:00"]\nsat = ["10:00-13:00", "14:00-16:00"]\n')
    assert found == [
        (2, "'mon' belongs under [opening_hours], but no [opening_hours] line is above it, so it is not used",
         "remove the # in front of [opening_hours] on line 1"),
        (3, "'sat' belongs under [opening_hours], but no [opening_hours] line is above it, so it is not used",
         "remove the # in front of [opening_hours] on line 1")]


@pytest.mark.parametrize("day", ["mon", "Monday", "tues", "mon-fri", "weekend", "sat,sun"])
def test_a_day_in_any_spelling_with_no_table_line_says_to_add_it(config, day):
    line, message, hint = messages(config, f'deck_settle = 2\n"{day}" = ["09:00-17:00"]\n')[0]
    assert (line, message) == (2, f"'{day}' belongs under [opening_hours], but no [opening_hours] line is above it, "
                                  "so it is not used")
    assert hint.startswith("add the line [opening_hours] above it")


def test_a_day_above_the_table_says_to_move_it_below_the_table_line(config):
    found = messages(config, 'tue = ["09:00-17:00"]\nrotation = 0\n[opening_hours]\nmon = ["09:00-17:00"]\n')
    assert found == [(1, "'tue' belongs under [opening_hours], but no [opening_hours] line is above it, so it is "
                         "not used", "move the line below the [opening_hours] line (line 3): every line after "
                                     "[opening_hours] belongs to it")]
    assert kiosk_settings.load().settings.opening_hours == {"mon": ["09:00-17:00"]}  # the table's own days still count


def test_other_unknown_settings_are_still_unknown(config):
    assert messages(config, "rotaton = 90\n")[0][1] == "unknown setting 'rotaton'"


def test_every_settings_table_is_known_by_its_keys():
    # Each table among the settings recognises its keys; no plain setting is taken for a table's key.
    tables = {name for name, value in kiosk_settings.Settings.model_fields.items()
              if "dict" in str(value.annotation)}
    assert tables == set(kiosk_settings.TABLES)
    assert all(kiosk_settings.table_of(day) == "opening_hours" for day in WEEKDAYS)
    assert not any(kiosk_settings.table_of(name) for name in kiosk_settings.DEFAULTS)


STARTER = kiosk_settings.STARTER.splitlines()
HEADER = next(i for i, line in enumerate(STARTER) if line == "# [opening_hours]")
DAY_LINES = [i for i, line in enumerate(STARTER) if re.match(r"^# (mon|tue|wed|thu|fri|sat|sun) = ", line)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.sets(st.sampled_from(DAY_LINES), min_size=1))
def test_uncommenting_the_starters_days_but_not_its_table_line_points_at_that_line(config, chosen):
    text = "\n".join(line[2:] if i in chosen else line for i, line in enumerate(STARTER)) + "\n"
    found = messages(config, text)
    assert [line for line, _, _ in found] == [i + 1 for i in sorted(chosen)]
    for _line, message, hint in found:
        assert "unknown setting" not in message and "belongs under [opening_hours]" in message
        assert hint == f"remove the # in front of [opening_hours] on line {HEADER + 1}"
