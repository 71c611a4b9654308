"""Starting Qt: the player window (full-screen, windowed or headless) and the renderer."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QRect, QSocketNotifier, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk import paths
from kiosk.qt import sdnotify
from kiosk.deck.model import Deck
from kiosk.events import EventLog, process_age
from kiosk.player import schedule
from kiosk.player.navigator import FALLBACK, Position
from kiosk.player.views import localise
from kiosk.qt.backend import TRANSITION_MS, Backend, ScaledClock
from kiosk.qt import kioskmode
from kiosk.qt.pictures import load_image
from kiosk.qt.qrimage import QrImageProvider
from kiosk.qt.timers import timer_ms
from kiosk.qt.watch import SETTLE_MS, watch_deck
from kiosk.qt.staff import StaffBackend, library_decks
from kiosk import health, logs, outputs
from kiosk.diagnostics import ON_STDERR
from kiosk.player.hours import OpeningHours
from kiosk.qt.hours import Opening

MAIN_QML = Path(__file__).parent / "qml" / "Main.qml"
#: Font family used when the bundled fonts cannot be loaded.
FALLBACK_FONT = "sans-serif"
#: The kiosk's name to the desktop: the Wayland app id, both halves of the X11 WM_CLASS and the
#: desktop file's name (packaging/autostart/kiosk.desktop), the same whatever Python runs it,
#: so a compositor's or window manager's rules can name the kiosk window.
APP_ID = "kiosk"
#: Milliseconds to let text fitting settle after a view appears, before a frame is grabbed.
FIT_SETTLE_MS = 60
#: Milliseconds between looks at the text columns while waiting for them to fit.
FIT_POLL_MS = 16


@dataclass
class PlayOptions:
    """How to play a deck (see ``kiosk run --help``).

    Attributes:
        mode: ``"fullscreen"``, ``"windowed"`` or ``"headless"``.
        size: window size in pixels (width, height); ``None`` for the screen's own.
        frames: folder for a PNG of every slide and page shown, or ``None``.
        cycles: stop after this many attract-loop cycles; ``None`` to play for ever.
        time_scale: play this many times faster (deck time / real time).
        log: JSON event log file, or ``None``.
        at: start the wall clock at this moment (aware) and let it run on, to see the deck's
            schedule as it will be then; ``None`` for the real time.
        screen: for full-screen, the index into ``QGuiApplication.screens()``; ``None`` for
            the primary screen.
        rotation: degrees to turn the picture clockwise (0, 90, 180 or 270), for a screen
            mounted on its side or upside down; touches are turned with it.
        reduced_motion: cut between slides instead of cross-fading (WCAG 2.2, 2.3.3).
        library: the deck library the staff menu's "Switch deck" lists, with the bundled decks
            (:func:`kiosk.library.available_decks`; default :func:`kiosk.library.library_folder`).
        log_folder: when set, ``kiosk.log`` and ``events.jsonl`` (size-capped) are written
            there (``log`` still names the event file when given); see :mod:`kiosk.logs`.
        screen_from_settings: True when ``screen`` came from ``settings.toml``: a screen that is
            not connected then falls back to the main screen instead of stopping.
        hours: opening hours, or ``None`` to stay open.
        wake_minutes: minutes a touch wakes a closed kiosk.
        staff_idle_timeout: seconds without a touch before the staff menu closes itself.
        deck_settle: seconds the deck folder must be still before a change is read
            (:data:`kiosk.qt.watch.SETTLE_MS`).
        updates: fleet updates and status records (:class:`kiosk.qt.updates.UpdateOptions`), or ``None``.
    """

    mode: str = "fullscreen"
    size: tuple[int, int] | None = None
    frames: Path | None = None
    cycles: int | None = None
    time_scale: float = 1.0
    log: Path | None = None
    at: dt.datetime | None = None
    screen: int | None = None
    rotation: int = 0
    reduced_motion: bool = False
    library: Path | None = None
    log_folder: Path | None = None
    screen_from_settings: bool = False
    hours: OpeningHours | None = None
    wake_minutes: float = 5.0
    staff_idle_timeout: float | None = None
    deck_settle: float = SETTLE_MS / 1000
    updates: Any = None
    #: The visitor counts database (:mod:`kiosk.stats`), or ``None`` to count nothing.
    stats_file: Path | None = None
    #: Days the visitor counts are kept.
    stats_retention_days: int = 400


def has_display() -> bool:
    """True when a window can be shown: a display server is named, or the platform is chosen."""
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


#: Environment variables through which a desktop scales Qt windows (Qt 6 high-DPI support).
#: Headless frames and renders ignore them: a picture is the size asked for, in pixels.
SCALING_VARIABLES = ("QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS", "QT_AUTO_SCREEN_SCALE_FACTOR",
                     "QT_USE_PHYSICAL_DPI", "QT_SCALE_FACTOR_ROUNDING_POLICY")


def _application(headless: bool) -> QGuiApplication:
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        if QGuiApplication.instance() is None:  # read once, when the application is made
            for name in SCALING_VARIABLES:
                os.environ.pop(name, None)
            os.environ["QT_ENABLE_HIGHDPI_SCALING"] = "0"
    offscreen = headless or os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    if offscreen and QQuickWindow.graphicsApi() != QSGRendererInterface.GraphicsApi.Software \
            and QQuickWindow.sceneGraphBackend() != "software":  # already chosen: choosing again warns
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    # argv[0] names the window's X11 instance (WM_CLASS): the kiosk's, not python3's or __main__'s.
    app = QGuiApplication.instance() or QGuiApplication([APP_ID])
    app.setApplicationName(APP_ID)
    QGuiApplication.setDesktopFileName(APP_ID)  # the Wayland app id
    return app


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
    families: list[str] = []
    folder = paths.assets() / "fonts"
    for file in sorted(folder.rglob("*")):
        if file.suffix.lower() in (".ttf", ".otf"):
            font_id = QFontDatabase.addApplicationFont(str(file))
            families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    for name in dict.fromkeys(families):
        QFont.insertSubstitutions(name, [f for f in FALLBACK_FAMILIES if f != name and f in families])
    preferred = "Atkinson Hyperlegible"
    family = preferred if preferred in families else (families[0] if families else FALLBACK_FONT)
    QGuiApplication.setFont(QFont(family))
    return family


def _engine(backend: Backend, font: str, staff: StaffBackend | None = None,
            rotation: int = 0, opening: Opening | None = None) -> QQmlApplicationEngine:
    engine = QQmlApplicationEngine()
    engine.addImageProvider("qr", QrImageProvider())
    engine.rootContext().setContextProperty("kiosk", backend)
    opening = opening or Opening(None, backend, EventLog(None))
    if opening.parent() is None:
        opening.setParent(engine)
    engine.rootContext().setContextProperty("kioskHours", opening)
    engine.rootContext().setContextProperty("kioskFont", font)
    engine.rootContext().setContextProperty("staff", staff)
    engine.rootContext().setContextProperty("kioskRotation", rotation)
    engine.load(QUrl.fromLocalFile(str(MAIN_QML)))
    return engine


def frame_name(index: int, slide: str, page: str) -> str:
    """File name for one frame: ``03-figures.png`` or ``13-spot-the-signs--isolation.png``."""
    return f"{index:02d}-{slide}" + (f"--{page}" if page else "") + ".png"


def transition_ms(options: PlayOptions) -> int:
    """Cross-fade length in real milliseconds: 0 (a cut) with ``reduced_motion``, shorter when sped up."""
    if options.reduced_motion:
        return 0
    scale = max(options.time_scale, 0.001)
    return int(TRANSITION_MS / scale) if scale > 1 else TRANSITION_MS


def play(deck: Deck, folder: Path, options: PlayOptions) -> int:
    """Play ``deck`` until the window closes, a signal arrives or ``options.cycles`` complete.

    Args:
        deck: a deck with no errors.
        folder: its folder.
        options: see :class:`PlayOptions`.

    Returns:
        The process exit code (0 when it stopped normally).
    """
    headless = options.mode == "headless"
    try:  # the command line checked these (kiosk.outputs); a change since then is said plainly
        log = logs.start(options.log_folder, options.log) if options.log_folder else \
            EventLog(options.log, on_error=logs.log_failure)
        if options.frames is not None:
            outputs.make_folders(options.frames)
    except OSError as error:
        logging.getLogger("kiosk.player").error("cannot write %s (%s); nothing was played", error.filename or options.log
                                                or options.frames, outputs.reason(error), extra=ON_STDERR)
        return 1
    app = _application(headless)
    log.write("started", mode=options.mode, deck=deck.deck.id, pid=os.getpid())
    scale = max(options.time_scale, 0.001)
    transition = transition_ms(options)
    clock = ScaledClock(scale)
    wall = schedule.StartingAt(options.at, clock) if options.at else None
    recorder = _recorder(options, deck, clock, wall)
    if recorder is not None:
        log.add_observer(recorder.observe)
    backend = Backend(deck, folder, log, clock, transition_ms=transition, wall=wall)
    # The opening hours follow the same wall clock as the schedule (the --at clock, if given).
    opening = Opening(options.hours, backend, log, options.wake_minutes, now=backend.wall, parent=app,
                      rate=scale if options.at else 1.0)
    # Every mode reloads the deck live when it changes on disk (kiosk.qt.watch).
    watcher = watch_deck(backend, folder, settle_ms=timer_ms(options.deck_settle), skip=(options.frames, options.log))
    if options.updates is not None:
        from kiosk.qt.updates import start_updates

        start_updates(options.updates, backend, watcher, log, opening)
    guard = kioskmode.KioskGuard(log.write, app) if options.mode == "fullscreen" else None
    try:
        screen = kioskmode.choose_screen(options.screen)
    except kioskmode.ScreenError as error:
        log.write("error", kind="screen", message=str(error))
        if not options.screen_from_settings:
            logging.getLogger("kiosk.player").error("%s", error, extra=ON_STDERR)
            return 2
        health.report(f"settings.toml: {error}; playing on the main screen")
        screen = kioskmode.choose_screen(None)

    stopped_by: list[str] = []  # why the kiosk stopped, for the log

    def leave() -> None:  # "Exit kiosk mode" in the staff menu: exit code 0
        stopped_by.append("staff chose Exit")
        if guard is not None:
            guard.allow_exit()
        app.exit(0)  # not quit(): see _quit_on_signals

    idle = {} if options.staff_idle_timeout is None else {"idle_ms": timer_ms(options.staff_idle_timeout)}
    events_file = options.log or (options.log_folder / logs.EVENT_LOG if options.log_folder else None)
    staff = None if headless else StaffBackend(backend, log, rotation=options.rotation, log_file=events_file,
                                               on_exit=leave, decks=lambda: library_decks(options.library),
                                               visitors=recorder.totals if recorder else None, **idle)
    engine = _engine(backend, load_fonts(), staff, options.rotation, opening)
    if not engine.rootObjects():
        log.write("error", kind="qml", message="the player window could not be created")
        logging.getLogger("kiosk.player").error("the player window could not be created (see the messages above)", extra=ON_STDERR)
        return 1
    window: QQuickWindow = engine.rootObjects()[0]
    width, height = options.size or ((1920, 1080) if headless else (1280, 800))
    window.resize(width, height)
    if staff is not None:
        staff.window = window

    drawn: list[bool] = []

    def first_frame() -> None:
        if not drawn:
            drawn.append(True)
            log.write("first_frame", since_start=round(process_age(), 4))
            sdnotify.notify("READY=1")

    window.frameSwapped.connect(first_frame)
    sdnotify.start_watchdog(window)
    saved: dict[tuple[str, str], Path] = {}
    frames_failed: list[bool] = []
    if options.frames is not None:
        def save(slide: str, page: str) -> None:
            key = (slide, page)
            if key not in saved:
                saved[key] = options.frames / frame_name(len(saved) + 1, slide, page)
            if grab(window).save(str(saved[key])):
                log.write("frame_saved", slide=slide, page=page or None, file=str(saved[key]))
            elif not frames_failed:  # said once, not at every slide; the kiosk plays on
                frames_failed.append(True)
                text = (f"cannot write the frame {saved[key]} (the disk may be full, or the folder gone); "
                        "the kiosk keeps playing without saving frames")
                health.report(text)
                log.write("error", kind="frames", message=text)

        # Text fitting finishes a few event-loop turns after the fade: wait for it.
        backend.settled.connect(lambda slide, page: QTimer.singleShot(FIT_SETTLE_MS, lambda: save(slide, page)))

    if options.cycles:
        def on_cycle(count: int) -> None:
            if count >= options.cycles:
                stopped_by.append(f"--cycles {options.cycles}: the loops asked for were played")
                # Let the first slide settle (and its frame be saved) before stopping.
                QTimer.singleShot(backend.transitionMs + 50, lambda: app.exit(0))

        backend.cycleCompleted.connect(on_cycle)

    if guard is not None:
        app.installEventFilter(guard)
        kioskmode.enter(window, screen, guard)
    else:
        window.setScreen(screen)
        window.show()
    _quit_on_signals(app, lambda name: stopped_by.append(f"signal {name}"))
    code = app.exec()
    watcher.stop()
    backend.stop()
    log.write("stopped", cycles=backend.navigator.cycles, frames=len(saved),
              reason=stopped_by[0] if stopped_by else "the window was closed")
    if recorder is not None:
        recorder.close()
    log.close()
    logs.stop()
    del engine
    if options.frames is not None and headless:
        print(f"kiosk: {len(saved)} frames written to {options.frames.resolve()}")
    for view_id in dict.fromkeys(backend.overflows):
        logging.getLogger("kiosk.player").warning("warning: the text on '%s' does not fit the screen, even at the smallest readable "
                                                  "size — shorten it or split it over two slides", view_id, extra=ON_STDERR)
    for _, _name, why in dict.fromkeys(backend.undrawn):
        logging.getLogger("kiosk.player").warning("warning: %s; its alt text was shown instead", why, extra=ON_STDERR)
    return code


def _recorder(options: PlayOptions, deck: Deck, clock: ScaledClock, wall):
    """The visitor counter (:class:`kiosk.stats.record.Recorder`) for ``options.stats_file``, or ``None``.

    Hours are counted in the deck's time zone, on the wall clock the schedule uses.
    """
    if options.stats_file is None:
        return None
    from zoneinfo import ZoneInfo

    from kiosk.stats.record import Recorder

    return Recorder(options.stats_file, clock=clock, wall=wall or schedule.utc_now,
                    zone=ZoneInfo(deck.deck.timezone), retention_days=options.stats_retention_days)


def _quit_on_signals(app: QGuiApplication, on_signal: Callable[[str], None] | None = None) -> None:
    """Quit cleanly on Ctrl+C and SIGTERM; ``on_signal`` is told the signal's name (``"SIGTERM"``).

    Python runs its signal handlers only when the interpreter gets control, which Qt's event
    loop does not give it by itself. Instead of a polling timer (which would wake a closed,
    idle kiosk twice a second), the signal's byte is written to a socket pair
    (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches, so a signal wakes the loop.
    """
    for sig in (signal.SIGINT, signal.SIGTERM):
        # exit(), not quit(): quit() first closes every window, and a window closed while its
        # next frame is still scheduled crashes the offscreen platform (a timer on a freed window).
        def stop(number: int, _frame: object) -> None:
            if on_signal is not None:
                on_signal(signal.Signals(number).name)
            app.exit(0)

        signal.signal(sig, stop)
    receive, send = socket.socketpair()
    receive.setblocking(False)
    send.setblocking(False)
    signal.set_wakeup_fd(send.fileno())
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: receive.recv(64))
    _SIGNAL_SOCKETS[:] = [receive, send, notifier]


#: The wake-up socket pair and its notifier (kept alive while the application runs).
_SIGNAL_SOCKETS: list = []


def all_positions(deck: Deck) -> list[Position]:
    """Every slide and every page of every signs slide, in deck order."""
    out: list[Position] = []
    for index, slide in enumerate(deck.slides):
        out.append(Position(index))
        for page in getattr(slide, "pages", []):
            out.append(Position(index, page.id))
    return out


def due_positions(deck: Deck, at: dt.datetime) -> list[Position]:
    """Like :func:`all_positions`, only for the slides due at ``at`` (aware); the fallback if none is."""
    due = set(schedule.due_slides(deck, at))
    positions = [p for p in all_positions(deck) if p.slide in due]
    if positions:
        return positions
    helpline = next((i for i, s in enumerate(deck.slides) if s.type == "helpline"), None)
    return [Position(helpline) if helpline is not None else FALLBACK]


def render(deck: Deck, folder: Path, out: Path, size: tuple[int, int], lang: str | None = None,
           progress=None, at: dt.datetime | None = None,
           positions: list[Position] | None = None) -> tuple[list[Path], list[str], list[tuple[int, str, str]]]:
    """Write a PNG of every slide and page, and ``contact-sheet.png``, into ``out``.

    Args:
        deck: a deck with no errors.
        folder: its folder.
        out: the folder to write to (created if needed).
        size: (width, height) in pixels.
        lang: language code to render in (default: the deck's first).
        progress: called with (done, total) after each frame, or ``None``.
        at: render the deck as it is at this moment (aware): only the slides and events due
            then. ``None`` renders every slide and event.
        positions: only these slides and pages (default: all of them, see :func:`all_positions`).

    Returns:
        The PNG files written (the contact sheet last); the ids of views whose text did not
        fit even at the smallest readable size (``slide`` or ``slide/page``); and the pictures
        that could not be drawn (a placeholder with the alt text was drawn instead), as
        (slide index, picture name, why), see :attr:`Backend.undrawn`.

    Raises:
        OSError: when ``out`` or a picture in it cannot be written.
    """
    from kiosk.qt.sheet import caption_of

    app = _application(True)
    outputs.make_folders(out)
    log = EventLog(None)
    backend = Backend(deck, folder, log, ScaledClock(1.0), transition_ms=0)
    backend.stop()
    if lang:
        backend.set_language(lang)
    engine = _engine(backend, load_fonts())
    window: QQuickWindow = engine.rootObjects()[0]
    window.resize(*size)
    window.show()
    files: list[Path] = []
    titles: list[str] = []
    if positions is None:
        positions = due_positions(deck, at) if at else all_positions(deck)
    for number, position in enumerate(positions, start=1):
        show_settled(backend, position, window, at)
        image = grab(window)
        view = backend.view
        if _overflowing(window.contentItem()):
            backend.overflows.append(view["id"] + (f"/{view['page']}" if view["page"] else ""))
        path = out / frame_name(number, view["id"], view["page"])
        _save(image, path)
        files.append(path)
        titles.append(f"{number}. {caption_of(view)}")
        if progress:
            progress(number, len(positions))
    backend.stop()
    sheet = out / "contact-sheet.png"
    _save(contact_sheet(files, titles, localise(deck.deck.title, lang or "", deck.deck.languages[0]), size), sheet)
    files.append(sheet)
    window.close()
    del engine
    return files, list(dict.fromkeys(backend.overflows)), list(dict.fromkeys(backend.undrawn))


def _save(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as PNG.

    Raises:
        OSError: when it could not be written (``QImage.save`` only says False: a full disk, a
            folder gone or not writable).
    """
    if not image.save(str(path)):
        raise OSError(f"cannot write {path} (the disk may be full, or the folder is not writable)")


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
    """(k, kMin, fits, height) of every visible FitColumn under ``item`` (see qml/parts/FitColumn.qml)."""
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


def contact_sheet(frames: list[Path], titles: list[str], heading: str, size: tuple[int, int],
                  columns: int = 4, thumb_width: int = 480) -> QImage:
    """One image with every frame as a titled thumbnail in a grid (for sign-off and printing).

    Args:
        frames: PNG files, in order.
        titles: one caption per frame.
        heading: the deck's title, printed at the top.
        size: the frames' size in pixels (width, height).
        columns: thumbnails per row.
        thumb_width: width of each thumbnail in pixels.

    Returns:
        The sheet as a :class:`QImage` (white background).
    """
    thumb_height = round(thumb_width * size[1] / size[0])
    gap, caption, top = 24, 40, 100
    rows = max(1, -(-len(frames) // columns))
    sheet = QImage(columns * (thumb_width + gap) + gap, top + rows * (thumb_height + caption + gap) + gap,
                   QImage.Format.Format_RGB32)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    font = QGuiApplication.font()
    font.setPixelSize(40)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#000000"))
    painter.drawText(QRect(gap, 0, sheet.width() - 2 * gap, top), Qt.AlignmentFlag.AlignVCenter, heading)
    font.setPixelSize(20)
    font.setBold(False)
    painter.setFont(font)
    for i, (frame, title) in enumerate(zip(frames, titles)):
        x = gap + (i % columns) * (thumb_width + gap)
        y = top + (i // columns) * (thumb_height + caption + gap)
        image = load_image(frame).scaled(thumb_width, thumb_height, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation)
        painter.drawImage(x, y, image)
        painter.drawRect(x, y, thumb_width - 1, thumb_height - 1)
        painter.drawText(QRect(x, y + thumb_height + 4, thumb_width, caption - 4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, title)
    painter.end()
    return sheet


__all__ = ["PlayOptions", "all_positions", "contact_sheet", "has_display", "play", "render"]
