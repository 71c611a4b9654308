"""Starting Qt: the application, the bundled fonts and the QML engine of the player window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.qt import plain_imports

plain_imports()

from kiosk import paths  # noqa: E402 - after plain_imports(), so each is read once, by Python only
from kiosk.events import EventLog  # noqa: E402
from kiosk.qt import qmlmodule  # noqa: E402
from kiosk.qt.backend import PICTURE_WAIT_MS, Backend  # noqa: E402
from kiosk.qt.hours import Opening  # noqa: E402
from kiosk.qt.qmlmodule import Setup  # noqa: E402
from kiosk.qt.staff import StaffBackend  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickWindow

#: Font family used when the bundled fonts cannot be loaded.
FALLBACK_FONT = "sans-serif"
#: The kiosk's name to the desktop: the Wayland app id, both halves of the X11 WM_CLASS and the
#: desktop file's name (packaging/autostart/kiosk.desktop), the same whatever Python runs it,
#: so a compositor's or window manager's rules can name the kiosk window.
APP_ID = "kiosk"


#: Environment variables through which a desktop scales Qt windows (Qt 6 high-DPI support).
#: Headless frames and renders ignore them: a picture is the size asked for, in pixels.
SCALING_VARIABLES = ("QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS", "QT_AUTO_SCREEN_SCALE_FACTOR",
                     "QT_USE_PHYSICAL_DPI", "QT_SCALE_FACTOR_ROUNDING_POLICY")


#: Glyphs drawn from a cache up to this size in pixels (Qt's default: 64). The software renderer
#: (and every QPainter) draws a larger glyph as a filled outline, again at each frame: three
#: quarters of the 15 to 25 ms a slide's drawing took with its 106 px headline. The largest text
#: at 1080 (a hero line grown by FitColumn's 1.5 and the visitor's larger text) is about 250 px;
#: anything larger is still drawn as an outline.
MAX_CACHED_GLYPH_PX = 256

#: Qt's environment variables for its glyph caches, set before the first text is drawn. Qt's
#: FreeType engine keeps its own glyph cache, which holds no glyph whose metrics pass 8 bits (over
#: about 64 px: drawn as nothing at all when a larger cache size is asked for), so it is turned off
#: (``QT_NO_FT_CACHE``) and the paint engine's own image cache, which takes any size, holds them
#: all. Qt keeps at most four caches a font for as many transforms (``QFontEngine::setGlyphCache``).
GLYPH_CACHE_VARIABLES = {"QT_NO_FT_CACHE": "1", "QT_MAX_CACHED_GLYPH_SIZE": str(MAX_CACHED_GLYPH_PX)}


def cache_large_glyphs() -> None:
    """Have Qt draw glyphs up to :data:`MAX_CACHED_GLYPH_PX` from its glyph cache in this process
    (:data:`GLYPH_CACHE_VARIABLES`, both or neither). For the process that draws the kiosk's
    frames again and again (``kiosk run``), before its application is made: without FreeType's
    cache, laying text out costs more (the fit check of ``kiosk validate``, which draws nothing,
    took twice the processor time), so the checking and rendering processes keep Qt's defaults."""
    os.environ.update(GLYPH_CACHE_VARIABLES)


def _application(headless: bool) -> QGuiApplication:
    from kiosk.qt.pictures import quiet_qt_messages

    quiet_qt_messages()  # from the first line Qt says: none of its own reaches the user
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        if QGuiApplication.instance() is None:  # read once, when the application is made
            for name in SCALING_VARIABLES:
                os.environ.pop(name, None)
            os.environ["QT_ENABLE_HIGHDPI_SCALING"] = "0"
    offscreen = headless or os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    if offscreen:
        # Qt Quick's software renderer, read when the first window is made (Qt's own variable:
        # choosing it here needs no Qt Quick Python bindings, which the kiosk does not load).
        os.environ["QT_QUICK_BACKEND"] = "software"
    # argv[0] names the window's X11 instance (WM_CLASS): the kiosk's, not python3's or __main__'s.
    app = QGuiApplication.instance() or (QGuiApplication([APP_ID]) if offscreen else _on_screen_application())
    app.setApplicationName(APP_ID)
    QGuiApplication.setDesktopFileName(APP_ID)  # the Wayland app id
    return app


#: Said after Qt's own lines when no platform plugin could be loaded although the display answers
#: (:mod:`kiosk.qt.displays` asked first): a system library Qt needs is missing, as Qt's lines name.
NO_PLATFORM = ("kiosk: Qt could not open a window (its reason is above): install the system libraries it needs "
               "with packaging/system-deps.sh (the packages in packaging/debian-packages.txt), or ask whoever set up "
               "this computer")


