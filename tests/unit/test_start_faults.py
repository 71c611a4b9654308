"""What ``kiosk run`` says and does as it starts, in the cases a tester found wrong: a deck that
changes while it is checked, a deck folder not there, a stop signal during a refusal, and the
library's helper met by a signal sent to the kiosk's process group."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers import BUNDLED
from kiosk import cli, command, library, stopsignals
from kiosk.deck.problems import Problem
from kiosk.deck.result import LoadResult
from kiosk.qt import checker
from kiosk.snapshots import UNCHECKED, snapshot


@pytest.fixture
def deck(tmp_path):
    folder = tmp_path / "deck"
    shutil.copytree(BUNDLED, folder)
    return folder


def _passed(folder) -> LoadResult:
    """What the checker gives for a deck that passed (the check itself is the checker's tests')."""
    return LoadResult(folder, folder / "deck.yaml", deck=object(), content="ab" * 32)


def _changed(folder) -> LoadResult:
    return LoadResult(folder, folder / "deck.yaml", problems=[
        Problem(str(folder / "deck.yaml"), 1, 1, checker.CHANGED_WHILE_CHECKED, "it is checked again")])


def test_a_deck_that_changed_while_it_was_checked_is_checked_again_once_still(deck, monkeypatch):
    answers = [_changed(deck)]
    monkeypatch.setattr(checker, "check_and_load", lambda folder, **kw: answers.pop(0) if answers else _passed(folder))
    waits: list[float] = []
    monkeypatch.setattr(cli, "_still", lambda folder, limit: waits.append(limit) or 1.0)

    result, version = cli._load_to_play(deck)

    assert result.ok and waits == [cli.START_SETTLE_S]
    assert version == snapshot(deck)  # the folder as checked: the running kiosk's watcher starts from it


def test_a_deck_that_never_stops_changing_is_refused_after_the_wait(deck, monkeypatch, capsys):
    monkeypatch.setattr(checker, "check_and_load", lambda folder, **kw: _changed(folder))
    monkeypatch.setattr(cli, "_still", lambda folder, limit: limit)
    result, _version = cli._load_to_play(deck)
    assert not result.ok and capsys.readouterr().err.count(checker.CHANGED_WHILE_CHECKED) == 1


def test_a_folder_written_during_the_check_is_not_taken_for_the_version_checked(deck, monkeypatch):
    def check(folder, **kw):
        (deck / "notes.txt").write_text("saved during the check\n", encoding="utf-8")
        return _passed(folder)

    monkeypatch.setattr(checker, "check_and_load", check)
    result, version = cli._load_to_play(deck)
    assert result.ok and version == UNCHECKED  # the watcher reads the folder again once the kiosk plays


def test_a_deck_folder_not_there_is_said_in_one_line(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "nothere"), "--headless", "--cycles", "1"]) == command.EXIT_INVALID
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "no such deck folder" in lines[0], lines


def test_a_stop_signal_during_a_refusal_adds_nothing_to_it(monkeypatch, capsys):
    monkeypatch.setattr(stopsignals, "_held", ["SIGINT"])
    monkeypatch.setattr(stopsignals, "_on_stop", None)
    assert command.finish(lambda: command.EXIT_INVALID) == command.EXIT_INVALID
    assert capsys.readouterr().err == ""
    assert command.finish(lambda: command.EXIT_OK) == command.EXIT_INVALID  # a command that was done: said
    assert capsys.readouterr().err.startswith("kiosk: stopped by Ctrl+C")


def test_the_librarys_helper_runs_in_a_session_of_its_own(monkeypatch, tmp_path):
    """A signal sent to the kiosk's process group (Ctrl+C, systemd's stop, SIGUSR1) never reaches
    the helper that reads the deck ids: killed, it made a deck in the library seem missing."""
    calls: list[dict] = []

    def run(args, **kwargs):
        calls.append(kwargs)
        return subprocess.CompletedProcess(args, 0, b"{}", b"")

    monkeypatch.setattr(subprocess, "run", run)
    library.folder_ids([tmp_path])
    assert calls and calls[0].get("start_new_session") is True
