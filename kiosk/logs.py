"""The kiosk's log files: ``kiosk.log`` (messages) and ``events.jsonl`` (events), both size-capped.

Used when the kiosk runs from its settings (full-screen, on a venue's machine). Each file is
rotated at :data:`MAX_BYTES` with :data:`BACKUPS` old copies (``kiosk.log.1`` …), so the log
folder never holds more than about 12 MB. A full disk or a folder that cannot be written never
stops the kiosk: the first failure prints one clear message on stderr and is kept for the
staff screen (:mod:`kiosk.health`); later writes fail silently. Nothing about a person is
ever logged.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from kiosk import health
from kiosk.events import EventLog

#: Size at which a log file is rotated, in bytes.
MAX_BYTES = 1_000_000
#: Old copies kept of each log file.
BACKUPS = 5
#: The message log's file name.
MESSAGE_LOG = "kiosk.log"
#: The event log's file name.
EVENT_LOG = "events.jsonl"
#: The logger every part of the kiosk writes messages to.
logger = logging.getLogger("kiosk")


def log_failure(path: Path | str, error: BaseException | str) -> str:
    """The one message for a log file that cannot be written (also kept for the staff screen).

    Returns:
        The message text.
    """
    reason = getattr(error, "strerror", None) or str(error)
    text = (f"cannot write the log {path} ({reason}); the kiosk keeps playing without it — "
            "free some disk space or set log_folder in settings.toml to a writable folder")
    health.report(text)
    return text


class SafeRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A :class:`logging.handlers.RotatingFileHandler` that reports its first failure once, then stays quiet.

    The standard handler prints a traceback on stderr for every failed record; a kiosk with a
    full disk would flood its journal.
    """

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """Report the first failure through :func:`log_failure`; ignore the rest."""
        if not self.failed:
            self.failed = True
            import sys
            log_failure(self.baseFilename, sys.exc_info()[1] or "write failed")


    def close(self) -> None:
        """Close the file; a last write that fails (a full disk) is ignored."""
        try:
            super().close()
        except OSError:
            pass


def start(folder: Path, events: Path | None = None) -> EventLog:
    """Open ``kiosk.log`` (messages from the ``kiosk`` logger) and ``events.jsonl`` in ``folder``.

    Args:
        folder: the log folder (made if missing).
        events: another file for the events (``--log-json``), or ``None`` for ``folder/events.jsonl``.

    Returns:
        The event log; it writes nowhere when the folder cannot be made or the file opened
        (and the reason is reported once). Never raises.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = SafeRotatingFileHandler(folder / MESSAGE_LOG, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                          encoding="utf-8")
    except OSError as exc:
        log_failure(folder / MESSAGE_LOG, exc)
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        for old in [h for h in logger.handlers if isinstance(h, SafeRotatingFileHandler)]:
            logger.removeHandler(old)
            old.close()
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.info("kiosk started (pid %d)", os.getpid())
        for text in health.problems():  # reported before the file was open
            logger.warning("%s", text)
    try:
        return EventLog(events or folder / EVENT_LOG, max_bytes=MAX_BYTES, backups=BACKUPS, on_error=log_failure)
    except OSError as exc:
        log_failure(events or folder / EVENT_LOG, exc)
        return EventLog(None)


def stop() -> None:
    """Close the message log file."""
    for handler in [h for h in logger.handlers if isinstance(h, SafeRotatingFileHandler)]:
        logger.removeHandler(handler)
        handler.close()
