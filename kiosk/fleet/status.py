"""Each kiosk's status record, its Prometheus textfile, and the coordinator's fleet table.

A record is one small JSON file per kiosk, ``<status_folder>/<kiosk_name>.json``, written whole
(a hidden temporary file, then a rename) so a sync tool or a reader never sees half of one::

    {"kiosk_name": "library-north", "software": "0.1.0", "deck": "freedom-week-2019",
     "deck_version": 3, "last_check": "2026-10-19T09:30:00Z", "last_result": "current",
     "last_message": "…", "last_error": null, "last_error_at": null, "uptime_seconds": 5400,
     "open": true, "written": "2026-10-19T09:31:00Z"}

Times are UTC by the kiosk's clock. Nothing in a record is about a visitor (no touches, no quick
exits, no languages chosen). The Prometheus textfile (``metrics_file``; ``node_exporter``'s
textfile collector reads ``*.prom`` files) carries the same facts as gauges, written by
``prometheus_client``'s :func:`~prometheus_client.write_to_textfile` (also a rename).
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kiosk import __version__, outputs
from kiosk.fleet import feed as feeds
from kiosk.fleet import jsontext
from kiosk.fleet.fetch import RESULTS, Outcome
from kiosk.userfile import UserFileError, expand_user, read_bounded
from kiosk.words import plural

#: Minutes without a new record after which ``kiosk fleet`` marks a kiosk stale (the default).
STALE_AFTER = 30.0
#: Largest status record read, in bytes (a record is under a kilobyte; a bigger one is unreadable).
MAX_RECORD_BYTES = 64 * 1024
#: Seconds a record may be dated ahead of the coordinator's clock before it is not taken as a sign
#: of life (a kiosk whose clock is wrong is shown STALE until it is set right).
FUTURE_SLACK = 300.0
#: Longest text accepted in one field of a record, in characters.
MAX_FIELD_CHARS = 4096

#: A time as records hold it: the kiosk writes ``2026-10-19T09:30:00Z`` (UTC); a fraction of a
#: second and an offset (``+01:00``) are read too, and a time with neither is taken as UTC. ASCII
#: digits only (``\d`` would take any script's).
TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,6})?)?"
                  r"(?:Z|[+-]([0-9]{2}):([0-9]{2}))?")
#: A time written as records hold it, for messages.
TIME_EXAMPLE = '"2026-10-19T09:30:00Z"'


class TimeError(ValueError):
    """Text that is not a time as a record holds it (:data:`TIME`); ``str()`` says which part is
    wrong (``there is no month 13``), or is empty when the text is not of that shape at all."""


def parse_time(text: str) -> dt.datetime:
    """The moment ``text`` names, as a record holds it (:data:`TIME`).

    Args:
        text: a time such as ``"2026-10-19T09:30:00Z"``.

    Returns:
        The moment, with its offset (UTC when ``text`` has none).

    Raises:
        TimeError: when ``text`` is not of that shape, or names a month, day, hour, minute,
            second or offset no calendar or clock has (``2026-13-45T99:99:99Z``), with which.
    """
    found = TIME.fullmatch(text)
    if found is None:
        raise TimeError("")
    year, month, day, hour, minute, second, off_hours, off_minutes = (
        int(part) if part is not None else 0 for part in found.groups())
    for value, low, top, what in ((year, 1, 9999, "year"), (month, 1, 12, "month"), (hour, 0, 23, "hour"),
                                  (minute, 0, 59, "minute"), (second, 0, 59, "second")):
        if not low <= value <= top:
            raise TimeError(f"there is no {what} {value}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise TimeError(f"there is no day {day} in {year:04d}-{month:02d}")
    if off_hours > 23 or off_minutes > 59:
        raise TimeError(f"there is no offset from UTC of {off_hours:02d}:{off_minutes:02d}")
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _time_words(value: str) -> str | None:
    """What a time field must be, when ``value`` is not a time (:func:`parse_time`), else ``None``."""
    try:
        parse_time(value)
    except TimeError as exc:
        return f"a time like {TIME_EXAMPLE}" + (f" ({exc})" if str(exc) else "")
    return None


def _not_negative(words: str) -> Callable[[float], str | None]:
    """A check that a number is 0 or more, saying ``words`` when it is not."""
    return lambda value: None if value >= 0 else words


def _a_result(value: str) -> str | None:
    """What ``last_result`` must be, when ``value`` is no result a look gives (:data:`RESULTS`), else ``None``."""
    return None if value in RESULTS else "one of " + ", ".join(f'"{result}"' for result in RESULTS[:-1]) + \
        f' or "{RESULTS[-1]}"'


class Kind(NamedTuple):
    """What one field of a record holds.

    Attributes:
        types: the Python types of the JSON values accepted.
        called: what the type is called in messages, as :func:`kiosk.fleet.jsontext.kind` calls a JSON value's.
        check: for a value of one of ``types``, what the field must be when the value is not
            one it can hold (a time that is no time, a negative count), else ``None``.
    """

    types: tuple[type, ...]
    called: str
    check: Callable[[Any], str | None] = lambda value: None


_TEXT = Kind((str,), "text")
_TIME = Kind((str,), f"a time like {TIME_EXAMPLE}", _time_words)
#: The record's fields, each with what it holds. Every field a kiosk writes is here, and each
#: value is checked as what it is (a time as a time, a count as 0 or more), so that a damaged
#: record is never shown as a plausible status.
FIELDS: dict[str, Kind] = {
    "kiosk_name": _TEXT, "software": _TEXT, "deck": _TEXT,
    "deck_version": Kind((int,), "a whole number", _not_negative("a whole number, 0 or more")),
    "last_check": _TIME, "last_result": Kind((str,), "text", _a_result), "last_message": _TEXT,
    "last_error": _TEXT, "last_error_at": _TIME,
    "uptime_seconds": Kind((int, float), "a number", _not_negative("a number of seconds, 0 or more")),
    "open": Kind((bool,), "true or false"), "written": _TIME,
}
#: What to do about a record ``kiosk fleet`` cannot read (said once, under the table).
UNREADABLE_FIX = ("a kiosk writes its record whole at each look for updates: remove the file from the status "
                  "folder (or the link, or the folder of that name), and the kiosk writes a good one at its next "
                  "look; a file no kiosk wrote does not belong there")


def host_name() -> str:
    """This computer's name (the default ``kiosk_name``)."""
    return socket.gethostname() or "kiosk"


