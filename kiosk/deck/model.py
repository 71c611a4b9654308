"""The deck model: what a ``deck.yaml`` may contain, as frozen pydantic models.

Every visible text is a :data:`Text`: either a plain string or a mapping of language code to
string (``{en: Spot the signs, pl: Rozpoznaj sygnały}``), so translations fit without a
format change. Times are seconds. Colours are ``#rrggbb``. The full reference is
``docs/decks.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    StringConstraints,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from kiosk.deck.chars import why_refused
from kiosk.deck.icons import ICON_NAME, icon_problem
from kiosk.deck.links import normalise_phone, parse_web_link, space_problem
from kiosk.deck.windows import WEEKDAYS, DailyWindow, weekday
from kiosk.i18n import is_rtl
from kiosk.paths import NAME_MAX
from kiosk.walltime import ascii_digits, not_a_real_date
from kiosk.words import plural

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: Longest id of a deck, slide or page (:data:`kiosk.paths.NAME_MAX`: an id becomes a file or
#: folder name); the longest in the bundled deck is 28.
SLUG_MAX = NAME_MAX
#: A language code as the kiosk writes it (BCP 47's own case, RFC 5646 section 2.1.1): the
#: language in lower case (ISO 639: ``pl``, ``ckb``), then, each after a dash, a script in title
#: case (ISO 15924: ``sr-Latn``) and a region in capitals or digits (ISO 3166 or UN M.49: ``pt-BR``,
#: ``es-419``). The kiosk matches codes exactly (a text's ``pt-BR`` to the deck's ``pt-BR``), so
#: one written otherwise (``pt-br``, ``en_GB``) is an error that names the code to write.
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

#: Longest visible text, in characters. The longest text of a real slide (a paragraph, a bullet)
#: is a few hundred characters, and 3,000 already fits at no size (a warning of the fit check);
#: 5,000 is past any slide, and keeps laying a text out (wrapping it, searching the size that fits) a matter of milliseconds.
MAX_TEXT_CHARS = 5_000
#: Longest word (a run of characters without a space), in characters. The longest words of real
#: slides are web addresses of 60–100 characters (a word wider than its box is a warning of the
#: fit check); a longer run is broken anywhere by the layout, at a cost that grows with its length.
#: Characters of scripts written without spaces (Chinese, Japanese, Thai, …) do not count: a line
#: may break between any two of them.
MAX_WORD_CHARS = 120
_WORD = re.compile(r"[^\s\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")


def _too_long(text: str) -> str | None:
    """Why ``text`` is too long for a slide (:data:`MAX_TEXT_CHARS`, :data:`MAX_WORD_CHARS`), or ``None``."""
    if len(text) > MAX_TEXT_CHARS:
        return (f"is {len(text):,} characters long, more than a slide can show (at most {MAX_TEXT_CHARS:,}) — "
                "shorten it, or split it over several slides")
    word = max(_WORD.findall(text), key=len, default="")
    if len(word) > MAX_WORD_CHARS:
        return (f"has a word of {len(word):,} characters without a space ('{word[:20]}…'; at most "
                f"{MAX_WORD_CHARS}) — put spaces in it or shorten it (a web address is better as a QR code)")
    return None


def _one_text(value: Any, what: str = "", rtl: bool = False) -> str:
    """One visible text as written: a plain number keeps its digits (``08000121700``, ``40.30``).

    ``what`` names it in messages (``"the 'pl' text "``); ``rtl``: it is in a right-to-left
    language. Refused characters: :func:`kiosk.deck.chars.refused_char`.
    """
    if isinstance(value, bool) or value is None or not isinstance(value, (str, int, float)):
        raise ValueError(f"{what}must be text; put it in quotes if it is meant literally")
    text = value if isinstance(value, str) else getattr(value, "written", None) or str(value)
    refused = why_refused(text, rtl)
    if refused:
        raise ValueError(f"{what}{refused}")
    if not text.strip():
        raise ValueError(f"{what}must not be empty")
    too_long = _too_long(text.strip())
    if too_long:
        raise ValueError(f"{what}{too_long}")
    return text.strip()


def _text(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for code, item in value.items():
            if not LANG.match(str(code)):
                raise ValueError(lang_problem(str(code)))
            out[str(code)] = _one_text(item, f"the '{code}' text ", is_rtl(str(code)))
        if not out:
            raise ValueError("needs at least one language")
        return out
    if isinstance(value, (str, int, float)) or value is None:
        return _one_text(value)
    raise ValueError("must be text, or a mapping of language code to text")


#: Visible text: a string, or ``{language code: string}``.
#: Its JSON Schema (``kiosk schema`` shares it as ``#/$defs/Text``).
TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS},
        {"type": "number"},
        {"type": "object", "minProperties": 1, "propertyNames": {"pattern": LANG.pattern},
         "additionalProperties": {"type": ["string", "number"], "minLength": 1, "maxLength": MAX_TEXT_CHARS}},
    ],
    "description": "Text: a string, or a mapping of language code to string ({en: Hello, pl: Cześć}).",
}
Text = Annotated[str | dict[str, str], BeforeValidator(_text), WithJsonSchema(TEXT_SCHEMA)]


#: Shortest and longest time a slide may stay on screen in the loop (``dwell``, ``duration``),
#: in seconds. At least 3 s: a passer-by needs that long to read even a short title, and a slide
#: change is a change of the whole screen, which must never come more often than three times a
#: second (WCAG 2.2, 2.3.1 Three Flashes or Below Threshold). At most a day: longer is a poster,
#: better made a one-slide deck; and the loop still wakes when a schedule changes.
DWELL_RANGE = (3.0, 86_400.0)
#: Shortest and longest idle timeout, in seconds. At least 10 s, so a visitor reading a page is
#: not sent back to the loop mid-sentence; at most an hour, so a page a visitor opened (the
#: helpline, a sign of exploitation) is not left on show to the next passer-by for longer.
IDLE_RANGE = (10.0, 3_600.0)


def _span_words(seconds: float) -> str:
    """``86400`` -> "86400 seconds (a day)", ``2200000`` -> "2200000 seconds (about 25 days)";
    past a few years, the number's length rather than its digits (a float that large has lost them)."""
    named = {86_400.0: "a day", 3_600.0: "an hour"}
    if seconds >= 1e9:  # over 30 years
        return f"a number of seconds {len(f'{seconds:.0f}')} digits long (far more than a year)"
    number = plural(float(seconds), "second")
    if seconds in named:
        return f"{number} ({named[seconds]})"
    if seconds > 2 * 365 * 86_400:
        return f"{number} (about {plural(round(seconds / (365 * 86_400)), 'year')})"
    if seconds > 2 * 86_400:
        return f"{number} (about {plural(round(seconds / 86_400), 'day')})"
    return number


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number of seconds, like 12 (no units, no quotes)")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number of seconds")
    return float(value)  # 0 or less is told by _in_range, with the range it must be in


