"""``kiosk run --frames``: a frame for every slide and page of the loop, however busy the machine.

The loop is held from each slide change until that slide's frame has been saved, so a frame
that is slow to come (a busy machine) never lets the sped-up clock skip a slide. The test
makes the frames slow on purpose: each is grabbed long after the slide's dwell is over, and
every other grab blocks the event loop a while, as a loaded machine does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kiosk.deck import load_deck
from kiosk.player.navigator import loop_positions

DECK = """\
deck: {id: frames, title: Frames, dwell: 3}
slides:
  - {id: a, type: title, title: A}
  - {id: b, type: text, title: B, body: Text}
  - id: signs
    type: signs
    title: Spot the signs
    pages:
      - {id: p1, title: One, body: First}
      - {id: p2, title: Two, body: Second}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""

# Run the real command with the frame grab made slow: 200 ms of fitting wait (the slide's dwell
# is 3 ms of real time at --time-scale 1000), and every other grab blocking the event loop.
SLOW_FRAMES = """\
import sys, time
import kiosk.qt.offscreen as app  # kiosk run takes these from here when it saves frames

app.FIT_SETTLE_MS = 200
real_grab = app.grab
grabs = [0]

def slow_grab(window):
    grabs[0] += 1
    if grabs[0] % 2:
        time.sleep(0.15)  # a busy machine: the event loop is blocked while the clock runs on
    return real_grab(window)

app.grab = slow_grab
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_every_slide_and_page_gets_its_frame_when_frames_are_slow(tmp_path):
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    deck = load_deck(folder).deck
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    frames, events_file = tmp_path / "frames", tmp_path / "events.jsonl"
    proc = subprocess.run(
        [sys.executable, "-c", SLOW_FRAMES, "run", "--headless", "--cycles", "1", "--time-scale", "1000",
         "--frames", str(frames), "--log-json", str(events_file), str(folder)],
        capture_output=True, text=True, timeout=300, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in events_file.read_text().splitlines()]
    expected = [(deck.slides[p.slide].id, p.page) for p in loop_positions(deck)]
    shown = [(e["slide"], e["page"]) for e in events if e["event"] == "slide_shown"]
    assert shown == expected + [expected[0]], "no slide or page skipped"
    assert len(list(frames.glob("*.png"))) == len(expected)
    # Each slide's frame is saved before the loop moves on: shown, saved, shown, saved ...
    trace = [(e["event"], e["slide"], e["page"]) for e in events if e["event"] in ("slide_shown", "frame_saved")]
    pairs = list(zip(trace[0:-1:2], trace[1::2]))
    assert [(shown_, saved) for shown_, saved in pairs] == [
        (("slide_shown", slide, page), ("frame_saved", slide, page)) for slide, page in expected]


# A visitor at a kiosk saving frames: once the first slide's frame is saved, a touch and a tap on
# "help" show the helpline slide; the run then ends. The visitor's view is no frame.
VISITOR = """\
import sys
from PySide6.QtCore import QCoreApplication, QTimer
import kiosk.qt.player as player

class Visited(player.Backend):
    def frame_saved(self):
        super().frame_saved()
        if not getattr(self, "visited", False):
            self.visited = True
            QTimer.singleShot(100, self.visit)

    def visit(self):
        self.tap()
        self.goTo("help")
        QTimer.singleShot(1500, QCoreApplication.quit)

player.Backend = Visited
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_view_a_visitor_opens_is_never_saved_as_a_frame(tmp_path):
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK.replace("dwell: 3", "dwell: 30"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    frames, events_file = tmp_path / "frames", tmp_path / "events.jsonl"
    proc = subprocess.run(
        [sys.executable, "-c", VISITOR, "run", "--headless", "--frames", str(frames),
         "--log-json", str(events_file), str(folder)],
        capture_output=True, text=True, timeout=300, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert [p.name.split("-", 1)[1] for p in sorted(frames.glob("*.png"))] == ["a.png"]
    events = [json.loads(line) for line in events_file.read_text().splitlines()]
    assert [(e["event"], e.get("slide")) for e in events if e["event"] == "frame_saved"] == [("frame_saved", "a")]
