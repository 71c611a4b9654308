"""Nothing leaks: the quick exit leaves the trace of an idle return, log files and crash reports
are private, no file is written through a planted symbolic link, and guessable PINs are refused."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from helpers.staff import corner, long_press, type_pin
from kiosk import cli, logs, outputs, pin
from kiosk.cli import main
from kiosk.events import EventLog

#: No staff-page problems or log handlers left over from another test.
pytestmark = pytest.mark.usefixtures("fresh_health")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask_022():
    """The usual umask (files 0644 unless the kiosk says otherwise), restored afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


# --------------------------------------------------------------------------- the quick exit
def visit_then_leave(player, quick_exit: bool) -> tuple[int, int, float]:
    """A visitor opens a signs page and then either presses the quick exit or simply stops touching. Returns (events so far, frames settled so far, last touch)."""
    player.clock.now = 5.0
    player.tap_background()
    player.click_and_settle("signs")
    player.clock.now = 8.0
    player.click_and_settle("tile-movement")
    last_touch = 8.0
    if quick_exit:
        player.clock.now = last_touch = 9.0
        player.click("quickExit")
        assert player.backend.neutral
    return len(player.heard()), len(player.settled), last_touch


def trace_after(player, events_before: int, settled_before: int, last_touch: float) -> list:
    """Let one idle timeout pass (and one dwell more); the events the counts were told, the event
    log's file, and the frames settled."""
    timeout = player.deck.deck.idle_timeout
    player.wake_at(last_touch + timeout - 0.5)  # early: nothing happens yet
    quiet = player.heard()[events_before:]
    player.wake_at(last_touch + timeout + 0.01)
    player.sync()
    player.wake_at(player.backend.navigator.next_deadline())  # the loop goes on
    player.sync()
    written = [{k: v for k, v in e.items() if k != "t"} for e in player.events()]
    return [quiet, player.heard()[events_before:], written, player.settled[settled_before:], player.view["id"],
            player.backend.navigator.cycles]


def test_the_quick_exit_leaves_the_same_trace_as_an_idle_return(make_player):
    """Same events, same fields and values (times aside), at the same moment after the last
    touch, and the same frames settled (what ``--frames`` saves)."""
    walked_away = make_player()
    left = trace_after(walked_away, *visit_then_leave(walked_away, quick_exit=False))
    pressed = make_player()
    exited = trace_after(pressed, *visit_then_leave(pressed, quick_exit=True))
    assert pressed.backend.quick_exits == 1 and not pressed.backend.neutral
    assert exited == left
    quiet, events, written, settled, first, _cycles = exited
    assert quiet == [], "nothing is told before the idle timeout has passed"
    assert [e["event"] for e in written] == ["deck_loaded", "slide_shown"], "nothing of the visit is written"
    assert [e["event"] for e in events[:2]] == ["idle_return", "slide_shown"]
    assert events[0] == {"event": "idle_return", "after": pressed.deck.deck.idle_timeout}
    assert events[1]["trigger"] == "idle" and events[1]["slide"] == pressed.deck.slides[0].id
    assert events[2]["event"] == "slide_shown" and events[2]["trigger"] == "auto" and first == events[2]["slide"]
    assert settled[0] == (pressed.deck.slides[0].id, ""), "the first slide's frame is settled at the return, not before"


def test_nothing_of_the_quick_exit_reaches_kiosk_log(make_player, tmp_path):
    """The message log gets no line for a quick exit (nor for an idle return)."""
    events = logs.start(tmp_path / "logs")
    player = make_player()
    visit_then_leave(player, quick_exit=True)
    player.wake_at(9.0 + player.deck.deck.idle_timeout + 0.01)
    events.close()
    logs.stop()
    text = (tmp_path / "logs" / "kiosk.log").read_text()
    assert "quick" not in text.lower() and "exit" not in text.lower() and "neutral" not in text.lower()


