"""`kiosk run` writes its visitor counts through a short-lived process of their own
(kiosk.stats.writer): the counts file is written, and the drawing process never loads SQLite."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import BUNDLED
from kiosk.stats import store


def test_the_counts_are_written_and_the_drawing_process_never_loads_sqlite(tmp_path):
    counts = tmp_path / "stats.db"
    code = ("import sys\nfrom kiosk.start import main\n"
            f"sys.argv = ['kiosk', 'run', {str(BUNDLED)!r}, '--headless', '--cycles', '1', '--always-open',"
            f" '--time-scale', '200', '--log-folder', {str(tmp_path / 'log')!r}, '--stats-file', {str(counts)!r}]\n"
            "code = main()\n"
            "print('loaded:', sorted(m for m in ('sqlite3', '_sqlite3', 'kiosk.stats.store') if m in sys.modules))\n"
            "sys.exit(code)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "loaded: []"
    shown = sum(row["loop_shown"] for row in store.read(counts, "views"))
    assert shown >= 1, "the loop's slides are counted and written as the kiosk stops"
    assert "Traceback" not in out.stderr
