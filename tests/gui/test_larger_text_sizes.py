"""Larger text (A+) never makes a slide's text smaller, nor cuts or leaves out what fits without it
(Theme.qml, fitMax): every text drawn on every slide and page of the bundled deck is at least its
normal pixel size with A+, at each screen size, and the text of a slide with room grows."""

from __future__ import annotations

from collections import defaultdict

import pytest

from helpers.gui import SIZE_IDS, SIZES, shown, type_name, visit, walk
from kiosk.qt.offscreen import wait_fitted


def slide_texts(player) -> tuple[dict[tuple[str, str], list[int]], set[tuple[str, str]], int]:
    """The pixel sizes of the texts drawn in the slide area, by (objectName, text), in item order;
    the texts cut short (an ellipsis); and how many text columns overflow (cut at their foot)."""
    area = next(item for item in player.items() if item.objectName() == "slideArea")
    sizes: dict[tuple[str, str], list[int]] = defaultdict(list)
    cut: set[tuple[str, str]] = set()
    overflowing = 0
    for item in walk(area):
        if not shown(item):
            continue
        kind = type_name(item)
        if kind in ("QQuickText", "FitText") and item.property("text"):
            key = (item.objectName(), item.property("text"))
            sizes[key].append(item.property("font").pixelSize())
            if item.property("truncated"):
                cut.add(key)
        elif kind == "FitColumn" and item.property("overflowing"):
            overflowing += 1
    return sizes, cut, overflowing


def settle(player) -> None:
    wait_fitted([player.window])
    player.sync()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_larger_text_is_never_smaller_nor_cut(make_player, size):
    player = make_player(size=size)
    smaller, lost, grown = [], [], []
    for where in visit(player, player.deck, paused=True):
        settle(player)
        normal, normal_cut, normal_over = slide_texts(player)
        player.backend.toggleLargeText()
        settle(player)
        large, large_cut, large_over = slide_texts(player)
        player.backend.toggleLargeText()
        settle(player)
        for key, pixels in normal.items():
            if key not in large:
                lost.append(f"{where}: {key[1][:40]!r} left out with A+")
                continue
            for before, after in zip(pixels, large[key]):
                if after < before:
                    smaller.append(f"{where}: {key[0] or 'text'} {key[1][:40]!r} {before} -> {after} px")
                elif after > before:
                    grown.append(where)
        lost += [f"{where}: {key[1][:40]!r} cut short with A+" for key in large_cut - normal_cut]
        if large_over > normal_over:
            lost.append(f"{where}: {large_over - normal_over} text column(s) overflow with A+")
    assert not smaller, smaller
    assert not lost, lost
    # Where there is room the text grows (at every size, some slide of the deck has room).
    assert grown
