"""When a slide is due: its dates, days of the week and daily times, in the deck's time zone.

Plain functions of a deck and a moment, so the loop, ``kiosk render --at`` and the tests all
ask the same question the same way. Every date and time of the deck is written as the clock
on the wall shows it in the deck's zone (``deck.timezone``, default Europe/London): a slide
shown "09:00-17:00" starts at 09:00 on the clock on the wall whether it is GMT or BST. Each
such reading is turned into one real instant (:func:`kiosk.walltime.instant`: the first moment
the clock shows that time or a later one), and the moment asked about is compared with those
instants, never with wall readings. So the clock changes (UK: last Sundays of March and
October, at 01:00 UTC) never bring back a slide that has ended: once real time is past a
``show_until``, the slide is never due again. Time zones come from :mod:`zoneinfo`, backed by
the ``tzdata`` package where the system has no zone files.

The rules (fields of every slide, see :mod:`kiosk.deck.model`):

- ``show_from``: a date (from the start of that day) or a moment; before it, not due.
- ``show_until``: a date (to the end of that day) or a moment (up to, not including, it).
- ``weekdays``: the days it is due (default every day).
- ``times``: daily windows ``"09:00-17:00"``; one whose end is before its start runs past
  midnight, and the part after midnight belongs to the day it started on (a Friday
  ``"22:00-02:00"`` window is due at 01:00 on Saturday). On the night the clocks go back, a
  window edge in the repeated hour is its first occurrence; one in the skipped hour when they
  go forward is the moment they change.
- An events slide drops each event once it has ended (its end time, or the end of its date
  when it has none: :func:`has_ended`), unless the deck is an archive (``deck.archive: true``),
  which keeps it on show, marked as past (:mod:`kiosk.player.views`); an events slide with no
  events left is not due.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.deck.windows import WEEKDAYS, WHOLE_DAY
from kiosk.walltime import (
    DEFAULT_ZONE,
    EARLIEST,
    LATEST,
    UnknownZone,
    add_days,
    ascii_digits,
    clock_change,
    end_of_day,
    instant,
    not_a_real_date,
    on_the_calendar,
    written,
    zone_named,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from kiosk.deck.model import Deck, Event, EventsSlide

#: A wall clock: returns the current moment as an aware datetime (UTC by convention).
WallClock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real current moment, as an aware UTC datetime (the default wall clock)."""
    return dt.datetime.now(dt.UTC)


def zone_of(deck: Deck) -> ZoneInfo:
    """The deck's time zone (``deck.timezone``); Europe/London if the name is unknown.

    The loader already reports an unknown zone as an error, so the fallback is only a guard.
    Names are read by :func:`kiosk.walltime.zone_named`.
    """
    try:
        return zone_named(deck.deck.timezone)
    except UnknownZone:
        return zone_named(DEFAULT_ZONE)


def local_time(deck: Deck, moment: dt.datetime) -> dt.datetime:
    """``moment`` (aware) as naive wall time in the deck's zone, the form the deck's dates use.

    Raises:
        ValueError: when ``moment`` is naive (a wall clock must say which zone it is in).
    """
    if moment.tzinfo is None:
        raise ValueError("the wall clock must give an aware datetime (with a time zone)")
    return on_the_calendar(moment).astimezone(zone_of(deck)).replace(tzinfo=None)


def _start_of(moment: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time())


def _end_of(moment: dt.date | dt.datetime) -> dt.datetime:
    """A date counts to the end of that day; a moment is the moment itself (exclusive)."""
    if isinstance(moment, dt.datetime):
        return moment
    return end_of_day(moment)


def _in_windows(slide, moment: dt.datetime, zone: dt.tzinfo) -> bool:
    """True when ``moment`` (aware) falls on one of the slide's weekdays and inside one of its times.

    Each window of each day is the real span from the instant of its start to the instant of
    its end (:func:`kiosk.walltime.instant`); the days around the moment's local date are tried.
    """
    if not slide.weekdays and not slide.times:
        return True
    days = set(slide.weekdays) or set(WEEKDAYS)
    windows = slide.times or [WHOLE_DAY]
    local_day = on_the_calendar(moment).astimezone(zone).date()
    for day in sorted({add_days(local_day, -1), local_day, add_days(local_day, 1)}):
        if WEEKDAYS[day.weekday()] not in days:
            continue
        for window in windows:
            # A window past midnight belongs to the day it starts on.
            if instant(window.opens(day), zone) <= moment < instant(window.closes(day), zone):
                return True
    return False


