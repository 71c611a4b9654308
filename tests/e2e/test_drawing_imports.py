"""What the drawing process (kiosk run) loads: only what it uses."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import BUNDLED
from kiosk.stats import store


def test_the_drawing_process_loads_no_log_handlers_it_does_not_use(tmp_path):
    """`kiosk run` writes its logs without logging.handlers (and the pickle and queue it brings),
    and plays a whole loop (QR codes included) without building PySide6's ``Qt`` namespace, about
    1 MB of Python enums: QRs are written as bytes, and no call picks among overloads that take
    one of its enums (kiosk.qt.qrimage, kiosk.qt.startup.lay_out). Nor does it load the build's
    configuration table (``_sysconfigdata``, half a MiB: zoneinfo is given the checking process's
    search path, kiosk.walltime.use_search_path) or SQLite (the counts are written by a process of
    their own, and the loop's counts reach the counts file all the same), nor sockets (a signal
    wakes the event loop through a pipe) or the calendar module (only a message about a date that
    is not a real one uses it)."""
    code = ("import sys\nfrom kiosk.start import main\n"
            f"sys.argv = ['kiosk', 'run', {str(BUNDLED)!r}, '--headless', '--cycles', '1', '--always-open', '--time-scale', '200',"
            f" '--log-folder', {str(tmp_path / 'log')!r}, '--stats-file', {str(tmp_path / 'stats.db')!r}]\n"
            "code = main()\n"
            "import PySide6.QtCore\n"
            "print('Qt namespace built:', 'Qt' in vars(PySide6.QtCore))\n"
            "print(sorted(m for m in ('logging.handlers', 'pickle', 'yaml', 'pydantic', 'sqlite3', '_sqlite3', 'kiosk.stats.store',"
            " 'socket', 'calendar') if m in sys.modules)"
            " + sorted(m for m in sys.modules if m.startswith('_sysconfigdata')))\n"
            "sys.exit(code)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-2:] == ["Qt namespace built: False", "[]"]
    assert (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8").count("kiosk started") == 1
    shown = sum(row["loop_shown"] for row in store.read(tmp_path / "stats.db", "views"))
    assert shown >= 1, "the loop's slides are counted and written as the kiosk stops"
    assert "Traceback" not in out.stderr
