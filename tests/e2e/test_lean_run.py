"""The process that draws holds only what drawing needs: the real ``kiosk run``, headless, never
imports the deck reader's libraries (they stay in the checking process), whether its deck was
checked before (the check cache) or is checked now."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import BUNDLED
from kiosk.settings import STARTER

#: Modules ``kiosk run`` never loads: the deck model and reader (pydantic, YAML, phone numbers,
#: URL parsing stay in the checking process), OpenSSL through hashlib, sqlite3 (only to count
#: visitors, which a headless run does not), and the Python bindings it does without.
NEVER = ("pydantic", "pydantic_core", "yaml", "phonenumbers", "ada_url", "_hashlib", "sqlite3", "kiosk.deck.model",
         "kiosk.deck.load", "kiosk.deck.source", "kiosk.deck.links", "kiosk.deck.checks",
         # Qt Quick's and QtSvg's Python bindings (pictograms and QR codes are data: addresses;
         # only a --frames run loads Qt Quick's, to grab the window)
         "PySide6.QtQuick", "PySide6.QtOpenGL", "PySide6.QtSvg",
         # the QR library and the picture library it loads (the checking process makes the codes)
         "qrcode", "PIL",
         # queue.py (the reading threads hand their results back through _queue's SimpleQueue)
         "queue")


#: ``kiosk`` (its entry point, :func:`kiosk.start.main`), writing the modules the process it was
#: started as holds when it ends (the drawing process; its start-up is a child, :mod:`kiosk.handover`)
#: to the file ``$MODULES``, one name a line.
KIOSK_LISTING_MODULES = """
import atexit, os, sys
drawing = os.getpid()
def listed():
    if os.getpid() == drawing:
        with open(os.environ["MODULES"], "w", encoding="utf-8") as out:
            out.write("\\n".join(sorted(sys.modules)))
atexit.register(listed)
sys.argv[0] = "kiosk"
from kiosk.start import main
sys.exit(main())
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """``kiosk run`` twice on a copy of the bundled deck (first checked in a child, then answered
    from the check cache), with the starter settings file: (process, modules, events) each."""
    home = tmp_path_factory.mktemp("lean")
    (home / "config").mkdir()
    (home / "config" / "settings.toml").write_text(STARTER, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(home / "cache"), "KIOSK_CONFIG_DIR": str(home / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    out = []
    for name in ("checked", "cached"):
        log, listing = home / f"{name}.jsonl", home / f"{name}.modules"
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", KIOSK_LISTING_MODULES, "run", "--headless", "--cycles", "1",
             "--time-scale", "200", "--log-json", str(log), str(BUNDLED)],
            capture_output=True, text=True, timeout=300, env={**env, "MODULES": str(listing)})
        events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
        modules = set(listing.read_text(encoding="utf-8").split()) if listing.exists() else set()
        out.append((proc, modules, events))
    return out


@pytest.mark.parametrize("which", [0, 1], ids=["checked-in-a-child", "from-the-check-cache"])
def test_kiosk_run_plays_without_the_deck_readers_libraries(runs, which):
    proc, modules, events = runs[which]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "kiosk.qt.player" in modules and "PySide6.QtQml" in modules  # the report is read right
    shown = {e["slide"] for e in events if e["event"] == "slide_shown"}
    assert {"welcome", "help"} <= shown, "it played the deck"
    loaded = sorted(name for name in modules if name.split(".")[0] in NEVER or name in NEVER)
    assert loaded == [], f"the process that draws loaded {loaded}"


#: The start-up's code, which stays in the start-up process of ``kiosk run`` (:mod:`kiosk.handover`):
#: the command line (argparse itself stays: PySide6 loads it), the settings, the deck library, the folders' library, and what
#: only a deck swap or the staff menu needs.
START_UP_ONLY = ("kiosk.cli", "kiosk.cli_settings", "kiosk.cli_fleet", "kiosk.cli_stats", "kiosk.settings",
                 "kiosk.library", "kiosk.bundle", "platformdirs", "pickle", "kiosk.qt.checker", "subprocess", "socket")


@pytest.mark.parametrize("which", [0, 1], ids=["checked-in-a-child", "from-the-check-cache"])
def test_the_drawing_process_never_holds_the_start_ups_code(runs, which):
    proc, modules, _ = runs[which]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "kiosk.qt.player" in modules and "kiosk.handover" in modules
    held = sorted(name for name in modules if name.split(".")[0] in START_UP_ONLY or name in START_UP_ONLY)
    assert held == [], f"the process that draws holds {held}"


@pytest.mark.parametrize("which", [0, 1], ids=["checked-in-a-child", "from-the-check-cache"])
def test_the_start_up_never_loads_qt(runs, which):
    """Qt loads once, in the drawing process, while the start-up works: never in the start-up."""
    proc, _, _ = runs[which]
    assert proc.returncode == 0, proc.stderr[-2000:]
    loads = [line for line in proc.stderr.splitlines()
             if line.startswith("import time:") and line.split("|")[-1].strip() == "PySide6.QtCore"]
    assert len(loads) == 1, f"Qt loaded {len(loads)} times"


def test_a_kiosk_following_no_updates_never_loads_the_fetching(tmp_path):
    """With no ``update_source`` (no settings file at all, as on a kiosk just installed), neither
    process loads the fleet's fetching (HTTP, TLS, signatures, the deck model): looking up the deck
    it follows cost the start-up about 0.2 s, on the way to the first slide."""
    (tmp_path / "config").mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "KIOSK_CONFIG_DIR": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", KIOSK_LISTING_MODULES, "run", "--headless", "--cycles", "1",
         "--time-scale", "200", "--log-json", str(tmp_path / "events.jsonl")],
        capture_output=True, text=True, timeout=300, env={**env, "MODULES": str(tmp_path / "modules")})
    assert proc.returncode == 0, proc.stderr[-2000:]
    loads = [line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")]
    assert "kiosk.cli" in loads  # the start-up's imports are read here too
    assert [name for name in loads if name in ("kiosk.fleet.fetch", "kiosk.fleet.feed", "httpx")] == []