def event_end(event: Event) -> dt.datetime:
    """When ``event`` has ended, as naive local time: its end time, else the end of its date."""
    if event.end is not None:
        return dt.datetime.combine(event.date, event.end)
    return end_of_day(event.date)


def has_ended(deck: Deck, event: Event, moment: dt.datetime | None) -> bool:
    """True when ``event`` of ``deck`` has ended at ``moment`` (aware): from the instant of its
    end on (:func:`event_end`, see :func:`kiosk.walltime.instant`). ``False`` when ``moment`` is
    ``None`` (no moment: as on no day in particular, nothing has ended)."""
    return moment is not None and moment >= instant(event_end(event), zone_of(deck))


def current_events(deck: Deck, slide: EventsSlide, moment: dt.datetime | None) -> list[Event]:
    """The events of ``slide`` still to show at ``moment`` (aware), in deck order.

    An event has ended at the instant of its end (:func:`has_ended`). All of them when ``moment``
    is ``None`` or the deck is an archive (which shows an ended event as past:
    :func:`kiosk.player.views.view`).
    """
    if moment is None or deck.deck.archive:
        return list(slide.events)
    return [event for event in slide.events if not has_ended(deck, event, moment)]


def is_due(deck: Deck, slide, moment: dt.datetime) -> bool:
    """True when ``slide`` of ``deck`` should be in the loop at ``moment`` (an aware datetime).

    Raises:
        ValueError: when ``moment`` is naive.
    """
    if moment.tzinfo is None:
        raise ValueError("the wall clock must give an aware datetime (with a time zone)")
    zone = zone_of(deck)
    if slide.show_from is not None and moment < instant(_start_of(slide.show_from), zone):
        return False
    if slide.show_until is not None and moment >= instant(_end_of(slide.show_until), zone):
        return False
    if not _in_windows(slide, moment, zone):
        return False
    if slide.type == "events" and not current_events(deck, slide, moment):
        return False
    return True


#: Days ahead looked at for a slide's next window edge (:func:`next_change`): a week and a day,
#: so the next of its weekdays is always among them.
_EDGE_DAYS = 8


def next_change(deck: Deck, slide, moment: dt.datetime) -> dt.datetime | None:
    """The first instant after ``moment`` (aware) at which :func:`is_due` may give another answer
    for ``slide``: its ``show_from`` or ``show_until``, an edge of one of its times on one of its
    weekdays, or (an events slide of a deck that is not an archive) the end of one of its events.
    A moment where the answer stays the same may be given (an edge between two windows that
    touch): the caller looks again then. ``None`` when nothing about the slide changes with time.

    Raises:
        ValueError: when ``moment`` is naive.
    """
    if moment.tzinfo is None:
        raise ValueError("the wall clock must give an aware datetime (with a time zone)")
    zone = zone_of(deck)
    edges = [instant(_start_of(slide.show_from), zone)] if slide.show_from is not None else []
    if slide.show_until is not None:
        edges.append(instant(_end_of(slide.show_until), zone))
    if slide.weekdays or slide.times:
        days = set(slide.weekdays) or set(WEEKDAYS)
        local_day = on_the_calendar(moment).astimezone(zone).date()
        for offset in range(-1, _EDGE_DAYS + 1):
            day = add_days(local_day, offset)
            if WEEKDAYS[day.weekday()] in days:
                for window in slide.times or [WHOLE_DAY]:
                    edges += [instant(window.opens(day), zone), instant(window.closes(day), zone)]
    if slide.type == "events" and not deck.deck.archive:
        edges += [instant(event_end(event), zone) for event in slide.events]
    return min((edge for edge in edges if edge > moment), default=None)


