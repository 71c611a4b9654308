"""Checks that need the whole deck: ids, languages, contrast, images, links, dates."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import BIT_LIMIT_TABLE

from kiosk.deck.ahead import far_ahead_problems
from kiosk.deck.chars import BIDI_MARKS, char_name, doubtful_chars, printable
from kiosk.deck.glyphs import bundled_coverage, check_glyphs, missing
from kiosk.deck.links import costly_number, label_problem, numbers_in_text, parse_web_link
from kiosk.deck.model import LANG, WEEKDAYS, Deck, EventsSlide, HelplineSlide, QrLink, TextSlide, Theme, lang_problem
from kiosk.deck.pictures import check_pictures
from kiosk.deck.problems import Problem, subject
from kiosk.deck.review import review_notes
from kiosk.deck.source import NodePath, SourceDoc, WrittenInt, value_at
from kiosk.deck.windows import WHOLE_DAY, DailyWindow
from kiosk.i18n import AUTONYMS, is_rtl
from kiosk.qr import MAX_PAYLOAD_BYTES, QUIET_ZONE, qr_fits_any, qr_version
from kiosk.walltime import (
    UnknownZone,
    add_days,
    change_days,
    clock_change,
    end_of_day,
    placeholder_zone,
    written,
    zone_named,
)
from kiosk.words import close_matches, noun

#: Side of each kind of QR code as its slide draws it, in pixels at 1080 (the layout scales with
#: the screen's shorter side): ``qrSide`` in qml/Kiosk/slides/TextSlide.qml and HelplineSlide.qml (300),
#: and an event's sign-up code in qml/Kiosk/slides/EventsSlide.qml (at most 200).
QR_SIDE_PX = {"text": 300, "helpline": 300, "events": 200}
#: Smallest QR module, in pixels at 1080: 4 px is about 2 mm on a 43-inch 1080p screen. The rule
#: of thumb "a code at least 1/10 of the scan distance" (QR code makers' sizing guidance) puts a typical
#: 41-module code (version 4 with its quiet zone) at 100 mm for 1 m, so 2.4 mm a module; 2 mm
#: keeps a denser code readable from a little closer.
MIN_MODULE_PX = 4.0


def relative_luminance(colour: str) -> float:
    """Relative luminance of a ``#rrggbb`` colour, per WCAG 2.2 (definition of relative luminance).

    Each channel is linearised (c <= 0.04045 ? c/12.92 : ((c+0.055)/1.055)^2.4), then
    L = 0.2126 R + 0.7152 G + 0.0722 B. Returns a value from 0 (black) to 1 (white).
    """
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast_ratio(a: str, b: str) -> float:
    """Contrast ratio of two ``#rrggbb`` colours, (L1 + 0.05) / (L2 + 0.05), from 1 to 21 (WCAG 2.2, 1.4.3)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: Theme colour pairs that must reach WCAG 2.2 AA: (foreground, background, minimum ratio, use).
CONTRAST_PAIRS = (
    ("text", "background", 4.5, "body text"),
    ("text", "surface", 4.5, "text on cards"),
    ("muted", "background", 4.5, "captions and sources"),
    ("muted", "surface", 4.5, "captions on cards"),
    ("accent_text", "accent", 4.5, "text on buttons"),
    ("accent", "background", 3.0, "large figures and controls"),
)


def duplicate_ids(doc: SourceDoc) -> list[Problem]:
    """Find slide ids, and page ids within a slide, used twice (works on the raw data)."""
    problems: list[Problem] = []
    slides = doc.data.get("slides") if isinstance(doc.data, dict) else None
    if not isinstance(slides, list):
        return problems
    problems += _dupes(doc, [("slides", i) for i, s in enumerate(slides) if isinstance(s, dict)], "slide")
    for i, slide in enumerate(slides):
        if isinstance(slide, dict) and isinstance(slide.get("pages"), list):
            pages = [("slides", i, "pages", j) for j, p in enumerate(slide["pages"]) if isinstance(p, dict)]
            problems += _dupes(doc, pages, f"slide '{slide.get('id')}': page")
    return problems


def _dupes(doc: SourceDoc, paths: list[NodePath], what: str) -> list[Problem]:
    out: list[Problem] = []
    first: dict[str, int] = {}
    for path in paths:
        node = doc.data
        for part in path:
            node = node[part]
        ident = node.get("id")
        if not isinstance(ident, str):
            continue
        line, col = doc.written_at(path + ("id",))
        if ident in first:
            repeated = (line, col) != doc.where(path + ("id",))  # in a value an alias repeats
            out.append(Problem(doc.file, line, col, f"{what} id '{ident}' is used twice (lines {first[ident]} and {line})",
                               "write the second one out with an id of its own: an alias (*name) repeats the whole "
                               "value, id and all" if repeated else "give each one its own id"))
        else:
            first[ident] = line
    return out


#: Fields that mean nothing without another field of the same mapping (docs/decks.md): an
#: event's ``end`` without its ``start`` (its card would show the date alone), a helpline's
#: ``url_label`` without its ``url`` (no website code to put it under). Each pair: the slide type,
#: the list of items they are in (``None``: the slide itself), the field, the one it needs, and
#: an example of that one.
UNPAIRED = (
    ("events", "events", "end", "start", 'start: "HH:MM"'),
    ("helpline", None, "url_label", "url", "url: https://…"),
)


def unpaired_fields(doc: SourceDoc) -> list[Problem]:
    """An error at each field of :data:`UNPAIRED` written without the field it needs (works on the
    raw data, so a needed field written with an error of its own is not said to be missing).

    Args:
        doc: the file as read.

    Returns:
        Errors, in slide order.
    """
    slides = doc.data.get("slides") if isinstance(doc.data, dict) else None
    problems: list[Problem] = []
    for i, slide in enumerate(slides if isinstance(slides, list) else []):
        if not isinstance(slide, dict):
            continue
        for kind, items, name, needed, example in UNPAIRED:
            if slide.get("type") != kind:
                continue
            listed = slide.get(items) if items else [slide]
            for j, item in enumerate(listed if isinstance(listed, list) else []):
                if not isinstance(item, dict) or item.get(name) is None or item.get(needed) is not None:
                    continue
                path = ("slides", i) + ((items, j) if items else ()) + (name,)
                problems.append(doc.problem(path, f"{_unpaired_owner(slide, item, items)}{name} is written but "
                                                  f"{needed} is not: {_UNPAIRED_WHY[name]}",
                                            f"add {example} {'above' if name == 'end' else 'beside'} {name}, "
                                            f"or remove {name}"))
    return problems


#: What is lost when a field of :data:`UNPAIRED` has no partner.
_UNPAIRED_WHY = {
    "end": "an end time needs a start time (its card would show the date alone, without the end)",
    "url_label": "the label goes under the website's QR code, which there is none of without url",
}


def _unpaired_owner(slide: dict, item: dict, items: str | None) -> str:
    """``"slide 'id': event 'Walk' on 2027-02-21: "`` for an item, ``"slide 'id': "`` for the slide."""
    said = f"slide '{printable(str(slide.get('id')))}': "
    if not items:
        return said
    title = item.get("title")
    title = next(iter(title.values()), "") if isinstance(title, dict) and title else title
    day = item.get("date")
    on = f" on {written(day)}" if isinstance(day, dt.date) else f" on {printable(day)}" if isinstance(day, str) else ""
    return f"{said}event '{printable(str(title))}'{on}: " if isinstance(title, str) else f"{said}event{on}: "


