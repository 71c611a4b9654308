"""Reading a deck bundle (.zip) as the tools coordinators use make them, safely.

:func:`read_plan` looks at every entry of a bundle before anything is written and says what to
unpack where (a :class:`Plan`), or refuses the bundle with the true reason (:class:`BundleError`).
:func:`extract` then writes the plan into a folder. Facts about zip files come from PKWARE's
APPNOTE.TXT 6.3.10 (general purpose bit 0: encrypted; bit 11: name in UTF-8; external
attributes: MS-DOS attribute 0x10 is a folder, the high 16 bits hold Unix mode bits) and from
Info-ZIP's extra field 0x7075 (the name in UTF-8 beside a name in the old code page).

What the usual tools do, and what happens to it here:

- **One top folder** (macOS Finder, Windows Explorer's "Send to › Compressed folder", 7-Zip and
  Info-ZIP when given the folder itself): the deck is the folder holding ``deck.yaml``, at the top
  or inside folders that hold nothing else.
- **Extras** (``__MACOSX/`` and ``._*`` AppleDouble files, ``.DS_Store``, ``Icon\\r`` from macOS;
  ``Thumbs.db``, ``desktop.ini`` from Windows; any hidden file or folder): left out, as
  :func:`kiosk.library.pack` leaves them out.
- **Backslashes** (Windows PowerShell 5.1's ``Compress-Archive`` writes ``folder\\deck.yaml``):
  read as folder separators.
- **Name encodings**: UTF-8 when bit 11 is set (7-Zip, Info-ZIP, ``kiosk pack``); Info-ZIP's
  UTF-8 extra field when present; otherwise UTF-8 when the bytes are valid UTF-8 (macOS, Info-ZIP
  on Linux), else code page 437 (the zip format's default; Windows Explorer and old tools).
- **Unicode forms**: every name is taken in NFC (macOS writes decomposed NFD names), so
  ``café.png`` in ``deck.yaml`` finds the picture whichever form the bundle holds.
- **Folders** with or without a trailing slash (a trailing slash, the MS-DOS folder attribute or
  a Unix folder mode), and **data descriptors** (sizes after the data): both read.
- ``Deck.yaml`` or ``DECK.YAML`` is taken as ``deck.yaml`` (it is the same file on Windows and macOS).

Refused, each with its reason: a path outside the deck folder (absolute, ``..``, a drive letter),
a symbolic link, a pipe, device or socket, a name with a control character (NUL included), a
name Windows cannot hold (a trailing dot or space, a device name such as ``CON.png`` or ``aux``, a
``:``, or one of ``< > " | ? *``), more than :data:`MAX_DEPTH` folder levels, two entries that are the same file once
normalised (same name twice, ``a/p.png`` and ``a\\p.png``, ``./p.png`` and ``p.png``, ``a//p.png`` and
``a/p.png``, NFC and NFD forms, or names differing
only in capital letters, which are one file on Windows and macOS), a name used as a file and as
a folder, more than :data:`MAX_FILES` entries or :data:`MAX_TOTAL_BYTES` unpacked, an entry
compressed more than :data:`MAX_RATIO` times, a password, a compression method Python cannot
read, no ``deck.yaml``, several decks, or files beside a deck folder.
"""

from __future__ import annotations

import contextlib
import lzma
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.outputs import WRITE_FAULTS
from kiosk.paths import DECK_FILE, near_deck_file, near_deck_hint
from kiosk.userfile import kind_name, size_words

#: Largest total size of a bundle once unpacked, in bytes (200 MB).
MAX_TOTAL_BYTES = 200 * 1024 * 1024
#: Largest bundle file read, in bytes: :data:`MAX_TOTAL_BYTES` stored uncompressed, plus room for
#: the zip's own headers and names.
MAX_BUNDLE_BYTES = MAX_TOTAL_BYTES + 64 * 1024 * 1024
#: Most entries (files and folders) in one bundle.
MAX_FILES = 1000
#: Largest ratio of unpacked to packed size for one entry; more is a zip bomb, not a deck.
MAX_RATIO = 100
#: Most folder levels in a name (``a/b/c/p.png`` has 4); a deck needs a few, thousands only break tools.
MAX_DEPTH = 32
#: Names Windows keeps for devices, with or without an extension, in any case (Microsoft, "Naming
#: Files, Paths, and Namespaces": CON, PRN, AUX, NUL, COM0-9, LPT0-9, and COM/LPT with the
#: superscript digits ¹ ² ³, which Windows also reads as digits).
#: Characters Windows does not allow in a file or folder name besides ``:`` (said apart, as a drive
#: letter or a stream name), ``/`` and ``\\`` (folder separators) and controls (Microsoft, "Naming
#: Files, Paths, and Namespaces": < > : " / \\ | ? * and characters 1-31).
WINDOWS_FORBIDDEN = '<>"|?*'
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL"} | {f"{port}{digit}" for port in ("COM", "LPT")
                                                             for digit in "0123456789¹²³"})
