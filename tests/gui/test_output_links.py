"""Every file and folder the kiosk writes refuses a symbolic link the same way: a sentence naming
it and exit 1 on the command line (:func:`kiosk.outputs.link_problem`), ``ELOOP`` below it; only
the system's own names (``/dev/stdout``, ``/dev/full``) are written through."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from helpers.process import files_cut_at
from kiosk import outputs
from kiosk.cli import main

SAID = "is a symbolic link, which the kiosk never writes through"


@pytest.fixture
def victim(tmp_path):
    """A file and a folder that links point at, which must stay as they are."""
    file = tmp_path / "victim.txt"
    file.write_text("precious\n")
    folder = tmp_path / "victim-folder"
    folder.mkdir()
    return file, folder


def _unchanged(victim) -> None:
    file, folder = victim
    assert file.read_text() == "precious\n"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("flag, to_folder", [("--log-json", False), ("--frames", True), ("--log-folder", True),
                                              ("--stats-file", False)])
@pytest.mark.parametrize("dangling", [False, True], ids=["to a file", "to nothing"])
def test_kiosk_run_refuses_a_link_named_as_any_output(tmp_path, victim, capsys, flag, to_folder, dangling):
    link = tmp_path / "out"
    missing = tmp_path / "missing"
    link.symlink_to(missing if dangling else victim[1] if to_folder else victim[0])
    assert main(["run", "--headless", "--cycles", "1", flag, str(link), str(BUNDLED)]) == 1
    err = capsys.readouterr().err
    assert f"out {SAID}" in err and flag in err and "nothing was played" in err
    assert "Traceback" not in err
    _unchanged(victim)
    assert not os.path.lexists(missing)


@pytest.mark.parametrize("args, to_folder", [
    (["render", str(BUNDLED), "--out"], True),
    (["render", str(BUNDLED), "--poster", "--out"], False),
    (["pack", str(BUNDLED), "--out"], False),
    (["schema", "--out"], False),
], ids=["render", "poster", "pack", "schema"])
def test_every_command_that_writes_a_file_refuses_a_link(tmp_path, victim, capsys, args, to_folder):
    link = tmp_path / "out.pdf"
    link.symlink_to(victim[1] if to_folder else victim[0])
    assert main([*args, str(link)]) == 1
    err = capsys.readouterr().err
    what = {"render": "the pictures" if to_folder else "the poster", "pack": "the bundle", "schema": "the schema"}
    assert f"kiosk: {link} {SAID} — give the real {'folder' if to_folder else 'file'} for {what[args[0]]} " \
           "with --out" in err, "the path first: 'the pictures out.pdf is' reads wrong"
    assert "Traceback" not in err
    _unchanged(victim)


@pytest.mark.parametrize("what, flag, kind", [("the frames", "--frames", "folder"), ("the log folder", "--log-folder", "folder"),
                                              ("the event log", "--log-json", "file"),
                                              ("the visitor counts file", "--stats-file", "file")])
def test_a_link_refused_is_named_first_and_what_goes_there_after(tmp_path, victim, capsys, what, flag, kind):
    link = tmp_path / "out"
    link.symlink_to(victim[1] if kind == "folder" else victim[0])
    assert main(["run", "--headless", "--cycles", "1", flag, str(link), str(BUNDLED)]) == 1
    assert f"kiosk: {link} {SAID} — give the real {kind} for {what} with {flag}" in capsys.readouterr().err


def test_kiosk_stats_merge_refuses_a_link_as_its_out(tmp_path, victim, capsys):
    from kiosk.stats import store

    source = tmp_path / "a.db"
    store.connect(source, create=True).close()
    link = tmp_path / "merged.db"
    link.symlink_to(victim[0])
    assert main(["stats", "merge", str(source), "--out", str(link)]) == 1
    assert SAID in capsys.readouterr().err
    _unchanged(victim)


def test_the_kiosks_own_folders_and_files_refuse_a_link(tmp_path, victim):
    from kiosk.fleet.status import Tracker
    from kiosk.stats import store

    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(victim[1])
    file_link = tmp_path / "file-link"
    file_link.symlink_to(victim[0])
    with pytest.raises(OSError):
        outputs.private_folder(folder_link)  # the log folder, the check cache, the PIN's folder
    with pytest.raises(OSError):
        outputs.output_folder(folder_link)  # frames, rendered pictures
    with pytest.raises(OSError):
        store.connect(file_link, create=True)  # the visitor counts
    said = Tracker("k1", folder_link, file_link).write("deck", 1, 5.0, True)
    assert said and "status record" in said and "metrics file" in said
    _unchanged(victim)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(st.characters(codec="utf-8", exclude_characters="/\0"), min_size=1, max_size=20)
       .filter(lambda n: n not in (".", "..")),
       target=st.sampled_from(["file", "folder", "missing", "itself", "/dev/null"]))
def test_any_link_is_refused_by_both_checks_and_never_written_through(tmp_path_factory, name, target):
    base = tmp_path_factory.mktemp("links")
    (base / "file").write_text("precious\n")
    (base / "folder").mkdir()
    link = base / name
    try:
        link.symlink_to(base / name if target == "itself" else target if target.startswith("/") else base / target)
    except OSError:
        return  # a name the file system does not take
    assert SAID in outputs.file_problem(link, "the file", "--out")
    assert SAID in outputs.folder_problem(link, "the folder", "--out")
    with pytest.raises(OSError):
        os.close(outputs.open_private(link))
    with pytest.raises(OSError):
        outputs.write_whole(link, b"new")
    assert (base / "file").read_text() == "precious\n" and not (base / "missing").exists()
    assert list((base / "folder").iterdir()) == []


def test_the_systems_own_names_are_still_written_through():
    assert outputs.file_problem(Path("/dev/stdout"), "the event log", "--log-json") is None
    assert outputs.link_problem(Path("/dev/stdout"), "the event log", "--log-json") is None


def test_an_event_log_that_fails_while_playing_is_said_once_and_the_kiosk_plays_on(tmp_path):
    """The event log stops taking bytes after its first records (a disk filling while the kiosk
    plays): one sentence, the loop is played to its end, exit 0, and the log holds whole lines."""
    log = tmp_path / "events.jsonl"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "400",
                           "--log-json", str(log), str(BUNDLED)],
                          capture_output=True, text=True, env=env, timeout=300, preexec_fn=files_cut_at(2000))
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(f"cannot write the log {log}") == 1
    assert "keeps playing" in done.stderr and "Traceback" not in done.stderr
    events = [json.loads(line)["event"] for line in log.read_text(encoding="utf-8").splitlines()]  # whole lines
    assert events[0] == "started" and "stopped" not in events, "the log failed while the kiosk played"




# Outputs that open but take no writes: a device that refuses every byte, a system file.
TAKES_NO_WRITES = [pytest.param(path, id=path) for path in ("/dev/full", "/proc/version") if os.path.exists(path)]


@pytest.mark.parametrize("target", TAKES_NO_WRITES)
@pytest.mark.parametrize("args, flag, ending", [
    (["run", "--headless", "--cycles", "1", str(BUNDLED), "--log-json"], "--log-json", "nothing was played"),
    (["pack", str(BUNDLED), "--out"], "--out", "nothing was packed"),
    (["schema", "--out"], "--out", "nothing was written"),
    (["stats", "--stats-file", "{db}", "--csv"], "--csv", "nothing was written"),
], ids=["run", "pack", "schema", "stats"])  # a poster's --out ends in .pdf: not a device's name
def test_an_output_that_opens_but_takes_no_writes_is_refused_before_work_starts(tmp_path, capsys, target, args,
                                                                                  flag, ending):
    from kiosk.stats import store

    db = tmp_path / "stats.db"
    store.write(db, {table: {} for table in store.TABLES})
    assert main([arg.format(db=db) for arg in args] + [target]) == 1
    captured = capsys.readouterr()
    said = [line for line in captured.err.splitlines() if "cannot write" in line]
    assert len(said) == 1, captured.err
    assert target in said[0] and f"with {flag}" in said[0] and said[0].endswith(ending), said[0]
    assert "Traceback" not in captured.err + captured.out


def _node(path, kind: int, major: int, minor: int):
    try:
        os.mknod(path, 0o666 | kind, os.makedev(major, minor))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return path


# The system's own, which a write changes or harms (as root it is allowed): never an output. Each
# is one a write would do no harm to, should the check ever let it through: the name of this very
# process (/proc/self/comm), a block device of a number no driver has (240: for local use), the
# zero device.
SYSTEM_TARGETS = {
    "kernel-file": lambda tmp: Path("/proc/self/comm"),
    "disk-device": lambda tmp: _node(tmp / "disk", stat.S_IFBLK, 240, 0),
    "other-device": lambda tmp: _node(tmp / "zero", stat.S_IFCHR, 1, 5),
    "link-to-a-kernel-file": lambda tmp: (tmp / "out").symlink_to("/proc/self/comm") or tmp / "out",
}


@pytest.mark.parametrize("target", SYSTEM_TARGETS, ids=list(SYSTEM_TARGETS))
def test_a_system_file_or_device_is_never_an_output(tmp_path, capsys, target):
    made = SYSTEM_TARGETS[target](tmp_path)
    before = Path("/proc/self/comm").read_text()
    problem = outputs.file_problem(made, "the event log", "--log-json")
    assert problem is not None and "which the kiosk never writes" in problem and "with --log-json" in problem
    assert Path("/proc/self/comm").read_text() == before
    if target == "kernel-file":
        assert main(["run", "--headless", "--cycles", "1", str(BUNDLED), "--log-json", str(made)]) == 1
        assert "it is a system file, which the kiosk never writes" in capsys.readouterr().err


@pytest.mark.parametrize("kept", ["/dev/null", "/dev/stdout", "/dev/stderr"])
def test_the_null_device_and_the_own_streams_stay_outputs(kept):
    assert outputs.file_problem(Path(kept), "the event log", "--log-json") is None


def test_a_check_of_an_existing_event_log_leaves_it_as_it_was(tmp_path):
    """The start-up check writes nothing into a user's log, nor cuts it: the kiosk appends after it."""
    log = tmp_path / "events.jsonl"
    log.write_bytes(b'{"event": "kept"}\n')
    assert outputs.file_problem(log, "the event log", "--log-json") is None
    assert log.read_bytes() == b'{"event": "kept"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl"], "no probe file left beside it"


def test_a_check_of_a_named_pipe_sends_nothing_down_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert outputs.file_problem(fifo, "the event log", "--log-json") is None
        assert os.read(reader, 10) == b"", "the check came and went without sending a byte"
    finally:
        os.close(reader)
