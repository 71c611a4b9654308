"""The plain form of a checked deck (kiosk.deck.plain): what the process that draws plays.

The plain classes are held to the model (same class names, same field names), the player builds
the very same views, loop and schedule from a deck and from its plain round trip, and the decoder
refuses anything that is not a plain deck with one kind of error only.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from helpers import BUNDLED, CASES, ROOT, TESTS
from kiosk.deck import load_deck, model, plain
from kiosk.player import schedule
from kiosk.player.navigator import Navigator, all_positions, loop_positions
from kiosk.player.views import view

#: A deck with what the bundled one lacks: a picture, dates and times of day, a right-to-left
#: language, a helpline with its default heading, pictogram bullets, a figure's year in words.
EVERY_FIELD = """\
deck:
  id: every-field
  title: {en: Every field, ar: كل الحقول}
  organisation: Test
  languages: [en, ar]
  dwell: 5
  idle_timeout: 30
  timezone: Europe/London
  theme: {accent: "#ffcc00"}
slides:
  - id: cover
    type: title
    title: {en: Cover, ar: غلاف}
    subtitle: Under it
    show_from: 2026-10-19 09:30
    show_until: 2026-10-25
    weekdays: [mon, tue, sat]
    times: ["09:00-12:00", "22:00-02:00"]
    review: {ar: needs a native speaker}
  - id: facts
    type: stats
    title: Figures
    duration: 8
    items:
      - {value: "40.3 million", label: people, source: ILO, year: 2016}
      - {value: "7,000", label: referrals, source: Home Office, year: "the year before 2019"}
  - id: more
    type: text
    title: What to do
    body: Call us.
    bullets: [plain, {text: with a pictogram, icon: phone}]
    qr: {link: "tel:08000 121 700", label: Call}
    buttons: [{label: Help, goto: help}]
  - id: picture
    type: image
    image: picture.png
    alt: A picture
    caption: Its caption
    fit: contain
  - id: week
    type: events
    intro: This week
    events:
      - {title: Talk, date: 2026-10-20, start: "18:00", end: "19:30", place: Library,
         signup: {link: "https://example.org/talk", label: Sign up}}
      - {title: Walk, date: 2026-10-22}
  - id: signs
    type: signs
    title: Spot the signs
    loop_pages: false
    pages:
      - {id: one, title: One, icon: bandage, bullets: [a, {text: b, icon: urgent}]}
      - {id: two, title: Two, body: Body}
  - id: help
    type: helpline
    phone: "08000 121 700"
    url: https://www.modernslaveryhelpline.org/
"""


def _png() -> bytes:
    import base64

    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _every_field(tmp: Path) -> Path:
    folder = tmp / "every-field"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(textwrap.dedent(EVERY_FIELD), encoding="utf-8")
    (folder / "picture.png").write_bytes(_png())
    return folder


def corpus(tmp: Path) -> list:
    """The bundled deck, every deck under slides/, the tests' decks that load, and EVERY_FIELD."""
    folders = [BUNDLED, *sorted(p.parent for p in (ROOT / "slides").glob("*/deck.yaml")),
               *sorted(p.parent for p in (TESTS / "broken").glob("*/deck.yaml")), *sorted(CASES.glob("*.yaml")),
               _every_field(tmp)]
    decks = []
    for folder in dict.fromkeys(folders):
        result = load_deck(folder)
        if result.ok:
            decks.append(result.deck)
    return decks


@functools.cache
def the_decks() -> tuple:
    found = corpus(Path(tempfile.mkdtemp(prefix="kiosk-plain-")))
    assert len(found) >= 5 and any(d.deck.id == "every-field" for d in found)
    return tuple(found)


@pytest.fixture
def decks():
    return the_decks()


def round_trip(deck):
    return plain.decode(json.loads(json.dumps(plain.encode(deck))))


