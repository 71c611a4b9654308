"""Why the player stops, and the exit code that follows: one owner for both (:class:`Stopping`)."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Exit code of a run that stopped as asked: the loops played, a stop signal, the staff's Exit.
DONE = 0
#: Exit code of a run that stopped before doing what was asked: the opening hours closed a
#: headless run with ``--cycles`` or ``--frames``, or the window or display was lost.
NOT_DONE = 1


@dataclass
class Stopping:
    """Why the player stops and with which exit code; the first reason given decides both.

    Everything that stops the player (a stop signal, the loops asked for, closing time, the
    staff's Exit, a window or display lost) says so here, then ends Qt's event loop with
    :attr:`code`. The exit code is read here after the loop, never taken from whichever call
    ended it: Qt's ``QCoreApplication.exit()`` does nothing before its loop runs, and the start
    of a run turns the loop by hand (the first slide's layout), so a stop asked for then (closing
    time a second of ``--at`` clock after the start, sped up by ``--time-scale``) only takes
    effect once the loop starts, by a second ``exit()`` that must carry the same code.

    Attributes:
        reasons: every reason given, in order (the first is the one logged).
        code: the exit code, :data:`DONE` until a first reason says otherwise.
    """

    reasons: list[str] = field(default_factory=list)
    code: int = DONE

    def stop(self, reason: str, code: int) -> int:
        """Note a reason to stop with its exit code (:data:`DONE` or :data:`NOT_DONE`).

        Args:
            reason: why, in words for the ``stopped`` event (``"signal SIGTERM"``).
            code: the process exit code this reason asks for.

        Returns:
            The exit code in force: ``code`` when this is the first reason, else the first's.
        """
        if not self.reasons:
            self.code = code
        self.reasons.append(reason)
        return self.code

    @property
    def reason(self) -> str | None:
        """The reason that decided, or ``None`` when nothing asked the player to stop."""
        return self.reasons[0] if self.reasons else None

    def __bool__(self) -> bool:
        """Whether anything asked the player to stop."""
        return bool(self.reasons)
