"""``kiosk config --check`` exits 1 for what makes ``kiosk run`` play something other than the
settings say: an installed copy of the deck played by default that has errors, and a ``ca_file``
that is no certificate (which the running kiosk reports, and does without, the same way)."""

from __future__ import annotations

import os
import shutil

import pytest

from helpers import BUNDLED
from kiosk import cli, paths, settings
from kiosk.cli_settings import falls_back


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


def broken_copy_of_the_default(library):
    copy = library / paths.DEFAULT_DECK_ID
    shutil.copytree(BUNDLED, copy)
    text = (copy / "deck.yaml").read_text(encoding="utf-8")
    (copy / "deck.yaml").write_text(text.replace("slides:\n", "slides:\n  - {id: x, type: title, titel: x}\n", 1),
                                    encoding="utf-8")
    return copy


def test_an_installed_copy_of_the_default_deck_with_errors_fails_the_check(config, capsys):
    # The deck is checked as kiosk run checks it at start, in the checking process, which reads the
    # pictures with Qt's reader: without PySide6 no deck can be checked so, the bundled one neither.
    pytest.importorskip("PySide6.QtGui", exc_type=ImportError)
    config("")
    copy = broken_copy_of_the_default(paths.library())
    effective = settings.load()
    assert effective.deck_path() == copy and falls_back(effective, copy), "kiosk run plays the bundled deck instead"
    assert cli.main(["config", "--check"]) == 1
    err = capsys.readouterr().err
    assert (f"{copy / 'deck.yaml'}:1:1: error: the deck the kiosk plays by default (no deck is set in settings.toml) "
            "has errors; the kiosk plays the bundled deck instead until they are fixed") in err
    assert "remove that folder to play the bundled deck" in err
    config(f'deck = "{paths.DEFAULT_DECK_ID}"\n')  # chosen by its id: the installed copy is the one meant
    assert cli.main(["config", "--check"]) == 1
    assert "has errors; the kiosk plays the bundled deck instead" in capsys.readouterr().err
    shutil.rmtree(copy)
    assert cli.main(["config", "--check"]) == 0
    config("")
    assert not falls_back(settings.load(), BUNDLED), "the bundled deck itself has nothing to fall back on"


@pytest.mark.parametrize("given, why", [("/nonexistent.pem", "there is no such file"),
                                        ("not-a-cert.pem", "it holds no certificate in PEM form"),
                                        ("a-folder", "it is a folder, not a file")])
def test_a_ca_file_that_is_no_certificate_fails_the_check_and_is_not_used(config, given, why, capsys):
    file = config(f'update_source = "https://example.org/feed"\nca_file = "{given}"\n')
    (file.parent / "not-a-cert.pem").write_text("hello\n")
    (file.parent / "a-folder").mkdir()
    effective = settings.load()  # as kiosk run and kiosk update read it: reported, and not used
    assert effective.settings.ca_file is None and effective.sources["ca_file"] == "default"
    [problem] = effective.problems
    assert (problem.line, problem.message.split(": ", 1)[0]) == (2, "'ca_file'")
    assert why in problem.message and "updates trust only the system's certificate authorities" in problem.message
    assert cli.main(["config", "--check"]) == 1
    assert f"{file}:2:1: error: 'ca_file': " in capsys.readouterr().err


def test_a_pem_certificate_passes(config, capsys):
    file = config('ca_file = "venue.pem"\n')
    (file.parent / "venue.pem").write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    assert settings.load().problems == []
    assert settings.load().settings.ca_file == file.parent / "venue.pem"


