"""The deck model: what a ``deck.yaml`` may contain, as frozen pydantic models.

Every visible text is a :data:`Text`: either a plain string or a mapping of language code to
string (``{en: Spot the signs, pl: Rozpoznaj sygnały}``), so translations fit without a
format change. Times are seconds. Colours are ``#rrggbb``. The full reference is
``docs/decks.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _text(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        raise ValueError("must be text; put it in quotes if it is meant literally")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()
    if isinstance(value, dict):
        out = {}
        for code, item in value.items():
            if not LANG.match(str(code)):
                raise ValueError(f"'{code}' is not a language code like en, pl or pt-BR")
            if isinstance(item, bool) or item is None or not isinstance(item, (str, int, float)):
                raise ValueError(f"the '{code}' text must be text")
            if not str(item).strip():
                raise ValueError(f"the '{code}' text must not be empty")
            out[str(code)] = str(item).strip()
        if not out:
            raise ValueError("needs at least one language")
        return out
    raise ValueError("must be text, or a mapping of language code to text")


#: Visible text: a string, or ``{language code: string}``.
Text = Annotated[Union[str, dict[str, str]], BeforeValidator(_text)]


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number of seconds, like 12 (no units, no quotes)")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number of seconds")
    if value <= 0:
        raise ValueError("must be more than 0 seconds")
    return float(value)


#: A duration in seconds, more than zero.
Seconds = Annotated[float, BeforeValidator(_seconds)]


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise ValueError("must be a short name of lower-case letters, digits, '-' or '_', like 'spot-the-signs'")
    return value


Slug = Annotated[str, BeforeValidator(_slug)]


def _lang(value: Any) -> str:
    if not isinstance(value, str) or not LANG.match(value):
        raise ValueError("must be a language code like en, pl, ro or pt-BR (in quotes if YAML reads it as true/false)")
    return value


LangCode = Annotated[str, BeforeValidator(_lang)]


def _colour(value: Any) -> str:
    if not isinstance(value, str) or not COLOUR.match(value):
        raise ValueError("must be a colour like \"#1a2b3c\" (in quotes: YAML reads # as a comment)")
    return value.lower()


Colour = Annotated[str, BeforeValidator(_colour)]


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        raise ValueError("must be a date written YYYY-MM-DD, like 2019-10-19")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None


Date = Annotated[dt.date, BeforeValidator(_date)]


def _time(value: Any) -> dt.time:
    if isinstance(value, str):
        match = re.match(r"^(\d{1,2}):(\d{2})$", value.strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
    raise ValueError("must be a time written HH:MM on the 24-hour clock, like 09:30 or 19:00")


Time = Annotated[dt.time, BeforeValidator(_time)]

_TEL_CHARS = re.compile(r"^\+?[0-9 ()\-]+$")


def normalise_phone(number: str, country_code: str = "44") -> str:
    """Turn a phone number into the international form a ``tel:`` link needs.

    Args:
        number: as people write it, e.g. ``"08000 121 700"`` or ``"+44 800 0121 700"``.
        country_code: the calling code for numbers written with a leading 0 (UK: 44).

    Returns:
        ``"+448000121700"`` style: ``+``, country code, number, no separators
        (RFC 3966 global number; a scanned ``tel:`` link must carry the country code).

    Raises:
        ValueError: when the text is not a phone number.
    """
    text = number.strip()
    if not _TEL_CHARS.match(text):
        raise ValueError(f"'{number}' is not a phone number")
    digits = re.sub(r"[^0-9]", "", text)
    if text.startswith("+"):
        result = "+" + digits
    elif digits.startswith("00"):
        result = "+" + digits[2:]
    elif digits.startswith("0"):
        result = "+" + country_code + digits[1:]
    else:
        raise ValueError(f"'{number}' has no country code; write it as 0… or +44…")
    if len(result) < 8 or len(result) > 16:
        raise ValueError(f"'{number}' is too short or too long to be a phone number")
    return result


def _phone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('must be a phone number in quotes, like "08000 121 700"')
    normalise_phone(value)
    return value.strip()


#: A phone number as people read it; always normalisable to ``tel:+…``.
Phone = Annotated[str, BeforeValidator(_phone)]


def _link(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a link starting https://, http:// or tel:")
    text = value.strip()
    lower = text.lower()
    if lower.startswith("tel:"):
        return "tel:" + normalise_phone(text[4:])
    if lower.startswith(("https://", "http://")):
        if " " in text or len(text.split("//", 1)[1]) < 3:
            raise ValueError(f"'{text}' is not a valid web address")
        return text
    raise ValueError("only https://, http:// and tel: links can become QR codes")


#: A QR payload: an ``https:``/``http:`` address or a ``tel:`` link in international form.
Link = Annotated[str, BeforeValidator(_link)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class QrLink(_Strict):
    """A link shown as a QR code with a short line under it saying where it leads.

    Attributes:
        link: ``https://…``, ``http://…`` or ``tel:…`` (phone numbers are normalised to ``tel:+44…``).
        label: where it leads, e.g. "Sign up at nmsc.org.uk".
    """

    link: Link
    label: Text


class Theme(_Strict):
    """Colours of a deck, each ``#rrggbb``. Pairs are checked for WCAG 2.2 AA contrast (1.4.3)."""

    background: Colour = "#0e2238"
    surface: Colour = "#1b3553"
    text: Colour = "#ffffff"
    muted: Colour = "#c9d6e3"
    accent: Colour = "#ffd166"
    accent_text: Colour = "#0e2238"


