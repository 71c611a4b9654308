"""Every command started with standard output, error or input closed (`kiosk validate DECK >&-`):
what it would print is dropped, it does its work and exits 0 or 1, never 3 with a crash report."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kiosk import paths
from tests.helpers.process import environment, kiosk

pytestmark = pytest.mark.skipif(os.name != "posix", reason="closes file descriptors")

DECK = str(paths.default_deck())
#: Each command as a user types it ({tmp}: a folder of the test's own).
COMMANDS = {
    "validate": ["validate", DECK],
    "config": ["config"],
    "decks": ["decks"],
    "schema": ["schema"],
    "stats": ["stats"],
    "fleet": ["fleet", "{tmp}"],
    "render": ["render", DECK, "--out", "{tmp}/out"],
    "run": ["run", DECK, "--headless", "--cycles", "1", "--time-scale", "1000"],
}
#: The file descriptors closed: standard input, output, error, or all three.
CLOSED = {"stdin": (0,), "stdout": (1,), "stderr": (2,), "all": (0, 1, 2)}
CASES = [(command, "all") for command in COMMANDS] + [(command, "stdout") for command in ("validate", "schema", "run")] + \
    [(command, closed) for command in ("schema", "config") for closed in ("stdin", "stderr")]


def _closing(fds: tuple[int, ...]):
    def close() -> None:  # in the child, after its streams are set up: as the shell's `>&-` does
        for fd in fds:
            os.close(fd)
    return close


@pytest.mark.parametrize(("command", "closed"), CASES)
def test_a_command_with_a_closed_stream_does_its_work_and_exits_0_or_1(tmp_path, command, closed):
    state = tmp_path / "state"
    env = {**environment(), "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(state),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    args = [part.format(tmp=tmp_path) for part in COMMANDS[command]]
    err = tmp_path / "stderr.txt"
    with err.open("wb") as err_file:
        done = subprocess.run(kiosk(*args), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=err_file, preexec_fn=_closing(CLOSED[closed]), timeout=300, check=False)
    said = err.read_text(errors="replace")
    assert done.returncode in (0, 1), said
    assert "Traceback" not in said and "unexpected error" not in said
    assert not state.exists() or not [p for p in state.rglob("*") if "crash" in p.name], said
    if command == "render":
        assert (tmp_path / "out" / "contact-sheet.pdf").exists()  # the work was done
    if command == "validate":
        assert done.returncode == 0


def test_a_closed_stream_is_the_null_device_so_no_file_takes_its_place(tmp_path):
    """A file opened later must not get file descriptor 1: what is printed would go into it."""
    script = ("import os, sys\n"
              "from kiosk import command\n"
              "command.standard_streams()\n"
              f"fd = os.open({str(tmp_path / 'f')!r}, os.O_WRONLY | os.O_CREAT)\n"
              "print('dropped'); sys.stdout.flush()\n"
              "os.write(2, f'{fd} {os.path.realpath(f\"/proc/self/fd/1\")}'.encode())\n")
    done = subprocess.run([*kiosk()[:-2], "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          preexec_fn=_closing((1,)), timeout=60, check=False, text=True)
    fd, target = done.stderr.split()
    assert int(fd) > 2 and target == os.devnull, done.stderr
    assert Path(tmp_path / "f").read_text() == ""