#: Entries smaller than this (bytes) are not held to :data:`MAX_RATIO` (tiny files compress oddly).
RATIO_FLOOR_BYTES = 1024 * 1024

#: Files the desktop's file managers leave in folders (compared in lower case); never unpacked.
EXTRA_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r"})
#: Top folders macOS Finder adds to a zip (resource forks); never unpacked.
EXTRA_FOLDERS = frozenset({"__macosx"})
#: Compression methods :mod:`zipfile` reads (APPNOTE 4.4.5).
READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
#: Names of methods seen in bundles that :mod:`zipfile` cannot read.
METHOD_NAMES = {9: "Deflate64", 93: "Zstandard", 95: "XZ", 96: "JPEG", 97: "WavPack", 98: "PPMd", 99: "AES"}
#: Errors raised while reading a damaged entry (bad data, cut short, wrong checksum).
DAMAGED = (zipfile.BadZipFile, EOFError, zlib.error, lzma.LZMAError, struct.error, ValueError,
           NotImplementedError, RuntimeError)

_UNIX_SYSTEMS = {3, 19}  # "made by" Unix, or OS X (APPNOTE 4.4.2)
_MSDOS_FOLDER = 0x10
_UNICODE_PATH_FIELD = 0x7075
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1


class BundleError(Exception):
    """A bundle that cannot be installed as it is; ``str()`` gives the reason and what to do."""


@dataclass(frozen=True)
class Item:
    """One entry of a bundle to unpack.

    Attributes:
        info: the entry in the zip.
        stored: its name as the bundle stores it (decoded), for messages.
        parts: where it goes, relative to the deck folder (NFC, one part per folder level).
    """

    info: zipfile.ZipInfo
    stored: str
    parts: tuple[str, ...]


@dataclass
class Plan:
    """What to unpack from a checked bundle (:func:`read_plan`).

    Attributes:
        root: the folder of the bundle holding ``deck.yaml`` (``""`` for the top), as stored.
        files: the deck's files, each with its place in the deck folder.
        folders: the deck's folders (each a tuple of parts), including empty ones.
        left_out: how many extras (``__MACOSX``, ``.DS_Store``, hidden files…) were left out.
    """

    root: str
    files: list[Item] = field(default_factory=list)
    folders: list[tuple[str, ...]] = field(default_factory=list)
    left_out: int = 0

    def stored_name(self, relative: str) -> str:
        """The name in the bundle of the file unpacked at ``relative`` (posix, in the deck folder)."""
        for item in self.files:
            if "/".join(item.parts) == relative:
                return item.stored
        return relative


#: Longest name a message shows whole, in characters; a longer one shows its start, "…" and its end.
SHOWN_CHARS = 80
#: Longest name (one file or folder) a bundle may hold, in bytes of UTF-8: what ext4, NTFS (in
#: UTF-16 units) and most other file systems hold.
MAX_NAME_BYTES = 255


def shown(name: str) -> str:
    """``name`` quoted for a message, with control characters written as escapes (never raw)."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)
    if len(text) > SHOWN_CHARS:  # a long name keeps its start and its end (the extension)
        text = text[:SHOWN_CHARS - 21] + "…" + text[-20:]
    return f"'{text}'"


def stored_name(info: zipfile.ZipInfo) -> str:
    """The name of an entry as its maker meant it (see the module's notes on encodings).

    :mod:`zipfile` decodes names without bit 11 as code page 437; their bytes are taken back
    (cp437 maps every byte) and read as Info-ZIP's UTF-8 field says, or as UTF-8 when valid.
    """
    name = info.orig_filename
    if info.flag_bits & _UTF8_FLAG or name.isascii():
        return name
    raw = name.encode("cp437")
    unicode_path = _unicode_path_field(info.extra, raw)
    if unicode_path is not None:
        return unicode_path
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return name


def _unicode_path_field(extra: bytes, raw: bytes) -> str | None:
    """The UTF-8 name in Info-ZIP's extra field 0x7075, when it is there and made for ``raw``."""
    offset = 0
    while offset + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4:offset + 4 + size]
        offset += 4 + size
        made_for_raw = len(body) >= 5 and body[0] == 1 and struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw)
        if tag == _UNICODE_PATH_FIELD and made_for_raw:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
    return None


