"""A progress bar for long commands (``kiosk render``) that also reads well in a log file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


class Progress:
    """One bar across several stages, each a run of ``total`` steps.

    On a terminal the bar is redrawn in place (carriage return). When the stream is not a
    terminal (a log, a pipe, systemd's journal) a whole line is printed only each time another
    tenth of the work is done, so a log holds at most eleven lines and no carriage returns.

    Args:
        steps: the number of steps in all stages together.
        stream: where to print (default ``sys.stderr``).
        tty: whether ``stream`` is a terminal (default: ``stream.isatty()``).
    """

    WIDTH = 30  #: the bar's width on a terminal, in characters

    def __init__(self, steps: int, stream: TextIO | None = None, tty: bool | None = None) -> None:
        self.steps = max(1, steps)
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._tenths = -1
        self._drawn = False

    def stage(self, what: str, before: int) -> Callable[[int, int], None]:
        """A ``(done, total)`` callback for one stage that starts after ``before`` steps."""
        def show(done: int, total: int) -> None:
            self.show(what, before + done)
        return show

    def show(self, what: str, done: int) -> None:
        """Report that ``done`` of all the steps are done, the latest in stage ``what``."""
        if self.tty:
            bar = "#" * (done * self.WIDTH // self.steps)
            print(f"\r{what:<13} [{bar:<{self.WIDTH}}] {done}/{self.steps}", end="", file=self.stream, flush=True)
            self._drawn = True
            return
        tenths = min(10, done * 10 // self.steps)
        if tenths > self._tenths:
            self._tenths = tenths
            print(f"{what}: {tenths * 10}% ({done}/{self.steps})", file=self.stream, flush=True)

    def finish(self) -> None:
        """End the bar's line on a terminal (a log's lines are already whole)."""
        if self._drawn:
            print(file=self.stream, flush=True)
            self._drawn = False