def check_deck(deck: Deck, doc: SourceDoc, folder: Path, *, today: dt.date | None = None,
               known_ids: set[str] | None = None, written_types: frozenset[str] = frozenset(),
               languages_known: bool = True, written_elsewhere: frozenset[str] | None = None,
               written: SourceDoc | None = None, stood_in: frozenset[NodePath] = frozenset()) -> list[Problem]:
    """Run every whole-deck check on a deck that passed the model.

    Args:
        deck: the validated model.
        doc: its source, for positions.
        folder: the deck folder, for images.
        today: the date events are judged against (default: today in the deck's time zone).
        known_ids: every slide id in the file, when ``deck`` holds only some of its slides
            (buttons may go to any of them); default: the ids in ``deck``.
        written_types: then, the type of every slide in the file (a helpline slide with errors
            is still a helpline slide).
        languages_known: False when the deck's first language has an error: the checks that
            judge every text by it are left out.
        written_elsewhere: with ``known_ids``, the languages of the translations left out of
            ``deck`` (their texts had errors): a language written there is not said to be
            unwritten. ``None``: not known, so no language is said to be.
        written: the file as read, when ``doc`` holds only what passed the model: a language
            listed again is looked for there (``en-us`` after ``en-US``, though ``en-us`` was
            refused for its spelling).
        stood_in: the paths in ``doc`` of values put in place of a field that had an error (a
            slide's phone): what they say is not judged (the number a code dials).

    Returns:
        Errors, warnings and notes, unsorted.
    """
    problems = duplicate_ids(doc) + unpaired_fields(written or doc)
    problems += _check_timezone(deck, doc)
    if languages_known:
        problems += _check_languages(deck, doc)
    problems += _check_language_codes(deck, doc, written or doc)
    if languages_known:
        problems += _check_translations(deck, doc, whole=known_ids is None or written_elsewhere is not None,
                                        written_elsewhere=written_elsewhere or frozenset())
    problems += _check_helpline(deck, doc, written_types)
    problems += _check_loop_length(deck, doc)
    problems += _check_number_bases(deck, doc)
    problems += _check_contrast(deck, doc, _colours_left_out(doc, written))
    problems += _check_links(deck, doc, stood_in)
    problems += _check_invisible(deck, doc)
    problems += _check_numbers_in_text(deck, doc)
    problems += check_pictures(deck, doc, folder)
    problems += _check_buttons(deck, doc, known_ids)
    problems += _check_button_schedules(deck, doc, today)
    problems += _check_events(deck, doc, today)
    problems += _check_event_codes(deck, doc)
    problems += _check_schedule(deck, doc, today)
    problems += far_ahead_problems(deck, doc, today or _today(deck), _plain)
    problems += _check_clock_changes(deck, doc, today)
    problems += check_glyphs(deck, doc) + review_notes(deck, doc)
    return problems


def _check_timezone(deck: Deck, doc: SourceDoc) -> list[Problem]:
    """An error for a time zone the database does not know; a warning for one that is no place's
    (:func:`kiosk.walltime.placeholder_zone`): the deck's dates and times would be read as UTC."""
    try:
        zone_named(deck.deck.timezone)
    except UnknownZone as exc:
        return [doc.problem(("deck", "timezone"), exc.message, exc.hint)]
    placeholder = placeholder_zone(deck.deck.timezone)
    if placeholder:
        return [doc.problem(("deck", "timezone"), f"{placeholder}: the deck's dates and times would be read as UTC, "
                                                  "with no summer time", "give the venue's zone, such as Europe/London",
                            severity="warning")]
    return []


def _texts(node: Any, path: NodePath) -> Iterator[tuple[NodePath, dict]]:
    """Yield every translated text (a language → string mapping) in a model, with its path."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in ("theme", "review"):  # colours and review notes are not visible text
                continue
            yield from _texts(value, path + (name,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, path + (i,))
    elif isinstance(node, dict) and node and all(isinstance(v, str) for v in node.values()):
        yield path, node


def _check_languages(deck: Deck, doc: SourceDoc) -> list[Problem]:
    problems = []
    langs = deck.deck.languages
    first = langs[0]
    for path, text in _texts(deck, ()):
        if path[:2] == ("deck", "languages"):
            continue
        if first not in text:
            problems.append(doc.problem(path, f"{subject(path, doc.data)}: text has no '{first}' version",
                                        f"add '{first}: …': the deck's first language is shown when a translation is missing"))
        extra = [code for code in text if code not in langs]
        if extra:
            problems.append(doc.problem(path, f"{subject(path, doc.data)}: text has {noun(len(extra), 'language')} {', '.join(extra)} "
                                              "not in the deck's languages",
                                        f"add {'it' if len(extra) == 1 else 'them'} to 'languages:' under 'deck:' or remove {'it' if len(extra) == 1 else 'them'}", severity="warning"))
    return problems


def picker_name(code: str) -> str:
    """The language's name for itself, as the language picker writes it: the kiosk's own table
    (:data:`kiosk.i18n.AUTONYMS`), else CLDR's (``langcodes`` with ``language-data``), first
    letter capital; ``""`` when neither knows the language."""
    known = AUTONYMS.get(code) or AUTONYMS.get(code.split("-")[0])
    if known:
        return known
    import langcodes  # CLDR's tables: about 30 ms to load, only for a language the kiosk does not know

    try:
        name = langcodes.Language.get(code).autonym()
    except (ValueError, LookupError):
        return ""
    return "" if not name or name.startswith("Unknown") or name == code else name[:1].upper() + name[1:]


def _registered(code: str) -> bool:
    """True when ``code`` is a language tag the IANA language subtag registry has (``langcodes``)."""
    import langcodes

    try:
        return langcodes.Language.get(code).is_valid()
    except (ValueError, LookupError):
        return False


#: ISO 639's codes that name no language (ISO 639-2, "special" codes), and what each stands for.
PLACEHOLDER_LANGUAGES = {"und": "undetermined language", "mul": "several languages",
                         "zxx": "no linguistic content", "mis": "a language with no code yet"}


def placeholder_language(code: str) -> str | None:
    """What ``code`` stands for when its language is one of ISO 639's placeholders
    (:data:`PLACEHOLDER_LANGUAGES`, and ``qaa``–``qtz``, reserved for local use), else ``None``.
    A deck's language must be one a visitor can choose by name."""
    base = code.split("-")[0].lower()
    if base in PLACEHOLDER_LANGUAGES:
        return PLACEHOLDER_LANGUAGES[base]
    if len(base) == 3 and "qaa" <= base <= "qtz":
        return "reserved for local use"
    return None


def repeated_languages(data: Any) -> dict[int, int]:
    """The entries of ``deck.languages`` in ``data`` (the file as read) that repeat an earlier one,
    letter case and ``_`` for ``-`` aside (``en-us`` is ``en-US`` again, ``EN`` is ``en``).

    Args:
        data: the deck as read (plain dicts and lists).

    Returns:
        Each repeat's index (from 0) -> the index of the entry it repeats.
    """
    deck = data.get("deck") if isinstance(data, dict) else None
    written = deck.get("languages") if isinstance(deck, dict) else None
    seen: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for i, code in enumerate(written if isinstance(written, list) else []):
        if not isinstance(code, str):
            continue
        key = _language_key(code)
        if key in seen:
            repeats[i] = seen[key]
        else:
            seen[key] = i
    return repeats


