"""Pictures read apart from the thread that draws: on a screen (``Backend(pictures_apart=True)``,
as ``kiosk run`` makes it), an image slide's picture is read on Qt's image thread, and a change
to that slide waits for it (at most ``PICTURE_WAIT_MS``) so it never appears half made, while
the kiosk goes on answering touches. Driven through the real QML, started as ``kiosk run``
starts it (``_engine``, then ``lay_out``)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem

from helpers.gui import FakeClock, close_players, font_family, walk
from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.qt.backend import Backend
from kiosk.qt.startup import _engine, lay_out

DECK = """\
deck:
  id: pictures
  title: Pictures
  dwell: 20
  archive: true
slides:
  - id: {first}
    type: {first_type}
    title: Opening
    {first_more}
  - id: {second}
    type: image
    image: photo.png
    alt: A photograph
"""


def picture_deck(write_deck, first_is_picture: bool):
    text = DECK.format(first="photo-first" if first_is_picture else "opening",
                       first_type="image" if first_is_picture else "title",
                       first_more="image: photo.png\n    alt: The same photograph" if first_is_picture else "",
                       second="photo")
    folder = write_deck(text)
    image = QImage(2400, 1600, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a6f97"))
    assert image.save(str(folder / "photo.png"))
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    return result


@pytest.fixture
def start(kiosk_app, qtbot, write_deck):
    """``start(first_is_picture, transition_ms) -> (window, backend, settled)``, laid out and shown."""
    made = []

    def begin(first_is_picture: bool, transition_ms: int):
        result = picture_deck(write_deck, first_is_picture)
        backend = Backend(result.deck, result.folder, EventLog(None), clock=FakeClock(), transition_ms=transition_ms,
                          pictures_apart=True)
        settled: list[str] = []
        backend.settled.connect(lambda slide, _page: settled.append(slide))
        engine = _engine(backend, font_family())
        window = engine.rootObjects()[0]
        made.append((engine, window, backend))
        lay_out(window, (1280, 720))
        window.show()
        return window, backend, settled

    yield begin
    close_players(made, qtbot)


def shown_picture(window) -> QObject | None:
    """The picture of the image slide on screen (its ``Image``), if any."""
    return next((item for item in walk(window.contentItem()) if item.objectName() == "picture" and item.isVisible()),
                None)


@pytest.mark.parametrize("transition_ms", [0, 120], ids=["cut", "cross-fade"])
def test_a_change_to_a_picture_waits_until_it_is_read(start, qtbot, transition_ms):
    window, backend, settled = start(False, transition_ms)
    area = window.findChild(QQuickItem, "slideArea")
    assert settled == ["opening"]
    backend.next()  # the picture is asked for; reading it is left to Qt's image thread
    assert area.property("waiting") is True, "the picture is still being read"
    assert settled == ["opening"], "the picture slide has not come on screen yet"
    with qtbot.waitSignal(backend.settled, timeout=5000):
        pass
    assert settled == ["opening", "photo"]
    assert area.property("waiting") is False
    picture = shown_picture(window)
    assert picture is not None and picture.property("asynchronous") is True
    assert picture.property("progress") == 1.0, "read before the slide came on screen"
    assert picture.parentItem().property("missing") is False


def test_the_first_slide_is_shown_with_its_picture_read(start):
    window, _backend, settled = start(True, 120)
    area = window.findChild(QQuickItem, "slideArea")
    assert settled == ["photo-first"]
    assert area.property("waiting") is False, "lay_out waited for the first slide's picture"
    picture = shown_picture(window)
    assert picture is not None and picture.property("progress") == 1.0
