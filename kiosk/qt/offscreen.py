"""The player off-screen: show a slide, wait until its text has been fitted, take its picture.

:class:`OffscreenPlayer` is the one off-screen player, used by ``kiosk render``
(:mod:`kiosk.qt.render`) and the text-fit check (:mod:`kiosk.qt.fit`); the functions below it
also serve the tests and ``kiosk run --frames``.
"""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QTimer
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickWindow

from kiosk.events import EventLog
from kiosk.outputs import write_whole
from kiosk.player.clock import Clock
from kiosk.player.navigator import Position
from kiosk.qt.backend import Backend
from kiosk.qt.startup import _application, _engine, load_fonts

if TYPE_CHECKING:
    from kiosk.deck.model import Deck

#: Milliseconds to let text fitting settle after a view appears, before a frame is grabbed.
FIT_SETTLE_MS = 60
#: Milliseconds between looks at the text columns while waiting for them to fit.
FIT_POLL_MS = 16


def body_font() -> str:
    """Make the headless QGuiApplication if there is none (:func:`kiosk.qt.startup._application`),
    load the bundled fonts (:func:`kiosk.qt.startup.load_fonts`) and return the body text family."""
    _application(True)  # the QGuiApplication the fonts, the engine and the scene graph need
    return load_fonts()


class OffscreenPlayer:
    """The player (the QML window with its own :class:`Backend` and engine) drawn off-screen,
    stopped: it shows only what it is told to, with no cross-fade.

    Use it as a context manager (or call :meth:`close`). Without ``font`` the headless
    QGuiApplication is made if there is none (:func:`body_font`); with one, it must exist.

    Args:
        deck: a deck with no errors.
        folder: its folder (for pictures).
        size: the window's (width, height) in pixels.
        lang: language code to show (default: the deck's first).
        font: the body text family (default: :func:`body_font`, which loads the bundled fonts;
            give it when making several players).

    Attributes:
        backend: the player's ``Player`` singleton (its ``view``, ``overflows``, ``undrawn``,
            the visitor's controls).
        window: the player window.

    Raises:
        RuntimeError: when the QML player window cannot be created.
    """

    def __init__(self, deck: Deck, folder: Path, size: tuple[int, int], lang: str | None = None,
                 font: str | None = None) -> None:
        font = font if font is not None else body_font()
        self.backend = Backend(deck, folder, EventLog(None), Clock(1.0), transition_ms=0)
        self.backend.stop()
        if lang:
            self.set_language(lang)
        self._engine = _engine(self.backend, font)
        if not self._engine.rootObjects():
            raise RuntimeError("the player window could not be created")
        self.window: QQuickWindow = self._engine.rootObjects()[0]
        self.resize(size)
        self.window.show()

    @property
    def engine(self):
        """The player's QML engine (``QQmlApplicationEngine``)."""
        return self._engine

    @property
    def size(self) -> tuple[int, int]:
        """The window's (width, height) in pixels."""
        return self.window.width(), self.window.height()

    def resize(self, size: tuple[int, int]) -> None:
        """Make the window ``size`` (width, height) pixels; the next :meth:`show` fits its text to it."""
        self.window.resize(*size)

    def set_language(self, lang: str) -> None:
        """Show the deck in the language ``lang`` (a code of the deck's ``languages``) from now on."""
        self.backend.set_language(lang)

    def show(self, position: Position, at: dt.datetime | None = None, *, fitted: bool = True) -> None:
        """Show ``position`` (as at the moment ``at``) and wait until it has settled and, unless
        ``fitted`` is False, its text has been fitted (:func:`show_settled`; without it, call
        :func:`wait_fitted` with the windows of several players at once)."""
        show(self.backend, position, at)
        if fitted:
            wait_fitted([self.window])

    @property
    def view(self) -> dict:
        """What is shown, as :func:`kiosk.player.views.view` gives it (``id``, ``page``...)."""
        return self.backend.view

    @property
    def content(self):
        """The window's root item (``QQuickItem``), to look at what is drawn."""
        return self.window.contentItem()

    def grab(self) -> QImage:
        """A picture of the window, as large as its size (:func:`grab`)."""
        return grab(self.window)

    def overflowing(self) -> bool:
        """True when a text column shown does not fit even at its smallest readable size."""
        return _overflowing(self.content)

    def close(self) -> None:
        """Stop the player, close its window and let its engine go (the backend's lists stay)."""
        if self._engine is None:
            return
        self.backend.stop()
        self.window.close()
        self._engine = None

    def __enter__(self) -> OffscreenPlayer:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def frame_name(index: int, slide: str, page: str) -> str:
    """File name for one frame: ``03-figures.png`` or ``13-spot-the-signs--isolation.png``."""
    return f"{index:02d}-{slide}" + (f"--{page}" if page else "") + ".png"


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG, in memory (so that libpng never writes a file, nor says
    ``libpng error: Write Error`` on a full disk).

    Raises:
        OSError: when Qt cannot encode it (an empty image).
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    encoded = image.save(buffer, "PNG")
    buffer.close()
    if not encoded:
        raise OSError(errno.EINVAL, "the picture could not be encoded as PNG")
    return bytes(data)


