"""Opening hours: is the kiosk open at a given moment, and when does that next change?

Pure and clock-free: every function takes ``now`` (an aware :class:`datetime.datetime`), so
tests pass any moment. Windows are wall-clock times in a time zone (``zoneinfo``), so they
follow daylight saving time: "09:00-17:00" opens at 09:00 local time on both sides of a
clock change. A window whose end is not after its start runs past midnight
("18:00-02:00" is open until 02:00 the next morning); "00:00-24:00" is the whole day.
A weekday with no windows is closed all day.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Weekday keys, Monday first (``datetime.weekday()`` order): the same keys as a slide's weekdays.
from kiosk.deck.model import WEEKDAYS

_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
#: How far ahead :meth:`OpeningHours.next_change` looks, in days.
HORIZON_DAYS = 8


def parse_window(text: str) -> tuple[int, int]:
    """``"HH:MM-HH:MM"`` as (start, end) in minutes after midnight; end may be 1440 ("24:00").

    Raises:
        ValueError: when ``text`` is not such a window, or a time is out of range.
    """
    found = _WINDOW.match(text.replace(" ", ""))
    if not found:
        raise ValueError(f"'{text}' is not a window like \"09:00-17:00\"")
    start, end = int(found[1]) * 60 + int(found[2]), int(found[3]) * 60 + int(found[4])
    if int(found[2]) > 59 or int(found[4]) > 59 or start >= 1440 or end > 1440:
        raise ValueError(f"'{text}': times run from 00:00 to 24:00")
    return start, end


@dataclass(frozen=True)
class OpeningHours:
    """When the kiosk is open, week by week.

    Attributes:
        windows: per weekday index (0 = Monday), (start, end) minute pairs; see :func:`parse_window`.
        tz: the time zone the windows are in.
    """

    windows: tuple[tuple[tuple[int, int], ...], ...]
    tz: dt.tzinfo

    @classmethod
    def parse(cls, table: dict[str, list[str]], tz: str | dt.tzinfo) -> OpeningHours:
        """Build from a settings table such as ``{"mon": ["09:00-17:00"]}``.

        Args:
            table: weekday key (``mon`` … ``sun``) -> list of ``"HH:MM-HH:MM"``; missing days are closed.
            tz: an IANA name (e.g. ``"Europe/London"``) or a tzinfo.

        Raises:
            ValueError: for an unknown day or a bad window.
            zoneinfo.ZoneInfoNotFoundError: for an unknown time zone name.
        """
        unknown = set(table) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown day(s): {', '.join(sorted(unknown))}")
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        return cls(tuple(tuple(parse_window(w) for w in table.get(day, [])) for day in WEEKDAYS), zone)

    def is_open(self, now: dt.datetime) -> bool:
        """True when ``now`` (aware) falls in a window, judged on the local wall clock.

        Raises:
            ValueError: when ``now`` is naive.
        """
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        local = now.astimezone(self.tz)
        minute = local.hour * 60 + local.minute + local.second / 60
        today, yesterday = local.weekday(), (local.weekday() - 1) % 7
        for start, end in self.windows[today]:
            if start < end and start <= minute < end:
                return True
            if end <= start and minute >= start:  # runs past midnight: the evening part
                return True
        return any(end <= start and minute < end for start, end in self.windows[yesterday])

    def next_change(self, now: dt.datetime) -> dt.datetime | None:
        """The first moment after ``now`` when :meth:`is_open` gives the other answer.

        Candidates are each window's start and end on the local calendar for the next
        :data:`HORIZON_DAYS` days; the first candidate whose state differs is then narrowed
        by bisection to the second, so a window edge inside a daylight-saving gap (a wall
        time that never happens) still gives the real instant the state changes.

        Returns:
            An aware datetime in :attr:`tz`, or ``None`` when nothing changes within the horizon
            (open all week, or closed all week).
        """
        state = self.is_open(now)
        local_day = now.astimezone(self.tz).date()
        candidates = []
        for offset in range(-1, HORIZON_DAYS + 1):
            day = local_day + dt.timedelta(days=offset)
            for start, end in self.windows[day.weekday()]:
                for minute, on in ((start, day), (end, day if end > start else day + dt.timedelta(days=1))):
                    wall = dt.datetime.combine(on, dt.time()) + dt.timedelta(minutes=minute)
                    candidates.append(wall.replace(tzinfo=self.tz))
        low = now.timestamp()
        for candidate in sorted(c.timestamp() for c in candidates):
            if candidate <= low:
                continue
            if self._open_at(candidate) != state:
                return self._bisect(low, candidate, state)
            low = candidate
        return None

    def _open_at(self, timestamp: float) -> bool:
        return self.is_open(dt.datetime.fromtimestamp(timestamp, dt.timezone.utc))

    def _bisect(self, low: float, high: float, state: bool) -> dt.datetime:
        """The first whole second in (low, high] whose state is not ``state`` (high's is not)."""
        low_s, high_s = math.floor(low), math.ceil(high)
        while high_s - low_s > 1:
            middle = (low_s + high_s) // 2
            if self._open_at(middle) != state:
                high_s = middle
            else:
                low_s = middle
        return dt.datetime.fromtimestamp(high_s, dt.timezone.utc).astimezone(self.tz)
