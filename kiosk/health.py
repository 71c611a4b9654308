"""Problems the staff should know about while the kiosk keeps playing.

One list for the whole process: a bad settings file, a log folder that cannot be written,
a deck folder that went missing. Each entry is one plain sentence (for settings, the same
``file:line:col: error: message — how to fix it`` text printed on the terminal). The staff
status screen shows :func:`problems`; nothing here ever stops the kiosk.
"""

from __future__ import annotations

import logging
import sys
import threading

from kiosk.deck.chars import printable

_lock = threading.Lock()
#: Each problem also goes to ``kiosk.log`` (when :mod:`kiosk.logs` has opened it).
_logger = logging.getLogger("kiosk")
_logger.addHandler(logging.NullHandler())
_problems: list[str] = []


def report(text: str, *, echo: bool = True) -> None:
    """Keep ``text`` for the staff screen (once) and, when ``echo``, print it on stderr.

    Printing never raises, even when stderr is closed.
    """
    with _lock:
        if text in _problems:
            return
        _problems.append(text)
    _logger.warning("%s", text)
    if echo:
        try:
            print(f"kiosk: {printable(text)}", file=sys.stderr, flush=True)
        except (OSError, ValueError, AttributeError):
            pass


def problems() -> list[str]:
    """Every problem reported so far, oldest first (a copy)."""
    with _lock:
        return list(_problems)


def clear() -> None:
    """Forget every problem (for tests, and when settings are read again)."""
    with _lock:
        _problems.clear()
