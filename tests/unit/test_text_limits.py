"""A text no slide could show (:data:`MAX_TEXT_CHARS`, :data:`MAX_WORD_CHARS`) is one located error
of :func:`kiosk.deck.load_deck`, found without laying anything out, whatever field holds it.

Hypothesis's deadline (generous, per example) guards against a hang; it is not a measure of speed.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.deck.model import MAX_TEXT_CHARS, MAX_WORD_CHARS

#: Slides with a free-text field, the field written on line 5 of the deck.
FIELDS = [("title", "title"), ("text", "body"), ("text", "source"), ("stats", "note"),
          ("image", "alt"), ("image", "caption"), ("helpline", "hours")]
EXTRA = {"stats": "    items: [{value: '1', label: l, source: s, year: 2020}]\n",
         "image": "    image: p.png\n    alt: a\n", "helpline": "    phone: '08000 121 700'\n"}

#: Texts over a limit: too many characters (short words), or one word too long.
too_long_texts = st.one_of(
    st.integers(MAX_TEXT_CHARS + 1, 200_000).map(lambda n: ("word " * (n // 5 + 1))[:n].strip() + "x"),
    st.integers(MAX_WORD_CHARS + 1, 900_000).map(lambda n: "Q" * n),
    st.tuples(st.integers(MAX_WORD_CHARS + 1, 5_000), st.sampled_from("aé/.-_9Ż")).map(lambda t: "See " + t[1] * t[0]),
)


@settings(max_examples=25, derandomize=True, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), too_long_texts, st.booleans())
def test_a_text_over_the_limit_is_one_located_error(tmp_path_factory, where, text, translated):
    slide_type, field = where
    folder = tmp_path_factory.mktemp("deck")
    value = json.dumps({"en": "Fine", "pl": text} if translated else text)
    extra = EXTRA.get(slide_type, "").replace(f"    {field}: a\n", "")
    title = "" if field == "title" else "    title: T\n"
    head = "deck: {id: d, title: T}\nslides:\n  - id: s\n"
    (folder / "deck.yaml").write_text(f"{head}    type: {slide_type}\n    {field}: {value}\n{extra}{title}",
                                      encoding="utf-8")
    if slide_type == "image":
        (folder / "p.png").write_bytes(b"")  # missing or not, only the text's error is counted below
    result = load_deck(folder)
    errors = [p for p in result.problems if p.is_error and f"'{field}'" in p.message]
    assert len(errors) == 1, [str(p) for p in result.problems]
    assert errors[0].line == 5 and errors[0].col >= 1
    assert "characters" in errors[0].message and "—" in str(errors[0])


def test_a_long_web_address_or_a_language_without_spaces_is_not_an_error(tmp_path):
    """The limits are past any real slide's: a 100-character address, 1,500 characters of Japanese."""
    (tmp_path / "deck.yaml").write_text(
        "deck: {id: d, title: T}\nslides:\n  - id: s\n    type: text\n    title: T\n"
        f"    body: {json.dumps('Form: forms.example.org/e/' + 'Q' * 70 + '/viewform')}\n"
        f"    source: {json.dumps('日本語の文章。' * 200)}\n"
        "  - {id: help, type: helpline, phone: '08000 121 700'}\n", encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.deck is not None, [str(p) for p in result.problems]
