"""The loader: every problem at once, each as file:line:col with a hint; never a traceback."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import BUNDLED, besides_helpline
from kiosk.deck import load_deck
from kiosk.deck.checks import contrast_ratio
from kiosk.deck.model import normalise_phone
from kiosk.deck.source import core_scalar


def texts(result):
    return [str(p) for p in result.problems]


def errors(result):
    """The errors (a deck of one slide has no helpline slide either: a warning)."""
    return [str(p) for p in result.problems if p.severity == "error"]


def test_unknown_field_did_you_mean_with_position(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X}
        slides:
          - id: welcome
            type: title
            title: Hello
            durtion: 10
        """)
    result = load_deck(folder)
    assert errors(result) == [f"{result.problems[0].file}:6:5: error: slide 'welcome': unknown field 'durtion'"
                             " — did you mean 'duration'?"]


def test_unknown_slide_type_did_you_mean(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X}
        slides:
          - {id: a, type: txt, title: A}
        """)
    (problem,) = [p for p in load_deck(folder).problems if p.severity == "error"]
    assert "unknown slide type 'txt'" in problem.message and problem.hint == "did you mean 'text'?"
    assert (problem.line, problem.col) == (3, 19)


def test_every_problem_reported_at_once(write_deck):
    folder = write_deck("""
        deck: {id: Bad Id, title: X, idle_timeout: 0}
        slides:
          - {id: a, type: text}
          - {id: a, type: stats, title: S, items: []}
          - {id: c, type: helpline, phone: "not a number"}
        """)
    result = load_deck(folder)
    text = "\n".join(texts(result))
    assert result.deck is None
    for expected in ("field 'deck.id'", "idle_timeout", "missing field 'title'", "needs at least one figure",
                     "not a phone number"):
        assert expected in text, text
    assert len(result.problems) >= 5


def test_duplicate_slide_ids_name_both_lines(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X}
        slides:
          - {id: a, type: text, title: A}
          - {id: a, type: text, title: B}
        """)
    (problem,) = besides_helpline(load_deck(folder).problems)
    assert "slide id 'a' is used twice (lines 3 and 4)" in problem.message
    assert problem.line == 4


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"   \n\n", "file is empty"),
    (b"- a\n- b\n", "top level must be a mapping"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    (b"deck:\n  title: caf\xe9\n", "not UTF-8"),
    (b"deck:\n\tid: x\n", "tab used for indentation"),
    (b"deck: {id: x\n", "a { opened here is never closed"),
    (b"deck: x\n- y\n", "YAML syntax"),
])
def test_broken_files_give_one_clear_error(tmp_path, content, message):
    (tmp_path / "deck.yaml").write_bytes(content)
    result = load_deck(tmp_path)
    assert result.deck is None
    assert any(message in p.message for p in result.problems), texts(result)
    assert all(p.line >= 1 and p.col >= 1 for p in result.problems)


def test_not_utf8_points_at_the_byte(tmp_path):
    (tmp_path / "deck.yaml").write_bytes(b"deck:\n  title: caf\xe9\n")
    (problem,) = load_deck(tmp_path).problems
    assert (problem.line, problem.col) == (2, 13)


def test_utf8_bom_is_fine(write_deck, tmp_path):
    folder = write_deck("deck: {id: x, title: X}\nslides:\n  - {id: a, type: text, title: Zażółć}\n")
    raw = (folder / "deck.yaml").read_bytes()
    (folder / "deck.yaml").write_bytes(b"\xef\xbb\xbf" + raw)
    result = load_deck(folder)
    assert result.ok, texts(result)
    assert result.deck.slides[0].title == "Zażółć"


def test_missing_folder(tmp_path):
    result = load_deck(tmp_path / "nowhere")
    assert result.deck is None and result.problems


@pytest.mark.parametrize("image, message", [
    ("missing.png", "not found"),
    ("../outside.png", "outside the deck folder"),
    ("/etc/passwd", "outside the deck folder"),
    ("notes.txt", "not a supported picture"),
    ("broken.png", "cannot be read as a picture"),
])
def test_image_problems(write_deck, image, message):
    folder = write_deck(f"""
        deck: {{id: x, title: X}}
        slides:
          - {{id: pic, type: image, image: "{image}", alt: A picture}}
        """)
    (folder / "notes.txt").write_text("hello")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (problem,) = besides_helpline(load_deck(folder).problems)
    assert message in problem.message
    assert problem.line == 3


