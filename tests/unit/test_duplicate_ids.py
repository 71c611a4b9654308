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
    """Read folder ids (and which decks can play) here rather than in a child process (the same
    reading, faster)."""
    monkeypatch.setattr(library, "folder_ids", lambda folders: library._read_ids([os.fspath(f) for f in folders]))

    def verdicts(folders, deck_id):
        read = library._read_verdicts(deck_id, [os.fspath(f) for f in folders])
        return read["ids"], read["ok"]

    monkeypatch.setattr(library, "folder_verdicts", verdicts)


def break_deck(folder) -> None:
    """Give the deck in ``folder`` an error (a slide of no type), keeping its id readable."""
    file = folder / "deck.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "  - {id: broken, type: txet, title: Broken}\n", encoding="utf-8")


def test_decks_names_each_folder_and_which_one_is_played(tmp_path, capsys):
    lib = tmp_path / "lib"
    make_deck(lib / "harvest", "Harvest 2026")
    make_deck(lib / "a-harvest-copy", "Harvest 2019")  # sorts first: it used to be offered first
    assert cli.main(["decks", "--library", str(lib)]) == 1
    said = capsys.readouterr()
    stale = next(line for line in said.out.splitlines() if "Harvest 2019" in line)
    fresh = next(line for line in said.out.splitlines() if "Harvest 2026" in line)
    assert stale.endswith("valid, NOT PLAYED: the deck of this id in harvest/ is played instead  in a-harvest-copy/")
    assert fresh.endswith("valid  in harvest/")
    assert said.err == (f"kiosk: two folders hold the deck 'harvest': {lib / 'harvest'} is the one played (kiosk run "
                        f"harvest, deck = \"harvest\" in settings.toml, the staff menu: its folder is named harvest), "
                        f"{lib / 'a-harvest-copy'} never is — remove {lib / 'a-harvest-copy'}, or give its deck another "
                        "id in its deck.yaml\n")
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
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["", "-1", " copy", "-old"]),
                          st.booleans()),
                min_size=1, max_size=5, unique_by=lambda deck: deck[:2]))
def test_run_and_the_lists_always_agree_on_the_folder_played(tmp_path_factory, monkeypatch, decks):
    # Folders named after their deck's id, or copied beside it under another name (never under
    # another deck's id, which kiosk run would take for that deck by its folder name), each deck
    # with or without errors.
    in_process(monkeypatch)
    lib = tmp_path_factory.mktemp("lib")
    for deck_id, suffix, good in decks:
        make_deck(lib / (deck_id + suffix), f"In {deck_id + suffix}", deck_id)
        if not good:
            break_deck(lib / (deck_id + suffix))
    offered = library.available_decks(lib)
    listed = library.available_decks(lib, shadowed=True)
    for deck_id in {deck_id for deck_id, _, _ in decks}:
        played = library.find_deck(deck_id, lib)
        assert played is not None and library.resolve_deck(deck_id, lib).folder == played
        # the staff menu offers the folder kiosk run plays, and kiosk decks marks every other of that id
        assert [entry.path for entry in offered if entry.id == deck_id] == [played]
        for entry in listed:
            if entry.id == deck_id and entry.path != played:
                assert entry.shadowed_by == played and entry not in offered
        # a deck that can play is never hidden by one that cannot; among those that can (or, when
        # none can, among all), the folder named after the id, else the first by name
        held = [(deck_id + suffix, good) for i, suffix, good in decks if i == deck_id]
        pool = [name for name, good in held if good] or [name for name, _ in held]
        assert played.name == (deck_id if deck_id in pool else sorted(pool)[0])


def test_a_deck_with_errors_never_hides_a_good_one_of_its_id(tmp_path, monkeypatch, capsys):
    lib = tmp_path / "lib"
    make_deck(lib / "broken", "Broken copy", "h")
    break_deck(lib / "broken")
    make_deck(lib / "emoji", "Emoji", "h")  # sorts after broken/: it used to be hidden by it
    assert library.find_deck("h", lib) == lib / "emoji"  # read in a child process
    assert library.resolve_deck("h", lib).folder == lib / "emoji"
    assert [entry.path for entry in library.available_decks(lib) if entry.id == "h"] == [lib / "emoji"]
    assert cli.main(["decks", "--library", str(lib)]) == 1  # a deck with errors is listed
    said = capsys.readouterr()
    line = next(line for line in said.out.splitlines() if line.endswith("in broken/"))
    assert "INVALID" in line and "NOT PLAYED: the deck of this id in emoji/ is played instead" in line
    assert f"{lib / 'emoji'} is the one played" in said.err and "the deck in broken/ has errors" in said.err
    make_deck(lib / "h", "Named", "h")
    break_deck(lib / "h")  # named after the id, but with errors: the good one still plays
    assert library.find_deck("h", lib) == lib / "emoji"


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


# ----------------------------------------------------------------- kiosk install and kiosk update
def bundle_of(tmp_path, deck_id: str = "harvest", title: str = "Harvest 2026"):
    """A bundle (.zip) of a small deck, made as kiosk pack makes it."""
    source = make_deck(tmp_path / "source" / deck_id, title, deck_id)
    return library.pack(source, tmp_path / f"{deck_id}.zip")


