"""The deck library: a folder of deck folders, and deck bundles (.zip) to carry them between machines.

- :func:`library_folder`: ``slides/`` in a development checkout; on a kiosk
  ``platformdirs.user_data_path("kiosk") / "decks"`` (``~/.local/share/kiosk/decks`` on Linux).
- :func:`list_decks`: each deck in a library with its id, title, slide count and problems.
- :func:`available_decks` / :func:`find_deck`: the one view of decks every part of the kiosk
  uses (settings, ``kiosk run``, ``kiosk decks``, the staff menu): the installed library, plus
  the decks bundled with the kiosk (:func:`kiosk.paths.decks`); an installed deck with the same
  id as a bundled one is the one used.
- :func:`pack`: one checked deck folder into one .zip (the folder's contents only).
- :func:`install`: a .zip into the library, safely. It is checked before anything is written
  (no absolute paths, no ``..``, no links, at most :data:`MAX_FILES` files and
  :data:`MAX_TOTAL_BYTES` bytes unpacked, no entry compressed more than :data:`MAX_RATIO`
  times: the usual defences against "zip slip" and zip bombs), unpacked into a temporary
  folder *inside* the library (same file system, so the final rename is atomic), checked with
  :func:`kiosk.deck.load_deck`, and only then renamed into place. An older version of the same
  deck id is swapped out in the same step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere it is
  renamed aside first and put back if the new one cannot be moved in), so a half-copied or
  broken bundle never replaces a good deck, and a running kiosk sees one complete change.
"""

from __future__ import annotations

import ctypes
import dataclasses
import ctypes.util
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import platformdirs

from kiosk import paths
from kiosk.deck import load_deck
from kiosk.deck.load import DECK_FILE
from kiosk.deck.problems import Problem
from kiosk.deck.source import SourceDoc
from kiosk.player.views import localise

#: Largest total size of a bundle once unpacked, in bytes (200 MB).
MAX_TOTAL_BYTES = 200 * 1024 * 1024
#: Most files (and folders) in one bundle.
MAX_FILES = 1000
#: Largest ratio of unpacked to packed size for one entry; more is a zip bomb, not a deck.
MAX_RATIO = 100
#: Entries smaller than this (bytes) are not held to :data:`MAX_RATIO` (tiny files compress oddly).
RATIO_FLOOR_BYTES = 1024 * 1024
#: Prefix of the library's temporary folders (hidden, skipped by :func:`list_decks`).
TEMP_PREFIX = ".installing-"


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


def library_folder() -> Path:
    """The deck library: ``slides/`` in a development checkout, else the user's data folder.

    Returns:
        ``<checkout>/slides`` when the kiosk runs from a source checkout (a ``pyproject.toml``
        beside the package), otherwise ``platformdirs.user_data_path("kiosk") / "decks"``
        (``~/.local/share/kiosk/decks`` on Linux). The folder may not exist yet.
    """
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "slides").is_dir():
        return checkout / "slides"
    return platformdirs.user_data_path("kiosk") / "decks"


def list_decks(library: Path) -> list[DeckEntry]:
    """Every deck in ``library`` (each sub-folder holding a ``deck.yaml``), sorted by folder name.

    Hidden folders (such as an unfinished install) are skipped. A library that does not exist
    holds no decks.
    """
    entries: list[DeckEntry] = []
    if not library.is_dir():
        return entries
    for folder in sorted(library.iterdir()):
        if folder.name.startswith(".") or not (folder / DECK_FILE).is_file():
            continue
        result = load_deck(folder)
        errors = [p for p in result.problems if p.severity == "error"]
        warnings = [p for p in result.problems if p.severity == "warning"]
        if result.ok:
            info = result.deck.deck
            entries.append(DeckEntry(info.id, localise(info.title, info.languages[0], info.languages[0]), folder,
                                     len(result.deck.slides), True, errors, warnings))
        else:
            deck_id, title, slides = _as_read(result.source, folder)
            readable = result.source is not None and isinstance(result.source.data, dict)
            entries.append(DeckEntry(deck_id, title, folder, slides, False, errors, warnings, readable))
    return entries


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def available_decks(library: Path | None = None) -> list[DeckEntry]:
    """Every deck the kiosk can play by id: the library's, then the bundled ones it does not replace.

    Args:
        library: the installed deck library (default :func:`library_folder`); it may not exist.

    Returns:
        The library's decks (:func:`list_decks`), then each bundled deck
        (:func:`kiosk.paths.decks`, ``bundled=True``) whose id and folder name no library deck
        has, each group sorted by folder name. When the library *is* the bundled folder (a
        source checkout), its decks are listed once, as bundled.
    """
    library = library if library is not None else library_folder()
    bundled_folder = paths.decks()
    if _same_folder(library, bundled_folder):
        return [replace(entry, bundled=True) for entry in list_decks(bundled_folder)]
    installed = list_decks(library)
    taken = {entry.id for entry in installed} | {entry.path.name for entry in installed}
    return installed + [replace(entry, bundled=True) for entry in list_decks(bundled_folder)
                        if entry.id not in taken and entry.path.name not in taken]