def _parts(stored: str) -> tuple[str, ...]:
    """``stored`` as folder parts: backslashes are separators, NFC, empty and ``.`` parts dropped.

    Raises:
        BundleError: for an absolute path, a drive letter or a ``..`` part, or more than
            :data:`MAX_DEPTH` levels.
    """
    name = unicodedata.normalize("NFC", stored.replace("\\", "/"))
    parts = tuple(part for part in name.split("/") if part not in ("", "."))
    if name.startswith("/") or ".." in parts or re.match(r"[A-Za-z]:(?:/|$)", name):
        raise BundleError(f"the bundle holds {shown(stored)}, a path outside the deck folder")
    if len(parts) > MAX_DEPTH:
        raise BundleError(f"the bundle holds {shown(stored)}, {len(parts)} folder levels deep; a deck "
                          f"has at most {MAX_DEPTH}: move the file nearer the deck's folder and make the bundle again")
    return parts


def check_name(stored: str, parts: tuple[str, ...]) -> None:
    """Refuse a name (``stored``, split into ``parts``) with a control character (NUL included) or a
    part Windows cannot hold (:func:`windows_problem`).

    Raises:
        BundleError: saying which and why.
    """
    if any(not c.isprintable() for c in stored):
        raise BundleError(f"the bundle holds {shown(stored)}, a name with a control character; rename it "
                          "and make the bundle again")
    for part in parts:
        problem = windows_problem(part)
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            problem = (f"is {len(part.encode('utf-8'))} bytes long, more than the {MAX_NAME_BYTES} most file "
                       "systems hold in a name")
        if problem:
            whose = "which" if len(parts) == 1 else f"whose part {shown(part)}"
            raise BundleError(f"the bundle holds {shown(stored)}, {whose} {problem}; rename it and make the "
                              "bundle again")


def windows_problem(part: str) -> str | None:
    """Why one part of a name (a file or folder name) cannot exist on Windows, or ``None``.

    Windows drops a trailing dot or space (``p.png.`` and ``p.png `` are ``p.png`` there), keeps
    :data:`WINDOWS_RESERVED` for devices whatever the extension (``CON.png``, ``aux``), reads
    ``:`` as the start of a stream name, and allows none of :data:`WINDOWS_FORBIDDEN`
    (``what?.png``, ``a<b>.png``) (Microsoft, "Naming Files, Paths, and Namespaces").

    Returns:
        A phrase following the name ("ends with a dot, which Windows drops (…)"), or ``None``.
    """
    if part.endswith((".", " ")):
        end = "a dot" if part.endswith(".") else "a space"
        return f"ends with {end}, which Windows drops (it would be {shown(part.rstrip('. '))} there)"
    device = part.split(".")[0].rstrip(" ").upper()
    if device in WINDOWS_RESERVED:
        return f"is a name Windows keeps for a device ({device}), whatever its extension"
    if ":" in part:
        if re.match(r"[A-Za-z]:", part):
            return f"starts with '{part[:2]}', read by Windows as a drive letter"
        return "holds ':', which Windows reads as the start of a stream name"
    forbidden = next((ch for ch in part if ch in WINDOWS_FORBIDDEN), None)
    if forbidden is not None:
        return f"holds '{forbidden}', a character Windows does not allow in a file name"
    return None


def _is_folder(info: zipfile.ZipInfo, stored: str) -> bool:
    """True for a folder entry: a trailing slash, or (for an empty entry) a folder attribute."""
    if stored.endswith(("/", "\\")):
        return True
    if info.file_size:
        return False
    return bool(info.external_attr & _MSDOS_FOLDER) or stat.S_ISDIR(info.external_attr >> 16)


def is_extra(parts: tuple[str, ...]) -> bool:
    """True for a path (its folder parts) that file managers add and a deck never needs.

    That is anything hidden (a part starting with ``.``: ``.DS_Store``, ``._*`` AppleDouble
    files, ``.git``), macOS Finder's ``__MACOSX/`` folder, and :data:`EXTRA_FILES`.
    """
    return (parts[0].lower() in EXTRA_FOLDERS or parts[-1].lower() in EXTRA_FILES
            or any(part.startswith(".") for part in parts))


