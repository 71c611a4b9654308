"""The event log: one JSON object per line, for tests, benchmarks and proof of play.

Each line has ``event`` (its kind) and ``t`` (seconds on the monotonic clock). The kinds and
their fields are listed in the README ("Event log"): the player's (``started``,
``first_frame``, ``deck_loaded``, ``slide_shown``, ``idle_return``, ``cycle``, ``frame_saved``,
``error``, ``stopped``), hot swap (``deck_reloaded``, ``deck_rejected``,
``deck_waiting``, ``deck_recovered``), fleet updates (``update_installed``, ``update_rejected``, ``update_failed``), kiosk mode and staff
(``key_blocked``, ``close_refused``, ``staff_*``, ``screen_off``, ``screen_on``) and opening
hours (``closed``, ``opened``, ``display``). Nothing a visitor causes is ever written (README,
*Visitor counts*: "not … what one visitor did after what, any time more exact than the hour"):
touches, pages opened, languages, Play, the idle return, a wake-up while closed, a wrong PIN
are only told to the observers (:meth:`EventLog.notify`), which count them per hour
(:mod:`kiosk.stats`); :meth:`EventLog.write` diverts to :meth:`EventLog.notify` any event that
:func:`visitor_caused` names, so no caller can write one by mistake. The files are private to
the kiosk's user (mode 0600, :mod:`kiosk.outputs`).
"""

from __future__ import annotations

import json
import logging
import os
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import diagnostics, outputs
from kiosk.wholelines import LineFile


def process_age() -> float:
    """Seconds since this process was started by the operating system.

    Read from ``/proc/self/stat`` (field 22, start time in clock ticks since boot) against
    ``CLOCK_BOOTTIME``; resolution is one clock tick (usually 10 ms). Elsewhere, returns the
    seconds since this module was imported.
    """
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED


_IMPORTED = time.monotonic()

#: Events that are always a visitor's doing, or may be a passer-by's (the staff gesture and PIN pad)
#: (see :meth:`EventLog.notify`): never written.
VISITOR_EVENTS = frozenset({"touch", "loop_resumed", "language_chosen", "idle_return", "woken", "staff_pin_failed",
                            "staff_gesture", "staff_closed"})


def visitor_caused(event: str, fields: dict[str, Any]) -> bool:
    """Whether ``event`` with ``fields`` is always a visitor's doing, so never written with a time.

    True for :data:`VISITOR_EVENTS`, for ``slide_shown`` not made by the loop itself
    (``trigger`` ``touch`` or ``idle``) and for ``screen_on`` lit by a touch. The loop's lines
    that follow a visitor (:attr:`kiosk.player.session.Session.private`) and a wake-up's screen
    power are told apart by their callers, which notify them instead of writing them.
    """
    if event in VISITOR_EVENTS:
        return True
    if event == "slide_shown":
        return fields.get("trigger") not in (None, "auto")
    return event == "screen_on" and fields.get("trigger") == "touch"


