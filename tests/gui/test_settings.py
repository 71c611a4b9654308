"""settings.toml: defaults, every key, bad files that never stop the kiosk, and ``kiosk config``."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
from pathlib import Path

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from helpers import BUNDLED, ROOT
from kiosk import health, settings
from kiosk.cli import main
from kiosk.cli_settings import effective_settings


@pytest.fixture
def config(tmp_path, monkeypatch):
    """Write settings.toml in a fresh config folder; returns a writer that returns the file."""
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))
    health.clear()

    def write(text: str) -> Path:
        file = tmp_path / "config" / "settings.toml"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return file
    yield write
    health.clear()


def test_no_file_means_defaults(config):
    effective = settings.load()
    assert effective.problems == []
    assert effective.file == settings.settings_path() and effective.file.name == "settings.toml"
    chosen = effective.settings
    assert (chosen.deck, chosen.screen, chosen.rotation, chosen.reduced_motion) == (None, None, 0, False)
    assert (chosen.opening_hours, chosen.wake_minutes, chosen.staff_idle_timeout) == (None, 5, 60)
    assert set(effective.sources.values()) == {"default"}
    assert effective.deck_path() == BUNDLED.resolve() or effective.deck_path().name == "freedom-week-2019"


def test_every_key_read_with_its_line(config, tmp_path):
    library = tmp_path / "decks"
    (library / "my-deck").mkdir(parents=True)
    (library / "my-deck" / "deck.yaml").touch()
    file = config(f"""
        deck = "my-deck"
        library = "{library}"
        screen = 1
        rotation = 90
        reduced_motion = true
        wake_minutes = 2.5
        staff_idle_timeout = 30
        timezone = "Europe/Paris"
        log_folder = "{tmp_path / 'logs'}"

        [opening_hours]
        mon = ["09:00-17:00"]
        sat = ["10:00-13:00", "14:00-16:00"]
        """)
    effective = settings.load()
    assert effective.problems == []
    chosen = effective.settings
    assert chosen.screen == 1 and chosen.rotation == 90 and chosen.reduced_motion is True
    assert chosen.wake_minutes == 2.5 and chosen.staff_idle_timeout == 30 and chosen.timezone == "Europe/Paris"
    assert chosen.opening_hours == {"mon": ["09:00-17:00"], "sat": ["10:00-13:00", "14:00-16:00"]}
    assert effective.deck_path() == library / "my-deck"
    assert effective.log_folder == tmp_path / "logs"
    assert effective.sources["deck"] == f"{file}:1"
    assert effective.sources["screen"] == f"{file}:3"
    assert effective.sources["opening_hours"] == f"{file}:11"


def test_bad_toml_gives_defaults_and_a_message_with_its_line(config):
    file = config('deck = "freedom-week-2019"\nscreen = 1\nrotation = = 90\n')
    effective = settings.load()
    assert effective.settings == settings.Settings()
    [problem] = effective.problems
    assert (problem.file, problem.line) == (str(file), 3)
    assert "cannot be read here: this value cannot be read" in problem.message and "double quotes" in problem.hint


def test_wrong_types_and_unknown_keys_keep_the_other_keys(config):
    file = config("""
        screen = "two"
        rotaton = 90
        rotation = 45
        reduced_motion = true

        [opening_hours]
        mon = ["09:00-17:00"]
        tue = ["9-5"]
        funday = ["10:00-11:00"]
        """)
    effective = settings.load()
    messages = [str(p) for p in effective.problems]
    assert messages[0].startswith(f"{file}:1:1: error: 'screen'") and "whole number" in messages[0]
    assert messages[1] == f"{file}:2:1: error: unknown setting 'rotaton' — did you mean 'rotation'?"
    assert messages[2].startswith(f"{file}:3:1: error: 'rotation'") and "0, 90, 180 or 270" in messages[2]
    assert messages[3].startswith(f"{file}:8:1: error: 'opening_hours': tue:") and "open all day on tue" in messages[3]
    assert messages[4].startswith(f"{file}:9:1: error: 'opening_hours': unknown day 'funday'; until it is fixed, "
                                  "wed, thu, fri, sat, sun are open all day")
    assert "did you mean 'sun'?" in messages[4]
    chosen = effective.settings
    assert chosen.screen is None and chosen.rotation == 0 and chosen.reduced_motion is True
    whole_day = ["00:00-24:00"]
    assert chosen.opening_hours == {"mon": ["09:00-17:00"], "tue": whole_day, **{day: whole_day for day in
                                                                              ("wed", "thu", "fri", "sat", "sun")}}


def test_unreadable_file_is_a_problem_not_a_crash(config):
    file = config("")
    file.write_bytes(b"deck = \"\xff\xfe\"\n")
    effective = settings.load()
    assert effective.settings == settings.Settings()
    problem = effective.problems[0]
    assert "the settings file is not UTF-8 (byte 0xff)" in problem.message and (problem.line, problem.col) == (1, 9)


def test_bad_time_zone(config):
    config('timezone = "Europe/Narnia"\n')
    [problem] = settings.load().problems
    assert "unknown time zone 'Europe/Narnia'" in problem.message


def test_command_line_overrides_the_file_and_says_so(config):
    file = config("screen = 1\nrotation = 90\n")
    args = argparse.Namespace(screen=2, rotation=None, reduced_motion=True, log_folder=None, library=None,
                              deck=None)
    effective = effective_settings(args)
    assert effective.settings.screen == 2 and effective.sources["screen"] == "command line --screen"
    assert effective.settings.rotation == 90 and effective.sources["rotation"] == f"{file}:2"
    assert effective.sources["reduced_motion"] == "command line --reduced-motion"


def test_problems_are_kept_for_the_staff_screen(config):
    config("screan = 1\n")
    effective_settings(argparse.Namespace(deck=None))
    assert any("unknown setting 'screan'" in text and "did you mean 'screen'" in text for text in health.problems())


def test_kiosk_config_prints_values_sources_and_folders(config, capsys):
    file = config("rotation = 180\n")
    assert main(["config", "--check"]) == 0
    out = capsys.readouterr().out
    assert "rotation             180" in out and f"[{file}:1]" in out
    assert "[default]" in out
    for label in ("settings file", "log folder", "data folder", "deck folder"):
        assert label in out
    assert f"{file}: no problems" in out


def test_kiosk_config_check_exits_1_on_problems(config, capsys):
    file = config("rotation = 45\n")
    assert main(["config"]) == 0
    assert main(["config", "--check"]) == 1
    assert f"{file}:1:1: error: 'rotation'" in capsys.readouterr().err


def test_starter_file_is_valid_and_all_defaults(config):
    file = config(settings.STARTER)
    effective = settings.load()
    assert effective.problems == [] and effective.settings == settings.Settings()
    # Each key is in it, commented out, so staff can find and uncomment it.
    text = file.read_text()
    for key in settings.Settings.model_fields:
        if key not in ("opening_hours",):
            assert f"# {key} = " in text, key
    assert "# [opening_hours]" in text


def test_every_setting_is_documented():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for key in settings.Settings.model_fields:
        assert f"`{key}`" in doc, key


def test_run_with_a_corrupt_settings_file_still_plays(config, tmp_path):
    """The real command, headless: bad settings are reported on stderr and the deck still plays."""
    config("rotation = = 90\n")
    log = tmp_path / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--log-json", str(log), str(BUNDLED)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "settings.toml:1:" in proc.stderr and "this value cannot be read" in proc.stderr
    assert '"event": "cycle"' in log.read_text()


def test_a_missing_deck_in_the_settings_is_a_problem_and_the_bundled_deck_plays(config, tmp_path, capsys):
    file = config('deck = "no-such-deck"\n')
    assert main(["config", "--check"]) == 1
    assert f"{file}:1:1: error: deck: no deck called 'no-such-deck' in" in capsys.readouterr().err
    log = tmp_path / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--log-json", str(log)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "no deck called 'no-such-deck' in" in proc.stderr and "or the bundled decks" in proc.stderr
    assert "playing the bundled deck instead" in proc.stderr and "has errors" not in proc.stderr
    assert '"deck": "freedom-week-2019"' in log.read_text()


def test_the_bundled_deck_by_id_plays_once_a_deck_is_installed(config, tmp_path, capsys):
    library = tmp_path / "decks"
    (library / "harvest").mkdir(parents=True)
    (library / "harvest" / "deck.yaml").touch()
    config(f'deck = "freedom-week-2019"\nlibrary = "{library}"\n')
    effective = settings.load()
    assert effective.deck_path() == settings.paths.default_deck()
    assert effective.deck_missing() is None
    assert main(["config", "--check"]) == 0


def test_kiosk_config_shows_the_zone_in_force_and_absolute_folders(config, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config('log_folder = "logs"\n')
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "the deck's zone: Europe/London" in out and "(none)" not in out
    assert f"log folder           {tmp_path / 'config' / 'logs'}" in out  # beside settings.toml, not here


def test_kiosk_config_says_whether_it_is_open_now(config, capsys):
    config('timezone = "Europe/London"\n[opening_hours]\nmon = ["09:00-17:00"]\n')
    assert main(["config", "--check"]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("opening now"))
    assert ("open until Mon" in line or "closed until Mon" in line) and "(Europe/London)" in line


def test_a_setting_written_under_the_opening_hours_table_says_how_to_fix_it(config):
    file = config('[opening_hours]\nmon = ["09:00-17:00"]\nwake_minutes = 1\n')
    [problem] = settings.load().problems
    assert (problem.file, problem.line) == (str(file), 3)
    assert "move it above the [opening_hours] line" in problem.hint


def test_deck_settle_reaches_the_player(config):
    from kiosk.cli_settings import apply_settings
    from kiosk.deck import load_deck
    from kiosk.qt.player import PlayOptions

    deck = load_deck(BUNDLED).deck
    options = PlayOptions(mode="windowed")
    apply_settings(options, settings.load(config("")), deck)
    assert options.deck_settle == 2
    apply_settings(options, settings.load(config("deck_settle = 5\n")), deck)
    assert options.deck_settle == 5
    problems = settings.load(config("deck_settle = 0\n")).problems
    assert problems and "deck_settle = 2" in str(problems[0])


GOOD_DECK = """\
deck: {id: ours, title: Our campaign, dwell: 3}
slides:
  - {id: welcome, type: title, title: Our campaign}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""
