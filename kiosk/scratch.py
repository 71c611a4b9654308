"""Scratch folders: folders a command makes for its own use and removes when it is done (a
bundle unpacked to be checked, the player's pictures, a version being published), plain Python.

A command killed outright (``SIGKILL``, the power cut) cannot remove its scratch folder, and a
bundle unpacked for a check may hold up to 200 MB. So each scratch folder is named with the
process id of the command that made it (``<prefix><pid>-<random>``), and the next command that
makes one with the same prefix in the same place first removes those of processes that have
ended. A folder is left alone when its process still runs, when it belongs to another user, and
when it is not a folder (a link is never followed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def make(prefix: str, where: str | os.PathLike[str] | None = None) -> Path:
    """A new private folder (mode 0700) named ``<prefix><pid>-<random>`` in ``where`` (default:
    the system's temporary folder, as :func:`tempfile.mkdtemp` chooses it); the scratch folders
    of ended processes with that prefix there are removed (:func:`sweep`).

    Args:
        prefix: the start of the folder's name, e.g. ``".kiosk-bundle-"``.
        where: the folder to make it in.

    Returns:
        The new folder's path.

    Raises:
        OSError: when the folder cannot be made (as :func:`tempfile.mkdtemp`).
    """
    made = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=where))
    sweep(prefix, made.parent)
    return made


def sweep(prefix: str, where: str | os.PathLike[str]) -> list[str]:
    """Remove the scratch folders named ``<prefix><pid>-…`` in ``where`` whose process has ended
    (or whose process id now belongs to a process started after the folder was last changed).
    Never raises.

    Returns:
        The names of the folders removed.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        number = entry.name[len(prefix):].split("-", 1)[0]
        try:
            if not number.isdigit() or not entry.is_dir(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue
        if _running(int(number), info.st_mtime):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        if not os.path.lexists(entry.path):
            removed.append(entry.name)
    return removed


def _running(pid: int, changed: float) -> bool:
    """True when process ``pid`` may be the one that made a folder last changed at ``changed``
    (seconds since the epoch): it runs, and did not start after that (when that can be told)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no way to ask: left alone
        return True
    started = _start_time(pid)
    return started is None or started <= changed + 1


def _start_time(pid: int) -> float | None:
    """When process ``pid`` started, in seconds since the epoch (Linux ``/proc``), or ``None``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat", encoding="ascii", errors="replace") as system:
            boot = next(int(line.split()[1]) for line in system if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return None


__all__ = ["make", "sweep"]
