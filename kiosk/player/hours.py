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
    MONTH_NAMES,
    ClockChange,
    add_days,
    change_days,
    clock_change,
    instant,
    on_the_calendar,
    zone_named,
)
from kiosk.words import noun, plural

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


def day_written(moment: dt.date) -> str:
    """A day in words: ``"Monday 14 December 2026"``."""
    return f"{DAY_NAMES[moment.weekday()].capitalize()} {moment.day} {MONTH_NAMES[moment.month - 1]} {moment.year:04d}"


def closed_note(hours: OpeningHours | None, now: dt.datetime, where: str, at: bool = False) -> str | None:
    """What a run started while the venue is closed says first: closed by which hours, when it
    opens next, or ``None`` when ``hours`` say open at ``now`` (or there are none).

    The caller adds what its run does while closed and how to play anyway (``--always-open``).

    Args:
        hours: the opening hours in force, or ``None`` (always open).
        now: the wall-clock moment the run starts at (aware): the real time, or the ``--at`` moment.
        where: where the hours come from, as ``kiosk config`` says it (``"/home/ana/.config/kiosk/settings.toml:4"``).
        at: True when ``now`` is the ``--at`` moment chosen on the command line.

    Returns:
        e.g. ``"closed now by the opening hours in /home/ana/.config/kiosk/settings.toml:4 (Monday 7
        December 2026, 19:30 Europe/London time); it opens tomorrow, Tuesday 8 December 2026, at
        09:00"`` (or ``"later today at 09:00"``, ``"on Thursday 10 December 2026 at 09:00"``); with
        no window on any day, ``"…; it opens on no day of the week (no day has a window)"``.

    Raises:
        ValueError: when ``now`` is naive.
    """
    if hours is None or hours.is_open(now):
        return None
    local = on_the_calendar(now).astimezone(hours.tz)
    zone = getattr(hours.tz, "key", None) or str(hours.tz)
    moment = "at the --at time" if at else "now"
    said = f"closed {moment} by the opening hours in {where} ({day_written(local)}, {local:%H:%M} {zone} time)"
    opens = hours.next_change(now)
    if opens is None:
        return f"{said}; it opens on no day of the week (no day has a window)"
    day = opens.astimezone(hours.tz)
    after = (day.date() - local.date()).days
    when = "later today" if after == 0 else f"tomorrow, {day_written(day)}," if after == 1 else f"on {day_written(day)}"
    return f"{said}; it opens {when} at {day:%H:%M}"


def play_anyway(at: bool) -> str:
    """How to play while closed: the sentence each message about a closed start ends with."""
    return "To play anyway, add --always-open" + (", or choose an --at time when it is open." if at else ".")


def closed_at_start(note: str, mode: str, waits: bool, wake_minutes: float, at: bool = False) -> str:
    """The whole message a run started while closed says once (on the terminal, and in ``kiosk.log``
    with a log folder): :func:`closed_note`'s ``note``, what this run does until opening time,
    and :func:`play_anyway`.

    Args:
        note: :func:`closed_note`'s text.
        mode: ``"fullscreen"``, ``"windowed"`` or ``"headless"``.
        waits: False for a headless run with ``--cycles`` or ``--frames``, which ends at once
            (nothing to see or touch, and loops or frames that would come only at opening time);
            True for every other run, which stays black until opening time, as a kiosk must.
        wake_minutes: minutes a touch (a click, in a window) shows the slides while closed.
        at: True when the run's clock starts at an ``--at`` moment.
    """
    if not waits:
        doing = "a headless run with --cycles or --frames does not wait for it: nothing was played"
    elif mode == "headless":
        doing = "nothing plays until then"
    else:
        screen, touch = ("the window", "a click") if mode == "windowed" else ("the screen", "a touch")
        doing = f"{screen} stays black until then ({touch} shows the slides for {plural(wake_minutes, 'minute')})"
    return f"{note}; {doing}. {play_anyway(at)}"
