"""Deck checks that hold for a whole kind of input: a bad theme colour hides no other contrast
error, a comma inside { } is named as what cut a text, links are judged by one rule for spaces
and by :mod:`ipaddress` for where they lead, every character error names its slide and field,
animated pictures are said to be, and a label that names another number or site than its code
is an error where a visitor in need reads it (no Qt here)."""

from __future__ import annotations

import ipaddress
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.deck.links import parse_web_link
from kiosk.deck.problems import Problem

HELP = '  - {id: help, type: helpline, phone: "08000 121 700"}\n'
COLOURS = ("background", "surface", "text", "muted", "accent", "accent_text")
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def problems_of(text: str, files: dict[str, bytes] | None = None) -> list[Problem]:
    """What ``kiosk validate`` finds in a deck folder holding ``text`` as deck.yaml (and ``files``)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "deck.yaml").write_text(text, encoding="utf-8")
        for file, data in (files or {}).items():
            (folder / file).write_bytes(data)
        return load_deck(folder).problems


# --------------------------------------------------------------------------- theme colours

def contrast_lines(problems: list[Problem]) -> set[str]:
    return {p.message for p in problems if p.message.startswith("theme ")}


_HEX = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@QUICK
@given(st.fixed_dictionaries({}, optional={name: _HEX for name in COLOURS}), st.sampled_from(COLOURS),
       st.sampled_from(["red", "#ffd16", "12", "[1, 2]"]))
def test_a_bad_colour_hides_no_contrast_error_of_the_others(theme, bad, written):
    """Whatever the other colours, a colour written wrongly leaves out only the pairs it is in:
    the contrast errors are those of the same deck without that colour, less the pairs with it."""
    def deck(colours: dict[str, str]) -> str:
        pairs = ", ".join(f'{name}: {value}' if not value.startswith("#") else f'{name}: "{value}"'
                          for name, value in colours.items())
        return "deck: {id: h, title: H, theme: {" + pairs + "}}\nslides:\n" + HELP

    wrong = problems_of(deck({**theme, bad: written}))
    assert any(f"deck.theme.{bad}" in p.message for p in wrong if p.is_error)
    good = contrast_lines(problems_of(deck({name: value for name, value in theme.items() if name != bad})))
    assert contrast_lines(wrong) == {line for line in good if f"'{bad}'" not in line}


def test_the_testers_theme_gives_the_contrast_errors_of_its_good_colours():
    problems = problems_of('deck: {id: h, title: H, theme: {background: "#ffffff", text: "#fefefe", accent: red}}\n'
                           "slides:\n" + HELP)
    assert [re.sub(r" \(.*", "", p.message) for p in problems if p.is_error] == [
        "theme 'muted'", "theme 'text'", "field 'deck.theme.accent': must be a colour like \"#1a2b3c\""]


# --------------------------------------------------------------------------- a comma inside { }

_WORD = st.from_regex(r"[A-Za-z][a-z]{0,7}", fullmatch=True).filter(
    lambda w: w.lower() not in {"true", "false", "null", "yes", "no", "on", "off", "y", "n"} and w not in ("en", "pl"))


@QUICK
@given(st.lists(_WORD, min_size=2, max_size=5), st.lists(_WORD, min_size=1, max_size=4),
       st.sampled_from(["title", "body"]))
def test_a_text_cut_at_a_comma_is_named_with_the_text_to_write(first, rest, field):
    """``{en: A b, C d, pl: …}``: the error is at the piece cut off, says a comma cut the text,
    and gives the whole text in quotes."""
    text, cut = " ".join(first), " ".join(rest)
    yaml = (f"deck: {{id: c, title: C, languages: [en, pl]}}\nslides:\n"
            f"  - {{id: s, type: text, {'' if field == 'title' else 'title: T, '}{field}: {{en: {text}, {cut}, pl: Tekst}}}}\n"
            + HELP)
    problems = [p for p in problems_of(yaml) if p.is_error]
    assert len(problems) == 1, problems
    [problem] = problems
    assert problem.line == 3 and problem.col == yaml.splitlines()[2].index(f", {cut},") + 3
    assert f"slide 's': field '{field}': a comma inside {{ }} separates fields" in problem.message
    meant = f"{text}, {cut}"
    assert problem.hint == f'text with a comma needs quotes: write en: "{meant if len(meant) <= 60 else meant[:60] + "…"}"'


_CUT = st.tuples(st.lists(_WORD, min_size=1, max_size=3).map(" ".join), st.lists(_WORD, min_size=1, max_size=3).map(" ".join))


@QUICK
@given(st.lists(st.tuples(st.sampled_from(["title", "body"]), st.lists(st.one_of(st.none(), _CUT), min_size=3, max_size=3)),
                min_size=1, max_size=4))
def test_every_text_cut_at_a_comma_is_named_at_once(slides):
    """Any number of translations cut at a comma, several in one ``{ }`` and on several lines:
    each is named in the one run, at the piece cut off, with the whole text to write; no other
    error and no warning of an unused language comes with them."""
    langs = ["en", "pl", "ro"]
    lines, meant = [], []
    for n, (field, texts) in enumerate(slides):
        line = f"  - {{id: s{n}, type: text, {'' if field == 'title' else 'title: T, '}{field}: {{"
        for lang, cut in zip(langs, texts, strict=True):
            line += ", " if not line.endswith("{") else ""
            if cut is None:
                line += f"{lang}: Tekst {lang}"
                continue
            line += f"{lang}: {cut[0]}, "
            meant.append((n + 3, len(line) + 1, lang, f"{cut[0]}, {cut[1]}"))  # at the piece cut off
            line += cut[1]
        lines.append(line + "}}")
    for _, texts in slides:  # the pieces cut off are keys of their mapping: each once
        pieces = [cut[1] for cut in texts if cut is not None]
        assume(len(set(pieces)) == len(pieces))
    yaml = "deck: {id: c, title: C, languages: [en, pl, ro]}\nslides:\n" + "\n".join(lines) + "\n" + HELP
    problems = problems_of(yaml)
    errors = [p for p in problems if p.is_error]
    assert [(p.line, p.col) for p in errors] == [(row, col) for row, col, _, _ in meant], (yaml, errors)
    assert all("a comma inside { } separates fields" in p.message for p in errors)
    assert [p.hint for p in errors] == [f'text with a comma needs quotes: write {lang}: "{text}"'
                                        for _, _, lang, text in meant]
    assert not [p for p in problems if p.severity == "warning"], problems


def test_both_translations_cut_at_a_comma_in_one_mapping_are_named():
    problems = problems_of("deck: {id: c, title: C, languages: [en, ro]}\nslides:\n"
                           "  - {id: help, type: helpline, phone: '08000 121 700',\n"
                           "     hours: {en: 24 hours a day, 7 days a week, ro: 24 de ore pe zi, 7 zile pe săptămână}}\n")
    assert [(p.line, p.col, p.hint) for p in problems] == [
        (4, 34, 'text with a comma needs quotes: write en: "24 hours a day, 7 days a week"'),
        (4, 70, 'text with a comma needs quotes: write ro: "24 de ore pe zi, 7 zile pe săptămână"')]


def test_digits_cut_at_a_comma_are_joined_as_written():
    problems = problems_of("deck: {id: c, title: C}\nslides:\n"
                           "  - {id: s, type: title, title: {en: Over 30,000 calls}}\n" + HELP)
    assert [p.hint for p in problems if p.is_error] == ['text with a comma needs quotes: write en: "Over 30,000 calls"']


# --------------------------------------------------------------------------- links

_SPACE = st.sampled_from([" ", "\t", "\u00a0", "\u3000", "\n"])


@QUICK
@given(st.sampled_from(["https://nmsc.org.uk/", "tel:08000 121 700", "http://example.org/a?b=c"]),
       _SPACE, st.sampled_from(["start", "end"]))
def test_a_space_at_either_end_of_any_link_is_an_error(link, space, end):
    written = space + link if end == "start" else link + space
    yaml = ("deck: {id: l, title: L}\nslides:\n"
            f"  - {{id: s, type: text, title: T, qr: {{link: {json.dumps(written)}, label: Go}}}}\n" + HELP)
    errors = [p for p in problems_of(yaml) if p.is_error]
    assert [p.message for p in errors] == [f"slide 's': field 'qr.link': the link has a space at the {end}, so a phone "
                                           "would not open it as written"]


def written_forms(address: ipaddress.IPv4Address) -> list[str]:
    """The ways a browser's address bar reads as ``address``: dotted, one number, hex, octal, IPv6-mapped."""
    n = int(address)
    return [str(address), str(n), hex(n), ".".join(f"0{int(b):o}" for b in str(address).split(".")),
            f"[::ffff:{address}]"]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2 ** 32 - 1).map(ipaddress.IPv4Address), st.integers(0, 4))
