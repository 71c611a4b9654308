"""The kiosk's log files: ``kiosk.log`` (messages) and ``events.jsonl`` (events), both size-capped.

Used when the kiosk runs from its settings (full-screen, on a venue's machine). Each file is
rotated at :data:`MAX_BYTES` with :data:`BACKUPS` old copies (``kiosk.log.1`` …), so the log
folder never holds more than about 12 MB. A full disk or a folder that cannot be written never
stops the kiosk: the first failure prints one clear message on stderr and is kept for the
staff screen (:mod:`kiosk.health`); later writes fail silently. ``kiosk.log`` is a handler of
the ``kiosk`` logger, so it gets every area's messages (:mod:`kiosk.diagnostics`). Nothing about a person is
ever logged. The files are readable by the kiosk's user only (mode 0600, the folder 0700 when
the kiosk makes it, whatever the umask; see :mod:`kiosk.outputs`).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import diagnostics, health, outputs, paths
from kiosk.events import EventLog, PrivateRotatingFileHandler, visitor_caused
from kiosk.words import plural

#: Size at which a log file is rotated, in bytes.
MAX_BYTES = 1_000_000
#: Old copies kept of each log file.
BACKUPS = 5
#: The message log's file name.
MESSAGE_LOG = "kiosk.log"
#: The event log's file name.
EVENT_LOG = "events.jsonl"
#: The root of the kiosk's loggers; ``kiosk.log`` is its handler (see :mod:`kiosk.diagnostics`).
logger = logging.getLogger(diagnostics.ROOT)


#: Where the log folder is chosen, unless the command line chose it (``--log-folder``).
LOG_FOLDER_SETTING = "log_folder in settings.toml"


def log_failure(path: Path | str, error: BaseException | str, where: str = LOG_FOLDER_SETTING) -> str:
    """The one message for a log file that cannot be written (also kept for the staff screen).

    Args:
        path: the log file.
        error: why (an ``OSError``, or a sentence).
        where: the option or setting that chose it, named in the fix (``"--log-json"``,
            ``"--log-folder"``, :data:`LOG_FOLDER_SETTING`; :func:`kiosk.outputs.advice`).

    Returns:
        The message text.
    """
    if isinstance(error, BaseException):
        reason, fix = outputs.advice(error, where)
    else:
        reason = str(error)
        fix = outputs.naming("free some disk space, or choose a folder the kiosk's user can write", where)
    text = f"cannot write the log {path} ({reason}); the kiosk keeps playing without it — {fix}"
    health.report(text)
    return text


class SafeRotatingFileHandler(PrivateRotatingFileHandler):
    """A :class:`kiosk.events.PrivateRotatingFileHandler` that reports its first failure once, then stays quiet.

    The standard handler prints a traceback on stderr for every failed record; a kiosk with a
    full disk would flood its journal.
    """

    failed = False
    #: The option or setting that chose its folder, for the message (:func:`log_failure`).
    where = LOG_FOLDER_SETTING

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """Report the first failure through :func:`log_failure`; ignore the rest."""
        if not self.failed:
            self.failed = True
            log_failure(self.baseFilename, sys.exc_info()[1] or "write failed", self.where)


    def close(self) -> None:
        """Close the file; a last write that fails (a full disk) is ignored."""
        try:
            super().close()
        except OSError:
            pass


def _first_problems(problems: list[str], shown: int = 3) -> str:
    more = len(problems) - shown
    return "; ".join(problems[:shown]) + (f"; and {more} more" if more > 0 else "")


#: The events that also go to ``kiosk.log``, each as a plain sentence made from its fields
#: (never anything about a person, never the PIN), with the level it is logged at. Only written
#: events are mirrored: what a visitor causes is never written (:func:`kiosk.events.visitor_caused`).
MESSAGES: dict[str, tuple[int, Callable[[dict[str, Any]], str]]] = {
    "started": (logging.INFO, lambda f: f"playing deck '{f.get('deck')}' ({f.get('mode')})"),
    "deck_loaded": (logging.INFO, lambda f: f"deck '{f.get('deck')}' loaded: {plural(f.get('slides'), 'slide')} "
                                            f"from {f.get('folder')}"),
    "deck_reloaded": (logging.INFO, lambda f: f"deck '{f.get('deck')}' reloaded after a change on disk: "
                                              f"{plural(f.get('slides'), 'slide')} from {f.get('folder')}"),
    "deck_rejected": (logging.WARNING, lambda f: (
        f"the chosen deck {f.get('file')} was refused; the deck in {f.get('fallback')} plays instead until it "
        "has no errors" if f.get("fallback") else "a changed deck was rejected; the last good version keeps playing")
        + f": {_first_problems(list(f.get('problems') or []))}"),
    "deck_recovered": (logging.INFO, lambda f: f"the chosen deck '{f.get('deck')}' in {f.get('folder')} has no "
                                               "errors now and plays instead of the fallback"),
    "deck_waiting": (logging.INFO, lambda f: f"a changed deck looks unfinished ({f.get('reason')}); "
                                             f"looking again in {f.get('seconds')} s"),
    "update_installed": (logging.INFO, lambda f: f"update: version {f.get('version')} of deck '{f.get('deck')}' "
                                                 "installed; it plays from the next slide"),
    "update_rejected": (logging.WARNING, lambda f: f"update refused, the last good version keeps playing: "
                                                   f"{f.get('reason')}"),
    "update_failed": (logging.WARNING, lambda f: f"looking for updates failed: {f.get('reason')}"),
    "closed": (logging.INFO, lambda f: "closing time (opening hours): the screen goes black"),
    "opened": (logging.INFO, lambda f: "opening time (opening hours): the slides play again"),
    "display": (logging.INFO, lambda f: f"screen power {f.get('power')}: {f.get('command') or 'no command'}: "
                                        + ("done" if f.get("ok") else f"failed ({f.get('detail')})")),
    "screen_off": (logging.INFO, lambda f: "the staff turned the screen off"
                                           + (f" until {f['until']}" if f.get("until") else "")),
    "screen_on": (logging.INFO, lambda f: "the screen is on again at the time the staff set"),
    "staff_menu_opened": (logging.INFO, lambda f: "staff menu opened"),
    "staff_action": (logging.INFO, lambda f: f"staff menu: {str(f.get('action')).replace('_', ' ')}"),
    "error": (logging.ERROR, lambda f: f"error ({f.get('kind')}): {f.get('message')}"),
    "stopped": (logging.INFO, lambda f: f"kiosk stopped ({f.get('reason') or 'reason not known'}) "
                                        f"after {plural(f.get('cycles'), 'complete loop')}"),
}


#: The area logger each mirrored event's sentence goes to, by the event's first word.
AREAS = {"deck": "kiosk.deck", "update": "kiosk.fleet", "staff": "kiosk.staff", "screen": "kiosk.staff",
         "closed": "kiosk.hours", "opened": "kiosk.hours", "display": "kiosk.hours"}


def area_logger(event: str) -> logging.Logger:
    """The logger of ``event``'s area (:data:`AREAS`; ``kiosk.player`` for the rest)."""
    return logging.getLogger(AREAS.get(event.split("_")[0], "kiosk.player"))


