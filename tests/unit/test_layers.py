"""The model and the player logic never import Qt (only the kiosk.qt package uses Qt)."""

import subprocess
import sys

PLAIN = ["kiosk.deck", "kiosk.deck.glyphs", "kiosk.deck.pictures", "kiosk.deck.schema", "kiosk.player.navigator",
         "kiosk.player.schedule", "kiosk.player.hours", "kiosk.player.views", "kiosk.player.session",
         "kiosk.player.clock", "kiosk.library",
         "kiosk.settings", "kiosk.pin", "kiosk.i18n", "kiosk.events", "kiosk.qr", "kiosk.walltime",
         "kiosk.stats.record", "kiosk.stats.report", "kiosk.stats.store", "kiosk.stats.chart", "kiosk.fleet.keys",
         "kiosk.fleet.feed", "kiosk.fleet.publish", "kiosk.fleet.fetch", "kiosk.fleet.status"]


def test_deck_and_player_modules_load_without_qt():
    """Import each plain module in a fresh interpreter and check PySide6 was never loaded."""
    code = ("import importlib, sys\n"
            f"for name in {PLAIN!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
