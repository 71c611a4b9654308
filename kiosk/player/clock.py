"""The player's one clock: deck seconds and the wall, built once from ``--time-scale`` and ``--at``.

Everything that plays (the loop, the schedule, the opening hours, the visitor counts) reads
time from one :class:`Clock`, so ``--at`` and ``--time-scale`` mean the same to all of them:

- :meth:`Clock.monotonic` is *deck time*: seconds since the clock was made, running
  ``scale`` times faster than real time (dwell and idle timeout are in deck seconds).
- :meth:`Clock.wall` is the moment now, an aware UTC datetime: the real time, or, with
  ``--at``, that moment plus the deck time gone by (so the wall clock runs at the same speed).

Plain Python, no Qt. Tests build a clock on a fake source (:meth:`Clock.of`, or ``source=``)
and move it by hand.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable

from kiosk.walltime import later, on_the_calendar

UTC = dt.UTC


def utc_now() -> dt.datetime:
    """The real current moment, as an aware UTC datetime."""
    return dt.datetime.now(UTC)


class Clock:
    """Deck seconds and the wall clock, from one source.

    Args:
        scale: deck seconds per real second (``--time-scale``); anything not a finite number
            above 0 counts as 1.
        at: start the wall clock at this moment (aware, ``--at``) and let it run on at the deck
            clock's speed; ``None`` for the real time.
        source: real monotonic seconds (default :func:`time.monotonic`).
        utc: the real moment, aware (default :func:`utc_now`); used when ``at`` is ``None``.

    Raises:
        ValueError: when ``at`` is a naive datetime.
    """

    def __init__(self, scale: float = 1.0, at: dt.datetime | None = None, *,
                 source: Callable[[], float] = time.monotonic,
                 utc: Callable[[], dt.datetime] = utc_now) -> None:
        if not isinstance(scale, (int, float)) or not math.isfinite(scale) or scale <= 0:
            scale = 1.0
        if at is not None and at.tzinfo is None:
            raise ValueError("--at must be an aware datetime (with a time zone)")
        self.scale = float(scale)
        self.at = at.astimezone(UTC) if at is not None else None
        origin = source()
        self._deck: Callable[[], float] = lambda: (source() - origin) * self.scale
        self._utc = utc

    @classmethod
    def of(cls, deck_seconds: Callable[[], float], wall: Callable[[], dt.datetime] | None = None) -> Clock:
        """A clock around an existing deck-time reading (a test's fake clock).

        Args:
            deck_seconds: returns deck seconds (already scaled); its ``scale`` attribute, if
                any, is taken as the clock's scale (for turning deck seconds into timer waits).
            wall: the wall clock (aware datetimes), or ``None`` for the real time.
        """
        clock = cls.__new__(cls)
        scale = getattr(deck_seconds, "scale", 1.0)
        clock.scale = float(scale) if isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0 else 1.0
        clock.at = None
        clock._deck = deck_seconds
        clock._utc = wall or utc_now
        return clock

    def monotonic(self) -> float:
        """Deck seconds since the clock was made (``scale`` times real seconds)."""
        return self._deck()

    __call__ = monotonic  # a clock also serves where a plain "deck seconds" function is asked for

    def wall(self) -> dt.datetime:
        """The moment now, aware (UTC): ``at`` plus the deck time gone by, or the real time."""
        if self.at is not None:  # it stops at the end of the calendar (kiosk.walltime.LATEST)
            return on_the_calendar(later(self.at, dt.timedelta(seconds=min(self._deck(), 4e11))))
        return self._utc()

    def deck_seconds_until(self, moment: dt.datetime) -> float:
        """Deck seconds from now until the wall clock shows ``moment`` (aware): the wall seconds
        to it, times :attr:`scale` over :attr:`wall_rate`; 0 when it has come."""
        wall = (moment - self.wall()).total_seconds()
        return max(0.0, wall * self.scale / self.wall_rate)

    @property
    def wall_rate(self) -> float:
        """Wall-clock seconds per real second: ``scale`` with ``--at`` (that clock runs as fast
        as the deck's), else 1 (the real time)."""
        return self.scale if self.at is not None else 1.0


__all__ = ["Clock", "utc_now"]
