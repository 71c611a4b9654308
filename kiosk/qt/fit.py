"""Does every slide's text fit? Lay each slide and page out offscreen at the usual screen sizes.

Used by ``kiosk validate`` (unless ``--no-fit``) and ``kiosk render``. Text shrinks to fit its
box but never below the smallest readable size (30 px at 1080, ``Theme.bodyFloor`` in qml/Kiosk/Theme.qml);
a box that overflows even then is reported as a warning located at its slide in ``deck.yaml``.
Text wraps between words and, when one word alone is wider than its line, inside the word, so
nothing runs out of its box; such a word (hard to read once broken) is warned about too.
The controls (the touch buttons shown once a visitor touches the screen) are checked in every
language too, also with larger text (A+): their labels wrap only between words and shrink, so a
word wider than its button at the smallest size is reported. The slide under the controls
keeps the text size it was fitted at meanwhile (its text columns are held: only the labels
are read).

Nothing is drawn: the player's scene is laid out as before a frame (each item polished) and its
text items are read; pictograms and QR codes keep their size but are not drawn. Each process has
one QML engine for every size and language; a slide is made and fitted once per size for every
language that shows it the same (an untranslated one): in the other languages only what is
around it (header, footer) is laid out and read, its verdict joined to the slide's. The views
are shared among one process per CPU core, language by language (:func:`find_misfits`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.deck.problems import Problem
from kiosk.i18n import english, ui_strings
from kiosk.player.navigator import Position

if TYPE_CHECKING:  # a helper started before the deck is read imports them itself (start_early_helpers)
    from kiosk.deck.model import Deck
    from kiosk.deck.source import SourceDoc

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
        around: the name of a text around the slide (the header, the footer) cut short with an
            ellipsis even at its smallest size: :data:`BYLINE` for the organisation's name in the
            header, else the text itself (the kiosk's own words); ``""`` for none. With
            ``controls``, it is cut while the controls show (the name beside Close).
        cut: for text too tall on an events slide, what of one event's card is cut, e.g.
            ``"event 'Exhibition' on 2019-10-19: place"`` (:func:`_cut_fields`), or
            :data:`CODES_LEFT_OUT` when its sign-up codes are left out for them, or
            :data:`CODES_NO_ROOM` when they are left out for want of room to be scanned; else ``""``.
    """

    position: Position
    size: tuple[int, int]
    lang: str
    word: str = ""
    controls: str = ""
    cut: str = ""
    around: str = ""


#: :attr:`Misfit.around` of the organisation's name (``deck: organisation``) cut short in the
#: header (Main.qml's ``byline``: two lines at most, then an ellipsis).
BYLINE = "organisation"
#: The texts around the slide area that are the deck's own, by their ``objectName`` in Main.qml,
#: with the name :attr:`Misfit.around` gives each when it is cut short.
_AROUND_FIELDS = {"byline": BYLINE}


#: Fewer slides to make than this (each made and fitted, about 10 ms, with the views in other
#: languages that show it the same) are checked in this process only: a second process takes
#: longer to start than it would save.
PARALLEL_FROM_SLIDES = 40
#: Most slides made in one run of tasks one process takes at a time (:func:`_units`): short
#: runs, so the processes end close together (about 10 ms apart: one process waits for the
#: other's last run at most). A process takes the runs that follow each other (from the front,
#: or from the back), so a run's end changes nothing it has on show.
UNIT_SLIDES = 2
#: How many times the scene is laid out, at most, waiting for its text columns to settle.
SETTLE_ROUNDS = 100
#: Pixel sizes above and below each font a text is drawn in at which the fit check keeps that
#: font resolved (:meth:`_Checker._keep_fonts`): about the sizes a text column tries around the
#: one it ends at. 16 makes the fewest font engines for the bundled deck in one process: about
#: 1,000, against 3,520 keeping none, 1,460 with 8 and 1,090 with 32.
KEPT_FONT_SIZES = 16


@dataclass(frozen=True)
class _Task:
    """A view checked at one ``size``: ``position`` in ``langs[0]``, or (``controls``) the
    visitor's controls in ``langs[0]`` over ``position``, with larger text when ``large``. The
    other ``langs`` show exactly the same (:func:`_view_key`): their misfits are the same."""

    size: tuple[int, int]
    position: Position
    langs: tuple[str, ...]
    controls: bool = False
    large: bool = False
    #: What the slide itself is made from (:func:`_slide_key`): views at one size made from the
    #: same show the same slide, laid out alike.
    slide: str = ""
    #: True when another task (the same ``size``, ``position`` and ``slide``, in an earlier
    #: language) makes and checks this view's slide: this task checks only what is around the
    #: slide in ``langs[0]`` (header, footer, the loop's place), and the view's verdict is that
    #: slide's with it (:func:`_view_misfits`).
    around: bool = False


def find_misfits(deck: Deck, folder: Path, sizes: tuple[tuple[int, int], ...] = SIZES,
                 langs: list[str] | None = None,
                 progress: Callable[[int, int], None] | None = None, *,
                 positions: list[Position] | None = None, at: dt.datetime | None = None,
                 workers: int | None = None, cached: bool = False,
                 helpers: Helpers | None = None, meanwhile: Callable[[], object] | None = None) -> list[Misfit]:
    """Lay out every slide and page offscreen and list those whose text overflows.

    Nothing is drawn: each view is shown in the player (one QML engine per process for every
    size and language, its window hidden), laid out (``QQuickItem.ensurePolished`` through the
    whole scene) until its text columns have fitted, then its text items are read
    (:func:`too_wide_words`, :func:`control_words`). A view that several languages show exactly
    the same is checked once for all of them (:func:`_view_key`); a slide that several languages
    show the same (:func:`_slide_key`) is made in the first, and in the others only what is
    around it is checked (:attr:`_Task.around`). The views go size by size (a new size lays the
    whole window out again, which costs more than making a slide), language by language, and
    are shared among ``workers`` processes, each taking the next language at a size
    (:func:`_units`) as it is free.

    Args:
        deck: a deck with no errors.
        folder: its folder (for images).
        sizes: screen sizes to try, (width, height) in pixels.
        langs: languages to try (default: every language of the deck).
        progress: called with (done, total) views (a slide or page in one language) as they
            are checked, or ``None``.
        positions: the views to try (default: every slide and page).
        at: show them as at this moment (aware; events that have ended are left out), or
            ``None`` for every event.
        workers: processes to use (default: one per CPU core this process may run on when there
            are at least :data:`PARALLEL_FROM_SLIDES` slides to make, else 1: this process only).
        cached: look each view up in the check cache first (:class:`_ViewCache`: a view at one
            size whose every input is as when it was last checked is not laid out again), and
            keep the verdicts of those checked. The misfits are the same either way.
        helpers: processes started ahead (:func:`start_helpers`) to use: as all ``workers``
            when there are as many (this process then checks none itself), else as the
            ``workers - 1`` others (more are not started); ended here, used or not.
        meanwhile: called once, in this process, while other processes check the views (before
            the views are checked when this process checks them all): other work of the
            command (``kiosk validate`` reads the pictures then).

    Returns:
        The misfits, by language, then deck order, then size.

    Raises:
        RuntimeError: when the QML player cannot be created.
    """
    from kiosk.player.navigator import all_positions

    _freeze_at_exit()
    with contextlib.ExitStack() as stack:
        if helpers is not None:
            stack.callback(helpers.close)
        positions = positions if positions is not None else all_positions(deck)
        langs = langs or list(deck.deck.languages)
        calls = [meanwhile] if meanwhile is not None else []

        def once() -> None:
            while calls:
                calls.pop()()

        found = _find_misfits(deck, folder, sizes, langs, progress, positions, at, workers, cached, helpers, once)
        once()  # no views to check
        return found


def _freeze_at_exit() -> None:
    """At this process's exit, before the interpreter's last collections, move every object to
    the collector's permanent generation (``gc.freeze``): a process that checked the fit holds a
    Qt application, the deck's model and thousands of wrappers, and those collections would walk
    them all for nothing (about 50 ms of the end of ``kiosk validate``). Objects are still freed
    as their last reference goes; only cycles left at exit are not looked for. Once per process."""
    global _FREEZING
    if not _FREEZING:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _FREEZING = True


#: True once :func:`_freeze_at_exit` has been asked for in this process.
_FREEZING = False


