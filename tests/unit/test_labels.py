"""Labels and codes tell the truth: links as browsers parse them, numbers dialled as meant,
deck text shown as written, nothing raw on the coordinator's terminal (no Qt here)."""

from __future__ import annotations

import re

import pytest
from ada_url import URL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from kiosk.cli import main
from kiosk.deck import load_deck
from kiosk.deck.chars import BIDI_OVERRIDES, printable, refused_char
from kiosk.deck.links import normalise_phone, parse_web_link
from kiosk.deck.model import Link, Text
from kiosk.deck.problems import Problem
from kiosk.player.navigator import Position
from kiosk.player.views import host_of, view
from kiosk.qr import QrTooLong, qr_matrix

HELPLINE = '  - {id: help, type: helpline, phone: "08000 121 700"}\n'
LINK = TypeAdapter(Link)
TEXT = TypeAdapter(Text)


def deck_with(slides: str) -> str:
    return "deck: {id: t, title: T, languages: [en]}\nslides:\n" + slides + HELPLINE


def problems_of(write_deck, slides: str) -> list[Problem]:
    return load_deck(write_deck(deck_with(slides))).problems


# --------------------------------------------------------------------------- links

def test_backslash_before_user_info_is_refused_where_it_is(write_deck, capsys):
    folder = write_deck(deck_with(
        "  - {id: s, type: text, title: S, qr: {link: 'https://evil.example\\@modernslaveryhelpline.org/', "
        "label: Report}}\n"))
    assert main(["validate", "--no-fit", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "deck.yaml:3:46: error: slide 's': field 'qr.link': the address has a backslash" in out
    assert "write '/' instead" in out


def test_user_info_is_refused_naming_the_host_a_phone_opens():
    with pytest.raises(ValidationError, match="opens 'evil.example'"):
        LINK.validate_python("https://modernslaveryhelpline.org@evil.example/")


@pytest.mark.parametrize("text", [
    "https://example.org/a b", "https://example.org/\tx", "https:example.org/", "https:///example.org/",
    "https://ex%61mple.org/", "https://0x7f.1/", "https://ｅｘａｍｐｌｅ.org/", "https://exam\u00adple.org/",
    "https://localhost/", "https://@example.org/", "ftp://example.org/", "https://"])
def test_addresses_a_browser_reads_otherwise_are_refused(text):
    with pytest.raises(ValidationError):
        LINK.validate_python(text)


def test_code_holds_the_serialisation_and_label_names_the_parsed_host(write_deck):
    folder = write_deck(deck_with(
        "  - {id: s, type: text, title: S, qr: {link: 'https://Bücher.example/ä%20ö?q=ü', label: Go}}\n"
        '  - {id: h2, type: helpline, phone: "08000 121 700", url: "https://WWW.Bücher.example"}\n'))
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    assert result.deck.slides[0].qr.link == "https://xn--bcher-kva.example/%C3%A4%20%C3%B6?q=%C3%BC"
    codes = view(result.deck, Position(1))["codes"]
    assert codes[1] == {"payload": "https://www.xn--bcher-kva.example/", "label": "Visit bücher.example"}


def test_http_link_and_a_label_naming_another_site_are_warned(write_deck):
    problems = problems_of(write_deck, "  - {id: s, type: text, title: S, "
                                       "qr: {link: 'http://evil.example/', label: Sign up at nmsc.org.uk}}\n")
    messages = [p.message for p in problems if p.severity == "warning"]
    assert any("starts http://" in m for m in messages)
    assert any("the label names nmsc.org.uk, but the code opens evil.example" in m for m in messages)
    assert not [p for p in problems if p.is_error]


#: Pieces web addresses are made of, with the characters browsers treat specially among them.
_PIECE = st.sampled_from(["https://", "http://", "example.org", "nmsc.org.uk", "Bücher.example", "/", "\\", "@",
                          ":", "%41", "?", "#", ".", " ", "\t", "\u202e", "\u200b", "xn--", "0x7f", "a", "é",
                          "[::1]", ":8080", "www."])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_PIECE, max_size=8).map("".join), st.text(max_size=40).map(lambda t: "https://" + t)))
