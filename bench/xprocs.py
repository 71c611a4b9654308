"""Processes of the side-by-side benchmark (bench/xbench.py): Xvfb, the command's process tree, clean-up.

Only processes the harness started are ever stopped, by pid and process group. The method follows
the reference harness of the project's shared bench material (see bench/README.md, *Credits*).
Needs psutil (the ``bench`` extra) for :class:`Tree` only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import signal
import subprocess
import time
from pathlib import Path

MiB = 1024 * 1024
SCREEN = "1920x1080x24"

INFRA: set[int] = set()  # Xvfb, window manager, probe: never counted in a command's tree


def become_subreaper() -> None:
    """Orphans of a command (Chromium's crashpad handlers double-fork) come back to this process."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def stop(proc: subprocess.Popen | None, grace: float = 3.0) -> None:
    """End a process this harness started, and its process group (it leads one): SIGTERM, then SIGKILL."""
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            proc.send_signal(sig)
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Tree:
    """A command's processes: the launched one and its descendants, orphans re-parented to this
    harness, and anything left in its session (started with ``start_new_session``)."""

    def __init__(self, root: int):
        import psutil

        self.psutil = psutil
        self.root = root
        self.seen: dict[tuple[int, float], object] = {}

    def scan(self) -> dict:
        psutil = self.psutil
        found = {}

        def add(proc, recursive: bool = False) -> None:
            try:
                members = [proc] + (proc.children(recursive=True) if recursive else [])
                for p in members:
                    if p.pid not in INFRA and p.pid != os.getpid():
                        found[(p.pid, p.create_time())] = p
            except psutil.Error:
                pass

        try:
            add(psutil.Process(self.root), recursive=True)
        except psutil.Error:
            pass
        try:
            for child in psutil.Process().children():
                if child.pid not in INFRA:
                    add(child, recursive=True)
        except psutil.Error:
            pass
        for p in psutil.process_iter():
            try:
                if p.pid not in INFRA and p.pid != os.getpid() and os.getsid(p.pid) == self.root:
                    add(p)
            except OSError:
                pass
        self.seen.update(found)
        return found

    def memory(self) -> dict:
        """PSS, USS and RSS summed over the tree, in MiB, and the number of processes."""
        total = {"pss_mib": 0.0, "uss_mib": 0.0, "rss_mib": 0.0, "nproc": 0}
        for p in self.scan().values():
            try:
                m = p.memory_full_info()
            except self.psutil.Error:
                continue
            total["pss_mib"] += m.pss / MiB
            total["uss_mib"] += m.uss / MiB
            total["rss_mib"] += m.rss / MiB
            total["nproc"] += 1
        return {k: round(v, 1) if isinstance(v, float) else v for k, v in total.items()}

    def cpu_window(self, seconds: float, at: float | None = None, at_call=None, xvfb: int | None = None) -> dict:
        """CPU seconds (user + system) of the tree over ``seconds`` of wall time, sampled each second
        (a process born meanwhile counts from 0; one that ends loses at most a second). Calls
        ``at_call()`` once the monotonic clock passes ``at``. Returns ``cpu_pct``, ``cpu_window_s``,
        ``start``/``end`` (monotonic) and ``xvfb_cpu_pct``."""
        psutil = self.psutil

        def cpu(p) -> float:
            t = p.cpu_times()
            return t.user + t.system

        base, last = {}, {}
        wall0 = time.time()
        for key, p in self.scan().items():
            try:
                base[key] = last[key] = cpu(p)
            except psutil.Error:
                pass
        x0 = cpu(psutil.Process(xvfb)) if xvfb else 0.0
        busy0 = busy_seconds()
        start = time.monotonic()
        end = start + seconds
        while (now := time.monotonic()) < end:
            if at_call is not None and at is not None and now >= at:
                at_call()
                at_call = None
            pending = at - now if at_call is not None and at is not None else 1.0
            time.sleep(max(0.01, min(1.0, end - now, pending)))
            for key, p in self.scan().items():
                try:
                    value = cpu(p)
                except psutil.Error:
                    continue
                base.setdefault(key, 0.0 if key[1] >= wall0 - 0.5 else value)
                last[key] = value
        if at_call is not None:
            at_call()
        wall = time.monotonic() - start
        tree_cpu = sum(last[k] - base[k] for k in last)
        out = {"cpu_pct": round(100 * tree_cpu / wall, 3), "cpu_window_s": round(wall, 2),
               "start": start, "end": start + wall,
               # everything else the machine did meanwhile (Xvfb and this harness included), in cores
               "other_cores": round(max(0.0, busy_seconds() - busy0 - tree_cpu) / wall, 2)}
        if xvfb:
            try:
                out["xvfb_cpu_pct"] = round(100 * (cpu(psutil.Process(xvfb)) - x0) / wall, 2)
            except psutil.Error:
                pass
        return out

    def kill(self) -> None:
        psutil = self.psutil
        procs = {**self.seen, **self.scan()}
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.root, sig)
            except (ProcessLookupError, PermissionError):
                pass
            alive = []
            for p in procs.values():
                try:
                    if p.is_running():  # also guards against a reused pid
                        p.send_signal(sig)
                        alive.append(p)
                except psutil.Error:
                    pass
            _, alive = psutil.wait_procs(alive, timeout=wait)
            reap()
            procs = {k: p for k, p in procs.items() if p in alive}
            procs.update(self.scan())
            if not procs:
                return


def busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (``/proc/stat``: all but idle and iowait)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def reap() -> None:
    """Collect re-parented orphans that have ended (this harness is their subreaper)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def read_line(proc: subprocess.Popen, timeout: float, buffers: dict) -> str | None:
    """One line of ``proc``'s stdout within ``timeout`` s; ``None`` on timeout or end of output."""
    fd = proc.stdout.fileno()
    buf = buffers.get(fd, b"")
    deadline = time.monotonic() + timeout
    try:
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                return None
            buf += chunk
        line, buf = buf.split(b"\n", 1)
        return line.decode("utf-8", "replace")
    finally:
        buffers[fd] = buf


def start_xvfb(workdir: Path) -> tuple[subprocess.Popen, str]:
    """A fresh Xvfb on a display it picks itself (``-displayfd``)."""
    r, w = os.pipe()
    with open(workdir / "xvfb.log", "wb") as err:
        proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", SCREEN, "-nolisten", "tcp",
                                 "-noreset", "+extension", "RANDR"], pass_fds=(w,), stdin=subprocess.DEVNULL,
                                stdout=err, stderr=err, start_new_session=True)
    INFRA.add(proc.pid)
    os.close(w)
    number = b""
    deadline = time.monotonic() + 15
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        if not select.select([r], [], [], max(0.0, deadline - time.monotonic()))[0]:
            break
        chunk = os.read(r, 64)
        if not chunk:
            break
        number += chunk
    os.close(r)
    if not number.strip().isdigit():
        stop(proc)
        raise RuntimeError(f"Xvfb gave no display number (see {workdir / 'xvfb.log'})")
    return proc, ":" + number.strip().decode()
