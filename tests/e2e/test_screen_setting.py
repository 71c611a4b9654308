"""A ``screen`` in settings.toml that is not connected: the kiosk plays on the main screen, and
its logs say the settings file's fix, never the command line's (``--screen``), which was not given."""

from __future__ import annotations

import subprocess

from helpers import BUNDLED
from helpers.process import environment, kiosk, read_events


def test_a_screen_from_the_settings_that_is_not_there_is_logged_with_the_settings_fix(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("screen = 3\n", encoding="utf-8")
    log = tmp_path / "events.jsonl"
    env = {**environment(), "QT_QPA_PLATFORM": "offscreen", "KIOSK_CONFIG_DIR": str(config),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(kiosk("run", str(BUNDLED), "--headless", "--cycles", "1", "--time-scale", "200",
                                "--log-json", str(log)), env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [error] = [e for e in read_events(log) if e["event"] == "error" and e.get("kind") == "screen"]
    assert "screen = 0" in error["message"] and "--screen" not in error["message"]
    assert "--screen" not in done.stderr
