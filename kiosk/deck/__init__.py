"""Deck folders: reading, the model, and checking. Plain Python; never imports Qt.

The names below are loaded on first use (PEP 562), so importing a light module of the package
(``kiosk.deck.problems``, ``kiosk.deck.chars``) does not load the reader and its pydantic model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.deck.load import load_deck
    from kiosk.deck.model import Deck
    from kiosk.deck.problems import Problem, has_errors
    from kiosk.deck.result import LoadResult

#: Where each name of the package is defined.
_HOMES = {"LoadResult": "kiosk.deck.result", "load_deck": "kiosk.deck.load", "Deck": "kiosk.deck.model",
          "Problem": "kiosk.deck.problems", "has_errors": "kiosk.deck.problems"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Deck", "LoadResult", "Problem", "has_errors", "load_deck"]
