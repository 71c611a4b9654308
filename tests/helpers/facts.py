"""Facts in a deck's words, and a check that each one comes from a source.

A *fact* here is what a visitor could copy down and act on or repeat: a phone number, a web
address, a postcode, a name with digits in it, a date, a time, or any other number.
:func:`facts` finds them in a text and writes each in one normal form
(``phone:+448000121700``, ``web:nmsc.org.uk``, ``postcode:NR1 2QF``, ``code:A21``,
``date:19 October``, ``time:19:00``, ``number:136000``), so the same fact written two ways
(``08000 121 700`` and ``tel:+448000121700``, ``7-9pm`` and ``19:00``, ``40.3 m`` and
``40.3 million``) compares equal, in every language and script.

:func:`check_texts` holds a deck's texts (:func:`deck_texts`) to the facts its sources give
(the list ``tests/sources/facts.txt``, each fact with its source's words, or the sources
themselves) and checks that every translation carries the same facts as the first language's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from pydantic import BaseModel

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_MONTH = {name: name for name in MONTHS} | {name[:3]: name for name in MONTHS} | {"Sept": "September"}
_MONTH_RE = "|".join(sorted(_MONTH, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"

_WEB = re.compile(r"(?i)(?<![\w@.-])(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+(?:org\.uk|co\.uk|gov\.uk|org|com|net|uk)"
                  r"(?![\w-])(?:/[^\s)\]\"',;]*)?")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DATE = re.compile(rf"(?<!\d)(\d{{1,2}}){_ORD}(?:\s*[-–—]\s*(\d{{1,2}}){_ORD})?\s+({_MONTH_RE})\b")
_TIME_RANGE = re.compile(r"(?i)(?<![\d:])(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*[-–—]\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_TIME_12 = re.compile(r"(?i)(?<![\d:])(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_TIME_24 = re.compile(r"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_CODE = re.compile(r"(?<![\w.-])[A-Za-z]+\d\w*")  # a name with digits in it: A21
_PAGINATION = re.compile(r"\(\d+ of \d+\)")  # "What can you do? (1 of 2)": the slide's place, not a fact
_NUMBER = re.compile(r"(?<![\w.,/])(\d+(?:[.,\u00a0\u202f]\d+)*)(?:\s*/\s*(\d+))?(?:\s*(million|mln|m|bn|billion)\b)?")
_SCALE = {"million": 10**6, "mln": 10**6, "m": 10**6, "bn": 10**9, "billion": 10**9}


def plain(text: str) -> str:
    """``text`` with invisible format characters (bidi isolates, joiners) removed and every
    digit, in any script or form (Arabic-Indic ``٢٤``, superscript ``¹``), written as an ASCII digit."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if unicodedata.category(ch) == "Cf":
            continue
        digit = unicodedata.digit(ch, None)
        out.append(str(digit) if digit is not None and not ch.isascii() else ch)
    return "".join(out)


