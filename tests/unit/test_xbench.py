"""The side-by-side benchmark's pure parts (bench/xprobe.py, bench/xbench.py), without X or psutil.

Synthetic frames stand for screenshots: 4 bytes a pixel (BGRX), as Xvfb's ZPixmap at depth 24.
"""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import xbench  # noqa: E402 - bench/xbench.py
import xprobe  # noqa: E402 - bench/xprobe.py

W, H = 64, 36


def frame(background=(0x19, 0x22, 0x38), text: int = 0, shade: int = 0) -> bytes:
    """A W x H frame of one colour, with ``text`` rows of anti-aliased-looking 'text' (grey ramps)."""
    b, g, r = background[2], background[1], background[0]
    pixels = bytearray(bytes((b, g, r, 0)) * (W * H))
    for row in range(text):
        for x in range(W):
            level = (x * 7 + row * 13 + shade) % 256
            i = ((row + 4) * W + x) * 4
            pixels[i:i + 4] = bytes((level, level, level, 0))
    return bytes(pixels)


def feed(tracker: xprobe.StillTracker, frames: list[tuple[float, bytes]]) -> list[tuple[float, str]]:
    found = []
    last = None
    for t, pixels in frames:
        key = xprobe.frame_key(pixels)
        uniform = xprobe.is_uniform(pixels)
        colours = None if key == last else (1 if uniform else xprobe.colour_count(pixels, stride=1))
        last = key
        what = tracker.feed(t, key, uniform, colours)
        if what:
            found.append((t, what))
    return found


def at(start: float, pictures: list[bytes], poll: float = 0.05) -> list[tuple[float, bytes]]:
    return [(round(start + i * poll, 3), p) for i, p in enumerate(pictures)]


def test_colours_and_uniform():
    assert xprobe.is_uniform(frame())
    assert xprobe.colour_count(frame()) == 1
    busy = frame(text=3)
    assert not xprobe.is_uniform(busy)
    assert xprobe.colour_count(busy, stride=1) > 8
    # The padding byte is not a colour.
    padded = bytearray(frame())
    padded[3::4] = b"\xff" * (W * H)
    assert xprobe.is_uniform(bytes(padded)) and xprobe.colour_count(bytes(padded)) == 1


def test_a_slide_that_fades_in_is_still_once_the_fade_ends():
    blank, empty_window = frame(), frame(background=(0x10, 0x10, 0x10))
    fading = [frame(text=4, shade=s) for s in (10, 20, 30, 40)]
    final = frame(text=6)
    frames = at(0.0, [blank] * 4 + [empty_window] * 3 + fading + [final] * 10)
    tracker = xprobe.StillTracker(hold=0.3, min_colours=8, blank=xprobe.frame_key(blank))
    found = feed(tracker, frames)
    assert tracker.pixels == 0.2          # the empty window: the screen has changed, with no content yet
    assert tracker.content == 0.35        # the first frame with text
    assert tracker.still == 0.55          # the first frame of the final picture, not the end of the hold
    assert [w for _, w in found] == ["pixels", "content", "still"]
    assert tracker.settled() == 0.55 and tracker.moved_after_still == 0


def test_a_half_drawn_picture_held_still_is_caught_by_settled():
    partial, complete = frame(text=3), frame(text=8)
    frames = at(1.0, [partial] * 8 + [complete] * 20)
    tracker = xprobe.StillTracker(hold=0.3)
    feed(tracker, frames)
    assert tracker.still == 1.0           # the 0.3 s rule alone takes the half-drawn picture...
    assert tracker.moved_after_still == 1
    assert tracker.settled() == 1.4       # ...watching on finds when the complete one appeared


def test_no_still_picture_while_the_screen_keeps_changing():
    frames = at(0.0, [frame(text=5, shade=s) for s in range(30)])
    tracker = xprobe.StillTracker(hold=0.3)
    feed(tracker, frames)
    assert tracker.content == 0.0 and tracker.still is None and tracker.settled() is None


def test_a_still_picture_needs_content_and_enough_grabs():
    tracker = xprobe.StillTracker(hold=0.3)
    feed(tracker, at(0.0, [frame(background=(9, 9, 9))] * 20))  # one flat colour: no content
    assert tracker.pixels is None and tracker.content is None and tracker.still is None  # no blank given
    tracker = xprobe.StillTracker(hold=0.3)
    feed(tracker, [(0.0, frame()), (0.1, frame(text=4)), (0.5, frame(text=4))])  # 0.4 s but 1 grab
    assert tracker.still is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 12)), min_size=1, max_size=12))
