"""Long words break inside their box, the fit check warns about them, and the codes drawn hold
exactly the links as browsers serialise them (decoded from the rendered frames with zxing-cpp)."""

from __future__ import annotations

import pytest
import zxingcpp
from PySide6.QtGui import QImage

from helpers.gui import scene_rect, shown, to_gray, walk
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.qt.fit import find_misfits, misfit_problems, too_wide_words
from kiosk.qt.offscreen import wait_fitted
from kiosk.qt.qrimage import qr_image

LONG = "Form: forms.example.org/e/" + "Q" * 70 + "/viewform"
DECK = f"""\
deck: {{id: t, title: T, languages: [en]}}
slides:
  - {{id: s, type: text, title: Sign up, body: "{LONG}", qr: {{link: "https://Bücher.example/%C3%A4?q=ü", label: Scan}}}}
  - {{id: help, type: helpline, phone: "+44 (0)8000 121 700", url: "https://www.modernslaveryhelpline.org"}}
"""


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)], ids=["1920x1080", "1080x1920", "1280x800"])
def test_a_long_word_breaks_inside_its_box_never_under_the_code(make_player, write_deck, size):
    player = make_player(load_deck(write_deck(DECK)), size=size)
    player.backend.display(Position(0))
    wait_fitted([player.window])
    texts = [item for item in walk(player.window.contentItem()) if item.inherits("QQuickText") and shown(item)]
    body = next(item for item in texts if item.property("text") == LONG)
    # Nothing runs past its own box, and the body's box ends before the code starts.
    assert all(item.property("contentWidth") <= item.width() + 1 for item in texts if item.width() > 0)
    code = scene_rect(next(item for item in walk(player.window.contentItem()) if item.inherits("QQuickImage")
                           and str(item.property("source").toString()).endswith(".png")))
    box = scene_rect(body)
    assert box.right() <= size[0] and (box.right() <= code.left() or box.bottom() <= code.top())
    assert too_wide_words(player.window.contentItem()) == ["Q" * 70 + "/"]


def test_validate_warns_about_a_word_broken_mid_word(kiosk_app, write_deck):
    result = load_deck(write_deck(DECK))
    misfits = find_misfits(result.deck, result.folder, langs=["en"], positions=[Position(0), Position(1)])
    [problem] = misfit_problems(misfits, result.deck, result.source)
    assert problem.severity == "warning" and (problem.line, problem.col) == (3, 5)
    assert problem.message.startswith("slide 's': 'QQQQ") and "is wider than its line at 1920x1080, 1080x1920 and " \
        "1280x800, so it is broken mid-word" in problem.message


def test_rendered_codes_hold_the_serialised_links(kiosk_app, write_deck, tmp_path):
    from kiosk.qt.render import render

    result = load_deck(write_deck(DECK))
    files, _, _ = render(result.deck, result.folder, tmp_path / "out", (1920, 1080))

    def decode(path) -> set[str]:
        return {code.text for code in zxingcpp.read_barcodes(to_gray(QImage(str(path))), try_invert=False)}

    assert decode(files[0]) == {"https://xn--bcher-kva.example/%C3%A4?q=%C3%BC"}
    assert decode(files[1]) == {"tel:+448000121700", "https://www.modernslaveryhelpline.org/"}


def test_a_payload_too_long_for_any_code_draws_a_blank_square_not_a_traceback(kiosk_app):
    image = qr_image("https://example.org/" + "a" * 3000, 300)
    assert image.width() == 300 and image.pixelColor(150, 150).name() == "#ffffff"


def test_warnings_never_quote_invisible_markers_nor_blame_the_deck_for_the_kiosks_own_words(write_deck):
    """At a screen too small (kiosk render --size 200x800): the kiosk's isolates around a phone
    number are never quoted, and its own hint is one warning about the screen size, not one per slide
    asking the deck's writer to shorten it."""
    from kiosk.qt.fit import Misfit

    result = load_deck(write_deck(DECK))
    tiny = (200, 800)
    misfits = [Misfit(Position(0), tiny, "en", "\u206608000 121 700\u2069", "controls"),
               Misfit(Position(0), tiny, "en", "Touch the screen to explore"),
               Misfit(Position(1), tiny, "en", "Touch the screen to explore"),
               Misfit(Position(1), (1280, 800), "en", "Touch the screen to explore")]
    problems = misfit_problems(misfits, result.deck, result.source)
    said = [f"{p.message} — {p.hint}" for p in problems]
    assert not any(ch in text for text in said for ch in "\u2066\u2067\u2068\u2069\u00ad\u200b"), said
    assert not any("\\u20" in text for text in said), said
    [control] = [text for text in said if "does not fit its button" in text]
    assert "'08000 121 700'" in control and "the screen at 200x800 is too small for the kiosk's own controls" in control
    [own] = [text for text in said if "Touch the screen to explore" in text]
    assert "the screen at 200x800 and 1280x800 is too small for the kiosk's own words" in own
    assert "nothing in deck.yaml needs to change" in own and "shorten" not in own
    # the deck's own words are still the deck's to shorten, on their slide
    [deck_word] = misfit_problems([Misfit(Position(0), tiny, "en", "Q" * 70 + "/")], result.deck, result.source)
    assert deck_word.message.startswith("slide 's': 'QQQ") and "shorten it" in deck_word.hint


def test_on_a_small_screen_the_kiosks_hint_never_hides_a_word_of_the_decks(kiosk_app, write_deck):
    """At 200x800 the hint (27 characters) and the deck's 'Exploitationinvestigations' (26) are
    both too wide: the deck's word is still the deck's to fix, and the hint is said apart."""
    result = load_deck(write_deck("""\
        deck: {id: m, title: M}
        slides:
          - {id: a, type: text, title: Hello, body: "Exploitationinvestigations happen."}
        """))
    misfits = find_misfits(result.deck, result.folder, ((200, 800),), ["en"], positions=[Position(0)])
    said = [p.message for p in misfit_problems(misfits, result.deck, result.source)]
    assert any(m.startswith("slide 'a': 'Exploitationinvestigations' is wider than its line at 200x800") for m in said)
    assert any("too small for the kiosk's own words 'Touch the screen to explore'" in m for m in said), said
