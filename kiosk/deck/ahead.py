"""Dates written far ahead: a warning for each date of a deck more than :data:`FAR_AHEAD_YEARS`
years after today, with the near year it is likely a typo for (``2207`` for ``2027``).

A campaign deck is written for the weeks and months ahead: an event or a slide's ``show_from``
years away is far more often a mistyped year than a plan, and the deck would show it as written
(an event card dated 2207) or never show the slide. It stays a warning, since a date may be meant.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.deck.model import Deck, EventsSlide
from kiosk.deck.problems import Problem
from kiosk.deck.source import SourceDoc
from kiosk.walltime import written
from kiosk.words import plural

#: A date more than this many years after today is warned about (kiosk validate, docs/decks.md:
#: "What kiosk validate checks"): campaigns are planned months ahead, not years.
FAR_AHEAD_YEARS = 2


def _same_day_in(day: dt.date, year: int) -> dt.date | None:
    """``day`` in ``year`` (29 February as the 28th in a year without it); ``None`` outside the calendar."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def far_limit(today: dt.date) -> dt.date:
    """The last day not said to be far ahead: ``today`` :data:`FAR_AHEAD_YEARS` years on
    (9999-12-31 when that is past the calendar's end).

    Args:
        today: the day the deck is checked on, in the deck's time zone.
    """
    return _same_day_in(today, today.year + FAR_AHEAD_YEARS) or dt.date.max


def _whole_years(day: dt.date, today: dt.date) -> int:
    """Whole years from ``today`` to ``day`` (``day`` after ``today``)."""
    years = day.year - today.year
    return years - 1 if (day.month, day.day) < (today.month, today.day) else years


def _one_slip(wrote: str, meant: str) -> bool:
    """True when ``wrote`` is ``meant`` with one digit changed, or two neighbouring digits swapped."""
    if len(wrote) != len(meant) or wrote == meant:
        return False
    differ = [i for i, (a, b) in enumerate(zip(wrote, meant, strict=True)) if a != b]
    if len(differ) == 1:
        return True
    return len(differ) == 2 and differ[1] == differ[0] + 1 and wrote[differ[0]] == meant[differ[1]] \
        and wrote[differ[1]] == meant[differ[0]]


def typo_year(day: dt.date, today: dt.date) -> int | None:
    """The near year ``day``'s year is one slip of the keyboard from (one digit changed, or two
    neighbouring digits swapped: ``2207`` or ``2037`` for ``2027``), when exactly one such year
    puts ``day`` from ``today`` to :func:`far_limit`; else ``None``.

    Args:
        day: a date written in the deck.
        today: the day the deck is checked on.
    """
    wrote = f"{day.year:04d}"
    near = []
    for year in range(today.year, far_limit(today).year + 1):
        moved = _same_day_in(day, year)
        if moved is not None and today <= moved <= far_limit(today) and _one_slip(wrote, f"{year:04d}"):
            near.append(year)
    return near[0] if len(near) == 1 else None


def how_far_ahead(day: dt.date, today: dt.date) -> tuple[str, str] | None:
    """``(what, fix)`` for a ``day`` more than :data:`FAR_AHEAD_YEARS` years after ``today``, else ``None``.

    ``what`` says how far ahead it is and, where the year is one slip from a near one, asks
    whether that was meant (``"is 180 years from now: a typo for 2027?"``); ``fix`` says what to
    do (``"write 2027-02-15, or leave it if 2207 is meant"``).

    Args:
        day: a date written in the deck (the day of a moment).
        today: the day the deck is checked on, in the deck's time zone.
    """
    if day <= far_limit(today):
        return None
    years = _whole_years(day, today)
    what = f"is {plural(years, 'year')} from now" if years < 1000 else f"is {years:,} years from now"
    meant = typo_year(day, today)
    if meant is not None:
        return f"{what}: a typo for {meant}?", f"write {written(_same_day_in(day, meant) or day)}, or leave it if " \
                                               f"{day.year} is meant"
    return what, f"check the year (a deck is usually for the next months); leave it if {day.year} is meant"


def _day_of(moment: dt.date | dt.datetime | None) -> dt.date | None:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def far_ahead_problems(deck: Deck, doc: SourceDoc, today: dt.date, title_of: Any = str) -> list[Problem]:
    """A warning at each date of ``deck`` more than :data:`FAR_AHEAD_YEARS` years after ``today``
    (:func:`how_far_ahead`): each event's ``date``, and each slide's ``show_from`` and
    ``show_until`` (said once, at ``show_from``, when both are).

    Args:
        deck: the deck (what passed the model).
        doc: its source, for positions.
        today: the day the deck is checked on, in the deck's time zone.
        title_of: turns an event's title (text or a mapping of languages) into the words to name it by.

    Returns:
        Warnings, in slide order.
    """
    problems = []
    for i, slide in enumerate(deck.slides):
        ahead = {name: how_far_ahead(day, today) for name in ("show_from", "show_until")
                 if (day := _day_of(getattr(slide, name))) is not None}
        if ahead.get("show_from") and ahead.get("show_until"):
            what, fix = ahead["show_from"]
            problems.append(doc.problem(
                ("slides", i, "show_from"), f"slide '{slide.id}': show_from ({written(slide.show_from)}) and "
                f"show_until ({written(slide.show_until)}) are far ahead: show_from {what}", fix, severity="warning"))
        else:
            for name, said in ahead.items():
                if said is not None:
                    problems.append(doc.problem(("slides", i, name), f"slide '{slide.id}': {name} "
                                                f"({written(getattr(slide, name))}) {said[0]}", said[1],
                                                severity="warning"))
        if isinstance(slide, EventsSlide):
            for j, event in enumerate(slide.events):
                said = how_far_ahead(event.date, today)
                if said is not None:
                    problems.append(doc.problem(("slides", i, "events", j, "date"),
                                                f"slide '{slide.id}': event '{title_of(event.title)}' on "
                                                f"{written(event.date)} {said[0]}", said[1], severity="warning"))
    return problems


__all__ = ["FAR_AHEAD_YEARS", "far_ahead_problems", "far_limit", "how_far_ahead", "typo_year"]
