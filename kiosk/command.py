"""How every ``kiosk`` command ends: its exit codes, and one plain line (or a crash report) for
whatever stopped it, never a traceback.

Plain Python, no Qt, no command line parser: the drawing process of ``kiosk run``
(:mod:`kiosk.handover`) ends its play the same way the command line ends a command
(:func:`kiosk.cli.main`), without loading the parser.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable

from kiosk import outputs, stopsignals

#: Exit codes: 0 done; 1 refused, whatever the reason (a deck with errors, a flag misused, a PIN not
#: set...), with a message saying why; 3 only after an unexpected error (a crash report was written).
#: Misuse is 1 too, not argparse's 2: scripts tell success from failure, and the message says which.
EXIT_OK, EXIT_INVALID, EXIT_CRASH = 0, 1, 3
EXIT_USAGE = EXIT_INVALID


def standard_streams() -> None:
    """Give standard input, output and error the null device when the command was started with
    them closed (``kiosk validate DECK >&-``): what would be printed is dropped, as for a reader
    that has gone, and no file the command opens later takes their place (a picture written
    through file descriptor 1, a child process printing into the check cache)."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            raw = io.open(fd, "rb" if fd == 0 else "wb", closefd=False)  # noqa: UP020 - a file descriptor
            setattr(sys, name, io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace",
                                                line_buffering=fd == 2))


def check_stop(done: str) -> None:
    """A safe point (:func:`kiosk.stopsignals.check`): a stop signal held stops the command here,
    its line saying what was ``done``.

    Raises:
        kiosk.stopsignals.Stopped: when a stop signal came.
    """
    try:
        stopsignals.check()
    except stopsignals.Stopped as stop:
        stop.done = stop.done or done
        raise


def stopped(stop: stopsignals.Stopped) -> int:
    """Say in one line that a stop signal stopped the command (and what it had done), return
    :data:`EXIT_INVALID`."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        print(f"\nkiosk: {stop}" if getattr(sys.stderr, "isatty", bool)() else f"kiosk: {stop}",
              file=sys.stderr, flush=True)
    return EXIT_INVALID


def write_fault(error: OSError) -> int:
    """Say in one line why a write failed (:func:`kiosk.outputs.write_problem`), return :data:`EXIT_INVALID`."""
    with contextlib.suppress(OSError):
        print(f"kiosk: {outputs.write_problem(error)}", file=sys.stderr)
    return EXIT_INVALID


def flushed(code: int) -> int:
    """``code`` once standard output is flushed; :data:`EXIT_INVALID` when it cannot be (a full
    disk under ``> file``), said in one line."""
    try:
        sys.stdout.flush()
    except OSError as error:
        return write_fault(error)
    fault = outputs.stream_fault()  # argparse ignores a failed write of --help
    return write_fault(fault) if fault is not None else code


def crashed(details: str) -> int:
    """Write ``details`` to a new private crash report in the kiosk's state folder
    (:func:`kiosk.outputs.write_crash_report`), say where, and return :data:`EXIT_CRASH`. When no
    report can be written, the details go to stderr instead."""
    try:
        report = outputs.write_crash_report(details)
    except OSError as error:
        print(f"kiosk: unexpected error; no crash report could be written ({outputs.reason(error)}), "
              f"so here are the details:\n{details}", file=sys.stderr)
    else:
        print(f"kiosk: unexpected error; the details were written to {report}", file=sys.stderr)
    return EXIT_CRASH


def finish(work: Callable[[], int], onto_stdout: bool = False) -> int:
    """Run a command's ``work`` and end it: its exit code once standard output is flushed, or one
    line for what stopped it.

    Args:
        work: the command itself; returns its exit code.
        onto_stdout: a file the command writes is standard output itself (``run --log-json
            /dev/stdout``): the command's own lines go to standard error meanwhile.

    Returns:
        ``work``'s exit code; :data:`EXIT_INVALID` when a stop signal stopped it or a write to a
        stream failed (said in one line); :data:`EXIT_CRASH` after an unexpected error (a crash
        report says what).
    """
    try:
        with contextlib.redirect_stdout(sys.stderr) if onto_stdout else contextlib.nullcontext():
            code = work()
        if code == EXIT_OK:  # a command that failed has said why it ended: a signal adds nothing
            check_stop("it came as the command ended: all said above was done")  # held to the end (kiosk run's player acts on its own)
        sys.stdout.flush()  # here, so a closed pipe is caught below and not at interpreter exit
        return flushed(code)
    except stopsignals.Stopped as stop:
        return stopped(stop)
    except KeyboardInterrupt:  # Ctrl+C where main() did not install the handlers (called with argv)
        return stopped(stopsignals.Stopped("SIGINT"))
    except BrokenPipeError:  # a stream survive_closed_output() does not cover (not sys.stdout itself)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:  # a full disk under `> file`, or while a command wrote a file
        if not isinstance(error, outputs.StreamWriteError) and error.errno not in outputs.WRITE_FAULTS:
            return crashed(_details())
        return write_fault(error)
    except Exception:  # noqa: BLE001 - the last line of defence: never a bare traceback
        return crashed(_details())


def _details() -> str:
    """The exception being handled, with its traceback, for a crash report."""
    import traceback

    return traceback.format_exc()


__all__ = ["EXIT_CRASH", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "check_stop", "crashed", "finish", "flushed",
           "standard_streams", "stopped", "write_fault"]
