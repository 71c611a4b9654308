"""``kiosk run --frames`` on a disk that is full: the fault is said once, in the words every command
uses, the kiosk plays on without saving frames, the last line counts only the frames really
written and says that saving stopped, and the folder made for them is not left empty."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from helpers import BUNDLED

#: ``kiosk run`` with every write of a frame (a PNG, by kiosk.outputs.write_whole) failing as on a
#: full disk after ``ALLOWED`` of them; the start-up checks of the outputs, before any frame, pass.
RUNNER = textwrap.dedent("""
    import errno, os, sys
    from kiosk import outputs
    real, done = outputs._write_all, []
    def full(fd, data):
        if bytes(data[:4]) == b"\\x89PNG":
            done.append(1)
            if len(done) > int(os.environ["ALLOWED"]):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)
    outputs._write_all = full
    from kiosk.cli import main
    raise SystemExit(main(sys.argv[1:]))
""")


def run(tmp_path, frames, allowed: int) -> subprocess.CompletedProcess:
    events = tmp_path / f"events-{allowed}.jsonl"
    return subprocess.run([sys.executable, "-c", RUNNER, "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--frames", str(frames), "--log-json", str(events), str(BUNDLED)],
                          capture_output=True, text=True, timeout=180, env={**os.environ, "ALLOWED": str(allowed)})


def stopped(tmp_path, allowed: int) -> dict:
    lines = (tmp_path / f"events-{allowed}.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])


def test_no_frame_written_is_counted_as_none_and_leaves_no_folder(tmp_path):
    frames = tmp_path / "new" / "frames"
    done = run(tmp_path, frames, 0)
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "cannot write" in line]
    assert said == [f"kiosk: cannot write the frame {frames}/01-welcome.png (the disk is full) — free some disk "
                    "space, or choose a place on another disk with --frames; the kiosk keeps playing without "
                    "saving frames"]
    assert done.stdout.splitlines()[-1] == ("kiosk: no frame was written: saving frames stopped at 01-welcome.png, "
                                            "which could not be written (said above)")
    assert not (tmp_path / "new").exists()
    assert stopped(tmp_path, 0)["frames"] == 0


def test_frames_written_before_the_disk_filled_are_counted_and_kept(tmp_path):
    frames = tmp_path / "frames"
    done = run(tmp_path, frames, 2)
    assert done.returncode == 0, done.stderr
    kept = sorted(p.name for p in frames.iterdir())
    assert len(kept) == 2 and all(name.endswith(".png") for name in kept)
    last = done.stdout.splitlines()[-1]
    assert last.startswith(f"kiosk: 2 frames written to {frames}, then saving frames stopped at 03-"), last
    assert stopped(tmp_path, 2)["frames"] == 2
