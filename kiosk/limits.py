"""Limits a child process sets on itself before it reads anything a user gave (no Qt here).

The kiosk reads decks, bundles and library folders it has not checked yet in short-lived child
processes, so a hostile file never reaches the process that draws; each child first caps its own
address space and processor time (``setrlimit``), and its parent gives it a time-out of real time.
"""

from __future__ import annotations

import contextlib


def apply_limits(memory_bytes: int, cpu_seconds: int) -> None:
    """Limit this process: address space (``RLIMIT_AS``, in bytes) and processor time
    (``RLIMIT_CPU``, in seconds; the kernel stops the process past it). A limit already lower
    stays; where the platform has no such limits (Windows), nothing is done and only the
    parent's time-out applies. Never raises."""
    try:
        import resource
    except ImportError:  # not on Windows
        return
    for kind, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CPU, cpu_seconds)):
        with contextlib.suppress(ValueError, OSError):
            soft, hard = resource.getrlimit(kind)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(kind, (value if soft == resource.RLIM_INFINITY else min(value, soft), hard))


__all__ = ["apply_limits"]