# --------------------------------------------------------------------------- private logs
def test_log_files_and_their_rotated_copies_are_private_whatever_the_umask(tmp_path, umask_022, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 1500)
    folder = tmp_path / "new" / "logs"
    events = logs.start(folder)
    for number in range(200):
        events.write("slide_shown", slide=f"s{number}")
        logs.logger.info("message %d", number)
    events.close()
    logs.stop()
    assert mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert {p.name for p in files} >= {"kiosk.log", "kiosk.log.1", "events.jsonl", "events.jsonl.5"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_wider_log_files_are_narrowed_at_start(tmp_path, umask_022):
    folder = tmp_path / "logs"
    folder.mkdir()
    for name in ("kiosk.log", "kiosk.log.1", "events.jsonl", "events.jsonl.3", "notes.txt"):
        (folder / name).write_text("old\n")
        os.chmod(folder / name, 0o644)
    logs.start(folder).close()
    logs.stop()
    assert {p.name: mode(p) for p in folder.iterdir()} == {
        "kiosk.log": 0o600, "kiosk.log.1": 0o600, "events.jsonl": 0o600, "events.jsonl.3": 0o600,
        "notes.txt": 0o644}  # not a log: not the kiosk's to change
    assert mode(folder) == 0o755, "a folder the user made is left as it is"


def test_a_run_under_umask_022_leaves_only_private_logs(tmp_path):
    """The real command: log folder, --log-json file (made before, too wide) and their modes."""
    log_folder, events = tmp_path / "logs", tmp_path / "own" / "events.jsonl"
    events.parent.mkdir()
    events.write_text("")
    os.chmod(events, 0o664)
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--log-folder", str(log_folder), "--log-json", str(events), str(BUNDLED)],
                          capture_output=True, text=True, timeout=120, preexec_fn=lambda: os.umask(0o022))
    assert proc.returncode == 0, proc.stderr
    assert mode(log_folder) == 0o700
    assert mode(log_folder / "kiosk.log") == 0o600 and mode(events) == 0o600
    assert '"event": "stopped"' in events.read_text()


@pytest.fixture
def shared(tmp_path) -> Path:
    """A folder anyone may write, like /tmp (mode 1777)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    return folder


def test_no_log_file_is_written_through_a_link_planted_in_a_shared_folder(tmp_path, shared, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    folder = shared
    for name in ("kiosk.log", "events.jsonl"):
        (folder / name).symlink_to(victim)
    events = logs.start(folder)
    events.write("started", mode="headless")
    logs.logger.warning("a message")
    events.close()
    logs.stop()
    assert victim.read_text() == "precious\n"
    assert capsys.readouterr().err.count("cannot write the log") == 2


def test_log_json_through_a_link_in_a_shared_folder_is_refused_before_starting(tmp_path, shared, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (shared / "events.jsonl").symlink_to(victim)
    assert main(["run", "--headless", "--log-json", str(shared / "events.jsonl"), str(BUNDLED)]) == 1
    assert "is a symbolic link, which the kiosk never writes through" in capsys.readouterr().err
    assert victim.read_text() == "precious\n"


def test_a_link_is_refused_even_in_a_folder_only_its_owner_can_write(tmp_path):
    """Every link is refused; only the system's own names (/dev/stdout) are written through."""
    own = tmp_path / "own"
    own.mkdir(mode=0o755)
    target = tmp_path / "elsewhere.jsonl"
    (own / "events.jsonl").symlink_to(target)
    assert "symbolic link" in outputs.file_problem(own / "events.jsonl", "the event log", "--log-json")
    with pytest.raises(OSError):
        EventLog(own / "events.jsonl")
    assert not target.exists()
    assert outputs.file_problem(Path("/dev/stdout"), "the event log", "--log-json") is None


def test_a_named_pipe_nobody_reads_is_refused_at_once(tmp_path):
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    assert "named pipe that nothing is reading" in outputs.file_problem(fifo, "the event log", "--log-json")