def file_name(kiosk_name: str) -> str:
    """The record's file name for ``kiosk_name``: letters, digits, ``.``, ``_`` and ``-`` kept, the rest ``-``,
    and at most 200 characters before ``.json``, so any file system takes it (255 bytes; ``kiosk_name``
    is at most 100 characters, the host name of its default at most 255)."""
    return (re.sub(r"[^A-Za-z0-9._-]+", "-", kiosk_name)[:200].strip(".-") or "kiosk") + ".json"


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


class RecordError(ValueError):
    """A status record that cannot be read; ``str()`` says why."""


def parse_record(data: bytes) -> dict[str, Any]:
    """Read one status record from ``data`` and check every field (see :data:`FIELDS`).

    Any bytes give a record or a :class:`RecordError`: text that is not UTF-8, not JSON, nested
    too deeply, numbers of thousands of digits, ``NaN``, text with unpaired surrogates
    (:func:`kiosk.fleet.jsontext.loads`), a field of the wrong kind, a value its field cannot hold
    (a time that is no time, :func:`parse_time`; a negative version or uptime; a result no look
    gives, :data:`RESULTS`), text longer than :data:`MAX_FIELD_CHARS`, or no ``written`` time are
    refused with the reason, naming the field and its value, in plain words.
    Fields not in :data:`FIELDS` are dropped.

    Returns:
        The record: ``kiosk_name`` is non-empty text and ``written`` a time; each other field is
        of its kind or ``None``.

    Raises:
        RecordError: why the record is unreadable.
    """
    try:
        raw = jsontext.loads(data)
    except jsontext.JsonError as exc:
        raise RecordError(str(exc)) from None
    if not isinstance(raw, dict):
        raise RecordError(f"not a kiosk status record: it holds {jsontext.kind(raw)}, where a record is an object")
    if "kiosk_name" not in raw:
        raise RecordError("not a kiosk status record (it has no kiosk_name)")
    record: dict[str, Any] = {}
    faults = []  # every field's, said together
    for name, (types, called, check) in FIELDS.items():
        record[name] = value = raw.get(name)
        if value is None:
            continue
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            faults.append(f"its {name} is {jsontext.shown(value)}, but should be {called}")
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and not abs(value) <= 2**53:
            faults.append(f"its {name} is not a number of a sensible size")
        elif isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            faults.append(f"its {name} is longer than {MAX_FIELD_CHARS} characters")
        elif (must := check(value)) is not None:
            faults.append(f"its {name} is {jsontext.shown(value)}, but should be {must}")
    if not record["kiosk_name"] and isinstance(record["kiosk_name"], (str, type(None))):
        faults.insert(0, "its kiosk_name should be a name, not empty")
    if record["written"] is None:
        faults.append(f"it has no written (the time the kiosk wrote it, like {TIME_EXAMPLE})")
    if faults:
        raise RecordError("; ".join(faults))
    return record


