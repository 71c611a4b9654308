"""The hand-over of ``kiosk run``'s start-up to its drawing process (:mod:`kiosk.handover`): the
checked deck, the options and the start-up's state arrive whole, and the start's exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import BUNDLED, ROOT
from kiosk import command, handover, health, outputs, paths, start, stopsignals
from kiosk.deck import load_deck, plain
from kiosk.deck.result import LoadResult
from kiosk.diagnostics import STATUS
from kiosk.fleet.fetch import Outcome
from kiosk.fleet.status import Tracker
from kiosk.player.hours import OpeningHours
from kiosk.player.options import PlayOptions


@pytest.fixture
def fresh(monkeypatch):
    """This process's state as a drawing process starts: no problems kept, no folders taken."""
    health.clear()
    monkeypatch.setattr(paths, "_taken", {})
    monkeypatch.setattr(outputs, "_keep_playing", False)
    monkeypatch.setattr(handover, "_pipe", None)
    yield
    health.clear()


def _plain_bundled():
    return plain.decode(json.loads(json.dumps(plain.encode(load_deck(BUNDLED).deck))))


def _handed(result: LoadResult, options: PlayOptions) -> bytes:
    """What :func:`kiosk.handover.hand_over` writes to its pipe."""
    reading, writing = os.pipe()
    handover.listen(writing)
    assert handover.waiting()
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(handover.received(reading)))
    reader.start()  # the pipe holds less than a deck: read while it is written
    assert handover.hand_over(result, options) == command.EXIT_OK
    reader.join(30)
    assert not handover.waiting()
    return out[0]


def test_the_deck_and_the_options_arrive_whole(fresh):
    deck = _plain_bundled()
    result = LoadResult(BUNDLED, BUNDLED / "deck.yaml", deck, sha256="ab" * 32, content="cd" * 32,
                        codes={"tel:08000121700": ["1" * 21] * 21}, pictures=[["ef" * 32, "/x.png", 1, 2, 3]])
    options = PlayOptions(mode="headless", size=(1280, 800), cycles=2, time_scale=3.0,
                          at=dt.datetime(2027, 10, 18, 9, 30, tzinfo=dt.UTC), rotation=90, reduced_motion=True,
                          hours=OpeningHours.parse({"mon": ["09:00-17:00"]}, "Europe/London"),
                          hours_where="settings.toml:4", stats_file=Path("/var/k/stats.db"),
                          chosen_refused=["deck.yaml:3:1: error: x"], chosen_said=[(3, 1, "x", "y")],
                          content="cd" * 32, checked=([], "ab" * 32))
    health.report("settings.toml: a problem the staff must see", echo=False)
    data = _handed(result, options)
    health.clear()  # the drawing process starts with none

    handing = handover.taken(data)

    assert handing.deck == deck and handing.folder == BUNDLED
    assert handing.options == options
    assert handing.codes == result.codes and handing.pictures == result.pictures
    assert health.problems() == ["settings.toml: a problem the staff must see"]
    assert set(handing.folders) == set(paths.FOLDER_KINDS)
    assert paths.cache_dir() == Path(handing.folders["cache"])  # taken: platformdirs is not asked
    assert outputs._keep_playing  # a running kiosk never stops for its terminal


def test_a_problem_kept_already_is_not_kept_twice(fresh):
    STATUS.adopt(["one", "two"])
    STATUS.adopt(["two", "three"])
    assert health.problems() == ["one", "two", "three"]


def test_the_start_ups_held_signals_are_dropped_once_it_has_handed_over(fresh, monkeypatch):
    monkeypatch.setattr(stopsignals, "_held", ["SIGTERM"])
    monkeypatch.setattr(stopsignals, "_on_stop", None)
    result = LoadResult(BUNDLED, BUNDLED / "deck.yaml", _plain_bundled())
    _handed(result, PlayOptions(mode="headless"))
    stopsignals.check()  # raises nothing: the drawing process holds the same signal and acts on it


def test_a_start_up_whose_drawing_process_has_gone_says_so_in_one_line(fresh, capsys):
    reading, writing = os.pipe()
    os.close(reading)
    handover.listen(writing)
    result = LoadResult(BUNDLED, BUNDLED / "deck.yaml", _plain_bundled())
    assert handover.hand_over(result, PlayOptions(mode="headless")) == command.EXIT_INVALID
    err = capsys.readouterr().err
    assert err.startswith("kiosk: the kiosk's window process has gone (") and err.count("\n") == 1