def _in_range(low: float, high: float, why_low: str, why_high: str):
    def check(value: Any) -> float:
        seconds = _seconds(value)
        if seconds < low:
            raise ValueError(f"{_span_words(seconds)} is too short: it must be from {low:g} to {_span_words(high)}, "
                             f"{why_low}")
        if seconds > high:
            raise ValueError(f"{_span_words(seconds)} is too long: it must be from {low:g} to {_span_words(high)}, "
                             f"{why_high}")
        return seconds
    return check


#: Seconds a slide stays on screen in the loop: :data:`DWELL_RANGE`.
Dwell = Annotated[float, BeforeValidator(_in_range(
    *DWELL_RANGE, "so it can be read and the screen never flashes (WCAG 2.3.1)",
    "so the loop still moves on; for a poster, make a one-slide deck")),
    WithJsonSchema({"type": "number", "minimum": DWELL_RANGE[0], "maximum": DWELL_RANGE[1]})]
#: Seconds after the last touch before the loop resumes: :data:`IDLE_RANGE`.
IdleSeconds = Annotated[float, BeforeValidator(_in_range(
    *IDLE_RANGE, "so a visitor reading a page is not sent back to the loop mid-sentence",
    "so a page a visitor opened is not left on show to the next passer-by")),
    WithJsonSchema({"type": "number", "minimum": IDLE_RANGE[0], "maximum": IDLE_RANGE[1]})]


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise ValueError("must be a short name of lower-case letters, digits, '-' or '_', like 'spot-the-signs'")
    if len(value) > SLUG_MAX:
        raise ValueError(f"is {len(value):,} characters long; an id is at most {SLUG_MAX} — shorten it, e.g. to "
                         f"'{value[:24].rstrip('-_')}' (ids become file and folder names: a deck's folder in the "
                         "library, the pictures of kiosk render)")
    return value


