"""The one off-screen player (``kiosk render`` and the text-fit check): it draws what it is told
to show, at the size asked for, in the language asked for, and lets its window go when closed."""

from __future__ import annotations

import shiboken6

from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.qt.offscreen import OffscreenPlayer

DECK = """\
deck:
  id: two-languages
  title: Two languages
  languages: [en, fr]
slides:
  - id: hello
    type: text
    title: {en: Hello, fr: Bonjour}
    body: {en: "Short.", fr: "Court."}
  - id: long
    type: text
    title: {en: Long, fr: Long}
    body: {en: "%s", fr: "%s"}
"""
HUGE = " ".join(f"Sentence {n} of a body far too long for any screen." for n in range(1, 60))


def test_shows_grabs_resizes_and_switches_language(write_deck, kiosk_app):
    folder = write_deck(DECK % (HUGE, HUGE))
    deck = load_deck(folder).deck
    with OffscreenPlayer(deck, folder, (640, 360), lang="fr") as player:
        player.show(Position(0))
        assert player.view["id"] == "hello" and player.view["title"] == "Bonjour"
        assert not player.overflowing()
        image = player.grab()
        assert (image.width(), image.height()) == (640, 360)
        player.resize((360, 640))
        player.set_language("en")
        player.show(Position(0))
        assert player.view["title"] == "Hello"
        assert (player.grab().width(), player.grab().height()) == (360, 640)
        player.show(Position(1))
        assert player.overflowing()
    player.close()  # closing again does nothing
    assert not shiboken6.isValid(player.window)  # the engine went, and its window with it
