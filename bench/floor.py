"""The benchmark's floor: the least a Qt Quick kiosk can cost on this machine.

A bare Qt Quick window holding one Text, made the way the kiosk makes its window (a QML
``Window`` loaded by a ``QQmlApplicationEngine``), on the same offscreen platform with the
same software renderer. Whatever the kiosk costs beyond this is the kiosk's own doing.

Run by ``bench/bench.py``; by hand::

    .venv/bin/python bench/floor.py --log-json /tmp/floor.jsonl      # runs until killed
    .venv/bin/python bench/floor.py --fades 5                          # prints frame intervals as JSON

``--log-json`` writes the same JSON lines as ``kiosk run --log-json``: ``started`` and
``first_frame`` (with ``since_start``, seconds since the process started, from /proc).
``--fades N`` animates the Text's opacity N times for 400 ms, as the kiosk cross-fades
slides, and prints the intervals between ``frameSwapped`` signals (see
:func:`record_transitions`, which ``bench.py`` also uses on the kiosk).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QEventLoop, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtQml import QQmlApplicationEngine  # noqa: E402
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface  # noqa: E402

from kiosk.events import EventLog, process_age  # noqa: E402

#: Cross-fade length, as the kiosk's (kiosk.qt.backend.TRANSITION_MS; copied, not imported,
#: so the floor loads no more of the kiosk than its event log).
FADE_MS = 400

FLOOR_QML = b"""
import QtQuick
import QtQuick.Window

Window {
    visible: true
    color: "#0e2238"
    title: "Floor"
    Text {
        id: label
        objectName: "label"
        anchors.centerIn: parent
        text: "Floor"
        color: "#ffffff"
        font.pixelSize: 72
    }
    NumberAnimation {
        id: fade
        objectName: "fade"
        target: label
        property: "opacity"
        duration: %d
        easing.type: Easing.InOutQuad
    }
    // Fade the Text to 0.2 or back to 1, alternately (called by --fades).
    function startFade() {
        fade.stop()
        fade.from = label.opacity
        fade.to = label.opacity > 0.5 ? 0.2 : 1
        fade.start()
    }
}
""" % FADE_MS


def wait_ms(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def record_transitions(window: QQuickWindow, start, finished, count: int, *, gap_ms: int = 600,
                       timeout_ms: int = 3000) -> dict:
    """Time the frames of ``count`` transitions.

    For each one: wait ``gap_ms`` with the window idle, note the time, call ``start(i)``
    (which starts the transition), and collect every ``frameSwapped`` until the signal
    ``finished`` fires, plus the one frame after it (the frame showing the end state).

    The intervals are: from the call of ``start`` to the first frame swapped (this one
    includes any work ``start`` does synchronously, e.g. loading the next slide), then
    between consecutive frames.

    Returns:
        ``{"max_ms", "first_ms", "anim_max_ms", "frames", "per_transition": [...]}``, where
        ``first_ms`` is the worst start-to-first-frame interval, ``anim_max_ms`` the worst
        interval between frames once the transition is under way, ``frames`` the frames per
        transition, and ``idle_fps`` the frames swapped per second in the idle gaps
        (0 for a window that renders only on change).
    """
    swaps: list[float] = []
    window.frameSwapped.connect(lambda: swaps.append(time.perf_counter()), Qt.ConnectionType.DirectConnection)
    done: list[float] = []
    finished.connect(lambda *_: done.append(time.perf_counter()))
    per: list[dict] = []
    idle_frames = 0
    idle_seconds = 0.0
    for i in range(count):
        swaps.clear()
        idle_start = time.perf_counter()
        wait_ms(gap_ms)
        idle_frames += len(swaps)
        idle_seconds += time.perf_counter() - idle_start
        swaps.clear()
        done.clear()
        t0 = time.perf_counter()
        start(i)
        waited = 0
        while not done and waited < timeout_ms:
            wait_ms(20)
            waited += 20
        wait_ms(120)  # let the end-state frame through
        end = done[0] if done else float("inf")
        frames = [s for s in swaps if s <= end]
        after = [s for s in swaps if s > end]
        if after:
            frames.append(after[0])
        stamps = [t0] + frames
        gaps = [(b - a) * 1000 for a, b in zip(stamps, stamps[1:])]
        per.append({
            "finished": bool(done),
            "frames": len(frames),
            "first_ms": round(gaps[0], 2) if gaps else None,
            "anim_max_ms": round(max(gaps[1:]), 2) if len(gaps) > 1 else None,
            "max_ms": round(max(gaps), 2) if gaps else None,
            "duration_ms": round((end - t0) * 1000, 1) if done else None,
        })
    good = [p for p in per if p["max_ms"] is not None]
    return {
        "max_ms": max((p["max_ms"] for p in good), default=None),
        "first_ms": max((p["first_ms"] for p in good), default=None),
        "anim_max_ms": max((p["anim_max_ms"] for p in good if p["anim_max_ms"] is not None), default=None),
        "frames": [p["frames"] for p in per],
        "idle_fps": round(idle_frames / idle_seconds, 2) if idle_seconds else None,
        "per_transition": per,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A bare Qt Quick window with one Text (the benchmark floor).")
    parser.add_argument("--size", default="1920x1080", metavar="WxH")
    parser.add_argument("--log-json", metavar="FILE", help="write started/first_frame events as JSON lines")
    parser.add_argument("--fades", type=int, default=0, metavar="N",
                        help="fade the Text N times, print frame intervals as JSON, and quit")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))

    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    app = QGuiApplication(sys.argv[:1])
    log = EventLog(args.log_json)
    log.write("started", mode="floor", pid=os.getpid())
    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray(FLOOR_QML), QUrl("floor.qml"))
    if not engine.rootObjects():
        print("floor: the window could not be created", file=sys.stderr)
        return 1
    window: QQuickWindow = engine.rootObjects()[0]
    window.resize(width, height)

    def first_frame() -> None:
        window.frameSwapped.disconnect(first_frame)
        log.write("first_frame", since_start=round(process_age(), 4))

    window.frameSwapped.connect(first_frame)
    window.show()

    if args.fades:
        from PySide6.QtCore import QMetaObject, QObject

        fade = window.findChild(QObject, "fade")
        wait_ms(1500)
        result = record_transitions(window, lambda i: QMetaObject.invokeMethod(window, "startFade"),
                                    fade.finished, args.fades)
        print(json.dumps(result))
        log.close()
        return 0
    # Otherwise run until killed (SIGTERM's default action ends it; nothing to clean up).
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