def find_deck(deck_id: str, library: Path | None = None) -> Path | None:
    """The folder of the deck called ``deck_id``: in the library first, else among the bundled decks.

    Args:
        deck_id: a deck id, which is its folder's name (``kiosk install`` names the folder so).
        library: the installed deck library (default :func:`library_folder`).

    Returns:
        The deck folder (holding ``deck.yaml``), or ``None`` when neither place has it, or when
        ``deck_id`` is not a plain name (it holds a path separator or starts with a dot).
    """
    if not deck_id or "/" in deck_id or "\\" in deck_id or deck_id.startswith("."):
        return None
    for folder in (library if library is not None else library_folder(), paths.decks()):
        candidate = folder / deck_id
        if (candidate / DECK_FILE).is_file():
            return candidate
    return None


def missing_deck(deck_id: str, library: Path | None = None) -> str:
    """The message for a deck id :func:`find_deck` did not find (which places were looked in)."""
    library = library if library is not None else library_folder()
    return f"no deck called '{deck_id}' in {library.expanduser().resolve()} or the bundled decks"


def close_ids(name: str, library: Path) -> list[str]:
    """Deck ids (and folder names) in ``library`` that look like ``name``, closest first.

    For "did you mean" hints after a mistyped deck id; ``difflib`` similarity of at least 0.6.
    """
    import difflib

    names = {entry.id for entry in list_decks(library)} | {
        folder.name for folder in (library.iterdir() if library.is_dir() else [])
        if not folder.name.startswith(".") and (folder / DECK_FILE).is_file()}
    return difflib.get_close_matches(name, sorted(names), n=3, cutoff=0.6)


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


def _deck_files(folder: Path) -> list[Path]:
    """The files of a deck folder to pack: everything but hidden files, sorted.

    Raises:
        LibraryError: when the folder holds a symbolic link (a bundle never carries one).
    """
    files: list[Path] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink():
            raise LibraryError(f"{path}: is a symbolic link; put the file itself in the deck folder")
        if path.is_file():
            files.append(path)
    return files


def pack(deck: Path, out: Path | None = None) -> Path:
    """Write a checked deck folder as one .zip bundle (the folder's contents, not the folder).

    Args:
        deck: a deck folder (or its ``deck.yaml``).
        out: the .zip to write (default: ``<deck id>.zip`` in the current folder).

    Returns:
        The bundle written.

    Raises:
        LibraryError: when the deck has errors (with ``problems``) or holds a symbolic link.
    """
    result = load_deck(deck)
    if not result.ok:
        raise LibraryError(f"{result.file} has errors; fix them before packing it", result.problems)
    out = out or Path(f"{result.deck.deck.id}.zip")
    files = _deck_files(result.folder)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for file in files:
            bundle.write(file, file.relative_to(result.folder).as_posix())
    os.replace(partial, out)
    return out