def _find_misfits(deck: Deck, folder: Path, sizes: tuple[tuple[int, int], ...], langs: list[str],
                  progress: Callable[[int, int], None] | None, positions: list[Position], at: dt.datetime | None,
                  workers: int | None, cached: bool, helpers: Helpers | None,
                  meanwhile: Callable[[], None]) -> list[Misfit]:
    """:func:`find_misfits`, its arguments given in full (``meanwhile`` called at most once)."""

    undated: dict[tuple[Position, str], dict] = {}
    tasks = _tasks(deck, sizes, positions, langs, at, undated)
    if not tasks:
        return []
    total = len(langs) * len(positions)
    found: dict[int, list[tuple[Misfit, int]]] = {}
    done = 0  # views checked at one size

    def record(index: int) -> None:
        nonlocal done
        if not tasks[index].controls:
            done += len(tasks[index].langs)
            if progress:
                progress(done // len(sizes), total)

    cache = _ViewCache(deck, folder, at, undated) if cached else None
    todo = list(range(len(tasks)))
    # Nothing stored: every view is checked; what lays each out (its key, kept with its verdict,
    # :meth:`_ViewCache.read`) is read while the other processes end their views, not before.
    first = cache is not None and cache.empty
    if cache is not None and not first:
        todo = []
        for index, task in enumerate(tasks):
            known = cache.lookup(task)
            if known is None:
                todo.append(index)
            else:
                found[index] = known
                record(index)
    if todo:
        checking = _makers(tasks, todo)
        results: dict[int, tuple] = {}  # what each task of `checking` found (_Checker.check)
        units = _units(checking, list(range(len(checking))))
        if workers is None:
            slides = sum(not task.controls and not task.around for task in checking)
            workers = _cores() if slides >= PARALLEL_FROM_SLIDES else 1
        if helpers is not None:
            workers = min(workers, 1 + helpers.count)
        workers = max(1, min(workers, len(units)))

        def checked(index: int, result: tuple) -> None:
            results[index] = result
            record(todo[index])

        if workers == 1:
            meanwhile()
            if first:
                cache.read(checking)
            _check_tasks(deck, folder, sizes, at, checking, units, iter(range(len(units))), checked)
        else:  # with nothing stored, the helpers read each view's key with its verdict
            known = (lambda index, key: cache.known(checking[index], key)) if first else None
            _check_in_parallel(deck, folder, sizes, at, checking, units, workers, checked, helpers, meanwhile, known)
        for index, misfits in _resolved(checking, results).items():
            found[todo[index]] = misfits
            if cache is not None:
                cache.keep(checking[index], misfits)
    if cache is not None:
        cache.save()
    order = {(lang, position): i for i, (lang, position) in
             enumerate((lang, position) for lang in langs for position in positions)}
    # In the order the views were once checked one after another: each language's views in deck
    # order, the text too tall before a word too wide, the controls after every view.
    misfits = [(order[(m.lang, m.position)] if not m.controls else len(order), kind, m)
               for result in found.values() for m, kind in result]
    misfits.sort(key=lambda item: (langs.index(item[2].lang), item[2].position.slide,
                                   sizes.index(item[2].size), item[0], item[1]))
    return [m for _, _, m in misfits]


def _view_key(deck: Deck, position: Position, lang: str, at: dt.datetime | None, shown: dict | None = None) -> str:
    """Everything the player window shows at ``position`` in ``lang`` is made from, as JSON: the
    view (:func:`kiosk.player.views.view`; without its ``locale`` when it holds no date, as the
    templates use the locale only to write out dates), the kiosk's own words in ``lang``
    (:func:`kiosk.i18n.ui_strings`), its direction and the organisation's name in it. Languages
    with the same key show the same window (a slide with no text in a language shows the first
    language's; a language with no words of the kiosk's own has the English ones). ``shown``:
    :func:`_undated_view` of the same, when it was read already."""
    from kiosk.i18n import is_rtl, ui_strings
    from kiosk.player.views import localise

    shown = shown if shown is not None else _undated_view(deck, position, lang, at)
    organisation = localise(deck.deck.organisation, lang, deck.deck.languages[0])
    return json.dumps([shown, ui_strings(lang), is_rtl(lang), organisation], sort_keys=True, default=str,
                      ensure_ascii=False)


#: An ISO date, as views give dates to the templates.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _undated_view(deck: Deck, position: Position, lang: str, at: dt.datetime | None) -> dict:
    """The view at ``position`` in ``lang`` as the fit check shows it (:func:`kiosk.player.views.view`,
    without a moment every event with its longest badge), without its ``locale`` when it holds no
    date: the templates use the locale only to write out dates."""
    from kiosk.player.views import view

    shown = view(deck, position, lang, at, badges=True)
    if not _DATE.search(json.dumps(shown, default=str, ensure_ascii=False)):
        shown = {key: value for key, value in shown.items() if key != "locale"}
    return shown


def _tasks(deck: Deck, sizes: tuple[tuple[int, int], ...], positions: list[Position], langs: list[str],
           at: dt.datetime | None, undated: dict[tuple[Position, str], dict] | None = None) -> list[_Task]:
    """The views to check, each once for the languages that show it exactly the same
    (:func:`_view_key`).

    In the order that changes least from one to the next (a new size or text size lays out the
    whole window again, a new slide makes and fits it, a new language lays out its header,
    footer and the texts in the kiosk's own words): size by size; at each, language by language,
    the views in deck order; at the last view, the language's controls right after it, at the
    normal text size, then with larger text. A view whose slide an earlier language shows the
    same (:func:`_slide_key`) does not make it again: only what is around the slide is checked
    in its language (:attr:`_Task.around`). ``undated``: where to keep the views read
    (:func:`_undated_view`, by position and language), for other uses.
    """
    undated = {} if undated is None else undated  # _undated_view of each (position, lang), read once

    def shown(position: Position, lang: str) -> dict:
        if (position, lang) not in undated:
            undated[(position, lang)] = _undated_view(deck, position, lang, at)
        return undated[(position, lang)]

    def grouped(position: Position, extra: str = "") -> dict[str, tuple[str, ...]]:
        groups: dict[str, list[str]] = {}
        for lang in langs:
            groups.setdefault(_view_key(deck, position, lang, at, shown(position, lang)) + extra, []).append(lang)
        return {group[0]: tuple(group) for group in groups.values()}

    views = {position: grouped(position) for position in positions}
    slides = {(position, lang): _slide_key(deck, position, lang, at, shown(position, lang))
              for position in positions for lang in views[position]}
    controls = grouped(positions[-1], "controls") if positions else {}
    tasks: list[_Task] = []
    for size in sizes:
        made: set[tuple[Position, str]] = set()  # the slides made at this size
        for lang in langs:
            for position in positions:
                if lang not in views[position]:  # shown as another language shows it: checked there
                    continue
                slide = slides[(position, lang)]
                tasks.append(_Task(size, position, views[position][lang], slide=slide,
                                   around=(position, slide) in made))
                made.add((position, slide))
                if position == positions[-1] and lang in controls:
                    tasks += [_Task(size, position, controls[lang], controls=True, large=large)
                              for large in (False, True)]
    return tasks


def _units(tasks: list[_Task], indexes: list[int]) -> list[list[int]]:
    """``indexes`` (of ``tasks``, in order) cut into runs that one process checks one after
    another: tasks of one language at one size (``langs[0]`` and ``size``), so a process changes
    the language at most once for each, making at most :data:`UNIT_SLIDES` slides. The verdicts
    do not depend on the cut (each task's verdict is its own, :func:`_resolved`)."""
    units: list[list[int]] = []
    last: _Task | None = None
    made = 0  # slides made in the last run
    for index in indexes:
        task = tasks[index]
        makes = not task.controls and not task.around
        if last is not None and (last.size, last.langs[0]) == (task.size, task.langs[0]) and not (
                makes and made >= UNIT_SLIDES):
            units[-1].append(index)
        else:
            units.append([index])
            made = 0
        made += makes
        last = task
    return units


def _makers(tasks: list[_Task], indexes: list[int]) -> list[_Task]:
    """The tasks of ``indexes`` (of ``tasks``, in order) to check, each view around a slide
    (:attr:`_Task.around`) whose slide no task among them makes (its view answered from the
    check cache) made a view that makes it, the first of them."""
    made = {(tasks[i].size, tasks[i].position, tasks[i].slide) for i in indexes
            if not tasks[i].controls and not tasks[i].around}
    checking = []
    for index in indexes:
        task = tasks[index]
        if task.around and (task.size, task.position, task.slide) not in made:
            made.add((task.size, task.position, task.slide))
            task = replace(task, around=False)
        checking.append(task)
    return checking


def _resolved(tasks: list[_Task], results: dict[int, tuple]) -> dict[int, list[tuple[Misfit, int]]]:
    """The misfits of each task of ``results`` (by index in ``tasks``: what :meth:`_Checker.check`
    gave): a view around a slide made by another task (:attr:`_Task.around`) has that slide's
    verdict with what is around it (:func:`_view_misfits`)."""
    slides = {(task.size, task.position, task.slide): results[index][1] for index, task in enumerate(tasks)
              if index in results and not task.controls and not task.around}
    resolved = {}
    for index, (misfits, _slide, around) in results.items():
        task = tasks[index]
        if task.around:
            misfits = _in_each_language(task, _view_misfits(task, slides[(task.size, task.position, task.slide)],
                                                            around))
        resolved[index] = misfits
    return resolved


def _view_misfits(task: _Task, slide: tuple[bool, list[str], list[str]], around: tuple
                  ) -> list[tuple[Misfit, int]]:
    """The misfits of the view of ``task`` in ``langs[0]`` from what its slide area and what is
    around it (each ``(a text column overflows, its words too wide for their line)``, the words
    in the order of the scene's items: the slide area's before the rest; the slide area's with
    what of each event is cut) hold: kind 0 (text too tall), or kind 4 for each event with a field
    cut when that is all that is too tall, then kind 1 with the longest word too wide (the first
    of that length) of the deck's, then, when the kiosk's own words (its hint: the whole of one of
    its strings) are too wide as well, kind 1 again with the longest of them, so that the hint on
    a small screen never hides a word of the deck's; last, kind 5 for each text around the slide
    cut short with an ellipsis (``around[2]``, :func:`_cut_around`)."""
    lang = task.langs[0]
    found: list[tuple[Misfit, int]] = []
    cuts = slide[2] if len(slide) > 2 else []
    fields = [cut for cut in cuts if cut not in CODES_CUTS]
    if fields and not around[0]:
        found += [(Misfit(task.position, task.size, lang, cut=cut), 4) for cut in fields]
    elif slide[0] or around[0]:
        found.append((Misfit(task.position, task.size, lang), 0))
    found += [(Misfit(task.position, task.size, lang, cut=cut), 4) for cut in cuts if cut in CODES_CUTS]
    words = slide[1] + around[1]
    if words:
        # the deck's own words first: the kiosk's hint, too wide on a small screen, must not hide them
        own = {visible(text) for text in ui_strings(lang).values()}
        theirs = [word for word in words if visible(word) not in own]
        found.append((Misfit(task.position, task.size, lang, max(theirs or words, key=len)), 1))
        if theirs and len(theirs) < len(words):  # and the kiosk's own, said apart (misfit_problems)
            found.append((Misfit(task.position, task.size, lang, max(set(words) - set(theirs), key=len)), 1))
    found += [(Misfit(task.position, task.size, lang, around=name), 5) for name in (around[2] if len(around) > 2 else [])]
    return found


def _slide_key(deck: Deck, position: Position, lang: str, at: dt.datetime | None, shown: dict | None = None) -> str:
    """Everything the slide itself (the slide area, not the header and footer around it) is
    made from at ``position`` in ``lang``, as JSON: the view (without its ``locale`` when it holds
    no date, as in :func:`_view_key`) and the kiosk's own words its template reads
    (:func:`_slide_words`). Two languages with the same key show the same slide, laid out alike:
    its mirroring follows its own texts' direction (the view's ``rtl``, Main.qml's loaders), not the language's, and
    its other inputs (``Player.fontFor``, ``Player.isRtlText``, the Theme's sizes) are those of
    the text and the screen. ``shown``: :func:`_undated_view` of the same, when it was read already."""
    from kiosk.i18n import ui_strings

    shown = shown if shown is not None else _undated_view(deck, position, lang, at)
    names, whole = _slide_words(str(shown.get("type", "")))
    words = ui_strings(lang)
    return json.dumps([shown, {name: words.get(name) for name in names}, lang if whole else ""],
                      sort_keys=True, default=str, ensure_ascii=False)


#: What in a QML file depends on the visitor's language: one of the kiosk's own words
#: (``Theme.t.name``), or the language itself, its direction or all its words.
_WORD = re.compile(r"\bTheme\.t\.(\w+)")
_LANGUAGE = re.compile(r"\bPlayer\.(?:rtl|language|ui|organisation|session)\b|\bTheme\.(?:backArrow|forwardArrow|t\b(?!\.))"
                       r"|\bQt\.locale\(\s*\)|\bQt\.uiLanguage\b")
#: A QML type made (``Name {``).
_TYPE = re.compile(r"\b([A-Z]\w*)\s*\{")
#: A slide type's template, as Main.qml's ``fileFor`` names it.
_TEMPLATE = re.compile(r'"([\w-]+)"\s*:\s*"(slides/\w+\.qml)"')


def _slide_words(kind: str) -> tuple[tuple[str, ...], bool]:
    """The kiosk's own words (names in kiosk/ui_strings.yaml) that the template of the slide
    type ``kind`` reads, and whether it reads more of the language than those words (or has no
    template known): from the QML of the template (qml/Kiosk/slides, as Main.qml's ``fileFor``
    names it), of every part it makes, and of the parts those make."""
    if kind in _SLIDE_WORDS:
        return _SLIDE_WORDS[kind]
    folder = Path(__file__).with_name("qml") / "Kiosk"
    templates = dict(_TEMPLATE.findall((folder / "Main.qml").read_text(encoding="utf-8")))
    names: set[str] = set()
    whole = kind not in templates
    todo = [] if whole else [folder / templates[kind]]
    seen: set[Path] = set()
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        text = file.read_text(encoding="utf-8")
        names.update(_WORD.findall(text))
        whole = whole or bool(_LANGUAGE.search(text))
        todo += [part for name in _TYPE.findall(text) if (part := folder / "parts" / f"{name}.qml").is_file()]
    _SLIDE_WORDS[kind] = (tuple(sorted(names)), whole)
    return _SLIDE_WORDS[kind]


#: :func:`_slide_words` of each slide type, once read.
_SLIDE_WORDS: dict[str, tuple[tuple[str, ...], bool]] = {}


def _in_each_language(task: _Task, found: list[tuple[Misfit, int]]) -> list[tuple[Misfit, int]]:
    """The misfits ``found`` in ``task.langs[0]``, in each language of ``task`` (they show the same)."""
    return [(replace(misfit, lang=lang), kind) for lang in task.langs for misfit, kind in found]


class _ViewCache:
    """The fit of each view at each size, as last checked, in the check cache
    (:func:`kiosk.checkcache.lookup_table`, kind :data:`KIND`).

    A task's key (:meth:`key`) is a digest of everything that lays its view out: the view as the
    player shows it in its first language, with the kiosk's own words in it and the
    organisation's name (:func:`_view_key`); every other property the player gives the window
    at that view (the deck's theme, languages, helpline number, its place in the loop... read
    from a :class:`~kiosk.qt.backend.Backend` showing it, so a property added there is keyed
    too); the bytes of every file of the deck folder the view names (its picture); the size,
    and the controls with or without larger text; the kiosk's code, QML and fonts
    (:func:`kiosk.checkcache.code_identity`), the fonts Qt has and its ``QT_*`` settings. A
    stored verdict is checked as it is read: anything :meth:`_Checker.check` could not have
    given is a miss.
    """

    #: The name of the table in the check cache.
    KIND = "fit-views"

    def __init__(self, deck: Deck, folder: Path, at: dt.datetime | None,
                 undated: dict[tuple[Position, str], dict] | None = None, *, stored: bool = True,
                 common: str | None = None) -> None:
        """``stored`` False: only keys are read (a helper process), nothing is looked up;
        ``common``: :meth:`common`, read before (default: at the first key)."""
        import os

        from kiosk import checkcache

        self._deck, self._folder, self._at = deck, folder, at
        self._undated = undated if undated is not None else {}  # _undated_view, by position and language
        self._root = os.path.realpath(folder)
        self._backend = None  # made with the first key (_made): Qt is loaded then, not before
        self._common = common
        self._entries = checkcache.lookup_table(self.KIND) if stored else {}
        self._views: dict[tuple[Position, str], tuple[str, dict[str, str | None]] | None] = {}
        self._new: dict[str, tuple[list, dict[str, str | None]]] = {}
        self._used: list[str] = []
        self._keys: dict[_Task, tuple[str, dict[str, str | None]] | None] = {}  # key() of each task, once

    def _shown(self, position: Position, lang: str) -> tuple[str, dict[str, str | None]] | None:
        """What lays out ``position`` in ``lang`` as JSON, and the digests of the files it names
        (by path); ``None`` when a file is too large to hash."""
        import os

        from kiosk import checkcache

        if (position, lang) in self._views:
            return self._views[(position, lang)]
        backend = self._backend if self._backend is not None else self._made()
        if backend.session.language != lang:
            backend.set_language(lang)
        backend.display(position, self._at)
        meta = backend.metaObject()
        names = sorted(meta.property(i).name() for i in range(meta.propertyOffset(), meta.propertyCount()))
        files = {path: checkcache.file_digest(path) for path in _named_files(backend.view, self._folder)}
        shown = None
        if None not in files.values():  # the pictures by their place in the deck folder, and bytes
            pictures = {os.path.relpath(path, self._root): digest for path, digest in files.items()}
            shown = (json.dumps([_view_key(self._deck, position, lang, self._at, self._undated.get((position, lang))),
                                 {name: getattr(backend, name) for name in names if name != "view"},
                                 pictures], sort_keys=True, default=str, ensure_ascii=True), files)
        self._views[(position, lang)] = shown
        return shown

    @staticmethod
    def common() -> str:
        """What keys every view alike, as JSON: the kiosk's code, QML and fonts
        (:func:`kiosk.checkcache.code_identity`), the font families Qt has once the bundled fonts
        are loaded (the application is made if there is none), and the ``QT_*`` settings."""
        import os

        from PySide6.QtGui import QFontDatabase

        from kiosk import checkcache
        from kiosk.qt.offscreen import body_font

        body_font()
        return json.dumps([checkcache.code_identity(), QFontDatabase.families(),
                           sorted((k, v) for k, v in os.environ.items() if k.startswith("QT_"))])

    def _made(self):
        """The backend whose properties key each view (and :meth:`common`), made at the first
        key: with nothing stored, not before the helper processes are given the views."""
        from kiosk.events import EventLog
        from kiosk.player.clock import Clock
        from kiosk.qt.backend import Backend

        if self._common is None:
            self._common = self.common()
        self._backend = Backend(self._deck, self._folder, EventLog(None), Clock(1.0), transition_ms=0)
        self._backend.stop()
        self._backend.session.worst_badges = True  # as the check shows the views (_Checker)
        return self._backend

    def known(self, task: _Task, key: tuple[str, dict[str, str | None]] | None) -> None:
        """``task``'s :meth:`key`, read by a helper process that checked it."""
        self._keys[task] = key

    @property
    def empty(self) -> bool:
        """True when the table held no verdict when this was made: every lookup is a miss."""
        return not self._entries

    def read(self, tasks: list[_Task]) -> None:
        """Read now what lays each of ``tasks`` out (:meth:`key`, kept for :meth:`keep`), as
        :meth:`lookup` reads it, when nothing was stored to look up: a picture changed after this
        is found at :meth:`save`. (A verdict does not depend on its pictures' bytes, as they are
        laid out undrawn, :attr:`~kiosk.qt.backend.Backend.pictures_drawn`; their digests are in
        the key so that a changed picture is checked again with its view.)"""
        for task in tasks:
            self.key(task)

    def key(self, task: _Task) -> tuple[str, dict[str, str | None]] | None:
        """The digest of what lays ``task`` out (64 hex digits), and the files it read; ``None``
        when it cannot be had (a picture too large to hash: the task is checked, not kept)."""
        if task in self._keys:
            return self._keys[task]
        shown = self._shown(task.position, task.langs[0])
        key = None
        if shown is not None:
            what = json.dumps([self.KIND, self._common, shown[0], task.size, task.controls, task.large])
            key = hashlib.blake2b(what.encode(), digest_size=32).hexdigest(), shown[1]
        self._keys[task] = key
        return key

    def lookup(self, task: _Task) -> list[tuple[Misfit, int]] | None:
        """The misfits stored for ``task`` (as :meth:`_Checker.check` gives them), or ``None``."""
        key = self.key(task)
        if key is None or key[0] not in self._entries:
            return None
        found = _stored_misfits(task, self._entries[key[0]])
        if found is not None:
            self._used.append(key[0])
        return found

    def keep(self, task: _Task, misfits: list[tuple[Misfit, int]]) -> None:
        """Remember the ``misfits`` :meth:`_Checker.check` found for ``task``."""
        key = self.key(task)
        if key is not None:
            first = [[kind, misfit.cut if kind == 4 else misfit.around if kind == 5 else misfit.word]
                     for misfit, kind in misfits
                     if misfit.lang == task.langs[0]]
            self._new[key[0]] = (first, key[1])

    def save(self) -> None:
        """Store the verdicts kept, with those stored meanwhile (by another check), the most
        recently used last; not those of a view whose picture changed while it was checked.
        Never raises for the store (an aid, not a need)."""
        from kiosk import checkcache

        if not self._new and not self._used:
            return
        now: dict[str, str | None] = {}
        entries = checkcache.lookup_table(self.KIND)
        for key in self._used:
            entries[key] = entries.pop(key, self._entries[key])
        for key, (value, files) in self._new.items():
            if all(now.setdefault(path, checkcache.file_digest(path)) == digest for path, digest in files.items()):
                entries.pop(key, None)
                entries[key] = value
        checkcache.store_table(self.KIND, entries)


def _named_files(shown, folder: Path) -> list[str]:
    """The pictures of ``folder`` named by a text in the view ``shown``, as the player finds them
    (:func:`kiosk.deck.pictures.resolve_picture`: links resolved, names spelt as on disk), sorted."""
    from pathlib import PurePosixPath

    from kiosk.deck.pictures import IMAGE_SUFFIXES, PictureError, resolve_picture

    found: set[str] = set()
    stack = [shown]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += item.values()
        elif isinstance(item, list | tuple):
            stack += item
        elif isinstance(item, str) and any(suffix in item.lower() for suffix in IMAGE_SUFFIXES) \
                and PurePosixPath(item).suffix.lower() in IMAGE_SUFFIXES:  # as resolve_picture (the text first, faster)
            with contextlib.suppress(PictureError, OSError, ValueError):
                found.add(str(resolve_picture(folder, item)))
    return sorted(found)


def _stored_misfits(task: _Task, stored) -> list[tuple[Misfit, int]] | None:
    """The misfits of ``task`` from its ``stored`` verdict (``[[kind, word], ...]`` in its first
    language), or ``None`` when it is not one :meth:`_Checker.check` could give."""
    if not isinstance(stored, list) or not all(isinstance(item, list) and len(item) == 2 and type(item[0]) is int
                                               and type(item[1]) is str for item in stored):
        return None
    kinds = [kind for kind, _ in stored]
    if task.controls:
        if [kind for kind in kinds if kind != 5] not in ([], [2 + task.large]) or not all(word for _, word in stored):
            return None
        controls = "controls with larger text" if task.large else "controls"
    elif [kind for kind in kinds if kind not in (4, 5)] not in ([], [0], [1], [0, 1], [1, 1], [0, 1, 1]) \
            or (0 in kinds and 4 in kinds) or any(
            (kind in (1, 4, 5)) != bool(word) for kind, word in stored):
        return None
    else:
        controls = ""
    return _in_each_language(task, [(Misfit(task.position, task.size, task.langs[0], "" if kind in (4, 5) else word,
                                            controls, word if kind == 4 else "",
                                            word if kind == 5 else ""), kind)
                                    for kind, word in stored])


def _check_tasks(deck: Deck, folder: Path, sizes: tuple[tuple[int, int], ...], at: dt.datetime | None,
                 tasks: list[_Task], units: list[list[int]], indexes, record: Callable[[int, list], None],
                 checker: _Checker | None = None) -> None:
    """Check the tasks of ``units[u]`` (:func:`_units`) for each ``u`` of ``indexes`` (an
    iterator, possibly shared with other processes) in one player, and ``record(i, result)``
    (:meth:`_Checker.check`) for each task ``i``; no player is made when ``indexes`` is empty.
    ``checker``: a :class:`_Checker` made ahead in a player of ``deck``, not yet used, to check
    them in (its player left open), instead of a new one."""
    import itertools

    from kiosk import stopsignals
    from kiosk.qt.offscreen import OffscreenPlayer, body_font

    first = next(indexes, None)
    if first is None:
        return
    with contextlib.ExitStack() as stack:
        if checker is None:  # made at the size of the first task, so its window is not laid out twice
            size = tasks[units[first][0]].size
            checker = _Checker(stack.enter_context(OffscreenPlayer(deck, folder, size, font=body_font())), at)
        checker.at = at
        for unit in itertools.chain([first], indexes):
            for index in units[unit]:
                stopsignals.check()  # a stop signal stops the check here, between two views
                record(index, checker.check(tasks[index]))


class _Checker:
    """Checks tasks in one :class:`~kiosk.qt.offscreen.OffscreenPlayer`, its window hidden (no
    frame is drawn: the scene is laid out by polishing its items, as a frame would)."""

    def __init__(self, player, at: dt.datetime | None) -> None:
        self.player, self.at = player, at
        # Hidden, and without its platform window: nothing is drawn, and a new size reaches the
        # window's width and height at once (a hidden platform window would keep it until shown).
        player.window.hide()
        player.window.destroy()
        engine = player.engine
        self._walk = engine.evaluate(_SCENE_WALK)
        self._root = engine.newQObject(player.content)
        self._measured: dict[tuple, list[str]] = {}
        self._fonts: dict[str, object] = {}  # fonts kept resolved, by QFont.key() (_keep_fonts)
        self._shown: tuple[Position, str] | None = None  # what was made last, in which language
        self._hold_all = engine.evaluate(_HOLD)
        self._slide_area_item = _slide_area(player)
        self._slide_area = engine.newQObject(self._slide_area_item)
        # The text columns under an item, in item order, as the player finds them for their hints
        # (Main.qml's slideArea.columnsOf).
        self._columns_of = self._slide_area.property("columnsOf")
        self._layers = [child for child in self._slide_area_item.childItems() if child.inherits("QQuickLoader")]
        # The grid sizes the text columns of each view found (by size, position and column), for
        # the same view in the next languages (:meth:`_hint`).
        self._found: dict[tuple, list[int]] = {}
        player.backend.viewChanged.connect(self._forget_shown)
        # The cross-fade between slides (Main.qml's ``fade``) and the Connections that makes a
        # slide at each view (_AREA_OBJECTS), each None when not found.
        found = engine.evaluate(_AREA_OBJECTS).call([self._slide_area, engine.newQObject(player.backend)])
        self._fade, self._maker = (_AreaObject(found.property(i)) if found.property(i).isQObject() else None
                                   for i in (0, 1))
        player.backend.pictures_drawn = False  # laid out, not drawn (Backend.pictures_drawn)
        # Events as on their worst day: each with the longest of its badges ("Today", "Tomorrow"),
        # so a badge that would cut a card's text on the event's day is found without a moment.
        player.backend.session.worst_badges = True
        self._made = ""  # the type of the slide on show, when made for a view of that type
        self.reused = 0  # views shown in the slide on show rather than in one made for them
        self._reset = engine.evaluate(_RESET)

    def check(self, task: _Task) -> tuple:
        """What ``task`` finds, as :func:`_resolved` reads it: ``(misfits, slide, around)``.

        ``misfits``: in each of the task's languages, each with its kind: 0 text too tall, 1 a
        word too wide, 2 a control's label, 3 the same with larger text, 4 a field of an event
        cut, 5 a text around the slide cut short (``None`` for a view
        around a slide made by another task, :attr:`_Task.around`: that slide's verdict is
        needed). ``slide``, ``around``: for a view, ``(a text column overflows, the words too
        wide for their line)`` of its slide area (a view that makes its slide) and of what is
        around it, with the texts there cut short (:func:`_cut_around`; a view around a slide
        made by another task); else ``None``.
        """
        self._resize(task.size)
        if task.controls:
            return _in_each_language(task, self._controls(task)), None, None
        if task.around:
            return None, None, self._around(task)
        slide, around = self._view(task)
        return _in_each_language(task, _view_misfits(task, slide, around)), slide, None

    def _playing(self) -> None:
        """The loop's state of a view: the controls hidden (not paused), the usual text size."""
        backend = self.player.backend
        if backend.largeText:
            backend.toggleLargeText()  # a touch: the controls show
        if backend.paused:
            backend.resume()

    def _view(self, task: _Task) -> tuple[tuple[bool, list[str], list[str]], tuple[bool, list[str], list[str]]]:
        """Make the slide of ``task`` in ``langs[0]`` and lay the window out: ``(a text column
        overflows, the words too wide, what of each event is cut (:func:`_cut_fields`))`` of the
        slide area, then ``(a text column overflows, the words too wide, the texts cut short
        (:func:`_cut_around`))`` of what is around it."""
        lang = task.langs[0]
        self._let_go()
        self._playing()
        self._language(lang, task.position)
        self._show(task.position)
        columns = self._hint(task)
        scene = self._settle()
        self._shown = (task.position, lang)
        self._note_found(task, columns)
        events = self.player.backend.view.get("type") == "events"
        # An events card may leave its description out (no line left for it) with nothing too tall.
        cuts = _cut_fields(self._slide_area_item) if scene.slide_overflowing or events else []
        codes = _codes_left_out(self._slide_area_item) if events else ""
        if codes:
            cuts.append(codes)
        return (scene.slide_overflowing, self._words_of(scene.slide_texts), cuts), (
            scene.around_overflowing, self._words_of(scene.around_texts), _cut_around(scene.around_texts))

    def _around(self, task: _Task) -> tuple[bool, list[str], list[str]]:
        """``(a text column overflows, the words too wide, the texts cut short (:func:`_cut_around`))``
        of what is around the slide area at
        the view of ``task`` in ``langs[0]``, whatever slide is on show: the header and the
        footer depend on the language, the size and the view's place in the loop (LoopPlace.qml:
        ``Player.loop``, set here for the view), never on the slide. The slide on show is not
        laid out again (its text columns are held, :meth:`_language`) nor read."""
        backend = self.player.backend
        self._let_go()
        self._playing()
        self._language(task.langs[0], task.position)
        backend.session.display(task.position, self.at)  # the slide on show stays
        backend._update_loop()  # the loop's place of the view (Backend.loop), as showing it sets it
        scene = self._settle(slide=False)
        return scene.around_overflowing, self._words_of(scene.around_texts), _cut_around(scene.around_texts)

    def _let_go(self) -> None:
        """Let go of the slide on show when no later view can be shown in it (its type is not in
        :data:`_REUSED`): the next view makes its own, and what is around the slide does not
        depend on it (:meth:`_around`). So it is not laid out again, for nothing, as the text
        size or the language changes meanwhile (after the controls: the larger text, then the
        next language)."""
        if self._made in _REUSED or self._maker is None:
            return
        shown = self._slide_on_show()
        if shown is not None:
            shown[0].setProperty("source", "")  # as Main.qml lets the slide faded out go
        self._made = ""
        self._shown = None

    def _hint(self, task: _Task) -> list:
        """The text columns of the slide just made (FitColumn.qml, in item order), each given
        as ``hints`` the grid sizes its like found in other languages at this size, the most
        often found first (two at most): when one is right the column tries 2 sizes, not about 9.
        The sizes found are the same with or without hints."""
        columns = self._columns_of.call([self._slide_area]).toVariant() or []
        for n, column in enumerate(columns):
            found = self._found.get((task.size, task.position, n))
            if found:
                column.setProperty("hints", [grid for grid, _ in Counter(found).most_common(2)])
        return columns

    def _note_found(self, task: _Task, columns: list) -> None:
        """Remember the grid size each of ``columns`` (:meth:`_hint`) found, for :meth:`_hint`."""
        from shiboken6 import isValid

        for n, column in enumerate(columns):
            grid = column.property("grid") if isValid(column) else None
            if isinstance(grid, int) and grid >= 0:
                self._found.setdefault((task.size, task.position, n), []).append(grid)

    def _words_of(self, texts: list) -> list[str]:
        """The words too wide for their line of the text items ``texts``, in their order."""
        return [word for item in texts for word in self._words(item)]

    def _controls(self, task: _Task) -> list[tuple[Misfit, int]]:
        """The visitor's controls (paused) whose labels have a word too wide for their button
        (:func:`control_words`), kind 2 (3 with larger text); then the texts around the slide cut
        short while they show (:func:`_cut_around`: the organisation's name beside Close), kind 5."""
        backend, lang = self.player.backend, task.langs[0]
        if self._shown != (task.position, lang):  # else on show since the view was checked
            self._language(lang, task.position)
            self._show(task.position)
        self._hold()  # their verdict is the controls' labels only: the slide's text is not refitted
        if not backend.paused:
            backend.tap()
        if backend.largeText != task.large:
            backend.toggleLargeText()
        scene = self._settle(buttons=True)
        words = [word for button in scene.buttons for word in _button_words(button)]
        # The header beside the controls: the organisation's name beside Close (kind 5)
        controls = "controls with larger text" if task.large else "controls"
        cut = [(Misfit(task.position, task.size, lang, controls=controls, around=name), 5)
               for name in _cut_around(scene.around_texts)]
        if not words:
            return cut
        return [(Misfit(task.position, task.size, lang, max(words, key=len), controls), 2 + task.large)] + cut

    def _hold(self) -> None:
        """Hold every text column on show (FitColumn.qml ``held``: it keeps its size, the larger
        text, the controls showing or another language do not fit it again), until its slide is
        replaced (:meth:`_view`). One call into the scene (:data:`_HOLD`)."""
        self._hold_all.call([self._root])

    def _language(self, lang: str, position: Position) -> None:
        """Show the deck in ``lang`` from the next slide made (:meth:`_show`), which is made once:
        the header, the footer and the texts bound to the kiosk's own words follow at once. The
        slide on show, checked in the language before, is held (:meth:`_hold`): it is replaced,
        or only what is around it is read, so its text is not fitted again."""
        backend = self.player.backend
        if backend.session.language == lang:
            return
        self._hold()
        organisation = backend.organisation
        backend.session.set_language(lang)
        backend.session.display(position, self.at)  # the view stays the one on show
        if backend.organisation != organisation:  # of the deck's properties, the one in a language
            backend.deckChanged.emit()
        backend.visitorChanged.emit()

    def _show(self, position: Position) -> None:
        """Show ``position``: its slide is made, and the cut to it (Main.qml's ``fade``, 0 ms
        long here) is brought to its end at once rather than at the animation timer's next tick
        (as much as 16 ms of waiting per view); the slide before is let go then.

        A slide of a type in :data:`_REUSED` on show for a view of the same type is not made
        again: it is given the new view, as if just made (:data:`_RESET`), for much less than making
        one. The window then shows what a slide made for the view shows (the templates
        of those types are bindings of ``view`` and the screen, with no state of their own but
        their text columns', which start afresh)."""
        from PySide6.QtCore import QMetaObject

        from kiosk.qt.offscreen import show

        backend = self.player.backend
        shown = self._slide_on_show() if self._made in _REUSED and self._maker is not None else None
        if shown is not None:
            layer, item = shown
            self._maker.set("enabled", False)  # the view changes, no slide is made for it
            try:
                backend.display(position, self.at)
            finally:
                self._maker.set("enabled", True)
            view = backend.view
            if view.get("type") == self._made and self._slide_on_show() == shown:
                layer.setProperty("rtl", view.get("rtl") is True)  # as Main.qml's show()
                self._reset.call([self.player.engine.newQObject(item)])
                item.setProperty("view", view)
                self.reused += 1
                self._shown = (position, backend.session.language)
                return
            QMetaObject.invokeMethod(self._slide_area_item, "show")  # as Main.qml does at a view
        else:
            backend.viewChanged.connect(self._complete_cut)
            try:
                show(backend, position, self.at)
            finally:
                backend.viewChanged.disconnect(self._complete_cut)
        if self._fade is not None and self._fade.get("running"):
            self._fade.call("complete")
        self._made = str(backend.view.get("type", ""))
        self._shown = (position, backend.session.language)

    def _slide_on_show(self):
        """``(layer, slide)``: the ``Loader`` of Main.qml's slide area holding the one slide on
        show, and that slide (``QQuickItem``); ``None`` unless exactly one holds a slide."""
        held = [(layer, layer.property("item")) for layer in self._layers if layer.property("item") is not None]
        return held[0] if len(held) == 1 else None

    def _complete_cut(self) -> None:
        """Bring the cut Main.qml has just started to its end (see :meth:`_show`)."""
        if self._fade is not None and self._fade.get("running"):
            self._fade.call("complete")

    def _forget_shown(self) -> None:
        self._shown = None

    def _resize(self, size: tuple[int, int]) -> None:
        """Make the window ``size`` (width, height) pixels (its whole scene is laid out again)."""
        from PySide6.QtCore import QSizeF

        window = self.player.window
        if self.player.size != size:
            window.resize(*size)
            window.contentItem().setSize(QSizeF(*size))  # as the window's resize event would

    def _settle(self, buttons: bool = False, slide: bool = True) -> _Scene:
        """Lay the scene out until its text columns have fitted (or reached their smallest size)
        and nothing changes any more: the pending events handled, then :data:`_SCENE_WALK`;
        with ``buttons``, the visible control buttons are listed too; without ``slide``, the
        slide area is left as it is, neither laid out nor read."""
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.processEvents()
        scene = self._walk.call([self._root, buttons, SETTLE_ROUNDS, slide, self._slide_area])
        return _Scene(*(scene.property(i).toBool() if i in (1, 4) else scene.property(i).toVariant() or []
                        for i in range(1, 6)))

    def _words(self, item) -> list[str]:
        """:func:`_text_words` of a text item, remembered by text, width and font; the fonts
        near its font are kept (:meth:`_keep_fonts`)."""
        if not item.inherits("QQuickText"):
            return []
        font = _drawn_font(item)
        name = font.key()
        if name not in self._fonts:
            self._keep_fonts(font)
        key = (item.property("text"), item.width(), item.property("contentWidth"), name)
        if key not in self._measured:
            self._measured[key] = _text_words(item, font)
        return self._measured[key]

    def _keep_fonts(self, font) -> None:
        """Keep ``font`` (a ``QFont`` a text is drawn in) and the same font at each pixel size
        within :data:`KEPT_FONT_SIZES` of its own, resolved, for as long as this checker lives.

        Qt makes a font engine (FreeType face at a size, its metrics and glyph advances) for each
        font and pixel size a text is laid out in, in a cache of its own (``QFontCache``, 100 KB
        counted for each engine) that, once it holds 256 engines, shrinks at each new one: it
        lets go of the engines no ``QFont`` in use has resolved, the least used first, down to
        half its size. The text columns of every slide try their sizes again
        (``parts/FitColumn.qml``) in the same few fonts, so the same engines were made over and
        over (3,520 for the bundled deck in one process; keeping them saves about a fifth of
        the processor time of its fit). A ``QFont`` resolved (here by measuring its height) holds
        its engines in use, so they are found again, not made; the sizes a column tries lie near
        the one its texts end at. The sizes found are the same: an engine found is as one made.
        """
        from PySide6.QtGui import QFont, QFontMetricsF

        size = font.pixelSize()
        for pixels in range(max(1, size - KEPT_FONT_SIZES), size + KEPT_FONT_SIZES + 1):
            near = QFont(font)
            near.setPixelSize(pixels)
            name = near.key()
            if name not in self._fonts:
                QFontMetricsF(near).height()  # resolved: its engines made (or found) and held by it
                self._fonts[name] = near


#: Slide types (Main.qml's ``fileFor``) whose slide on show is given the next view of the same
#: type rather than made again (:meth:`_Checker._show`): templates made of bindings of ``view``
#: and the screen, with no state of their own (not the events, whose cards note their sizes in
#: turn, nor the helpline, which reads its codes' sizes from their repeater).
_REUSED = frozenset({"text", "title", "signs-page"})

#: A slide's text columns as in a slide just made (FitColumn.qml's own values): not held, no
#: hints, k 1, no grid found; each fitted again once the events are handled (as when made).
_RESET = r"""
(function (root) {
    function walk(item) {
        if (item.kMin !== undefined && item.hints !== undefined) {
            item.held = false;
            item.hints = [];
            item.k = 1;
            item.grid = -1;
            Qt.callLater(item.refit);
        }
        var children = item.children;
        for (var i = 0; i < children.length; ++i)
            walk(children[i]);
    }
    walk(root);
})
"""


#: Two objects of Main.qml's slide area (its ``resources``, the objects that are not items): the
#: cross-fade between slides (``fade``) and the ``Connections`` that makes a slide at each view
#: (``slideMaker``, its target the player's backend, given as ``backend``), each ``null`` when
#: there is not exactly one (without it the fit check lets every view make its slide).
_AREA_OBJECTS = r"""
(function (area, backend) {
    var fades = [], makers = [];
    var objects = area.resources;
    for (var i = 0; i < objects.length; ++i) {
        var object = objects[i];
        if (object.objectName === "fade")
            fades.push(object);
        else if (object.objectName === "slideMaker" && object.target === backend)
            makers.push(object);
    }
    return [fades.length === 1 ? fades[0] : null, makers.length === 1 ? makers[0] : null];
})
"""


class _AreaObject:
    """An object of the scene held in its engine (a ``QJSValue``): its properties read and set,
    its methods called there. Python never wraps it, so no Python type is made for its class
    (the first object of a class PySide does not know costs about 25 ms of enums in a process)."""

    def __init__(self, value) -> None:
        self._value = value

    def get(self, name: str):
        """The property ``name``, as a Python value."""
        return self._value.property(name).toVariant()

    def set(self, name: str, value) -> None:
        """Set the property ``name`` to ``value``."""
        self._value.setProperty(name, value)

    def call(self, name: str) -> None:
        """Call the method ``name`` with no arguments."""
        self._value.property(name).callWithInstance(self._value)


def _slide_area(player):
    """The slide area of Main.qml (the item named ``slideArea``), or ``None``: looked for among
    the window's items, not with ``findChild``, whose first call in a process makes the Python
    enums of Qt's classes (some 25 ms)."""
    items = [player.content]
    while items:
        item = items.pop()
        if item.objectName() == "slideArea":
            return item
        items += item.childItems()
    return None


#: Every text column (FitColumn.qml: with ``kMin`` and ``held``) under an item held (``held``
#: true): it keeps its size until let go.
_HOLD = r"""
(function (root) {
    function walk(item) {
        if (item.held === false && item.kMin !== undefined)
            item.held = true;
        var children = item.children;
        for (var i = 0; i < children.length; ++i)
            walk(children[i]);
    }
    walk(root);
})
"""


@dataclass(frozen=True)
class _Scene:
    """The scene as :data:`_SCENE_WALK` read it, once laid out: whether a visible text column
    overflows, and the visible text items (``QQuickText``, in item order), in the slide area
    (``slideArea`` of Main.qml) and around it; and the visible control buttons when asked for."""

    slide_overflowing: bool
    slide_texts: list
    buttons: list
    around_overflowing: bool
    around_texts: list


#: The fields of an event's card (EventsSlide.qml, by the names of their items) in words, in
#: the order a card shows them.
_EVENT_FIELDS = {"eventTitle": "title", "eventDate": "day", "eventTime": "time", "eventPlace": "place",
                 "signupText": "sign-up line", "eventBody": "description"}


#: :attr:`Misfit.cut` of an events slide whose sign-up codes, though they had room to be scanned,
#: are left out so that each card's title, day, time and place fit (EventsSlide.qml ``codesShown``).
CODES_LEFT_OUT = "codes"
#: :attr:`Misfit.cut` of an events slide whose sign-up codes are left out because the slide, as
#: laid out (its headline and intro above the cards, in the language's font), leaves them too
#: little room to be scanned (EventsSlide.qml ``codeSide`` below ``qrMin``).
CODES_NO_ROOM = "codes: no room"
#: Every :attr:`Misfit.cut` saying an events slide's sign-up codes are left out.
CODES_CUTS = (CODES_LEFT_OUT, CODES_NO_ROOM)


def _codes_left_out(area) -> str:
    """Why the events slide under the slide area ``area`` leaves its sign-up codes out, as the
    player lays it out (EventsSlide.qml ``codesShown`` false with codes to show):
    :data:`CODES_LEFT_OUT` when they would be full size (``codeSide``, ``qrMin``) but are left out
    for its cards' title, day, time and place (``factsMost``, how far they run past their room),
    :data:`CODES_NO_ROOM` when they would be too small to scan; ``""`` when it shows them (or has
    none, or is no events slide)."""
    for item in _items(area):
        if item.property("factsRoom") is not None and item.isVisible():
            if not (item.property("modules") or 0) > 0 or item.property("codesShown"):
                return ""
            return CODES_LEFT_OUT if item.property("codeSide") >= item.property("qrMin") - 0.5 else CODES_NO_ROOM
    return ""


def _cut_fields(area) -> list[str]:
    """What of each event's card (EventsSlide.qml's ``eventCard``) under the slide area ``area``
    (a ``QQuickItem``) a passer-by does not see whole: a field whose item runs past the bottom of
    its text column cut at the smallest readable size, or ends in the lower half of the fade over
    its foot (FitColumn.qml ``overflowing``: it is faded and clipped there), or a text cut short
    with an ellipsis (FitText.qml ``overflowing``), or a description left out for want of a line
    (EventsSlide.qml ``leftOut``), or a field under the card's "Today" or "Tomorrow" badge
    (:func:`_under_badge`, named with :data:`_UNDER_BADGE` after those cut). One phrase per card
    with a field cut, in card order, e.g. ``"event 'Exhibition' on 2019-10-19: place and
    description"`` or ``"...: title (under its badge)"`` (the event, then its fields cut after
    the last ``": "``); empty when no card has one."""
    found = []
    for card in _items(area):
        if card.objectName() != "eventCard" or not card.isVisible():
            continue
        cut: list[str] = []
        for column in _items(card):
            if column.property("kMin") is None or not column.isVisible():
                continue
            # Cut at the column's foot, and faded over the last part of it (its "fitFade"): a
            # field ending in the lower half of the fade is not read either.
            edge = column.height() + 1
            if column.property("overflowing"):
                edge -= max([fade.height() / 2 for fade in column.childItems() if fade.objectName() == "fitFade"] or [0])
            for item in _items(column):
                name = _EVENT_FIELDS.get(item.objectName())
                if name is None or not item.isVisible() or not item.property("text") or name in cut:
                    continue
                bottom = item.mapToItem(column, item.boundingRect().bottomLeft()).y()
                if bottom > edge or item.property("truncated"):
                    cut.append(name)
        for item in _items(card):  # a description beside the code, outside the column, or left out
            if item.objectName() == "eventBody" and "description" not in cut and (
                    (item.isVisible() and item.property("truncated")) or item.property("leftOut")):
                cut.append("description")
        cut.sort(key=list(_EVENT_FIELDS.values()).index)
        cut += [f"{name} {_UNDER_BADGE}" for name in _under_badge(card) if name not in cut]
        if cut:
            fields = cut[0] if len(cut) == 1 else ", ".join(cut[:-1]) + " and " + cut[-1]
            found.append(f"event '{card.property('eventTitle')}' on {card.property('eventDate')}: {fields}")
    return found


#: How :func:`_cut_fields` names a field of a card whose box the card's "Today" or "Tomorrow"
#: badge stands over, after the field's name.
_UNDER_BADGE = "(under its badge)"


def _under_badge(card) -> list[str]:
    """The fields of the event's card ``card`` (a ``QQuickItem``, EventsSlide.qml's ``eventCard``)
    shown with a text whose box its "Today" or "Tomorrow" badge (``eventDay``) overlaps, by more
    than half a pixel each way, so covering some of the text or where a longer one runs: each
    once, in the order the card shows them (:data:`_EVENT_FIELDS`). Empty when the card shows no badge."""
    from PySide6.QtCore import QRectF

    badges = [item for item in _items(card) if item.objectName() == "eventDay" and item.isVisible()]
    if not badges:
        return []
    badge = badges[0].mapRectToItem(card, QRectF(0, 0, badges[0].width(), badges[0].height())).adjusted(0.5, 0.5, -0.5, -0.5)
    covered = []
    for item in _items(card):
        name = _EVENT_FIELDS.get(item.objectName())
        if name is None or name in covered or not item.isVisible() or not item.property("text") \
                or item.opacity() == 0:
            continue
        box = QRectF(0, 0, item.width(), item.height())  # its box, where a longer text would run too
        if item.mapRectToItem(card, box).intersects(badge):
            covered.append(name)
    return sorted(covered, key=list(_EVENT_FIELDS.values()).index)


def _cut_around(texts: list) -> list[str]:
    """The texts among ``texts`` (the visible text items around the slide area, as
    :data:`_SCENE_WALK` reads them) cut short with an ellipsis (``truncated``: more lines than
    they may take, at their smallest size): each named as :attr:`Misfit.around` names it (the
    organisation's name :data:`BYLINE`; another, the kiosk's own words, by its text), each once,
    in item order."""
    found: list[str] = []
    for item in texts:
        if not item.property("truncated"):
            continue
        name = _AROUND_FIELDS.get(item.objectName()) or visible(str(item.property("text")))
        if name and name not in found:
            found.append(name)
    return found


def _items(item):
    """``item`` (a ``QQuickItem``) and every item under it, parents first."""
    yield item
    for child in item.childItems():
        yield from _items(child)


#: The Qt Quick classes (``QMetaObject.className``, a QML type's first C++ base class) of the
#: player's items that have no polish step (no ``updatePolish`` of their own: in Qt 6 only texts,
#: positioners, item, path and table views, Flipable and WindowContainer have one).
#: :data:`_SCENE_WALK` polishes only a text (an item with a ``lineCount``) and a positioner or an
#: item view (with ``forceLayout()``), as each call from the walk's JavaScript into an item's
#: method costs a search of that item's methods by name (about 5 % of the fit check's processor
#: time when every item was polished). An item of any other class in the scene fails
#: ``tests/gui/test_fit_polish.py``: then polish it in the walk (a class with a polish step) or
#: name it here.
UNPOLISHED = ("QQuickItem", "QQuickRectangle", "QQuickImage", "QQuickLoader", "QQuickRepeater",
              "QQuickMultiPointTouchArea", "QQuickRootItem")

#: The scene laid out and read, in one call: passes over the scene, children first, polish each
#: item that has a layout to polish (a text or a positioner, :data:`UNPOLISHED`; laid out as
#: before a frame); after each pass every visible text column that does not
#: fit is refitted (its own ``refit()``, the call it defers with ``Qt.callLater``), until a pass
#: finds every column fitted (or at its smallest) and every visible item's size as the pass
#: before (a layout polished may resize another, polished earlier; at most ``rounds`` passes):
#: its size and implicit size, or for a text (an item with a ``lineCount``) its size and the size
#: of its laid-out text, as reading a text's implicit size would lay it out again (Qt lays a text
#: out for its implicit size only once something asks for it; the player never does for most,
#: and the size found is the same). Then it is read: the columns' state (k, kMin,
#: implicitHeight, height, width: a FitColumn), whether a visible one overflows (_overflowing),
#: the visible items with a text and a laid-out width (the text items, too_wide_words: another
#: kind, a text field, is passed over by _Checker._words), each of these in the slide area (Main.qml's
#: ``slideArea``, given as ``area``) and around it apart, and, when asked, the visible control
#: buttons (control_words). Invisible and transparent items hide their children. Without
#: ``slide`` the slide area is left out.
_SCENE_WALK = r"""
(function () {
// The items a pass met, at each place of the pass (its count of items met before it, around
// the slide area and in it apart), with what is known of each: whether it is a text, and its
// ensurePolished method (null for an item with nothing to polish). An item met at the same
// place as before (the header and footer at every pass, the slide on show at its next pass) is
// polished by its method as found then: finding a method of an item anew searches the item's
// methods by name at each call.
var places = [{items: [], texts: [], polish: []}, {items: [], texts: [], polish: []}];
var at;  // the place of the next item, around the slide area and in it
// Polish `item` (met at the next place in or around the slide area); true for a text.
function polished(item, inSlide) {
    var kind = inSlide ? 1 : 0, known = places[kind], n = at[kind]++;
    if (known.items[n] !== item) {
        // Only a text (it has a lineCount) or a positioner (it has forceLayout) has a layout
        // that waits for its polish here (UNPOLISHED).
        var text = item.lineCount !== undefined;
        known.items[n] = item;
        known.texts[n] = text;
        known.polish[n] = text || typeof item.forceLayout === "function" ? item.ensurePolished : null;
    }
    var polish = known.polish[n];
    if (polish !== null)
        polish();
    return known.texts[n];
}
return function (root, buttons, rounds, slide, area) {
    var columns, texts, found, overflowing, refit, geometry, aroundTexts, aroundOverflowing;
    function walk(item, shown, inSlide) {
        var children = item.children;
        var button = buttons && shown && String(item).indexOf("TouchButton_QML") === 0;
        var under = inSlide || item === area;
        if (under && !slide)
            return;
        for (var i = 0; i < children.length; ++i) {
            var child = children[i];
            walk(child, shown && !button && child.visible && child.opacity !== 0, under);
        }
        var text = polished(item, under);
        var visible = item.visible;
        if (visible && !text)
            geometry.push(item.width, item.height, item.implicitWidth, item.implicitHeight);
        else if (visible)  // a Text: its laid-out size (its implicit size read here lays it out again)
            geometry.push(item.width, item.height, item.contentWidth, item.contentHeight);
        if (visible && item.kMin !== undefined) {
            columns.push(item.k, item.kMin, item.implicitHeight, item.height, item.width);
            if (item.implicitHeight > item.height + 1 && item.k > item.kMin && !item.held)
                refit.push(item);
        }
        if (!shown)
            return;
        if (item.overflowing === true) {
            if (inSlide) overflowing = true; else aroundOverflowing = true;
        }
        if (button)
            found.push(item);
        else if (text && item.width > 0 && item.text)  // (a text with no lineCount has no words: _Checker._words)
            (inSlide ? texts : aroundTexts).push(item);
    }
    // The same numbers (NaN as NaN), as their text would be: compared one by one, not joined.
    function same(a, b) {
        if (a.length !== b.length)
            return false;
        for (var i = 0; i < a.length; ++i) {
            if (a[i] !== b[i] && (a[i] === a[i] || b[i] === b[i]))
                return false;
        }
        return true;
    }
    var before = null;
    for (var round = 0; round < rounds; ++round) {
        columns = []; texts = []; found = []; overflowing = false; refit = []; geometry = [];
        aroundTexts = []; aroundOverflowing = false; at = [0, 0];
        walk(root, root.visible && root.opacity !== 0, false);
        if (refit.length === 0 && before !== null && same(geometry, before[0]) && same(columns, before[1]))
            break;
        before = [geometry, columns];
        for (var i = 0; i < refit.length; ++i)
            refit[i].refit();
    }
    return [columns, overflowing, texts, found, aroundOverflowing, aroundTexts];
};
})()
"""


class Helpers:
    """Helper processes for :func:`find_misfits`, started before the views are known: each makes
    its application and loads the fonts meanwhile, then waits for the views to check.

    Use :func:`start_helpers` or :func:`start_early_helpers`; :func:`find_misfits` ends them (or
    call :meth:`close`).

    Attributes:
        count: how many processes check views.
        processes: the processes this one started (an early start starts one, which copies
            itself: it ends after its copies).
    """

    def __init__(self, count: int, ahead: tuple[Deck, Path] | None = None, early: bool = False) -> None:
        import multiprocessing

        # A copy of this process (fork) starts at once, its modules already imported (about 0.3 s
        # of processor time a new interpreter spends on Python, Qt's bindings and the deck's
        # model); it is made only while this process is a single thread with no Qt application.
        # Else a new interpreter (spawn): never fork a process that may hold Qt's threads.
        forked = _may_fork()
        context = multiprocessing.get_context("fork" if forked else "spawn")
        self.count = count
        # The deck and folder the copies make their player for (start_helpers, tell), if any.
        self.ahead = ahead if forked else None
        self._encoded: tuple[Deck, object] | None = None  # the deck ahead and its plain form (_plain)
        self.counter = context.Array("i", 2)  # units taken from the front and from the back (_next_tasks)
        self.results = context.Queue()
        self.jobs = context.Queue()
        early = early and forked and count > 1
        #: The process ids of the copies the first helper of an early start made of itself (0
        #: until made), so that :meth:`close` ends them too; ``None`` otherwise.
        self.copies = context.Array("i", count) if early else None
        if early:
            self.processes = [context.Process(target=_first_helper, args=(self.jobs, self.counter, self.results,
                                                                          count, self.copies),
                                              daemon=True, name="kiosk-fit-0")]
        else:
            # The last takes the units from the back: it starts at the last size, the others at
            # the first, so fewer processes lay the window out at each size.
            self.processes = [context.Process(target=_worker, args=(self.jobs, self.counter, self.results, forked,
                                                                    n == count - 1, self.ahead),
                                              daemon=True, name=f"kiosk-fit-{n}") for n in range(count)]
        import os

        from kiosk import stopsignals

        global _STARTER
        _STARTER = os.getpid()  # a copy ends with this process (_end_with_parent)
        with _without_main(), stopsignals.children_started():  # Ctrl+C is this process's to act on
            for process in self.processes:
                process.start()

    def tell(self, deck: Deck, folder: Path) -> None:
        """Tell processes started before the deck was read (:func:`start_early_helpers`) the
        deck (checked) and its folder: each makes its player for it while this process lists the
        views (the first to take the message; one that never does makes it with the views).

        The deck travels in its plain form (:func:`kiosk.deck.plain.encode`, as ``kiosk run``
        hands a checked deck to the process that draws), so those processes never import the
        deck's model (pydantic and the checks' modules: about 0.2 s of processor time, on the
        way to their first view); the views they show and the keys they read are the same."""
        self.ahead = (deck, folder)
        for _ in range(self.count):
            self.jobs.put(("ahead", self._plain(), folder))

    def _plain(self) -> object:
        """The deck :attr:`ahead` in its plain form (:func:`kiosk.deck.plain.encode`: JSON values),
        made once."""
        from kiosk.deck.plain import encode

        if self._encoded is None or self._encoded[0] is not self.ahead[0]:
            self._encoded = (self.ahead[0], encode(self.ahead[0]))
        return self._encoded[1]

    def give(self, job: tuple, count: int) -> None:
        """Give ``job`` (:func:`_worker`'s) to ``count`` of the processes; the others end. A job
        for the deck they were started for or told (``ahead``, the same objects) says so, and
        carries that deck in its plain form (:meth:`tell`): they use the player made for it."""
        same = self.ahead is not None and job[0] is self.ahead[0] and job[1] == self.ahead[1]
        if same:
            job = (self._plain(), *job[1:])
        for n in range(self.count):
            self.jobs.put((job, same) if n < count else None)

    def close(self) -> None:
        """End the processes (at once: idle, every task taken, or none given), once."""
        if not self.processes:
            return
        import os
        import signal

        for pid in self.copies or ():
            if pid > 0:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGTERM)  # their default: they end at once
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        self.processes = []
        # A job no process read is not waited for: the queues' threads end at once, and their
        # semaphores are freed as this process ends (none left for the system to clean up).
        self.jobs.cancel_join_thread()
        self.results.close()
        self.jobs.close()