# --------------------------------------------------------------------------- crash reports
@pytest.fixture
def crashing(monkeypatch, tmp_path):
    """``kiosk schema`` made to fail unexpectedly; the state folder and the shared temporary
    folder both under ``tmp_path``. Returns (state folder, shared temporary folder)."""
    def boom(_args):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(cli, "cmd_schema", boom)
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "kiosk", shared


def test_a_crash_report_never_follows_a_link_planted_in_the_shared_temporary_folder(crashing, tmp_path, capsys,
                                                                                   umask_022):
    state, shared = crashing
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (shared / "kiosk-crash.txt").symlink_to(victim)  # the old fixed name
    assert main(["schema"]) == cli.EXIT_CRASH
    assert victim.read_text() == "precious\n"
    assert os.path.islink(shared / "kiosk-crash.txt") and sorted(os.listdir(shared)) == ["kiosk-crash.txt"]
    [report] = state.glob("crash-*.txt")
    assert "RuntimeError: something unexpected" in report.read_text()
    assert mode(state) == 0o700 and mode(report) == 0o600
    err = capsys.readouterr().err
    assert str(report) in err and "Traceback" not in err


def test_each_crash_gets_its_own_report_and_old_ones_are_pruned(tmp_path, umask_022):
    folder = tmp_path / "state"
    reports = [outputs.write_crash_report(f"crash {n}\n", folder) for n in range(outputs.CRASH_REPORTS_KEPT + 5)]
    assert len(set(reports)) == len(reports)
    kept = sorted(folder.glob("crash-*.txt"))
    assert len(kept) == outputs.CRASH_REPORTS_KEPT
    assert reports[-1] in kept


