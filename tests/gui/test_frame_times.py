"""The cross-fades' frame report (``KIOSK_FRAME_TIMES``, kiosk.qt.frametimes) of the kiosk and of
the benchmark's bare window, read back as the side-by-side benchmark reads it; and what the loop
costs while nothing moves: the slide layers and the place-in-the-loop bar's tick."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QByteArray, QMetaObject, QObject, Qt, QUrl
from PySide6.QtQml import QQmlApplicationEngine, QQmlProperty
from PySide6.QtQuick import QQuickItem

from helpers import ROOT
from helpers.gui import walk

sys.path.insert(0, str(ROOT / "bench"))
import bare  # noqa: E402 - bench/bare.py
import xbench  # noqa: E402 - bench/xbench.py


def complete_fades(path) -> list[dict]:
    return xbench.fade_frames(path.read_text()) if path.exists() else []


def fading(monkeypatch, **options) -> None:
    """Players made next cross-fade as the kiosk does (the test players cut), with ``options``."""
    from kiosk.qt import backend as backend_module
    from kiosk.qt.backend import TRANSITION_MS

    made = backend_module.Backend.__init__
    monkeypatch.setattr(backend_module.Backend, "__init__",
                        lambda self, *a, **k: made(self, *a, **{**k, "transition_ms": TRANSITION_MS, **options}))


def test_the_kiosk_writes_each_fades_frames_when_asked(make_player, tmp_path, qtbot, monkeypatch):
    from kiosk.qt.frametimes import record

    fading(monkeypatch)
    player = make_player()
    report = tmp_path / "frames.txt"
    assert record(player.window, str(report)) is not None
    fade = player.window.findChild(QObject, "fade")
    with qtbot.waitSignal(fade.runningChanged, timeout=3000):
        player.backend.next()
    qtbot.waitUntil(lambda: len(complete_fades(report)) == 1, timeout=5000)
    (only,) = complete_fades(report)
    assert len(only["gaps_ms"]) >= 2, "the fade's frames and the one after it"
    assert all(gap >= 0 for gap in only["gaps_ms"]) and all(work >= 0 for work in only["work_ms"])
    lines = report.read_text().splitlines()
    assert lines[0].startswith("fade ") and any(line.startswith("end ") for line in lines)


def test_without_a_fade_the_report_is_not_started(kiosk_app, tmp_path):
    from PySide6.QtQuick import QQuickWindow

    from kiosk.qt.frametimes import record

    window = QQuickWindow()
    assert record(window, str(tmp_path / "frames.txt")) is None
    assert not (tmp_path / "frames.txt").exists()


def test_a_report_that_cannot_be_written_is_said_and_the_kiosk_plays_on(make_player, tmp_path, capsys):
    from kiosk.qt.frametimes import record

    player = make_player()
    assert record(player.window, str(tmp_path / "missing" / "frames.txt")) is None
    assert "KIOSK_FRAME_TIMES: cannot write" in capsys.readouterr().err


def test_the_bare_window_writes_the_same_report(kiosk_app, tmp_path, qtbot):
    engine = QQmlApplicationEngine()
    engine.rootContext().setContextProperty("bench", QObject())
    engine.loadData(QByteArray(bare.qml_source(300, 100).replace("bench.fade()", "").encode()),
                    QUrl.fromLocalFile(str(tmp_path / "bare.qml")))
    window = engine.rootObjects()[0]
    report = tmp_path / "frames.txt"
    bare.record_frames(window, str(report))
    qtbot.waitUntil(lambda: len(complete_fades(report)) >= 1, timeout=5000)
    assert len(complete_fades(report)[0]["gaps_ms"]) >= 2
    window.close()
    with qtbot.waitSignal(engine.destroyed, timeout=3000):
        engine.deleteLater()


@pytest.mark.parametrize("asked", [True, False])
def test_kiosk_run_reports_frames_only_when_asked(tmp_path, asked):
    report = tmp_path / "frames.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "KIOSK_FRAME_TIMES")}
    if asked:
        env["KIOSK_FRAME_TIMES"] = str(report)
    # One loop of the bundled deck at 60 times its pace: 15 changes, each with a (shortened) cross-fade.
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "60",
                           "--log-json", str(tmp_path / "events.jsonl"), str(ROOT / "slides" / "freedom-week-2019")],
                          capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    if asked:
        assert len(complete_fades(report)) >= 5
    else:
        assert not report.exists()


# --------------------------------------------------------------------------- nothing moves, nothing runs
def layered(player) -> list[bool]:
    return [QQmlProperty(player.window.findChild(QQuickItem, name), "layer.enabled").read()
            for name in ("layerA", "layerB")]


def running_timers(player) -> dict[str, int]:
    """The QML timers running in the window: name to interval in ms."""
    player.sync()  # the outgoing slide's items are gone
    return {t.objectName() or "(unnamed)": t.property("interval") for item in player.items()
            for t in item.findChildren(QObject) if t.metaObject().className() == "QQmlTimer" and t.property("running")}


def test_a_still_slide_in_the_loop_holds_no_layer_and_only_the_bars_tick_runs(make_player, monkeypatch, qtbot):
    fading(monkeypatch)
    player = make_player()
    with qtbot.waitSignal(player.backend.settled, timeout=5000):
        player.wake_at(player.deck.dwell_of(player.deck.slides[0]))  # the loop moves on, with a cross-fade
    player.wait_for_overflow_checks()
    assert layered(player) == [False, False], "a still slide holds no slide-sized picture: it is drawn as it is"
    timers = running_timers(player)
    assert list(timers) == ["loopTick"]
    assert timers["loopTick"] == pytest.approx(player.backend.loop["dwellMs"] / 4, abs=50), "it wakes once a quarter"


def qml_call(item, name: str, elapsed: float) -> float:
    """Call the QML function ``name(elapsed)`` of ``item``."""
    return QMetaObject.invokeMethod(item, name, Qt.ConnectionType.DirectConnection,
                                    Q_RETURN_ARG("QVariant"), Q_ARG("QVariant", elapsed))


def test_the_bar_steps_in_quarters_of_the_dwell(make_player):
    player = make_player()
    place = player.find("loopPlace")
    dwell = player.backend.loop["dwellMs"]

    def call(name: str, elapsed: float) -> float:
        return qml_call(place, name, elapsed)

    assert [call("stepsLeft", f * dwell) for f in (0, 0.1, 0.25, 0.26, 0.5, 0.74, 0.76, 0.99, 1, 1.5)] == \
        [4, 4, 3, 3, 2, 2, 1, 1, 0, 0]
    assert call("untilNextStep", 0) == pytest.approx(dwell / 4)
    assert call("untilNextStep", 0.1 * dwell) == pytest.approx(0.15 * dwell)


@pytest.fixture(scope="module")
def place_of_a_player(kiosk_app, tmp_path_factory):
    """One player's place-in-the-loop item, for many examples (made once: no fixture per example)."""
    from helpers.gui import FakeClock, font_family
    from kiosk import paths
    from kiosk.deck import load_deck
    from kiosk.events import EventLog
    from kiosk.qt.backend import Backend
    from kiosk.qt.startup import _engine, lay_out

    result = load_deck(paths.default_deck())
    backend = Backend(result.deck, result.folder, EventLog(None), clock=FakeClock(), transition_ms=0)
    engine = _engine(backend, font_family())
    window = engine.rootObjects()[0]
    lay_out(window, (1920, 1080))
    place = next(i for i in walk(window.contentItem()) if i.objectName() == "loopPlace")
    yield place, backend.loop["dwellMs"]
    backend.stop()
    window.close()
    engine.deleteLater()


