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

Every ``kiosk`` command installs these handlers as it starts (:func:`early`), so a signal is
never met by its default action, however early it comes. Until ``kiosk run``'s player takes the
stop signals over (:func:`catch`), a stop signal raises :class:`Stopped`: at once in plain Python
(the command stops with one plain line, exit 1), but only at a safe point once Qt is loaded in
the process (:func:`hold`; between two slides or two views, :func:`check`), never in the middle
of a Qt call such as a picture being painted. ``kiosk run`` holds them from the start: one that
comes while the deck is checked stops the player as soon as it runs, cleanly.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator

#: Names of the signals that stop the kiosk cleanly (those the platform has; Windows has two).
STOP = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
#: Names of the signals that do nothing to the kiosk.
IGNORED = ("SIGUSR1", "SIGUSR2", "SIGALRM")


def _signals(names: tuple[str, ...]) -> list[signal.Signals]:
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


#: How each stop signal is named in the line a stopped command prints.
SAID = {"SIGINT": "Ctrl+C", "SIGTERM": "SIGTERM", "SIGHUP": "SIGHUP (its terminal closed)",
        "SIGQUIT": "SIGQUIT (Ctrl+\\)"}


class Stopped(BaseException):  # noqa: N818 - like KeyboardInterrupt, which it stands for
    """A stop signal asked the command to stop (:func:`early`); ``kiosk`` says so in one line, exit 1.

    A :class:`BaseException`, like :class:`KeyboardInterrupt`, so that no ``except Exception``
    takes it for a failure of the work it stops.

    Attributes:
        name: the signal's name, e.g. ``"SIGTERM"``.
        done: what was done before it stopped, said after the signal (``"14 of 44 frames written
            to out"``), or ``""``.
    """

    def __init__(self, name: str, done: str = "") -> None:
        super().__init__(name)
        self.name, self.done = name, done

    def __str__(self) -> str:
        return f"stopped by {SAID.get(self.name, self.name)}" + (f"; {self.done}" if self.done else "")


#: The stop signals that came and were not acted on yet, by name, oldest first.
_held: list[str] = []
#: The stop signals this process was started with ignored (recorded once, by :func:`early`), or None.
_ignored_at_start: set[str] | None = None
#: True once a stop signal waits for :func:`check` instead of raising :class:`Stopped` at once.
_holding = False
#: Who acts on a stop signal once the player runs (:func:`catch`), or None.
_on_stop: Callable[[str], None] | None = None


def early(*, holding: bool = False) -> None:
    """Install the handlers of :data:`STOP` and :data:`IGNORED` as a command starts, before
    anything else: a stop signal raises :class:`Stopped` (at once, or, once :func:`hold` was
    called, at the next :func:`check`), and the ignored signals do nothing. A signal the process
    was started with ignored stays ignored. Call from the main thread.

    Args:
        holding: hold a stop signal from the start (``kiosk run``, whose player acts on it,
            :func:`catch`).
    """
    global _ignored_at_start, _holding
    _holding = _holding or holding
    if _ignored_at_start is None:
        _ignored_at_start = {sig.name for sig in _signals(STOP) if signal.getsignal(sig) == signal.SIG_IGN}
    for sig in _signals(STOP):
        if sig.name not in _ignored_at_start:
            signal.signal(sig, _stop)
    for sig in _signals(IGNORED):
        if signal.getsignal(sig) != signal.SIG_IGN:
            signal.signal(sig, _nothing)
    if not isinstance(sys.unraisablehook, _Unraisable):
        sys.unraisablehook = _Unraisable(sys.unraisablehook)


class _Unraisable:
    """``sys.unraisablehook`` while a command runs: a :class:`Stopped` raised where Python cannot
    pass an exception on (a weak reference's or the garbage collector's callback, a ``__del__``,
    an ``atexit`` function: the signal came while one ran) is not printed as "Exception ignored";
    the signal stays held (:func:`_stop` recorded it first) and stops the command at its next safe
    point (:func:`check`; every command checks once more as it ends). Anything else goes to the hook
    that was there before."""

    def __init__(self, before: Callable[[object], object]) -> None:
        self.before = before

    def __call__(self, unraisable: object) -> None:
        if not isinstance(getattr(unraisable, "exc_value", None), Stopped):
            self.before(unraisable)


