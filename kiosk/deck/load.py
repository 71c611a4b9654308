"""The one loader: a deck folder in, a :class:`Deck` and every problem found out.

Each problem carries file, line and column (see :mod:`kiosk.deck.source`) and a hint; the
loader never stops at the first one and never raises for bad content.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from kiosk import paths
from kiosk.deck.chars import printable
from kiosk.deck.model import SLIDE_TYPES, Deck, DeckInfo, Slide
from kiosk.deck.problems import Problem, has_errors, subject
from kiosk.deck.result import LoadResult
from kiosk.deck.source import NodePath, SourceDoc, folder_of_decks, read_yaml, value_at
from kiosk.deck.windows import days_meant
from kiosk.userfile import look, unreadable_message
from kiosk.words import close_matches, did_you_mean, plural

DECK_FILE = paths.DECK_FILE


deck_file = paths.deck_file


def load_deck(path: Path | str, *, today: dt.date | None = None) -> LoadResult:
    """Read and check one deck.

    Args:
        path: a deck folder holding ``deck.yaml``, or a ``.yaml`` file (its folder is the deck folder).
        today: the date "past events" are judged against (default: today, in the deck's time zone).

    Returns:
        A :class:`LoadResult`. ``deck`` is set only when there is no error.
    """
    file = deck_file(path)
    display = paths.shown(file)
    result = LoadResult(folder=file.parent, file=file)
    at = look(file)
    if at.kind == "unreadable":  # (no line: nothing was read)
        result.problems.append(Problem(display, 0, 0, *unreadable_message(Path(path), at.reason).split(" — ", 1)))
        return result
    given = look(path).kind
    if given != "folder" and not at.found and Path(path).suffix == "":
        result.problems.append(Problem(display, 0, 0, "no such deck folder",
                                       "give the path of a folder holding deck.yaml"))
        return result
    if given == "folder" and not at.found:
        decks = folder_of_decks(file.parent, paths.shown(file.parent))
        if decks is not None:  # named as the folder it is, with no deck.yaml that is not there
            result.file = Path(path)
            result.problems.append(decks)
            return result
    doc = read_yaml(file, display)
    result.source = doc
    result.problems.extend(doc.problems)
    if doc.data is None:
        return result
    if not isinstance(doc.data, dict):
        result.problems.append(doc.problem((), "the top level must be a mapping with 'deck:' and 'slides:'",
                                           "start the file with 'deck:' on its own line"))
        return result
    from kiosk.deck import checks  # here, not at the top: reading a checked deck needs none of them

    try:
        deck = Deck.model_validate(doc.data)
    except ValidationError as exc:
        result.problems.extend(p for p in _explain(exc, doc) if (p.line, p.col) not in doc.replaced)
        result.problems.extend(checks.duplicate_ids(doc) + checks.unpaired_fields(doc))
        result.problems.extend(_check_the_rest(exc, doc, file.parent, today))
        result.problems.extend(_unpackable(file.parent, doc))
        result.problems = sorted(dict.fromkeys(result.problems), key=lambda p: (p.line, p.col))
        return result
    result.problems.extend(checks.check_deck(deck, doc, file.parent, today=today))
    result.problems.extend(_unpackable(file.parent, doc))
    result.problems.sort(key=lambda p: (p.line, p.col))
    if not has_errors(result.problems):
        result.deck = deck
    return result


def _unpackable(folder: Path, doc: SourceDoc) -> list[Problem]:
    """A warning when ``kiosk pack`` (and so ``kiosk publish``) would refuse the deck folder: the
    rule they pack by (:func:`kiosk.bundle.deck_files`), said before the deck is sent anywhere.
    The deck itself still plays: the file is not one it shows."""
    from kiosk import bundle

    try:
        files = bundle.deck_files(folder)
    except bundle.FolderError as exc:  # each file refused, at once
        return [Problem(doc.file, 1, 1, f"kiosk pack would refuse this deck folder: {what}", fix, severity="warning")
                for what, fix in exc.each]
    return _unused_large_files(folder, doc, files)


def _unused_large_files(folder: Path, doc: SourceDoc, files: dict[str, Path]) -> list[Problem]:
    """A warning for each file of :data:`kiosk.bundle.LARGE_FILE_BYTES` or more that ``deck.yaml``
    never names: every bundle carries it to every kiosk, for nothing. A file counts as named when any
    text in ``deck.yaml`` is its path from the deck folder (so a new field naming a file is covered).
    The deck's texts are looked at only when the folder holds such a file (most hold none)."""
    from kiosk import bundle
    from kiosk.userfile import size_words

    large: dict[str, int] = {}
    for name, path in files.items():
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if size >= bundle.LARGE_FILE_BYTES and name != paths.DECK_FILE:
            large[name] = size
    if not large:
        return []
    named: set[Path] = set()
    stack: list[Any] = [doc.data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and 0 < len(value) < 4096 and "\0" not in value:
            try:
                named.add((folder / value.strip()).resolve())
            except (OSError, ValueError):
                continue
    problems = []
    for name, size in large.items():
        try:
            if files[name].resolve() in named:
                continue
        except OSError:
            continue
        problems.append(Problem(doc.file, 1, 1, f"'{name}' ({size_words(size)}) is in the deck folder but no slide "
                                f"uses it; kiosk pack and kiosk publish carry it to every kiosk",
                                "remove it from the deck folder (keep it elsewhere)", severity="warning"))
    return problems


def _check_the_rest(exc: ValidationError, doc: SourceDoc, folder: Path, today: dt.date | None) -> list[Problem]:
    """Run the whole-deck checks on what is valid of a deck with errors.

    So one mistake does not hide another: a bad field of a slide does not hide that slide's
    missing picture, one bad slide another slide's past event, one bad language code the checks
    of the deck's other languages. Each value with an error is left out (:func:`_checkable`), the
    field or item holding it standing in for it where the model needs it, and the rest is
    checked with every position mapped back to the file.
    """
    from kiosk.deck import checks

    data = doc.data
    part = _checkable(data, exc)
    if part is None:
        return []
    deck, marked, languages_known, written = part
    slides = data.get("slides") if isinstance(data.get("slides"), list) else []
    ids = {slide.get("id") for slide in slides if isinstance(slide, dict)}
    # A slide of a type mistyped (helpine) is still the slide it was meant to be (the error's own hint).
    types = frozenset(str(slide.get("type")) for slide in slides if isinstance(slide, dict))
    types |= {meant for written in types for meant in close_matches(written, SLIDE_TYPES, cutoff=0.5)}
    if not isinstance(data.get("slides"), list):  # no slide is read: nothing is said of what they lack
        types = frozenset(SLIDE_TYPES)
    return checks.check_deck(deck, _kept(doc, marked), folder, today=today, known_ids=ids, written_types=types,
                             languages_known=languages_known, written_elsewhere=written, written=doc,
                             stood_in=_stood_in(marked))


#: Stands in the copy of a deck's data for a value left out of its check (:func:`_checkable`).
_LEFT_OUT = object()


class _StandIn:
    """A value put, in the copy of a deck's data, in place of a field a slide (or a code, a
    bullet…) needs that is missing or has an error, so the rest of it is still checked
    (:func:`_stand_in`); :func:`_compact` gives its ``value``."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


#: Stand-ins for a needed field by the validator of its kind (:func:`_stand_in`): a text says
#: nothing any check judges (no number, no site, no language but the first); a phone number is a
#: free one, and the checks of what its code dials are left out (:func:`_stood_in`).
_NEEDED_STAND_INS = {"_text": "…", "_phone": "08000 121 700"}
#: Values put in place of a ``deck:`` field that has an error (or, for ``id`` and ``title``, is
#: missing), chosen so no check says what the field, once fixed, may make untrue: the deck's
#: checks do not look at its id and title, and a bad ``archive`` (``archive: yes``) leaves
#: past events unjudged rather than judged as not kept.
_STAND_INS = {"id": "deck", "title": "Deck", "archive": True}
#: A slide's fields left out whole for a bad item: each item widens when the slide shows, so one
#: left out would narrow it (and the schedule check could say it never shows).
_WHOLE = ("weekdays", "times")
#: The ``deck:`` fields the model needs: stood in for when missing.
_NEEDED = ("id", "title")
#: Most rounds of leaving values out: each leaves out at least one, and a value's container
#: goes only when the model needs what was left out (a slide, an event, a list of them).
_MAX_ROUNDS = 32


def _checkable(data: dict, exc: ValidationError) -> tuple[Deck, Any, bool, frozenset[str] | None] | None:
    """The part of the deck ``data`` (a mapping) the model takes, when ``exc`` is what it said of the whole.

    Each value with an error is left out of a copy of ``data`` (a bad item of a list, a field
    of a slide; a field the model needs, its slide or event with it), and the copy validated
    again, until it passes. A missing ``id`` or ``title`` under ``deck:``, or a bad one or a bad
    ``archive``, is stood in for (:data:`_STAND_INS`); a theme with a bad colour is left out
    whole (its colours are judged together), and so are a slide's weekdays or times with a bad
    item (:data:`_WHOLE`). A deck none of whose slides passes keeps its ``deck:`` section.

    Returns:
        ``(deck, marked, languages_known, written)``: the model of what passed; the copy of
        ``data``, each value left out replaced by :data:`_LEFT_OUT` (see :func:`_kept`); False
        when the deck's first language is not known (then the checks that judge texts by it
        cannot run); the language codes of the translations left out (:func:`_languages_in`),
        ``None`` when the slides could not be read. ``None`` when nothing can be checked.
    """
    import copy

    marked = copy.deepcopy(data)
    if not isinstance(marked.get("deck"), dict):
        marked["deck"] = {}
    if not isinstance(marked.get("slides"), list):
        marked["slides"] = []
    marked["deck"] = {**{key: _STAND_INS[key] for key in _NEEDED if key not in marked["deck"]}, **marked["deck"]}
    languages_known = isinstance(data.get("deck"), dict)  # else every text would be judged by a default
    written: set[str] | None = set() if isinstance(data.get("slides"), list) else None
    for _ in range(_MAX_ROUNDS):
        shown = _compact(marked)
        try:
            return Deck.model_validate(shown), marked, languages_known, _frozen(written)
        except ValidationError as error:
            problems = _errors(error, shown)
        # A list of more items than its field takes (six buttons) is checked whole: its items are
        # not left out for their number, only for their own mistakes (:func:`_errors` finds them).
        long = {_data_path(p["loc"], shown): p["ctx"]["max_length"] for p in problems if p["type"] == "too_long"}
        problems = [p for p in problems if p["type"] != "too_long"]
        if not problems:
            try:
                return _validated(Deck, shown, (), long, shown), marked, languages_known, _frozen(written)
            except ValidationError:
                return None
        no_slides = [p for p in problems if p["loc"] == ("slides",) and not shown["slides"]]
        if no_slides and len(no_slides) == len(problems):  # none passed: the deck's own fields are checked alone
            try:
                info = DeckInfo.model_validate(shown["deck"])
            except ValidationError:
                return None
            return Deck.model_construct(deck=info, slides=[]), marked, languages_known, _frozen(written)
        first = _first_index(marked)
        kept: dict[int, list[int]] = {}  # this round's lists, as `shown` has them
        stand_ins: list[str] = []
        targets: list[NodePath] = []
        left = 0
        for problem in problems:
            if problem in no_slides:
                continue
            path = _data_path(problem["loc"], shown)
            old = _old_path(marked, path[:-1] if problem["type"] == "missing" else path, kept)
            if len(old) > 3 and old[0] == "slides" and old[2] in _WHOLE:
                old = old[:3]
            if old[:2] == ("deck", "languages") and (len(old) == 2 or old[2] == first):
                languages_known = False  # the first language is what every text is judged by
            stand_in = path[-1] if old == ("deck",) and problem["type"] == "missing" else \
                old[1] if len(old) == 2 and old[0] == "deck" else None
            if stand_in in _STAND_INS:
                stand_ins.append(stand_in)
            elif len(old) >= 2 or old[:1] not in ((), ("deck",), ("slides",)):
                value = value_at(marked, old)  # as written, before a stand-in takes its place
                if value is None and len(old) > 1 and isinstance(value_at(marked, old[:-1]), dict):
                    value = value_at(marked, old[:-1])  # a piece of text cut off at a comma ({en: A, b, pl: C})
                written_here = _languages_in(value)
                stood = _stand_in(problem, path, shown, marked, kept)
                if written is not None and not {"theme", "review"} & set(old[:4]) and \
                        not (stood and problem["type"] == "missing"):  # colours and notes are no text
                    written |= written_here
                if stood:
                    left += 1
                else:
                    targets.append(old)
        for stand_in in stand_ins:  # once every path is found: the lists are as `shown` has them until now
            if marked["deck"].get(stand_in) != _STAND_INS[stand_in]:
                marked["deck"][stand_in] = _STAND_INS[stand_in]
                left += 1
        left += sum(_leave_out(marked, old) for old in targets)
        if not left:
            return None
    return None


def _stand_in(problem: dict, path: NodePath, shown: Any, marked: Any, kept: dict[int, list[int]]) -> bool:
    """Put a :class:`_StandIn` in ``marked`` for the field ``problem`` (pydantic's, at ``path``
    in ``shown``) is about, when the mapping holding it needs it and a neutral value of its kind
    exists (:data:`_NEEDED_STAND_INS`: a text, a phone number): a slide whose title or phone has
    an error, an image slide with no ``alt``, a code with no ``label``, is still checked (its
    picture, its links, its other texts). False when there is none (the field, or for a field
    the model needs, its mapping, is left out) or a stand-in is already there."""
    if not path or not isinstance(path[-1], str):
        return False
    container, name = path[:-1], path[-1]
    model = _model_at(container, shown)
    info = model.model_fields.get(name) if model is not None else None
    if info is None or not info.is_required() or name in ("id", "type"):
        return False
    kinds = [getattr(getattr(rule, "func", None), "__name__", "") for rule in info.metadata]
    value = next((_NEEDED_STAND_INS[kind] for kind in kinds if kind in _NEEDED_STAND_INS), None)
    node = value_at(marked, _old_path(marked, container, kept))
    if value is None or not isinstance(node, dict) or isinstance(node.get(name), _StandIn):
        return False
    node[name] = _StandIn(value)
    return True


def _stood_in(marked: Any) -> frozenset[NodePath]:
    """The paths, in ``_compact(marked)``, of the values :func:`_stand_in` put in ``marked``."""
    paths = _new_paths(marked)
    found: set[NodePath] = set()
    stack: list[tuple[Any, NodePath]] = [(marked, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _StandIn) and path in paths:
            found.add(paths[path])
        elif isinstance(node, dict):
            stack.extend((value, path + (key,)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, path + (index,)) for index, value in enumerate(node))
    return frozenset(found)


def _frozen(codes: set[str] | None) -> frozenset[str] | None:
    return None if codes is None else frozenset(codes)


def _languages_in(value: Any) -> set[str]:
    """The keys of every translation (a mapping of text, as :func:`kiosk.deck.checks._texts`
    finds them) in ``value``, a value of the deck's data; in a translation cut at a comma
    (``{en: 24 hours a day, 7 days a week, ro: …}``, whose cut-off words are keys with no value),
    the keys with a text."""
    found: set[str] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node and all(isinstance(item, (str, int, float)) or item is None for item in node.values()):
                found.update(str(key) for key, item in node.items() if item is not None)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _first_index(marked: dict) -> int | None:
    """The index, in ``deck.languages`` of ``marked``, of the first language not left out."""
    languages = marked["deck"].get("languages")
    if not isinstance(languages, list):
        return None
    return next((i for i, code in enumerate(languages) if code is not _LEFT_OUT), None)


def _compact(node: Any) -> Any:
    """``node`` without the values :func:`_checkable` left out, each stand-in as its value."""
    if isinstance(node, _StandIn):
        return node.value
    if isinstance(node, dict):
        return {key: _compact(value) for key, value in node.items() if value is not _LEFT_OUT}
    if isinstance(node, list):
        return [_compact(value) for value in node if value is not _LEFT_OUT]
    return node


def _old_path(marked: Any, path: NodePath, kept: dict[int, list[int]]) -> NodePath:
    """The path in ``marked`` of the value at ``path`` in ``_compact(marked)`` (a key or index
    that is not there is kept as it is, and ends the walk). ``kept``: the indexes not left out of
    each list of ``marked`` by ``id``, filled as lists are met (so many paths cost one pass each)."""
    out: list[str | int] = []
    node = marked
    for depth, part in enumerate(path):
        if isinstance(node, list) and isinstance(part, int):
            if id(node) not in kept:
                kept[id(node)] = [i for i, value in enumerate(node) if value is not _LEFT_OUT]
            indexes = kept[id(node)]
            if part >= len(indexes):
                return tuple(out) + tuple(path[depth:])
            out.append(indexes[part])
            node = node[indexes[part]]
        elif isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        else:
            return tuple(out) + tuple(path[depth:])
    return tuple(out)


def _leave_out(marked: Any, path: NodePath) -> bool:
    """Put :data:`_LEFT_OUT` at ``path`` in ``marked``; False when there is nothing there to leave out."""
    node = marked
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = path[-1]
    if isinstance(node, dict) and last in node and node[last] is not _LEFT_OUT:
        node[last] = _LEFT_OUT
        return True
    if isinstance(node, list) and isinstance(last, int) and last < len(node) and node[last] is not _LEFT_OUT:
        node[last] = _LEFT_OUT
        return True
    return False


def _new_paths(marked: Any) -> dict[NodePath, NodePath]:
    """For each value of ``marked`` not left out, its path in ``marked`` -> its path in ``_compact(marked)``."""
    paths: dict[NodePath, NodePath] = {}
    stack: list[tuple[Any, NodePath, NodePath]] = [(marked, (), ())]
    while stack:
        node, old, new = stack.pop()
        paths[old] = new
        if isinstance(node, dict):
            stack.extend((value, old + (key,), new + (key,)) for key, value in node.items() if value is not _LEFT_OUT)
        elif isinstance(node, list):
            kept = [(index, value) for index, value in enumerate(node) if value is not _LEFT_OUT]
            stack.extend((value, old + (index,), new + (place,)) for place, (index, value) in enumerate(kept))
    return paths


def _kept(doc: SourceDoc, marked: Any) -> SourceDoc:
    """``doc`` holding only what :func:`_checkable` kept of it, each value keeping its position in the file."""
    paths = _new_paths(marked)

    def move(positions: dict) -> dict:
        return {paths[path]: where for path, where in positions.items() if path in paths}

    flow = {paths[path] for path in doc.flow if path in paths}
    return SourceDoc(doc.file, _compact(marked), move(doc.positions), move(doc.key_positions), flow=flow,
                     replaced=doc.replaced, aliases=move(doc.aliases))


def _errors(exc: ValidationError, data: Any) -> list[dict]:
    """Pydantic's errors for the deck ``data`` (what ``exc`` said of it), with those a list's
    number of items hid.

    A list with more items than its field takes (six buttons, thirteen bullets) is refused as a
    whole, its items not looked at (pydantic's ``too_long``): each such list is validated again
    without its most, and its items' errors added after the count's (a page's own list too
    long is opened the same way), so one run names every item's mistake.

    Args:
        exc: what the model said of ``data``.
        data: the deck as read (plain dicts and lists).

    Returns:
        Pydantic's error dicts, each ``loc`` from the top of ``data``.
    """
    errors = exc.errors(include_url=False)
    waiting = list(errors)
    while waiting:
        error = waiting.pop()
        if error["type"] != "too_long":
            continue
        path = _data_path(error["loc"], data)
        kind = _list_kind(path, data)
        if kind is None:
            continue
        try:
            _adapter(kind).validate_python(value_at(data, path))
        except ValidationError as inner:
            found = [{**item, "loc": tuple(error["loc"]) + tuple(item["loc"])} for item in inner.errors(include_url=False)]
            errors += found
            waiting += found
    return errors


def _list_kind(path: NodePath, data: Any) -> Any:
    """The type of the list field at ``path`` in the deck ``data`` without its least and most
    number of items (``list[Button]``), or ``None`` when ``path`` is not such a field."""
    model = _model_at(path[:-1], data) if path else None
    info = model.model_fields.get(path[-1]) if model is not None and isinstance(path[-1], str) else None
    return info.annotation if info is not None and typing.get_origin(info.annotation) is list else None


@functools.cache
def _adapter(kind: Any) -> TypeAdapter:
    """A validator of ``kind`` (a model, a list or an item type of the deck), with the models' own
    settings for the text in it (:class:`kiosk.deck.model._Strict` strips it)."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return TypeAdapter(kind)
    return TypeAdapter(kind, config=ConfigDict(str_strip_whitespace=True))


def _validated(kind: Any, value: Any, path: NodePath, long: dict[NodePath, int], data: Any) -> Any:
    """``value``, at ``path`` in the deck ``data``, validated as ``kind``, each list at a path of
    ``long`` kept whole although it holds more items than its field takes (``long`` gives the
    most): the checks then see every item, each validated on its own.

    Raises:
        ValidationError: when something other than a list's number of items is wrong.
    """
    depth = len(path)
    under = [p for p in long if len(p) > depth and p[:depth] == path]
    outer = [p for p in under if not any(len(q) < len(p) and p[:len(q)] == q for q in under)]
    if not outer:
        return _adapter(kind).validate_python(value)
    import copy

    cut = copy.deepcopy(value)
    for p in sorted(under, key=len, reverse=True):  # a page's bullets before its slide's pages
        *way, last = p[depth:]
        holder = value_at(cut, tuple(way)) if way else cut
        holder[last] = holder[last][:long[p]]
    done = _adapter(kind).validate_python(cut)
    for p in outer:
        item = typing.get_args(_list_kind(p, data))[0]
        items = [_validated(item, one, p + (i,), long, data) for i, one in enumerate(value_at(data, p))]
        done = _put(done, p[depth:], items)
    return done


def _put(node: Any, path: NodePath, value: Any) -> Any:
    """A copy of ``node`` (a frozen model or a list of them) with ``value`` at ``path``."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, list):
        return [_put(item, rest, value) if i == head else item for i, item in enumerate(node)]
    return node.model_copy(update={head: _put(getattr(node, head), rest, value)})


def _explain(exc: ValidationError, doc: SourceDoc) -> list[Problem]:
    """Pydantic's errors as problems, each said once; the spelling of a language listed again is
    left to the error on the repeat (:func:`kiosk.deck.checks.repeated_languages`), which gives the
    list to write."""
    from kiosk.deck.checks import repeated_languages

    problems: list[Problem] = []
    seen: set[tuple] = set()
    repeats = repeated_languages(doc.data)
    said_by_repeat = {("deck", "languages", i) for pair in repeats.items() for i in pair}
    for error in _errors(exc, doc.data):
        path = _data_path(error["loc"], doc.data)
        if path in said_by_repeat:
            continue
        for problem in _commas_of(error, path, doc) or [_one(error, path, doc)]:
            key = (problem.line, problem.col, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems


def _data_path(loc: tuple, data: Any) -> NodePath:
    """Turn pydantic's error location into a path of real keys and indexes.

    Pydantic inserts the name of the union branch it tried: a slide's ``type`` right after its
    index (``('slides', 0, 'text', 'title')``) and names like ``str`` or ``function-before[…]``
    for other unions. Those are dropped; keys that are missing from the data are kept.
    """
    path: list[str | int] = []
    node = data
    tag_next = False
    for part in loc:
        if tag_next and isinstance(node, dict) and part == node.get("type"):
            tag_next = False
            continue
        tag_next = False
        if isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if part < len(node) else None
            tag_next = True
        elif isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and not _is_branch(part):
            path.append(part)  # a missing or unknown key
            node = None
    return tuple(path)


def _is_branch(part: str) -> bool:
    """True for pydantic location parts that name a union branch rather than a key."""
    return "[" in part or part in ("str", "dict", "float", "int", "list", "bool", "plain", "pictogram")


def _commas_of(error: dict, path: NodePath, doc: SourceDoc) -> list[Problem]:
    """The errors for the texts cut at a comma inside ``{ }`` (:func:`_comma_problems`) that
    pydantic's ``error`` at ``path`` comes from (``{en: If someone is in danger, call 999., pl: …}``):
    every cut in that mapping, so that each is said at once; empty when the error has another cause."""
    kind = error["type"]
    if kind == "missing":
        return []
    if kind == "extra_forbidden":  # the key cut off is taken for an unknown field of the mapping
        commas = _comma_problems(path[:-1], doc, f"{subject(path[:-1], doc.data)}: ")
        return commas if doc.where(path, key=True) in [(comma.line, comma.col) for comma in commas] else []
    about = subject(path, doc.data)
    return _comma_problems(path, doc, f"{about}: " if about else "")


def _one(error: dict, path: NodePath, doc: SourceDoc) -> Problem:
    kind = error["type"]
    about = subject(path, doc.data)
    prefix = f"{about}: " if about else ""
    msg = error["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = _allowed_fields(path[:-1], doc.data)
        hint = did_you_mean(name, allowed) or (
            "known fields here: " + ", ".join(sorted(allowed)) if allowed else "remove it")
        owners = _slide_types_with(name) if len(path) == 3 and path[0] == "slides" else []
        if owners:  # image: on a text slide
            kind_here = value_at(doc.data, path[:-1] + ("type",))
            hint = (f"'{name}' is a field of {' and '.join(owners)} slides, not of {kind_here} slides: "
                    f"change the slide's type or remove the field (known fields here: {', '.join(sorted(allowed))})")
        container = subject(path[:-1], doc.data)
        where = f"{container}: " if container else ""
        if path[:-1] in doc.flow and value_at(doc.data, path) is None:  # {a: b, c} with no text before it
            hint = f"a comma inside {{ }} separates fields: put the value before it in quotes; {hint}"
        if path in doc.merged_from:  # defaults: &defaults {…}, copied by '<<: *defaults'
            hint = (f"it holds what '<<: *{printable(doc.merged_from[path][:40])}' copies, and decks do not support "
                    f"merge keys: write those fields out where they are used, then remove '{printable(name)}:'")
        return doc.problem(path, f"{where}unknown field '{name}'", hint, key=True)
    if kind == "missing":
        name = str(path[-1])
        container = subject(path[:-1], doc.data)
        where = f"{container}: " if container else ""
        return doc.problem(path[:-1], f"{where}missing field '{name}'", f"add '{name}: …'", key=True)
    if kind == "union_tag_invalid":
        given = str(error["ctx"].get("tag"))
        hint = did_you_mean(given, SLIDE_TYPES, cutoff=0.5) or "use one of: " + ", ".join(SLIDE_TYPES)
        return doc.problem(path + ("type",), f"{subject(path, doc.data)}: unknown slide type '{given}'", hint)
    if kind == "union_tag_not_found":
        return doc.problem(path, f"{subject(path, doc.data)}: slide has no 'type'",
                           "add 'type:' with one of: " + ", ".join(SLIDE_TYPES))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        under = "put link: and label: on the lines under it, indented"
        hint = {"qr": under, "signup": under,
                "theme": 'put each colour on a line under it, indented, like background: "#0e2238"',
                "review": "put a line per language under it, indented, like pl: needs a native speaker",
                }.get(str(path[-1]) if path else "")
        return doc.problem(path, f"{prefix}must be a mapping of 'name: value' lines",
                           hint or "indent its fields under it")
    if kind == "list_type":
        given = error.get("input")
        if isinstance(given, str) and given[:1] == "-" and given[1:2] not in ("", " ", "-"):
            first = given[1:].split(" -")[0]  # the lines after it were folded onto it
            shown = first if len(first) <= 24 else first[:24].rstrip() + "…"
            return doc.problem(path, f"{prefix}a list item needs a space after the dash", f"write '- {shown}'")
        if isinstance(given, str) and path and path[-1] == "weekdays" and days_meant(given):
            one = "even of one item" if len(days_meant(given)) == 1 else "one day an item"
            return doc.problem(path, f"{prefix}must be a list, {one}",
                               f"write weekdays: [{', '.join(days_meant(given))}]")
        if isinstance(given, str) and path and path[-1] in ("languages", "weekdays", "times"):
            item = f'"{given}"' if any(c in given for c in ":#,[]{}") else given
            return doc.problem(path, f"{prefix}must be a list, even of one item", f"write {path[-1]}: [{item}]")
        return doc.problem(path, f"{prefix}must be a list", "write each item on its own line starting with '- '")
    if kind == "bool_type":
        return doc.problem(path, f"{prefix}must be true or false",
                           "write true or false (yes/no/on/off are not accepted)")
    if kind in ("too_short", "too_long"):
        bound = error["ctx"].get("min_length" if kind == "too_short" else "max_length")
        name = str(path[-1]) if path else ""
        words = _COUNTS.get(name)
        if words:
            what, add, cut = words
            if kind == "too_short":
                return doc.problem(path, f"{prefix}needs at least one {what}", add)
            return doc.problem(path, f"{prefix}has more than {bound} {what}s", cut)
        word = "at least" if kind == "too_short" else "at most"
        return doc.problem(path, f"{prefix}needs {word} {plural(bound, 'item')}",
                           "add items" if kind == "too_short" else "split them over two slides")
    if kind == "literal_error":
        return doc.problem(path, f"{prefix}must be {error['ctx'].get('expected', '')}", _hint_for(path))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        name = str(path[-1]) if path else ""
        if name in _RANGES:
            return doc.problem(path, f"{prefix}{_RANGES[name][0]}", _RANGES[name][1])
        limit = next(iter(error["ctx"].values()))
        word = "at least" if kind.startswith("greater") else "at most"
        return doc.problem(path, f"{prefix}must be {word} {limit}", f"write a number {word} {limit}")
    if kind == "string_type":
        return doc.problem(path, f"{prefix}must be text", _hint_for(path) or "put it in quotes")
    if _is_emergency(error.get("input")):
        return doc.problem(path, f"{prefix}an emergency number is never put in a QR code",
                           "say 'in an emergency, call 999' in the text instead, and link the helpline here")
    msg, _, own_hint = msg.partition(" — ")  # a validator's own fix follows a dash
    if len(path) > 1 and path[-2] == "weekdays" and own_hint.startswith("write "):
        own_hint = _weekdays_fix(value_at(doc.data, path[:-1])) or own_hint
    return doc.problem(path, f"{prefix}{msg}", own_hint or _hint_for(path))


def _cuts_at_comma(path: NodePath, doc: SourceDoc) -> list[tuple[str, str, str, str]]:
    """The signs that commas cut texts short in the flow mapping (``{ }``) at ``path``: each a key
    written with no value (``call 999.`` in ``{en: If someone is in danger, call 999., pl: …}``),
    that is neither one of the deck's languages nor a field of that mapping, after a key whose value is text or a number, as YAML reads a comma there as the end of a
    field (YAML 1.2, 7.4: plain scalars in flow collections end at a comma).

    Returns:
        For each text cut, in the mapping's order: ``(the first key cut off, the key before
        it, its value, the text meant)``, the text meant joining the value and every key cut off
        after it again with their commas (``136,000`` between digits, ``, `` else)
        (``{en: 24 hours a day, 7 days a week, ro: 24 de ore pe zi, 7 zile pe săptămână}`` gives
        two); empty when none is.
    """
    node = value_at(doc.data, path)
    if path not in doc.flow or not isinstance(node, dict):
        return []
    items = list(node.items())
    named = set(_allowed_fields(path, doc.data)) | _deck_languages(doc.data)  # left empty: not a piece of text
    found = []
    for index, ((before, value), (key, after)) in enumerate(zip(items, items[1:])):
        if after is None and isinstance(key, str) and isinstance(before, str) and key not in named and \
                isinstance(value, (str, int, float)) and not isinstance(value, bool):
            meant = str(value)
            for cut, empty in items[index + 1:]:
                if empty is not None or not isinstance(cut, str):
                    break
                meant += ("," if meant[-1:].isdigit() and cut[:1].isdigit() else ", ") + cut
            found.append((key, before, str(value), meant))
    return found


def _deck_languages(data: Any) -> set[str]:
    """The language codes listed under ``deck: languages:`` in ``data`` (``en`` when none are)."""
    info = data.get("deck") if isinstance(data, dict) else None
    listed = info.get("languages") if isinstance(info, dict) else None
    return {code for code in listed if isinstance(code, str)} if isinstance(listed, list) else {"en"}


def _comma_problems(path: NodePath, doc: SourceDoc, prefix: str) -> list[Problem]:
    """The errors for the texts cut at a comma inside ``{ }`` (:func:`_cuts_at_comma`) in the
    mapping at ``path``, each at the first key cut off from its text (``prefix`` before each
    message); empty when none is."""
    problems = []
    for key, before, text, meant in _cuts_at_comma(path, doc):
        shown = printable(meant if len(meant) <= 60 else meant[:60] + "…")
        problems.append(doc.problem(path + (key,), f"{prefix}a comma inside {{ }} separates fields, so the text "
                                                   f"'{printable(text[:40])}' ends at it and '{printable(key[:40])}' "
                                                   f"is read as another field",
                                    f'text with a comma needs quotes: write {printable(before)}: "{shown}"', key=True))
    return problems


def _weekdays_fix(days: Any) -> str:
    """``"write weekdays: [mon, tue, …]"``: the whole list as it was meant, each day an item
    (:func:`kiosk.deck.windows.days_meant`), or ``""`` when an item names no day."""
    if not isinstance(days, list):
        return ""
    meant = [days_meant(day) if isinstance(day, str) else [] for day in days]
    if not all(meant):
        return ""
    return f"write weekdays: [{', '.join(dict.fromkeys(day for group in meant for day in group))}]"


#: Emergency numbers: a QR code must never dial one by mistake (README, Design notes).
EMERGENCY_NUMBERS = {"999", "112", "911"}


def _is_emergency(value: Any) -> bool:
    """True when ``value`` is an emergency number, bare or as a ``tel:`` link."""
    if not isinstance(value, str):
        return False
    digits = "".join(ch for ch in value.lower().removeprefix("tel:") if ch.isdigit())
    return digits in EMERGENCY_NUMBERS and not any(ch.isalpha() for ch in value.lower().removeprefix("tel:"))


#: Lists with a least or most number of entries, by field name: (one entry, how to add one, how to cut some).
_COUNTS = {
    "languages": ("language", "write the language codes, like languages: [en, pl]",
                  "keep the languages the kiosk needs"),
    "slides": ("slide", "add a slide under 'slides:'", "split them over two decks"),
    "items": ("figure", "add a figure under 'items:' with value, label, source and year",
              "split them over two stats slides"),
    "events": ("event", "add an event under 'events:' with title, date and place", "split them over two events slides"),
    "pages": ("page", "add a page under 'pages:' with id and title", "split them over two signs slides"),
    "bullets": ("bullet point", "add a line starting with '- '", "split them over two slides"),
    "buttons": ("button", "add a button with label and goto", "keep the most useful ones"),
    "weekdays": ("day", "name days like weekdays: [mon, tue]", "name each day of the week once"),
    "times": ("time window", "write a window like times: [\"09:00-17:00\"]",
              "join windows that touch, or split the slide in two"),
}

#: Numbers with a range, by field name: (what is wrong, how to fix it).
_RANGES = {
    "year": ("must be a year from 1800 to 2100, like 2019", "write the year the figure is for"),
}


def _hint_for(path: NodePath) -> str:
    last = path[-1] if path else ""
    if isinstance(last, int) and len(path) > 1 and path[-2] == "times":
        return 'e.g. times: ["09:00-17:00"] ("18:00-24:00" runs to the end of the day)'
    return {
        "dwell": "seconds as a plain number, e.g. dwell: 12",
        "duration": "seconds as a plain number, e.g. duration: 15, or remove it to use the deck's dwell",
        "idle_timeout": "seconds as a plain number, e.g. idle_timeout: 45",
        "date": "e.g. date: 2019-10-19",
        "show_from": 'e.g. show_from: 2026-10-19, or with a time, in quotes: show_from: "2026-10-19 09:30"',
        "show_until": 'e.g. show_until: 2026-10-31 (to the end of that day), or with a time, in quotes: '
                      'show_until: "2026-10-31 17:00"',
        "start": "e.g. start: \"10:00\"",
        "end": "e.g. end: \"12:00\" (\"23:59\" for an event that ends at midnight)",
        "link": "e.g. link: https://example.org/ or link: tel:+448000121700",
        "url": "start it with https://, e.g. url: https://www.modernslaveryhelpline.org",
        "phone": 'the number in quotes, e.g. phone: "08000 121 700"',
        "fit": "cover fills the screen (cropping); contain shows all of the picture",
        "image": "the picture's file name in the deck folder, e.g. image: market.jpg",
        "timezone": "a time zone name, e.g. timezone: Europe/London",
    }.get(str(last), "")


def _slide_types_with(field: str) -> list[str]:
    """The slide types (``"image"``…) whose slides have a field named ``field``, in
    :data:`kiosk.deck.model.SLIDE_TYPES` order."""
    models = typing.get_args(typing.get_args(Slide)[0])
    kinds = {typing.get_args(model.model_fields["type"].annotation)[0]: model for model in models}
    return [kind for kind in SLIDE_TYPES if field in kinds[kind].model_fields]


def _allowed_fields(path: NodePath, data: Any) -> list[str]:
    """Field names allowed in the mapping at ``path``, found by walking the model alongside the data."""
    model = _model_at(path, data)
    return list(model.model_fields) if model is not None else []


def _model_at(path: NodePath, data: Any) -> type[BaseModel] | None:
    """The model of the mapping at ``path`` in ``data`` (a slide's by its type), or ``None``."""
    model: Any = Deck
    node = data
    for part in path:
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
        model = _step(model, part, node)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _has(node: Any, part: Any) -> bool:
    return (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int)
                                                        and part < len(node))


def _step(model: Any, part: Any, node: Any) -> Any:
    if isinstance(model, type) and issubclass(model, BaseModel):
        info = model.model_fields.get(part) if isinstance(part, str) else None
        return _unwrap(info.annotation, node) if info else None
    if typing.get_origin(model) is list and isinstance(part, int):
        return _unwrap(typing.get_args(model)[0], node)
    return None


def _unwrap(annotation: Any, node: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0], node)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in (_unwrap(o, node) for o in options) if a is not None]
        if isinstance(node, dict) and "type" in node:
            for m in models:
                if isinstance(m, type) and issubclass(m, BaseModel):
                    tag = m.model_fields.get("type")
                    if tag is not None and node["type"] in typing.get_args(tag.annotation):
                        return m
        for m in models:
            if (isinstance(m, type) and issubclass(m, BaseModel)) or typing.get_origin(m) is list:
                return m
        return models[0] if models else None
    return annotation