def test_still_is_the_start_of_the_first_long_enough_run(runs):
    """Property: for any series of pictures (0: the blank screen) each held for some grabs, ``still``
    is the first grab of the first run of one content picture lasting ``hold`` and ``min_grabs``
    more grabs. Times in whole grabs, so that no rounding enters."""
    series, expected, start, previous = [], None, 0, None
    for k, n in runs:
        picture = frame(text=2 + k) if k else frame()
        if picture != previous:
            start = len(series)
        series += [(len(series) + i, picture) for i in range(n)]
        previous = picture
        if expected is None and k and len(series) - 1 - start >= 6:
            expected = start
    tracker = xprobe.StillTracker(hold=6, min_grabs=5)
    feed(tracker, series)
    assert tracker.still == expected


def test_png_of_a_frame():
    pixels = bytearray(frame())
    pixels[0:4] = bytes((0x30, 0x20, 0x10, 0))  # B, G, R, pad
    image = Image.open(io.BytesIO(xprobe.png_bytes(bytes(pixels), W, H)))
    assert image.size == (W, H) and image.mode == "RGB"
    assert image.getpixel((0, 0)) == (0x10, 0x20, 0x30)
    assert image.getpixel((5, 30)) == (0x19, 0x22, 0x38)


def test_raw_frame_to_png(tmp_path):
    pixels = frame(text=2)
    xprobe.write_raw(str(tmp_path / "f.raw"), pixels, W, H, W * 4)
    xprobe.raw_to_png(str(tmp_path / "f.raw"), str(tmp_path / "f.png"))
    image = Image.open(tmp_path / "f.png")
    assert image.size == (W, H) and image.getpixel((3, 4)) == (21, 21, 21)  # row 4, x 3: level 21
    (tmp_path / "bad.raw").write_bytes(b"not a frame")
    with pytest.raises(ValueError):
        xprobe.raw_to_png(str(tmp_path / "bad.raw"), str(tmp_path / "bad.png"))


def test_probe_lines():
    assert xbench.parse_probe_line("PIXELS 101.25", 100.0) == ("PIXELS", {"pixels_s": 1.25})
    assert xbench.parse_probe_line("CONTENT 101.5 42", 100.0) == ("CONTENT", {"content_s": 1.5, "colours": 42})
    assert xbench.parse_probe_line("STILL 102.0", 100.0) == ("STILL", {"still_s": 2.0})
    assert xbench.parse_probe_line("SETTLED 102.4 1", 100.0) == ("SETTLED", {"settled_s": 2.4, "moved": 1, "small_changes": 0})
    assert xbench.parse_probe_line("SETTLED - 0", 100.0) == ("SETTLED", {"settled_s": None, "moved": 0, "small_changes": 0})
    assert xbench.parse_probe_line("SETTLED 102.4 0 7", 100.0) == (
        "SETTLED", {"settled_s": 2.4, "moved": 0, "small_changes": 7})
    assert xbench.parse_probe_line("TIMEOUT", 100.0) == ("TIMEOUT", {})
    for junk in ("", "STILL", "STILL soon", "HELLO 1"):
        assert xbench.parse_probe_line(junk, 100.0) is None


def test_fades_counted_in_the_window():
    bare = "fade 10.5\nfade 14.5\nfade 18.5\nfade 22.5\n"
    assert xbench.count_fades(bare, [], 12.0, 22.0) == 2
    events = [{"event": "slide_shown", "t": t} for t in (3.0, 15.0, 19.0)] + [{"event": "first_frame", "t": 16.0}]
    assert xbench.count_fades("", events, 12.0, 22.0) == 2
    assert xbench.count_fades("Chromium says things\n", [], 0.0, 30.0) is None


def run(case: str, **figures) -> dict:
    return {"case": case, "run": "1", "error": None, **figures}


def test_table_goals():
    results = [
        run("kiosk-static", pixels_s=1.3, still_s=1.5, settled_s=1.8, pss_mib=120.0, cpu_pct=0.0),
        run("kiosk-static", pixels_s=1.1, still_s=1.4, settled_s=1.6, pss_mib=130.0, cpu_pct=0.1),
        run("kiosk-static", error="RuntimeError: no content", pixels_s=9.0),
        run("bare-idle-static", pixels_s=0.3, still_s=0.3, settled_s=0.3, pss_mib=60.0, cpu_pct=0.0),
        run("kiosk-loop", cpu_pct=2.0, fade_max_ms=18.0),
        run("bare-fade-loop", cpu_pct=1.5, still_s=0.4, pss_mib=61.0, fade_max_ms=21.0),
        run("chromium-static", pixels_s=1.6, still_s=1.7, settled_s=1.7, pss_mib=390.0, cpu_pct=0.5),
    ]
    summary = xbench.summarise(results)
    assert summary["kiosk-static"]["runs"] == 3 and summary["kiosk-static"]["ok"] == 2
    assert summary["kiosk-static"]["pixels_s"] == pytest.approx(1.2)  # the failed run is left out
    text = xbench.table(summary, {"cold_s": [5.0, 4.0, 6.0], "edited_s": [1.5], "cached_s": [0.2]}, {"kiosk": 40.0, "bare": 20.0})
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in text.splitlines()[2:]}
    assert len(text.splitlines()) == 12
    still = rows["Launch to first slide complete and still, s"]
    assert still[1:5] == ["1.70", "0.30", "0.40", "1.70"] and still[-1].startswith("MISS")
    assert rows["Memory: PSS of the process tree 5 s after content, MiB"][-1].startswith("MISS")
    loop = rows["CPU while the loop plays, % of one core"]
    assert loop[1:5] == ["2.00", "–", "1.50", "n/a"] and loop[-1].startswith("MISS")  # 2.0 > 1.2 x 1.5
    assert rows["CPU on a static slide, % of one core"][-1].startswith("PASS")  # median 0.05
    frames = rows["Longest frame in a cross-fade, ms (loop runs)"]
    assert frames[1:5] == ["18.0", "–", "21.0", "–"] and frames[-1].startswith("PASS")  # 18 <= 21
    assert rows["`kiosk validate` bundled deck with fit check, cold (empty cache), s"][-1].startswith("MISS")
    assert rows["`kiosk validate` after editing one slide, s"][-1].startswith("PASS")
    assert rows["`kiosk validate` again, deck unchanged (cached), s"][-1].startswith("PASS")


