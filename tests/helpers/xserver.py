"""A real X server for the tests that need one (Xvfb), its window manager, and a look at its windows.

Skipped where Xvfb is missing. The display numbers tried start at ``KIOSK_TEST_DISPLAY`` (default
160) and the first free one is taken (no ``/tmp/.X<n>-lock``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

#: A "window manager" that never maps a window (it takes the map requests and drops them), in
#: plain ctypes over libX11: the kiosk's window then never comes on the screen.
REFUSING_WM = r"""
import ctypes, sys
x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
display = x.XOpenDisplay(sys.argv[1].encode())
x.XSelectInput(display, x.XDefaultRootWindow(display), (1 << 19) | (1 << 20))  # SubstructureNotify|Redirect
x.XSync(display, 0)
print("ready", flush=True)
event = ctypes.create_string_buffer(192)
while True:
    x.XNextEvent(display, event)
"""


def free_display(first: int | None = None, count: int = 10) -> str:
    """The first display ``:n`` from ``first`` with no X server's lock file."""
    first = int(os.environ.get("KIOSK_TEST_DISPLAY", "160")) if first is None else first
    for number in range(first, first + count):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return f":{number}"
    pytest.skip(f"no free X display from :{first} to :{first + count - 1}")


def needs(*commands: str) -> None:
    """Skip the test unless every command is installed."""
    missing = [c for c in commands if shutil.which(c) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def xvfb(size: str = "1280x800") -> Iterator[str]:
    """A running Xvfb (its display name, e.g. ``":160"``), stopped afterwards."""
    needs("Xvfb")
    display = free_display()
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp",
                               "-displayfd", str(write)], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as ready:  # Xvfb writes the display number once it accepts clients
            if not ready.readline().strip():
                pytest.skip("Xvfb did not start")
        yield display
    finally:
        _stop(server)


@contextlib.contextmanager
def window_manager(display: str, refusing: bool = False) -> Iterator[subprocess.Popen]:
    """matchbox-window-manager on ``display`` (or, with ``refusing``, one that never maps a window)."""
    env = {**os.environ, "DISPLAY": display}
    if refusing:
        manager = subprocess.Popen([sys.executable, "-c", REFUSING_WM, display], env=env,
                                   stdout=subprocess.PIPE, text=True)
        assert manager.stdout.readline().strip() == "ready"
    else:
        needs("matchbox-window-manager")
        manager = subprocess.Popen(["matchbox-window-manager", "-use_titlebar", "no"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield manager
    finally:
        _stop(manager)


def xdotool(display: str, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    """Run ``xdotool args…`` on ``display``, its output captured as text."""
    return subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, check=check)


def kiosk_windows(display: str) -> list[str]:
    """The ids of the kiosk's windows (``WM_CLASS`` ``kiosk``), by ``xdotool search``."""
    return xdotool(display, "search", "--class", "kiosk").stdout.split()


def wait_until(condition, timeout: float = 30.0, what: str = "the condition"):
    """Look at ``condition()`` until it is true (a subprocess and an X server have no signal to wait for)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen in {timeout} s")
