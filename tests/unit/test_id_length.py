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
