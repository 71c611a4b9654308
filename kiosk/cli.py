"""The ``kiosk`` command: ``run``, ``validate`` and ``render``.

Expected failures (a bad deck, no display) print a clear message and exit non-zero; an
unexpected one prints a short message and where the full traceback was written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from kiosk import __version__, health, paths
from kiosk.cli_settings import add_setting_flags, apply_settings, cmd_config, effective_settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_CRASH = 0, 1, 2, 3


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if not (200 <= width <= 8192 and 200 <= height <= 8192):
        raise argparse.ArgumentTypeError(f"'{text}': width and height must be 200 to 8192 pixels")
    return width, height


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Awareness kiosk: play, check and render slide decks.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="play a deck (full-screen by default)",
                         description="Play a deck in the attract loop. Full-screen unless told otherwise.")
    run.add_argument("deck", nargs="?", type=Path, help="deck folder (default: the bundled Freedom Week deck)")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--windowed", action="store_true", help="a preview window instead of full-screen")
    mode.add_argument("--headless", action="store_true", help="play offscreen, with no display")
    run.add_argument("--size", type=_size, metavar="WxH", help="window size in pixels, e.g. 1080x1920")
    run.add_argument("--frames", type=Path, metavar="DIR", help="write a PNG of every slide and page shown")
    run.add_argument("--cycles", type=_count, metavar="N", help="stop after N loops of the deck")
    run.add_argument("--time-scale", type=_positive, default=1.0, metavar="X", help="play X times faster")
    run.add_argument("--log-json", type=Path, metavar="FILE", help="write events as JSON lines to FILE")
    add_setting_flags(run)

    validate = sub.add_parser("validate", help="check decks; exit 0 when all are valid",
                              description="Check one or more decks and list every problem as file:line:col.")
    validate.add_argument("decks", nargs="+", type=Path, metavar="DECK", help="deck folders or deck.yaml files")

    config = sub.add_parser("config", help="show the settings in force and where each came from",
                            description="Print each setting, its value and where it came from (default, the "
                                        "settings file with its line, or a command-line flag), and the folders "
                                        "the kiosk uses.")
    config.add_argument("--check", action="store_true", help="exit 1 when the settings file has problems")
    config.add_argument("--starter", action="store_true",
                        help="print a commented starter settings.toml (to redirect into the file)")

    render = sub.add_parser("render", help="write a PNG of every slide and page, and a contact sheet")
    render.add_argument("deck", type=Path, help="deck folder")
    render.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the pictures")
    render.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH", help="default 1920x1080")
    render.add_argument("--lang", metavar="CODE", help="language to render in (default: the deck's first)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``kiosk`` command. Returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return {"run": cmd_run, "validate": cmd_validate, "render": cmd_render,
                "config": cmd_config}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the last line of defence: never a bare traceback
        report = Path(tempfile.gettempdir()) / "kiosk-crash.txt"
        report.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"kiosk: unexpected error; the details were written to {report}", file=sys.stderr)
        return EXIT_CRASH


def _load(deck_path: Path | None):
    from kiosk.deck import load_deck

    result = load_deck(deck_path or paths.default_deck())
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return result


def cmd_validate(args: argparse.Namespace) -> int:
    """``kiosk validate DECK...``: exit 0 when every deck is valid, 1 otherwise."""
    from kiosk.deck import load_deck

    worst = EXIT_OK
    for deck_path in args.decks:
        result = load_deck(deck_path)
        for problem in result.problems:
            print(problem)
        counts = {sev: sum(p.severity == sev for p in result.problems) for sev in ("error", "warning", "note")}
        if result.ok:
            summary = f"{result.file}: valid, {len(result.deck.slides)} slides"
        else:
            summary = f"{result.file}: invalid"
            worst = EXIT_INVALID
        extras = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n)
        print(summary + (f" ({extras})" if extras else ""))
    return worst


def cmd_run(args: argparse.Namespace) -> int:
    """``kiosk run [DECK]``: play a deck, with the settings file's values under the command line's."""
    from kiosk.qt.app import PlayOptions, has_display

    effective = effective_settings(args)
    result = _load(args.deck or effective.deck_path())
    if not result.ok and args.deck is None and effective.settings.deck:
        health.report(f"the deck {effective.deck_path()} in settings.toml has errors (kiosk validate shows them); "
                      "playing the bundled deck instead — fix the deck or choose another in settings.toml")
        result = _load(None)
    if not result.ok:
        print(f"kiosk: {result.file} has errors; fix them and try again (kiosk validate shows them all)",
              file=sys.stderr)
        return EXIT_INVALID
    if not args.headless and not has_display():
        print("kiosk: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
              "  To play without a screen:  kiosk run --headless --frames frames/ --cycles 1\n"
              "  On a kiosk, start it from the desktop session (see 'Install on a kiosk' in the README).",
              file=sys.stderr)
        return EXIT_USAGE
    from kiosk.qt.app import play

    mode = "headless" if args.headless else "windowed" if args.windowed else "fullscreen"
    options = PlayOptions(mode=mode, size=args.size, frames=args.frames, cycles=args.cycles,
                          time_scale=args.time_scale, log=args.log_json)
    apply_settings(options, effective, result.deck, args.log_folder is not None, args.always_open)
    return play(result.deck, result.folder, options)


def cmd_render(args: argparse.Namespace) -> int:
    """``kiosk render DECK --out DIR``: a PNG of every slide and page, and a contact sheet."""
    result = _load(args.deck)
    if not result.ok:
        print(f"kiosk: {result.file} has errors; nothing was rendered", file=sys.stderr)
        return EXIT_INVALID
    if args.lang and args.lang not in result.deck.deck.languages:
        print(f"kiosk: the deck has no language '{args.lang}' (it has: {', '.join(result.deck.deck.languages)})",
              file=sys.stderr)
        return EXIT_USAGE
    from kiosk.qt.app import render

    def progress(done: int, total: int) -> None:
        bar = "#" * (done * 30 // total)
        print(f"\rrendering [{bar:<30}] {done}/{total}", end="", file=sys.stderr, flush=True)

    files, overflows = render(result.deck, result.folder, args.out, args.size, args.lang, progress)
    print(file=sys.stderr)
    print(f"kiosk: {len(files) - 1} frames and a contact sheet written to {args.out.resolve()}")
    width, height = args.size
    for view_id in overflows:
        print(f"{result.file}: warning: the text on '{view_id}' does not fit at {width}x{height}, even at the "
              "smallest readable size — shorten it or split it over two slides", file=sys.stderr)
    return EXIT_INVALID if overflows else EXIT_OK
