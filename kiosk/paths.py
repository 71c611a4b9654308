"""Where the kiosk's own files are: bundled assets and decks (in a checkout or an installed
wheel), and the state folder its crash reports go to."""

from __future__ import annotations

from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent


def _first(*candidates: Path) -> Path:
    return next((c for c in candidates if c.is_dir()), candidates[0])


def assets() -> Path:
    """The ``assets/`` folder (fonts, images, icons)."""
    return _first(_PACKAGE.parent / "assets", _PACKAGE / "assets")


def decks() -> Path:
    """The folder of bundled decks (``slides/`` in a checkout)."""
    return _first(_PACKAGE.parent / "slides", _PACKAGE / "decks")


#: The deck played when none is named.
DEFAULT_DECK_ID = "freedom-week-2019"


def default_deck() -> Path:
    """The bundled Norfolk Freedom Week deck's folder."""
    return decks() / DEFAULT_DECK_ID


def state_dir() -> Path:
    """The kiosk's own state folder, for crash reports: ``platformdirs.user_state_path("kiosk")``
    (``$XDG_STATE_HOME/kiosk``, by default ``~/.local/state/kiosk`` on Linux; ``%LOCALAPPDATA%\\kiosk\\kiosk``
    on Windows). Private to the kiosk's user (see :mod:`kiosk.outputs`); never the shared
    temporary folder."""
    return platformdirs.user_state_path("kiosk")
