"""Text that cannot fit even at its smallest size is cut at its box, with a fade, never drawn over
the controls or off the screen; the overflow is still reported (``kiosk validate`` warns too).
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers.gui import scene_rect, shown
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.qt.offscreen import wait_fitted

HUGE = " ".join(f"Sentence {n} of a body far too long for any screen, written to see where it ends." for n in range(1, 41))
DECK = f"""\
deck:
  id: overflow
  title: Overflow
slides:
  - id: long
    type: text
    title: A long text
    body: "{HUGE}"
  - id: short
    type: text
    title: A long text
    body: "Short."
  - id: help
    type: helpline
    phone: "08000 121 700"
"""


def show(player, index: int) -> np.ndarray:
    player.backend.display(Position(index))
    wait_fitted([player.window])
    return player.grab()


def fades(player) -> list:
    return [i for i in player.items() if i.objectName() == "fitFade" and shown(i)]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["1920x1080", "1080x1920"])
def test_text_too_long_is_cut_at_its_box_with_a_fade(make_player, write_deck, size):
    player = make_player(load_deck(write_deck(DECK)), size=size)
    short = show(player, 1)
    assert fades(player) == []
    long = show(player, 0)
    [fade] = fades(player)
    column = fade.parentItem()
    assert column.property("overflowing") and column.clip()
    box = scene_rect(column)
    pause = scene_rect(player.find("pause"))
    assert box.bottom() <= pause.top() and box.bottom() <= size[1]
    assert scene_rect(fade).bottom() == pytest.approx(box.bottom(), abs=1)
    # Nothing of the text below its box: the controls and the gap above them look exactly as
    # they do under a short text.
    below = int(np.ceil(box.bottom()))
    assert below < pause.top()
    # "1 of 3" and "2 of 3" (the place in the loop, with its glyphs' edges): the one difference allowed.
    place = scene_rect(player.find("loopPlace")).adjusted(-16, -4, 16, 4)
    for frame in (long, short):
        frame[int(place.top()):int(np.ceil(place.bottom())), int(place.left()):int(np.ceil(place.right()))] = 0
    assert np.array_equal(long[below:], short[below:])
    # The text is there above the cut (ink in the box), and the overflow is still reported.
    top = int(scene_rect(column).top())
    assert (long[top:below] != short[top:below]).any()
    player.wait_for_overflow_checks()
    assert "long" in player.backend.overflows
