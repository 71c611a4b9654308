"""The kiosk's settings: one ``settings.toml`` in the platform's config folder.

Each key is optional; a missing one takes its default. A bad file never stops the kiosk: a
key that cannot be read keeps its default, and each fault becomes a :class:`Problem`
(``file:line:col: error: message — how to fix it``), printed on the terminal and kept in
:mod:`kiosk.health` for the staff status screen. Command-line flags of ``kiosk run``
override the file. Every key is described in ``docs/settings.md``.

A relative path in the file is taken from the file's own folder, never from the folder the kiosk was
started in (:func:`_anchored`). A setting naming a place the kiosk writes (:data:`OUTPUTS`) that
cannot be used (a symbolic link, a pipe or device, a folder that takes no files) is a fault like any
other: its default is used (:func:`kiosk.outputs.setting_problem`).

Where the folders are: :mod:`kiosk.paths` (the settings file in the config folder, which the
environment variable ``KIOSK_CONFIG_DIR`` overrides; the deck library; the log folder). Which
deck ``deck`` means: :func:`kiosk.library.resolve_deck`.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kiosk import outputs, paths
from kiosk.deck.problems import Problem
from kiosk.deck.windows import days_meant
from kiosk.player.hours import DAY_NAMES, WEEKDAYS, parse_window, weekday_key
from kiosk.userfile import (
    SAVE_AS_UTF8,
    UserFileError,
    expand_user,
    look,
    read_bounded,
    real_path,
    wide_encoding,
    wrong_kind,
)
from kiosk.words import close_matches, did_you_mean, suggest

if TYPE_CHECKING:
    from kiosk.library import Resolved

#: Name of the settings file inside the config folder.
SETTINGS_FILE = paths.SETTINGS_FILE
#: Largest settings file read, in bytes (the starter file is about 2 KiB).
MAX_SETTINGS_BYTES = 256 * 1024
#: Deepest nesting of lists and tables in the settings (``opening_hours`` needs 2).
MAX_SETTINGS_DEPTH = 8


@lru_cache(maxsize=1)
def _model() -> type:
    """The settings' pydantic model, :class:`Settings` (made on first use: pydantic loads only when
    a value needs more than :func:`_plainly_valid`, e.g. to say what is wrong with it)."""
    from pydantic import BaseModel, ConfigDict, Field, field_validator

    class Settings(BaseModel):
        """Every setting of the kiosk, with its default. Unknown keys are refused.

        Attributes:
            deck: the deck to play: the id of a deck (a folder name) in ``library``, or the path of
                a deck folder. ``None`` plays the bundled Freedom Week deck.
            library: folder holding installed deck folders. ``None`` means
                :func:`kiosk.library.library_folder` (``user_data_path("kiosk")/decks``, in a source
                checkout too). The bundled decks can always be chosen by id as well
                (:func:`kiosk.library.available_decks`); their own folder is refused as a library.
            screen: which screen to fill, counted from 0 in the order the system lists them;
                ``None`` for the main screen.
            rotation: degrees clockwise to turn the picture (0, 90, 180 or 270), for a screen
                mounted on its side when the system cannot turn it.
            reduced_motion: True for plain cuts between slides instead of cross-fades.
            opening_hours: per weekday (``mon`` … ``sun``), a list of ``"HH:MM-HH:MM"`` windows
                when the kiosk is open; a window may run past midnight (``"18:00-02:00"``); a day
                left out is closed all day. ``None`` (the key absent) means always open.
            timezone: IANA time zone of ``opening_hours`` (e.g. ``"Europe/London"``); ``None``
                takes the deck's.
            wake_minutes: minutes a touch wakes a closed kiosk for, 1 to 1440 (a day).
            staff_idle_timeout: seconds without a touch before the staff menu closes by itself, 5 to 3600.
            deck_settle: seconds (0.2 to 60) the deck folder must be still after a change before the running
                kiosk reads it (raise it for very slow USB sticks or sync tools); see
                :mod:`kiosk.qt.watch`.
            log_folder: folder for ``kiosk.log`` and ``events.jsonl``; ``None`` means
                ``user_log_path("kiosk")``.
            update_source: where new versions of the deck are published (``kiosk publish``): an
                ``https://`` address of a published folder, or a folder path (a synced folder);
                ``None``: no updates. See :mod:`kiosk.fleet.fetch`.
            trusted_keys: the publishers' public keys (minisign ``RW…`` lines); only bundles signed
                by one of them are installed.
            update_every: minutes between looks for a new version (longer after failures).
            ca_file: a certificate authority (PEM file) the update server's certificate may be
                signed by, besides the system's.
            kiosk_name: the kiosk's name in status records; ``None``: the host name.
            status_folder: folder for this kiosk's status record (``kiosk fleet`` reads it).
            metrics_file: a Prometheus textfile to write (e.g. in node_exporter's textfile folder).
            stale_after: minutes after which ``kiosk fleet`` marks a kiosk with no new record stale.
            stats_file: the visitor counts database (:mod:`kiosk.stats`); ``None`` means
                ``stats.db`` in the state folder (``user_state_path("kiosk")``).
            stats_retention_days: days the visitor counts are kept.
        """

        model_config = ConfigDict(extra="forbid", frozen=True)

        deck: str | None = None
        library: Path | None = None
        screen: int | None = Field(None, ge=0, le=15)
        rotation: Literal[0, 90, 180, 270] = 0
        reduced_motion: bool = False
        opening_hours: dict[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], list[str]] | None = None
        timezone: str | None = None
        # Numbers only (strict: true is not 1, "5" is not 5), each in a range a kiosk can live with.
        wake_minutes: float = Field(5, ge=1, le=24 * 60, strict=True)
        staff_idle_timeout: float = Field(60, ge=5, le=3600, strict=True)
        deck_settle: float = Field(2, ge=0.2, le=60, strict=True)
        log_folder: Path | None = None
        update_source: str | None = None
        trusted_keys: list[str] = []
        update_every: float = Field(5, gt=0, le=24 * 60)
        ca_file: Path | None = None
        kiosk_name: str | None = Field(None, min_length=1, max_length=100)
        status_folder: Path | None = None
        metrics_file: Path | None = None
        stale_after: float = Field(30, gt=0, le=30 * 24 * 60)

        @field_validator("update_source")
        @classmethod
        def _source(cls, value: str | None) -> str | None:
            if value and value.lower().startswith("http://"):
                raise ValueError(f"'{value}' is not encrypted; use an https:// address")
            if value and (slip := _ADDRESS_SLIP.match(value)):  # taken for a folder, never fetched
                raise ValueError(f"'{value}' looks like an address with its '{slip[0]}' mistyped for "
                                 "'https://'; write the address https://…, or give the path of a folder")
            if value and (scheme := other_scheme(value)):
                raise ValueError(f"'{value}': the kiosk cannot fetch from {scheme}:// addresses; use an https:// "
                                 "address, or the path of a folder")
            if value and value.lower().startswith("https://"):
                import ada_url

                if not ada_url.check_url(value):
                    from kiosk.deck.links import unopenable

                    raise ValueError(f"'{value}': {unopenable(value)}")
            return value or None

        @field_validator("trusted_keys")
        @classmethod
        def _keys(cls, value: list[str]) -> list[str]:
            if not value:  # the signing library loads only for keys to read
                return value
            from kiosk.fleet.keys import parse_public, public_line

            for text in value:
                parse_public(text)
            return [public_line(text) for text in value]

        @field_validator("kiosk_name")
        @classmethod
        def _name(cls, value: str | None) -> str | None:
            """A kiosk's name names its status file (``<name>.json``): a name, never a path."""
            wrong = value and path_in_name(value)
            if wrong:
                raise ValueError(wrong)
            return value
        stats_file: Path | None = None
        stats_retention_days: int = Field(400, ge=1, le=3660)

        @field_validator("opening_hours")
        @classmethod
        def _windows(cls, value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
            for day, windows in (value or {}).items():
                for window in windows:
                    try:
                        parse_window(window)
                    except ValueError as exc:
                        raise ValueError(f"{day}: {exc}") from None
            return value

        @field_validator(*TEXT_KEYS, mode="before")
        @classmethod
        def _not_blank(cls, value: Any) -> Any:
            """A text or path given empty (or only spaces) is a mistake, not a way to unset it."""
            if isinstance(value, str) and not value.strip():
                raise ValueError(blank(value))
            return value

        @field_validator(*TEXT_KEYS, mode="before")
        @classmethod
        def _printable(cls, value: Any) -> Any:
            """Names and paths hold no control characters (a NUL cannot be in a path at all), and
            follow deck text's rule on characters (:func:`kiosk.deck.chars.why_refused`)."""
            if isinstance(value, str):
                wrong = _unshowable(value)
                if wrong:
                    raise ValueError(wrong)
            return value

        @field_validator("reduced_motion", mode="before")
        @classmethod
        def _true_or_false(cls, value: Any) -> Any:
            """Only TOML's true and false: "yes", "no", 1 or 0 are not read as either."""
            if type(value) is not bool:
                shown = f'the text "{value[:20]}"' if isinstance(value, str) else repr(value)[:20]
                raise ValueError(f"must be true or false, not {shown}")
            return value

        @field_validator(*FLOAT_KEYS, "screen", "stats_retention_days", mode="before")
        @classmethod
        def _finite(cls, value: Any) -> Any:
            """A number setting takes a number as TOML writes one: not true or false, not a number in
            quotes; and TOML's nan and inf are said as such, not as out of range."""
            if isinstance(value, bool):
                raise ValueError(f"must be a number, not {str(value).lower()}")
            if isinstance(value, str):
                raise ValueError(f'must be a number without quotes, not the text "{value[:20]}"')
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError("is nan (not a number)" if value != value else f"is {value} (infinite)")
            return value

        @field_validator("library")
        @classmethod
        def _beside_bundled(cls, value: Path | None) -> Path | None:
            """Installed decks go beside the bundled decks, never into their folder."""
            if value is not None and paths.inside_bundled(value):
                raise ValueError(f"{value} holds the decks that come with the kiosk; installed decks need a folder "
                                 f"of their own (the default is {paths.library()})")
            return value

        @field_validator("timezone")
        @classmethod
        def _zone(cls, value: str | None) -> str | None:
            if value is not None:
                from kiosk.walltime import UnknownZone, placeholder_zone, zone_named

                try:
                    zone_named(value)
                except UnknownZone as exc:
                    raise ValueError(f"{exc.message} ({exc.hint})") from None
                placeholder = placeholder_zone(value)
                if placeholder:  # the opening hours would follow UTC: the deck's zone is used instead
                    raise ValueError(f"{placeholder} (give the venue's zone, such as Europe/London)")
            return value

    return Settings


#: Every setting, in the order ``kiosk config`` lists them (the fields of :class:`Settings`;
#: ``tests/gui/test_settings.py`` holds them to it), with its default.
DEFAULTS: dict[str, Any] = {
    "deck": None, "library": None, "screen": None, "rotation": 0, "reduced_motion": False, "opening_hours": None,
    "timezone": None, "wake_minutes": 5.0, "staff_idle_timeout": 60.0, "deck_settle": 2.0, "log_folder": None,
    "update_source": None, "trusted_keys": [], "update_every": 5.0, "ca_file": None, "kiosk_name": None,
    "status_folder": None, "metrics_file": None, "stale_after": 30.0, "stats_file": None, "stats_retention_days": 400,
}
FIELDS = tuple(DEFAULTS)


class PlainSettings:
    """Settings whose every value was plainly valid (:func:`_plainly_valid`), without pydantic:
    the same attributes, ``model_dump()`` and equality as :class:`Settings` with those values."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "_values", {**DEFAULTS, "trusted_keys": [], **(values or {})})

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("settings are read-only")

    def model_dump(self) -> dict[str, Any]:
        """The values, as :meth:`Settings.model_dump` gives them."""
        return {key: (list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value)
                for key, value in self._values.items()}

    def __eq__(self, other: object) -> bool:
        dump = getattr(other, "model_dump", None)
        return callable(dump) and set(FIELDS) <= set(type(other).model_fields if hasattr(type(other), "model_fields")
                                                    else FIELDS) and dump() == self.model_dump()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PlainSettings({self._values!r})"


class SettingsError(ValueError):
    """A value not allowed for its setting; the message is the model's (pydantic's) first error."""


def __getattr__(name: str) -> Any:
    if name == "Settings":
        return _model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Settings whose value is a text or a path: given as ``""`` or only spaces, each is refused
#: (an empty path would mean the current folder, an empty deck the default deck, silently).
TEXT_KEYS = ("deck", "library", "log_folder", "update_source", "ca_file", "kiosk_name", "status_folder",
             "metrics_file", "stats_file", "timezone")


def blank(value: str) -> str:
    """What is wrong with a text setting given as ``value``, empty or only spaces."""
    return ("is empty" if not value else "holds only spaces") + \
        " (to keep the default, remove the line or put # in front of it)"


#: Settings whose value is a number of minutes or seconds (a TOML float or integer).
FLOAT_KEYS = ("wake_minutes", "staff_idle_timeout", "deck_settle", "update_every", "stale_after")


def _unshowable(value: str) -> str | None:
    """What is wrong with the characters of a text or path setting, or ``None``: no control
    character at all (not even a line break), and deck text's rule (bidi overrides, stacks of
    combining marks: :func:`kiosk.deck.chars.why_refused`)."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return "holds a control character (such as \\u0000 or a line break)"
    from kiosk.deck.chars import why_refused

    return why_refused(value)


