"""End to end: the real ``kiosk run`` following its schedule (``--at``) and its deck folder (hot swap)."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from helpers.process import environment, kiosk, read_events, wait_for_event

DECK = """\
deck:
  id: parish
  title: {title}
  dwell: 3
  archive: false
slides:
  - {{id: welcome, type: title, title: {title}}}
  - {{id: saturdays, type: title, title: Saturday coffee, weekdays: [sat]}}
  - {{id: mornings, type: text, title: Drop-in, body: Come in and talk., times: ["09:00-12:00"]}}
  - id: whats-on
    type: events
    events:
      - {{title: Walk, date: 2026-10-19, start: "08:00", end: "09:00"}}
      - {{title: Talk, date: 2026-10-19, start: "19:00", end: "21:00"}}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def test_run_at_a_moment_plays_only_what_is_due(tmp_path):
    folder = tmp_path / "parish"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK.format(title="Parish"), encoding="utf-8")
    log = tmp_path / "events.jsonl"
    proc = subprocess.run(kiosk("run", str(folder), "--headless", "--cycles", "1", "--time-scale", "40",
                                "--at", "2026-10-19 09:30", "--log-json", str(log)),
                          capture_output=True, text=True, timeout=120, env=environment())
    assert proc.returncode == 0, proc.stderr
    shown = [e["slide"] for e in read_events(log) if e["event"] == "slide_shown"]
    # Monday 19 October 2026, 09:30 BST: no Saturday slide; the morning drop-in is on; the walk
    # has ended but the evening talk has not, so the events slide stays.
    assert shown[:5] == ["welcome", "mornings", "whats-on", "help", "welcome"]
    assert "saturdays" not in shown
    bad = subprocess.run(kiosk("run", str(folder), "--headless", "--at", "next monday"),
                         capture_output=True, text=True, timeout=60, env=environment())
    assert bad.returncode == 1 and "like \"2026-10-19 09:30\"" in bad.stderr and "Traceback" not in bad.stderr


def test_running_kiosk_reloads_good_versions_and_keeps_playing_through_bad_ones(tmp_path):
    folder = tmp_path / "parish"
    folder.mkdir()
    deck_file = folder / "deck.yaml"
    deck_file.write_text(DECK.format(title="Parish"), encoding="utf-8")
    log = tmp_path / "events.jsonl"
    proc = subprocess.Popen(kiosk("run", str(folder), "--headless", "--time-scale", "6", "--log-json", str(log)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment())
    try:
        wait_for_event(log, "first_frame")
        # An editor's atomic save.
        temporary = folder / "deck.yaml.tmp"
        temporary.write_text(DECK.format(title="Parish news"), encoding="utf-8")
        os.replace(temporary, deck_file)
        reloaded = wait_for_event(log, "deck_reloaded")
        assert reloaded[0]["deck"] == "parish"
        # A mistake: never shown, reported, and the loop goes on.
        deck_file.write_text(DECK.format(title="Parish").replace("type: text", "type: txet"), encoding="utf-8")
        rejected = wait_for_event(log, "deck_rejected")
        assert "unknown slide type 'txet'" in rejected[0]["problems"][0]
        before = len([e for e in read_events(log) if e["event"] == "slide_shown"])
        deadline = time.monotonic() + 30
        while len([e for e in read_events(log) if e["event"] == "slide_shown"]) < before + 2:
            assert time.monotonic() < deadline, "the loop stopped after a broken deck"
            time.sleep(0.05)
        assert len(wait_for_event(log, "deck_reloaded")) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "unknown slide type 'txet'" in err and "still playing the last good version" in err
    assert "Traceback" not in err
    assert read_events(log)[-1]["event"] == "stopped"


def test_render_at_a_moment_draws_only_what_is_due(tmp_path):
    folder = tmp_path / "parish"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK.format(title="Parish"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(kiosk("render", str(folder), "--size", "1280x800", "--at", "2026-10-24 19:30",
                                "--out", str(out)), capture_output=True, text=True, timeout=120, env=environment())
    assert proc.returncode == 0, proc.stderr
    # Saturday 24 October 2026, 19:30 BST: the Saturday slide is on, the morning drop-in is not,
    # and both events of the 19th have ended, so the events slide is left out.
    assert sorted(p.name for p in out.iterdir()) == ["01-welcome.png", "02-saturdays.png", "03-help.png",
                                                      "contact-sheet.pdf", "contact-sheet.png", "measures.txt"]


def test_a_broken_deck_in_the_settings_plays_once_fixed(tmp_path):
    """``deck`` in settings.toml has errors: the bundled deck plays, and the chosen one once fixed."""
    folder = tmp_path / "parish"
    folder.mkdir()
    deck_file = folder / "deck.yaml"
    deck_file.write_text(DECK.format(title="Parish").replace("type: text", "type: txet"), encoding="utf-8")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text(f'deck = "{folder}"\n', encoding="utf-8")
    log = tmp_path / "events.jsonl"
    env = {**environment(), "KIOSK_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.Popen(kiosk("run", "--headless", "--time-scale", "6", "--log-json", str(log)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert wait_for_event(log, "started")[0]["deck"] == "freedom-week-2019"
        [rejected] = wait_for_event(log, "deck_rejected")  # the version there at the start
        assert rejected["file"] == str(deck_file) and "unknown slide type 'txet'" in rejected["problems"][0]
        deck_file.write_text(DECK.format(title="Parish"), encoding="utf-8")
        [recovered] = wait_for_event(log, "deck_recovered")
        assert recovered["deck"] == "parish" and recovered["folder"] == str(folder)
        assert wait_for_event(log, "deck_reloaded")[0]["folder"] == str(folder)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "playing the bundled deck instead until they are fixed" in err and "has no errors now" in err
