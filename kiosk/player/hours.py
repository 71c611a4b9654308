"""Opening hours: is the kiosk open at a given moment, and when does that next change?

Pure and clock-free: every function takes ``now`` (an aware :class:`datetime.datetime`), so
tests pass any moment. Windows are wall-clock times in a time zone (``zoneinfo``), so they
follow daylight saving time: "09:00-17:00" opens at 09:00 local time on both sides of a
clock change. A window whose end is not after its start runs past midnight
("18:00-02:00" is open until 02:00 the next morning); "00:00-24:00" is the whole day.
A weekday with no windows is closed all day.

Each window of each day is the real span between the instants of its two edges
(:func:`kiosk.walltime.instant`: the first moment the clock shows that time or a later one),
so on the night the clocks go back a kiosk that closed at 01:30 BST does not open again at
01:00 GMT, and an edge in the hour skipped when they go forward is the moment they change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Weekday keys, Monday first (``datetime.weekday()`` order): the same keys as a slide's weekdays.
from kiosk.deck.windows import WEEKDAYS, DailyWindow
from kiosk.walltime import (
    ClockChange,
    add_days,
    change_days,
    clock_change,
    instant,
    on_the_calendar,
    zone_named,
)
from kiosk.words import noun

#: How far ahead :meth:`OpeningHours.next_change` looks, in days.
HORIZON_DAYS = 8


def parse_window(text: str) -> DailyWindow:
    """One window of the opening hours, in the grammar of a deck's ``times``
    (:class:`kiosk.deck.windows.DailyWindow`: ``"09:00-17:00"``, ``"09:00 – 17:00"``,
    ``"9:00 to 17:00"``; an end of ``24:00``; past midnight).

    Raises:
        ValueError: ``'<text>' <what is wrong>`` when ``text`` is not such a window.
    """
    try:
        return DailyWindow.parse(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' {exc}") from None


#: The weekdays' full English names, in the order of :data:`WEEKDAYS`.
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Other ways people shorten a weekday that are not the start of its full name.
_OTHER_SPELLINGS = {"weds": "wed", "thurs": "thu", "tues": "tue"}


def weekday_key(name: str) -> str | None:
    """The weekday key (``mon`` … ``sun``) that ``name`` plainly means, or ``None``.

    Taken: the key itself in any case (``Mon``), the full English name (``monday``, ``Monday``,
    ``mondays``), and any start of it from three letters on (``tues``, ``thur``, ``wednes``), also
    ``weds`` and a final full stop (``Mon.``). Anything else (``funday``, ``mo``) is ``None``.
    """
    word = name.strip().lower().rstrip(".")
    if word in WEEKDAYS:
        return word
    if word in _OTHER_SPELLINGS:
        return _OTHER_SPELLINGS[word]
    for key, full in zip(WEEKDAYS, DAY_NAMES, strict=True):
        if len(word) >= 3 and (full.startswith(word) or word == full + "s"):
            return key
    return None


@dataclass(frozen=True)
class OpeningHours:
    """When the kiosk is open, week by week.

    Attributes:
        windows: per weekday index (0 = Monday), its windows (:func:`parse_window`).
        tz: the time zone the windows are in.
    """

    windows: tuple[tuple[DailyWindow, ...], ...]
    tz: dt.tzinfo

    @classmethod
    def parse(cls, table: dict[str, list[str]], tz: str | dt.tzinfo) -> OpeningHours:
        """Build from a settings table such as ``{"mon": ["09:00-17:00"]}``.

        Args:
            table: weekday key (``mon`` … ``sun``) -> list of ``"HH:MM-HH:MM"``; missing days are closed.
            tz: an IANA name (e.g. ``"Europe/London"``) or a tzinfo.

        Raises:
            ValueError: for an unknown day or a bad window.
            kiosk.walltime.UnknownZone: (a ValueError) for an unknown time zone name
                (:func:`kiosk.walltime.zone_named`).
        """
        unknown = set(table) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown {noun(len(unknown), 'day')}: {', '.join(sorted(unknown))}")
        zone = zone_named(tz) if isinstance(tz, str) else tz
        return cls(tuple(tuple(parse_window(w) for w in table.get(day, [])) for day in WEEKDAYS), zone)

    def spans(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The windows that start on the local date ``day``, as real [open, close) instants (aware, UTC)."""
        return [(instant(window.opens(day), self.tz), instant(window.closes(day), self.tz))
                for window in self.windows[day.weekday()]]

    def _spans_around(self, now: dt.datetime, before: int, after: int) -> list[tuple[dt.datetime, dt.datetime]]:
        local_day = on_the_calendar(now).astimezone(self.tz).date()
        days = dict.fromkeys(add_days(local_day, offset) for offset in range(-before, after + 1))
        return [span for day in days for span in self.spans(day)]

    def is_open(self, now: dt.datetime) -> bool:
        """True when ``now`` (aware) falls in a window (the days around it are tried).

        Raises:
            ValueError: when ``now`` is naive.
        """
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        return any(begin <= now < end for begin, end in self._spans_around(now, 1, 1))

    def next_change(self, now: dt.datetime) -> dt.datetime | None:
        """The first moment after ``now`` when :meth:`is_open` gives the other answer.

        The state changes only at a window's edges, so the edges of the windows of the next
        :data:`HORIZON_DAYS` days are tried in order.

        Returns:
            An aware datetime in :attr:`tz`, or ``None`` when nothing changes within the horizon
            (open all week, or closed all week).
        """
        state = self.is_open(now)
        edges = sorted({edge for span in self._spans_around(now, 1, HORIZON_DAYS) for edge in span if edge > now})
        for edge in edges:
            if self.is_open(edge) != state:
                return edge.astimezone(self.tz)
        return None

    def clock_changes(self, first: dt.date, days: int = 366) -> list[tuple[str, str, ClockChange]]:
        """Windows with an edge at a time that happens twice or never, on the clock-change nights
        from ``first`` for ``days`` days (the first such night for each window).

        Returns:
            (weekday key, window as ``"HH:MM-HH:MM"``, the :class:`kiosk.walltime.ClockChange`)
            for each; see :func:`kiosk.walltime.instant` for what the kiosk does then.
        """
        out: list[tuple[str, str, ClockChange]] = []
        seen: set[tuple[int, DailyWindow]] = set()
        for day in change_days(self.tz, add_days(first, -1), add_days(first, days)):
            for window in self.windows[day.weekday()]:
                if (day.weekday(), window) in seen:
                    continue
                for edge in (window.opens(day), window.closes(day)):
                    change = clock_change(edge, self.tz)
                    if change is not None:
                        seen.add((day.weekday(), window))
                        out.append((WEEKDAYS[day.weekday()], str(window), change))
                        break
        return out
