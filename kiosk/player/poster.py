"""What a printed poster of a deck says, in one language: the words chosen from the slides,
with no drawing (``kiosk.qt.poster`` draws them).

A poster holds the deck's key slides, for people who pass a notice board rather than a
screen: the signs (the first ``signs`` slide: each page's pictogram, title and paragraph),
what to do (the first ``text`` slide with a ``tel:`` QR code: its heading and bullet points
with their pictograms), the helpline (the first ``helpline`` slide: its number, hours and QR
codes), the organisation (``deck.organisation``) and its vision (the last ``title`` slide:
its title and subtitle). A deck without some of these slides gets a poster without them.
Every text is the one the slide shows in that language (:func:`kiosk.player.views.view`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.deck.chars import printable
from kiosk.deck.links import label_problem, parse_web_link
from kiosk.i18n import is_rtl
from kiosk.player.navigator import Position
from kiosk.player.views import localise, view

if TYPE_CHECKING:
    from kiosk.deck.model import Deck


@dataclass(frozen=True)
class Item:
    """A line with its pictogram (``icon`` is a bundled name, ``""`` for none) and an optional paragraph."""

    text: str
    icon: str = ""
    body: str = ""


@dataclass(frozen=True)
class Code:
    """A QR code: what it holds (``tel:+44…`` or a web address) and the line under it."""

    payload: str
    label: str


@dataclass(frozen=True)
class Poster:
    """Everything one language's poster page says; empty strings and lists for what the deck lacks.

    Attributes:
        lang: the language code; ``rtl`` when it is written right to left.
        organisation: who runs the campaign.
        signs_title, signs: the signs heading, and one item per sign group.
        actions_title, actions: the "what to do" heading and its bullet points.
        help_title, help_name, help_icon, phone, hours, note: the helpline slide's words.
        codes: the helpline's QR codes (calling it first, then its website).
        vision, vision_line: the last title slide's title and subtitle.
    """

    lang: str
    rtl: bool
    organisation: str = ""
    signs_title: str = ""
    signs: list[Item] = field(default_factory=list)
    actions_title: str = ""
    actions: list[Item] = field(default_factory=list)
    help_title: str = ""
    help_name: str = ""
    help_icon: str = ""
    phone: str = ""
    hours: str = ""
    note: str = ""
    codes: list[Code] = field(default_factory=list)
    vision: str = ""
    vision_line: str = ""

    @property
    def empty(self) -> bool:
        """True when the deck has none of the slides a poster shows."""
        return not (self.signs or self.actions or self.phone)


def poster(deck: Deck, lang: str | None = None) -> Poster:
    """The words of ``deck``'s poster in ``lang`` (default: the deck's first language).

    Raises:
        ValueError: ``lang`` is not one of the deck's languages.
    """
    first = deck.deck.languages[0]
    lang = lang or first
    if lang not in deck.deck.languages:
        raise ValueError(f"the deck has no language '{lang}'")
    index = {id(slide): i for i, slide in enumerate(deck.slides)}
    out: dict = {"lang": lang, "rtl": is_rtl(lang),
                 "organisation": localise(deck.deck.organisation or deck.deck.title, lang, first)}
    signs = next((s for s in deck.slides if s.type == "signs"), None)
    if signs:
        i = index[id(signs)]
        out["signs_title"] = view(deck, Position(i), lang)["title"]
        pages = [view(deck, Position(i, page.id), lang) for page in signs.pages]
        out["signs"] = [Item(p["title"], p["icon"], p["body"]) for p in pages]
    actions = next((s for s in deck.slides if s.type == "text" and s.qr and s.qr.link.startswith("tel:")), None)
    if actions:
        shown = view(deck, Position(index[id(actions)]), lang)
        out["actions_title"] = shown["title"]
        out["actions"] = [Item(text, icon) for text, icon in zip(shown["bullets"], shown["bullet_icons"])]
    helpline = next((s for s in deck.slides if s.type == "helpline"), None)
    if helpline:
        shown = view(deck, Position(index[id(helpline)]), lang)
        out.update(help_title=shown["title"], help_name=shown["name"], help_icon=shown["icon"], phone=shown["phone"],
                   hours=shown["hours"], note=shown["note"],
                   codes=[Code(c["payload"], c["label"]) for c in shown["codes"]])
    titles = [s for s in deck.slides if s.type == "title"]
    if titles:
        shown = view(deck, Position(index[id(titles[-1])]), lang)
        out.update(vision=shown["title"], vision_line=shown["subtitle"])
    return Poster(**out)


def misleading_codes(words: Poster) -> list[str]:
    """Each QR code on the page ``words`` whose words under it say what the code does not do (another
    number, another site: :func:`kiosk.deck.links.label_problem`), or that opens a site whose name
    mixes look-alike letters (:func:`kiosk.deck.links.spoof_reason`), as a sentence with its fix.

    A deck with such a code on its helpline slide, or with a label giving another number, does
    not play (:func:`kiosk.deck.checks._label_problems`); a poster keeps its own guard all the
    same, and on paper, posted for weeks, even a label another slide may carry with a warning
    stops it.
    """
    found = []
    for code in words.codes:
        spoof = None if code.payload.startswith("tel:") else parse_web_link(code.payload).spoof
        if spoof:
            found.append(f"on the '{words.lang}' page, the QR code opens {printable(code.payload)}, whose name "
                         f"{printable(spoof)}, so it can pass for another site — write the host in one script "
                         "(the site's real name)")
            continue
        problem = label_problem(code.payload, code.label)
        if problem:
            found.append(f"on the '{words.lang}' page, under the QR code for {printable(code.payload)}, "
                         f"'{printable(code.label)}': {problem[0]} — {problem[1]}")
    return found


__all__ = ["Code", "Item", "Poster", "misleading_codes", "poster"]