def test_any_address_is_judged_by_what_it_is(address, form):
    """However an IPv4 address is written, the phone's own (loopback, unspecified) is refused
    as such; any other that is not public is warned about; a public one is never."""
    text = f"https://{written_forms(address)[form]}/"
    try:
        link = parse_web_link(text)
    except ValueError as exc:
        if address.is_loopback or address.is_unspecified:
            assert "loopback address" in str(exc) or "unspecified address" in str(exc)
        return  # a form a browser rewrites is refused as well (it reads otherwise than written)
    assert not (address.is_loopback or address.is_unspecified)
    assert (link.local is None) == address.is_global


@pytest.mark.parametrize("text", ["https://127.0.0.1/", "http://2130706433/", "https://0x7f.1/", "https://0177.0.0.1/",
                                  "https://127.1/", "https://[::1]/", "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/",
                                  "https://[::]/", "https://localhost/", "https://kiosk.localhost/", "https://127.9.9.9:8080/"])
def test_the_phones_own_address_is_refused_in_every_form(text):
    with pytest.raises(ValueError, match="loopback address|unspecified address|is localhost"):
        parse_web_link(text)


def test_a_private_address_is_a_warning_at_the_link():
    line = "  - {id: s, type: text, title: T, qr: {link: 'https://10.1.2.3/', label: Go}}\n"
    problems = problems_of("deck: {id: l, title: L}\nslides:\n" + line + HELP)
    [problem] = [p for p in problems if "private address" in p.message]
    assert problem.severity == "warning" and (problem.line, problem.col) == (3, line.index("'https") + 1)