def test_good_image_loads(write_deck):
    from PIL import Image
    folder = write_deck("""
        deck: {id: x, title: X}
        slides:
          - {id: pic, type: image, image: photo.png, alt: A picture, caption: Hello}
        """)
    Image.new("RGB", (64, 32), "red").save(folder / "photo.png")
    assert load_deck(folder).ok


@pytest.mark.parametrize("link, ok", [
    ("https://nmsc.org.uk/", True), ("http://example.org/x", True), ("tel:08000 121 700", True),
    ("ftp://example.org", False), ("javascript:alert(1)", False), ("mailto:a@b.c", False), ("tel:999x", False),
])
def test_qr_links(write_deck, link, ok):
    folder = write_deck(f"""
        deck: {{id: x, title: X}}
        slides:
          - {{id: a, type: text, title: A, qr: {{link: "{link}", label: Go}}}}
        """)
    result = load_deck(folder)
    assert result.ok is ok, texts(result)
    if link.startswith("tel:") and ok:
        assert result.deck.slides[0].qr.link == "tel:+448000121700"


def test_too_long_link_is_an_error(write_deck):
    folder = write_deck(f"""
        deck: {{id: x, title: X}}
        slides:
          - {{id: a, type: text, title: A, qr: {{link: "https://example.org/{'a' * 300}", label: Go}}}}
        """)
    (problem,) = besides_helpline(load_deck(folder).problems)
    assert "too long to scan" in problem.message


@pytest.mark.parametrize("number, expected", [
    ("08000 121 700", "+448000121700"), ("+44 800 0121 700", "+448000121700"), ("0044 8000121700", "+448000121700"),
])
def test_phone_normalised_to_international_form(number, expected):
    assert normalise_phone(number) == expected


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_low_contrast_theme_is_an_error_with_ratio(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X, theme: {background: "#777777", text: "#ffffff"}}
        slides:
          - {id: a, type: text, title: A}
        """)
    result = load_deck(folder)
    assert result.deck is None
    assert any("'text' (#ffffff) on 'background' (#777777)" in p.message and "4.48:1" in p.message
               for p in result.problems)


def test_contrast_names_a_default_colour_and_which_one_to_set(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X, theme: {background: "#5a6b7c"}}
        slides:
          - {id: a, type: text, title: A}
        """)
    (problem,) = besides_helpline(load_deck(folder).problems)
    assert problem.message.startswith("theme 'muted' (default #c9d6e3) on 'background' (#5a6b7c)")
    assert problem.hint == "set muted: to a lighter colour"
    assert (problem.line, problem.col) == (1, 45)  # the background the deck set


def test_past_event_is_a_warning_unless_archive(write_deck):
    text = """
        deck: {{id: x, title: X{extra}}}
        slides:
          - id: ev
            type: events
            events:
              - {{title: Walk, date: 2019-10-19, start: "10:00", end: "12:00"}}
        """
    result = load_deck(write_deck(text.format(extra="")), today=dt.date(2026, 1, 1))
    assert result.ok
    (problem,) = besides_helpline(result.problems)
    assert problem.severity == "warning" and "in the past" in problem.message and problem.line == 6
    assert besides_helpline(load_deck(write_deck(text.format(extra=", archive: true"), name="b"), today=dt.date(2026, 1, 1)).problems) == []


def test_impossible_date_is_an_error(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X}
        slides:
          - {id: ev, type: events, events: [{title: Walk, date: 2025-02-30}]}
        """)
    (problem,) = [p for p in load_deck(folder).problems if p.severity == "error"]
    assert "not a real date" in problem.message


def test_missing_fallback_language_is_an_error(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X, languages: [en, pl]}
        slides:
          - {id: a, type: text, title: {pl: Tylko po polsku}}
        """)
    (problem,) = besides_helpline(load_deck(folder).problems)
    assert "no 'en' version" in problem.message