@pytest.mark.parametrize("make, why", [
    (lambda at: at.write_text("hello\n"), "is a file, not a folder"),
    pytest.param(lambda at: os.mkfifo(at), "is a named pipe (FIFO), not a folder",
                 marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")),
])
def test_a_library_that_is_no_folder_fails_the_check_and_is_not_used(config, tmp_path, capsys, make, why):
    make(tmp_path / "afile")
    file = config(f'library = "{tmp_path / "afile"}"\n')
    effective = settings.load()  # as kiosk decks, install and update read it: reported, and not used
    assert effective.settings.library is None and effective.library == paths.library()
    [problem] = effective.problems
    assert problem.line == 1 and problem.message.startswith(f"'library': {tmp_path / 'afile'} {why}; using the default")
    assert cli.main(["config", "--check"]) == 1
    assert f"{file}:1:1: error: 'library': " in capsys.readouterr().err


def test_a_library_not_made_yet_or_a_folder_passes(config, tmp_path, capsys):
    config(f'library = "{tmp_path / "new" / "decks"}"\n')
    assert settings.load().problems == []
    (tmp_path / "decks").mkdir()
    config(f'library = "{tmp_path / "decks"}"\n')
    assert settings.load().problems == [] and settings.load().library == tmp_path / "decks"


@pytest.mark.parametrize("source", ["ftp://example.org/", "FILE:///srv/decks", "sftp://host/decks", "s3://bucket"])
def test_an_update_source_of_another_scheme_fails_the_check(config, capsys, source):
    file = config(f'update_source = "{source}"\n')
    effective = settings.load()
    assert effective.settings.update_source is None  # never taken as a folder named like ftp:/example.org
    [problem] = effective.problems
    scheme = source.split(":", 1)[0]
    assert f"'{source}': the kiosk cannot fetch from {scheme}:// addresses; use an https:// address" in problem.message
    assert cli.main(["config", "--check"]) == 1
    assert f"{file}:1:1: error: 'update_source': " in capsys.readouterr().err


@pytest.mark.parametrize("source", ["https://example.org/kiosk/", "/srv/kiosk-feed", "feeds/kiosk", "a:b"])
def test_an_https_address_or_a_folder_passes(config, source):
    config(f'update_source = "{source}"\n')
    assert settings.load().problems == [] and settings.load().settings.update_source


def test_a_settings_file_linked_to_nothing_is_said(config, tmp_path, capsys):
    file = config("")
    file.unlink()
    file.symlink_to(tmp_path / "nonexistent-target")
    effective = settings.load()
    [problem] = effective.problems
    assert problem.message == (f"the settings file is a link to '{tmp_path / 'nonexistent-target'}', which is not "
                               "there; playing with the default settings")
    assert cli.main(["config", "--check"]) == 1
    captured = capsys.readouterr()
    assert (f"settings file        {file}  (a link to '{tmp_path / 'nonexistent-target'}', which is not there: "
            "all defaults)") in captured.out
    assert "no problems" not in captured.out + captured.err
    file.unlink()  # no file at all is no problem: all defaults
    assert settings.load().problems == []
    assert cli.main(["config", "--check"]) == 0
    assert f"settings file        {file}  (not there: all defaults)" in capsys.readouterr().out


def test_update_refuses_a_source_of_another_scheme(config, capsys):
    config("")
    assert cli.main(["update", "--source", "ftp://example.org/"]) == 1
    err = capsys.readouterr().err
    assert "--source ftp://example.org/: the kiosk cannot fetch from ftp:// addresses" in err
    assert "ftp:/example.org" not in err  # never taken as a folder


@pytest.mark.parametrize("typed", ["https:/example.org/pub", "https//example.org/pub", "https:example.org", "Https:/x.org",
                                   "ftp:/example.org"])
def test_an_update_source_address_with_a_slash_or_colon_missing_is_said_as_one(tmp_path, typed):
    """Read as a folder's path, it would never be fetched and the check would pass."""
    problems = _check_source(tmp_path, typed)
    assert len(problems) == 1 and "looks like an address with its" in problems[0] and "https://" in problems[0]


@pytest.mark.parametrize("folder", ["C:/decks", "/srv/pub", "https-mirror/pub", "files/pub"])
def test_a_folder_named_like_an_address_start_is_a_folder(tmp_path, folder):
    assert _check_source(tmp_path, folder) == []


def _check_source(tmp_path, value: str) -> list[str]:
    (tmp_path / "settings.toml").write_text(f'update_source = "{value}"\n', encoding="utf-8")
    effective = settings.load(tmp_path / "settings.toml")
    return [str(problem) for problem in effective.problems if "update_source" in str(problem)]