Slug = Annotated[str, BeforeValidator(_slug),
                 WithJsonSchema({"type": "string", "pattern": SLUG.pattern, "maxLength": SLUG_MAX})]


def lang_problem(code: str) -> str:
    """``"message — how to fix it"`` for ``code``, which is not a language code (:data:`LANG`).

    One written otherwise (``EN``, ``Pl``, ``pt-br``, ``en_GB``) is told the code to write (``en``,
    ``pl``, ``pt-BR``, ``en-GB``: BCP 47's own form, by ``langcodes.standardize_tag``); a
    language's name (``Polish``, ``polski``) its code (CLDR's names, ``langcodes.find``); anything
    else is told what a code looks like.
    """
    fixed = _standard_tag(code)
    if fixed and fixed != code and LANG.match(fixed):
        return (f"'{code}' is not a language code as the kiosk writes them — write {fixed} "
                "(the language in lower case, a region in capitals after a dash: pt-BR)")
    meant = _named_language(code)
    if meant and LANG.match(meant):
        return f"'{code}' is a language's name, not its code — write {meant}"
    return f"'{code}' is not a language code like en, pl or pt-BR"


def _standard_tag(code: str) -> str:
    """``code`` in BCP 47's own form (``pt_br`` -> ``pt-BR``), or ``""`` when it is no tag at all."""
    import langcodes  # CLDR's tables: loaded only for a code written otherwise

    if len(code) > 35 or not code.strip():
        return ""
    try:
        return langcodes.standardize_tag(code.strip())
    except (ValueError, LookupError):
        return ""


def _named_language(name: str) -> str:
    """The code of the language called ``name`` in English or in itself (``Polish``, ``polski``:
    ``pl``), or ``""``."""
    import langcodes

    if len(name) > 40 or not name.strip() or not all(ch.isalpha() or ch == " " for ch in name.strip()):
        return ""
    try:
        return str(langcodes.find(name.strip()))
    except (ValueError, LookupError):
        return ""


def _lang(value: Any) -> str:
    if isinstance(value, str) and not LANG.match(value) and " — " in lang_problem(value):
        raise ValueError(lang_problem(value))
    if not isinstance(value, str) or not LANG.match(value):
        raise ValueError("must be a language code like en, pl, ro or pt-BR (in quotes if YAML reads it as true/false)")
    return value


LangCode = Annotated[str, BeforeValidator(_lang), WithJsonSchema({"type": "string", "pattern": LANG.pattern})]


def _colour(value: Any) -> str:
    if not isinstance(value, str) or not COLOUR.match(value):
        raise ValueError("must be a colour like \"#1a2b3c\" (in quotes: YAML reads # as a comment)")
    return value.lower()


Colour = Annotated[str, BeforeValidator(_colour), WithJsonSchema({"type": "string", "pattern": COLOUR.pattern})]


