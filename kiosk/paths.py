"""Every folder and file location the kiosk uses, in one place.

The kiosk's own folders come from :mod:`platformdirs` (the platform's conventions; on Linux the
XDG base directories), except where a setting or a flag names another:

==================  ==========================================  ===========================================
what                where (Linux defaults)                      function
==================  ==========================================  ===========================================
configuration       ``$KIOSK_CONFIG_DIR``, else ``~/.config/     :func:`config_dir`; :func:`settings_file`,
                    kiosk`` (``user_config_path``)               :func:`pin_file`
deck library        ``~/.local/share/kiosk/decks``, in a        :func:`library` (setting ``library``)
                    checkout too; never the bundled decks
bundled decks       ``slides/`` in a checkout, ``kiosk/decks``   :func:`decks`, :func:`default_deck`
                    in a wheel
assets              ``assets/`` (fonts, images, icons)           :func:`assets`
logs                ``~/.local/state/kiosk/log``                 :func:`log_dir` (setting ``log_folder``)
                    (``user_log_path``)
state               ``~/.local/state/kiosk``                     :func:`state_dir`
check verdicts      ``~/.cache/kiosk`` (``user_cache_path``)     :func:`cache_dir` (:mod:`kiosk.checkcache`)
crash reports       the state folder                            :func:`crash_dir`
visitor counts      ``stats.db`` in the state folder            :func:`stats_file` (setting ``stats_file``)
updates state       ``.kiosk-updates.json`` in the library      :func:`updates_state`
==================  ==========================================  ===========================================

Which *deck* a name or a setting means is worked out in one place too:
:func:`kiosk.library.resolve_deck`.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_APP = "kiosk"

#: Environment variable naming another configuration folder (tests, or several kiosks on one account).
CONFIG_ENV = "KIOSK_CONFIG_DIR"
#: Name of the settings file inside the configuration folder.
SETTINGS_FILE = "settings.toml"
#: Name of the staff PIN's hash file inside the configuration folder.
PIN_FILE = "pin"
#: Name of the visitor counts database inside the state folder.
STATS_FILE = "stats.db"
#: Name of the file, inside the library, where the updates remember what they installed.
UPDATES_STATE_FILE = ".kiosk-updates.json"
#: The file of a deck folder that holds the deck.
DECK_FILE = "deck.yaml"
#: Longest id of a deck, slide or page, in characters (ids are ASCII: bytes too). An id becomes a
#: file or folder name: the deck's folder in the library (``kiosk install``), its bundle's and its
#: published files' names (``ID.zip``, ``ID-7.zip.minisig``) and the pictures of ``kiosk render``
#: (``NN-SLIDE--PAGE.png``). Every file system takes a name of 255 bytes (ext4, NTFS, APFS, FAT's
#: long names); 64 leaves room for what is written around it.
NAME_MAX = 64
#: Largest file read as a deck, in bytes. A deck is text (the bundled one is 42 KiB); anything
#: bigger is a mistake.
MAX_DECK_BYTES = 1024 * 1024
#: The deck played when none is named.
DEFAULT_DECK_ID = "freedom-week-2019"
#: The kinds of the kiosk's own folders that :mod:`platformdirs` finds (``user_<kind>_path``).
FOLDER_KINDS = ("config", "data", "log", "state", "cache")

#: Those folders as another process of this kiosk found them (:func:`take_folders`), by kind.
_taken: dict[str, Path] = {}


def _platform(kind: str) -> Path:
    """The platform's user folder of ``kind`` (one of :data:`FOLDER_KINDS`) for the kiosk:
    ``platformdirs.user_<kind>_path("kiosk")``, or the one :func:`take_folders` took."""
    if kind in _taken:
        return _taken[kind]
    import platformdirs  # read once a folder is asked for, and never by a process given them

    return getattr(platformdirs, f"user_{kind}_path")(_APP)


def found_folders() -> dict[str, str]:
    """The platform's user folders of the kiosk, by kind (:data:`FOLDER_KINDS`), as paths: for a
    process of this kiosk that starts with the same environment (:func:`take_folders`)."""
    return {kind: os.fspath(_platform(kind)) for kind in FOLDER_KINDS}


def take_folders(folders: dict[str, str]) -> None:
    """Take ``folders`` (:func:`found_folders` of the start-up process, :mod:`kiosk.handover`) as
    this process's own: :mod:`platformdirs` is not read here. Kinds not in
    :data:`FOLDER_KINDS` are ignored."""
    _taken.update({kind: Path(folder) for kind, folder in folders.items() if kind in FOLDER_KINDS})


def _first(*candidates: Path) -> Path:
    return next((c for c in candidates if c.is_dir()), candidates[0])


def assets() -> Path:
    """The ``assets/`` folder (fonts, images, icons)."""
    return _first(_PACKAGE.parent / "assets", _PACKAGE / "assets")


def decks() -> Path:
    """The folder of bundled decks (``slides/`` in a checkout)."""
    return _first(_PACKAGE.parent / "slides", _PACKAGE / "decks")


def default_deck() -> Path:
    """The bundled Norfolk Freedom Week deck's folder."""
    return decks() / DEFAULT_DECK_ID


