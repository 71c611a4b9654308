"""The deck library: a folder of deck folders, and deck bundles (.zip) to carry them between machines.

- :func:`library_folder`: ``~/.local/share/kiosk/decks`` on Linux, in a development checkout too
  (:func:`kiosk.paths.library`); never the bundled decks' folder (:func:`refuse_bundled`).
- :func:`resolve_deck`: the one place a requested deck (a path, a deck id, or nothing) becomes
  a folder, with where it came from (:class:`DeckSource`), a problem and "did you mean" ids.
- :func:`list_decks`: each deck in a library with its id, title, slide count and problems.
- :func:`available_decks` / :func:`find_deck`: the one view of decks every part of the kiosk
  uses (settings, ``kiosk run``, ``kiosk decks``, the staff menu): the installed library, plus
  the decks bundled with the kiosk (:func:`kiosk.paths.decks`); an installed deck with the same
  id as a bundled one is the one used.
- :func:`pack`: one checked deck folder into one .zip (the folder's contents only; names in
  NFC, with forward slashes and the UTF-8 flag).
- :func:`install`: a .zip into the library, safely. Every entry is checked before anything is
  written (:mod:`kiosk.bundle`: no absolute paths, no ``..``, no links, size limits against zip
  bombs, the layouts and habits of the usual zip tools), the deck is unpacked into a hidden
  folder *inside* the library (same file system, so the final rename is atomic), checked with
  :func:`kiosk.deck.load_deck`, and only then renamed into place. An older version of the same
  deck id is swapped out in the same step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere it is
  renamed aside first and put back if the new one cannot be moved in), so a half-copied or
  broken bundle never replaces a good deck, and a running kiosk sees one complete change.
  An install holds the library's lock; what an install that was killed part-way left behind is
  removed (or put back) at the next install or listing (:func:`clean_unfinished`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import outputs, paths, scratch
from kiosk.deck.problems import Problem
from kiosk.paths import DECK_FILE
from kiosk.player.views import pick
from kiosk.userfile import UserFileError, expand_user, is_zip, look, open_regular, real_path, unreadable_message
from kiosk.words import close_matches, suggest

if TYPE_CHECKING:
    import zipfile

    from kiosk import bundle
    from kiosk.deck.source import SourceDoc

#: Prefix of the folder an install unpacks into (hidden, skipped by :func:`list_decks`).
TEMP_PREFIX = ".installing-"
#: The start of the name of a bundle unpacked in the system's temporary folder (:func:`unpacked`).
BUNDLE_SCRATCH = ".kiosk-bundle-"
#: Prefix of the folder an older version is set aside in, where there is no atomic exchange.
REPLACED_PREFIX = ".replaced-"
#: The library's lock file, held by an install from start to end (hidden).
LOCK_FILE = ".install.lock"
#: Longest wait for another install into the same library to finish, in seconds.
LOCK_WAIT = 60.0


class LibraryError(Exception):
    """A bundle or deck that cannot be packed or installed; ``str()`` says why and what to do.

    Attributes:
        problems: the deck's problems, when it failed its check.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class DeckEntry:
    """One deck in a library.

    Attributes:
        id: the deck's id (its folder name when the deck cannot be read).
        title: its title in its first language ("" when it cannot be read).
        path: its folder.
        slides: number of slides (0 when it cannot be read).
        ok: True when it has no errors (it can be played).
        errors: its errors.
        warnings: its warnings.
        readable: False when its ``deck.yaml`` cannot be parsed at all (then id, title and
            slides are stand-ins); a deck with mistakes that parses is readable.
        bundled: True for a deck that came with the kiosk (:func:`kiosk.paths.decks`).
        shadowed_by: when another folder of the same place holds a deck of the same id and is the
            one played by that id (:func:`played_folder`), that folder; else ``None``.
    """

    id: str
    title: str
    path: Path
    slides: int
    ok: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    readable: bool = True
    bundled: bool = False
    shadowed_by: Path | None = None


def library_folder() -> Path:
    """The default deck library: the user's data folder, in a development checkout too.

    Returns:
        :func:`kiosk.paths.library` (``~/.local/share/kiosk/decks`` on Linux), never the bundled
        decks' folder. The folder may not exist yet.
    """
    return paths.library()


def refuse_bundled(library: Path) -> None:
    """Refuse to write into the bundled decks' folder (:func:`kiosk.paths.decks`) as a library.

    Installed decks go beside the bundled ones, never among them: in a source checkout that
    folder is git-tracked ``slides/``, and an installed deck there would be listed as bundled.

    Raises:
        LibraryError: when ``library`` is the bundled decks' folder or a folder inside it.
    """
    if paths.inside_bundled(library):
        raise LibraryError(f"{library} holds the decks that come with the kiosk; installed decks go into a "
                           f"library beside them (the default is {paths.library()}): leave out --library, or "
                           "give another folder; nothing was changed")


def list_decks(library: Path) -> list[DeckEntry]:
    """Every deck in ``library`` (each sub-folder holding a ``deck.yaml``, whatever it is:
    :func:`_holds_deck_file`), sorted by folder name.

    Hidden folders are skipped, and what an install stopped part-way left behind is removed
    first (:func:`clean_unfinished`), so a half-installed deck is never listed. A library that
    does not exist holds no decks.
    """
    if look(library).kind != "folder":
        return []
    clean_unfinished(library)
    from kiosk.deck import load_deck

    # A deck folder the kiosk may not read is listed, with its problem saying so.
    return [_listed(folder, load_deck) for folder in _deck_folders(library)]


def _listed(folder: Path, load_deck) -> DeckEntry:
    """The :class:`DeckEntry` of the deck in ``folder``; a deck whose reading failed in a way no
    check foresaw is listed as broken, with why, so one such deck never hides the others."""
    try:
        return _entry(folder, load_deck(folder))
    except Exception as exc:  # noqa: BLE001 - listed as broken, the others still listed
        problem = Problem(str(folder / DECK_FILE), 1, 1, f"the deck could not be read ({type(exc).__name__}: {exc})",
                          "check it with kiosk validate")
        return DeckEntry(folder.name, "", folder, 0, False, [problem], [], readable=False)


