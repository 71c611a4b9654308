"""Pictures the kiosk makes for QML (pictograms in a colour, QR codes) as files QML loads at once.

A QML ``Image`` loads a ``file:`` address before the slide is drawn, but a ``data:`` address on a
reading thread, later: a slide would be drawn, and cross-faded in, without its pictograms and
QR codes, which then pop in (and a frame grabbed for ``--frames`` could miss them). So each
picture is written once to a private folder of this process (:func:`folder`: a new folder only
its user may read, in ``$XDG_RUNTIME_DIR`` or the system's temporary folder, removed at exit),
named by a digest of its bytes, and QML is given its ``file:`` address. Should the folder not be
writable, the ``data:`` address is given instead: the picture still shows, a moment later.
"""

from __future__ import annotations

import atexit
import base64
import logging
import os
import shutil
from pathlib import Path

from PySide6.QtCore import QUrl

from kiosk import scratch
from kiosk.digests import blake2b
from kiosk.outputs import write_whole

_log = logging.getLogger(__name__)
_folder: Path | None = None
_failed = False


def folder() -> Path | None:
    """This process's picture folder (made on first use, mode 0700, removed at exit), or ``None``
    when it cannot be made (said once in the log)."""
    global _folder, _failed
    if _folder is None and not _failed:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        base = runtime if runtime and os.path.isdir(runtime) else None  # None: the system's (TMPDIR)
        try:
            made = scratch.make("kiosk-pictures-", base)  # and those of killed kiosks removed
        except OSError as exc:
            _failed = True
            _log.warning("pictures made for the slides are passed in memory (%s)", exc.strerror or exc)
            return None
        atexit.register(shutil.rmtree, made, True)
        _folder = made
    return _folder


def picture_url(data: bytes, suffix: str, mime: str) -> str:
    """The address QML should load ``data`` from: a ``file:`` address of a copy in
    :func:`folder` named by its digest and ``suffix`` (``".svg"``, ``".png"``), or a ``data:``
    address of type ``mime`` when the file cannot be written."""
    where = folder()
    if where is not None:
        path = where / f"{blake2b(data, digest_size=16).hexdigest()}{suffix}"
        try:
            if not path.exists():
                write_whole(path, data)  # whole or not at all
            return QUrl.fromLocalFile(str(path)).toString()
        except OSError as exc:
            _log.warning("a picture for the slides is passed in memory (%s)", exc.strerror or exc)
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


__all__ = ["folder", "picture_url"]