BROKEN_DECK = GOOD_DECK.replace("type: title", "type: txet")


def test_config_check_names_a_configured_deck_with_errors(config, tmp_path, capsys, monkeypatch):
    deck = tmp_path / "ours"
    deck.mkdir()
    (deck / "deck.yaml").write_text(BROKEN_DECK, encoding="utf-8")
    file = config(f'deck = "{deck}"\n')

    def no_fit_check(*args, **kwargs):
        raise AssertionError("kiosk config ran the text-fit check")

    monkeypatch.setattr("kiosk.qt.fit.find_misfits", no_fit_check)
    assert main(["config", "--check"]) == 1
    captured = capsys.readouterr()
    assert f"{file}:1:1: error: deck: {deck / 'deck.yaml'} has errors" in captured.err
    assert f"run kiosk validate {deck}" in captured.err
    assert "no problems" not in captured.out
    # Fixed: no problem left.
    (deck / "deck.yaml").write_text(GOOD_DECK, encoding="utf-8")
    assert main(["config", "--check"]) == 0
    assert f"{file}: no problems" in capsys.readouterr().out


@hypothesis.settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_config_check_never_fails_on_any_deck_text(config, tmp_path, text):
    """Whatever the configured deck holds, ``kiosk config --check`` answers 0 or 1, never a traceback."""
    deck = tmp_path / "any"
    deck.mkdir(exist_ok=True)
    (deck / "deck.yaml").write_text(text, encoding="utf-8")
    config(f'deck = "{deck}"\n')
    assert main(["config", "--check"]) in (0, 1)


