"""A progress bar for long commands (``kiosk render``) that also reads well in a log file."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """One bar across several stages, each a run of ``total`` steps: the bar shows the work done
    in all, the count beside it the stage's own (``rendering [####      ] 14/23``: 14 of its
    23 frames, the words a stopped command uses too).

    On a terminal the bar is redrawn in place (carriage return). When the stream is not a
    terminal (a log, a pipe, systemd's journal) a whole line is printed only each time another
    tenth of the work is done, so a log holds at most eleven lines and no carriage returns.

    Args:
        steps: the number of steps in all stages together.
        stream: where to print (default ``sys.stderr``).
        tty: whether ``stream`` is a terminal (default: ``stream.isatty()``).
        only_if_long: seconds: draw nothing until this long has passed since the bar was made,
            and then only when the work looks like lasting at least as long again (from the pace
            so far), so a short check shows no bar at all; 0 draws from the first step.
        clock: the monotonic clock, in seconds (default :func:`time.monotonic`; tests give theirs).
    """

    WIDTH = 30  #: the bar's width on a terminal, in characters

    def __init__(self, steps: int, stream: TextIO | None = None, tty: bool | None = None, *,
                 only_if_long: float = 0.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.steps = max(1, steps)
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._tenths = -1
        self._drawn = False
        self._line = ""
        self._long, self._clock = only_if_long, clock
        self._started = clock()
        self._shown = only_if_long <= 0

    def stage(self, what: str, before: int) -> Callable[[int, int], None]:
        """A ``(done, total)`` callback for one stage that starts after ``before`` steps."""
        def show(done: int, total: int) -> None:
            self.show(what, before + done, (done, total))
        return show

    def show(self, what: str, done: int, counted: tuple[int, int] | None = None) -> None:
        """Report that ``done`` of all the steps are done, the latest in stage ``what``, of which
        ``counted`` (done, total) are done (default: the steps of all stages)."""
        shown, total = counted if counted is not None else (done, self.steps)
        if not self._shown:
            spent = self._clock() - self._started
            if spent < self._long or done <= 0 or spent * (self.steps - done) / done < self._long:
                return
            self._shown = True
        if self.tty:
            bar = "#" * (done * self.WIDTH // self.steps)
            line = f"\r{what:<13} [{bar:<{self.WIDTH}}] {shown}/{total}"
            if line != self._line or not self._drawn:  # the same bar again is not written again
                print(line, end="", file=self.stream, flush=True)
                self._line, self._drawn = line, True
            return
        tenths = min(10, done * 10 // self.steps)
        if tenths > self._tenths:
            self._tenths = tenths
            print(f"{what}: {tenths * 10}% ({shown}/{total})", file=self.stream, flush=True)

    def finish(self, clear: bool = False) -> None:
        """End the bar's line on a terminal (a log's lines are already whole); with ``clear``,
        rub the bar out instead, so what is printed next starts on a clean line."""
        if self._drawn:
            print("\r" + " " * (13 + self.WIDTH + 4 + 2 * len(str(self.steps)) + 2) + "\r" if clear else "",
                  end="" if clear else "\n", file=self.stream, flush=True)
            self._drawn = False
