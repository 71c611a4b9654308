"""An id that passes the check is a name every file system takes, wherever the kiosk writes it."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck.model import SLUG_MAX, _slug
from kiosk.fleet.feed import DECK_ID
from kiosk.fleet.status import file_name

ID = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,299}\Z")
#: Most bytes of one name on ext4, NTFS, APFS and FAT's long names.
NAME_BYTES = 255


@settings(max_examples=60, deadline=None)
@given(ID, ID)
def test_an_id_that_passes_is_a_name_every_file_system_takes(deck_id, slide_id):
    try:
        _slug(deck_id)
        _slug(slide_id)
    except ValueError as refused:
        assert max(len(deck_id), len(slide_id)) > SLUG_MAX and "at most 64" in str(refused)
        return
    for name in (deck_id, f"{deck_id}.zip", f"{deck_id}-999999.zip.minisig", f".kiosk-install-{deck_id}-abcdefgh",
                 f"999-{slide_id}--{slide_id}.png"):
        assert len(name.encode()) <= NAME_BYTES


@pytest.mark.parametrize("length", [SLUG_MAX, SLUG_MAX + 1])
def test_the_feed_takes_the_deck_ids_the_deck_check_takes(length):
    deck_id = "a" * length
    assert (re.match(DECK_ID, deck_id) is not None) == (length <= SLUG_MAX)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_a_status_record_name_is_a_name_every_file_system_takes(kiosk_name):
    assert len(file_name(kiosk_name).encode()) <= NAME_BYTES


def test_a_very_long_value_is_shown_by_its_start_and_length_in_every_message(tmp_path, capsys):
    """A 5,000-character slide id makes no 5,000-character line: each message quoting it shows
    its first 60 characters and its length; a value of ordinary length is quoted whole."""
    from kiosk.cli import main

    long_id = "a" * 5000
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_text(
        "deck: {id: x, title: X}\nslides:\n"
        f"  - {{id: {long_id}, type: title, title: Hi}}\n  - {{id: {long_id}, type: title, title: Hi}}\n"
        "  - {id: w, type: txet, title: Hi}\n", encoding="utf-8")
    assert main(["validate", "--no-fit", str(deck)]) == 1
    lines = capsys.readouterr().out.splitlines()
    shown = f"'{'a' * 60}… (5,000 characters)'"
    assert sum(shown in line for line in lines) == 3, "the id is named in three messages, each cut short"
    assert max(len(line) for line in lines) < 400
    assert any(line.endswith("slide 'w': unknown slide type 'txet' — did you mean 'text'?") for line in lines)
    (deck / "deck.yaml").write_text(f"deck: {{id: {long_id}, title: X}}\nslides: []\n", encoding="utf-8")
    assert main(["decks", "--library", str(tmp_path)]) == 1
    listed = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("aaa"))
    assert listed.strip().startswith(f"{'a' * 60}… (5,000 characters) ") and len(listed) < 400