def _language_key(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def _duplicate_languages(doc: SourceDoc) -> list[Problem]:
    """An error at each language listed again in the file's ``deck.languages``
    (:func:`repeated_languages`), naming the entry it repeats and the list to write: the one
    mistake of a repeat spelt otherwise (``[en, EN]``) is said once, here (the model's word on
    ``EN``'s spelling is left out, :func:`kiosk.deck.load._explain`). Read from the file as
    written, so a repeat the model refused for its spelling is still told."""
    repeats = repeated_languages(doc.data)
    written = doc.data["deck"]["languages"] if repeats else []
    problems = []
    for i, j in repeats.items():
        code, first = written[i], written[j]
        what = (f"'{printable(code)}' is listed twice in 'languages:' (entries {j + 1} and {i + 1})"
                if first == code else f"'{printable(code)}' is '{printable(first)}' (entry {j + 1}) again in "
                f"'languages:', letter case aside (entry {i + 1})")
        problems.append(doc.problem(("deck", "languages", i), f"{what}: the language picker would offer it twice",
                                    f"keep each language once: write languages: [{', '.join(_languages_once(written))}]"))
    return problems


def _languages_once(written: list) -> list[str]:
    """``written`` (a deck's ``languages:`` as read) with each language once, as the kiosk writes
    it (``[en, EN, pl]`` -> ``[en, pl]``): of each language's entries the first one spelt right,
    else the first one as BCP 47 writes it (:func:`kiosk.deck.model.lang_problem`'s fix)."""
    groups: dict[str, list[str]] = {}
    for code in written:
        if isinstance(code, str):
            groups.setdefault(_language_key(code), []).append(code)
    kept = []
    for codes in groups.values():
        right = next((code for code in codes if LANG.match(code)), None)
        if right is None:
            said = lang_problem(codes[0])
            right = said.split(" — write ", 1)[1].split(" ", 1)[0] if " — write " in said else codes[0]
        kept.append(printable(right))
    return kept


def _check_language_codes(deck: Deck, doc: SourceDoc, written: SourceDoc) -> list[Problem]:
    """Each of the deck's languages: listed once (letter case aside: ``en-US`` and ``en-us`` are
    one language), not one of ISO 639's placeholders (:func:`placeholder_language`), a language
    code (ISO 639, as the IANA language subtag registry has it, by ``langcodes``), and a name for
    itself that the bundled fonts can draw (else the language picker shows the bare code). The
    languages of the kiosk's own table (:data:`kiosk.i18n.AUTONYMS`) are known without loading
    ``langcodes``. Repeats are looked for in ``written``, the file as read (``doc`` may hold
    only what passed the model)."""
    problems = []
    covered = None
    named: dict[str, str] = {}  # the picker's name -> the first code it names
    problems += _duplicate_languages(written)
    listed: set[str] = set()
    for i, code in enumerate(deck.deck.languages):
        path = ("deck", "languages", i)
        if code.lower() in listed:
            continue  # told by _duplicate_languages
        listed.add(code.lower())
        stands_for = placeholder_language(code)
        if stands_for:
            problems.append(doc.problem(path, f"'{printable(code)}' is no language: ISO 639 keeps it as a "
                                              f"placeholder ({stands_for}), so visitors cannot choose it by name",
                                        "write the code of the language the texts are in, like 'pl' or 'ckb'"))
            continue
        problems += _regional_words(doc, path, code)
        valid = code in AUTONYMS or _registered(code)
        if not valid:
            problems.append(doc.problem(path, f"'{printable(code)}' is not a language code (ISO 639), so the language "
                                              "picker can only show the code itself",
                                        "write the language's two- or three-letter code, like 'pl' or 'ckb' "
                                        "(a region after a dash: 'pt-BR')", severity="warning"))
            continue
        name = picker_name(code)
        if not name:
            continue
        if name in named and named[name] != code:
            problems.append(doc.problem(path, f"the language picker names '{code}' {name}, as it names "
                                              f"'{named[name]}': visitors cannot tell the two apart",
                                        f"keep one of them in 'languages:' (and its texts), e.g. {named[name]}",
                                        severity="warning"))
        named.setdefault(name, code)
        covered = covered if covered is not None else bundled_coverage()
        absent = missing(name, covered)
        if absent:
            problems.append(doc.problem(path, f"the language picker cannot write '{code}' by its own name, {name}: "
                                              f"the bundled fonts have no {char_name(absent[0])}, so it shows the "
                                              f"code '{code}' instead", "add a font with those letters to "
                                              "assets/fonts (see assets/fonts/README.md), or leave it as the code",
                                        severity="warning"))
    return problems


def _regional_words(doc: SourceDoc, path: NodePath, code: str) -> list[Problem]:
    """A warning when ``code`` names a region (``pt-BR``) other than the one the kiosk's own words
    are written for in its language (:data:`kiosk.i18n.LOCALE_FOR_LANGUAGE`: Portuguese as in
    Portugal, English as in Britain), and the kiosk has no table of its own words for ``code``
    (:func:`kiosk.i18n.own_words_language`): a visitor who chooses it reads the buttons and
    hints in the other country's usage."""
    from kiosk.i18n import LOCALE_FOR_LANGUAGE, own_words_language

    base, region = code.split("-")[0], code.split("-")[-1] if "-" in code else ""
    written_for = LOCALE_FOR_LANGUAGE.get(base, "").partition("_")[2]
    if not region.isupper() or not written_for or region == written_for or own_words_language(code) != base:
        return []
    return [doc.problem(path, f"the kiosk's own words (buttons, hints) are not written for {code}: visitors who "
                              f"choose it read the '{base}' ones, written for {base}-{written_for} "
                              f"({_country(written_for)})",
                        f"write {base}, unless the deck's texts are for {code} ({_country(region)}) only; to keep "
                        f"{code}, add a table for it to kiosk/ui_strings.yaml", severity="warning")]


def _country(region: str) -> str:
    """The English name of ``region`` (an ISO 3166 code such as ``BR``: "Brazil", by ``langcodes``), else the code."""
    import langcodes

    try:
        name = langcodes.Language.get(f"und-{region}").territory_name()
    except (ValueError, LookupError):
        return region
    return name if name and not name.startswith("Unknown") else region


def _check_translations(deck: Deck, doc: SourceDoc, whole: bool = True,
                        written_elsewhere: frozenset[str] = frozenset()) -> list[Problem]:
    """Gaps in a deck's translations, which a visitor would see as a slide half in another language.

    A language of the deck's ``languages`` (after the first) that no text has gets one warning. A
    slide where some translated texts (language mappings) have that language and others lack it
    gets one note per language, naming the texts shown in the first language instead. Plain texts
    (one string) are the same in every language by intent and are not counted.

    Args:
        whole: False when ``deck`` holds only the slides without errors: a language may then be
            written only in the slides left out, so no language is said to be unused.
        written_elsewhere: languages written in texts left out of ``deck``: not unused either.

    Returns:
        Warnings located at ``deck.languages``; notes at the first text lacking the language.
    """
    langs = list(dict.fromkeys(deck.deck.languages))  # a language listed twice is an error of its own
    first, others = langs[0], [code for code in langs[1:] if not placeholder_language(code)]
    texts = [(path, text) for path, text in _texts(deck, ()) if path[:2] != ("deck", "languages")]
    problems = []
    unused = [code for code in others if code not in written_elsewhere
              and not any(code in text for _, text in texts)] if whole else []
    if unused:
        problems.append(doc.problem(("deck", "languages"),
                                    f"no text is written in {', '.join(unused)}: visitors who choose "
                                    f"{'it' if len(unused) == 1 else 'them'} see the deck in '{first}'",
                                    "translate the texts (e.g. title: {" + f"{first}: …, {unused[0]}: …" + "}) or "
                                    "remove the language from 'languages:'", severity="warning"))
    for index, slide in enumerate(deck.slides):
        mine = [(path, text) for path, text in texts if path[:2] == ("slides", index)]
        for code in others:
            if code in unused or not any(code in text for _, text in mine):
                continue
            lacking = [path for path, text in mine if code not in text]
            if lacking:
                names = ", ".join(subject(path, doc.data).partition("field ")[2] or "?" for path in lacking[:4])
                more = f" and {len(lacking) - 4} more" if len(lacking) > 4 else ""
                problems.append(doc.problem(
                    lacking[0], f"slide '{slide.id}': {len(lacking)} of {len(mine)} translated texts "
                                f"{'has' if len(lacking) == 1 else 'have'} no "
                                f"'{code}' version ({names}{more}); they are shown in '{first}' to visitors "
                                f"who choose '{code}'",
                    f"add '{code}: …' to {'it' if len(lacking) == 1 else 'them'}", severity="note"))
    return problems


def _check_helpline(deck: Deck, doc: SourceDoc, written_types: frozenset[str] = frozenset()) -> list[Problem]:
    """A deck with no helpline slide has no Get help button and shows no number to call: a
    warning, since the helpline is what the kiosk is for (README, "Get help is always one tap
    away"). ``written_types``: the types of every slide in the file, those with errors too."""
    if any(slide.type == "helpline" for slide in deck.slides) or "helpline" in written_types:
        return []
    return [doc.problem(("slides",), "the deck has no helpline slide, so the Get help button and the "
                                     "number to call show nowhere",
                        "add a slide of type helpline, e.g. - {id: help, type: helpline, phone: …} "
                        "(docs/decks.md, Slide types)", severity="warning")]


#: Longest attract loop, in seconds, before a deck is warned about (:func:`_check_loop_length`).
LONGEST_LOOP = 2 * 3600


def _check_loop_length(deck: Deck, doc: SourceDoc) -> list[Problem]:
    """A warning, at ``slides:``, when one round of the attract loop takes longer than
    :data:`LONGEST_LOOP` (each slide at its dwell, pages not counted, every slide as if due):
    a passer-by stays for a minute or two, so a loop of hours shows each of them a few slides
    only, and whatever is added never comes round (10,000 slides at 10 s are 28 hours). Not an
    error: the kiosk plays such a deck, and ``kiosk validate`` checks it in time linear in its size."""
    seconds = sum(deck.dwell_of(slide) for slide in deck.slides)
    if seconds <= LONGEST_LOOP:
        return []
    hours = seconds / 3600
    return [doc.problem(("slides",), f"one round of the loop takes about {hours:,.0f} hours ({len(deck.slides):,} slides "
                                     "at their dwell times), so a visitor passing by sees few of the slides",
                        f"keep a loop under {LONGEST_LOOP // 3600} hours (a few minutes suits most venues): split the "
                        "deck into several decks (the staff menu switches between them), or leave slides out",
                        severity="warning")]


#: How a whole number in another base is written (YAML 1.2 core schema, section 10.3.2).
_OTHER_BASES = {"0x": "hexadecimal (base 16)", "0o": "octal (base 8)"}


def _check_number_bases(deck: Deck, doc: SourceDoc) -> list[Problem]:
    """A warning at each number the deck uses as a number (a dwell, a duration, a date's parts
    aside) written in hexadecimal or octal: ``dwell: 0x10`` is 16 seconds by YAML 1.2, which is
    seldom what its writer meant. A text field keeps what was written (``subtitle: 0x10`` shows
    "0x10"), so it is not warned about."""
    problems = []
    for path, value in _written_ints(doc.data, ()):
        base = _OTHER_BASES.get(value.written[:2])
        if base is None or not _number_in_model(deck, path):
            continue
        problems.append(doc.problem(path, f"{subject(path, doc.data)}: {value.written} is written in {base}, "
                                          f"so it is read as {int(value):,}",
                                    f"write {int(value)} if that is what you meant, or the number you meant in plain "
                                    "digits (a leading 0x or 0o changes the base)", severity="warning"))
    return problems


def _written_ints(node: Any, path: NodePath) -> Iterator[tuple[NodePath, WrittenInt]]:
    """Every whole number read from a plain scalar in a deck as read, with its path."""
    if isinstance(node, WrittenInt):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                yield from _written_ints(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _written_ints(item, path + (i,))


def _number_in_model(deck: Deck, path: NodePath) -> bool:
    """Whether the validated deck holds a number (not text, not a flag) at ``path``."""
    node: Any = deck
    for step in path:
        if isinstance(node, BaseModel) and isinstance(step, str) and step in type(node).model_fields:
            node = getattr(node, step)
        elif isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return False
    return isinstance(node, (int, float)) and not isinstance(node, bool)


def _theme_written(doc: SourceDoc) -> Any:
    """The ``deck: theme:`` value of ``doc`` as read, or ``None``."""
    info = doc.data.get("deck") if isinstance(doc.data, dict) else None
    return info.get("theme") if isinstance(info, dict) else None


def _colours_left_out(doc: SourceDoc, written: SourceDoc | None) -> frozenset[str]:
    """The theme colours whose value is not known because they had errors: each colour the file
    (``written``) gives that ``doc`` (what passed the model) does not hold, and the colour a
    mistyped name (``backgrund``) was meant for; every colour when the theme is not a mapping."""
    names = tuple(Theme.model_fields)
    if written is None or written is doc:
        return frozenset()
    said, kept = _theme_written(written), _theme_written(doc)
    if said is None:
        return frozenset()
    if not isinstance(said, dict):
        return frozenset(names)
    kept = kept if isinstance(kept, dict) else {}
    out = set()
    for key in said:
        if key in kept:
            continue
        out.update([key] if key in names else close_matches(str(key), names, cutoff=0.6)[:1])
    return frozenset(out)


def _check_contrast(deck: Deck, doc: SourceDoc, left_out: frozenset[str] = frozenset()) -> list[Problem]:
    """Check each pair in :data:`CONTRAST_PAIRS`, naming which colours the deck set and which are
    defaults. A pair with a colour in ``left_out`` (written with an error, so its value is not
    known) is skipped: the other pairs are still judged, so one bad colour hides no other mistake."""
    theme = deck.deck.theme
    given = _theme_written(doc)
    given = given if isinstance(given, dict) else {}
    problems = []
    for fg, bg, need, use in CONTRAST_PAIRS:
        if fg in left_out or bg in left_out:
            continue
        colours = {fg: getattr(theme, fg), bg: getattr(theme, bg)}
        ratio = contrast_ratio(colours[fg], colours[bg])
        if ratio >= need:
            continue

        def shown(name: str) -> str:
            return f"'{name}' ({'' if name in given else 'default '}{colours[name]})"

        hint = _contrast_fix(colours, given, need)
        at = fg if fg in given or bg not in given else bg
        problems.append(doc.problem(
            ("deck", "theme", at),
            f"theme {shown(fg)} on {shown(bg)} ({use}) has contrast {ratio:.2f}:1, below {need}:1 (WCAG 2.2 AA)",
            hint))
    return problems


#: The colour that cannot be made any lighter, or any darker.
_FURTHEST = {"lighter": "#ffffff", "darker": "#000000"}


def _contrast_fix(colours: dict[str, str], given: dict, need: float) -> str:
    """How to raise the contrast of a pair of theme colours (by name, ``#rrggbb``), below ``need``:1, to it.

    Each colour can move away from the other: the lighter one lighter, the darker one darker.
    Only a move that can reach ``need`` is suggested: one taken as far as it goes (to white, or
    to black) reaches 1.05 / (L + 0.05), or (L + 0.05) / 0.05, against the other colour's
    relative luminance L (WCAG 2.2, 1.4.3), so a colour next to a dark one cannot fix the pair by
    going darker. Of the moves that can, a default colour the deck does not set is suggested first
    (``set muted: to a lighter colour``); otherwise each is named. When neither colour alone can
    reach ``need``, both moves are asked for together (white on black is 21:1).

    Returns:
        str: the hint, e.g. ``make muted lighter or background darker``.
    """
    names = list(colours)

    def reach(name: str, way: str) -> float:
        """The contrast when ``name`` alone goes all the way ``way``."""
        other = names[1] if name == names[0] else names[0]
        return contrast_ratio(_FURTHEST[way], colours[other])

    def way(name: str) -> str:
        other = names[1] if name == names[0] else names[0]
        mine, theirs = relative_luminance(colours[name]), relative_luminance(colours[other])
        if mine != theirs:
            return "lighter" if mine > theirs else "darker"
        # The same lightness (white on white): both ways lead away; take the one that goes further.
        return max(("darker", "lighter"), key=lambda w: reach(name, w))

    works = [name for name in names
             if colours[name].lower() != _FURTHEST[way(name)] and reach(name, way(name)) >= need]
    if not works:
        light, dark = sorted(names, key=lambda name: relative_luminance(colours[name]), reverse=True)
        return f"make {light} lighter and {dark} darker: changing only one of them cannot reach {need}:1"
    unset = [name for name in works if name not in given]
    if unset:
        return f"set {unset[0]}: to a {way(unset[0])} colour"
    return "make " + " or ".join(f"{name} {way(name)}" for name in works)


def _walk_links(node: Any, path: NodePath) -> Iterator[tuple[NodePath, QrLink]]:
    if isinstance(node, QrLink):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk_links(getattr(node, name), path + (name,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk_links(item, path + (i,))


def qr_modules(payload: str) -> int:
    """Width of ``payload``'s QR code in modules, quiet zone included, as :mod:`kiosk.qr` makes it.

    A version-v code is 17 + 4v modules wide (ISO/IEC 18004).

    Raises:
        kiosk.qr.QrTooLong: when no QR code holds ``payload``.
    """
    return 17 + 4 * qr_version(payload) + 2 * QUIET_ZONE


def qr_fits(payload: str, side_px: float) -> bool:
    """True when ``payload``'s QR code, quiet zone included, has modules of at least
    :data:`MIN_MODULE_PX` when drawn ``side_px`` pixels wide (pixels at 1080).

    Most links are far below the limit: when even the plain byte encoding (4 mode bits, the
    length, 8 bits a byte) fits the largest version allowed, the code is not worked out.
    """
    widest = int(side_px // MIN_MODULE_PX)
    version = (widest - 2 * QUIET_ZONE - 17) // 4
    if version < 1:
        return False
    if version < 40:
        length_bits = 8 if version < 10 else 16
        if 4 + length_bits + 8 * len(payload.encode("utf-8")) <= BIT_LIMIT_TABLE[ERROR_CORRECT_M][version]:
            return True
    return qr_fits_any(payload) and qr_modules(payload) <= widest


def _longest_that_fits(side_px: float) -> int:
    """Longest web address, in characters, whose code still fits ``side_px`` (found by bisection)."""
    low, high = 0, 2000
    while low < high:
        mid = (low + high + 1) // 2
        if qr_fits("https://" + "a" * (mid - 8), side_px):
            low = mid
        else:
            high = mid - 1
    return low


def _check_links(deck: Deck, doc: SourceDoc, stood_in: frozenset[NodePath] = frozenset()) -> list[Problem]:
    """Every QR code's link: scannable at the size its slide draws it, ``https:``, and named
    truthfully by its label. A helpline phone in ``stood_in`` (written with an error) is not
    judged, nor its label against it."""
    problems = []
    for i, slide in enumerate(deck.slides):
        side = QR_SIDE_PX.get(slide.type)
        if side is None:
            continue
        links = [(path + ("link",), link.link, link.label) for path, link in _walk_links(slide, ("slides", i))]
        dials = isinstance(slide, HelplineSlide) and ("slides", i, "phone") not in stood_in  # known number
        if dials:
            problems += _check_call_cost(doc, ("slides", i, "phone"), slide.id, slide.phone, slide.tel_link)
        if dials and slide.call_label:
            problems += _check_phone_label(doc, ("slides", i, "call_label"), slide.id, slide.tel_link, slide.call_label,
                                           helpline=True)
        if isinstance(slide, HelplineSlide) and slide.url:
            links.append((("slides", i, "url"), slide.url, slide.url_label))
        for path, payload, label in links:
            problems += _check_web_link(doc, path, slide.id, payload, label, helpline=isinstance(slide, HelplineSlide))
            if payload.startswith("tel:"):
                problems += _check_call_cost(doc, path, slide.id, f"the link {payload}", payload)
            if qr_fits(payload, side):
                continue
            length, counted = link_length(value_at(doc.data, path), payload)
            fix = f"use a shorter address: at most {_longest_that_fits(side)} characters fit a code on this slide{counted}"
            if not qr_fits_any(payload):
                problems.append(doc.problem(
                    path, f"slide '{slide.id}': {length}, too long for any QR code "
                          f"(the largest holds {MAX_PAYLOAD_BYTES} bytes)", fix))
                continue
            problems.append(doc.problem(
                path,
                f"slide '{slide.id}': {length}, too long to scan at the size shown "
                f"(its QR code is {qr_modules(payload)} modules across in {side} px)", fix))
    return problems


def link_length(written: Any, payload: str) -> tuple[str, str]:
    """How long a QR code's link is, in the characters the coordinator wrote and in those the code
    holds, for the messages of a link too long for its code.

    A web address's code holds it as browsers send it (the WHATWG URL Standard's serialisation,
    :mod:`kiosk.deck.links`): each letter outside A–Z in its path, query or fragment as the
    percent-encoded bytes of its UTF-8 (``я``, 2 bytes, as ``%D1%8F``: 6 characters), a host
    outside A–Z in its IDNA form (``xn--…``). So 120 letters ``я`` after ``https://example.com/``
    are 140 characters written and 740 in the code; the limit of the code counts the 740.

    Args:
        written: the link as the deck's file gives it (``None`` or a non-text when not known).
        payload: what the QR code holds (:data:`kiosk.deck.model.Link`).

    Returns:
        ``(length, counted)``: ``"link is 740 characters"``, or, when the two differ, ``"link is
        140 characters, 740 once its letters outside A–Z are written as browsers send them (я as
        %D1%8F)"``; and ``counted``, to follow a limit in characters (``""`` when they are the
        same): ``", a letter like я counting as 6 (%D1%8F)"``.
    """
    text = written.strip() if isinstance(written, str) else payload
    if len(text) == len(payload):
        return f"link is {len(payload)} characters", ""
    said = f"link is {len(text)} characters, {len(payload)}"
    if payload.startswith("tel:"):
        return f"{said} in the form its code dials ({payload})", ""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    after_host = text.split(parts.netloc, 1)[1] if parts is not None and parts.netloc else ""
    letter = next((ch for ch in after_host if not ch.isascii()), "")
    coded_host = "" if host.isascii() else (urlsplit(payload).hostname or "")
    notes, counted = [], []
    if letter:
        encoded = "".join(f"%{byte:02X}" for byte in letter.encode("utf-8"))
        notes.append(f"{letter} as {encoded}")
        counted.append(f"a letter like {letter} counting as {len(encoded)} ({encoded})")
    if coded_host:
        notes.append(f"the host as {coded_host}")
        counted.append(f"its host counting as {len(coded_host)} ({coded_host})")
    if not notes:
        return f"{said} as browsers send it", ""
    return (f"{said} once its letters outside A–Z are written as browsers send them ({', '.join(notes)})",
            ", " + " and ".join(counted))


def _check_call_cost(doc: SourceDoc, path: NodePath, slide_id: str, written: str, payload: str) -> list[Problem]:
    """A warning when the number ``written`` (dialled as ``payload``) costs callers more than an
    ordinary call (:func:`kiosk.deck.links.costly_number`)."""
    costly = costly_number(payload)
    if costly is None:
        return []
    return [doc.problem(path, f"slide '{slide_id}': {written} {costly}", FREE_NUMBER_HINT, severity="warning")]


#: How to fix a phone number that costs callers more than an ordinary call.
FREE_NUMBER_HINT = ("give a number free to call (in the UK 0800 or 0808) or charged as an ordinary call "
                    "(01, 02, 03): a caller in need should not be put off by the price")
#: Fewer digits than this in a text and it holds no phone number worth looking for (the UK's
#: shortest numbers with an area code have 7 digits after the 0; a premium-rate one has 10).
PHONE_MIN_DIGITS = 7


def _check_numbers_in_text(deck: Deck, doc: SourceDoc) -> list[Problem]:
    """A warning for each premium-rate or shared-cost phone number written in a deck's text (a
    slide's body, a title, a QR code's label; :func:`kiosk.deck.links.numbers_in_text`, then
    :func:`kiosk.deck.links.costly_number`), once per text field whatever its languages. A number
    that a ``tel:`` code or the helpline slide dials is left to :func:`_check_links`, which warns
    where it is given."""
    dialled = {slide.tel_link.removeprefix("tel:") for slide in deck.slides if isinstance(slide, HelplineSlide)}
    dialled |= {link.link.removeprefix("tel:") for i, slide in enumerate(deck.slides)
                for _path, link in _walk_links(slide, ("slides", i)) if link.link.startswith("tel:")}
    problems, said = [], set()
    for path, lang, text in _visible_texts(deck, (), deck.deck.languages[0]):
        if sum(ch.isdigit() for ch in text) < PHONE_MIN_DIGITS:
            continue
        field = path[:-1] if path and path[-1] == lang else path
        for written_number, number in numbers_in_text(text):
            costly = costly_number(number)
            if costly is None or number in dialled or (field, number) in said:
                continue
            said.add((field, number))
            problems.append(doc.problem(path, f"{subject(path, doc.data)}: {written_number} {costly}",
                                        FREE_NUMBER_HINT, severity="warning"))
    return problems


def _check_phone_label(doc: SourceDoc, label_path: NodePath, slide_id: str, payload: str, label: Any, *,
                       helpline: bool = False) -> list[Problem]:
    """An error when a label writes a phone number other than the one the ``tel:`` code dials
    (:func:`kiosk.deck.links.label_problem`, :func:`_label_problems`)."""
    return _label_problems(doc, label_path, slide_id, payload, label, helpline=helpline)[:1]


def _label_problems(doc: SourceDoc, label_path: NodePath, slide_id: str, payload: str, label: Any, *,
                    helpline: bool = False) -> list[Problem]:
    """A problem for each language whose label says what the code does not do
    (:func:`kiosk.deck.links.label_problem`).

    An error on a helpline slide (``helpline``: the number a visitor in need calls, or the
    helpline's site, must be the one the words give), and wherever the label gives a phone
    number (a visitor who copies the number, or scans to call it, must reach that number). On
    other slides a label naming another site than its web code opens is a warning: an event's
    sign-up code often opens a booking page while its label names the organiser's site
    (docs/decks.md, QR codes and links).
    """
    problems = []
    for text in label.values() if isinstance(label, dict) else [label] if label else []:
        found = label_problem(payload, text)
        if found:
            severe = helpline or bool(numbers_in_text(text))
            problems.append(doc.problem(label_path, f"slide '{slide_id}': {found[0]}", found[1],
                                        severity="error" if severe else "warning"))
    return problems


def _check_web_link(doc: SourceDoc, path: NodePath, slide_id: str, payload: str, label: Any, *,
                    helpline: bool = False) -> list[Problem]:
    """Problems of a web link: an error for a look-alike host; a warning for ``http://``; for a
    label naming another site than the code opens or giving a phone number, see
    :func:`_label_problems`; for a ``tel:`` link, a label giving another number is an error."""
    if payload.startswith("tel:"):
        label_path = path[:-1] + ("label",) if path[-1] == "link" else path
        return _check_phone_label(doc, label_path, slide_id, payload, label, helpline=helpline)
    link = parse_web_link(payload)
    problems = []
    if not link.secure:
        problems.append(doc.problem(path, f"slide '{slide_id}': link starts http://, so it is not private and "
                                          "a phone may warn the visitor or be sent elsewhere",
                                    "use https:// if the site has it (most do)", severity="warning"))
    if link.spoof:  # a code that opens a look-alike site: an error, as a visitor cannot tell
        problems.append(doc.problem(path, f"slide '{slide_id}': browsers show this host as {link.shown_host}: "
                                          f"{link.spoof}, so it can pass for another site",
                                    "write the host in one script (the site's real name)"))
    if link.local:
        problems.append(doc.problem(path, f"slide '{slide_id}': {link.local}, nor a phone on another network",
                                    "give the site's public address (a name like example.org)", severity="warning"))
    label_path = path[:-1] + ("label",) if path[-1] == "link" else path[:-1] + ("url_label",)
    return problems + _label_problems(doc, label_path, slide_id, payload, label, helpline=helpline)


def _visible_texts(node: Any, path: NodePath, lang: str) -> Iterator[tuple[NodePath, str, str]]:
    """Every visible text of a model as (path, language code, text); plain strings are in ``lang``."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in ("theme", "review", "image", "id", "link", "url", "phone", "timezone", "languages", "icon"):
                yield from _visible_texts(getattr(node, name), path + (name,), lang)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _visible_texts(item, path + (i,), lang)
    elif isinstance(node, dict):
        for code, text in node.items():
            if isinstance(text, str):
                yield path + (code,), code, text
    elif isinstance(node, str):
        yield path, lang, node


def _check_invisible(deck: Deck, doc: SourceDoc) -> list[Problem]:
    """Warnings for invisible characters in deck text (see :func:`kiosk.deck.chars.doubtful_chars`)."""
    problems = []
    for path, lang, text in _visible_texts(deck, (), deck.deck.languages[0]):
        found = doubtful_chars(text, is_rtl(lang))
        if found:
            index, ch = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            hint = ("delete it: direction marks belong in right-to-left text (Arabic, Hebrew, Persian, Urdu)"
                    if ch in BIDI_MARKS else "delete it unless it is meant: it can split a word where nothing "
                    "shows, or make a text look like another")
            problems.append(doc.problem(
                path, f"{subject(path, doc.data)}: text has {char_name(ch)} at character {index}{more}, "
                      "invisible on screen", hint, severity="warning"))
    return problems


def _check_buttons(deck: Deck, doc: SourceDoc, known_ids: set[str] | None) -> list[Problem]:
    ids = known_ids if known_ids is not None else {s.id for s in deck.slides}
    problems = []
    for i, slide in enumerate(deck.slides):
        if isinstance(slide, TextSlide):
            for j, button in enumerate(slide.buttons):
                if button.goto and button.goto not in ids:
                    problems.append(doc.problem(("slides", i, "buttons", j, "goto"),
                                                f"slide '{slide.id}': button goes to unknown slide '{button.goto}'",
                                                "use the id of a slide in this deck"))
                elif button.goto == slide.id:
                    problems.append(doc.problem(("slides", i, "buttons", j, "goto"),
                                                f"slide '{slide.id}': button '{_plain(button.label)}' goes to slide "
                                                f"'{slide.id}', the slide it is on, so tapping it does nothing",
                                                "point it at another slide, or remove the button", severity="warning"))
    return problems


def _times_shown(slide: Any, archive: bool) -> list[str]:
    """What limits when ``slide`` is shown, in the deck's words (empty: it is shown at all times)."""
    limits = [f"{name} {written(getattr(slide, name))}" for name in ("show_from", "show_until")
              if getattr(slide, name) is not None]
    limits += [name for name in ("weekdays", "times") if getattr(slide, name)]
    if isinstance(slide, EventsSlide) and not archive:
        limits.append("an events slide, left out once its last event has ended")
    return limits


def _never_again(slide: Any, today: dt.date, archive: bool) -> bool:
    """True when ``slide`` is not shown again from ``today`` on (ended, never due, no event left)."""
    begin, end = _span(slide.show_from, slide.show_until)
    if end <= max(begin, dt.datetime.combine(today, dt.time())):
        return True
    if (slide.weekdays or slide.times) and not ever_due(begin, end, slide.weekdays, slide.times):
        return True
    return isinstance(slide, EventsSlide) and not archive and all(e.date < today for e in slide.events)


def _check_button_schedules(deck: Deck, doc: SourceDoc, today: dt.date | None) -> list[Problem]:
    """A note for each button whose slide is shown only at some times (the kiosk hides the button
    while its slide is not shown, :func:`kiosk.player.navigator.reachable`), a warning when that
    slide is never shown again, so the button never is either. A button to the deck's only signs
    or helpline slide is left alone: Spot the signs and Get help always open it."""
    today = today or _today(deck)
    archive = deck.deck.archive
    by_id = {slide.id: slide for slide in deck.slides}
    count = {kind: sum(s.type == kind for s in deck.slides) for kind in ("signs", "helpline")}
    problems = []
    for i, slide in enumerate(deck.slides):
        for j, button in enumerate(getattr(slide, "buttons", None) or []):
            target = by_id.get(button.goto) if button.goto else None
            if target is None or target is slide or count.get(target.type) == 1:  # itself: _check_buttons
                continue
            limits = _times_shown(target, archive)
            if not limits:
                continue
            where = ("slides", i, "buttons", j, "goto")
            said = f"slide '{slide.id}': button '{_plain(button.label)}' goes to slide '{target.id}'"
            if _never_again(target, today, archive):
                problems.append(doc.problem(
                    where, f"{said}, which is no longer shown ({'; '.join(limits)}), so the button is never shown",
                    "point the button at a slide that is shown, or remove it", severity="warning"))
            else:
                problems.append(doc.problem(
                    where, f"{said}, which is shown only at some times ({'; '.join(limits)}); the button is "
                    "hidden while that slide is not shown", "nothing to do if that is meant; otherwise point "
                    "it at a slide shown at all times", severity="note"))
    return problems


def _check_events(deck: Deck, doc: SourceDoc, today: dt.date | None) -> list[Problem]:
    """Each event: a warning when it is in the past (unless the deck is an archive); an error when its times cannot be shown as written
    (:func:`event_times_problem`)."""
    today = today or _today(deck)
    problems = []
    for i, slide in enumerate(deck.slides):
        if isinstance(slide, EventsSlide):
            for j, event in enumerate(slide.events):
                if event.date < today and not deck.deck.archive:
                    problems.append(doc.problem(("slides", i, "events", j, "date"),
                                                f"slide '{slide.id}': event on {written(event.date)} is in the past",
                                                "remove it, or set 'archive: true' under 'deck:' to keep past events",
                                                severity="warning"))
            for j, event in enumerate(slide.events):
                said = event_times_problem(event.date, event.start, event.end)
                if said is not None:
                    field_name, message, hint = said
                    problems.append(doc.problem(("slides", i, "events", j, field_name),
                                                f"slide '{slide.id}': event '{_plain(event.title)}' on "
                                                f"{written(event.date)} {message}", hint))
    return problems


def event_times_problem(day: dt.date, start: dt.time | None, end: dt.time | None) -> tuple[str, str, str] | None:
    """What is wrong with an event's times, as ``(field, message, hint)``, or ``None``.

    An event runs from ``start`` to ``end`` on its one ``day`` (the card shows "10:00–12:00" and the
    event leaves the slide at its end, :func:`kiosk.player.schedule.event_end`), so an end at the
    start is no event, and an end before the start would run past midnight, which an event cannot
    (it is split in two: to 23:59, and from 00:00 the next day). An ``end`` with no ``start`` is
    told by :func:`unpaired_fields`, from the file as written.

    Args:
        day: the event's date.
        start: its start time, if given.
        end: its end time, if given.

    Returns:
        The field the problem is at (``"end"``), what is wrong, and how to fix it; ``None`` when
        the times are fine or either is not given.
    """
    if start is None or end is None:  # an end with no start: unpaired_fields
        return None
    if end == start:
        return ("end", f"ends when it starts ({start:%H:%M} to {end:%H:%M})",
                "give the time it ends as end, or remove end for an event with no set end")
    if end < start:
        if end == dt.time(0):
            return ("end", f"ends at 00:00, before it starts at {start:%H:%M}: an event ends on its own day",
                    'end it at "23:59"')
        following = add_days(day, 1)
        return ("end", f"ends at {end:%H:%M}, before it starts at {start:%H:%M}: an event cannot go past midnight",
                f'if it runs overnight, end it at "23:59" and add a second event on {written(following)} '
                f'from "00:00" to "{end:%H:%M}"; otherwise correct the start or end time')
    return None


#: The screens a deck is laid out for (README, Design notes), in pixels.
EVENT_SCREENS = ((1920, 1080), (1080, 1920), (1280, 800))
#: The room an events slide's one-line headline takes above its cards, in pixels at 1080
#: (EventsSlide.qml: the headline's line and the 12 px under it).
EVENT_HEADING_PX = 146


def event_code_side(count: int, width: int, height: int, *, coded: int | None = None,
                    modules: int = 0) -> tuple[float, float]:
    """The side a sign-up code gets on an events slide of ``count`` events, and the least it
    must have, for the first: at ``width`` x ``height`` pixels, with a one-line headline, no
    intro and normal text size; the arithmetic of kiosk/qt/qml/Kiosk/slides/EventsSlide.qml
    (``codeSide``), the slide area being the screen less the header and footer of Main.qml.

    Args:
        count: events on the slide.
        width, height: the screen, in pixels.
        coded: how many of them have a sign-up code (default: all): with the code's least
            side, how wide each card's text is beside the codes, and so whether a code's label
            stands beside it (no room kept for it under the code: EventsSlide.qml ``wide``).
        modules: the most modules across of the codes (:func:`kiosk.qr.qr_modules`; 4 px each
            at least), or 0 to count only the least side.

    Returns:
        (side, least) in pixels; ``least`` is 200 px at 1080 (README, Design notes: a code is at
        least that, and 4 px a module, or not shown at all).
    """
    u = max(0.5, min(width, height) / 1080)
    wide = width / u >= 1500
    footer = 136 * u if wide else 2 * max(48, 48 * u, 96 * u) + 3 * 20 * u
    slide_height = height - 112 * u - footer
    margin = 64 * u
    columns = height <= width and count > 1
    pad = (28 if columns else 22) * u
    label_room = 3 * math.ceil(30 * u * 1.3) + 10 * u
    area = slide_height - EVENT_HEADING_PX * u - 28 * u - margin * 0.4
    room_width = (width - 2 * margin - (28 * u * (count - 1) if columns else 0)) / (count if columns else 1)
    room_height = area if columns else (area - 20 * u * (count - 1)) / max(1, count)
    least = max(200 * u, MIN_MODULE_PX * modules)
    text_width = (width - 2 * margin - 28 * u * (count - 1) - 2 * pad * count
                  - (count if coded is None else coded) * (least + 20 * u)) / max(1, count)
    wide = columns and text_width + 20 * u >= 200 * u  # the label beside the code
    if columns:
        side = min(room_width - 2 * pad, (room_height - 2 * pad - (0 if wide else label_room)) * 0.6, 300 * u)
    else:
        side = min(room_height - 2 * pad - label_room, room_width * 0.32, 300 * u)
    return side, 200 * u


def _event_codes_shown(slide: Any) -> Callable[[int, tuple[int, int]], bool] | None:
    """For an events slide with sign-up codes, ``shown(count, size)``: whether ``count`` of its
    events (as many of them with a code as it has, ``count`` at most) leave their codes room to
    be scanned on a screen of ``size`` pixels (:func:`event_code_side`); ``None`` when no event
    has a code."""
    coded = [event for event in slide.events if event.signup]
    if not coded:
        return None
    modules = 0
    for event in coded:  # a link too long to scan at any size has its own error (_check_links)
        with contextlib.suppress(ValueError):
            if qr_fits(event.signup.link, QR_SIDE_PX["events"]):
                modules = max(modules, qr_modules(event.signup.link))

    def shown(count: int, size: tuple[int, int]) -> bool:
        side, least = event_code_side(count, *size, coded=min(count, len(coded)), modules=modules)
        return side >= max(least, MIN_MODULE_PX * modules) - 0.5

    return shown


def events_codes_short(slide: Any) -> list[tuple[int, int]]:
    """The screens (:data:`EVENT_SCREENS`, (width, height) in pixels) at which ``kiosk validate``
    warns that the events of ``slide`` leave their sign-up codes too little room to be scanned
    (:func:`_check_event_codes`); empty for a slide of another type or without codes."""
    shown = _event_codes_shown(slide) if getattr(slide, "type", "") == "events" else None
    return [] if shown is None else _screens_short(shown, len(slide.events))


def _screens_short(shown: Callable[[int, tuple[int, int]], bool], count: int) -> list[tuple[int, int]]:
    """The screens (:data:`EVENT_SCREENS`) at which ``count`` events leave no room for their
    codes, by ``shown`` (:func:`_event_codes_shown`)."""
    return [size for size in EVENT_SCREENS if not shown(count, size)]


def _check_event_codes(deck: Deck, doc: SourceDoc) -> list[Problem]:
    """An events slide whose events leave their sign-up codes too little room to be scanned at
    some screen size: the kiosk then shows no code on it (each card says where to sign up in
    words), so the deck warns, naming the sizes and how many events would leave the codes room.
    (Worked out for a one-line headline and no intro: the fit check, kiosk.qt.fit, warns at the
    other sizes where a slide laid out leaves its codes out.)"""
    problems = []
    for i, slide in enumerate(deck.slides):
        if not isinstance(slide, EventsSlide):
            continue
        shown = _event_codes_shown(slide)
        if shown is None:
            continue
        coded = [event for event in slide.events if event.signup]
        short = _screens_short(shown, len(slide.events))  # not events_codes_short: its codes are encoded once
        if not short:
            continue
        most = max((n for n in range(1, len(slide.events)) if all(shown(n, size) for size in EVENT_SCREENS)), default=0)
        names = [f"{w}x{h}" for w, h in short]
        at = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        problems.append(doc.problem(
            ("slides", i, "events"),
            f"slide '{slide.id}': {len(slide.events)} events leave their {len(coded)} sign-up codes too little room to "
            f"be scanned at {at}, so no code is shown there (each event says where to sign up in words)",
            f"put at most {most} events on one events slide, and the rest on another" if most else
            "put each event with a sign-up code on an events slide of its own", severity="warning"))
    return problems


def _span(start: dt.date | dt.datetime | None, until: dt.date | dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    """The moments a slide may show, as [begin, end): a ``show_until`` date counts to its end."""
    begin = dt.datetime.min
    end = dt.datetime.max
    if start is not None:
        begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    if until is not None:
        end = until if isinstance(until, dt.datetime) else end_of_day(until)
    return begin, end


def ever_due(begin: dt.datetime, end: dt.datetime, weekdays: list[str], times: list[DailyWindow]) -> bool:
    """True when some moment in [begin, end) falls on one of ``weekdays`` inside one of ``times``.

    Args:
        begin, end: the slide's span (naive, in the deck's time zone).
        weekdays: ``mon`` … ``sun``; empty means every day.
        times: daily windows (:class:`kiosk.deck.windows.DailyWindow`); one past midnight belongs
            to the day it starts on. Empty means all day.

    Returns:
        Whether the slide is ever shown. Only a span shorter than eight days can miss every
        window, since every weekday and window recurs within a week.
    """
    if end <= begin:
        return False
    if end - begin > dt.timedelta(days=8):
        return True
    windows = times or [WHOLE_DAY]
    day = add_days(begin.date(), -1)  # a window past midnight may start the day before
    while day <= end.date():
        if not weekdays or WEEKDAYS[day.weekday()] in weekdays:
            for window in windows:
                if window.opens(day) < end and window.closes(day) > begin:
                    return True
        if day == dt.date.max:
            break
        day = add_days(day, 1)
    return False


def _check_schedule(deck: Deck, doc: SourceDoc, today: dt.date | None) -> list[Problem]:
    today = today or _today(deck)
    problems = []
    for i, slide in enumerate(deck.slides):
        where = ("slides", i)
        begin, end = _span(slide.show_from, slide.show_until)
        if slide.show_from is not None and slide.show_until is not None and end <= begin:
            problems.append(doc.problem(where + ("show_until",),
                                        f"slide '{slide.id}': show_until ({written(slide.show_until)}) is before show_from "
                                        f"({written(slide.show_from)}), so it is never shown",
                                        "swap the two dates, or correct one of them", severity="warning"))
            continue
        if slide.show_until is not None and end <= dt.datetime.combine(today, dt.time()):
            problems.append(doc.problem(where + ("show_until",),
                                        f"slide '{slide.id}': show_until ({written(slide.show_until)}) is in the past, "
                                        "so it is no longer shown",
                                        "remove the slide, or move show_until later", severity="warning"))
            continue
        if (slide.weekdays or slide.times) and not ever_due(begin, end, slide.weekdays, slide.times):
            field_name = "weekdays" if slide.weekdays else "times"
            problems.append(doc.problem(where + (field_name,),
                                        f"slide '{slide.id}': its weekdays and times never fall between show_from "
                                        "and show_until, so it is never shown",
                                        "widen show_from/show_until or change weekdays or times", severity="warning"))
    return problems


#: How far ahead the daily windows of a slide with no ``show_until`` are checked for clock changes, in days.
CLOCK_CHANGE_HORIZON_DAYS = 366


def _check_clock_changes(deck: Deck, doc: SourceDoc, today: dt.date | None) -> list[Problem]:
    """Warn where a local time the deck gives happens twice or never, because the clocks change.

    Checked: ``show_from`` and ``show_until`` moments, each event's start and end, and the edges
    of each slide's daily ``times`` on the days the slide is shown (from ``show_from``, else
    today, to ``show_until``, else a year on). The message says which instant the kiosk uses
    (:func:`kiosk.walltime.instant`: the first moment the clock shows that time or later).
    """
    try:
        zone = zone_named(deck.deck.timezone)
    except UnknownZone:
        return []  # reported by _check_timezone
    today = today or _today(deck)
    problems = []

    def warn(path: NodePath, local: dt.datetime, what: str) -> bool:
        change = clock_change(local, zone)
        if change is None:
            return False
        message, hint = change.explain()
        problems.append(doc.problem(path, f"{what}: {message}", hint, severity="warning"))
        return True

    for i, slide in enumerate(deck.slides):
        for name in ("show_from", "show_until"):
            value = getattr(slide, name)
            if isinstance(value, dt.datetime):
                warn(("slides", i, name), value, f"slide '{slide.id}': {name}")
        if isinstance(slide, EventsSlide):
            for j, event in enumerate(slide.events):
                for name in ("start", "end"):
                    value = getattr(event, name)
                    if value is not None:
                        warn(("slides", i, "events", j, name), dt.datetime.combine(event.date, value),
                             f"slide '{slide.id}': event '{_plain(event.title)}' {name}")
        first = _start_day(slide.show_from) or today
        last = min(_start_day(slide.show_until) or dt.date.max, add_days(first, CLOCK_CHANGE_HORIZON_DAYS))
        for k, window in enumerate(slide.times):
            for day in change_days(zone, add_days(first, -1), last):
                if slide.weekdays and WEEKDAYS[day.weekday()] not in slide.weekdays:
                    continue
                what = f"slide '{slide.id}': times \"{window}\""
                if warn(("slides", i, "times", k), window.opens(day), what) or \
                        warn(("slides", i, "times", k), window.closes(day), what):
                    break  # the first such night is enough to say it
    return problems


def _plain(text: Any) -> str:
    """A :data:`kiosk.deck.model.Text` as one string: itself, or its first language's."""
    return text if isinstance(text, str) else next(iter(text.values()))


def _start_day(moment: dt.date | dt.datetime | None) -> dt.date | None:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _today(deck: Deck) -> dt.date:
    """Today in the deck's time zone (the machine's when the zone is unknown)."""
    try:
        return dt.datetime.now(zone_named(deck.deck.timezone)).date()
    except UnknownZone:
        return dt.date.today()


def today_ends(deck: Deck | None) -> float:
    """When the checks' "today" (:func:`check_deck` without ``today``) next changes, in seconds
    since the epoch: so long a check's verdict holds (:mod:`kiosk.checkcache`).

    Args:
        deck: the deck (its time zone), or ``None`` for a deck that did not load (its checks may
            have judged by any zone's date: the next quarter hour, when some zone's date may change,
            as UTC offsets are whole quarter hours).

    Returns:
        The next midnight in the deck's time zone (the machine's when the zone is unknown).
    """
    now = dt.datetime.now(dt.UTC)
    if deck is None:
        return (now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0)
                + dt.timedelta(minutes=15)).timestamp()
    try:
        zone: dt.tzinfo | None = zone_named(deck.deck.timezone)
    except UnknownZone:
        zone = None
    local = now.astimezone(zone)
    return end_of_day(local.date()).replace(tzinfo=local.tzinfo).timestamp()


__all__ = ["check_deck", "contrast_ratio", "duplicate_ids", "event_times_problem", "ever_due", "link_length", "qr_fits",
           "relative_luminance", "today_ends", "unpaired_fields"]
