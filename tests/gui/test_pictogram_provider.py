"""The pictogram address QML asks for (``Player.iconSource``, kiosk.qt.icons.icon_source) against
names and colours no deck can produce (a hand-edited QML file, a hostile value): no picture, and a
log line that is short and never carries a control character."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from kiosk.deck.icons import SHOWN_NAME
from kiosk.qt.icons import icon_source


@pytest.mark.parametrize("name, colour", [
    ("../x", "#ffffff"), ("%70hone", "#ffffff"), ("phone?x=1", "#ffffff"), ("phone#a", "#ffffff"),
    ("PHONE", "#ffffff"), ("phone", "#fff"), ("phone", "#ffffffff"), ("phone", "\x1b[31m"), ("phone", "red"),
    ("x" * 100_000, "#ffffff"), ("a-" * 50_000 + "a", "#ffffff"), ("\u202ephone", "#ffffff"),
    ("no-such-pictogram", "#ff0000"), ("", "#ff0000"),
])
def test_a_name_that_is_not_a_bundled_pictogram_in_a_colour_has_no_picture_and_logs_short(caplog, name, colour):
    with caplog.at_level(logging.WARNING, logger="kiosk.qt.icons"):
        assert icon_source(name, colour) == ""
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.qt.icons"]
    assert lines and all(len(line) < 2 * SHOWN_NAME + 80 for line in lines)
    assert not any(ch in line for line in lines for ch in "\x1b\u202e")


def test_a_bundled_pictogram_is_its_drawing_in_the_colour_asked_for():
    source = icon_source("phone", "#ff0000")
    assert source.startswith("file:") and source.endswith(".svg")
    drawing = Path(QUrl(source).toLocalFile()).read_bytes()
    assert b"#ff0000" in drawing and b"currentColor" not in drawing

