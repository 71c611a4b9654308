"""The first frame: the first slide appears whole at once (no fade, no half-fitted text); later
slides cross-fade, and reduced motion still cuts. Driven through the real QML, started as
``kiosk run`` starts it (``_engine``, then ``lay_out`` before the window is shown)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtQml import QQmlProperty
from PySide6.QtQuick import QQuickItem

from helpers.gui import FakeClock, close_players, font_family
from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.qt.backend import TRANSITION_MS, Backend
from kiosk.qt.offscreen import _fit_state, wait_fitted
from kiosk.qt.startup import _engine, lay_out

#: A first slide whose text must shrink to fit (its column settles over several deferred steps).
LONG = " ".join(["Every word of this paragraph takes room on the screen, so the column shrinks it."] * 14)
DECK = f"""\
deck:
  id: first
  title: First frame
  dwell: 20
  archive: true
slides:
  - id: opening
    type: text
    title: What modern slavery looks like
    body: {LONG}
  - id: second
    type: title
    title: The second slide
"""


@pytest.fixture
def started(kiosk_app, qtbot, write_deck):
    """Start a player as ``kiosk run`` does and record the state of the scene at its first frame:
    ``started(transition_ms) -> (window, backend, first)``."""
    made = []

    def start(transition_ms: int):
        result = load_deck(write_deck(DECK))
        assert result.ok, [str(p) for p in result.problems]
        clock = FakeClock()
        backend = Backend(result.deck, result.folder, EventLog(None), clock=clock, transition_ms=transition_ms)
        backend.test_clock = clock  # for wake()
        settled: list[tuple[str, str]] = []
        backend.settled.connect(lambda slide, page: settled.append((slide, page)))
        engine = _engine(backend, font_family())
        window = engine.rootObjects()[0]
        made.append((engine, window, backend))
        assert not window.isVisible(), "the window is shown only once the first slide is laid out"
        layers = [window.findChild(QQuickItem, name) for name in ("layerA", "layerB")]
        fade = window.findChild(QObject, "fade")
        first: dict = {}

        def on_frame() -> None:
            if not first:
                first.update(opacities=sorted(layer.opacity() for layer in layers),
                             fading=fade.property("running"), settled=list(settled),
                             fit=_fit_state(window.contentItem(), []),
                             sources=[layer.property("source").toString() for layer in layers])

        window.frameSwapped.connect(on_frame)
        lay_out(window, (1920, 1080))
        window.show()
        qtbot.waitUntil(lambda: bool(first), timeout=5000)
        return window, backend, first

    yield start
    close_players(made, qtbot)


def test_the_first_slide_is_whole_on_the_first_frame(started):
    window, backend, first = started(TRANSITION_MS)
    assert first["opacities"] == [0.0, 1.0], "one layer fully shown, the other empty: no fade in"
    assert first["fading"] is False
    assert first["settled"] == [("opening", "")], "the first slide settled before the first frame"
    assert [s.rsplit("/", 1)[-1] for s in first["sources"] if s] == ["TextSlide.qml"]
    shrunk = [k for k, _k_min, _fits, _height in first["fit"] if k < 1]
    assert shrunk, "the test's first slide must need its text shrunk, or it proves nothing"
    wait_fitted([window])
    assert _fit_state(window.contentItem(), []) == first["fit"], "the text was already fitted on the first frame"


def layered(window) -> list[bool]:
    """Whether each slide layer is drawn through a layer of its own now (``layer.enabled``)."""
    return [QQmlProperty(window.findChild(QQuickItem, name), "layer.enabled").read() for name in ("layerA", "layerB")]


def wake(backend, qtbot, now: float) -> None:
    """Let the loop move on at deck time ``now``, as its own timer does (no visitor)."""
    backend.test_clock.now = now
    (timer,) = backend.findChildren(QTimer)
    with qtbot.waitSignal(backend.viewChanged, timeout=3000):
        timer.start(0)


def test_the_incoming_slide_is_drawn_under_the_outgoing_then_uncovered(started, qtbot):
    window, backend, _first = started(TRANSITION_MS)
    fade = window.findChild(QObject, "fade")
    area = window.findChild(QQuickItem, "slideArea")
    layers = [window.findChild(QQuickItem, name) for name in ("layerA", "layerB")]
    shown = next(layer for layer in layers if layer.opacity() == 1)
    assert layered(window) == [False, False], "a still slide holds no layer: it is drawn as it is"
    wake(backend, qtbot, 20)
    incoming = next(layer for layer in layers if layer is not shown)
    assert area.property("preparing") is True and fade.property("running") is False, "nothing moves yet"
    assert incoming.opacity() == 1 and shown.opacity() == 1 and shown.z() > incoming.z(), "hidden under the outgoing"
    assert layered(window) == [True, True], "both slides are drawn into their layers before the fade"
    with qtbot.waitSignal(fade.runningChanged, timeout=3000):
        pass  # the next frame starts the fade
    assert area.property("preparing") is False and layered(window) == [True, True]
    with qtbot.waitSignal(backend.settled, timeout=5000) as blocker:
        pass
    assert blocker.args == ["second", ""]
    assert shown.opacity() == 0 and shown.property("source").toString() == "", "the outgoing slide is gone"
    assert layered(window) == [False, False], "the layers are let go once the fade has ended"


def test_a_visitors_slide_holds_no_layer(started, qtbot):
    window, backend, _first = started(TRANSITION_MS)
    fade = window.findChild(QObject, "fade")
    with qtbot.waitSignal(fade.runningChanged, timeout=3000):
        backend.next()  # a visitor's Next: the loop pauses, the slides still cross-fade
    assert layered(window) == [True, True], "while they fade, each slide is blended from a layer"
    with qtbot.waitSignal(backend.settled, timeout=5000) as blocker:
        pass
    assert blocker.args == ["second", ""]
    assert layered(window) == [False, False], "what the visitor touches is drawn as it is"


def test_reduced_motion_still_cuts(started, qtbot):
    window, backend, first = started(0)
    assert first["opacities"] == [0.0, 1.0] and first["fading"] is False
    with qtbot.waitSignal(backend.settled, timeout=3000) as blocker:
        backend.next()
    assert blocker.args == ["second", ""]
    layers = [window.findChild(QQuickItem, name) for name in ("layerA", "layerB")]
    assert sorted(layer.opacity() for layer in layers) == [0.0, 1.0]


def test_load_fonts_makes_the_bundled_body_font_the_applications(kiosk_app):
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    from kiosk.qt.startup import FALLBACK_FAMILIES, load_fonts

    family = load_fonts()
    assert family == load_fonts() == "Atkinson Hyperlegible"
    assert QGuiApplication.font().family() == family
    assert set(FALLBACK_FAMILIES) <= set(QFontDatabase.families())