@given(elapsed=st.floats(min_value=0, max_value=2, allow_nan=False))
@settings(max_examples=60, deadline=None)
def test_each_step_wakes_exactly_at_the_next_border(place_of_a_player, elapsed):
    place, dwell = place_of_a_player
    at = elapsed * dwell
    left = qml_call(place, "stepsLeft", at)
    assert 0 <= left <= 4 and left == math.ceil(max(0.0, dwell - at) * 4 / dwell - 1e-9)
    if left > 0:
        wait = qml_call(place, "untilNextStep", at)
        assert 0 < wait <= dwell / 4 + 1e-6
        assert qml_call(place, "stepsLeft", at + wait) == left - 1, "one step further, not two"
        assert qml_call(place, "stepsLeft", at + wait - 1) == left, "and not before the border"


def test_reduced_motion_has_no_fade_no_layer_and_no_tick(make_player, monkeypatch, qtbot):
    fading(monkeypatch, reduced_motion=True, transition_ms=0)  # as kiosk.qt.player.transition_ms sets it
    player = make_player()
    player.wait_for_overflow_checks()
    assert running_timers(player) == {}, "nothing wakes the kiosk on a still slide"
    fade = player.window.findChild(QObject, "fade")
    seen: list[bool] = []
    fade.runningChanged.connect(lambda running: seen.append(layered(player) == [False, False]))
    with qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.backend.next()
    assert all(seen), "a cut draws no layer"
    assert layered(player) == [False, False] and running_timers(player) == {}
