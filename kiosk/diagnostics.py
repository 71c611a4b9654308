"""One :mod:`logging` tree for everything the kiosk says while it runs.

Every part of the kiosk logs to a logger of its area under ``kiosk``: ``kiosk.player`` (the
play session and its window), ``kiosk.deck`` (loads and hot swap), ``kiosk.watch`` (the deck
folder watch), ``kiosk.pictures``, ``kiosk.library``, ``kiosk.settings``, ``kiosk.fleet``
(updates), ``kiosk.stats``, ``kiosk.staff`` (the staff menu), ``kiosk.hours`` (opening hours)
and ``kiosk.status`` (:mod:`kiosk.health`). ``kiosk.events`` is the event log
(:mod:`kiosk.events`): its records carry an event and its fields, are written as JSON lines by
their own handlers and do not reach the handlers below.

The ``kiosk`` logger has, from import on:

- a :class:`ConsoleHandler`: the records marked :data:`ON_STDERR` (printed as ``kiosk: message``)
  or :data:`AS_IS` (a deck problem line, which names its own file), on the current ``sys.stderr``;
- :data:`STATUS`, a :class:`StatusHandler`: the records marked :data:`FOR_STAFF`, kept for the
  staff status page. A warning without the mark (a wrong PIN) stays in ``kiosk.log`` only;
- and, while the kiosk runs from its settings, the ``kiosk.log`` file (:func:`kiosk.logs.start`).

A staff warning is said once: a repeat of a message already kept reaches no handler of the tree
(:func:`said_before`). Usage::

    log = logging.getLogger("kiosk.fleet")
    log.warning("an update was refused: %s", reason, extra=FOR_STAFF)
    log.info("version %s installed", version, extra=ON_STDERR)
"""

from __future__ import annotations

import logging
import sys
import threading

from kiosk.deck.chars import printable

#: The root of the tree.
ROOT = "kiosk"
#: The event log's logger (see :mod:`kiosk.events`).
EVENTS = "kiosk.events"

#: ``extra=`` for a record also printed on stderr, as ``kiosk: <message>``.
ON_STDERR = {"stderr": "kiosk"}
#: ``extra=`` for a record also printed on stderr as it is (a problem line naming its file:line:col).
AS_IS = {"stderr": "as is"}
#: ``extra=`` for a warning the staff should see on the status page (and printed on stderr).
FOR_STAFF = {"staff": True, **ON_STDERR}
#: ``extra=`` for a warning kept for the staff status page but not printed.
FOR_STAFF_QUIET = {"staff": True}


class StatusHandler(logging.Handler):
    """Keeps the messages of records marked :data:`FOR_STAFF`, each once, for the staff status page.

    Read by :class:`kiosk.qt.staff.StaffBackend` through :func:`kiosk.health.problems`.
    Thread-safe (records may come from reading threads).
    """

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self._kept: list[str] = []
        self._guard = threading.Lock()
        self.addFilter(lambda record: getattr(record, "staff", False))

    def keep(self, record: logging.LogRecord) -> bool:
        """Keep ``record``'s message if it is new (the answer is remembered on the record).

        Returns:
            ``True`` when the message was not kept before this record.
        """
        new = getattr(record, "kiosk_new", None)
        if new is None:
            text = record.getMessage()
            with self._guard:
                new = text not in self._kept
                if new:
                    self._kept.append(text)
            record.kiosk_new = new
        return new

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record's message (see :meth:`keep`)."""
        self.keep(record)

    def adopt(self, texts: list[str]) -> None:
        """Keep ``texts``, said already by another process of this kiosk (its start-up,
        :mod:`kiosk.handover`), as if kept here: shown on the staff status page, and not said again."""
        with self._guard:
            self._kept.extend(text for text in texts if text not in self._kept)

    def problems(self) -> list[str]:
        """Every message kept so far, oldest first (a copy)."""
        with self._guard:
            return list(self._kept)

    def forget(self, text: str) -> None:
        """Forget the message ``text`` (a problem that is over); nothing happens if it was not kept."""
        with self._guard:
            if text in self._kept:
                self._kept.remove(text)

    def clear(self) -> None:
        """Forget every message (for tests, and when settings are read again)."""
        with self._guard:
            self._kept.clear()


#: The staff status page's handler.
STATUS = StatusHandler()


def said_before(record: logging.LogRecord) -> bool:
    """Whether ``record`` is a staff warning whose message was already kept (then no handler shows it).

    A filter for every handler of the tree, so that a problem met again (each poll of an update
    source, each settings read) is printed and logged once, as the staff page lists it once.
    """
    return bool(getattr(record, "staff", False)) and not STATUS.keep(record)


def not_said_before(record: logging.LogRecord) -> bool:
    """The filter form of :func:`said_before`: ``True`` when ``record`` should be handled."""
    return not said_before(record)


class ConsoleHandler(logging.Handler):
    """Prints the records marked :data:`ON_STDERR` or :data:`AS_IS` on the current ``sys.stderr``.

    The stream is looked up at each record (so a test capturing stderr sees it). Control
    characters are shown as escapes (:func:`kiosk.deck.chars.printable`). Printing never
    raises, even when stderr is closed.
    """

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.addFilter(lambda record: getattr(record, "stderr", None) is not None)
        self.addFilter(not_said_before)

    def format(self, record: logging.LogRecord) -> str:
        """``kiosk: <message>``, or the message alone for :data:`AS_IS`."""
        text = printable(record.getMessage())
        return text if record.stderr == AS_IS["stderr"] else f"kiosk: {text}"

    def emit(self, record: logging.LogRecord) -> None:
        """Print the record; a closed or broken stderr is ignored."""
        try:
            print(self.format(record), file=sys.stderr, flush=True)
        except (OSError, ValueError, AttributeError):
            pass


def _install() -> None:
    root = logging.getLogger(ROOT)
    if not any(isinstance(handler, ConsoleHandler) for handler in root.handlers):
        root.addHandler(ConsoleHandler())
        root.addHandler(STATUS)
    root.setLevel(logging.INFO)
    logging.getLogger(EVENTS).propagate = False


_install()
