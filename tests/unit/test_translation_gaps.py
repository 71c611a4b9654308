"""Half-translated decks: a language nobody wrote in, and slides whose translations have gaps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck

HEAD = "deck:\n  id: ht\n  title: Half\n  languages: [en, pl, ro]\nslides:\n"


def _problems(write_deck, slides: str) -> list:
    result = load_deck(write_deck(HEAD + slides))
    assert result.ok, [str(p) for p in result.problems]
    return [p for p in result.problems if "translat" in p.message or "no text is written" in p.message]


def test_a_slide_with_a_gap_in_one_language_gets_a_note_naming_it(write_deck):
    [note] = _problems(write_deck, "  - id: a\n    type: text\n    title: {en: Hi, pl: Cześć, ro: Salut}\n"
                                   "    body: {en: World, ro: Lume}\n")
    assert note.severity == "note" and (note.line, note.col) == (9, 11)
    assert note.message == ("slide 'a': 1 of 2 translated texts has no 'pl' version ('body'); "
                            "they are shown in 'en' to visitors who choose 'pl'")


def test_a_language_no_text_is_written_in_gets_one_warning(write_deck):
    problems = _problems(write_deck, "  - id: a\n    type: text\n    title: {en: Hi, pl: Cześć}\n    body: Plain\n")
    [warning] = [p for p in problems if p.severity == "warning"]
    assert warning.message == "no text is written in ro: visitors who choose it see the deck in 'en'"
    assert not [p for p in problems if p.severity == "note"]  # plain texts are the same in every language


def test_a_fully_translated_deck_has_no_gap(write_deck):
    assert _problems(write_deck, "  - id: a\n    type: text\n    title: {en: Hi, pl: Cześć, ro: Salut}\n"
                                 "    body: {en: W, pl: Ś, ro: L}\n") == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.sampled_from(["pl", "ro"])), min_size=1, max_size=5))
def test_every_gap_is_said_once_per_slide_and_language(tmp_path_factory, have):
    """Bullets with random translations: a note for a language iff some bullet has it and some lacks it."""
    folder = tmp_path_factory.mktemp("deck")
    bullets = "".join("      - {en: b" + str(i) + "".join(f", {c}: x{i}" for c in sorted(codes)) + "}\n"
                      for i, codes in enumerate(have))
    (folder / "deck.yaml").write_text(HEAD + "  - id: a\n    type: text\n    title: T\n    bullets:\n" + bullets,
                                      encoding="utf-8")
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    notes = [p.message for p in result.problems if p.severity == "note" and "translated texts" in p.message]
    for code in ("pl", "ro"):
        with_it = sum(code in codes for codes in have)
        expected = 0 < with_it < len(have)
        assert sum(f"no '{code}' version" in m for m in notes) == expected
        if expected:
            [m] = [m for m in notes if f"no '{code}' version" in m]
            assert m.startswith(f"slide 'a': {len(have) - with_it} of {len(have)} translated texts")


def test_a_deck_with_errors_is_not_said_to_lack_what_its_broken_slides_have(write_deck):
    """A language written only in a slide with an error, and a helpline slide with an error, are
    still there: the whole-deck checks on the slides without errors do not say they are missing."""
    folder = write_deck(HEAD + "  - id: a\n    type: text\n    title: {en: Hi, pl: Cześć, ro: Salut}\n"
                               "    duration: 2 s\n"
                               "  - id: help\n    type: helpline\n    phone: 08000 121 700\n    url: example\n"
                               "  - id: b\n    type: text\n    title: {en: B, pl: B}\n")
    result = load_deck(folder)
    assert not result.ok
    messages = [p.message for p in result.problems]
    assert not [m for m in messages if "no text is written" in m or "no helpline slide" in m], messages
