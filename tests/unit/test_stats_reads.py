"""Reading a visitor counts file writes nothing beside it (no SQLite ``-shm`` or ``-wal``): a file
the kiosk wrote in WAL mode, one the running kiosk is writing at that moment (read correctly, its
latest commit included), one written while it is read (read again), and one in a read-only
folder; through ``kiosk stats``, ``kiosk stats merge`` and the reads the kiosk makes itself. And
``kiosk stats --csv FILE`` writes the tables as CSV with one line on the terminal, not the tables
again; ``--csv /dev/stdout`` puts the CSV alone on standard output."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.stats import store

#: Root writes into any folder: the command runs with the capabilities that let it dropped.
DROP = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
HOUR = "2026-10-19 14:00"


def _kiosk(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """The real ``kiosk`` command in a subprocess (under ``prefix``), its output as text."""
    return subprocess.run([*prefix, sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def _counts(path: Path, interactions: int) -> Path:
    """A kiosk's counts file at ``path`` (made, or added to), in WAL mode as the kiosk writes it."""
    pending: store.Pending = {table: {} for table in store.TABLES}
    pending["hours"][(HOUR, "fw")] = [interactions, 0]
    pending["views"][(HOUR, "fw", "help", "")] = [3, interactions, interactions, 30.0, 0]
    pending["languages"][(HOUR[:10], "fw", "pl")] = [1]
    store.write(path, pending)
    return path


def _interactions(path: Path) -> int:
    return sum(row["interactions"] for row in store.read(path, "hours"))


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_a_file_written_in_wal_mode_is_read_without_a_file_beside_it(tmp_path, capsys):
    path = _counts(tmp_path / "library.db", 7)
    assert path.read_bytes()[18:20] == b"\x02\x02", "WAL mode (SQLite's file format, bytes 18 and 19)"
    assert _listing(tmp_path) == ["library.db"]
    assert _interactions(path) == 7 and store.kiosks(path) == [""]
    assert main(["stats", "--stats-file", str(path)]) == 0
    assert main(["stats", "--stats-file", str(path), "--exact"]) == 0
    capsys.readouterr()
    assert _listing(tmp_path) == ["library.db"]


def test_merging_leaves_the_copies_folder_as_it_was(tmp_path, capsys):
    copies = tmp_path / "stick"
    copies.mkdir()
    _counts(copies / "library.db", 3)
    _counts(copies / "church.db", 4)
    assert main(["stats", "merge", str(copies / "library.db"), str(copies / "church.db"),
                 "--out", str(tmp_path / "county.db")]) == 0
    capsys.readouterr()
    assert _listing(copies) == ["church.db", "library.db"]
    assert _listing(tmp_path) == ["county.db", "stick"]
    assert _interactions(tmp_path / "county.db") == 7


def test_the_kiosks_own_reads_leave_nothing_beside_its_file(tmp_path):
    from kiosk.stats.record import Recorder

    recorder = Recorder(tmp_path / "stats.db", clock=lambda: 0.0, interval=None)
    recorder.observe("deck_loaded", {"deck": "fw"})
    recorder.observe("touch", {})
    recorder.observe("loop_resumed", {})
    assert recorder.flush()
    assert recorder.totals() == (1, 1)  # the staff status page reads the file
    assert _listing(tmp_path) == ["stats.db"]


def test_a_file_the_kiosk_is_writing_now_is_read_with_its_latest_commit(tmp_path):
    path = _counts(tmp_path / "stats.db", 2)
    writer = sqlite3.connect(path, isolation_level=None)  # the kiosk, part way through its write
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE hours SET interactions = interactions + 5")  # committed, in the WAL only
        present = _listing(tmp_path)
        assert present == ["stats.db", "stats.db-shm", "stats.db-wal"]
        assert _interactions(path) == 7
        assert _listing(tmp_path) == present, "the writer's own files, no more"
    finally:
        writer.close()
    assert _listing(tmp_path) == ["stats.db"]


def test_a_write_made_while_the_file_is_read_is_read_again(tmp_path, monkeypatch):
    path = _counts(tmp_path / "stats.db", 2)
    os.utime(path, ns=(10**18, 10**18))  # the last write long ago, as a kiosk writes once a minute
    once, reads = store._read_once, []

    def read_while_written(where, table):
        rows = once(where, table)
        if not reads:
            _counts(path, 5)  # the kiosk writes while the first read was under way
        reads.append(table)
        return rows

    monkeypatch.setattr(store, "_read_once", read_while_written)
    assert _interactions(path) == 7 and len(reads) == 2
    assert _listing(tmp_path) == ["stats.db"]


@pytest.fixture
def read_only(tmp_path):
    """(a folder holding a counts file, made read-only, and the command prefix that cannot write
    into it); writable again after."""
    folder = tmp_path / "stick"
    folder.mkdir()
    _counts(folder / "library.db", 6)
    folder.chmod(0o555)
    try:
        prefix = DROP if os.geteuid() == 0 else []
        if prefix and not shutil.which("setpriv"):
            pytest.skip("setpriv is needed to drop root's right to write anywhere")
        probe = subprocess.run([*prefix, "touch", str(folder / "probe")], capture_output=True, timeout=30)
        if probe.returncode == 0:
            pytest.skip("the folder cannot be made read-only here")
        yield folder, tuple(prefix)
    finally:
        folder.chmod(0o755)


def test_a_file_in_a_read_only_folder_is_read_and_merged(read_only, tmp_path):
    folder, prefix = read_only

    shown = _kiosk("stats", "--stats-file", str(folder / "library.db"), "--exact", prefix=prefix)
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr and "interactions" in shown.stdout
    merged = _kiosk("stats", "merge", str(folder / "library.db"), "--out", str(tmp_path / "county.db"), prefix=prefix)
    assert merged.returncode == 0, merged.stderr
    assert _listing(folder) == ["library.db"]
    assert _interactions(tmp_path / "county.db") == 6


def test_csv_to_a_file_says_where_in_one_line(tmp_path, capsys):
    path = _counts(tmp_path / "stats.db", 7)
    assert main(["stats", "--stats-file", str(path), "--csv", str(tmp_path / "week.csv")]) == 0
    out, err = capsys.readouterr()
    assert out == f"kiosk: the tables were written to {tmp_path / 'week.csv'} as CSV\n" and err == ""
    assert "interactions (visitors who touched the screen),5" in (tmp_path / "week.csv").read_text(encoding="utf-8")
    assert main(["stats", "--stats-file", str(path)]) == 0
    assert "interactions (visitors who touched the screen)" in capsys.readouterr().out, "without --csv: the tables"


def test_csv_to_standard_output_is_the_csv_alone(tmp_path):
    path = _counts(tmp_path / "stats.db", 7)
    done = _kiosk("stats", "--stats-file", str(path), "--csv", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith('"Visitor counts') and "interactions (visitors who touched the screen),5" in lines
    assert all("  " not in line for line in lines), "no table on standard output, only CSV"
    assert done.stderr == "kiosk: the tables were written to /dev/stdout as CSV\n"
