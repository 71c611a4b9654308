"""Pictograms as the deck checker sees them (no Qt): the bundled set, names in a deck, the check."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from helpers import BUNDLED, ROOT
from kiosk.deck import icons, load_deck, pictures
from kiosk.deck.model import Bullet, Deck
from kiosk.deck.pictures import svg_problem
from kiosk.player.navigator import Position
from kiosk.player.views import view

HEAD = "deck: {id: x, title: X}\nslides:\n"


def icon_names(node, path: str = "") -> list[tuple[str, str]]:
    """Every pictogram named in a deck model, with where it is."""
    found = []
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name == "icon" and value:
                found.append((f"{path}.icon", value))
            else:
                found += icon_names(value, f"{path}.{name}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found += icon_names(item, f"{path}[{i}]")
    return found


def write_deck(tmp_path: Path, slides: str) -> Path:
    (tmp_path / "deck.yaml").write_text(HEAD + slides, encoding="utf-8")
    return tmp_path


def messages(folder: Path) -> list[str]:
    return [str(p) for p in load_deck(folder).problems if p.severity == "error"]


# --------------------------------------------------------------------------- the bundled set

def test_every_bundled_pictogram_is_a_safe_svg_in_current_colour():
    names = icons.bundled_names()
    assert 100 < len(names) < 400  # a selection, never the whole set
    for name in names:
        data = pictures.icon_svg(name)
        assert svg_problem(data) is None, name
        assert b"currentColor" in data, name
        assert b"M0 0h24v24H0z" not in data, name  # the set's invisible frame, which some PDF renderers draw


def test_the_licence_and_the_whole_set_index_are_bundled():
    folder = ROOT / "assets" / "icons"
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    index = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    assert index["set"] == "Tabler Icons" and len(index["names"]) > 4000
    assert icons.bundled_names() <= set(index["names"])
    assert icons.bundled_names() < icons.set_names()


def test_the_deck_reference_lists_exactly_the_bundled_pictograms():
    text = (ROOT / "docs" / "decks.md").read_text(encoding="utf-8")
    section = text.split("## Pictograms", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z0-9-]+)`", section.split("The bundled names:", 1)[1]))
    assert listed == icons.bundled_names()


def test_coloured_svg_puts_the_colour_in_place_of_current_colour():
    data = pictures.coloured_icon("hand-stop", "#ffd166")
    assert b"currentColor" not in data and b'stroke="#ffd166"' in data
    with pytest.raises(ValueError):
        pictures.coloured_icon("hand-stop", "red; fill:url(http://x)")


@pytest.mark.parametrize("name", ["../LICENSE", "svg/phone", "phone.svg", "", "PHONE", "names"])
def test_a_name_that_is_not_a_bundled_slug_is_never_read(name):
    with pytest.raises(icons.IconError):
        pictures.icon_svg(name)


# --------------------------------------------------------------------------- the bundled deck

def test_every_sign_group_and_every_action_of_the_bundled_deck_has_a_bundled_pictogram():
    result = load_deck(BUNDLED)
    assert result.ok
    deck: Deck = result.deck
    named = icon_names(deck)
    assert named and all(name in icons.bundled_names() for _, name in named)
    signs = next(s for s in deck.slides if s.type == "signs")
    assert all(page.icon for page in signs.pages)
    assert deck.slide("help").icon
    for slide_id in ("what-to-do", "what-you-can-do-1", "what-you-can-do-2"):
        assert all(isinstance(b, Bullet) and b.icon for b in deck.slide(slide_id).bullets), slide_id


def test_views_give_the_pictograms_beside_the_words():
    deck = load_deck(BUNDLED).deck
    index = [s.id for s in deck.slides].index("what-to-do")
    shown = view(deck, Position(index), "pl")
    assert shown["bullets"][0].startswith("Zagrożenie") and len(shown["bullet_icons"]) == len(shown["bullets"])
    assert shown["bullet_icons"][0] == "urgent" and shown["bullet_icons"][-1] == "hand-stop"
    signs = [s.id for s in deck.slides].index("spot-the-signs")
    assert [t["icon"] for t in view(deck, Position(signs))["tiles"]][:2] == ["bandage", "user-off"]
    assert view(deck, Position(signs, "movement"))["icon"] == "lock"
    plain = [s.id for s in deck.slides].index("our-aims")
    assert set(view(deck, Position(plain))["bullet_icons"]) == {""}


# --------------------------------------------------------------------------- the check

def test_a_misspelt_pictogram_is_located_with_the_closest_bundled_name(tmp_path):
    folder = write_deck(tmp_path, "  - id: t\n    type: text\n    title: T\n    bullets:\n"
                                  "      - icon: hand-stpo\n        text: Do not confront\n")
    assert messages(folder) == [f"{folder / 'deck.yaml'}:7:15: error: slide 't': field 'bullets[1].icon': "
                                "unknown pictogram 'hand-stpo' — did you mean 'hand-stop'?"]


def test_a_pictogram_with_no_text_is_a_missing_field(tmp_path):
    folder = write_deck(tmp_path, "  - id: t\n    type: text\n    title: T\n    bullets:\n      - icon: phone\n")
    (message,) = messages(folder)
    assert message.endswith("7:9: error: slide 't': field 'bullets[1]': missing field 'text' — add 'text: …'")


def test_a_set_name_not_bundled_says_so(tmp_path):
    folder = write_deck(tmp_path, "  - id: h\n    type: helpline\n    phone: \"08000 121 700\"\n    icon: brand-github\n")
    (message,) = messages(folder)
    assert "pictogram 'brand-github' is in Tabler Icons but not bundled with the kiosk" in message


def test_plain_and_pictogram_bullets_mix_and_translate(tmp_path):
    folder = write_deck(tmp_path, "  - id: t\n    type: text\n    title: T\n    bullets:\n"
                                  "      - Plain words\n      - {en: Translated, pl: Przetłumaczone}\n"
                                  "      - icon: phone\n        text: {en: Call 101, pl: Dzwoń pod 101}\n")
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    bullets = result.deck.slides[0].bullets
    assert bullets[0] == "Plain words" and bullets[1]["pl"] == "Przetłumaczone"
    assert bullets[2].icon == "phone" and bullets[2].text["pl"] == "Dzwoń pod 101"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="abcdehnoprstuz-0 ./", max_size=14))
def test_any_pictogram_name_is_accepted_only_when_bundled(tmp_path, name):
    """Whatever is written after icon:, the deck loads with it only when it is a bundled name;
    otherwise there is one located error and no exception."""
    quoted = json.dumps(name)
    folder = write_deck(tmp_path, f"  - id: h\n    type: helpline\n    phone: \"08000 121 700\"\n    icon: {quoted}\n")
    result = load_deck(folder)
    stripped = name.strip()
    if stripped in icons.bundled_names():
        assert result.ok and result.deck.slides[0].icon == stripped
    else:
        errors = [p for p in result.problems if p.severity == "error"]
        assert len(errors) == 1 and errors[0].line == 6, [str(p) for p in errors]


@pytest.mark.parametrize("drawing, fault", [
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24">'
     '<image xlink:href="../outside/p.png" width="24" height="24"/></svg>', "outside itself"),
    ('<!DOCTYPE svg [<!ENTITY x "x">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "DOCTYPE"),
    ("<svg", "is not an SVG picture"),
    ('<svg xmlns="http://www.w3.org/2000/svg">' + " " * (70 * 1024) + "</svg>", "more than"),
    pytest.param("fifo", "not a file", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")),
])
def test_a_bundled_drawing_is_checked_like_a_decks_svg_before_it_is_drawn(tmp_path, monkeypatch, drawing, fault):
    """Bundled pictograms are files too: one that was tampered with is refused, never drawn
    (a named pipe in its place is refused at once, not waited on)."""
    (tmp_path / "svg").mkdir()
    if drawing == "fifo":
        os.mkfifo(tmp_path / "svg" / "evil.svg")
    else:
        (tmp_path / "svg" / "evil.svg").write_text(drawing, encoding="utf-8")
    monkeypatch.setattr(icons, "icon_folder", lambda: tmp_path)
    icons.bundled_names.cache_clear()
    pictures.icon_svg.cache_clear()
    try:
        with pytest.raises(icons.IconError, match=fault):
            pictures.icon_svg("evil")
    finally:
        icons.bundled_names.cache_clear()
        pictures.icon_svg.cache_clear()
