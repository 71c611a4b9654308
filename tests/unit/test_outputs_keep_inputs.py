"""No command writes over what it reads: ``kiosk pack DECK --out DECK/deck.yaml`` used to replace
the deck with its own bundle, and ``kiosk stats --csv`` naming the counts file replaced the counts
with their CSV. Every output checked against the command's inputs (kiosk.outputs.replaced_input)
is refused by any path that reaches the same file, and nothing is written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from kiosk import outputs
from kiosk.cli import main


def deck_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "deck"
    shutil.copytree(BUNDLED, folder)
    return folder


# ------------------------------------------------------------------ kiosk.outputs.replaced_input
def test_the_same_file_by_another_path_or_a_hard_link_is_an_input(tmp_path):
    deck = tmp_path / "d"
    deck.mkdir()
    (deck / "deck.yaml").write_text("deck: {}\n")
    (tmp_path / "alias").symlink_to(deck)
    os.link(deck / "deck.yaml", tmp_path / "hard.yaml")
    for spelling in (deck / "deck.yaml", deck / ".." / "d" / "deck.yaml", tmp_path / "alias" / "deck.yaml",
                     tmp_path / "hard.yaml"):
        assert outputs.replaced_input(spelling, [deck / "deck.yaml"]) == deck / "deck.yaml", spelling


def test_a_file_inside_the_folder_is_an_input_unless_the_kiosk_writes_it(tmp_path):
    (tmp_path / "picture.png").write_bytes(b"x")
    (tmp_path / "old.zip").write_bytes(b"x")
    assert outputs.replaced_input(tmp_path / "picture.png", folders=[tmp_path], own=(".zip",)) is not None
    assert outputs.replaced_input(tmp_path / "old.zip", folders=[tmp_path], own=(".zip",)) is None
    assert outputs.replaced_input(tmp_path / "new.png", folders=[tmp_path]) is None  # not there: replaces nothing
    assert outputs.replaced_input(tmp_path.parent / "elsewhere.txt", folders=[tmp_path]) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from([".", "sub", "..", "link"]), max_size=6))
def test_any_spelling_of_the_counts_file_is_found(tmp_path, parts):
    """Paths made of ``.``, ``..``, a sub-folder and a link to the folder, ending at the counts
    file: the file is found whenever the path reaches it, and only then."""
    root = tmp_path / "h"
    if not root.exists():
        (root / "sub").mkdir(parents=True)
        (root / "sub" / "sub").mkdir()
        (root / "link").symlink_to(root)
        (root / "stats.db").write_bytes(b"counts")
    path = root.joinpath(*parts, "stats.db")
    reaches = os.path.exists(path) and os.path.samefile(path, root / "stats.db")
    assert (outputs.replaced_input(path, [root / "stats.db"]) is not None) == reaches


# ------------------------------------------------------------------ the commands
def test_pack_never_writes_its_bundle_over_the_deck(tmp_path, capsys):
    deck = deck_copy(tmp_path)
    before = (deck / "deck.yaml").read_bytes()
    for out in (deck / "deck.yaml", deck / ".." / "deck" / "deck.yaml", deck / "pictures" / "norfolk-logo.png"):
        if not out.exists():
            continue
        kept = out.read_bytes()
        assert main(["pack", str(deck), "--out", str(out)]) == 1
        said = capsys.readouterr().err
        assert "is a file of the deck" in said and "nothing was packed" in said and "Traceback" not in said
        assert out.read_bytes() == kept
    assert (deck / "deck.yaml").read_bytes() == before
    assert main(["pack", str(deck), "--out", str(deck / "deck.zip")]) == 0  # the kiosk's own file there: fine


def test_stats_never_writes_its_tables_over_the_counts(tmp_path, capsys):
    from kiosk.stats import store

    db = tmp_path / "stats.db"
    store.write(db, {table: {} for table in store.TABLES})
    before = db.read_bytes()
    os.link(db, tmp_path / "same.db")
    for target in (db, tmp_path / "." / "stats.db", tmp_path / "same.db"):
        assert main(["stats", "--stats-file", str(db), "--csv", str(target)]) == 1
        said = capsys.readouterr().err
        assert "is the visitor counts file" in said and "nothing was written" in said
    assert db.read_bytes() == before
    assert main(["stats", "--stats-file", str(db), "--csv", str(tmp_path / "tables.csv")]) == 0


def test_a_counts_file_given_to_stats_alone_is_told_to_use_stats_file(tmp_path, capsys):
    db = tmp_path / "stats.db"
    db.write_bytes(b"")
    assert main(["stats", str(db)]) != 0
    said = capsys.readouterr().err
    assert f"kiosk stats --stats-file {db}" in said and "Traceback" not in said
    assert db.read_bytes() == b""
