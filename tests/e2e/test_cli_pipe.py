"""The command line behaves in a shell pipeline."""

import os
import subprocess
import sys


def test_output_into_a_pipe_nobody_reads_is_not_an_error():
    """`kiosk config | head -1` once head has gone: no crash message, exit 0."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has already stopped, as `head` does
    kiosk = subprocess.run([sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())",
                            "config"], stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    os.close(write_end)
    stderr = kiosk.stderr.decode()
    assert "unexpected error" not in stderr and "Traceback" not in stderr, stderr
    assert kiosk.returncode == 0
