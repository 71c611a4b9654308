"""A link too long for its QR code is said in the characters the coordinator wrote and in those the
code holds: a letter outside A–Z is sent by browsers as its percent-encoded bytes (``я`` as
``%D1%8F``, 6 characters), a host outside A–Z as ``xn--…``, and the code's limit counts those. Both
messages (too long to scan at the size shown, too long for any code) say so, wherever the link is: a
slide's QR code, an event's sign-up code, a helpline's site."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import besides_helpline
from kiosk.deck import load_deck
from kiosk.deck.checks import link_length
from kiosk.deck.links import parse_web_link

HELP = "  - {id: help, type: helpline, phone: \"08000 121 700\"}\n"


def link_problems(write_deck, slide: str) -> list:
    folder = write_deck("deck: {id: d, title: D}\nslides:\n" + slide + HELP)
    return [p for p in besides_helpline(load_deck(folder).problems) if "characters" in p.message]


def test_a_link_in_cyrillic_letters_is_said_as_written_and_as_its_code_holds_it(write_deck):
    link = "https://example.com/" + "я" * 120
    (problem,) = link_problems(write_deck, f"  - {{id: what, type: text, title: T, qr: {{link: '{link}', label: Go}}}}\n")
    assert problem.message.startswith("slide 'what': link is 140 characters, 740 once its letters outside A–Z are "
                                      "written as browsers send them (я as %D1%8F), too long to scan at the size shown")
    assert problem.hint == ("use a shorter address: at most 287 characters fit a code on this slide, "
                            "a letter like я counting as 6 (%D1%8F)")


def test_a_host_outside_a_to_z_is_said_in_the_form_its_code_holds(write_deck):
    link = "https://пример.рф/" + "a" * 280
    (problem,) = link_problems(write_deck, f"  - {{id: what, type: text, title: T, qr: {{link: '{link}', label: Go}}}}\n")
    assert "link is 298 characters, 310 once its letters outside A–Z are written as browsers send them " \
           "(the host as xn--e1afmkfd.xn--p1ai)" in problem.message
    assert problem.hint.endswith("its host counting as 21 (xn--e1afmkfd.xn--p1ai)")


def test_an_ascii_link_is_said_in_one_length(write_deck):
    (problem,) = link_problems(
        write_deck, f"  - {{id: what, type: text, title: T, qr: {{link: 'https://example.com/{'a' * 300}', label: Go}}}}\n")
    assert problem.message.startswith("slide 'what': link is 320 characters, too long to scan")
    assert problem.hint == "use a shorter address: at most 287 characters fit a code on this slide"


def test_every_link_message_says_both_lengths(write_deck):
    """A sign-up code's and a helpline site's link, and one too long for any code, say it too."""
    letters = "é" * 500
    problems = link_problems(write_deck, (
        f"  - {{id: ev, type: events, events: [{{title: W, date: 2099-01-01, "
        f"signup: {{link: 'https://example.org/{'ж' * 40}', label: Go}}}}]}}\n"
        f"  - {{id: any, type: text, title: T, qr: {{link: 'https://example.org/{letters}', label: Go}}}}\n"
        f"  - {{id: site, type: helpline, phone: \"08000 121 700\", url: 'https://example.org/{'ü' * 70}'}}\n"))
    said = {p.message.split("'")[1]: p for p in problems}
    assert set(said) == {"ev", "any", "site"}
    assert "link is 60 characters, 260 once" in said["ev"].message and "(ж as %D0%B6)" in said["ev"].message
    assert "link is 520 characters, 3020 once" in said["any"].message
    assert "link is 90 characters, 440 once" in said["site"].message and "(ü as %C3%BC)" in said["site"].message
    assert all(re.search(r"counting as \d+ \(%", p.hint) for p in problems)


_LETTERS = st.characters(categories=["Ll", "Lu", "Lo"])


@given(st.text(_LETTERS, min_size=1, max_size=40), st.text(st.sampled_from("abc-/"), max_size=20))
def test_the_lengths_said_are_those_written_and_held_and_a_letter_counts_as_its_encoding(letters, plain):
    written = f"https://example.org/{plain}{letters}"
    payload = parse_web_link(written).href
    length, counted = link_length(written, payload)
    numbers = [int(n) for n in re.findall(r"(?<![%\w])(\d+)(?= characters|,? once| as browsers)", length)]
    if len(written) == len(payload):
        assert length == f"link is {len(payload)} characters" and counted == ""
        return
    assert numbers == [len(written), len(payload)], length
    first = next(ch for ch in written if not ch.isascii())
    encoded = "".join(f"%{byte:02X}" for byte in first.encode("utf-8"))
    assert f"({first} as {encoded})" in length and encoded in payload
    assert counted == f", a letter like {first} counting as {len(encoded)} ({encoded})"


@pytest.mark.parametrize("written", [None, 12, "https://example.org/a"])
def test_a_link_whose_written_form_is_not_known_is_said_as_its_code_holds_it(written):
    assert link_length(written, "https://example.org/a") == ("link is 21 characters", "")
