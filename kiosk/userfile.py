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

import os
import stat
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
            raise UserFileError(f"it is {_size(info.st_size)}, more than the {_size(limit)} allowed",
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
        raise UserFileError(f"it is more than the {_size(limit)} allowed", too_large=True)
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


def _size(count: int) -> str:
    """``count`` bytes in words: "512 bytes", "64 KiB", "4 MiB"."""
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count // 1024} KiB"
    return f"{count / (1024 * 1024):.3g} MiB"