def _deck_folders(library: Path) -> list[Path]:
    """The folders of ``library`` holding a ``deck.yaml`` (or that cannot be looked into), sorted;
    hidden ones left out; ``[]`` when the library cannot be listed."""
    try:
        folders = sorted(library.iterdir())
    except OSError:
        return []
    return [folder for folder in folders if not folder.name.startswith(".")
            and (_holds_deck_file(folder) or _near_deck_file(folder))]


def deck_folders(library: Path) -> list[Path]:
    """The folders of ``library`` that hold a deck (a ``deck.yaml``, or that cannot be looked
    into), sorted by name; hidden ones (an unfinished install) left out; ``[]`` when the library
    cannot be listed. Nothing is read from the decks themselves."""
    return _deck_folders(library)


def _near_deck_file(folder: Path) -> str | None:
    """The file of ``folder`` that looks meant as its ``deck.yaml`` (:func:`kiosk.paths.near_deck_file`),
    so a deck saved as ``deck.yml`` is listed with its problem rather than left out unsaid."""
    try:
        return paths.near_deck_file([entry.name for entry in os.scandir(folder) if entry.is_file()])
    except OSError:
        return None


def _entry(folder: Path, result) -> DeckEntry:
    """The :class:`DeckEntry` of the deck in ``folder``, from its :class:`kiosk.deck.load.LoadResult`."""
    errors = [p for p in result.problems if p.severity == "error"]
    warnings = [p for p in result.problems if p.severity == "warning"]
    if result.ok:
        info = result.deck.deck
        return DeckEntry(info.id, pick(info.title, info.languages[0], info.languages[0]), folder,
                         len(result.deck.slides), True, errors, warnings)
    deck_id, title, slides = _as_read(result.source, folder)
    readable = result.source is not None and isinstance(result.source.data, dict)
    return DeckEntry(deck_id, title, folder, slides, False, errors, warnings, readable)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return real_path(a) == real_path(b)
    except OSError:
        return False


def available_decks(library: Path | None = None, *, shadowed: bool = False) -> list[DeckEntry]:
    """Every deck the kiosk can play by id: the library's, then the bundled ones it does not replace.

    Args:
        library: the installed deck library (default :func:`library_folder`); it may not exist.
        shadowed: also list each deck that no id reaches because another folder of the same place
            holds a deck of the same id and is played instead (``shadowed_by`` set), for
            ``kiosk decks`` to name; the staff menu offers only what ``kiosk run ID`` plays.

    Returns:
        The library's decks (:func:`list_decks`), then each bundled deck
        (:func:`kiosk.paths.decks`, ``bundled=True``) whose id and folder name no library deck
        has, each group sorted by folder name. When the library *is* the bundled folder (a
        source checkout), its decks are listed once, as bundled.
    """
    library = library if library is not None else library_folder()
    bundled_folder = paths.decks()
    if _same_folder(library, bundled_folder):
        listed = _with_shadows([replace(entry, bundled=True) for entry in list_decks(bundled_folder)], bundled_folder)
    else:
        installed = _with_shadows(list_decks(library), library)
        taken = {entry.id for entry in installed} | {entry.path.name for entry in installed}
        listed = installed + _with_shadows([replace(entry, bundled=True) for entry in list_decks(bundled_folder)
                                            if entry.id not in taken and entry.path.name not in taken],
                                           bundled_folder)
    return listed if shadowed else [entry for entry in listed if entry.shadowed_by is None]


def _with_shadows(entries: list[DeckEntry], place: Path) -> list[DeckEntry]:
    """``entries`` (the decks of ``place``, in :func:`list_decks` order), each that an id does not
    reach marked with the folder played for its id instead (:func:`played_folder`)."""
    rows = [(entry.path, entry.id, entry.ok) for entry in entries]
    out = []
    for entry in entries:
        played = played_folder(entry.id, place, rows)
        out.append(entry if played is None or _same_folder(played, entry.path) else replace(entry, shadowed_by=played))
    return out


def played_folder(deck_id: str, place: Path, decks: list[tuple]) -> Path | None:
    """The folder of ``place`` that the id ``deck_id`` plays: the one rule :func:`find_deck`
    follows and :func:`available_decks` lists by, so ``kiosk run ID``, the ``deck`` setting, the
    staff menu and ``kiosk decks`` name the same folder when two hold decks of one id.

    Args:
        deck_id: a deck id.
        place: the library (or the bundled decks' folder).
        decks: the deck folders of ``place``, sorted by folder name (:func:`list_decks`'s order),
            each as ``(folder, id it holds, can play)``: the id ``None`` when unknown, "can play"
            (no errors) ``None`` when unknown (taken as playable), or left out.

    Returns:
        Of the folders that hold a deck of that id (the folder named ``deck_id`` first, when it
        holds a ``deck.yaml``: ``kiosk install`` names each deck's folder so; then the others, by
        folder name), the first whose deck can play; when none can, the first of them; ``None``
        when there is none. So a deck with errors never hides a good one of its id, and which
        plays never depends on the order the folders were made in.
    """
    named = place / deck_id
    playable = {row[0]: row[2] if len(row) > 2 else None for row in decks}
    held = [named] if _holds_deck_file(named) else []
    held += [row[0] for row in decks if row[1] == deck_id and row[0].name != deck_id]
    return next((folder for folder in held if playable.get(folder) is not False), held[0] if held else None)


def _holds_deck_file(folder: Path) -> bool:
    """True when anything is named ``deck.yaml`` in ``folder``, whatever it is, or the folder cannot
    be looked into: a file, and also what is not one (a folder, a named pipe, a socket, a device, a
    link to nothing, a loop of links). Loading the deck says what is wrong with it (without opening
    a pipe: :func:`kiosk.userfile.open_regular`), so such a deck is listed and named as having errors,
    never hidden as if there were no deck. False when nothing has that name, or ``folder`` is no
    folder. Nothing is opened; links are not followed."""
    try:
        os.lstat(folder / DECK_FILE)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return False
    except OSError as exc:  # a folder the kiosk may not search: loading says so
        return exc.errno not in (errno.ENAMETOOLONG, errno.ELOOP)  # no such name can be there
    return True