class PrivateRotatingFileHandler(logging.FileHandler):
    """A log file rotated by size, as :class:`logging.handlers.RotatingFileHandler` does, that only its owner can read.

    Rotation: before a record that would take the file to ``maxBytes`` or more, ``file.N-1`` is
    renamed ``file.N`` … and ``file`` becomes ``file.1`` (at most ``backupCount`` old copies; with
    none, the file starts empty again); ``maxBytes`` 0 never rotates. An empty file is never
    rotated (a record longer than ``maxBytes`` is written alone in its file, not after an empty
    copy), nor a name that is not a regular file (``/dev/null``). The arguments are the standard
    handler's. It is written here on :class:`logging.FileHandler` because :mod:`logging.handlers`
    and what it imports (:mod:`pickle` and the rest) would add about 2 MiB to the drawing process
    (PSS, measured under Xvfb), for handlers the kiosk never uses.

    Every file it opens (the log, and the new one after each rollover) is made with mode 0600
    whatever the umask, narrowed to 0600 when it was wider, and never opened through a symbolic
    link (:func:`kiosk.outputs.open_private`); old copies (``file.1`` …) left wider by an earlier
    version are narrowed at start.

    It holds whole lines (:class:`kiosk.wholelines.LineFile`): a record that cannot be written
    whole (a full disk) is not left half written, and a file that ends part way through a line
    when it is opened (cut short by a full disk or a power cut) gets a line break before the
    next record.

    Args:
        filename: the log file.
        mode: how it is opened (``"a"``, appended to).
        maxBytes: size in bytes at which it is rotated (0: never).
        backupCount: old copies kept.
        encoding, delay, errors: as :class:`logging.FileHandler`'s.

    Raises:
        OSError: when the file cannot be opened (``ELOOP`` for a symbolic link).
    """

    def __init__(self, filename: Path | str, mode: str = "a", maxBytes: int = 0, backupCount: int = 0,  # noqa: N803
                 encoding: str | None = None, delay: bool = False, errors: str | None = None) -> None:
        self.maxBytes, self.backupCount = maxBytes, backupCount
        super().__init__(filename, mode, encoding=encoding, delay=delay, errors=errors)
        outputs.narrow_existing(*(f"{self.baseFilename}.{n}" for n in range(1, self.backupCount + 1)))

    def _open(self):  # logging's own hook: opens baseFilename
        fd = outputs.open_private(self.baseFilename)
        try:
            return LineFile(fd, self.baseFilename, encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 - logging's name
        """Whether writing ``record`` would take the file to ``maxBytes`` or more (:meth:`_due`)."""
        return self._due(len(self.format(record) + self.terminator))

    def _due(self, length: int) -> bool:
        """Whether ``length`` more characters would take the file, when it is not empty, to
        ``maxBytes`` or more. Never with ``maxBytes`` 0, nor for a name that is not a regular file
        (a pipe, a device or ``/dev/stdout`` is never rotated, nor asked where it is)."""
        if not self.maxBytes or not os.path.isfile(self.baseFilename):
            return False
        if self.stream is None:
            self.stream = self._open()
        size = self.stream.tell()  # an empty file is written to, whatever the record's length
        return size > 0 and size + length >= self.maxBytes

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        """Close the file, shift the old copies up by one, and open a new file."""
        if self.stream:
            self.stream.close()
            self.stream = None
        for n in range(self.backupCount - 1, 0, -1):
            older = f"{self.baseFilename}.{n}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{n + 1}")
        if self.backupCount > 0 and os.path.exists(self.baseFilename):
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()
        if not self.backupCount:  # no old copy kept: the file starts empty again
            self.stream.truncate(0)

    def emit(self, record: logging.LogRecord) -> None:
        """Write ``record``, rotating first when it is due; a failure goes to :meth:`handleError`."""
        try:
            if self.shouldRollover(record):
                self.doRollover()
            super().emit(record)
        except Exception:  # noqa: BLE001 - logging's contract: handleError decides
            self.handleError(record)


class JsonLineFormatter(logging.Formatter):
    """Formats an event record (see :class:`EventLog`) as one JSON object, without the newline.

    The keys, in order: ``event``, ``t`` (seconds on the monotonic clock, to 0.1 ms), then the
    event's fields as given; non-ASCII text is written as it is (UTF-8).
    """

    def format(self, record: logging.LogRecord) -> str:
        """The JSON text of ``record``'s ``event``, ``t`` and ``fields``."""
        return json.dumps({"event": record.event, "t": record.t, **record.fields}, ensure_ascii=False)


class EventFileHandler(PrivateRotatingFileHandler):
    """Appends event records as JSON lines (:class:`JsonLineFormatter`) to a private file, flushed at once.

    Args:
        path: the file.
        max_bytes: rotate the file when the next line would grow it past this size, in bytes (0: never).
        backups: old copies kept when rotating (``file.1`` is the newest; 0: the file starts empty again).
        on_error: called once, with the path and the error, the first time a write fails; later
            failures are silent.

    Raises:
        OSError: when the file cannot be opened (or is a symbolic link).
    """

    def __init__(self, path: Path | str, *, max_bytes: int = 0, backups: int = 0,
                 on_error: Callable[[Path, OSError], Any] | None = None) -> None:
        # Past max_bytes, not at it: a file may reach max_bytes exactly (_due rotates at maxBytes).
        super().__init__(path, encoding="utf-8", maxBytes=max_bytes + 1 if max_bytes else 0, backupCount=backups)
        self.setFormatter(JsonLineFormatter())
        self._path, self._on_error = Path(path), on_error
        self.failed = False

    def emit(self, record: logging.LogRecord) -> None:
        """Append one line; a full disk or a closed file never raises."""
        line = self.format(record) + "\n"
        try:
            if self._due(len(line)):
                self.doRollover()
            self.stream.write(line)
            self.stream.flush()
        except (OSError, ValueError, AttributeError) as exc:  # AttributeError: no stream after a failed rollover
            if not self.failed and self._on_error is not None and isinstance(exc, OSError):
                self._on_error(self._path, exc)
            self.failed = True

    def close(self) -> None:
        """Close the file; a last buffered line that cannot be written (a full disk) is ignored."""
        try:
            super().close()
        except OSError:
            pass