def _no_controls(value: str) -> bool:
    return _unshowable(value) is None


def path_in_name(name: str) -> str | None:
    """What makes ``name`` (a ``kiosk_name``) read as a path rather than a name, in plain words, or
    ``None`` for a name: a slash or backslash (``../x``, ``north\\desk``) would point the kiosk's
    status file at another folder, and a name starting with a dot (``..``, ``.north``) would be a
    folder's own entry or a hidden file; the kiosk never changes a name into another in silence.

    Args:
        name: the name as written in settings.toml.

    Returns:
        The reason, e.g. ``"'../x' holds '/', which separates folders in a path: …"``, or ``None``.
    """
    for char in ("/", "\\"):
        if char in name:
            return (f"'{name}' holds '{char}', which separates folders in a path: the kiosk's name is the name "
                    "of its status file, not a path")
    if name.startswith("."):
        return (f"'{name}' starts with '.': its status file would be hidden, or be a folder's own "
                "entry ('.', '..')")
    return None


#: The start of an address of any kind (RFC 3986, section 3.1: a scheme, then ``://``).
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")

#: An address's start with a slash or the colon missing (``https:/host``, ``https//host``,
#: ``https:host``), which would be read as a folder's path; a scheme of two letters at least, so
#: a Windows drive (``C:/decks``) is a folder.
_ADDRESS_SLIP = re.compile(r"(https?|ftp|sftp|file)(?::/(?!/)|//|:(?!//))", re.IGNORECASE)


