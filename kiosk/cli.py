"""The ``kiosk`` command: ``run``, ``validate``, ``render``, ``set-pin``, the deck library
(``decks``, ``pack``, ``install``), fleet updates (``key``, ``publish``, ``update``, ``fleet``) and the
visitor counts (``stats``).

Expected failures (a bad deck, no display) print a clear message and exit non-zero; an
unexpected one prints a short message and where the full traceback was written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from pathlib import Path

from kiosk import __version__, health, outputs, paths, stopsignals
from kiosk.cli_fleet import COMMANDS as FLEET_COMMANDS
from kiosk.cli_fleet import add_fleet_commands
from kiosk.cli_settings import (
    FlagRefused,
    add_setting_flags,
    apply_settings,
    cmd_config,
    effective_settings,
    falls_back,
)
from kiosk.cli_stats import add_stats_parser, cmd_stats
from kiosk.command import (
    EXIT_CRASH as EXIT_CRASH,  # the exit codes, for callers of main()
)
from kiosk.command import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    check_stop,
    finish,
    flushed,
    standard_streams,
    stopped,
)
from kiosk.deck.chars import printable, shortened
from kiosk.outputs import path_arg, survive_closed_output
from kiosk.userfile import expand_user, is_zip
from kiosk.words import plural

#: Seconds ``kiosk run`` waits, as it starts, for a deck folder that changed while it was checked
#: (a copy under way) to be still and checked again; then it says what it found.
START_SETTLE_S = 10.0
#: Seconds a deck folder must hold the same files to be taken as still, as ``kiosk run`` starts.
START_STILL_S = 1.0
#: The options (their ``argparse`` names) that name a file a command writes: when one of them is
#: standard output itself, the command's own lines go to standard error (see :func:`_main`).
OUTPUT_OPTIONS = ("out", "log_json", "csv", "chart", "html")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but misuse (an unknown flag, a value missing or wrong) is one line on
    stderr naming the command and how to see its options, and exit :data:`EXIT_USAGE`."""

    def error(self, message: str):  # type: ignore[override]
        # `kiosk stats stats.db`: a counts file given where `merge` may stand is named as one.
        given = re.match(r"argument merge: invalid choice: '(.*)' \(choose from", message)
        if given and self.prog.endswith(" stats") and (os.path.exists(given.group(1)) or
                                                       any(c in given.group(1) for c in "./\\")):
            message = (f"'{given.group(1)}' is not something kiosk stats does (only merge); to read a counts file, "
                       f"name it with --stats-file: kiosk stats --stats-file {given.group(1)}")
        print(f"{self.prog}: {printable(message)} — '{self.prog} --help' lists what it takes", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{printable(text)}' is not a size like 1920x1080") from None
    if not (200 <= width <= 8192 and 200 <= height <= 8192):
        raise argparse.ArgumentTypeError(f"'{printable(text)}': width and height must be 200 to 8192 pixels")
    return width, height


#: Fastest and slowest ``--time-scale``: from a hundredth of real speed (a slide of 3 s lasts
#: 5 minutes) to a thousand times faster (a day-long slide in under 90 s). Outside it, waits
#: no longer mean anything (and a clock multiplied by 1e300 overflows).
TIME_SCALE_RANGE = (0.01, 1000.0)
#: Most ``--cycles``: more loops than a kiosk plays in years (one a minute for two years).
MAX_CYCLES = 1_000_000


def _time_scale(text: str) -> float:
    low, high = TIME_SCALE_RANGE
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not low <= value <= high:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"'{text}': give a number from {low:g} to {high:g} (times faster)")
    return value


def _count(text: str) -> int:
    # (A digit string is read only when short: int() of thousands of digits raises.)
    if not (text.isascii() and text.isdigit() and len(text) <= 12 and 1 <= int(text) <= MAX_CYCLES):
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a whole number from 1 to {MAX_CYCLES:,}")
    return int(text)


