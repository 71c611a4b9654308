"""``kiosk render`` says which day it renders for: with ``--at``, the moment (in the deck's time
zone), whose day the Today and Tomorrow badges are judged by, as the player judges them by its
clock; without, every slide and event as on no day in particular, so no badge, and how to see one."""

from __future__ import annotations

from kiosk.cli import main

DECK = """\
deck: {id: d, title: D, languages: [en], archive: true}
slides:
  - id: week
    type: events
    title: What's on
    events:
      - {title: Walk, date: 2026-10-19, start: "10:00", end: "12:00", place: City Hall}
"""


def test_render_says_which_day_its_badges_are_for(tmp_path, capsys):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_text(DECK, encoding="utf-8")
    assert main(["render", str(deck), "--out", str(tmp_path / "all"), "--size", "1280x800"]) == 0
    out = capsys.readouterr().out
    assert "as on no day in particular (no Today or Tomorrow badge on events)" in out and "--at" in out
    assert main(["render", str(deck), "--out", str(tmp_path / "day"), "--size", "1280x800",
                 "--at", "2026-10-18 12:00"]) == 0
    out = capsys.readouterr().out
    assert "at 2026-10-18 12:00 (Europe/London)" in out and "badges as of that day" in out
