"""The bundled deck says what its sources say, no more and no other, in every language.

Every number, date, time, place, postcode, phone number and web address in the deck's texts
(every language) must be a fact in ``tests/sources/facts.txt``, which gives each one with its
source's own words; every translation must carry the same facts as the English. Where the
sources themselves are present beside the project (``../shared``, as in CI), the list is held
to them too: each quote must be in its source and hold its fact, and the deck's facts must all
be found in the sources' text.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import BUNDLED, ROOT, SOURCES
from helpers.facts import (
    Allowed,
    Text,
    allowed_facts,
    check_texts,
    deck_texts,
    facts,
    plain,
    read_allowed,
    with_parts,
)
from kiosk.deck import load_deck

LIST = SOURCES / "facts.txt"
SHARED = ROOT.parent / "shared"
needs_sources = pytest.mark.skipif(
    not (SHARED / "facts.md").is_file() or not list((SHARED / "seed").glob("*.txt")),
    reason=f"the deck's sources are not beside the project ({SHARED}/seed/*.txt and facts.md); "
           "the deck is still checked against tests/sources/facts.txt")


def _source(name: str) -> str:
    """The text of one source named in the list, its whitespace made single spaces."""
    if name == "seed":
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "seed").glob("*.txt")))
    elif name in ("seed/README.md", "facts.md"):
        text = (SHARED / name).read_text(encoding="utf-8")
    else:
        raise AssertionError(f"unknown source {name!r}: use seed, seed/README.md or facts.md")
    return " ".join(plain(text).split())


@functools.cache
def _allowed() -> list[Allowed]:
    return read_allowed(LIST)


@functools.cache
def _deck():
    result = load_deck(BUNDLED)
    assert result.ok, [str(p) for p in result.problems]
    return result.deck


@pytest.fixture
def allowed() -> list[Allowed]:
    return _allowed()


@pytest.fixture
def deck():
    return _deck()


def _listed_place(allowed: list[Allowed]):
    places = {item.place.casefold() for item in allowed if item.place}
    return lambda part: part.casefold() in places


def _check(deck, allowed: list[Allowed]) -> list[str]:
    return check_texts(list(deck_texts(deck)), allowed_facts(allowed), _listed_place(allowed),
                       deck.deck.languages[0])


# --------------------------------------------------------------------------- the bundled deck

def test_every_fact_in_the_deck_and_its_translations_is_in_the_list(deck, allowed):
    assert _check(deck, allowed) == []


def test_the_deck_has_ten_languages_and_their_texts_are_checked(deck):
    langs = {text.lang for text in deck_texts(deck) if text.lang}
    assert langs == set(deck.deck.languages) and len(langs) == 10
    helpline = [t for t in deck_texts(deck) if t.where.endswith("bullets[2].text") and "Helpline" in t.text]
    assert {t.lang for t in helpline} == langs
    assert all("phone:+448000121700" in facts(t.text) for t in helpline)


def test_the_103_figure_carries_the_year_its_source_gives(deck):
    """The page says "last year" and is from 2019 (seed/README.md): the figure's year is the
    year before 2019, and the deck must not name a year the page does not give (such as 2018,
    a year the deck rightly names elsewhere, so the list of facts alone would let it through)."""
    (figure,) = [item for slide in deck.slides for item in getattr(slide, "items", []) if item.value == "103"]
    assert figure.year == "the year before 2019"


def test_every_fact_in_the_list_is_one_the_deck_uses(deck, allowed):
    used = {fact for text in deck_texts(deck) for fact in facts(text.text)}
    places = {p.strip().casefold() for t in deck_texts(deck) if t.where.endswith(".place")
              for p in plain(t.text).split(",")}
    for item in allowed:
        if item.place:
            assert item.place.casefold() in places, f"facts.txt:{item.line}: place {item.place!r} is not in the deck"
        else:
            assert set(facts(item.fact)) & used, f"facts.txt:{item.line}: {item.fact!r} is not in the deck"


def _quote_problems(items: list[Allowed]) -> list[str]:
    """Lines of the list whose quote is not in its source, or does not give its fact."""
    problems = []
    for item in items:
        where = f"facts.txt:{item.line}"
        quote = " ".join(plain(item.quote).split())
        if quote not in _source(item.source):
            problems.append(f"{where}: {item.quote!r} is not in {item.source}")
        elif item.place:
            if item.place.casefold() not in quote.casefold():
                problems.append(f"{where}: the quote does not name {item.place!r}")
        elif not facts(item.fact) or set(facts(item.fact)) - with_parts(facts(quote)):
            problems.append(f"{where}: the quote does not give {item.fact!r}")
    return problems


@needs_sources
def test_every_quote_in_the_list_is_in_its_source_and_holds_its_fact(allowed):
    assert _quote_problems(allowed) == []


@needs_sources
@pytest.mark.parametrize("line, expected", [
    ("08000 121 701 | seed | 08000 121 701", "'08000 121 701' is not in seed"),
    ("08000 121 701 | seed | 08000 121 700", "the quote does not give '08000 121 701'"),
    ("2018 | seed | 103 people were rescued from modern slavery last year", "the quote does not give '2018'"),
    ("place: Town Hall | seed | 19th October, 10am-12pm, City Hall", "the quote does not name 'Town Hall'"),
    ("NR1 2QF | facts.md | Join us 24th October", "'Join us 24th October' is not in facts.md"),
])
def test_a_listed_fact_its_source_does_not_give_is_caught(tmp_path, line, expected):
    (tmp_path / "facts.txt").write_text(f"# one line\n{line}\n", encoding="utf-8")
    assert _quote_problems(read_allowed(tmp_path / "facts.txt")) == [f"facts.txt:2: {expected}"]


@needs_sources
def test_every_fact_in_the_deck_is_in_the_sources_themselves(deck):
    text = " ".join(_source(name) for name in ("seed", "seed/README.md", "facts.md"))
    found = with_parts(facts(text))
    problems = check_texts(list(deck_texts(deck)), found, lambda part: part.casefold() in text.casefold(),
                           deck.deck.languages[0])
    assert problems == []


# --------------------------------------------------------------------------- the check fails when it should

@pytest.mark.parametrize("old, new, expected", [
    ('value: "103"', 'value: "108"', "slides[4].items[2].value: number:108 is not in the sources"),
    ("We are 19 member", "We are 18 member", "slides[1].body: number:18 is not in the sources"),
    ("year: the year before 2019", "year: 2020", "slides[4].items[2].year: number:2020 is not"),
    ('end: "21:00"', 'end: "21:30"', "slides[10].events[2].end: time:21:30 is not in the sources"),
    ("date: 2019-10-20", "date: 2019-10-27", "slides[10].events[1].date: date:27 October is not"),
    ("Sanctuary Coffee Stop, NR1 2QF", "Sanctuary Coffee Stop, NR1 2QG",
     "slides[10].events[2].place: postcode:NR1 2QG is not in the sources"),
    ("place: City Hall, Norwich", "place: Town Hall, Norwich",
     "slides[10].events[0].place: place 'Town Hall' is not in the sources"),
    ("link: https://nmsc.org.uk/", "link: https://nmsc.org.uk/sign-up",
     "slides[10].events[2].signup.link: web:nmsc.org.uk/sign-up is not in the sources"),
    ("pl: Zagrożenie w tej chwili? Dzwoń pod 999", "pl: Zagrożenie w tej chwili? Dzwoń pod 998",
     "slides[13].bullets[0].text (pl): the facts differ from the en text: missing ['number:999'], extra ['number:998']"),
    ("pl: 24 godziny na dobę, 7 dni w tygodniu", "pl: Całą dobę, 7 dni w tygodniu",
     "slides[15].hours (pl): the facts differ from the en text: missing ['number:24'], extra []"),
    ("ar: \"اتصل بخط Modern Slavery & Exploitation Helpline: \\u206608000 121 700\\u2069\"",
     "ar: \"اتصل بخط Modern Slavery & Exploitation Helpline: \\u2066٠٨٠٠٠ ١٢١ ٧٠١\\u2069\"",
     "slides[13].bullets[2].text (ar): phone:+448000121701 is not in the sources"),
])
def test_a_deck_that_says_more_than_its_sources_fails(tmp_path, allowed, old, new, expected):
    shutil.copytree(BUNDLED, tmp_path / "deck")
    file = tmp_path / "deck" / "deck.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")
    result = load_deck(tmp_path / "deck")
    assert result.ok, [str(p) for p in result.problems]
    problems = _check(result.deck, allowed)
    assert any(expected in problem for problem in problems), problems


def test_a_helpline_phone_its_labels_do_not_give_is_refused_before_the_sources_are_read(tmp_path):
    # The number changed alone: the call labels of every language still give the old one.
    shutil.copytree(BUNDLED, tmp_path / "deck")
    file = tmp_path / "deck" / "deck.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace('phone: "08000 121 700"', 'phone: "08000 121 709"'),
                    encoding="utf-8")
    result = load_deck(tmp_path / "deck")
    assert not result.ok and any("the label gives the number 08000 121 700, but the code dials +448000121709"
                                 in p.message for p in result.problems if p.is_error)


def test_facts_are_read_the_same_however_they_are_written():
    assert facts("tel:+448000121700") == facts("08000 121 700") == facts("\u2066٠٨٠٠٠ ١٢١ ٧٠٠\u2069")
    assert facts("7-9pm") == facts("19:00–21:00") == ["time:19:00", "time:21:00"]
    assert facts("40.3 m") == facts("40.3 million") == facts("40,3 mln") == ["number:40300000"]
    assert facts("136,000") == facts("136\u00a0000") == ["number:136000"]
    assert facts("Sunday 20th October") == facts("2019-10-20")[:1] == ["date:20 October"]
    assert facts("https://www.a21.org/") == facts("a21.org.") == ["web:a21.org"]
    assert facts("Open 24/7") == ["number:24/7"] and with_parts(["number:24/7"]) >= {"number:24", "number:7"}
    assert facts("What can you do? (1 of 2)") == []
    assert facts("A21 Walk for Freedom, NR1 2QF") == ["postcode:NR1 2QF", "code:A21"]


# --------------------------------------------------------------------------- any changed digit is caught

@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_changed_digit_changes_the_facts_and_is_caught(data):
    """Change one digit of one text (any field, any language): the facts read from it change
    (no digit escapes the check), a translated text then disagrees with its other languages,
    and a fact the list does not hold is reported."""
    deck, allowed = _deck(), _allowed()
    texts = list(deck_texts(deck))
    candidates = [t for t in texts if any(ch.isdigit() for ch in re.sub(r"\(\d+ of \d+\)", "", t.text))]
    text = data.draw(st.sampled_from(candidates))
    spans = [m.span() for m in re.finditer(r"\(\d+ of \d+\)", text.text)]
    positions = [i for i, ch in enumerate(text.text) if ch.isdigit() and not any(a <= i < b for a, b in spans)]
    at = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != text.text[at]]))
    changed = replace(text, text=text.text[:at] + digit + text.text[at + 1:])
    assert Counter(facts(changed.text)) != Counter(facts(text.text)), (text.text, changed.text)
    group = [changed if t == text else t for t in texts if t.where == text.where]
    problems = check_texts(group, allowed_facts(allowed), _listed_place(allowed), deck.deck.languages[0])
    if text.lang is not None or not set(facts(changed.text)) <= allowed_facts(allowed):
        assert problems, (text, changed.text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789٣ ,./:-–ampAMPNRQFx_đ+()oftel") | st.characters(), max_size=40))
def test_every_digit_of_any_text_is_read_as_part_of_a_fact(text):
    """No text makes the reading fail, and a text with a digit (other than a slide's own
    numbering, "(1 of 2)") always gives a fact: no digit can slip past the check."""
    found = facts(text)
    if any(ch.isdigit() for ch in plain(re.sub(r"\(\d+ of \d+\)", "", plain(text)))):
        assert found


def test_a_text_given_once_with_an_unlisted_fact_is_reported():
    texts = [Text("slides[0].title", None, "Freedom Week 2019"), Text("slides[0].note", None, "Call 0800 121 700")]
    problems = check_texts(texts, {"number:2019"}, lambda part: False, "en")
    assert problems == ["slides[0].note: phone:+44800121700 is not in the sources: 'Call 0800 121 700'"]
