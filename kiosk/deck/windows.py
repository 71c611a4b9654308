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


#: The days of the week in full, Monday first (only to read what a person meant).
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: What joins days written as one piece: a range (``mon-fri``, ``mon to fri``) or a list (``sat,sun``).
_RANGE = re.compile(r"^\s*([A-Za-z.]+)\s*(?:-|–|to)\s*([A-Za-z.]+)\s*$")
_GROUPS = {"weekend": ("sat", "sun"), "weekends": ("sat", "sun"), "weekdays": WEEKDAYS[:5]}
_SEPARATORS = re.compile(r"[\s,;/&+]+|\band\b")


def _day_named(word: str) -> str | None:
    """The day ``word`` names, however written (``Sun``, ``sunday``, ``Sunday``, ``sun.``), or ``None``."""
    word = word.strip().strip(".").lower()
    if word in WEEKDAYS:
        return word
    full = [day for day in _FULL_NAMES if len(word) >= 3 and day.startswith(word)]
    return full[0][:3] if len(full) == 1 else None


def days_meant(text: str) -> list[str]:
    """The days a piece of text names, read the way a person wrote it: a range (``mon-fri``,
    ``Monday to Friday``, which may wrap past Sunday: ``fri-mon``), a list (``sat,sun``,
    ``sat and sun``) or one day in any case or in full (``Sunday``). ``[]`` when it names none.

    For hints only (:func:`weekday` accepts only the three-letter names themselves)."""
    if text.strip().lower() in _GROUPS:
        return list(_GROUPS[text.strip().lower()])
    found = _RANGE.match(text)
    if found:
        first, last = _day_named(found[1]), _day_named(found[2])
        if first and last:
            start, end = WEEKDAYS.index(first), WEEKDAYS.index(last)
            return [WEEKDAYS[(start + i) % 7] for i in range((end - start) % 7 + 1)]
    words = [word for word in _SEPARATORS.split(text) if word and word.strip()]
    days = [_day_named(word) for word in words]
    return list(dict.fromkeys(days)) if days and all(days) else []


def weekday(value: object) -> str:
    """One day of the week, as decks and settings write it: exactly ``mon``, ``tue``, ``wed``,
    ``thu``, ``fri``, ``sat`` or ``sun`` (lower case, three letters), the one rule for a deck's
    ``weekdays`` and the settings' ``opening_hours`` days.

    Raises:
        ValueError: ``"message — how to fix it"``: several days written as one piece (``mon-fri``,
            ``sat,sun``: "write [mon, tue, wed, thu, fri]"), a day written otherwise (``Sunday``,
            ``Sun``: "write sun"), or no day at all (with "did you mean", else the seven names).
    """
    text = value if isinstance(value, str) else ""
    if text in WEEKDAYS:
        return text
    raise ValueError(weekday_problem(text) if isinstance(value, str) else
                     f"must be a day of the week — write one of {', '.join(WEEKDAYS)}")


def weekday_problem(text: str) -> str:
    """``"message — how to fix it"`` for ``text`` that is not a day as :func:`weekday` takes it."""
    days = days_meant(text)
    if len(days) > 1:
        return (f"'{text}' names {len(days)} days as one item; each day is an item of its own"
                f" — write [{', '.join(days)}]")
    if days:
        return f"'{text}': a day is written as its first three letters, in lower case — write {days[0]}"
    from kiosk.words import close_matches, suggest

    close = close_matches(text.strip().lower(), WEEKDAYS + _FULL_NAMES, n=1)
    return f"'{text}' is not a day of the week — " + (
        suggest(dict.fromkeys(name[:3] for name in close)) or f"write one of {', '.join(WEEKDAYS)}")


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


__all__ = ["DAY_MINUTES", "WEEKDAYS", "WHOLE_DAY", "DailyWindow", "days_meant", "weekday", "weekday_problem"]
