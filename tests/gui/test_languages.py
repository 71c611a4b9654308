"""Visitor languages, fonts and glyphs, review notes and the high-contrast theme (mostly no Qt)."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers import CASES, besides_helpline
from helpers.gui import font_family
from helpers.languages import CONTROL_SYMBOLS, DECK_LANGUAGES, TRANSLATED, translated_positions
from kiosk import i18n
from kiosk.access import AAA_RATIO, HIGH_CONTRAST
from kiosk.deck import load_deck
from kiosk.deck.checks import contrast_ratio
from kiosk.deck.glyphs import bundled_coverage, check_glyphs, drawn_texts, missing
from kiosk.player.navigator import all_positions
from kiosk.player.views import view


def test_bundled_deck_offers_each_language_with_its_own_name(bundled_deck):
    assert bundled_deck.deck.deck.languages == DECK_LANGUAGES
    names = [i18n.autonym(code) for code in DECK_LANGUAGES]
    assert names == ["English", "Polski", "Română", "Lietuvių", "Latviešu", "Български", "Português",
                     "Shqip", "Tiếng Việt", "العربية"]


def test_translated_slides_have_every_language_in_every_text(bundled_deck):
    deck = bundled_deck.deck
    for slide in deck.slides:
        if slide.id not in TRANSLATED:
            continue
        texts = {}  # translated texts only: names, numbers and sources are shown as written
        for path, lang, _text in drawn_texts(slide):
            if lang:
                texts.setdefault(path[:-1], set()).add(lang)
        assert texts, slide.id
        for path, langs in texts.items():
            assert langs == set(DECK_LANGUAGES), (slide.id, path, set(DECK_LANGUAGES) - langs)


def test_every_view_of_a_translated_slide_changes_with_the_language(bundled_deck):
    deck = bundled_deck.deck
    for position in translated_positions(deck):
        english = view(deck, position, "en")
        for lang in DECK_LANGUAGES[1:]:
            other = view(deck, position, lang)
            assert other["title"] != english["title"], (position, lang)
            assert other.get("bullets", []) != english.get("bullets", []) or not english.get("bullets")


def test_helpline_says_interpreters_only_as_the_facts_do(bundled_deck):
    help_slide = bundled_deck.deck.slide("help")
    assert "Interpreters are available for over 200 languages" in help_slide.body["en"]
    for lang in DECK_LANGUAGES:
        assert "200" in help_slide.body[lang], lang
        assert help_slide.phone == "08000 121 700"


def test_ui_strings_fall_back_to_english():
    assert i18n.ui_strings("pl")["next"] == "Następny"
    assert i18n.ui_strings("xx") == i18n.english()
    assert i18n.ui_strings("pt-BR")["next"] == i18n.ui_strings("pt")["next"]
    for lang in DECK_LANGUAGES:
        strings = i18n.ui_strings(lang)
        assert set(strings) == set(i18n.english())
        assert "{number}" in strings["page_of"] and "{count}" in strings["page_of"]
        if lang != "en":
            assert strings["hint"] != i18n.english()["hint"], lang


def test_direction_and_fonts_by_language_and_by_text():
    assert i18n.is_rtl("ar") and not i18n.is_rtl("pl")
    assert i18n.is_rtl_text("ماذا تفعل") and not i18n.is_rtl_text("08000 121 700")
    assert not i18n.is_rtl_text("Home Office guidance")
    assert i18n.font_for_text("Nhận biết") == "Noto Sans"
    assert i18n.font_for_text("Разпознайте") == "Noto Sans"
    assert i18n.font_for_text("تعرّف على العلامات 08000") == "Noto Sans Arabic"
    assert i18n.font_for_text("Recunoașteți semnele") == "Atkinson Hyperlegible"


def test_every_character_the_player_may_show_is_in_a_bundled_font(bundled_deck):
    covered = bundled_coverage()
    texts = [text for _, _, text in drawn_texts(bundled_deck.deck)]
    texts += [s for lang in DECK_LANGUAGES for s in i18n.ui_strings(lang).values()]
    texts += [i18n.autonym(lang) for lang in DECK_LANGUAGES] + [CONTROL_SYMBOLS, "Welcome A+"]
    assert {c for text in texts for c in missing(text, covered)} == set()


def test_bundled_deck_has_no_glyph_warnings_and_lists_its_reviews(bundled_deck):
    assert [p for p in bundled_deck.problems if p.severity != "note"] == []
    notes = [p for p in bundled_deck.problems if p.severity == "note"]
    assert {n.message.split(":")[0] for n in notes} == {
        "slide 'spot-the-signs' and 7 of its pages", "slide 'what-to-do'", "slide 'help'"}
    waiting: dict[str, set[str]] = {}
    for note in notes:
        said = re.fullmatch(r"(.+?): the ([a-z, ]+) texts? needs? review: (.+)", note.message)
        assert said, note.message
        assert said[3].startswith("needs native speaker"), note.message  # with what changed, if anything
        waiting.setdefault(said[1], set()).update(said[2].split(", "))
        assert str(note).startswith(f"{note.file}:{note.line}:{note.col}: note: slide '")
    assert all(langs == {"pl", "ro", "lt", "lv", "bg", "pt", "sq", "vi", "ar"} for langs in waiting.values()), waiting


def test_glyph_check_warns_for_a_character_no_bundled_font_has(write_deck):
    folder = write_deck("""
        deck: {id: x, title: Hi, languages: [en, ja, ro]}
        slides:
          - id: hello
            type: title
            title: {en: Hello, ja: "こんにちは", ro: "Ştiţi semnele"}
        """)
    result = load_deck(folder)
    assert result.ok  # a warning never stops the deck
    warnings = [p for p in besides_helpline(result.problems) if p.severity == "warning"]
    # The language picker cannot write Japanese by its own name either (it shows "ja").
    picker = [p for p in warnings if "language picker" in p.message]
    assert len(picker) == 1 and "'ja'" in picker[0].message
    warnings = [p for p in warnings if p not in picker]
    assert len(warnings) == 2, [str(w) for w in warnings]
    box, cedilla = sorted(warnings, key=lambda p: p.col)
    assert box.line == 5 and "slide 'hello': 'こ' (U+3053 HIRAGANA LETTER KO)" in box.message
    assert "in no bundled font and would show as a box" in box.message and "assets/fonts/" in box.hint
    assert "Romanian text uses cedilla letters (Ş → Ș, ţ → ț)" in cedilla.message


def test_glyph_check_with_a_font_set_lacking_cyrillic(bundled_deck):
    from kiosk.deck.source import read_yaml
    latin = frozenset(range(0x20, 0x250)) | frozenset(map(ord, "–·’"))
    doc = read_yaml(bundled_deck.file)
    problems = check_glyphs(bundled_deck.deck, doc, covered=latin)
    assert any("'Р' (U+0420 CYRILLIC CAPITAL LETTER ER)" in p.message for p in problems)


def test_mixed_scripts_case_passes_the_glyph_check(tmp_path):
    shutil.copy(CASES / "mixed-scripts.yaml", tmp_path / "deck.yaml")
    result = load_deck(tmp_path)
    assert result.ok and [p for p in besides_helpline(result.problems) if p.severity == "warning"] == []


def test_high_contrast_theme_passes_aaa_for_every_pair():
    from kiosk.deck.checks import CONTRAST_PAIRS
    for fg, bg, _need, use in CONTRAST_PAIRS:
        ratio = contrast_ratio(getattr(HIGH_CONTRAST, fg), getattr(HIGH_CONTRAST, bg))
        assert ratio >= AAA_RATIO, (fg, bg, use, ratio)


@pytest.mark.parametrize("lang", DECK_LANGUAGES)
def test_romanian_and_every_language_render_from_bundled_glyphs(kiosk_app, bundled_deck, lang):
    """Every text of the translated views, laid out by Qt in the font the player gives it, takes
    each glyph from a bundled font, and none is the missing-glyph box (glyph 0) or blank."""
    from helpers.glyphs import bad_glyphs
    font_family()
    deck = bundled_deck.deck
    texts = []
    for position in translated_positions(deck):
        texts += [text for _, _, text in drawn_texts(view(deck, position, lang))]
    texts += list(i18n.ui_strings(lang).values()) + [i18n.autonym(lang)]
    problems = [bad for text in texts for bad in bad_glyphs(text, i18n.font_for_text(text))]
    assert problems == []


def test_mixed_scripts_case_renders_with_no_box_or_blank_glyph(kiosk_app, tmp_path):
    from helpers.glyphs import bad_glyphs
    font_family()
    shutil.copy(CASES / "mixed-scripts.yaml", tmp_path / "deck.yaml")
    deck = load_deck(tmp_path).deck
    texts = [text for _, _, text in drawn_texts(deck)]
    for letter in "ȘțậРąė":  # Romanian comma below, Vietnamese, Cyrillic, Polish, Lithuanian
        assert any(letter in text for text in texts), letter
    for text in texts:
        assert bad_glyphs(text, i18n.font_for_text(text)) == [], text
        assert bad_glyphs(text, "Atkinson Hyperlegible") == [], text  # the fallbacks cover it too


def test_a_character_outside_the_bundled_fonts_is_caught_by_the_render_check(kiosk_app):
    from helpers.glyphs import bad_glyphs
    font_family()
    assert bad_glyphs("Hello ア", "Atkinson Hyperlegible")


def test_phone_numbers_never_wrap_between_their_digit_groups(bundled_deck):
    assert i18n.keep_numbers_together("Call 08000 121 700 now") == "Call 08000\u00a0121\u00a0700 now"
    assert i18n.keep_numbers_together("24 hours, 7 days") == "24 hours, 7 days"
    what = view(bundled_deck.deck, next(p for p in all_positions(bundled_deck.deck)
                                        if bundled_deck.deck.slides[p.slide].id == "what-to-do"), "bg")
    assert "08000\u00a0121\u00a0700" in what["qr"]["label"]


def test_slide_changes_cannot_flash_more_than_three_times_a_second():
    """WCAG 2.2, 2.3.1: a change of slide is a cross-fade of TRANSITION_MS; even back to back,
    fades that long make fewer than three changes a second (and a cut changes once)."""
    from kiosk.qt.backend import TRANSITION_MS
    assert 1000 / TRANSITION_MS < 3


def test_the_ui_strings_json_is_made_from_the_yaml_as_it_is_now():
    """kiosk/ui_strings.json (read instead of the YAML at start-up) is up to date: after editing
    kiosk/ui_strings.yaml, run `python -m kiosk.i18n` to write it again."""
    assert i18n.UI_STRINGS_JSON.read_text(encoding="utf-8") == i18n.compiled_strings()


def test_ui_strings_json_made_from_other_bytes_is_not_used(tmp_path, monkeypatch):
    import json

    stale = json.loads(i18n.compiled_strings())
    stale["tables"]["en"]["next"] = "Stale"
    (tmp_path / "ui_strings.json").write_text(json.dumps({**stale, "source_sha256": "0" * 64}), encoding="utf-8")
    monkeypatch.setattr(i18n, "UI_STRINGS_JSON", tmp_path / "ui_strings.json")
    i18n._tables.cache_clear()
    try:
        assert i18n.english()["next"] == "Next"
    finally:
        i18n._tables.cache_clear()
