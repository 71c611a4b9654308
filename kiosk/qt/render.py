"""``kiosk render``: a PNG of every slide and page, and the contact sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk import outputs
from kiosk.deck.model import Deck
from kiosk.player.navigator import Position, all_positions, due_positions
from kiosk.player.views import localise
from kiosk.qt.measure import EXPLAINED, measure, table
from kiosk.qt.offscreen import OffscreenPlayer, _save, frame_name
from kiosk.qt.sheet import contact_sheet


def render(deck: Deck, folder: Path, out: Path, size: tuple[int, int], lang: str | None = None,
           progress=None, at: dt.datetime | None = None,
           positions: list[Position] | None = None) -> tuple[list[Path], list[str], list[tuple[int, str, str]]]:
    """Write a PNG of every slide and page, ``contact-sheet.png`` and ``measures.txt`` into ``out``.

    ``measures.txt`` gives, for each slide and page, how much of the screen it uses and the
    size of its smallest text and of its headline (:mod:`kiosk.qt.measure`).

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
        RuntimeError: when the QML player window cannot be created (:class:`OffscreenPlayer`).
    """
    from kiosk.qt.sheet import caption_of

    outputs.output_folder(out)
    files: list[Path] = []
    titles: list[str] = []
    rows = []
    if positions is None:
        positions = due_positions(deck, at) if at else all_positions(deck)
    with OffscreenPlayer(deck, folder, size, lang) as player:
        for number, position in enumerate(positions, start=1):
            player.show(position, at)
            image = player.grab()
            view = player.view
            if player.overflowing():
                player.backend.overflows.append(view["id"] + (f"/{view['page']}" if view["page"] else ""))
            path = out / frame_name(number, view["id"], view["page"])
            rows.append((path.stem, player.size, measure(player.content)))
            _save(image, path)
            files.append(path)
            titles.append(f"{number}. {caption_of(view)}")
            if progress:
                progress(number, len(positions))
    (out / "measures.txt").write_text(EXPLAINED + "\n" + table(rows), encoding="utf-8")
    sheet = out / "contact-sheet.png"
    _save(contact_sheet(files, titles, localise(deck.deck.title, lang or "", deck.deck.languages[0]), size), sheet)
    files.append(sheet)
    backend = player.backend
    return files, list(dict.fromkeys(backend.overflows)), list(dict.fromkeys(backend.undrawn))


__all__ = ["render"]
