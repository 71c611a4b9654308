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
import functools
import os
import stat
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kiosk.words import close_matches, suggest

if TYPE_CHECKING:
    import zoneinfo

UTC = dt.UTC
#: The zone a deck's or the settings' dates are in when none (or a bad one) is given.
DEFAULT_ZONE = "Europe/London"
#: Names found among the zone files on some machines that are not IANA zones: ``localtime`` is
#: whatever the machine is set to, ``posixrules`` a template for POSIX TZ strings; ``posix/…``
#: and ``right/…`` are copies of the database (``right/`` counts leap seconds).
_NOT_ZONES = frozenset({"localtime", "posixrules"})
#: Longest zone name looked up (the longest IANA name, America/Argentina/ComodRivadavia, has 32).
_MAX_ZONE_NAME = 64


#: The zone database's search path (:data:`zoneinfo.TZPATH`) as another process of this Python
#: found it (the checking process: :func:`use_search_path`), or ``None``.
_search_path: tuple[str, ...] | None = None


def use_search_path(folders: list[str] | tuple[str, ...]) -> None:
    """Take ``folders``, the zone database's search path (:data:`zoneinfo.TZPATH`) that the
    checking process (the same Python) found, as this process's, if :mod:`zoneinfo` is not
    loaded yet. :mod:`zoneinfo` otherwise reads its default path from the build's configuration
    (:mod:`sysconfig`), whose table of about a thousand values, half a MiB, the process that
    draws then keeps for nothing. ``PYTHONTZPATH``, when set, still wins. An empty path is
    not taken (the zones may then come from the ``tzdata`` package only)."""
    global _search_path
    if isinstance(folders, (list, tuple)) and folders \
            and all(isinstance(folder, str) and os.path.isabs(folder) for folder in folders):
        _search_path = tuple(folders)


def search_path() -> tuple[str, ...] | None:
    """The search path :func:`use_search_path` took, or ``None``."""
    return _search_path


def zoneinfo_module():
    """:mod:`zoneinfo`, imported now if it is not yet, with the search path
    :func:`use_search_path` took: for a process about to read zones some other way (unpickled,
    :mod:`kiosk.handover`)."""
    return _zoneinfo()


def _zoneinfo():
    """:mod:`zoneinfo`, imported on first use (:func:`use_search_path`)."""
    if "zoneinfo" not in sys.modules and _search_path and "PYTHONTZPATH" not in os.environ:
        os.environ["PYTHONTZPATH"] = os.pathsep.join(_search_path)  # read once, as zoneinfo loads
        try:
            import zoneinfo
        finally:
            os.environ.pop("PYTHONTZPATH", None)
        return zoneinfo
    import zoneinfo

    return zoneinfo


class UnknownZone(ValueError):
    """A time-zone name that is not an IANA zone (see :func:`zone_named`).

    Attributes:
        name: the name as given.
        message: ``unknown time zone 'Europe'`` (the name cut short when long).
        hint: how to fix it, with the closest zone names when some are close.
    """

    def __init__(self, name: str, message: str, hint: str) -> None:
        super().__init__(f"{message} — {hint}")
        self.name, self.message, self.hint = name, message, hint


@functools.lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """Every IANA time-zone name this machine can load (:func:`zoneinfo.available_timezones`, the
    system's zone files and the ``tzdata`` package), without the machine-dependent ``localtime``,
    ``posixrules`` and the ``posix/`` and ``right/`` copies. Read once (about 0.1 s)."""
    return frozenset(name for name in _zoneinfo().available_timezones()
                     if name not in _NOT_ZONES and not name.startswith(("posix/", "right/")))


@functools.lru_cache(maxsize=64)
def _listed_on_disk(name: str) -> bool:
    """True when ``name`` is certainly in :func:`zone_names`, found without listing them all: a
    zone file under one of :data:`zoneinfo.TZPATH` that :func:`zoneinfo.available_timezones`
    would list (every folder on its path a real folder, the entry not a folder, its first bytes
    ``TZif``). False says nothing: ask :func:`zone_names` (a name only ``tzdata`` knows, say).
    """
    parts = name.split("/")
    if not 0 < len(name) <= _MAX_ZONE_NAME or name in _NOT_ZONES or parts[0] in ("posix", "right") \
            or any(part in ("", ".", "..") or "\0" in part for part in parts):
        return False
    for root in _zoneinfo().TZPATH:
        folder = root
        try:
            for part in parts[:-1]:
                folder = os.path.join(folder, part)
                if not stat.S_ISDIR(os.lstat(folder).st_mode):  # os.walk follows no link to a folder
                    break
            else:
                path = os.path.join(folder, parts[-1])
                if not os.path.isdir(path):
                    with open(path, "rb") as file:
                        if file.read(4) == b"TZif":
                            return True
        except OSError:
            continue
    return False


