"""Fixtures of the GUI tests: the application set up as ``kiosk run`` sets it up, real players,
a player with its staff layer, in kiosk mode, or outside its opening hours.

Each player starts the way ``kiosk run`` starts it (``_application``, ``Backend``, ``_engine``,
``load_fonts``), on the software scene graph, with a fake deck clock, a 0 ms cross-fade and a
real event log.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QWindow
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from helpers.gui import FakeClock, Player, font_family
from helpers.staff import HOLD_MS, NOON
from kiosk import display, health, logs, pin
from kiosk.events import EventLog
from kiosk.player.hours import OpeningHours
from kiosk.qt import kioskmode
from kiosk.qt.hours import Opening
from kiosk.qt.staff import StaffBackend, library_decks

FULL_HD = (1920, 1080)
Key = Qt.Key


@pytest.fixture(scope="session")
def kiosk_app(qapp):
    """pytest-qt's application, set up once as ``kiosk run`` sets it up (``_application``).

    The scene graph backend can be chosen only before the first window of the process, and
    choosing it again later prints a warning, so this happens once per session.
    """
    from kiosk.qt.startup import _application

    if QQuickWindow.sceneGraphBackend() != "software":  # not chosen yet in this process
        # As on a kiosk PC with no GPU driver (``_application`` also does this when
        # QT_QPA_PLATFORM=offscreen, but not under a real display).
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
        app = _application(headless=False)
        assert app is qapp, "the player must run on pytest-qt's application"
    assert QQuickWindow.sceneGraphBackend() == "software"
    return qapp


@pytest.fixture
def make_player(kiosk_app, qtbot, tmp_path, bundled_deck):
    """Start real players: ``make_player(load_result=None, size=(1920, 1080)) -> Player``.

    Torn down in reverse: backend timer stopped, window closed, engine deleted, log closed;
    any Qt warning printed while tearing down fails the test.
    """
    from kiosk.events import EventLog
    from kiosk.qt.backend import Backend
    from kiosk.qt.startup import _engine

    started: list[tuple[Player, EventLog]] = []

    def make(result=None, size: tuple[int, int] = FULL_HD, rotation: int = 0, staff=None, opening=None,
             fit_memo=None, transition_ms: int = 0) -> Player:
        result = result or bundled_deck
        assert result.ok, [str(p) for p in result.problems]
        log_path = tmp_path / f"events-{len(started)}.jsonl"
        log = EventLog(log_path)
        told: list[dict] = []
        log.add_observer(lambda event, fields: told.append({"event": event, **fields}))
        clock = FakeClock()
        backend = Backend(result.deck, result.folder, log, clock=clock, transition_ms=transition_ms,
                          fit_memo=fit_memo)
        settled: list[tuple[str, str]] = []
        backend.settled.connect(lambda slide, page: settled.append((slide, page)))
        staff_backend = staff(backend, log) if staff else None  # staff(backend, log) -> StaffBackend
        hours = opening(backend, log) if opening else None  # opening(backend, log) -> Opening
        engine = _engine(backend, font_family(), staff_backend, rotation, hours)
        roots = engine.rootObjects()
        assert len(roots) == 1 and isinstance(roots[0], QQuickWindow), roots
        window: QQuickWindow = roots[0]
        player = Player(qtbot, window, engine, backend, clock, log_path, result.deck, settled, staff_backend,
                        told)
        started.append((player, log))
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        content = window.contentItem()
        qtbot.waitUntil(lambda: (content.width(), content.height()) == size, timeout=3000)
        player.sync()
        assert window.rendererInterface().graphicsApi() == QSGRendererInterface.GraphicsApi.Software
        return player

    yield make

    problems: list[str] = []

    def collect(kind, context, message):
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            problems.append(message)

    previous = qInstallMessageHandler(collect)
    try:
        for player, log in reversed(started):
            player.backend.stop()
            player.window.close()
            engine = player.engine
            with qtbot.waitSignal(engine.destroyed, timeout=3000):
                engine.deleteLater()
            log.close()
    finally:
        qInstallMessageHandler(previous)
    assert not problems, f"Qt warnings while tearing down: {problems}"


@pytest.fixture
def config(tmp_path, monkeypatch):
    """An empty configuration folder for the PIN file (``KIOSK_CONFIG_DIR``)."""
    folder = tmp_path / "config"
    monkeypatch.setenv(pin.CONFIG_ENV, str(folder))
    return folder


@pytest.fixture
def start(make_player, config):
    """``start(size=..., rotation=..., decks=..., idle_ms=...) -> Player`` with a staff layer.

    ``player.exits`` counts Exit requests; ``player.lock_clock`` drives the wait after wrong PINs.
    """
    def make(size=(1920, 1080), rotation=0, decks=library_decks, idle_ms=60_000, result=None,
             wall=lambda: NOON, library=None, refused=(None, ()), switch_note=None, checked=None) -> Player:
        lock_clock, exits = FakeClock(1000.0), []

        def staff(backend, log):
            return StaffBackend(backend, log, decks=decks, clock=lock_clock, rotation=rotation,
                                on_exit=lambda: exits.append(True), idle_ms=idle_ms, hold_ms=HOLD_MS,
                                wall=wall, library=library, refused=refused, switch_note=switch_note,
                                checked=checked)

        player = make_player(result, size=size, rotation=rotation, staff=staff)
        player.staff.window = player.window
        player.lock_clock, player.exits = lock_clock, exits
        return player
    return make




@pytest.fixture
def kiosk_window(start, kiosk_app):
    """A player in kiosk mode with the guard installed; the guard goes before the window closes."""
    player = start()
    events: list[tuple[str, dict]] = []
    guard = kioskmode.KioskGuard(lambda event, **fields: events.append((event, fields)))
    kioskmode.enter(player.window, kioskmode.choose_screen(0), guard)
    player.qtbot.waitUntil(lambda: player.window.visibility() == QWindow.Visibility.FullScreen, timeout=3000)
    player.window.requestActivate()  # taken in by the desktop: full-screen and active (FullScreenKeeper.settled)
    player.qtbot.waitUntil(player.window.isActive, timeout=3000)
    yield player, guard, events
    player.window.setProperty("guard", None)
    guard.allow_exit()


LONDON = ZoneInfo("Europe/London")
WEEKDAYS_9_TO_5 = {d: ["09:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}


class WallClock:
    """Fake wall-clock time for :class:`Opening` (an aware datetime the test moves)."""

    def __init__(self, text: str) -> None:
        self.now = dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def closed_player(make_player):
    """A player on Monday 2026-11-30 at 08:00, before a 09:00-17:00 opening; screen power faked."""
    wall = WallClock("2026-11-30 08:00")
    power_calls: list[bool] = []

    def power(on: bool) -> list[display.Attempt]:
        power_calls.append(on)
        return [display.Attempt("xset dpms force " + ("on" if on else "off"), True)]

    made: list[Opening] = []

    def hours(backend, log: EventLog) -> Opening:  # writes to the player's own event log
        made.append(Opening(OpeningHours.parse(WEEKDAYS_9_TO_5, LONDON), backend, log, wake_minutes=5,
                            now=wall, power=power))
        return made[-1]

    player = make_player(opening=hours)
    yield player, made[0], wall, power_calls
    made[0].timer.stop()


@pytest.fixture
def fresh_health():
    """No staff-page problems or log handlers left over from another test, before or after."""
    health.clear()
    yield
    health.clear()
    logs.stop()
