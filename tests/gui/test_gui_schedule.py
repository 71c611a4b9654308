"""The schedule and the hot swap through the real window: Next skips what is not due, Get help
and Spot the signs always work, the fallback is never blank, a new deck waits for the loop.

The players are test_gui.py's (real QML window, fake deck clock, 0 ms cross-fade), with the
wall clock the schedule reads fixed at a Tuesday afternoon.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from helpers.gui import SIZE_IDS, SIZES, Player
from kiosk.deck import load_deck
from kiosk.player.views import FALLBACK_ID

#: Tuesday 20 October 2026, 14:00 BST.
TUESDAY = dt.datetime(2026, 10, 20, 13, 0, tzinfo=dt.UTC)

DECK = """\
deck: {id: parish, title: Parish news, organisation: St Mary's Church, dwell: 10, idle_timeout: 45}
slides:
  - {id: welcome, type: title, title: Welcome}
  - {id: weekend, type: title, title: Weekend only, weekdays: [sat, sun]}
  - {id: info, type: text, title: Drop-in, body: Come in and talk to us.}
  - id: signs
    type: signs
    title: Spot the signs
    weekdays: [sat]
    pages:
      - {id: isolation, title: Cut off from others, body: Rarely alone.}
  - {id: help, type: helpline, phone: "08000 121 700", show_until: 2026-01-01}
"""

NOTHING_DUE = """\
deck: {id: quiet, title: Harvest Festival, organisation: St Mary's Church}
slides:
  - {id: a, type: title, title: Saturdays only, weekdays: [sat]}
  - {id: b, type: text, title: Sundays only, body: Text, weekdays: [sun]}
"""


@pytest.fixture
def start(make_player, tmp_path, monkeypatch):  # noqa: F811
    """Start a real player (test_gui's ``make_player``) on deck text, with the wall clock at TUESDAY."""
    monkeypatch.setattr("kiosk.player.clock.utc_now", lambda: TUESDAY)
    count = [0]

    def make(text: str, size=(1920, 1080)) -> Player:
        count[0] += 1
        folder = tmp_path / f"deck-{count[0]}"
        folder.mkdir()
        (folder / "deck.yaml").write_text(text, encoding="utf-8")
        result = load_deck(folder, today=dt.date(2026, 1, 1))
        assert result.ok, [str(p) for p in result.problems]
        return make_player(result, size=size)

    return make


def test_next_skips_slides_not_due_and_help_and_signs_still_open(start):
    player = start(DECK)
    assert player.view["id"] == "welcome"
    player.tap_background()
    assert player.click_and_settle("next") == ("info", "")  # the weekend slide is skipped
    assert player.click_and_settle("next") == ("welcome", "")  # signs (Saturdays) and help (ended) too
    assert player.click_and_settle("previous") == ("info", "")
    # The buttons reach their slides whatever the schedule says.
    assert player.click_and_settle("signs") == ("signs", "")
    assert player.click_and_settle("getHelp") == ("help", "")
    assert player.view["type"] == "helpline" and "08000\u00a0121\u00a0700" in player.texts()  # (digit groups joined)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_nothing_due_shows_a_calm_title_slide_not_a_blank_screen(start, size):
    player = start(NOTHING_DUE, size=size)
    assert player.view["id"] == FALLBACK_ID
    assert "Harvest Festival" in player.texts()
    gray = player.grab()
    assert np.count_nonzero(gray > 200) > 500  # light text drawn on the dark background
    assert not player.has("getHelp")  # this deck has no helpline to offer


def test_a_new_deck_waits_for_the_visitor_to_leave(start, qtbot):
    player = start(DECK)
    player.clock.now = 1.0
    player.tap_background()
    player.click_and_settle("next")
    new = load_deck(_write(player, DECK.replace("Parish news", "New news")))
    assert new.ok
    player.backend.replace_deck(new.deck, new.folder)
    assert player.backend.deck.deck.title == "Parish news"  # not while someone is using it
    assert player.view["id"] == "info"
    with qtbot.waitSignals([player.backend.deckReloaded, player.backend.pausedChanged], timeout=3000):
        player.wake_at(1.0 + 45)  # the idle timeout: back to the loop, with the new deck
    assert player.backend.deck.deck.title == "New news"
    assert player.backend.paused is False
    assert player.view["id"] == "welcome"
    assert [e["event"] for e in player.events()].count("deck_reloaded") == 1


def _write(player: Player, text: str):
    folder = player.log_path.parent / "next-version"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    return folder


def test_problems_reach_qml(start, qtbot):
    player = start(DECK)
    with qtbot.waitSignal(player.backend.deckProblemsChanged, timeout=3000):
        player.backend.reject_deck(["deck.yaml:3:5: error: unknown slide type 'txet' — did you mean 'text'?"])
    from PySide6.QtQml import QQmlExpression
    root = player.window  # evaluated where Main.qml's imports (the Player singleton) are in scope
    expression = QQmlExpression(player.engine.contextForObject(root), root,
                                "Player.deckProblems.length + ':' + Player.deckProblems[0]")
    value, failed = expression.evaluate()
    assert not failed and value.startswith("1:deck.yaml:3:5: error")
    assert player.backend.deck.deck.title == "Parish news"
    assert player.events("deck_rejected")[0]["problems"][0].startswith("deck.yaml:3:5")


BUTTONS = """\
deck: {id: buttons, title: Buttons, dwell: 10, idle_timeout: 45}
slides:
  - id: menu
    type: text
    title: What is modern slavery?
    buttons:
      - {label: Figures, goto: numbers}
      - {label: Get help, goto: help}
  - {id: numbers, type: stats, title: Figures, show_until: 2027-01-31,
     items: [{value: "1", label: one, source: Someone, year: 2020}]}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def test_a_button_goes_from_the_window_the_moment_its_slide_ends_while_a_visitor_reads(make_player, tmp_path,
                                                                                       monkeypatch):
    """The backend wakes at the schedule's change, not at the idle return, and the window drops
    the button at once; the visitor's controls stay up."""
    wall = [dt.datetime(2027, 1, 31, 23, 59, 30, tzinfo=dt.UTC)]  # GMT: the figures end at midnight
    monkeypatch.setattr("kiosk.player.clock.utc_now", lambda: wall[0])
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(BUTTONS, encoding="utf-8")
    result = load_deck(folder, today=dt.date(2027, 1, 1))
    assert result.ok, [str(p) for p in result.problems]
    player = make_player(result)
    player.tap_background()
    assert player.backend.paused
    labels = [text for text in player.texts() if text.startswith(("Figures", "Get help"))]
    assert [label.split()[0] for label in labels if label.endswith("›")] == ["Figures", "Get"]
    assert player.wait_ms() == 30_000  # midnight, before the idle return 45 s after the touch
    wall[0] += dt.timedelta(seconds=30)
    player.wake_at(30.0)
    player.sync()
    assert not [text for text in player.texts() if text.startswith("Figures") and text.endswith("›")]
    assert [text for text in player.texts() if text.startswith("Get help") and text.endswith("›")]
    assert player.backend.paused and player.view["id"] == "menu"
    assert player.wait_ms() == 15_000  # then the idle return, as before
