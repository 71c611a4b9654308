"""Standard output and error survive a reader that has gone, and only that."""

import io
import os

import pytest

from kiosk.outputs import _ClosedOutputSurvivor


def test_a_write_to_a_pipe_nobody_reads_is_dropped_and_later_writes_too():
    read_end, write_end = os.pipe()
    os.close(read_end)
    stream = _ClosedOutputSurvivor(io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8"))
    for _ in range(3):
        assert stream.write("line\n" * 10000) == 50000
        stream.flush()
    stream.close()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_still_an_error(monkeypatch):
    monkeypatch.setattr("kiosk.outputs._keep_playing", False)  # as in every command but kiosk run
    stream = _ClosedOutputSurvivor(open("/dev/full", "w", encoding="utf-8"))  # noqa: SIM115
    stream.write("x")
    with pytest.raises(OSError):
        stream.flush()