def near_deck_file(names: list[str]) -> str | None:
    """Of the file names ``names`` (a deck folder's, or a bundle's deck folder's), the one that
    looks meant as ``deck.yaml``: first a name starting ``deck.`` or ``deck `` in any case
    (``deck.yml``, ``deck.yaml.txt``, whose ``.txt`` Windows may hide, ``Deck.yaml``, ``deck (1).yaml``),
    then any YAML file (``.yaml``, ``.yml``); ``None`` when none does. The one rule for a deck
    folder (:func:`kiosk.deck.source.read_yaml`) and a bundle (:mod:`kiosk.bundle`)."""
    names = sorted(name for name in names if name != DECK_FILE)
    for alike in (lambda n: n.lower().startswith(("deck.", "deck ")),
                  lambda n: n.lower().endswith((".yaml", ".yml", ".yaml.txt", ".yml.txt"))):
        found = [name for name in names if alike(name)]
        if found:
            return found[0]
    return None


def near_deck_file_in(folder: Path) -> str | None:
    """The name of the file in ``folder`` that looks meant as its ``deck.yaml``
    (:func:`near_deck_file`), or ``None`` (also when the folder cannot be read)."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return None
    return near_deck_file(names)


#: Most entries of a folder looked at for deck folders inside it (:func:`decks_inside`).
MAX_FOLDER_ENTRIES = 2000


def decks_inside(folder: Path) -> list[str]:
    """The names, sorted, of the deck folders (each holding a ``deck.yaml``) directly inside
    ``folder`` when it is a folder of decks rather than a deck: it holds no ``deck.yaml`` nor a
    file named ``deck.`` something (``deck.yml``: a deck saved under another name). Another YAML
    file beside the deck folders (``base.yaml``) does not make it a deck: with deck folders in
    it, it is still a folder of decks. ``[]`` for any other folder, one that cannot be read, or a
    path that is no folder. The one rule for ``kiosk validate`` (the loader) and the process that
    plays (which names the folder, not a ``deck.yaml`` that is not there).

    Looks at :data:`MAX_FOLDER_ENTRIES` entries at most.
    """
    near = near_deck_file_in(folder)
    if os.path.lexists(folder / DECK_FILE) or not os.path.isdir(folder) or (
            near is not None and near.lower().startswith(("deck.", "deck "))):
        return []
    found = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_FOLDER_ENTRIES:
                    break
                try:
                    if entry.is_dir() and os.path.isfile(os.path.join(entry.path, DECK_FILE)):
                        found.append(entry.name)
                except OSError:
                    continue
    except OSError:
        return []
    return sorted(found)


def near_deck_hint(name: str) -> str:
    """How to fix a deck folder whose deck file is called ``name`` (:func:`near_deck_file`)."""
    return f"rename it {DECK_FILE}" + (" (Windows may hide a second extension such as .txt)"
                                       if name.lower().endswith(".txt") else "")


def deck_file(path: Path | str) -> Path:
    """Return the ``deck.yaml`` for a deck folder, or ``path`` itself when it is a file."""
    path = Path(path)
    return path / DECK_FILE if os.path.isdir(path) else path  # never raises, as Path.is_dir() may


def shown(file: Path) -> str:
    """``file`` as messages name it: relative to the current folder, unless it lies outside it
    (then as given)."""
    relative = os.path.relpath(file)
    return relative if Path(relative).parts[:1] != ("..",) else str(file)


def config_dir() -> Path:
    """The kiosk's configuration folder: ``$KIOSK_CONFIG_DIR`` if set, else the platform's user
    configuration folder (``platformdirs.user_config_path("kiosk")``: ``~/.config/kiosk`` on Linux,
    ``%LOCALAPPDATA%\\kiosk\\kiosk`` on Windows). It may not exist yet."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else _platform("config")