#: Zones of the IANA database that are no place's time: ``Factory`` stands for a computer whose
#: zone is not set yet (tzdata's ``factory`` file: "Zone Factory 0 - -00"), so its clock reads
#: UTC and shows "-00".
PLACEHOLDER_ZONES = frozenset({"Factory"})


def placeholder_zone(name: str) -> str | None:
    """Why the known zone ``name`` is no place's time (:data:`PLACEHOLDER_ZONES`), in words for a
    message ("time zone 'Factory' is …"), or ``None`` for a real place's zone."""
    if name not in PLACEHOLDER_ZONES:
        return None
    return f"time zone '{name}' is the zone database's stand-in for a computer whose zone is not set"


def zone_named(name: object) -> zoneinfo.ZoneInfo:
    """The time zone an IANA name stands for: the one way the kiosk turns a name into a zone.

    Only names in :func:`zone_names` are looked up, so a folder of the zone database
    (``Europe``), a path, ``localtime`` or an over-long name never reaches :mod:`zoneinfo`.

    Args:
        name: e.g. ``"Europe/London"`` (letter case must match, as in the IANA database).

    Returns:
        The :class:`zoneinfo.ZoneInfo`.

    Raises:
        UnknownZone: (a ValueError) for anything else, with a message and a hint naming the
            closest zones (:mod:`kiosk.words`). Nothing else is raised.
    """
    text = name if isinstance(name, str) else str(name)
    if isinstance(name, str) and (_listed_on_disk(name) or name in zone_names()):
        zones = _zoneinfo()
        try:
            return zones.ZoneInfo(name)
        except (zones.ZoneInfoNotFoundError, ValueError, OSError):
            pass  # listed but unreadable (a damaged zone file): reported like an unknown name
    shown = text if len(text) <= 40 else text[:40] + "…"
    hint = "use an IANA name such as Europe/London"
    if len(text) <= _MAX_ZONE_NAME and text:
        names = sorted(zone_names())
        same = [zone for zone in names if zone.lower() == text.lower()]
        inside = [zone for zone in names if zone.lower().startswith(text.lower().rstrip("/") + "/")]
        if same:
            hint = suggest(same[:1])
        elif inside:
            hint = f"'{text}' is a region, not a zone: add a city, e.g. {_example(inside)}"
        else:
            close = suggest(close_matches(text, names))
            hint = f"{close} (or another IANA name such as Europe/London)" if close else hint
    raise UnknownZone(text, f"unknown time zone '{shown}'", hint)


def _example(names: list[str]) -> str:
    """A well-known zone among ``names`` (Europe/London for Europe), else the first."""
    known = ("Europe/London", "America/New_York", "Asia/Tokyo", "Africa/Lagos", "Australia/Sydney")
    return next((zone for zone in known if zone in names), names[0])


