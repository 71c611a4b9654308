"""Files the kiosk appends lines to, kept as whole lines: a line is written whole or not at all.

``kiosk.log``, the event log (``events.jsonl``, ``--log-json``) and the frame times file
(``KIOSK_FRAME_TIMES``) are each a :class:`LineFile`. On a full disk a write can stop part way
through a line; the next run would then append its first line to that half, and a JSON reader
would lose both. So a write that fails, or writes only part of its text, is undone (the file is
cut back to where the line began), and a file that does not end with a line break when it is
opened (cut short by a full disk or a power cut) gets one before the next line, so the next line
starts on a line of its own (the half line is kept, as evidence, on its own line).

A name that is not a plain file (a pipe, ``/dev/stdout``, a device) cannot be cut back nor read;
its lines are written as they are.
"""

from __future__ import annotations

import locale
import os
import stat


def ends_mid_line(path: str | os.PathLike[str], size: int) -> bool:
    """Whether the plain file ``path`` of ``size`` bytes ends without a line break (``\\n``).

    Returns False for an empty file, and when its last byte cannot be read (nothing is added to
    a file the kiosk cannot check). Never raises.
    """
    if size <= 0:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        os.lseek(fd, size - 1, os.SEEK_SET)
        return os.read(fd, 1) not in (b"\n", b"")
    except OSError:
        return False
    finally:
        os.close(fd)


class LineFile:
    """A file opened for appending (a file descriptor) to which text is written in whole lines.

    It has the parts of a text file that :mod:`logging`'s handlers use (``write``, ``flush``,
    ``tell``, ``truncate``, ``close``), writes each :meth:`write` straight to the file (nothing is
    buffered, so ``flush`` has nothing to do) and, on Windows, writes each ``\\n`` as ``\\r\\n`` as
    a text file would.

    Args:
        fd: a descriptor opened for writing with ``O_APPEND`` (it is closed by :meth:`close`).
        path: its name, to read its last byte (:func:`ends_mid_line`).
        encoding: the text encoding (default UTF-8; ``"locale"``: the system's, as :func:`open` takes it).
        errors: how characters the encoding cannot write are handled (default ``"strict"``).

    Raises:
        OSError: when ``fd`` cannot be examined (``fstat``).
    """

    def __init__(self, fd: int, path: str | os.PathLike[str], encoding: str | None = None,
                 errors: str | None = None) -> None:
        self._fd = fd
        self.name = os.fspath(path)
        self.encoding = locale.getpreferredencoding(False) if encoding == "locale" else encoding or "utf-8"
        self.errors = errors or "strict"
        info = os.fstat(fd)
        #: A plain file (cut back after a failed write); a pipe or device is written as it is.
        self.plain = stat.S_ISREG(info.st_mode)
        #: Whether the file ends part way through a line: the next write starts with a line break.
        self.mid_line = self.plain and ends_mid_line(self.name, info.st_size)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._fd < 0

    def fileno(self) -> int:
        """The file descriptor.

        Raises:
            ValueError: when the file is closed.
        """
        if self._fd < 0:
            raise ValueError("I/O operation on closed file")
        return self._fd

    def tell(self) -> int:
        """The file's size in bytes (where the next line goes); 0 for a pipe or device.

        Raises:
            ValueError: when the file is closed. OSError: when it cannot be examined.
        """
        return os.fstat(self.fileno()).st_size if self.plain else 0

    def write(self, text: str) -> int:
        """Append ``text`` (one or more lines, each ending ``\\n``) whole, or leave the file as it was.

        When the file ends part way through a line, a line break is written first. A write that
        fails or stops short (a full disk) is undone: a plain file is cut back to its size before
        the write, and the error raised.

        Returns:
            ``len(text)``.

        Raises:
            OSError: when the text could not all be written (``ENOSPC`` for a full disk; a short
                write is raised as ``ENOSPC`` too, which is what stops one).
            ValueError: when the file is closed, or ``text`` cannot be encoded.
        """
        fd = self.fileno()
        data = (("\n" if self.mid_line else "") + text).replace("\n", os.linesep).encode(self.encoding, self.errors)
        start = os.fstat(fd).st_size if self.plain else 0
        try:
            rest = memoryview(data)
            while rest:
                written = os.write(fd, rest)
                if written <= 0:  # a write that takes nothing: the disk takes no more
                    raise OSError(28, os.strerror(28))
                rest = rest[written:]
        except BaseException:
            self._undo(start)
            raise
        self.mid_line = not data.endswith(b"\n") if data else self.mid_line
        return len(text)

    def _undo(self, start: int) -> None:
        """Cut a plain file back to ``start`` bytes after a failed write (a pipe cannot be)."""
        if not self.plain:
            return
        try:
            os.ftruncate(self._fd, start)
        except OSError:  # cannot be cut back: the next line starts on a new line instead
            try:
                self.mid_line = ends_mid_line(self.name, os.fstat(self._fd).st_size)
            except OSError:
                self.mid_line = True

    def flush(self) -> None:
        """Nothing to do: every :meth:`write` goes straight to the file.

        Raises:
            ValueError: when the file is closed (as a closed text file's ``flush`` does).
        """
        self.fileno()

    def truncate(self, size: int = 0) -> int:
        """Cut the file to ``size`` bytes (a plain file only). Returns ``size``.

        Raises:
            OSError: when it cannot be cut. ValueError: when the file is closed.
        """
        if self.plain:
            os.ftruncate(self.fileno(), size)
            self.mid_line = self.mid_line and size > 0
        return size

    def close(self) -> None:
        """Close the file descriptor (again: nothing)."""
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    def __enter__(self) -> LineFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