def check_bundle(bundle: zipfile.ZipFile) -> None:
    """Refuse a bundle that could write outside its folder or fill the disk.

    Raises:
        LibraryError: on an absolute path, a ``..`` part, a drive letter or backslash, a
            symbolic link, more than :data:`MAX_FILES` entries, more than
            :data:`MAX_TOTAL_BYTES` unpacked, or an entry compressed more than :data:`MAX_RATIO` times.
    """
    infos = bundle.infolist()
    if len(infos) > MAX_FILES:
        raise LibraryError(f"the bundle has {len(infos)} files; a deck has at most {MAX_FILES}")
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name).parts
        if name.startswith("/") or "\\" in name or ".." in parts or (parts and ":" in parts[0]):
            raise LibraryError(f"the bundle holds '{name}', a path outside the deck folder; it was not installed")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise LibraryError(f"the bundle holds '{name}', a symbolic link; it was not installed")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise LibraryError(f"the bundle unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB; "
                               "make the pictures smaller")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise LibraryError(f"'{name}' in the bundle is compressed {info.file_size // max(1, info.compress_size)} "
                               "times over, too much for a real file; it was not installed")


def _extract(bundle: zipfile.ZipFile, target: Path) -> None:
    """Unpack a checked bundle into ``target``, never writing more bytes than each entry declares."""
    for info in bundle.infolist():
        destination = target.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with bundle.open(info) as source, open(destination, "xb") as sink:
            while chunk := source.read(1024 * 1024):
                written += len(chunk)
                if written > info.file_size:
                    raise LibraryError(f"'{info.filename}' in the bundle is larger than it says; it was not installed")
                sink.write(chunk)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
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
    aside = Path(tempfile.mkdtemp(prefix=".replaced-", dir=target.parent))
    old = aside / target.name
    os.rename(target, old)
    try:
        os.rename(staged, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def install(bundle_file: Path, library: Path) -> DeckEntry:
    """Install a deck bundle into ``library`` as ``<library>/<deck id>``, replacing an older version.

    Args:
        bundle_file: a .zip made by :func:`pack` (a bundle whose files sit in one top folder
            is accepted too).
        library: the deck library (created if needed).

    Returns:
        The installed deck.

    Raises:
        LibraryError: when the file is not a zip, fails :func:`check_bundle`, or holds a deck
            with errors (with ``problems``); nothing in the library has changed then.
    """
    library.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=library))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # an ordinary folder once in place (mkdtemp makes it private)
    try:
        try:
            with zipfile.ZipFile(bundle_file) as bundle:
                check_bundle(bundle)
                _extract(bundle, staging)
        except (zipfile.BadZipFile, EOFError) as exc:
            raise LibraryError(f"{bundle_file} is not a readable .zip bundle ({exc}); make it again with kiosk pack") \
                from None
        except FileNotFoundError:
            raise LibraryError(f"{bundle_file}: no such file") from None
        root = _deck_root(staging)
        result = load_deck(root)
        if not result.ok:
            raise LibraryError(f"the deck in {bundle_file} has errors; it was not installed",
                               _in_bundle(result.problems, root, bundle_file))
        deck_id = result.deck.deck.id
        _move_into_place(root, library / deck_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return next(entry for entry in list_decks(library) if entry.path == library / deck_id)


def _in_bundle(problems: list[Problem], root: Path, bundle_file: Path) -> list[Problem]:
    """``problems`` of a deck unpacked at ``root``, each naming its file inside the bundle
    (``invalid.zip: deck.yaml:94:12: …``) rather than the hidden folder it was unpacked in."""
    named = []
    for problem in problems:
        try:
            inside = Path(problem.file).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            inside = problem.file
        named.append(dataclasses.replace(problem, file=f"{bundle_file}: {inside}"))
    return named


def _deck_root(staging: Path) -> Path:
    """The folder of an unpacked bundle that holds ``deck.yaml``: its top, or its one sub-folder.

    Raises:
        LibraryError: when there is no ``deck.yaml`` at either place.
    """
    if (staging / DECK_FILE).is_file():
        return staging
    children = [c for c in staging.iterdir() if not c.name.startswith(".")]
    if len(children) == 1 and (children[0] / DECK_FILE).is_file():
        return children[0]
    raise LibraryError(f"the bundle has no {DECK_FILE}; make it with kiosk pack DECK")


__all__ = ["DeckEntry", "LibraryError", "available_decks", "check_bundle", "close_ids", "find_deck", "install",
           "library_folder", "list_decks", "missing_deck", "pack"]
