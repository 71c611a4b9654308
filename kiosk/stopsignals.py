"""Which signals stop a running kiosk cleanly and which do nothing to it (plain Python, no Qt).

A kiosk stopped by a signal must still write its visitor counts and log ``stopped``: a signal's
default action ends the process at once, so every signal anything is likely to send a kiosk gets
a handler of its own.

- :data:`STOP`: Ctrl+C (``SIGINT``), ``SIGTERM`` (systemd, ``kill``), ``SIGHUP`` (the terminal or
  SSH session it was started from closed) and ``SIGQUIT`` (Ctrl+\\) stop it the same clean way.
- :data:`IGNORED`: ``SIGUSR1``, ``SIGUSR2`` and ``SIGALRM`` mean nothing to the kiosk, and do
  nothing to it (their default action would end it).

A signal the kiosk was started with ignored stays ignored: ``nohup kiosk run`` keeps playing when
its terminal closes, and a background job of a shell script ignores Ctrl+C and ``SIGQUIT``, as
every program started that way does (POSIX, *Shell Command Language*, 2.11).

The ignored signals get a handler that does nothing rather than ``SIG_IGN``, because an ignored
signal stays ignored in every program the kiosk starts (the checking process, the display power
commands), while a handler goes back to the default in them (``execve``). ``SIGPIPE`` is left as
Python sets it (ignored): a write to a closed pipe fails with ``BrokenPipeError`` instead of
ending the process (:func:`kiosk.outputs.survive_closed_output`), and :mod:`subprocess` gives
the programs the kiosk starts its default back.
"""

from __future__ import annotations

import signal
from collections.abc import Callable

#: Names of the signals that stop the kiosk cleanly (those the platform has; Windows has two).
STOP = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
#: Names of the signals that do nothing to the kiosk.
IGNORED = ("SIGUSR1", "SIGUSR2", "SIGALRM")


def _signals(names: tuple[str, ...]) -> list[signal.Signals]:
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def catch(on_stop: Callable[[str], None]) -> list[str]:
    """Install the kiosk's signal handlers; call from the main thread.

    Args:
        on_stop: called (in the main thread, between two Python instructions) with the signal's
            name, e.g. ``"SIGHUP"``, when a signal of :data:`STOP` arrives; it should make the
            kiosk stop cleanly. It may be called again if another signal arrives.

    Returns:
        The names of the stop signals left ignored because the kiosk was started with them
        ignored (``nohup`` leaves ``["SIGHUP"]``).
    """
    def stop(number: int, _frame: object) -> None:
        on_stop(signal.Signals(number).name)

    left: list[str] = []
    for sig in _signals(STOP):
        if signal.getsignal(sig) == signal.SIG_IGN:
            left.append(sig.name)
        else:
            signal.signal(sig, stop)
    for sig in _signals(IGNORED):
        if signal.getsignal(sig) != signal.SIG_IGN:
            signal.signal(sig, _nothing)
    return left


def _nothing(_number: int, _frame: object) -> None:
    """The handler of :data:`IGNORED`: the signal is taken and nothing happens."""


__all__ = ["IGNORED", "STOP", "catch"]