class MirroredEventLog(EventLog):
    """An :class:`EventLog` that also writes the events in :data:`MESSAGES` to ``kiosk.log``.

    Takes the same arguments as :class:`EventLog`; the message goes to the logger of the
    event's area (:func:`area_logger`) even when the event file itself cannot be written. It is
    not marked for stderr or the staff page: a wrong PIN stays in ``kiosk.log``.
    """

    def write(self, event: str, **fields: Any) -> None:
        """Append one event, and its plain sentence to ``kiosk.log`` when it has one (never for
        what a visitor caused: that is only told to the observers)."""
        super().write(event, **fields)
        if visitor_caused(event, fields):
            return
        level, message = MESSAGES.get(event, (None, None))
        if message is None:
            return
        if event == "display" and not fields.get("ok"):
            level = logging.WARNING
        area_logger(event).log(level, "%s", message(fields))


def start(folder: Path, events: Path | None = None, where: str = LOG_FOLDER_SETTING) -> EventLog:
    """Open ``kiosk.log`` (messages from the ``kiosk`` logger) and ``events.jsonl`` in ``folder``.

    Args:
        folder: the log folder (made with mode 0700 if missing; the kiosk's default log folder,
            :func:`kiosk.paths.log_dir`, is narrowed to 0700 if it is wider).
        events: another file for the events (``--log-json``), or ``None`` for ``folder/events.jsonl``.
        where: the option or setting that chose ``folder`` (``"--log-folder"``), named in a fault's fix.

    Returns:
        The event log (a :class:`MirroredEventLog`: deck loads and rejections, opening and
        closing, staff actions and the stop also go to ``kiosk.log``); it writes no events when
        the folder cannot be made or the file opened (and the reason is reported once). Never raises.
    """
    try:
        outputs.private_folder(folder, narrow=folder == paths.log_dir())
    except OSError as exc:  # neither file can be written there: said once, of the folder
        log_failure(folder, exc, where)
        if events is None:
            return MirroredEventLog(None)
        handler = None
    else:
        try:
            handler = SafeRotatingFileHandler(folder / MESSAGE_LOG, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                              encoding="utf-8")
        except OSError as exc:
            log_failure(folder / MESSAGE_LOG, exc, where)
            handler = None
    if handler is not None:
        handler.where = where
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        handler.addFilter(diagnostics.not_said_before)
        for old in [h for h in logger.handlers if isinstance(h, SafeRotatingFileHandler)]:
            logger.removeHandler(old)
            old.close()
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.info("kiosk started (pid %d)", os.getpid())
        for text in health.problems():  # reported before the file was open (kept, not marked again)
            logging.getLogger("kiosk.status").warning("%s", text)
    events_where = "--log-json" if events else where
    try:
        return MirroredEventLog(events or folder / EVENT_LOG, max_bytes=MAX_BYTES, backups=BACKUPS,
                                on_error=functools.partial(log_failure, where=events_where))
    except OSError as exc:
        log_failure(events or folder / EVENT_LOG, exc, events_where)
        return MirroredEventLog(None)


def stop() -> None:
    """Close the message log file."""
    for handler in [h for h in logger.handlers if isinstance(h, SafeRotatingFileHandler)]:
        logger.removeHandler(handler)
        handler.close()