# --------------------------------------------------------------------------- characters

@QUICK
@given(st.sampled_from(["title", "subtitle"]), st.sampled_from(["\\ud800", "\\udfff", "\\udc12"]),
       st.sampled_from(["raw", "escape"]), st.sampled_from(["\x07", "\x1b", "\x0b", "\u2028", "\x7f"]))
def test_every_character_error_names_its_slide_and_field(field, surrogate, kind, raw):
    """A lone surrogate (a YAML escape) or a character no file may hold (written in the file)
    is named by its slide and field, as the model's own character errors are."""
    value = f'"Call {surrogate} now"' if kind == "escape" else f"Call {raw} now"
    fields = f"    title: {value}\n" if field == "title" else f"    title: T\n    {field}: {value}\n"
    yaml = "deck: {id: c, title: C}\nslides:\n  - id: here\n    type: title\n" + fields + HELP
    errors = [p for p in problems_of(yaml) if p.is_error]
    assert errors and all(p.message.startswith(f"slide 'here': field '{field}': ") for p in errors), errors


def test_a_byte_that_is_not_utf8_names_its_slide_and_field():
    with tempfile.TemporaryDirectory() as name:
        Path(name, "deck.yaml").write_bytes(b"deck: {id: c, title: C}\nslides:\n  - {id: cafe, type: title, title: Caf\xe9}\n")
        [problem] = load_deck(Path(name)).problems
    assert problem.message == "slide 'cafe': field 'title': file is not UTF-8 (byte 0xe9)"


# --------------------------------------------------------------------------- animated pictures

