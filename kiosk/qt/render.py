"""``kiosk render``: a PNG of every slide and page, and the contact sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtQuick import QQuickWindow

from kiosk import outputs
from kiosk.deck.model import Deck
from kiosk.events import EventLog
from kiosk.player.navigator import Position, all_positions, due_positions
from kiosk.player.views import localise
from kiosk.qt.backend import Backend, ScaledClock
from kiosk.qt.offscreen import _overflowing, _save, frame_name, grab, show_settled
from kiosk.qt.sheet import contact_sheet
from kiosk.qt.startup import _application, _engine, load_fonts


def render(deck: Deck, folder: Path, out: Path, size: tuple[int, int], lang: str | None = None,
           progress=None, at: dt.datetime | None = None,
           positions: list[Position] | None = None) -> tuple[list[Path], list[str], list[tuple[int, str, str]]]:
    """Write a PNG of every slide and page, and ``contact-sheet.png``, into ``out``.

    Args:
        deck: a deck with no errors.
        folder: its folder.
        out: the folder to write to (created if needed).
        size: (width, height) in pixels.
        lang: language code to render in (default: the deck's first).
        progress: called with (done, total) after each frame, or ``None``.
        at: render the deck as it is at this moment (aware): only the slides and events due
            then. ``None`` renders every slide and event.
        positions: only these slides and pages (default: all of them, see :func:`all_positions`).

    Returns:
        The PNG files written (the contact sheet last); the ids of views whose text did not
        fit even at the smallest readable size (``slide`` or ``slide/page``); and the pictures
        that could not be drawn (a placeholder with the alt text was drawn instead), as
        (slide index, picture name, why), see :attr:`Backend.undrawn`.

    Raises:
        OSError: when ``out`` or a picture in it cannot be written.
    """
    from kiosk.qt.sheet import caption_of

    _application(True)  # the QGuiApplication the engine and the scene graph need
    outputs.make_folders(out)
    log = EventLog(None)
    backend = Backend(deck, folder, log, ScaledClock(1.0), transition_ms=0)
    backend.stop()
    if lang:
        backend.set_language(lang)
    engine = _engine(backend, load_fonts())
    window: QQuickWindow = engine.rootObjects()[0]
    window.resize(*size)
    window.show()
    files: list[Path] = []
    titles: list[str] = []
    if positions is None:
        positions = due_positions(deck, at) if at else all_positions(deck)
    for number, position in enumerate(positions, start=1):
        show_settled(backend, position, window, at)
        image = grab(window)
        view = backend.view
        if _overflowing(window.contentItem()):
            backend.overflows.append(view["id"] + (f"/{view['page']}" if view["page"] else ""))
        path = out / frame_name(number, view["id"], view["page"])
        _save(image, path)
        files.append(path)
        titles.append(f"{number}. {caption_of(view)}")
        if progress:
            progress(number, len(positions))
    backend.stop()
    sheet = out / "contact-sheet.png"
    _save(contact_sheet(files, titles, localise(deck.deck.title, lang or "", deck.deck.languages[0]), size), sheet)
    files.append(sheet)
    window.close()
    del engine
    return files, list(dict.fromkeys(backend.overflows)), list(dict.fromkeys(backend.undrawn))


__all__ = ["render"]
