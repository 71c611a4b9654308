"""Turning the screen off and on while the kiosk is closed (best effort).

Which command works depends on the system, so each that applies is tried in turn and each
attempt is returned (and logged by the caller) with its result:

- Wayland with a wlroots compositor (labwc on Raspberry Pi OS): ``wlr-randr --output NAME --off``
  / ``--on`` for every output ``wlr-randr`` lists;
- X11: ``xset dpms force off`` / ``xset dpms force on`` then ``xset -dpms`` (so X does not
  blank the screen later by itself, as the install's no-blanking entry asked);
- Raspberry Pi firmware: ``vcgencmd display_power 0`` / ``1``.

A missing command, a failing one (a non-zero exit, or output in :data:`KNOWN_FAILURES`
such as ``xset``'s "server does not have extension for dpms option", which exits 0) or one
that hangs (killed after :data:`TIMEOUT_S`) is an attempt that failed, never an exception. When nothing works the kiosk still shows black.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

#: Seconds one command may take before it is given up.
TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Attempt:
    """One command tried: what was run, whether it worked, and what it said (first line)."""

    command: str
    ok: bool
    detail: str = ""


Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def _run(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    import subprocess  # loaded when a screen is first turned off or on, not with the kiosk

    return subprocess.run(list(args), capture_output=True, text=True, timeout=TIMEOUT_S, check=False)


def _try(args: Sequence[str], runner: Runner) -> tuple[Attempt, str]:
    import subprocess

    command = " ".join(args)
    try:
        done = runner(args)
    except FileNotFoundError:
        return Attempt(command, False, "command not found"), ""
    except subprocess.TimeoutExpired:
        return Attempt(command, False, f"no answer after {TIMEOUT_S:g} s"), ""
    except OSError as exc:
        return Attempt(command, False, exc.strerror or str(exc)), ""
    said = (done.stderr or done.stdout or "").strip().splitlines()
    failure = known_failure((done.stderr or "") + "\n" + (done.stdout or ""))
    if done.returncode == 0 and failure:
        return Attempt(command, False, failure), ""
    return Attempt(command, done.returncode == 0, said[0] if said and done.returncode else ""), done.stdout or ""


#: Output that means a command failed although it exited 0, in lower case: ``xset`` on an X
#: server without the DPMS extension ("server does not have extension for dpms option"), or
#: with no display it may reach; ``vcgencmd`` off a Raspberry Pi (no VideoCore interface);
#: ``wlr-randr`` with no Wayland compositor it can talk to.
KNOWN_FAILURES = ("does not have extension", "unable to open display", "vchi initialization failed",
                  "failed to connect", "failed to open", "compositor doesn't support", "not supported")


def known_failure(output: str) -> str:
    """The first line of ``output`` that says the command failed (see :data:`KNOWN_FAILURES`), or ``""``."""
    for line in output.splitlines():
        if any(sign in line.lower() for sign in KNOWN_FAILURES):
            return line.strip()
    return ""


def wlr_outputs(listing: str) -> list[str]:
    """Output names from ``wlr-randr``'s listing: the first word of each line that is not indented."""
    return [line.split()[0] for line in listing.splitlines() if line and not line[0].isspace()]


def set_power(on: bool, env: dict[str, str] | None = None, which: Callable[[str], str | None] = shutil.which,
              runner: Runner = _run) -> list[Attempt]:
    """Turn every screen on or off with whichever commands apply here.

    Args:
        on: True to turn the screens on, False to turn them off.
        env: the environment to judge the session by (default ``os.environ``).
        which: finds a command (``shutil.which``); injected by tests.
        runner: runs a command (``subprocess.run`` with a timeout); injected by tests.

    Returns:
        Every attempt made, in order; empty when no method applies (no command found).
    """
    env = os.environ if env is None else env
    attempts: list[Attempt] = []
    if env.get("WAYLAND_DISPLAY") and which("wlr-randr"):
        listed, listing = _try(["wlr-randr"], runner)
        if not listed.ok:
            attempts.append(listed)
        for name in wlr_outputs(listing):
            attempts.append(_try(["wlr-randr", "--output", name, "--on" if on else "--off"], runner)[0])
    if env.get("DISPLAY") and which("xset"):
        attempts.append(_try(["xset", "dpms", "force", "on" if on else "off"], runner)[0])
        if on:  # "force off" switched DPMS on; off again, or X blanks the open kiosk after its timeout
            attempts.append(_try(["xset", "-dpms"], runner)[0])
    if which("vcgencmd"):
        attempts.append(_try(["vcgencmd", "display_power", "1" if on else "0"], runner)[0])
    return attempts
