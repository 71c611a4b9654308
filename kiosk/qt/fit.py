"""Does every slide's text fit? Render each slide and page offscreen at the usual screen sizes.

Used by ``kiosk validate`` (unless ``--no-fit``) and ``kiosk render``. Text shrinks to fit its
box but never below the smallest readable size (30 px at 1080, ``Theme.bodyFloor`` in qml/Kiosk/Theme.qml);
a box that overflows even then is reported as a warning located at its slide in ``deck.yaml``.
Text wraps between words and, when one word alone is wider than its line, inside the word, so
nothing runs out of its box; such a word (hard to read once broken) is warned about too.
The controls (the touch buttons shown once a visitor touches the screen) are checked in every
language too, also with larger text (A+): their labels wrap only between words and shrink, so a
word wider than its button at the smallest size is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.deck.model import Deck
from kiosk.deck.problems import Problem
from kiosk.deck.source import SourceDoc
from kiosk.player.navigator import Position

#: Screen sizes checked, in pixels: landscape TV, portrait TV, small landscape tablet.
SIZES: tuple[tuple[int, int], ...] = ((1920, 1080), (1080, 1920), (1280, 800))


@dataclass(frozen=True)
class Misfit:
    """A view whose text does not fit at the smallest readable size.

    Attributes:
        position: the slide (and page) shown.
        size: screen (width, height) in pixels.
        lang: language code rendered.
        word: empty when the text is too tall; else a word wider than its line, which is
            drawn broken mid-word (or a line that cannot wrap and runs past its box).
        controls: ``""`` for the slide's own text; ``"controls"`` or ``"controls with larger
            text"`` for a control's label (then ``word`` is the label's word that does not fit).
    """

    position: Position
    size: tuple[int, int]
    lang: str
    word: str = ""
    controls: str = ""


def find_misfits(deck: Deck, folder: Path, sizes: tuple[tuple[int, int], ...] = SIZES,
                 langs: list[str] | None = None,
                 progress: Callable[[int, int], None] | None = None, *,
                 positions: list[Position] | None = None, at: dt.datetime | None = None) -> list[Misfit]:
    """Render every slide and page offscreen and list those whose text overflows.

    Args:
        deck: a deck with no errors.
        folder: its folder (for images).
        sizes: screen sizes to try, (width, height) in pixels.
        langs: languages to try (default: every language of the deck).
        progress: called with (done, total) views after each one, or ``None``.
        positions: the views to try (default: every slide and page).
        at: show them as at this moment (aware; events that have ended are left out), or
            ``None`` for every event.

    Returns:
        The misfits, by language, then deck order, then size.

    Raises:
        RuntimeError: when the QML player cannot be created.
    """
    from kiosk.player.navigator import all_positions
    from kiosk.qt.offscreen import OffscreenPlayer, body_font, wait_fitted

    font = body_font()
    positions = positions if positions is not None else all_positions(deck)
    langs = langs or list(deck.deck.languages)
    total, done = len(langs) * len(positions), 0
    misfits: list[Misfit] = []
    players: list[OffscreenPlayer] = []  # one per size, so each view is fitted at every size at once
    try:
        for size in sizes:
            players.append(OffscreenPlayer(deck, folder, size, font=font))
        windows = [player.window for player in players]
        for lang in langs:
            for player in players:
                player.set_language(lang)
            for position in positions:
                for player in players:
                    player.show(position, at, fitted=False)
                wait_fitted(windows)
                misfits += [Misfit(position, size, lang) for size, player in zip(sizes, players)
                            if player.overflowing()]
                for size, player in zip(sizes, players):
                    words = too_wide_words(player.content)
                    if words:
                        misfits.append(Misfit(position, size, lang, max(words, key=len)))
                done += 1
                if progress:
                    progress(done, total)
            if positions:
                misfits += _control_misfits(list(zip(sizes, players)), positions[-1], lang)
    finally:
        for player in players:
            player.close()
    return sorted(misfits, key=lambda m: (langs.index(m.lang), m.position.slide, sizes.index(m.size)))


def _control_misfits(players: list, position: Position, lang: str) -> list[Misfit]:
    """The controls of each player ((size, :class:`~kiosk.qt.offscreen.OffscreenPlayer`), paused:
    the visitor's controls show), at the normal text size then with larger text, whose labels
    have a word too wide for their button."""
    from kiosk.qt.offscreen import wait_fitted

    found: list[Misfit] = []
    for large in (False, True):
        for _, player in players:
            if not player.backend.paused:
                player.backend.tap()
            if player.backend.largeText != large:
                player.backend.toggleLargeText()
        wait_fitted([player.window for _, player in players])
        for size, player in players:
            words = control_words(player.content)
            if words:
                found.append(Misfit(position, size, lang, max(words, key=len),
                                    "controls with larger text" if large else "controls"))
    for _, player in players:
        player.backend.toggleLargeText()
        player.backend.resume()
    return found


def _wraps_whole_words(label) -> bool:
    """True when the QML text ``label`` never breaks a word (``Text.NoWrap`` or ``Text.WordWrap``)."""
    from PySide6.QtQml import QQmlEngine, QQmlExpression

    expression = QQmlExpression(QQmlEngine.contextForObject(label), label,
                                "wrapMode === Text.NoWrap || wrapMode === Text.WordWrap")
    value, failed = expression.evaluate()
    return bool(value) and not failed


def control_words(item) -> list[str]:
    """Words of the visible control labels under ``item`` (the text of each ``TouchButton``)
    that do not fit their line.

    A label that wraps only between words (``Text.WordWrap``) and shrinks to fit never breaks a
    word; a word too wide for it even at its smallest size is cut short (``truncated``, an
    ellipsis) or runs past its box, and then its longest word is reported. A label that may break inside words is measured word by
    word (:func:`too_wide_words`).
    """
    found: list[str] = []
    if not item.isVisible() or item.opacity() == 0:
        return found
    if item.metaObject().className().startswith("TouchButton_QML"):
        for label in item.childItems():
            if not (label.inherits("QQuickText") and label.isVisible() and label.property("text")):
                continue
            if not _wraps_whole_words(label):
                found += too_wide_words(label)
            elif label.property("truncated") or label.property("contentWidth") > label.width() + 1:
                found.append(max(_SPACES.split(str(label.property("text"))), key=len))
        return found
    for child in item.childItems():
        found += control_words(child)
    return found


#: Where a line may break inside a run of non-spaces, as Qt's line breaker does (UAX #14):
#: after a slash or a hyphen.
_BREAK_AFTER = re.compile(r"(?<=[/\-‐])")
#: Spaces a line may break at (not the no-break space that joins a phone number's digit groups).
_SPACES = re.compile(r"[ \t\n\u1680\u2000-\u2006\u2008-\u200b\u2028\u2029\u205f\u3000]+")


def too_wide_words(item) -> list[str]:
    """Words in the visible text under ``item`` that are wider than their line.

    A word (a run between spaces, cut after ``/`` and ``-`` where Qt may also break a line)
    is measured with the font the text is drawn in (``fontInfo``: after any shrinking to fit)
    and compared with the text's width in pixels: a wider one is drawn broken mid-word. Text
    whose laid-out width is wider than its box (it cannot wrap) is reported whole.

    Args:
        item: a ``QQuickItem``, usually the window's content item.

    Returns:
        The words, in item order (may repeat).
    """
    from PySide6.QtGui import QFontMetricsF

    found: list[str] = []
    if not item.isVisible() or item.opacity() == 0:
        return found
    if item.inherits("QQuickText") and item.width() > 0 and item.property("text"):
        text, width = str(item.property("text")), item.width()
        if item.property("contentWidth") > width + 1:
            found.append(text)
        else:
            font = item.property("font")
            drawn = item.property("fontInfo").property("pixelSize").toInt()
            if drawn > 0:
                font.setPixelSize(drawn)
            metrics = QFontMetricsF(font)
            for chunk in _SPACES.split(text):
                found += [word for word in _BREAK_AFTER.split(chunk)
                          if word and metrics.horizontalAdvance(word) > width + 1]
    for child in item.childItems():
        found += too_wide_words(child)
    return found


def misfit_problems(misfits: list[Misfit], deck: Deck, doc: SourceDoc) -> list[Problem]:
    """One warning per slide or page (and language) that does not fit, naming the sizes.

    Each is located at the slide's (or page's) place in ``deck.yaml``.
    """
    grouped: dict[tuple[Position, str, str], list[tuple[int, int]]] = {}
    words: dict[tuple[Position, str], str] = {}
    problems = _control_problems([m for m in misfits if m.controls], deck, doc)
    misfits = [m for m in misfits if not m.controls]
    for misfit in misfits:
        grouped.setdefault((misfit.position, misfit.lang, "word" if misfit.word else ""), []).append(misfit.size)
        if misfit.word and len(misfit.word) > len(words.get((misfit.position, misfit.lang), "")):
            words[(misfit.position, misfit.lang)] = misfit.word
    for (position, lang, kind), sizes in grouped.items():
        if position.slide < 0:  # the built-in fallback slide is not in deck.yaml
            continue
        slide = deck.slides[position.slide]
        path: tuple = ("slides", position.slide)
        name = f"slide '{slide.id}'"
        if position.page:
            index = next(i for i, page in enumerate(slide.pages) if page.id == position.page)
            path += ("pages", index)
            name += f" page '{position.page}'"
        if len(deck.deck.languages) > 1:
            name += f" ({lang})"
        at = size_list(sizes)
        if kind:
            word = words[(position, lang)]
            shown = word if len(word) <= 40 else word[:39] + "…"
            problems.append(doc.problem(path, f"{name}: '{shown}' is wider than its line at {at}, so it is broken "
                                              "mid-word", "put spaces in it or shorten it (a web address is "
                                              "better as a QR code)", severity="warning"))
            continue
        problems.append(doc.problem(path, f"{name}: text does not fit at {at}, even at the smallest readable size",
                                    "shorten it or split it over two slides", severity="warning"))
    return problems


def _control_problems(misfits: list[Misfit], deck: Deck, doc: SourceDoc) -> list[Problem]:
    """One warning per language and kind of controls whose labels do not fit, at the deck's
    ``languages`` (the labels are the kiosk's own words in that language: kiosk/ui_strings.yaml)."""
    grouped: dict[tuple[str, str], list[Misfit]] = {}
    for misfit in misfits:
        grouped.setdefault((misfit.lang, misfit.controls), []).append(misfit)
    problems = []
    for (lang, controls), found in grouped.items():
        word = max((m.word for m in found), key=len)
        problems.append(doc.problem(("deck", "languages"),
                                    f"the {controls} in '{lang}': '{word}' does not fit its button at "
                                    f"{size_list([m.size for m in found])}, even at the smallest readable size, "
                                    "so it is cut short or broken mid-word",
                                    "the control labels are the kiosk's own words (kiosk/ui_strings.yaml): "
                                    "shorten that language's label there", severity="warning"))
    return problems


def size_list(sizes: list[tuple[int, int]]) -> str:
    """Screen sizes in words: ``1920x1080, 1080x1920 and 1280x800``."""
    names = [f"{w}x{h}" for w, h in sizes]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


__all__ = ["SIZES", "Misfit", "control_words", "find_misfits", "misfit_problems", "size_list", "too_wide_words"]
