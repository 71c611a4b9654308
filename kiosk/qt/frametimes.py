"""Each cross-fade's frames, written to a file when asked: how smooth a slide change is.

Set ``KIOSK_FRAME_TIMES=FILE`` in the environment of ``kiosk run`` (``bench/xbench.py`` does,
and gives ``bench/bare.py`` the same); unset, nothing here is imported or connected. For every
cross-fade the file gets, on the monotonic clock of :func:`time.monotonic` (the clock of the
event log's ``t``), in seconds::

    fade <t>                 the cross-fade started (its animation began running)
    frame <t> <work ms>      a frame begun after that while it ran, and the one after it (the end state):
                             when it was swapped, and the milliseconds from the frame's start
                             (``QQuickWindow.beforeFrameBegin``) to its swap
    end <t>                  the cross-fade finished

A frame's *time* is the gap before it: from the fade's start to its first frame, then from one
frame to the next (``bench/xbench.py`` reads the file back). The lines of a fade are written
once it has ended, so no file write falls inside a fade.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickWindow

from kiosk.wholelines import LineFile

#: The environment variable naming the file (read by :mod:`kiosk.qt.player`).
ENV = "KIOSK_FRAME_TIMES"


class FrameTimes(QObject):
    """Writes the frames of every run of ``fade`` (a QML animation) drawn in ``window`` to ``path``.

    Args:
        window: the player window.
        fade: the cross-fade animation (Main.qml's ``fade``: a QML animation with a ``running``
            property).
        path: the file, appended to (made if missing), a fade's lines whole or not at all
            (:class:`kiosk.wholelines.LineFile`: a full disk leaves no half line).

    Raises:
        OSError: the file cannot be opened for appending.
    """

    def __init__(self, window: QQuickWindow, fade: QObject, path: Path) -> None:
        super().__init__(window)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            self._file = LineFile(fd, path)  # a fade's lines are written whole or not at all
        except BaseException:
            os.close(fd)
            raise
        self._failed = False
        self._lines: list[str] = []
        self._begun = self._started = 0.0
        #: "off" between fades; "fading" while the fade runs; "last" until the frame after it.
        self._state = "off"
        fade.runningChanged.connect(self._running_changed)
        window.beforeFrameBegin.connect(self._frame_begins)
        window.frameSwapped.connect(self._frame_swapped)
        self.destroyed.connect(self._file.close)

    def _running_changed(self, running: bool) -> None:
        now = time.monotonic()
        if running:
            self._started = now
            self._lines = [f"fade {now:.6f}"]
            self._state = "fading"
        elif self._state == "fading":
            self._lines.append(f"end {now:.6f}")
            self._state = "last"

    def _frame_begins(self) -> None:
        self._begun = time.monotonic()

    def _frame_swapped(self) -> None:
        if self._state == "off" or self._begun < self._started:  # not one of the fade's frames
            return
        now = time.monotonic()
        self._lines.append(f"frame {now:.6f} {1000 * (now - self._begun):.2f}")
        if self._state == "last":
            self._state = "off"
            try:
                self._file.write("\n".join(self._lines) + "\n")
            except (OSError, ValueError) as error:  # a full disk: this fade is not recorded
                if not self._failed:
                    self._failed = True
                    print(f"kiosk: {ENV}: cannot write {self._file.name} ({getattr(error, 'strerror', error)}); "
                          "the fades it could not take are not recorded", file=sys.stderr)


def record(window: QQuickWindow, path: str) -> FrameTimes | None:
    """Write the frames of the window's cross-fades to ``path`` (see the module's docstring).

    Returns:
        The recorder (a child of ``window``), or ``None`` when the window has no cross-fade
        (no object named ``fade``) or the file cannot be opened (said on stderr; the kiosk
        plays on).
    """
    fade = window.findChild(QObject, "fade")
    if fade is None:
        return None
    try:
        return FrameTimes(window, fade, Path(path))
    except OSError as error:
        print(f"kiosk: {ENV}: cannot write {path} ({error.strerror}); frame times are not recorded",
              file=sys.stderr)
        return None


__all__ = ["ENV", "FrameTimes", "record"]
