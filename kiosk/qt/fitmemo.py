"""Text sizes found before: a view's text columns start from the sizes they found last time.

A text column (``parts/FitColumn.qml``) searches for the largest size at which its text fits its
box: 5 to 7 layouts of its text for most slides, each a few milliseconds with the software
renderer (more in the drawing process, whose FreeType glyph cache is off:
:func:`kiosk.qt.startup.cache_large_glyphs`). The loop makes the same views again and again, so
the drawing process keeps the size each column found (its grid size, 0 to 256) under a digest of
everything its layout depends on: the view as shown (its texts in the language on show, its
pictures' names), the deck's theme, the language, the text scale and the slide area's size in
pixels. When the view is made again its columns are given those sizes as ``hints``: a right hint
costs 2 layouts (that size fits, the next does not), a wrong one only adds the layouts it tried.
The size found is the same with or without hints (FitColumn.qml), so the memo can only save work,
never change what is drawn.

The memo is kept in the check cache (:func:`kiosk.checkcache.store_table`, kind :data:`KIND`,
under the kiosk's own identity, so a new kiosk version starts afresh), so the first loop after a
restart costs what the later ones cost. Nothing in it is about a person: sizes of text columns,
by digests of views.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from kiosk import digests

#: The check cache's table of the sizes found (:func:`kiosk.checkcache.lookup_table`).
KIND = "fits"
#: The grid sizes a column can find (FitColumn.qml: 0 is its smallest size, 256 its largest).
GRID = range(0, 257)
#: Most text columns in one view: a view with more gets no memo (nothing a deck makes comes near).
MAX_COLUMNS = 64
#: Most views kept, the most recently noted: a deck of 40 views in 10 languages at two text sizes
#: is 800; a kiosk whose deck changes every day forgets the oldest versions' views.
MAX_ENTRIES = 2000


class FitMemo:
    """The grid size each text column of each view found, by digest (:meth:`key`).

    Plain Python: :class:`kiosk.qt.backend.Backend` asks it for hints as a slide is made, tells
    it the sizes found as the slide goes, and has it saved a little after a change
    (:meth:`save`). ``stored=False`` keeps it in memory only (tests, a kiosk with no cache folder).
    """

    def __init__(self, *, stored: bool = True) -> None:
        self._stored = stored
        self._entries: dict[str, list[int]] = {}
        self.dirty = False
        if stored:
            from kiosk import checkcache

            try:
                found = checkcache.lookup_table(KIND)
            except (OSError, ValueError):
                found = {}
            kept = [(key, _grids(value)) for key, value in found.items()][-MAX_ENTRIES:]
            self._entries = {key: grids for key, grids in kept if grids is not None}

    @staticmethod
    def key(view: Mapping[str, Any], theme: Mapping[str, Any], language: str, scale: float,
            width: int, height: int) -> str:
        """The digest (64 hex digits, BLAKE2b-256) a view's sizes are kept under: of the view as
        shown (``Backend.view``: texts in the language on show), the deck's theme, ``language``,
        the text ``scale`` (1 usual, larger for larger text) and the slide area's ``width`` and
        ``height`` in pixels. Anything that cannot be written as JSON is written as its text."""
        text = json.dumps([dict(view), dict(theme), language, round(float(scale), 4), int(width), int(height)],
                          sort_keys=True, default=str, ensure_ascii=True)
        return digests.blake2b(text.encode(), digest_size=32).hexdigest()

    def hints(self, key: str) -> list[int]:
        """The grid size each text column (in item order) found for ``key``, or ``[]`` if unknown."""
        return list(self._entries.get(key, ()))

    def note(self, key: str, grids: Sequence[Any]) -> bool:
        """Keep ``grids`` (each column's grid size, in item order) for ``key``: only when each is a
        grid size (an int of :data:`GRID`; a column not fitted yet reports -1) and there are at
        most :data:`MAX_COLUMNS`. True when that changed the memo (it is then :attr:`dirty`)."""
        checked = _grids(grids)
        if checked is None or not checked or self._entries.get(key) == checked:
            return False
        self._entries.pop(key, None)  # the most recent last: the oldest go first
        self._entries[key] = checked
        while len(self._entries) > MAX_ENTRIES:
            del self._entries[next(iter(self._entries))]
        self.dirty = True
        return True

    def save(self) -> bool:
        """Write the memo to the check cache if it changed. True when written (or nothing to
        write); False when it could not be (a full disk, no cache folder: the kiosk plays on)."""
        if not self.dirty or not self._stored:
            return True
        from kiosk import checkcache

        try:
            written = checkcache.store_table(KIND, self._entries)
        except (OSError, ValueError, TypeError):
            written = False
        self.dirty = not written
        return written

    def __len__(self) -> int:
        return len(self._entries)


def _grids(value: Any) -> list[int] | None:
    """``value`` as a list of grid sizes, or ``None`` when it is not one (JSON from the cache,
    or what QML gave: whole numbers may come as floats)."""
    if not isinstance(value, (list, tuple)) or len(value) > MAX_COLUMNS:
        return None
    grids = []
    for item in value:
        if isinstance(item, float) and item.is_integer():  # NaN and infinities are not
            item = int(item)
        if isinstance(item, bool) or not isinstance(item, int) or item not in GRID:
            return None
        grids.append(item)
    return grids


__all__ = ["FitMemo", "GRID", "KIND", "MAX_COLUMNS", "MAX_ENTRIES"]
