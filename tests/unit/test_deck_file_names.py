"""A deck folder (or bundle) holding its deck under another name is told which file to rename,
by one rule (:func:`kiosk.paths.near_deck_file`): in ``kiosk validate``, ``kiosk run``,
``kiosk decks`` and ``kiosk install`` alike."""

from __future__ import annotations

import zipfile

import pytest

from kiosk.deck import load_deck
from kiosk.library import LibraryError, install, list_decks, resolve_deck
from kiosk.paths import near_deck_file

DECK = 'deck: {id: named, title: Named, languages: [en]}\nslides:\n  - {id: one, type: title, title: One}\n'


@pytest.mark.parametrize("name, hint", [
    ("deck.yml", "rename it deck.yaml"),
    ("deck.yaml.txt", "rename it deck.yaml (Windows may hide a second extension such as .txt)"),
    ("Deck.yaml", "rename it deck.yaml"),
    ("slides.yaml", "rename it deck.yaml"),
])
def test_a_deck_file_under_another_name_is_named_with_the_fix(tmp_path, name, hint):
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / name).write_text(DECK, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"x")
    [problem] = load_deck(folder).problems
    assert problem.message == f"file not found, but the folder holds '{name}'"
    assert problem.hint == hint
    assert f"it holds '{name}'" in resolve_deck(str(folder), tmp_path / "lib").problem


def test_a_library_folder_with_its_deck_misnamed_is_listed_with_its_problem(tmp_path):
    (tmp_path / "lib" / "harvest").mkdir(parents=True)
    (tmp_path / "lib" / "harvest" / "deck.yml").write_text(DECK, encoding="utf-8")
    (tmp_path / "lib" / "notes").mkdir()  # no deck file of any name: not a deck
    [entry] = list_decks(tmp_path / "lib")
    assert entry.path.name == "harvest" and not entry.ok
    assert "holds 'deck.yml'" in entry.errors[0].message


def test_a_bundle_and_a_folder_are_told_alike(tmp_path):
    bundle = tmp_path / "b.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("deck.yml", DECK)
    with pytest.raises(LibraryError, match="it holds 'deck.yml': rename it deck.yaml and make the bundle again"):
        install(bundle, tmp_path / "lib")


def test_no_look_alike_is_named_when_there_is_none():
    assert near_deck_file(["photo.jpg", "notes.txt"]) is None
    assert near_deck_file(["notes.yaml", "deck.yml"]) == "deck.yml"  # a deck. name before any YAML file


def test_a_folder_of_deck_folders_is_told_as_such_with_its_decks_and_the_command(tmp_path, capsys):
    """kiosk validate decks, where decks/ holds deck folders: not "file not found"."""
    from kiosk.cli import main

    for name in ("library", "church hall"):
        (tmp_path / "decks" / name).mkdir(parents=True)
        (tmp_path / "decks" / name / "deck.yaml").write_text("deck: {id: x, title: X}\nslides: []\n", encoding="utf-8")
    (tmp_path / "decks" / "notes").mkdir()  # a folder without a deck is not named
    [problem] = load_deck(tmp_path / "decks").problems
    assert "file not found" not in problem.message
    assert "holds no deck.yaml: it is a folder of decks" in problem.message
    assert "'church hall', 'library'" in problem.message and "notes" not in problem.message
    assert problem.hint.endswith(f"kiosk validate {tmp_path / 'decks'}/*/")
    assert main(["validate", str(tmp_path / "decks")]) == 1
    assert "kiosk validate" in capsys.readouterr().out


def test_a_folder_of_decks_is_named_as_the_folder_with_no_line(tmp_path, capsys, monkeypatch):
    """Not ``decks/deck.yaml:1:1:``, a file that is not there: the folder itself, as the summary
    line names a deck, in every command that takes a deck."""
    from kiosk.cli import main

    for name in ("library", "church-hall"):
        (tmp_path / "decks" / name).mkdir(parents=True)
        (tmp_path / "decks" / name / "deck.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--no-fit", "decks"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "decks: error: the folder holds no deck.yaml: it is a folder of decks, not a deck (it holds "
        "'church-hall', 'library') — give one deck's folder, or check them all with: kiosk validate decks/*/",
        "decks: invalid (1 error)"]
    assert main(["pack", "decks"]) == 1
    said = capsys.readouterr()
    assert said.out + said.err == "".join(line + "\n" for line in [
        "decks: error: the folder holds no deck.yaml: it is a folder of decks, not a deck (it holds "
        "'church-hall', 'library') — give one deck's folder, or check them all with: kiosk validate decks/*/",
        "kiosk: decks has errors; fix them before packing it; nothing was packed"])
    result = load_deck(tmp_path / "decks")
    assert result.file == tmp_path / "decks"
    # In the folder itself too; and a deck file not there, or no folder at all, has no line either.
    monkeypatch.chdir(tmp_path / "decks")
    assert main(["validate", "--no-fit", "."]) == 1
    assert capsys.readouterr().out.splitlines()[0].startswith(".: error: the folder holds no deck.yaml")
    (tmp_path / "bare").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--no-fit", "bare", "nowhere"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "bare/deck.yaml: error: file not found — check the folder holds a deck.yaml",
        "bare/deck.yaml: invalid (1 error)",
        "nowhere: error: no such deck folder — give the path of a folder holding deck.yaml",
        "nowhere: invalid (1 error)"]
    # an empty folder is still simply without its deck file
    (tmp_path / "empty").mkdir()
    [problem] = load_deck(tmp_path / "empty").problems
    assert problem.message == "file not found"


def test_a_folder_of_decks_with_a_stray_yaml_file_is_still_told_as_a_folder_of_decks(tmp_path, capsys, monkeypatch):
    """decks/ holding deck folders and base.yaml: not "rename base.yaml deck.yaml"; but a folder
    holding deck.yml beside deck folders is a deck saved under another name."""
    from kiosk.cli import main

    for name in ("library", "church-hall", "harvest"):
        (tmp_path / "decks" / name).mkdir(parents=True)
        (tmp_path / "decks" / name / "deck.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "decks" / "base.yaml").write_text("theme: {}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--no-fit", "decks"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "decks: error: the folder holds no deck.yaml: it is a folder of decks, not a deck (it holds "
        "'church-hall', 'harvest', 'library'; 'base.yaml' beside them is not a deck) — give one deck's folder, "
        "or check them all with: kiosk validate decks/*/",
        "decks: invalid (1 error)"]
    (tmp_path / "decks" / "deck.yml").write_text(DECK, encoding="utf-8")
    [problem] = load_deck(tmp_path / "decks").problems
    assert problem.message == "file not found, but the folder holds 'deck.yml'"