def test_anything_but_a_hand_over_is_refused(fresh):
    with pytest.raises(TypeError, match="handed over a dict, not a Handover"):
        handover.taken(pickle.dumps((None, pickle.dumps({"deck": None}))))


def test_a_trackers_copy_has_its_own_lock_and_the_same_results():
    tracker = Tracker(kiosk_name="library-1", status_folder=Path("/srv/status"))
    tracker.note(Outcome(result="failed", message="no answer"), at=dt.datetime(2027, 1, 2, tzinfo=dt.UTC))
    copy = pickle.loads(pickle.dumps(tracker))
    assert copy._lock is not tracker._lock and not copy._lock.locked()
    assert {k: v for k, v in vars(copy).items() if k != "_lock"} == \
        {k: v for k, v in vars(tracker).items() if k != "_lock"}


@settings(max_examples=40, deadline=None)
@given(st.builds(PlayOptions, mode=st.sampled_from(["fullscreen", "windowed", "headless"]),
                 size=st.none() | st.tuples(st.integers(1, 8000), st.integers(1, 8000)),
                 cycles=st.none() | st.integers(1, 10 ** 6), time_scale=st.floats(0.001, 1000),
                 at=st.none() | st.datetimes(timezones=st.just(dt.UTC)),
                 screen=st.none() | st.integers(0, 8), rotation=st.sampled_from([0, 90, 180, 270]),
                 reduced_motion=st.booleans(), closed_note=st.text(max_size=200),
                 staff_idle_timeout=st.none() | st.floats(1, 3600), chosen_note=st.text(max_size=200),
                 chosen_refused=st.lists(st.text(max_size=80), max_size=5),
                 content=st.text(alphabet="0123456789abcdef", max_size=64)))
def test_any_options_arrive_as_they_were_given(options):
    data = pickle.dumps((None, pickle.dumps(handover.Handover(None, BUNDLED, options), protocol=5)))
    before = (list(STATUS.problems()), dict(paths._taken))
    try:
        assert handover.taken(data).options == options
    finally:
        STATUS.clear()
        STATUS.adopt(before[0])
        paths._taken.clear()
        paths._taken.update(before[1])


def test_the_zones_are_read_with_the_start_ups_search_path(tmp_path):
    """The opening hours' zone is unpickled with the zone path in force: ``zoneinfo`` never reads
    the build's configuration table (``_sysconfigdata``) in the drawing process."""
    script = f"""
import pickle, sys, zoneinfo
sys.path.insert(0, {str(ROOT)!r})
from kiosk.player.options import PlayOptions
from kiosk.player.hours import OpeningHours
from kiosk.handover import Handover
options = PlayOptions(hours=OpeningHours.parse({{"mon": ["09:00-17:00"]}}, "Europe/London"))
sys.stdout.buffer.write(pickle.dumps((list(zoneinfo.TZPATH), pickle.dumps(Handover(None, None, options)))))
"""
    data = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT).stdout
    (tmp_path / "handed").write_bytes(data)
    check = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from kiosk import handover, walltime
handing = handover.taken(open({str(tmp_path / "handed")!r}, "rb").read())
print(handing.options.hours.tz.key, bool(walltime.search_path()),
      any(name.startswith("_sysconfigdata") for name in sys.modules))
"""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONTZPATH"}
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert out.stdout.split() == ["Europe/London", "True", "False"], out.stderr


def _child(then) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            then()
        finally:
            os._exit(1)
    return pid


def test_the_start_ups_exit_code_is_the_commands(capsys):
    assert start._exit_code(_child(lambda: os._exit(0))) == command.EXIT_OK
    assert start._exit_code(_child(lambda: os._exit(1))) == command.EXIT_INVALID
    assert capsys.readouterr().err == ""


def test_a_start_up_ended_by_a_signal_is_said_in_one_line(capsys):
    code = start._exit_code(_child(lambda: os.kill(os.getpid(), signal.SIGKILL)))
    assert code == command.EXIT_INVALID
    assert capsys.readouterr().err == "kiosk: the kiosk's start-up was ended by SIGKILL; nothing was played\n"