def _may_fork() -> bool:
    """True when helper processes may be copies of this one (``fork``): on Linux (where the
    threads of a process can be counted), with no Qt application made here yet (Qt starts threads
    of its own with it) and no other thread running, so the copy holds no lock another thread
    held. Then each copy makes its own application, as this process would (:func:`_worker`)."""
    import os
    import sys
    import threading

    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        if len(os.listdir("/proc/self/task")) != 1:
            return False
    except OSError:
        return False
    core = sys.modules.get("PySide6.QtCore")  # not loaded: no application either
    return core is None or core.QCoreApplication.instance() is None


def worth_sharing(deck: Deck) -> bool:
    """True when :func:`find_misfits` may share ``deck``'s views among processes if none is
    cached: it has at least :data:`PARALLEL_FROM_SLIDES` views at all sizes (the slides to make
    may be fewer: views in several languages share theirs)."""
    from kiosk.player.navigator import all_positions

    return len(all_positions(deck)) * len(deck.deck.languages) * len(SIZES) >= PARALLEL_FROM_SLIDES


def nothing_cached() -> bool:
    """True when the check cache holds no view's fit (:class:`_ViewCache`): a first check here."""
    from kiosk import checkcache

    return not checkcache.lookup_table(_ViewCache.KIND)


def _cores() -> int:
    """The CPU cores this process may run on (at least 1)."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


def start_helpers(count: int | None = None, ahead: tuple[Deck, Path] | None = None) -> Helpers | None:
    """Start helper processes for a coming :func:`find_misfits` (``helpers=``), so their start
    overlaps this process's own work. Made before this process has a Qt application, they are
    copies of it (:func:`_may_fork`: ready within about 0.05 s, each making its own application);
    else new interpreters (Python, Qt, the fonts: about half a second each), started once this
    process's application is made (:func:`kiosk.qt.offscreen.body_font`), as :func:`find_misfits`
    would make it, so they inherit the settings it made.

    Args:
        count: how many (default: one per CPU core this process may run on when they are copies,
            so that :func:`find_misfits` leaves every view to them and this process only hands
            them out and gathers the verdicts; one fewer when they are new interpreters, which
            take longer to start than this process needs to make its own player).
        ahead: the deck (checked) and its folder that :func:`find_misfits` will be given: copies
            then make their player for it while they wait (about 0.1 s of their start, which
            overlaps what this process does before the views are handed out).

    Returns:
        The processes, or ``None`` when there would be none.
    """
    from kiosk.qt.offscreen import body_font

    forked = _may_fork()
    if count is None:
        cores = _cores()
        count = cores - (0 if forked and ahead is not None and cores > 1 else 1)
    if count <= 0:
        return None
    if forked:
        helpers = Helpers(count, ahead)
        body_font()
        return helpers
    body_font()  # this process's application first: new interpreters inherit the settings it made
    return Helpers(count)


def start_early_helpers(count: int | None = None) -> Helpers | None:
    """Start helper processes for a :func:`find_misfits` of a deck not read yet: one process,
    a copy of this one, loads Qt, the player and the deck's model while this process reads the
    deck (on another core), then copies itself into the others (:func:`_first_helper`). This
    process loads none of it before the views are handed out. Tell them the deck once it is
    read and checked (:meth:`Helpers.tell`), or :meth:`~Helpers.close` them.

    Args:
        count: how many processes check views (default: one per CPU core this process may run on).

    Returns:
        The processes, or ``None`` when they cannot be started so: not copies (:func:`_may_fork`),
        or fewer than two (one core).
    """
    count = _cores() if count is None else count
    if count < 2 or not _may_fork():
        return None
    return Helpers(count, early=True)


def _check_in_parallel(deck: Deck, folder: Path, sizes: tuple[tuple[int, int], ...], at: dt.datetime | None,
                       tasks: list[_Task], units: list[list[int]], workers: int,
                       record: Callable[[int, list], None], helpers: Helpers | None = None,
                       meanwhile: Callable[[], object] | None = None,
                       known: Callable[[int, object], None] | None = None) -> None:
    """Check ``tasks`` in ``workers`` processes, each with its own QML engine, each taking the
    next of ``units`` (:func:`_units`) as it is free: ``workers`` of the ``helpers`` when there
    are as many (this process only gathers their verdicts: its player is neither made nor torn
    down), else this process and ``workers - 1`` others (``helpers``, or new ones). Tasks a
    process took but did not report (it died) are checked here at the end. ``meanwhile``: called
    here once this process has no more tasks to take, while the others end theirs. ``known``:
    given, each helper reads what lays each view it checks out (:meth:`_ViewCache.key`) and
    ``known(index, key)`` is called with it before ``record`` (this process then loads no Qt
    for the keys of the views it did not check).

    Raises:
        RuntimeError: when the QML player cannot be created here.
    """
    import queue

    from kiosk import stopsignals

    own = helpers is None
    if own:
        helpers = start_helpers(workers - 1)  # with this process's application
    here = helpers.count < workers  # else every view is checked by a helper (Qt may not be loaded here)
    helpers.give((deck, folder, sizes, at, tasks, units, known is not None), workers - here)
    have: set[int] = set()

    def keep(index: int, misfits: list) -> None:
        if index not in have:
            have.add(index)
            record(index, misfits)

    def collect(timeout: float) -> bool:
        stopsignals.check()  # a stop signal stops the check here: the helpers are ended below
        try:
            index, misfits, key = helpers.results.get(timeout=timeout)
        except queue.Empty:
            return False
        if index is not None:
            if known is not None and index not in have:
                known(index, key)
            keep(index, misfits)
        return True

    try:
        if here:
            _check_tasks(deck, folder, sizes, at, tasks, units, _next_tasks(helpers.counter, len(units)), keep)
        if meanwhile is not None:
            meanwhile()
        while len(have) < len(tasks) and any(process.is_alive() for process in helpers.processes):
            collect(0.05)
        while len(have) < len(tasks) and collect(0.2):  # what a helper sent just before it ended
            pass
    finally:
        if own:
            helpers.close()
    missing = [index for index in range(len(tasks)) if index not in have]
    if missing:
        left = _units(tasks, missing)
        _check_tasks(deck, folder, sizes, at, tasks, left, iter(range(len(left))), keep)


@contextlib.contextmanager
def _without_main():
    """Start processes that do not run the ``__main__`` module first: a helper needs only
    :func:`_worker` (importable), and a script calling :func:`find_misfits` without an
    ``if __name__ == "__main__":`` guard would otherwise run again in each helper (the "spawn"
    start method imports the main module by its path)."""
    import sys
    import types

    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _next_tasks(counter, count: int, from_back: bool = False):
    """The indexes of the units of tasks this process takes, one at a time, from the first not
    taken yet (or, ``from_back``, the last), until every one of the ``count`` is taken; ``counter``
    (shared among the processes) holds how many were taken from the front and from the back."""
    while True:
        with counter.get_lock():
            front, back = counter[0], counter[1]
            if front + back >= count:
                return
            if from_back:
                counter[1] = back + 1
                index = count - 1 - back
            else:
                counter[0] = front + 1
                index = front
        yield index


def _worker(jobs, counter, results, forked: bool = False, from_back: bool = False,
            ahead: tuple[Deck, Path] | None = None) -> None:
    """A helper process: make the application and load the fonts (and, given the deck and
    folder to check ``ahead``, or told them on ``jobs`` as ``("ahead", plain deck, folder)``
    (:meth:`Helpers.tell`), its player at the size it will start with), then wait for a job on
    ``jobs``, ``((deck, folder, sizes, at, tasks, units), same)`` (``same``: for the deck
    ``ahead`` or told, the job's deck then in its plain form) or ``None`` (end), and check the
    units of tasks it takes (:func:`_next_tasks`; from the last, ``from_back``), putting
    ``(index, result)`` (:meth:`_Checker.check`) on ``results`` for each task, and ``(None,
    None)`` when done. A deck that cannot be rebuilt from its plain form (larger than
    :mod:`kiosk.deck.plain` takes) ends it with no result: the starting process checks the views
    it would have.

    Its application is made as the starting process's was (text is laid out alike): a copy
    (``forked``, made before the starting process had an application) makes it as that process
    does (:func:`kiosk.qt.offscreen.body_font`, from the same settings); a new interpreter
    makes it offscreen, with the scaling settings it inherits as they are, unless the platform is
    not set yet.
    """
    import gc
    import os

    from kiosk import stopsignals

    stopsignals.in_child()  # Ctrl+C reaches the whole process group: the starting process ends this one
    if forked and _STARTER:
        _end_with_parent(_STARTER)  # also when it ends without ending its helpers (os._exit)
    from kiosk.qt.offscreen import OffscreenPlayer, body_font
    from kiosk.qt.startup import _application

    if forked:
        gc.freeze()  # what it was copied with stays as it is: the collector does not walk (or touch) it
    else:
        _application(headless=os.environ.get("QT_QPA_PLATFORM") != "offscreen")
    font = body_font()
    common = _ViewCache.common()  # before any player is made: the fonts as the starting process has them
    checker = None

    def make(deck: Deck, folder: Path) -> _Checker:
        # Made ahead at the size of the units it takes first (the first or last size), with the
        # checker that lays it out, and kept to the end: a copy ends without tearing its scene
        # down (multiprocessing ends it with os._exit once its last result is sent, or the
        # starting process ends it), which would cost some 30 ms.
        player = OffscreenPlayer(deck, folder, SIZES[-1 if from_back else 0], font=font)
        _KEPT.append(player)
        return _Checker(player, None)

    if ahead is not None:
        checker = make(*ahead)
    while True:
        given = jobs.get()
        if given is None:
            return
        if given[0] != "ahead":
            break
        if checker is None:  # the deck, told once read (Helpers.tell); another copy of it is left
            from kiosk.deck.plain import PlainError, decode

            try:
                ahead = decode(given[1]), given[2]
            except PlainError:
                continue
            checker = make(*ahead)
    (deck, folder, sizes, at, tasks, units, keyed), same = given
    if same:  # the deck this process was started for or told, as it has it or in its plain form
        from kiosk.deck.plain import PlainError, decode

        try:
            deck = ahead[0] if ahead is not None else decode(deck)
        except PlainError:
            return
    keys = _ViewCache(deck, folder, at, stored=False, common=common) if keyed else None

    def send(index: int, misfits: list) -> None:
        results.put((index, misfits, keys.key(tasks[index]) if keys is not None else None))

    _check_tasks(deck, folder, sizes, at, tasks, units, _next_tasks(counter, len(units), from_back), send,
                 checker if same else None)
    results.put((None, None, None))


def _first_helper(jobs, counter, results, count: int, copies) -> None:
    """The first helper process of an early start (:func:`start_early_helpers`): load what
    checking needs (Qt, the player and the deck's plain form, :meth:`Helpers.tell`: the starting
    process reads the deck meanwhile), copy itself into ``count - 1`` more helpers (their ids in
    ``copies``), check views as :func:`_worker` does, and end once its copies have ended."""
    import os

    from kiosk import stopsignals

    stopsignals.in_child()
    _end_with_parent(_STARTER)
    import kiosk.deck.plain  # noqa: F401 - to read the deck it is told (Helpers.tell: not its model)
    import kiosk.qt.offscreen  # noqa: F401 - Qt and the player, loaded once for every copy

    made, me = [], os.getpid()
    for n in range(1, count):
        pid = os.fork()  # still one thread, no application: as Helpers copies the starting process
        if pid == 0:
            _copy_helper(jobs, counter, results, n == count - 1, me)
        copies[n] = pid
        made.append(pid)
    try:
        _worker(jobs, counter, results, True)
    finally:
        for n, pid in enumerate(made, start=1):
            with contextlib.suppress(ChildProcessError, InterruptedError):
                os.waitpid(pid, 0)
            copies[n] = 0  # ended: its id may be another process's from now on


def _copy_helper(jobs, counter, results, from_back: bool, parent: int) -> None:
    """A copy made by :func:`_first_helper` (process id ``parent``): check views
    (:func:`_worker`), send every result, and end (never returns). It ends with the helper that
    made it (:func:`_end_with_parent`)."""
    import os
    import traceback

    global _STARTER
    code = 0
    try:
        _STARTER = parent  # the helper it is a copy of: it ends with that one (_worker)
        _worker(jobs, counter, results, True, from_back)
        results.close()
        results.join_thread()  # what it put is sent before it ends
    except BaseException:  # noqa: BLE001 - said as multiprocessing says a helper's failure
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _end_with_parent(parent: int) -> None:
    """Have the kernel end this process when the one that started it (process id ``parent``)
    ends (Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``), so that no helper outlives the check it
    was started for; end now if that one has ended already."""
    import ctypes
    import os
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)


#: The process id of the process that started helpers as copies of itself (:class:`Helpers`),
#: which they end with; 0 before.
_STARTER = 0

#: What a helper process keeps to its end (:func:`_worker`): never torn down.
_KEPT: list = []


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
        return _button_words(item)
    for child in item.childItems():
        found += control_words(child)
    return found


def _button_words(button) -> list[str]:
    """:func:`control_words` of one visible ``TouchButton``: the words of its labels that do not fit."""
    found: list[str] = []
    # Its label is made by a Loader while the button shows (TouchButton.qml: `shown`).
    labels = [grand for child in button.childItems()
              for grand in (child.childItems() if child.inherits("QQuickLoader") else [child])]
    for label in labels:
        if not (label.inherits("QQuickText") and label.isVisible() and label.property("text")):
            continue
        if not _wraps_whole_words(label):
            found += too_wide_words(label)
        elif label.property("truncated") or label.property("contentWidth") > label.width() + 1:
            found.append(max(_SPACES.split(str(label.property("text"))), key=len))
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
    found: list[str] = []
    if not item.isVisible() or item.opacity() == 0:
        return found
    if item.inherits("QQuickText") and item.width() > 0 and item.property("text"):
        found += _text_words(item, _drawn_font(item))
    for child in item.childItems():
        found += too_wide_words(child)
    return found


def _drawn_font(item):
    """The font the text item ``item`` is drawn in (``QFont``): its font at the pixel size drawn
    (``fontInfo``: after any shrinking to fit)."""
    font = item.property("font")
    drawn = item.property("fontInfo").property("pixelSize").toInt()
    if drawn > 0:
        font.setPixelSize(drawn)
    return font


def _text_words(item, font) -> list[str]:
    """The words of the text item ``item`` (drawn in ``font``) wider than its line, or its whole
    text when its laid-out width is wider than its box (:func:`too_wide_words`)."""
    from PySide6.QtGui import QFontMetricsF

    text, width = str(item.property("text")), item.width()
    if item.property("contentWidth") > width + 1:
        return [text]
    metrics = QFontMetricsF(font)
    return [word for chunk in _SPACES.split(text) for word in _BREAK_AFTER.split(chunk)
            if word and metrics.horizontalAdvance(word) > width + 1]


def misfit_problems(misfits: list[Misfit], deck: Deck, doc: SourceDoc) -> list[Problem]:
    """One warning per slide or page (and language) that does not fit, naming the sizes; on an
    events slide, for the events with a field cut (:attr:`Misfit.cut`), naming the events and the
    fields (:func:`_cut_problems`); for the organisation's name cut short in the header, or the
    kiosk's own words around the slides (:attr:`Misfit.around`), one naming the sizes and
    languages (:func:`_around_problems`).

    Each is located at the slide's (or page's) place in ``deck.yaml``, an event's at the event,
    the organisation's name at ``deck: organisation``.
    """
    grouped: dict[tuple[Position, str, str], list[tuple[int, int]]] = {}
    words: dict[tuple[Position, str], str] = {}
    misfits = [replace(m, word=visible(m.word), cut=visible(m.cut)) for m in misfits]
    problems = _control_problems([m for m in misfits if m.controls and not m.around], deck, doc)
    problems += _around_problems([m for m in misfits if m.around], deck, doc)
    misfits = [m for m in misfits if not m.controls and not m.around]
    problems += _cut_problems([m for m in misfits if m.cut], deck, doc)
    misfits = [m for m in misfits if not m.cut]
    deck_text = _deck_strings(doc.data)
    own = [m for m in misfits if m.word and _kiosk_own(m.word, m.lang, deck_text)]
    problems += _own_words_problems(own, doc)
    misfits = [m for m in misfits if m not in own]
    for misfit in misfits:
        kind = "word" if misfit.word else ""
        grouped.setdefault((misfit.position, misfit.lang, kind), []).append(misfit.size)
        if misfit.word and len(misfit.word) > len(words.get((misfit.position, misfit.lang), "")):
            words[(misfit.position, misfit.lang)] = misfit.word
    for (position, lang, kind), sizes in grouped.items():
        if position.slide < 0:  # the built-in fallback slide is not in deck.yaml
            continue
        path, name = _view_name(deck, position, lang)
        at = size_list(sizes)
        if kind:
            word = words[(position, lang)]
            shown = word if len(word) <= 40 else word[:39] + "…"
            number = re.fullmatch(r"\+?[\d().\-]+(?:[ \u00a0][\d().\-]+)*", word.replace("\u00a0", " ")) is not None
            problems.append(doc.problem(path, f"{name}: '{shown.replace(chr(0xa0), ' ')}' is wider than its line at {at}"
                                              + (" even at the smallest readable size, so it is broken across lines"
                                                 if number else ", so it is broken mid-word"),
                                        "a phone number is kept on one line where it fits: write one number at a time, "
                                        "or put it in smaller text (the body rather than the title)" if number else
                                        "shorten it or hyphenate it (a web address is better as a QR code)",
                                        severity="warning"))
            continue
        problems.append(doc.problem(path, f"{name}: text does not fit at {at}, even at the smallest readable size",
                                    "shorten it or split it over two slides", severity="warning"))
    return _languages_together(problems, deck.deck.languages)


#: The start of a warning about a view in one language (:func:`_view_name`): the view, then the language.
_IN_LANGUAGE = re.compile(r"^(slide '[^']*'(?: page '[^']*')?) \(([A-Za-z0-9-]+)\): ")


def _languages_together(problems: list[Problem], languages: list[str]) -> list[Problem]:
    """The warnings that say the same of a view in several languages, said once with those
    languages: ``slide 'x' (pl, ro): …``, or ``(every language)`` (a slide not translated gives the
    same warning in each of a deck's languages). In the order of their first."""
    merged: dict[tuple, tuple[Problem, str, list[str]]] = {}
    for problem in problems:
        found = _IN_LANGUAGE.match(problem.message)
        if found is None:
            merged[(id(problem),)] = (problem, "", [])
            continue
        rest = problem.message[found.end():]
        key = (problem.file, problem.line, problem.col, problem.severity, problem.hint, found.group(1), rest)
        merged.setdefault(key, (problem, found.group(1), []))[2].append(found.group(2))
    out = []
    for problem, name, langs in merged.values():
        if len(langs) > 1:
            said = "every language" if len(langs) == len(languages) > 2 else ", ".join(langs)
            rest = problem.message[_IN_LANGUAGE.match(problem.message).end():]
            problem = Problem(problem.file, problem.line, problem.col, f"{name} ({said}): {rest}", problem.hint,
                              problem.severity)
        out.append(problem)
    return out


def _view_name(deck: Deck, position: Position, lang: str) -> tuple[tuple, str]:
    """The place in ``deck.yaml`` of the slide (or page) at ``position`` and its name in a
    warning, with ``lang`` when the deck has several languages."""
    slide = deck.slides[position.slide]
    path: tuple = ("slides", position.slide)
    name = f"slide '{slide.id}'"
    if position.page:
        index = next(i for i, page in enumerate(slide.pages) if page.id == position.page)
        path += ("pages", index)
        name += f" page '{position.page}'"
    if len(deck.deck.languages) > 1:
        name += f" ({lang})"
    return path, name


def _cut_problems(misfits: list[Misfit], deck: Deck, doc: SourceDoc) -> list[Problem]:
    """The warnings for the events whose cards have a field cut (:attr:`Misfit.cut`): one per
    slide, language and what is cut at which sizes, naming the events it is cut on, e.g.
    ``slide 'events': event 'Exhibition' on 2019-10-19: its place is cut at 1080x1920``, located
    at the first of those events."""
    # (position, lang) -> event -> fields -> sizes
    cuts: dict[tuple[Position, str], dict[str, dict[str, list[tuple[int, int]]]]] = {}
    from kiosk.deck.checks import events_codes_short

    problems = []
    codes: dict[tuple[Position, str], list[tuple[int, int]]] = {}
    for misfit in misfits:
        if misfit.cut == CODES_LEFT_OUT:
            codes.setdefault((misfit.position, misfit.lang), []).append(misfit.size)
    for (position, lang), sizes in codes.items():
        if position.slide >= 0:
            path, name = _view_name(deck, position, lang)
            problems.append(doc.problem(path + ("events",), f"{name}: the sign-up codes are left out at {size_list(sizes)} "
                                        "so that each event's title, day, time and place fit (each event says where to "
                                        "sign up in words)", "shorten the titles or places, or put fewer events on the slide",
                                        severity="warning"))
    # Too little room for the codes: said here at the sizes the deck's own check
    # (kiosk.deck.checks, for a one-line headline and no intro) does not warn of already.
    room: dict[tuple[Position, str], list[tuple[int, int]]] = {}
    for misfit in misfits:
        if misfit.cut == CODES_NO_ROOM and misfit.position.slide >= 0 \
                and misfit.size not in events_codes_short(deck.slides[misfit.position.slide]):
            room.setdefault((misfit.position, misfit.lang), []).append(misfit.size)
    for (position, lang), sizes in room.items():
        path, name = _view_name(deck, position, lang)
        problems.append(doc.problem(path + ("events",), f"{name}: the sign-up codes are left out at {size_list(sizes)}: "
                                    "under the headline and intro the events leave them too little room to be scanned "
                                    "(each event says where to sign up in words)",
                                    "shorten the headline or the intro, or put fewer events on the slide",
                                    severity="warning"))
    misfits = [m for m in misfits if m.cut not in CODES_CUTS]
    for misfit in misfits:
        event, _, fields = misfit.cut.rpartition(": ")
        cuts.setdefault((misfit.position, misfit.lang), {}).setdefault(event, {}).setdefault(fields, []).append(
            misfit.size)
    for (position, lang), events in cuts.items():
        if position.slide < 0:
            continue
        path, name = _view_name(deck, position, lang)
        alike: dict[tuple, list[str]] = {}  # events with the same fields cut at the same sizes
        for event, found in events.items():
            alike.setdefault(tuple((fields, tuple(sizes)) for fields, sizes in found.items()), []).append(event)
        for found, named in alike.items():
            one = len(named) == 1
            what = "; ".join(f"its {fields} {'is' if one and ' and ' not in fields else 'are'} cut at "
                             f"{size_list(list(sizes))}" if one else f"each has its {fields} cut at {size_list(list(sizes))}"
                             for fields, sizes in found)
            who = named[0] if one else "events " + ", ".join(e.removeprefix("event ") for e in named[:-1]) + \
                " and " + named[-1].removeprefix("event ")
            problems.append(doc.problem(_event_path(deck, position, named[0]) or path,
                                        f"{name}: {who}: {what}, even at the smallest readable size",
                                        "the title, day, time and place come first and the description is cut "
                                        "first: shorten the title or the description, or put fewer events on "
                                        "the slide", severity="warning"))
    return problems


def _event_path(deck: Deck, position: Position, cut: str) -> tuple | None:
    """The place in ``deck.yaml`` of the event ``cut`` names (``"event 'title' on date"``, as
    :attr:`Misfit.cut` begins; by its title in any language and its date), or ``None``."""
    for index, event in enumerate(getattr(deck.slides[position.slide], "events", None) or []):
        titles = [event.title] if isinstance(event.title, str) else list(event.title.values())
        if any(cut == f"event '{title}' on {event.date.isoformat()}" for title in titles):
            return ("slides", position.slide, "events", index)
    return None


#: Characters the kiosk puts into text it draws and no one sees (bidi isolates around a phone
#: number's digit groups, U+2066–U+2069; the word joiner, zero-width and soft-hyphen marks,
#: left-to-right and right-to-left marks): never quoted in a message (:func:`visible`).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """``text`` as a reader sees it on screen: the invisible markers (:data:`_INVISIBLE`) the
    kiosk puts into drawn text left out, so a message quotes ``'08000 121 700'``, never
    ``'\\u206608000 121 700\\u2069'``; a no-break space as a space."""
    return _INVISIBLE.sub("", text).replace("\u00a0", " ")


def _deck_strings(data) -> str:
    """Every text the deck file holds (``SourceDoc.data``), joined by newlines."""
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        return "\n".join(_deck_strings(v) for v in data.values())
    if isinstance(data, list):
        return "\n".join(_deck_strings(v) for v in data)
    return ""


def _kiosk_own(word: str, lang: str, deck_text: str) -> bool:
    """Whether ``word`` (too wide for its line) is the kiosk's own words in ``lang`` (its hint
    "Touch the screen to explore", a heading of its own; kiosk/ui_strings.yaml), not the deck's:
    the whole of one of those strings, or one of their words that the deck's text does not hold."""
    strings = [text for text in {**english(), **ui_strings(lang)}.values() if "{" not in text]
    if word in strings:
        return True
    return word not in deck_text and any(word in _SPACES.split(text) for text in strings)