def _on_screen_application() -> QGuiApplication:
    """``QGuiApplication`` for a window on the screen. Qt ends the process (``qFatal``: SIGABRT) when
    no platform plugin can be loaded: then Qt's lines said while it tried (``category: message``,
    which name the system library missing) are printed, and, instead of the abort,
    :data:`NO_PLATFORM` and exit 1, which a service restarts like any refusal. When the
    application is made, those lines go where every other line of Qt's goes
    (:func:`kiosk.qt.pictures.quiet_qt_messages`), never on stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from kiosk.qt.pictures import FONT_DB_CATEGORY, qt_line, said_by_qt

    held: list[tuple[QtMsgType, str, str]] = []  # (kind, category, message): Qt's context lives only during the call

    def said(kind: QtMsgType, context, message: str) -> None:
        category = (context.category if context is not None else "") or ""
        if kind != QtMsgType.QtFatalMsg:
            if not category.startswith(FONT_DB_CATEGORY):  # never printed (quiet_qt_messages)
                held.append((kind, category, message))
            return
        for _kind, earlier, line in held:
            print(qt_line(earlier, line), file=sys.stderr)
        print(qt_line(category, message), file=sys.stderr)
        print(NO_PLATFORM, file=sys.stderr, flush=True)
        os._exit(1)

    previous = qInstallMessageHandler(said)
    try:
        return QGuiApplication([APP_ID])
    finally:
        qInstallMessageHandler(previous)
        for kind, category, message in held:
            said_by_qt(kind, category, message)


#: Bundled families tried, in order, for a character the chosen family lacks (Cyrillic,
#: Vietnamese, Arabic, control symbols), so nothing falls to whatever the system has.
FALLBACK_FAMILIES = ("Atkinson Hyperlegible", "Noto Sans", "Noto Sans Arabic", "Noto Sans Symbols2")


def load_fonts() -> str:
    """Load every font in ``assets/fonts`` and return the family for body text.

    Each bundled family falls back to the others (:data:`FALLBACK_FAMILIES`, through
    ``QFont.insertSubstitutions``), so a text mixing scripts takes every glyph from a bundled font.

    Returns:
        "Atkinson Hyperlegible" when bundled, else the first family loaded, else a fallback.
    """
    return _use_fonts(_register_fonts(_font_files()))


def _font_files() -> list[Path]:
    """The bundled font files (``.ttf``, ``.otf``) under ``assets/fonts``, sorted."""
    return [file for file in sorted((paths.assets() / "fonts").rglob("*")) if file.suffix.lower() in (".ttf", ".otf")]


def _register_fonts(files: list[Path]) -> list[str]:
    """Add ``files`` to Qt's font database; the families they hold, in order."""
    families: list[str] = []
    for file in files:
        font_id = QFontDatabase.addApplicationFont(str(file))
        families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families


def _use_fonts(families: list[str]) -> str:
    """Make ``families`` fall back to each other and the body family the application's; return it."""
    for name in dict.fromkeys(families):
        QFont.insertSubstitutions(name, [f for f in FALLBACK_FAMILIES if f != name and f in families])
    preferred = "Atkinson Hyperlegible"
    family = preferred if preferred in families else (families[0] if families else FALLBACK_FONT)
    QGuiApplication.setFont(QFont(family))
    return family


def _engine(backend: Backend, font: str, staff: StaffBackend | None = None,
            rotation: int = 0, opening: Opening | None = None,
            preview_scale: float = 1.0) -> QQmlApplicationEngine:
    """The QML engine with the player window loaded (``Kiosk.Main``), or none if it failed.

    ``backend``, ``opening``, ``staff`` and the set-up (``font``, ``rotation``) become this
    engine's ``Player``, ``Hours``, ``Staff`` and ``Setup`` singletons (:mod:`kiosk.qt.qmlmodule`).
    Without ``opening`` the kiosk stays open; without ``staff`` there is no staff access.
    ``preview_scale`` (at most 1) draws the picture smaller than it is laid out (``Setup.previewScale``).
    """
    opening = opening or Opening(None, backend, EventLog(None))
    setup = Setup(font, rotation, staff is not None, preview_scale)
    engine = qmlmodule.make_engine(Player=backend, Hours=opening, Staff=staff, Setup=setup)
    setup.setParent(engine)
    if opening.parent() is None:
        opening.setParent(engine)
    engine.loadFromModule(qmlmodule.URI, "Main")
    return engine


#: Turns of the event loop given to the first slide to lay itself out before the window is
#: shown: each text column shrinks its text in a few deferred steps (``Qt.callLater`` in
#: qml/Kiosk/parts/FitColumn.qml, at most about five); a turn with nothing to do costs microseconds.
LAYOUT_TURNS = 12


def lay_out(window: QQuickWindow, size: tuple[int, int]) -> None:
    """Give the hidden player ``window`` its ``size`` and let the first slide lay itself out, so
    the first frame shown is that slide whole, as it stays (no half-fitted text, no empty frame).

    Call it before showing the window, once everything that listens to the player is connected
    (the first slide settles here). Turns the event loop :data:`LAYOUT_TURNS` times; nothing is drawn.

    Args:
        window: the player window, not yet shown.
        size: (width, height) in pixels it will be shown at (the screen's, for full-screen).
    """
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

    window.resize(*size)
    for _ in range(LAYOUT_TURNS):
        QCoreApplication.processEvents()
    # A first slide whose picture is read on Qt's image thread (Player.picturesApart) is shown
    # once it is read, or after the change's own wait for it (Player.pictureWaitMs). Read from
    # the window (Main.qml's slideWaiting), not found with findChild(): see kiosk.qt.kioskmode.
    if not window.property("slideWaiting"):
        return
    deadline = QDeadlineTimer(PICTURE_WAIT_MS)
    while window.property("slideWaiting") and not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


__all__ = ["APP_ID", "LAYOUT_TURNS", "cache_large_glyphs", "lay_out", "load_fonts"]
