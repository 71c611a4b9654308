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

It also keeps what the controls measured (``parts/Widest.qml``: the room the widest label of a
control takes in every language of the deck and at every text size, :meth:`FitMemo.widths`), so a
start after the first lays no label out in a language or a font that is not on screen.

The memo is kept in the check cache (:func:`kiosk.checkcache.store_table`, kinds :data:`KIND` and
:data:`WIDTHS_KIND`,
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
#: The check cache's table of the labels' rooms measured (:meth:`FitMemo.widths`).
WIDTHS_KIND = "widths"
#: Most label measures kept: a few controls per deck, screen and text scale.
MAX_WIDTHS = 200
#: Largest room a label may take, in pixels (a measure above it is not kept).
MAX_PIXELS = 100_000.0
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
        self._widths: dict[str, list[float]] = {}
        self.dirty = False
        self._widths_dirty = False
        if stored:
            kept = [(key, _grids(value)) for key, value in _table(KIND).items()][-MAX_ENTRIES:]
            self._entries = {key: grids for key, grids in kept if grids is not None}
            measured = [(key, _measure(value)) for key, value in _table(WIDTHS_KIND).items()][-MAX_WIDTHS:]
            self._widths = {key: value for key, value in measured if value is not None}

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

    @staticmethod
    def widths_key(captions: Sequence[Any], sizes: Sequence[Any], bold: bool, qt: str) -> str:
        """The digest (64 hex digits, BLAKE2b-256) a control's measure is kept under: of its
        ``captions`` (every label, every language), the pixel ``sizes`` it is measured at, whether
        ``bold``, and ``qt``, Qt's version (the fonts are the kiosk's own, part of the identity the
        check cache keeps its tables under)."""
        text = json.dumps([[str(c) for c in captions], [round(float(s), 3) for s in sizes], bool(bold), str(qt)],
                          ensure_ascii=True)
        return digests.blake2b(text.encode(), digest_size=32).hexdigest()

    def widths(self, key: str) -> list[float]:
        """``[widest, tallest]`` in pixels measured for ``key`` (:meth:`widths_key`), or ``[]``."""
        return list(self._widths.get(key, ()))

    def note_widths(self, key: str, measure: Sequence[Any]) -> bool:
        """Keep ``measure`` (``[widest, tallest]``, pixels, each above 0 and at most
        :data:`MAX_PIXELS`) for ``key``. True when that changed the memo."""
        checked = _measure(measure)
        if checked is None or self._widths.get(key) == checked:
            return False
        self._widths.pop(key, None)
        self._widths[key] = checked
        while len(self._widths) > MAX_WIDTHS:
            del self._widths[next(iter(self._widths))]
        self._widths_dirty = True
        return True

    def save(self) -> bool:
        """Write the memo to the check cache if it changed. True when written (or nothing to
        write); False when it could not be (a full disk, no cache folder: the kiosk plays on)."""
        if not self._stored:
            return True
        from kiosk import checkcache

        written = True
        for kind, entries, dirty in ((KIND, self._entries, self.dirty), (WIDTHS_KIND, self._widths, self._widths_dirty)):
            if not dirty:
                continue
            try:
                done = checkcache.store_table(kind, entries)
            except (OSError, ValueError, TypeError):
                done = False
            if kind == KIND:
                self.dirty = not done
            else:
                self._widths_dirty = not done
            written = written and done
        return written

    def __len__(self) -> int:
        return len(self._entries)


def _table(kind: str) -> dict:
    """The check cache's table ``kind``, or ``{}`` when it cannot be read."""
    from kiosk import checkcache

    try:
        found = checkcache.lookup_table(kind)
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _measure(value: Any) -> list[float] | None:
    """``value`` as ``[widest, tallest]`` (finite pixels above 0, at most :data:`MAX_PIXELS`), or ``None``."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, float)) or not 0 < item <= MAX_PIXELS:
            return None  # NaN fails the comparison too
        out.append(float(item))
    return out


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


__all__ = ["FitMemo", "GRID", "KIND", "MAX_COLUMNS", "MAX_ENTRIES", "MAX_PIXELS", "MAX_WIDTHS", "WIDTHS_KIND"]
