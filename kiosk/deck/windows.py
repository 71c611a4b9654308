"""Daily time windows, written the same way in a deck's ``times`` and the settings' ``opening_hours``.

One grammar for both: two times on the 24-hour clock joined by ``-``, ``–`` (en dash) or
``to``, with or without spaces: ``"09:00-17:00"``, ``"09:00 – 17:00"``, ``"9:00 to 17:00"``.
A start runs from ``00:00`` to ``23:59``, an end from ``00:01`` to ``24:00`` (the end of the
day, so ``"00:00-24:00"`` is the whole day). An end before the start runs past midnight
(``"22:00-02:00"``), and the part after midnight belongs to the day the window started on.
A window that starts and ends at the same time is refused (is it no time, or all day?).

Plain and clock-free: :meth:`DailyWindow.opens` and :meth:`DailyWindow.closes` give naive wall
times on a given date; the callers turn them into instants in their time zone
(:func:`kiosk.walltime.instant`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kiosk.walltime import later

_SHAPE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*(?:-|–|to)\s*(\d{1,2}):(\d{2})\s*$")
#: The days of the week as decks and settings write them, Monday first.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Minutes in a day; an end of 24:00.
DAY_MINUTES = 24 * 60

#: What a window that is not written as one is told (a deck or a settings file alike).
SHAPE_MESSAGE = 'must be a daily time window like "09:00-17:00" (in quotes)'
#: What a window with a time past the end of the day is told.
RANGE_MESSAGE = "times run from 00:00 to 24:00 (24:00 only as the end), with minutes 00 to 59"
#: What a window that starts and ends at the same time is told.
EMPTY_MESSAGE = "the window starts and ends at the same time"


@dataclass(frozen=True)
class DailyWindow:
    """A daily window: from ``start`` to ``end``, in minutes after midnight on the wall clock.

    Attributes:
        start: 0 to 1439.
        end: 0 to 1440 (24:00); not equal to ``start``. When it is before ``start`` the window
            runs past midnight.
    """

    start: int
    end: int

    @classmethod
    def parse(cls, text: object) -> DailyWindow:
        """Read a window written like ``"09:00-17:00"`` (see the module's grammar).

        Raises:
            ValueError: with :data:`SHAPE_MESSAGE`, :data:`RANGE_MESSAGE` or
                :data:`EMPTY_MESSAGE` (no position: the caller knows where the text was).
        """
        found = _SHAPE.match(text) if isinstance(text, str) else None
        if not found:
            raise ValueError(SHAPE_MESSAGE)
        hours_1, minutes_1, hours_2, minutes_2 = (int(part) for part in found.groups())
        start, end = hours_1 * 60 + minutes_1, hours_2 * 60 + minutes_2
        if minutes_1 > 59 or minutes_2 > 59 or start >= DAY_MINUTES or end > DAY_MINUTES:
            raise ValueError(RANGE_MESSAGE)
        if start == end:
            raise ValueError(EMPTY_MESSAGE)
        return cls(start, end)

    @property
    def past_midnight(self) -> bool:
        """True when the window ends on the next day (its end is not after its start)."""
        return self.end <= self.start

    def opens(self, day: dt.date) -> dt.datetime:
        """When the window that starts on ``day`` opens, as a naive wall time."""
        return later(dt.datetime.combine(day, dt.time()), dt.timedelta(minutes=self.start))

    def closes(self, day: dt.date) -> dt.datetime:
        """When the window that starts on ``day`` closes, as a naive wall time (the next day's
        for a window past midnight; midnight after ``day`` for an end of 24:00)."""
        minutes = self.end + (24 * 60 if self.past_midnight else 0)
        return later(dt.datetime.combine(day, dt.time()), dt.timedelta(minutes=minutes))

    def __str__(self) -> str:
        """``"HH:MM-HH:MM"``, the way the kiosk writes a window in its messages."""
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"


#: The whole day, midnight to midnight.
WHOLE_DAY = DailyWindow(0, DAY_MINUTES)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


__all__ = ["DAY_MINUTES", "WEEKDAYS", "WHOLE_DAY", "DailyWindow"]
