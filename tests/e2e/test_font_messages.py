"""Qt's font database never prints its own lines ("qt.text.font.db: OpenType support missing for
…, script 11") in any process of the kiosk: the deck check says, once and located, which
characters no bundled font has."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import BROKEN


def test_a_script_no_font_writes_gives_located_warnings_only(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(BROKEN / "script-without-font")],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0
    assert "qt.text.font.db" not in proc.stderr + proc.stdout
    assert proc.stderr == ""
    warned = [line for line in proc.stdout.splitlines() if "are in no bundled font" in line]
    assert len(warned) == 4  # the deck's title and three texts, each once
