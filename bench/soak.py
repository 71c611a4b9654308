"""Soak: play a deck through the real player (Backend + QML) for many slide changes, in this process.

Used by ``tests/gui/test_soak.py`` (a leak detector) and ``bench/bench.py`` (memory growth per
1,000 slide changes). Time is faked, so 1,000 changes take seconds, not hours: each change
is the backend's own timer fired at once (the attract loop, and the return to it after a
touch), or a touch action (next, a signs page, back, Get help), and each is drawn before the
next (the window's ``frameSwapped``). Memory is read from ``/proc/self/smaps_rollup``.

Run alone::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/soak.py --changes 3000
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "slides" / "freedom-week-2019"
#: Distinct QR payloads added to the soak deck: more than the QR cache holds (64).
EXTRA_QR_SLIDES = 80
MIB = 1024 * 1024
#: Steps between touch actions (each touch ends with a return to the loop's first slide).
TOUCH_EVERY = 150


def memory_kib() -> dict[str, int]:
    """Rss and Pss of this process, in KiB (``/proc/self/smaps_rollup``; Linux 4.14+)."""
    out: dict[str, int] = {}
    with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                out[key] = int(rest.split()[0])
    return out


def make_soak_deck(folder: Path) -> Path:
    """The bundled deck plus an image slide and :data:`EXTRA_QR_SLIDES` text slides, each with its own QR code.

    The extra links use ``example.org`` (reserved for examples, RFC 2606). Returns the deck folder.
    """
    from PySide6.QtGui import QColor, QImage

    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(BUNDLED, folder)
    image = QImage(800, 450, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    image.save(str(folder / "picture.png"))
    extra = ["", "  - {id: soak-picture, type: image, image: picture.png, alt: A plain blue picture,"
                 " caption: A picture slide}"]
    for number in range(EXTRA_QR_SLIDES):
        extra.append(f"  - {{id: soak-{number}, type: text, title: Soak slide {number}, body: Text for the soak.,"
                     f" duration: 5, qr: {{link: \"https://example.org/soak/{number}\", label: Example {number}}}}}")
    with open(folder / "deck.yaml", "a", encoding="utf-8") as deck:
        deck.write("\n".join(extra) + "\n")
    return folder


@dataclass
class Sample:
    """Figures after ``changes`` slide changes: memory in KiB and object counts."""

    changes: int
    rss_kib: int
    pss_kib: int
    objects: dict[str, int] = field(default_factory=dict)


class Soak:
    """The real player on a fake clock, stepped one slide change at a time.

    Args:
        folder: a deck folder (see :func:`make_soak_deck`).
        size: window size in pixels.

    Needs a ``QGuiApplication`` set up as :func:`kiosk.qt.startup._application` does.
    """

    def __init__(self, folder: Path, size: tuple[int, int] = (960, 540)) -> None:
        from PySide6 import QtQuick  # noqa: F401 - the window is a QQuickWindow to Python only with these bindings
        from PySide6.QtCore import QObject, QTimer

        from kiosk.deck import load_deck
        from kiosk.events import EventLog
        from kiosk.qt.backend import Backend
        from kiosk.qt.startup import _engine, load_fonts

        result = load_deck(folder)
        if not result.ok:
            raise ValueError("; ".join(str(p) for p in result.problems))
        self.deck = result.deck
        self.now = 0.0
        self.backend = Backend(result.deck, result.folder, EventLog(None), clock=lambda: self.now, transition_ms=0)
        self.engine = _engine(self.backend, load_fonts())
        self.window = self.engine.rootObjects()[0]
        self.window.resize(*size)
        self.window.show()
        self._touch_controls = self.window.findChild(QObject, "touchControls")  # Main.qml's, for good
        self.timer = self.backend.findChildren(QTimer)[0]
        self.changes = 0
        self.steps = 0
        self._settled = 0
        self.backend.settled.connect(self._on_settled)
        self.types_shown: set[str] = set()
        self.item_counts: dict[str, int] = {}
        self.item_count_changes: list[str] = []
        self._draw()

    def _on_settled(self, *_args) -> None:
        self._settled += 1

    def _wait(self, condition, timeout_ms: int = 5000) -> None:
        from PySide6.QtCore import QDeadlineTimer, QEventLoop
        from PySide6.QtGui import QGuiApplication

        deadline = QDeadlineTimer(timeout_ms)
        while not condition():
            if deadline.hasExpired():
                raise TimeoutError(f"the player did not respond within {timeout_ms} ms")
            QGuiApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)

    def _draw(self) -> None:
        swapped: list[bool] = []
        connection = self.window.frameSwapped.connect(lambda: swapped.append(True))
        self.window.update()
        self._wait(lambda: bool(swapped))
        self.window.frameSwapped.disconnect(connection)

    def _change(self, action) -> None:
        """Run ``action`` and wait until the view it brings has settled and been drawn."""
        before = self._settled
        shown = self.backend.view
        action()
        if self.backend.view is shown:
            return
        self._wait(lambda: self._settled > before)
        self._draw()
        self.changes += 1
        view = self.backend.view
        self.types_shown.add(view["type"])
        self._check_items(view["id"] + "/" + (view["page"] or ""))

    def _check_items(self, key: str) -> None:
        """Items in the window for this view: the same number every time it is shown (after the
        first) in the loop, and every time it is shown paused (the controls then make their labels).
        The footer's controls are made at the first touch and kept (Main.qml ``touchControls``): a
        view in the loop is counted apart before and after."""
        root = self.window.contentItem()
        if self.backend.paused:
            key += " (paused)"
        elif self._touch_controls.property("item") is not None:  # made at the first touch, and kept
            key += " (controls made)"
        count = _count_items(root)
        first = self.item_counts.setdefault(key, count)
        if count != first:
            self.item_count_changes.append(f"{key}: {first} -> {count} items")

    def step(self) -> None:
        """One step: mostly the loop's timer; every :data:`TOUCH_EVERY` steps a touch action (the next
        timer then returns to the start of the loop)."""
        self.steps += 1
        if self.steps % TOUCH_EVERY == TOUCH_EVERY // 2:
            actions = [self.backend.next, self.backend.getHelp, self.backend.spotTheSigns,
                       lambda: self.backend.openPage(self._first_page()), self.backend.back, self.backend.previous]
            self._change(lambda: (self.backend.tap(), actions[(self.steps // TOUCH_EVERY) % len(actions)]()))
            return
        deadline = self.backend.navigator.next_deadline()
        self.now = max(self.now, deadline if deadline is not None else self.now)

        def fire() -> None:
            fired: list[bool] = []
            connection = self.timer.timeout.connect(lambda: fired.append(True))
            self.timer.start(0)
            self._wait(lambda: bool(fired))
            self.timer.timeout.disconnect(connection)
        self._change(fire)

    def _first_page(self) -> str:
        view = self.backend.view
        tiles = view.get("tiles") or []
        return tiles[0]["id"] if tiles else ""

    def sample(self) -> Sample:
        """Collect garbage (Python and QML) and read memory and object counts."""
        from PySide6.QtCore import QObject
        from PySide6.QtGui import QGuiApplication

        gc.collect()
        self.engine.collectGarbage()
        self._draw()
        _malloc_trim()
        memory = memory_kib()
        objects = {
            "backend children": len(self.backend.findChildren(QObject)),
            "application children": len(QGuiApplication.instance().children()),
            "engine children": len(self.engine.findChildren(QObject)),
        }
        return Sample(self.changes, memory.get("Rss", 0), memory.get("Pss", 0), objects)

    def run(self, changes: int, every: int = 100) -> list[Sample]:
        """Make ``changes`` slide changes, sampling every ``every``; returns the samples (the first at 0)."""
        samples = [self.sample()]
        while self.changes < changes:
            self.step()
            if self.changes % every == 0 and self.changes != samples[-1].changes:
                samples.append(self.sample())
        return samples

    def close(self) -> None:
        """Stop the player and delete its window and engine."""
        from PySide6.QtCore import QCoreApplication, QEvent

        self.backend.stop()
        self.window.close()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _malloc_trim() -> None:
    """Give freed heap memory back to the system (glibc ``malloc_trim``), so Pss shows live memory only."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _count_items(item) -> int:
    return 1 + sum(_count_items(child) for child in item.childItems())


