"""Every command that writes a file for a user says a fault in the same words (kiosk.outputs.advice:
"cannot write … (the disk is full) — free some disk space, or choose a place on another disk with
--out"), names the option it was given, and leaves nothing behind: no file cut short, no empty
folder it made itself. And a path given as a folder or a file is told apart from a missing one."""

from __future__ import annotations

import errno
import os
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import outputs
from kiosk.cli import main
from kiosk.stats import store
from kiosk.userfile import wrong_kind

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "slides" / "freedom-week-2019"
FULL = "(the disk is full) — free some disk space, or choose a place on another disk"


def full_disk(monkeypatch) -> None:
    """Every write of a file's bytes fails as on a full disk: kiosk.outputs' writes, a zip's."""
    def refuse(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs, "_write_all", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "write", refuse)


def counts(path: Path) -> Path:
    pending: store.Pending = {table: {} for table in store.TABLES}
    pending["hours"][("2026-10-19 10:00", "fw")] = [7, 2]
    store.write(path, pending)
    return path


# Each command that writes a file for a user, into a folder that does not exist yet: (arguments,
# what the message names, the option named in the fix).
WRITERS = [
    (["schema", "--out", "{new}/schema.json"], "the schema {new}/schema.json", "--out"),
    (["pack", str(BUNDLED), "--out", "{new}/deck.zip"], "the bundle {new}/deck.zip", "--out"),
    (["key", "new", "--out", "{new}/keys"], "the key into {new}/keys", "--out"),
    (["stats", "--stats-file", "{db}", "--csv", "{new}/t.csv"], "the tables {new}/t.csv", "--csv"),
    (["fleet", "{tmp}", "--html", "{new}/fleet.html"], "the page {new}/fleet.html", "--html"),
]


@pytest.mark.parametrize("argv, what, flag", WRITERS, ids=[w[0][0] for w in WRITERS])
def test_every_writer_on_a_full_disk_says_one_line_naming_its_option_and_leaves_nothing(
        tmp_path, monkeypatch, capsys, argv, what, flag):
    db = counts(tmp_path / "stats.db")
    new = tmp_path / "new" / "deeper"
    fill = {"new": new, "db": db, "tmp": tmp_path}
    with monkeypatch.context() as patch:
        full_disk(patch)
        assert main([arg.format(**fill) for arg in argv]) == 1
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "cannot write" in line]
    assert len(said) == 1, err
    assert said[0].startswith(f"kiosk: cannot write {what.format(**fill)} {FULL} with {flag}; "), said[0]
    assert not (tmp_path / "new").exists(), "no empty folder made for a file that was not written"
    assert "Traceback" not in err and "No space left" not in err


def test_install_on_a_full_disk_names_the_library_option_and_leaves_no_library(tmp_path, monkeypatch, capsys):
    bundle = tmp_path / "deck.zip"
    assert main(["pack", str(BUNDLED), "--out", str(bundle)]) == 0
    library = tmp_path / "new" / "library"
    real_open = open

    class FullFile:
        def __init__(self, handle):
            self._handle = handle

        def write(self, _data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            self._handle.close()

    monkeypatch.setattr("kiosk.bundle.open", lambda path, mode: FullFile(real_open(path, mode)), raising=False)
    assert main(["install", str(bundle), "--library", str(library)]) == 1
    err = capsys.readouterr().err
    assert err.endswith(f"kiosk: cannot write into the library {library} {FULL} with --library; nothing changed\n"), err
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("where, ending", [("--out", " with --out"), ("log_folder in settings.toml",
                                                                      " (log_folder in settings.toml)"), (None, "")])
def test_the_fix_names_the_option_or_setting_that_chose_the_place(where, ending):
    meaning, fix = outputs.advice(OSError(errno.ENOSPC, "No space left on device"), where)
    assert meaning == "the disk is full"
    assert fix == "free some disk space, or choose a place on another disk" + ending


@settings(max_examples=40, deadline=None)
@given(code=st.sampled_from(sorted(errno.errorcode)), flag=st.from_regex(r"--[a-z][a-z-]{0,12}", fullmatch=True))
def test_any_write_fault_is_one_line_ending_with_the_option(code, flag):
    line = outputs.write_problem(OSError(code, os.strerror(code), "/x/y"), "the file /x/y", flag)
    assert "\n" not in line and line.startswith("cannot write the file /x/y (") and line.endswith(f" with {flag}")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(["a", "b", "c d", "é"]), min_size=1, max_size=4),
       keep=st.integers(min_value=-1, max_value=3))