def _with_nul(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, stored: str) -> str:
    """``stored`` with what :mod:`zipfile` cut off at a NUL character put back.

    :mod:`zipfile` ends a name at its first NUL (``a\\x00b.png`` becomes ``a``); the name in the
    entry's local header (APPNOTE 4.3.7) still holds all of it, so a NUL is seen and refused.
    """
    if bundle.fp is None:
        return stored
    try:
        bundle.fp.seek(info.header_offset)
        header = bundle.fp.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return stored
        raw = bundle.fp.read(struct.unpack_from("<H", header, 26)[0])
    except (OSError, ValueError):
        return stored
    if b"\x00" not in raw:
        return stored
    return raw.decode("utf-8" if info.flag_bits & _UTF8_FLAG else "cp437", errors="replace")


def _check_entry(info: zipfile.ZipInfo, stored: str) -> None:
    """Refuse one entry that is a link or special file, locked, unreadable, or a bomb."""
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise BundleError(f"the bundle holds {shown(stored)}, a symbolic link; put the file itself in the deck "
                          "folder and make the bundle again")
    special = None if stat.S_ISDIR(mode) else kind_name(mode)  # a pipe, socket or device
    if special:
        raise BundleError(f"the bundle holds {shown(stored)}, marked as {special}, not a file; a deck holds "
                          "only files and folders: make the bundle again with kiosk pack DECK")
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise BundleError(f"{shown(stored)} in the bundle is protected by a password; make the bundle again "
                          "without one (kiosk pack DECK)")
    if info.compress_type not in READABLE_METHODS:
        method = METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise BundleError(f"{shown(stored)} in the bundle is compressed with {method}, which the kiosk cannot "
                          "read; make the bundle with kiosk pack DECK, or choose Deflate in your zip tool")
    ratio = too_compressed(info)
    if ratio:
        raise BundleError(f"{shown(stored)} in the bundle is compressed {ratio} times over, too much for a real "
                          "file; make the bundle again with kiosk pack DECK")


def over_ratio(unpacked: int, packed: int) -> int:
    """How many times over a file of ``unpacked`` bytes is compressed into ``packed`` bytes when that
    is more than an install takes (:data:`MAX_RATIO`, for files over :data:`RATIO_FLOOR_BYTES`: a zip
    bomb); else 0. The one rule for ``kiosk install`` (:func:`too_compressed`), ``kiosk pack`` and
    the warning of ``kiosk validate`` (:func:`packs_too_small`)."""
    if unpacked > RATIO_FLOOR_BYTES and unpacked > MAX_RATIO * max(1, packed):
        return unpacked // max(1, packed)
    return 0


def too_compressed(info: zipfile.ZipInfo) -> int:
    """How many times over the entry ``info`` is compressed when an install refuses it
    (:func:`over_ratio`); else 0. ``kiosk pack`` refuses to write such an entry too."""
    return over_ratio(info.file_size, info.compress_size)


#: Bytes read at a time by :func:`packs_too_small`.
_DEFLATE_CHUNK = 256 * 1024


def packs_too_small(path: Path) -> int:
    """How many times smaller the file ``path`` would pack than an install takes (:func:`over_ratio`),
    else 0: it is compressed as ``kiosk pack`` compresses it (:mod:`zipfile`'s deflate, zlib's
    default level, a raw stream), so ``kiosk validate`` warns of exactly what pack would refuse.

    Cheap for real pictures and videos: reading stops as soon as the output so far is larger than
    the file's size over :data:`MAX_RATIO` (about 1 % of it), as the file can then pass whatever
    follows; files of :data:`RATIO_FLOOR_BYTES` or less are never read.

    Raises:
        OSError: the file cannot be read.
    """
    size = path.stat().st_size
    if not over_ratio(size, 0):  # small enough to pass whatever it packs to
        return 0
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile.ZIP_DEFLATED
    unpacked = packed = 0
    with path.open("rb") as file:
        while chunk := file.read(_DEFLATE_CHUNK):
            unpacked += len(chunk)
            packed += len(compressor.compress(chunk))
            if packed * MAX_RATIO >= max(size, unpacked):
                return 0
    packed += len(compressor.flush())
    return over_ratio(unpacked, packed)