def other_scheme(source: str) -> str | None:
    """The scheme of ``source`` when it is an address the kiosk cannot fetch from (``ftp``,
    ``file``, ``sftp``…: anything but ``https`` and ``http``, which is refused on its own), else
    ``None``; ``update_source`` is an https:// address or the path of a folder.

    Args:
        source: the ``update_source`` setting.
    """
    found = _SCHEME.match(source)
    if found is None or found[1].lower() in ("https", "http"):
        return None
    return found[1]


def _number(value: Any, low: float, high: float, *, above: bool = False) -> bool:
    return type(value) in (int, float) and value == value and (value > low if above else value >= low) \
        and value <= high


def _path(value: Any) -> Path | None:
    if isinstance(value, Path):
        value = str(value)
    return Path(value) if isinstance(value, str) and _no_controls(value) else None


def _plainly_valid(key: str, value: Any) -> tuple[bool, Any]:
    """``(True, the value as the model keeps it)`` when ``value`` is plainly allowed for setting
    ``key`` (the common, well-formed cases: a number of the right type in range, a path without
    control characters, windows that read...), else ``(False, None)``: then the model itself
    judges it (it may still accept it, coerced, or say what is wrong). Never wrong the other way:
    what is taken here, the model takes with the same value (``tests/gui/test_settings.py``)."""
    if value is None and DEFAULTS[key] is None:
        return True, None
    if key in TEXT_KEYS and isinstance(value, str) and not value.strip():
        return False, None  # the model says what is wrong (Settings._not_blank)
    if key == "deck" or key == "kiosk_name":
        ok = isinstance(value, str) and _no_controls(value) and \
            (key == "deck" or (1 <= len(value) <= 100 and path_in_name(value) is None))
        return (True, value) if ok else (False, None)
    if key in ("library", "log_folder", "ca_file", "status_folder", "metrics_file", "stats_file"):
        path = _path(value)
        if path is None or (key == "library" and paths.inside_bundled(path)):
            return False, None
        return True, path
    if key == "screen":
        return (True, value) if type(value) is int and 0 <= value <= 15 else (False, None)
    if key == "rotation":
        return (True, value) if type(value) is int and value in (0, 90, 180, 270) else (False, None)
    if key == "reduced_motion":
        return (True, value) if type(value) is bool else (False, None)
    if key == "stats_retention_days":
        return (True, value) if type(value) is int and 1 <= value <= 3660 else (False, None)
    ranges = {"wake_minutes": (1, 24 * 60, False), "staff_idle_timeout": (5, 3600, False),
              "deck_settle": (0.2, 60, False), "update_every": (0, 24 * 60, True), "stale_after": (0, 30 * 24 * 60, True)}
    if key in ranges:
        low, high, above = ranges[key]
        return (True, float(value)) if _number(value, low, high, above=above) else (False, None)
    if key == "trusted_keys":
        return (True, []) if value == [] and isinstance(value, list) else (False, None)
    if key == "update_source":  # a folder; a web address is checked by the model (ada-url)
        ok = (isinstance(value, str) and not value.lower().startswith(("http:", "https:")) and _no_controls(value)
              and not other_scheme(value) and not _ADDRESS_SLIP.match(value))
        return (True, value or None) if ok else (False, None)
    if key == "timezone":
        if not isinstance(value, str):
            return False, None
        from kiosk.walltime import UnknownZone, placeholder_zone, zone_named

        try:
            zone_named(value)
        except UnknownZone:
            return False, None
        return (False, None) if placeholder_zone(value) else (True, value)
    if key == "opening_hours":
        if not isinstance(value, dict) or not all(day in WEEKDAYS and isinstance(windows, list)
                                                  and all(isinstance(w, str) for w in windows)
                                                  for day, windows in value.items()):
            return False, None
        try:
            for windows in value.values():
                for window in windows:
                    parse_window(window)
        except ValueError:
            return False, None
        return True, {day: list(windows) for day, windows in value.items()}
    return False, None


def problem_with(values: dict[str, Any]) -> str | None:
    """What is wrong with ``values`` (setting -> value), as the model's first error message
    (``"'wake_minutes': Input should be …"`` without the key), or ``None`` when they are allowed.
    Loads pydantic only for a value not plainly valid."""
    if all(key in DEFAULTS and _plainly_valid(key, value)[0] for key, value in values.items()):
        return None
    from pydantic import ValidationError

    try:
        _model().model_validate(values)
    except ValidationError as exc:
        return plain_error(exc.errors()[0])
    return None


#: The model's (pydantic's) error types, in plain words (``{name}`` from the error's ``ctx``).
_PLAIN = {
    "greater_than_equal": "must be {ge} or more", "less_than_equal": "must be {le} or less",
    "greater_than": "must be more than {gt}", "less_than": "must be less than {lt}",
    "literal_error": "must be {expected}", "int_type": "must be a whole number", "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number (no decimal point)", "float_type": "must be a number",
    "float_parsing": "must be a number", "string_type": "must be text in double quotes",
    "bool_type": "must be true or false", "bool_parsing": "must be true or false",
    "dict_type": "must be a table, a [section] of its own", "list_type": "must be a list in square brackets, e.g. [\"…\"]",
    "path_type": "must be a path in double quotes", "string_too_short": "must be at least {min_length} characters",
    "string_too_long": "must be at most {max_length} characters", "too_long": "has too many items",
    "finite_number": "must be an ordinary number (not nan or inf)",
}


def _number_words(value: Any) -> str:
    """A bound as a person writes it: ``1`` rather than ``1.0``; quotes dropped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("'", "")


def plain_error(error: dict[str, Any]) -> str:
    """One of the model's errors (a pydantic ``ErrorDetails``) in plain words: "must be 0 or more"
    rather than "Input should be greater than or equal to 0"; the kiosk's own checks' messages as
    they are. Where in a list or table it is (``mon``, item 2) is said first."""
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "value_error":
        text = str(context.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    elif kind in _PLAIN:
        try:
            text = _PLAIN[kind].format(**{key: _number_words(value) for key, value in context.items()})
            if kind == "string_too_short" and context.get("min_length") == 1:
                text = text.removesuffix("s")  # "at least 1 character"
        except (KeyError, IndexError):
            text = _PLAIN[kind].split(" {")[0]
    else:
        text = str(error.get("msg", "is not allowed")).replace("Input should be", "must be")
    inner = [part for part in error.get("loc", ())[1:] if not str(part).startswith(("literal[", "function-"))]
    where = ", ".join(f"item {part + 1}" if isinstance(part, int) else str(part) for part in inner)
    return f"{where}: {text}" if where else text


def make_settings(values: dict[str, Any]) -> Any:
    """The settings with ``values`` (setting -> value) and the defaults for the rest: a
    :class:`PlainSettings` when every value is plainly valid, else the model's :class:`Settings`.

    Raises:
        SettingsError: a value the model does not allow (its first error's message).
    """
    checked = {key: _plainly_valid(key, value) if key in DEFAULTS else (False, None) for key, value in values.items()}
    if all(ok for ok, _ in checked.values()):
        return PlainSettings({key: value for key, (_, value) in checked.items()})
    from pydantic import ValidationError

    try:
        return _model().model_validate(values)
    except ValidationError as exc:
        raise SettingsError(plain_error(exc.errors()[0])) from None


#: A short hint per key, for messages about a wrong value.
HINTS: dict[str, str] = {
    "deck": 'give a deck id from the library, e.g. deck = "freedom-week-2019", or a folder path',
    "library": 'give a folder path in quotes, e.g. library = "/home/kiosk/decks"',
    "screen": "give a whole number: 0 for the first screen, 1 for the second",
    "rotation": "give 0, 90, 180 or 270",
    "reduced_motion": "write true or false (no quotes)",
    "opening_hours": 'write e.g. mon = ["09:00-17:00"] under [opening_hours], one list per weekday',
    "timezone": 'give an IANA time zone in quotes, e.g. timezone = "Europe/London"',
    "wake_minutes": "give a number of minutes between 1 and 1440, e.g. wake_minutes = 5",
    "staff_idle_timeout": "give a number of seconds between 5 and 3600, e.g. staff_idle_timeout = 60",
    "deck_settle": "give a number of seconds between 0.2 and 60, e.g. deck_settle = 2",
    "log_folder": 'give a folder path in quotes, e.g. log_folder = "/home/kiosk/kiosk-logs"',
    "update_source": 'give an https:// address or a folder in quotes, e.g. update_source = '
                     '"https://example.org/kiosk/freedom-week/"',
    "trusted_keys": 'give a list of public keys, e.g. trusted_keys = ["RWQ…"] (the second line of publisher.pub)',
    "update_every": "give a number of minutes, e.g. update_every = 5",
    "ca_file": 'give the path of a PEM file in quotes, e.g. ca_file = "/etc/ssl/venue-ca.pem"',
    "kiosk_name": 'give a short name of letters, digits, - and _ in quotes, e.g. kiosk_name = "library-north"',
    "status_folder": 'give a folder path in quotes, e.g. status_folder = "/home/kiosk/Sync/kiosk-status"',
    "metrics_file": 'give a file path in quotes, e.g. metrics_file = "/var/lib/node_exporter/kiosk.prom"',
    "stale_after": "give a number of minutes, e.g. stale_after = 30",
    "stats_file": 'give a file path in quotes, e.g. stats_file = "/home/kiosk/stats.db"',
    "stats_retention_days": "give a whole number of days between 1 and 3660, e.g. stats_retention_days = 400",
}


def settings_path() -> Path:
    """The settings file (:func:`kiosk.paths.settings_file`: ``settings.toml`` in the config folder)."""
    return paths.settings_file()


@dataclass
class Effective:
    """The settings in force, and where each came from.

    Attributes:
        settings: the values (a :class:`Settings`, or :class:`PlainSettings` with the same
            attributes when every value was plainly valid: :func:`make_settings`).
        sources: per key, ``"default"``, ``"<file>:<line>"`` or ``"command line --flag"``.
        file: the settings file read (it may not exist).
        problems: what was wrong with the file (each bad key kept its default).
    """

    settings: Any
    sources: dict[str, str]
    file: Path
    problems: list[Problem] = field(default_factory=list)

    @property
    def library(self) -> Path:
        """The deck library folder in force (see :attr:`Settings.library`)."""
        if self.settings.library is not None:
            return expand_user(self.settings.library)
        return paths.library()

    def library_for(self, flag: Path | None) -> Path:
        """The deck library a command reads and writes (``kiosk run``, ``decks``, ``install``,
        ``update``, and so the staff menu): ``flag`` (its ``--library DIR``) when given, else
        :attr:`library` (``library`` in the settings, else :func:`kiosk.paths.library`).

        A ``--library`` the settings would refuse (the bundled decks' folder) is returned as
        given, for the command to refuse with its own reason. The setting's folder is absolute,
        without ``..``. The folder may not exist yet.
        """
        return flag if flag is not None else Path(os.path.abspath(self.library))  # "config/../lib": "lib"

    @property
    def log_folder(self) -> Path:
        """The log folder in force."""
        return expand_user(self.settings.log_folder or paths.log_dir())

    @property
    def stats_file(self) -> Path:
        """The visitor counts database in force (see :attr:`Settings.stats_file`)."""
        return expand_user(self.settings.stats_file or paths.stats_file())

    def resolve_deck(self, library: Path | None = None) -> Resolved:
        """Which deck ``deck`` means (:func:`kiosk.library.resolve_deck` in ``library``, default
        :attr:`library`); with ``deck`` unset, the deck installed from ``update_source``
        (:meth:`subscribed`), else the bundled one."""
        from kiosk.library import resolve_deck

        deck = self.settings.deck
        library = library if library is not None else self.library
        return resolve_deck(deck, library, subscribed=None if deck else self.subscribed(library))

    def deck_path(self) -> Path:
        """The deck folder to play (:meth:`resolve_deck`); when ``deck`` names no deck, what it
        names taken as a path."""
        return self.resolve_deck().folder

    def subscribed(self, library: Path | None = None) -> str | None:
        """The id of the deck installed from ``update_source`` (:mod:`kiosk.fleet.fetch`) into
        ``library`` (default :attr:`library`), or ``None``."""
        return self.followed(library).deck

    def followed(self, library: Path | None = None):
        """What the library tells of the deck installed from ``update_source`` into ``library``
        (default :attr:`library`): a :class:`kiosk.fleet.followed.Followed`, whose ``damaged`` says
        when the updates' state file is damaged and which deck plays meanwhile (a best guess,
        :func:`kiosk.fleet.fetch.followed`). Nothing is followed without ``update_source``."""
        if not self.settings.update_source:  # the fetching is not loaded for nothing (kiosk.fleet.followed)
            from kiosk.fleet.followed import Followed

            return Followed(None)
        from kiosk.fleet.fetch import followed

        return followed(library if library is not None else self.library, self.settings.update_source)

    def deck_missing(self) -> str | None:
        """Why ``deck`` names no deck (e.g. "no deck called 'x' in … or the bundled decks"), or ``None``."""
        return self.resolve_deck().problem

    def timezone(self) -> str:
        """The time zone the opening hours are in: ``timezone`` if set, else the playing deck's.

        The deck is the one :meth:`deck_path` names, or the bundled one when that cannot be loaded
        (as ``kiosk run`` does); ``"Europe/London"`` if neither loads.
        """
        if self.settings.timezone:
            return self.settings.timezone
        from kiosk.deck import load_deck

        for folder in (self.deck_path(), paths.default_deck()):
            result = load_deck(folder)
            if result.ok:
                return result.deck.deck.timezone
        return "Europe/London"

    def override(self, **flags: tuple[str, Any]) -> Effective:
        """A copy with command-line values applied.

        Args:
            flags: key -> (flag as typed, e.g. ``"--screen"``, value); a ``None`` value is skipped.

        Returns:
            A new :class:`Effective`; the values are validated like the file's.

        Raises:
            SettingsError: when a flag's value is not allowed for its key; the message names each
                such flag: ``"--screen: must be 15 or less"``.
        """
        given = {key: value for key, (_, value) in flags.items() if value is not None}
        values = self.settings.model_dump()
        try:
            settings = make_settings({**values, **given})
        except SettingsError as together:
            wrong = []
            for key, value in given.items():  # each flag alone, so that the message names it
                try:
                    make_settings({**values, key: value})
                except SettingsError as alone:
                    wrong.append(f"{flags[key][0]}: {alone}")
            named = ", ".join(flags[key][0] for key in given)
            raise SettingsError("; ".join(wrong) or f"{named}: {together}") from None
        sources = {**self.sources, **{key: f"command line {flags[key][0]}" for key in given}}
        return Effective(settings, sources, self.file, self.problems)


def _line_of(lines: list[str], key: str, table: str | None = None) -> int:
    """1-based line where ``key`` is set (``key =`` or ``[key]``), inside ``[table]`` when given.

    tomllib keeps no positions, so the text is scanned; when the key is not found the
    table's own line is returned, else 1.
    """
    current: str | None = None
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        header = re.match(r"^\[\s*([^\]\s]+)\s*\]", stripped)
        if header:
            current = header[1]
            if table is None and current == key:
                return number
            continue
        name = stripped.split("=", 1)[0].strip() if "=" in stripped and not stripped.startswith("#") else None
        if name is None:
            continue
        if len(name) > 1 and name[0] == name[-1] and name[0] in "\"'":  # a quoted key: "monday" = [...]
            name = name[1:-1]
        if table is None and current is None and (name == key or name.startswith(key + ".")):
            return number
        if table is not None and ((current == table and name == key) or
                                  (current is None and name == f"{table}.{key}")):
            return number
    return _line_of(lines, table) if table else 1


def _position(text: str, found: re.Match | int | None) -> tuple[int, int]:
    """1-based line and column of a match (or an index) in ``text`` (``(1, 1)`` if none)."""
    if found is None:
        return (1, 1)
    start = found if isinstance(found, int) else found.start()
    before = text[:start]
    return (before.count("\n") + 1, start - (before.rfind("\n") + 1) + 1)


def _first_deep(text: str) -> int | None:
    """Index of the first bracket that opens more than :data:`MAX_SETTINGS_DEPTH` levels (quotes
    are not told apart: this only points at where to look)."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "[{") - (char in "]}")
        if depth > MAX_SETTINGS_DEPTH:
            return index
    return None


def _too_deep(data: dict[str, Any]) -> str | None:
    """The first top-level key whose value nests more than :data:`MAX_SETTINGS_DEPTH` lists or
    tables, else ``None`` (walked without recursion)."""
    for key, value in data.items():
        pending = [(value, 1)]
        while pending:
            item, depth = pending.pop()
            if depth > MAX_SETTINGS_DEPTH:
                return key
            if isinstance(item, dict):
                pending += [(inner, depth + 1) for inner in item.values()]
            elif isinstance(item, list):
                pending += [(inner, depth + 1) for inner in item]
    return None


#: The line a key is set on (public for ``kiosk config``'s warnings).
line_of = _line_of


def _explain(message: str, key: str) -> str:
    return f"'{key}': {message}"


def load(path: Path | None = None) -> Effective:
    """Read the settings file; a missing file gives the defaults, a bad one the defaults for its bad keys.

    Args:
        path: the file (default :func:`settings_path`).

    Returns:
        The :class:`Effective` settings. Never raises for a missing, unreadable or invalid file:
        each fault is one :class:`Problem` in ``problems`` (severity ``error``). Only a regular
        file of at most :data:`MAX_SETTINGS_BYTES` is read (a named pipe, device or folder is
        refused without blocking: :func:`kiosk.userfile.read_bounded`). Relative paths are taken
        from the file's folder; an output setting that cannot be used is a problem and keeps its
        default (:data:`OUTPUTS`); days of ``[opening_hours]`` are read as :func:`_opening_days` says.
    """
    path = path or settings_path()
    shown = str(path)
    base = Path(os.path.abspath(path)).parent
    defaults = {name: "default" for name in FIELDS}

    def refused(line: int, col: int, message: str, hint: str) -> Effective:
        return Effective(PlainSettings(), defaults, path, [Problem(
            shown, line, col, f"{message}; playing with the default settings", hint)])

    try:
        raw = read_bounded(path, MAX_SETTINGS_BYTES)
        text = raw.decode("utf-8-sig")
    except UserFileError as exc:
        if exc.missing and (target := _link_to_nothing(path)) is not None:
            return refused(0, 0, f"the settings file is a link to {target!r}, which is not there",
                           "put the settings file itself in its place, or make the link point to a file that is there")
        if exc.missing:
            return Effective(PlainSettings(), defaults, path)
        return refused(1, 1, f"the settings file cannot be read ({exc.reason})",
                       "make it a plain text file of key = value lines, readable by the kiosk's user")
    except UnicodeDecodeError as exc:
        wide = wide_encoding(raw)
        before = raw[:exc.start]
        line, col = (1, 1) if wide else (before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1)
        what = f"it is {wide} text" if wide else f"byte 0x{raw[exc.start]:02x}"
        return refused(line, col, f"the settings file is not UTF-8 ({what})", SAVE_AS_UTF8)
    import tomllib  # only when there is a settings file

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        end = (text.count("\n") + 1, len(text) - text.rfind("\n"))  # "(at end of document)"
        line, col = (int(found[1]), int(found[2])) if found else end if "end of document" in str(exc) else (1, 1)
        from kiosk.deck.syntax import refused_at

        control = refused_at(text, line, col, "settings file")  # TOML stops at it, calling it a quoting mistake
        if control is not None:
            return refused(line, col, control.message, control.hint)
        reason = re.sub(r"\s*\(at (line|end of document).*\)$", "", str(exc)) or "not valid TOML"
        what, fix = toml_mistake(reason)
        what = _first_said(text.splitlines(), line, reason) or what
        return refused(line, col, f"the settings file cannot be read here: {what}", fix)
    except ValueError:  # a whole number of more digits than Python converts
        line, col = _position(text, re.search(r"[0-9_]{200,}", text))
        return refused(line, col, "a number here is too long to read",
                       "give a plain number of a few digits, or text in \"double quotes\"")
    except RecursionError:
        line, col = _position(text, _first_deep(text))
        return refused(line, col, "lists or tables are nested too deeply here",
                       "each setting is one value, one list, or a table of lists like [opening_hours]")
    deep = _too_deep(data)
    if deep is not None:
        lines = text.splitlines()
        return refused(_line_of(lines, deep), 1, f"'{deep}' is nested too deeply",
                       "each setting is one value, one list, or a table of lists like [opening_hours]")
    lines = text.splitlines()
    good: dict[str, Any] = {}
    sources = dict(defaults)
    problems: list[Problem] = []
    for key, value in data.items():
        line = _line_of(lines, key)
        if key not in DEFAULTS:
            table = table_of(key)
            if table is not None:
                problems.append(_outside_its_table(key, table, line, lines, shown, table in data))
                continue
            hint = did_you_mean(key, FIELDS) or f"remove it; the settings are: {', '.join(FIELDS)}"
            problems.append(Problem(shown, line, 1, f"unknown setting '{key}'", hint))
            continue
        if key == "opening_hours" and isinstance(value, dict):
            value = _opening_days(value, lines, shown, problems)
        if isinstance(value, str) and value.strip() and _no_controls(value):
            value = _anchored(key, value, base)  # checked as the path it means (library: not in slides/)
        wrong = problem_with({key: value})
        if wrong:
            problems.append(Problem(shown, line, 1, _explain(wrong, key) + "; using the default", HINTS[key]))
            continue
        good[key] = value
        sources[key] = f"{shown}:{line}"
    for key, is_folder in OUTPUTS.items():
        if good.get(key) is None:
            continue
        unusable = outputs.setting_problem(Path(good[key]), is_folder)
        if unusable:
            line = _line_of(lines, key)
            problems.append(Problem(shown, line, 1, f"'{key}': {good[key]} cannot be used: {unusable[0]}; "
                                    f"using the default ({_DEFAULT_OUTPUT[key]()})",
                                    f"{unusable[1]}: change {key} in the settings file, or remove its line"))
            del good[key]
            sources[key] = "default"
    if good.get("library") is not None and (wrong_library := library_problem(Path(good["library"]))):
        problems.append(Problem(shown, _line_of(lines, "library"), 1,
                                f"'library': {wrong_library}; using the default ({paths.library()})",
                                "give a folder, or a new name (a missing folder is made): change library in the "
                                "settings file, or remove its line"))
        del good["library"]
        sources["library"] = "default"
    if good.get("ca_file") is not None and (wrong_ca := ca_file_problem(Path(good["ca_file"]))):
        problems.append(Problem(shown, _line_of(lines, "ca_file"), 1,
                                f"'ca_file': {good['ca_file']} cannot be used: {wrong_ca}; updates trust only the "
                                "system's certificate authorities", CA_FILE_FIX))
        del good["ca_file"]
        sources["ca_file"] = "default"
    problems.sort(key=lambda problem: problem.line)
    return Effective(make_settings(good), sources, path, problems)


def library_problem(path: Path) -> str | None:
    """Why ``path`` cannot be the deck library, or ``None``: something is there that is not a
    folder (a file, a pipe, a device; links are followed), a folder the kiosk may not look in
    (:func:`kiosk.userfile.wrong_kind`), or a folder of the system's own under ``/proc`` or
    ``/sys`` (:func:`kiosk.outputs.refuse_system`), which takes no files, so no deck can be
    installed there (``kiosk install`` and ``kiosk update`` refuse it). A library not made yet is
    no problem: ``kiosk install`` and ``kiosk update`` make it.

    Args:
        path: the ``library`` setting (``~`` is expanded).

    Returns:
        The reason, e.g. ``"/srv/decks is a file, not a folder"``, or ``None``.
    """
    path = expand_user(path)
    try:
        outputs.refuse_system(path, folder=True)
    except outputs.SystemTarget:
        return f"{path} is a folder of the system's own, which takes no files, so no deck can be installed there"
    if look(path).kind == "missing":
        return None
    return wrong_kind(path, "folder")


def _link_to_nothing(path: Path) -> str | None:
    """Where ``path`` links to when it is a symbolic link to nothing, else ``None``. Never raises."""
    try:
        return os.readlink(path) if os.path.islink(path) else None
    except (OSError, ValueError):
        return None


#: Largest ``ca_file`` read, in bytes (a bundle of every authority a system trusts is about 220 KB).
MAX_CA_BYTES = 1 << 20
#: What a PEM certificate starts with (RFC 7468, section 5.1).
PEM_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"
#: How to fix a ``ca_file`` that cannot be used.
CA_FILE_FIX = ("give the venue's certificate authority as a PEM file (its text starts with -----BEGIN "
               "CERTIFICATE-----), or remove the line")


def ca_file_problem(path: Path) -> str | None:
    """Why ``ca_file`` cannot be used as a certificate authority, or ``None``.

    Read without OpenSSL (the kiosk that draws never loads it), so a file that holds a PEM
    certificate block whose body is damaged passes here and is refused by the update itself
    (:class:`kiosk.fleet.fetch.HttpSource`). Never raises.

    Returns:
        "there is no such file", "it is a folder, not a file" (and so on, :func:`kiosk.userfile.read_bounded`)
        or "it holds no certificate in PEM form"; ``None`` when it does.
    """
    try:
        data = read_bounded(path, MAX_CA_BYTES)
    except UserFileError as exc:
        return "there is no such file" if exc.missing else exc.reason
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    return None if PEM_CERTIFICATE in data else "it holds no certificate in PEM form"


#: The settings naming a place the kiosk writes: key -> True for a folder, False for a file. One
#: that cannot be used (a symbolic link, a pipe or device, a folder that takes no files...) is a
#: problem of the file, and its default is used (:func:`kiosk.outputs.setting_problem`).
OUTPUTS = {"log_folder": True, "stats_file": False, "status_folder": True, "metrics_file": False}
#: What each output setting's default is, for the message when it is used instead.
_DEFAULT_OUTPUT = {"log_folder": lambda: str(paths.log_dir()), "stats_file": lambda: str(paths.stats_file()),
                   "status_folder": lambda: "no status record", "metrics_file": lambda: "no metrics file"}
#: Settings that are a path: relative ones are taken from the settings file's folder.
PATH_KEYS = ("library", "log_folder", "ca_file", "status_folder", "metrics_file", "stats_file")


def _anchored(key: str, value: Any, base: Path) -> Any:
    """``value`` of setting ``key`` with ``~`` expanded and, when it is a relative path, taken from
    ``base`` (the settings file's folder), so it never depends on the folder the kiosk was started
    from. ``deck``: a value with a path separator is a path; a single name is a deck id unless a
    folder of that name is beside the settings file. ``update_source``: its folder form only."""
    if key in PATH_KEYS:
        return str(base / expand_user(value))
    if key == "update_source" and "://" not in value and not value.lower().startswith(("http:", "https:")) \
            and not _ADDRESS_SLIP.match(value):  # a mistyped address is said as one (UpdateSettings._source)
        return str(base / expand_user(value))
    if key == "deck":
        name = expand_user(value)
        if "/" in value or "\\" in value or value.startswith("~") or len(name.parts) != 1 or value in (".", ".."):
            return str(base / name)
        beside = base / name
        return str(beside) if (beside / "deck.yaml").is_file() else value
    return value


#: The settings that are tables (``[opening_hours]``), each with what tells its keys: a key written
#: above every table's line in the file is read as a setting, so one of these is said as such.
TABLES: dict[str, Any] = {"opening_hours": lambda key: weekday_key(key) is not None or bool(days_meant(key))}


def table_of(key: str) -> str | None:
    """The settings table whose key ``key`` (a top-level key of the settings file) is, or ``None``:
    ``"opening_hours"`` for a day's name in any spelling that table reads (``mon``, ``Monday``,
    ``mon-fri``, ``weekend``: :func:`kiosk.player.hours.weekday_key`, :func:`kiosk.deck.windows.days_meant`)."""
    return next((table for table, belongs in TABLES.items() if belongs(key)), None)


def _outside_its_table(key: str, table: str, line: int, lines: list[str], shown: str, table_written: bool) -> Problem:
    """The error for ``key`` (on 1-based ``line``) written at the top level of the settings file
    though it belongs under ``[table]``: the fix is the table's line above it (uncommented, when
    the starter file's ``# [table]`` is there), or, when ``[table]`` is written further down
    (``table_written``), the key moved under it. Never "remove it", which throws the value away."""
    what = f"'{key}' belongs under [{table}], but no [{table}] line is above it, so it is not used"
    if table_written:
        at = next((number for number, text in enumerate(lines, start=1)
                   if re.match(rf"^\s*\[\s*{re.escape(table)}\s*\]", text)), None)
        where = f" (line {at})" if at else ""
        return Problem(shown, line, 1, what, f"move the line below the [{table}] line{where}: every line after "
                                             f"[{table}] belongs to it")
    commented = next((number for number, text in enumerate(lines[:line - 1], start=1)
                      if re.match(rf"^\s*#\s*\[\s*{re.escape(table)}\s*\]", text)), None)
    if commented is not None:
        return Problem(shown, line, 1, what, f"remove the # in front of [{table}] on line {commented}")
    return Problem(shown, line, 1, what, f"add the line [{table}] above it (the table's lines come last in the file)")


def _opening_days(table: dict[str, Any], lines: list[str], shown: str, problems: list[Problem]) -> dict[str, Any]:
    """The days of ``[opening_hours]`` to use, with their problems added to ``problems``.

    A day's name in another spelling (``monday``, ``Tues``: :func:`kiosk.player.hours.weekday_key`)
    is read as that day; a badly written window makes its day open all day; a name that is no day
    makes every day the table leaves out open all day. So a mistake never darkens the kiosk on a
    day it should be open (docs/settings.md). A setting's name there (a line meant for above the
    table) is said as such.
    """
    days: dict[str, list[str]] = {}
    unknown = []
    for day, windows in table.items():
        day_line = _line_of(lines, day, "opening_hours")
        key = weekday_key(day)
        several = days_meant(day) if key is None else []
        if len(several) > 1:  # "mon-fri", "sat,sun": each day it names, with these windows
            problems.append(Problem(shown, day_line, 1, f"'opening_hours': '{day}' names {len(several)} days as one; "
                                    f"read as {', '.join(several)}", "write a line for each day: "
                                    + ", ".join(f"{name} = [...]" for name in several)))
            for name in several:
                days[name] = [*days.get(name, []), *windows] if problem_with(
                    {"opening_hours": {name: windows}}) is None else ["00:00-24:00"]
            continue
        if key is None:
            if day in DEFAULTS:
                problems.append(Problem(shown, day_line, 1, f"'opening_hours': '{day}' is a setting, not a day",
                                        "every line after [opening_hours] belongs to that table: move it above "
                                        "the [opening_hours] line (or put the table last in the file)"))
            else:
                unknown.append((day, day_line))
            continue
        if key != day:
            problems.append(Problem(shown, day_line, 1, f"'opening_hours': unknown day '{day}', read as '{key}'",
                                    f"did you mean '{key}'? write the days as {', '.join(WEEKDAYS)}"))
        wrong = problem_with({"opening_hours": {key: windows}})
        if wrong:
            problems.append(Problem(shown, day_line, 1, f"'opening_hours': {wrong}; open all day on {key} "
                                    "until fixed", HINTS["opening_hours"]))
            windows = ["00:00-24:00"]
        days[key] = [*days.get(key, []), *windows] if key in days else list(windows)
    if unknown:
        left = [day for day in WEEKDAYS if day not in days]
        for day, day_line in unknown:
            close = suggest(dict.fromkeys(WEEKDAYS[(WEEKDAYS + DAY_NAMES).index(name) % 7] for name in
                                          close_matches(day.strip().lower(), WEEKDAYS + DAY_NAMES, n=1)))
            opened = f"; until it is fixed, {', '.join(left)} {'is' if len(left) == 1 else 'are'} open all day" \
                if left else ""
            problems.append(Problem(shown, day_line, 1, f"'opening_hours': unknown day '{day}'{opened}",
                                    (close + " " if close else "") + f"write the day as one of {', '.join(WEEKDAYS)}"))
        days.update({day: ["00:00-24:00"] for day in left})
    return days


#: TOML's own messages (Python's tomllib) in plain words: pattern -> (what is wrong, how to fix it);
#: ``{0}`` is the pattern's first group.
_TOML_MISTAKES = (
    (r"Illegal character '\\n'|Unterminated string",
     ("a text in double quotes is not closed on its line", 'end the text with " on the same line')),
    (r"Illegal character (.*)", ("a control character ({0}) inside quotes", "remove it, or write it as an escape such as \\t")),
    (r"Cannot declare \('?([^',)]*)'?,?\) twice|Cannot redefine namespace|Cannot mutate immutable namespace",
     ("the table [{0}] is written twice, or also set as a value",
      "keep one [{0}] line and put everything that belongs to it under that line")),
    (r"Cannot overwrite a value|Duplicate inline table key",
     ("this setting is given twice", "keep one line for each setting and remove the other")),
    (r"Expected '=' after a key", ("a setting name without = and a value", 'write key = value, e.g. rotation = 90')),
    (r"Unescaped '\\' in a string",
     ("a backslash \\ inside double quotes (a Windows path?)", "write each \\ as \\\\, or put the path in 'single quotes'")),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value",
     ("a \\u escape that is not a character", "remove it, or write the character itself")),
    (r"Unclosed array", ("a list opened with [ is not closed with ]", 'close it: e.g. mon = ["09:00-17:00"]')),
    (r"Unclosed inline table", ("a table opened with { is not closed with }", "close it with }")),
    (r"Expected '\]\]?' at the end", ("a [section] line is not closed with ]", "write it as e.g. [opening_hours]")),
    (r"Invalid date or datetime", ("a date or time without quotes", 'put it in double quotes, e.g. "09:00-17:00"')),
    (r"Invalid initial character for a key part|Found invalid character|Invalid statement",
     ("this line is not a setting", 'write key = value, or put # in front to make it a comment')),
    (r"Expected newline or end of document after a statement",
     ("something follows the value on this line (a time or text without quotes?)",
      'put text and times in double quotes, e.g. "09:00-17:00", and one setting on each line')),
    (r"Expected (.*)", ("a {0} is missing (a text in quotes, a list or a table not closed?)",
                        "close what was opened on the same line: \"text\", [list], [table]")),
    (r"Invalid value", ("this value cannot be read",
                        'text goes in "double quotes", true and false without quotes, lists in [square brackets]')),
)


def _first_said(lines: list[str], line: int, reason: str) -> str:
    """For a setting or table given twice (line ``line``, 1-based): "'screen' is set twice (first on
    line 2)", "the table [opening_hours] is written twice (first on line 1)"; else ``""``."""
    if not reason.startswith(("Cannot overwrite", "Cannot declare", "Duplicate inline")) or not 0 < line <= len(lines):
        return ""
    here = lines[line - 1].strip()
    table = re.match(r"^\[\s*([^\]\s]+)\s*\]", here)
    name = table[1] if table else here.split("=", 1)[0].strip()
    for number, text in enumerate(lines[:line - 1], start=1):
        stripped = text.strip()
        if (table and re.match(rf"^\[\s*{re.escape(name)}\s*\]", stripped)) or \
                (not table and stripped.split("=", 1)[0].strip() == name and "=" in stripped):
            return f"the table [{name}] is written twice (first on line {number})" if table else \
                f"'{name}' is set twice (first on line {number})"
    return ""


def toml_mistake(reason: str) -> tuple[str, str]:
    """A TOML parse error's ``reason`` (tomllib's words, "Cannot declare ('opening_hours',) twice")
    said plainly, with how to fix it; an unknown reason keeps its words, with the general fix.

    Returns:
        ``(what is wrong, how to fix it)``.
    """
    for pattern, (what, fix) in _TOML_MISTAKES:
        found = re.match(pattern, reason)
        if found:
            group = next((g for g in found.groups() if g), "").strip("'\"")
            return what.format(group), fix.format(group)
    return (f"it is not valid TOML ({reason})",
            'write each setting as key = value, text in "double quotes", e.g. deck = "freedom-week-2019"')


def describe(effective: Effective) -> list[str]:
    """Lines for ``kiosk config``: each setting, its value and where it came from, then the folders."""
    out = []
    for key in FIELDS:
        value = getattr(effective.settings, key)
        shown = "(none)" if value is None else str(value)
        if key in ("library", "log_folder", "stats_file"):
            shown = str(_absolute(getattr(effective, key)))
        if key == "library" and not os.path.isdir(effective.library):
            shown += " (nothing installed yet; the bundled decks are always there)"
        if key == "timezone" and value is None:
            shown = f"the deck's zone: {effective.timezone()}"
        if key == "screen" and value is None:
            shown = "the main screen"
        if key == "deck" and value is None:
            from kiosk.library import is_bundled

            shown = f"{effective.subscribed()} (from update_source)" if effective.subscribed() else \
                f"{paths.DEFAULT_DECK_ID} ({'bundled' if is_bundled(effective.deck_path()) else 'installed'})"
        if key == "kiosk_name" and value is None:
            from kiosk.fleet.status import host_name

            shown = f"{host_name()} (the host name)"
        if key == "trusted_keys":
            shown = ", ".join(f"…{text[-12:]}" for text in value) if value else "none"
        if value is None and key in _UNSET:
            shown = _UNSET[key]
        if key == "opening_hours":
            shown = "; ".join(f"{day} {', '.join(value[day])}" for day in WEEKDAYS if day in value) or \
                "closed every day" if value is not None else "always open"
        out.append(f"{key:<20} {shown:<40} [{effective.sources[key]}]")
    out += ["",
            f"settings file        {_settings_file_shown(effective.file)}",
            f"log folder           {_absolute(effective.log_folder)}",
            f"data folder          {_absolute(paths.data_dir())}",
            f"deck folder          {_absolute(paths.default_deck() if effective.deck_missing() else effective.deck_path())}"]
    return out


#: What ``kiosk config`` says for an optional fleet setting that is not set.
_UNSET = {"update_source": "not set: no updates", "ca_file": "not set: the system's authorities",
          "status_folder": "not set: no status record", "metrics_file": "not set: no metrics"}


def _settings_file_shown(path: Path) -> str:
    """The settings file as ``kiosk config`` shows it: absolute, and said when it is not there
    (all settings are defaults), or is a link to a file that is not there."""
    if (target := _link_to_nothing(path)) is not None:
        return f"{Path(os.path.abspath(expand_user(path)))}  (a link to {target!r}, which is not there: all defaults)"
    return f"{_absolute(path)}" + ("" if os.path.lexists(path) else "  (not there: all defaults)")


def _absolute(path: Path) -> Path:
    """``path`` with ``~`` expanded and made absolute (links resolved), as staff should read it."""
    return real_path(expand_user(path))


STARTER = '''\
# Settings for the awareness kiosk. Every line starting with # is a comment.
# Remove the # in front of a setting to use it; see docs/settings.md for each one.
# After a change: systemctl --user restart kiosk   (or log out and in again)
# Check this file with: kiosk config --check

# The deck to play: its id (kiosk decks lists them, bundled ones too), or a folder path.
# deck = "freedom-week-2019"

# Folder of installed deck folders (default: ~/.local/share/kiosk/decks); the bundled decks
# can always be chosen by id as well.
# library = "/home/kiosk/decks"

# Which screen to fill (0 = the first) and how far to turn the picture (0, 90, 180, 270).
# screen = 0
# rotation = 0

# true for plain cuts between slides instead of fades.
# reduced_motion = false

# Minutes a touch wakes the kiosk when it is closed.
# wake_minutes = 5

# Seconds without a touch before the staff menu closes by itself.
# staff_idle_timeout = 60

# Seconds the deck folder must be still after a change before the kiosk reads it.
# deck_settle = 2

# Time zone of the opening hours (default: the deck's).
# timezone = "Europe/London"

# Where kiosk.log and events.jsonl go (default: ~/.local/state/kiosk/log).
# log_folder = "/home/kiosk/kiosk-logs"

# Updates from a coordinator (kiosk publish): an https:// address of the published folder, or
# a synced folder; only bundles signed by a trusted key (publisher.pub's second line) are shown.
# update_source = "https://example.org/kiosk/freedom-week/"
# trusted_keys = ["RWQ..."]
# update_every = 5            # minutes between looks
# ca_file = "/etc/ssl/venue-ca.pem"

# Status for the coordinator (kiosk fleet FOLDER) and the venue's monitoring.
# kiosk_name = "library-north"
# status_folder = "/home/kiosk/Sync/kiosk-status"
# metrics_file = "/var/lib/prometheus/node-exporter/kiosk.prom"
# stale_after = 30            # minutes, for kiosk fleet
# The visitor counts (how many people touched the screen, per hour; nothing about anyone):
# where they are kept (default: ~/.local/state/kiosk/stats.db) and for how many days.
# stats_file = "/home/kiosk/stats.db"
# stats_retention_days = 400

# When the kiosk is open. Outside these hours the screen goes black (and off, if it can).
# A day left out is closed all day. Without this section the kiosk is always open.
# Keep this section last: every line after [opening_hours] belongs to it.
# [opening_hours]
# mon = ["09:00-17:00"]
# tue = ["09:00-17:00"]
# wed = ["09:00-17:00"]
# thu = ["09:00-17:00"]
# fri = ["09:00-17:00"]
# sat = ["10:00-13:00", "14:00-16:00"]
'''
"""A commented starter ``settings.toml`` in which every setting is present but commented out. The one
table, ``[opening_hours]``, comes last: uncommenting any lines of it leaves every setting above it a
setting (``tests/gui/test_settings.py`` holds it to that)."""
