"""Staff access: the hidden gesture, the PIN check and the staff menu's actions.

:class:`StaffBackend` is the QML singleton ``Staff`` (``qml/Kiosk/parts/StaffLayer.qml`` draws the
PIN pad, the menu and the black screen). The PIN is checked here, in Python, against the
salted scrypt hash that ``kiosk set-pin`` wrote (:mod:`kiosk.pin`); it is never logged or
printed. Events: ``staff_menu_opened``, ``staff_action`` (``action``), ``staff_menu_closed``
(``reason``), ``screen_off`` and ``screen_on`` (at the time the staff set). What anyone at the
public screen may do is never written with a time (README, *Visitor counts*): the gesture and a
wrong PIN may be a passer-by's, and a touch that lights a blacked-out screen is anyone's; they are
only told to the event log's observers (``staff_pin_failed`` with ``count``, ``screen_on`` with
``trigger`` ``touch``) and wrong PINs are counted for the status page. So are ``staff_gesture``
(``held``: the seconds on the player's clock the finger was held) when the gesture opens the PIN
pad, and ``staff_closed`` when the pad or the menu closes: the visitor counts leave out what happens
in between, and the interaction the gesture began (:mod:`kiosk.stats.record`). A PIN not set up or a
damaged PIN file is written to ``kiosk.log`` once, when the kiosk starts, never at the gesture.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QWindow

from kiosk import __version__, health, pin
from kiosk.deck.checked import file_sha256
from kiosk.deck.problems import Problem
from kiosk.deck.result import LoadResult
from kiosk.events import EventLog, process_age
from kiosk.paths import DECK_FILE
from kiosk.player.session import HoldReason
from kiosk.player.views import localise
from kiosk.qt.backend import Backend
from kiosk.qt.background import Reader
from kiosk.qt.timers import clamp_ms, timer_ms
from kiosk.qt.watch import DeckWatcher, Snapshot, read_version, unreadable
from kiosk.userfile import expand_user, real_path
from kiosk.words import plural

#: One deck the staff may switch to: (deck id, title, folder), and whether it has no errors (a
#: fourth item; taken as True when left out).
DeckEntry = tuple[str, str, Path] | tuple[str, str, Path, bool]

#: Written to kiosk.log once at start (never shown: the public must not learn of a staff menu)
#: when no PIN has been set; kept in ``notice`` after the gesture.
NOT_SET_UP = "Staff menu is not set up — see “Staff access” in the README"
#: Written to kiosk.log once at start (never shown) when the PIN file cannot be read.
DAMAGED = "The staff PIN file is damaged — set the PIN again with: kiosk set-pin"
#: Environment variables systemd sets for a service it started (systemd.exec(5): INVOCATION_ID;
#: sd_notify(3): NOTIFY_SOCKET for a Type=notify service such as packaging/kiosk.service).
SYSTEMD_VARIABLES = ("INVOCATION_ID", "NOTIFY_SOCKET")

_logger = logging.getLogger("kiosk.staff")
#: Shown in the staff menu after a PIN that anyone would try first ({reason}: "a run of digits").
WEAK_PIN = ("This PIN is {reason}, among the first anyone would try. Please set a new one on this "
            "computer with: kiosk set-pin")
#: Milliseconds the staff menu (or PIN pad) stays open with no touch.
MENU_IDLE_MS = 60_000
#: Milliseconds the finger must rest in the top-left corner to ask for the PIN.
HOLD_MS = 3_000
#: Milliseconds a short notice stays on screen.
NOTICE_MS = 5_000
#: Milliseconds after start-up at which the status page notes the deck on screen (after the first frame).
LOADED_AFTER_MS = 1_000


class StaffState(StrEnum):
    """What the staff layer shows (QML compares the text: ``staff.state === "menu"``)."""

    NONE = ""  #: nothing: the slides
    PAD = "pad"  #: the PIN pad
    MENU = "menu"  #: the staff menu


def checker():
    """:mod:`kiosk.qt.checker`, read the first time the staff menu checks or lists decks (a kiosk
    whose staff never open it never holds that code)."""
    from kiosk.qt import checker as module

    return module


def library_decks(library: Path | None = None) -> list[DeckEntry]:
    """The decks "Switch deck" offers: :func:`kiosk.library.available_decks` of ``library``
    (default: the installed library, then the bundled decks), as (id, title, folder), the bundled
    ones marked "(bundled)". A deck that cannot be read is listed by its folder name. The decks
    are read in a checking child (:func:`kiosk.qt.checker.list_decks`), never in the kiosk itself."""
    return [(deck_id, title + ("  (bundled)" if bundled else ""), Path(folder), ok)
            for deck_id, title, folder, bundled, ok in checker().list_decks(library)]


@dataclass
class Loaded:
    """What the staff pages know of the deck on screen: its load result, version and load time."""

    result: LoadResult
    version: str
    at: dt.datetime


def _without_deck(result: LoadResult) -> LoadResult:
    """``result`` without its deck: the status page reads only its problems and folder, and the
    deck it holds is the one playing, which the backend has (no second copy kept)."""
    return dataclasses.replace(result, deck=None)


def deck_version(folder: Path) -> str:
    """A short version of the deck: the first 12 hex digits of the SHA-256 of its ``deck.yaml``
    (``"unreadable"`` when it cannot be read as a deck file: see :func:`kiosk.userfile.read_bounded`)."""
    return file_sha256(folder / DECK_FILE)[:12] or "unreadable"


def in_deck(problem: Problem, folder: Path) -> str:
    """``problem`` as a ``file:line:col: …`` line whose file is named relative to the deck
    ``folder`` (``deck.yaml:12:5: …``), or absolute when it is outside it (never relative to the
    folder the kiosk was started from)."""
    return _written_from(_absolute_problem(problem), str(real_path(expand_user(folder))))


def _written_from(line: str, folder: str) -> str:
    """``line`` (a ``file:line:col: …`` line with an absolute path) with a path inside ``folder``
    (an absolute path) written from it: ``deck.yaml:12:3: …``; any other line as it is."""
    return line.removeprefix(folder.rstrip(os.sep) + os.sep)


def _absolute_problem(problem: Problem) -> str:
    """``problem`` as a ``file:line:col: …`` line whose file is an absolute path."""
    return str(replace(problem, file=str(real_path(expand_user(problem.file)))))


def visitor_counts(totals: Callable[[], tuple[int, int]] | None,
                   unsaved: Callable[[], str | None] | None = None) -> str:
    """The status page's visitor line: interactions today and this week, shown as ``kiosk stats``
    shows counts (:func:`kiosk.stats.report.shown`: rounded down to a multiple of 5, under 5 as ``"<5"``).

    Args:
        totals: returns (today, this week), the counts written and those held in memory
            (:meth:`kiosk.stats.record.Recorder.totals`); ``None`` when nothing is counted.
        unsaved: returns why the counts could not be written (``"the disk is full"``), or
            ``None`` when they were (:attr:`kiosk.stats.record.Recorder.unsaved`); the line then
            says the figures are held in memory, not saved.
    """
    if totals is None:
        return "not counted (the kiosk counts visitors when it runs full-screen)"
    from kiosk.stats.report import shown

    today, week = totals()
    figures = f"{shown(today)} today, {shown(week)} this week"
    why = unsaved() if unsaved is not None else None
    if why:
        return (f"{figures} (people who touched the screen; not saved: {why}; held in memory "
                "until they can be written, lost if the kiosk stops before then)")
    return f"{figures} (people who touched the screen; kiosk stats has more)"


def quick_exit_count(count: int) -> str:
    """The status page's quick exit line: ``count`` (quick exits since the kiosk started, a whole
    number from 0 up) is a visitor count, so it is shown as ``kiosk stats`` shows counts
    (:func:`kiosk.stats.report.shown`: rounded down to a multiple of 5, 1 to 4 as ``"<5"``)."""
    from kiosk.stats.report import shown

    return f"{shown(count)} since the kiosk started (counted, never logged)"


def exit_message(environ: Mapping[str, str] | None = None, argv: Sequence[str] | None = None) -> str:
    """What the staff menu's "Exit kiosk mode?" page says happens, and how the kiosk comes back.

    Args:
        environ: the process environment (default ``os.environ``): under systemd (any of
            :data:`SYSTEMD_VARIABLES` set) the service starts it again; otherwise it was started
            by hand or by a script and nothing starts it again by itself.
        argv: the command line (default ``sys.argv``), shown as ``kiosk run …`` when not under systemd,
            each relative path made absolute (the staff may be in another folder).

    Returns:
        One or two sentences.
    """
    environ = os.environ if environ is None else environ
    argv = sys.argv if argv is None else argv
    closes = "The kiosk closes and the desktop shows."
    if any(environ.get(name) for name in SYSTEMD_VARIABLES):
        return f"{closes} It starts again when the computer restarts, or with: systemctl --user start kiosk"
    import shlex  # only once the staff open their menu

    command = shlex.join(["kiosk", *(_absolute_arg(arg) for arg in argv[1:])])
    if len(command) > COMMAND_CHARS:
        command = command[:COMMAND_CHARS - 1] + "…"
    return (f"{closes} It was started by hand or by a script (not by its systemd service), so nothing "
            f"starts it again by itself. It was started with: {command}")


#: Longest first error the top of the status page quotes, in characters (the full list is below it).
FIRST_ERROR_CHARS = 200


def refusal_text(chosen: Path | None, lines: Sequence[str], playing: str) -> str:
    """What the top of the staff status page says while the deck chosen in ``settings.toml`` (or,
    with none set, the installed deck played by default) is refused and a fallback plays: that it was refused, its first error (short), what plays
    instead, and what to do (staff have no terminal: tell the deck's coordinator).

    Args:
        chosen: the chosen deck's folder when the kiosk follows it (it plays by itself once it
            has no errors), or ``None`` when no deck was found by its id (the kiosk must then be
            restarted once it is installed).
        lines: its errors as ``file:line:col: error: …`` lines (a path in ``chosen`` is written
            from it), or the one sentence saying why no deck was found; never empty.
        playing: the title of the deck playing instead.

    Returns:
        One paragraph.
    """
    errors = [line for line in lines if ": error: " in line] or list(lines)
    first = errors[0]
    if chosen is not None:  # written from the deck folder, however the line names it
        folder = real_path(expand_user(chosen))
        for written in (str(folder), os.path.relpath(folder), str(chosen)):
            first = _written_from(first, written)
    if len(first) > FIRST_ERROR_CHARS:
        first = first[:FIRST_ERROR_CHARS - 1] + "…"
    end = "" if first.endswith((".", "?", "!", "…")) else "."
    if chosen is not None and ": error: " in errors[0]:
        count = "an error" if len(errors) == 1 else f"{len(errors)} errors; the first"
        what = f"The deck to play, {real_path(expand_user(chosen))}, has {count}: {first}{end}"  # set, or by default
        then = "it plays by itself once it is fixed"
    else:
        what = f"The deck chosen in settings.toml does not play: {first}{end}"
        then = "it plays by itself once it is there" if chosen is not None else \
            "once it is there, restart the kiosk (staff menu: Exit)"
    return (f"REFUSED. {what} The bundled deck “{playing}” plays instead. Tell the deck's coordinator "
            f"(kiosk validate lists every problem); {then}.")


#: Longest command line the Exit page quotes, in characters (absolute paths make it long).
COMMAND_CHARS = 320


def _absolute_arg(arg: str) -> str:
    """A command-line word as the staff can use it from any folder: a relative path (a word that
    holds a "/" or names something in the folder the kiosk started from, as ``kiosk run`` takes
    its ``DECK``) made absolute; a flag, a number or a deck id found nowhere as it is."""
    if arg.startswith("-") or os.path.isabs(arg) or not ("/" in arg or os.path.lexists(arg)):
        return arg
    return os.path.abspath(arg)


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min {int(seconds % 60)} s"
    return f"{minutes // 60} h {minutes % 60:02d} min"


class StaffBackend(QObject):
    """The staff layer's state and actions, for QML.

    Args:
        backend: the player's backend (the loop that is paused, advanced and switched).
        log: where events go.
        decks: returns the decks the staff may switch to, as (id, title, folder).
        pin_path: the PIN file (default :func:`kiosk.pin.pin_file`, read at each gesture so a
            PIN set while the kiosk runs works at once).
        clock: monotonic seconds, for the wait after wrong PINs.
        wall: the local date and time now, for "last reload" and :meth:`screen_off`.
        rotation: the screen rotation in degrees (shown on the status page).
        log_file: the JSON event log's file, or ``None`` when none is written.
        on_exit: called when the staff choose Exit (default: quit the application, code 0).
        idle_ms: milliseconds without a touch before the menu closes itself.
        hold_ms: milliseconds of long press that open the PIN pad.
        notice_ms: milliseconds a notice stays up.
        visitors: returns the interactions counted today and this week (see
            :meth:`kiosk.stats.record.Recorder.totals`), or ``None`` when nothing is counted.
        visitors_unsaved: returns why the counts could not be written, or ``None`` when they were
            (:attr:`kiosk.stats.record.Recorder.unsaved`; see :func:`visitor_counts`).
        library: the deck library in force (:meth:`kiosk.settings.Effective.library_for`), where
            a deck id given to :meth:`switchDeck` is looked up (default :func:`kiosk.paths.library`).
        refused: when the deck chosen in ``settings.toml`` was refused at start and a fallback
            plays, the chosen deck's folder (``None`` when no deck has that id) and why (its
            errors, or one sentence); the status page says so at its top (:func:`refusal_text`).
        watcher: the playing deck's watcher (:func:`kiosk.qt.watch.watch_deck`), handed each
            version *Switch deck* and *Reload* read (:meth:`kiosk.qt.watch.DeckWatcher.take`),
            so that it neither plays that version again nor misses an edit made while it was
            read; ``None`` for none.
    """

    stateChanged = Signal()
    noticeChanged = Signal()
    lockChanged = Signal()
    pausedChanged = Signal()
    screenOffChanged = Signal()
    resultChanged = Signal()
    #: The list of decks to switch to has been read again, or the deck playing changed.
    decksChanged = Signal()

    def __init__(self, backend: Backend, log: EventLog, *,
                 decks: Callable[[], Iterable[DeckEntry]] = library_decks,
                 pin_path: Path | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] = dt.datetime.now,
                 rotation: int = 0, log_file: Path | None = None,
                 on_exit: Callable[[], None] | None = None,
                 idle_ms: int = MENU_IDLE_MS, hold_ms: int = HOLD_MS, notice_ms: int = NOTICE_MS,
                 visitors: Callable[[], tuple[int, int]] | None = None,
                 visitors_unsaved: Callable[[], str | None] | None = None,
                 library: Path | None = None,
                 refused: tuple[Path | None, Sequence[str]] = (None, ()),
                 switch_note: Callable[[], str | None] | None = None,
                 watcher: DeckWatcher | None = None,
                 checked: tuple[list[Problem], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = watcher
        #: What *Switch deck* says of published updates that take the screen back
        #: (:func:`kiosk.qt.updates.takes_over`), read with the deck list on the reading thread.
        self._switch_note = switch_note
        self._deck_note = ""
        self._library = library
        self._chosen, self._refused = refused[0], list(refused[1])
        #: The deck the kiosk started with: a fallback, while ``refused`` says why.
        self._fallback = real_path(expand_user(backend.folder))
        self._visitors = visitors
        self._visitors_unsaved = visitors_unsaved
        self._exit_message: str | None = None  # made when the staff first see it (exit_message)
        self._backend = backend
        self._log = log
        self._decks = decks
        self._pin_path = pin_path
        self._wall = wall
        self._rotation = rotation
        self._log_file = log_file
        self._on_exit = on_exit or QCoreApplication.quit
        self._hold_ms = clamp_ms(hold_ms)
        self._lockout = pin.Lockout(clock)
        self._state = StaffState.NONE
        self._notice = ""
        self._pin_message = ""
        self._result = ""
        self._problems: list[str] = []
        self._loaded: Loaded | None = None
        self._started = wall()
        #: Decks are read and listed on a reading thread, never on the one drawing the screen.
        self._reader = Reader(self)
        self._switching = False
        self._deck_entries: list[DeckEntry] = []
        #: Decks played in this run that no listing holds (one started by its folder path), so
        #: the staff can switch back to them: folder -> (id, title).
        self._played_here: dict[Path, tuple[str, str]] = {}
        self._remember_playing()
        #: Wrong PINs since the kiosk started (in memory only, for the status page; never logged).
        self.wrong_pins = 0
        self._say_if_unusable()
        # Note what is playing now, not what is on disk when the status page is first opened
        # (by then the file may hold a newer version that was rejected): as checked at start
        # when given, else read after the first frame.
        if checked is not None:
            problems, sha256 = checked
            self._loaded = Loaded(LoadResult(folder=backend.folder, file=backend.folder / DECK_FILE,
                                             problems=list(problems), sha256=sha256),
                                  sha256[:12] or deck_version(backend.folder), self._started)
        else:
            QTimer.singleShot(LOADED_AFTER_MS, self, lambda: self._note_loaded(self._started))
        backend.deckReloaded.connect(self._on_reloaded)
        #: The player window (for the status page's screen size); set by the caller.
        self.window: QWindow | None = None
        self.idle_timer = self._timer(idle_ms, self._on_idle)
        self.notice_timer = self._timer(notice_ms, lambda: self._set_notice(""))
        self.lock_timer = self._timer(1000, self._on_lock_tick, single=False)
        self.wake_timer = self._timer(0, self._on_wake_timer)
        self._wake_at: dt.datetime | None = None

    def _timer(self, ms: int, slot: Callable[[], None], single: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(clamp_ms(ms))
        timer.timeout.connect(slot)
        return timer

    # ----------------------------------------------------------------- properties for QML
    def _get_state(self) -> str:
        return self._state.value

    #: ``""`` (nothing open), ``"pad"`` (PIN pad) or ``"menu"`` (staff menu): a :class:`StaffState`.
    state = Property(str, _get_state, notify=stateChanged)

    def _get_notice(self) -> str:
        return self._notice

    #: Why the last gesture opened nothing (:data:`NOT_SET_UP`, :data:`DAMAGED`), for a while;
    #: written to kiosk.log and never drawn (the public must not learn of a staff menu).
    notice = Property(str, _get_notice, notify=noticeChanged)

    def _get_wait(self) -> int:
        return math.ceil(self._lockout.remaining())

    #: Whole seconds before another PIN may be tried (0 when one may).
    waitSeconds = Property(int, _get_wait, notify=lockChanged)

    def _get_pin_message(self) -> str:
        return self._pin_message

    pinMessage = Property(str, _get_pin_message, notify=lockChanged)

    @property
    def _paused(self) -> bool:
        """True while the staff hold the loop (the menu's Pause): a hold of the play session."""
        return self._backend.held_by(HoldReason.STAFF_PAUSE)

    @property
    def _screen_off(self) -> bool:
        """True while the screen is off by the staff: a hold of the play session."""
        return self._backend.held_by(HoldReason.SCREEN_OFF)

    def _get_paused(self) -> bool:
        return self._paused

    paused = Property(bool, _get_paused, notify=pausedChanged)

    def _get_screen_off(self) -> bool:
        return self._screen_off

    screenOff = Property(bool, _get_screen_off, notify=screenOffChanged)

    def _get_result(self) -> str:
        return self._result

    #: What the last menu action did, in a sentence.
    result = Property(str, _get_result, notify=resultChanged)

    def _get_problems(self) -> list[str]:
        return self._problems

    #: The problems that stopped the last switch or reload, as ``file:line:col: …`` lines.
    problems = Property("QVariantList", _get_problems, notify=resultChanged)

    def _get_hold_ms(self) -> int:
        return self._hold_ms

    def _get_exit_message(self) -> str:
        if self._exit_message is None:
            self._exit_message = exit_message()
        return self._exit_message

    #: What happens on Exit and how the kiosk comes back (:func:`exit_message`).
    exitMessage = Property(str, _get_exit_message, constant=True)

    holdMs = Property(int, _get_hold_ms, constant=True)

    # ----------------------------------------------------------------- state changes
    def _set_state(self, state: StaffState, reason: str = "") -> None:
        if state == self._state:
            return
        was_menu = self._state is StaffState.MENU
        self._state = state
        if state is not StaffState.NONE:
            self.idle_timer.start()
        else:
            self.idle_timer.stop()
        if was_menu and state is not StaffState.MENU:
            self._log.write("staff_menu_closed", reason=reason or "closed")
        if state is StaffState.NONE:  # the visitor counts count again (the pad may have been a passer-by's)
            self._log.notify("staff_closed")
        self.stateChanged.emit()

    def _set_notice(self, text: str) -> None:
        if text != self._notice:
            self._notice = text
            self.noticeChanged.emit()
        if text:
            self.notice_timer.start()

    def _set_result(self, text: str, problems: list[str] | None = None) -> None:
        self._result = text
        self._problems = problems or []
        self.resultChanged.emit()

    def _action(self, name: str, **fields: Any) -> None:
        self._log.write("staff_action", action=name, **fields)
        self.touched()

    def _remember_playing(self) -> None:
        """Note the deck playing now (its id and title) among :attr:`_played_here`. Never raises."""
        try:
            deck = self._backend.deck.deck
            title = localise(deck.title, "", deck.languages[0])
            self._played_here[real_path(self._backend.folder)] = (deck.id, title)
        except (AttributeError, IndexError, OSError, TypeError):
            pass

    # ----------------------------------------------------------------- gesture and PIN
    @Slot()
    def longPress(self) -> None:  # noqa: N802 - QML name
        """The hidden gesture: open the PIN pad. Without a PIN (or with a damaged PIN file) the
        screen shows nothing: the reason goes to kiosk.log as a warning (and :attr:`notice`)."""
        if self._state is not StaffState.NONE or self._screen_off:
            return
        try:
            record = pin.load_record(self._pin_path)
        except pin.PinFileError:
            self._refuse(DAMAGED)
            return
        if record is None:
            self._refuse(NOT_SET_UP)
            return
        self._set_notice("")
        self._pin_message = ""
        self.lockChanged.emit()
        # Before the pad shows: the touches the gesture made are not a visitor's (kiosk.stats.record).
        held = self._hold_ms / 1000 * self._backend.clock.scale  # real milliseconds to the player's seconds
        self._log.notify("staff_gesture", held=held)
        self._set_state(StaffState.PAD)

    def _refuse(self, reason: str) -> None:
        """The gesture opened nothing, for ``reason``: kept in :attr:`notice` (never shown), not
        logged (a passer-by may make the gesture; :meth:`_say_if_unusable` told kiosk.log at start)."""
        self._set_notice(reason)

    def _say_if_unusable(self) -> None:
        """Warn in ``kiosk.log``, once at start, when the staff menu cannot be opened (no PIN set,
        or a damaged PIN file)."""
        try:
            record = pin.load_record(self._pin_path)
        except pin.PinFileError:
            record, reason = None, DAMAGED
        else:
            reason = NOT_SET_UP
        if record is None:
            _logger.warning("the staff menu cannot be opened: %s", reason)

    @Slot(str, result=bool)
    def submitPin(self, entered: str) -> bool:  # noqa: N802 - QML name
        """Check a PIN typed on the pad. Right: the menu opens. Wrong: the pad waits 1, 2, 4 …
        seconds (at most 5 minutes) before it takes another. Returns True when it was right."""
        if self._state is not StaffState.PAD or self._lockout.remaining() > 0:
            return False
        self.touched()
        try:
            record = pin.load_record(self._pin_path)
            right = record is not None and pin.verify_pin(entered, record)
        except pin.PinFileError:
            right = False
        if right:
            self._lockout.succeeded()
            self._pin_message = ""
            self.lockChanged.emit()
            weak = pin.weak_pin_reason(entered)  # a PIN set before weak ones were refused still opens
            self._set_result(WEAK_PIN.format(reason=weak) if weak else "")
            self._set_state(StaffState.MENU)
            self._log.write("staff_menu_opened")
            return True
        self._lockout.failed()
        self.wrong_pins += 1
        self._log.notify("staff_pin_failed", count=self._lockout.failures)  # may be a passer-by: no time kept
        self._pin_message = "Wrong PIN."
        self.lock_timer.start()
        self.lockChanged.emit()
        return False

    def _on_lock_tick(self) -> None:
        if self._lockout.remaining() <= 0:
            self.lock_timer.stop()
        self.lockChanged.emit()

    @Slot()
    def touched(self) -> None:
        """Any touch on the pad or menu: restart the idle countdown."""
        if self._state is not StaffState.NONE:
            self.idle_timer.start()

    @Slot()
    def close(self) -> None:
        """Close the PIN pad or the menu (Cancel, Close)."""
        self._set_state(StaffState.NONE, "closed")

    def _on_idle(self) -> None:
        self._set_state(StaffState.NONE, "idle")

    # ----------------------------------------------------------------- menu actions
    @Slot()
    def togglePause(self) -> None:  # noqa: N802 - QML name
        """Pause the loop on the slide showing, or resume it."""
        self._backend.hold(HoldReason.STAFF_PAUSE, not self._paused)
        self.pausedChanged.emit()
        self._action("pause" if self._paused else "resume")
        self._set_result("The loop is paused on this slide." if self._paused else "The loop is playing again.")

    @Slot()
    def next(self) -> None:
        """Show the next slide (:meth:`_stepped`)."""
        self._backend.next()
        self._stepped()
        self._action("next")

    @Slot()
    def previous(self) -> None:
        """Show the previous slide (:meth:`_stepped`)."""
        self._backend.previous()
        self._stepped()
        self._action("previous")

    def _stepped(self) -> None:
        """After the staff's Next or Previous: paused, a visitor's session now ends on this slide;
        playing, the loop goes on from it with its full dwell, as Play would (a step of the staff
        is not a visitor's session: no controls for nobody, no return to the loop's start)."""
        if self._paused:
            self._backend.staff_moved()
        else:
            self._backend.resume()

    @Slot(result="QVariantList")
    def deckList(self) -> list[dict[str, Any]]:  # noqa: N802 - QML name
        """The decks to switch to, ``{id, title, path, current}`` each, as last listed; the list is
        read again on the reading thread, and :attr:`decksChanged` says when it is there."""
        self.touched()
        self._set_result("")

        def listed(found: tuple[list[DeckEntry], str | None] | None, error: BaseException | None) -> None:
            if error is None:
                self._deck_entries, self._deck_note = list(found[0]), found[1] or ""
                self.decksChanged.emit()

        decks, note = self._decks, self._switch_note  # the job holds no Qt object (see kiosk.qt.background)
        self._reader.run(lambda: (list(decks()), note() if note else None), listed, name="kiosk-deck-list")
        return self.deckChoices()

    def _get_deck_note(self) -> str:
        return self._deck_note

    #: On a kiosk that follows published updates, the sentence *Switch deck* shows above the
    #: decks: a new published version takes over again from the deck chosen there
    #: (:func:`kiosk.qt.updates.takes_over`); ``""`` otherwise, or before the list is read.
    deckNote = Property(str, _get_deck_note, notify=decksChanged)

    @Slot(result="QVariantList")
    def deckChoices(self) -> list[dict[str, Any]]:  # noqa: N802 - QML name
        """The decks as last listed by :meth:`deckList` (nothing is read), the playing one marked."""
        current = real_path(self._backend.folder)
        choices = []
        for entry in self._deck_entries:
            deck_id, title, folder = entry[:3]
            ok = bool(entry[3]) if len(entry) > 3 else True
            choices.append({"id": deck_id, "title": title, "path": str(folder),
                            "current": real_path(folder) == current, "ok": ok})
        listed = {real_path(Path(choice["path"])) for choice in choices}
        for folder, (deck_id, title) in self._played_here.items():
            if folder not in listed:  # started from its folder path: offered to switch back to
                choices.append({"id": deck_id, "title": f"{title}  ({folder})", "path": str(folder),
                                "current": folder == current, "ok": True})
        return choices

    def _play(self, folder: Path, action: str) -> bool:
        """Read ``folder`` on the reading thread; :meth:`_played` switches to it if it has no errors."""
        if self._switching:
            return False
        self._switching = True
        self._set_result("Reading the deck…")
        wall = self._wall
        skip = self._watcher.skip if self._watcher is not None else frozenset()

        def read() -> tuple[Loaded, Snapshot | None]:
            result, version = read_version(folder, skip=skip)
            return Loaded(result, deck_version(folder), wall()), version

        self._reader.run(read, lambda loaded, error: self._played(folder, action, loaded, error),
                         name="kiosk-deck-switch")
        return True

    def _played(self, folder: Path, action: str, read: tuple[Loaded, Snapshot | None] | None,
                error: BaseException | None) -> None:
        self._switching = False
        loaded, version = read if error is None else (Loaded(unreadable(folder, error), "unreadable", self._wall()), None)
        result = loaded.result
        if not result.ok:
            errors = [in_deck(p, folder) for p in result.problems if p.severity == "error"]
            self._set_result(f"Not changed: {real_path(folder) / DECK_FILE} has {plural(len(errors), 'problem')} "
                             "to fix first. The kiosk keeps playing "
                             "what it played before.", errors)
            self._action(action, outcome="refused", folder=str(folder), reason=errors[0] if errors else "")
            return
        if self._watcher is not None:  # played whether or not the watcher had it: the staff asked
            self._watcher.take(result.folder, result.deck, version, result.content)
        self._backend.set_deck(result.deck, result.folder, content=result.content)
        self._remember_playing()
        self._loaded = Loaded(_without_deck(result), loaded.version, loaded.at)
        title = localise(result.deck.deck.title, "", result.deck.deck.languages[0])
        done = "Reloaded" if action == "reload" else "Now playing"
        self._set_result(f"{done} “{title}”.", [in_deck(p, folder) for p in result.problems])
        self._action(action, outcome="switched" if action == "switch_deck" else "reloaded", folder=str(folder))
        self.decksChanged.emit()

    @Slot(str, result=bool)
    def switchDeck(self, folder: str) -> bool:  # noqa: N802 - QML name
        """Read the deck in ``folder`` (on the reading thread), then play it if it has no errors;
        otherwise keep the deck playing and list its problems (:attr:`result`, :attr:`problems`).
        Returns True when the reading started (False while another switch is being read).
        ``folder`` means what it means to ``kiosk run`` (:func:`kiosk.library.resolve_deck`)."""
        from kiosk.library import resolve_deck  # read when the staff first switch by name

        return self._play(resolve_deck(folder, self._library).folder, "switch_deck")

    @Slot(result=bool)
    def reload(self) -> bool:
        """Read the playing deck again from disk (same rules as :meth:`switchDeck`)."""
        return self._play(self._backend.folder, "reload")

    @Slot()
    def turnScreenOff(self) -> None:  # noqa: N802 - QML name
        """Menu: black screen until a touch; the menu closes."""
        self._action("screen_off")
        self._set_state(StaffState.NONE, "screen_off")
        self.screen_off()

    def screen_off(self, until: dt.datetime | None = None) -> None:
        """Black the screen at once (no animation) and hold the loop, until a touch or ``until``.

        Args:
            until: local date and time to light the screen again, or ``None`` for a touch only.
        """
        self.wake_timer.stop()
        self._wake_at = until
        if until is not None:
            self.wake_timer.start(timer_ms((until - self._wall()).total_seconds()))
        if not self._screen_off:
            self._backend.hold(HoldReason.SCREEN_OFF)
            self._log.write("screen_off", until=until.isoformat(timespec="minutes") if until else None)
            self.screenOffChanged.emit()

    def _on_wake_timer(self) -> None:
        """Light the screen at :attr:`_wake_at`; a wake-up further off than a timer holds waits again."""
        if self._wake_at is None:
            return
        seconds = (self._wake_at - self._wall()).total_seconds()
        if seconds <= 0:
            self.screen_on()
        else:
            self.wake_timer.start(timer_ms(seconds))

    @Slot()
    def wake(self) -> None:
        """A touch on the black screen: light it again."""
        self.screen_on("touch")

    def screen_on(self, trigger: str = "time") -> None:
        """Light the screen again and let the loop go on (unless the staff paused it)."""
        self.wake_timer.stop()
        self._wake_at = None
        if self._screen_off:
            self._backend.hold(HoldReason.SCREEN_OFF, False)
            # At the time the staff set, written; lit by anyone's touch, only told (no time kept).
            (self._log.write if trigger == "time" else self._log.notify)("screen_on", trigger=trigger)
            self.screenOffChanged.emit()

    @Slot()
    def exitKiosk(self) -> None:  # noqa: N802 - QML name
        """Leave kiosk mode: quit the application with exit code 0."""
        self._action("exit")
        self._set_state(StaffState.NONE, "exit")
        self._on_exit()

    # ----------------------------------------------------------------- status page
    def _on_reloaded(self, _deck_id: str) -> None:
        self._note_loaded(self._wall())

    def _note_loaded(self, at: dt.datetime) -> None:
        """Read the playing deck's problems and version on the reading thread, for the status page."""
        folder = self._backend.folder

        def noted(loaded: Loaded | None, error: BaseException | None) -> None:
            if error is None and folder == self._backend.folder:
                self._loaded = loaded

        self._reader.run(lambda: Loaded(_without_deck(checker().check_and_load(folder)), deck_version(folder), at), noted,
                         name="kiosk-deck-status")

    def loaded(self) -> Loaded:
        """The deck on screen as last (re)loaded. It is read on the reading thread after the first
        frame and after each reload; only a status page opened before that reads it here."""
        if self._loaded is None or self._loaded.result.folder != self._backend.folder:
            folder = self._backend.folder
            self._loaded = Loaded(_without_deck(checker().check_and_load(folder)), deck_version(folder), self._started)
        return self._loaded

    @Slot(result="QVariantList")
    def statusRows(self) -> list[dict[str, Any]]:  # noqa: N802 - QML name
        """The status page: ``{label, value, alert}`` rows (``alert``: drawn in bold).

        First, while the deck chosen in ``settings.toml`` is refused and the bundled one plays
        instead, a "Chosen deck" row says so (:func:`refusal_text`), with its first error.

        After the facts come the deck's errors, then its warnings, then the kiosk's own problems
        (:mod:`kiosk.health`), and last the deck's review notes, which are reminders for the
        deck's editors, not problems. Each listed line has its own label (``Note 1`` …); a path
        in the deck folder is written from that folder (``deck.yaml:12:3: …``), any other path
        is absolute.
        """
        from kiosk.fleet import status as fleet_status  # here: the fleet's modules load only when asked

        self.touched()
        self._set_result("")
        loaded = self.loaded()
        deck = self._backend.deck
        title = localise(deck.deck.title, "", deck.deck.languages[0])
        by_severity = {severity: [_absolute_problem(p) for p in loaded.result.problems if p.severity == severity]
                       for severity in ("error", "warning", "note")}
        errors, warnings, notes = by_severity["error"], by_severity["warning"], by_severity["note"]
        problems = errors + warnings
        count = f"{plural(len(errors), 'error')}, {plural(len(warnings), 'warning')}"
        size = f"{self.window.width()} × {self.window.height()} pixels" if self.window else "unknown"
        folder = str(real_path(expand_user(self._backend.folder)))
        refused = self._backend.chosen_problems or self._refused
        refusal = refusal_text(self._chosen, refused, title) if refused and folder == str(self._fallback) else ""
        rows = [
            *([("Chosen deck", refusal)] if refusal else []),
            ("Deck", f"{title} ({deck.deck.id})" + ("  (the bundled deck, instead of the chosen one)" if refusal
                                                    else "")),
            ("Deck version", f"{loaded.version} (start of the SHA-256 of {DECK_FILE})"),
            ("Deck folder", folder),
            ("Problems", count + (" (listed below)" if problems else "")),
            ("Loop", "paused by staff" if self._paused else "playing"),
            ("Quick exits", quick_exit_count(self._backend.quick_exits)),
            # Exact, unlike the visitor counts: wrong PINs are a security figure for the staff (someone
            # trying PINs), not a count of visitors, and a rounded "<5" would hide a first try.
            ("Wrong PINs", f"{self.wrong_pins} since the kiosk started (counted, never logged)"),
            ("Visitors", visitor_counts(self._visitors, self._visitors_unsaved)),
            ("Running for", _duration(process_age())),
            ("Last reload", loaded.at.strftime("%H:%M:%S on %d %b %Y")),
            ("Screen", f"{size}, rotated {self._rotation}°"),
            ("Software", f"kiosk {__version__}"),
            *([("Updates", fleet_status.CURRENT.summary())] if fleet_status.CURRENT else []),
            ("Event log", str(real_path(expand_user(self._log_file))) if self._log_file
             else "not written (start with --log-json FILE)"),
        ]
        rows += self._listed(errors, "Error", folder) + self._listed(warnings, "Warning", folder)
        rejected = [line for line in self._backend.deckProblems if ": note: " not in line]
        if rejected:
            rows.append(("Newer version", f"not loaded, {plural(len(rejected), 'problem')} to fix first "
                         "(listed below); the kiosk plays the version above"))
            rows += self._listed(rejected, "Problem", folder)
        kiosk_problems = health.problems()  # settings file, logs, screen (kiosk.health)
        if kiosk_problems:
            rows.append(("Kiosk problems", f"{len(kiosk_problems)} (listed below)"))
            rows += self._listed(kiosk_problems, "Kiosk problem", folder)
        if notes:
            rows.append(("Notes", f"{plural(len(notes), 'review note')} for the deck's editors (not problems)"))
            rows += self._listed(notes, "Note", folder)
        return [{"label": label, "value": value, "alert": label == "Chosen deck"} for label, value in rows]

    @staticmethod
    def _listed(lines: list[str], kind: str, folder: str) -> list[tuple[str, str]]:
        """One labelled row a line (``Note 1``, ``Note 2`` …; ``kind`` alone for one line), a path in
        the deck folder (shown above) written from it: ``deck.yaml:12:3: …``, not the whole path."""
        return [(f"{kind} {number}" if len(lines) > 1 else kind, _written_from(line, folder))
                for number, line in enumerate(lines, 1)]