def _index(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a screen number (0, 1, 2 …)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = _Parser(prog="kiosk", description="Awareness kiosk: play, check and render slide decks.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="play a deck (full-screen by default)",
                         description="Play a deck in the attract loop. Full-screen unless told otherwise.")
    run.add_argument("deck", nargs="?", type=path_arg,
                     help="deck folder, or the id of a deck in the library (default: the bundled Freedom Week deck)")
    run.add_argument("--library", type=path_arg, metavar="DIR",
                     help="the deck library a deck id is looked up in (default: library in settings.toml)")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--windowed", action="store_true", help="a preview window instead of full-screen")
    mode.add_argument("--headless", action="store_true", help="play offscreen, with no display")
    run.add_argument("--size", type=_size, metavar="WxH", help="window size in pixels, e.g. 1080x1920")
    run.add_argument("--frames", type=path_arg, metavar="DIR", help="write a PNG of every slide and page the loop shows (never what a visitor opens)")
    run.add_argument("--cycles", type=_count, metavar="N", help="stop after N loops of the deck")
    run.add_argument("--time-scale", type=_time_scale, default=1.0, metavar="X",
                     help="play X times faster (0.01 to 1000)")
    run.add_argument("--reduced-motion", action="store_const", const=True, default=None,
                     help="cut between slides instead of cross-fading")
    run.add_argument("--log-json", type=path_arg, metavar="FILE", help="write events as JSON lines to FILE")
    run.add_argument("--at", metavar="DATETIME",
                     help='play as if it were this moment, e.g. "2026-10-19 09:30" (deck\'s time zone); the clock runs on')
    run.add_argument("--screen", type=_index, metavar="N",
                     help="full-screen on screen N (0 is the first; default: the main screen)")
    run.add_argument("--rotation", type=int, choices=(0, 90, 180, 270), metavar="DEG",
                     help="turn the picture 0, 90, 180 or 270 degrees clockwise (a screen on its side)")
    add_setting_flags(run)

    validate = sub.add_parser("validate", help="check decks; exit 0 when all are valid",
                              description="Check one or more decks and list every problem as file:line:col.")
    validate.add_argument("decks", nargs="+", type=path_arg, metavar="DECK", help="deck folders, deck.yaml files or deck bundles (.zip, checked as kiosk install "
                               "would unpack them)")
    validate.add_argument("--no-fit", action="store_true",
                          help="skip the text-fit check (laying every slide out at 1920x1080, 1080x1920 and 1280x800)")
    validate.add_argument("--no-cache", action="store_true",
                          help="check afresh, even a deck unchanged since its last check (see the check cache in README)")

    config = sub.add_parser("config", help="show the settings in force and where each came from",
                            description="Print each setting, its value and where it came from (default, the "
                                        "settings file with its line, or a command-line flag), and the folders "
                                        "the kiosk uses.")
    config.add_argument("--check", action="store_true", help="exit 1 when the settings file has problems")
    config.add_argument("--starter", action="store_true",
                        help="print a commented starter settings.toml (to redirect into the file)")

    render = sub.add_parser("render", help="write a PNG of every slide and page, and a contact sheet; or a poster",
                            description="Write a PNG of every slide and page and a contact sheet into a folder, "
                                        "or, with --poster, a print-ready PDF of the key slides, a page per language.")
    render.add_argument("deck", type=path_arg, help="deck folder, or a .zip bundle (the deck inside it)")
    render.add_argument("--out", type=path_arg, required=True, metavar="DIR",
                        help="folder for the pictures (with --poster: the .pdf file to write)")
    render.add_argument("--poster", action="store_true",
                        help="write a poster PDF of the signs, what to do, the helpline and the vision")
    render.add_argument("--paper", choices=("A4", "A3"), metavar="A4|A3", help="the poster's paper (default A4)")
    render.add_argument("--size", type=_size, metavar="WxH", help="default 1920x1080")
    render.add_argument("--lang", metavar="CODE", help="language to render in (default: the deck's first)")
    render.add_argument("--at", metavar="DATETIME",
                        help='render only the slides and events due at this moment, e.g. "2026-10-19 09:30", with '
                             'Today/Tomorrow badges as of that day and, in an archive, each event ended by then marked as '
                             'past, without its sign-up code (default: every slide and event, no badges)')

    decks = sub.add_parser("decks", help="list the decks in the library",
                           description="List each deck in the library: id, title, slides, valid or not.")
    decks.add_argument("--library", type=path_arg, metavar="DIR",
                       help="the deck library folder (default: library in settings.toml, else ~/.local/share/kiosk/decks)")
    pack = sub.add_parser("pack", help="check a deck and write it as one .zip bundle",
                          description="Check a deck and write its folder's contents as one .zip, to install elsewhere.")
    pack.add_argument("deck", type=path_arg, metavar="DECK", help="deck folder")
    pack.add_argument("--out", type=path_arg, metavar="FILE", help="the .zip to write (default: DECK-ID.zip here)")
    install = sub.add_parser("install", help="install a deck bundle (.zip) into the library",
                             description="Check a deck bundle and install it into the library, replacing an "
                                         "older version of the same deck only once the new one is complete.")
    install.add_argument("bundle", type=path_arg, metavar="FILE.zip", help="a bundle made with kiosk pack")
    install.add_argument("--library", type=path_arg, metavar="DIR",
                         help="the deck library folder (default: library in settings.toml, else ~/.local/share/kiosk/decks)")

    schema = sub.add_parser("schema", help="print the JSON Schema of deck.yaml, for editors",
                            description="Print the JSON Schema of deck.yaml (what editors use to check a deck as it is typed).")
    schema.add_argument("--out", type=path_arg, metavar="FILE", help="write it to FILE instead of printing it")

    set_pin = sub.add_parser("set-pin", help="set the staff PIN (asked twice, never shown)",
                             description="Set the PIN that opens the staff menu: 4 to 12 digits, not one anyone "
                                         "would try first (a run, a repeat, a mirror image, a date or a common PIN). Only a "
                                         "salted scrypt hash is stored, in the kiosk's configuration folder.")
    set_pin.add_argument("--stdin", action="store_true", help="read the PIN from the first line of standard input")
    add_fleet_commands(sub)
    add_stats_parser(sub)
    parser.set_defaults(commands=sub.choices)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``kiosk`` command (``argv``: its arguments; ``None``: this process's, and then
    the process is the command's: its signal handlers and standard streams are set first).
    Returns the exit code."""
    if argv is None:
        # Before anything else, so that no signal finds its default action (kiosk.stopsignals);
        # kiosk run holds a stop signal for its player, which acts on it as soon as it runs.
        stopsignals.early(holding=sys.argv[1:2] == ["run"])
        standard_streams()
    try:
        return _main(argv)
    except stopsignals.Stopped as stop:  # not in a command (those say what they had done): parsing, flushing
        return stopped(stop)


def _main(argv: list[str] | None) -> int:
    """:func:`main`, once the signal handlers and streams are set."""
    survive_closed_output()  # `kiosk run | head -1`: the kiosk plays on once head has gone
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # named by the command they were given to, not by the top-level parser
            (args.commands.get(args.command) or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as stop:  # --help and --version: 0; misuse: EXIT_USAGE (_Parser.error)
        return flushed(stop.code if isinstance(stop.code, int) else EXIT_USAGE)
    if args.command is None:
        parser.print_help()
        return flushed(EXIT_USAGE)
    if args.command == "run":
        outputs.keep_playing_on_write_faults()
    if args.command == "publish":
        args.validate_warnings = validate_warnings  # printed beside its success, as by pack and install
    # A file written to standard output (`pack --out /dev/stdout`, `run --log-json /dev/stdout`)
    # gets it to itself: the command's own lines go to standard error.
    onto_stdout = any(outputs.names_standard_output(getattr(args, name, None)) for name in OUTPUT_OPTIONS)
    command = {"run": cmd_run, "validate": cmd_validate, "render": cmd_render, "schema": cmd_schema,
               "decks": cmd_decks, "pack": cmd_pack, "install": cmd_install, "set-pin": cmd_set_pin,
               "config": cmd_config, "stats": cmd_stats, **FLEET_COMMANDS}[args.command]
    return finish(lambda: _refusing_flags(command, args), onto_stdout)


def _refusing_flags(command, args: argparse.Namespace) -> int:
    """``command(args)``, with a setting flag's value the settings do not allow said as misuse, as
    argparse says it (:data:`EXIT_USAGE`)."""
    try:
        return command(args)
    except FlagRefused as refused:
        with contextlib.suppress(SystemExit):
            args.commands[args.command].error(f"argument {refused}")
        return EXIT_USAGE


def _load(deck_path: Path | None):
    from kiosk.deck import load_deck

    result = load_deck(deck_path or paths.default_deck())
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return result


def _load_to_play(deck_path: Path | None, skip: tuple = ()):
    """The deck ``kiosk run`` plays, checked in a child process and only then read by the kiosk
    (:func:`kiosk.qt.checker.check_and_load`); its problems go to stderr. A deck that changed
    while it was checked (a copy under way) is checked again once its folder is still, for up to
    :data:`START_SETTLE_S` seconds. Returns the result and the folder's
    :func:`kiosk.snapshots.snapshot` as checked (:data:`kiosk.snapshots.UNCHECKED` when it
    changed meanwhile), from which the running kiosk's deck watcher starts; ``skip``: the
    kiosk's own outputs, never part of the deck (``--frames``, ``--log-json``)."""
    from kiosk import handover
    from kiosk.qt.checker import CHANGED_WHILE_CHECKED, check_and_load
    from kiosk.snapshots import checked_version

    folder = Path(deck_path or paths.default_deck())
    outputs_there = frozenset(os.path.abspath(path) for path in skip if path is not None)
    adopt = not handover.waiting()  # the start-up of a kiosk run hands the codes and pictures over instead
    waited = 0.0
    while True:
        result, version = checked_version(folder, lambda there: check_and_load(there, adopt=adopt), outputs_there)
        changed = [p for p in result.problems if p.message == CHANGED_WHILE_CHECKED]
        if not changed or waited >= START_SETTLE_S or stopsignals.stopping():
            break
        waited += _still(folder, START_SETTLE_S - waited)
    notes = [p for p in result.problems if p.severity == "note"]
    for problem in result.problems:
        if problem.severity != "note":
            print(problem, file=sys.stderr)
    if notes:  # review notes are for the coordinator, not for every start at a venue
        print(f"kiosk: {printable(str(result.file))}: {plural(len(notes), 'note')} "
              "(kiosk validate lists them)", file=sys.stderr)
    return result, version


def _still(folder: Path, limit: float) -> float:
    """Wait until ``folder`` holds the same files (:func:`kiosk.snapshots.snapshot`) for one
    :data:`START_STILL_S`, at most ``limit`` seconds, or until a stop signal comes; returns the
    seconds waited."""
    import time

    from kiosk.snapshots import snapshot

    started, last = time.monotonic(), snapshot(folder)
    while (waited := time.monotonic() - started) < limit and not stopsignals.stopping():
        time.sleep(START_STILL_S)
        now = snapshot(folder)
        if now == last:
            break
        last = now
    return max(waited, START_STILL_S)


def cmd_validate(args: argparse.Namespace) -> int:
    """``kiosk validate DECK...``: exit 0 when every deck is valid, 1 otherwise.

    A deck checked before with nothing changed (:func:`kiosk.checkcache.digest`) is answered from
    the check cache, with the same text; ``--no-cache`` checks it afresh."""
    from kiosk.deck.later import later_words

    worst = EXIT_OK
    for number, deck_path in enumerate(args.decks):
        if number:  # a stop signal stops it between two decks (or between two views, kiosk.qt.fit)
            check_stop(f"{number} of {plural(len(args.decks), 'deck')} checked")
        deck_path = _deck_by_id(deck_path) or deck_path
        if _named_like_bundle(deck_path):  # not to be read as YAML
            problems, facts = _not_a_bundle(deck_path)
        elif is_zip(deck_path):  # a bundle: the deck inside it, as kiosk install would take it
            problems, facts = _validated_bundle(deck_path, fit=not args.no_fit)
        else:
            problems, facts = _validated(deck_path, fit=not args.no_fit, cached=not args.no_cache)
        for problem in problems:
            print(problem)
        counts = {sev: sum(p.severity == sev for p in problems) for sev in ("error", "warning", "note")}
        if facts["ok"]:
            summary = f"{printable(facts['file'])}: valid, {plural(facts['slides'], 'slide')}"
        else:
            summary = f"{printable(facts['file'])}: invalid"
            worst = EXIT_INVALID
        extras = ", ".join(plural(n, sev) for sev, n in counts.items() if n)
        print(summary + (f" ({extras})" if extras else "") + later_words(facts.get("later") or []))
    return worst


def _deck_by_id(given: Path) -> Path | None:
    """The folder of the deck ``given`` names when it is no path but a deck id, as ``kiosk run``
    takes one (:func:`kiosk.library.resolve_deck`: the library's deck of that id, in the library
    the settings name, else the bundled one); ``None`` when it is a path, or no deck has that id
    (the loader then says the folder is missing)."""
    from kiosk.library import DeckSource, resolve_deck
    from kiosk.userfile import look

    text = str(given)
    if look(given).found or "/" in text or "\\" in text or not text:
        return None
    from kiosk import settings

    chosen = resolve_deck(text, settings.load().library_for(None))
    if chosen.problem or chosen.source not in (DeckSource.LIBRARY, DeckSource.BUNDLED):
        return None
    return chosen.folder


def validate_warnings(deck_path: Path | str) -> list:
    """The warnings and notes ``kiosk validate`` prints for the deck at ``deck_path`` (the text fit
    and the player's picture reader included; from the check cache when it was checked before),
    in file order: what ``kiosk pack``, ``kiosk install`` and ``kiosk publish`` print beside their
    success. ``[]`` for a deck with errors (those commands refuse it, and say why). Without Qt,
    the deck's own checks' (:func:`kiosk.library.deck_warnings`), with no note of what was not checked."""
    try:
        from kiosk.qt import pictures  # noqa: F401 - the picture reader, and Qt, which the text fit needs too
    except ImportError:
        from kiosk.library import deck_warnings

        return deck_warnings(Path(deck_path))
    problems, facts = _validated(Path(deck_path), fit=True, cached=True)
    if not facts.get("ok"):
        return []
    return sorted((p for p in problems if not p.is_error), key=lambda p: (p.line, p.col))


def _validated(deck_path: Path, *, fit: bool, cached: bool) -> tuple[list, dict]:
    """The problems of the deck at ``deck_path`` and the facts its summary line needs (``ok``,
    ``slides``, ``file``): from the check cache when the deck, the kiosk and the options are
    unchanged since the last check, else checked and stored (only when nothing changed during the
    check; until the date the checks judge by changes, :func:`kiosk.deck.checks.today_ends`)."""
    from kiosk import checkcache

    file = paths.deck_file(deck_path)
    key = None
    from kiosk.userfile import look

    if cached and look(file).kind == "file":
        options = {"check": "validate", "fit": fit, "file": str(file), "shown": paths.shown(file)}
        key = checkcache.digest(file.parent, options)
        verdict = checkcache.lookup_verdict(key, "validate")  # a damaged entry is said (checkcache.find)
        if verdict is not None and {"ok", "slides", "file"} <= set(verdict.facts):
            return verdict.problems, verdict.facts
        if verdict is not None:
            checkcache.report_damage(key, "validate", "its facts are not as stored")
    early = _early_fit_helpers(file, cached) if fit else None  # they load Qt while the deck is read here
    try:
        from kiosk.deck import load_deck
        from kiosk.deck.checks import today_ends
        from kiosk.deck.later import checked_later

        result = load_deck(deck_path)
        later = [] if result.ok else checked_later(result, fit)  # what the errors keep from being checked
        complete = True  # False when a check could not be done here (no Qt): not an answer to keep
        if result.ok:
            helpers, early = _fit_helpers(result.deck, result.folder, cached, early) if fit else None, None
            if helpers is None:
                pictures, read = _picture_problems(result)
                stopsignals.check()
                fitted, measured = _fit_problems(result, cached) if fit else ([], True)
            else:  # the pictures are read while the helpers check the views
                got: list[tuple[list, bool]] = []
                fitted, measured = _fit_problems(result, cached, helpers, meanwhile=lambda: got.append(
                    _picture_problems(result)))
                pictures, read = got[0] if got else _picture_problems(result)
            complete = read and measured
            result.problems = sorted(result.problems + pictures + fitted, key=lambda p: (p.line, p.col))
    finally:
        if early is not None:  # not used: the deck has errors, is too small to share, or a stop came
            early.close()
    facts = {"ok": result.ok, "slides": len(result.deck.slides) if result.ok else 0, "file": str(result.file),
             "later": later}
    if key is not None and complete and checkcache.digest(file.parent, options) == key:
        checkcache.store(key, "validate", result.problems, facts=facts,
                         expires=today_ends(result.deck if result.ok else None))
    return result.problems, facts


def _named_like_bundle(path: Path) -> bool:
    """:func:`kiosk.library.named_like_bundle`: a file named ``….zip`` that is not a zip file."""
    from kiosk.library import named_like_bundle

    return named_like_bundle(path)


def _fake_bundle_refused(path: Path, nothing: str) -> bool:
    """True, once said on stderr, when ``path`` is named like a deck bundle but is not a zip file
    (:func:`_named_like_bundle`); ``nothing``: what was therefore not done (``"rendered"``)."""
    if not _named_like_bundle(path):
        return False
    from kiosk.library import NOT_A_ZIP, NOT_A_ZIP_FIX

    print(f"kiosk: {printable(str(path))} {NOT_A_ZIP}, so nothing was {nothing} — {NOT_A_ZIP_FIX}", file=sys.stderr)
    return True


def _not_a_bundle(path: Path) -> tuple[list, dict]:
    """The one problem of a file named like a deck bundle that is not one, as :func:`_validated` gives problems."""
    from kiosk.deck.problems import Problem
    from kiosk.library import NOT_A_ZIP, NOT_A_ZIP_FIX

    # Line 0: about the file whole, no place in it (path: error: …).
    return [Problem(str(path), 0, 0, f"the file {NOT_A_ZIP}", NOT_A_ZIP_FIX)], \
        {"ok": False, "slides": 0, "file": str(path)}


def _validated_bundle(bundle_file: Path, *, fit: bool) -> tuple[list, dict]:
    """:func:`_validated` for the deck inside the bundle ``bundle_file`` (a .zip), unpacked as
    ``kiosk install`` unpacks it (:func:`kiosk.library.unpacked`), each problem naming its file as
    the bundle stores it. Never from the check cache: the unpacked folder is new each time."""
    from kiosk.deck.problems import Problem
    from kiosk.library import LibraryError, unpacked

    try:
        with unpacked(bundle_file) as (folder, named):
            problems, facts = _validated(folder, fit=fit, cached=False)
            return named(problems), {**facts, "file": str(bundle_file)}
    except LibraryError as exc:
        why = str(exc).removeprefix(f"{bundle_file}: ")  # it says what to do
        # Line 0: about the bundle whole, no place in a file (abs.zip: error: …).
        return [Problem(str(bundle_file), 0, 0, why)], {"ok": False, "slides": 0, "file": str(bundle_file)}


#: Bytes of ``deck.yaml`` from which ``kiosk validate`` starts the fit check's helper processes
#: before the deck is read (:func:`_early_fit_helpers`): a deck this long nearly always has
#: enough views to share (``kiosk.qt.fit.worth_sharing``; the bundled deck's file is 47 KB).
EARLY_HELPERS_FROM_BYTES = 4096


def _early_fit_helpers(file: Path, cached: bool):
    """Helper processes for the text-fit check of the deck in ``file``, started before it is read
    (``kiosk.qt.fit.start_early_helpers``: one loads Qt and the player on another core while
    this process reads the deck, then copies itself) when the file is long
    (:data:`EARLY_HELPERS_FROM_BYTES`) and the check cache holds no view's fit yet (or
    ``cached`` False); ``None`` otherwise, or without Qt. Hand them to :func:`_fit_helpers`."""
    import importlib.util

    try:
        if file.stat().st_size < EARLY_HELPERS_FROM_BYTES or importlib.util.find_spec("PySide6") is None:
            return None
        from kiosk.qt import fit
    except (OSError, ImportError, ValueError):
        return None
    if cached and not fit.nothing_cached():
        return None
    return fit.start_early_helpers()


def _fit_helpers(deck, folder: Path, cached: bool, early=None):
    """Helper processes for the text-fit check of ``deck``: ``early`` ones
    (:func:`_early_fit_helpers`), told the deck, or new ones (``kiosk.qt.fit.start_helpers``),
    when it will lay out many views: enough of them to share (``kiosk.qt.fit.worth_sharing``)
    and none in the check cache yet (or ``cached`` False). ``None`` otherwise (``early`` ended),
    or without Qt. They make their player for ``deck`` (in ``folder``) while this process lists
    the views."""
    try:
        from kiosk.qt import fit
        if early is None:
            from kiosk.qt.offscreen import body_font  # noqa: F401 - Qt is there
    except ImportError:
        return None
    if not fit.worth_sharing(deck) or (cached and not fit.nothing_cached()):
        if early is not None:
            early.close()
        return None
    if early is not None:
        early.tell(deck, folder)
        return early
    return fit.start_helpers(ahead=(deck, folder))


#: Seconds the text-fit check of ``kiosk validate`` runs before it shows a progress bar on a terminal
#: (and only when it looks like lasting as long again: :class:`kiosk.progress.Progress`).
VALIDATE_BAR_AFTER = 2.0


def _validate_bar(views: int):
    """A progress bar on stderr for the text-fit check of ``views`` views, drawn only when it
    takes long (:data:`VALIDATE_BAR_AFTER`) and only when stdout and stderr are both terminals
    (:func:`terminal_bar`). ``None`` otherwise."""
    return terminal_bar(views, only_if_long=VALIDATE_BAR_AFTER)


def terminal_bar(steps: int, *, only_if_long: float = 0.0):
    """A progress bar on stderr for a long command (``kiosk validate``'s text-fit check,
    ``kiosk render``), or ``None`` when stdout or stderr is not a terminal: output saved to a
    file or read through a pipe holds exactly the command's results and problems, never a
    progress line. The bar is redrawn in place and rubbed out (``finish(clear=True)``) before
    they are printed.

    Args:
        steps: the steps of the work in all.
        only_if_long: seconds: draw nothing until then, and only if the work looks like
            lasting as long again (:class:`kiosk.progress.Progress`).

    Returns:
        a :class:`kiosk.progress.Progress`, or ``None``.
    """
    from kiosk.progress import Progress

    try:
        terminal = sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a stream replaced or closed
        terminal = False
    return Progress(steps, sys.stderr, tty=True, only_if_long=only_if_long) if terminal else None


def _fit_problems(result, cached: bool = False, helpers=None, meanwhile=None) -> tuple[list, bool]:
    """Warnings for text that does not fit at 1920x1080, 1080x1920 or 1280x800 (``kiosk.qt.fit``;
    ``cached``: views unchanged since their last check are not laid out again; ``helpers``:
    processes started for it, ended here; ``meanwhile``: called while they check the views), and
    True; or a note saying why the text fit was not checked, and False."""
    from kiosk.deck.problems import Problem
    try:
        from kiosk.player.navigator import all_positions
        from kiosk.qt.fit import find_misfits, misfit_problems
        bar = _validate_bar(len(all_positions(result.deck)) * len(result.deck.deck.languages))
        try:
            misfits = find_misfits(result.deck, result.folder, cached=cached, helpers=helpers,
                                   progress=bar and bar.stage("checking fit", 0), meanwhile=meanwhile)
        finally:
            if bar is not None:
                bar.finish(clear=True)
        return misfit_problems(misfits, result.deck, result.source), True
    except (ImportError, RuntimeError) as exc:
        return [Problem(str(result.file), 1, 1, f"text fit not checked: {exc}",
                        "run 'kiosk render' to look at the slides", severity="note")], False


def _picture_problems(result) -> tuple[list, bool]:
    """Errors for pictures the player's own reader cannot read (``kiosk.qt.pictures``), and True;
    or a note saying why they were not read so, and False."""
    from kiosk.deck.pictures import image_slides
    from kiosk.deck.problems import Problem

    if next(image_slides(result.deck), None) is None:  # no picture to read: Qt is not needed for it
        return [], True
    try:
        from kiosk.qt.pictures import qt_picture_problems
        from kiosk.qt.startup import _application

        _application(True)  # the player's own: this process may lay views out later (the fit check)

        def too_slow(problem) -> None:  # the read cannot be stopped: say so and end here
            print(f"{problem}\n{printable(str(result.file))}: invalid (1 error)", flush=True)
            os._exit(EXIT_INVALID)

        return qt_picture_problems(result.deck, result.source, result.folder, on_slow=too_slow), True
    except ImportError as exc:
        return [Problem(str(result.file), 1, 1, f"pictures not read with the player's reader: {exc}",
                        "run 'kiosk render' to look at the slides", severity="note")], False


def _has_display() -> bool:
    """Whether a screen is there to play on (Qt is loaded only when it is asked, after the deck is read)."""
    from kiosk.qt.displays import has_display  # plain Python: the start-up of kiosk run never loads Qt
    return has_display()


def cmd_run(args: argparse.Namespace) -> int:
    """``kiosk run [DECK]``: play a deck, with the settings file's values under the command line's."""
    from kiosk import handover
    from kiosk.library import DeckSource, resolve_deck
    from kiosk.userfile import look

    effective = effective_settings(args)
    library = effective.library_for(args.library)
    outputs_skipped = (args.frames, args.log_json)  # never part of the deck, if put in its folder
    fallback: tuple[Path, str] | None = None  # the chosen deck's folder and what the staff were told
    said: list[tuple] = []  # the chosen deck's errors as said here: (line, col, message, hint)
    refused: list[str] = []  # why the chosen deck was refused, for the top of the staff status page
    if args.deck is not None:
        chosen = resolve_deck(args.deck, library)
        # A missing folder's problem is the loader's to say; a file that is not a deck's, or an id, here.
        is_file = look(chosen.folder).kind == "file"
        if chosen.problem and (chosen.source is not DeckSource.PATH or is_file or chosen.unreadable):
            said = chosen.problem if is_file or chosen.unreadable else \
                f"no deck folder '{args.deck}' here, and {chosen.problem} — {chosen.hint}"
            print(printable(f"kiosk: {said}"), file=sys.stderr)
            return EXIT_INVALID
        result, version = _load_to_play(chosen.folder, outputs_skipped)
    elif (chosen := effective.resolve_deck(library)).problem:
        note = (f"settings.toml: deck: {chosen.problem}; playing the bundled deck instead — "
                "kiosk decks lists the decks there are")
        health.report(note)
        refused = [chosen.problem]
        if chosen.source is DeckSource.PATH:  # a folder that may yet appear: followed like one with errors
            fallback = (chosen.folder, note)
        result, version = _load_to_play(None, outputs_skipped)
    else:
        if not effective.settings.deck and (damaged := effective.followed(library).damaged):
            health.report(damaged)  # kiosk.log, the terminal and the staff status page: which deck plays, and why
        result, version = _load_to_play(chosen.folder, outputs_skipped)
        if not result.ok and falls_back(effective, chosen.folder):
            where = " in settings.toml" if effective.settings.deck else ""
            note = (f"the deck {chosen.folder}{where} has errors (kiosk validate shows them); "
                    "playing the bundled deck instead until they are fixed — fix the deck or choose another "
                    "in settings.toml")
            health.report(note)
            fallback = (chosen.folder, note)
            refused = [str(problem) for problem in sorted(result.problems, key=lambda p: (p.line, p.col))
                       if problem.severity == "error"]
            said = [(p.line, p.col, p.message, p.hint) for p in result.problems if p.severity == "error"]
            result, version = _load_to_play(None, outputs_skipped)
    if not result.ok:
        if os.path.lexists(result.file):  # a folder not there, or without deck.yaml, was said above: nothing to fix
            print(f"kiosk: {printable(str(result.file))} has errors; fix them and try again (kiosk validate shows them "
                  "all)", file=sys.stderr)
        return EXIT_INVALID
    unwritable = _output_problems(args, effective.settings)
    if unwritable:
        print(f"kiosk: {unwritable}; nothing was played", file=sys.stderr)
        return EXIT_INVALID
    stats_file = args.stats_file if args.stats_file is not None else effective.stats_file
    if _replaces_deck(args.log_json, result.folder, "--log-json", "played",
                      also=((stats_file, "the visitor counts file"),)):
        return EXIT_INVALID
    at = _at(args.at, result.deck)  # every argument is checked before the display is looked for
    if isinstance(at, int):
        return at
    if not args.headless and not _has_display():
        print("kiosk: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
              "  To play without a screen:  kiosk run --headless --frames frames/ --cycles 1\n"
              "  On a kiosk, start it from the desktop session (see 'Install on a kiosk' in the README).",
              file=sys.stderr)
        return EXIT_USAGE
    from kiosk.player.options import PlayOptions

    mode = "headless" if args.headless else "windowed" if args.windowed else "fullscreen"
    options = PlayOptions(mode=mode, size=args.size, frames=args.frames, cycles=args.cycles,
                          time_scale=args.time_scale, log=args.log_json, at=at)
    apply_settings(options, effective, result.deck, args.log_folder is not None, args.always_open, library)
    if fallback is not None:
        options.chosen, options.chosen_note = fallback
    options.chosen_refused, options.chosen_said = refused, said
    options.content = result.content
    options.checked = (list(result.problems), result.sha256)
    options.version = version
    if (refused := _closed_at_start(options)) is not None:
        return refused
    if handover.waiting():  # the start-up process of a kiosk run: the drawing process plays it
        return handover.hand_over(result, options)
    from kiosk.qt.player import play

    return play(result.deck, result.folder, options)


def _closed_at_start(options) -> int | None:
    """When the opening hours say closed at the start (the real time, or ``--at``), note it for
    the run to say once (:attr:`kiosk.player.options.PlayOptions.closed_note`); a headless run with
    ``--cycles`` or ``--frames`` says it here and ends: the exit code (1), else ``None`` (play on).

    A full-screen kiosk, a preview window and an endless headless run stay black until opening
    time (a kiosk started at night by its service must be there in the morning); a headless run
    that was asked for loops or frames would wait, silent, for hours (README, *Closed at the start*).

    Args:
        options: the run's :class:`kiosk.player.options.PlayOptions`, with the settings applied
            (``hours``, ``hours_where``, ``wake_minutes``); its ``closed_note`` is set here.
    """
    from kiosk.player.hours import closed_at_start, closed_note
    from kiosk.player.schedule import utc_now

    at = options.at is not None
    note = closed_note(options.hours, options.at or utc_now(), options.hours_where, at)
    if note is None:
        return None
    waits = not (options.mode == "headless" and (options.cycles or options.frames is not None))
    options.closed_note = closed_at_start(note, options.mode, waits, options.wake_minutes, at)
    if waits:
        return None
    print(f"kiosk: {printable(options.closed_note)}", file=sys.stderr)
    return EXIT_INVALID


def _replaces_deck(out: Path | None, deck: Path, flag: str, nothing: str, also: tuple = ()) -> bool:
    """True, once said on stderr, when writing ``out`` (the file ``flag`` names) would replace a
    file of the deck at ``deck`` (its folder or its deck.yaml: deck.yaml, a picture…) or one of
    ``also`` (``(file, what)`` pairs: the visitor counts file), by any path
    (:func:`kiosk.outputs.replaced_input`); the files the kiosk itself writes into a deck folder
    (``.zip``, ``.jsonl``…: :data:`kiosk.bundle.KIOSK_OUTPUTS`) may be. ``nothing``: what was
    therefore not done (``"packed"``)."""
    from kiosk.bundle import KIOSK_OUTPUTS

    if out is None:
        return False
    folder = deck if deck.is_dir() else deck.parent
    named = [what for file, what in also if file is not None and outputs.replaced_input(out, [expand_user(file)])]
    if named:
        what, fix = named[0], "give another file"
    elif outputs.replaced_input(out, [deck, folder / "deck.yaml"], [folder], own=KIOSK_OUTPUTS) is not None:
        what, fix = f"a file of the deck in {printable(str(folder))}", "give a file outside the deck folder"
    else:
        return False
    print(f"kiosk: {flag} {printable(str(out))} is {what}: writing there would replace it; {fix}; "
          f"nothing was {nothing}", file=sys.stderr)
    return True


def _output_problems(args: argparse.Namespace, settings=None) -> str | None:
    """Why an output asked for on the ``kiosk run`` command line (``--log-json FILE``, ``--frames
    DIR``) cannot be written, or ``None`` (see :mod:`kiosk.outputs`); also a symbolic link named as
    any other file or folder the kiosk writes (``--log-folder``, ``--stats-file``, and the
    settings' ``log_folder``, ``stats_file``, ``status_folder``, ``metrics_file``), which is never
    written through.

    Otherwise the log folder is not checked here: like a full disk, it never stops a kiosk from
    playing (:mod:`kiosk.logs` says so once and plays on)."""
    from kiosk import outputs

    problem = None
    if args.log_json is not None:
        problem = outputs.file_problem(args.log_json, "the event log", "--log-json")
    if problem is None and args.frames is not None:
        problem = outputs.folder_problem(args.frames, "the frames", "--frames")
    named = [("the log folder", getattr(args, "log_folder", None), "--log-folder"),
             ("the visitor counts file", getattr(args, "stats_file", None), "--stats-file")]
    if settings is not None:
        named += [("the log folder", settings.log_folder, "log_folder in settings.toml"),
                  ("the visitor counts file", settings.stats_file, "stats_file in settings.toml"),
                  ("the status folder", settings.status_folder, "status_folder in settings.toml"),
                  ("the metrics file", settings.metrics_file, "metrics_file in settings.toml")]
    for what, path, flag in named:
        if problem is None and path is not None:
            problem = outputs.link_problem(expand_user(path), what, flag, "folder" if what.endswith("folder") else "file")
    return problem


def cmd_render(args: argparse.Namespace) -> int:
    """``kiosk render DECK --out DIR``: a PNG of every slide and page, and a contact sheet. Stopped
    (Ctrl+C, SIGTERM) before its first frame, it says nothing was rendered."""
    try:
        return _render_deck(args)
    except stopsignals.Stopped as stop:
        if not stop.done:  # stopped while the deck was read or the player made: nothing written
            stop.done = "nothing was rendered"
        raise


def _render_deck(args: argparse.Namespace) -> int:
    """:func:`cmd_render`'s work."""
    if _fake_bundle_refused(args.deck, "rendered"):
        return EXIT_INVALID
    if is_zip(args.deck):  # a bundle: the deck inside it, unpacked as kiosk install unpacks it
        from kiosk.library import LibraryError, unpacked

        try:
            with unpacked(args.deck) as (folder, named):  # problems name the files as the bundle stores them
                return _render_deck(argparse.Namespace(**{**vars(args), "deck": folder, "named": named}))
        except LibraryError as exc:
            print(f"kiosk: {printable(str(exc))}; nothing was rendered", file=sys.stderr)
            return EXIT_INVALID
    result = _load(args.deck)
    if not result.ok:
        print(f"kiosk: {printable(str(result.file))} has errors; nothing was rendered", file=sys.stderr)
        return EXIT_INVALID
    if args.lang is not None and args.lang not in result.deck.deck.languages:
        print(f"kiosk: the deck has no language '{printable(args.lang)}' (it has: {', '.join(result.deck.deck.languages)})",
              file=sys.stderr)
        return EXIT_USAGE
    # Each picture read once, within its time (one too slow to draw ends here); what the reader
    # says of it is said as kiosk validate says it.
    pictures = getattr(args, "named", list)(_picture_problems(result)[0])
    if args.poster or args.paper:
        for problem in pictures:
            print(problem, file=sys.stderr)
        return _poster(args, result)
    args.size = args.size or (1920, 1080)
    at = _at(args.at, result.deck)
    if isinstance(at, int):
        return at
    unwritable = outputs.folder_problem(args.out, "the pictures", "--out")
    if unwritable:
        print(f"kiosk: {unwritable}; nothing was rendered", file=sys.stderr)
        return EXIT_INVALID
    try:
        with outputs.folders_for(args.out):  # a rendering that wrote nothing leaves no folder behind
            return _render(args, result, at, pictures)
    except OSError as error:  # the disk filled, or the folder went, while writing
        print(f"kiosk: {outputs.write_problem(error, where='--out')}; the rendering is incomplete", file=sys.stderr)
        return EXIT_INVALID


def _render(args: argparse.Namespace, result, at, pictures: list) -> int:
    """The work of :func:`cmd_render` once the deck and ``--out`` are known to be good
    (``pictures``: what the player's picture reader says of its pictures, :func:`_picture_problems`).

    Raises:
        OSError: when a picture or the contact sheet cannot be written.
    """
    from kiosk.player.navigator import all_positions, due_positions
    from kiosk.player.views import localise, view
    from kiosk.qt.fit import CODES_CUTS, SIZES, Misfit, find_misfits, misfit_problems
    from kiosk.qt.pictures import undrawn_problems
    from kiosk.qt.render import earlier_pictures, earlier_pictures_line, render, write_contact_png
    from kiosk.qt.sheet import frames_for, page_count, write_contact_pdf

    deck, lang = result.deck, args.lang or result.deck.deck.languages[0]
    positions = due_positions(deck, at) if at else all_positions(deck)
    sizes = tuple(dict.fromkeys((args.size, *SIZES)))  # the size asked for, then the usual screens
    steps = 2 * len(positions) + page_count(len(positions), args.size)

    bar = terminal_bar(steps)  # none into a file or a pipe, as kiosk validate

    def stage(what: str, before: int):
        return bar and bar.stage(what, before)

    files, overflows, undrawn = render(deck, result.folder, args.out, args.size, args.lang, stage("rendering", 0), at=at,
                                       sheet=False)
    # Every size is checked as kiosk validate checks it (words broken mid-word, control labels), the
    # frames just rendered adding what they found too tall at the size asked for.
    try:
        misfits = find_misfits(deck, result.folder, sizes, [lang], stage("checking fit", len(positions)),
                               positions=positions, at=at)
    except stopsignals.Stopped as stop:
        every = "the frame" if len(positions) == 1 else f"all {plural(len(positions), 'frame')}"
        stop.done = (f"{every} written to {printable(os.path.realpath(args.out))}; stopped while checking the "
                     "text fit, so no contact sheet was made")
        raise
    for position in positions:
        shown = view(deck, position, lang, at)
        if shown["id"] + (f"/{shown['page']}" if shown["page"] else "") in overflows \
                and not any(m.position == position and m.size == args.size and m.lang == lang and not m.word
                            and not m.controls for m in misfits):  # said already (an event's field cut, say)
            misfits.append(Misfit(position, args.size, lang))
    tall = [misfit for misfit in misfits if not misfit.word and not misfit.controls  # the sheet's "does not fit"
            and misfit.cut not in CODES_CUTS]
    pdf = args.out / "contact-sheet.pdf"
    heading, frames = localise(deck.deck.title, lang, deck.deck.languages[0]), frames_for(deck, positions, files, tall, lang, at)
    files.append(write_contact_png(args.out, heading, frames, args.size))  # both sheets mark the same slides
    write_contact_pdf(pdf, heading, frames, args.size, sizes, stage("writing PDF", 2 * len(positions)))
    if bar:
        bar.finish(clear=True)
    # What the frames show wrong first (as kiosk validate says it), then what was written.
    named = getattr(args, "named", list)  # a bundle's: each problem naming its file as the bundle stores it
    for problem in named(misfit_problems(misfits, deck, result.source)):  # warnings, as kiosk validate gives them
        print(problem, file=sys.stderr)
    drawn = named(undrawn_problems(undrawn, result.source))
    said = {(p.line, p.col) for p in drawn if p.severity == "error"}  # "picture not drawn" says it there
    drawn += [p for p in pictures if (p.line, p.col) not in said]
    for problem in sorted(drawn, key=lambda p: (p.line, p.col)):
        print(problem, file=sys.stderr)
    print(f"kiosk: {plural(len(positions), 'frame')}, contact-sheet.png, {pdf.name} and measures.txt (each frame's share of the "
          f"screen and text sizes) written to "
          f"{printable(os.path.realpath(args.out))}")
    earlier = earlier_pictures(args.out, files)
    if earlier:  # never removed (they are the user's files), but a sign-off folder must not mix renders
        print(earlier_pictures_line(args.out, earlier), file=sys.stderr)
    if at is None:  # the player judges "today" by the moment shown: here there is none
        past = ", none shown as past: each with its sign-up code" if deck.deck.archive else ""
        print(f"kiosk: every slide and event was rendered, as on no day in particular (no Today or Tomorrow "
              f"badge on events{past}); add --at \"YYYY-MM-DD HH:MM\" to render a moment as the kiosk shows it then")
    else:
        from kiosk.player.views import local_time

        print(f"kiosk: rendered as the kiosk shows it at {local_time(deck, at):%Y-%m-%d %H:%M} "
              f"({deck.deck.timezone}): the slides and "
              "events due then, with Today and Tomorrow badges as of that day"
              + (", and each event ended by then as past, without its sign-up code" if deck.deck.archive else ""))
    # The exit code says what happened: 1 only for an error said above (a picture not drawn),
    # never for a warning (text that does not fit), which kiosk validate passes with exit 0 too.
    return EXIT_INVALID if any(p.severity == "error" for p in drawn) else EXIT_OK


def _poster(args: argparse.Namespace, result) -> int:
    """``kiosk render DECK --poster --out FILE.pdf [--paper A4|A3] [--lang CODE]``: the poster
    (:func:`kiosk.qt.poster.write_poster`), once the deck is known to be good."""
    from kiosk import outputs

    if not args.poster:
        print("kiosk: --paper is for a poster: add --poster", file=sys.stderr)
        return EXIT_USAGE
    if args.at or args.size:
        print("kiosk: --at and --size are for slide pictures, not for --poster", file=sys.stderr)
        return EXIT_USAGE
    if args.out.suffix.lower() != ".pdf":
        print(f"kiosk: with --poster, --out names the PDF to write, like poster.pdf (not {printable(str(args.out))})",
              file=sys.stderr)
        return EXIT_USAGE
    if _replaces_deck(args.out, args.deck, "--out", "written"):
        return EXIT_INVALID
    unwritable = outputs.file_problem(args.out, "the poster", "--out")
    if unwritable:
        print(f"kiosk: {unwritable}; nothing was written", file=sys.stderr)
        return EXIT_INVALID
    from kiosk.deck.model import HelplineSlide
    from kiosk.player.poster import misleading_codes, poster
    from kiosk.qt.offscreen import body_font
    from kiosk.qt.poster import write_poster

    langs = [args.lang] if args.lang else None
    misleading = [problem for lang in (langs or result.deck.deck.languages)
                  for problem in misleading_codes(poster(result.deck, lang))]
    for problem in misleading:
        print(f"kiosk: {problem}", file=sys.stderr)
    if misleading:
        print("kiosk: a poster stays up for weeks, so its QR codes must do what their words say; "
              "no poster was written", file=sys.stderr)
        return EXIT_INVALID
    body_font()  # the headless application and the bundled fonts
    try:
        cut = write_poster(result.deck, args.out, args.paper or "A4", langs)
    except ValueError as error:
        print(f"kiosk: {error}; no poster was written", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"kiosk: {outputs.write_problem(error, f'the poster {printable(str(args.out))}', '--out')}; "
              "no poster was written", file=sys.stderr)
        return EXIT_INVALID
    pages = len(langs or result.deck.deck.languages)
    print(f"kiosk: poster ({args.paper or 'A4'}, {plural(pages, 'page')}) written to "
          f"{printable(os.path.realpath(args.out))}")
    if not any(isinstance(slide, HelplineSlide) for slide in result.deck.slides):
        print("kiosk: warning: the poster gives no number to call, because the deck has no helpline slide — "
              "add one (type: helpline) so readers know whom to call", file=sys.stderr)
    for lang in cut:
        print(f"kiosk: the '{lang}' page does not hold all its text even at the smallest size (it is marked "
              "NOT FOR PRINTING); shorten the signs or the what-to-do bullet points, or leave that language out "
              "with --lang", file=sys.stderr)
    return EXIT_INVALID if cut else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """``kiosk schema [--out FILE]``: the JSON Schema of ``deck.yaml`` (see ``docs/decks.md``)."""
    from kiosk.deck.schema import schema_text

    text = schema_text()
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    from kiosk import outputs

    unwritable = outputs.file_problem(args.out, "the schema", "--out")
    if unwritable:
        print(f"kiosk: {unwritable}; nothing was written", file=sys.stderr)
        return EXIT_INVALID
    try:
        outputs.write_whole(args.out, text.encode("utf-8"))
    except OSError as error:
        print(f"kiosk: {outputs.write_problem(error, f'the schema {printable(str(args.out))}', '--out')}; "
              "nothing was written", file=sys.stderr)
        return EXIT_INVALID
    print(f"kiosk: schema written to {args.out}")
    return EXIT_OK


def _at(text: str | None, deck) -> object:
    """``--at`` as an aware datetime, ``None`` when not given, else the exit code (message printed).

    A moment that is not written like "2026-10-19 09:30" is a usage error (exit 1, as every refusal); one that never
    happens (the clocks go forward over it) is refused with exit 1; one that happens twice (the
    clocks go back) is taken as the first, and a line says so.
    """
    if text is None:
        return None
    from kiosk.player.schedule import NoSuchTime, at_note, parse_at

    try:
        moment = parse_at(text, deck)
    except NoSuchTime as exc:
        print(f"kiosk: --at: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ValueError as exc:
        print(f"kiosk: --at: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    note = at_note(text, deck)
    if note:
        print(f"kiosk: --at: {printable(note)}", file=sys.stderr)
    return moment


def cmd_decks(args: argparse.Namespace) -> int:
    """``kiosk decks [--library DIR]``: list the library's decks, each with its folder; exit 1 when
    any is invalid, or when two folders hold decks of one id (only one of them is ever played:
    :func:`kiosk.library.played_folder`, which is named)."""
    from kiosk.library import available_decks, two_folders, why_played
    from kiosk.userfile import look, wrong_kind

    effective = effective_settings(args, overrides=False)  # any folder is listed, the bundled decks' too
    library = effective.library_for(args.library)
    at = look(library)
    if at.kind == "unreadable":
        print(f"kiosk: {printable(wrong_kind(library))}", file=sys.stderr)
        return EXIT_INVALID
    if at.kind != "folder" and (args.library is not None or at.found):  # the setting's: nothing installed yet
        print(f"kiosk: {printable(wrong_kind(library))}", file=sys.stderr)
        return EXIT_USAGE
    entries = available_decks(library, shadowed=True)  # the library's, then the bundled ones (marked)
    source = effective.sources.get("library", "default")
    came_from = "" if args.library is not None or source == "default" else f" (library, set in {source})"
    print(f"Decks in {printable(str(library))}{printable(came_from)}:")
    if not entries:
        print("  none (install one with: kiosk install FILE.zip)")
    for entry in entries:
        if entry.ok:
            state = "valid" + (f", {plural(len(entry.warnings), 'warning')}" if entry.warnings else "")
        else:
            state = f"INVALID: {plural(len(entry.errors), 'error')}" + (
                f", {plural(len(entry.warnings), 'warning')}" if entry.warnings else "")
            state += f" (kiosk validate {printable(str(entry.path))} lists {'them' if len(entry.errors) > 1 else 'it'})"
        title = printable(shortened(entry.title)) if entry.title else "(no title)" if entry.readable else "(cannot be read)"
        slides = f"{entry.slides:>3} {'slide ' if entry.slides == 1 else 'slides'}" if entry.readable else "  ? slides"
        if entry.shadowed_by is not None:
            state += f", NOT PLAYED: the deck of this id in {printable(entry.shadowed_by.name)}/ is played instead"
        where = "  (bundled)" if entry.bundled else f"  in {printable(entry.path.name)}/"
        print(f"  {printable(shortened(entry.id)):<24} {title:<32} {slides}  {state}{where}")
        if not entry.readable and entry.errors:  # why it cannot be read, as kiosk validate says it
            print(f"      {printable(entry.errors[0].message)}")
    if any(entry.bundled for entry in entries):
        print(f"  (bundled): came with the kiosk, in {paths.decks()}; an installed deck with the same id "
              "is played instead")
    held = {entry.path: entry.id for entry in entries}
    for entry in entries:  # one id, two folders: only one is ever played
        if entry.shadowed_by is not None and held.get(entry.shadowed_by, entry.id) != entry.id:
            print(printable(f"kiosk: the folder {entry.shadowed_by} is named '{entry.id}' but holds the deck "
                            f"'{held[entry.shadowed_by]}': kiosk run {entry.id} plays it, and never the deck "
                            f"'{entry.id}' in {entry.path} — rename the folder {entry.shadowed_by} to "
                            f"{held[entry.shadowed_by]}"), file=sys.stderr)
        elif entry.shadowed_by is not None:
            played = next((other for other in entries if other.path == entry.shadowed_by), None)
            why = why_played(entry.id, played, entry) if played is not None else ""
            print(f"kiosk: {two_folders(entry.id, entry.shadowed_by, entry.path, why=why)}", file=sys.stderr)
    fine = all(entry.ok and entry.shadowed_by is None for entry in entries)
    return EXIT_OK if fine else EXIT_INVALID


def cmd_pack(args: argparse.Namespace) -> int:
    """``kiosk pack DECK [--out FILE]``: check a deck and write it as one .zip."""
    from kiosk import outputs
    from kiosk.library import LibraryError, pack

    if _fake_bundle_refused(args.deck, "packed"):
        return EXIT_INVALID
    if _replaces_deck(args.out, args.deck, "--out", "packed"):
        return EXIT_INVALID
    unwritable = args.out is not None and outputs.file_problem(args.out, "the bundle", "--out")
    if unwritable:
        print(f"kiosk: {unwritable}; nothing was packed", file=sys.stderr)
        return EXIT_INVALID
    try:
        out = pack(args.deck, args.out)
    except LibraryError as exc:
        return _refused(exc, "nothing was packed")
    except OSError as error:  # the folder cannot be written, or the disk filled
        what = f"the bundle {printable(str(error.filename or args.out or 'DECK-ID.zip here'))}"
        print(f"kiosk: {outputs.write_problem(error, what, '--out')}; nothing was packed", file=sys.stderr)
        return EXIT_INVALID
    for problem in validate_warnings(args.deck):
        print(problem)
    print(f"kiosk: packed {printable(str(args.deck))} into {printable(str(out))}")
    return EXIT_OK


def cmd_install(args: argparse.Namespace) -> int:
    """``kiosk install FILE.zip [--library DIR]``: check a bundle and install it into the library;
    a warning names each other folder of the library holding a deck of the same id (never played
    by that id now: :func:`kiosk.library.played_folder`)."""
    from kiosk.library import LibraryError, install_named, played_instead, same_id_elsewhere, two_folders

    if _fake_bundle_refused(args.bundle, "installed"):  # before the library folder is made
        return EXIT_INVALID
    library = effective_settings(args, overrides=False).library_for(args.library)  # judged by install_named
    try:
        entry, in_bundle = install_named(args.bundle, library)
    except LibraryError as exc:
        return _refused(exc)
    except OSError as error:  # the library folder cannot be written, or the disk filled
        where = "--library" if args.library is not None else "library in settings.toml, or --library"
        print(f"kiosk: {outputs.write_problem(error, f'into the library {printable(str(library))}', where)}; "
              "nothing changed", file=sys.stderr)
        return EXIT_INVALID
    for problem in in_bundle(validate_warnings(entry.path)):  # named as in the bundle, as a refusal is
        print(problem)
    slides = plural(entry.slides, "slide")
    print(f"kiosk: installed '{printable(entry.id)}' ({printable(entry.title or '')}, {slides}) "
          f"into {printable(str(entry.path))}{played_instead(entry.id, entry.path)}")
    for other in same_id_elsewhere(entry.id, entry.path, library):
        print(f"kiosk: warning: {two_folders(entry.id, entry.path, other, installed=True)}", file=sys.stderr)
    return EXIT_OK


def _refused(exc, outcome: str = "") -> int:
    """Print a :class:`kiosk.library.LibraryError` (the deck's problems, then why, then
    ``outcome``, e.g. "nothing was packed") and return exit 1."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"kiosk: {printable(str(exc))}{'; ' + outcome if outcome else ''}", file=sys.stderr)
    return EXIT_INVALID


#: How many times ``kiosk set-pin`` asks for a PIN in a terminal before giving up.
PIN_TRIES = 3


def _pin_refusal(entered: str, problem: str) -> str:
    """Why a new PIN is refused (``problem``, from :func:`kiosk.pin.new_pin_problem`), and the
    shape to choose when its shape is what is wrong."""
    from kiosk import pin

    wrong_shape = pin.pin_problem(entered) is not None
    hint = f" — choose {pin.MIN_DIGITS} to {pin.MAX_DIGITS} digits" if wrong_shape else ""
    return f"{problem}; nothing changed{hint}"


def _ask_pin() -> str | None:
    """Ask in the terminal for a new PIN and for it again, up to :data:`PIN_TRIES` times.

    A PIN of the wrong shape, or one anyone would guess, is refused at once (before asking for it
    again); two answers that differ start the try again. Each refusal is printed on stderr.

    Returns:
        The PIN, or ``None`` after the last refused try or when input ends (Ctrl-D).
    """
    import getpass

    from kiosk import pin

    for tries_left in range(PIN_TRIES - 1, -1, -1):
        again_note = f"; try again ({plural(tries_left, 'try', 'tries')} left)" if tries_left else ""
        try:
            entered = getpass.getpass("New staff PIN (4 to 12 digits): ")
            problem = pin.new_pin_problem(entered)
            if problem:
                print(f"kiosk: {_pin_refusal(entered, problem)}{again_note}", file=sys.stderr)
                continue
            if getpass.getpass("The same PIN again: ") == entered:
                return entered
        except EOFError:
            print("kiosk: no PIN was entered; nothing changed", file=sys.stderr)
            return None
        print(f"kiosk: the two PINs differ; nothing changed{again_note}", file=sys.stderr)
    print("kiosk: no PIN was set; run kiosk set-pin again", file=sys.stderr)
    return None


def cmd_set_pin(args: argparse.Namespace) -> int:
    """``kiosk set-pin [--stdin]``: store a salted hash of a new staff PIN (never the PIN).

    In a terminal a refused or mistyped PIN is asked for again, up to :data:`PIN_TRIES` times;
    exit 1 after the last (or at once with ``--stdin``, or without a terminal).
    """
    from kiosk import pin

    if args.stdin:
        entered = sys.stdin.readline().strip()
        problem = pin.new_pin_problem(entered)
        if problem:
            print(f"kiosk: {_pin_refusal(entered, problem)}", file=sys.stderr)
            return EXIT_USAGE
    elif not sys.stdin.isatty():
        print("kiosk: set-pin asks for the PIN in a terminal; to give it from a script, use --stdin",
              file=sys.stderr)
        return EXIT_USAGE
    else:
        entered = _ask_pin()
        if entered is None:
            return EXIT_USAGE
    try:
        path = pin.save_pin(entered)
    except OSError as error:
        what = "the PIN file" + (f" {printable(str(error.filename))}" if error.filename else "")
        print(f"kiosk: {outputs.write_problem(error, what)}; nothing changed", file=sys.stderr)
        return EXIT_INVALID
    print(f"kiosk: staff PIN saved (only its hash, in {path}). Hold a finger on the top-left corner "
          "of the kiosk for 3 seconds to use it.")
    return EXIT_OK
