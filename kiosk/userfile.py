"""Read a file a person gave the kiosk (a deck, the settings, the PIN file) without being fooled.

A path can name something that is not a file: a named pipe (FIFO) blocks a plain ``open()``
until someone writes to it, ``/dev/zero`` or ``/dev/urandom`` never end, a folder or a socket
cannot be read at all. So :func:`read_bounded`:

- opens without blocking (``O_NONBLOCK``; opening a FIFO for reading then returns at once),
- asks the *opened* file what it is (``fstat`` on the descriptor, so the answer is about the
  very thing that will be read, not about a name that may be swapped in between) and refuses
  anything but a regular file,
- reads at most ``limit + 1`` bytes, so a file that is, or grows, larger than the limit is
  refused without reading more.

Symbolic links are followed: the test is on what they lead to.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: What each kind of non-regular file is called in messages.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def kind_name(mode: int) -> str | None:
    """What a file of ``mode`` (``st_mode``, or a zip entry's Unix mode) is called in messages when
    it is a folder, named pipe, socket or device ("a named pipe (FIFO)"); ``None`` for any other."""
    return next((name for test, name in _KINDS if test(mode)), None)


#: The streams every process starts with, by file descriptor, as messages name them.
_STREAMS = {0: "standard input", 1: "standard output", 2: "standard error"}
#: The system's names of those streams in ``/dev`` (links into ``/proc/self/fd``).
_STREAM_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def stream_of(path: Path | str) -> int | None:
    """The file descriptor of this process that ``path`` names when it is one of the system's
    names of its open files: ``/dev/stdout`` (1), ``/dev/stderr`` (2), ``/dev/stdin`` (0),
    ``/dev/fd/N`` and ``/proc/self/fd/N`` (also ``/proc/<this process's id>/fd/N``); else ``None``.
    Judged by the name alone, whatever the descriptor leads to now (Linux's names; ``/dev/std*``
    and ``/dev/fd`` are the same on the BSDs and macOS). Never raises."""
    try:
        absolute = os.path.normpath(os.path.abspath(path))
    except (ValueError, OSError):
        return None
    if absolute in _STREAM_NAMES:
        return _STREAM_NAMES[absolute]
    folder, name = os.path.split(absolute)
    if folder in ("/dev/fd", "/proc/self/fd", f"/proc/{os.getpid()}/fd") and name.isascii() and name.isdigit():
        return int(name)
    return None


def stream_words(path: Path | str) -> str | None:
    """What a name of one of this process's open files (:func:`stream_of`) is, as messages say it
    after "it is" or "PATH is": "the kiosk's standard output (a link to the terminal, pipe or
    file it writes to)", "the kiosk's open file number 7 (a link to whatever it has open there)";
    ``None`` for any other path. The one wording for every setting and flag that names a file or
    folder (:func:`wrong_kind`, :func:`kiosk.outputs.kind_of`). Never raises."""
    number = stream_of(path)
    if number is None:
        return None
    stream = _STREAMS.get(number)
    if stream is None:
        return f"the kiosk's open file number {number} (a link to whatever it has open there)"
    return f"the kiosk's {stream} (a link to the terminal, pipe or file it {'reads' if number == 0 else 'writes to'})"


class UserFileError(OSError):
    """The file cannot be read as a user's file: it is missing, not a regular file, too large or
    unreadable.

    Attributes:
        reason: what is wrong, in plain words ("it is a named pipe (FIFO), not a file").
        missing: True when nothing is at the path (the caller may treat that as "not given").
        too_large: True when the file is larger than the limit.
    """

    def __init__(self, reason: str, *, missing: bool = False, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing
        self.too_large = too_large


def open_regular(path: Path | str, limit: int) -> BinaryIO:
    """Open a regular file of at most ``limit`` bytes for reading, refusing anything else at once.

    The file is opened without blocking (a named pipe opens at once instead of waiting for a
    writer), then the *opened* file is asked what it is (``fstat``), so a folder, pipe, socket or
    device (``/dev/zero`` never ends) is refused before a byte is read.

    Args:
        path: the file (symbolic links are followed).
        limit: the largest size accepted, in bytes.

    Returns:
        The file, open for binary reading (blocking reads); the caller closes it.

    Raises:
        UserFileError: when nothing is there (``missing`` is True), when it is a folder, pipe,
            socket or device (the reason says "…, not a file"), when it is larger than ``limit``
            bytes (``too_large``), or when it cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UserFileError("it does not exist", missing=True) from None
    except IsADirectoryError:
        raise UserFileError("it is a folder, not a file") from None
    except OSError as exc:
        raise UserFileError(_kind_of(path) or f"it cannot be opened ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UserFileError(f"it is {kind_name(info.st_mode) or 'not a regular file'}, not a file")
        if info.st_size > limit:
            raise UserFileError(f"it is {size_words(info.st_size)}, more than the {size_words(limit)} allowed",
                                too_large=True)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except UserFileError:
        os.close(fd)
        raise
    except OSError as exc:
        os.close(fd)
        raise UserFileError(f"it cannot be read ({exc.strerror or exc})") from None


def read_bounded(path: Path | str, limit: int) -> bytes:
    """Read the whole of a regular file of at most ``limit`` bytes.

    Args:
        path: the file (symbolic links are followed).
        limit: the largest size accepted, in bytes.

    Returns:
        The file's bytes.

    Raises:
        UserFileError: when nothing is there (``missing`` is True), when it is a folder, pipe,
            socket or device, when it is larger than ``limit`` bytes, or when it cannot be
            opened or read (``reason`` says which); see :func:`open_regular`.
    """
    with open_regular(path, limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise UserFileError(f"it cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # it grew after it was opened
        raise UserFileError(f"it is more than the {size_words(limit)} allowed", too_large=True)
    return data


def _kind_of(path: Path | str) -> str | None:
    """"it is a socket, not a file" (and so on) for a path that cannot be opened (a socket cannot),
    or ``None`` when it is a regular file or cannot be looked at."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return f"it is {kind_name(mode) or 'not a regular file'}, not a file"


#: How to save a text file (a deck, the settings) as UTF-8, for a file in another encoding.
SAVE_AS_UTF8 = "save it as UTF-8 (in Notepad: File > Save as, Encoding: UTF-8; elsewhere: Save with encoding)"


def wide_encoding(raw: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when ``raw`` (a file's first bytes or all of it) is text in that
    encoding rather than UTF-8, else ``None``: by its byte-order mark (FF FE, FE FF; FF FE 00 00,
    00 00 FE FF: Unicode Standard 23.8), or, without one, by the NUL bytes every second byte holds
    in UTF-16 text of mostly Latin letters (one of each pair of bytes is 0 for U+0001–U+00FF).
    Windows Notepad's "Unicode" is UTF-16 with a byte-order mark."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = raw[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0:pairs * 2:2].count(0), sample[1:pairs * 2:2].count(0)
    if max(even, odd) >= pairs * 0.3 and min(even, odd) <= pairs * 0.02:
        return "UTF-16"
    return None


#: The first bytes of a zip file: a local file header, or the end record of an archive with no
#: entries (PKWARE APPNOTE.TXT 6.3.10, 4.3.7 and 4.3.16). A deck bundle (``kiosk pack``) is a zip.
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip(path: Path | str) -> bool:
    """True when ``path`` is a regular file that starts as a zip file does (:data:`ZIP_SIGNATURES`).

    Reads 4 bytes at most. Never raises: a missing, unreadable or special file (a pipe is never
    waited on, :func:`open_regular`) is not a zip.
    """
    try:
        with open_regular(path, 2**63 - 1) as handle:
            return handle.read(4).startswith(ZIP_SIGNATURES)
    except OSError:
        return False


#: A file's version as ``stat`` sees it: (size in bytes, modification time in ns, inode, change
#: time in ns, device). Any write to the file changes it: the change time (``st_ctime_ns``) moves
#: with every write, rename or ``chmod`` and cannot be set back (``cp -p`` and ``touch -r`` set only
#: the modification time), so a file swapped for another of the same size and modification time
#: is a new version.
StatVersion = tuple[int, int, int, int, int]


def stat_version(info: os.stat_result) -> StatVersion:
    """The :data:`StatVersion` of a file from its ``stat`` (``os.stat``, ``DirEntry.stat``): the one
    rule the deck watcher, the player's pictures and the check cache's kiosk identity share."""
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns, info.st_dev)


def version_of(path: Path | str) -> tuple[str, int, int, int, int, int]:
    """A file's version now: ``path`` (as text) and its :data:`StatVersion` (links followed, as
    a reader opens it); the player's pictures (:data:`kiosk.qt.pictures.Version`) and the check
    cache's verdicts name a picture file by it.

    Raises:
        OSError: when it cannot be looked at.
    """
    return (str(path), *stat_version(os.stat(path)))


def size_words(count: int) -> str:
    """``count`` bytes as people read a size: "1 byte", "512 bytes", "64 KiB", "4.5 MiB", "2 GiB",
    "1,234 TiB": binary units (IEC 80000-13), at most one decimal, never an exponent."""
    if count < 1024:
        return f"{count:,} byte" + ("" if count == 1 else "s")
    for unit in ("KiB", "MiB", "GiB"):
        count /= 1024
        if round(count, 1 if count < 100 else 0) < 1024:
            return f"{count:.1f}".removesuffix(".0") + f" {unit}" if count < 100 else f"{count:.0f} {unit}"
    return f"{count / 1024:,.0f} TiB"



@dataclass(frozen=True)
class Look:
    """What is at a path a person gave the kiosk, asked without raising (:func:`look`).

    Attributes:
        kind: ``"file"`` (a regular file, links followed), ``"folder"``, ``"other"`` (a pipe,
            socket or device), ``"missing"`` (nothing there, or a part of the path is a file) or
            ``"unreadable"`` (the kiosk may not look: a folder on the way without read or search
            permission, an input/output error...).
        reason: for ``"unreadable"``, why, in the system's words ("Permission denied").
    """

    kind: str
    reason: str = ""

    @property
    def found(self) -> bool:
        """True when something is there, readable or not (a file, folder, other or unreadable)."""
        return self.kind != "missing"


def look(path: Path | str) -> Look:
    """The one answer to "is it there, and may the kiosk read it?" for a user's path, never raising.

    ``Path.is_file()`` / ``exists()`` raise :class:`PermissionError` (Python 3.11) where a folder
    on the way cannot be searched (``chmod 000 DIR``); this answers ``"unreadable"`` instead, so
    the caller can say so rather than crash or say "not found".

    Args:
        path: the path (symbolic links are followed).

    Returns:
        A :class:`Look`; see its ``kind``.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return Look("missing")
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENAMETOOLONG):  # a loop of links, a name too long: nothing there
            return Look("missing")
        return Look("unreadable", exc.strerror or str(exc))
    except ValueError:  # a NUL character in the path
        return Look("missing")
    if stat.S_ISREG(mode):
        return Look("file")
    if stat.S_ISDIR(mode):
        return Look("folder")
    return Look("other")


def wrong_kind(path: Path | str, want: str = "folder") -> str | None:
    """Why ``path`` is not the ``want`` (``"folder"`` or ``"file"``) a command was given, telling a
    file from a folder from a missing path: ``"no such folder: /srv/decks"``, ``"/etc/passwd is
    a file, not a folder"``, ``"/dev/null is a device, not a folder"``, or the
    :func:`unreadable_message` of a path the kiosk may not look at; ``None`` when it is one
    (:func:`look`; symbolic links are followed). Never raises.
    """
    at = look(path)
    if at.kind == want:
        return None
    if at.kind == "missing":
        return f"no such {want}: {path}"
    if at.kind == "unreadable":
        return unreadable_message(path, at.reason)
    what = stream_words(path) or {"file": "a file", "folder": "a folder"}.get(at.kind)
    if what is None:
        try:
            what = kind_name(os.stat(path).st_mode)
        except (OSError, ValueError):
            what = None
    return f"{path} is {what or 'not a file or folder'}, not a {want}"


def expand_user(path: Path | str) -> Path:
    """``path`` with a leading ``~`` or ``~user`` made the home folder it names; as written when
    there is no such user or home (``Path.expanduser`` raises ``RuntimeError`` then: a typo in a
    path must not crash a command). Never raises."""
    return Path(os.path.expanduser(path))


def real_path(path: Path | str) -> Path:
    """The absolute path ``path`` stands for with every symbolic link it can follow resolved,
    never raising (``Path.resolve()`` raises ``RuntimeError`` on a loop of links in Python 3.11,
    and ``OSError`` on a name too long or a folder it may not search).

    A loop of links, a part too long, or a folder that cannot be searched is left as it is
    (``os.path.realpath`` without ``strict``); a NUL character gives the absolute path unresolved.

    Args:
        path: a user's path (``~`` is not expanded).

    Returns:
        An absolute path; :func:`look` says what is there.
    """
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError, RuntimeError):
        return Path(os.path.abspath(path))


def unreadable_message(path: Path | str, reason: str) -> str:
    """The message for a user's file or folder the kiosk may not read: the path, why, and how to fix it.

    Args:
        path: what cannot be read (shown as given).
        reason: why, in the system's words ("Permission denied").
    """
    return (f"{path} cannot be read ({reason}) — give the kiosk's user read access to it and to the folders "
            f"it is in (e.g. chmod -R u+rX {path})")