def next_due_change(deck: Deck, moment: dt.datetime) -> dt.datetime | None:
    """The first instant after ``moment`` (aware) at which any slide of ``deck`` may become due
    or stop being due (:func:`next_change`), or ``None`` when none ever does."""
    return min((edge for slide in deck.slides if (edge := next_change(deck, slide, moment)) is not None),
               default=None)


def due_slides(deck: Deck, moment: dt.datetime) -> list[int]:
    """Indexes of the slides of ``deck`` due at ``moment`` (aware), in deck order."""
    return [index for index, slide in enumerate(deck.slides) if is_due(deck, slide, moment)]


def has_schedule(deck: Deck) -> bool:
    """True when anything in ``deck`` can come or go with time (a schedule field or an events slide)."""
    return any(slide.show_from or slide.show_until or slide.weekdays or slide.times
               or (slide.type == "events" and not deck.deck.archive) for slide in deck.slides)


_AT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$")


class NoSuchTime(ValueError):
    """A local time that never happens: the clocks go forward over it (see :func:`parse_at`)."""


def parse_at(text: str, deck: Deck) -> dt.datetime:
    """Read a moment like ``"2026-10-19 09:30"`` (or ``"2026-10-19"``, meaning 00:00) in the deck's zone.

    Args:
        text: ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DDTHH:MM``, local to the deck.
        deck: the deck whose time zone the text is in.

    Returns:
        The moment as an aware UTC datetime. A time that happens twice when the clocks go back
        is taken as the first (see :func:`at_note` for the sentence saying so).

    Raises:
        ValueError: with a message saying what to write, when ``text`` is not such a moment, or
            is within two days of the ends of the calendar (years 1 and 9999: see
            :data:`kiosk.walltime.EARLIEST`).
        NoSuchTime: (a ValueError) when it never happens: the clocks go forward over it that night.
    """
    local = _read_at(text, deck)
    moment = instant(local, zone_of(deck))
    if not EARLIEST <= moment <= LATEST:
        raise NoSuchTime(f"{written(local)} is too close to the ends of the calendar: give a moment from "
                         f"{written(EARLIEST.date())} to {written(LATEST.date())}")
    change = clock_change(local, zone_of(deck))
    if change is not None and change.kind == "never":
        low, high = sorted((change.wall_from, change.wall_to))
        raise NoSuchTime(f"{written(local)} never happens in {deck.deck.timezone}: the clocks go forward "
                         f"from {low:%H:%M} to {high:%H:%M} that night; give a time before {low:%H:%M} "
                         f"or from {high:%H:%M}")
    return moment


def at_note(text: str, deck: Deck) -> str | None:
    """A sentence when the moment ``text`` (as :func:`parse_at` reads it) happens twice, else ``None``."""
    change = clock_change(_read_at(text, deck), zone_of(deck))
    return change.explain()[0] if change is not None and change.kind == "twice" else None


def _read_at(text: str, deck: Deck) -> dt.datetime:
    """``text`` as a naive local moment; a ``ValueError`` saying what is wrong: not written like a
    moment, a date that is not in the calendar (``2027-02-31``), or a time not on the clock (``25:00``)."""
    match = _AT.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date and time like \"2026-10-19 09:30\" "
                         f"(in the deck's time zone, {deck.deck.timezone})")
    try:
        day = dt.date.fromisoformat(ascii_digits(match[1]))  # 2026-12-٠١ too, as a deck's dates
    except ValueError:
        raise ValueError(f"{not_a_real_date(match[1])}: give a day of the calendar, like \"2026-10-19 09:30\"") from None
    hour, minute = (int(match[2]), int(match[3])) if match[2] else (0, 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"'{match[2]}:{match[3]}' is not a time of day: give one from 00:00 to 23:59 "
                         f"(on the 24-hour clock), like \"{match[1]} 09:30\"")
    return dt.datetime.combine(day, dt.time(hour, minute))


__all__ = ["NoSuchTime", "WallClock", "at_note", "current_events", "due_slides", "event_end", "has_ended", "has_schedule",
           "is_due", "local_time", "next_change", "next_due_change", "parse_at", "utc_now", "zone_of"]
