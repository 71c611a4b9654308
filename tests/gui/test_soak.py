"""Soak: 1,200 slide changes through the real player (Backend + QML), offscreen, on a fake clock.

A leak detector, not a timing test: after a warm-up, memory must stay flat (within a bound
generous enough never to flake), no QObject or QQuickItem may be left behind, the QR cache
stays bounded, and pytest-qt fails the test on any Qt warning. Every slide type is shown,
including the pages of a signs section and an image, with more distinct QR codes than the
cache holds. Takes about 10 seconds.
"""

from __future__ import annotations

import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import soak  # noqa: E402 - bench/soak.py, the driver shared with the benchmark

from kiosk.qr import qr_matrix  # noqa: E402

CHANGES = 1200
WARM_UP = 400
#: Largest growth of resident memory allowed over the second half, in MiB. Before the leak
#: fixed in Main.qml it grew about 1.5 MiB over 600 changes; now about 0.3.
GROWTH_LIMIT_MIB = 8


@pytest.fixture
def soak_run(kiosk_app, tmp_path):
    run = soak.Soak(soak.make_soak_deck(tmp_path / "deck"))
    yield run
    run.close()


@pytest.mark.soak
def test_soak_memory_objects_and_caches_stay_flat(soak_run):
    samples = soak_run.run(CHANGES, every=100)
    assert soak_run.changes >= CHANGES
    assert soak_run.types_shown == {"title", "text", "stats", "events", "signs", "signs-page", "helpline", "image"}

    # No item left behind: each view has the same number of items every time it is shown.
    assert soak_run.item_count_changes == []
    # No QObject (timer, connection helper) left behind on the backend, the application or the engine.
    warm = next(s for s in samples if s.changes >= WARM_UP)
    assert samples[-1].objects == warm.objects, (warm.objects, samples[-1].objects)
    assert samples[-1].objects["backend children"] == 1  # its one wake-up timer

    # More distinct QR codes were shown than the cache holds: it stays at its bound.
    info = qr_matrix.cache_info()
    assert soak.EXTRA_QR_SLIDES > info.maxsize and info.currsize == info.maxsize

    # Memory settles after the warm-up and stays flat over the second half.
    half = next(s for s in samples if s.changes >= CHANGES // 2)
    growth_mib = (samples[-1].rss_kib - half.rss_kib) / 1024
    assert growth_mib < GROWTH_LIMIT_MIB, [(s.changes, s.rss_kib // 1024) for s in samples]


