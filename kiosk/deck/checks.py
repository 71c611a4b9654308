"""Checks that need the whole deck: ids, languages, contrast, images, links, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel

from kiosk.deck.glyphs import check_glyphs
from kiosk.deck.model import Deck, EventsSlide, ImageSlide, QrLink, TextSlide
from kiosk.deck.problems import Problem
from kiosk.deck.review import review_notes
from kiosk.deck.source import NodePath, SourceDoc

#: Image files a deck may use, by suffix.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp"}
#: Largest image accepted, in pixels (width × height); bigger ones cost too much memory to decode.
MAX_IMAGE_PIXELS = 40_000_000
#: Longest QR payload accepted, in characters: at error-correction level M this keeps the code
#: at version 10 (57 × 57 modules) or below, which scans from 1 m at the size slides draw it.
MAX_QR_CHARS = 180


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
        line = doc.where(path + ("id",))[0]
        if ident in first:
            out.append(doc.problem(path + ("id",), f"{what} id '{ident}' is used twice (lines {first[ident]} and {line})",
                                   "give each one its own id"))
        else:
            first[ident] = line
    return out


def check_deck(deck: Deck, doc: SourceDoc, folder: Path, *, today: dt.date | None = None) -> list[Problem]:
    """Run every whole-deck check on a deck that passed the model.

    Args:
        deck: the validated model.
        doc: its source, for positions.
        folder: the deck folder, for images.
        today: the date events are judged against (default: today in the deck's time zone).

    Returns:
        Errors, warnings and notes, unsorted.
    """
    problems = duplicate_ids(doc)
    problems += _check_timezone(deck, doc)
    problems += _check_languages(deck, doc)
    problems += _check_contrast(deck, doc)
    problems += _check_links(deck, doc)
    problems += _check_images(deck, doc, folder)
    problems += _check_buttons(deck, doc)
    problems += _check_events(deck, doc, today)
    problems += check_glyphs(deck, doc) + review_notes(deck, doc)
    return problems


def _check_timezone(deck: Deck, doc: SourceDoc) -> list[Problem]:
    try:
        ZoneInfo(deck.deck.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return [doc.problem(("deck", "timezone"), f"unknown time zone '{deck.deck.timezone}'",
                            "use an IANA name such as Europe/London")]
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
            problems.append(doc.problem(path, f"text has no '{first}' version",
                                        f"add '{first}: …': the deck's first language is shown when a translation is missing"))
        extra = [code for code in text if code not in langs]
        if extra:
            problems.append(doc.problem(path, f"text has language(s) {', '.join(extra)} not in the deck's languages",
                                        "add them to 'languages:' under 'deck:' or remove them", severity="warning"))
    return problems


def _check_contrast(deck: Deck, doc: SourceDoc) -> list[Problem]:
    theme = deck.deck.theme
    problems = []
    for fg, bg, need, use in CONTRAST_PAIRS:
        ratio = contrast_ratio(getattr(theme, fg), getattr(theme, bg))
        if ratio < need:
            problems.append(doc.problem(
                ("deck", "theme", fg),
                f"theme '{fg}' on '{bg}' ({use}) has contrast {ratio:.2f}:1, below {need}:1 (WCAG 2.2 AA)",
                "make one of the two colours lighter or darker"))
    return problems


def _walk_links(node: Any, path: NodePath) -> Iterator[tuple[NodePath, QrLink]]:
    if isinstance(node, QrLink):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk_links(getattr(node, name), path + (name,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk_links(item, path + (i,))


def _check_links(deck: Deck, doc: SourceDoc) -> list[Problem]:
    problems = []
    for path, link in _walk_links(deck, ()):
        if len(link.link) > MAX_QR_CHARS:
            problems.append(doc.problem(path + ("link",),
                                        f"link is {len(link.link)} characters, too long to scan at the size shown",
                                        f"use a shorter address (at most {MAX_QR_CHARS} characters)"))
    return problems


def _check_images(deck: Deck, doc: SourceDoc, folder: Path) -> list[Problem]:
    problems = []
    root = folder.resolve()
    for i, slide in enumerate(deck.slides):
        if not isinstance(slide, ImageSlide):
            continue
        path = ("slides", i, "image")
        name = slide.image
        candidate = Path(name)
        if candidate.is_absolute() or ".." in candidate.parts:
            problems.append(doc.problem(path, f"slide '{slide.id}': image '{name}' is outside the deck folder",
                                        "copy the picture into the deck folder and give its name relative to deck.yaml"))
            continue
        target = (folder / candidate).resolve()
        if root not in target.parents and target != root:
            problems.append(doc.problem(path, f"slide '{slide.id}': image '{name}' is outside the deck folder",
                                        "copy the picture into the deck folder"))
            continue
        if target.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append(doc.problem(path, f"slide '{slide.id}': '{name}' is not a supported picture",
                                        "use a PNG, JPEG, WebP or SVG file"))
            continue
        if not target.is_file():
            problems.append(doc.problem(path, f"slide '{slide.id}': image '{name}' not found",
                                        f"put the file in {folder} or correct the name (names are case-sensitive)"))
            continue
        problems += _check_image_file(doc, path, slide.id, name, target)
    return problems


def _check_image_file(doc: SourceDoc, path: NodePath, slide_id: str, name: str, target: Path) -> list[Problem]:
    if target.suffix.lower() == ".svg":
        head = target.read_bytes()[:2048].lower()
        if b"<svg" not in head:
            return [doc.problem(path, f"slide '{slide_id}': '{name}' is not an SVG picture", "re-export it as SVG")]
        return []
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return []
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(target) as img:
            width, height = img.size
            if width * height > MAX_IMAGE_PIXELS:
                return [doc.problem(path, f"slide '{slide_id}': '{name}' is {width}×{height} pixels, too large",
                                    "scale it down to at most 3840×2160 before adding it")]
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return [doc.problem(path, f"slide '{slide_id}': '{name}' cannot be read as a picture ({exc.__class__.__name__})",
                            "open it in an image editor and save it again as PNG or JPEG")]
    return []


def _check_buttons(deck: Deck, doc: SourceDoc) -> list[Problem]:
    ids = {s.id for s in deck.slides}
    problems = []
    for i, slide in enumerate(deck.slides):
        if isinstance(slide, TextSlide):
            for j, button in enumerate(slide.buttons):
                if button.goto and button.goto not in ids:
                    problems.append(doc.problem(("slides", i, "buttons", j, "goto"),
                                                f"slide '{slide.id}': button goes to unknown slide '{button.goto}'",
                                                "use the id of a slide in this deck"))
    return problems


def _check_events(deck: Deck, doc: SourceDoc, today: dt.date | None) -> list[Problem]:
    if today is None:
        try:
            today = dt.datetime.now(ZoneInfo(deck.deck.timezone)).date()
        except (ZoneInfoNotFoundError, ValueError):
            today = dt.date.today()
    problems = []
    for i, slide in enumerate(deck.slides):
        if isinstance(slide, EventsSlide):
            for j, event in enumerate(slide.events):
                if event.date < today and not deck.deck.archive:
                    problems.append(doc.problem(("slides", i, "events", j, "date"),
                                                f"slide '{slide.id}': event on {event.date} is in the past",
                                                "remove it, or set 'archive: true' under 'deck:' to keep past events",
                                                severity="warning"))
            for j, event in enumerate(slide.events):
                if event.start and event.end and event.end <= event.start:
                    problems.append(doc.problem(("slides", i, "events", j, "end"),
                                                f"slide '{slide.id}': event ends before it starts",
                                                "check the start and end times"))
    return problems


__all__ = ["check_deck", "contrast_ratio", "duplicate_ids", "relative_luminance"]
