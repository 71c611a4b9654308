"""The ``kiosk`` command's entry point: its signal handlers first, before anything else is
imported (:func:`kiosk.stopsignals.early`), so that a signal in its first moments is met as the
README says and not by its default action; then the command (:func:`kiosk.cli.main`).

``kiosk run`` runs in two processes where the platform allows (:mod:`kiosk.handover`): its
start-up (the command line, the settings, the deck's check) in a child forked here, its drawing
here, the player loaded meanwhile; the start-up hands its checked deck over and ends.
"""

from __future__ import annotations

import contextlib
import os
import sys

from kiosk import stopsignals


def main() -> int:
    """Run the ``kiosk`` command with this process's arguments; returns its exit code.

    Every Python the kiosk starts (its deck check, its deck list, the helpers of the text-fit
    check) leaves the current folder off its module search path (``PYTHONSAFEPATH``, set here
    unless the environment sets it: :mod:`kiosk.interpreter` says why)."""
    os.environ.setdefault("PYTHONSAFEPATH", "1")  # before any thread starts (Qt reads the environment)
    run = sys.argv[1:2] == ["run"]
    stopsignals.early(holding=run)
    try:
        if run and _splits():
            return _run_split()
        from kiosk.cli import main as command
    except stopsignals.Stopped as stop:  # while the command's modules were read: nothing was done
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                print(f"kiosk: {stop}", file=sys.stderr, flush=True)
        return 1
    return command()


def _splits() -> bool:
    """Whether ``kiosk run`` starts up in a child of its own here: on Linux, where a fork of a
    process that has loaded nothing yet is safe and cheap."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _run_split() -> int:
    """``kiosk run`` in two processes: the start-up (:func:`kiosk.cli.main`, which hands its deck
    over instead of playing it: :func:`kiosk.handover.hand_over`) in a child, the drawing here
    (:func:`_draw`). In one process, as any other command, when no child can be made."""
    from kiosk import handover
    from kiosk.command import standard_streams
    from kiosk.outputs import survive_closed_output

    standard_streams()  # before the fork: both processes write to the same streams
    survive_closed_output()
    reading, writing = os.pipe()
    try:
        child = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        child = None
    if child is None or child == 0:
        from kiosk.cli import main as command
    if child is None:
        return command()
    if child == 0:  # the start-up
        os.close(reading)
        handover.listen(writing)
        code = command()
        if handover.handed():
            _leave(code)
        return code
    os.close(writing)
    return _draw(child, reading)


def _leave(code: int) -> None:
    """End the start-up process at once with ``code``, once it has handed its deck over and said
    all it had to: its files are closed and its scratch folders removed by the work that made
    them, and Python's tearing down of its modules (tens of milliseconds) would only keep the
    drawing process waiting for it (:func:`_exit_code`)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def _draw(child: int, reading: int) -> int:
    """The drawing process of ``kiosk run``: load the player while the start-up ``child`` works,
    then play what it hands over on the pipe ``reading``, or end with its exit code.

    Qt's Python package is imported first and Python's own ``import`` given back at once
    (:func:`kiosk.qt.plain_imports`): PySide6 would otherwise read the source of every kiosk
    module imported after it, megabytes that leave the heap full of holes once freed.
    """
    from kiosk import command, handover

    try:
        import PySide6  # noqa: F401 - Qt's package first: it takes over import, given back below

        from kiosk.qt import plain_imports

        plain_imports()
        from kiosk.qt import player
    except Exception as error:  # noqa: BLE001 - said as the command says it, once the start-up is done
        player, failed = None, error
    else:
        failed = None
    data = handover.received(reading)
    code = _exit_code(child)
    if code != command.EXIT_OK or not data:
        return code
    try:
        handing = handover.taken(data)
    except Exception:  # noqa: BLE001 - a fault of the kiosk's own: a crash report, never a traceback
        import traceback

        return command.crashed(traceback.format_exc())

    def play() -> int:
        if failed is not None:
            raise failed
        from kiosk.qt.pictures import adopt_checked

        adopt_checked(handing.codes, handing.pictures)
        return player.play(handing.deck, handing.folder, handing.options)

    return command.finish(play, handing.onto_stdout)


def _exit_code(child: int) -> int:
    """The start-up's exit code once it has ended. When a signal ended it (it did not choose a
    code), that is said in one line and the code is :data:`kiosk.command.EXIT_INVALID`: nothing
    was played, and there is no crash of the kiosk's own to report."""
    from kiosk.command import EXIT_INVALID

    _, status = os.waitpid(child, 0)
    code = os.waitstatus_to_exitcode(status)
    if code >= 0:
        return code
    import signal

    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    with contextlib.suppress(OSError, ValueError):
        print(f"kiosk: the kiosk's start-up was ended by {name}; nothing was played", file=sys.stderr, flush=True)
    return EXIT_INVALID
