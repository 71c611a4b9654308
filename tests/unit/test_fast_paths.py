"""The quick ways through the deck checks for plain ASCII text give what the full ways give."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck.chars import BIDI_OVERRIDES, ISOLATES, MAX_MARKS, doubtful_chars, refused_char
from kiosk.deck.glyphs import missing, needs_glyph
from kiosk.deck.links import _invisible, _plainly_visible, spoof_reason
from kiosk.walltime import _listed_on_disk, zone_named, zone_names

#: Mostly ASCII (the quick way), with the characters each check is about mixed in.
TEXT = st.text(st.one_of(st.characters(max_codepoint=0x7F),
                         st.sampled_from("\u200b\u200c\u200d\u200e\u202e\u2066\u2069\ufeffаоеé€\U0001f3f4\U000e0067"
                                         "\U000e007f\u00ad\x85\x80\x9f\xa0\u202a\u2068"), st.sampled_from("\u0300\u0301\u0651\u20e3\ufe0f")),
                 max_size=30)


def refused_char_in_full(text: str, rtl: bool) -> tuple[int, str] | None:
    """The first character refused, by looking at each: a mark past MAX_MARKS in a row, a control
    or override, an isolate out of place (an unclosed one counts where it opens)."""
    open_at: list[int] = []
    found: list[tuple[int, str]] = []
    marks = 0
    for index, ch in enumerate(text, start=1):
        marks = marks + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        if marks == MAX_MARKS + 1:
            found.append((index, ch))
        if ch in BIDI_OVERRIDES or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"):
            return min(found + [(index, ch)])
        if ch in ISOLATES:
            if not rtl:
                return min(found + [(index, ch)])
            if ch != "\u2069":
                open_at.append(index)
            elif not open_at:
                return min(found + [(index, ch)])
            else:
                open_at.pop()
    if open_at:
        found.append((open_at[-1], text[open_at[-1] - 1]))
    return min(found) if found else None


@settings(max_examples=300, deadline=None)
@given(text=TEXT, rtl=st.booleans())
def test_refused_and_doubtful_characters_are_found_as_before(text, rtl):
    assert refused_char(text, rtl) == refused_char_in_full(text, rtl)
    if text.isascii():
        assert doubtful_chars(text, rtl) == [] == [ch for ch in text if unicodedata.category(ch) == "Cf"]


@settings(max_examples=200, deadline=None)
@given(text=TEXT, covered=st.frozensets(st.integers(0, 0x80)))
def test_missing_glyphs_are_found_as_before(text, covered):
    assert missing(text, covered) == list(dict.fromkeys(c for c in text if needs_glyph(c) and ord(c) not in covered))


@settings(max_examples=200, deadline=None)
@given(labels=st.lists(st.text("abcxyz019-аоеαο", min_size=1, max_size=8), min_size=1, max_size=3),
       tld=st.sampled_from(["org", "ru", "gr", "uk"]))
def test_an_ascii_label_is_never_a_look_alike(labels, tld):
    host = ".".join(labels + [tld])
    reason = spoof_reason(host)
    if all(label.isascii() for label in labels):
        assert reason is None
    else:
        assert reason is None or any(label in reason for label in labels if not label.isascii())


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_plainly_visible_text_has_no_invisible_character(text):
    if _plainly_visible(text):
        assert not any(_invisible(ch) for ch in text)
    elif text.isascii():
        assert any(_invisible(ch) for ch in text)


def test_the_control_characters_are_the_two_ranges_the_quick_way_names():
    controls = [c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]
    assert controls == [*range(0x20), *range(0x7F, 0xA0)]


#: Pieces of zone names, real and not: folders of the database, files in it that are not zones,
#: the copies it holds (posix/, right/), a way out of it.
ZONE_PARTS = st.sampled_from(["Europe", "London", "America", "Argentina", "Buenos_Aires", "Etc", "GMT+1", "UTC",
                              "posix", "right", "localtime", "posixrules", "zone.tab", "tzdata.zi", "..", ".", "",
                              "etc", "passwd", "london", "\0"])


@settings(max_examples=300, deadline=None)
@given(name=st.one_of(st.sampled_from(sorted(zone_names())), st.lists(ZONE_PARTS, min_size=1, max_size=4).map("/".join),
                      st.text(max_size=12)))
def test_a_zone_found_the_quick_way_is_one_of_the_zone_names(name):
    if _listed_on_disk(name):
        assert name in zone_names()
    if name in zone_names():
        assert zone_named(name).key == name