def _save(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as PNG, whole or not at all (:func:`kiosk.outputs.write_whole`).

    Raises:
        OSError: when it could not be written (``ENOSPC`` for a full disk, with ``path`` as its
            file name).
    """
    data = png_bytes(image)
    try:
        write_whole(path, data)
    except OSError as error:
        error.filename = error.filename or str(path)
        raise


def grab(window: QQuickWindow) -> QImage:
    """A picture of ``window`` as large, in pixels, as the window's size asked for (``--size``).

    On a scaled desktop (Qt's high-DPI scaling, ``QT_SCALE_FACTOR``) ``grabWindow`` returns
    the window's device pixels (twice as wide at 200 %); that picture is scaled back to the
    window's own size. Headless runs and renders turn scaling off (:data:`SCALING_VARIABLES`), so
    there the frame is drawn at the size asked for and nothing is scaled.
    """
    image = window.grabWindow()
    width, height = window.width(), window.height()
    if (image.width(), image.height()) != (width, height) and not image.isNull():
        from PySide6.QtCore import Qt  # here: building Qt's namespace costs about 16 ms, and a check grabs nothing

        image = image.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image.setDevicePixelRatio(1.0)
    return image


def show_settled(backend: Backend, position: Position, window: QQuickWindow | None = None,
                 at: dt.datetime | None = None) -> None:
    """Show ``position`` (as at the moment ``at``, see :meth:`Backend.display`) and return once
    it has settled and its text has been fitted.

    Waits for :attr:`Backend.settled` (at most 2 s), then as :func:`wait_fitted` for ``window``.
    """
    show(backend, position, at)
    wait_fitted([window] if window is not None else [])


def show(backend: Backend, position: Position, at: dt.datetime | None = None) -> None:
    """Show ``position`` (as at ``at``) and wait for :attr:`Backend.settled` (at most 2 s; a cut settles at once)."""
    done: list[bool] = []
    loop = QEventLoop()

    def on_settled(*_args) -> None:
        done.append(True)
        loop.quit()

    backend.settled.connect(on_settled)
    backend.display(position, at)
    if not done:  # a fade needs the event loop
        QTimer.singleShot(2000, loop.quit)
        loop.exec()
    backend.settled.disconnect(on_settled)


def wait_fitted(windows: list[QQuickWindow]) -> None:
    """Turn the event loop until the text in ``windows`` has been fitted.

    With no window: :data:`FIT_SETTLE_MS` milliseconds. Otherwise until every window has drawn a
    frame since the call (or :data:`FIT_SETTLE_MS` have passed), and every text column in them
    has fitted or reached its smallest size, with nothing changed for two polls (at most 2 s):
    a busy machine gives the same answer as an idle one, only later.
    """
    if not windows:
        _wait_ms(FIT_SETTLE_MS)
        return
    drawn = [0] * len(windows)
    counters = [lambda i=i: drawn.__setitem__(i, drawn[i] + 1) for i in range(len(windows))]
    for window, counter in zip(windows, counters):
        window.frameSwapped.connect(counter)
    try:
        last, same, waited = None, 0, 0
        while waited < 2000:
            state = [_fit_state(window.contentItem(), []) for window in windows]
            same = same + 1 if state == last else 0
            if (all(drawn) or waited >= FIT_SETTLE_MS) and same >= 2 and all(
                    fits or k <= k_min for columns in state for k, k_min, fits, _ in columns):
                return
            last = state
            _wait_ms(FIT_POLL_MS)
            waited += FIT_POLL_MS
    finally:
        for window, counter in zip(windows, counters):
            window.frameSwapped.disconnect(counter)


def _wait_ms(ms: int) -> None:
    """Turn the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _fit_state(item, out: list) -> list:
    """(k, kMin, fits, height) of every visible FitColumn under ``item`` (see qml/Kiosk/parts/FitColumn.qml)."""
    if not item.isVisible():
        return out
    k_min = item.property("kMin")
    if k_min is not None:
        k, height = item.property("k"), item.height()
        out.append((k, k_min, item.implicitHeight() <= height + 1, height))
    for child in item.childItems():
        _fit_state(child, out)
    return out


def _overflowing(item) -> bool:
    """True when a visible text column under ``item`` does not fit even at its smallest size."""
    if not item.isVisible() or item.opacity() == 0:
        return False
    if item.property("overflowing") is True:
        return True
    return any(_overflowing(child) for child in item.childItems())


__all__ = ["OffscreenPlayer", "body_font", "frame_name", "grab", "show", "show_settled", "wait_fitted"]