def too_small_words(name: str, ratio: int) -> str:
    """What ``kiosk pack`` and ``kiosk validate`` say of the file ``name`` (in the bundle) that packs
    ``ratio`` times smaller (:func:`over_ratio`)."""
    return (f"{shown(name)} packs {ratio} times smaller, more than a real picture or video does "
            "(kiosk install would refuse it)")


#: The steps that make two stored names one file, in order: (step, the reason when it is the only
#: one, the reason among others).
_SAME_FILE_STEPS = (
    (lambda name: name.replace("\\", "/"), "which are the same file ('\\' is Windows's folder separator)",
     "'\\' is Windows's folder separator"),
    (lambda name: "/".join(part for part in name.split("/") if part not in ("", ".")),
     "which are the same file ('./' and '//' add nothing to a path)", "'./' and '//' add nothing to a path"),
    (lambda name: unicodedata.normalize("NFC", name),
     "which are the same name in two Unicode forms (composed and decomposed accents)",
     "Unicode's composed and decomposed forms are one name"),
    (lambda name: unicodedata.normalize("NFC", name.casefold()),
     "whose names differ only in capital letters (one file on Windows and macOS)",
     "names differing only in capital letters are one file on Windows and macOS"),
)


def _same_file_reason(first: str, second: str) -> str:
    """Why two different stored names are one file once normalised: each step that brought them
    together (a backslash, ``./`` or ``//``, Unicode form, capital letters), truthfully."""
    reasons = []
    for step, alone, among in _SAME_FILE_STEPS:
        if first == second:
            break
        a, b = step(first), step(second)
        if (a, b) != (first, second):
            reasons.append((alone, among))
        first, second = a, b
    if len(reasons) == 1:
        return reasons[0][0]
    return "which are the same file (" + "; ".join(among for _alone, among in reasons) + ")"


def same_file_key(parts: tuple[str, ...]) -> str:
    """The name two paths (folder parts) share when they are one file on some system.

    Unicode NFC and case folded: macOS and Windows treat names differing only in capital letters
    as one, and macOS treats NFC and NFD forms as one.
    """
    return unicodedata.normalize("NFC", "/".join(parts).casefold())


def read_plan(bundle: zipfile.ZipFile) -> Plan:
    """Check every entry of ``bundle`` and say what to unpack where.

    Args:
        bundle: an open zip file.

    Returns:
        A :class:`Plan`: the deck's files and folders relative to its folder (the one holding
        ``deck.yaml``), extras left out.

    Raises:
        BundleError: with the true reason (see the module's notes).
    """
    infos = bundle.infolist()
    if len(infos) > MAX_FILES:
        raise BundleError(f"the bundle has {len(infos)} files; a deck has at most {MAX_FILES}")
    total = 0
    files: dict[str, Item] = {}
    folders: dict[str, tuple[str, ...]] = {}
    left_out = 0
    for info in infos:
        stored = _with_nul(bundle, info, stored_name(info))
        parts = _parts(stored)
        _check_entry(info, stored)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleError(f"the bundle unpacks to more than {size_words(MAX_TOTAL_BYTES)}; "
                              "make the pictures smaller")
        if not parts:
            continue  # the bundle's own top ("./")
        if is_extra(parts):
            left_out += 1
            continue
        check_name(stored, parts)
        key = same_file_key(parts)
        if _is_folder(info, stored):
            if key in files:
                raise BundleError(f"the bundle holds {shown(files[key].stored)} both as a file and as a folder; "
                                  "make the bundle again")
            folders.setdefault(key, parts)
            continue
        if key in folders:
            raise BundleError(f"the bundle holds {shown(stored)} both as a file and as a folder; "
                              "make the bundle again")
        if key in files:
            first = files[key].stored
            raise BundleError(f"the bundle holds {shown(first)} and {shown(stored)}, "
                              f"{_same_file_reason(first, stored)}; rename or remove one and make the bundle again"
                              if first != stored else
                              f"the bundle holds {shown(stored)} twice; make the bundle again so each file is "
                              "in it once (kiosk pack DECK does)")
        files[key] = Item(info, stored, parts)
    _no_file_and_folder(files)
    root = _deck_folder(list(files.values()))
    depth = len(root)
    plan = Plan("/".join(root), left_out=left_out)
    for item in files.values():
        relative = item.parts[depth:]
        if len(item.parts) == depth + 1 and relative[0].lower() == DECK_FILE:
            relative = (DECK_FILE,)  # Deck.yaml, DECK.YAML: the same file on Windows and macOS
        plan.files.append(Item(item.info, item.stored, relative))
    plan.folders = [parts[depth:] for parts in folders.values()
                    if len(parts) > depth and same_file_key(parts[:depth]) == same_file_key(root)]
    return plan


