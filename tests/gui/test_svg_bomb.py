"""An SVG "billion laughs" (nested ``<use>``): refused by the check without being expanded, and
never decoded by the drawing process when it is swapped in for a picture that had passed.

The bomb is made here: eleven levels, each group using the one before ten times (10¹¹ rectangles
once expanded, which Qt's SVG renderer would draw for minutes).
"""

from __future__ import annotations

import os
import sys

import pytest

from kiosk.deck import load_deck
from kiosk.deck.pictures import MAX_SVG_ELEMENTS, svg_drawn_elements, svg_problem
from kiosk.qt import pictures as qt_pictures
from kiosk.qt.checker import check_and_load
from kiosk.qt.pictures import PlayerPictures

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="300">'
DECK = """\
deck: {id: bomb, title: A drawing}
slides:
  - id: pic
    type: image
    image: pic.svg
    alt: A drawing
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def nested(levels: int, copies: int = 10) -> bytes:
    """``levels`` groups, each using the one before ``copies`` times; the last one used once."""
    parts = [HEAD, '<defs><g id="l0"><rect width="10" height="10" fill="#ffd166"/></g>']
    for n in range(1, levels):
        parts.append(f'<g id="l{n}">' + f'<use xlink:href="#l{n - 1}"/>' * copies + "</g>")
    parts.append(f'</defs><use href="#l{levels - 1}"/></svg>')
    return "".join(parts).encode()


def parse(data: bytes):
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


def test_references_are_counted_as_drawn_without_expanding_them():
    l0 = 2  # the group and its rectangle
    l1 = 1 + 10 * (1 + l0)  # the group, ten uses, each drawing l0 again
    l2 = 1 + 10 * (1 + l1)
    assert svg_drawn_elements(parse(nested(3))) == 1 + (1 + l0 + l1 + l2) + (1 + l2)  # <svg>, <defs>, the last use
    assert svg_drawn_elements(parse(nested(11))) == MAX_SVG_ELEMENTS + 1
    loop = HEAD.encode() + b'<g id="a"><use href="#b"/></g><g id="b" fill="url(#a)"/></svg>'
    assert svg_drawn_elements(parse(loop)) is None
    assert "in a loop" in svg_problem(loop)
    flat = HEAD.encode() + b"<rect/>" * (MAX_SVG_ELEMENTS + 1) + b"</svg>"
    assert "too many to draw" in svg_problem(flat)
    assert svg_problem(nested(3)) is None


@pytest.mark.parametrize("levels", [5, 11, 40])
def test_validate_gives_one_located_error_for_a_billion_laughs(tmp_path, levels):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "pic.svg").write_bytes(nested(levels))
    result = load_deck(tmp_path)
    [problem] = [p for p in result.problems if p.is_error]
    assert (problem.line, problem.col) == (5, 12)
    assert f"draws more than {MAX_SVG_ELEMENTS:,} elements" in problem.message and problem.hint


def test_the_player_does_not_decode_a_picture_swapped_after_its_check(tmp_path, monkeypatch):
    """``kiosk run``'s drawing process shows a picture version only once a check passed it: a bomb
    moved over a checked picture gets the alt text (an empty URL), and is never read here."""
    monkeypatch.setattr(PlayerPictures, "checks_here", False)
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    picture = tmp_path / "pic.svg"
    picture.write_bytes(nested(2))
    assert check_and_load(tmp_path, cached=False).ok
    url, why = PlayerPictures().url(tmp_path, "pic.svg")
    assert why == "" and url.toLocalFile().endswith("pic.svg")

    def never(*_args, **_kwargs):
        raise AssertionError("an unchecked picture was decoded in the drawing process")

    monkeypatch.setattr(qt_pictures, "read_image", never)
    monkeypatch.setattr(PlayerPictures, "_check", staticmethod(never))
    (tmp_path / "bomb.tmp").write_bytes(nested(11))
    os.replace(tmp_path / "bomb.tmp", picture)  # mv over the checked picture
    url, why = PlayerPictures().url(tmp_path, "pic.svg")
    assert url.isEmpty() and "changed since the deck was checked" in why

    refused = check_and_load(tmp_path, cached=False)  # the watcher's new check: a located error
    assert not refused.ok
    assert any("draws more than" in p.message and p.line == 5 for p in refused.problems), refused.problems
    assert PlayerPictures().url(tmp_path, "pic.svg")[0].isEmpty()

    (tmp_path / "good.tmp").write_bytes(nested(3))
    os.replace(tmp_path / "good.tmp", picture)
    assert PlayerPictures().url(tmp_path, "pic.svg")[0].isEmpty(), "not shown before its check"
    assert check_and_load(tmp_path, cached=False).ok
    url, why = PlayerPictures().url(tmp_path, "pic.svg")
    assert why == "" and not url.isEmpty()


def test_a_picture_copied_again_unchanged_is_shown_from_the_cached_verdict(tmp_path, monkeypatch):
    """A verdict kept in the check cache (keyed by content) still shows a picture whose file was
    copied again with the same bytes (another modification time): no decoding, no alt text."""
    monkeypatch.setattr(PlayerPictures, "checks_here", False)
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    picture = tmp_path / "pic.svg"
    picture.write_bytes(nested(2))
    assert check_and_load(tmp_path).ok
    info = picture.stat()
    os.utime(picture, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))  # as a copy without -p leaves it
    PlayerPictures._verdicts.clear()  # a new kiosk: it knows only what the check cache says
    PlayerPictures._digests.clear()
    assert PlayerPictures().url(tmp_path, "pic.svg")[0].isEmpty(), "nothing is shown unchecked"
    never = [sys.executable, "-c", "raise SystemExit(9)"]
    assert check_and_load(tmp_path, argv=never).ok  # from the cache: the stand-in child is never run
    url, why = PlayerPictures().url(tmp_path, "pic.svg")
    assert why == "" and not url.isEmpty()
