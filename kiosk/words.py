"""Small English phrases the kiosk's messages share: counts of things, and "did you mean" hints.

Plain functions with no imports from the rest of the kiosk, so every layer (the deck checker, the
settings, the command line, the staff pages) words these the same way.
"""

from __future__ import annotations

from collections.abc import Iterable


def plural(n: float, thing: str, many: str | None = None) -> str:
    """``n`` and ``thing``, in the plural unless ``n`` is 1: ``plural(1, "slide")`` is
    ``"1 slide"``, ``plural(2, "slide")`` and ``plural(0, "slide")`` are ``"2 slides"`` and
    ``"0 slides"``; ``plural(1.0, "second")`` is ``"1 second"``, ``plural(1.5, "second")``
    ``"1.5 seconds"`` (a whole float is written without its ``.0``).

    Args:
        n: how many (a count, or a measure such as seconds).
        thing: the singular noun (or noun phrase, e.g. ``"review note"``).
        many: the plural when it is not ``thing + "s"``.
    """
    shown = int(n) if isinstance(n, float) and n.is_integer() else n
    return f"{shown} {noun(n, thing, many)}"


def noun(n: float, thing: str, many: str | None = None) -> str:
    """``thing`` alone, in the plural unless ``n`` is 1, for a count written apart or not at all:
    ``noun(1, "language")`` is ``"language"``, ``noun(2, "language")`` ``"languages"``
    (``f"text has {noun(len(codes), 'language')} {', '.join(codes)}"``).

    Args:
        n: how many.
        thing: the singular noun.
        many: the plural when it is not ``thing + "s"``.
    """
    return thing if n == 1 else many or thing + "s"


def close_matches(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` of ``choices`` that look like ``word``, closest first (:func:`difflib.get_close_matches`:
    a similarity ratio of at least ``cutoff``, 0 to 1). ``difflib`` loads on the first call: the
    process that draws never asks, and never holds it."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> str:
    """``"did you mean 'x'?"`` (or ``"did you mean 'x' or 'y'?"`` when ``n`` > 1) naming the choices
    closest to ``word`` (:func:`close_matches`), or ``""`` when none is close."""
    return suggest(close_matches(word, choices, n, cutoff))


def suggest(names: Iterable[str]) -> str:
    """``"did you mean 'x' or 'y'?"`` for ``names`` already chosen, or ``""`` when there are none."""
    names = list(names)
    quoted = [f"'{name}'" for name in names]
    return f"did you mean {' or '.join(quoted)}?" if quoted else ""


__all__ = ["close_matches", "did_you_mean", "noun", "plural", "suggest"]
