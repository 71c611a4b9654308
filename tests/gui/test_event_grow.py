"""An events slide with room to spare is not a line in the corner of a large card: its cards'
text grows as a text slide's column does, up to half as large again (Theme.growMax), while the
day, time and place stay whole."""

from __future__ import annotations

import pytest

from helpers.events import assert_facts_whole
from helpers.gui import SIZE_IDS, SIZES, walk
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.qt.offscreen import OffscreenPlayer

EVENT = ('      - {{title: "Walk {n}", date: 2027-01-{day}, start: "10:00", end: "12:00", place: "City Hall", '
         'signup: {{link: "https://www.a21.org/", label: "Sign up at a21.org"}}}}')


def deck_text(count: int) -> str:
    events = "\n".join(EVENT.format(n=n, day=16 + n) for n in range(count))
    return f"""\
deck: {{id: grow, title: Grow, timezone: Europe/London}}
slides:
  - id: week
    type: events
    title: What's on
    events:
{events}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def slide_k(player) -> float:
    """The events slide's text factor k (1: the usual size)."""
    return next(item for item in walk(player.content) if item.property("cardK") is not None).property("k")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_one_short_event_grows_into_its_card(kiosk_app, write_deck, size):
    folder = write_deck(deck_text(1))
    with OffscreenPlayer(load_deck(folder).deck, folder, size) as player:
        player.show(Position(0))
        assert_facts_whole(player, 1)
        assert slide_k(player) > 1.2, "drawn at its usual size in a card with room to spare"
        assert slide_k(player) <= 1.5 + 1e-6, "never more than half as large again (Theme.growMax)"
