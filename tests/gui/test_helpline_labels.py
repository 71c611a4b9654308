"""The labels under the helpline slide's QR codes ("Call the helpline free", "Report online")
share one size and one baseline, in every orientation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtQuick import QQuickItem

from kiosk.player.navigator import all_positions
from kiosk.qt.offscreen import OffscreenPlayer


def _items(root: QQuickItem):
    for child in root.childItems():
        yield child
        yield from _items(child)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_labels_under_the_helpline_codes_share_one_baseline(bundled_deck, size):
    deck = bundled_deck.deck
    [help_position] = [p for p in all_positions(deck) if deck.slides[p.slide].id == "help"]
    with OffscreenPlayer(deck, bundled_deck.folder, size) as player:
        player.show(help_position, None)
        player.grab()
        labels = [item for item in _items(player.window.contentItem())
                  if item.objectName() == "codeLabel" and item.isVisible() and item.property("text")]
        assert len(labels) == 2
        baselines = {round(item.mapToScene(QPointF(0, item.property("baselineOffset"))).y(), 1) for item in labels}
        sizes = {item.property("font").pixelSize() for item in labels}
        assert len(baselines) == 1, baselines
        assert len(sizes) == 1, sizes
