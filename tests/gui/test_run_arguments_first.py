"""``kiosk run`` checks every argument before it looks for a display: a bad one is named even
on a machine with no screen."""

from __future__ import annotations

import pytest

from helpers import BUNDLED
from kiosk import cli
from kiosk.cli import main


@pytest.fixture
def no_display(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(cli, "_has_display", lambda: False)


@pytest.mark.parametrize("argv, said", [
    (["--at", "2026-02-30"], "--at: '2026-02-30'"),
    (["--at", "tomorrow-ish"], "--at: 'tomorrow-ish'"),
])
def test_a_bad_argument_is_named_before_the_missing_display(no_display, capsys, argv, said):
    assert main(["run", *argv, str(BUNDLED)]) == 1
    err = capsys.readouterr().err
    assert said in err and "no display" not in err


def test_a_link_named_as_an_output_is_named_before_the_missing_display(no_display, tmp_path, capsys):
    (tmp_path / "log.jsonl").symlink_to(tmp_path / "elsewhere")
    assert main(["run", "--log-json", str(tmp_path / "log.jsonl"), str(BUNDLED)]) == 1
    err = capsys.readouterr().err
    assert "symbolic link" in err and "no display" not in err


def test_good_arguments_and_no_display_say_so(no_display, capsys):
    assert main(["run", "--at", "2026-10-19 09:30", str(BUNDLED)]) == 1
    assert "no display found" in capsys.readouterr().err
