"""The deck's text rules on stacks of combining marks and YAML tags, and the settings' like rules."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from kiosk.deck import load_deck
from kiosk.deck import source as deck_source
from kiosk.deck.chars import MAX_MARKS, mark_stack, refused_char, why_refused
from kiosk.deck.marks import MARKS, UNICODE_VERSION, generate

#: Real text with the most marks its writing puts on one letter, written with separate marks.
REAL = {
    "vi": "Tiếng Việt: người, những, được, nghiệp, Hộ, kiệt, nghĩ, Nguyễn",
    "ar": "مُحَمَّدٌ شَدَّةٌ — اتصل بـ\u206608000 121 700\u2069",
    "hi": "क़्ष हिन्दी संस्कृत की",
    "th": "สวัสดีครับ น้ำ ปั้น",
    "he": "בְּרֵאשִׁ֖ית",
    "bo": "ཨོཾ་མ་ཎི་པ་དྨེ་ཧཱུྃ",
    "emoji": "1\ufe0f\u20e3 \u2764\ufe0f \U0001f44d\U0001f3fd",
}


def test_the_table_of_marks_is_unicodes():
    if unicodedata.unidata_version == UNICODE_VERSION:
        assert MARKS == generate()
    else:  # a newer Unicode only adds marks: every one in the table is still one
        assert set(MARKS) - {"-"} <= set(generate()) | {"-"}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_text_with_separate_marks_is_taken(name):
    for form in ("NFC", "NFD"):
        text = unicodedata.normalize(form, REAL[name])
        assert refused_char(text, rtl=True) is None, (name, form)


def test_the_bundled_deck_with_every_accent_separate_is_valid(tmp_path):
    text = (BUNDLED / "deck.yaml").read_text(encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.ok, [str(p) for p in result.problems if p.severity == "error"]


@settings(max_examples=150, deadline=None)
@given(base=st.characters(blacklist_categories=("Mn", "Me", "Cs", "Cc", "Cf", "Zl", "Zp")),  # a letter, not a control
       marks=st.lists(st.sampled_from(MARKS.replace("-", "")), min_size=1, max_size=12),
       before=st.text("ab ł", max_size=5))
def test_a_stack_of_marks_is_refused_past_the_most_one_letter_carries(base, marks, before):
    text = before + base + "".join(marks) + " end"
    stack = mark_stack(text)
    if len(marks) <= MAX_MARKS:
        assert stack is None and "combining marks" not in (why_refused(text) or "")
        return
    assert stack == (len(before) + 1, len(marks))
    assert refused_char(text) == (len(before) + 2 + MAX_MARKS, marks[MAX_MARKS])
    message = why_refused(text)
    assert message.startswith(f"has {len(marks)} combining marks on character {len(before) + 1}")
    assert f"keep at most {MAX_MARKS}" in message


def test_zalgo_title_is_a_located_error_with_a_fix(write_deck):
    zalgo = "i" + "".join(chr(0x300 + i % 0x30) for i in range(100))
    folder = write_deck(f"""
        deck: {{id: t, title: T, languages: [en]}}
        slides:
          - {{id: a, type: text, title: "Hel{zalgo}lo", body: B}}
          - {{id: help, type: helpline, phone: "08000 121 700"}}
        """)
    errors = [p for p in load_deck(folder).problems if p.severity == "error"]
    assert len(errors) == 1 and (errors[0].line, errors[0].col) == (3, 32)
    assert "has 100 combining marks on character 4 ('i')" in errors[0].message


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "ruamel"])
def test_yaml_tags_are_located_errors_with_either_parser(write_deck, monkeypatch, libyaml):
    if not libyaml:
        monkeypatch.setattr(deck_source, "_CLoader", None)
    folder = write_deck("""
        deck: {id: t, title: !!binary aGVsbG8=, languages: [en]}
        slides:
          - {id: a, type: text, title: !foo bar, body: "!quoted is text", note: ! plain}
          - !slide {id: help, type: helpline, phone: "08000 121 700"}
        """)
    doc = deck_source.read_yaml(folder / "deck.yaml")
    found = [(p.line, p.col, p.message) for p in doc.problems]
    assert found == [(1, 22, "YAML tags are not used in decks: remove !!binary"),
                     (3, 32, "YAML tags are not used in decks: remove !foo"),
                     (3, 73, "YAML tags are not used in decks: remove !"),
                     (4, 5, "YAML tags are not used in decks: remove !slide")]


def test_settings_refuse_nan_inf_a_text_for_a_boolean_and_unshowable_names(tmp_path):
    from kiosk import settings

    file = tmp_path / "settings.toml"
    file.write_text('deck_settle = nan\nwake_minutes = inf\nreduced_motion = "yes"\nkiosk_name = "lib\\u202Eary"\n'
                    'status_folder = "/tmp/a\\u0301\\u0301\\u0301\\u0301\\u0301"\nupdate_every = -inf\n'
                    'stale_after = 10\n', encoding="utf-8")
    effective = settings.load(file)
    found = {p.line: p.message for p in effective.problems}
    assert found[1].startswith("'deck_settle': is nan (not a number); using the default")
    assert found[2].startswith("'wake_minutes': is inf (infinite); using the default")
    assert found[3].startswith("'reduced_motion': must be true or false, not the text \"yes\"")
    assert found[4].startswith("'kiosk_name': has U+202E RIGHT-TO-LEFT OVERRIDE at character 4, which reorders")
    assert found[5].startswith("'status_folder': has 5 combining marks on character 6 ('a')")
    assert found[6].startswith("'update_every': is -inf (infinite)")
    assert sorted(found) == [1, 2, 3, 4, 5, 6]
    assert effective.settings.reduced_motion is False and effective.settings.stale_after == 10


def test_the_kiosks_own_strings_follow_the_deck_text_rule():
    """The staff and visitor strings (kiosk/ui_strings.yaml) shown beside deck text pass its rule."""
    from kiosk.i18n import _tables, is_rtl

    for lang, table in _tables().items():
        for key, text in table.items():
            assert why_refused(text, is_rtl(lang)) is None, (lang, key)


@pytest.mark.parametrize(("region", "kind", "words"), [
    ("GB", "PREMIUM_RATE", "premium-rate number: callers pay a premium rate"),
    ("FR", "SHARED_COST", "shared-cost number: callers pay part of the call"),
    ("GB", "TOLL_FREE", None), ("GB", "FIXED_LINE", None)])
def test_a_number_that_costs_callers_more_is_named(region, kind, words):
    """The numbers are libphonenumber's own examples of each kind (its metadata, not real lines)."""
    import phonenumbers

    from kiosk.deck.links import costly_number

    example = phonenumbers.example_number_for_type(region, getattr(phonenumbers.PhoneNumberType, kind))
    found = costly_number("tel:" + phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164))
    assert (found is None) if words is None else words in found


