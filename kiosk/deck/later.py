"""What ``kiosk validate`` could not check of a deck with errors, said in one line.

The loader reports every problem it can find in one run (:mod:`kiosk.deck.load` checks what is
valid of a deck with errors), but some checks need the whole deck as the kiosk would play it: the
player's picture reader and the text fit lay the slides out, and nothing of a file that does not
read as a deck can be checked. Those run once the errors are fixed; the summary line says how
many, so a coordinator is not surprised by new problems after fixing the ones shown.
"""

from __future__ import annotations

from kiosk.words import plural

#: The checks that run only on a deck without errors, as the summary names them.
PICTURES = "pictures as the player reads them"
FIT = "text fit"
#: What a file that does not read as a deck (YAML syntax, not a mapping) leaves unchecked.
FIELDS = "fields and slides"


def checked_later(result, fit: bool) -> list[str]:
    """The checks not run on ``result`` (a :class:`kiosk.deck.result.LoadResult` with errors)
    that run once its errors are fixed, by name; ``[]`` when there is no file to check.

    Args:
        result: what :func:`kiosk.deck.load_deck` gave.
        fit: whether the text fit was asked for (``kiosk validate`` without ``--no-fit``).
    """
    doc = result.source
    if doc is None or not result.file.is_file():
        return []
    later = [] if isinstance(doc.data, dict) else [FIELDS]
    return later + [PICTURES] + ([FIT] if fit else [])


def later_words(later: list[str]) -> str:
    """``"; 2 more checks run once the errors are fixed: …"`` naming ``later``, or ``""``."""
    later = [name for name in later if isinstance(name, str)] if isinstance(later, list) else []
    if not later:  # (a verdict read back from the check cache holds what was stored)
        return ""
    verb = "run" if len(later) > 1 else "runs"
    return f"; {plural(len(later), 'more check')} {verb} once the errors are fixed: {', '.join(later)}"