def test_folders_made_for_a_failed_write_are_removed_unless_they_hold_something(tmp_path, parts, keep):
    base = tmp_path / f"t{len(list(tmp_path.iterdir()))}"
    base.mkdir()
    target = base.joinpath(*parts)
    made = outputs.make_missing(target)
    assert target.is_dir() and made[-1] == target and made[0] == base / parts[0]
    held = None
    if 0 <= keep < len(made):
        held = made[keep] / "kept.txt"
        held.write_text("x")
    outputs.remove_empty(made)
    kept = made[:keep + 1] if held is not None else []  # the folder holding a file, and those above it
    assert [folder for folder in made if folder.exists()] == kept
    assert held is None or held.read_text() == "x"


def test_a_look_at_an_output_leaves_no_folder_behind(tmp_path):
    assert outputs.file_problem(tmp_path / "a" / "b" / "x.pdf", "the poster", "--out") is None
    assert outputs.folder_problem(tmp_path / "c" / "d", "the pictures", "--out") is None
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- a file, a folder, nothing
def test_a_file_a_folder_a_device_and_nothing_are_told_apart(tmp_path):
    (tmp_path / "f").write_text("x")
    assert wrong_kind(tmp_path / "f") == f"{tmp_path / 'f'} is a file, not a folder"
    assert wrong_kind(tmp_path, "file") == f"{tmp_path} is a folder, not a file"
    assert wrong_kind(tmp_path / "none") == f"no such folder: {tmp_path / 'none'}"
    assert wrong_kind(tmp_path / "none", "file") == f"no such file: {tmp_path / 'none'}"
    assert wrong_kind(tmp_path) is None and wrong_kind(tmp_path / "f", "file") is None
    if os.path.exists("/dev/null"):
        assert wrong_kind("/dev/null") == "/dev/null is a device, not a folder"


