"""The command line behaves in a shell pipeline."""

import os
import subprocess
import sys


def test_output_into_a_pipe_nobody_reads_is_not_an_error():
    """`kiosk config | head -1` once head has gone: no crash message, exit 0."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has already stopped, as `head` does
    kiosk = subprocess.run([sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())",
                            "config"], stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    os.close(write_end)
    stderr = kiosk.stderr.decode()
    assert "unexpected error" not in stderr and "Traceback" not in stderr, stderr
    assert kiosk.returncode == 0


def _kiosk(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())", *args],
                          capture_output=True, timeout=240, **options)


def test_a_bundle_written_to_standard_output_has_it_to_itself(tmp_path):
    """`kiosk pack DECK --out /dev/stdout | …`: the pipe carries the zip and nothing after it."""
    import io
    import zipfile

    from helpers import BUNDLED

    done = _kiosk("pack", str(BUNDLED), "--out", "/dev/stdout")
    assert done.returncode == 0, done.stderr.decode()
    bundle = zipfile.ZipFile(io.BytesIO(done.stdout))
    assert bundle.testzip() is None and "deck.yaml" in bundle.namelist()
    assert b"kiosk:" not in done.stdout and b"note:" not in done.stdout
    assert "kiosk: packed" in done.stderr.decode() and "into /dev/stdout" in done.stderr.decode()


def test_events_written_to_standard_output_are_json_lines_only(tmp_path):
    """`kiosk run --log-json /dev/stdout` into a pipe, with and without a log folder (whose event
    file rotates): every line on standard output is an event, and none is lost to a seek."""
    import json

    from helpers import BUNDLED

    for extra in ([], ["--log-folder", str(tmp_path / "logs")]):
        done = _kiosk("run", str(BUNDLED), "--headless", "--cycles", "1", "--time-scale", "200",
                      "--log-json", "/dev/stdout", "--stats-file", str(tmp_path / "stats.db"), *extra,
                      env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert done.returncode == 0, done.stderr.decode()
        events = [json.loads(line) for line in done.stdout.decode().splitlines()]
        assert [e["event"] for e in events][:2] == ["started", "deck_loaded"] and events[-1]["event"] == "stopped"
        assert "cannot write" not in done.stderr.decode(), done.stderr.decode()


def test_events_into_a_pipe_its_reader_closes_are_said_so_and_the_kiosk_plays_on(tmp_path):
    """`kiosk run --log-json /dev/stdout | head -1`: once head has gone, one line says the reader
    stopped (not that the kiosk's user may not write there), and the kiosk plays its cycle to the end."""
    from helpers import BUNDLED

    kiosk = subprocess.Popen([sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())",
                              "run", str(BUNDLED), "--headless", "--cycles", "1", "--time-scale", "200",
                              "--log-json", "/dev/stdout", "--stats-file", str(tmp_path / "stats.db")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert kiosk.stdout.readline().startswith(b'{"event": "started"')
    kiosk.stdout.close()  # as head -1 does
    _, stderr = kiosk.communicate(timeout=240)
    said = [line for line in stderr.decode().splitlines() if "cannot write the log" in line]
    assert said == ["kiosk: cannot write the log /dev/stdout (the program reading it through a pipe stopped "
                    "reading); the kiosk keeps playing without it — keep the program that reads it running for "
                    "as long as the kiosk plays, or give a file with --log-json"], stderr.decode()
    assert kiosk.returncode == 0 and "Traceback" not in stderr.decode()
