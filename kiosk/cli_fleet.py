"""The fleet side of the ``kiosk`` command: ``key new``, ``publish``, ``update`` and ``fleet``.

See the README's "Keeping many kiosks up to date" for how they fit together.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import outputs
from kiosk.deck.chars import printable
from kiosk.outputs import path_arg
from kiosk.userfile import size_words
from kiosk.words import plural

EXIT_OK, EXIT_INVALID = 0, 1


def _say(text: str, error: bool = False) -> None:
    print(f"kiosk: {printable(text)}", file=sys.stderr if error else sys.stdout)


def add_fleet_commands(sub) -> None:
    """Add ``key``, ``publish``, ``update`` and ``fleet`` to the ``kiosk`` sub-command parsers."""
    key = sub.add_parser("key", help="make a signing key pair for publishing decks",
                         description="kiosk key new --out DIR writes DIR/publisher.key (secret: keep it on this "
                                     "computer) and DIR/publisher.pub (its second line goes into each kiosk's "
                                     "trusted_keys).")
    key.add_argument("action", choices=["new"], help="new: make a key pair")
    key.add_argument("--out", type=path_arg, required=True, metavar="DIR", help="folder for the two key files")

    publish = sub.add_parser("publish", help="check a deck, sign it and publish it into a folder kiosks follow",
                             description="Check DECK (refusing errors, as pack does), sign it with KEY and write "
                                         "it into FOLDER as the next version, with feed.json; older versions stay "
                                         "there. Serve FOLDER over HTTPS, or sync it to the kiosks.")
    publish.add_argument("deck", type=path_arg, metavar="DECK", help="deck folder")
    publish.add_argument("--key", type=path_arg, required=True, metavar="KEY", help="publisher.key (kiosk key new)")
    publish.add_argument("--to", type=path_arg, required=True, metavar="FOLDER", help="the published folder")
    publish.add_argument("--new-key", action="store_true",
                         help="publish even though FOLDER's earlier versions were signed by another key (a "
                              "deliberate change of key: add the new public key to every kiosk's trusted_keys first)")

    update = sub.add_parser("update", help="look for a new version of the deck now (update_source in settings)",
                            description="Look once at update_source for a newer signed version, and install it. "
                                        "Exit 0 when up to date or updated, 1 when refused or failed (with why).")
    update.add_argument("--source", metavar="URL|DIR", help="look here instead of update_source")
    update.add_argument("--library", type=path_arg, metavar="DIR", help="the deck library (default: settings)")

    fleet = sub.add_parser("fleet", help="show every kiosk's status from a status folder",
                           description="Print a table of the kiosks whose status records are in STATUS_FOLDER; "
                                       "kiosks with no record for longer than stale_after are marked STALE.")
    fleet.add_argument("folder", type=path_arg, metavar="STATUS_FOLDER")
    fleet.add_argument("--html", type=path_arg, metavar="FILE", help="also write a page to open or share")
    fleet.add_argument("--stale-after", type=float, metavar="MIN", help="minutes (default: the setting, 30)")


def cmd_key(args: argparse.Namespace) -> int:
    """``kiosk key new --out DIR``."""
    from kiosk.fleet import keys

    try:
        secret, public = keys.new_key_pair(args.out)
    except keys.SignatureError as exc:
        _say(str(exc), error=True)
        return EXIT_INVALID
    except OSError as exc:
        _say(f"{outputs.write_problem(exc, f'the key into {args.out}', '--out')}; nothing was made", error=True)
        return EXIT_INVALID
    line = public.read_text(encoding="utf-8").splitlines()[-1]
    _say(f"secret key {secret} (keep it on this computer, never share it)")
    _say(f"public key {public}; put it in each kiosk's settings.toml as:")
    print(f'trusted_keys = ["{line}"]')
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    """``kiosk publish DECK --key KEY --to FOLDER [--new-key]``."""
    from kiosk.fleet import feed, keys
    from kiosk.fleet.publish import LibraryError, publish
    from kiosk.library import NOT_A_ZIP, NOT_A_ZIP_FIX, deck_warnings, named_like_bundle

    if named_like_bundle(args.deck):  # never read as a deck file
        _say(f"{args.deck} {NOT_A_ZIP}, so nothing was published — {NOT_A_ZIP_FIX}", error=True)
        return EXIT_INVALID
    try:
        new = publish(args.deck, args.key, args.to, new_key=args.new_key, waiting=_say_waiting)
    except LibraryError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        _say(f"{exc}; nothing was published", error=True)
        return EXIT_INVALID
    except feed.FeedError as exc:
        _say(exc.then("nothing was published"), error=True)
        return EXIT_INVALID
    except keys.SignatureError as exc:
        _say(f"{exc}; nothing was published", error=True)
        return EXIT_INVALID
    except OSError as exc:
        _say(f"{outputs.write_problem(exc, f'into {args.to}', '--to')}; the feed there is unchanged", error=True)
        return EXIT_INVALID
    # As kiosk validate prints them (kiosk.cli.validate_warnings, given by the command line).
    for problem in getattr(args, "validate_warnings", deck_warnings)(args.deck):
        print(problem)
    _say(f"published '{new.deck}' version {new.version} as {args.to / new.file} ({size_words(new.size)}); "
         f"{plural(len(new.older), 'older version')} kept")
    return EXIT_OK


def _say_waiting(folder: Path, wait: float) -> None:
    """Say that ``kiosk publish`` waits for another publish into ``folder`` (up to ``wait`` seconds)."""
    _say(f"another publish into {folder} is under way; waiting up to {wait:g} seconds for it to finish",
         error=True)


def cmd_update(args: argparse.Namespace) -> int:
    """``kiosk update``: one look now; exit 0 when up to date or updated."""
    from kiosk import health, settings
    from kiosk.events import process_age
    from kiosk.fleet import fetch

    effective = settings.load()
    for problem in effective.problems:
        health.report(str(problem))
    chosen = effective.settings
    source = args.source or chosen.update_source
    if args.source and (scheme := settings.other_scheme(args.source)):
        _say(f"--source {args.source}: the kiosk cannot fetch from {scheme}:// addresses; give an https:// address "
             "or the path of a folder", error=True)
        return EXIT_INVALID
    if not source:
        _say(f"no update_source is set in {effective.file}; set it (see kiosk config --starter) or give "
             "--source", error=True)
        return EXIT_INVALID
    library = effective.library_for(args.library)
    from kiosk.library import LibraryError, refuse_bundled
    try:
        refuse_bundled(library)  # an update never writes among the decks that came with the kiosk
    except LibraryError as exc:
        _say(str(exc), error=True)
        return EXIT_INVALID
    outcome = fetch.check(fetch.Config(source, list(chosen.trusted_keys), library, chosen.ca_file))
    tracker = tracker_for(chosen)
    tracker.note(outcome)
    found = fetch.installed(library, source)
    unwritten = tracker.write(found[0] if found else None, found[1] if found else None, process_age(), None)
    replaces = ""
    if outcome.result == "updated" and outcome.deck and outcome.folder is not None:
        from kiosk.library import played_instead

        replaces = played_instead(outcome.deck, outcome.folder)
    _say(f"{outcome.result}: {outcome.message}{replaces}", error=not outcome.ok)
    if unwritten:
        _say(unwritten, error=True)
    return EXIT_OK if outcome.ok else EXIT_INVALID


def tracker_for(chosen):
    """A :class:`kiosk.fleet.status.Tracker` for the settings in force."""
    from kiosk.fleet import status

    return status.Tracker(chosen.kiosk_name or status.host_name(), chosen.status_folder, chosen.metrics_file)


def cmd_fleet(args: argparse.Namespace) -> int:
    """``kiosk fleet STATUS_FOLDER [--html FILE]``."""
    from kiosk import settings
    from kiosk.fleet import status
    from kiosk.userfile import wrong_kind

    stale_after = args.stale_after or settings.load().settings.stale_after
    if (wrong := wrong_kind(args.folder)) is not None:
        _say(f"{wrong}; give the status folder the kiosks write to (status_folder in their settings)", error=True)
        return EXIT_INVALID
    try:
        rows = status.read_fleet(args.folder, stale_after)
    except OSError as exc:
        _say(f"cannot read the status folder {args.folder} ({exc.strerror or exc})", error=True)
        return EXIT_INVALID
    print(status.table(rows, stale_after))
    if args.html is not None:
        try:
            outputs.write_text_whole(args.html, status.page(rows, stale_after, args.folder))
        except OSError as exc:
            _say(f"{outputs.write_problem(exc, f'the page {args.html}', '--html')}; nothing was written", error=True)
            return EXIT_INVALID
        _say(f"page written to {args.html}")
    return EXIT_OK


COMMANDS = {"key": cmd_key, "publish": cmd_publish, "update": cmd_update, "fleet": cmd_fleet}