def _date(value: Any) -> dt.date:
    """A date written ``YYYY-MM-DD``, in digits of any script (``2027-06-٠١``: :func:`ascii_digits`)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        raise ValueError("must be a date written YYYY-MM-DD, like 2019-10-19")
    try:
        return dt.date.fromisoformat(ascii_digits(value))
    except ValueError:
        raise ValueError(not_a_real_date(value)) from None


Date = Annotated[dt.date, BeforeValidator(_date),
                 WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"})]


def _time(value: Any) -> dt.time:
    """A time written ``HH:MM``, in digits of any script (``١٠:٠٠``: :func:`ascii_digits`)."""
    if isinstance(value, str):
        match = re.match(r"^(\d{1,2}):(\d{2})$", ascii_digits(value.strip()))
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
        if match and int(match[1]) == 24 and int(match[2]) == 0:  # the end of a day, which a daily window takes
            raise ValueError("24:00 is the end of a day, not a time of day (only a slide's daily 'times:' "
                             "windows end at 24:00)")
    raise ValueError("must be a time written HH:MM on the 24-hour clock, like 09:30 or 19:00")


Time = Annotated[dt.time, BeforeValidator(_time), WithJsonSchema({"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*$"})]

_TEL_PATTERN = r"^\s*\+?[0-9 ()\-.]+\s*$"


def _phone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('must be a phone number in quotes, like "08000 121 700"')
    normalise_phone(value)
    return value.strip()


#: A phone number as people read it; dialled as ``tel:+…`` (E.164), a short number of the kiosk's
#: country as its digits (``tel:116123``; see :mod:`kiosk.deck.links`).
Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema({"type": "string", "pattern": _TEL_PATTERN})]


def _link(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a link starting https://, http:// or tel:")
    spaced = space_problem(value)
    if spaced:
        raise ValueError(spaced)
    text = value
    if text.lower().startswith("tel:"):
        return "tel:" + normalise_phone(text[4:])
    if text.lower().startswith(("https:", "http:")):
        return parse_web_link(text).href
    raise ValueError("only https://, http:// and tel: links can become QR codes")


#: A QR payload: a web address as browsers serialise it (WHATWG URL), or ``tel:`` in E.164 form.
Link = Annotated[str, BeforeValidator(_link), WithJsonSchema({
    "type": "string",
    "pattern": r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\s\\/?#@]+(?:[/?#][^\s\\]*)?|[Tt][Ee][Ll]:\s*\+?[0-9 ()\-.]*[0-9)])$"})]



def _web_link(value: Any) -> str:
    """A web address only (a site's QR code): a ``tel:`` link there is refused, as the phone has its own field."""
    if isinstance(value, str) and value.strip().lower().startswith("tel:"):
        raise ValueError("is a website's address: give its https:// address (the phone number goes in phone:)")
    return _link(value)


#: A web address's QR payload, as browsers serialise it (WHATWG URL).
WebAddress = Annotated[str, BeforeValidator(_web_link), WithJsonSchema({
    "type": "string", "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\\/?#@]+(?:[/?#][^\s\\]*)?$"})]


def _icon(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a pictogram's name: lower-case words joined by '-', like hand-stop")
    problem = icon_problem(value.strip())
    if problem:
        raise ValueError(f"{problem[0]} — {problem[1]}")
    return value.strip()


#: A pictogram's name, one of the bundled icons (:mod:`kiosk.deck.icons`; docs/decks.md lists them).
IconName = Annotated[str, BeforeValidator(_icon), WithJsonSchema({"type": "string", "pattern": ICON_NAME.pattern})]


def _shown_name(value: str) -> str:
    """A file name, quoted in messages and kept with the deck, follows deck text's rule on characters."""
    refused = why_refused(value)
    if refused:
        raise ValueError(refused)
    return value


def _note(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a note in words, like: needs native speaker")
    if len(value) > MAX_TEXT_CHARS:
        raise ValueError(f"is {len(value):,} characters long (at most {MAX_TEXT_CHARS:,}) — a review note is a short line")
    refused = why_refused(value)  # printed on the terminal and kept with the deck: the rule of all deck text
    if refused:
        raise ValueError(refused)
    return value


#: A review note: a short line for the coordinator, at most :data:`MAX_TEXT_CHARS` characters.
Note = Annotated[str, BeforeValidator(_note), WithJsonSchema({"type": "string", "maxLength": MAX_TEXT_CHARS})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class QrLink(_Strict):
    """A link shown as a QR code with a short line under it saying where it leads.

    Attributes:
        link: the code's payload: an ``https://``/``http://`` address as browsers serialise it, or
            ``tel:+44…`` (E.164).
        label: where it leads, e.g. "Sign up at nmsc.org.uk".
    """

    link: Link = Field(description="https://…, http://… or tel:… address the code opens; phone numbers become tel:+44…")
    label: Text = Field(description="Short line under the code saying where it leads, e.g. 'Sign up at nmsc.org.uk'")


class Theme(_Strict):
    """Colours of a deck, each ``#rrggbb``. Pairs are checked for WCAG 2.2 AA contrast (1.4.3)."""

    background: Colour = Field("#0e2238", description="Colour behind every slide")
    surface: Colour = Field("#1b3553", description="Colour of cards and tiles")
    text: Colour = Field("#ffffff", description="Body text; needs 4.5:1 contrast on background and surface")
    muted: Colour = Field("#c9d6e3", description="Captions and sources; needs 4.5:1 on background and surface")
    accent: Colour = Field("#ffd166", description="Big figures, buttons, dates; needs 3:1 on background")
    accent_text: Colour = Field("#0e2238", description="Text on accent-coloured buttons; needs 4.5:1 on accent")


class DeckInfo(_Strict):
    """The ``deck:`` section: the deck's identity and loop timing.

    Attributes:
        id: short name of the deck (its folder name, by convention).
        title: shown on the staff screen and contact sheet.
        organisation: who runs the campaign (shown small on every slide's footer).
        languages: language codes offered; the first is the default and the fallback.
        dwell: seconds each slide shows in the attract loop (default 12; vendors suggest 10–15),
            within :data:`DWELL_RANGE`.
        idle_timeout: seconds after the last touch before the kiosk returns to the loop (default 45),
            within :data:`IDLE_RANGE`.
        archive: keep events on show after they have ended (a record of a past campaign).
        timezone: IANA zone the deck's dates and times are in.
        theme: colours.
    """

    id: Slug = Field(description="Short name of the deck: lower-case letters, digits, - and _")
    title: Text = Field(description="The deck's title, on the contact sheet and staff screen")
    organisation: Text | None = Field(None, description="Who runs the campaign, shown small at the top of every slide")
    languages: list[LangCode] = Field(default_factory=lambda: ["en"], min_length=1,
                                      description="Language codes offered (default [en]); the first is the default and the fallback")
    dwell: Dwell = Field(12.0, description="Seconds each slide shows in the loop, 3 to 86400 (default 12)")
    idle_timeout: IdleSeconds = Field(45.0, description="Seconds after the last touch before the loop resumes, "
                                                        "10 to 3600 (default 45)")
    archive: StrictBool = Field(False, description="true keeps events on show after they have ended (default false)")
    timezone: str = Field("Europe/London", description="IANA time zone of the deck's dates and times (default Europe/London)")
    theme: Theme = Field(default_factory=Theme, description="Colours, each \"#rrggbb\"")


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
Moment = Annotated[dt.datetime | dt.date, BeforeValidator(_moment), WithJsonSchema({
    "type": "string", "pattern": r"^\s*\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?\s*$"})]

def _weekday(value: Any) -> str:
    return weekday(value)


#: A day of the week: ``mon`` … ``sun`` exactly (:func:`kiosk.deck.windows.weekday`, the rule the
#: settings' opening hours follow too).
Weekday = Annotated[str, BeforeValidator(_weekday), WithJsonSchema({
    "type": "string", "enum": list(WEEKDAYS)})]


def _window(value: Any) -> DailyWindow:
    return value if isinstance(value, DailyWindow) else DailyWindow.parse(value)


#: A daily window ``"HH:MM-HH:MM"`` (:class:`kiosk.deck.windows.DailyWindow`, the grammar the
#: settings' opening hours use too); an end before the start runs past midnight.
TimeWindow = Annotated[DailyWindow, PlainValidator(_window), PlainSerializer(str), WithJsonSchema({
    "type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*(?:-|–|to)\s*\d{1,2}:\d{2}\s*$"})]


class _Slide(_Strict):
    """Fields every slide has.

    Attributes:
        id: short unique name of the slide.
        duration: seconds in the attract loop (default: the deck's ``dwell``), within :data:`DWELL_RANGE`.
        title: heading.
        show_from: first day (or moment) the slide is shown, in the deck's time zone.
        show_until: last day the slide is shown (a date counts to its end), or the moment it stops.
        weekdays: days of the week it is shown (default: every day).
        times: daily windows it is shown in, like ``"09:00-12:00"`` (default: all day).
        review: per language, a note that the translation needs checking
            (``{pl: needs native speaker}``); ``kiosk validate`` lists it as a note.
    """

    id: Slug = Field(description="Short unique name of the slide: lower-case letters, digits, - and _")
    duration: Dwell | None = Field(None, description="Seconds in the loop, 3 to 86400 (default: the deck's dwell)")
    title: Text | None = Field(None, description="Heading")
    show_from: Moment | None = Field(None, description="First day (2026-10-19) or moment (\"2026-10-19 09:30\") it is shown")
    show_until: Moment | None = Field(None, description="Last day it is shown (the whole day counts), or the moment it stops")
    weekdays: list[Weekday] = Field(default_factory=list, max_length=7,
                                    description="Days it is shown, mon … sun (default: every day)")
    times: list[TimeWindow] = Field(default_factory=list, max_length=8,
                                    description="Daily windows it is shown in, like \"09:00-17:00\" (default: all day)")
    review: dict[LangCode, Note] = Field(default_factory=dict,
                                        description="Per language, a note that the translation needs checking")


class Button(_Strict):
    """A button on a text slide that opens another slide by its id."""

    label: Text = Field(description="Words on the button")
    goto: Slug | None = Field(None, description="Id of the slide the button opens")


class Bullet(_Strict):
    """A bullet point with a pictogram before it (a plain bullet is just its text).

    Attributes:
        text: the bullet's words.
        icon: the pictogram drawn before it, in the theme's accent colour.
    """

    text: Text = Field(description="The bullet's words")
    icon: IconName | None = Field(None, description="Pictogram before it, e.g. phone (see docs/decks.md, Pictograms)")


def _bullet_kind(value: Any) -> str:
    """Which form a bullet is written in: ``pictogram`` (text: and icon:) or ``plain`` (just text).

    The names are union branches the loader leaves out of a message's path (``kiosk.deck.load``).
    """
    if isinstance(value, Bullet) or (isinstance(value, dict) and ("text" in value or "icon" in value)):
        return "pictogram"
    return "plain"


#: One bullet point: its text, or ``{text: …, icon: …}`` with a pictogram.
BulletItem = Annotated[Annotated[Text, Tag("plain")] | Annotated[Bullet, Tag("pictogram")],
                       Discriminator(_bullet_kind)]


class TitleSlide(_Slide):
    """A big title with a subtitle: the first thing a passer-by sees."""

    type: Literal["title"]
    title: Text = Field(description="The big title")
    subtitle: Text | None = Field(None, description="A line under the title")
    note: Text | None = Field(None, description="A smaller line at the foot")


class TextSlide(_Slide):
    """A heading with a body paragraph and/or bullets, optionally one QR code and buttons."""

    type: Literal["text"]
    title: Text = Field(description="Heading")
    body: Text | None = Field(None, description="A paragraph")
    bullets: list[BulletItem] = Field(default_factory=list, max_length=12,
                                      description="Bullet points (up to 12); each is text, or text: and icon:")
    qr: QrLink | None = Field(None, description="One QR code beside the text")
    buttons: list[Button] = Field(default_factory=list, max_length=4, description="Buttons that open other slides (up to 4)")
    source: Text | None = Field(None, description="Where the facts come from, shown small")


#: A year a figure may be for, and the most words a year written in words may have.
YEAR_RANGE = (1800, 2100)
YEAR_WORDS_MAX = 40
_YEAR_IN_WORDS = re.compile(r"(?:^|\D)(?:1[89]\d\d|20\d\d|2100)(?:\D|$)")  # also an ECMA-262 pattern


def _year(value: Any) -> int | str:
    """A figure's year: a whole year in :data:`YEAR_RANGE`, or short words that name one.

    Words are for a source that dates a figure only relative to a year (a 2019 page saying
    "last year" gives ``"the year before 2019"``), so the screen never shows a year the source
    does not give. Raises ``ValueError`` (or pydantic's range errors, for a number out of range).
    """
    wrong = (f"must be a year like 2019, or a few words (at most {YEAR_WORDS_MAX} characters) naming one, "
             "like \"the year before 2019\"")
    if isinstance(value, str) and not value.strip().isdigit():
        words = " ".join(value.split())
        if not _YEAR_IN_WORDS.search(words) or len(words) > YEAR_WORDS_MAX:
            raise ValueError(wrong)
        return words
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(wrong)
    year = int(value)
    if year < YEAR_RANGE[0]:
        raise PydanticCustomError("greater_than_equal", "Input should be greater than or equal to {ge}",
                                  {"ge": YEAR_RANGE[0]})
    if year > YEAR_RANGE[1]:
        raise PydanticCustomError("less_than_equal", "Input should be less than or equal to {le}",
                                  {"le": YEAR_RANGE[1]})
    return year


#: A figure's year in the JSON Schema: a whole year, or words naming one.
YEAR_SCHEMA = {"anyOf": [{"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]},
                         {"type": "string", "pattern": _YEAR_IN_WORDS.pattern, "maxLength": YEAR_WORDS_MAX}]}


class Stat(_Strict):
    """One big figure with what it counts, where it comes from and the year it is for."""

    value: Text = Field(description="The figure as shown, e.g. \"40.3 million\"")
    label: Text = Field(description="What it counts")
    source: Text = Field(description="Who published it")
    year: Annotated[int | str, BeforeValidator(_year), WithJsonSchema(YEAR_SCHEMA)] = Field(
        description="The year the figure is for: a year like 2016, or a few words naming one where the "
                    "source gives no exact year, like \"the year before 2019\"")


class StatsSlide(_Slide):
    """Up to four big figures, each with its caption, source and year."""

    type: Literal["stats"]
    title: Text = Field(description="Heading")
    items: list[Stat] = Field(min_length=1, max_length=4, description="One to four figures")
    note: Text | None = Field(None, description="A smaller line at the foot")


class Event(_Strict):
    """One event: when, where, and a sign-up link shown as a QR code."""

    title: Text = Field(description="Name of the event")
    date: Date = Field(description="Day of the event, YYYY-MM-DD")
    start: Time | None = Field(None, description="Start time, \"HH:MM\" on the 24-hour clock")
    end: Time | None = Field(None, description="End time, \"HH:MM\"; after it the event leaves the slide unless archive is true")
    place: Text | None = Field(None, description="Where it is")
    body: Text | None = Field(None, description="A short description of the event (always shown)")
    signup: QrLink | None = Field(None, description="Sign-up link, shown as a QR code")


class EventsSlide(_Slide):
    """A list of events with dates, times, places and sign-up QR codes."""

    type: Literal["events"]
    title: Text = Field("What's on", description="Heading (default \"What's on\", in the visitor's language)")
    intro: Text | None = Field(None, description="A line under the heading")
    events: list[Event] = Field(min_length=1, max_length=6, description="One to six events")


class SignsPage(_Strict):
    """One page of a signs section, opened from its tile."""

    id: Slug = Field(description="Short name of the page, unique within its slide")
    title: Text = Field(description="Heading, also the tile's words")
    icon: IconName | None = Field(None, description="Pictogram on the tile and over the heading, e.g. bandage")
    body: Text | None = Field(None, description="A paragraph")
    bullets: list[BulletItem] = Field(default_factory=list, max_length=8,
                                      description="Bullet points (up to 8); each is text, or text: and icon:")
    source: Text | None = Field(None, description="Where the facts come from, shown small")
    review: dict[LangCode, Note] = Field(default_factory=dict,
                                        description="Per language, a note that the translation needs checking")


class SignsSlide(_Slide):
    """A touch menu of tiles, each opening a page, with a back control.

    Attributes:
        loop_pages: in the attract loop, show each page after the menu (default true).
    """

    type: Literal["signs"]
    title: Text = Field(description="Heading of the menu")
    intro: Text | None = Field(None, description="A line under the heading")
    pages: list[SignsPage] = Field(min_length=1, max_length=9, description="One to nine pages, each a tile")
    loop_pages: StrictBool = Field(True, description="Show each page after the menu in the loop (default true)")


class HelplineSlide(_Slide):
    """The helpline: its number very large, hours, and QR codes to call it and visit its site.

    Attributes:
        phone: the number as people read it ("08000 121 700"); its QR code is ``tel:+44…``.
        url: the helpline's website, shown as a second QR code.
        url_label: the line under the website code (default: "Visit" and the site's name).
        call_label: the line under the phone code (default: "Call" and the number).
    """

    type: Literal["helpline"]
    title: Text = Field("Get help", description="Heading (default \"Get help\")")
    name: Text | None = Field(None, description="Name of the helpline")
    icon: IconName | None = Field(None, description="Pictogram over the heading, e.g. headset")
    phone: Phone = Field(description="The number as people read it, in quotes: \"08000 121 700\"")
    hours: Text | None = Field(None, description="When it answers, e.g. \"24 hours a day, 7 days a week\"")
    body: Text | None = Field(None, description="A paragraph")
    url: WebAddress | None = Field(None, description="The helpline's website, shown as a second QR code")
    url_label: Text | None = Field(None, description="Line under the website code (default: Visit and the site's name)")
    call_label: Text | None = Field(None, description="Line under the phone code (default: Scan to call and the number)")
    note: Text | None = Field(None, description="A smaller line at the foot")

    @property
    def tel_link(self) -> str:
        """The ``tel:`` payload for :attr:`phone` in E.164 form, e.g. ``tel:+448000121700`` (a short
        number as its digits, ``tel:116123``)."""
        return "tel:" + normalise_phone(self.phone)

    @property
    def url_host(self) -> str:
        """The host :attr:`url` names, in its Unicode form (``modernslaveryhelpline.org``), or ``""``."""
        return parse_web_link(self.url).shown_host if self.url else ""


class ImageSlide(_Slide):
    """A picture filling the slide area (between the header and the controls) with a caption.

    Attributes:
        image: a file inside the deck folder (PNG, JPEG or SVG), relative to ``deck.yaml``.
        alt: what the picture shows, for screen readers and the contact sheet.
        fit: ``cover`` fills the screen (cropping), ``contain`` shows all of it.
    """

    type: Literal["image"]
    # Kept exactly as written (no stripping): a file name matches the file character for character.
    image: Annotated[str, StringConstraints(strip_whitespace=False), AfterValidator(_shown_name)] = Field(
        description="Picture file in the deck folder (PNG, JPEG, WebP or SVG), relative to deck.yaml")
    caption: Text | None = Field(None, description="A line over the foot of the picture")
    alt: Text = Field(description="What the picture shows, for screen readers and the contact sheet")
    fit: Literal["cover", "contain"] = Field("cover", description="cover fills the screen (cropping); contain shows all of it")


Slide = Annotated[
    TitleSlide | TextSlide | StatsSlide | EventsSlide | SignsSlide | HelplineSlide | ImageSlide,
    Field(discriminator="type"),
]

SLIDE_TYPES = ("title", "text", "stats", "events", "signs", "helpline", "image")


class Deck(_Strict):
    """A whole deck: the ``deck:`` section and its slides in loop order."""

    deck: DeckInfo = Field(description="The deck's identity, languages, timing and colours")
    slides: list[Slide] = Field(min_length=1, description="The slides, in loop order")

    def slide(self, slide_id: str):
        """Return the slide with ``slide_id``, or ``None``."""
        return next((s for s in self.slides if s.id == slide_id), None)

    def dwell_of(self, slide) -> float:
        """Seconds ``slide`` stays on screen in the attract loop."""
        return slide.duration if slide.duration is not None else self.deck.dwell
