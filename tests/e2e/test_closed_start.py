"""``kiosk run`` started outside the opening hours says so once, in plain words: the settings
file and line the hours come from, when they open next, and ``--always-open``. A headless run
with ``--cycles`` or ``--frames`` then ends at once (exit 1, nothing played) instead of waiting,
silent, for opening time; an endless run stays black and waits, as a kiosk does every night
(README, *Closed at the start*)."""

from __future__ import annotations

import signal
import subprocess

from helpers import BUNDLED
from helpers.process import environment, kiosk, read_events, wait_for_event

# Open on Mondays from 09:00 to 09:01 only; 2026-10-19 is a Monday, in the deck's Europe/London.
SETTINGS = '[opening_hours]\nmon = ["09:00-09:01"]\n'


def closed_environment(tmp_path, settings: str = SETTINGS) -> dict[str, str]:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(settings, encoding="utf-8")
    return {**environment(), "KIOSK_CONFIG_DIR": str(config)}


def said_closed(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kiosk: closed ")]


def test_a_headless_run_with_cycles_and_frames_at_a_closed_time_says_why_and_ends_at_once(tmp_path):
    env = closed_environment(tmp_path)
    frames, events = tmp_path / "frames", tmp_path / "events.jsonl"
    done = subprocess.run(kiosk("run", "--headless", "--cycles", "1", "--frames", str(frames), "--log-json",
                                str(events), "--at", "2026-10-19 03:00", str(BUNDLED)),
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    [line] = said_closed(done.stderr)
    settings = tmp_path / "config" / "settings.toml"
    assert line == (f"kiosk: closed at the --at time by the opening hours in {settings}:1 (Monday 19 October "
                    "2026, 03:00 Europe/London time); it opens later today at 09:00; a headless run with --cycles "
                    "or --frames does not wait for it: nothing was played. To play anyway, add --always-open, or "
                    "choose an --at time when it is open.")
    assert "Traceback" not in done.stderr
    assert not frames.exists() and not events.exists(), "nothing was played"


def test_a_headless_run_with_cycles_started_now_while_closed_ends_at_once(tmp_path):
    env = closed_environment(tmp_path, "[opening_hours]\n")  # the table with no day: closed every day
    done = subprocess.run(kiosk("run", "--headless", "--cycles", "1", str(BUNDLED)),
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    [line] = said_closed(done.stderr)
    assert line.startswith(f"kiosk: closed now by the opening hours in {tmp_path / 'config' / 'settings.toml'}:1 (")
    assert "it opens on no day of the week" in line and line.endswith("To play anyway, add --always-open.")


def test_always_open_plays_the_cycles_asked_for_at_a_closed_time(tmp_path):
    env = closed_environment(tmp_path)
    events = tmp_path / "events.jsonl"
    done = subprocess.run(kiosk("run", "--headless", "--cycles", "1", "--time-scale", "1000", "--always-open",
                                "--log-json", str(events), "--at", "2026-10-19 03:00", str(BUNDLED)),
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert said_closed(done.stderr) == []
    assert [e["cycles"] for e in read_events(events) if e["event"] == "cycle"] == [1]


def test_an_endless_headless_run_started_while_closed_says_so_once_and_waits_for_opening(tmp_path):
    env = closed_environment(tmp_path)
    events, errors = tmp_path / "events.jsonl", tmp_path / "stderr.txt"
    with errors.open("w", encoding="utf-8") as stderr:
        proc = subprocess.Popen(kiosk("run", "--headless", "--log-json", str(events), "--at", "2026-10-19 03:00",
                                      str(BUNDLED)), stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        try:
            wait_for_event(events, "closed", timeout=120)
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=60)
    assert code == 0
    [line] = said_closed(errors.read_text(encoding="utf-8"))
    assert line.endswith("it opens later today at 09:00; nothing plays until then. To play anyway, add "
                         "--always-open, or choose an --at time when it is open.")
    assert [e["reason"] for e in read_events(events) if e["event"] == "stopped"] == ["signal SIGTERM"]


# Two slides of an hour each: one minute of the --at clock (the hours close at 09:01) passes long
# before the first slide's dwell at any --time-scale.
LONG_DECK = """\
deck: {id: long, title: Long, dwell: 3600}
slides:
  - {id: a, type: title, title: A}
  - {id: b, type: title, title: B}
"""


def test_a_headless_run_with_cycles_stops_with_a_message_when_the_hours_close_during_it(tmp_path, write_deck):
    env = closed_environment(tmp_path)
    folder = write_deck(LONG_DECK)
    frames, events = tmp_path / "frames", tmp_path / "events.jsonl"
    done = subprocess.run(kiosk("run", "--headless", "--cycles", "1", "--time-scale", "100", "--frames", str(frames),
                                "--log-json", str(events), "--at", "2026-10-19 09:00", str(folder)),
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1, done.stderr
    [line] = said_closed(done.stderr)
    assert "(Monday 19 October 2026, 09:01 Europe/London time); it opens on Monday 26 October 2026 at 09:00" in line
    assert line.endswith("does not wait for it: it stops here, after 0 of 1 loop. To play anyway, add "
                         "--always-open, or choose an --at time when it is open.")
    kinds = [e["event"] for e in read_events(events)]
    assert kinds.index("closed") < kinds.index("stopped") and "cycle" not in kinds
    [stopped] = [e for e in read_events(events) if e["event"] == "stopped"]
    assert stopped["reason"].startswith("closed by the opening hours in ")
    assert "1 frame written to" in done.stdout  # the frames written before closing time stay


def test_closing_time_however_early_in_a_run_with_cycles_is_exit_1_and_the_frames_line_is_true(tmp_path, write_deck):
    """Closing time a minute of --at clock after the start, a thousand times faster: 60 ms, often
    before the first frame (then before Qt's event loop runs). Whenever it comes, the run ends
    with exit 1, and the line about frames says what is on disk. The decision is tested apart, in
    a fixed order, in tests/gui/test_closing_stop.py."""
    env = closed_environment(tmp_path)
    folder = write_deck(LONG_DECK)
    frames, events = tmp_path / "frames", tmp_path / "events.jsonl"
    done = subprocess.run(kiosk("run", "--headless", "--cycles", "300", "--time-scale", "1000", "--frames",
                                str(frames), "--log-json", str(events), "--at", "2026-10-19 09:00", str(folder)),
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1, done.stderr
    [line] = said_closed(done.stderr)
    assert line.endswith("does not wait for it: it stops here, after 0 of 300 loops. To play anyway, add "
                         "--always-open, or choose an --at time when it is open.")
    [stopped] = [e for e in read_events(events) if e["event"] == "stopped"]
    assert stopped["reason"].startswith("closed by the opening hours in ") and stopped["cycles"] == 0
    saved = sorted(frames.glob("*.png")) if frames.exists() else []
    assert stopped["frames"] == len(saved)
    [said] = [text for text in done.stdout.splitlines() if "frame" in text]
    if saved:
        assert said == f"kiosk: {len(saved)} frame{'s' if len(saved) > 1 else ''} written to {frames}"
    else:
        assert said == f"kiosk: no frame was written, so the folder {frames} was not made"
        assert not frames.exists()