@pytest.mark.parametrize("text, value", [
    ("no", "no"), ("off", "off"), ("yes", "yes"), ("10:30", "10:30"), ("2019-10-19", "2019-10-19"),
    ("true", True), ("12", 12), ("0x1f", 31), ("1.5", 1.5), ("~", None), ("012", 12),
])
def test_core_schema_scalars(text, value):
    assert core_scalar(text) == value


def test_validate_command_exit_codes_and_no_traceback(write_deck, tmp_path):
    bad = write_deck("deck: {id: x}\nslides: []\n", name="bad")
    run = [sys.executable, "-m", "kiosk", "validate", "--no-fit"]
    good = subprocess.run(run + [str(BUNDLED)], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "valid, 16 slides" in good.stdout
    broken = subprocess.run(run + [str(BUNDLED), str(bad)], capture_output=True, text=True)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stdout + broken.stderr
    assert "bad/deck.yaml:1:1: error: field 'deck': missing field 'title' — add 'title: …'" in broken.stdout, \
        broken.stdout
    assert "needs at least one slide" in broken.stdout
    (tmp_path / "binary").mkdir()
    (tmp_path / "binary" / "deck.yaml").write_bytes(bytes(range(256)))
    garbage = subprocess.run(run + [str(tmp_path / "binary")], capture_output=True, text=True)
    assert garbage.returncode == 1 and "Traceback" not in garbage.stderr


def test_every_bundled_deck_is_valid():
    from helpers import ROOT
    decks = sorted(p.parent for p in (ROOT / "slides").glob("*/deck.yaml"))
    assert decks, "no decks under slides/"
    for folder in decks:
        result = load_deck(folder)
        assert result.ok, texts(result)
        assert not [p for p in result.problems if p.severity == "warning"], texts(result)


# --------------------------------------------------------------------------- the JSON Schema

def test_committed_schema_is_the_generated_one(capsys):
    from helpers import ROOT
    from kiosk.cli import main
    from kiosk.deck.schema import schema_text
    committed = (ROOT / "docs" / "deck.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "docs/deck.schema.json is stale: run 'kiosk schema --out docs/deck.schema.json'"
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == committed


def test_schema_out_writes_the_file(tmp_path):
    from kiosk.cli import main
    from kiosk.deck.schema import schema_text
    assert main(["schema", "--out", str(tmp_path / "s.json")]) == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == schema_text()


def test_bundled_deck_names_the_schema_on_its_first_line():
    first = (BUNDLED / "deck.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../docs/deck.schema.json"
    assert (BUNDLED / first.split("=", 1)[1]).resolve().is_file()


def _schema_errors(data):
    import jsonschema

    from kiosk.deck.schema import deck_schema
    schema = deck_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    def flat(errors):  # a slide is one of seven types: look inside each branch's errors
        for error in errors:
            yield error.message
            yield from flat(error.context or [])
    return list(flat(jsonschema.Draft202012Validator(schema).iter_errors(data)))


def test_schema_accepts_the_bundled_deck_as_an_editor_reads_it():
    from kiosk.deck.source import read_yaml
    data = read_yaml(BUNDLED / "deck.yaml").data
    assert _schema_errors(data) == []


@pytest.mark.parametrize("change, words", [
    (lambda d: d["slides"][0].update(durtion=10), "'durtion' was unexpected"),
    (lambda d: d["deck"].update(colour="red"), "'colour' was unexpected"),
    (lambda d: d["slides"][0].update(duration="10s"), "'10s' is not of type 'number'"),
    (lambda d: d["slides"][0].update(duration=0), "0 is less than the minimum of 3"),
    (lambda d: d["slides"][0].update(duration=2200000), "2200000 is greater than the maximum of 86400"),
    (lambda d: d["deck"].update(idle_timeout=9999999), "9999999 is greater than the maximum of 3600"),
    (lambda d: d["deck"].update(archive="no"), "is not of type 'boolean'"),
    (lambda d: d["slides"][0].update(type="txt"), "'txt' is not one of ['events', 'helpline', 'image', 'signs'"),
])
def test_schema_flags_what_an_editor_should_underline(change, words):
    from kiosk.deck.source import read_yaml
    data = read_yaml(BUNDLED / "deck.yaml").data
    change(data)
    errors = _schema_errors(data)
    assert any(words in e for e in errors), errors


# --------------------------------------------------------------------------- docs/decks.md

def _doc_blocks():
    import re

    from helpers import ROOT
    text = (ROOT / "docs" / "decks.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def test_every_example_in_the_deck_reference_is_valid(write_deck):
    import textwrap

    from PIL import Image
    blocks = _doc_blocks()
    decks = [b for b in blocks if b.startswith("deck:")]
    slides = [b for b in blocks if b.startswith("- id:")]
    assert len(decks) >= 2 and len(slides) >= 8
    for n, block in enumerate(decks):
        result = load_deck(write_deck(block, name=f"deck{n}"))
        assert result.ok, texts(result)
    body = "".join(textwrap.indent(b, "  ") for b in slides)
    folder = write_deck("deck: {id: docs, title: Examples, languages: [en, pl]}\nslides:\n" + body, name="slides")
    Image.new("RGB", (160, 90), "navy").save(folder / "walk-for-freedom.jpg")
    result = load_deck(folder)
    assert result.ok, texts(result)
    assert {s.type for s in result.deck.slides} == {"title", "text", "stats", "events", "signs", "helpline", "image"}
    assert [p.severity for p in result.problems if p.severity == "error"] == []


def test_deck_reference_names_every_field_of_every_slide_type():
    from helpers import ROOT
    from kiosk.deck import model
    text = (ROOT / "docs" / "decks.md").read_text(encoding="utf-8")
    for cls in (model.DeckInfo, model.Theme, model.TitleSlide, model.TextSlide, model.StatsSlide, model.Stat,
                model.EventsSlide, model.Event, model.SignsSlide, model.SignsPage, model.HelplineSlide,
                model.ImageSlide):
        for name in cls.model_fields:
            assert f"| `{name}` |" in text, f"docs/decks.md does not describe {cls.__name__}.{name}"


def test_every_mapping_in_the_schema_refuses_unknown_fields():
    from kiosk.deck.schema import deck_schema
    schema = deck_schema()
    objects = [d for name, d in schema["$defs"].items() if name != "Text"] + [schema]
    assert len(objects) >= 14
    assert all(d.get("additionalProperties") is False for d in objects), \
        [name for name, d in schema["$defs"].items() if d.get("additionalProperties") is not False]


# --------------------------------------------------------------------------- schedules

@pytest.mark.parametrize("begin, end, weekdays, times, due", [
    ("2019-10-21 00:00", "2019-10-26 00:00", ["sat", "sun"], [], False),   # Mon to Fri only
    ("2019-10-21 00:00", "2019-10-27 00:00", ["sat", "sun"], [], True),    # takes in the Saturday
    ("2019-10-19 09:00", "2019-10-19 17:00", [], [("18:00", "21:00")], False),
    ("2019-10-19 09:00", "2019-10-19 18:30", [], [("18:00", "21:00")], True),
    ("2019-10-19 00:00", "2019-10-19 02:00", ["fri"], [("22:00", "03:00")], True),   # Friday's late window
    ("2019-10-19 00:00", "2019-10-19 02:00", ["sat"], [("22:00", "03:00")], False),
    ("2019-10-01 00:00", "2019-12-01 00:00", ["mon"], [("09:00", "09:30")], True),   # longer than a week
    ("2019-10-20 00:00", "2019-10-19 00:00", [], [], False),                          # ends before it begins
])
def test_ever_due(begin, end, weekdays, times, due):
    from kiosk.deck.checks import ever_due
    from kiosk.deck.windows import DailyWindow
    windows = [DailyWindow.parse(f"{a}-{b}") for a, b in times]
    assert ever_due(dt.datetime.fromisoformat(begin), dt.datetime.fromisoformat(end), weekdays, windows) is due


@pytest.mark.parametrize("payload", ["tel:+448000121700", "https://nmsc.org.uk/", "https://example.org/" + "a" * 250])
def test_qr_width_without_drawing_matches_the_drawn_code(payload):
    from kiosk.deck.checks import qr_modules
    from kiosk.qr import qr_matrix
    assert qr_modules(payload) == len(qr_matrix(payload))


def test_qr_fits_by_module_size():
    from kiosk.deck.checks import MIN_MODULE_PX, qr_fits
    from kiosk.qr import qr_matrix
    short = "https://nmsc.org.uk/"
    assert qr_fits(short, 200)
    assert not qr_fits(short, len(qr_matrix(short)) * MIN_MODULE_PX - 1)
    assert qr_fits(short, len(qr_matrix(short)) * MIN_MODULE_PX)


@pytest.mark.parametrize("weekdays", [[], ["sat"], ["fri"], ["mon", "sun"]])
@pytest.mark.parametrize("times", [[], [("18:00", "21:00")], [("22:00", "03:00")], [("09:00", "12:00"), ("23:30", "00:30")]])
@pytest.mark.parametrize("span", [("2019-10-19 00:00", "2019-10-19 02:00"), ("2019-10-19 09:00", "2019-10-19 17:00"),
                                  ("2019-10-18 23:00", "2019-10-21 01:00")])
def test_ever_due_agrees_with_the_player_minute_by_minute(weekdays, times, span):
    """The checker's reasoning over intervals gives what the player's schedule does, tried every minute."""
    from types import SimpleNamespace

    from kiosk.deck.checks import ever_due
    from kiosk.deck.windows import DailyWindow
    from kiosk.player.schedule import _in_windows
    windows = [DailyWindow.parse(f"{a}-{b}") for a, b in times]
    begin, end = (dt.datetime.fromisoformat(t) for t in span)
    slide = SimpleNamespace(weekdays=weekdays, times=windows)
    minutes = int((end - begin).total_seconds() // 60)
    utc = dt.UTC
    player = any(_in_windows(slide, (begin + dt.timedelta(minutes=m)).replace(tzinfo=utc), utc)
                 for m in range(minutes))
    assert ever_due(begin, end, weekdays, windows) is player


def test_contrast_hint_never_asks_for_lighter_than_white(write_deck):
    folder = write_deck("""
        deck: {id: x, title: X, theme: {background: "#777777", surface: "#333333", muted: "#ffffff"}}
        slides:
          - {id: a, type: text, title: A}
        """)
    problem = load_deck(folder).problems[0]  # muted, white too, gets the same hint
    assert problem.message.startswith("theme 'text' (default #ffffff) on 'background' (#777777)")
    assert problem.hint == "make background darker"


def _slide_fields() -> dict[str, set[str]]:
    import typing

    from kiosk.deck.model import Slide

    models = typing.get_args(typing.get_args(Slide)[0])
    return {typing.get_args(m.model_fields["type"].annotation)[0]: set(m.model_fields) for m in models}


FIELDS = _slide_fields()
#: Every field a slide of one type lacks but a slide of another type has: (type, field, its owners).
ELSEWHERE = [(kind, field, [k for k in FIELDS if field in FIELDS[k]])
             for kind in FIELDS for field in sorted(set().union(*FIELDS.values()) - FIELDS[kind])]


@pytest.mark.parametrize(("kind", "field", "owners"), ELSEWHERE, ids=[f"{k}-{f}" for k, f, _ in ELSEWHERE])
def test_a_field_of_another_slide_type_names_the_types_it_belongs_to(write_deck, kind, field, owners):
    folder = write_deck(f"""
        deck: {{id: x, title: X}}
        slides:
          - id: s
            type: {kind}
            title: Hello
            {field}: 1
        """)
    unknown = [t for t in texts(load_deck(folder)) if f"unknown field '{field}'" in t]
    assert len(unknown) == 1, texts(load_deck(folder))
    kinds = " and ".join(k for k in ("title", "text", "stats", "events", "signs", "helpline", "image") if k in owners)
    assert f"'{field}' is a field of {kinds} slides, not of {kind} slides" in unknown[0]
    assert ":6:5: error:" in unknown[0]


@pytest.mark.parametrize(("background", "hint"), [("#ffffff", "set text: to a darker colour"),
                                                  ("#000000", "make text lighter or background lighter")])
def test_contrast_hint_for_a_colour_on_itself_says_a_way_that_is_open(write_deck, background, hint):
    text = "#ffffff" if background == "#ffffff" else "#000000"
    given = "" if background == "#ffffff" else f', text: "{text}"'
    folder = write_deck(f"""
        deck: {{id: x, title: X, theme: {{background: "{background}"{given}}}}}
        slides:
          - {{id: a, type: text, title: A}}
        """)
    problem = next(p for p in load_deck(folder).problems if p.message.startswith("theme 'text'"))
    assert problem.hint == hint


_HEX = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@settings(max_examples=300, deadline=None)
@given(fg=_HEX, bg=_HEX, fg_given=st.booleans(), bg_given=st.booleans())
def test_every_contrast_hint_names_a_way_that_raises_the_contrast(fg, bg, fg_given, bg_given):
    import re

    from kiosk.deck.checks import _FURTHEST, _contrast_fix

    colours = {"text": fg, "background": bg}
    given = {name: True for name, on in (("text", fg_given), ("background", bg_given)) if on}
    hint = _contrast_fix(colours, given, 4.5)
    asked = re.findall(r"(text|background):? (?:to a )?(lighter|darker)", hint)
    assert asked, hint
    before = contrast_ratio(fg, bg)
    for name, way in asked:
        moved = {**colours, name: _FURTHEST[way]}
        assert contrast_ratio(moved["text"], moved["background"]) > before or before >= 21, (hint, colours)


@settings(max_examples=500, deadline=None)
@given(fg=_HEX, bg=_HEX, fg_given=st.booleans(), bg_given=st.booleans(),
       need=st.sampled_from([3.0, 4.5, 7.0, 15.0]))
def test_every_contrast_hint_can_reach_the_target(fg, bg, fg_given, bg_given, need):
    """Each change a hint offers, taken as far as it goes (to white or to black), reaches ``need``
    on its own; a hint that asks for both changes reaches it with both, and only when neither alone can."""
    import re

    from kiosk.deck.checks import _FURTHEST, _contrast_fix

    assume(contrast_ratio(fg, bg) < need)  # the check asks only for a pair below its target
    colours = {"muted": fg, "background": bg}
    given = {name: True for name, on in (("muted", fg_given), ("background", bg_given)) if on}
    hint = _contrast_fix(colours, given, need)
    asked = re.findall(r"(muted|background):? (?:to a )?(lighter|darker)", hint)
    assert asked, hint

    def reached(*moves):
        moved = {**colours, **{name: _FURTHEST[way] for name, way in moves}}
        return contrast_ratio(moved["muted"], moved["background"])

    if " and " in hint:
        assert len(asked) == 2 and reached(*asked) >= need, (hint, colours)
        assert all(reached((name, way)) < need for name in colours for way in _FURTHEST), (hint, colours)
    else:
        assert all(reached(move) >= need for move in asked), (hint, colours)


@pytest.mark.parametrize(("theme", "first", "hint"), [
    # #0e2239 next to the default background #0e2238: even black behind it is 1.3:1.
    ('{muted: "#0e2239"}', "theme 'muted' (#0e2239) on 'background'", "make muted lighter"),
    # White on #777777 is 4.48:1, so only a darker background helps.
    ('{muted: "#999999", background: "#777777"}', "theme 'muted' (#999999) on 'background'",
     "make background darker"),
])
def test_contrast_hint_leaves_out_a_change_that_cannot_reach_the_target(write_deck, theme, first, hint):
    folder = write_deck(f"""
        deck: {{id: x, title: X, theme: {theme}}}
        slides:
          - {{id: a, type: text, title: A}}
        """)
    problem = next(p for p in load_deck(folder).problems if p.message.startswith(first))
    assert problem.hint == hint


def test_contrast_hint_asks_for_both_colours_when_one_cannot_reach_the_target():
    from kiosk.deck.checks import _contrast_fix

    # Two mid greys, 1.1:1: white beside #777777 is 4.48:1 and black beside #808080 is 5.3:1.
    assert (_contrast_fix({"muted": "#808080", "background": "#777777"}, {"muted": 1, "background": 1}, 7.0)
            == "make muted lighter and background darker: changing only one of them cannot reach 7.0:1")