def find_deck(deck_id: str, library: Path | None = None) -> Path | None:
    """The folder of the deck whose id is ``deck_id``: in the library first, else among the bundled decks.

    A deck is found by its id whatever its folder is called: in each place, of the folder named
    ``deck_id`` (``kiosk install`` names each deck's folder so) and the other folders whose
    ``deck.yaml`` gives that id (a folder copied in by hand under another name), the one
    :func:`played_folder` chooses (one that can play first). The other folders' ids, and which
    decks of that id can play, are read in a child process (:func:`folder_verdicts`), so the
    process that plays a deck never reads a ``deck.yaml`` itself; the folder named ``deck_id``
    is taken unread when no other folder is there.

    Args:
        deck_id: a deck id.
        library: the installed deck library (default :func:`library_folder`).

    Returns:
        The deck folder (holding ``deck.yaml``), or ``None`` when neither place has it, or when
        ``deck_id`` is not a plain name (it holds a path separator or starts with a dot). What an
        unfinished install left in the library is removed first (:func:`clean_unfinished`).
    """
    if not deck_id or "/" in deck_id or "\\" in deck_id or deck_id.startswith("."):
        return None
    library = library if library is not None else library_folder()
    clean_unfinished(library)  # the kiosk starts here: what a killed install left goes now
    for place in (library, paths.decks()):
        found = _found_in(place, deck_id)
        if found is not None:
            return found
    return None


def _found_in(place: Path, deck_id: str) -> Path | None:
    """The folder of ``place`` holding the deck ``deck_id`` (see :func:`find_deck`), or ``None``.
    The folder named ``deck_id`` is taken unread when no other folder is there to hold that id,
    and always among the bundled decks (they come checked); otherwise the other folders' ids, and
    whether each deck of that id can play, are read in a child process (:func:`folder_verdicts`)."""
    named = place / deck_id
    others = [folder for folder in _deck_folders(place) if folder.name != deck_id]
    if _holds_deck_file(named) and (not others or _same_folder(place, paths.decks())):
        return named  # read by no one: the folder's name is enough
    if not others:
        return None
    folders = ([named] if _holds_deck_file(named) else []) + others
    ids, playable = folder_verdicts(folders, deck_id)
    return played_folder(deck_id, place, [(folder, ids.get(os.fspath(folder)), playable.get(os.fspath(folder)))
                                          for folder in folders])


def bundled_deck(deck_id: str) -> Path | None:
    """The folder of the deck bundled with the kiosk (:func:`kiosk.paths.decks`) whose id is
    ``deck_id``, or ``None``. An installed deck of that id is played instead of it (:func:`find_deck`)."""
    if not deck_id or "/" in deck_id or "\\" in deck_id or deck_id.startswith("."):
        return None
    return _found_in(paths.decks(), deck_id)


def played_instead(deck_id: str, folder: Path) -> str:
    """What to add when a deck just installed into ``folder`` (by ``kiosk install`` or ``kiosk
    update``) has the id of a bundled deck (:func:`bundled_deck`): ``"; it is played instead of the
    bundled deck '…' (…): remove FOLDER to play the bundled one again"``, else ``""``.
    :func:`find_deck` looks in the library first, so the installed deck wins."""
    from kiosk.deck.chars import printable

    if bundled_deck(deck_id) is None:
        return ""
    return (f"; it is played instead of the bundled deck '{printable(deck_id)}' (by `kiosk run`, and "
            f"as the default deck too): remove {printable(str(folder))} to play the bundled one again")


#: Longest wait, in seconds, for the child process reading deck ids (:func:`folder_ids`) or
#: judging folders (:func:`folder_verdicts`); also its processor-time limit (:mod:`kiosk.limits`).
IDS_TIMEOUT = 30.0
#: Address space, in bytes, that child may map (:mod:`kiosk.limits`): reading deck files with
#: the deck model needs about 200 MB; a hostile folder is stopped well before the machine's memory.
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024


def same_id_elsewhere(deck_id: str, folder: Path, library: Path) -> list[Path]:
    """The other folders of ``library`` whose deck has the id ``deck_id`` (as :func:`list_decks`
    reads it), besides ``folder``, sorted: each is never played by that id while ``folder``, named
    ``deck_id``, holds a deck (:func:`played_folder`). Their files are read in this process."""
    others = [other for other in _deck_folders(library) if not _same_folder(other, folder)]
    ids = _read_ids([os.fspath(other) for other in others]) if others else {}
    return [other for other in others if ids.get(os.fspath(other)) == deck_id]


def two_folders(deck_id: str, played: Path, other: Path, *, installed: bool = False, why: str = "") -> str:
    """What ``kiosk decks``, ``kiosk install`` and ``kiosk update`` say when the folders ``played``
    and ``other`` hold decks of the one id ``deck_id`` (``played`` being the one played, and
    ``installed`` just now): which one plays, why (``why``, e.g. :func:`why_played`), and how to
    make the other reachable or go."""
    from kiosk.deck.chars import printable

    just = ", just installed," if installed else ""
    because = f": {why}" if why else ""
    return printable(f"two folders hold the deck '{deck_id}': {played}{just} is the one played (kiosk run "
                     f"{deck_id}, deck = \"{deck_id}\" in settings.toml, the staff menu{because}), {other} never is — remove "
                     f"{other}, or give its deck another id in its deck.yaml")


def why_played(deck_id: str, played: DeckEntry, other: DeckEntry) -> str:
    """Why :func:`played_folder` plays ``played`` rather than ``other``, both holding decks of the
    id ``deck_id``, in a few words for :func:`two_folders`."""
    if played.ok and not other.ok:
        return f"the deck in {other.path.name}/ has errors"
    if played.path.name == deck_id:
        return f"its folder is named {deck_id}"
    return f"both decks {'can play' if played.ok else 'have errors'}, and its folder's name comes first"


def folder_ids(folders: list[Path]) -> dict[str, str]:
    """The deck id each of ``folders`` holds, as :func:`list_decks` lists it (the folder's name
    when its ``deck.yaml`` gives none or cannot be read), read in a child process
    (``python -m kiosk.library --ids FOLDER...``, at most :data:`IDS_TIMEOUT` seconds).

    Returns:
        Folder (as ``os.fspath``) -> id; ``{}`` when the child failed (then no deck is found by
        an id its folder is not named by).
    """
    found = _child(["--ids", *map(os.fspath, folders)])
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(found, dict) \
        else {}


