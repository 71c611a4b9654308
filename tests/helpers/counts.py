"""Visitor counts in tests: a recorder following a real player, and the counts file read back
as plain tables (:mod:`kiosk.stats.record`, :mod:`kiosk.stats.store`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from kiosk.stats import store
from kiosk.stats.record import Recorder

#: The wall clock's time for every count (an hour bucket of its own: :data:`HOUR`).
AT = dt.datetime(2026, 10, 19, 14, 30, tzinfo=dt.UTC)
#: The key of :data:`AT`'s hour for the bundled deck on this kiosk: (kiosk, hour, deck).
HOUR = ("", "2026-10-19 14:00", "freedom-week-2019")


def counting(player, path: Path) -> Recorder:
    """Count the player's events into ``path``, from a fresh start of its deck."""
    recorder = Recorder(path, clock=player.clock, wall=lambda: AT, interval=None)
    player.backend._log.add_observer(recorder.observe)
    player.backend.set_deck(player.deck, player.backend.folder)  # deck_loaded, then the first slide
    return recorder


def scripted(path: Path) -> tuple[Recorder, Callable[..., None]]:
    """A recorder into ``path`` on a clock the test sets, and ``at(seconds, event, **fields)``,
    which moves that clock to ``seconds`` and tells the recorder the event."""
    now = [0.0]
    recorder = Recorder(path, clock=lambda: now[0], wall=lambda: AT, interval=None)

    def at(seconds: float, event: str, **fields) -> None:
        now[0] = seconds
        recorder.observe(event, fields)

    return recorder, at


def table(path: Path, name: str) -> dict[tuple, tuple]:
    """The table ``name`` of the counts file at ``path``: its key columns (kiosk first) -> its counts."""
    keys, counts = store.TABLES[name]
    return {tuple(r[k] for k in ("kiosk", *keys)): tuple(r[c] for c in counts) for r in store.read(path, name)}
