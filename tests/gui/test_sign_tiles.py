"""Sign tiles are never cut: each tile's title wraps (two or three lines) and shrinks to fit its
tile before anything is cut, and its chevron (›, ‹ in Arabic) always shows inside the tile, at
least 10 px from the title.

Checked on the tester's cases: nine sign pages with long titles at 1280x800, and the bundled deck
at 1280x800 in Bulgarian with larger text (A+), and on every language of the bundled deck at
each screen size, with and without larger text.
"""

from __future__ import annotations

import pytest

from helpers.gui import SIZE_IDS, SIZES, scene_rect
from kiosk.deck import load_deck

NINE = "\n".join(f'      - {{id: p{i}, title: "A long sign title number {i} with more words than fit", icon: eye, body: Body.}}'
                 for i in range(9))
NINE_DECK = f"""\
deck: {{id: signs9, title: Nine signs}}
slides:
  - id: s
    type: signs
    title: Spot the signs
    intro: Tap a sign to read more.
    pages:
{NINE}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def assert_tiles_whole(player, where: str) -> int:
    player.sync()
    tiles = [i for i in player.visible_items() if i.objectName().startswith("tile-")]
    assert tiles, where
    for tile in tiles:
        box = scene_rect(tile)
        label = [c for c in tile.childItems() if c.objectName() == "tileTitle"][0]
        chevron = [c for c in tile.childItems() if c.objectName() == "tileChevron"][0]
        name = f"{where}: {tile.objectName()} {label.property('text')!r}"
        assert not label.property("truncated"), f"{name} is cut ({label.property('font').pixelSize()} px)"
        assert label.property("lineCount") <= 4, name
        assert chevron.isVisible() and chevron.property("text") in ("›", "‹"), name
        inner = scene_rect(chevron)
        assert box.contains(inner), f"{name}: the chevron is outside its tile"
        text_box = scene_rect(label)
        assert box.contains(text_box), f"{name}: the title is outside its tile"
        # A title that fills its line stops short of the chevron, never touching it (Vietnamese
        # sign 4 at 1280x800 did): at least 10 px apart.
        gap = inner.left() - text_box.right() if chevron.property("text") == "›" else text_box.left() - inner.right()
        assert gap >= 10, f"{name}: the title comes within {gap:.1f} px of the chevron"
    return len(tiles)


def test_nine_long_titles_at_1280x800(make_player, write_deck):
    player = make_player(load_deck(write_deck(NINE_DECK)), size=(1280, 800))
    assert assert_tiles_whole(player, "nine tiles") == 9


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
def test_bundled_tiles_in_every_language(make_player, size, large):
    player = make_player(size=size)
    if large:
        player.backend.toggleLargeText()
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.backend.spotTheSigns()
    for lang in player.deck.deck.languages:
        player.backend.set_language(lang)
        assert assert_tiles_whole(player, f"{lang} {size}") == 7