def facts(text: str) -> list[str]:
    """The facts in ``text``, each in its normal form, in the order the kinds are looked for.

    Every digit of ``text`` ends up in one fact, except a slide's own numbering such as
    "(1 of 2)". Phone numbers are found with Google's libphonenumber (``phonenumbers``, as UK
    numbers, "valid" leniency) and written in E.164 (``phone:+448000121700``); a word of letters
    and digits is a name (``code:A21``), kept as written; web addresses are
    written as host and path, lower-case, without ``www.`` or a closing ``/``; a date is its
    day and month (``date:19 October``), its year a number of its own; times are on the 24-hour
    clock (``7-9pm`` gives ``time:19:00`` and ``time:21:00``); other numbers lose their
    thousands separators, take ``.`` as the decimal point and multiply out "million"
    (``number:40300000``); ``24/7`` stays ``number:24/7``.

    Args:
        text: any text, in any language.

    Returns:
        A list of strings ``kind:value``, with repeats.
    """
    text = plain(text)
    found: list[str] = []

    def blank(start: int, end: int) -> None:
        nonlocal text
        text = text[:start] + " " * (end - start) + text[end:]

    for m in list(_WEB.finditer(text)):
        found.append("web:" + _web(m.group(0).rstrip(".")))
        blank(*m.span())
    for m in list(phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID)):
        found.append("phone:" + phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
        blank(m.start, m.end)
    for m in list(_POSTCODE.finditer(text)):
        found.append(f"postcode:{m.group(1)} {m.group(2)}")
        blank(*m.span())
    for m in list(_CODE.finditer(text)):
        found.append(f"code:{m.group(0)}")
        blank(*m.span())
    for m in list(_ISO_DATE.finditer(text)):
        try:
            day = dt.date(*(int(g) for g in m.groups()))
            found += [f"date:{day.day} {MONTHS[day.month - 1]}", f"number:{day.year}"]
        except ValueError:
            found.append(f"date:{m.group(0)}")  # no such day: kept as written, so never a source's
        blank(*m.span())
    for m in list(_DATE.finditer(text)):
        month = _MONTH[m.group(3)]
        found += [f"date:{int(day)} {month}" for day in (m.group(1), m.group(2)) if day]
        blank(*m.span())
    for m in list(_TIME_RANGE.finditer(text)):
        h1, m1, half1, h2, m2, half2 = m.groups()
        found += [_time(h1, m1, half1 or half2), _time(h2, m2, half2)]
        blank(*m.span())
    for m in list(_TIME_12.finditer(text)):
        found.append(_time(*m.groups()))
        blank(*m.span())
    for m in list(_TIME_24.finditer(text)):
        found.append(_time(m.group(1), m.group(2), None))
        blank(*m.span())
    for m in list(_PAGINATION.finditer(text)):
        blank(*m.span())
    for m in list(_NUMBER.finditer(text)):
        found.append("number:" + _number(*m.groups()))
        blank(*m.span())
    found += [f"number:{m.group(0)}" for m in re.finditer(r"\d+", text)]  # digits in odd company: 'x_5'
    return found


def _web(address: str) -> str:
    parts = urlsplit(address if "://" in address else "https://" + address)
    host = parts.netloc.lower().removeprefix("www.")
    return host + parts.path.rstrip("/")


def _time(hour: str, minute: str | None, half: str | None) -> str:
    h = int(hour)
    if half:
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return f"time:{h:02d}:{int(minute or 0):02d}"


def _number(digits: str, per: str | None, scale: str | None) -> str:
    if per:
        return f"{digits}/{per}"
    if re.fullmatch(r"\d{1,3}([,.\u00a0\u202f])\d{3}(?:\1\d{3})*", digits):
        value = Decimal(re.sub(r"\D", "", digits))
    else:
        decimal = re.sub(r"[\u00a0\u202f]", "", digits).replace(",", ".")
        if decimal.count(".") > 1:
            return decimal  # a section number such as 2.5.8
        value = Decimal(decimal)
    if scale:
        value *= _SCALE[scale]
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------- the deck's texts

#: Fields that hold no visible fact: names, settings, schedules, pictures, review notes, colours.
SKIP = {"id", "type", "goto", "review", "theme", "languages", "dwell", "duration", "idle_timeout",
        "timezone", "archive", "show_from", "show_until", "weekdays", "times", "image", "fit", "loop_pages", "icon"}


@dataclass(frozen=True)
class Text:
    """One visible text of a deck: where it is (``slides[4].items[2].label``), its language
    (``None`` for a text given in one language only, a link or a date) and its words."""

    where: str
    lang: str | None
    text: str


def deck_texts(node: Any, where: str = "") -> Iterator[Text]:
    """Every text, link, phone number, date and time of a deck model that a visitor may see.

    Dates are given as ``YYYY-MM-DD`` and times as ``HH:MM``, so :func:`facts` reads them as it
    reads text. Fields in :data:`SKIP` are left out.
    """
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in SKIP:
                yield from deck_texts(getattr(node, name), f"{where}.{name}" if where else name)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from deck_texts(item, f"{where}[{i}]")
    elif isinstance(node, dict):
        for lang, words in node.items():
            yield Text(where, lang, words)
    elif isinstance(node, (dt.date, dt.time)):
        yield Text(where, None, node.isoformat()[:10] if isinstance(node, dt.date) else node.strftime("%H:%M"))
    elif isinstance(node, (str, int)) and not isinstance(node, bool):
        yield Text(where, None, str(node))


# --------------------------------------------------------------------------- the allowed facts

@dataclass(frozen=True)
class Allowed:
    """One line of the list of allowed facts: the fact as the deck may write it, the source
    file it comes from (``seed``, ``seed/README.md`` or ``facts.md``), the source's own words,
    and the line of the list it is on."""

    fact: str
    source: str
    quote: str
    line: int

    @property
    def place(self) -> str | None:
        """The place named, for a ``place:`` line; else ``None``."""
        return self.fact.removeprefix("place:").strip() if self.fact.startswith("place:") else None


def read_allowed(path: Path) -> list[Allowed]:
    """Read ``tests/sources/facts.txt``: ``fact | source | quote`` a line; ``#`` starts a comment.

    Raises:
        ValueError: a line without its three parts, naming the line.
    """
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{path.name}:{number}: write 'fact | source | quote'")
        out.append(Allowed(*parts, line=number))
    return out


def allowed_facts(allowed: list[Allowed]) -> set[str]:
    """The normal forms of every fact the list allows (its ``place:`` lines aside)."""
    return {fact for item in allowed if item.place is None for fact in facts(item.fact)}


def with_parts(found: list[str]) -> set[str]:
    """``found`` and the two halves of each ``a/b`` number (``24/7`` also gives 24 and 7)."""
    out = set(found)
    for fact in found:
        if fact.startswith("number:") and "/" in fact:
            out.update("number:" + part for part in fact[7:].split("/"))
    return out


# --------------------------------------------------------------------------- the check

def check_texts(texts: list[Text], allowed: set[str], is_place: Callable[[str], bool], first: str) -> list[str]:
    """Every way ``texts`` state more, or other, than the sources.

    Args:
        texts: from :func:`deck_texts`.
        allowed: normal forms of the facts the sources give (:func:`allowed_facts`).
        is_place: whether the sources name a place (``City Hall``); an event's ``place`` is split
            at commas and each part must be such a place or a postcode (itself a fact to check).
        first: the deck's first language, the one translations are compared with.

    Returns:
        One line per problem, naming the text, its language and the fact; empty when the texts
        hold to their sources.
    """
    problems = []
    by_where: dict[str, dict[str | None, list[str]]] = {}
    for item in texts:
        found = facts(item.text)
        by_where.setdefault(item.where, {})[item.lang] = found
        label = f"{item.where}" + (f" ({item.lang})" if item.lang else "")
        problems += [f"{label}: {fact} is not in the sources: {item.text!r}" for fact in found if fact not in allowed]
        if item.where.endswith(".place"):
            for part in (p.strip() for p in plain(item.text).split(",")):
                if not is_place(part) and not _POSTCODE.fullmatch(part):
                    problems.append(f"{label}: place {part!r} is not in the sources")
    for where, langs in by_where.items():
        if first not in langs:
            continue
        want = set(langs[first])
        for lang, found in langs.items():
            if lang not in (first, None) and set(found) != want:
                missing, extra = sorted(want - set(found)), sorted(set(found) - want)
                problems.append(f"{where} ({lang}): the facts differ from the {first} text: "
                                f"missing {missing}, extra {extra}")
    return problems


__all__ = ["Allowed", "Text", "allowed_facts", "check_texts", "deck_texts", "facts", "plain", "read_allowed",
           "with_parts"]
