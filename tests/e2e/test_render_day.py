"""``kiosk render`` says which day it renders for: with ``--at``, the moment (in the deck's time
zone), whose day the Today and Tomorrow badges are judged by, as the player judges them by its
clock; without, every slide and event as on no day in particular, so no badge, and how to see one.
An archive rendered at a moment after its events shows them as past, without their sign-up codes."""

from __future__ import annotations

import zxingcpp
from PySide6.QtGui import QImage

from helpers import BUNDLED
from helpers.gui import to_gray
from helpers.qr import HELPLINE_PAYLOADS
from kiosk.cli import main


def decode(path) -> set[str]:
    """Payloads of the QR codes in a PNG, read dark-on-light only (as printed on the kiosk)."""
    return {code.text for code in zxingcpp.read_barcodes(to_gray(QImage(str(path))), try_invert=False)}

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
    assert "as on no day in particular (no Today or Tomorrow badge on events, none shown as past: each with its " \
           "sign-up code)" in out and "--at" in out
    assert main(["render", str(deck), "--out", str(tmp_path / "day"), "--size", "1280x800",
                 "--at", "2026-10-18 12:00"]) == 0
    out = capsys.readouterr().out
    assert "at 2026-10-18 12:00 (Europe/London)" in out and "badges as of that day" in out
    assert "each event ended by then as past, without its sign-up code" in out


def test_the_bundled_deck_rendered_in_2026_shows_its_2019_events_as_past(tmp_path, capsys):
    """The default deck (``archive: true``) on a day years after Freedom Week 2019: its events slide
    is there, with no sign-up code a phone can read (the helpline's codes stay on their slide);
    rendered as on no day in particular, the codes are there, as the deck has them."""
    assert main(["render", str(BUNDLED), "--out", str(tmp_path / "2026"), "--size", "1920x1080",
                 "--at", "2026-12-07 10:00"]) == 0
    assert "each event ended by then as past, without its sign-up code" in capsys.readouterr().out
    events = tmp_path / "2026" / "11-freedom-week-events.png"
    assert events.is_file() and decode(events) == set()
    assert decode(tmp_path / "2026" / "23-help.png") == HELPLINE_PAYLOADS
    assert main(["render", str(BUNDLED), "--out", str(tmp_path / "any"), "--size", "1920x1080"]) == 0
    assert "none shown as past" in capsys.readouterr().out
    assert decode(tmp_path / "any" / "11-freedom-week-events.png") == {"https://www.a21.org/", "https://nmsc.org.uk/"}
