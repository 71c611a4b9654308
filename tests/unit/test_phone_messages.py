"""A phone number or tel: link that cannot be dialled is told what is actually wrong with it."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import shortnumberinfo

from kiosk.deck.links import label_problem, normalise_phone, short_numbers_in_text


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


# --------------------------------------------------------------------------- short numbers

@pytest.mark.parametrize(("written", "dialled"), [
    ("116 123", "116123"), ("116123", "116123"), ("116 000", "116000"), ("111", "111"), ("101", "101"),
    (" 116-123 ", "116123"),
])
def test_short_numbers_of_the_kiosks_country_are_dialled_as_their_digits(written, dialled):
    assert normalise_phone(written) == dialled


@pytest.mark.parametrize(("written", "reason", "fix"), [
    ("999", "emergency number", "in an emergency, call 999"),
    ("112", "emergency number", "in an emergency, call 999"),
    ("+44 116 123", "short number written with a country code", 'without + and the country code: "116 123"'),
    ("0044 116 123", "short number written with a country code", 'without + and the country code: "116 123"'),
    ("+48 116 123", "short number of another country (116123 in PL)", "give the service's full number"),
    ("202", "only some mobile networks connect", "give the service's full number"),
])
def test_short_numbers_a_phone_cannot_be_relied_on_to_call_are_refused_with_a_fix_that_fits(written, reason, fix):
    with pytest.raises(ValueError) as caught:
        normalise_phone(written)
    message, _, hint = str(caught.value).partition(" — ")
    assert reason in message
    assert fix in hint
    assert "+48 22 123 45 67" not in hint  # the advice for a long number from abroad cannot help here


@given(st.text(alphabet="0123456789", min_size=3, max_size=6), st.sampled_from(["", " ", "-"]))
def test_a_number_accepted_never_connects_to_the_emergency_services(digits, separator):
    written = separator.join([digits[:3], digits[3:]]) if digits[3:] else digits
    try:
        dialled = normalise_phone(written)
    except ValueError as error:
        assert str(error).split(" — ")[1], written  # every refusal says how to fix it
        return
    assert not shortnumberinfo.connects_to_emergency_number(dialled.lstrip("+"), "GB"), (written, dialled)
    if not dialled.startswith("+"):  # a short number: the digits written, valid in the kiosk's country
        assert dialled == digits
        assert shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(dialled, "GB"), "GB")


@pytest.mark.parametrize(("label", "wrong"), [
    ("Call Samaritans free on 116 000", "the label gives the number 116 000, but the code dials 116123"),
    ("Call 08000 121 700", "the label gives the number 08000 121 700, but the code dials 116123"),
    ("Call Samaritans free on 116 123", None), ("Call free, 24/7. In danger? Call 999.", None),
])
def test_the_label_of_a_short_numbers_code_gives_the_number_it_dials(label, wrong):
    found = label_problem("tel:116123", label)
    assert (found[0] if found else None) == wrong


@pytest.mark.parametrize("label", ["Scan to call: 08000\u00a0121\u00a0700", "Call 08000 121 700 (24/7)",
                                   "Zeskanuj, aby zadzwonić: 08000\u00a0121\u00a0700"])
def test_the_groups_of_a_long_number_are_never_read_as_short_numbers(label):
    assert short_numbers_in_text(label) == []
    assert label_problem("tel:+448000121700", label) is None