def folder_verdicts(folders: list[Path], deck_id: str) -> tuple[dict[str, str], dict[str, bool]]:
    """:func:`folder_ids` of ``folders``, and, when two or more of them hold a deck of the id
    ``deck_id`` (or are named so), whether each of those can play (its deck has no errors,
    :func:`kiosk.deck.load_deck`), all read in one child process (``python -m kiosk.library
    --played ID FOLDER...``, at most :data:`IDS_TIMEOUT` seconds), so the process that plays a
    deck never reads a ``deck.yaml`` itself.

    Returns:
        ``(ids, playable)``, each by folder (``os.fspath``); ``({}, {})`` when the child failed.
    """
    found = _child(["--played", deck_id, *map(os.fspath, folders)])
    if not isinstance(found, dict):
        return {}, {}
    ids, playable = found.get("ids"), found.get("ok")
    return ({k: v for k, v in ids.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(ids, dict)
            else {}, {k: v for k, v in playable.items() if isinstance(k, str) and isinstance(v, bool)}
            if isinstance(playable, dict) else {})


def _child(args: list[str]):
    """The JSON a ``python -m kiosk.library ARGS`` child prints, or ``None`` when it failed."""
    import json
    import subprocess

    from kiosk.interpreter import module_command

    try:
        # In a session of its own, as the checking process: a signal sent to the kiosk's process
        # group (Ctrl+C, systemd's stop, SIGUSR1) is the kiosk's to act on, and never kills the
        # helper, which would make a deck there seem missing.
        child = subprocess.run(module_command("kiosk.library", *args), stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=IDS_TIMEOUT, check=False, start_new_session=True)
        return json.loads(child.stdout.decode("utf-8"))
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def _read_verdicts(deck_id: str, folders: list[str]) -> dict[str, dict]:
    """The child's side of :func:`folder_verdicts`."""
    ids = _read_ids(folders)
    holding = [folder for folder in folders if ids.get(folder) == deck_id or Path(folder).name == deck_id]
    playable: dict[str, bool] = {}
    if len(holding) > 1:
        from kiosk.deck import load_deck

        for folder in holding:
            try:
                playable[folder] = load_deck(Path(folder)).ok
            except Exception:  # noqa: BLE001 - a deck that breaks the reader cannot play
                playable[folder] = False
    return {"ids": ids, "ok": playable}


def _read_ids(folders: list[str]) -> dict[str, str]:
    """The child's side of :func:`folder_ids`: each folder's deck id, from its ``deck.yaml`` as read."""
    from kiosk.deck.source import read_yaml

    return {folder: _as_read(read_yaml(Path(folder) / DECK_FILE), Path(folder))[0] for folder in folders}


def missing_deck(deck_id: str, library: Path | None = None) -> str:
    """The message for a deck id :func:`find_deck` did not find (which places were looked in)."""
    library = library if library is not None else library_folder()
    return f"no deck called '{deck_id}' in {real_path(expand_user(library))} or the bundled decks"


def close_ids(name: str, library: Path) -> list[str]:
    """Deck ids (and folder names) in ``library`` that look like ``name``, closest first.

    For "did you mean" hints after a mistyped deck id (:func:`kiosk.words.close_matches`,
    similarity of at least 0.6).
    """
    names = {entry.id for entry in list_decks(library)} | {folder.name for folder in _deck_folders(library)}
    return close_matches(name, sorted(names), n=3)


class DeckSource(enum.Enum):
    """Where :func:`resolve_deck` found a deck."""

    PATH = "path"  #: a folder (or deck file) named by its path
    LIBRARY = "library"  #: a deck id in the installed library
    BUNDLED = "bundled"  #: a deck id among the decks that came with the kiosk
    DEFAULT = "default"  #: nothing named: the default deck (an installed one of its id first, :func:`default_deck`)
    UPDATES = "updates"  #: nothing named: the deck installed from ``update_source``


@dataclass(frozen=True)
class Resolved:
    """What :func:`resolve_deck` made of a requested deck.

    Attributes:
        folder: the deck folder to load (a deck's ``deck.yaml`` given as a path means its
            folder); when ``problem`` is set, the request taken as a path, for messages.
        source: where it was found (for a deck id that was not found, :attr:`DeckSource.LIBRARY`).
        problem: why the request names no deck (e.g. "no deck called 'x' in … or the bundled
            decks"), or ``None``.
        suggestions: deck ids that look like a mistyped id, closest first.
        unreadable: True when the deck (or a folder on its way) is there but the kiosk may not
            read it (``problem`` says so and how to fix it).
    """

    folder: Path
    source: DeckSource
    problem: str | None = None
    suggestions: tuple[str, ...] = ()
    unreadable: bool = False

    @property
    def hint(self) -> str:
        """How to fix :attr:`problem`: "did you mean 'x'?", else where to look."""
        return suggest(self.suggestions) or (
            "kiosk decks lists the decks there are; or give the path of a folder holding deck.yaml")




def resolve_deck(requested: str | Path | None, library: Path | None = None, *,
                 subscribed: str | None = None) -> Resolved:
    """The one answer to "which deck folder does this name mean?", for ``kiosk run``, ``kiosk
    config``, the settings' ``deck``, ``kiosk decks``, the staff menu's "Switch deck" and the
    deck followed from ``update_source``.

    Args:
        requested: what was asked for (a command line's ``DECK`` or the setting ``deck``): a path
            of a deck folder or deck file, or a deck id; ``None`` or ``""`` for none.
        library: the installed deck library (default :func:`kiosk.paths.library`).
        subscribed: the id of the deck installed from ``update_source``
            (:func:`kiosk.fleet.fetch.installed`), played when nothing is requested.

    Returns:
        In this order: nothing requested: the subscribed deck (``UPDATES``) if its folder is in the
        library, else the default deck (``DEFAULT``: :func:`default_deck`, an installed deck of its
        id before the bundled one). A request that exists as a path, or
        that holds a path separator: that path (``PATH``; ``problem`` set when it holds no
        ``deck.yaml``). Otherwise a deck id: the library's deck of that id (``LIBRARY``), else the
        bundled one (``BUNDLED``): an installed deck shadows a bundled deck of the same id. An id
        found in neither: ``problem`` says where it was looked for, ``suggestions`` names close ids.
        Never raises; what an unfinished install left in the library is removed first
        (:func:`find_deck`).
    """
    library = library if library is not None else library_folder()
    if requested is None or str(requested) == "":
        if subscribed and look(library / subscribed).kind == "folder":
            return Resolved(library / subscribed, DeckSource.UPDATES)
        return Resolved(default_deck(library), DeckSource.DEFAULT)
    text = str(requested)
    as_path = expand_user(text)
    at = look(as_path)
    if at.found or "/" in text or "\\" in text or len(as_path.parts) != 1:
        if as_path.name == DECK_FILE and at.kind == "file":  # a deck's own file: its folder
            return Resolved(as_path.parent, DeckSource.PATH)
        inside = look(as_path / DECK_FILE)
        if inside.kind != "unreadable" and _holds_deck_file(as_path):  # loading says what is wrong with it
            return Resolved(as_path, DeckSource.PATH)
        if "unreadable" in (at.kind, inside.kind):
            return Resolved(as_path, DeckSource.PATH, unreadable_message(
                os.path.abspath(as_path), at.reason or inside.reason), unreadable=True)
        if named_like_bundle(as_path):
            problem = f"{real_path(as_path)} {NOT_A_ZIP} — {NOT_A_ZIP_FIX}"
        elif at.kind == "file" and is_zip(as_path):
            problem = (f"{real_path(as_path)} is a deck bundle (.zip), not a deck folder: install it with "
                       f"kiosk install {as_path}, then give its deck id (kiosk decks lists them), or unzip it "
                       "and give the deck's folder")
        elif at.kind == "file":
            problem = (f"{real_path(as_path)} is a file, not a deck folder (a deck is a folder holding {DECK_FILE}"
                       f" beside its pictures: rename the file {DECK_FILE} in a folder of its own)")
        elif at.kind == "folder" and (near := _near_deck_file(as_path)):
            problem = (f"no deck at {real_path(as_path)}: no {DECK_FILE} there, but it holds '{near}': "
                       f"{paths.near_deck_hint(near)}")
        else:
            problem = f"no deck at {real_path(as_path)} (no {DECK_FILE} there)"
        return Resolved(as_path, DeckSource.PATH, problem)
    found = find_deck(text, library)
    if found is not None:
        return Resolved(found, DeckSource.BUNDLED if is_bundled(found) else DeckSource.LIBRARY)
    close = tuple(dict.fromkeys(close_ids(text, library) + close_ids(text, paths.decks())))
    return Resolved(as_path, DeckSource.LIBRARY, missing_deck(text, library), close)


def default_deck(library: Path | None = None) -> Path:
    """The deck played when none is named: the deck of id :data:`kiosk.paths.DEFAULT_DECK_ID`
    installed in ``library`` (default :func:`library_folder`) if there is one, else the bundled
    one (:func:`kiosk.paths.default_deck`), as :func:`find_deck` finds any id."""
    return find_deck(paths.DEFAULT_DECK_ID, library) or paths.default_deck()


def is_bundled(folder: Path) -> bool:
    """True when ``folder`` is one of the decks that came with the kiosk (:func:`kiosk.paths.decks`)."""
    return _same_folder(folder.parent, paths.decks())


def _as_read(doc: SourceDoc | None, folder: Path) -> tuple[str, str, int]:
    """Id, title and slide count of a deck with mistakes, from what of its file could be read.

    The folder name stands in for an id that is missing or not text, "" for such a title, and
    0 for slides that are not a list.
    """
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    info = data.get("deck") if isinstance(data.get("deck"), dict) else {}
    deck_id = info.get("id") if isinstance(info.get("id"), str) and info.get("id") else folder.name
    title = info.get("title")
    if isinstance(title, dict):  # per language: the first one given
        title = next((text for text in title.values() if isinstance(text, str)), "")
    slides = data.get("slides")
    return deck_id, title if isinstance(title, str) else "", len(slides) if isinstance(slides, list) else 0


def carried_files(folder: Path, skip: set[Path] | frozenset[Path] = frozenset()) -> dict[str, Path]:
    """The files of a deck folder to pack (:func:`kiosk.bundle.deck_files`, the rule ``kiosk
    validate`` warns by too); ``kiosk publish`` asks before it writes anything.

    Raises:
        LibraryError: what :func:`kiosk.bundle.deck_files` refuses, naming the deck folder;
            several files refused are each a problem (``problems``, at the deck folder), and the
            message says how many.
    """
    from kiosk import bundle

    try:
        return bundle.deck_files(folder, skip)
    except bundle.FolderError as exc:
        where = str(real_path(folder))
        if len(exc.each) == 1:
            raise LibraryError(f"{where}: {exc}") from None
        raise LibraryError(f"{where}: {len(exc.each)} files cannot be carried in a bundle (each named above)",
                           [Problem(where, 0, 0, what, fix) for what, fix in exc.each]) from None


def pack(deck: Path, out: Path | None = None) -> Path:
    """Write a checked deck folder as one .zip bundle (the folder's contents, not the folder).

    Names in the bundle use forward slashes, Unicode NFC and the zip format's UTF-8 flag (bit 11,
    which :mod:`zipfile` sets for every name that is not ASCII), so any tool reads them alike.

    Args:
        deck: a deck folder (or its ``deck.yaml``).
        out: the .zip to write (default: ``<deck id>.zip`` in the current folder).

    Returns:
        The bundle written.

    Raises:
        LibraryError: when the deck has errors (with ``problems``), holds a symbolic link or two
            files with one name (see :func:`carried_files`).
        OSError: when the bundle cannot be written (with ``out`` as its file name); no file cut
            short is left, nor a folder made for it.
    """
    from kiosk.deck import load_deck

    result = load_deck(deck)
    if not result.ok:
        raise LibraryError(f"{result.file} has errors; fix them before packing it", result.problems)
    out = out or Path(f"{result.deck.deck.id}.zip")
    if outputs.writes_through(out):  # a device, a named pipe, /dev/stdout: written into, never replaced
        # Made whole first (a refusal midway writes nothing there), in the kiosk's private cache.
        with tempfile.TemporaryFile(dir=outputs.private_folder(paths.cache_dir())) as whole:
            _write_bundle(whole, files=carried_files(result.folder, set()), folder=result.folder)
            try:
                outputs.write_through(out, whole)
            except OSError as exc:
                exc.filename = str(out)
                raise
        return out
    partial = out.with_name(out.name + ".part")
    files = carried_files(result.folder, {real_path(out), real_path(partial)})
    made: list[Path] = []
    try:
        outputs.refuse_link(out)
        made = outputs.make_missing(out.parent)
        _write_bundle(partial, files=files, folder=result.folder)
        with open(partial, "rb+") as written:  # on the disk before it takes the bundle's name
            os.fsync(written.fileno())
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        outputs.remove_empty(made)
        exc.filename = str(out)  # the bundle, not the file being packed
        raise
    except BaseException:  # refused, or a stop signal (kiosk.stopsignals.Stopped): no part left behind
        partial.unlink(missing_ok=True)
        outputs.remove_empty(made)
        raise
    return out


def _write_bundle(target, *, files: dict[str, Path], folder: Path) -> None:
    """Write ``files`` (name in the bundle: file) as a zip into ``target`` (a path or an open
    binary file), refusing one that packs as small as a zip bomb (:func:`kiosk.bundle.too_compressed`;
    :func:`carried_files` refuses such a file before, by the same rule: this holds for one changed since).

    Raises:
        LibraryError: a file packs too small (``kiosk install`` would refuse the bundle).
        OSError: it cannot be written.
    """
    import zipfile

    from kiosk import bundle

    # strict_timestamps=False: a file dated before 1980 (the zip format's first day) is dated 1980.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, strict_timestamps=False) as archive:
        for name, file in files.items():
            archive.write(file, name)
            ratio = bundle.too_compressed(archive.getinfo(name))
            if ratio:  # an install would refuse it (a zip bomb): no bundle is written
                raise LibraryError(f"{real_path(folder)}: {bundle.too_small_words(name, ratio)}; "
                                   f"{bundle.UNUSED_FILE_FIX}")


def deck_warnings(deck: Path) -> list[Problem]:
    """The warnings and notes of a deck without errors (what ``kiosk validate`` prints of its
    own checks, e.g. "event on … is in the past"), in file order; ``[]`` for a deck with errors.

    For ``kiosk pack`` and ``kiosk publish`` to show beside their success (:func:`pack` and
    :func:`kiosk.fleet.publish.publish` refuse a deck with errors, and say so).
    """
    from kiosk.deck import load_deck

    result = load_deck(deck)
    return sorted(result.problems, key=lambda p: (p.line, p.col)) if result.ok else []


def _unfinished(library: Path) -> list[Path]:
    """What an install cut short left in ``library``: hidden staging and set-aside folders."""
    try:
        return [path for path in library.iterdir() if path.name.startswith((TEMP_PREFIX, REPLACED_PREFIX))]
    except OSError:
        return []


def clean_unfinished(library: Path) -> list[str]:
    """Remove what an install that was stopped part-way (killed, power cut) left in ``library``.

    Each install stages into a hidden folder (:data:`TEMP_PREFIX`) and holds the library's lock
    (:data:`LOCK_FILE`, a ``filelock`` lock, freed by the system when its process dies) until it
    has finished. When the lock is free, every staging folder is a leftover: it is removed, and a
    deck an install had set aside (:data:`REPLACED_PREFIX`, where the system has no atomic
    exchange) is put back if no deck took its place. Called by :func:`install` and
    :func:`list_decks`, so the next start of any of them tidies up. Never raises: a library it
    cannot write is left as it is.

    Returns:
        The names of the leftovers removed or put back.
    """
    leftovers = _unfinished(library)
    if not leftovers:
        return []
    # Imported here, only when there is something to tidy: it takes a while to load.
    from filelock import FileLock, Timeout

    lock = FileLock(library / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):  # an install is under way (or the library is read-only)
        return []
    try:
        return _remove_leftovers(library)
    finally:
        lock.release()


def _remove_leftovers(library: Path) -> list[str]:
    """Remove the leftovers of unfinished installs; the caller holds the library's lock."""
    removed = []
    for path in _unfinished(library):
        if path.name.startswith(REPLACED_PREFIX) and path.is_dir():
            for old in path.iterdir():  # a deck set aside for a new version that never came in
                if not (library / old.name).exists():
                    try:
                        os.rename(old, library / old.name)
                    except OSError:
                        pass
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    import ctypes  # only to swap two folders in one step (renameat2), when installing
    import ctypes.util

    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2  # from <fcntl.h> and <linux/fs.h>
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0


def _move_into_place(staged: Path, target: Path) -> None:
    """Put ``staged`` at ``target``; an older ``target`` stays until the new one is in place."""
    if not target.exists():
        os.rename(staged, target)
        return
    if _exchange(staged, target):
        shutil.rmtree(staged, ignore_errors=True)  # ``staged`` now holds the old version
        return
    aside = Path(tempfile.mkdtemp(prefix=REPLACED_PREFIX, dir=target.parent))
    old = aside / target.name
    os.rename(target, old)
    try:
        os.rename(staged, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def install(bundle_file: Path, library: Path, *, shown: str | None = None) -> DeckEntry:
    """Install a deck bundle into ``library`` as ``<library>/<deck id>``, replacing an older version.

    Args:
        bundle_file: a .zip made by :func:`pack`, or by a file manager or zip tool (see
            :mod:`kiosk.bundle` for what is accepted: one top folder, macOS and Windows extras,
            backslashes, old name encodings, decomposed Unicode names).
        library: the deck library (created if needed).
        shown: the bundle's name in the deck's problems (default ``bundle_file``; ``kiosk update``
            gives the feed's file name, not the temporary file it downloaded into).

    Returns:
        The installed deck (:func:`install_named` also gives how to name its problems).

    Raises:
        LibraryError: when ``library`` is the bundled decks' folder (:func:`refuse_bundled`),
            the file cannot be read as a zip, the bundle is refused by
            :func:`kiosk.bundle.read_plan` (the message gives the reason), the deck has errors
            (with ``problems``), another install into the same library does not finish within
            :data:`LOCK_WAIT` seconds, or the name of its lock file (:data:`LOCK_FILE`) is taken
            by a folder, pipe, socket, device or link (:class:`kiosk.kept.InTheWay`, named);
            nothing in the library has changed then.
        OSError: when the library cannot be written (a full disk, no permission, a file in the way,
            a folder that takes no new files such as ``/proc``: said at once, never waited on);
            :class:`kiosk.outputs.SystemTarget` for a library under ``/proc`` or ``/sys``;
            nothing has changed, and a library folder made for it is removed again.
    """
    return install_named(bundle_file, library, shown=shown)[0]


def install_named(bundle_file: Path, library: Path, *,
                  shown: str | None = None) -> tuple[DeckEntry, Callable[[list[Problem]], list[Problem]]]:
    """:func:`install`, and a function that names each of a list of the installed deck's problems
    (its warnings, as ``kiosk validate`` finds them in the installed folder) by the bundle and the
    file inside it (``fw.zip: deck.yaml:94:12``), as a refusal names them and as ``kiosk validate
    fw.zip`` does, rather than by the library folder. Raises as :func:`install` does."""
    from filelock import FileLock, Timeout

    from kiosk import kept

    refuse_bundled(library)
    outputs.refuse_system(library, folder=True)  # /proc, /sys: never a library, whoever runs it
    made = outputs.make_missing(library)
    try:
        kept.ready_lock(library / LOCK_FILE, "kiosk install")  # in the way, or cannot be made: said at once
        with FileLock(library / LOCK_FILE, timeout=LOCK_WAIT):
            _remove_leftovers(library)
            return _install_locked(bundle_file, library, shown)
    except kept.InTheWay as exc:
        raise LibraryError(exc.then("nothing was installed")) from None
    except Timeout:
        raise LibraryError(f"another install into {library} has not finished after {LOCK_WAIT:g} seconds; "
                           "try again once it has") from None
    except BaseException:
        if made:  # a library made for an install that failed is not left behind, nor its lock
            with contextlib.suppress(OSError):
                if [entry.name for entry in os.scandir(library)] == [LOCK_FILE]:
                    (library / LOCK_FILE).unlink()
            outputs.remove_empty(made)
        raise


def _install_locked(bundle_file: Path, library: Path,
                    shown: str | None) -> tuple[DeckEntry, Callable[[list[Problem]], list[Problem]]]:
    """:func:`install_named`, with the library's lock held."""
    from kiosk.deck import load_deck

    with unpacked(bundle_file, into=library, shown=shown) as (staging, in_bundle):
        result = load_deck(staging)
        if not result.ok:
            raise LibraryError(f"the deck in {shown or bundle_file} has errors; it was not installed",
                               in_bundle(result.problems))
        target = library / result.deck.deck.id
        _refuse_replacing_another(target, result.deck.deck.id)
        _move_into_place(staging, target)
    return _entry(target, load_deck(target)), lambda problems: in_bundle(problems, target)


def _refuse_replacing_another(target: Path, deck_id: str) -> None:
    """Refuse to install the deck ``deck_id`` over ``target`` when what is there is not an earlier
    version of it: a deck of another id (a folder renamed by hand; :func:`played_folder` plays it
    by its name), a folder holding no ``deck.yaml`` but other files, or a file. An install replaces
    only an earlier version (a folder of the same id, or one whose id cannot be read).

    Raises:
        LibraryError: what is there, and how to keep it (nothing is installed).
    """
    from kiosk.deck.chars import printable

    at = look(target)
    if at.kind in ("missing", "unreadable"):  # nothing to keep; or the move says why it cannot be made
        return
    if at.kind != "folder":
        what = "a file" if at.kind == "file" else "a pipe, socket or device"
        raise LibraryError(printable(f"{target} is {what}, not a deck folder, so nothing was installed — move it "
                                     "out of the library, then install again"))
    if _holds_deck_file(target):
        held = _read_ids([os.fspath(target)]).get(os.fspath(target), deck_id)
        if held != deck_id:
            raise LibraryError(printable(
                f"the folder {target} holds the deck '{held}', not an earlier version of '{deck_id}', so it was not "
                f"replaced and nothing was installed — rename the folder to {held} (kiosk run {held} finds it by its "
                "id), then install again"))
        return
    try:
        holds = any(os.scandir(target))
    except OSError:
        holds = True
    if holds:
        raise LibraryError(printable(f"the folder {target} holds no {DECK_FILE} but other files, so it was not "
                                     "replaced and nothing was installed — move it out of the library, then "
                                     "install again"))


@contextlib.contextmanager
def unpacked(bundle_file: Path, into: Path | None = None, *,
             shown: str | None = None) -> Iterator[tuple[Path, Callable[..., list[Problem]]]]:
    """The deck in ``bundle_file`` unpacked into a new folder, as :func:`install` unpacks it (the
    same checks, :mod:`kiosk.bundle`), removed again when the block ends unless it was moved away.

    Args:
        bundle_file: the bundle (.zip).
        into: the folder to make the new folder in (:func:`install`: the library, so the deck can
            be renamed into place; the new folder then gets the permissions of an ordinary folder,
            and a refusal says nothing was installed), or ``None`` for the system's temporary folder.
        shown: the bundle's name in problems (default ``bundle_file``).

    Yields:
        The deck folder (holding ``deck.yaml``), and a function that names each of a list of that
        deck's problems by the file as the bundle stores it (``harvest.zip: harvest/deck.yaml``);
        its second argument, the folder the problems were found in, is the deck folder unless given
        (the folder the deck was moved to).

    Raises:
        LibraryError: when the file cannot be read as a zip or the bundle is refused (the message
            gives the reason and what to do).
    """
    from kiosk import bundle

    with _open_bundle(bundle_file) as opened:  # refused before any folder is made
        # In the system's temporary folder, a scratch folder: one a killed check left is removed
        # by the next (kiosk.scratch); in the library, the lock's sweep removes them.
        staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=into)) if into is not None else \
            scratch.make(BUNDLE_SCRATCH)
        try:
            if into is not None:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(staging, 0o777 & ~umask)  # an ordinary folder once in place (mkdtemp makes it private)
            try:
                plan = bundle.read_plan(opened)
                bundle.extract(opened, plan, staging)
            except bundle.BundleError as exc:
                raise LibraryError(f"{bundle_file}: {exc}" + ("; nothing was installed" if into else "")) from None
            yield staging, lambda problems, root=staging: _in_bundle(problems, root, shown or str(bundle_file), plan)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def holds_bundle(folder: Path, bundle_file: Path) -> bool:
    """True when ``folder`` holds exactly the deck ``bundle_file`` installs: the same files, byte for
    byte, as :func:`unpacked` (and so :func:`install`) makes of it, so installing it would change
    nothing. How ``kiosk update`` tells a version it downloaded is the one already installed when its
    state file cannot say (:func:`kiosk.fleet.fetch.check`). False when either cannot be read whole.

    Args:
        folder: an installed deck's folder.
        bundle_file: a bundle (.zip); unpacked into the system's temporary folder, so an install
            into the library meanwhile never meets it.
    """
    import filecmp

    def files(root: Path) -> dict[str, Path]:
        found = {}
        for place, _folders, names in os.walk(root):
            for name in names:
                found[(Path(place) / name).relative_to(root).as_posix()] = Path(place) / name
        return found

    try:
        with unpacked(bundle_file) as (staging, _named):
            mine, theirs = files(folder), files(staging)
            return mine.keys() == theirs.keys() and all(
                filecmp.cmp(mine[name], theirs[name], shallow=False) for name in mine)
    except (LibraryError, OSError):
        return False


#: What is wrong with a file named like a deck bundle that is not one, and what to do.
NOT_A_ZIP = "is named like a deck bundle (.zip) but is not a zip file"
NOT_A_ZIP_FIX = "copy it again, or make it with kiosk pack DECK"


def named_like_bundle(path: Path) -> bool:
    """True when ``path`` is a regular file named like a deck bundle (``….zip``, any case) that
    does not start as a zip file does (:func:`kiosk.userfile.is_zip`): a copy cut short, a
    download that saved an error page, a text file renamed. Never raises."""
    return path.suffix.lower() == ".zip" and look(path).kind == "file" and not is_zip(path)


@contextlib.contextmanager
def _open_bundle(bundle_file: Path) -> Iterator[zipfile.ZipFile]:
    """``bundle_file`` opened as a zip, when it is a regular file of at most
    :data:`kiosk.bundle.MAX_BUNDLE_BYTES` (never a pipe, device, socket or folder, which would
    block or never end: :func:`kiosk.userfile.open_regular`).

    Raises:
        LibraryError: the bundle file is missing, not a plain file, too large, unreadable or not a zip.
    """
    import zipfile

    from kiosk import bundle

    try:
        handle = open_regular(bundle_file, bundle.MAX_BUNDLE_BYTES)
    except UserFileError as exc:
        raise LibraryError(_not_opened(bundle_file, exc)) from None
    with handle:
        try:
            opened = zipfile.ZipFile(handle)
        except (*bundle.DAMAGED, OSError) as exc:
            if named_like_bundle(bundle_file):
                raise LibraryError(f"{bundle_file} {NOT_A_ZIP} — {NOT_A_ZIP_FIX}") from None
            raise LibraryError(f"{bundle_file} is not a readable .zip bundle ({_zip_damage(exc)}); copy it again or "
                               "make it again with kiosk pack DECK") from None
        with opened:
            yield opened