class DeckInfo(_Strict):
    """The ``deck:`` section: the deck's identity and loop timing.

    Attributes:
        id: short name of the deck (its folder name, by convention).
        title: shown on the staff screen and contact sheet.
        organisation: who runs the campaign (shown small on every slide's footer).
        languages: language codes offered; the first is the default and the fallback.
        dwell: seconds each slide shows in the attract loop (default 12; vendors suggest 10–15).
        idle_timeout: seconds after the last touch before the kiosk returns to the loop (default 45).
        archive: keep events on show after they have ended (a record of a past campaign).
        timezone: IANA zone the deck's dates and times are in.
        theme: colours.
    """

    id: Slug
    title: Text
    organisation: Text | None = None
    languages: list[LangCode] = Field(default_factory=lambda: ["en"], min_length=1)
    dwell: Seconds = 12.0
    idle_timeout: Seconds = 45.0
    archive: StrictBool = False
    timezone: str = "Europe/London"
    theme: Theme = Field(default_factory=Theme)


def _moment(value: Any) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            return _date(text)
        match = re.match(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})$", text)
        if match:
            day, time = _date(match[1]), _time(match[2])
            return dt.datetime.combine(day, time)
    raise ValueError("must be a date (2026-10-19) or a date and time (2026-10-19 09:30), in the deck's time zone")


#: A day (``2026-10-19``) or a moment (``2026-10-19 09:30``), in the deck's time zone (naive).
Moment = Annotated[Union[dt.datetime, dt.date], BeforeValidator(_moment)]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday(value: Any) -> str:
    text = str(value).strip().lower()[:3] if isinstance(value, str) else ""
    if text not in WEEKDAYS:
        raise ValueError("must be a day of the week: mon, tue, wed, thu, fri, sat or sun")
    return text


#: A day of the week, stored as its first three letters (``mon`` … ``sun``).
Weekday = Annotated[str, BeforeValidator(_weekday)]


def _window(value: Any) -> tuple[dt.time, dt.time]:
    if isinstance(value, str):
        parts = [part.strip() for part in re.split(r"\s*(?:-|–|to)\s*", value.strip(), maxsplit=1)]
        if len(parts) == 2:
            start, end = _time(parts[0]), _time(parts[1])
            if start == end:
                raise ValueError("the window starts and ends at the same time")
            return (start, end)
    raise ValueError('must be a daily time window like "09:00-17:00" (in quotes)')


#: A daily window ``"HH:MM-HH:MM"`` as (start, end); an end before the start runs past midnight.
TimeWindow = Annotated[tuple[dt.time, dt.time], BeforeValidator(_window)]


class _Slide(_Strict):
    """Fields every slide has.

    Attributes:
        id: short unique name of the slide.
        duration: seconds in the attract loop (default: the deck's ``dwell``).
        title: heading.
        show_from: first day (or moment) the slide is shown, in the deck's time zone.
        show_until: last day the slide is shown (a date counts to its end), or the moment it stops.
        weekdays: days of the week it is shown (default: every day).
        times: daily windows it is shown in, like ``"09:00-12:00"`` (default: all day).
        review: per language, a note that the translation needs checking
            (``{pl: needs native speaker}``); ``kiosk validate`` lists it as a note.
    """

    id: Slug
    duration: Seconds | None = None
    title: Text | None = None
    show_from: Moment | None = None
    show_until: Moment | None = None
    weekdays: list[Weekday] = Field(default_factory=list, max_length=7)
    times: list[TimeWindow] = Field(default_factory=list, max_length=8)
    review: dict[LangCode, str] = Field(default_factory=dict)


