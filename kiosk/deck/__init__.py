"""Deck folders: reading, the model, and checking. Plain Python; never imports Qt."""

from kiosk.deck.load import LoadResult, load_deck
from kiosk.deck.model import Deck
from kiosk.deck.problems import Problem, has_errors

__all__ = ["Deck", "LoadResult", "Problem", "has_errors", "load_deck"]