def _no_file_and_folder(files: dict[str, Item]) -> None:
    """Refuse a name used both for a file and as a folder holding other files."""
    for item in files.values():
        for cut in range(1, len(item.parts)):
            above = same_file_key(item.parts[:cut])
            if above in files:
                raise BundleError(f"the bundle holds {shown(files[above].stored)} as a file and as the folder "
                                  f"of {shown(item.stored)}; make the bundle again")


def _deck_folder(files: list[Item]) -> tuple[str, ...]:
    """The folder holding ``deck.yaml``: the top, or folders that hold nothing else.

    Raises:
        BundleError: no ``deck.yaml`` (naming what is there, and a near name), several decks, or
            files beside the deck's folder.
    """
    decks = [item for item in files if item.parts[-1].lower() == DECK_FILE]
    if not decks:
        raise BundleError(_no_deck_file(files))
    shallowest = min(len(item.parts) for item in decks)
    top = [item for item in decks if len(item.parts) == shallowest]
    if len(top) > 1:
        names = ", ".join(shown(item.stored) for item in top[:4])
        raise BundleError(f"the bundle holds {len(top)} decks ({names}); a bundle carries one deck: make one "
                          "bundle for each (kiosk pack DECK)")
    root = top[0].parts[:-1]
    outside = [item for item in files if same_file_key(item.parts[:len(root)]) != same_file_key(root)]
    if outside:
        folder = "/".join(root) + "/"
        raise BundleError(f"{DECK_FILE} is in the folder {shown(folder)} of the bundle, but "
                          f"{shown(outside[0].stored)} is outside it; a bundle holds one deck folder: make "
                          f"it with kiosk pack on the folder holding {DECK_FILE}")
    return root


def _no_deck_file(files: list[Item]) -> str:
    """Say that a bundle has no ``deck.yaml``, naming what it has instead."""
    if not files:
        return (f"the bundle holds no files (only folders or the extras file managers add), so no {DECK_FILE}; "
                "make it with kiosk pack DECK")
    by_name = {item.parts[-1]: item for item in files}
    near = near_deck_file(list(by_name))
    if near is not None:
        return (f"the bundle has no {DECK_FILE}, but it holds {shown(by_name[near].stored)}: "
                f"{near_deck_hint(near)} and make the bundle again")
    names = ", ".join(shown(item.stored) for item in files[:3]) + (f" and {len(files) - 3} more"
                                                                  if len(files) > 3 else "")
    return f"the bundle has no {DECK_FILE} (it holds {names}); make it with kiosk pack DECK"


class FolderError(BundleError):
    """A deck folder that cannot be packed as it is (:func:`deck_files`).

    Attributes:
        what: what is wrong, naming the file (relative to the deck folder).
        fix: how to put it right.
        each: ``(what, fix)`` of every file refused, this one first (:func:`deck_files` names
            them all at once: a symbolic link and a name Windows cannot hold together).
    """

    def __init__(self, what: str, fix: str, others: list[tuple[str, str]] | None = None) -> None:
        super().__init__(f"{what}; {fix}")
        self.what = what
        self.fix = fix
        self.each: list[tuple[str, str]] = [(what, fix), *(others or [])]


#: Endings of the files the kiosk itself writes, never part of a deck: bundles (``kiosk pack``,
#: ``kiosk publish``, with their signatures and half-written ``.part`` files) and event logs.
KIOSK_OUTPUTS = (".zip", ".zip.part", ".minisig", ".jsonl")


def is_output(name: str) -> bool:
    """True for a file name the kiosk writes (:data:`KIOSK_OUTPUTS`), left out of every pack."""
    return name.lower().endswith(KIOSK_OUTPUTS)


