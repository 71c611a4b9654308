"""The staff Status page shows that it scrolls: a scroll bar and a fade at its foot while rows
wait below, neither once it is scrolled to the end (and none when everything fits)."""

from __future__ import annotations

import pytest

from helpers.gui import SIZE_IDS, SIZES
from helpers.staff import open_menu


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_the_status_page_shows_there_is_more_below(start, monkeypatch, size):
    player = start(size=size)
    open_menu(player, monkeypatch)
    player.click("staffStatus")
    player.sync()
    page = player.find("statusPage")
    more = page.property("contentHeight") > page.height() + 1
    if not more:  # everything fits: no cue
        assert not player.has("statusCue")
        return
    assert player.has("statusCue") and player.has("scrollBar") and player.has("scrollFadeBelow")
    bar = player.find("scrollBar")
    assert bar.height() >= 20 and bar.width() >= 6
    page.setProperty("contentY", page.property("contentHeight") - page.height())
    player.sync()
    assert not player.has("scrollFadeBelow") and player.has("scrollFadeAbove")
    assert player.find("scrollBar").y() > bar.y() - 0.5


def test_the_bundled_deck_s_status_scrolls_at_1280x800(start, monkeypatch):
    """The tester's case: with the bundled deck's notes, the page is longer than the menu."""
    player = start(size=(1280, 800))
    open_menu(player, monkeypatch)
    player.click("staffStatus")
    player.sync()
    page = player.find("statusPage")
    assert page.property("contentHeight") > page.height() + 1
    assert player.has("scrollFadeBelow") and player.has("scrollBar")