def growth_per_1000(samples: list[Sample], warm_up: int, key: str = "rss_kib") -> float:
    """Memory growth in MiB per 1,000 changes after ``warm_up`` changes (least-squares slope).

    ``key`` is ``"rss_kib"`` (the default: resident memory of this process alone) or
    ``"pss_kib"`` (shared pages divided among their users, so it moves when other processes
    that use the same Qt libraries start or stop).
    """
    points = [(s.changes, getattr(s, key) / 1024) for s in samples if s.changes >= warm_up]
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)
    return slope * 1000


def main(argv: list[str] | None = None) -> int:
    """Print memory after each 100 changes and the growth per 1,000 changes after warm-up."""
    import os
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--warm-up", type=int, default=500)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from kiosk.qr import qr_matrix
    from kiosk.qt.startup import _application

    app = _application(headless=True)
    soak = Soak(make_soak_deck(Path(tempfile.mkdtemp(prefix="kiosk-soak-")) / "deck"))
    samples = soak.run(args.changes)
    for s in samples:
        print(f"{s.changes:6d} changes  Rss {s.rss_kib / 1024:7.1f} MiB  Pss {s.pss_kib / 1024:7.1f} MiB  {s.objects}")
    print(f"slide types shown: {', '.join(sorted(soak.types_shown))}")
    print(f"QR cache: {qr_matrix.cache_info().currsize} codes (at most {qr_matrix.cache_info().maxsize})")
    print(f"views whose item count changed: {soak.item_count_changes or 'none'}")
    print(f"memory growth after {args.warm_up} changes: {growth_per_1000(samples, args.warm_up):.2f} MiB Rss, "
          f"{growth_per_1000(samples, args.warm_up, 'pss_kib'):.2f} MiB Pss per 1,000 slide changes (goal: under 2 MiB)")
    if args.json:
        import json
        args.json.write_text(json.dumps({
            "changes": soak.changes, "warm_up": args.warm_up,
            "rss_growth_mib_per_1000": growth_per_1000(samples, args.warm_up),
            "pss_growth_mib_per_1000": growth_per_1000(samples, args.warm_up, "pss_kib"),
            "rss_mib_end": samples[-1].rss_kib / 1024, "item_count_changes": soak.item_count_changes,
            "objects_start": samples[0].objects, "objects_end": samples[-1].objects}))
    soak.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
