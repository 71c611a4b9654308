"""A command killed outright leaves its scratch folder (a bundle unpacked to be checked, up to
200 MB); the next command that unpacks one in the same place removes it."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from kiosk import paths
from tests.helpers.process import environment, kiosk

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX signals and owners")


def test_a_bundle_unpacked_by_a_killed_validate_is_removed_by_the_next(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**environment(), "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temporary),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    bundle = tmp_path / "deck.zip"
    packed = subprocess.run(kiosk("pack", str(paths.default_deck()), "--out", str(bundle)), env=env,
                            capture_output=True, text=True, timeout=120)
    assert packed.returncode == 0, packed.stderr
    proc = subprocess.Popen(kiosk("validate", "--no-cache", str(bundle)), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not [p for p in temporary.glob(".kiosk-bundle-*") if (p / "deck.yaml").exists()]:
        assert proc.poll() is None and time.monotonic() < deadline, "the bundle was never unpacked"
        time.sleep(0.005)
    proc.kill()
    proc.wait(timeout=30)
    [left] = list(temporary.glob(".kiosk-bundle-*"))
    assert left.name.startswith(f".kiosk-bundle-{proc.pid}-")
    done = subprocess.run(kiosk("validate", "--no-fit", str(bundle)), env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(temporary.glob(".kiosk-bundle-*")) == []  # the killed one's, and its own