def test_the_plain_classes_have_the_models_names_and_fields():
    models = {name: cls for name, cls in vars(model).items()
              if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
              and not name.startswith("_")}
    assert set(plain.FIELDS) == set(models)
    for name, cls in models.items():
        assert plain.FIELDS[name] == tuple(cls.model_fields), name
        assert plain.CLASSES[name].__name__ == name and plain.CLASSES[name].fields == plain.FIELDS[name]
        for extra in plain.EXTRAS.get(name, ()):
            assert isinstance(getattr(cls, extra), property), f"{name}.{extra} is not a property of the model"
    assert {name for name in plain.FIELDS if name.endswith("Slide")} == {
        f"{kind.capitalize()}Slide" for kind in model.SLIDE_TYPES}


def _models_in(annotation) -> set[str]:
    """The names of the deck models an annotation names, anywhere inside it."""
    import typing

    found = set()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.add(annotation.__name__)
    for arg in typing.get_args(annotation):
        found |= _models_in(arg)
    return found


def test_the_decoder_knows_which_models_each_field_holds():
    for name, fields in plain.FIELDS.items():
        cls = getattr(model, name)
        for field in fields:
            assert set(plain.NESTED.get((name, field), ())) == _models_in(cls.model_fields[field].annotation), \
                f"{name}.{field}"


def test_a_model_where_the_deck_has_none_is_refused(decks):
    data = plain.encode(decks[0])
    theme = data["f"]["deck"]["f"]["theme"]
    data["f"]["slides"][0]["f"]["title"] = theme  # a Theme where a text goes
    with pytest.raises(plain.PlainError, match="holds what it cannot"):
        plain.decode(data)


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\x1b", "\x00", "\x85", "\x7f", "a" + "\u0301" * 5])
def test_a_text_no_check_would_pass_is_refused(decks, char):
    """A plain deck altered where it is kept (the check cache) cannot bring the screen a control
    or bidi override character that the deck's check refuses (kiosk.deck.chars.refused_char)."""
    data = plain.encode(decks[0])
    data["f"]["slides"][0]["f"]["title"] = f"Call now: {char}007 121 00080"
    with pytest.raises(plain.PlainError, match="control or bidi override"):
        plain.decode(data)


def test_a_deck_and_its_plain_round_trip_hold_the_same_values(decks):
    for deck in decks:
        again = round_trip(deck)
        assert isinstance(again, plain.Deck)
        assert plain.encode(again) == plain.encode(deck), deck.deck.id  # every field, written or not, and extra
        for mine, theirs in zip(again.slides, deck.slides, strict=True):
            assert type(mine).__name__ == type(theirs).__name__ and mine.model_fields_set == theirs.model_fields_set
            assert again.dwell_of(mine) == deck.dwell_of(theirs) and again.slide(mine.id).id == mine.id
            if theirs.type == "helpline":
                assert (mine.tel_link, mine.url_host) == (theirs.tel_link, theirs.url_host)
        assert round_trip(again) == again  # the plain form encodes to itself


MOMENTS = [None, dt.datetime(2019, 10, 19, 9, 0, tzinfo=dt.UTC), dt.datetime(2026, 10, 20, 10, 45, tzinfo=dt.UTC),
           dt.datetime(2026, 10, 19, 23, 30, tzinfo=dt.UTC), dt.datetime(2027, 3, 28, 0, 59, tzinfo=dt.UTC)]


def _everything_shown(deck, at):
    out = {"loop": loop_positions(deck), "all": all_positions(deck)}
    if at is not None:
        out.update(due=schedule.due_slides(deck, at), scheduled=schedule.has_schedule(deck),
                   local=schedule.local_time(deck, at))
        navigator = Navigator(deck, now=0.0, wall=lambda: at)
        out.update(first=navigator.position, fallback=navigator.fallback, dwell=navigator.dwell(),
                   idle=navigator.idle_timeout)
    for lang in deck.deck.languages:
        out[lang] = [view(deck, position, lang, at) for position in all_positions(deck)]
    return out