def test_the_plain_settings_have_the_models_fields_and_defaults():
    assert settings.FIELDS == tuple(settings.Settings.model_fields)
    assert settings.PlainSettings().model_dump() == settings.Settings().model_dump()
    assert settings.PlainSettings() == settings.Settings() and settings.Settings() == settings.PlainSettings()


#: Values of every kind a TOML file holds, around each setting's bounds, and a few a setting rejects.
SETTING_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5000), st.sampled_from([0, 1, 5, 15, 16, 90, 100, 101, 1440, 3660, 3661]),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.2, 0.19, 60.0, 60.5, 1440.0, 43200.0]),
    st.sampled_from(["", "x", "freedom-week-2019", "/tmp/decks", "a\x00b", "a\nb", "Europe/London", "Mars/Base",
                     "https://example.org/feed/", "http://example.org/", "HTTPS://x", "~/decks", "x" * 101,
                     "yes", "no", "true", "lib\u202eary", "\u2066x\u2069", "a\u0301\u0301\u0301\u0301\u0301",
                     "a\u0301\u0301", "kiosk-ł", str(ROOT / "slides")]),
    st.lists(st.sampled_from(["09:00-17:00", "22:00-02:00", "9-5", "24:00-01:00"]), max_size=3),
    st.dictionaries(st.sampled_from(["mon", "sun", "xyz"]),
                    st.lists(st.sampled_from(["09:00-17:00", "10:00 to 13:00", "25:00-26:00", 7]), max_size=2),
                    max_size=2),
)


@hypothesis.settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(settings.FIELDS), value=SETTING_VALUES)
def test_a_value_taken_without_the_model_is_taken_by_the_model_alike(key, value):
    """The quick way (no pydantic) never takes a value the model refuses, and keeps what the model
    keeps; a value it does not take goes to the model, which says what is wrong."""
    from pydantic import ValidationError

    try:
        expected = settings.Settings.model_validate({key: value}).model_dump()
    except ValidationError as exc:
        expected = settings.plain_error(exc.errors()[0])
    try:
        made = settings.make_settings({key: value})
    except settings.SettingsError as exc:
        assert str(exc) == expected
        assert settings.problem_with({key: value}) == expected
        return
    assert made.model_dump() == expected
    assert settings.problem_with({key: value}) is None