def deck_files(folder: Path, skip: set[Path] | frozenset[Path] = frozenset()) -> dict[str, Path]:
    """The files of a deck folder a bundle carries, by their name in the bundle, sorted: the one
    rule for ``kiosk pack``, ``kiosk publish`` and the warning ``kiosk validate`` gives.

    A name in the bundle uses forward slashes and Unicode NFC. Left out: hidden files and the
    extras file managers add (:func:`is_extra`), what the kiosk writes (:func:`is_output`: a
    ``.zip`` bundle left in the folder is never packed into the next one), and the files in
    ``skip`` (real paths).

    Raises:
        FolderError: the folder holds a symbolic link (a bundle never carries one), two files
            that would be one file once installed (NFC and NFD forms of a name, or names
            differing only in capital letters), a name an install refuses (a control character,
            a name Windows cannot hold: :func:`check_name`), every such file named at once
            (:attr:`FolderError.each`, in the order of the walk); folders more than :data:`MAX_DEPTH`
            deep, more files or bytes than an install takes, or a file that packs too small (a
            zip bomb to an install: :func:`packs_too_small`), or cannot be read.
    """
    from kiosk.userfile import real_path

    files: dict[str, Path] = {}
    seen: dict[str, str] = {}
    refused: list[tuple[str, str]] = []  # (what, fix) of each file refused, all said at once
    for path in _walk(folder):
        relative = path.relative_to(folder)
        name = relative.as_posix()
        if is_extra(relative.parts) or is_output(relative.name) or real_path(path) in skip:
            continue
        if path.is_symlink():
            refused.append((f"{shown(name)} is a symbolic link, which a bundle never carries",
                            "put the file itself in the deck folder, or remove the link"))
            continue
        if not path.is_file():
            continue
        try:
            check_name(name, relative.parts)
        except BundleError as exc:
            what, _, fix = str(exc).removeprefix("the bundle holds ").rpartition("; ")
            refused.append((what, fix.replace(" and make the bundle again", "")))
            continue
        key = same_file_key(relative.parts)
        if key in seen:
            refused.append((f"{shown(seen[key])} and {shown(name)} would be one file once installed (their names "
                            "differ only in Unicode form or capital letters)", "rename or remove one"))
            continue
        seen[key] = name
        files[unicodedata.normalize("NFC", name)] = path
    if refused:
        raise FolderError(*refused[0], others=refused[1:])
    _within_limits(files)
    return dict(sorted(files.items()))


#: What to do with a file that makes a deck folder too large to install.
UNUSED_FILE_FIX = "remove it from the deck folder if no slide uses it"
#: What to do with a file that packs too small (:func:`packs_too_small`): a slide may well use it.
PACKS_SMALL_FIX = ("if a slide uses it, make it smaller (a picture of fewer pixels: a screen shows at most "
                   "a few million); else remove it from the deck folder")
#: Size of a file no slide uses that ``kiosk validate`` warns about, in bytes (10 MiB): every
#: bundle of the deck carries it to every kiosk.
LARGE_FILE_BYTES = 10 * 1024 * 1024


def _within_limits(files: dict[str, Path]) -> None:
    """Refuse files a bundle could not carry to an install: more than :data:`MAX_FILES`, more than
    :data:`MAX_TOTAL_BYTES` in all (the limits :func:`read_plan` holds a bundle to; a sparse file
    counts at its full size, as it unpacks), or a file that packs more than :data:`MAX_RATIO` times
    smaller (:func:`packs_too_small`, the rule an install holds each entry to).

    Raises:
        FolderError: naming the largest file, or the file that packs too small.
    """
    if len(files) > MAX_FILES:
        raise FolderError(f"the deck folder holds {len(files)} files, more than the {MAX_FILES} a bundle may hold",
                          "remove the files no slide uses")
    sizes = {}
    for name, path in files.items():
        try:
            sizes[name] = path.stat().st_size
        except OSError as exc:
            raise FolderError(f"{shown(name)} cannot be read ({exc.strerror or exc})",
                              "check the file's permissions") from None
    total = sum(sizes.values())
    if total > MAX_TOTAL_BYTES:
        largest = max(sizes, key=sizes.__getitem__)
        raise FolderError(f"the deck folder holds {size_words(total)} of files, more than the "
                          f"{size_words(MAX_TOTAL_BYTES)} a bundle may unpack to; the largest is {shown(largest)} "
                          f"({size_words(sizes[largest])})", f"{UNUSED_FILE_FIX}, or make the pictures smaller")
    for name, path in files.items():
        try:
            ratio = packs_too_small(path)
        except OSError as exc:
            raise FolderError(f"{shown(name)} cannot be read ({exc.strerror or exc})",
                              "check the file's permissions") from None
        if ratio:
            raise FolderError(too_small_words(name, ratio), PACKS_SMALL_FIX)