def record_age(record: dict[str, Any], now: dt.datetime) -> float | None:
    """Seconds since ``record`` (as :func:`parse_record` gives it) was written, negative when
    dated ahead of ``now``; ``None`` when its ``written`` time lies out of the range of dates
    once taken to UTC (``0001-01-01T00:00:00+14:00``)."""
    try:
        return (now - parse_time(record["written"])).total_seconds()
    except OverflowError:
        return None


@dataclass
class Tracker:
    """The kiosk's update results, kept for its status record, metrics and staff status page.

    Safe to use from the updater's thread and the screen's thread at once.

    Attributes:
        kiosk_name: the name in records (default :func:`host_name`).
        status_folder: where records go, or ``None``.
        metrics_file: the Prometheus textfile, or ``None``.
    """

    kiosk_name: str = field(default_factory=host_name)
    status_folder: Path | None = None
    metrics_file: Path | None = None
    last: Outcome | None = None
    last_at: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    last_success_at: dt.datetime | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __getstate__(self) -> dict:
        """Everything but the lock, for a copy in another process (:mod:`kiosk.handover`)."""
        with self._lock:
            return {name: value for name, value in self.__dict__.items() if name != "_lock"}

    def __setstate__(self, state: dict) -> None:
        """A copy made from :meth:`__getstate__`, with a lock of its own."""
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def note(self, outcome: Outcome, at: dt.datetime | None = None) -> None:
        """Remember the result of one look (at ``at``, default now)."""
        at = at or dt.datetime.now(dt.UTC)
        with self._lock:
            self.last, self.last_at = outcome, at
            if outcome.ok:
                self.last_success_at = at
            else:
                self.last_error, self.last_error_at = outcome.message, at

    def summary(self) -> str:
        """One line for the staff status page: the last look's time, result and reason."""
        with self._lock:
            if self.last is None:
                return "not looked yet"
            when = self.last_at.astimezone().strftime("%H:%M on %d %b") if self.last_at else ""
            return f"{self.last.result} at {when}: {self.last.message}"

    def record(self, deck: str | None, version: int | None, uptime: float, is_open: bool | None) -> dict[str, Any]:
        """The status record (see the module's notes)."""
        with self._lock:
            return {"kiosk_name": self.kiosk_name, "software": __version__, "deck": deck, "deck_version": version,
                    "last_check": _iso(self.last_at), "last_result": self.last.result if self.last else None,
                    "last_message": self.last.message if self.last else None, "last_error": self.last_error,
                    "last_error_at": _iso(self.last_error_at), "uptime_seconds": round(uptime),
                    "open": is_open, "written": _iso(dt.datetime.now(dt.UTC))}

    def write(self, deck: str | None, version: int | None, uptime: float, is_open: bool | None) -> str | None:
        """Write the record and the textfile where set; the reason when one cannot be written, else ``None``."""
        record = self.record(deck, version, uptime, is_open)
        problems = []
        if self.status_folder is not None:
            from kiosk import kept

            folder = expand_user(self.status_folder)
            target = folder / file_name(self.kiosk_name)
            try:
                outputs.refuse_link(folder)
                outputs.make_folders(folder)  # a file in the way: ENOTDIR, said plainly
                # never renamed over a folder, pipe or device, nor written through a link: named, with the fix
                blocked = kept.in_the_way(target, "the plain file this kiosk writes its status record to",
                                          "the kiosk writes it again with its next record")
                if blocked is not None:
                    problems.append(blocked.then("no status record was written"))
                else:
                    feeds.write_atomic(target, (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode())
            except OSError as exc:
                problems.append(outputs.write_problem(exc, f"the status record into {folder}",
                                                      "status_folder in settings.toml"))
        if self.metrics_file is not None:
            try:
                outputs.refuse_special(expand_user(self.metrics_file))  # never renamed over a pipe or device
                write_metrics(expand_user(self.metrics_file), record, self.last_success_at)
            except OSError as exc:
                problems.append(outputs.write_problem(exc, f"the metrics file {self.metrics_file}",
                                                      "metrics_file in settings.toml"))
        return "; ".join(problems) or None


#: The running kiosk's tracker (set by :mod:`kiosk.qt.updates`), for the staff status page.
CURRENT: Tracker | None = None


def write_metrics(path: Path, record: dict[str, Any], last_success: dt.datetime | None = None) -> None:
    """Write ``record`` as a Prometheus textfile at ``path`` (gauges labelled with ``kiosk``).

    Raises:
        OSError: when the file cannot be written.
    """
    from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

    registry = CollectorRegistry()
    labels = {"kiosk": record["kiosk_name"]}

    def gauge(name: str, text: str, value: float | None, **extra: str) -> None:
        if value is not None:
            Gauge(name, text, [*labels, *extra], registry=registry).labels(**labels, **extra).set(value)

    gauge("kiosk_info", "The kiosk's software version and deck (always 1).", 1,
          software=str(record["software"]), deck=str(record["deck"] or ""))
    gauge("kiosk_deck_version", "The installed version of the subscribed deck.", record["deck_version"])
    gauge("kiosk_uptime_seconds", "Seconds since the kiosk started.", record["uptime_seconds"])
    gauge("kiosk_open", "1 while open by the opening hours, 0 while closed.",
          None if record["open"] is None else int(record["open"]))
    checked = parse_time(record["last_check"]) if record["last_check"] else None
    gauge("kiosk_update_check_timestamp_seconds", "When the kiosk last looked for an update (Unix time).",
          checked.timestamp() if checked else None)
    gauge("kiosk_update_success_timestamp_seconds", "When a look for an update last succeeded (Unix time).",
          last_success.timestamp() if last_success else None)
    gauge("kiosk_update_ok", "1 when the last look for an update succeeded, else 0.",
          None if record["last_result"] is None else int(record["last_result"] in ("current", "updated")))
    outputs.make_folders(path.parent)
    write_to_textfile(str(path), registry)


@dataclass
class Row:
    """One kiosk in the fleet table: its record, or why it cannot be read, and whether it is stale."""

    file: str
    record: dict[str, Any] | None
    problem: str | None = None
    stale: bool = False
    age: float | None = None


def read_fleet(folder: Path, stale_after: float = STALE_AFTER, now: dt.datetime | None = None) -> list[Row]:
    """Every record in ``folder``, sorted by kiosk name.

    Args:
        folder: the status folder.
        stale_after: minutes after which a record not written again is stale.
        now: the time to judge by (default now, UTC).

    Each record is read bounded (:func:`kiosk.userfile.read_bounded`: a regular file of at most
    :data:`MAX_RECORD_BYTES`) and checked (:func:`parse_record`); a record that is not, or a
    symbolic link (never followed), is a row with ``problem`` "unreadable: <reason>". A record dated more than :data:`FUTURE_SLACK`
    seconds ahead of ``now`` is stale (a wrong clock is no sign of life).

    Raises:
        OSError: when the folder cannot be listed.
    """
    now = now or dt.datetime.now(dt.UTC)
    rows = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix != ".json":
            continue
        if path.is_symlink():  # a kiosk writes its record as a file: a link could lead anywhere
            rows.append(Row(path.name, None, "unreadable: it is a link, not a record a kiosk wrote", True))
            continue
        try:
            record = parse_record(read_bounded(path, MAX_RECORD_BYTES))
        except (UserFileError, RecordError) as exc:
            reason = exc.reason if isinstance(exc, UserFileError) else str(exc)
            rows.append(Row(path.name, None, f"unreadable: {reason}", True))
            continue
        age = record_age(record, now)
        stale = age is None or age > stale_after * 60 or age < -FUTURE_SLACK
        rows.append(Row(path.name, record, None, stale, age))
    return sorted(rows, key=lambda row: str((row.record or {}).get("kiosk_name", row.file)).lower())


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    if seconds < -300:
        return "in the future (its clock is wrong)"
    seconds = max(0, seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return f"{int(seconds)} s ago"


COLUMNS = ("kiosk", "state", "deck", "version", "last seen", "last look", "open", "software", "last error")


def cells(row: Row) -> list[str]:
    """The table's cells for one row (see :data:`COLUMNS`)."""
    r = row.record
    if r is None:
        return [row.file, "UNREADABLE", "", "", "", "", "", "", row.problem or ""]
    state = "STALE" if row.stale else ("ok" if r.get("last_result") in ("current", "updated", None) else "PROBLEM")
    opened = {True: "open", False: "closed"}.get(r.get("open"), "")
    look = f"{r.get('last_result') or '—'}" + (f" ({r['last_check']})" if r.get("last_check") else "")
    return [str(r.get("kiosk_name")), state, str(r.get("deck") or "—"), str(r.get("deck_version") or "—"),
            _ago(row.age), look, opened, str(r.get("software") or ""), str(r.get("last_error") or "")]


def table(rows: list[Row], stale_after: float) -> str:
    """The fleet as a plain-text table, a line under it saying what stale means."""
    from kiosk.deck.chars import printable

    grid = [list(COLUMNS)] + [[printable(cell, keep_joiners=False) for cell in cells(row)] for row in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(COLUMNS) - 1)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)) + "  " + line[-1] for line in grid]
    lines.append(f"{plural(len(rows), 'kiosk')}; STALE: no record for more than "
                 f"{plural(stale_after, 'minute')}")
    if any(row.record is None for row in rows):
        lines.append(f"UNREADABLE: {UNREADABLE_FIX}")
    return "\n".join(line.rstrip() for line in lines)


def page(rows: list[Row], stale_after: float, folder: Path) -> str:
    """The fleet as one self-contained HTML page (no scripts, no outside files)."""
    from kiosk.deck.chars import printable

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    # As the text table: control and direction characters shown as escapes, never written raw.
    body = "".join(
        f'<tr class="{"stale" if row.stale else ""}">'
        + "".join(f"<td>{html.escape(printable(cell, keep_joiners=False))}</td>" for cell in cells(row)) + "</tr>\n" for row in rows)
    head = "".join(f"<th>{html.escape(name)}</th>" for name in COLUMNS)
    unreadable = f"\n<p>UNREADABLE: {html.escape(UNREADABLE_FIX)}.</p>" if any(row.record is None for row in rows) else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kiosk fleet</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}}
tr.stale td{{background:#fde2e1}}</style></head><body>
<h1>Kiosk fleet</h1>
<p>{plural(len(rows), 'kiosk')} in {html.escape(str(folder))}, as of {now}. Highlighted: stale (no record for more
than {plural(stale_after, 'minute')}).</p>{unreadable}
<table><thead><tr>{head}</tr></thead><tbody>
{body}</tbody></table></body></html>
"""
