"""The one way a wait becomes a Qt timer interval: whole milliseconds a ``QTimer`` can hold.

A ``QTimer`` interval is a C ``int`` of milliseconds: more than 2^31-1 (about 24.8 days)
raises ``OverflowError`` in PySide6, and a negative one fires at once. Waits in the kiosk
come from decks (dwell, idle timeout), settings (staff idle timeout, deck settle time),
``--time-scale`` (which divides them), the environment (systemd's watchdog) and the clock
(the next opening, a screen woken at a given time), so every interval goes through
:func:`timer_ms` or :func:`clamp_ms`. A timer set to the longest interval simply wakes early:
each owner compares the clock with its deadline when it fires and sets the timer again for
what is left.
"""

from __future__ import annotations

import math

#: Longest interval a ``QTimer`` holds, in milliseconds (a signed 32-bit int; ~24.8 days).
MAX_TIMER_MS = 2**31 - 1


def clamp_ms(ms: float) -> int:
    """``ms`` milliseconds as a whole number a ``QTimer`` can hold: rounded up, 0 to :data:`MAX_TIMER_MS`.

    Not-a-number gives the longest wait (a timer that cannot say when wakes late, never in a loop).
    """
    if math.isnan(ms):
        return MAX_TIMER_MS
    if ms <= 0:
        return 0
    if ms >= MAX_TIMER_MS:
        return MAX_TIMER_MS
    return math.ceil(ms)


def timer_ms(seconds: float, scale: float = 1.0) -> int:
    """The interval for a wait of ``seconds`` of deck time, played ``scale`` times faster.

    Args:
        seconds: the wait, in seconds (of deck time when ``scale`` is not 1); negative waits
            are over (0 ms).
        scale: deck seconds per real second (``--time-scale``); not above 0 counts as 1.

    Returns:
        Whole real milliseconds, rounded up (so the timer never fires before the deadline),
        from 0 to :data:`MAX_TIMER_MS`.
    """
    if not scale > 0 or not math.isfinite(scale):
        scale = 1.0
    return clamp_ms(seconds / scale * 1000)


__all__ = ["MAX_TIMER_MS", "clamp_ms", "timer_ms"]