def test_install_says_another_folder_holds_the_same_id_and_which_plays(tmp_path, capsys):
    lib = tmp_path / "lib"
    make_deck(lib / "my-copy", "Harvest 2019")  # played by its id until now
    assert library.find_deck("harvest", lib) == lib / "my-copy"
    assert cli.main(["install", str(bundle_of(tmp_path)), "--library", str(lib)]) == 0
    said = capsys.readouterr()
    assert said.out.endswith(f"kiosk: installed 'harvest' (Harvest 2026, 2 slides) into {lib / 'harvest'}\n")
    assert said.err == (f"kiosk: warning: two folders hold the deck 'harvest': {lib / 'harvest'}, just installed, is "
                        "the one played (kiosk run harvest, deck = \"harvest\" in settings.toml, the staff menu), "
                        f"{lib / 'my-copy'} never is — remove {lib / 'my-copy'}, or give its deck another id in its "
                        "deck.yaml\n")
    assert library.find_deck("harvest", lib) == lib / "harvest"  # as the warning says
    shutil.rmtree(lib / "my-copy")  # as the warning says
    assert cli.main(["install", str(bundle_of(tmp_path)), "--library", str(lib)]) == 0
    assert capsys.readouterr().err == ""
    assert cli.main(["decks", "--library", str(lib)]) == 0


def test_install_never_replaces_a_folder_holding_another_deck(tmp_path, capsys):
    lib = tmp_path / "lib"
    make_deck(lib / "harvest", "Autumn", "autumn")  # copied in by hand under the wrong name
    (lib / "harvest" / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["install", str(bundle_of(tmp_path)), "--library", str(lib)]) == 1
    assert capsys.readouterr().err == (
        f"kiosk: the folder {lib / 'harvest'} holds the deck 'autumn', not an earlier version of 'harvest', so it "
        "was not replaced and nothing was installed — rename the folder to autumn (kiosk run autumn finds it by "
        "its id), then install again\n")
    assert (lib / "harvest" / "notes.txt").read_text(encoding="utf-8") == "mine"
    (lib / "harvest").rename(lib / "autumn")  # as the message says
    assert cli.main(["install", str(bundle_of(tmp_path)), "--library", str(lib)]) == 0
    assert library.find_deck("autumn", lib) == lib / "autumn" and library.find_deck("harvest", lib) == lib / "harvest"


def test_install_never_replaces_a_folder_of_other_files_or_a_file(tmp_path, capsys):
    lib = tmp_path / "lib"
    (lib / "harvest").mkdir(parents=True)
    (lib / "harvest" / "photo.jpg").write_bytes(b"x")
    assert cli.main(["install", str(bundle_of(tmp_path)), "--library", str(lib)]) == 1
    assert capsys.readouterr().err == (f"kiosk: the folder {lib / 'harvest'} holds no deck.yaml but other files, so "
                                       "it was not replaced and nothing was installed — move it out of the library, "
                                       "then install again\n")
    shutil.rmtree(lib / "harvest")
    (lib / "harvest").write_bytes(b"x")
    assert cli.main(["install", str(bundle_of(tmp_path)), "--library", str(lib)]) == 1
    assert capsys.readouterr().err == (f"kiosk: {lib / 'harvest'} is a file, not a deck folder, so nothing was "
                                       "installed — move it out of the library, then install again\n")
    (lib / "harvest").unlink()
    (lib / "harvest").mkdir()  # an empty folder holds nothing to keep
    assert cli.main(["install", str(bundle_of(tmp_path)), "--library", str(lib)]) == 0


def test_update_says_another_folder_holds_the_same_id(tmp_path, keypair, monkeypatch, capsys):
    from kiosk.fleet.publish import publish

    lib = tmp_path / "lib"
    make_deck(lib / "my-copy", "Harvest 2019")
    publish(make_deck(tmp_path / "deck"), keypair[0], tmp_path / "pub")
    (tmp_path / "settings.toml").write_text(f'trusted_keys = ["{keypair[1]}"]\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    assert cli.main(["update", "--source", str(tmp_path / "pub"), "--library", str(lib)]) == 0
    assert capsys.readouterr().out == (
        f"kiosk: updated: installed 'harvest' version 1 (warning: two folders hold the deck 'harvest': "
        f"{lib / 'harvest'}, just installed, is the one played (kiosk run harvest, deck = \"harvest\" in "
        f"settings.toml, the staff menu), {lib / 'my-copy'} never is — remove {lib / 'my-copy'}, or give its deck "
        "another id in its deck.yaml)\n")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["harvest", "autumn"]), st.sampled_from(["harvest", "autumn", "copy",
                                                                                    "old"])),
                max_size=4, unique_by=lambda folder: folder[1]))
def test_install_says_what_decks_says_and_loses_no_other_deck(tmp_path_factory, monkeypatch, folders):
    # Any library of folders holding 'harvest' or 'autumn' under any name: installing 'harvest'
    # either refuses and changes nothing, or warns of exactly the folders kiosk decks marks as
    # not played; no deck of another id is ever lost.
    in_process(monkeypatch)
    base = tmp_path_factory.mktemp("case")
    lib = base / "lib"
    for deck_id, name in folders:
        make_deck(lib / name, f"{deck_id} in {name}", deck_id)
    before = {entry.path: entry.id for entry in library.list_decks(lib)}
    bundle = bundle_of(base)
    try:
        entry = library.install(bundle, lib)
    except library.LibraryError as refused:
        assert before.get(lib / "harvest") == "autumn"  # refused only when it would replace another deck
        assert {entry.path: entry.id for entry in library.list_decks(lib)} == before
        assert "nothing was installed" in str(refused)
        return
    assert before.get(lib / "harvest") in (None, "harvest")
    after = {e.path: e.id for e in library.list_decks(lib)}
    assert {path: held for path, held in before.items() if held != "harvest"}.items() <= after.items()
    warned = set(library.same_id_elsewhere("harvest", entry.path, lib))
    marked = {e.path for e in library.available_decks(lib, shadowed=True) if e.id == "harvest" and e.shadowed_by}
    assert warned == marked and all(e.shadowed_by == entry.path for e in library.available_decks(lib, shadowed=True)
                                    if e.path in marked)
