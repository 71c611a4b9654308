"""Hostile pictogram names, labels that contradict their QR codes, and whole-file writes (no Qt).

Every pictogram name a deck can hold, in every place it can hold one, gives either the bundled
pictogram or one located error that quotes the name short and escaped and suggests the name
meant; a poster's QR code never says what it does not do; a file cut short is never left.
"""

from __future__ import annotations

import errno
import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import outputs
from kiosk.deck import icons, load_deck
from kiosk.deck.links import label_problem
from kiosk.i18n import ui_text
from kiosk.player.navigator import Position
from kiosk.player.poster import misleading_codes, poster
from kiosk.player.views import view

#: A deck with a pictogram in each place one can go; ``{icon}`` is replaced in one of them.
PLACES = {
    "bullet": (9, 15),
    "page": (17, 15),
    "page bullet": (19, 29),
    "helpline": (23, 11),
}
DECK = """\
deck: {{id: att, title: Att}}
slides:
  - id: t
    type: text
    title: What to do
    bullets:
      - Plain words
      - text: Call 999
        icon: {bullet}
    qr: {{link: "tel:08000 121 700", label: Call}}
  - id: s
    type: signs
    title: Signs
    pages:
      - id: a
        title: A
        icon: {page}
        bullets:
          - {{text: x, icon: {page_bullet}}}
  - id: h
    type: helpline
    phone: "08000 121 700"
    icon: {helpline}
"""
GOOD = {"bullet": "phone", "page": "user-off", "page_bullet": "eye", "helpline": "headset"}


def deck_with(tmp_path: Path, place: str, written: str) -> Path:
    names = dict(GOOD, **{place.replace(" ", "_"): written})
    (tmp_path / "deck.yaml").write_text(DECK.format(**names), encoding="utf-8")
    return tmp_path


def errors(folder: Path) -> list:
    return [p for p in load_deck(folder).problems if p.severity == "error"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("written, words, meant", [
    ('"../../etc/passwd"', "it holds '.'", None),
    ('"%2e%2e/phone"', "it holds '%'", "phone"),
    ('"file:///etc/passwd"', "it holds ':'", None),
    ('"image://icon/phone/ffffff"', "it holds ':'", None),
    ('"phone/ffffff"', "it holds '/'", None),
    ('"phone\\0"', "U+0000 (a control character)", "phone"),
    ('"\\u202ephone"', "U+202E RIGHT-TO-LEFT OVERRIDE", "phone"),
    ('"\\u0440hone"', "U+0440 CYRILLIC SMALL LETTER ER", "phone"),
    ('"\\uff50\\uff48\\uff4f\\uff4e\\uff45"', "FULLWIDTH LATIN SMALL LETTER P", "phone"),
    ('"pho\\u200bne"', "U+200B ZERO WIDTH SPACE", "phone"),
    ("Phone", "the capital 'P'", "phone"),
    ("phone.svg", "it holds '.'", "phone"),
    ("phone-", "doubles a '-'", "phone"),
    ('""', "name is empty", None),
    ("5", "must be a pictogram's name", None),
    ("true", "must be a pictogram's name", None),
    ("[phone]", "must be a pictogram's name", None),
    ("{name: phone}", "must be a pictogram's name", None),
    ("brand-github", "in Tabler Icons but not bundled", None),
    ("phon", "unknown pictogram 'phon'", "phone"),
])
def test_a_hostile_pictogram_name_is_one_located_error_that_says_what_was_meant(tmp_path, place, written, words, meant):
    found = errors(deck_with(tmp_path, place, written))
    assert len(found) == 1, [str(p) for p in found]
    problem = found[0]
    assert (problem.line, problem.col) == PLACES[place]
    text = str(problem)
    assert words in text
    assert (f"did you mean '{meant}'?" in text) if meant else ("did you mean" not in text)
    assert not any(unicodedata.category(ch) == "Cc" or ch == "\u202e" for ch in text)


@pytest.mark.parametrize("place", PLACES)
def test_a_very_long_name_is_quoted_short(tmp_path, place):
    long_name = "a-" * 5000 + "a"
    found = errors(deck_with(tmp_path, place, long_name))
    assert len(found) == 1 and "unknown pictogram 'a-a-a" in str(found[0])
    assert len(str(found[0])) < 400


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=300))
def test_any_text_as_a_pictogram_is_the_pictogram_or_one_short_printable_error(tmp_path, name):
    """Whatever string is written after icon:, the deck loads with a bundled pictogram, or has
    one error at that line that never carries a control or bidi character and stays short."""
    result = load_deck(deck_with(tmp_path, "helpline", json.dumps(name)))
    if name.strip() in icons.bundled_names():
        assert result.ok and result.deck.slides[2].icon == name.strip()
        return
    found = [p for p in result.problems if p.severity == "error"]
    assert len(found) == 1 and found[0].line == PLACES["helpline"][0], [str(p) for p in found]
    text = str(found[0])
    # the name is quoted at most SHOWN_NAME characters long, each escape at most 7 ("\\u10000")
    assert len(found[0].message) < 160 + 7 * icons.SHOWN_NAME and len(found[0].hint) < 250
    assert not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)


