"""The settings side of the ``kiosk`` command: ``kiosk config`` and the setting flags of ``kiosk run``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import health
from kiosk.deck.chars import printable
from kiosk.outputs import path_arg
from kiosk.words import plural

if TYPE_CHECKING:  # the settings and the deck model load pydantic: only the commands that use them do
    from kiosk import settings
    from kiosk.deck.model import Deck

#: ``kiosk run`` flags that override a setting: flag -> setting key.
SETTING_FLAGS = {"--screen": "screen", "--rotation": "rotation", "--reduced-motion": "reduced_motion",
                 "--log-folder": "log_folder", "--library": "library", "--stats-file": "stats_file"}


def add_setting_flags(run: argparse.ArgumentParser) -> None:
    """Add the flags that override ``settings.toml`` to the ``run`` parser."""
    group = run.add_argument_group("settings (override settings.toml, as do --library, --screen, --rotation "
                                   "and --reduced-motion; see kiosk config)")
    group.add_argument("--log-folder", type=path_arg, metavar="DIR", help="folder for kiosk.log and events.jsonl")
    group.add_argument("--always-open", action="store_true", help="ignore the opening hours")
    group.add_argument("--stats-file", type=path_arg, metavar="FILE",
                       help="count visitors into FILE (full-screen runs count into the settings' stats_file)")


class FlagRefused(ValueError):
    """A setting flag's value that the settings do not allow (``--screen 99``): misuse of the
    command, said like argparse's (``kiosk run: argument --screen: must be 15 or less``), exit 1.
    The message names each such flag."""


def effective_settings(args: argparse.Namespace, overrides: bool = True) -> settings.Effective:
    """The settings file's values with the command line's on top; the file's problems printed
    and kept for the staff (the file's value or the default stays).

    Args:
        args: the parsed command line (its setting flags, :data:`SETTING_FLAGS`, and ``deck``).
        overrides: ``False`` for the file's values alone, for a command that judges its own
            ``--library`` (``kiosk decks`` lists any folder; ``kiosk install`` refuses the bundled
            decks' folder with its own reason).

    Raises:
        FlagRefused: when a flag (or ``DECK``) has a value the settings do not allow: nothing is
            started, as for any other flag misused.
    """
    from kiosk import settings

    effective = settings.load()
    for problem in effective.problems:
        health.report(str(problem))
    if (damaged := pin_problem()) is not None:
        health.report(str(damaged))
    if not overrides:
        return effective
    flags = {key: (flag, getattr(args, key, None)) for flag, key in SETTING_FLAGS.items()}
    if getattr(args, "deck", None) is not None:
        flags["deck"] = ("DECK", str(args.deck))
    try:
        return effective.override(**flags)
    except settings.SettingsError as exc:
        raise FlagRefused(str(exc)) from None


def pin_problem() -> settings.Problem | None:
    """The problem to tell the staff when the staff PIN file is damaged (the staff menu cannot
    open until it is set again), else ``None`` (a PIN set, or none set yet: see README, Staff access)."""
    from kiosk import pin, settings

    state, why = pin.pin_state()
    if state != "damaged":
        return None
    where = pin.pin_file()
    fix = "set it again with: kiosk set-pin"
    if where.is_dir() and not where.is_symlink():  # set-pin cannot put a file in a folder's place
        fix = f"remove the folder {where}, then {fix}"
    return settings.Problem(str(where), 1, 1, f"the staff PIN file is damaged ({why}); the staff menu "
                            "cannot open until the PIN is set again", fix)


def apply_settings(options, effective: settings.Effective, deck: Deck, explicit_log_folder: bool = False,
                   always_open: bool = False, library: Path | None = None) -> None:
    """Copy the settings in force into :class:`kiosk.player.options.PlayOptions`.

    The log folder is used in full-screen mode (a venue's kiosk), or when ``--log-folder`` is given;
    visitors are counted likewise in full-screen mode, or into ``--stats-file``.
    A screen number from the settings file that is not connected falls back to the main screen
    (with a message for the staff); one from ``--screen`` stops with a message, as before.
    Opening hours are in the settings' time zone, else the deck's. ``library`` is the deck library
    in force (:meth:`kiosk.settings.Effective.library_for`; default: the settings').
    """
    from kiosk.player.hours import OpeningHours

    chosen = effective.settings
    options.screen = chosen.screen
    options.screen_from_settings = not effective.sources["screen"].startswith("command line")
    options.rotation = chosen.rotation
    options.reduced_motion = chosen.reduced_motion
    options.wake_minutes = chosen.wake_minutes
    options.staff_idle_timeout = chosen.staff_idle_timeout
    options.deck_settle = chosen.deck_settle
    options.library = library if library is not None else effective.library
    if options.mode == "fullscreen" or explicit_log_folder:
        options.log_folder = effective.log_folder
    if explicit_log_folder:
        options.log_folder_where = "--log-folder"
    options.updates = update_options(effective, options.library)
    if options.mode == "fullscreen" or effective.sources.get("stats_file", "").startswith("command line"):
        options.stats_file = effective.stats_file
    options.stats_retention_days = chosen.stats_retention_days
    if chosen.opening_hours is not None and not always_open:
        options.hours = OpeningHours.parse(chosen.opening_hours, chosen.timezone or deck.deck.timezone)
        options.hours_where = effective.sources.get("opening_hours", "settings.toml")


def update_options(effective: settings.Effective, library: Path | None = None):
    """:class:`kiosk.qt.updates.UpdateOptions` for the settings in force (installing into ``library``,
    default the settings' library), or ``None`` when no ``update_source``, ``status_folder`` or
    ``metrics_file`` is set."""
    chosen = effective.settings
    if not (chosen.update_source or chosen.status_folder or chosen.metrics_file):
        return None
    from kiosk.cli_fleet import tracker_for
    from kiosk.fleet.fetch import Config
    from kiosk.qt.updates import UpdateOptions

    config = Config(chosen.update_source, list(chosen.trusted_keys), library or effective.library, chosen.ca_file) \
        if chosen.update_source else None
    every = chosen.update_every * 60
    return UpdateOptions(config, tracker_for(chosen), every=every, status_every=min(60.0, every),
                         deck=chosen.deck, first=min(1.0, every))


def cmd_config(args: argparse.Namespace) -> int:
    """``kiosk config [--check] [--starter]``: the settings in force, where each came from, the folders."""
    from kiosk import settings

    if args.starter:
        print(settings.STARTER, end="")
        return 0
    effective = settings.load()
    for line in settings.describe(effective):
        print(printable(line))
    missing = effective.deck_missing()
    if missing:
        file, _, line = effective.sources["deck"].rpartition(":")
        effective.problems.append(settings.Problem(
            file or str(effective.file), int(line) if line.isdigit() else 1, 1,
            f"deck: {missing}; the kiosk plays the bundled deck instead",
            "give a deck id that kiosk decks lists, or the path of a folder holding deck.yaml"))
    elif falls_back(effective, effective.deck_path()) and (broken := deck_errors(effective.deck_path())):
        file, _, line = effective.sources["deck"].rpartition(":")
        if effective.settings.deck:
            effective.problems.append(settings.Problem(
                file or str(effective.file), int(line) if line.isdigit() else 1, 1,
                f"deck: {printable(broken)} has errors; the kiosk plays the bundled deck instead until they are fixed",
                f"run kiosk validate {printable(str(effective.deck_path()))} to see them"))
        else:  # no deck set: the one played by default is an installed copy (kiosk install, kiosk update)
            effective.problems.append(settings.Problem(
                broken, 1, 1, "the deck the kiosk plays by default (no deck is set in settings.toml) has errors; "
                "the kiosk plays the bundled deck instead until they are fixed",
                f"run kiosk validate {printable(str(effective.deck_path()))} to see them, or remove that folder "
                "to play the bundled deck"))
    if not effective.settings.deck and (followed := effective.followed()).damaged:
        effective.problems.append(settings.Problem(
            str(followed.file), 1, 1, followed.damaged.removeprefix(f"{followed.file} "), followed.fix))
    from kiosk import pin

    state, _ = pin.pin_state()
    if effective.settings.opening_hours is not None:
        print(f"opening now          {opening_now(effective)}")
    print(f"staff PIN            {state}" + (" (kiosk set-pin sets it)" if state == "not set" else ""))
    if effective.settings.opening_hours is not None:
        for line in opening_clock_changes(effective):
            print(line, file=sys.stderr)
    if (damaged := pin_problem()) is not None:
        effective.problems.append(damaged)
    if effective.problems:
        each = "it says" if len(effective.problems) == 1 else "each says"
        print(f"\n{plural(len(effective.problems), 'problem')} (the kiosk plays on; {each} what it "
              "does instead):", file=sys.stderr)
        for problem in effective.problems:
            print(problem, file=sys.stderr)
    elif os.path.lexists(effective.file):
        print(f"\n{effective.file}: no problems")
    return 1 if args.check and effective.problems else 0


def falls_back(effective: settings.Effective, folder: Path) -> bool:
    """True when ``kiosk run`` plays the bundled deck instead of the deck in ``folder`` if that one
    has errors: it was chosen in ``settings.toml``, or it is played by default but is not the
    bundled deck itself (an installed copy of its id, or the deck installed from ``update_source``).
    ``kiosk run`` and ``kiosk config --check`` judge by this one rule."""
    from kiosk import paths

    return bool(effective.settings.deck) or os.path.realpath(folder) != os.path.realpath(paths.default_deck())


def deck_errors(folder: Path) -> str | None:
    """The deck file in ``folder`` when it has errors ``kiosk run`` would refuse, else ``None``.

    The deck is checked as ``kiosk run`` checks it at start, in a child process with its own
    limits (:func:`kiosk.qt.checker.check_and_load`); the slow text-fit check is not run."""
    from kiosk.qt.checker import check_and_load

    result = check_and_load(folder)
    return None if result.ok else str(result.file)


def opening_now(effective: settings.Effective) -> str:
    """"open until Mon 30 Nov 17:00" or "closed until …", in the time zone the kiosk uses."""
    import datetime as dt

    from kiosk.player.hours import OpeningHours

    zone = effective.timezone()
    hours = OpeningHours.parse(effective.settings.opening_hours or {}, zone)
    now = dt.datetime.now(dt.UTC)
    change = hours.next_change(now)
    state = "open" if hours.is_open(now) else "closed"
    return f"{state} until {change:%a %d %b %H:%M} ({zone})" if change else f"{state} all week ({zone})"


def opening_clock_changes(effective: settings.Effective) -> list[str]:
    """Warnings, as ``file:line:1: warning: …``, for opening hours that open on no day (the kiosk
    black every day), and for those with an edge at a time that happens twice or never in the
    coming year (see :meth:`kiosk.player.hours.OpeningHours.clock_changes`)."""
    import datetime as dt

    from kiosk import settings
    from kiosk.player.hours import OpeningHours
    from kiosk.userfile import read_bounded

    hours = OpeningHours.parse(effective.settings.opening_hours or {}, effective.timezone())
    try:  # never a pipe or device waited on (kiosk.userfile.read_bounded)
        lines = read_bounded(effective.file, settings.MAX_SETTINGS_BYTES).decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    out = []
    if not any(effective.settings.opening_hours.values()):  # `[opening_hours]` with no window on any day
        line = settings.line_of(lines, "opening_hours")
        out.append(f"{effective.file}:{line}:1: warning: opening_hours: no day has a window, so the kiosk is closed "
                   "(its screen black) every day — give each open day its hours, e.g. mon = [\"09:00-17:00\"], "
                   "or remove [opening_hours] to be always open")
    for day, window, change in hours.clock_changes(dt.datetime.now(hours.tz).date()):
        message, hint = change.explain()
        line = settings.line_of(lines, day, "opening_hours")
        out.append(f"{effective.file}:{line}:1: warning: opening_hours: {day} \"{window}\": {message} — {hint}")
    return out
