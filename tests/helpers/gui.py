"""Helpers for the GUI tests: the real player window, driven by real mouse events.

Everything here drives the QQuickWindow the way a visitor does (QTest mouse events at real
pixel coordinates) and waits on signals, never on sleeps.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest


def none_refs_lost_per_call(call, times: int = 500) -> float:
    """How many references to ``None`` one call of ``call()`` loses, on average (0 when sound)."""
    call()
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    return (before - sys.getrefcount(None)) / times


#: Window sizes: landscape full HD, portrait full HD, a small 16:10 panel.
SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
SIZE_IDS = ["1920x1080", "1080x1920", "1280x800"]

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


class FakeClock:
    """Deck time the test controls: ``clock()`` returns ``clock.now`` seconds; ``scale`` is 1."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self.scale = 1.0

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- the item tree
def walk(item: QQuickItem) -> Iterator[QQuickItem]:
    """``item`` and every item below it in the visual tree."""
    yield item
    for child in item.childItems():
        yield from walk(child)


def shown(item: QQuickItem) -> bool:
    """True when the item and all its ancestors are visible and not fully transparent."""
    node = item
    while node is not None:
        if not node.isVisible() or node.opacity() <= 0.0:
            return False
        node = node.parentItem()
    return True


def type_name(item: QQuickItem) -> str:
    """QML type name of an item: ``TouchButton`` for ``TouchButton_QMLTYPE_12``."""
    return item.metaObject().className().split("_QMLTYPE_")[0].split("_QML_")[0]


def scene_rect(item: QQuickItem) -> QRectF:
    """The item's bounding rectangle in window coordinates."""
    return item.mapRectToScene(item.boundingRect())


def describe(item: QQuickItem) -> str:
    rect = scene_rect(item)
    return (f"{type_name(item)} {item.objectName() or item.property('text') or ''!r} "
            f"at ({rect.x():.0f}, {rect.y():.0f}) {rect.width():.1f}x{rect.height():.1f}")


