"""Which deck a name means, and where the kiosk's folders are: one function and one module."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import paths, settings
from kiosk.library import DeckSource, resolve_deck

DECK = """\
deck: {{id: {id}, title: "{id}", languages: [en]}}
slides:
  - {{id: one, type: title, title: One}}
"""


def deck(folder: Path, deck_id: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(DECK.format(id=deck_id or folder.name), encoding="utf-8")
    return folder


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    return tmp_path


def test_nothing_requested_is_the_bundled_default_deck(here):
    chosen = resolve_deck(None, here / "lib")
    assert (chosen.folder, chosen.source, chosen.problem) == (paths.default_deck(), DeckSource.DEFAULT, None)
    assert resolve_deck("", here / "lib").source is DeckSource.DEFAULT


def test_nothing_requested_with_a_subscription_is_the_deck_installed_from_updates(here):
    deck(here / "lib" / "harvest")
    chosen = resolve_deck(None, here / "lib", subscribed="harvest")
    assert (chosen.folder, chosen.source) == (here / "lib" / "harvest", DeckSource.UPDATES)
    # a subscription whose folder is gone falls back to the default deck
    assert resolve_deck(None, here / "lib", subscribed="gone").source is DeckSource.DEFAULT


def test_an_id_in_the_library(here):
    deck(here / "lib" / "harvest")
    chosen = resolve_deck("harvest", here / "lib")
    assert (chosen.folder, chosen.source, chosen.problem) == (here / "lib" / "harvest", DeckSource.LIBRARY, None)


def test_a_bundled_id(here):
    chosen = resolve_deck(paths.DEFAULT_DECK_ID, here / "lib")
    assert (chosen.folder, chosen.source) == (paths.default_deck(), DeckSource.BUNDLED)


def test_a_library_deck_shadows_a_bundled_deck_of_the_same_id(here):
    mine = deck(here / "lib" / paths.DEFAULT_DECK_ID)
    chosen = resolve_deck(paths.DEFAULT_DECK_ID, here / "lib")
    assert (chosen.folder, chosen.source) == (mine, DeckSource.LIBRARY)


def test_a_path_is_taken_as_it_is(here):
    folder = deck(here / "elsewhere" / "my-deck")
    chosen = resolve_deck(str(folder), here / "lib")
    assert (chosen.folder, chosen.source, chosen.problem) == (folder, DeckSource.PATH, None)
    by_file = resolve_deck(folder / "deck.yaml", here / "lib")  # a deck's own file means its folder
    assert (by_file.folder, by_file.source, by_file.problem) == (folder, DeckSource.PATH, None)
    deck(here / "lib" / "local")
    deck(here / "local")  # a folder here with a library deck's name: the folder here, as typed
    assert resolve_deck("local", here / "lib").folder == Path("local")


def test_a_path_with_no_deck_says_so(here):
    chosen = resolve_deck("nowhere/deck", here / "lib")
    assert chosen.source is DeckSource.PATH
    assert chosen.problem == f"no deck at {(here / 'nowhere' / 'deck').resolve()} (no deck.yaml there)"


def test_another_yaml_file_is_not_taken_for_a_deck(here):
    other = deck(here / "elsewhere" / "my-deck") / "notes.yaml"
    other.write_text("title: x\n", encoding="utf-8")
    chosen = resolve_deck(other, here / "lib")
    assert chosen.source is DeckSource.PATH
    assert chosen.problem.startswith(f"{other.resolve()} is a file, not a deck folder")
    assert "rename the file deck.yaml in a folder of its own" in chosen.problem


def test_a_mistyped_id_names_where_it_looked_and_close_ids(here):
    deck(here / "lib" / "harvest")
    deck(here / "lib" / "harvests")
    chosen = resolve_deck("harvset", here / "lib")
    assert chosen.problem == f"no deck called 'harvset' in {here / 'lib'} or the bundled decks"
    assert chosen.suggestions[0] == "harvest" and set(chosen.suggestions) == {"harvest", "harvests"}
    assert chosen.hint.startswith("did you mean 'harvest' or")
    bundled = resolve_deck("freedom-week-2091", here / "lib")
    assert bundled.suggestions == (paths.DEFAULT_DECK_ID,)
    nothing = resolve_deck("zzz", here / "lib")
    assert nothing.suggestions == () and nothing.hint.startswith("kiosk decks lists the decks")


def test_the_settings_resolve_their_deck_the_same_way(here):
    deck(here / "lib" / "harvest")
    config = here / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'deck = "harvset"\nlibrary = "{here / "lib"}"\n', encoding="utf-8")
    effective = settings.load()
    assert effective.resolve_deck() == resolve_deck("harvset", here / "lib")
    assert effective.deck_missing() == f"no deck called 'harvset' in {here / 'lib'} or the bundled decks"


def test_every_folder_comes_from_the_paths_module(here, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(here / "state"))
    assert paths.config_dir() == here / "config"
    assert paths.settings_file() == here / "config" / "settings.toml" == settings.settings_path()
    from kiosk import pin
    from kiosk.stats.store import default_path

    assert pin.pin_file() == paths.pin_file() == here / "config" / "pin"
    assert paths.state_dir() == here / "state" / "kiosk" == paths.crash_dir()
    assert default_path() == paths.stats_file() == here / "state" / "kiosk" / "stats.db"
    assert paths.updates_state(here / "lib") == here / "lib" / ".kiosk-updates.json"
    assert paths.default_deck() == paths.decks() / paths.DEFAULT_DECK_ID


def test_nothing_requested_plays_an_installed_deck_of_the_default_id_before_the_bundled_one(here):
    mine = deck(here / "lib" / paths.DEFAULT_DECK_ID)
    chosen = resolve_deck(None, here / "lib")
    assert (chosen.folder, chosen.source, chosen.problem) == (mine, DeckSource.DEFAULT, None)
    from kiosk.library import default_deck, is_bundled
    assert default_deck(here / "lib") == mine and not is_bundled(mine)
    assert is_bundled(default_deck(here / "empty"))


def test_kiosk_config_names_the_installed_default_deck(here):
    mine = deck(here / "lib" / paths.DEFAULT_DECK_ID)
    (here / "config").mkdir()
    (here / "config" / "settings.toml").write_text(f'library = "{here / "lib"}"\n', encoding="utf-8")
    lines = settings.describe(settings.load())
    assert any(line.startswith("deck ") and f"{paths.DEFAULT_DECK_ID} (installed)" in line for line in lines)
    assert lines[-1].endswith(str(mine.resolve()))


def test_a_deck_is_found_by_its_id_whatever_its_folder_is_called(here):
    odd = deck(here / "lib" / "Bad Name", "other-id")
    chosen = resolve_deck("other-id", here / "lib")
    assert (chosen.folder, chosen.source, chosen.problem) == (odd, DeckSource.LIBRARY, None)
    # a folder named by an id shadows nothing: the id its deck.yaml gives is the one that counts
    deck(here / "lib" / "harvest", "other-id-2")
    assert resolve_deck("other-id-2", here / "lib").folder == here / "lib" / "harvest"
    from kiosk.library import available_decks
    listed = {entry.id: entry.path for entry in available_decks(here / "lib")}
    assert listed["other-id"] == odd  # kiosk decks lists what kiosk run takes


def test_the_default_id_in_a_folder_of_another_name_is_still_the_installed_default(here):
    mine = deck(here / "lib" / "my copy", paths.DEFAULT_DECK_ID)
    assert resolve_deck(None, here / "lib").folder == mine
