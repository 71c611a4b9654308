"""On a kiosk that follows published updates, the staff menu's *Switch deck* says that a deck
chosen there plays only until the next published version (or a restart): the fleet section of
the README has every new version play from the next slide, so the choice is not kept silently."""

from __future__ import annotations

from helpers.staff import open_menu
from kiosk.fleet import fetch, status
from kiosk.qt.updates import UpdateOptions, takes_over


def following(tmp_path, keypair, published, deck=None) -> UpdateOptions:
    library = tmp_path / "library"
    config = fetch.Config(str(published), [keypair[1]], library)
    return UpdateOptions(config, status.Tracker("test"), deck=deck)


def test_takes_over_says_which_deck_comes_back_and_when(tmp_path, keypair, published):
    options = following(tmp_path, keypair, published)
    assert takes_over(options) == ("This kiosk follows published updates: a deck chosen here plays until a "
                                   "published deck is installed, or until the kiosk restarts.")
    assert fetch.check(options.config).result == "updated"
    assert takes_over(options) == ("This kiosk follows published updates: a deck chosen here plays until the "
                                   "next version of ‘harvest’ is published, or until the kiosk restarts; then "
                                   "‘harvest’ plays again.")
    assert takes_over(following(tmp_path, keypair, published, deck="harvest")) == takes_over(options)
    # A deck setting naming another deck: published versions never take the screen (nothing to say).
    assert takes_over(following(tmp_path, keypair, published, deck="other")) is None
    assert takes_over(None) is None
    assert takes_over(UpdateOptions(None, options.tracker)) is None  # status records only


def test_switch_deck_shows_it_on_a_kiosk_that_follows_a_fleet(start, monkeypatch, tmp_path, keypair, published,
                                                                bundled_deck):
    options = following(tmp_path, keypair, published)
    assert fetch.check(options.config).result == "updated"
    decks = lambda: [("freedom-week-2019", "Freedom Week 2019", bundled_deck.folder),  # noqa: E731
                     ("harvest", "Harvest", options.config.library / "harvest")]
    player = start(decks=decks, switch_note=lambda: takes_over(options))
    open_menu(player, monkeypatch)
    with player.qtbot.waitSignal(player.staff.decksChanged, timeout=5000):  # read off the drawing thread
        player.click("staffDecks")
    player.sync()
    note = player.find("deckNote")
    assert "until the next version of ‘harvest’ is published" in note.property("text")
    assert note.property("text") in player.texts()


def test_switch_deck_says_nothing_of_updates_on_a_kiosk_that_follows_none(start, monkeypatch, bundled_deck):
    player = start(decks=lambda: [("freedom-week-2019", "Freedom Week 2019", bundled_deck.folder)])
    open_menu(player, monkeypatch)
    with player.qtbot.waitSignal(player.staff.decksChanged, timeout=5000):
        player.click("staffDecks")
    player.sync()
    assert not player.has("deckNote") and player.staff.deckNote == ""


def test_a_new_version_says_what_it_takes_over_and_clears_a_damaged_state(tmp_path, keypair, published, qtbot,
                                                                          caplog):
    """The published version takes the screen back from the deck the staff chose, and says so;
    the look writes a damaged state file again, so the staff page no longer says it is damaged."""
    import logging
    import threading

    from helpers import BUNDLED
    from kiosk import health
    from kiosk.deck import load_deck
    from kiosk.events import EventLog
    from kiosk.qt.updates import Updater

    class Screen:  # what the updater needs of the player: the staff switched to the bundled deck
        def __init__(self):
            self.deck, self.folder, self.swaps = load_deck(BUNDLED).deck, BUNDLED, []

        def replace_deck(self, deck, folder, content=""):
            self.swaps.append((deck.deck.id, threading.current_thread() is threading.main_thread()))

    options = following(tmp_path, keypair, published)
    options.first = 0
    state = options.config.library / fetch.STATE_FILE
    state.parent.mkdir(parents=True)
    state.write_text("[]", encoding="utf-8")
    health.clear()
    told = fetch.followed(options.config.library, options.config.source).damaged
    health.report(told, echo=False)
    screen, log = Screen(), EventLog(tmp_path / "events.jsonl")
    updater = Updater(options, screen, None, log)
    with caplog.at_level(logging.INFO), qtbot.waitSignal(updater.finished, timeout=20_000) as done:
        updater.start()
    assert done.args[0].result == "updated"
    assert screen.swaps == [("harvest", True)]
    assert "version 1 of 'harvest' installed; it plays from the next slide in place of 'freedom-week-2019'" \
        in caplog.text
    assert told not in health.problems()
    updater.stop()
    log.close()
    health.clear()
    status.CURRENT = None