#: The earliest and latest moments a clock of the kiosk shows (``--at`` and the clock running on
#: from it): two days inside the calendar, so the moment in any zone (offsets are under a day)
#: and the days around it are dates Python can hold (years 1 to 9999).
EARLIEST = dt.datetime.min.replace(tzinfo=UTC) + dt.timedelta(days=2)
LATEST = dt.datetime.max.replace(tzinfo=UTC) - dt.timedelta(days=2)


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` days, kept within the calendar (0001-01-01 to 9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def later(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``moment`` plus ``delta``, stopping at the ends of the calendar (``datetime.max`` or
    ``datetime.min``, with ``moment``'s tzinfo) instead of raising OverflowError."""
    try:
        return moment + delta
    except OverflowError:
        end = dt.datetime.max if delta > dt.timedelta(0) else dt.datetime.min
        return end.replace(tzinfo=moment.tzinfo)


def end_of_day(day: dt.date) -> dt.datetime:
    """Midnight after ``day`` (naive): when a date written in a deck ends; the last moment of
    the calendar for 9999-12-31."""
    return later(dt.datetime.combine(day, dt.time()), dt.timedelta(days=1))


def on_the_calendar(moment: dt.datetime) -> dt.datetime:
    """An aware ``moment`` kept within [:data:`EARLIEST`, :data:`LATEST`]."""
    return min(max(moment, EARLIEST), LATEST)


#: The months' English names, January first (written out here, not by ``strftime`` or
#: :data:`calendar.month_name`, whose words follow the locale Qt sets at start while every other
#: word the kiosk says is English).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def ascii_digits(text: str) -> str:
    """``text`` with each decimal digit of any script written 0-9: ``"2027-06-٠١"`` (Arabic-Indic
    digits, as a phone keyboard set to Arabic types them) and ``"２０２７-０６-０１"`` (fullwidth, as
    Chinese and Japanese input gives) become ``"2027-06-01"``. A digit is what
    :meth:`str.isdecimal` (Unicode category Nd) says is one, the same as ``\\d`` in :mod:`re` and
    :func:`int` read, so a date reads as its times (``"١٠:٠٠"``, 10:00) already did. The rest of
    ``text`` is kept as it is.

    Args:
        text: a date, time or moment as a person wrote it.

    Returns:
        str: ``text`` with ASCII digits only where it had decimal digits.
    """
    if text.isascii():
        return text
    import unicodedata

    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def not_a_real_date(text: str) -> str:
    """What to say of ``text``, written ``YYYY-MM-DD`` but no day of the calendar: ``"'2027-02-31'
    is not a real date (February 2027 has 28 days)"``, ``"'2027-13-01' is not a real date (a
    year has 12 months)"``. The words a deck's dates, ``--at`` and ``kiosk stats --since`` share.
    A date written in other digits is shown as read too: ``"'٢٠٢٧-٠٢-٣١' (2027-02-31) is not …"``.

    Args:
        text: the date as written (its first ten characters are ``YYYY-MM-DD``, in digits of
            any script: see :func:`ascii_digits`).
    """
    read = ascii_digits(text)
    year, month = int(read[:4]), int(read[5:7])
    if not 1 <= month <= 12:
        why = "a year has 12 months"
    elif year < dt.MINYEAR:
        why = f"years start at {dt.MINYEAR:04d}"
    else:
        import calendar  # only for this message: never in the process that draws

        days = calendar.monthrange(year, month)[1]
        why = f"{MONTH_NAMES[month - 1]} {year:04d} has {days} days"
    shown = f"'{text}'" if read == text else f"'{text}' ({read})"
    return f"{shown} is not a real date ({why})"


def written(moment: dt.date | dt.datetime) -> str:
    """A date or moment as a deck writes it, the year always in four digits:
    ``2026-10-19``, ``2026-10-19 09:30``, ``0001-01-01`` (``strftime("%Y")`` would write ``1``)."""
    if isinstance(moment, dt.datetime):
        return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
    return moment.isoformat()


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
        when = written(self.local)
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
    try:
        return _clock_change(local, zone)
    except OverflowError:  # within a day of the ends of the calendar: no clock changes there
        return None


def _clock_change(local: dt.datetime, zone: dt.tzinfo) -> ClockChange | None:
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
    while day <= last and day < dt.date.max:
        following = dt.datetime.combine(add_days(day, 1), dt.time(12)).replace(tzinfo=zone).utcoffset()
        if following != offset:
            days += [day, add_days(day, 1)]
            offset = following
        day = add_days(day, 1)
    return list(dict.fromkeys(days))


def instant(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The real instant a wall time stands for: the first moment the clock shows it or later.

    Args:
        local: a naive date and time in ``zone`` (an aware one is returned as it is, in UTC).
        zone: the time zone.

    Returns:
        An aware UTC datetime: for a time that happens twice, its first occurrence; for one that
        never happens (the clocks go forward over it), the moment the clocks change. A time that
        would fall outside the calendar in UTC (0001-01-01 east of Greenwich, 9999-12-31 west
        of it) gives the first or last moment of the calendar, never OverflowError.
    """
    try:
        if local.tzinfo is not None:
            return local.astimezone(UTC)
        change = clock_change(local, zone)
        if change is not None:
            return change.used
        return local.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError:  # past an end of the calendar in UTC: that end
        return (dt.datetime.max if local.year > 1 else dt.datetime.min).replace(tzinfo=UTC)


__all__ = ["DEFAULT_ZONE", "EARLIEST", "LATEST", "ClockChange", "UnknownZone", "PLACEHOLDER_ZONES", "add_days", "ascii_digits", "placeholder_zone", "search_path", "zoneinfo_module", "change_days", "clock_change",
           "end_of_day", "instant", "later", "on_the_calendar", "written", "zone_named", "zone_names"]
