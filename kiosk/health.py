"""Problems the staff should know about while the kiosk keeps playing.

A bad settings file, a log folder that cannot be written, a deck folder that went missing:
each is one plain sentence (for settings, the same ``file:line:col: error: message — how to fix
it`` text printed on the terminal), logged as a warning marked for the staff
(:data:`kiosk.diagnostics.FOR_STAFF`). The staff status screen shows :func:`problems`, kept by
:data:`kiosk.diagnostics.STATUS`; nothing here ever stops the kiosk. A part of the kiosk with a
logger of its own logs such a warning there, with the same mark; :func:`report` is the short
form, on the ``kiosk.status`` logger.
"""

from __future__ import annotations

import logging

from kiosk.diagnostics import FOR_STAFF, FOR_STAFF_QUIET, STATUS

_logger = logging.getLogger("kiosk.status")


def report(text: str, *, echo: bool = True) -> None:
    """Keep ``text`` for the staff screen (once), log it to ``kiosk.log`` and, when ``echo``, print it on stderr.

    A text already kept is not logged or printed again. Printing never raises, even when
    stderr is closed.
    """
    _logger.warning("%s", text, extra=FOR_STAFF if echo else FOR_STAFF_QUIET)


def problems() -> list[str]:
    """Every problem reported so far, oldest first (a copy)."""
    return STATUS.problems()


def resolved(text: str) -> None:
    """Take ``text``, reported before with :func:`report`, off the staff screen: it is over."""
    STATUS.forget(text)


def clear() -> None:
    """Forget every problem (for tests, and when settings are read again)."""
    STATUS.clear()
