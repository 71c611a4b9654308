"""A full disk, wherever the kiosk writes for a user: one plain line, exit 1, and no file cut
short or left empty (each is written whole or not at all)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import outputs
from kiosk.cli import main
from kiosk.fleet import keys
from kiosk.stats import report, store

FULL = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
DISK_FULL = "the disk is full"


def fill_after(monkeypatch, writes_allowed: int) -> None:
    """Make ``os.write`` fail with ENOSPC after ``writes_allowed`` writes (each cut to 10 bytes)."""
    real_write, calls = os.write, []

    def write(fd, data):
        calls.append(1)
        if len(calls) > writes_allowed:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, bytes(data[:10]))

    monkeypatch.setattr(os, "write", write)


def counts(path: Path) -> Path:
    pending: store.Pending = {table: {} for table in store.TABLES}
    pending["hours"][("2026-10-19 10:00", "fw")] = [7, 2]
    pending["languages"][("2026-10-19", "fw", "pl")] = [6]
    store.write(path, pending)
    return path


# --------------------------------------------------------------------------- standard output

@FULL
@pytest.mark.parametrize("command", [["schema"], ["validate", "MISSING"], ["--version"], ["--help"],
                                     ["validate", "--help"], []])
def test_output_to_a_full_disk_is_one_line_and_exit_1(tmp_path, command):
    command = [str(tmp_path / "none") if part == "MISSING" else part for part in command]
    with open("/dev/full", "w") as full:  # noqa: PTH123
        done = subprocess.run([sys.executable, "-m", "kiosk", *command], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    said = [line for line in done.stderr.splitlines() if "standard output" in line]
    assert said == [f"kiosk: cannot write to standard output ({DISK_FULL}) — free some disk space, "
                    "or choose a place on another disk"]
    assert "crash" not in done.stderr and "Traceback" not in done.stderr


@FULL
def test_error_output_to_a_full_disk_still_exits_1_without_a_crash(tmp_path):
    with open("/dev/full", "w") as full:  # noqa: PTH123
        done = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(tmp_path / "none")],
                              stdout=subprocess.PIPE, stderr=full, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1


def test_a_full_disk_while_a_command_writes_a_file_is_one_line(tmp_path, monkeypatch, capsys):
    def fail(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "x"))

    monkeypatch.setattr("kiosk.cli.cmd_schema", fail)
    assert main(["schema"]) == 1
    assert capsys.readouterr().err == (f"kiosk: cannot write {tmp_path / 'x'} ({DISK_FULL}) — free some disk "
                                       "space, or choose a place on another disk\n")


# --------------------------------------------------------------------------- whole or not at all

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(allowed=st.integers(0, 12), size=st.integers(1, 200), older=st.one_of(st.none(), st.binary(max_size=50)),
       exclusive=st.booleans())
def test_a_write_is_whole_or_leaves_what_was_there(tmp_path, monkeypatch, allowed, size, older, exclusive):
    folder = tmp_path / f"w{allowed}-{size}-{exclusive}-{older is None}"
    folder.mkdir(exist_ok=True)
    for stale in folder.iterdir():
        stale.unlink()
    target = folder / "out.bin"
    if older is not None:
        target.write_bytes(older)
    data = bytes(range(256)) * (size // 256 + 1)
    data = data[:size]
    with monkeypatch.context() as patch:
        fill_after(patch, allowed)
        try:
            outputs.write_whole(target, data, exclusive=exclusive)
        except OSError:
            written = False
        else:
            written = True
    names = [p.name for p in folder.iterdir()]
    assert names == ([] if older is None and not written else ["out.bin"])  # no temporary file left
    if written:
        assert target.read_bytes() == data
    elif older is not None:
        assert target.read_bytes() == older


def test_a_secret_is_made_private_and_never_replaced(tmp_path):
    target = tmp_path / "secret"
    outputs.write_whole(target, b"one", mode=outputs.FILE_MODE, exclusive=True)
    assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        outputs.write_whole(target, b"two", exclusive=True)
    assert target.read_bytes() == b"one"


def test_a_key_pair_on_a_full_disk_leaves_nothing_and_a_retry_works(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "keys"
    for allowed in (0, 1, 9):  # the secret fails; the public half fails after the secret was made
        with monkeypatch.context() as patch:
            fill_after(patch, allowed)
            assert main(["key", "new", "--out", str(folder)]) == 1
        assert not folder.exists()  # no empty folder made for keys that were not written
        err = capsys.readouterr().err
        assert err == (f"kiosk: cannot write the key into {folder} ({DISK_FULL}) — free some disk space, or "
                       "choose a place on another disk with --out; nothing was made\n")
    assert main(["key", "new", "--out", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([keys.PUBLIC_FILE, keys.SECRET_FILE])


def test_stats_csv_on_a_full_disk_leaves_no_file(tmp_path, monkeypatch, capsys):
    db = counts(tmp_path / "stats.db")
    out = tmp_path / "out.csv"
    with monkeypatch.context() as patch:
        fill_after(patch, 0)
        assert main(["stats", "--stats-file", str(db), "--csv", str(out)]) == 1
    assert not out.exists()
    assert f"cannot write the tables {out} ({DISK_FULL}) — free some disk space, or choose a place on another " \
        "disk with --csv; nothing was written" \
        in capsys.readouterr().err
    built = report.build(db, None, None, None, False)
    report.write_csv(built, out)
    assert out.read_text(encoding="utf-8").startswith('"Visitor counts')


def test_stats_merge_on_a_full_disk_leaves_no_file_and_says_so(tmp_path, monkeypatch, capsys):
    db = counts(tmp_path / "library.db")
    out = tmp_path / "county.db"
    real_transaction = store._transaction

    def full(path):
        import sqlite3

        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_transaction", full)
    assert main(["stats", "merge", str(db), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (f"kiosk: cannot write {out} ({DISK_FULL}) — free some disk space, or choose a place on "
                   "another disk with --out; nothing was merged\n")
    assert [p.name for p in tmp_path.iterdir() if "county" in p.name] == []
    monkeypatch.setattr(store, "_transaction", real_transaction)
    assert main(["stats", "merge", str(db), "--out", str(out)]) == 0
    assert store.read(out, "hours")


def test_a_file_replaced_keeps_its_mode_and_a_new_one_gets_the_umasks(tmp_path):
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o640)
    outputs.write_whole(kept, b"new")
    assert kept.read_bytes() == b"new" and kept.stat().st_mode & 0o777 == 0o640
    mask = os.umask(0o027)
    try:
        outputs.write_whole(tmp_path / "new.csv", b"x")
    finally:
        os.umask(mask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o640


def test_stats_chart_on_a_full_disk_leaves_no_file(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    db = counts(tmp_path / "stats.db")
    out = tmp_path / "chart.png"
    with monkeypatch.context() as patch:
        patch.setattr(outputs, "_write_all", lambda fd, data: (_ for _ in ()).throw(
            OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
        assert main(["stats", "--stats-file", str(db), "--chart", str(out)]) == 1
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if "chart" in p.name] == []
    assert f"cannot write the charts {out} ({DISK_FULL}) — free some disk space, or choose a place on another " \
        "disk with --chart; nothing was written" \
        in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc/self/comm").is_file(), reason="no /proc")
def test_a_kernel_file_named_as_a_plain_output_is_refused_and_left_as_it_was(tmp_path):
    """A file under /proc or /sys looks like a plain file; the kiosk's files written in place (the
    visitor counts, the fleet's status) never go there. /proc/self/comm (this process's name) is
    one a write would do no harm to, should the check ever let it through."""
    from kiosk.stats import store

    comm = Path("/proc/self/comm")
    before = comm.read_text()
    with pytest.raises(outputs.SystemTarget, match="it is a system file, which the kiosk never writes"):
        outputs.refuse_special(comm)
    with pytest.raises(OSError):
        store.write(comm, {table: {} for table in store.TABLES})
    reason, _fix = outputs.advice(outputs.SystemTarget(comm, "a system file"))
    assert reason == "it is a system file, which the kiosk never writes"
    assert comm.read_text() == before
    outputs.refuse_special(tmp_path / "counts.db")  # a plain place passes


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_device_named_as_an_output_folder_is_refused_with_a_folders_fix():
    """An output that is a folder (render's --out, --frames, --log-folder) named as a device or a
    kernel file is told to give a folder, not "the name of a plain file"."""
    said = outputs.folder_problem(Path("/dev/full"), "the pictures", "--out")
    assert said == ("cannot write the pictures into /dev/full (it is a device, which the kiosk never writes) — "
                    "give a folder of your own, or the name of a new one with --out")
    file_said = outputs.file_problem(Path("/dev/full"), "the chart", "--chart")
    assert file_said is not None and "give the name of a plain file" in file_said
