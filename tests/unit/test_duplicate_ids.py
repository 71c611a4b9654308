"""Two folders of one library holding decks of the same id: ``kiosk run ID``, the staff menu's
deck list and ``kiosk decks`` name the same folder as the one played (:func:`kiosk.library.played_folder`)."""

from __future__ import annotations

import os
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.fleet import make_deck
from kiosk import cli, library


def in_process(monkeypatch) -> None:
    """Read folder ids here rather than in a child process (the same reading, faster)."""
    monkeypatch.setattr(library, "folder_ids", lambda folders: library._read_ids([os.fspath(f) for f in folders]))


def test_decks_names_each_folder_and_which_one_is_played(tmp_path, capsys):
    lib = tmp_path / "lib"
    make_deck(lib / "harvest", "Harvest 2026")
    make_deck(lib / "a-harvest-copy", "Harvest 2019")  # sorts first: it used to be offered first
    assert cli.main(["decks", "--library", str(lib)]) == 1
    said = capsys.readouterr()
    stale = next(line for line in said.out.splitlines() if "Harvest 2019" in line)
    fresh = next(line for line in said.out.splitlines() if "Harvest 2026" in line)
    assert stale.endswith("valid, NOT PLAYED: harvest/ has the same id  in a-harvest-copy/")
    assert fresh.endswith("valid  in harvest/")
    assert said.err == (f"kiosk: two folders hold the deck 'harvest': {lib / 'harvest'} is the one played (kiosk run "
                        f"harvest, deck = \"harvest\" in settings.toml, the staff menu), {lib / 'a-harvest-copy'} "
                        f"never is — remove {lib / 'a-harvest-copy'}, or give its deck another id in its deck.yaml\n")
    shutil.rmtree(lib / "a-harvest-copy")  # as the message says
    assert cli.main(["decks", "--library", str(lib)]) == 0


def test_the_staff_menu_offers_one_entry_per_id_the_one_run_plays(tmp_path):
    lib = tmp_path / "lib"
    make_deck(lib / "b-harvest", "Second")
    make_deck(lib / "a-harvest", "First")  # no folder named harvest: the first by name
    offered = [entry for entry in library.available_decks(lib) if entry.id == "harvest"]
    assert [entry.path for entry in offered] == [lib / "a-harvest"] == [library.find_deck("harvest", lib)]
    assert library.resolve_deck("harvest", lib).folder == lib / "a-harvest"
    listed = library.available_decks(lib, shadowed=True)
    assert [(e.path.name, e.shadowed_by) for e in listed if e.id == "harvest"] == [("a-harvest", None),
                                                                                   ("b-harvest", lib / "a-harvest")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["", "-1", " copy", "-old"])),
                min_size=1, max_size=5, unique=True))
def test_run_and_the_lists_always_agree_on_the_folder_played(tmp_path_factory, monkeypatch, decks):
    # Folders named after their deck's id, or copied beside it under another name (never under
    # another deck's id, which kiosk run would take for that deck by its folder name).
    in_process(monkeypatch)
    lib = tmp_path_factory.mktemp("lib")
    for deck_id, suffix in decks:
        make_deck(lib / (deck_id + suffix), f"In {deck_id + suffix}", deck_id)
    offered = library.available_decks(lib)
    ids = {deck_id for deck_id, _ in decks}
    for deck_id in ids:
        played = library.find_deck(deck_id, lib)
        assert played is not None
        # the staff menu offers the folder kiosk run plays, and kiosk decks marks every other of that id
        assert any(entry.path == played for entry in offered)
        for entry in library.available_decks(lib, shadowed=True):
            if entry.id == deck_id and entry.path != played:
                assert entry.shadowed_by == played and entry not in offered


def test_a_folder_named_after_another_decks_id_is_named_as_the_one_played(tmp_path, capsys):
    lib = tmp_path / "lib"
    make_deck(lib / "harvest", "Autumn", "autumn")  # copied in by hand under the wrong name
    make_deck(lib / "harvest-2026", "Harvest 2026")
    assert library.find_deck("harvest", lib) == lib / "harvest"  # by its folder's name, read by no one
    assert cli.main(["decks", "--library", str(lib)]) == 1
    assert capsys.readouterr().err == (
        f"kiosk: the folder {lib / 'harvest'} is named 'harvest' but holds the deck 'autumn': kiosk run harvest "
        f"plays it, and never the deck 'harvest' in {lib / 'harvest-2026'} — rename the folder {lib / 'harvest'} "
        "to autumn\n")
    (lib / "harvest").rename(lib / "autumn")  # as the message says
    assert cli.main(["decks", "--library", str(lib)]) == 0
    assert library.find_deck("harvest", lib) == lib / "harvest-2026"
