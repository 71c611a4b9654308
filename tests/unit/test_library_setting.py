"""Every command that reads or writes the deck library takes the same one: ``--library DIR``, else
``library`` in settings.toml, else the default (:meth:`kiosk.settings.Effective.library_for`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers.fleet import DECK, make_deck
from kiosk import cli, library, paths, settings


def bundle_of(path: Path, deck_id: str = "harvest", title: str = "Harvest week") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("deck.yaml", DECK.format(id=deck_id, title=title))
    return path


@pytest.fixture
def chosen_library(tmp_path, monkeypatch):
    """A settings file whose ``library`` is ``tmp_path/lib`` (not there yet); returns that folder."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('library = "../lib"\n', encoding="utf-8")  # relative to the file
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "lib"


def test_install_and_decks_use_the_library_in_the_settings(tmp_path, chosen_library, capsys):
    assert cli.main(["install", str(bundle_of(tmp_path / "h.zip"))]) == 0
    assert f"into {chosen_library / 'harvest'}" in capsys.readouterr().out
    assert (chosen_library / "harvest" / "deck.yaml").is_file()
    assert not (paths.library() / "harvest").exists(), "nothing goes into the default library"
    assert cli.main(["decks"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Decks in {chosen_library} (library, set in ")
    assert "harvest" in out and "Harvest week" in out


def test_decks_with_the_settings_library_not_made_yet_lists_the_bundled_ones(chosen_library, capsys):
    assert cli.main(["decks"]) == 0  # nothing installed yet is no mistake
    out = capsys.readouterr().out
    assert f"Decks in {chosen_library}" in out and "freedom-week-2019" in out


def test_run_and_config_look_in_the_same_library(tmp_path, chosen_library, capsys):
    assert cli.main(["run", "no-such-deck", "--headless"]) == 1
    assert f"no deck called 'no-such-deck' in {chosen_library} or the bundled decks" in capsys.readouterr().err
    assert cli.main(["config"]) == 0
    line = next(text for text in capsys.readouterr().out.splitlines() if text.startswith("library "))
    assert str(chosen_library) in line


def test_update_installs_into_the_library_in_the_settings(tmp_path, keypair, monkeypatch, capsys):
    from kiosk.fleet.publish import publish

    publish(make_deck(tmp_path / "src" / "harvest"), keypair[0], tmp_path / "pub")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'library = "{tmp_path / "lib"}"\ntrusted_keys = ["{keypair[1]}"]\n',
                                          encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    assert cli.main(["update", "--source", str(tmp_path / "pub")]) == 0
    assert (tmp_path / "lib" / "harvest" / "deck.yaml").is_file()
    capsys.readouterr()
    assert cli.main(["decks"]) == 0  # and kiosk decks lists what kiosk update installed
    assert "Harvest week" in capsys.readouterr().out


def test_the_flag_wins_over_the_setting(tmp_path, chosen_library, capsys):
    other = tmp_path / "other"
    assert cli.main(["install", str(bundle_of(tmp_path / "h.zip")), "--library", str(other)]) == 0
    assert (other / "harvest").is_dir() and not chosen_library.exists()
    capsys.readouterr()
    assert cli.main(["decks", "--library", str(other)]) == 0
    assert capsys.readouterr().out.startswith(f"Decks in {other}:")
    assert cli.main(["install", str(bundle_of(tmp_path / "h.zip")), "--library", str(paths.decks())]) == 1
    assert "holds the decks that come with the kiosk" in capsys.readouterr().err


def test_the_rule_is_flag_then_setting_then_default(tmp_path, chosen_library):
    effective = settings.load()
    assert effective.library_for(None) == chosen_library
    assert effective.library_for(tmp_path / "x") == tmp_path / "x"
    (tmp_path / "config" / "settings.toml").write_text("", encoding="utf-8")
    assert settings.load().library_for(None) == library.library_folder() == paths.library()


def test_validate_takes_a_deck_id_as_run_does(tmp_path, chosen_library, capsys):
    assert cli.main(["install", str(bundle_of(tmp_path / "h.zip"))]) == 0
    capsys.readouterr()
    assert cli.main(["validate", "--no-fit", "harvest"]) == 0  # the library's deck of that id
    assert f"{chosen_library / 'harvest' / 'deck.yaml'}: valid" in capsys.readouterr().out
    assert cli.main(["validate", "--no-fit", "freedom-week-2019"]) == 0  # the bundled one
    assert "slides/freedom-week-2019/deck.yaml: valid" in capsys.readouterr().out
    (tmp_path / "harvest").mkdir()  # a folder of that name here is taken as given, as run takes it
    assert cli.main(["validate", "--no-fit", "harvest"]) == 1
    assert str(chosen_library) not in capsys.readouterr().out
