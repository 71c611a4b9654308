"""``kiosk config --check`` exits 1 for what makes ``kiosk run`` play something other than the
settings say: an installed copy of the deck played by default that has errors, and a ``ca_file``
that is no certificate (which the running kiosk reports, and does without, the same way)."""

from __future__ import annotations

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