#: The event log's logger: records with ``event``, ``t`` and ``fields`` (see :class:`EventLog`).
#: It does not pass them on to the ``kiosk`` logger's handlers (:mod:`kiosk.diagnostics`).
events_logger = logging.getLogger(diagnostics.EVENTS)


def _detach(handler: logging.Handler) -> None:
    events_logger.removeHandler(handler)
    handler.close()


class EventLog:
    """Writes events as JSON lines to a file (flushed at once), or nowhere.

    Each :meth:`write` is a record of the ``kiosk.events`` logger (:data:`events_logger`)
    carrying ``event`` (the kind), ``t`` and ``fields``; this log's file is an
    :class:`EventFileHandler` on that logger taking only this log's records.

    Args:
        path: the file to append to, or ``None`` to keep no log.
        max_bytes: rotate the file when it would grow past this size, in bytes (0: never).
        backups: old copies kept when rotating (``events.jsonl.1`` is the newest).
        on_error: called once, with the path and the error, the first time a write fails
            (e.g. a full disk); later failures are silent.

    The file is private (mode 0600, see :class:`PrivateRotatingFileHandler`).

    Raises:
        OSError: when the file cannot be opened (or is a symbolic link).
    """

    def __init__(self, path: Path | str | None = None, *, max_bytes: int = 0, backups: int = 0,
                 on_error: Callable[[Path, OSError], Any] | None = None) -> None:
        self._handler: EventFileHandler | None = None
        self._observers: list[Callable[[str, dict[str, Any]], Any]] = []
        #: What marks this log's records (the handler keeps no reference to the log itself).
        self._token = object()
        if path is not None:
            outputs.make_folders(Path(path).parent)
            self._handler = EventFileHandler(path, max_bytes=max_bytes, backups=backups, on_error=on_error)
            token = self._token
            self._handler.addFilter(lambda record: getattr(record, "event_log", None) is token)
            events_logger.addHandler(self._handler)
            self._closer = weakref.finalize(self, _detach, self._handler)

    @property
    def failed(self) -> bool:
        """Whether a write to the file has failed."""
        return self._handler is not None and self._handler.failed

    def add_observer(self, observer: Callable[[str, dict[str, Any]], Any]) -> None:
        """Also hand every event to ``observer(event, fields)`` (e.g. :class:`kiosk.stats.record.Recorder`).

        It gets what :meth:`write` writes and what :meth:`notify` tells, with or without a file;
        one that raises is dropped, and the kiosk plays on.
        """
        self._observers.append(observer)

    def notify(self, event: str, **fields: Any) -> None:
        """Tell the observers only, never the file: a touch, a language chosen, Play (counted per
        hour by :mod:`kiosk.stats`, never written with a time)."""
        for observer in list(self._observers):
            try:
                observer(event, fields)
            except Exception:  # noqa: BLE001 - an observer never stops the kiosk
                self._observers.remove(observer)
                logging.getLogger("kiosk.stats").exception("an event observer failed and was dropped")

    def write(self, event: str, **fields: Any) -> None:
        """Append one event (and tell the observers). A full disk or a closed file never stops the kiosk.

        An event a visitor caused (:func:`visitor_caused`) is only told to the observers."""
        self.notify(event, **fields)
        if self._handler is None or visitor_caused(event, fields):
            return
        events_logger.info("%s", event, extra={"event": event, "t": round(time.monotonic(), 4), "fields": fields,
                                               "event_log": self._token})

    def close(self) -> None:
        """Close the file."""
        if self._handler is not None:
            self._closer()
            self._handler = None