def test_without_a_state_folder_the_crash_goes_to_stderr(crashing, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # the state folder cannot be made
    assert main(["schema"]) == cli.EXIT_CRASH
    err = capsys.readouterr().err
    assert "no crash report could be written (Not a directory)" in err
    assert "RuntimeError: something unexpected" in err
    assert os.listdir(crashing[1]) == []


def test_nothing_in_the_package_writes_a_fixed_name_in_the_temporary_folder():
    """The kind: no ``gettempdir``, ``/tmp`` or ``tempfile`` call without ``dir=`` in the package."""
    import re

    package = Path(cli.__file__).parent
    offenders = []
    for source in package.rglob("*.py"):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#")[0].replace("/tmp/.X11-unix", "")  # the X server's sockets: only connected to
            if "gettempdir" in code or '"/tmp' in code or "'/tmp" in code or (
                    re.search(r"tempfile\.(mkstemp|mkdtemp|NamedTemporaryFile|TemporaryFile)\(", code)
                    and "dir=" not in code):
                offenders.append(f"{source.relative_to(package)}:{number}: {line.strip()}")
    assert offenders == []


# --------------------------------------------------------------------------- outputs that cannot be written
@pytest.fixture
def blocker(tmp_path) -> Path:
    """A regular file: a path under it can never be made, even by root."""
    path = tmp_path / "a-file"
    path.write_text("not a folder")
    return path


def test_log_json_that_cannot_be_written_stops_before_playing(blocker):
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1",
                           "--log-json", str(blocker / "events.jsonl"), str(BUNDLED)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert (f"kiosk: cannot write the event log {blocker / 'events.jsonl'} ({IN_THE_WAY}) — choose a path whose "
            "folders are folders with --log-json; nothing was played") in proc.stderr
    assert "Traceback" not in proc.stderr and "unexpected" not in proc.stderr


#: What every command says of a path under a file (``ENOTDIR``, :func:`kiosk.outputs.advice`).
IN_THE_WAY = "a file is in the way where a folder should be"
FIX = "choose a path whose folders are folders"


@pytest.mark.parametrize("argv, message", [
    (["run", "--headless", "--frames", "{b}/frames", str(BUNDLED)],
     f"cannot write the frames into {{b}}/frames ({IN_THE_WAY}) — {FIX} with --frames; nothing was played"),
    (["render", str(BUNDLED), "--out", "{b}/out"],
     f"cannot write the pictures into {{b}}/out ({IN_THE_WAY}) — {FIX} with --out; nothing was rendered"),
    (["pack", str(BUNDLED), "--out", "{b}/deck.zip"],
     f"cannot write the bundle {{b}}/deck.zip ({IN_THE_WAY}) — {FIX} with --out; nothing was packed"),
    (["schema", "--out", "{b}/schema.json"],
     f"cannot write the schema {{b}}/schema.json ({IN_THE_WAY}) — {FIX} with --out; nothing was written"),
    (["set-pin", "--stdin"], f"cannot write the PIN file {{b}} ({IN_THE_WAY}) — {FIX}; nothing changed"),
    (["key", "new", "--out", "{b}/keys"],
     f"cannot write the key into {{b}}/keys ({IN_THE_WAY}) — {FIX} with --out; nothing was made"),
])
def test_every_output_that_cannot_be_written_is_a_message_and_exit_1(argv, message, blocker, monkeypatch, capsys):
    monkeypatch.setenv(pin.CONFIG_ENV, str(blocker / "config"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("48291376\n"))
    assert main([arg.format(b=blocker) for arg in argv]) == 1
    err = capsys.readouterr().err
    assert message.format(b=blocker) in err and "unexpected" not in err


def test_install_into_a_library_that_cannot_be_written(blocker, tmp_path, capsys):
    assert main(["pack", str(BUNDLED), "--out", str(tmp_path / "deck.zip")]) == 0
    assert main(["install", str(tmp_path / "deck.zip"), "--library", str(blocker / "library")]) == 1
    err = capsys.readouterr().err
    assert (f"cannot write into the library {blocker / 'library'} ({IN_THE_WAY}) — {FIX} with --library; "
            "nothing changed") in err
    assert "unexpected" not in err


def test_a_device_that_takes_no_writes_as_the_event_log_is_refused_and_left_alone():
    """/dev/full fails every write with ENOSPC, and is a device, which the kiosk never writes: refused
    before anything is played, and never narrowed."""
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--log-json", "/dev/full", str(BUNDLED)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "cannot write the event log /dev/full (it is a device, which the kiosk never writes)" in proc.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode) and mode(Path("/dev/full")) == 0o666, "a device is left alone"


def first_frame_names(count: int) -> list[str]:
    """The names the first ``count`` frames may have, whichever slides they show."""
    from kiosk.deck import load_deck
    from kiosk.qt.offscreen import frame_name

    deck = load_deck(BUNDLED).deck
    return [frame_name(n, slide.id, "") for n in range(1, count + 1) for slide in deck.slides]


def test_frames_that_cannot_be_saved_are_said_once_and_the_kiosk_plays_on(tmp_path):
    """A folder in the way of the first three frames' files fails those writes, as a full disk would."""
    frames = tmp_path / "frames"
    for name in first_frame_names(3):
        (frames / name).mkdir(parents=True)
    events = tmp_path / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--cycles", "1", "--time-scale", "200",
                           "--frames", str(frames), "--log-json", str(events), str(BUNDLED)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("cannot write the frame") == 1 and "the kiosk keeps playing without saving frames" \
        in proc.stderr
    log = events.read_text()
    assert log.count('"kind": "frames"') == 1 and '"event": "stopped"' in log
    assert '"frames": 0' in log.splitlines()[-1]  # the stopped event counts the frames really written
    assert not any(p.is_file() for p in frames.iterdir()), "saving stopped at the first frame not written"
    assert "no frame was written: saving frames stopped at" in proc.stdout and "frames written" not in proc.stdout


def test_render_into_a_picture_that_cannot_be_written(tmp_path, capsys):
    out = tmp_path / "out"
    (out / first_frame_names(1)[0]).mkdir(parents=True)  # render starts with the first slide
    assert main(["render", str(BUNDLED), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {out / first_frame_names(1)[0]}" in err and "the rendering is incomplete" in err


def test_an_event_log_in_a_new_folder_is_made_private(tmp_path, umask_022):
    log = EventLog(tmp_path / "new" / "events.jsonl")
    log.write("started")
    log.close()
    assert mode(tmp_path / "new" / "events.jsonl") == 0o600


# --------------------------------------------------------------------------- PINs anyone would try
WEAK = ["1234", "0000", "1111", "4321", "0123", "9876", "7890", "8901", "2468", "8642", "1357",
        "1212", "6969", "1313", "1010", "1122", "112233", "123123", "2580", "0852", "1004", "0007",
        "2000", "2001", "1984", "2024", "1999", "123456", "654321", "000000", "999999", "159753",
        "696969", "8675309", "12345678", "123456789012", "121212121212", "730519", "2718281828"]
FINE = ["4821", "482913", "77031", "90210774", "8068", "2512", "0107", "3141", "5093", "731519",
        "2718821828"]


@pytest.mark.parametrize("value", WEAK)
def test_pins_anyone_would_try_first_are_refused(value):
    assert pin.pin_problem(value) is None, "the right shape"
    assert pin.weak_pin_reason(value)
    assert "among the first PINs anyone would try" in pin.new_pin_problem(value)
    with pytest.raises(ValueError):
        pin.save_pin(value, Path("/nonexistent/never-written"))


@pytest.mark.parametrize("value", FINE)
def test_other_pins_are_accepted(value):
    assert pin.weak_pin_reason(value) is None and pin.new_pin_problem(value) is None


def test_the_blocklist_leaves_almost_every_pin_free():
    refused = sum(1 for n in range(10_000) if pin.weak_pin_reason(f"{n:04d}"))
    assert 450 <= refused <= 600  # about 5 % of four-digit PINs


@given(st.integers(0, 9), st.integers(pin.MIN_DIGITS, pin.MAX_DIGITS), st.integers(0, 9),
       st.sampled_from([1, -1, 2, -2]))
@settings(max_examples=200, deadline=None)
def test_every_repeat_and_every_run_is_refused(digit, length, start, step):
    assert pin.weak_pin_reason(str(digit) * length)
    run = "".join(str((start + step * i) % 10) for i in range(length))
    assert pin.weak_pin_reason(run), run


@given(st.text(max_size=20))
@settings(max_examples=200, deadline=None)
def test_checking_a_new_pin_never_raises(text):
    problem = pin.new_pin_problem(text)
    assert problem is None or isinstance(problem, str)


@pytest.mark.parametrize("value, reason", [("1234", "a run of digits"), ("0000", "one digit repeated"),
                                           ("1111", "one digit repeated"), ("2580", "one of the most common PINs")])
def test_set_pin_refuses_a_guessable_pin_with_a_clear_message(value, reason, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path))
    monkeypatch.setattr(sys, "stdin", io.StringIO(value + "\n"))
    assert main(["set-pin", "--stdin"]) == 1
    err = capsys.readouterr().err
    assert f"that PIN is {reason}, among the first PINs anyone would try" in err and "nothing changed" in err
    assert value not in err
    assert not (tmp_path / "pin").exists()


def test_set_pin_leaves_no_temporary_file_and_follows_no_link(tmp_path, monkeypatch, umask_022):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    config = tmp_path / "config"
    config.mkdir()
    (config / "pin.tmp").symlink_to(victim)  # the old fixed temporary name
    monkeypatch.setenv(pin.CONFIG_ENV, str(config))
    path = pin.save_pin("48291376")
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in config.iterdir()) == ["pin", "pin.tmp"]
    assert mode(path) == 0o600


def test_a_guessable_pin_set_earlier_still_opens_the_menu_and_asks_for_a_new_one(start, config):
    """Staff are never locked out by the new rule; the menu tells them to change the PIN."""
    config.mkdir(parents=True)
    (config / "pin").write_text(pin.hash_pin("1234") + "\n")
    player = start()
    long_press(player, corner(player))
    type_pin(player, "1234")
    assert player.staff.state == "menu"
    assert player.staff.result.startswith("This PIN is a run of digits") and "kiosk set-pin" in player.staff.result
    player.sync()
    assert player.staff.result in player.texts()
    assert "1234" not in player.log_path.read_text()
