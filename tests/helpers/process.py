"""The real ``kiosk`` command in a subprocess, and its JSON event log read back while it runs."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def kiosk(*args: str) -> list[str]:
    return [sys.executable, "-X", "faulthandler", "-m", "kiosk", *args]


def environment() -> dict[str, str]:
    env = {**os.environ}
    env.pop("DISPLAY", None)
    return env


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.endswith("}")]


def wait_for_event(path: Path, kind: str, count: int = 1, timeout: float = 30.0) -> list[dict]:
    """Read the running kiosk's log until ``count`` events of ``kind`` are there (a subprocess has no signal)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [e for e in read_events(path) if e["event"] == kind]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no {count} '{kind}' events in {timeout} s: {read_events(path)}")


def files_cut_at(size: int):
    """A ``preexec_fn`` for :func:`subprocess.run`: every file the child writes stops taking bytes
    at ``size`` bytes (``RLIMIT_FSIZE``; the write fails with ``EFBIG`` instead of the signal
    killing the child), as a disk that fills while the kiosk plays. The start-up checks, which
    write a byte beside each output, pass."""
    import resource
    import signal

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an ignored signal stays ignored across exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit
