"""A checked deck as plain data: how it travels from the checking process to the one that draws.

The checking process (:mod:`kiosk.qt.checker`) reads and checks a deck with the full model
(:mod:`kiosk.deck.model`: pydantic, YAML, links, phone numbers); the process that draws needs
none of that, only the deck's values. :func:`encode` turns a checked model into JSON values,
a generic walk over its models (each model's class name, the fields it has and which of them
were written, and the few values it computes for the player, :data:`EXTRAS`); :func:`decode`
rebuilds the deck from them as the light classes below, which have the model's class names and
field names (``tests/unit/test_plain_deck.py`` holds them to it) and give the player what it reads:
attributes, ``model_fields_set``, ``model_dump()``, :meth:`Deck.slide` and :meth:`Deck.dwell_of`.

The decoder is strict: a class or field it does not know, a value of a form it does not
expect, or data larger than :data:`MAX_NODES` values or deeper than :data:`MAX_DEPTH` raise
:class:`PlainError`, so the kiosk refuses that version as a failed check and keeps playing its
last good deck. Light at import: no pydantic, no YAML, no Qt.

The JSON form:

- a model: ``{"$": CLASS, "f": {field: value, ...}, "set": [fields written], "x": {extra: value}}``
  (every field of the class present, nothing else);
- a mapping (the languages of a text, review notes): ``{"$": "dict", "v": {key: value}}``;
- ``{"$": "date" | "datetime" | "time", "v": ISO text}``, ``{"$": "tuple", "v": [...]}``,
  ``{"$": "DailyWindow", "v": [start, end]}`` (minutes, :class:`kiosk.deck.windows.DailyWindow`);
- strings, numbers, booleans, ``null`` and lists as themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kiosk.deck.chars import refused_char
from kiosk.deck.windows import DailyWindow

#: Most values (of any kind) a plain deck may hold, and how deeply they may nest.
MAX_NODES, MAX_DEPTH = 200_000, 24
#: Longest string a plain deck may hold, in characters (a deck file is at most a few MiB).
MAX_STRING = 1 << 20

#: Fields every slide has (the model's ``_Slide``).
SLIDE_FIELDS = ("id", "duration", "title", "show_from", "show_until", "weekdays", "times", "review", "type")

#: Each model class of :mod:`kiosk.deck.model` by name, with its fields in the model's order.
FIELDS: dict[str, tuple[str, ...]] = {
    "Deck": ("deck", "slides"),
    "DeckInfo": ("id", "title", "organisation", "languages", "dwell", "idle_timeout", "archive", "timezone", "theme"),
    "Theme": ("background", "surface", "text", "muted", "accent", "accent_text"),
    "QrLink": ("link", "label"),
    "Button": ("label", "goto"),
    "Bullet": ("text", "icon"),
    "Stat": ("value", "label", "source", "year"),
    "Event": ("title", "date", "start", "end", "place", "body", "signup"),
    "SignsPage": ("id", "title", "icon", "body", "bullets", "source", "review"),
    "TitleSlide": SLIDE_FIELDS + ("subtitle", "note"),
    "TextSlide": SLIDE_FIELDS + ("body", "bullets", "qr", "buttons", "source"),
    "StatsSlide": SLIDE_FIELDS + ("items", "note"),
    "EventsSlide": SLIDE_FIELDS + ("intro", "events"),
    "SignsSlide": SLIDE_FIELDS + ("intro", "pages", "loop_pages"),
    "HelplineSlide": SLIDE_FIELDS + ("name", "icon", "phone", "hours", "body", "url", "url_label", "call_label",
                                     "note"),
    "ImageSlide": SLIDE_FIELDS + ("image", "caption", "alt", "fit"),
}
#: Values a model computes that the player reads, carried beside its fields (the model's
#: properties of the same names; computing them needs the phone-number and URL libraries).
EXTRAS: dict[str, tuple[str, ...]] = {"HelplineSlide": ("tel_link", "url_host")}


_SLIDES = ("TitleSlide", "TextSlide", "StatsSlide", "EventsSlide", "SignsSlide", "HelplineSlide", "ImageSlide")
#: The models a field may hold, directly or as the items of its list (``bullets`` hold texts as
#: well); every other field holds no model at all. Read from the model's annotations by
#: ``tests/unit/test_plain_deck.py``, which holds the two together.
NESTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("Deck", "deck"): ("DeckInfo",), ("Deck", "slides"): _SLIDES, ("DeckInfo", "theme"): ("Theme",),
    ("TextSlide", "bullets"): ("Bullet",), ("TextSlide", "qr"): ("QrLink",), ("TextSlide", "buttons"): ("Button",),
    ("StatsSlide", "items"): ("Stat",), ("EventsSlide", "events"): ("Event",), ("Event", "signup"): ("QrLink",),
    ("SignsSlide", "pages"): ("SignsPage",), ("SignsPage", "bullets"): ("Bullet",),
}


class PlainError(ValueError):
    """The plain data is not a deck this kiosk wrote: an unknown class or field, a malformed or
    oversized value. Its message says what, in a few words."""


class PlainModel:
    """A deck model's values, read-only, with the model's attribute names (see the module)."""

    __slots__ = ("_values", "model_fields_set")
    fields: tuple[str, ...] = ()

    def __init__(self, values: Mapping[str, Any], fields_set: frozenset[str] = frozenset()) -> None:
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "model_fields_set", frozenset(fields_set))

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values == other._values

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(repr(self._values.get(f)) for f in self.fields)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={self._values.get(f)!r}' for f in self.fields)})"

    def __reduce__(self) -> tuple:
        """Pickled by class name and values (a copy for the drawing process: :mod:`kiosk.handover`)."""
        return _rebuilt, (type(self).__name__, self._values, self.model_fields_set)

    def model_dump(self) -> dict[str, Any]:
        """The fields as a dict, nested models as dicts too (as pydantic's ``model_dump()``)."""
        return {name: _dump(self._values[name]) for name in self.fields}


def _rebuilt(name: str, values: dict[str, Any], fields_set: frozenset[str]) -> PlainModel:
    """The plain model of class ``name`` with ``values`` (see :meth:`PlainModel.__reduce__`)."""
    return CLASSES[name](values, fields_set)


def _dump(value: Any) -> Any:
    if isinstance(value, PlainModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {key: _dump(item) for key, item in value.items()}
    return value


class Deck(PlainModel):
    """A whole deck (:class:`kiosk.deck.model.Deck`): ``deck`` (its :class:`DeckInfo`) and ``slides``."""

    __slots__ = ()
    fields = FIELDS["Deck"]

    def slide(self, slide_id: str) -> Any:
        """Return the slide with ``slide_id``, or ``None``."""
        return next((s for s in self.slides if s.id == slide_id), None)

    def dwell_of(self, slide: Any) -> float:
        """Seconds ``slide`` stays on screen in the attract loop."""
        return slide.duration if slide.duration is not None else self.deck.dwell


#: The plain class of each model class name (the generic ones made from :data:`FIELDS`).
CLASSES: dict[str, type[PlainModel]] = {"Deck": Deck}
for _name, _fields in FIELDS.items():
    if _name not in CLASSES:
        CLASSES[_name] = type(_name, (PlainModel,), {"__slots__": (), "fields": _fields, "__module__": __name__,
                                                      "__doc__": f"The plain form of the model's ``{_name}``."})
DeckInfo, Theme, QrLink, Button, Bullet, Stat, Event, SignsPage = (
    CLASSES[n] for n in ("DeckInfo", "Theme", "QrLink", "Button", "Bullet", "Stat", "Event", "SignsPage"))
TitleSlide, TextSlide, StatsSlide, EventsSlide, SignsSlide, HelplineSlide, ImageSlide = (
    CLASSES[n] for n in ("TitleSlide", "TextSlide", "StatsSlide", "EventsSlide", "SignsSlide", "HelplineSlide",
                         "ImageSlide"))


def theme(**colours: str) -> PlainModel:
    """A plain :class:`Theme` of ``colours`` (every field given, ``#rrggbb`` each)."""
    return Theme(colours, frozenset(colours))


# ----------------------------------------------------------------------------- encode
def encode(value: Any) -> Any:
    """The plain JSON form of a checked deck (a :class:`kiosk.deck.model.Deck`) or any value in it.

    A generic walk: a pydantic model is written by its class name and :data:`FIELDS`, with the
    :data:`EXTRAS` it computes. Runs where the model is loaded (the checking process).

    Raises:
        PlainError: for a value of a kind the plain form does not carry (a model this module
            does not know is one).
    """
    name = type(value).__name__
    if hasattr(value, "model_fields_set") and not isinstance(value, PlainModel):
        if name not in FIELDS or tuple(type(value).model_fields) != FIELDS[name]:
            raise PlainError(f"the model {name} has no plain form")
        out: dict[str, Any] = {"$": name, "f": {f: encode(getattr(value, f)) for f in FIELDS[name]},
                               "set": sorted(value.model_fields_set)}
        if name in EXTRAS:
            out["x"] = {x: encode(getattr(value, x)) for x in EXTRAS[name]}
        return out
    if isinstance(value, PlainModel):
        out = {"$": name, "f": {f: encode(getattr(value, f)) for f in value.fields},
               "set": sorted(value.model_fields_set)}
        if name in EXTRAS:
            out["x"] = {x: encode(getattr(value, x)) for x in EXTRAS[name]}
        return out
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [encode(item) for item in value]}
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise PlainError("a mapping with keys that are not text")
        return {"$": "dict", "v": {key: encode(item) for key, item in value.items()}}
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, DailyWindow):
        return {"$": "DailyWindow", "v": [value.start, value.end]}
    raise PlainError(f"a value of type {name} has no plain form")


