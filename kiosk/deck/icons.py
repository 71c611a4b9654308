"""Pictograms: the names a deck may give in ``icon:``, and the bundled SVG drawing of each.

The kiosk bundles a selection of the outline icons of Tabler Icons (MIT licence, in
``assets/icons/LICENSE``) as ``assets/icons/svg/<name>.svg``; ``assets/icons/names.json``
lists every name in the whole set, so a name from the set that is not bundled gets its own
message. ``packaging/update-icons.py`` refreshes both from the ``@tabler/icons`` npm package.

Each drawing is read once, with a size limit, and checked with the same SVG check as a deck's
pictures (:func:`kiosk.deck.pictures.icon_svg`: no DOCTYPE, entities or outside
references). A name is a slug (``hand-stop``) looked up among the bundled names, never used
as a path as written. The drawings are stroked in ``currentColor``, so one colour recolours
all of a pictogram (:func:`kiosk.deck.pictures.coloured_icon`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from kiosk import paths
from kiosk.deck.chars import char_name, printable
from kiosk.words import close_matches, suggest

#: What a pictogram's name looks like: lower-case words joined by ``-`` (``clock-24``).
ICON_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Largest bundled drawing read, in bytes (Tabler's are under 2 KiB).
MAX_ICON_BYTES = 64 * 1024


class IconError(Exception):
    """A bundled pictogram that cannot be drawn: missing, too large or not a safe SVG."""


def icon_folder() -> Path:
    """The folder of bundled pictograms, ``assets/icons``."""
    return paths.assets() / "icons"


def icon_path(name: str) -> Path:
    """Where the bundled drawing of ``name`` is (whether or not it exists); ``name`` must be a
    bundled name (:func:`bundled_names`), never a name as written in a deck."""
    return icon_folder() / "svg" / f"{name}.svg"


@lru_cache(maxsize=1)
def bundled_names() -> frozenset[str]:
    """Names of the bundled pictograms (``assets/icons/svg/*.svg``); empty when the folder is missing."""
    folder = icon_folder() / "svg"
    if not folder.is_dir():
        return frozenset()
    return frozenset(p.stem for p in folder.glob("*.svg") if ICON_NAME.match(p.stem))


@lru_cache(maxsize=1)
def set_names() -> frozenset[str]:
    """Every name in the icon set the bundled ones come from (``assets/icons/names.json``), with
    the bundled ones; just the bundled ones when the index is missing or unreadable."""
    try:
        index = json.loads((icon_folder() / "names.json").read_text(encoding="utf-8"))
        names = {n for n in index.get("names", []) if isinstance(n, str)}
    except (OSError, ValueError, AttributeError):
        names = set()
    return frozenset(names) | bundled_names()


#: Longest name quoted whole in a message (longer ones are cut, with "…").
SHOWN_NAME = 40


def shown_name(name: str) -> str:
    """``name`` as a message quotes it: control and bidi characters escaped
    (:func:`kiosk.deck.chars.printable`) and at most :data:`SHOWN_NAME` characters."""
    return printable(name if len(name) <= SHOWN_NAME else name[:SHOWN_NAME - 1] + "…")


def _likely(name: str) -> str:
    """What a name not written as a pictogram's name was probably meant to be: compatibility forms
    folded (full-width letters), lower case, no folders or ``.svg``, spaces and ``_`` as ``-``."""
    guess = unicodedata.normalize("NFKC", name).strip().lower()
    guess = re.split(r"[/\\]", guess.rstrip("/\\"))[-1].removesuffix(".svg")
    return re.sub(r"[\s_]+", "-", guess).strip("-")


def icon_problem(name: str) -> tuple[str, str] | None:
    """What is wrong with ``name`` as a deck's ``icon:``, or ``None`` when it is a bundled pictogram.

    Returns:
        (message, hint): the message quotes the name (:func:`shown_name`) and says what is wrong:
        not a pictogram's name at all (naming the first character that cannot be in one, such as
        a capital or a Cyrillic letter that looks Latin), a name of the icon set that is not
        bundled, or an unknown name; the hint suggests the closest bundled names
        (:func:`kiosk.words.suggest`'s wording) or says where the list is.
    """
    bundled = bundled_names()
    if name in bundled:
        return None
    listed = "docs/decks.md lists the bundled names under Pictograms"
    if not name:
        return "the pictogram's name is empty", "leave out icon: for no pictogram, or give a name, like hand-stop"
    if not ICON_NAME.match(name):
        guess = _likely(name)[:SHOWN_NAME * 2]
        near = suggest([guess] if guess in bundled else close_matches(guess, bundled))
        odd = next((ch for ch in name if not (ch == "-" or "a" <= ch <= "z" or "0" <= ch <= "9")), None)
        why = ("starts, ends or doubles a '-'" if odd is None else
               f"holds {char_name(odd)}" if not (odd.isascii() and odd.isprintable()) else
               f"holds the capital '{odd}'" if odd.isupper() else f"holds '{odd}'")
        rule = "lower-case letters and digits, words joined by '-', like hand-stop"
        return (f"'{shown_name(name)}' is not a pictogram's name: it {why}",
                f"{near} A name is {rule}" if near else f"a name is {rule}; {listed}")
    near = suggest(close_matches(name[:SHOWN_NAME * 2], bundled))
    if name in set_names():
        return (f"pictogram '{name}' is in Tabler Icons but not bundled with the kiosk",
                f"{near} Or bundle it with packaging/update-icons.py" if near else
                f"choose a bundled one ({listed}), or bundle it with packaging/update-icons.py")
    return f"unknown pictogram '{shown_name(name)}'", near or listed


__all__ = ["ICON_NAME", "MAX_ICON_BYTES", "SHOWN_NAME", "IconError", "bundled_names", "icon_folder", "icon_path",
           "icon_problem", "set_names", "shown_name"]
