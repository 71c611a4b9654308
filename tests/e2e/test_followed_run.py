"""``kiosk run`` on a kiosk following a published folder, with no deck set, whose
``.kiosk-updates.json`` is damaged: it plays the installed deck the published folder names (not
the bundled one), and says why on the terminal and in ``kiosk.log``, as the staff status page
does (:func:`kiosk.health.report`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kiosk.fleet import fetch


def test_a_damaged_update_state_still_plays_the_published_deck_and_says_so(tmp_path, keypair, published):
    library = tmp_path / "library"
    assert fetch.check(fetch.Config(str(published), [keypair[1]], library)).result == "updated"
    state = library / fetch.STATE_FILE
    state.write_text('{"versions": {"harvest": 1}, "deck": "harv', encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'update_source = "{published}"\ntrusted_keys = ["{keypair[1]}"]\n'
                                          f'library = "{library}"\nupdate_every = 60\n', encoding="utf-8")
    env = {**os.environ, "KIOSK_CONFIG_DIR": str(config), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    log = tmp_path / "events.jsonl"
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale",
                           "400", "--log-json", str(log), "--log-folder", str(tmp_path / "logs")],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert next(e["folder"] for e in events if e["event"] == "deck_loaded") == str(library / "harvest")
    said = f"{state} cannot be read: it is not JSON"
    assert said in done.stderr and "the kiosk plays 'harvest', the deck the feed.json of" in done.stderr
    assert said in (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
