"""A ``deck.yaml`` that is a symbolic link is read only when it leads to a file inside its deck
folder, as for pictures; one leading outside is refused unread, with one located error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk.deck import load_deck

DECK = """\
deck: {id: t, title: {en: T}, languages: [en]}
slides:
  - {id: help, type: helpline, phone: "08000 121 700"}
"""
SECRET = "api_key_f00d: hunter2\n"


@pytest.fixture
def linked_out(tmp_path):
    """A deck folder whose deck.yaml links to a secret YAML file beside the folder."""
    (tmp_path / "secret.yaml").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "deck"
    folder.mkdir()
    try:
        os.symlink(tmp_path / "secret.yaml", folder / "deck.yaml")
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    return folder


def test_a_deck_file_linking_outside_is_refused_unread(linked_out):
    result = load_deck(linked_out)
    assert not result.ok
    assert [(p.line, p.col, p.message) for p in result.problems] == [
        (1, 1, "the deck file is a link to a file outside the deck folder; it was not read")]
    assert "api_key_f00d" not in str(result.problems[0]) and "hunter2" not in str(result.problems[0])


def test_validate_prints_one_located_error(linked_out):
    done = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(linked_out)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{linked_out / 'deck.yaml'}:1:1: error: the deck file is a link to a file outside the deck folder; "
        "it was not read — copy the file itself into the deck folder in place of the link")
    assert "api_key_f00d" not in done.stdout + done.stderr


@pytest.mark.parametrize("target", ["versions/v2.yaml", "../deck/versions/v2.yaml"])
def test_a_link_inside_the_deck_folder_is_followed(tmp_path, target):
    folder = tmp_path / "deck"
    (folder / "versions").mkdir(parents=True)
    (folder / "versions" / "v2.yaml").write_text(DECK, encoding="utf-8")
    try:
        os.symlink(target, folder / "deck.yaml")
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    assert load_deck(folder).ok