def test_decks_and_fleet_say_a_file_is_not_a_folder(tmp_path, capsys):
    given = tmp_path / "passwd"
    given.write_text("root:x:0:0\n")
    assert main(["decks", "--library", str(given)]) == 1
    assert capsys.readouterr().err == f"kiosk: {given} is a file, not a folder\n"
    assert main(["fleet", str(given)]) == 1
    assert capsys.readouterr().err.startswith(f"kiosk: {given} is a file, not a folder; give the status folder")
    assert main(["fleet", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err.startswith(f"kiosk: no such folder: {tmp_path / 'none'}; ")


def test_a_missing_or_wrong_key_is_named_as_such(tmp_path, capsys):
    for key, said in ((tmp_path / "none.key", f"no such key file: {tmp_path / 'none.key'}"),
                      (tmp_path, f"the key {tmp_path} is a folder, not a file")):
        assert main(["publish", str(BUNDLED), "--key", str(key), "--to", str(tmp_path / "pub")]) == 1
        err = capsys.readouterr().err
        assert said in err and "No such file" not in err and "Is a directory" not in err
        assert re.search(r"nothing was published\n$", err)


def test_an_output_a_setting_names_is_said_with_that_setting(tmp_path):
    from kiosk.fleet.status import Tracker

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    said = Tracker("k1", blocker / "status", blocker / "kiosk.prom").write("deck", 1, 5.0, True)
    assert said == (f"cannot write the status record into {blocker / 'status'} (a file is in the way where a folder "
                    "should be) — choose a path whose folders are folders (status_folder in settings.toml); "
                    f"cannot write the metrics file {blocker / 'kiosk.prom'} (a file is in the way where a folder "
                    "should be) — choose a path whose folders are folders (metrics_file in settings.toml)")


def test_a_file_in_the_way_of_a_folder_is_said_so_not_file_exists(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["update", "--source", str(tmp_path), "--library", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write the deck library {blocker} (a file is in the way where a folder should be)" in err
    assert "File exists" not in err


def test_a_pipe_closed_by_its_reader_is_said_as_such():
    meaning, fix = outputs.advice(OSError(errno.EPIPE, os.strerror(errno.EPIPE), "/dev/stdout"), "--log-json")
    assert meaning == "the program reading it through a pipe stopped reading"
    assert fix == "keep the program that reads it running for as long as the kiosk plays, or give a file with --log-json"


# -- the system's names of the kiosk's own streams: said once, as what they are ----------------------

#: The system's names of standard output and error, and the stream each names.
STREAM_NAMES = {"/dev/stdout": "standard output", "/dev/stderr": "standard error",
                "/proc/self/fd/1": "standard output", "/dev/fd/1": "standard output", "/dev/fd/2": "standard error"}
#: The settings naming an output, and whether each is a folder.
OUTPUT_SETTINGS = {"stats_file": False, "metrics_file": False, "log_folder": True, "status_folder": True}


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc")
@pytest.mark.parametrize("setting", sorted(OUTPUT_SETTINGS))
@pytest.mark.parametrize("name", sorted(STREAM_NAMES))
def test_a_setting_naming_a_stream_says_once_what_it_is(tmp_path, monkeypatch, setting, name):
    from kiosk import settings

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'{setting} = "{name}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    [problem] = settings.load().problems
    what = f"it is the kiosk's {STREAM_NAMES[name]} (a link to the terminal, pipe or file it writes to)"
    want = "a folder" if OUTPUT_SETTINGS[setting] else "a plain file"
    assert problem.message.startswith(f"'{setting}': {name} cannot be used: {what}, not {want}; using the default")
    assert "plain file, not" not in problem.message and "it is a file" not in problem.message


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc")
@pytest.mark.parametrize("name", sorted(STREAM_NAMES))
def test_a_flag_naming_a_stream_as_a_folder_says_what_it_is(name):
    said = outputs.folder_problem(Path(name), "the pictures", "--out")
    assert said == (f"cannot write the pictures into {name} (it is the kiosk's {STREAM_NAMES[name]} (a link to the "
                    "terminal, pipe or file it writes to), not a folder) — give a folder of your own, or the name "
                    "of a new one with --out")
    assert wrong_kind(name) == (f"{name} is the kiosk's {STREAM_NAMES[name]} (a link to the terminal, pipe or file "
                                "it writes to), not a folder")


@given(st.integers(min_value=0, max_value=2**20), st.sampled_from(["/dev/fd/{}", "/proc/self/fd/{}"]))
def test_any_name_of_an_open_file_of_the_kiosk_is_said_once_as_what_it_is(number, pattern):
    """Whatever the number, the name is said as one thing, with no reason twice ("not a plain
    file, not a plain file"), and the other names of /dev, /proc and elsewhere are not taken for one."""
    import stat

    from kiosk.userfile import stream_of, stream_words

    name = pattern.format(number)
    assert stream_of(name) == number and stream_of(name + "x") is None and stream_of(f"/dev/fdx/{number}") is None
    reason = outputs.NotRegular(name, stat.S_IFLNK).strerror
    assert reason == f"it is {stream_words(name)}, not a plain file"
    assert reason.count("not a plain file") == 1 and reason.count("the kiosk's") == 1


# ------------------------------------------------------------ nothing on the other side (ENXIO)
NO_TERMINAL = ("names this process's terminal, and the process has none, as when started by a service, cron, a CI job "
               "or ssh without -t — run the kiosk from a terminal, or give a file")


def without_terminal(*argv: str) -> subprocess.CompletedProcess:
    """``argv`` run in a session of its own with no terminal (as a service, cron or a CI job runs it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=120,
                          start_new_session=True, check=False)


def test_a_named_pipe_a_device_and_a_socket_with_nothing_behind_are_told_apart(tmp_path):
    fifo, sock = tmp_path / "events.fifo", tmp_path / "events.sock"
    os.mkfifo(fifo)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock))
        assert outputs.nobody_there(sock) == ("it is a socket, which cannot be opened as a file", "give a file")
        assert outputs.file_problem(sock, "the event log", "--log-json") == (
            f"the event log {sock} is a socket, which cannot be opened as a file — give a file")
    assert outputs.file_problem(fifo, "the event log", "--log-json") == (
        f"the event log {fifo} is a named pipe that nothing is reading — start the reader first, or give a file")
    assert outputs.nobody_there("/dev/null")[0] == "it is a device with nothing behind it (no such device is connected now)"
    failed = OSError(errno.ENXIO, os.strerror(errno.ENXIO), str(fifo))
    assert outputs.write_problem(failed, fifo, "--out") == (
        f"cannot write {fifo} (it is a named pipe that nothing is reading) — start the reader first, or give a file "
        "with --out")


@pytest.mark.skipif(not os.path.exists("/dev/tty"), reason="no /dev/tty on this system")
def test_the_terminal_of_a_process_that_has_none_is_said_so_for_every_output():
    check = ("import sys; from pathlib import Path; from kiosk import outputs; "
             "print(outputs.file_problem(Path('/dev/tty'), 'the event log', '--log-json'))")
    said = without_terminal(sys.executable, "-c", check)
    assert said.stdout == f"the event log /dev/tty {NO_TERMINAL}\n", said.stderr
    kiosk = str(Path(sys.executable).parent / "kiosk")
    ran = without_terminal(kiosk, "run", str(BUNDLED), "--headless", "--cycles", "1", "--always-open", "--log-json",
                           "/dev/tty")
    assert ran.returncode == 1 and ran.stderr.splitlines()[-1] == (
        f"kiosk: the event log /dev/tty {NO_TERMINAL}; nothing was played"), ran.stderr
    packed = without_terminal(kiosk, "pack", str(BUNDLED), "--out", "/dev/tty")
    assert packed.returncode == 1 and packed.stderr.splitlines()[-1] == (
        f"kiosk: the bundle /dev/tty {NO_TERMINAL}; nothing was packed"), packed.stderr
