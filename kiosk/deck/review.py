"""Translations waiting for a native speaker: the ``review:`` notes listed by ``kiosk validate``."""

from __future__ import annotations

from kiosk.deck.model import Deck
from kiosk.deck.problems import Problem
from kiosk.deck.source import SourceDoc


def review_notes(deck: Deck, doc: SourceDoc) -> list[Problem]:
    """One note per slide whose texts (or whose pages' texts) carry ``review:`` notes.

    Languages with the same note are listed together, e.g.
    ``slide 'help': the pl, ro texts need review: needs native speaker``.

    Args:
        deck: the validated deck.
        doc: its source, for positions.

    Returns:
        Problems of severity ``"note"`` (they never stop a deck), located at the slide's
        ``review:`` field, or at its first page's when only pages have one.
    """
    problems = []
    for index, slide in enumerate(deck.slides):
        pages = getattr(slide, "pages", [])
        notes: dict[str, list[str]] = {}
        for review in [slide.review] + [page.review for page in pages]:
            for lang, note in review.items():
                langs = notes.setdefault(note, [])
                if lang not in langs:
                    langs.append(lang)
        if not notes:
            continue
        if slide.review:
            path: tuple = ("slides", index, "review")
        else:
            first = next(i for i, page in enumerate(pages) if page.review)
            path = ("slides", index, "pages", first, "review")
        reviewed_pages = sum(bool(page.review) for page in pages)
        scope = f"slide '{slide.id}'" + (f" and {reviewed_pages} of its pages" if reviewed_pages else "")
        for note, langs in notes.items():
            problems.append(doc.problem(path, f"{scope}: the {', '.join(langs)} text{'s' if len(langs) > 1 else ''} "
                                              f"need{'' if len(langs) > 1 else 's'} review: {note}",
                                        severity="note", key=True))
    return problems


__all__ = ["review_notes"]