def settings_file() -> Path:
    """The settings file: ``config_dir() / "settings.toml"`` (see :mod:`kiosk.settings`)."""
    return config_dir() / SETTINGS_FILE


def pin_file() -> Path:
    """Where the staff PIN's hash is kept: ``config_dir() / "pin"`` (see :mod:`kiosk.pin`)."""
    return config_dir() / PIN_FILE


def data_dir() -> Path:
    """The kiosk's data folder (``platformdirs.user_data_path("kiosk")``, ``~/.local/share/kiosk`` on
    Linux), where the installed deck library lives."""
    return _platform("data")


def library() -> Path:
    """The default deck library (the setting ``library`` names another).

    Returns:
        ``data_dir() / "decks"`` (``~/.local/share/kiosk/decks`` on Linux), whether the kiosk is
        installed or runs from a source checkout: installed decks never go among the bundled
        decks (:func:`decks`, git-tracked ``slides/`` in a checkout). The folder may not exist yet.
    """
    return data_dir() / "decks"


def inside_bundled(folder: Path) -> bool:
    """True when ``folder`` is the bundled decks' folder (:func:`decks`) or inside it.

    Installing or updating there would change the decks that came with the kiosk (in a checkout,
    git-tracked files), so :func:`kiosk.library.install` refuses such a library.
    """
    try:
        target, bundled = Path(os.path.realpath(os.path.expanduser(folder))), Path(os.path.realpath(decks()))
    except (OSError, RuntimeError):
        return False
    return target == bundled or bundled in target.parents


def log_dir() -> Path:
    """Where ``kiosk.log`` and ``events.jsonl`` go unless ``log_folder`` says otherwise
    (``platformdirs.user_log_path("kiosk")``)."""
    return _platform("log")


def state_dir() -> Path:
    """The kiosk's own state folder: ``platformdirs.user_state_path("kiosk")``
    (``$XDG_STATE_HOME/kiosk``, by default ``~/.local/state/kiosk`` on Linux; ``%LOCALAPPDATA%\\kiosk\\kiosk``
    on Windows). Private to the kiosk's user (see :mod:`kiosk.outputs`); never the shared
    temporary folder."""
    return _platform("state")


def cache_dir() -> Path:
    """The kiosk's cache folder: ``platformdirs.user_cache_path("kiosk")`` (``$XDG_CACHE_HOME/kiosk``,
    by default ``~/.cache/kiosk`` on Linux; ``%LOCALAPPDATA%\\kiosk\\kiosk\\Cache`` on Windows).
    Only what can be made again goes there (the verdicts of checks, :mod:`kiosk.checkcache`);
    it may not exist yet."""
    return _platform("cache")


def crash_dir() -> Path:
    """Where crash reports go: the state folder (:func:`state_dir`)."""
    return state_dir()


def stats_file() -> Path:
    """The kiosk's own visitor counts database unless ``stats_file`` says otherwise:
    ``stats.db`` in :func:`state_dir`."""
    return state_dir() / STATS_FILE


def updates_state(library_folder: Path) -> Path:
    """The file in ``library_folder`` where the updates remember what they installed
    (:class:`kiosk.fleet.fetch.State`)."""
    return library_folder / UPDATES_STATE_FILE
