"""A stop signal at any moment of any command: from its first instant (`kiosk run` still stops
cleanly, `stopped` logged, and the checking process it started ends too), and in the middle of a
render or a text-fit check (Ctrl+C in a terminal: one plain line, exit 1, never a crash, no
warning text, no helper process left)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk import paths
from tests.helpers.process import environment, kiosk, read_events

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="POSIX signals, reads /proc")


def _env(tmp_path: Path) -> dict[str, str]:
    return {**environment(), "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def _catches(pid: int, name: str) -> bool:
    """True once process ``pid`` has a handler of its own for signal ``name`` (``SigCgt``)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
    return bool(caught & (1 << (getattr(signal, name) - 1)))


def _ready(pid: int) -> bool:
    """True once the command's own handlers are installed (SIGINT has Python's from the start;
    SIGUSR1 only the kiosk's, installed after the stop signals')."""
    return _catches(pid, "SIGUSR1")


def _wait_until(condition, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.005)


def _processes(where: Callable[[str], bool], file: str) -> list[int]:
    """The processes whose ``/proc/PID/<file>`` text ``where`` holds true of."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                text = Path(f"/proc/{entry}/{file}").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if where(text):
                found.append(int(entry))
    return found


def _processes_naming(text: str) -> list[int]:
    """Processes whose command line holds ``text``."""
    return _processes(lambda line: text in line, "cmdline")


def _deck_copy(tmp_path: Path) -> Path:
    deck = tmp_path / "deck-under-test"
    shutil.copytree(paths.default_deck(), deck)
    return deck


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_kiosk_run_stopped_in_its_first_moment_stops_cleanly_and_ends_its_checking_process(tmp_path, name):
    deck, log = _deck_copy(tmp_path), tmp_path / "events.jsonl"
    proc = subprocess.Popen(kiosk("run", str(deck), "--headless", "--cycles", "1", "--time-scale", "50",
                                  "--log-json", str(log)),
                            env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_until(lambda: _ready(proc.pid), "the handlers installed")  # the command's very start
    proc.send_signal(getattr(signal, name))
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Traceback" not in err.decode()
    events = read_events(log)
    assert events[-1]["event"] == "stopped" and events[-1]["reason"] == f"signal {name}"
    assert events[-1]["cycles"] == 0
    assert _processes_naming(str(deck)) == []  # the checking process of that deck ended with it


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the field after the state in ``/proc/PID/stat``)."""
    return _processes(lambda stat: int(stat.rpartition(")")[2].split()[1]) == pid, "stat")


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_kiosk_run_stopped_with_its_start_up_under_way_stops_once_cleanly(tmp_path, name):
    """Ctrl+C in a terminal (or systemd's SIGTERM) reaches the whole process group, so both the
    drawing process and its start-up (a child, :mod:`kiosk.handover`) get it while the deck is
    checked: the start-up hands its deck over and says nothing, the player stops as it starts."""
    deck, log = _deck_copy(tmp_path), tmp_path / "events.jsonl"
    proc = subprocess.Popen(kiosk("run", str(deck), "--headless", "--cycles", "1", "--time-scale", "50",
                                  "--log-json", str(log)),
                            env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    _wait_until(lambda: any(_ready(child) for child in _children(proc.pid)), "the start-up under way")
    os.killpg(proc.pid, getattr(signal, name))
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Traceback" not in err.decode() and "kiosk: stopped by" not in err.decode()
    events = read_events(log)
    assert [e["event"] for e in events].count("stopped") == 1
    assert events[-1]["event"] == "stopped" and events[-1]["reason"] == f"signal {name}"
    assert _processes_naming(str(deck)) == []


def test_kiosk_run_ignores_the_other_signals_from_its_first_moment(tmp_path):
    log = tmp_path / "events.jsonl"
    proc = subprocess.Popen(kiosk("run", "--headless", "--cycles", "1", "--time-scale", "1000", "--log-json", str(log)),
                            env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_until(lambda: _ready(proc.pid), "the handlers installed")
    for name in ("SIGUSR1", "SIGUSR2", "SIGALRM"):
        proc.send_signal(getattr(signal, name))
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert read_events(log)[-1]["reason"].startswith("--cycles 1")


@pytest.mark.parametrize("command", [["validate", "--no-cache"], ["render", "--out", "{out}"], ["pack", "--out", "{zip}"]])
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_another_command_stopped_in_its_first_moment_says_so_in_one_line(tmp_path, command, name):
    deck = _deck_copy(tmp_path)
    args = [part.format(out=tmp_path / "out", zip=tmp_path / "deck.zip") for part in command]
    proc = subprocess.Popen(kiosk(args[0], str(deck), *args[1:]), env=_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until(lambda: _ready(proc.pid), "the handlers installed")
    proc.send_signal(getattr(signal, name))
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    lines = [line for line in err.splitlines() if line.startswith("kiosk: stopped")]
    assert lines and lines[0].startswith(f"kiosk: stopped by {name}"), err
    assert "Traceback" not in err and "Warning" not in err
    assert not (tmp_path / "state").exists() or not list((tmp_path / "state").rglob("crash*"))
    assert not list(tmp_path.glob("*.part"))  # nothing half-written left


def _in_a_terminal(argv: list[str], env: dict[str, str], when: bytes, key: bytes = b"\x03") -> tuple[int, str, int]:
    """Run ``argv`` in a terminal of its own, type ``key`` (Ctrl+C) once ``when`` is printed;
    returns its exit code, everything it printed, and its session (its process id)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once
        os.execve(argv[0], argv, env)
    out, typed = b"", False
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        assert ready, f"nothing printed for 120 s: {out[-500:]!r}"
        try:
            data = os.read(fd, 4096)
        except OSError:  # the terminal's other side closed: the command ended
            break
        if not data:
            break
        out += data
        if not typed and when in out:
            os.write(fd, key)
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert typed, out[-500:]
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace"), pid


def _session_ended(session: int) -> bool:
    """True when no process of ``session`` is left (helpers, the semaphore tracker)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session:  # field 6 of stat: the session id
                return False
    return True


@pytest.mark.parametrize("stage", [b"rendering", b"checking fit"])
def test_ctrl_c_during_render_stops_between_two_frames_with_one_plain_line(tmp_path, stage):
    out = tmp_path / "out"
    code, printed, session = _in_a_terminal(
        kiosk("render", str(paths.default_deck()), "--out", str(out)), _env(tmp_path), stage + b" ")
    assert code == 1, printed
    said = [line for line in printed.splitlines() if "kiosk: stopped by Ctrl+C" in line]
    assert len(said) == 1 and "frames written to" in said[0] and said[0].endswith("no contact sheet was made"), printed
    for text in ("Traceback", "Warning", "leaked", "QPaintDevice", "KeyboardInterrupt"):
        assert text not in printed
    assert not (out / "contact-sheet.pdf").exists()
    _wait_until(lambda: _session_ended(session), "its helper processes ended")
