"""A deck of thousands of slides is checked in time that grows in step with its size: showing a
view outside the loop (``kiosk render``, the text-fit check) reads the loop once, not once per
view; the place in the loop ("4 of 10001") is the same either way. ``kiosk validate`` shows a
progress bar only on a terminal, and only when the check takes long; a loop of hours is a warning."""

from __future__ import annotations

import io
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import cli
from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.player import session as session_module
from kiosk.player.clock import Clock
from kiosk.player.navigator import Position, all_positions, loop_positions, place_in, slide_numbers
from kiosk.player.session import Session
from kiosk.progress import Progress


def _deck_text(slides: int, dwell: int = 10) -> str:
    lines = [f"deck: {{id: big, title: Big, languages: [en], dwell: {dwell}}}", "slides:"]
    lines += [f"  - {{id: s{i}, type: title, title: Slide {i}}}" for i in range(1, slides + 1)]
    lines.append("  - {id: help, type: helpline, phone: '08000 121 700'}")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 30), st.sampled_from([None, "p1", "p2"])), max_size=40),
       st.integers(-1, 31))
def test_slide_numbers_count_as_place_in_always_did(loop, slide):
    positions = [Position(index, page) for index, page in loop]
    slides = list(dict.fromkeys(p.slide for p in positions))  # the definition: slides in loop order, from 1
    wanted = (slides.index(slide) + 1 if slide in slides else 0, len(slides))
    assert place_in(positions, Position(slide)) == wanted
    numbers = slide_numbers(positions)
    assert (numbers.get(slide, 0), len(numbers)) == wanted


def test_showing_every_view_reads_the_loop_once(write_deck, monkeypatch):
    result = load_deck(write_deck(_deck_text(300)))
    assert result.ok
    session = Session(result.deck, result.folder, EventLog(None), Clock(1.0))
    reads = []
    real = session_module.loop_positions
    monkeypatch.setattr(session_module, "loop_positions", lambda deck: reads.append(1) or real(deck))
    places = []
    for position in all_positions(result.deck):
        session.display(position, None)
        places.append((session.place()["number"], session.place()["count"]))
    assert len(reads) == 1, "once for all the views, not once per view"
    assert places == [(n, 301) for n in range(1, 302)]
    assert places[3] == (4, 301) and len(loop_positions(result.deck)) == 301


def test_the_validate_bar_waits_until_the_check_looks_long():
    now = [0.0]
    stream = io.StringIO()
    bar = Progress(100, stream, tty=True, only_if_long=2.0, clock=lambda: now[0])
    stage = bar.stage("checking fit", 0)
    now[0] = 1.0
    stage(50, 100)  # a second in: too soon to say anything
    now[0] = 2.5
    stage(95, 100)  # long enough, but only a moment left: still nothing
    assert stream.getvalue() == ""
    bar = Progress(100, stream, tty=True, only_if_long=2.0, clock=lambda: now[0])
    stage = bar.stage("checking fit", 0)
    now[0] += 2.0
    stage(10, 100)  # 2 s for a tenth: 18 s to come
    stage(11, 100)
    assert stream.getvalue().count("\r") == 2 and "11/100" in stream.getvalue()
    bar.finish(clear=True)
    assert stream.getvalue().endswith("\r") and "\n" not in stream.getvalue(), "rubbed out, no line left"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_validate_bar_is_only_for_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert cli._validate_bar(1000) is None, "output to a file or pipe: no bar"
    monkeypatch.setattr(sys, "stdout", _Terminal())
    bar = cli._validate_bar(1000)
    assert bar is not None and bar.stream is sys.stderr and bar.tty


def test_a_loop_of_hours_is_a_warning_naming_slides_and_hours(write_deck, capsys):
    folder = write_deck(_deck_text(1000, dwell=12))
    assert cli.main(["validate", "--no-fit", "--no-cache", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    warned = [line for line in lines if "one round of the loop" in line]
    assert len(warned) == 1 and ":3:3: warning: " in warned[0]
    assert "about 3 hours (1,001 slides at their dwell times)" in warned[0]
    assert "valid, 1001 slides (1 warning" in lines[-1]  # without Qt, a note says the pictures were not read
    assert cli.main(["validate", "--no-fit", "--no-cache", str(write_deck(_deck_text(500, dwell=12)))]) == 0
    assert "one round of the loop" not in capsys.readouterr().out, "100 minutes: no warning"