def test_any_link_is_refused_or_is_exactly_what_a_browser_reads(text):
    try:
        link = parse_web_link(text)
    except ValueError as exc:
        assert str(exc)  # refused with a message
        return
    parsed = URL(text.strip())
    assert link.href == parsed.href == URL(link.href).href  # the code holds the browser's serialisation
    assert link.host == parsed.hostname == URL(link.href).hostname
    assert host_of(link.href) == link.shown_host  # the label's host comes from the same parse
    authority = re.split(r"[/?#]", text.strip().split("//", 1)[1])[0]  # what comes before path, query, fragment
    assert "\\" not in text and "@" not in authority


# --------------------------------------------------------------------------- phone numbers

def test_trunk_zero_after_the_country_code_dials_the_number_meant(write_deck):
    folder = write_deck("deck: {id: t, title: T}\nslides:\n"
                        '  - {id: help, type: helpline, phone: "+44 (0)8000 121 700"}\n'
                        "  - {id: s, type: text, title: S, qr: {link: 'tel:+44 (0)8000 121 700', label: Call}}\n")
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    assert result.deck.slides[0].tel_link == "tel:+448000121700"
    assert result.deck.slides[1].qr.link == "tel:+448000121700"


@st.composite
def uk_helpline_as_written(draw) -> str:
    """08000 121 700 written the ways people write UK numbers."""
    prefix = draw(st.sampled_from(["0", "+44 ", "+44", "+44 (0)", "+44(0)", "0044 ", "0044", "(0)", "+44 0"]))
    groups = draw(st.sampled_from([["8000", "121", "700"], ["800", "0121", "700"], ["8000121700"],
                                   ["8000", "121700"], ["800", "012", "1700"]]))
    sep = draw(st.sampled_from([" ", "-", ".", "", "  "]))
    body = sep.join(groups)
    if prefix in ("0", "(0)") and draw(st.booleans()):
        body = f"({groups[0]}) " + sep.join(groups[1:])
        return ("0" if prefix == "0" else "") + body if prefix == "(0)" else "(0" + body[1:]
    if prefix == "(0)":
        prefix = "0"
    return prefix + body


@settings(max_examples=200, deadline=None)
@given(uk_helpline_as_written())
def test_every_way_of_writing_the_helpline_dials_it(written):
    assert "tel:" + normalise_phone(written) == "tel:+448000121700", written


@pytest.mark.parametrize("number", ["0800 FLOWERS", "+44 8000 121 7000", "01603 12", "08000 121 700\u202e"])
def test_numbers_that_cannot_be_dialled_are_refused_with_a_hint(number):
    with pytest.raises(ValueError, match="08000 121 700|phone number"):
        normalise_phone(number)


def test_emergency_numbers_are_still_never_a_code(write_deck):
    problems = problems_of(write_deck, "  - {id: s, type: text, title: S, qr: {link: 'tel:999', label: Call}}\n")
    assert any("emergency number is never put in a QR code" in p.message for p in problems)


# --------------------------------------------------------------------------- text as written

def test_plain_numbers_in_text_fields_keep_every_character(write_deck):
    folder = write_deck(deck_with(
        "  - {id: a, type: title, title: 1e3, subtitle: 08000121700, note: 0x1F}\n"
        "  - {id: s, type: stats, title: F, items: [{value: 40.30, label: x, source: y, year: 2016}]}\n"))
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    title = view(result.deck, Position(0))
    assert (title["title"], title["subtitle"], title["note"]) == ("1e3", "08000121700", "0x1F")
    stats = view(result.deck, Position(1))
    assert stats["items"][0]["value"] == "40.30" and stats["items"][0]["source"] == "y, 2016"