@pytest.mark.parametrize(("count", "words"), [
    (0, "0 bytes"), (1, "1 byte"), (1023, "1,023 bytes"), (1024, "1 KiB"), (1536, "1.5 KiB"), (65536, "64 KiB"),
    (1024 * 1024 - 1, "1 MiB"), (int(4.5 * 2**20), "4.5 MiB"), (200 * 2**20, "200 MiB"), (2 * 2**30 + 50 * 2**20, "2 GiB"),
    (1234 * 2**40, "1,234 TiB")])
def test_sizes_are_written_for_people(count, words):
    from kiosk.userfile import size_words

    assert size_words(count) == words


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**70))
def test_a_size_in_words_never_has_an_exponent_or_more_than_one_decimal(count):
    from kiosk.userfile import size_words

    number = size_words(count).split()[0]
    assert "e" not in number and len(number.partition(".")[2]) <= 1


def test_a_two_gigabyte_deck_is_refused_with_its_size_in_words(tmp_path):
    with open(tmp_path / "deck.yaml", "wb") as file:
        file.truncate(2 * 2**30 + 50 * 2**20)  # sparse: no disk space used
    problems = deck_source.read_yaml(tmp_path / "deck.yaml").problems
    assert [p.message for p in problems] == ["file too large for a deck: it is 2 GiB, more than the 1 MiB allowed"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_deck_or_settings_file_in_utf16_says_so_and_how_to_save_it(tmp_path, encoding):
    from kiosk import settings

    text = "deck:\n  id: t\n  title: Tytuł\n"
    (tmp_path / "deck.yaml").write_bytes(text.encode(encoding))
    [problem] = deck_source.read_yaml(tmp_path / "deck.yaml").problems
    wide = "UTF-32" if encoding == "utf-32" else "UTF-16"
    assert problem.message.startswith(f"file is not UTF-8: it is {wide} text") and "Encoding: UTF-8" in problem.hint
    (tmp_path / "settings.toml").write_bytes('kiosk_name = "bibliothèque"\n'.encode(encoding))
    [problem] = settings.load(tmp_path / "settings.toml").problems
    assert f"not UTF-8 (it is {wide} text)" in problem.message and "Encoding: UTF-8" in problem.hint


def test_a_deck_with_a_utf8_byte_order_mark_is_read(tmp_path):
    (tmp_path / "deck.yaml").write_bytes("deck: {id: t, title: Tytuł}\n".encode("utf-8-sig"))
    doc = deck_source.read_yaml(tmp_path / "deck.yaml")
    assert doc.problems == [] and doc.data == {"deck": {"id": "t", "title": "Tytuł"}}


@pytest.mark.parametrize(("url", "words"), [
    ("https://www.a21.org:99999/", "its port ':99999' is not a port"), ("https://www.a21.org:8o/", "its port ':8o'"),
    ("https://exa<mple.org/", "check the host name")])
def test_an_address_browsers_cannot_open_names_its_wrong_part(url, words):
    from kiosk import settings
    from kiosk.deck.links import parse_web_link

    with pytest.raises(ValueError, match=words):
        parse_web_link(url)
    assert words in settings.problem_with({"update_source": url})


#: Characters the text rules are about, among ordinary ones.
RULED = st.text(st.one_of(st.sampled_from("aé łب "), st.sampled_from("\u0301\u0651\u202e\u2066\u2069\x1b\n")), max_size=12)


@settings(max_examples=150, deadline=None)
@given(title=RULED, note=RULED, image=RULED, alt=RULED)
def test_what_the_check_takes_the_drawing_processs_decoder_takes(title, note, image, alt):
    """Every string of a deck the check accepts (text, review note, picture name) passes the plain
    decoder's own rule (kiosk.deck.plain), so a checked deck always reaches the screen."""
    import json

    from pydantic import ValidationError

    from kiosk.deck import model, plain

    data = {"deck": {"id": "t", "title": "T", "languages": ["en", "ar"]},
            "slides": [{"id": "a", "type": "text", "title": {"en": "T", "ar": title}, "review": {"en": note}},
                       {"id": "p", "type": "image", "image": image or "p.png", "alt": alt},
                       {"id": "help", "type": "helpline", "phone": "08000 121 700"}]}
    try:
        deck = model.Deck.model_validate(data)
    except ValidationError:
        return
    assert plain.decode(json.loads(json.dumps(plain.encode(deck)))) is not None


@pytest.mark.parametrize(("key", "value", "words"), [
    ("update_every", True, "must be a number, not true"), ("stale_after", "30", 'without quotes, not the text "30"'),
    ("screen", False, "must be a number, not false"), ("stats_retention_days", "400", "without quotes"),
    ("reduced_motion", 1, "must be true or false, not 1"), ("reduced_motion", "no", 'not the text "no"')])
def test_numbers_and_true_or_false_are_taken_only_as_toml_writes_them(key, value, words):
    from kiosk import settings

    assert words in settings.problem_with({key: value})
    with pytest.raises(settings.SettingsError, match=words):
        settings.make_settings({key: value})


#: Words around a number in a slide's text: letters, spaces and punctuation, never a digit.
_WORDS = st.text(st.characters(categories=("Lu", "Ll", "Zs", "Po"), exclude_characters="0123456789+"), max_size=30)


@settings(max_examples=40, deadline=None)
@given(before=_WORDS, after=_WORDS, spacing=st.sampled_from(["0909 8790 125", "09098790125", "0909-879-0125",
                                                             "(0909) 879 0125", "+44 909 879 0125"]))
def test_a_premium_rate_number_anywhere_in_a_texts_words_is_warned_about(tmp_path_factory, before, after, spacing):
    """0909 8790 xxx is a range Ofcom keeps for drama (never a real line), premium rate by its prefix."""
    from kiosk.deck.checks import FREE_NUMBER_HINT

    text = f"{before} {spacing} {after}".replace('"', "'").replace("\\", "/")
    folder = tmp_path_factory.mktemp("deck")
    (folder / "deck.yaml").write_text(
        'deck: {id: t, title: T}\nslides:\n  - id: more\n    type: text\n    title: More help\n'
        f'    body: "{text}"\n  - {{id: help, type: helpline, phone: "08000 121 700"}}\n', encoding="utf-8")
    result = load_deck(folder)
    warned = [p for p in result.problems if p.hint == FREE_NUMBER_HINT]
    assert len(warned) == 1 and warned[0].line == 6 and "premium-rate" in warned[0].message, result.problems
