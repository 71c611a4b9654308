"""A right-to-left text keeps a tenth of an em spare at its line's end (FitText.qml and the
bullets' texts, Bullets.qml), at whatever size it is drawn: the direction is asked of the player
once per text, and the padding follows the text's size as its column fits it or the visitor asks
for larger text. A left-to-right text keeps none."""

from __future__ import annotations

import math

import pytest

from helpers.gui import shown, type_name, walk
from kiosk.deck import load_deck

DECK = """\
deck:
  id: ar-padding
  title: {en: Padding, ar: الحشو}
  organisation: {en: Test org, ar: منظمة الاختبار}
  languages: [en, ar]
  timezone: Europe/London
slides:
  - id: x
    type: text
    title: {en: What to do, ar: ماذا تفعل}
    body: {en: If you are worried call the helpline., ar: إذا كنت قلقًا فاتصل بخط المساعدة.}
    bullets:
      - {en: Do not confront anyone, ar: لا تواجه أحدًا}
      - {en: Call the police on 999, ar: اتصل بالشرطة}
"""


def padded_texts(player) -> list[tuple[str, float, int]]:
    """(text, right padding, pixel size) of each shown text of the slide that keeps room for a
    right-to-left line (a FitText or a bullet's text: those with ``rightToLeft``)."""
    found = []
    for item in walk(player.window.contentItem()):
        if type_name(item) in ("FitText", "QQuickText") and item.property("rightToLeft") is not None and shown(item):
            found.append((item.property("text"), item.property("rightPadding"), item.property("font").pixelSize()))
    return found


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
def test_right_to_left_texts_keep_a_tenth_of_an_em(make_player, write_deck, large):
    player = make_player(load_deck(write_deck(DECK)))
    english = padded_texts(player)
    assert len(english) >= 4, english  # the title, the body and the two bullets
    assert all(padding == 0 for _, padding, _ in english), english
    player.backend.set_language("ar")
    player.sync()
    if large:
        before = {text: size for text, _, size in padded_texts(player)}
        player.backend.toggleLargeText()
        player.sync()
        assert any(size != before.get(text) for text, _, size in padded_texts(player))  # drawn at other sizes
    arabic = padded_texts(player)
    assert len(arabic) >= 4, arabic
    for text, padding, size in arabic:
        assert padding == math.ceil(size * 0.1) > 0, (text, padding, size)
