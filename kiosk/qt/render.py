"""``kiosk render``: a PNG of every slide and page, and the contact sheet."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from kiosk import outputs, stopsignals
from kiosk.deck.model import Deck
from kiosk.player.navigator import Position, all_positions, due_positions
from kiosk.player.views import localise
from kiosk.qt.measure import EXPLAINED, measure, table
from kiosk.qt.offscreen import OffscreenPlayer, _save, frame_name
from kiosk.qt.sheet import Frame, contact_sheet


def render(deck: Deck, folder: Path, out: Path, size: tuple[int, int], lang: str | None = None,
           progress=None, at: dt.datetime | None = None,
           positions: list[Position] | None = None,
           sheet: bool = True) -> tuple[list[Path], list[str], list[tuple[int, str, str]]]:
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
        sheet: also write ``contact-sheet.png``, marking the frames whose text overflows at
            ``size``; ``kiosk render`` writes it itself after its fit check
            (:func:`write_contact_png`), so that it marks what the PDF marks.

    Returns:
        The PNG files written (the contact sheet last); the ids of views whose text did not
        fit even at the smallest readable size (``slide`` or ``slide/page``); and the pictures
        that could not be drawn (a placeholder with the alt text was drawn instead), as
        (slide index, picture name, why), see :attr:`Backend.undrawn`.

    Raises:
        OSError: when ``out`` or a picture in it cannot be written.
        RuntimeError: when the QML player window cannot be created (:class:`OffscreenPlayer`).
        kiosk.stopsignals.Stopped: a stop signal came (:func:`kiosk.stopsignals.check`, between
            two frames); it says how many were written.
    """
    from kiosk.deck.chars import printable
    from kiosk.qt.sheet import caption_of
    from kiosk.words import plural

    outputs.output_folder(out)
    files: list[Path] = []
    titles: list[str] = []
    overflowed: list[bool] = []
    rows = []
    if positions is None:
        positions = due_positions(deck, at) if at else all_positions(deck)
    with OffscreenPlayer(deck, folder, size, lang) as player:
        for number, position in enumerate(positions, start=1):
            try:
                stopsignals.check()  # between two frames, never while one is drawn
            except stopsignals.Stopped as stop:
                # A rendering that wrote nothing leaves no folder behind (outputs.folders_for): not named.
                stop.done = "no frame was written" if number == 1 else (
                    f"{number - 1} of {plural(len(positions), 'frame')} written to "
                    f"{printable(os.path.realpath(out))}; no contact sheet was made")
                raise
            player.show(position, at)
            image = player.grab()
            view = player.view
            overflowed.append(player.overflowing())
            if overflowed[-1]:
                player.backend.overflows.append(view["id"] + (f"/{view['page']}" if view["page"] else ""))
            path = out / frame_name(number, view["id"], view["page"])
            rows.append((path.stem, player.size, measure(player.content)))
            _save(image, path)
            files.append(path)
            titles.append(f"{number}. {caption_of(view)}")
            if progress:
                progress(number, len(positions))
    outputs.write_text_whole(out / "measures.txt", EXPLAINED + "\n" + table(rows))
    backend = player.backend
    if sheet:  # its frames marked where their text overflows at this size (kiosk render marks every size checked)
        frames = [Frame(path, title, (size,) if bad else ()) for path, title, bad in zip(files, titles, overflowed)]
        files.append(write_contact_png(out, localise(deck.deck.title, lang or "", deck.deck.languages[0]), frames, size))
    return files, list(dict.fromkeys(backend.overflows)), list(dict.fromkeys(backend.undrawn))


def write_contact_png(out: Path, heading: str, frames: list[Frame], size: tuple[int, int]) -> Path:
    """Write ``contact-sheet.png`` into ``out`` (:func:`kiosk.qt.sheet.contact_sheet`: the frames
    whose text does not fit marked in words and by a dashed frame); returns its path.

    Raises:
        OSError: when it cannot be written.
    """
    path = out / "contact-sheet.png"
    _save(contact_sheet(frames, heading, size), path)
    return path


#: The name of a slide's or page's picture (:func:`kiosk.qt.offscreen.frame_name`): ``05-signs.png``,
#: ``13-spot-the-signs--isolation.png``.
FRAME_NAME = re.compile(r"^\d{2,}-[a-z0-9][a-z0-9_-]*(?:--[a-z0-9][a-z0-9_-]*)?\.png$")


def earlier_pictures(out: Path, written: list[Path]) -> list[str]:
    """The slide pictures in ``out`` that this render did not write: an earlier render's, left beside
    the new ones (``05-s0.png`` beside ``05-signs.png``). They are never removed, being the user's
    files; :func:`kiosk.cli._render` says so.

    Args:
        out: the folder rendered into.
        written: the files this render wrote.

    Returns:
        Their names, sorted; ``[]`` when the folder cannot be listed.
    """
    ours = {path.name for path in written}
    try:
        names = [entry.name for entry in os.scandir(out) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return []
    return sorted(name for name in names if FRAME_NAME.match(name) and name not in ours)


def earlier_pictures_line(out: Path, names: list[str]) -> str:
    """One line saying ``out`` also holds ``names`` (see :func:`earlier_pictures`), naming two."""
    from kiosk.deck.chars import printable
    from kiosk.words import plural

    shown = ", ".join(printable(name) for name in names[:2]) + (" …" if len(names) > 2 else "")
    return (f"kiosk: warning: {printable(str(out))} also holds {plural(len(names), 'picture')} from an earlier "
            f"render ({shown}), not part of this one nor of its contact sheet: render into an empty folder, "
            "or remove them")


__all__ = ["earlier_pictures", "earlier_pictures_line", "render"]