def _own_words_problems(misfits: list[Misfit], doc: SourceDoc) -> list[Problem]:
    """One warning for every view where the kiosk's own words (:func:`_kiosk_own`) do not fit:
    the screen size is too small for them, which is nothing the deck's writer can shorten."""
    if not misfits:
        return []
    sizes = sorted({m.size for m in misfits}, key=[m.size for m in misfits].index)
    said = sorted({f"'{m.word}'" for m in misfits}, key=len, reverse=True)
    langs = sorted({m.lang for m in misfits})
    many = len(said) > 1
    return [doc.problem(("deck",), f"the screen at {size_list(sizes)} is too small for the kiosk's own "
                                   f"words {', '.join(said[:3])} ({', '.join(langs)}): "
                                   f"{'they are' if many else 'it is'} broken mid-word on the slides",
                        "these are the kiosk's words, not the deck's: nothing in deck.yaml needs to change; "
                        f"check the deck at the sizes kiosks run at ({size_list(list(SIZES))}, kiosk render "
                        "without --size) or at the venue screen's own size", severity="warning")]


def _languages_named(langs: list[str], languages: list[str]) -> str:
    """``" (pl, ro)"``: the languages ``langs`` of a deck of ``languages`` in a warning, in the
    deck's order, ``" (every language)"`` for all of more than two, ``""`` for a deck of one."""
    if len(languages) < 2:
        return ""
    langs = sorted(set(langs), key=lambda lang: languages.index(lang) if lang in languages else len(languages))
    return " (every language)" if len(langs) == len(languages) > 2 else f" ({', '.join(langs)})"


