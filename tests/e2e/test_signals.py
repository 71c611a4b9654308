"""`kiosk run` and the signals a kiosk may be sent: those that stop it stop it cleanly (counts
written, `stopped` logged, exit 0), the others do nothing to it, and a closed output never stops it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.helpers.process import environment, kiosk, read_events, wait_for_event

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def _start(tmp_path, **streams):
    log, stats = tmp_path / "events.jsonl", tmp_path / "stats.db"
    proc = subprocess.Popen(kiosk("run", "--headless", "--time-scale", "50", "--log-json", str(log),
                                  "--stats-file", str(stats)),
                            env={**environment(), "QT_QPA_PLATFORM": "offscreen"}, **streams)
    return proc, log, stats


def _loop_shown(stats) -> int:
    with sqlite3.connect(stats) as db:
        return db.execute("SELECT sum(loop_shown) FROM views").fetchone()[0] or 0


@pytest.mark.parametrize("name", ["SIGHUP", "SIGQUIT", "SIGTERM", "SIGINT"])
def test_a_stop_signal_writes_the_counts_and_logs_stopped(tmp_path, name):
    proc, log, stats = _start(tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_event(log, "slide_shown", count=2, timeout=60)
    finally:
        proc.send_signal(getattr(signal, name))
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err.decode()
    stopped = read_events(log)[-1]
    assert stopped["event"] == "stopped" and stopped["reason"] == f"signal {name}"
    assert _loop_shown(stats) >= 1  # written as it stopped, not a minute later


def test_a_stop_signal_before_the_loop_runs_stops_it_cleanly_as_it_starts(tmp_path):
    proc, log, _stats = _start(tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_event(log, "started", timeout=60)  # the window is still being made
    finally:
        proc.send_signal(signal.SIGHUP)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert read_events(log)[-1] == {**read_events(log)[-1], "event": "stopped", "reason": "signal SIGHUP"}


def test_other_signals_do_nothing_to_it(tmp_path):
    proc, log, stats = _start(tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_event(log, "first_frame", timeout=60)
        for name in ("SIGUSR1", "SIGUSR2", "SIGALRM"):
            proc.send_signal(getattr(signal, name))
        shown = len([e for e in read_events(log) if e["event"] == "slide_shown"])
        wait_for_event(log, "slide_shown", count=shown + 2, timeout=60)  # still playing
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert read_events(log)[-1]["reason"] == "signal SIGTERM"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads /proc")
def test_programs_it_starts_get_the_default_signal_actions():
    """A signal the kiosk ignores must not stay ignored in the checking process or a display command."""
    script = ("import subprocess\n"
              "from kiosk import stopsignals\n"
              "stopsignals.catch(lambda name: None)\n"
              "print(subprocess.run(['grep', '^SigIgn:', '/proc/self/status'], capture_output=True, text=True).stdout)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    ignored = int(done.stdout.split()[1], 16)  # bit n-1 set: signal n is ignored
    for name in ("SIGUSR1", "SIGUSR2", "SIGALRM", "SIGHUP", "SIGQUIT", "SIGTERM", "SIGINT", "SIGPIPE"):
        assert not ignored & (1 << (getattr(signal, name) - 1)), name


def test_a_signal_started_ignored_stays_ignored():
    """`nohup kiosk run`: the terminal closing does not stop it."""
    script = ("import signal\n"
              "from kiosk import stopsignals\n"
              "print(stopsignals.catch(lambda name: None), signal.getsignal(signal.SIGHUP) == signal.SIG_IGN)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    assert done.stdout.split() == ["['SIGHUP']", "True"], done.stderr


@pytest.mark.parametrize("closed", ["stdout", "stderr", "both"])
def test_it_plays_on_when_its_output_is_closed(tmp_path, closed):
    """`kiosk run | head -1`: a write to a closed pipe neither stops it nor prints a traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone, as `head` does after one line
    err_file = tmp_path / "stderr.txt"
    with err_file.open("wb") as err:
        streams = {"stdout": write_end if closed in ("stdout", "both") else subprocess.DEVNULL,
                   "stderr": write_end if closed in ("stderr", "both") else err}
        proc = subprocess.Popen(kiosk("run", "--headless", "--cycles", "1", "--time-scale", "200",
                                      "--frames", str(tmp_path / "frames"),
                                      "--log-json", str(tmp_path / "events.jsonl")),
                                env={**environment(), "QT_QPA_PLATFORM": "offscreen"}, **streams)
        os.close(write_end)
        assert proc.wait(timeout=120) == 0
    events = read_events(tmp_path / "events.jsonl")
    assert events and events[-1]["event"] == "stopped" and events[-1]["cycles"] == 1
    assert "Traceback" not in err_file.read_text() and "Logging error" not in err_file.read_text()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("full", ["stdout", "stderr"])
def test_it_plays_on_when_its_output_goes_to_a_full_disk(tmp_path, full):
    """`kiosk run 2> file` on a full disk: what cannot be written is dropped, the kiosk plays on."""
    with open("/dev/full", "wb") as disk:  # noqa: PTH123
        streams = {"stdout": disk if full == "stdout" else subprocess.DEVNULL,
                   "stderr": disk if full == "stderr" else subprocess.DEVNULL}
        proc = subprocess.Popen(kiosk("run", "--headless", "--cycles", "1", "--time-scale", "200",
                                      "--log-json", str(tmp_path / "events.jsonl")),
                                env={**environment(), "QT_QPA_PLATFORM": "offscreen"}, **streams)
        assert proc.wait(timeout=120) == 0
    events = read_events(tmp_path / "events.jsonl")
    assert events and events[-1]["event"] == "stopped" and events[-1]["cycles"] == 1
