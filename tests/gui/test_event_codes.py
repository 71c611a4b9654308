"""Sign-up codes on an events slide are full size or not shown: at least 200 px at 1080 and 4 px
a module, with the quiet zone, never cut by a card's fade; each code's label inside its card. An
events slide with more events than leave the codes that room shows none (each card says where to
sign up in words, and a note says why), and ``kiosk validate`` warns of it
(kiosk.deck.checks.event_code_side works the room out as EventsSlide.qml does).
"""

from __future__ import annotations

import contextlib
import io

import pytest

from helpers.gui import SIZE_IDS, SIZES, scene_rect, shown, walk
from kiosk.cli import main
from kiosk.deck import load_deck
from kiosk.deck.checks import event_code_side


def events_deck(count: int, signups: bool = True) -> str:
    lines = []
    for i in range(count):
        signup = ', signup: {link: "https://www.a21.org/", label: "Sign up with A21 at a21.org"}' if signups else ""
        lines.append(f'      - {{title: "Event {i}", date: 2030-10-{10 + i}, start: "10:00", place: Library, '
                     f'body: "A talk."{signup}}}')
    events = "\n".join(lines)
    return f"""\
deck: {{id: events, title: Events, archive: true}}
slides:
  - id: ev
    type: events
    title: Events
    events:
{events}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def slide_item(player):
    return next(i for i in player.visible_items() if i.property("codesShown") is not None and shown(i))


def cards_and_codes(player) -> list:
    return [i for i in player.visible_items() if i.objectName() == "eventCode"]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("count", [1, 2, 3, 4, 6])
def test_codes_are_full_size_inside_their_cards_or_left_out(make_player, write_deck, size, count):
    result = load_deck(write_deck(events_deck(count)))
    player = make_player(result, size=size)
    player.sync()
    slide = slide_item(player)
    u = max(0.5, min(size) / 1080)
    codes = cards_and_codes(player)
    side, least = event_code_side(count, *size)
    # validate's arithmetic and the slide's agree.
    assert slide.property("codesShown") == (side >= max(least, 4 * slide.property("modules")) - 0.5), \
        (side, slide.property("codeSide"))
    if slide.property("codesShown"):
        assert len(codes) == count
        assert not player.has("codesLeftOut")
        for code in codes:
            image = [c for c in code.childItems() if c.objectName() == "qrCode"][0]
            assert image.width() >= 200 * u - 0.5 and image.width() >= 4 * slide.property("modules")
            card = scene_rect(code.parentItem())
            assert card.contains(scene_rect(code)), "the code or its label runs out of its card"
            card_item = code.parentItem()
            labels = [i for i in player.visible_items() if i.objectName() == "codeLabel" and card_item.isAncestorOf(i)]
            assert len(labels) == 1 and card.contains(scene_rect(labels[0])), "the label runs out of its card"
            assert not code.parentItem().childItems()[0].property("cut") or \
                scene_rect(code).top() >= scene_rect(code.parentItem().childItems()[0]).bottom(), "faded over the code"
    else:
        assert codes == []
        assert player.has("codesLeftOut")
        words = [i for i in player.visible_items() if i.objectName() == "signupText"]
        assert len(words) == count and all("a21.org" in w.property("text") for w in words)


def test_the_tester_s_six_events(make_player, write_deck):
    """At 1920x1080 the six codes are shown full size; at 1080x1920 none is (no 81 px codes)."""
    result = load_deck(write_deck(events_deck(6)))
    wide = make_player(result, size=(1920, 1080))
    wide.sync()
    assert len(cards_and_codes(wide)) == 6
    tall = make_player(result, size=(1080, 1920))
    tall.sync()
    assert cards_and_codes(tall) == [] and tall.has("codesLeftOut")


def test_validate_warns_of_too_many_events_with_codes(write_deck):
    folder = write_deck(events_deck(6))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["validate", "--no-fit", str(folder)])
    lines = [line for line in out.getvalue().splitlines() if "sign-up codes" in line]
    assert len(lines) == 1, out.getvalue()
    assert "deck.yaml:7:7: warning: slide 'ev': 6 events leave their 6 sign-up codes too little room" in lines[0]
    assert "1080x1920" in lines[0] and "1920x1080" not in lines[0]
    assert "put at most" in lines[0]
    # Events without codes: no warning.
    folder = write_deck(events_deck(6, signups=False), name="plain")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["validate", "--no-fit", str(folder)])
    assert "sign-up codes" not in out.getvalue()


@pytest.mark.parametrize(("words", "cut"), [(8, False), (60, True)], ids=["short", "long"])
def test_a_description_cut_short_beside_its_code_is_text_that_does_not_fit(write_deck, words, cut):
    """A description beside its code shrinks to its room; cut short (an ellipsis) even at its
    smallest size, it is text a passer-by never reads, and the check says it does not fit."""
    from kiosk.player.navigator import Position
    from kiosk.qt.offscreen import OffscreenPlayer, body_font

    body = " ".join(["Come and talk with us about modern slavery in Norfolk."] * words)[: words * 9]
    folder = write_deck(events_deck(3).replace('body: "A talk."', f'body: "{body}"'))
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    with OffscreenPlayer(result.deck, folder, (1920, 1080), font=body_font()) as player:
        player.show(Position(0))
        bodies = [item for item in walk(player.content)
                  if item.objectName() == "eventBody" and item.isVisible() and item.property("text")]
        assert len(bodies) == 3, "each card's description is beside its code"
        assert {item.property("truncated") for item in bodies} == {cut}
        assert player.overflowing() is cut
