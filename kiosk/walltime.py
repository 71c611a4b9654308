"""Local wall times and real instants, across the clock changes.

A deck's dates and times, the opening hours and ``--at`` are written as the clock on the wall
shows them, in a time zone. Twice a year (UK: the last Sundays of March and October, at
01:00 UTC) some of those readings happen twice (the clocks go back: 01:00-01:59 is repeated)
or never (the clocks go forward: 01:00-01:59 is skipped). The kiosk turns every such reading
into one real instant with one rule, so that what it does never depends on how the clock got
there:

    a local time means the first moment the clock on the wall shows that time or a later one.

So a repeated time is its first occurrence (before the clocks go back, as RFC 5545, 3.3.5,
does), and a time that never happens is the moment the clocks go forward past it. Everything
compares those instants, never wall readings, so a slide that has ended at 01:30 BST does not
come back when the clocks show 01:00 GMT. Time zones come from :mod:`zoneinfo` (PEP 495
``fold``), backed by ``tzdata`` where the system has no zone files.

Plain Python, no Qt: used by the deck checks, the schedule, the opening hours and ``--at``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

UTC = dt.UTC


@dataclass(frozen=True)
class ClockChange:
    """A local time that happens twice or never, and the clock change that causes it.

    Attributes:
        kind: ``"twice"`` (the clocks go back over it) or ``"never"`` (they go forward over it).
        local: the wall time asked about (naive).
        change: the instant the clocks change (aware, UTC).
        wall_from: the wall time the clocks leave at the change (e.g. 02:00 when they go back).
        wall_to: the wall time they show right after it (e.g. 01:00 when they go back).
        used: the instant the kiosk takes the local time to mean (see :func:`instant`).
        zone: the time zone.
    """

    kind: Literal["twice", "never"]
    local: dt.datetime
    change: dt.datetime
    wall_from: dt.datetime
    wall_to: dt.datetime
    used: dt.datetime
    zone: dt.tzinfo

    def explain(self) -> tuple[str, str]:
        """A sentence saying what happens and what the kiosk does, and a hint how to avoid it.

        Returns:
            (message, hint), e.g. ("2025-10-26 01:30 happens twice in Europe/London: the clocks go
            back from 02:00 to 01:00 that night; the kiosk uses the first, 01:30 BST (UTC+01:00)",
            "to be sure, choose a time before 01:00 or from 02:00").
        """
        when = f"{self.local:%Y-%m-%d %H:%M}"
        low, high = sorted((self.wall_from, self.wall_to))
        hint = f"to be sure of the moment, choose a time before {low:%H:%M} or from {high:%H:%M}"
        used = self.used.astimezone(self.zone)
        shown = f"{used:%H:%M} {used.tzname()} (UTC{_offset(used)})"
        if self.kind == "twice":
            message = (f"{when} happens twice in {_name(self.zone)}: the clocks go back from "
                       f"{self.wall_from:%H:%M} to {self.wall_to:%H:%M} that night; the kiosk uses the first, "
                       f"{shown}")
        else:
            message = (f"{when} never happens in {_name(self.zone)}: the clocks go forward from "
                       f"{self.wall_from:%H:%M} to {self.wall_to:%H:%M} that night; the kiosk takes it as the "
                       f"moment they change, {shown}")
        return message, hint


def _name(zone: dt.tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


def _offset(moment: dt.datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _change_between(low: dt.datetime, high: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The first whole second in (low, high] whose UTC offset in ``zone`` differs from ``low``'s.

    ``high``'s offset must differ from ``low``'s (both aware). Zones change on whole seconds.
    """
    offset = low.astimezone(zone).utcoffset()
    lo, hi = int(low.timestamp()), int(high.timestamp()) + 1
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if dt.datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == offset:
            lo = middle
        else:
            hi = middle
    return dt.datetime.fromtimestamp(hi, UTC)


def clock_change(local: dt.datetime, zone: dt.tzinfo) -> ClockChange | None:
    """Whether the wall time ``local`` happens twice or never in ``zone``.

    Args:
        local: a naive date and time, as the clock on the wall shows it.
        zone: the time zone (a :class:`zoneinfo.ZoneInfo`, or any tzinfo).

    Returns:
        A :class:`ClockChange`, or ``None`` when ``local`` happens exactly once.
    """
    local = local.replace(tzinfo=None, fold=0)
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before == after:
        return None
    # fold=0 takes the offset in force before the change, fold=1 the one after (PEP 495).
    low, high = sorted((first.astimezone(UTC), second.astimezone(UTC)))
    change = _change_between(low, high, zone)
    wall_from = (change + before).replace(tzinfo=None)
    wall_to = (change + after).replace(tzinfo=None)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local:
        return ClockChange("twice", local, change, wall_from, wall_to, first.astimezone(UTC), zone)
    return ClockChange("never", local, change, wall_from, wall_to, change, zone)


def change_days(zone: dt.tzinfo, first: dt.date, last: dt.date) -> list[dt.date]:
    """The local dates from ``first`` to ``last`` on which a wall time may happen twice or never.

    Returns:
        For each change of the zone's UTC offset between noon on one day and noon on the next,
        both days (a window past midnight may end on the second), in order, each once.
    """
    days: list[dt.date] = []
    day = first
    offset = dt.datetime.combine(day, dt.time(12)).replace(tzinfo=zone).utcoffset()
    while day <= last:
        following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(12)).replace(tzinfo=zone).utcoffset()
        if following != offset:
            days += [day, day + dt.timedelta(days=1)]
            offset = following
        day += dt.timedelta(days=1)
    return list(dict.fromkeys(days))


def instant(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The real instant a wall time stands for: the first moment the clock shows it or later.

    Args:
        local: a naive date and time in ``zone`` (an aware one is returned as it is, in UTC).
        zone: the time zone.

    Returns:
        An aware UTC datetime: for a time that happens twice, its first occurrence; for one that
        never happens (the clocks go forward over it), the moment the clocks change.
    """
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    change = clock_change(local, zone)
    if change is not None:
        return change.used
    return local.replace(tzinfo=zone).astimezone(UTC)


__all__ = ["ClockChange", "change_days", "clock_change", "instant"]