FRAMES = """\
frame 9.000000 3.00
fade 10.000000
frame 10.020000 12.50
frame 10.036000 2.00
end 10.130000
frame 10.150000 6.00
fade 14.000000
frame 14.010000 1.00
end 14.140000
frame 14.200000 30.00
fade 18.000000
frame 18.016000 1.00
"""


def test_frame_times_read_per_fade_with_the_frame_after_its_end():
    fades = xbench.fade_frames(FRAMES)
    assert [f["t"] for f in fades] == [10.0, 14.0], "a fade without its end (cut off) is left out"
    assert fades[0]["gaps_ms"] == pytest.approx([20.0, 16.0, 114.0])  # start to first frame, then frame to frame
    assert fades[0]["work_ms"] == [12.5, 2.0, 6.0]
    assert [f["t"] for f in xbench.fade_frames(FRAMES, 12.0, 20.0)] == [14.0], "only fades started in the window"
    figures = xbench.frame_figures(fades)
    assert figures["fade_max_ms"] == pytest.approx(190.0) and figures["fade_work_ms"] == 30.0
    assert figures["fade_frames"] == 2.5
    assert xbench.frame_figures([])["fade_max_ms"] is None


@given(st.text(alphabet="fademinrt 0123456789.\n", max_size=200))
@settings(max_examples=200, deadline=None)
def test_frame_times_of_any_file_never_crash(text):
    for fade in xbench.fade_frames(text):
        assert len(fade["gaps_ms"]) == len(fade["work_ms"]) >= 1


def test_table_with_nothing_measured_says_na():
    text = xbench.table({}, {}, {})
    results = [line.rsplit(" | ", 1)[1].strip(" |") for line in text.splitlines()[2:]]
    assert set(results) <= {"n/a", "info"}


def test_loop_commands_change_slide_at_one_pace():
    cmds = xbench.commands(3.0, fade_ms=400, dwell_ms=12000)
    assert cmds["kiosk-loop"][-2:] == ["--time-scale", "3"]
    assert "--time-scale" not in cmds["kiosk-static"]
    bare = cmds["bare-fade-loop"]
    assert bare[bare.index("--interval-ms") + 1] == "4000" and bare[bare.index("--fade-ms") + 1] == "133"
    assert cmds["chromium-loop"][-1].endswith("deck.html?interval=4000&fade=133")
    assert cmds["chromium-static"][-1].endswith("deck.html?interval=0&fade=400")
    assert "--interval-ms" not in cmds["bare-idle-static"]


def test_a_small_indicator_stepping_is_not_the_picture_changing():
    import numpy as np

    width, height = 1920, 1080
    frame = np.zeros((height, width), dtype=np.uint32)
    frame[100:160, 200:1400] = 0xFFFFFF  # a line of text
    before = frame.tobytes()
    bar = frame.copy()
    bar[1032:1038, 1839:1856] = 0xFFD166  # a loop bar's end steps: 17 x 6 px
    assert xprobe.small_change(before, bar.tobytes(), width, height, width * 4)
    line = frame.copy()
    line[300:360, 200:900] = 0xFFFFFF  # another line of text appears
    assert not xprobe.small_change(before, line.tobytes(), width, height, width * 4)
    apart = frame.copy()
    apart[0, 0] = apart[-1, -1] = 0x010101  # two specks far apart: their box is the screen
    assert not xprobe.small_change(before, apart.tobytes(), width, height, width * 4)
    assert not xprobe.small_change(before, before, width, height, width * 4)
    padding = frame.copy()
    padding[:] |= 0xFF000000  # the unused fourth byte is not the picture
    assert not xprobe.small_change(before, padding.tobytes(), width, height, width * 4)
