"""Visitor counts from the real player: a scripted touch session gives exactly the counts
expected, and a quick exit leaves the same counts as a visitor who walks away (pytest-qt, headless)."""

from __future__ import annotations

from helpers.counts import HOUR, counting, table
from helpers.gui import pick_language
from kiosk.stats import store


def test_a_scripted_touch_session_is_counted_exactly(make_player, tmp_path):
    player = make_player()
    recorder = counting(player, tmp_path / "stats.db")
    first = player.deck.slides[0].id
    assert first == "welcome" and player.view["id"] == first

    # Visitor 1: taps the welcome slide, opens the next slide, gets help, picks Polish, presses Play.
    player.clock.now = 10.0
    player.tap_background()
    player.clock.now = 12.0
    assert player.click_and_settle("next") == ("who-we-are", "")
    player.clock.now = 20.0
    assert player.click_and_settle("getHelp") == ("help", "")
    player.clock.now = 30.0
    pick_language(player, "pl")
    player.clock.now = 40.0
    player.click("resume")
    assert player.backend.paused is False
    # The loop plays on from the helpline slide to the first slide.
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.wake_at(40.0 + player.backend.navigator.dwell())
    assert player.view["id"] == first

    # Visitor 2: taps, opens Spot the signs and one of its pages, walks away.
    player.clock.now = 100.0
    player.tap_background()
    player.clock.now = 101.0
    assert player.click_and_settle("signs") == ("spot-the-signs", "")
    player.clock.now = 105.0
    assert player.click_and_settle("tile-movement") == ("spot-the-signs", "movement")
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.wake_at(105.0 + 45 + 0.5)
    assert player.heard("idle_return") and player.view["id"] == first
    recorder.close()

    path = tmp_path / "stats.db"
    views = table(path, "views")
    #              shown by loop, opened by touch, on screen touched, seconds touched, QR touched
    assert views[(*HOUR, "welcome", "")] == (3, 0, 2, 2.0 + 1.0, 0)
    assert views[(*HOUR, "who-we-are", "")] == (0, 1, 1, 8.0, 0)
    assert views[(*HOUR, "help", "")] == (0, 1, 1, 20.0, 1)
    assert views[(*HOUR, "spot-the-signs", "")] == (0, 1, 1, 4.0, 0)
    assert views[(*HOUR, "spot-the-signs", "movement")] == (0, 1, 1, 45.5, 0)
    assert len(views) == 5
    assert table(path, "hours") == {HOUR: (2, 1)}
    assert table(path, "lengths") == {(*HOUR, "30-60 s"): (1,), (*HOUR, "under 10 s"): (1,)}
    assert table(path, "languages") == {("", "2026-10-19", "freedom-week-2019", "pl"): (1,)}


def _session(make_player, path, leave: str) -> dict[str, dict]:
    player = make_player()
    recorder = counting(player, path)
    player.clock.now = 5.0
    pick_language(player, "bg")
    player.clock.now = 8.0
    player.click_and_settle("signs")
    player.clock.now = 12.0
    player.click_and_settle("tile-movement")
    player.clock.now = 20.0
    if leave == "quick exit":
        player.click("quickExit")
        assert player.backend.neutral
        player.click_at(player.window.contentItem().boundingRect().center().toPoint())  # touches do nothing
    else:
        player.tap_background()  # a last look, then the visitor walks away
    player.wake_at(20.0 + 45 + 1)
    assert player.heard("idle_return")
    recorder.close()
    return {name: table(path, name) for name in store.TABLES}


def test_a_quick_exit_counts_the_same_as_walking_away(make_player, tmp_path):
    walked = _session(make_player, tmp_path / "walked.db", "walk away")
    exited = _session(make_player, tmp_path / "exited.db", "quick exit")
    assert walked["hours"] == {HOUR: (1, 1)}
    assert exited == walked