def test_shown_name_escapes_and_cuts():
    assert icons.shown_name("x" * 100) == "x" * (icons.SHOWN_NAME - 1) + "…"
    assert icons.shown_name("a\x1b[31m") == "a\\x1b[31m"


# --------------------------------------------------------------------------- labels and codes

@pytest.mark.parametrize("payload, label, wrong", [
    ("tel:+448000121700", "Scan to call 08000 121 700", None),
    ("tel:+448000121700", "Call the helpline", None),
    ("tel:+12025550143", "Call 08000 121 700", "but the code dials +12025550143"),
    ("https://www.modernslaveryhelpline.org/", "Visit modernslaveryhelpline.org", None),
    ("https://report.modernslaveryhelpline.org/", "Visit modernslaveryhelpline.org", None),
    ("https://evil.example/", "Visit modernslaveryhelpline.org", "but the code opens evil.example"),
    ("https://evil.example/", "Visit our website", None),
])
def test_a_label_is_held_to_what_its_code_does(payload, label, wrong):
    found = label_problem(payload, label)
    assert (found is None) if wrong is None else (wrong in found[0])


@pytest.mark.parametrize("payload, label, wrong", [
    ("https://evil.example/", "Visit modernslaveryhelpline\u3002org", "but the code opens evil.example"),
    ("https://evil.example/", "Visit modern\u200bslavery\u00adhelpline.org", "names modernslaveryhelpline.org"),
])
def test_a_site_name_written_as_browsers_read_it_is_read_so(payload, label, wrong):
    assert wrong in label_problem(payload, label)[0]


_DOTS = ["." , "\u3002", "\uff0e", "\uff61"]
_INVISIBLE = ["", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), site=st.sampled_from(["modernslaveryhelpline.org", "nmsc.org.uk", "gov.uk"]),
       wide=st.booleans())
def test_a_disguised_site_name_in_a_label_is_still_that_site(data, site, wide):
    """However a site's name is written in a label (dots as ideographic full stops, full-width
    letters, invisible characters between letters), the label names that site: it agrees with
    a code that opens it and never passes under a code that opens another."""
    out = []
    for ch in site:
        out.append(data.draw(st.sampled_from(_DOTS)) if ch == "." else
                   chr(ord(ch) + 0xFEE0) if wide and ch.isalnum() else ch)
        out.append(data.draw(st.sampled_from(_INVISIBLE)))
    label = "Visit " + "".join(out).rstrip("".join(_INVISIBLE))
    assert label_problem(f"https://www.{site}/", label) is None, label
    found = label_problem("https://evil.example/", label)
    assert found and f"names {site}, but the code opens evil.example" in found[0], label