@pytest.mark.parametrize("at", MOMENTS, ids=str)
def test_the_player_builds_the_same_views_from_a_deck_and_from_its_plain_form(decks, at):
    for deck in decks:
        assert _everything_shown(round_trip(deck), at) == _everything_shown(deck, at), deck.deck.id


@settings(max_examples=30, deadline=None)
@given(at=st.datetimes(min_value=dt.datetime(2018, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC)),
       which=st.integers(0, 100))
def test_the_schedule_and_views_agree_at_any_moment(at, which):
    deck = the_decks()[which % len(the_decks())]
    assert _everything_shown(round_trip(deck), at) == _everything_shown(deck, at)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["$", "f", "v", "set", "x", "deck", "slides", "id", "type"]) | st.text(max_size=4),
                        inner, max_size=5), max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(data=JSON)
def test_the_decoder_refuses_any_other_data_with_one_error(data):
    try:
        deck = plain.decode(data)
    except plain.PlainError:
        return
    assert isinstance(deck, plain.Deck)


@settings(max_examples=100, deadline=None)
@given(which=st.integers(0, 100), path=st.lists(st.integers(0, 50), min_size=1, max_size=6), junk=JSON)
def test_a_plain_deck_with_a_value_swapped_is_refused_or_still_a_deck(which, path, junk):
    """Swap one value somewhere in a real plain deck for junk: the decoder refuses it with its own
    error, or gives a deck (never another exception reaching the kiosk)."""
    data = plain.encode(the_decks()[which % len(the_decks())])
    node = data
    for step in path[:-1]:
        children = list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
        if not children or not isinstance(children[step % len(children)], (dict, list)):
            break
        node = children[step % len(children)]
    if isinstance(node, dict) and node:
        node[list(node)[path[-1] % len(node)]] = junk
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = junk
    try:
        plain.decode(data)
    except plain.PlainError:
        pass


@pytest.mark.parametrize("data, why", [
    ({"$": "Deck", "f": {"deck": None}, "set": []}, "fields"),
    ({"$": "os.system", "v": "x"}, "unknown"),
    ([[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]], "too large"),
    ({"$": "datetime", "v": "2026-10-19T09:30:00+02:00"}, "datetime"),
    ({"$": "DailyWindow", "v": [600, 600]}, "DailyWindow"),
    ({"$": "dict", "v": {}, "more": 1}, "unknown form"),
])
def test_the_decoder_names_what_is_wrong(data, why):
    with pytest.raises(plain.PlainError, match=why):
        plain.decode(data)


def test_the_high_contrast_theme_is_a_plain_theme_with_the_models_fields():
    from kiosk.access import HIGH_CONTRAST

    assert set(HIGH_CONTRAST.model_dump()) == set(model.Theme.model_fields)
    assert model.Theme(**HIGH_CONTRAST.model_dump()).model_dump() == HIGH_CONTRAST.model_dump()


def test_the_qr_codes_made_in_the_checking_process_are_the_ones_drawn_here(decks):
    """kiosk.qr.remember keeps the codes the checking process made (kiosk.qt.checker's report), and
    they are the very matrices the QR library makes; rows that are not a code's are left out."""
    from kiosk import qr
    from kiosk.player.views import qr_payloads

    payloads = [p for deck in decks for p in qr_payloads(deck)]
    assert "tel:+448000121700" in payloads and any(p.startswith("https://") for p in payloads)
    rows = {payload: qr.matrix_rows(payload) for payload in payloads}
    made = {payload: qr.qr_matrix(payload) for payload in payloads}
    qr.qr_matrix.cache_clear()
    try:
        assert qr.remember({**rows, "bad": ["01", "10"], "odd": ["0" * 29] * 28, 7: rows[payloads[0]]}) == len(rows)
        assert {payload: qr.qr_matrix(payload) for payload in payloads} == made
        assert "bad" not in qr._KNOWN and "odd" not in qr._KNOWN
    finally:
        qr._KNOWN.clear()
        qr.qr_matrix.cache_clear()