# ----------------------------------------------------------------------------- decode
def decode(data: Any) -> Deck:
    """Rebuild a deck from its plain JSON form (:func:`encode`), strictly.

    Args:
        data: JSON values as :func:`json.loads` gives them.

    Returns:
        The :class:`Deck`.

    Raises:
        PlainError: ``data`` is not exactly a plain deck: an unknown class or field, a field
            missing, a value of the wrong form, a string longer than :data:`MAX_STRING`, more than
            :data:`MAX_NODES` values or nesting deeper than :data:`MAX_DEPTH`.
    """
    deck = _Decoder().value(data, 0)
    if not isinstance(deck, Deck) or not isinstance(deck.slides, list) or not isinstance(deck.deck, DeckInfo) \
            or not deck.slides:
        raise PlainError("not a deck")
    for slide in deck.slides:
        if type(slide).__name__ not in _SLIDE_CLASSES or not isinstance(slide.id, str) \
                or _SLIDE_CLASSES[type(slide).__name__] != slide.type:
            raise PlainError("a slide that is not one")
    info = deck.deck
    if not info.languages or not all(isinstance(code, str) for code in info.languages) \
            or not isinstance(info.dwell, float) or not isinstance(info.idle_timeout, float) \
            or not isinstance(info.timezone, str) or not isinstance(info.theme, Theme):
        raise PlainError("deck settings that are not ones")
    return deck