HELPLINE = """\
deck: {{id: p, title: P, languages: [en, pl, ar]}}
slides:
  - id: help
    type: helpline
    phone: "08000 121 700"
    url: {url}
{labels}
"""


def test_a_poster_never_carries_a_code_whose_words_name_another_site(write_deck):
    import yaml

    from kiosk.deck.model import Deck

    text = HELPLINE.format(url="https://evil.example/", labels="    url_label: {en: Visit modernslaveryhelpline.org, "
                                                               "pl: Odwiedź evil.example, ar: زر evil.example}")
    result = load_deck(write_deck(text))
    assert not result.ok and any("the code opens evil.example" in p.message
                                 for p in result.problems if p.severity == "error")  # refused to play
    deck = Deck.model_validate(yaml.safe_load(text))  # the poster keeps its own guard all the same
    assert [lang for lang in ("en", "pl", "ar") if misleading_codes(poster(deck, lang))] == ["en"]
    assert "the code opens evil.example" in misleading_codes(poster(deck, "en"))[0]


def test_a_poster_never_carries_a_code_to_a_look_alike_site(write_deck):
    import yaml

    from kiosk.deck.model import Deck

    text = HELPLINE.format(url="https://modernslaveryhel\u0440line.org", labels="")
    result = load_deck(write_deck(text))
    assert not result.ok and any("mixes Latin and Cyrillic letters" in p.message
                                 for p in result.problems if p.severity == "error")  # refused to play
    deck = Deck.model_validate(yaml.safe_load(text))  # the poster keeps its own guard all the same
    found = misleading_codes(poster(deck, "pl"))
    assert len(found) == 1 and "mixes Latin and Cyrillic letters" in found[0] and "xn--" in found[0]


def test_default_labels_and_heading_say_what_the_codes_do_in_every_language(write_deck):
    folder = write_deck(HELPLINE.format(url="https://www.modernslaveryhelpline.org", labels=""))
    deck = load_deck(folder).deck
    for lang in ("en", "pl", "ar"):
        words = poster(deck, lang)
        assert misleading_codes(words) == []
        assert words.help_title == ui_text(lang, "help") == view(deck, Position(0), lang)["title"]
    assert poster(deck, "pl").help_title == "Uzyskaj pomoc"


def test_a_heading_the_deck_gives_is_kept(write_deck):
    folder = write_deck(HELPLINE.format(url="https://www.modernslaveryhelpline.org", labels="    title: Need help?"))
    assert poster(load_deck(folder).deck, "pl").help_title == "Need help?"


# --------------------------------------------------------------------------- whole-file writes

@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_write_to_a_full_device_raises(tmp_path):
    with pytest.raises(OSError) as caught:
        outputs.write_whole(Path("/dev/full"), b"%PDF-1.4" * 1000)
    assert caught.value.errno == errno.ENOSPC
    (tmp_path / "p.pdf").symlink_to("/dev/full")  # a link to it is never written through
    with pytest.raises(OSError) as caught:
        outputs.write_whole(tmp_path / "p.pdf", b"%PDF-1.4" * 1000)
    assert caught.value.errno == errno.ELOOP


def test_a_write_cut_short_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "p.pdf"
    target.write_bytes(b"an older poster")
    real_write = os.write
    calls = []

    def fill_up(fd, data):
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, bytes(data[:10]))

    monkeypatch.setattr(os, "write", fill_up)
    with pytest.raises(OSError):
        outputs.write_whole(target, b"x" * 100)
    assert target.read_bytes() == b"an older poster"  # left whole, and no temporary file beside it
    assert [p.name for p in tmp_path.iterdir()] == ["p.pdf"]


def test_a_whole_write_replaces_the_file(tmp_path):
    target = tmp_path / "p.pdf"
    target.write_bytes(b"an older, longer poster")
    outputs.write_whole(target, b"new")
    assert target.read_bytes() == b"new"