def test_bidi_override_is_refused_and_named_without_being_printed(write_deck, capsys):
    folder = write_deck(deck_with('  - {id: a, type: title, title: "Call \\u202e0071 21 00080"}\n'))
    assert main(["validate", "--no-fit", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "has U+202E RIGHT-TO-LEFT OVERRIDE at character 6, which reorders the text" in out
    assert "\u202e" not in out


def test_isolates_are_kept_around_a_number_in_arabic_only(write_deck):
    folder = write_deck("deck: {id: t, title: T, languages: [en, ar]}\nslides:\n"
                        '  - {id: a, type: title, title: {en: Call, ar: "اتصل \\u206608000 121 700\\u2069"}}\n')
    assert load_deck(folder).ok
    folder = write_deck("deck: {id: t, title: T, languages: [en, ar]}\nslides:\n"
                        '  - {id: a, type: title, title: {en: "Call \\u206608000\\u2069", ar: "اتصل"}}\n')
    assert not load_deck(folder).ok


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(sorted(BIDI_OVERRIDES) + [
    "\u2066", "\u2069", "\u200e", "\u200f", "\u200b", "\u200d", "\x1b", "\x9b", "\r", "\n", "\t"])), max_size=30))
def test_any_text_is_refused_or_shown_unchanged(text):
    try:
        shown = TEXT.validate_python(text)
    except ValidationError:
        return
    assert shown == text.strip()
    assert refused_char(shown) is None


def test_zero_width_characters_are_warned_but_joiners_in_emoji_are_not(write_deck):
    problems = problems_of(write_deck, '  - {id: a, type: title, title: "Modern\\u200bslavery", '
                                       'subtitle: "team 👩\\u200d💻"}\n')
    warned = [p.message for p in problems if "invisible on screen" in p.message]
    assert warned == ["slide 'a': field 'title': text has U+200B ZERO WIDTH SPACE at character 7, invisible on screen"]


# --------------------------------------------------------------------------- the terminal

def test_problems_print_control_characters_as_escapes():
    text = str(Problem("deck\x1b[31m.yaml", 1, 2, "unknown field '\x1b[2K\rx\u202e'", "hint\x07"))
    assert text == "deck\\x1b[31m.yaml:1:2: error: unknown field '\\x1b[2K\\x0dx\\u202e' — hint\\x07"
    assert printable("Polski, العربية, 👩\u200d💻") == "Polski, العربية, 👩\u200d💻"


def test_deck_listing_never_prints_raw_escapes(tmp_path, capsys):
    folder = tmp_path / "evil\x1b[31m"
    folder.mkdir()
    (folder / "deck.yaml").write_text('deck: {id: t, title: "\\e]0;owned\\a\\e[2J"}\nslides: [', encoding="utf-8")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "deck.yaml").write_text(deck_with('  - {id: a, type: title, title: "\\e[2Kx"}\n'),
                                               encoding="utf-8")
    main(["decks", "--library", str(tmp_path)])
    main(["validate", "--no-fit", str(tmp_path / "ok")])
    out = capsys.readouterr()
    assert "evil\\x1b[31m" in out.out
    for stream in (out.out, out.err):
        assert not any(ch in stream for ch in "\x1b\x07\x9b\r\u202e"), stream


# --------------------------------------------------------------------------- too long for any code

def test_a_link_too_long_for_any_qr_code_is_a_located_error(write_deck, capsys):
    folder = write_deck(deck_with(
        f"  - {{id: s, type: text, title: S, qr: {{link: 'https://example.org/{'a' * 3000}', label: Go}}}}\n"
        f"  - {{id: e, type: events, events: [{{title: W, date: 2099-01-01, signup: "
        f"{{link: 'https://example.org/{'b' * 2400}', label: Go}}}}]}}\n"))
    assert main(["validate", "--no-fit", str(folder)]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]  # 2099: far ahead too
    assert [line.split(": error: ")[0].rsplit(":", 2)[1:] for line in lines] == [["3", "46"], ["4", "80"]]
    assert all("too long for any QR code" in line for line in lines)
    with pytest.raises(QrTooLong):
        qr_matrix("https://example.org/" + "a" * 3000)


def test_numbers_as_written_survive_copying():
    import copy
    import pickle

    from kiosk.deck.source import core_scalar
    for number in (core_scalar("08000121700"), core_scalar("40.30")):
        assert pickle.loads(pickle.dumps(number)).written == copy.deepcopy(number).written == number.written
