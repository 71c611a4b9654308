"""What the visitor and the staff see on small and large screens: control labels never broken
mid-word, a preview window larger than the screen drawn smaller, nothing shown to the public
for the staff gesture without a PIN, the status page's rows, the events cards' one text size and
the Exit dialog's restart hint."""

from __future__ import annotations

import pytest
from guihelpers import shown, type_name, walk
from test_gui import kiosk_app, make_player  # noqa: F401 - the real player fixtures

from kiosk.qt.fit import control_words
from kiosk.qt.offscreen import wait_fitted

SMALL = (1280, 800)


def control_labels(player) -> list:
    """The visible text of every control: touch buttons and the tiles of a signs menu."""
    found = []
    for item in walk(player.window.contentItem()):
        if type_name(item) == "TouchButton" or item.objectName().startswith("tile-"):
            found += [text for text in walk(item) if text.inherits("QQuickText") and shown(text)
                      and text.property("text")]
    return found


def broken_labels(player) -> list[str]:
    """Words of the control labels drawn broken or past their button (:func:`control_words`)."""
    return control_words(player.window.contentItem())


@pytest.mark.parametrize("lang", ["bg", "lt", "lv"])
def test_control_labels_wrap_between_words_and_shrink_at_1280x800_with_larger_text(make_player, lang, tmp_path):
    player = make_player(size=SMALL)
    player.tap_background()
    player.backend.setLanguage(lang)
    player.backend.toggleLargeText()
    wait_fitted([player.window])
    player.sync()
    player.window.grabWindow().save(str(tmp_path / f"{lang}-controls.png"))
    labels = control_labels(player)
    assert len(labels) >= 6, [label.property("text") for label in labels]
    assert broken_labels(player) == []
    for label in labels:
        assert label.property("contentWidth") <= label.width() + 1 and not label.property("truncated"), \
            label.property("text")
        words = label.property("text").split()
        assert label.property("lineCount") <= max(1, len(words)), label.property("text")
    player.click_and_settle("signs")
    wait_fitted([player.window])
    tiles = [label for label in control_labels(player) if label.parentItem().objectName().startswith("tile-")]
    assert tiles and broken_labels(player) == []
    player.window.grabWindow().save(str(tmp_path / f"{lang}.png"))


def test_the_fit_check_covers_the_control_labels_in_each_language_with_larger_text(kiosk_app, bundled_deck,
                                                                                  monkeypatch):
    from kiosk import i18n
    from kiosk.player.navigator import Position
    from kiosk.qt.fit import find_misfits, misfit_problems

    deck, folder = bundled_deck.deck, bundled_deck.folder
    assert not find_misfits(deck, folder, (SMALL,), ["bg", "lt"], positions=[Position(0)])
    strings = i18n.ui_strings

    def long_previous(lang: str) -> dict[str, str]:
        found = dict(strings(lang))
        if lang == "lt":
            found["previous"] = "Ankstesnisankstesnisankstesnis"  # one word no button holds
        return found

    monkeypatch.setattr(i18n, "ui_strings", long_previous)
    misfits = find_misfits(deck, folder, (SMALL, (1920, 1080)), ["bg", "lt"], positions=[Position(0)])
    assert {(m.lang, m.controls, m.size) for m in misfits} >= {("lt", "controls with larger text", SMALL)}
    assert all(m.lang == "lt" and m.controls for m in misfits)
    problems = misfit_problems(misfits, deck, bundled_deck.source)
    assert problems and all(p.severity == "warning" for p in problems)
    text = str(problems[-1])
    # The arrow lets go of the word (it may go on a line of its own); the word alone is too wide.
    assert "controls with larger text in 'lt': 'Ankstesnisankstesnisankstesnis' does not fit its " \
           "button at 1280x800" in text and "ui_strings.yaml" in text, text
    assert (problems[0].line, problems[0].file) == (31, bundled_deck.source.file)