def hold() -> None:
    """From now on a stop signal waits for the next :func:`check` (a safe point) instead of
    raising :class:`Stopped` where the program is: called as Qt is loaded (:mod:`kiosk.qt`),
    since an exception raised inside a Qt call (a picture being painted) can crash the process."""
    global _holding
    _holding = True


def check() -> None:
    """A safe point: raise :class:`Stopped` when a stop signal came and nobody acted on it yet.

    Raises:
        Stopped: the first stop signal held.
    """
    if _held and _on_stop is None:
        raise Stopped(_held[0])


def stopping() -> bool:
    """Whether a stop signal came that nobody acted on yet (the next :func:`check` raises it)."""
    return bool(_held) and _on_stop is None


def drop_held() -> None:
    """Forget the stop signals held (:func:`check` raises none of them): for the start-up process
    of ``kiosk run`` once it has handed its deck over (:mod:`kiosk.handover`), whose drawing
    process holds the same signals and acts on them."""
    _held.clear()


def _stop(number: int, _frame: object) -> None:
    """The handler :func:`early` installs for :data:`STOP`."""
    global _holding
    name = signal.Signals(number).name
    if _on_stop is not None:
        _on_stop(name)
        return
    _held.append(name)
    if not _holding:
        _holding = True  # a second Ctrl+C waits: the first one's clean-up runs undisturbed
        raise Stopped(name)


def catch(on_stop: Callable[[str], None]) -> list[str]:
    """Install the kiosk's signal handlers, the stop signals acted on by ``on_stop``; call from
    the main thread. A stop signal held since :func:`early` is handed to ``on_stop`` now.

    Args:
        on_stop: called (in the main thread, between two Python instructions) with the signal's
            name, e.g. ``"SIGHUP"``, when a signal of :data:`STOP` arrives; it should make the
            kiosk stop cleanly. It may be called again if another signal arrives.

    Returns:
        The names of the stop signals left ignored because the kiosk was started with them
        ignored (``nohup`` leaves ``["SIGHUP"]``).
    """
    global _on_stop
    ignored = _ignored_at_start if _ignored_at_start is not None else \
        {sig.name for sig in _signals(STOP) if signal.getsignal(sig) == signal.SIG_IGN}
    _on_stop = on_stop
    left: list[str] = []
    for sig in _signals(STOP):
        if sig.name in ignored:
            left.append(sig.name)
        else:
            signal.signal(sig, _stop)
    for sig in _signals(IGNORED):
        if signal.getsignal(sig) != signal.SIG_IGN:
            signal.signal(sig, _nothing)
    held = list(_held)
    _held.clear()
    for name in held:
        on_stop(name)
    return left


#: The signals a terminal sends its whole foreground process group (Ctrl+C, Ctrl+\\, hang-up).
_TERMINAL = ("SIGINT", "SIGQUIT", "SIGHUP")


@contextlib.contextmanager
def children_started() -> Iterator[None]:
    """Start helper processes within this: the terminal's signals (:data:`_TERMINAL`) wait
    (blocked) until it ends, so that each process started can leave them to this one before they
    reach it (:func:`in_child`); then this process gets them. In the main thread they wait; in
    another thread (the visitor counts' writer) only that thread blocks them, and the main thread
    gets them at once."""
    blocked = set(_signals(_TERMINAL))
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def in_child() -> None:
    """First thing in a helper process started within :func:`children_started`: the terminal's
    signals (:data:`_TERMINAL`), which reach its whole process group, are ignored (the starting
    process ends its helpers, cleanly), ``SIGTERM`` ends it at once (its default), and nothing
    held in the starting process is held here."""
    global _on_stop, _holding
    _held.clear()
    _on_stop, _holding = None, True
    for sig in _signals(_TERMINAL):
        signal.signal(sig, signal.SIG_IGN)
    for sig in _signals(("SIGTERM",)):
        signal.signal(sig, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(_signals(_TERMINAL)))


def _nothing(_number: int, _frame: object) -> None:
    """The handler of :data:`IGNORED`: the signal is taken and nothing happens."""


__all__ = ["IGNORED", "SAID", "STOP", "Stopped", "catch", "check", "children_started", "drop_held", "early", "hold", "in_child", "stopping"]
