"""Language codes are matched exactly by the kiosk (a text's ``pt-BR`` to the deck's ``pt-BR``), so
one written otherwise is an error that names the code to write (:func:`kiosk.deck.model.lang_problem`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck.model import LANG, lang_problem

#: Codes as the kiosk writes them: a language, a script, a region in letters or digits.
CODES = ["en", "pl", "ckb", "pt-BR", "en-GB", "sr-Latn", "zh-Hant-TW", "es-419"]


@settings(max_examples=200, deadline=None)
@given(code=st.sampled_from(CODES), upper=st.lists(st.booleans(), min_size=10, max_size=10),
       underscore=st.booleans())
def test_a_code_written_otherwise_is_told_the_code_to_write(code, upper, underscore):
    written = "".join(ch.upper() if up else ch.lower() for ch, up in zip(code, upper, strict=False))
    written = written.replace("-", "_") if underscore else written
    assert LANG.match(code)
    if written == code:
        return
    assert not LANG.match(written), written
    assert lang_problem(written) == (f"'{written}' is not a language code as the kiosk writes them — write {code} "
                                     "(the language in lower case, a region in capitals after a dash: pt-BR)")


def test_a_languages_name_is_told_its_code():
    assert lang_problem("Polish") == "'Polish' is a language's name, not its code — write pl"
    assert lang_problem("polski") == "'polski' is a language's name, not its code — write pl"
    assert lang_problem("12") == "'12' is not a language code like en, pl or pt-BR"
    assert lang_problem("x" * 10_000).endswith("is not a language code like en, pl or pt-BR")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_any_text_as_a_code_gets_a_message_not_a_crash(text):
    message = lang_problem(text)
    assert message.startswith(f"'{text}' is ")