# --------------------------------------------------------------------------- images
def to_gray(image: QImage) -> np.ndarray:
    """A QImage as a (height, width) uint8 numpy array of grey levels."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    data = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, :width].copy()


# --------------------------------------------------------------------------- the player
@dataclass
class Player:
    """The running player: its window, backend, engine, fake clock and event log."""

    qtbot: Any
    window: QQuickWindow
    engine: QQmlApplicationEngine
    backend: Any
    clock: FakeClock
    log_path: Path
    deck: Any
    #: Every (slide id, page id) the backend reported as settled, from the first frame on.
    settled: list[tuple[str, str]] = field(default_factory=list)
    #: The staff layer's backend, when the player was started with one.
    staff: Any = None
    #: Every event the event log told its observers (written or only notified), as
    #: ``{"event": kind, **fields}`` (no ``t``): what the hourly counts see.
    told: list[dict[str, Any]] = field(default_factory=list)

    # ----------------------------------------------------------------- state
    @property
    def view(self) -> dict[str, Any]:
        return self.backend.view

    @property
    def timer(self) -> QTimer:
        """The backend's single-shot wake-up timer (its only QTimer child)."""
        timers = self.backend.findChildren(QTimer)
        assert len(timers) == 1, timers
        return timers[0]

    def slide_index(self, slide_id: str) -> int:
        return [s.id for s in self.deck.slides].index(slide_id)

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The event log so far, optionally only the events of one kind."""
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
        return [r for r in records if kind is None or r["event"] == kind]

    def heard(self, kind: str | None = None) -> list[dict[str, Any]]:
        """What the event log told its observers so far (:attr:`told`: the visitor counts see
        it all, the file only what is not a visitor's doing), optionally of one kind."""
        return [r for r in self.told if kind is None or r["event"] == kind]

    # ----------------------------------------------------------------- finding things
    def items(self) -> Iterator[QQuickItem]:
        return walk(self.window.contentItem())

    def visible_items(self) -> list[QQuickItem]:
        return [i for i in self.items() if shown(i)]

    def find(self, name: str) -> QQuickItem:
        """The one visible item named ``name`` (objectName) in the window.

        ``window.findChild`` finds the header and footer controls, but not items made by a
        Loader or a Repeater (their QObject parent is not under the window), so the visual
        item tree is walked instead.
        """
        found = [i for i in self.items() if i.objectName() == name and shown(i)]
        assert len(found) == 1, f"expected one visible item named {name!r}, found {len(found)}"
        return found[0]

    def has(self, name: str) -> bool:
        return any(i.objectName() == name and shown(i) for i in self.items())

    def texts(self) -> list[str]:
        """Texts of the visible Text items."""
        return [i.property("text") for i in self.visible_items() if type_name(i) in ("QQuickText", "FitText", "ControlLabel")]

    @staticmethod
    def centre_of(item: QQuickItem) -> QPoint:
        return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()

    def hit(self, point: QPoint) -> QQuickItem | None:
        """The topmost visible item that takes presses at ``point`` (window coordinates): a
        MouseArea, a MultiPointTouchArea, or an item with a pointer handler (Qt gives those
        items every mouse button)."""
        def top(item: QQuickItem) -> QQuickItem | None:
            children = sorted(item.childItems(), key=lambda c: c.z())
            for child in reversed(children):
                # Opacity does not stop input in Qt Quick: only visibility and enabled do.
                if not (child.isVisible() and child.isEnabled()):
                    continue
                if child.objectName() == "swipes":  # it only watches fingers (PointHandlers): they pass through
                    continue
                found = top(child)
                if found is not None:
                    return found
            local = item.mapFromScene(QPointF(point))
            if item.acceptedMouseButtons() & LEFT and item.contains(local):
                return item
            return None
        return top(self.window.contentItem())

    def background_point(self) -> QPoint:
        """The middle of the slide area; checked to be the background gesture area, not a control."""
        point = QPoint(self.window.width() // 2, self.window.height() // 2)
        target = self.hit(point)
        assert target is not None and target.objectName() == "gestures" and target.parentItem() is \
            self.window.contentItem().childItems()[0], f"the middle of the window is {describe(target)}"
        return point

    # ----------------------------------------------------------------- touching
    def sync(self) -> None:
        """Wait for the next rendered frame, so layouts (Row, Grid, Column) are polished."""
        with self.qtbot.waitSignal(self.window.frameSwapped, timeout=3000):
            self.window.update()

    def click_at(self, point: QPoint) -> None:
        QTest.mouseClick(self.window, LEFT, NO_MOD, point)

    def click(self, name: str) -> None:
        """Click the centre of the visible item named ``name``, checking nothing covers it."""
        self.sync()
        self.click_item(self.find(name))

    def click_item(self, item: QQuickItem) -> None:
        """Click the centre of ``item``, checking it is on screen and nothing covers it."""
        point = self.centre_of(item)
        assert 0 <= point.x() < self.window.width() and 0 <= point.y() < self.window.height(), \
            f"{describe(item)} is off screen"
        target = self.hit(point)
        assert target is not None and (target is item or item.isAncestorOf(target)), \
            f"a click on the centre of {describe(item)} would reach {target and describe(target)}"
        self.click_at(point)

    def click_and_settle(self, target: str | QQuickItem) -> tuple[str, str]:
        """Click an item (or the one named ``target``), wait until the new view has settled.

        Returns:
            The settled (slide id, page id).
        """
        with self.qtbot.waitSignal(self.backend.settled, timeout=3000) as blocker:
            if isinstance(target, str):
                self.click(target)
            else:
                self.sync()
                self.click_item(target)
        return tuple(blocker.args)

    def tap_background(self) -> None:
        self.sync()
        self.click_at(self.background_point())

    def swipe(self, dx: int, steps: int = 8) -> None:
        """Press in the middle of the slide, move ``dx`` pixels sideways in ``steps`` moves, release."""
        self.sync()
        start = self.background_point()
        QTest.mousePress(self.window, LEFT, NO_MOD, start)
        for step in range(1, steps + 1):
            QTest.mouseMove(self.window, QPoint(start.x() + round(dx * step / steps), start.y() + step % 2))
        QTest.mouseRelease(self.window, LEFT, NO_MOD, QPoint(start.x() + dx, start.y()))

    def next_until(self, slide_id: str, limit: int = 40) -> None:
        """Press Next until ``slide_id`` is on screen."""
        for _ in range(limit):
            if self.view["id"] == slide_id and not self.view["page"]:
                return
            self.click_and_settle("next")
        raise AssertionError(f"{slide_id!r} never came up")

    # ----------------------------------------------------------------- time
    def wake_at(self, now: float) -> None:
        """Set deck time to ``now`` and let the backend's pending timer fire now.

        The timer fires early when ``now`` is before its deadline: the backend must then do
        nothing but schedule itself again.
        """
        self.clock.now = now
        timer = self.timer
        assert timer.isActive(), "the backend has no wake-up scheduled"
        with self.qtbot.waitSignal(timer.timeout, timeout=3000):
            timer.start(0)

    def wait_ms(self) -> int:
        """Real milliseconds the backend's timer is set for (the deck clock runs at scale 1)."""
        assert self.timer.isActive(), "the backend has no wake-up scheduled"
        return self.timer.interval()

    def wait_for_overflow_checks(self) -> None:
        """Wait until no QML Timer in the window is running (FitColumn confirms an overflow
        with a short timer before reporting it), so a report would be in by now. The progress
        indicator's tick (``loopTick``) runs for as long as the loop plays, and is not waited for."""
        def running() -> list:
            return [t for item in self.items() for t in item.findChildren(QObject)
                    if t.metaObject().className() == "QQmlTimer" and t.property("running")
                    and t.objectName() != "loopTick"]
        self.qtbot.waitUntil(lambda: not running(), timeout=3000)

    # ----------------------------------------------------------------- screen
    def grab(self) -> np.ndarray:
        self.sync()
        image = self.window.grabWindow()
        assert not image.isNull()
        assert (image.width(), image.height()) == (self.window.width(), self.window.height())
        return to_gray(image)


def visit(player, deck, paused: bool | None = True) -> Iterator[str]:
    """Go to each slide and page of ``deck`` in turn (:func:`all_positions` order), showing the
    visitor's controls (``paused`` true) or the loop's footer (false), or as the visit leaves them
    (None); yields ``"slide/page"`` once each is drawn."""
    from kiosk.player.navigator import all_positions

    for position in all_positions(deck):
        slide = deck.slides[position.slide]
        if (player.view["id"], player.view["page"]) != (slide.id, ""):
            with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
                player.backend.goTo(slide.id)
        if position.page:
            with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
                player.backend.openPage(position.page)
        if paused is not None and player.backend.paused != paused:
            if paused:
                player.tap_background()
            else:
                player.backend.resume()
        player.sync()
        assert (player.view["id"], player.view["page"] or "") == (slide.id, position.page or "")
        yield f"{slide.id}/{position.page or ''}"


_fonts: list[str] = []


def close_players(made, qtbot) -> None:
    """Stop, close and delete players started by hand: each ``(engine, window, backend)`` of ``made``."""
    for engine, window, backend in made:
        backend.stop()
        window.close()
        with qtbot.waitSignal(engine.destroyed, timeout=3000):
            engine.deleteLater()


def font_family() -> str:
    """Load the bundled fonts once per process (they stay registered with the application)."""
    from kiosk.qt.startup import load_fonts
    if not _fonts:
        _fonts.append(load_fonts())
    return _fonts[0]


def shot(player, name: str) -> None:
    """Keep a picture of the window when KIOSK_SHOTS names a folder."""
    folder = os.environ.get("KIOSK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        player.sync()
        size = f"{player.window.width()}x{player.window.height()}"
        player.window.grabWindow().save(str(Path(folder) / f"{name}-{size}.png"))


def text_item(player, text: str):
    found = [i for i in player.visible_items() if type_name(i) in ("QQuickText", "FitText", "ControlLabel") and i.property("text") == text]
    assert found, f"no visible text {text!r} in {player.texts()}"
    return found[0]


def pick_language(player, code: str) -> None:
    """Tap the screen, the Language control, then the language's own name."""
    if not player.backend.paused:
        player.tap_background()
    player.click("language")
    assert player.has("languagePicker")
    shot(player, "picker")
    with player.qtbot.waitSignal(player.backend.visitorChanged, timeout=3000):
        player.click(f"lang-{code}")
    player.sync()
    assert not player.has("languagePicker")


_TOUCHSCREENS: list = []


def touchscreen():
    """One touchscreen device for the whole run (Qt keeps every device it is told of)."""
    if not _TOUCHSCREENS:
        _TOUCHSCREENS.append(QTest.createTouchDevice())
    return _TOUCHSCREENS[0]


def tap_by(player: Player, point: QPoint, how: str) -> None:
    """A tap at ``point`` (window coordinates), through the real window, by ``how``: ``mouse``
    (a click) or ``finger`` (a touch on a touchscreen)."""
    if how == "mouse":
        QTest.mouseClick(player.window, LEFT, NO_MOD, point)
    else:
        QTest.touchEvent(player.window, touchscreen()).press(0, point, player.window).commit()
        QTest.touchEvent(player.window, touchscreen()).release(0, point, player.window).commit()
