"""Large blocks the drawing process frees go back to the system (kiosk.qt.heap)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kiosk.qt import heap

#: A process that frees a 16 MiB block (glibc then raises its threshold for pages of their own to
#: 16 MiB), then makes and frees four layer-sized blocks (6 MiB each, written to), and prints how
#: many MiB it still holds of them.
KEPT_AFTER_FREE = textwrap.dedent("""
    import os, sys
    from kiosk.qt import heap
    if sys.argv[1] == "set":
        assert heap.return_freed_memory()
    def resident():
        return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    big = b"x" * (16 << 20)
    del big
    before = resident()
    layers = [b"x" * (6 << 20) for _ in range(4)]
    del layers
    print((resident() - before) / (1 << 20))
""")


def kept_mib(mode: str) -> float:
    done = subprocess.run([sys.executable, "-c", KEPT_AFTER_FREE, mode], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return float(done.stdout)


@pytest.mark.skipif(heap._libc() is None, reason="glibc's malloc only")
def test_freed_layers_go_back_to_the_system():
    assert kept_mib("default") > 16, "without the setting glibc keeps them (or the test proves nothing)"
    assert kept_mib("set") < 4
