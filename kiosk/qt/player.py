"""Playing a deck: the player window (full-screen, windowed or headless) until it is told to stop."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QGuiApplication

from kiosk import health, logs, outputs, stopsignals
from kiosk.diagnostics import ON_STDERR
from kiosk.events import EventLog, process_age
from kiosk.player import schedule
from kiosk.player.clock import Clock
from kiosk.player.hours import closed_note, play_anyway
from kiosk.player.options import PlayOptions
from kiosk.player.session import HoldReason
from kiosk.player.stopping import DONE, NOT_DONE, Stopping
from kiosk.qt import heap, kioskmode, sdnotify
from kiosk.qt.backend import TRANSITION_MS, Backend
from kiosk.qt.fitmemo import FitMemo
from kiosk.qt.hours import Opening
from kiosk.qt.pictures import PlayerPictures
from kiosk.qt.staff import StaffBackend, library_decks
from kiosk.qt.startup import _application, _engine, cache_large_glyphs, lay_out, load_fonts
from kiosk.qt.timers import timer_ms
from kiosk.qt.watch import watch_chosen, watch_deck
from kiosk.words import plural

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickWindow

    from kiosk.deck.model import Deck


def transition_ms(options: PlayOptions) -> int:
    """Cross-fade length in real milliseconds: 0 (a cut) with ``reduced_motion``, shorter when sped up."""
    if options.reduced_motion:
        return 0
    scale = max(options.time_scale, 0.001)
    return int(TRANSITION_MS / scale) if scale > 1 else TRANSITION_MS


def _forget_sources() -> None:
    """Drop the source lines Python keeps of the modules imported so far (:mod:`linecache`).

    PySide6 reads the source of every module imported after it, to see whether it uses PySide6
    (its ``__feature__`` switch), and Python keeps those lines: megabytes of text the kiosk
    never shows (a traceback reads the lines it needs again). Called before the window is made,
    so the memory goes to the window instead, and again after the first frame.
    """
    import linecache

    linecache.clearcache()


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
    stopping = Stopping()  # why the kiosk stops, for the log, and its exit code
    # From here on, a stop signal stops the loop cleanly (counts written, `stopped` logged): one that
    # comes before the loop runs is kept and acted on as the loop starts (see _quit_on_signals).
    stopsignals.catch(lambda name: _stop_by_signal(name, stopping))
    if options.frames is not None:  # grabbing frames needs Qt Quick's Python bindings, loaded before the window
        from kiosk.qt.offscreen import FIT_SETTLE_MS, _save, frame_name, grab
    frames_made: list[Path] = []  # the folders made for the frames, removed again if none is written
    where = "--log-json"  # the option naming what is being opened
    try:  # the command line checked these (kiosk.outputs); a change since then is said plainly
        log = logs.start(options.log_folder, options.log, options.log_folder_where) if options.log_folder else \
            EventLog(options.log, on_error=functools.partial(logs.log_failure, where="--log-json"))
        if options.frames is not None:
            where = "--frames"
            outputs.refuse_link(options.frames)
            frames_made = outputs.make_missing(options.frames)
    except OSError as error:
        logging.getLogger("kiosk.player").error(
            "%s; nothing was played", outputs.write_problem(error, error.filename or options.log or options.frames,
                                                            where), extra=ON_STDERR)
        return 1
    if not headless:  # asked before Qt is, which aborts (SIGABRT) when no platform reaches its display
        from kiosk.qt.displays import display_problem

        unreachable = display_problem()
        if unreachable:
            log.write("error", kind="display", message=unreachable)  # also in kiosk.log, with a log folder
            print(f"kiosk: {unreachable}", file=sys.stderr)
            log.close()
            logs.stop()
            return 1
    if options.closed_note:  # said once, before Qt starts: the screen stays black until opening time
        logging.getLogger("kiosk.player").info("%s", options.closed_note, extra=ON_STDERR)
    _forget_sources()
    heap.return_freed_memory()  # the layers of each cross-fade go back to the system when freed
    PlayerPictures.only_checked()  # a picture changed since its check is not decoded here
    cache_large_glyphs()  # the frames drawn again and again: large text from the glyph cache
    app = _application(headless)
    if not headless:
        from kiosk.qt.displays import outlive_xlib_errors, release

        release()  # Qt holds its own connection to the display now
        if app.platformName() == "xcb":  # a broken connection found by Xlib ends the loop, as Qt's own
            outlive_xlib_errors(app.nativeInterface().display())
    log.write("started", mode=options.mode, deck=deck.deck.id, pid=os.getpid())
    scale = max(options.time_scale, 0.001)
    transition = transition_ms(options)
    clock = Clock(scale, options.at)  # the one clock: deck seconds, and the wall (--at)
    wall = clock.wall if options.at else None
    recorder = _recorder(options, deck, clock, wall)
    if recorder is not None:
        log.add_observer(recorder.observe)
    backend = Backend(deck, folder, log, clock, transition_ms=transition, hold_for_frames=options.frames is not None,
                      reduced_motion=options.reduced_motion, pictures_apart=not headless and options.frames is None,
                      fit_memo=FitMemo(), content=options.content)
    # The opening hours follow the backend's clock, as the schedule does (the --at clock, if given).
    opening = Opening(options.hours, backend, log, options.wake_minutes, parent=app)
    if headless and (options.cycles or options.frames is not None) and options.hours is not None:
        _stop_when_closed(opening, options, clock, backend, app, stopping)
    # Every mode reloads the deck live when it changes on disk (kiosk.qt.watch).
    watcher = watch_deck(backend, folder, settle_ms=timer_ms(options.deck_settle), skip=(options.frames, options.log),
                         content=options.content, version=options.version)
    if options.chosen is not None:  # a fallback plays: follow the chosen deck until it is fixed
        watch_chosen(backend, options.chosen, options.chosen_note, settle_ms=timer_ms(options.deck_settle),
                     skip=(options.frames, options.log), playing=watcher, said=options.chosen_said)
    if options.updates is not None:
        from kiosk.qt.updates import start_updates

        start_updates(options.updates, backend, watcher, log, opening)
    guard = kioskmode.KioskGuard(log.write, app) if options.mode == "fullscreen" else None
    try:
        screen = kioskmode.choose_screen(options.screen)
    except kioskmode.ScreenError as error:
        # As said on the terminal: the settings file's fix for its screen, the flag's for --screen.
        log.write("error", kind="screen", message=error.for_settings() if options.screen_from_settings else str(error))
        if not options.screen_from_settings:
            logging.getLogger("kiosk.player").error("%s", error, extra=ON_STDERR)
            return 1
        health.report(f"settings.toml: {error.for_settings()}")
        screen = kioskmode.choose_screen(None)

    def leave() -> None:  # "Exit kiosk mode" in the staff menu: exit code 0
        code = stopping.stop("staff chose Exit", DONE)
        if guard is not None:
            guard.allow_exit()
        app.exit(code)  # not quit(): see _quit_on_signals

    idle = {} if options.staff_idle_timeout is None else {"idle_ms": timer_ms(options.staff_idle_timeout)}
    events_file = options.log or (options.log_folder / logs.EVENT_LOG if options.log_folder else None)
    switch_note = None
    if options.updates is not None and options.updates.config is not None:  # published updates take over again
        from kiosk.qt.updates import takes_over

        switch_note = lambda: takes_over(options.updates)  # noqa: E731 - read on the staff menu's reading thread
    staff = None if headless else StaffBackend(backend, log, rotation=options.rotation, log_file=events_file,
                                               on_exit=leave, decks=lambda: library_decks(options.library), library=options.library,
                                               refused=(options.chosen, options.chosen_refused),
                                               visitors=recorder.totals if recorder else None,
                                               visitors_unsaved=(lambda: recorder.unsaved) if recorder else None,
                                               switch_note=switch_note, watcher=watcher, checked=options.checked, **idle)
    width, height = options.size or ((1920, 1080) if headless else (1280, 800))
    scale = 1.0
    if options.mode == "windowed" and screen is not None:
        free = screen.availableGeometry()
        asked = f"{width}x{height}"
        scale, (width, height) = fit_preview((width, height), (free.width(), free.height()))
        if scale < 1:
            print(f"kiosk: {asked} is larger than the screen ({free.width()}x{free.height()} free): the "
                  f"preview is laid out as {asked} and drawn smaller, in a {width}x{height} window")
    # The fonts are read on this thread: a thread of their own would keep its own malloc arena
    # (about 1 MiB) for as long as the kiosk plays, for no gain in time on a 2-core machine.
    engine = _engine(backend, load_fonts(), staff, options.rotation, opening, scale)
    if not engine.rootObjects():
        from kiosk.qt.pictures import qt_said

        reason = "; ".join(qt_said()[-3:]) or "Qt gave no reason"
        log.write("error", kind="qml", message=f"the player window could not be created ({reason})")
        logging.getLogger("kiosk.player").error("the player window could not be created (Qt said: %s); the "
                                                "kiosk's installation may be damaged: install it again "
                                                "(packaging/install.sh)", reason, extra=ON_STDERR)
        return 1
    window: QQuickWindow = engine.rootObjects()[0]
    if guard is not None and screen is not None:  # full-screen: laid out at the screen's size
        width, height = screen.geometry().width(), screen.geometry().height()
    window.resize(width, height)
    if staff is not None:
        staff.window = window

    drawn: list[bool] = []

    def first_frame() -> None:
        if not drawn:
            drawn.append(True)
            window.frameSwapped.disconnect(first_frame)  # no Python call at every later frame
            log.write("first_frame", since_start=round(process_age(), 4))
            sdnotify.notify("READY=1")
            _forget_sources()

    window.frameSwapped.connect(first_frame)
    if os.environ.get("KIOSK_FRAME_TIMES"):  # each cross-fade's frame times (bench/xbench.py)
        from kiosk.qt.frametimes import record

        record(window, os.environ["KIOSK_FRAME_TIMES"])
    sdnotify.start_watchdog(window)
    saved: dict[tuple[str, str], Path] = {}  # each slide and page shown, and its frame's file
    written: set[Path] = set()  # the frames really written
    frames_failed: list[Path] = []  # the first frame that could not be written: saving stopped there
    if options.frames is not None:
        def save(slide: str, page: str) -> None:
            key = (slide, page)
            if key not in saved:
                saved[key] = options.frames / frame_name(len(saved) + 1, slide, page)
            if not frames_failed:  # after a failure, no frame is saved (said once; the kiosk plays on)
                try:
                    _save(grab(window), saved[key])
                except OSError as error:
                    frames_failed.append(saved[key])
                    text = (f"{outputs.write_problem(error, f'the frame {saved[key]}', '--frames')}; "
                            "the kiosk keeps playing without saving frames")
                    health.report(text)
                    log.write("error", kind="frames", message=text)
                else:
                    written.add(saved[key])
                    log.write("frame_saved", slide=slide, page=page or None, file=str(saved[key]))
            backend.frame_saved()  # the loop was held for this frame: it goes on

        def settled(slide: str, page: str) -> None:
            if backend.session.private:  # a view a visitor opened: never saved (nothing about a person is kept)
                backend.frame_saved()
                return
            # Text fitting finishes a few event-loop turns after the fade: wait for it.
            QTimer.singleShot(FIT_SETTLE_MS, lambda: save(slide, page))

        backend.settled.connect(settled)

    if options.cycles:
        def on_cycle(count: int) -> None:
            if count >= options.cycles:
                stopping.stop(f"--cycles {options.cycles}: the loops asked for were played", DONE)
                # Let the first slide settle (and its frame be saved) before stopping.
                QTimer.singleShot(backend.transitionMs + 50, lambda: app.exit(stopping.code))

        backend.cycleCompleted.connect(on_cycle)

    # Last, once everything listens (the first slide settles as it is laid out): the first frame
    # shown is the first slide, whole and still.
    lay_out(window, (width, height))
    watch = None
    if not headless:  # held until the window is on the screen, and whenever it leaves it: no slide unseen is counted
        backend.hold(HoldReason.UNSEEN)
        watch = kioskmode.WindowWatch(window)
        watch.seenChanged.connect(lambda seen: backend.hold(HoldReason.UNSEEN, not seen))

    def lost(reason: str) -> None:  # exit 1: the service starts the kiosk again
        code = stopping.stop(reason, NOT_DONE)
        log.write("error", kind="window", message=reason)
        print(f"kiosk: {reason}; stopping" + (", so that the kiosk's service starts it again" if guard else ""),
              file=sys.stderr)
        app.exit(code)

    def preview_left(seen: bool) -> None:  # a preview another program destroyed ends the preview
        if not seen:
            QTimer.singleShot(kioskmode.RESTORE_DELAY_MS, app,
                              lambda: _preview_gone(window) and lost(PREVIEW_GONE))

    if watch is not None and guard is None:
        watch.seenChanged.connect(preview_left)
    if guard is not None:
        kioskmode.enter(window, screen, guard, watch=watch, on_lost=lost)
    else:
        window.setScreen(screen)
        window.show()
    _quit_on_signals(app, stopping)
    code = app.exec()
    # Qt ends its loop with 1 by itself only when the connection to the display broke (the X server
    # stopped, or another program cut the kiosk off: xdotool windowkill).
    broken = code != 0 and not stopping
    if broken:
        stopping.stop(DISPLAY_LOST, NOT_DONE)
        log.write("error", kind="display", message=DISPLAY_LOST)
    if stopping:  # the reason decides, whichever exit() ended the loop (see Stopping)
        code = stopping.code
    watcher.stop()
    backend.stop()
    log.write("stopped", cycles=backend.session.loops, frames=len(written),
              reason=stopping.reason or "the window was closed")
    if recorder is not None:
        recorder.close()
    log.close()
    logs.stop()
    if broken:  # Qt's and Xlib's clean-up would talk to the display that is gone (and crash): not done
        print(f"kiosk: {DISPLAY_LOST}; stopping" + (", so that the kiosk's service starts it again" if guard else ""),
              file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(1)
    del engine
    if options.frames is not None and not written:
        outputs.remove_empty(frames_made)  # no empty folder made for frames that were never written
    if options.frames is not None and (headless or frames_failed):
        print(f"kiosk: {frames_summary(len(written), options.frames, frames_failed)}")
    for view_id in dict.fromkeys(backend.overflows):
        logging.getLogger("kiosk.player").warning(
            "warning: the text on '%s' does not fit the screen, even at the smallest readable size — shorten it "
            "or split it over two slides", view_id, extra=ON_STDERR)
    for _, _name, why in dict.fromkeys(backend.undrawn):
        logging.getLogger("kiosk.player").warning("warning: %s; its alt text was shown instead", why, extra=ON_STDERR)
    return code


def _stop_when_closed(opening: Opening, options: PlayOptions, clock: Clock, backend: Backend,
                      app: QGuiApplication, stopping: Stopping) -> None:
    """End a headless run with ``--cycles`` or ``--frames`` when the opening hours close it, saying
    so once (the hours, when they open next, ``--always-open``), with exit 1: such a run, like
    one started while closed (:func:`kiosk.cli._closed_at_start`), does not wait silently for the
    next opening. Also checked as the event loop starts, for hours that closed between the
    command line's look and the player's. However early closing time comes (before the first
    frame, even before the event loop runs), the run ends with exit 1 (:class:`Stopping`)."""

    def closing() -> None:
        if not opening.closed or stopping:
            return
        note = closed_note(options.hours, clock.wall(), options.hours_where) or "closed by the opening hours"
        loops = backend.session.loops
        played = f"{loops} of {plural(options.cycles, 'loop')}" if options.cycles else plural(loops, "loop")
        code = stopping.stop(f"closed by the opening hours in {options.hours_where}", NOT_DONE)
        logging.getLogger("kiosk.player").warning(
            "%s; a headless run with --cycles or --frames does not wait for it: it stops here, after %s. %s",
            note, played, play_anyway(options.at is not None), extra=ON_STDERR)
        app.exit(code)

    opening.closedChanged.connect(closing)
    QTimer.singleShot(0, app, closing)


def frames_summary(written: int, folder: Path, failed: list[Path]) -> str:
    """The line ``kiosk run --frames`` ends with: how many frames were really written, where, and,
    when one could not be written, that saving stopped there.

    Args:
        written: the frames written, whole (:func:`kiosk.qt.offscreen._save`).
        folder: the ``--frames`` folder.
        failed: the first frame that could not be written, or ``[]``.

    Returns:
        ``"10 frames written to /home/ana/frames"``; with none, ``"no frame was written, so the
        folder /home/ana/frames was not made"`` (a folder made for the frames is taken away again
        when none is written) or ``"no frame was written to /home/ana/frames"`` (a folder that was
        there before); or ``"no frame was written: saving frames stopped at the first,
        01-welcome.png, which could not be written (said above)"``.
    """
    if not failed:
        if written:
            return f"{plural(written, 'frame')} written to {folder.absolute()}"
        if folder.is_dir():
            return f"no frame was written to {folder.absolute()}"
        return f"no frame was written, so the folder {folder.absolute()} was not made"
    stopped = f"saving frames stopped at {failed[0].name}, which could not be written (said above)"
    if not written:
        return f"no frame was written: {stopped}"
    return f"{plural(written, 'frame')} written to {folder.absolute()}, then {stopped}"


#: Why the kiosk stopped when Qt's event loop ended by itself (see :func:`play`).
DISPLAY_LOST = "the connection to the display broke (its server stopped, or another program cut the kiosk off)"
#: Why a ``--windowed`` preview stopped when its window was destroyed by another program.
PREVIEW_GONE = "the preview window was destroyed by another program"


def _preview_gone(window: QQuickWindow) -> bool:
    """True when the preview ``window``, off the screen and not minimised, no longer exists on its X
    server (another program destroyed it: Qt is not told, :func:`kiosk.qt.displays.x11_window_exists`).
    False elsewhere (on Wayland no other program can destroy it; a workspace switch only unmaps it)."""
    from PySide6.QtGui import QWindow

    if kioskmode.on_screen(window) or window.visibility() == QWindow.Visibility.Minimized \
            or QGuiApplication.platformName() != "xcb":
        return False
    from kiosk.qt.displays import x11_window_exists

    return x11_window_exists(os.environ.get("DISPLAY", ""), int(window.winId())) is False


#: Pixels kept free below and above a preview window that is scaled to fit (its title bar, borders).
WINDOW_FRAME = 48


def fit_preview(size: tuple[int, int], free: tuple[int, int], frame: int = WINDOW_FRAME) -> tuple[float, tuple[int, int]]:
    """How much to scale a preview window of ``size`` so it fits the screen's ``free`` area.

    Args:
        size: the window size asked for (``--size``), (width, height) in pixels.
        free: the screen's available area (without panels), (width, height) in pixels.
        frame: pixels kept for the window's title bar and borders when it must be scaled.

    Returns:
        ``(scale, (width, height))``: 1 and ``size`` when it fits; else the scale (below 1) and
        the largest window of the same shape that fits (each side at least 1 pixel).
    """
    width, height = size
    if width <= free[0] and height <= free[1]:
        return 1.0, size
    scale = min((free[0] - frame) / width, (free[1] - frame) / height)
    scale = max(scale, 1 / max(width, height))
    return scale, (max(1, round(width * scale)), max(1, round(height * scale)))


def _recorder(options: PlayOptions, deck: Deck, clock: Clock, wall):
    """The visitor counter (:class:`kiosk.stats.record.Recorder`) for ``options.stats_file``, or ``None``.

    Hours are counted in the deck's time zone, on the wall clock the schedule uses. The counts
    are written by a short-lived process of their own (:func:`kiosk.stats.writer.write_in_child`):
    this process never loads SQLite.
    """
    if options.stats_file is None:
        return None

    from kiosk.stats.record import Recorder
    from kiosk.stats.writer import write_in_child

    return Recorder(options.stats_file, clock=clock, wall=wall or schedule.utc_now,
                    zone=schedule.zone_of(deck), retention_days=options.stats_retention_days, write=write_in_child)


def _stop_by_signal(name: str, stopping: Stopping) -> None:
    """A stop signal (:data:`kiosk.stopsignals.STOP`) arrived: note it and end the event loop.

    exit(), not quit(): quit() first closes every window, and a window closed while its next
    frame is still scheduled crashes the offscreen platform (a timer on a freed window). Before
    the loop runs, exit() does nothing; :func:`_quit_on_signals` ends the loop as it starts.
    """
    code = stopping.stop(f"signal {name}", DONE)
    app = QGuiApplication.instance()
    if app is not None:
        app.exit(code)


def _quit_on_signals(app: QGuiApplication, stopping: Stopping) -> None:
    """Let the stop signals (:func:`kiosk.stopsignals.catch`, installed as :func:`play` starts)
    wake Qt's event loop, and end it as it starts, with the exit code of the first reason, when a
    stop came already (a signal, or closing time while the first slide was laid out: ``stopping``
    not empty), for ``exit()`` did nothing then.

    Python runs its signal handlers only when the interpreter gets control, which Qt's event
    loop does not give it by itself. Instead of a polling timer (which would wake a closed,
    idle kiosk twice a second), the signal's byte is written to a pipe (``signal.set_wakeup_fd``)
    that a ``QSocketNotifier`` watches, so a signal wakes the loop.
    """
    _close_signal_pipe()
    receive, send = os.pipe()
    os.set_blocking(receive, False)
    os.set_blocking(send, False)
    signal.set_wakeup_fd(send)
    notifier = QSocketNotifier(receive, QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: _drain(receive))
    _SIGNAL_PIPE[:] = [receive, send, notifier]
    # A stop before this timer runs is in stopping by then; one after it finds the loop running.
    QTimer.singleShot(0, app, lambda: stopping and app.exit(stopping.code))


def _drain(fd: int) -> None:
    """Read what the signals wrote to the wake-up pipe (their numbers: the handlers act on them)."""
    with contextlib.suppress(OSError):  # BlockingIOError: read already
        os.read(fd, 64)


def _close_signal_pipe() -> None:
    """Close the wake-up pipe of an earlier :func:`play` in this process (tests play many times)."""
    if _SIGNAL_PIPE:
        receive, send, notifier = _SIGNAL_PIPE
        with contextlib.suppress(RuntimeError):  # gone with its application
            notifier.setEnabled(False)
        previous = signal.set_wakeup_fd(-1)
        if previous not in (send, -1):  # another wake-up fd was set since: it stays
            signal.set_wakeup_fd(previous)
        for fd in (receive, send):
            with contextlib.suppress(OSError):
                os.close(fd)
        _SIGNAL_PIPE.clear()


#: The wake-up pipe's two ends and its notifier (kept for as long as the application runs).
_SIGNAL_PIPE: list = []


__all__ = ["PlayOptions", "play", "transition_ms"]