def _holds_model(value: Any) -> bool:
    """True when ``value`` is a model or holds one anywhere inside."""
    if isinstance(value, PlainModel):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_model(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_model(item) for item in value.values())
    return False


_SLIDE_CLASSES = {"TitleSlide": "title", "TextSlide": "text", "StatsSlide": "stats", "EventsSlide": "events",
                  "SignsSlide": "signs", "HelplineSlide": "helpline", "ImageSlide": "image"}


class _Decoder:
    def __init__(self) -> None:
        self.nodes = 0

    def value(self, data: Any, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise PlainError("too large")
        if data is None or isinstance(data, (bool, int)):
            return data
        if isinstance(data, float):
            if data != data or data in (float("inf"), float("-inf")):
                raise PlainError("a number that is not finite")
            return data
        if isinstance(data, str):
            if len(data) > MAX_STRING:
                raise PlainError("a text too long")
            # A checked deck never holds one: the deck check's own rule, as for a right-to-left
            # text (the most it allows: closed isolates), since the decoder cannot tell which.
            if refused_char(data, rtl=True):
                raise PlainError("a text with a control or bidi override character, or a stack of combining marks")
            return data
        if isinstance(data, list):
            return [self.value(item, depth + 1) for item in data]
        if not isinstance(data, dict) or not isinstance(data.get("$"), str):
            raise PlainError("a value of unknown form")
        tag = data["$"]
        if tag in CLASSES:
            return self.model(tag, data, depth)
        if set(data) != {"$", "v"}:
            raise PlainError(f"a {tag[:40]!r} of unknown form")
        raw = data["v"]
        try:
            if tag == "dict" and isinstance(raw, dict):
                return {self.value(key, depth + 1): self.value(item, depth + 1) for key, item in raw.items()}
            if tag == "tuple" and isinstance(raw, list):
                return tuple(self.value(item, depth + 1) for item in raw)
            if tag in ("date", "datetime", "time") and isinstance(raw, str) and len(raw) <= 40:
                kind = {"date": dt.date, "datetime": dt.datetime, "time": dt.time}[tag]
                parsed = kind.fromisoformat(raw)
                if type(parsed) is not kind or getattr(parsed, "tzinfo", None) is not None:
                    raise PlainError(f"a {tag} of unknown form")
                return parsed
            if tag == "DailyWindow" and isinstance(raw, list) and len(raw) == 2 \
                    and all(type(m) is int and 0 <= m <= 1440 for m in raw) and raw[0] != raw[1] and raw[0] < 1440:
                return DailyWindow(raw[0], raw[1])
        except (ValueError, TypeError) as exc:
            raise PlainError(f"a {tag[:40]!r} of unknown form") from exc
        raise PlainError(f"a value tagged {tag[:40]!r}, unknown")

    def model(self, name: str, data: dict, depth: int) -> PlainModel:
        fields, extras = FIELDS[name], EXTRAS.get(name, ())
        if set(data) != ({"$", "f", "set", "x"} if extras else {"$", "f", "set"}):
            raise PlainError(f"a {name} of unknown form")
        given, written = data["f"], data["set"]
        if not isinstance(given, dict) or set(given) != set(fields):
            raise PlainError(f"a {name} without exactly its fields")
        if not isinstance(written, list) or not all(isinstance(f, str) for f in written) \
                or not set(written) <= set(fields):
            raise PlainError(f"a {name} of unknown form")
        values = {f: self.value(given[f], depth + 1) for f in fields}
        for field, value in values.items():
            allowed = NESTED.get((name, field), ())
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, PlainModel) and type(item).__name__ in allowed:
                    continue
                if _holds_model(item):
                    raise PlainError(f"a {name} whose {field} holds what it cannot")
        if extras:
            more = data["x"]
            if not isinstance(more, dict) or set(more) != set(extras):
                raise PlainError(f"a {name} without exactly its computed values")
            values.update({x: self.value(more[x], depth + 1) for x in extras})
        return CLASSES[name](values, frozenset(written))


__all__ = ["CLASSES", "EXTRAS", "FIELDS", "NESTED", "MAX_DEPTH", "MAX_NODES", "MAX_STRING", "Deck", "PlainError", "PlainModel",
           "decode", "encode", "theme"]
