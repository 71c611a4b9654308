"""The ``kiosk stats`` command: visitor counts as a table, CSV or charts, and ``kiosk stats merge``."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from kiosk import outputs
from kiosk.deck.chars import printable
from kiosk.outputs import path_arg
from kiosk.userfile import real_path
from kiosk.walltime import ascii_digits, not_a_real_date
from kiosk.words import did_you_mean, plural


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(ascii_digits(text))  # ２０２６-１０-０１ too, as a deck's dates
    except ValueError:
        said = not_a_real_date(text) if _DAY.match(text) else f"'{text}' is not a date like 2026-10-19"
        raise argparse.ArgumentTypeError(said) from None


#: A date written as ``--since`` and ``--until`` show it, to tell a day not in the calendar apart.
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_stats_parser(sub) -> None:
    """Add ``stats`` (and its ``merge``) to the ``kiosk`` command's sub-parsers."""
    stats = sub.add_parser(
        "stats", help="visitor counts: a table, CSV or charts",
        description="How many people the kiosk reached, which slides and pages they opened and which "
                    "languages they chose, per hour, with nothing about any one person. Unless --exact, "
                    "every count is rounded down to a multiple of 5 (totals on their own) and 1 to 4 show "
                    "as <5, so that subtracting one report's figure from another's gives no small count "
                    "away; other counts are hidden as x where a <5 could be worked out within one report.")
    stats.add_argument("--since", type=_day, metavar="DATE", help="first day counted, e.g. 2026-10-01")
    stats.add_argument("--until", type=_day, metavar="DATE", help="last day counted (inclusive)")
    stats.add_argument("--deck", metavar="ID", help="only this deck")
    stats.add_argument("--csv", type=path_arg, metavar="FILE",
                       help="write the tables as CSV into FILE, for a spreadsheet, instead of printing them "
                            "(the terminal gets one line saying where; /dev/stdout for the CSV alone on standard output)")
    stats.add_argument("--chart", type=path_arg, metavar="FILE", help="draw charts into FILE.png or FILE.svg (needs matplotlib)")
    stats.add_argument("--exact", action="store_true",
                       help="show every count as it is, not rounded, and counts under 5 too (for the kiosk's own staff, "
                            "on the kiosk itself: small numbers can identify people)")
    stats.add_argument("--by-kiosk", action="store_true", help="a column per kiosk (in a merged file)")
    stats.add_argument("--stats-file", "--db", dest="stats_file", type=path_arg, metavar="FILE",
                       help="the counts database (default: stats_file in the settings, see kiosk config)")
    merge_sub = stats.add_subparsers(dest="stats_command", metavar="merge")
    merge = merge_sub.add_parser("merge", help="sum several kiosks' counts into one file",
                                 description="Add the counts of several kiosks (copies of their stats.db, "
                                             "named after each kiosk, e.g. library.db) into one county-wide file.")
    merge.add_argument("sources", nargs="+", type=path_arg, metavar="FILE.db")
    merge.add_argument("--out", type=path_arg, default=Path("county.db"), metavar="FILE.db",
                       help="the merged file (default county.db; counts already there for the same kiosks are replaced)")


def cmd_stats(args: argparse.Namespace) -> int:
    """``kiosk stats``: print the report as tables, or with ``--csv FILE`` write them as CSV instead
    (the terminal gets one line saying where); ``--chart`` draws it too. Exit 1 on a problem."""
    import sqlite3  # loaded only for the visitor counts, never by kiosk run

    if getattr(args, "stats_command", None) == "merge":
        return _merge(args)
    from kiosk.stats import report, store

    path = args.stats_file or _settings_file()
    if args.since and args.until and args.since > args.until:
        return _fail(f"--since {args.since} is after --until {args.until}; swap them")
    try:
        built = report.build(path, args.since, args.until, args.deck, args.by_kiosk)
    except FileNotFoundError:
        return _fail(f"no visitor counts at {path} yet: the kiosk counts when it runs full-screen "
                     "(or with --stats-file); give another file with --stats-file FILE")
    except store.CountsFileError as error:
        return _fail(f"{error}; give the kiosk's stats.db")
    except report.UnknownDeck as error:
        held = ", ".join(printable(d) for d in error.counted) or "none yet"
        return _fail(f"--deck {printable(error.deck)}: nothing was counted for that deck in {path} "
                     f"(decks counted there: {held}) {did_you_mean(error.deck, error.counted)}".rstrip())
    except sqlite3.Error as error:
        return _fail(f"{path} is not a visitor counts file ({error}); give the kiosk's stats.db")
    if args.exact and len(built.kiosks) > 1:
        return _fail("--exact is for one kiosk's own counts, on the kiosk itself; a merged file is always rounded, with <5")
    if args.chart is not None and args.chart.suffix.lower() not in (".png", ".svg"):
        return _fail(f"--chart {args.chart}: give a file name ending in .png or .svg")
    counts = [Path(f"{path}{end}") for end in ("", "-wal", "-shm", "-journal")]  # the file SQLite reads
    for flag, what, target in (("--csv", "the tables", args.csv), ("--chart", "the charts", args.chart)):
        if target is not None and outputs.replaced_input(target, counts):
            return _fail(f"{flag} {printable(str(target))} is the visitor counts file the tables are read from: "
                         "writing there would replace the counts; give another file name; nothing was written")
        problem = target and outputs.file_problem(target, what, flag)
        if problem:
            return _fail(f"{problem}; nothing was written")
    if args.csv is None:  # the CSV holds the same tables: not printed again beside it
        for line in report.text(built, args.exact).splitlines():
            print(printable(line))
    else:
        try:
            report.write_csv(built, args.csv, args.exact)
        except OSError as error:
            return _fail(f"{outputs.write_problem(error, f'the tables {args.csv}', '--csv')}; nothing was written")
        print(printable(f"kiosk: the tables were written to {args.csv} as CSV"))
    if args.chart is not None:
        from kiosk.stats import chart

        try:
            chart.draw(built, args.chart, args.exact)
        except ImportError:
            return _fail(chart.INSTALL_HINT)
        except OSError as error:
            return _fail(f"{outputs.write_problem(error, f'the charts {args.chart}', '--chart')}; nothing was written")
        print(f"kiosk: the charts were drawn in {args.chart}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    import sqlite3

    from kiosk.stats import store

    if real_path(args.out) in {real_path(source) for source in args.sources}:
        return _fail(f"--out {args.out} is also one of the files to merge; choose another name")
    if (problem := outputs.link_problem(args.out, "the merged counts", "--out", "file")):
        return _fail(problem)
    try:
        merged = store.merge(args.sources, args.out)
    except FileNotFoundError as error:
        return _fail(f"no such file: {error.filename}")
    except (ValueError, store.CountsFileError) as error:
        return _fail(f"{error}; nothing was merged")
    except sqlite3.Error as error:  # while reading: writing is told as an OSError (store.MergeWriteError)
        return _fail(f"a file to merge is not a visitor counts file ({error}); nothing was merged")
    except OSError as error:
        return _fail(f"{outputs.write_problem(error, args.out, '--out')}; nothing was merged")
    for name, rows in sorted(merged.items()):
        print(printable(f"{name}: {rows} rows of counts"))
    print(printable(f"kiosk: {plural(len(merged), 'kiosk')} merged into {args.out}; kiosk stats --stats-file {args.out}"))
    return 0


def _settings_file() -> Path:
    from kiosk import settings

    return settings.load().stats_file


def _fail(message: str) -> int:
    print(printable(f"kiosk: {message}"), file=sys.stderr)
    return 1