def picture(kind: str, frames: int) -> bytes:
    import io

    from PIL import Image

    images = [Image.new("RGB", (16, 9), (40 * i, 0, 0)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format=kind, save_all=frames > 1, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


@settings(max_examples=12, deadline=None)
@given(st.sampled_from([("PNG", "p.png"), ("WEBP", "p.webp"), ("GIF", "p.gif"), ("GIF", "p.png")]),
       st.integers(1, 4))
def test_an_animated_picture_is_said_to_be_whatever_its_kind(kind, frames):
    """An animation the kiosk would show still (APNG, WebP) is a warning, one it does not show
    at all (GIF, whatever its name) an error; both give the frames; a still picture is quiet."""
    fmt, name = kind
    problems = problems_of(f"deck: {{id: a, title: A}}\nslides:\n  - {{id: p, type: image, image: {name}, alt: P}}\n"
                           + HELP, {name: picture(fmt, frames)})
    said = [p for p in problems if "animated" in p.message]
    if frames == 1:
        assert not said
        return
    [problem] = said
    assert f"({frames} frames)" in problem.message
    assert problem.severity == ("error" if fmt == "GIF" else "warning")


# --------------------------------------------------------------------------- labels

@pytest.mark.parametrize(("slide", "severity"), [
    ('  - {id: h2, type: helpline, phone: "08000 121 700", call_label: "Call 0800 555 0123"}\n', "error"),
    ('  - {id: h2, type: helpline, phone: "08000 121 700", url: "https://www.modernslaveryhelpline.org/",'
     ' url_label: "Visit modern-slavery-help.org"}\n', "error"),
    ('  - {id: h2, type: helpline, phone: "08000 121 700", url: "https://www.modernslaveryhelpline.org/",'
     ' url_label: "Call 0800 555 0123"}\n', "error"),
    ('  - {id: t, type: text, title: T, qr: {link: "tel:08000 121 700", label: "Call 0800 555 0123"}}\n', "error"),
    ('  - {id: t, type: text, title: T, qr: {link: "https://a21.org/", label: "Call 0800 555 0123"}}\n', "error"),
    ('  - {id: t, type: text, title: T, qr: {link: "https://www.eventbrite.co.uk/e/1", label: "Sign up at a21.org"}}\n',
     "warning"),
])
def test_a_label_saying_what_its_code_does_not_do(slide, severity):
    problems = problems_of("deck: {id: m, title: M}\nslides:\n" + slide + HELP)
    [problem] = [p for p in problems if "the label" in p.message]
    assert problem.severity == severity


# --------------------------------------------------------------------------- needed fields

@pytest.mark.parametrize("phone", ['phone: "12"', "phone: [1]", "", 'phone: "999"'])
def test_a_helplines_bad_phone_hides_not_its_website_label(phone):
    """A phone that cannot be dialled, or none, leaves the slide's website and its label checked;
    the call label is not judged against a number that is not known."""
    problems = problems_of("deck: {id: n, title: N}\nslides:\n  - id: help\n    type: helpline\n"
                           + (f"    {phone}\n" if phone else "") + '    call_label: "Call 08000 121 700"\n'
                           "    url: https://evil.example/\n    url_label: Visit modernslaveryhelpline.org\n")
    said = [p.message for p in problems if p.is_error]
    assert "slide 'help': the label names modernslaveryhelpline.org, but the code opens evil.example" in said
    assert not any("dials" in message for message in said)


@pytest.mark.parametrize("slide", [
    "{id: s, type: image, image: gone.png}",
    "{id: s, type: image, image: gone.png, alt: [1]}",
    "{id: s, type: text, title: {EN: x}, qr: {link: 'https://a.org/', label: Call 0800 555 0123}}",
    "{id: s, type: text, title: T, qr: {link: 'https://a.org/', label: Call 0800 555 0123}, bullets: [{icon: x}]}",
])
def test_a_needed_text_written_wrongly_hides_nothing_else_of_its_slide(slide):
    problems = problems_of("deck: {id: n, title: N}\nslides:\n  - " + slide + "\n" + HELP)
    said = " | ".join(p.message for p in problems if p.is_error)
    assert "'gone.png' not found" in said or "the label gives the number 0800 555 0123" in said, said


@pytest.mark.parametrize("slide", ["{id: s, type: title, title: {en: Hello, pl}}",
                                   "{id: s, type: stats, title: S, items: [{value: '12', label, source: S, year: 2019}]}"])
def test_a_language_or_field_left_empty_is_not_said_to_be_cut_at_a_comma(slide):
    problems = problems_of("deck: {id: c, title: C, languages: [en, pl]}\nslides:\n  - " + slide + "\n" + HELP)
    assert problems and not any("a comma inside" in p.message for p in problems)


def test_a_character_met_through_an_alias_is_named_where_it_is_written():
    problems = problems_of('deck: {id: c, title: C}\nslides:\n  - &one {id: a, type: title, title: "Hi\x07"}\n'
                           "  - *one\n" + HELP)
    assert [p.message.split(": a bell")[0] for p in problems] == ["slide 'a': field 'title'"]
