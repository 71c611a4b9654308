"""settings.toml faults a venue can make: outputs that cannot be used, misspelt days, the starter
file's table, relative paths, a missing screen, hostile output paths, a damaged PIN file and
TOML's own wording. Each is reported, located, with its fix, and never stops the kiosk."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import hypothesis
import pytest
import test_settings
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from helpers import BUNDLED
from kiosk import outputs, paths, pin, settings
from kiosk.cli import _output_problems, main
from kiosk.player.hours import WEEKDAYS, weekday_key

#: The settings file writer (``config(text) -> file``), as tests/gui/test_settings.py has it.
config = test_settings.config


def _unusable(tmp_path: Path, kind: str) -> Path:
    """A path of ``kind`` under ``tmp_path``: a link to a folder, a named pipe, a folder, a plain file."""
    target = tmp_path / f"thing-{kind}"
    if kind == "link":
        (tmp_path / "elsewhere").mkdir(exist_ok=True)
        target.symlink_to("elsewhere")
    elif kind == "pipe":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "file":
        target.write_text("x")
    return target


# -------------------------------------------------------------- 1 and 6: output settings
@pytest.mark.parametrize(("key", "kind", "said"), [
    ("log_folder", "link", "symbolic link"), ("status_folder", "link", "symbolic link"),
    ("stats_file", "link", "symbolic link"), ("metrics_file", "link", "symbolic link"),
    ("stats_file", "pipe", "named pipe"), ("metrics_file", "pipe", "named pipe"),
    ("stats_file", "folder", "a folder, not a plain file"), ("metrics_file", "folder", "a folder, not a plain file"),
    ("log_folder", "file", "not a folder"), ("status_folder", "file", "not a folder"),
])
def test_an_output_setting_that_cannot_be_used_is_located_and_falls_back(config, tmp_path, key, kind, said):
    thing = _unusable(tmp_path, kind)
    file = config(f'rotation = 90\n{key} = "{thing}"\n')
    effective = settings.load()
    [problem] = effective.problems
    assert (problem.file, problem.line, problem.col) == (str(file), 2, 1)
    assert said in problem.message and "using the default" in problem.message
    assert f"change {key}" in problem.hint
    assert getattr(effective.settings, key) is None and effective.sources[key] == "default"
    assert effective.settings.rotation == 90  # the rest of the file is kept
    assert _output_problems(argparse.Namespace(log_json=None, frames=None), effective.settings) is None
    if kind == "pipe":
        assert Path(thing).is_fifo()  # nothing replaced it


def test_a_device_or_a_system_folder_gets_the_right_advice(config):
    config('stats_file = "/dev/zero"\nmetrics_file = "/dev/null"\nstatus_folder = "/proc"\n')
    problems = {p.line: str(p) for p in settings.load().problems}
    assert "it is a device, not a plain file" in problems[1] and "disk space" not in problems[1]
    assert "it is a device, not a plain file" in problems[2]
    assert "a system folder such as /proc" in problems[3] and "No such file" not in problems[3]


def test_config_check_names_a_linked_log_folder_and_exits_1(config, tmp_path, capsys):
    link = _unusable(tmp_path, "link")
    file = config(f'log_folder = "{link}"\n')
    assert main(["config", "--check"]) == 1
    captured = capsys.readouterr()
    assert f"{file}:1:1: error: 'log_folder': {link} cannot be used: it is a symbolic link" in captured.err
    assert f"log folder           {paths.log_dir()}" in captured.out  # the default, not the link's target


def test_kiosk_run_plays_on_with_outputs_in_the_settings_that_cannot_be_used(config, tmp_path):
    """Before, a linked output in the settings stopped ``kiosk run`` ("nothing was played", exit 1)."""
    config(f'metrics_file = "{_unusable(tmp_path, "link")}"\nstatus_folder = "/proc"\n')
    log = tmp_path / "events.jsonl"
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "400",
                           "--log-json", str(log), str(BUNDLED)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert "'metrics_file'" in done.stderr and "symbolic link" in done.stderr and "nothing was played" not in done.stderr
    assert '"event": "cycle"' in log.read_text()


def test_a_command_line_link_is_still_refused(config, tmp_path):
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1",
                           "--log-folder", str(_unusable(tmp_path, "link")), str(BUNDLED)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1 and "--log-folder" in done.stderr and "symbolic link" in done.stderr


def test_the_running_kiosk_never_replaces_a_special_file(tmp_path):
    """Checked again at each write: a pipe or folder put there later is refused, never renamed over."""
    from kiosk.fleet.status import Tracker

    pipe = _unusable(tmp_path, "pipe")
    status = tmp_path / "status"
    status.mkdir()
    os.mkfifo(status / "north.json")
    said = Tracker(kiosk_name="north", status_folder=status, metrics_file=pipe).write(None, None, 1.0, None)
    assert pipe.is_fifo() and (status / "north.json").is_fifo()
    assert said.count("is a named pipe (FIFO), not") == 2  # each said as what it is, with its own fix
    assert f"remove {status / 'north.json'}" in said and "(metrics_file in settings.toml)" in said


def test_visitor_counts_into_a_device_say_what_it_is(tmp_path):
    from kiosk.stats import store
    from kiosk.stats.record import counts_advice

    with pytest.raises(outputs.NotRegular) as caught:
        store.connect(Path("/dev/zero"))
    reason, fix = counts_advice(caught.value)
    assert reason == "it is a device, not a plain file" and "plain file" in fix and "disk space" not in fix
    assert counts_advice(OSError(28, "No space left on device")) == \
        ("the disk is full", "free some disk space, or choose a place on another disk")


KINDS = st.sampled_from(["missing", "link", "pipe", "folder", "file"])


@hypothesis.settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(settings.OUTPUTS)), kind=KINDS, deeper=st.booleans())
def test_an_output_setting_kept_is_always_one_the_kiosk_can_write(config, tmp_path_factory, key, kind, deeper):
    base = tmp_path_factory.mktemp("out")
    thing = _unusable(base, kind)
    if deeper:
        thing = thing / "inner"
    config(f'{key} = "{thing}"\n')
    effective = settings.load()
    kept = getattr(effective.settings, key)
    if kept is None:
        [problem] = effective.problems
        assert problem.line == 1 and "using the default" in problem.message
        return
    assert effective.problems == []
    assert not os.path.islink(kept)
    if os.path.lexists(kept):
        assert os.path.isdir(kept) if settings.OUTPUTS[key] else os.path.isfile(kept)


# -------------------------------------------------------------- 2: days of the opening hours
@pytest.mark.parametrize(("written", "day"), [("monday", "mon"), ("Tuesday", "tue"), ("WED", "wed"), ("thurs", "thu"),
                                              ("weds", "wed"), ("Fri.", "fri"), ("saturdays", "sat"), ("sund", "sun")])
def test_a_day_written_another_way_is_read_as_that_day(config, written, day):
    file = config(f'[opening_hours]\n"{written}" = ["09:00-17:00"]\n')
    effective = settings.load()
    assert effective.settings.opening_hours == {day: ["09:00-17:00"]}
    if written != day:
        [problem] = effective.problems
        assert (problem.file, problem.line) == (str(file), 2)
        assert f"unknown day '{written}', read as '{day}'" in problem.message
        assert f"did you mean '{day}'?" in problem.hint


def test_the_testers_week_keeps_monday_and_tuesday_open(config):
    config('[opening_hours]\nmonday = ["09:00-17:00"]\ntuesday = ["09:00-17:00"]\nwed = ["09:00-17:00"]\n')
    hours = settings.load().settings.opening_hours
    assert hours == {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"]}


JUNK = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9).filter(
    lambda name: weekday_key(name) is None and name not in settings.DEFAULTS)
SPELLINGS = st.sampled_from(["mon", "Monday", "tues", "Wednesday", "thu", "friday", "Sat", "sunday", "thurs"])


@hypothesis.settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.one_of(SPELLINGS, JUNK), min_size=1, max_size=5, unique_by=str.lower))
def test_a_misspelt_day_never_closes_a_day(config, names):
    """Every day named in a spelling the kiosk knows is open as written; a name it cannot read
    opens every day left out, so no mistake makes the kiosk dark when it should be open."""
    keys = [weekday_key(name) for name in names]
    hypothesis.assume(len({key for key in keys if key}) == len([key for key in keys if key]))
    config("[opening_hours]\n" + "".join(f'{name} = ["09:00-10:00"]\n' for name in names))
    hours = settings.load().settings.opening_hours
    for key in keys:
        if key:
            assert hours[key] == ["09:00-10:00"]
    if None in keys:
        assert set(hours) == set(WEEKDAYS)
    else:
        assert set(hours) == set(keys)


# -------------------------------------------------------------- 3: the starter file
def test_the_starter_puts_its_table_last():
    lines = settings.STARTER.splitlines()
    table = next(i for i, line in enumerate(lines) if line.lstrip("# ").startswith("[opening_hours]"))
    assert not any(re.match(r"^#\s*[a-z_]+\s*=", line) and line.lstrip("# ").split()[0] in settings.DEFAULTS
                   for line in lines[table:])


@hypothesis.settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.sets(st.integers(0, 200)))
def test_uncommenting_any_lines_of_the_starter_as_it_says_keeps_every_setting_a_setting(config, chosen):
    lines = settings.STARTER.splitlines()
    setting = [i for i, line in enumerate(lines) if re.match(r"^# ([a-z_]+ = |\[opening_hours\])", line)]
    uncomment = {setting[i % len(setting)] for i in chosen}
    config("\n".join(line[2:] if i in uncomment else line for i, line in enumerate(lines)) + "\n")
    problems = [str(p) for p in settings.load().problems]
    assert not any("is a setting, not a day" in p or "unknown day" in p for p in problems), problems


# -------------------------------------------------------------- 4: relative paths
def test_relative_paths_are_taken_from_the_settings_files_folder(config, tmp_path, monkeypatch):
    file = config('deck = "slides/my-deck"\nlog_folder = "logs"\nstats_file = "counts/stats.db"\n'
                  'library = "decks"\nstatus_folder = "status"\nmetrics_file = "m/kiosk.prom"\n'
                  'ca_file = "ca.pem"\nupdate_source = "sync/feed"\n')
    deck = file.parent / "slides" / "my-deck"
    deck.mkdir(parents=True)
    (deck / "deck.yaml").write_text((BUNDLED / "deck.yaml").read_text())
    (file.parent / "ca.pem").write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    for start in (tmp_path, Path("/")):
        monkeypatch.chdir(start)
        effective = settings.load()
        assert effective.problems == []
        assert effective.deck_path() == deck
        here = file.parent
        assert (effective.log_folder, effective.stats_file, effective.library) == \
            (here / "logs", here / "counts" / "stats.db", here / "decks")
        chosen = effective.settings
        assert (chosen.status_folder, chosen.metrics_file, chosen.ca_file) == \
            (here / "status", here / "m" / "kiosk.prom", here / "ca.pem")
        assert chosen.update_source == str(here / "sync" / "feed")


def test_a_single_name_is_a_deck_id_unless_a_deck_folder_of_that_name_is_beside_the_settings(config):
    file = config('deck = "freedom-week-2019"\n')
    assert settings.load().settings.deck == "freedom-week-2019"
    (file.parent / "freedom-week-2019").mkdir()
    (file.parent / "freedom-week-2019" / "deck.yaml").write_text("x")
    assert settings.load().settings.deck == str(file.parent / "freedom-week-2019")


@pytest.mark.parametrize("key", ["deck", "library", "log_folder", "stats_file", "status_folder", "ca_file"])
def test_a_home_folder_of_no_such_user_is_a_path_like_any_other_not_a_crash(config, key):
    file = config(f'{key} = "~no-such-user-here/x"\n')
    effective = settings.load()
    value = getattr(effective.settings, key)
    assert value is None or str(value) == str(file.parent / "~no-such-user-here" / "x")
    effective.log_folder, effective.stats_file, effective.library  # noqa: B018 - each is read without raising


# -------------------------------------------------------------- 7: the PIN file
@pytest.mark.parametrize("damage", ["link to nothing", "save cut short", "not a record", "a folder"])
def test_a_damaged_pin_file_is_damaged_not_missing(config, tmp_path, damage, capsys):
    config("")
    where = pin.pin_file()
    if damage == "link to nothing":
        where.symlink_to(tmp_path / "gone")
    elif damage == "save cut short":
        (where.parent / ".pin-x1y2.tmp").write_text("scrypt$…")
    elif damage == "a folder":
        where.mkdir()
    else:
        where.write_text("scrypt$n=16384")
    with pytest.raises(pin.PinFileError):
        pin.load_record()
    assert pin.pin_state()[0] == "damaged"
    assert main(["config", "--check"]) == 1
    captured = capsys.readouterr()
    assert "staff PIN            damaged" in captured.out
    assert "the staff PIN file is damaged" in captured.err and "kiosk set-pin" in captured.err
    assert (f"remove the folder {where}" in captured.err) == (damage == "a folder")


def test_no_pin_file_at_all_is_not_set(config, capsys):
    config("")
    assert pin.pin_state() == ("not set", None)
    assert main(["config", "--check"]) == 0
    assert "staff PIN            not set (kiosk set-pin sets it)" in capsys.readouterr().out


# -------------------------------------------------------------- 8: plain words
@pytest.mark.parametrize(("text", "line", "said"), [
    ('deck = "freedom-week-2019\nscreen = 1\n', 1, "a text in double quotes is not closed on its line"),
    ('[opening_hours]\nmon = ["09:00-17:00"]\n[opening_hours]\ntue = ["09:00-17:00"]\n', 3,
     "the table [opening_hours] is written twice (first on line 1)"),
    ("screen = 1\nscreen = 2\n", 2, "'screen' is set twice (first on line 1)"),
    ('library = "C:\\decks"\n', 1, "a backslash"),
    ("screen = -1\n", 1, "'screen': must be 0 or more"),
    ("wake_minutes = 0\n", 1, "'wake_minutes': must be 1 or more"),
    ("rotation = 45\n", 1, "'rotation': must be 0, 90, 180 or 270"),
    ('[opening_hours]\nmon = "09:00-17:00"\n', 2, "mon: must be a list in square brackets"),
])
def test_mistakes_are_said_in_plain_words_with_their_place(config, text, line, said):
    file = config(text)
    [problem] = settings.load().problems
    assert (problem.file, problem.line) == (str(file), line)
    assert said in problem.message and problem.hint
    for leak in ("Illegal character", "Cannot declare", "Input should", "('", "Value error"):
        assert leak not in problem.message


# -------------------------------------------------------------- 5: a screen that is not there
def test_a_missing_screen_is_said_in_the_words_of_where_it_was_given(kiosk_app):
    from PySide6.QtGui import QGuiApplication

    from kiosk.qt import kioskmode

    count = len(QGuiApplication.screens())
    with pytest.raises(kioskmode.ScreenError) as caught:
        kioskmode.choose_screen(count + 4)
    settings_words, flag_words = caught.value.for_settings(), str(caught.value)
    choices = "0" if count == 1 else f"0 to {count - 1}"
    assert settings_words.startswith(f"there is no screen {count + 4}: this computer has ")
    assert f"; playing on the main screen — set screen = {choices} in settings.toml, or remove the line" in settings_words
    assert "--screen" not in settings_words and f"use --screen {choices}, or leave it out" in flag_words
    for words in (settings_words, flag_words):
        assert ".;" not in words and ". " not in words.split(")")[-1] and not words.endswith(".")


def test_kiosk_run_with_a_missing_screen_in_the_settings_plays_on_the_main_screen(config, tmp_path):
    config("screen = 9\n")
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--windowed", "--cycles", "1", "--time-scale", "400",
                           "--log-json", str(tmp_path / "e.jsonl"), str(BUNDLED)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":none"})
    assert done.returncode == 0, done.stderr
    assert "settings.toml: there is no screen 9" in done.stderr and "set screen = 0 in settings.toml" in done.stderr
    assert ".;" not in done.stderr and "--screen" not in done.stderr


GOOD_FILE = ('deck = "freedom-week-2019"\nscreen = 1\nrotation = 90\nwake_minutes = 5\ntrusted_keys = []\n'
             '[opening_hours]\nmon = ["09:00-17:00"]\nsat = ["10:00-13:00", "14:00-16:00"]\n')
#: The words of TOML's and the model's own messages, which a venue should never have to read.
LEAKS = ("Illegal character", "Cannot declare", "Cannot overwrite", "Input should", "Expected", "Invalid",
         "Unclosed", "Unterminated", "Found invalid", "namespace", "Value error", "('")


@hypothesis.settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(0, len(GOOD_FILE)), typed=st.sampled_from(['"', "[", "]", "=", "\n", "{", "\\", "-", "x", "'",
                                                                   "1", "\t", ",", "#", "\n[opening_hours]\n", ".",
                                                                   "~", "\x01", "'''", "}"]))
def test_a_slip_of_the_keyboard_is_said_in_plain_words_with_its_place(config, at, typed):
    text = GOOD_FILE[:at] + typed + GOOD_FILE[at:]
    config(text)
    for problem in settings.load().problems:
        assert 1 <= problem.line <= text.count("\n") + 1 and problem.hint
        for leak in LEAKS:
            assert leak not in problem.message, problem
