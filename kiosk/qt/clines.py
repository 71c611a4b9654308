"""Lines the C libraries under Qt print themselves on C's ``stderr``, kept from the user.

Qt's picture readers hand their warnings to Qt's message handler, which the kiosk routes to
``kiosk.log`` (:func:`kiosk.qt.pictures.quiet_qt_messages`). libpng's errors do not go there:
Qt's PNG reader leaves libpng's default error function in place, which prints
``libpng error: Read Error`` (a file cut short or changed while it is read), ``libpng error:
IHDR: CRC error`` … with ``fprintf(stderr, …)`` before Qt's reader returns its null picture
(libpng 1.6, ``pngerror.c``: ``png_default_error``). That line reached the terminal among the
kiosk's own ``file:line:col`` lines, from every process that checks pictures (``kiosk validate``,
``render``, ``pack``, the checking child).

:func:`keep_library_lines` points C's ``stderr`` (the ``FILE *`` the libraries print through,
not file descriptor 2, which Python's own ``sys.stderr`` and :mod:`faulthandler` write to
directly) at a pipe. A thread reads it line by line: a line of a library in
:data:`LIBRARY_PREFIXES` goes to ``kiosk.log`` (logger ``kiosk.qt``) and to :func:`said`, for
the kiosk to say the fault in its own words; every other line is written on to file descriptor 2
unchanged. The pipe does not block its writers: were the thread ever 64 KiB behind, a line is
dropped, never a thread of Qt's held up. Done on Linux only (glibc's and musl's ``stderr`` is a
variable a process may set, per the C standard's note on ``freopen``); elsewhere nothing changes.
"""

from __future__ import annotations

import array
import atexit
import collections
import ctypes
import fcntl
import logging
import os
import sys
import termios
import threading
import time

#: How the lines of the libraries the kiosk keeps from the user begin.
LIBRARY_PREFIXES = (b"libpng error: ", b"libpng warning: ")
#: The last library lines read, newest last (:func:`said`).
_SAID: collections.deque[str] = collections.deque(maxlen=20)
#: How many library lines were read so far (a reader compares it before and after a read).
_count = 0
_lock = threading.Lock()
#: Told each time a library line is kept (:func:`wait_said`).
_kept = threading.Condition(_lock)
_installed = False
_log = logging.getLogger("kiosk.qt")
#: Different library lines written to ``kiosk.log``, at most.
_LINES_LOGGED = 200
_logged: set[str] = set()


def keep_library_lines() -> bool:
    """From now on, lines the libraries under Qt print on C's ``stderr`` (:data:`LIBRARY_PREFIXES`)
    never reach the user; every other line they print still does (see the module's notes).

    Later calls do nothing. Called by every process that checks a deck's pictures
    (:func:`kiosk.qt.pictures.qt_picture_problems`: ``kiosk validate``, ``render``, ``pack``, the
    checking process of ``kiosk run``), not by the process that draws.

    Returns:
        True when C's ``stderr`` is filtered (on Linux, once set up), False when it is left as it was.
    """
    global _installed
    with _lock:
        if _installed:
            return True
        if not sys.platform.startswith("linux"):
            return False
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            pointer = ctypes.c_void_p.in_dll(libc, "stderr")
            fdopen, setvbuf, fflush = libc.fdopen, libc.setvbuf, libc.fflush
        except (OSError, ValueError, AttributeError):
            return False
        fdopen.restype, fdopen.argtypes = ctypes.c_void_p, [ctypes.c_int, ctypes.c_char_p]
        setvbuf.restype, setvbuf.argtypes = ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                                           ctypes.c_size_t]
        fflush.restype, fflush.argtypes = ctypes.c_int, [ctypes.c_void_p]
        read_end, write_end = os.pipe2(os.O_CLOEXEC)
        fcntl.fcntl(write_end, fcntl.F_SETFL, fcntl.fcntl(write_end, fcntl.F_GETFL) | os.O_NONBLOCK)
        stream = fdopen(write_end, b"w")
        if not stream:
            os.close(read_end)
            os.close(write_end)
            return False
        setvbuf(stream, None, 1, 0)  # _IOLBF: each line reaches the pipe when it ends
        threading.Thread(target=_forward, args=(read_end,), name="kiosk-library-lines", daemon=True).start()
        fflush(pointer.value)  # what C already holds for descriptor 2 goes out first
        pointer.value = stream  # the old FILE stays open: a thread printing through it now still can
        atexit.register(_drain, read_end)
        _installed = True
        return True


def _drain(read_end: int) -> None:
    """At the process's end: let the thread write on what is still in the pipe (at most 0.2 s)."""
    for _ in range(100):
        waiting = array.array("i", [0])
        try:
            fcntl.ioctl(read_end, termios.FIONREAD, waiting, True)
        except OSError:
            return
        if waiting[0] == 0:
            return
        time.sleep(0.002)


def _forward(read_end: int) -> None:
    """The thread of :func:`keep_library_lines`: each line read is kept or written on to descriptor 2."""
    pending = b""
    while True:
        try:
            chunk = os.read(read_end, 65536)
        except InterruptedError:
            continue
        except OSError:
            return
        if not chunk:
            return
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            take(line + b"\n")
        if len(pending) > 65536:  # a line without an end: written on as it is
            take(pending)
            pending = b""


def take(line: bytes) -> None:
    """One line printed on C's ``stderr``: a library's is logged and kept (:func:`said`), any other written on."""
    global _count
    if line.startswith(LIBRARY_PREFIXES):
        text = line.decode("utf-8", "replace").rstrip("\n")
        with _lock:
            _SAID.append(text)
            _count += 1
            new = text not in _logged and len(_logged) < _LINES_LOGGED
            _logged.add(text)
            _kept.notify_all()
        if new:
            _log.info("a library said: %s", text)
        return
    view = memoryview(line)
    while view:
        try:
            view = view[os.write(2, view):]
        except InterruptedError:
            continue
        except OSError:  # nobody reads descriptor 2 any more: dropped, as the kiosk's own lines are
            return


def said() -> tuple[int, list[str]]:
    """How many library lines were kept so far, and the last of them (oldest first)."""
    with _lock:
        return _count, list(_SAID)


def wait_said(count: int, timeout_s: float) -> bool:
    """Wait until more than ``count`` library lines were kept (:func:`said`), at most ``timeout_s`` seconds.

    Returns:
        True when they were, False when the time ran out first.
    """
    with _kept:
        return _kept.wait_for(lambda: _count > count, timeout_s)


__all__ = ["LIBRARY_PREFIXES", "keep_library_lines", "said", "take", "wait_said"]