def _around_problems(misfits: list[Misfit], deck: Deck, doc: SourceDoc) -> list[Problem]:
    """The warnings for the texts around the slides cut short with an ellipsis
    (:attr:`Misfit.around`), whatever slide is on show: the organisation's name in the header
    (:data:`BYLINE`), at ``deck: organisation`` (its language's line when translated), one per
    name as shown and the sizes it is cut at, naming the languages; the kiosk's own words, one
    warning at ``deck: languages``."""
    from kiosk.player.views import localise

    languages = list(deck.deck.languages)
    byline: dict[tuple[str, str], list[Misfit]] = {}  # (name, lang key) -> where it is cut
    own: dict[str, list[Misfit]] = {}
    for misfit in misfits:
        if misfit.around == BYLINE:
            organisation = deck.deck.organisation
            name = visible(localise(organisation, misfit.lang, languages[0]) or "")
            key = misfit.lang if isinstance(organisation, dict) and misfit.lang in organisation else ""
            if isinstance(organisation, dict) and not key:
                key = languages[0] if languages[0] in organisation else next(iter(organisation), "")
            byline.setdefault((name, key), []).append(misfit)
        else:
            own.setdefault(misfit.around, []).append(misfit)

    def sizes_of(found: list[Misfit]) -> list[tuple[int, int]]:
        known = list(SIZES) + sorted({m.size for m in misfits} - set(SIZES))
        return sorted({m.size for m in found}, key=known.index)

    problems = []
    for (name, key), found in byline.items():
        langs = [m.lang for m in found]
        always = sizes_of([m for m in found if not m.controls])
        touched = [size for size in sizes_of([m for m in found if m.controls]) if size not in always]
        where = " and ".join(([f"in the header at {size_list(always)}"] if always else [])
                             + ([f"beside Close while the controls show at {size_list(touched)}"] if touched else []))
        shown = name if len(name) <= 60 else name[:59] + "…"
        problems.append(doc.problem(("deck", "organisation") + ((key,) if key else ()),
                                    f"organisation{_languages_named(langs, languages)}: '{shown}' is cut short "
                                    f"(\u2026) {where}, even at the smallest readable size: the header holds two "
                                    "lines of it",
                                    "shorten it (the name people know it by, or its initials); the full name "
                                    "can go on a slide", severity="warning"))
    for text, found in own.items():
        langs = [m.lang for m in found]
        problems.append(doc.problem(("deck", "languages"),
                                    f"the kiosk's own words '{text}'{_languages_named(langs, languages)} are cut "
                                    f"short (\u2026) around the slides at {size_list(sizes_of(found))}, even at the smallest "
                                    "readable size", "these are the kiosk's words, not the deck's "
                                    "(kiosk/ui_strings.yaml): shorten that language's words there, or check the "
                                    f"deck at the sizes kiosks run at ({size_list(list(SIZES))})", severity="warning"))
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
        sizes = [m.size for m in found]
        small = not any(size in SIZES for size in sizes)  # only at a size asked for with --size
        problems.append(doc.problem(("deck", "languages"),
                                    f"the {controls} in '{lang}': '{word}' does not fit its button at "
                                    f"{size_list(sizes)}, even at the smallest readable size, "
                                    "so it is cut short or broken mid-word",
                                    f"the screen at {size_list(sizes)} is too small for the kiosk's own controls: "
                                    f"check the deck at the sizes kiosks run at ({size_list(list(SIZES))}) or the "
                                    "venue screen's own size" if small else
                                    "the control labels are the kiosk's own words (kiosk/ui_strings.yaml): "
                                    "shorten that language's label there", severity="warning"))
    return problems


def size_list(sizes: list[tuple[int, int]]) -> str:
    """Screen sizes in words: ``1920x1080, 1080x1920 and 1280x800``."""
    names = [f"{w}x{h}" for w, h in sizes]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


__all__ = ["CODES_CUTS", "CODES_LEFT_OUT", "CODES_NO_ROOM", "SIZES", "Helpers", "Misfit", "control_words", "find_misfits", "misfit_problems", "nothing_cached",
           "size_list", "start_helpers", "too_wide_words", "visible", "worth_sharing"]
