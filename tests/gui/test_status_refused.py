"""The staff status page says at its top when the deck chosen in settings.toml was refused and the
bundled deck plays instead: its first error, and what to do (venue staff have no terminal)."""

from __future__ import annotations

import io
import sys

from helpers.staff import open_menu
from kiosk import cli

BROKEN = """\
deck: {id: ours, title: Our campaign, organisation: Test, languages: [en]}
slides:
  - {id: hello, type: title, titel: Hello}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def test_kiosk_run_hands_the_chosen_decks_errors_to_the_staff_page(tmp_path, monkeypatch):
    import kiosk.qt.player

    chosen = tmp_path / "ours"
    chosen.mkdir()
    (chosen / "deck.yaml").write_text(BROKEN, encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'deck = "{chosen}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    given = []
    monkeypatch.setattr(kiosk.qt.player, "play", lambda deck, folder, options: given.append((deck, options)) or 0)
    assert cli.main(["run", "--headless"]) == 0
    [(deck, options)] = given
    assert deck.deck.id == "freedom-week-2019" and options.chosen == chosen
    assert options.chosen_refused[0].startswith(f"{chosen / 'deck.yaml'}:3:")
    assert ": error: slide 'hello': " in options.chosen_refused[0]
    (config / "settings.toml").write_text('deck = "no-such-deck"\n', encoding="utf-8")
    assert cli.main(["run", "--headless"]) == 0
    assert given[-1][1].chosen is None and given[-1][1].chosen_refused[0].startswith("no deck called 'no-such-deck'")


def test_the_top_of_the_status_page_says_the_chosen_deck_was_refused(start, monkeypatch, tmp_path, write_deck):
    chosen = tmp_path / "ours"
    first = f"{chosen}/deck.yaml:3:27: error: slide 'hello': unknown field 'titel' — did you mean 'title'?"
    player = start(refused=(chosen, [first, f"{chosen}/deck.yaml:9:1: error: another"]))
    open_menu(player, monkeypatch)
    player.click("staffStatus")
    player.sync()
    rows = player.staff.statusRows()
    assert rows[0]["label"] == "Chosen deck" and rows[0]["alert"] is True
    top = rows[0]["value"]
    assert top.replace("\u00a0", " ").startswith(f"REFUSED. The deck to play, {chosen}, has 2 errors; the first: "
                          "deck.yaml:3:27: error: slide 'hello': unknown field 'titel' — did you mean 'title'? The "
                          "bundled deck “Freedom Week 2019” plays instead. Tell the deck's coordinator")
    assert top.endswith("it plays by itself once it is fixed.")
    assert top in player.texts(), "drawn, in the page's first row"
    # A newer version of the chosen deck, still with errors: its first error is the one said.
    monkeypatch.chdir(tmp_path)  # a line naming the deck's file from the folder the kiosk started in
    player.backend.note_chosen_rejected(chosen / "deck.yaml", ["ours/deck.yaml:1:1: error: newer"], player.backend.folder)
    assert "has an error: deck.yaml:1:1: error: newer. The bundled" in player.staff.statusRows()[0]["value"]
    # Another deck playing (the chosen one fixed, or the staff's choice): no refusal said any more.
    other = write_deck("""
        deck: {id: other, title: Another deck, organisation: Test, languages: [en]}
        slides:
          - {id: hello, type: title, title: Hello}
        """, name="other")
    from kiosk.deck import load_deck

    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.backend.set_deck(load_deck(other).deck, other)
    assert player.staff.statusRows()[0]["label"] == "Deck"


def test_a_chosen_deck_id_found_nowhere_says_so_and_to_restart_once_installed(start):
    player = start(refused=(None, ["no deck called 'ours' in /lib or the bundled decks"]))
    top = player.staff.statusRows()[0]["value"]
    assert top.startswith("REFUSED. The deck chosen in settings.toml does not play: no deck called 'ours' in /lib")
    assert "restart the kiosk" in top


def test_no_refusal_row_when_the_chosen_deck_plays(start):
    assert [row["label"] for row in start().staff.statusRows()][:2] == ["Deck", "Deck version"]


def test_kiosk_log_says_the_chosen_deck_was_refused_and_what_plays_instead():
    from kiosk.logs import MESSAGES

    level, say = MESSAGES["deck_rejected"]
    said = say({"problems": ["/d/deck.yaml:3:5: error: x"], "file": "/d/deck.yaml", "fallback": "/slides/fw"})
    assert said == ("the chosen deck /d/deck.yaml was refused; the deck in /slides/fw plays instead until it has "
                    "no errors: /d/deck.yaml:3:5: error: x")
    assert "changed" not in said and "last good version" not in said
    assert say({"problems": ["deck.yaml:3:5: error: x"]}).startswith("a changed deck was rejected")  # a live edit


def test_the_exit_page_names_the_deck_folder_absolute(tmp_path, monkeypatch):
    from kiosk.qt.staff import exit_message

    (tmp_path / "d" / "base").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    said = exit_message({}, ["kiosk", "run", "d/base", "--size", "1280x800", "--frames", "out/x", "harvest"])
    assert said.endswith(f"started with: kiosk run {tmp_path / 'd' / 'base'} --size 1280x800 --frames "
                         f"{tmp_path / 'out' / 'x'} harvest")
