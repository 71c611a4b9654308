"""The ``kiosk`` command's entry point: its signal handlers first, before anything else is
imported (:func:`kiosk.stopsignals.early`), so that a signal in its first moments is met as the
README says and not by its default action; then the command (:func:`kiosk.cli.main`)."""

from __future__ import annotations

import contextlib
import sys

from kiosk import stopsignals


def main() -> int:
    """Run the ``kiosk`` command with this process's arguments; returns its exit code."""
    stopsignals.early(holding=sys.argv[1:2] == ["run"])
    try:
        from kiosk.cli import main as command
    except stopsignals.Stopped as stop:  # while the command's modules were read: nothing was done
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                print(f"kiosk: {stop}", file=sys.stderr, flush=True)
        return 1
    return command()
