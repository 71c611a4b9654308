"""Staff menu, Switch deck: a refused deck's problems name its files from the deck folder and
wrap between words; the event log says how each switch ended; the deck the kiosk was started
from by its folder path stays in the list; a deck with errors is marked in the list."""

from __future__ import annotations

from pathlib import Path

from helpers.staff import open_menu

QML = Path(__file__).resolve().parents[2] / "kiosk" / "qt" / "qml"


def read_done(player) -> None:
    player.qtbot.waitUntil(lambda: not player.staff.result.startswith("Reading"), timeout=5000)


def decks_page(player, monkeypatch) -> None:
    open_menu(player, monkeypatch)
    with player.qtbot.waitSignal(player.staff.decksChanged, timeout=5000):
        player.click("staffDecks")
    player.sync()


def test_a_refused_switch_names_the_deck_file_from_its_folder_and_is_logged_as_refused(
        start, monkeypatch, write_deck, tmp_path):
    monkeypatch.chdir(tmp_path.parent)  # the kiosk started two folders above the deck's
    broken = write_deck("""
        deck: {id: broken, title: Broken, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, titel: Hello}
        """, name="broken")
    player = start(decks=lambda: [("broken", "Broken", broken, False)])
    decks_page(player, monkeypatch)
    assert "(has problems)" in player.find("deck-broken").property("text")
    player.click("deck-broken")
    read_done(player)
    player.sync()
    assert player.staff.problems and all(p.startswith("deck.yaml:3:") for p in player.staff.problems)
    assert str(broken.resolve() / "deck.yaml") in player.staff.result
    assert set(player.staff.problems) <= set(player.texts())
    [event] = player.events("staff_action")[-1:]
    assert event["action"] == "switch_deck" and event["outcome"] == "refused"
    assert event["reason"] == player.staff.problems[0] and event["folder"] == str(broken)


def test_the_deck_started_from_its_folder_can_be_switched_back_to(start, monkeypatch, write_deck, bundled_deck):
    other = write_deck("""
        deck: {id: other, title: Another deck, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, title: Hello}
        """, name="other")
    player = start(decks=lambda: [("other", "Another deck", other, True)])  # the playing deck is in no listing
    decks_page(player, monkeypatch)
    started = player.find("deck-freedom-week-2019")
    assert "(playing)" in started.property("text") and "(has problems)" not in started.property("text")
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.click("deck-other")
    assert player.backend.deck.deck.id == "other"
    assert player.events("staff_action")[-1]["outcome"] == "switched"
    player.sync()
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.click("deck-freedom-week-2019")
    assert player.backend.deck.deck.id == "freedom-week-2019"
    assert bundled_deck.ok


def test_no_text_of_the_kiosk_breaks_inside_a_word_that_fits_on_a_line():
    """Every wrapping text breaks between words, and inside a word only when it alone is wider
    than the line (Text.Wrap / WrapAtWordBoundaryOrAnywhere), never "pho ne" (WrapAnywhere)."""
    offenders = [f"{file.relative_to(QML)}:{number}" for file in QML.rglob("*.qml")
                 for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
                 if "Text.WrapAnywhere" in line]
    assert offenders == []


def test_switch_deck_takes_ids_from_the_library_in_force_one_entry_per_id(start, monkeypatch, write_deck, tmp_path):
    from kiosk.qt.staff import library_decks

    lib = tmp_path / "lib"
    text = """
        deck: {{id: harvest, title: {title}, organisation: Test, languages: [en]}}
        slides:
          - {{id: hello, type: title, title: Hello}}
          - {{id: help, type: helpline, phone: "08000 121 700"}}
        """
    write_deck(text.format(title="Harvest 2026"), name="lib/harvest")
    write_deck(text.format(title="Harvest 2019"), name="lib/a-harvest-copy")  # a stale copy, listed first by name
    player = start(decks=lambda: library_decks(lib), library=lib)
    decks_page(player, monkeypatch)
    offered = [entry for entry in library_decks(lib) if entry[0] == "harvest"]
    assert [(entry[1], entry[2]) for entry in offered] == [("Harvest 2026", lib / "harvest")]
    with player.qtbot.waitSignal(player.backend.settled, timeout=5000):
        assert player.staff.switchDeck("harvest")  # an id means what it means to kiosk run --library
    assert player.backend.folder == lib / "harvest"
