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


# --------------------------------------------------------------------------- the deck's list

def _deck_problems(tmp_path, languages: list[str]) -> list:
    from kiosk.deck import load_deck

    texts = ", ".join(f"{code}: Hello" for code in dict.fromkeys(languages))
    (tmp_path / "deck.yaml").write_text(
        f"deck: {{id: d, title: {{{texts}}}, languages: [{', '.join(languages)}]}}\n"
        f"slides:\n  - {{id: a, type: title, title: {{{texts}}}}}\n"
        "  - {id: help, type: helpline, phone: \"08000 121 700\"}\n", encoding="utf-8")
    return load_deck(tmp_path).problems


@settings(max_examples=30, deadline=None)
@given(codes=st.lists(st.sampled_from(["en", "pl", "ro", "pt-BR", "ckb"]), min_size=1, max_size=5),
       shouted=st.lists(st.booleans(), min_size=5, max_size=5))
def test_each_language_listed_again_is_one_located_error(tmp_path_factory, codes, shouted):
    written = [code.upper() if loud and i else code for i, (code, loud) in enumerate(zip(codes, shouted))]
    problems = _deck_problems(tmp_path_factory.mktemp("d"), written)
    repeats = [p for p in problems if "would offer it twice" in p.message]
    assert len(repeats) == len(codes) - len(set(codes))  # letter case aside
    assert all(p.severity == "error" and p.line == 1 and p.col > 1 for p in repeats)
    if written == codes:
        assert not any("no text is written in" in p.message for p in problems)  # every listed language has text


def test_placeholder_codes_are_errors_with_a_fix(tmp_path):
    from kiosk.deck.checks import placeholder_language

    assert [placeholder_language(c) for c in ("und", "mul", "zxx", "mis", "qaa", "qtz-GB", "en", "qu")] == [
        "undetermined language", "several languages", "no linguistic content", "a language with no code yet",
        "reserved for local use", "reserved for local use", None, None]
    problems = _deck_problems(tmp_path, ["en", "und"])
    [said] = [p for p in problems if "'und'" in p.message]
    assert said.severity == "error" and "placeholder (undetermined language)" in said.message
    assert said.hint.startswith("write the code of the language the texts are in")
