"""kiosk.scratch: a scratch folder is named with its process id, and making one removes those
that ended processes left (a command killed outright cannot remove its own), never another's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk import scratch

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX processes and owners")


def _ended_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_a_scratch_folder_names_its_process_and_is_private(tmp_path):
    made = scratch.make(".kiosk-test-", tmp_path)
    assert made.parent == tmp_path and made.name.startswith(f".kiosk-test-{os.getpid()}-")
    assert made.is_dir() and made.stat().st_mode & 0o777 == 0o700


def test_making_one_removes_those_of_ended_processes_only(tmp_path):
    ended = tmp_path / f".kiosk-test-{_ended_pid()}-abc"
    (ended / "deck").mkdir(parents=True)
    (ended / "deck" / "deck.yaml").write_text("x", encoding="utf-8")
    mine = tmp_path / f".kiosk-test-{os.getpid()}-def"
    mine.mkdir()
    parent = tmp_path / f".kiosk-test-{os.getppid()}-ghi"  # a running process that started before it
    parent.mkdir()
    other = tmp_path / f".other-{_ended_pid()}-jkl"  # another prefix
    other.mkdir()
    odd = tmp_path / ".kiosk-test-notanumber-x"
    odd.mkdir()
    target = tmp_path / "outside"
    target.mkdir()
    link = tmp_path / f".kiosk-test-{_ended_pid()}-link"
    link.symlink_to(target, target_is_directory=True)  # never followed, never removed
    made = scratch.make(".kiosk-test-", tmp_path)
    assert not ended.exists()
    assert mine.is_dir() and parent.is_dir() and other.is_dir() and odd.is_dir() and made.is_dir()
    assert link.is_symlink() and target.is_dir()


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="process start times from /proc")
def test_a_process_id_taken_again_since_is_not_the_folders(tmp_path):
    # This process runs, but started after the folder was last changed: the id was reused.
    folder = tmp_path / f".kiosk-test-{os.getppid()}-old"
    folder.mkdir()
    os.utime(folder, (1_000_000_000, 1_000_000_000))  # 2001
    assert scratch.sweep(".kiosk-test-", tmp_path) == [folder.name]
    assert not folder.exists()
