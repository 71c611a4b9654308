"""kiosk.stopsignals: a stop signal raises Stopped at once in plain Python, waits for a safe point
once held (Qt loaded), and is handed to the player when it takes them over. Each case runs in a
process of its own (signal handlers belong to the whole process)."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")

PROLOGUE = "import os, signal\nfrom kiosk import stopsignals\nstopsignals.early()\n"


def _run(script: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROLOGUE + script], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout.split("\n")[:-1]


def test_a_stop_signal_raises_stopped_at_once_in_plain_python():
    assert _run("try:\n    os.kill(os.getpid(), signal.SIGTERM)\n    print('went on')\n"
                "except stopsignals.Stopped as stop:\n    print(stop)\n") == ["stopped by SIGTERM"]


def test_once_held_it_waits_for_a_safe_point():
    assert _run("stopsignals.hold()\nos.kill(os.getpid(), signal.SIGINT)\nprint('went on')\n"
                "try:\n    stopsignals.check()\nexcept stopsignals.Stopped as stop:\n"
                "    stop.done = '3 of 9 frames written'\n    print(stop)\n") == \
        ["went on", "stopped by Ctrl+C; 3 of 9 frames written"]


def test_a_signal_held_is_handed_to_the_player_when_it_takes_them_over():
    assert _run("stopsignals.hold()\nos.kill(os.getpid(), signal.SIGHUP)\n"
                "stopsignals.catch(lambda name: print('player stops:', name))\n"
                "stopsignals.check()\nos.kill(os.getpid(), signal.SIGTERM)\n") == \
        ["player stops: SIGHUP", "player stops: SIGTERM"]


def test_a_second_signal_waits_while_the_first_one_stops_the_command():
    assert _run("try:\n    os.kill(os.getpid(), signal.SIGINT)\nexcept stopsignals.Stopped:\n"
                "    os.kill(os.getpid(), signal.SIGTERM)\n    print('cleaned up')\n") == ["cleaned up"]


def test_the_other_signals_do_nothing():
    assert _run("for sig in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM):\n    os.kill(os.getpid(), sig)\n"
                "stopsignals.check()\nprint('went on')\n") == ["went on"]


def test_a_signal_that_comes_where_python_cannot_raise_waits_for_the_next_safe_point():
    # A weak reference's callback (importlib's module locks have them) cannot pass an exception
    # on: Python would print "Exception ignored in ... Traceback" and drop it. The stop is held.
    assert _run("import weakref\nclass Thing:\n    pass\nthing = Thing()\n"
                "def gone(_ref):\n    os.kill(os.getpid(), signal.SIGTERM)\n    print('callback went on')\n"
                "ref = weakref.ref(thing, gone)\ndel thing\nprint('went on')\n"
                "try:\n    stopsignals.check()\nexcept stopsignals.Stopped as stop:\n    print(stop)\n") == \
        ["went on", "stopped by SIGTERM"]


def test_other_unraisable_errors_are_still_printed():
    done = subprocess.run([sys.executable, "-c", PROLOGUE + "class Thing:\n    def __del__(self):\n"
                           "        raise ValueError('broken')\nThing()\nprint('went on')\n"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout == "went on\n" and "ValueError: broken" in done.stderr
