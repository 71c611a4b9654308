"""The deck watcher's reason for refusing a deck cut short counts in the singular for one
(kiosk.qt.watch needs Qt, so this lives with the GUI tests)."""

from __future__ import annotations

from types import SimpleNamespace


def test_a_deck_cut_short_to_nothing_of_one_slide_says_so():
    from kiosk.qt.watch import shrink_reason

    def deck(count: int) -> SimpleNamespace:
        return SimpleNamespace(slides=[SimpleNamespace(type="text")] * count)

    assert shrink_reason(deck(1), deck(0)) == "0 of 1 slide"
    assert shrink_reason(deck(9), deck(1)) == "1 of 9 slides"