class Button(_Strict):
    """A button on a text slide that opens another slide by its id."""

    label: Text
    goto: Slug | None = None


class TitleSlide(_Slide):
    """A big title with a subtitle: the first thing a passer-by sees."""

    type: Literal["title"]
    title: Text
    subtitle: Text | None = None
    note: Text | None = None


class TextSlide(_Slide):
    """A heading with a body paragraph and/or bullets, optionally one QR code and buttons."""

    type: Literal["text"]
    title: Text
    body: Text | None = None
    bullets: list[Text] = Field(default_factory=list, max_length=12)
    qr: QrLink | None = None
    buttons: list[Button] = Field(default_factory=list, max_length=4)
    source: Text | None = None


class Stat(_Strict):
    """One big figure with what it counts, where it comes from and the year it is for."""

    value: Text
    label: Text
    source: Text
    year: Annotated[int, Field(ge=1800, le=2100), BeforeValidator(lambda v: _year(v))]


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ValueError("must be a year like 2019")
    return int(value)


class StatsSlide(_Slide):
    """Up to four big figures, each with its caption, source and year."""

    type: Literal["stats"]
    title: Text
    items: list[Stat] = Field(min_length=1, max_length=4)
    note: Text | None = None


class Event(_Strict):
    """One event: when, where, and a sign-up link shown as a QR code."""

    title: Text
    date: Date
    start: Time | None = None
    end: Time | None = None
    place: Text | None = None
    body: Text | None = None
    signup: QrLink | None = None


class EventsSlide(_Slide):
    """A list of events with dates, times, places and sign-up QR codes."""

    type: Literal["events"]
    title: Text = "What's on"
    intro: Text | None = None
    events: list[Event] = Field(min_length=1, max_length=6)


class SignsPage(_Strict):
    """One page of a signs section, opened from its tile."""

    id: Slug
    title: Text
    body: Text | None = None
    bullets: list[Text] = Field(default_factory=list, max_length=8)
    source: Text | None = None
    review: dict[LangCode, str] = Field(default_factory=dict)


class SignsSlide(_Slide):
    """A touch menu of tiles, each opening a page, with a back control.

    Attributes:
        loop_pages: in the attract loop, show each page after the menu (default true).
    """

    type: Literal["signs"]
    title: Text
    intro: Text | None = None
    pages: list[SignsPage] = Field(min_length=1, max_length=9)
    loop_pages: StrictBool = True


class HelplineSlide(_Slide):
    """The helpline: its number very large, hours, and QR codes to call it and visit its site.

    Attributes:
        phone: the number as people read it ("08000 121 700"); its QR code is ``tel:+44…``.
        url: the helpline's website, shown as a second QR code.
        url_label: the line under the website code (default: "Visit" and the site's name).
        call_label: the line under the phone code (default: "Call" and the number).
    """

    type: Literal["helpline"]
    title: Text = "Get help"
    name: Text | None = None
    phone: Phone
    hours: Text | None = None
    body: Text | None = None
    url: Link | None = None
    url_label: Text | None = None
    call_label: Text | None = None
    note: Text | None = None

    @property
    def tel_link(self) -> str:
        """The ``tel:`` payload for :attr:`phone`, e.g. ``tel:+448000121700``."""
        return "tel:" + normalise_phone(self.phone)


class ImageSlide(_Slide):
    """A full-bleed picture with a caption.

    Attributes:
        image: a file inside the deck folder (PNG, JPEG or SVG), relative to ``deck.yaml``.
        alt: what the picture shows, for screen readers and the contact sheet.
        fit: ``cover`` fills the screen (cropping), ``contain`` shows all of it.
    """

    type: Literal["image"]
    image: str
    caption: Text | None = None
    alt: Text
    fit: Literal["cover", "contain"] = "cover"


Slide = Annotated[
    Union[TitleSlide, TextSlide, StatsSlide, EventsSlide, SignsSlide, HelplineSlide, ImageSlide],
    Field(discriminator="type"),
]

SLIDE_TYPES = ("title", "text", "stats", "events", "signs", "helpline", "image")


class Deck(_Strict):
    """A whole deck: the ``deck:`` section and its slides in loop order."""

    deck: DeckInfo
    slides: list[Slide] = Field(min_length=1)

    def slide(self, slide_id: str):
        """Return the slide with ``slide_id``, or ``None``."""
        return next((s for s in self.slides if s.id == slide_id), None)

    def dwell_of(self, slide) -> float:
        """Seconds ``slide`` stays on screen in the attract loop."""
        return slide.duration if slide.duration is not None else self.deck.dwell
