"""The text-fit check's scene walk (kiosk/qt/fit.py ``_SCENE_WALK``) polishes only texts and
positioners: every other item in the player's scene is of a class with no polish step
(``fit.UNPOLISHED``), so a view is laid out as a frame lays it out, whatever its slide type, size,
controls or text size."""

from __future__ import annotations

import pytest
from PIL import Image

from helpers.gui import SIZE_IDS, SIZES
from kiosk.deck import load_deck
from kiosk.player.navigator import all_positions
from kiosk.qt import fit
from kiosk.qt.offscreen import wait_fitted

#: Every slide type (a picture among them) in three languages, one right to left.
DECK = """\
deck: {id: t, title: T, languages: [en, pl, ar], archive: true}
slides:
  - {id: cover, type: title, title: {en: Welcome, pl: Witamy, ar: أهلاً}, subtitle: Join us}
  - id: words
    type: text
    title: {en: What to do, pl: Co robić}
    body: Call us.
    bullets: [Listen, Note what you see]
    qr: {link: "https://example.org/help", label: example.org/help}
    buttons: [{label: Spot the signs, goto: signs}]
  - {id: photo, type: image, image: photo.png, alt: A photo, caption: A photo}
  - id: figures
    type: stats
    title: Figures
    items: [{value: "40", label: people, source: Somewhere, year: 2016}]
  - id: events
    type: events
    title: {en: Events, pl: Wydarzenia}
    events:
      - {title: Walk, date: 2019-10-19, start: "10:00", place: City Hall, body: A walk.}
      - {title: Talk, date: 2019-10-24, place: The Forum, body: A talk., signup: {link: "https://example.org/talk", label: example.org/talk}}
  - id: signs
    type: signs
    title: {en: Spot the signs, pl: Rozpoznaj sygnały}
    pages:
      - {id: pay, title: {en: Pay, pl: Płaca}, body: Little or no pay.}
      - {id: door, title: Door, bullets: [Locked in, Never alone]}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def cpp_class(item) -> str:
    """The Qt Quick class of ``item``: the first of its classes that is not a QML type."""
    meta = item.metaObject()
    while "_QML" in meta.className():
        meta = meta.superClass()
    return meta.className()


def polished(item) -> bool:
    """Whether the walk polishes ``item``: a text (it has a lineCount) or a positioner (it has
    forceLayout()), as ``_SCENE_WALK`` tells them."""
    meta = item.metaObject()
    return meta.indexOfProperty("lineCount") >= 0 or meta.indexOfMethod("forceLayout()") >= 0


def unpolished_classes(player) -> set[str]:
    return {cpp_class(item) for item in player.items() if not polished(item)}


@pytest.fixture
def every_kind(tmp_path, bundled_deck):
    """The bundled deck, and a deck with every slide type (a picture among them) in three languages."""
    Image.new("RGB", (64, 48), "red").save(tmp_path / "photo.png")
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    deck = load_deck(tmp_path)
    assert deck.ok, [str(p) for p in deck.problems]
    return [bundled_deck, deck]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_every_item_the_walk_leaves_unpolished_has_no_polish_step(make_player, every_kind, size):
    seen: set[str] = set()
    for result in every_kind:
        player = make_player(result, size=size)
        for lang in result.deck.deck.languages[:3]:
            player.backend.set_language(lang)
            for position in all_positions(result.deck):
                player.backend.display(position)
                wait_fitted([player.window])
                seen |= unpolished_classes(player)
        player.tap_background()  # the controls, and with larger text
        wait_fitted([player.window])
        seen |= unpolished_classes(player)
        player.backend.toggleLargeText()
        wait_fitted([player.window])
        seen |= unpolished_classes(player)
    assert seen <= set(fit.UNPOLISHED), sorted(seen - set(fit.UNPOLISHED))
    assert {"QQuickItem", "QQuickRectangle", "QQuickImage", "QQuickLoader"} <= seen  # the walk met them