def _walk(folder: Path) -> Iterator[Path]:
    """Every path under ``folder``, without recursion (a deep tree cannot exhaust Python's stack).

    Raises:
        FolderError: a folder more than :data:`MAX_DEPTH` levels down, or one that cannot be read.
    """
    from kiosk.userfile import unreadable_message

    stack = [(folder, 0)]
    while stack:
        here, depth = stack.pop()
        try:
            entries = list(os.scandir(here))
        except OSError as exc:
            what, _, fix = unreadable_message(here, exc.strerror or str(exc)).partition(" — ")
            raise FolderError(what, fix or "check the folder's permissions") from None
        for entry in entries:
            path = Path(entry.path)
            yield path
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 >= MAX_DEPTH:
                    raise FolderError(f"{shown(path.relative_to(folder).as_posix())} is more than {MAX_DEPTH} "
                                      "folder levels deep", "move its files nearer the deck's folder")
                stack.append((path, depth + 1))


def extract(bundle: zipfile.ZipFile, plan: Plan, target: Path) -> None:
    """Write the files and folders of ``plan`` into the folder ``target``.

    Never writes more bytes than an entry declares, nor anything outside ``target``.

    Raises:
        BundleError: for an entry that is damaged or larger than it says, or that the disk
            refuses (full, no permission, a name the file system cannot hold), naming it.
        OSError: when the disk is full (or a quota used up) as a file is written or closed.
    """
    for parts in plan.folders:
        try:
            target.joinpath(*parts).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BundleError(f"the folder {shown('/'.join(parts))} cannot be made "
                              f"({exc.strerror or exc})") from None
    for item in plan.files:
        try:
            destination = target.joinpath(*item.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            sink = open(destination, "xb")  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            raise BundleError(_not_written(item, exc)) from None
        with sink, _reading(item), bundle.open(item.info) as source:
            written = 0
            while chunk := source.read(1024 * 1024):
                written += len(chunk)
                if written > item.info.file_size:
                    raise BundleError(f"{shown(item.stored)} in the bundle is larger than it says; "
                                      "copy the bundle again, or make it again with kiosk pack DECK")
                try:
                    sink.write(chunk)
                except OSError as exc:
                    if exc.errno in WRITE_FAULTS:  # the disk, not the bundle: said as every full disk is
                        raise
                    raise BundleError(_not_written(item, exc)) from None


@contextlib.contextmanager
def _reading(item: Item):
    """Turn an error reading ``item`` (bad data, cut short, wrong checksum) into a :class:`BundleError`."""
    try:
        yield
    except (*DAMAGED, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno in WRITE_FAULTS:  # writing it, not reading: the disk
            raise
        if isinstance(exc, OSError) and exc.errno is not None:  # not bad data (bz2 says that with no errno)
            raise BundleError(f"{shown(item.stored)} cannot be read from the bundle ({exc.strerror}); copy the "
                              "bundle again") from None
        raise BundleError(f"{shown(item.stored)} in the bundle is damaged ({damage_words(exc)}); copy the bundle "
                          "again, or make it again with kiosk pack DECK") from None


def damage_words(exc: BaseException) -> str:
    """What a damaged file in a bundle suffers from, in plain words, for the errors of
    :data:`DAMAGED`: a wrong checksum (``BadZipFile("Bad CRC-32 ...")``), compressed data that do
    not unpack (``zlib.error``, ``lzma.LZMAError``), data that end too soon (``EOFError``);
    anything else as Python says it."""
    if isinstance(exc, zipfile.BadZipFile) and str(exc).startswith("Bad CRC-32"):
        return "its checksum does not match its contents"
    if isinstance(exc, (zlib.error, lzma.LZMAError)):
        return "its compressed data do not unpack"
    if isinstance(exc, EOFError):
        return "its data end too soon"
    return str(exc)


def _not_written(item: Item, exc: OSError) -> str:
    return f"{shown(item.stored)} cannot be written ({exc.strerror or exc})"


__all__ = [
    "KIOSK_OUTPUTS",
    "MAX_BUNDLE_BYTES",
    "MAX_DEPTH",
    "MAX_FILES",
    "MAX_RATIO",
    "too_compressed",
    "over_ratio",
    "packs_too_small",
    "too_small_words",
    "MAX_TOTAL_BYTES",
    "RATIO_FLOOR_BYTES",
    "WINDOWS_FORBIDDEN",
    "WINDOWS_RESERVED",
    "BundleError",
    "FolderError",
    "Item",
    "Plan",
    "check_name",
    "deck_files",
    "extract",
    "is_extra",
    "is_output",
    "read_plan",
    "same_file_key",
    "shown",
    "stored_name",
    "windows_problem",
]
