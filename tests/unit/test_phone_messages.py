"""A phone number or tel: link that cannot be dialled is told what is actually wrong with it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.deck.links import normalise_phone


@pytest.mark.parametrize(("number", "reason"), [
    ("", "it is empty"), ("   ", "it is empty"), ("+", "it has no digits"), ("(-)", "it has no digits"),
    ("0800+121700", "its '+' is not at the start"), ("++44 8000 121 700", "more than one '+'"),
    ("0800-CALL-NOW", "the letter 'C'"), ("08000\u200b121 700", "U+200B ZERO WIDTH SPACE"),
])
def test_the_message_says_what_is_wrong(number, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        normalise_phone(number)


@given(st.text(alphabet=st.sampled_from("0123456789 ()-.+aZ#\u200b"), max_size=12))
def test_a_message_names_only_what_the_number_holds(number):
    try:
        normalise_phone(number)
    except ValueError as error:
        message = str(error).split(" — ")[0]
        for quoted in re.findall(r"'(.)'", message):
            assert quoted in number, (number, message)
        assert ("empty" in message) == (number.strip() == "")
