"""Misusing the ``kiosk`` command (an unknown flag, a value missing or wrong, an empty path) exits
1, as every refusal does (README: 0 done, 1 refused), with one line naming the command and where
its options are listed; never argparse's usage code 2, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import build_parser, main

COMMANDS = sorted(build_parser().parse_known_args(["decks"])[0].commands)


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_flag_exits_1_with_one_line_naming_the_command(command, capsys):
    assert main([command, "--no-such-flag"]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"kiosk {command}")
    assert "--no-such-flag" in line or "arguments are required" in line  # what is missing is named first
    assert f"'kiosk {command}" in line and "--help' lists what it takes" in line


@pytest.mark.parametrize("argv, words", [
    (["run", "--cycles"], "argument --cycles: expected one argument"),
    (["run", "--cycles", "x"], "is not a whole number"),
    (["render", "slides"], "the following arguments are required: --out"),
    (["validate"], "the following arguments are required: DECK"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["run", "--library", ""], "'' is empty"),
    (["run", "--log-folder", "   "], "is empty"),
    (["validate", ""], "'' is empty"),
    (["stats", "merge"], "the following arguments are required"),
])
def test_misuse_is_named_on_one_line_and_exits_1(argv, words, capsys):
    assert main(argv) == 1
    line = one_line(capsys.readouterr().err)
    assert words in line and "Traceback" not in line


def test_help_and_version_still_exit_0(capsys):
    assert main(["--version"]) == 0
    assert main(["run", "--help"]) == 0
    assert "usage: kiosk run" in capsys.readouterr().out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(COMMANDS), flag=st.from_regex(r"--[a-z][a-z-]{2,12}", fullmatch=True))
def test_any_flag_a_command_does_not_take_exits_1(command, flag, capsys):
    taken = {option for action in build_parser().parse_known_args(["decks"])[0].commands[command]._actions
             for option in action.option_strings}
    if flag in taken or any(option.startswith(flag) for option in taken):  # argparse takes prefixes
        return
    assert main([command, flag]) == 1
    line = one_line(capsys.readouterr().err)
    assert flag in line or "arguments are required" in line


#: A home folder no one has: ``Path.expanduser`` raises on it, so every command must take it as written.
NO_HOME = "~nosuchuser-of-this-kiosk/deck"


@pytest.mark.parametrize("argv", [
    ["validate", NO_HOME], ["run", NO_HOME, "--headless", "--cycles", "1"], ["render", NO_HOME, "--out", "OUT"],
    ["pack", NO_HOME], ["install", NO_HOME + ".zip"], ["decks", "--library", NO_HOME],
    ["run", "some-id", "--headless", "--library", NO_HOME]])
def test_a_path_under_a_home_that_does_not_exist_is_a_path_not_a_crash(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))
    code = main([str(tmp_path / "out") if arg == "OUT" else arg for arg in argv])
    out = capsys.readouterr()
    assert code == 1 and "unexpected error" not in out.err + out.out
    assert "nosuchuser-of-this-kiosk" in out.err + out.out, "the path is named as it was written"