def _zip_damage(exc: BaseException) -> str:
    """What is wrong with a zip file that ``zipfile`` could not open, in plain words: a file that
    starts as a zip file but lacks the list of its contents, which a zip file keeps at its end
    (``BadZipFile("File is not a zip file")``), was cut short; anything else as Python says it."""
    if str(exc) == "File is not a zip file":
        return "its end, where a zip file lists what it holds, is missing: it was cut short"
    return str(exc)


def _not_opened(bundle_file: Path, exc: UserFileError) -> str:
    """Why ``bundle_file`` was not opened (:func:`kiosk.userfile.open_regular` refused it)."""
    if exc.missing:
        return f"{bundle_file}: no such file"
    if exc.reason.startswith("it is a folder"):
        return f"{bundle_file} is a folder, not a .zip bundle; make one with kiosk pack {bundle_file}"
    if exc.reason.endswith("not a file"):
        return f"{bundle_file} is not a plain file ({exc.reason}); give the path of a .zip bundle"
    if exc.too_large:
        return f"{bundle_file} is too large for a deck bundle ({exc.reason}); make the pictures smaller"
    return f"{bundle_file}: {exc.reason.removeprefix('it ')}"


def _in_bundle(problems: list[Problem], root: Path, bundle_file: str, plan: bundle.Plan) -> list[Problem]:
    """``problems`` of a deck unpacked at ``root``, each naming its file as the bundle stores it
    (``invalid.zip: harvest/deck.yaml:94:12: …``) rather than the hidden folder it was unpacked in."""
    named = []
    for problem in problems:
        try:
            inside = plan.stored_name(real_path(problem.file).relative_to(real_path(root)).as_posix())
        except ValueError:
            inside = problem.file
        named.append(dataclasses.replace(problem, file=f"{bundle_file}: {inside}"))
    return named


__all__ = ["DeckEntry", "DeckSource", "LibraryError", "Resolved", "available_decks", "clean_unfinished", "close_ids",
           "default_deck", "find_deck", "folder_ids", "folder_verdicts", "is_bundled", "install", "install_named", "library_folder", "list_decks", "missing_deck",
           "pack", "played_folder", "resolve_deck", "same_id_elsewhere", "two_folders", "unpacked", "why_played"]


if __name__ == "__main__":  # the child of :func:`folder_ids` and :func:`folder_verdicts`
    import json
    import sys

    from kiosk.limits import apply_limits

    apply_limits(CHILD_MEMORY_BYTES, int(IDS_TIMEOUT) + 1)  # before any folder is read
    if sys.argv[1:2] == ["--ids"]:
        print(json.dumps(_read_ids(sys.argv[2:])))
    elif sys.argv[1:2] == ["--played"] and len(sys.argv) > 2:
        print(json.dumps(_read_verdicts(sys.argv[2], sys.argv[3:])))
