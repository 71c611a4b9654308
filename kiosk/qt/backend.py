"""The one Python object QML talks to: current view, theme, and the touch actions.

It adapts the play session (:class:`kiosk.player.session.Session`: the loop, the visitor's
choices, the holds, the deck waiting to be swapped in) to Qt: it owns the single-shot timer
that wakes at the session's next deadline (no polling, so a static slide costs no CPU), and
turns the :class:`kiosk.player.session.Changes` each call returns into signals.

A new version of the deck (see :mod:`kiosk.qt.watch`) is swapped in at the next slide change
the loop makes (:meth:`Backend.replace_deck`); a broken one is never shown, only listed in
:attr:`Backend.deckProblems` (:meth:`Backend.reject_deck`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QLocale, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QFont, QRawFont

from kiosk import i18n
from kiosk.access import LARGE_TEXT_SCALE
from kiosk.events import EventLog
from kiosk.player.clock import Clock
from kiosk.player.navigator import Navigator, Position
from kiosk.player.schedule import WallClock
from kiosk.player.session import Changes, HoldReason, Session
from kiosk.qt.fitmemo import FitMemo
from kiosk.qt.pictures import PlayerPictures
from kiosk.qt.timers import timer_ms

if TYPE_CHECKING:
    from kiosk.deck.model import Deck

#: Length of the cross-fade between slides, in milliseconds (issue: at most 0.5 s).
TRANSITION_MS = 400
#: Real milliseconds after which a ``--frames`` hold is let go even if no frame was saved (a
#: view that never settles must not stop the kiosk); far longer than any grab takes.
FRAME_HOLD_LIMIT_MS = 10_000
#: Milliseconds a slide change waits for the incoming slide's picture, read on Qt's image thread
#: (``pictures_apart``), before it goes ahead without it: a slow drawing never holds the loop, and
#: the picture appears once read.
PICTURE_WAIT_MS = 3000
#: Real milliseconds after the first new text size found (:meth:`Backend.noteFits`) that the sizes
#: are saved: one write for a loop's worth of views, none while the loop finds nothing new.
FIT_SAVE_MS = 30_000


_BODY_FONTS: list[QRawFont] = []


def _body_fonts() -> list[QRawFont]:
    """Each bundled body font on its own (QRawFont: no fallback to the computer's own fonts),
    kept once all are loaded."""
    if _BODY_FONTS:
        return _BODY_FONTS
    families = list(dict.fromkeys((i18n.DEFAULT_FONT, *i18n.FONT_FOR_LANGUAGE.values())))
    fonts = [QRawFont.fromFont(QFont(family)) for family in families]
    fonts = [font for font, family in zip(fonts, families, strict=True) if font.isValid() and font.familyName() == family]
    if len(fonts) == len(families):
        _BODY_FONTS.extend(fonts)
    return fonts


def language_name(code: str) -> str:
    """The language picker's name for ``code``: the language's name for itself, in its own
    script (:data:`kiosk.i18n.AUTONYMS`, else the CLDR name Qt's ``QLocale`` has, its first
    letter capital as in a list of choices: "Deutsch", "Soomaali"), when the bundled body fonts
    have every letter of it; else the code itself ("ti" rather than boxes; "xx", no language,
    too). ``kiosk validate`` warns of both (kiosk.deck.checks).
    """
    base = code.split("-")[0]
    name = i18n.AUTONYMS.get(code) or i18n.AUTONYMS.get(base) or ""
    if not name:
        locale = QLocale(code.replace("-", "_"))
        if locale.name().split("_")[0] == base:  # "C" when Qt knows no such language
            native = locale.nativeLanguageName()
            name = native[:1].upper() + native[1:]
    if not name:
        return code
    fonts = _body_fonts()
    if not all(ch.isspace() or any(font.supportsCharacter(ord(ch)) for font in fonts) for ch in name):
        return code
    return name

class Backend(QObject):
    """Bridge between the play session (:class:`kiosk.player.session.Session`) and the QML player.

    Args:
        deck: the deck to play.
        folder: its folder (for images).
        log: where events go.
        clock: the player's :class:`kiosk.player.clock.Clock` (deck seconds and the wall), or
            a function returning deck seconds (a test's fake clock; its ``scale`` attribute,
            if any, is the speed); default the real time.
        transition_ms: cross-fade length in real milliseconds (0 for cuts).
        wall: with a plain function as ``clock``, the wall clock the schedule is judged by
            (aware datetime; default the real time).
        hold_for_frames: hold the loop at each slide change until :meth:`frame_saved` (``--frames``).
        reduced_motion: cuts instead of cross-fades, and no countdown bar (:attr:`reducedMotion`).
        pictures_apart: read image slides' pictures on Qt's image thread (:attr:`picturesApart`).
        fit_memo: the text sizes each view's columns found, given back as hints when the view is
            made again (:mod:`kiosk.qt.fitmemo`; saved :data:`FIT_SAVE_MS` after a change and at
            :meth:`stop`); ``None``: no hints, every column searches afresh (the fit check).
        content: the content digest of ``deck`` as checked
            (:attr:`kiosk.deck.result.LoadResult.content`), ``""`` when not known (:meth:`plays`).
    """

    viewChanged = Signal()
    pausedChanged = Signal()
    deckChanged = Signal()
    #: Emitted once the view on screen has settled after a change (transition finished).
    settled = Signal(str, str)
    #: Emitted after each completed attract-loop cycle, with the number of cycles so far.
    cycleCompleted = Signal(int)
    #: Visitor choices changed: language, larger text, high contrast, the neutral screen.
    visitorChanged = Signal()
    #: Emitted when a new version of the deck has been swapped in, with its id.
    deckReloaded = Signal(str)
    #: Emitted when the list of problems of a rejected deck changes (emptied by a good reload).
    deckProblemsChanged = Signal()
    #: Emitted when the place in the loop changes, or its countdown starts or stops (:attr:`loop`).
    loopChanged = Signal()
    #: Emitted by :meth:`stop` before the text sizes found are saved: Main.qml notes those of the
    #: slide on show (:meth:`noteFits`), so a kiosk stopped before its first change keeps them.
    stopping = Signal()

    def __init__(self, deck: Deck, folder: Path, log: EventLog, clock: Clock | Callable[[], float] | None = None,
                 transition_ms: int = TRANSITION_MS, parent: QObject | None = None,
                 wall: WallClock | None = None, hold_for_frames: bool = False,
                 reduced_motion: bool = False, pictures_apart: bool = False,
                 fit_memo: FitMemo | None = None, content: str = "") -> None:
        super().__init__(parent)
        self._fit_memo = fit_memo
        self._fit_made: dict[str, tuple] = {}  # the last keys given (fitKey), with the state they were taken in
        self._fit_save: QTimer | None = None
        if fit_memo is not None:
            self._fit_save = QTimer(self)
            self._fit_save.setSingleShot(True)
            self._fit_save.setInterval(FIT_SAVE_MS)
            self._fit_save.timeout.connect(fit_memo.save)
        self._reduced_motion = reduced_motion
        self._pictures_apart = pictures_apart
        self._loop: dict[str, Any] = {}
        self._loop_key: tuple | None = None
        self._log = log
        if not isinstance(clock, Clock):
            clock = Clock() if clock is None and wall is None else Clock.of(clock or Clock(), wall)
        self._clock = clock
        self._problems: list[str] = []
        #: The problems of the last version of the deck chosen in the settings that was refused while
        #: a fallback plays (:meth:`note_chosen_rejected`), one line each; empty once it plays.
        self.chosen_problems: list[str] = []
        self._transition_ms = transition_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._frame_limit: QTimer | None = None
        if hold_for_frames:
            self._frame_limit = QTimer(self)
            self._frame_limit.setSingleShot(True)
            self._frame_limit.setInterval(FRAME_HOLD_LIMIT_MS)
            self._frame_limit.timeout.connect(self.frame_saved)
        #: Views whose text did not fit (see :meth:`reportOverflow`).
        self.overflows: list[str] = []
        self._pictures = PlayerPictures()
        #: Pictures that could not be shown, as (slide index, picture name, why), in the order
        #: met (see :meth:`pictureUrl`); a placeholder with the alt text was shown instead.
        self.undrawn: list[tuple[int, str, str]] = []
        self._session = Session(deck, folder, log, clock, hold_for_frames=hold_for_frames, content=content)
        self._schedule()
        self._update_loop()

    # ----------------------------------------------------------------- deck
    def set_deck(self, deck: Deck, folder: Path, event: str = "deck_loaded", content: str = "") -> None:
        """Start playing ``deck`` from its first due slide, in the attract loop.

        Args:
            deck: a deck with no errors.
            folder: its folder.
            event: the event logged (``deck_loaded``, or ``deck_reloaded`` for a hot swap).
        """
        self._apply(self._session.set_deck(deck, folder, event, content))

    def set_language(self, lang: str) -> None:
        """Show texts in ``lang`` (falling back to the deck's first language)."""
        self._apply(self._session.set_language(lang), schedule=False)

    def replace_deck(self, deck: Deck, folder: Path, content: str = "") -> None:
        """Play a new version of the deck from the loop's next slide change (at once when idle).

        It starts at its first due slide; a visitor's session is not cut short (the swap waits
        for the return to the loop), nor a hold (it waits for the release). A version with the
        ``content`` digest of the deck on screen (:meth:`plays`) is not swapped in: a version
        waiting is forgotten and the loop goes on. Clears :attr:`deckProblems`.
        """
        self._set_problems([])
        self._apply(self._session.replace_deck(deck, folder, now=not self._timer.isActive(), content=content))

    def plays(self, content: str, folder: Path | None = None) -> bool:
        """True when ``content`` (a content digest, :attr:`kiosk.deck.result.LoadResult.content`)
        is that of the deck on screen (and ``folder``, when given, its folder); False when either
        digest is not known."""
        return self._session.shows(content, folder)

    def keep_deck(self) -> None:
        """The deck folder holds the version given to the player again (an edit with errors
        undone, a removed folder put back, its files copied again as they were): nothing is
        swapped, the loop goes on; :attr:`deckProblems` is cleared."""
        self._set_problems([])

    def reject_deck(self, problems: list[str]) -> None:
        """A new version of the deck has errors: keep playing this one, log and list its problems.

        Args:
            problems: the problems, one line each as ``file:line:col: severity: message — hint``.
        """
        self._apply(self._session.reject_deck(problems))
        self._set_problems(list(problems))

    def note_deck_waiting(self, reason: str, seconds: float) -> None:
        """Log ``deck_waiting``: a new version looks cut short and is held back ``seconds`` more."""
        self._log.write("deck_waiting", reason=reason, seconds=seconds)

    def note_chosen_rejected(self, file: Path, problems: list[str], fallback: Path) -> None:
        """Log ``deck_rejected`` for a version of the chosen deck that has errors while the
        fallback in ``fallback`` plays (see :func:`kiosk.qt.watch.watch_chosen`); nothing waiting
        to be swapped in is dropped.

        Args:
            file: the chosen deck's file.
            problems: its problems, one line each.
            fallback: the folder of the deck still playing.
        """
        self._log.write("deck_rejected", problems=list(problems), file=str(file), fallback=str(fallback))
        self.chosen_problems = list(problems)

    def note_chosen_recovered(self, folder: Path) -> None:
        """Log ``deck_recovered``: the chosen deck in ``folder`` plays now instead of the fallback."""
        self._log.write("deck_recovered", deck=self.deck.deck.id, folder=str(folder))
        self.chosen_problems = []

    def _set_problems(self, problems: list[str]) -> None:
        if problems != self._problems:
            self._problems = problems
            self.deckProblemsChanged.emit()

    @property
    def clock(self) -> Clock:
        """The player's one clock (deck seconds and the wall)."""
        return self._clock

    @property
    def wall(self) -> WallClock:
        """The wall clock the schedule is judged by."""
        return self._clock.wall

    def display(self, position: Position, at: dt.datetime | None = None) -> None:
        """Show ``position`` directly, outside the loop (used by ``kiosk render``).

        Args:
            position: what to show.
            at: leave out events that have ended by this moment (aware); ``None`` shows them all.
        """
        self._apply(self._session.display(position, at), schedule=False)

    def hold(self, reason: HoldReason, on: bool = True) -> None:
        """Hold the loop for ``reason`` (staff Pause, screen off, closed, a frame to save), or
        release that reason; see :meth:`kiosk.player.session.Session.hold`."""
        self._apply(self._session.hold(reason, on))

    def held_by(self, reason: HoldReason) -> bool:
        """True while ``reason`` holds the loop."""
        return reason in self._session.holds

    @Slot()
    def frame_saved(self) -> None:
        """The frame of the slide on screen has been saved (or could not be): the loop goes on."""
        self._apply(self._session.frame_saved())

    @property
    def held(self) -> bool:
        """True while the loop is held, for any reason (see :meth:`hold`)."""
        return self._session.held

    @property
    def deck(self) -> Deck:
        """The deck being played."""
        return self._session.deck

    @property
    def folder(self) -> Path:
        """The folder of the deck being played."""
        return self._session.folder

    @property
    def navigator(self) -> Navigator:
        """The state machine being played."""
        return self._session.navigator

    @property
    def session(self) -> Session:
        """The play session this object adapts to Qt."""
        return self._session

    @property
    def quick_exits(self) -> int:
        """Quick exits since the kiosk started (in memory only, for the staff status; never logged)."""
        return self._session.quick_exits

    # ----------------------------------------------------------------- properties for QML
    def _get_view(self) -> dict[str, Any]:
        return self._session.view

    view = Property("QVariantMap", _get_view, notify=viewChanged)

    def _get_paused(self) -> bool:
        return self._session.paused  # no controls on the neutral screen

    paused = Property(bool, _get_paused, notify=pausedChanged)

    def _get_theme(self) -> dict[str, str]:
        return self._session.theme()

    theme = Property("QVariantMap", _get_theme, notify=deckChanged)

    # ----------------------------------------------------------------- visitor choices
    def _get_language(self) -> str:
        return self._session.language

    language = Property(str, _get_language, notify=visitorChanged)

    def _get_languages(self) -> list[dict[str, Any]]:
        return [{"code": code, "name": language_name(code)} for code in self.deck.deck.languages]

    languages = Property("QVariantList", _get_languages, notify=deckChanged)

    def _get_rtl(self) -> bool:
        return i18n.is_rtl(self._session.language)

    rtl = Property(bool, _get_rtl, notify=visitorChanged)

    def _get_ui(self) -> dict[str, str]:
        return i18n.ui_strings(self._session.language)

    ui = Property("QVariantMap", _get_ui, notify=visitorChanged)

    def _get_large_text(self) -> bool:
        return self._session.large_text

    largeText = Property(bool, _get_large_text, notify=visitorChanged)

    def _get_text_scale(self) -> float:
        return LARGE_TEXT_SCALE if self._session.large_text else 1.0

    textScale = Property(float, _get_text_scale, notify=visitorChanged)

    def _get_high_contrast(self) -> bool:
        return self._session.high_contrast

    highContrast = Property(bool, _get_high_contrast, notify=visitorChanged)

    def _get_neutral(self) -> bool:
        return self._session.neutral

    neutral = Property(bool, _get_neutral, notify=visitorChanged)

    def _get_quick_exits(self) -> int:
        return self._session.quick_exits

    quickExits = Property(int, _get_quick_exits, notify=visitorChanged)

    def _get_organisation(self) -> str:
        from kiosk.player.views import localise
        first = self.deck.deck.languages[0]
        return localise(self.deck.deck.organisation, self._session.language, first)

    organisation = Property(str, _get_organisation, notify=deckChanged)

    def _get_help_phone(self) -> str:
        helpline = next((s for s in self.deck.slides if s.type == "helpline"), None)
        return i18n.keep_numbers_together(helpline.phone) if helpline else ""  # never wraps mid-number

    helpPhone = Property(str, _get_help_phone, notify=deckChanged)

    def _get_has_signs(self) -> bool:
        return self.navigator.first_of_type("signs") is not None

    hasSigns = Property(bool, _get_has_signs, notify=deckChanged)

    def _get_has_help(self) -> bool:
        return self.navigator.first_of_type("helpline") is not None

    hasHelp = Property(bool, _get_has_help, notify=deckChanged)

    def _get_transition_ms(self) -> int:
        return self._transition_ms

    transitionMs = Property(int, _get_transition_ms, constant=True)

    def _get_reduced_motion(self) -> bool:
        return self._reduced_motion

    #: True when nothing should move that need not (the ``reduced_motion`` setting, WCAG 2.2,
    #: 2.3.3): cuts between slides, and no countdown bar.
    reducedMotion = Property(bool, _get_reduced_motion, constant=True)

    def _get_pictures_apart(self) -> bool:
        return self._pictures_apart

    #: True when an image slide's picture is read on Qt's image thread, not the one that draws and
    #: answers touches (the kiosk on a screen: a drawing that takes seconds to draw never freezes
    #: it); False where frames are grabbed as soon as a slide settles (renders, ``--frames``, the
    #: fit check), which read it at once.
    picturesApart = Property(bool, _get_pictures_apart, constant=True)

    def _get_picture_wait_ms(self) -> int:
        return PICTURE_WAIT_MS

    #: :data:`PICTURE_WAIT_MS`, for QML.
    pictureWaitMs = Property(int, _get_picture_wait_ms, constant=True)

    def _get_loop(self) -> dict[str, Any]:
        return self._loop

    #: Where the view on screen is in the attract loop (:meth:`Session.place`), for the progress
    #: indicator: ``number``, ``count``, ``running``, and ``dwellMs`` and ``leftMs``, the
    #: view's dwell and the time left of it, in real milliseconds, as of the last
    #: :attr:`loopChanged`.
    loop = Property("QVariantMap", _get_loop, notify=loopChanged)

    def _update_loop(self) -> None:
        """Set :attr:`loop` from the session, and emit :attr:`loopChanged` when the place or
        the countdown (its deadline) changed."""
        place = self._session.place()
        deadline = self._session.loop_deadline() if place["running"] else None
        key = (place["number"], place["count"], place["running"], place["dwell"], deadline)
        if key == self._loop_key:
            return
        self._loop_key = key
        scale = 1000 / self._clock.scale  # deck seconds to real milliseconds
        self._loop = {"number": place["number"], "count": place["count"], "running": place["running"],
                      "dwellMs": place["dwell"] * scale, "leftMs": place["left"] * scale}
        self.loopChanged.emit()

    def _get_deck_problems(self) -> list[str]:
        return list(self._problems)

    #: Problems of the last version of the deck that was rejected, one line each (empty when
    #: the deck on screen is the latest), for the staff screen.
    deckProblems = Property("QStringList", _get_deck_problems, notify=deckProblemsChanged)

    def _get_ui_by_language(self) -> list[dict[str, Any]]:
        return [{"code": code, "rtl": i18n.is_rtl(code), "ui": i18n.ui_strings(code)}
                for code in self.deck.deck.languages]

    #: The player's own words in every language of the deck, in its order: ``code``, ``rtl``
    #: and ``ui`` (as :attr:`ui` gives them in that language). Each control of the player keeps
    #: the width of its widest label among them (ControlPlace.qml ``captions``), so a visitor's
    #: choice of language never moves a control.
    uiByLanguage = Property("QVariantList", _get_ui_by_language, notify=deckChanged)

    def _get_text_scales(self) -> list[float]:
        return [1.0, LARGE_TEXT_SCALE]

    #: Every :attr:`textScale` a visitor can choose (normal, then larger text), for the controls
    #: that keep the width of their widest label (ControlPlace.qml ``captions``).
    textScales = Property("QVariantList", _get_text_scales, constant=True)

    # ----------------------------------------------------------------- actions from QML
    @Slot()
    def tap(self) -> None:
        """A tap on the slide background: pause the loop and show the controls."""
        self._apply(self._session.touch())

    @Slot()
    def next(self) -> None:
        """Next control, or a swipe to the left."""
        self._apply(self._session.next())

    @Slot()
    def previous(self) -> None:
        """Previous control, or a swipe to the right."""
        self._apply(self._session.previous())

    def staff_moved(self) -> None:
        """The staff moved the loop from their menu while it is paused: a visitor's session ends
        on that slide (:meth:`kiosk.player.session.Session.staff_moved`)."""
        self._session.staff_moved()

    @Slot(str)
    def openPage(self, page_id: str) -> None:  # noqa: N802 - QML name
        """A tile of a signs menu was tapped."""
        self._apply(self._session.open_page(page_id))

    @Slot()
    def back(self) -> None:
        """Back control on a page."""
        self._apply(self._session.back())

    @Slot(str)
    def goTo(self, slide_id: str) -> None:  # noqa: N802 - QML name
        """Open a slide by id (a button on a text slide), if a visitor can open it now
        (:func:`kiosk.player.navigator.reachable`)."""
        self._apply(self._session.go_to(slide_id))

    @Slot()
    def spotTheSigns(self) -> None:  # noqa: N802 - QML name
        """"Spot the signs" control: open the first signs slide due now, else the first one."""
        self._apply(self._session.open_first("signs"))

    @Slot()
    def getHelp(self) -> None:  # noqa: N802 - QML name
        """"Get help" control: open the first helpline slide due now, else the first one."""
        self._apply(self._session.open_first("helpline"))

    @Slot()
    def resume(self) -> None:
        """Play control: leave interactive mode and resume the attract loop from here."""
        self._apply(self._session.resume())

    @Slot(str, result=str)
    def fontFor(self, text: str) -> str:  # noqa: N802 - QML name
        """The font family for ``text`` (see :func:`kiosk.i18n.font_for_text`)."""
        return i18n.font_for_text(text or "")

    #: False while views are only laid out, never drawn (the text-fit check, :mod:`kiosk.qt.fit`):
    #: pictograms and QR codes then have no picture. Their place and size are their own
    #: (Pictogram.qml's and QrCode.qml's ``side``), never their picture's, so the layout is the
    #: same without an SVG drawn, or a QR code drawn and written as PNG, at each size a text
    #: column tries while it fits.
    pictures_drawn = True

    @Slot(str, str, result=str)
    def iconSource(self, name: str, colour: str) -> str:  # noqa: N802 - QML name
        """The picture address of pictogram ``name`` in ``colour`` (:func:`kiosk.qt.icons.icon_source`);
        ``""`` (no picture) when :attr:`pictures_drawn` is False."""
        if not self.pictures_drawn:
            return ""
        from kiosk.qt.icons import icon_source

        return icon_source(name, colour)

    @Slot(str, int, result=str)
    def qrSource(self, payload: str, side: int) -> str:  # noqa: N802 - QML name
        """The picture address of the QR code for ``payload``, ``side`` pixels wide
        (:func:`kiosk.qt.qrimage.qr_source`); ``""`` (no picture) when :attr:`pictures_drawn` is False."""
        if not self.pictures_drawn:
            return ""
        from kiosk.qt.qrimage import qr_source

        return qr_source(payload, side)

    @Slot(str, result=int)
    def qrModules(self, payload: str) -> int:  # noqa: N802 - QML name
        """How many modules wide the QR code for ``payload`` is, its quiet zone included
        (:func:`kiosk.qr.qr_matrix`; the checking process made it), 0 when it has none. A code is
        drawn at 4 px a module at least (README, Design notes)."""
        from kiosk.qr import QrTooLong, qr_matrix

        try:
            return len(qr_matrix(payload)) if payload else 0
        except (QrTooLong, ValueError):
            return 0

    @Slot(str, result=bool)
    def isRtlText(self, text: str) -> bool:  # noqa: N802 - QML name
        """True when ``text`` reads right to left (see :func:`kiosk.i18n.is_rtl_text`)."""
        return i18n.is_rtl_text(text or "")

    @Slot(str)
    def setLanguage(self, lang: str) -> None:  # noqa: N802 - QML name
        """A language was picked: show the deck's texts and the controls in ``lang``.

        Codes the deck does not offer change nothing. Not logged: only counted per day (:mod:`kiosk.stats`).
        """
        self._apply(self._session.choose_language(lang))

    @Slot()
    def toggleLargeText(self) -> None:  # noqa: N802 - QML name
        """The visitor's "Larger text" control: text grows (and still shrinks to fit)."""
        self._apply(self._session.toggle_large_text())

    @Slot()
    def toggleHighContrast(self) -> None:  # noqa: N802 - QML name
        """The visitor's "High contrast" control: black, white and yellow (:data:`kiosk.access.HIGH_CONTRAST`)."""
        self._apply(self._session.toggle_high_contrast())

    @Slot()
    def quickExit(self) -> None:  # noqa: N802 - QML name
        """Quick exit: at once a neutral screen, the first language, the loop from its start.

        The neutral screen (a greeting with the time and date) stays for one idle timeout, then
        the attract loop plays from its first due slide; nothing tells it from a visitor who
        touched the screen and walked away (see :meth:`kiosk.player.session.Session.quick_exit`).
        """
        self._apply(self._session.quick_exit())

    @Slot(str, str)
    def viewSettled(self, slide_id: str, page_id: str) -> None:  # noqa: N802 - QML name
        """Called by QML when a view has finished its transition in (not behind the neutral
        screen: a frame saved there would tell the quick exit from an idle return).

        With ``--frames``, :attr:`settled` is emitted from the event loop, not from inside this
        call: a cut (no fade) settles the first view while the QML is still loading, before the
        frame saver is listening.
        """
        if self._session.neutral:
            return
        if self._frame_limit is not None:
            QTimer.singleShot(0, self, lambda: self.settled.emit(slide_id, page_id))
        else:
            self.settled.emit(slide_id, page_id)

    @Slot(int, int, result=str)
    def fitKey(self, width: int, height: int) -> str:  # noqa: N802 - QML name
        """The digest the text sizes of the view on show are kept under, for a slide area of
        ``width`` x ``height`` pixels (:meth:`kiosk.qt.fitmemo.FitMemo.key`), or ``""`` with no memo.
        Main.qml takes it as it makes the view's slide."""
        if self._fit_memo is None:
            return ""
        state = self._fit_state()
        key = FitMemo.key(self._session.view, {"theme": self._session.theme(), "contrast": state[2]},
                          state[0], state[1], width, height)
        self._fit_made = {**dict(list(self._fit_made.items())[-3:]), key: state}
        return key

    def _fit_state(self) -> tuple[str, float, bool]:
        """What a view's text sizes depend on besides the view: language, text scale, high contrast."""
        return self._session.language, self._get_text_scale(), self._session.high_contrast

    @Slot(str, result="QVariantList")
    def fitHints(self, key: str) -> list[int]:  # noqa: N802 - QML name
        """The grid size each text column (in item order) found last time for ``key``
        (:meth:`fitKey`), or an empty list: Main.qml gives each column its own as ``hints``."""
        return self._fit_memo.hints(key) if self._fit_memo is not None and key else []

    @Slot(str, "QVariantList")
    def noteFits(self, key: str, grids: list) -> None:  # noqa: N802 - QML name
        """Keep the grid size each text column (in item order) found for ``key`` (:meth:`fitKey`,
        taken when the slide was made), as its slide goes; saved :data:`FIT_SAVE_MS` later. Not
        when the language, the text size or the contrast changed since the key was taken."""
        if self._fit_memo is None or self._fit_made.get(key) != self._fit_state():
            return  # not a key taken here, or the visitor changed the language or text size meanwhile
        if self._fit_memo.note(key, grids) and self._fit_save is not None and not self._fit_save.isActive():
            self._fit_save.start()

    @Slot("QVariantList", "QVariantList", bool, result=str)
    def widestKey(self, captions: list, sizes: list, bold: bool) -> str:  # noqa: N802 - QML name
        """The digest a control's measure is kept under (:meth:`kiosk.qt.fitmemo.FitMemo.widths_key`:
        its ``captions``, pixel ``sizes``, ``bold``), or ``""`` with no memo (the fit check
        measures every time)."""
        if self._fit_memo is None:
            return ""
        from PySide6.QtCore import qVersion

        return FitMemo.widths_key(captions, sizes, bold, qVersion())

    @Slot(str, result="QVariantList")
    def widestKnown(self, key: str) -> list[float]:  # noqa: N802 - QML name
        """``[widest, tallest]`` in pixels measured before for ``key`` (:meth:`widestKey`), or ``[]``."""
        return self._fit_memo.widths(key) if self._fit_memo is not None and key else []

    @Slot(str, float, float)
    def noteWidest(self, key: str, wide: float, tall: float) -> None:  # noqa: N802 - QML name
        """Keep what a control measured for ``key`` (:meth:`widestKey`); saved with the text sizes."""
        if self._fit_memo is not None and key and self._fit_memo.note_widths(key, [wide, tall]) \
                and self._fit_save is not None and not self._fit_save.isActive():
            self._fit_save.start()

    @Slot(str)
    def reportOverflow(self, view_id: str) -> None:  # noqa: N802 - QML name
        """Called by QML when text cannot fit its box even at the smallest readable size (not
        noted behind the neutral screen: the idle return shows the slide again and reports it).

        Kept in :attr:`overflows`; written to the event log only when the loop itself showed the
        view (:meth:`_note_error`)."""
        if self._session.neutral:
            return
        self.overflows.append(view_id)
        self._note_error(kind="text_overflow", view=view_id,
                         message=f"text on '{view_id}' does not fit at the smallest readable size")

    @Slot(str, str, result=QUrl)
    def pictureUrl(self, slide_id: str, name: str) -> QUrl:  # noqa: N802 - QML name
        """Called by QML for the picture of slide ``slide_id``: the URL of the file the checker
        checked (:class:`kiosk.qt.pictures.PlayerPictures`), or an empty URL when it can no longer
        be shown (deleted, damaged), after noting it in :attr:`undrawn` and the event log."""
        url, why = self._pictures.url(self.folder, name)
        if why:
            self._picture_failed(slide_id, name, why)
        return url

    @Slot(str, str)
    def pictureFailed(self, slide_id: str, name: str) -> None:  # noqa: N802 - QML name
        """Called by QML when its ``Image`` could not load the picture it was given."""
        self._picture_failed(slide_id, name, f"'{name}' could not be loaded")

    def _picture_failed(self, slide_id: str, name: str, why: str) -> None:
        index = next((i for i, s in enumerate(self.deck.slides) if s.id == slide_id), -1)
        self.undrawn.append((index, name, why))
        self._note_error(kind="picture_unavailable", slide=slide_id, image=name,
                         message=f"slide '{slide_id}': {why}; its alt text is shown instead")

    def _note_error(self, **fields: Any) -> None:
        """Write an ``error`` about the view on screen, or only tell the observers while it follows
        a visitor's actions (:attr:`kiosk.player.session.Session.private`): its time and view
        would tell what they opened. The loop shows every view again and writes it then."""
        if self._session.private:
            self._log.notify("error", **fields)
        else:
            self._log.write("error", **fields)

    # ----------------------------------------------------------------- internals
    def _apply(self, changes: Changes, schedule: bool = True) -> None:
        """Announce what the session changed, and (``schedule``) set the timer for its next deadline."""
        if changes.deck:
            self.deckChanged.emit()
        if changes.visitor:
            self.visitorChanged.emit()
        if changes.paused:
            self.pausedChanged.emit()
        if changes.view:
            self.viewChanged.emit()
        if changes.reloaded is not None:
            self.deckReloaded.emit(changes.reloaded)
        if schedule:
            self._schedule()
        self._update_loop()
        if changes.cycles is not None:
            self.cycleCompleted.emit(changes.cycles)

    def _on_timer(self) -> None:
        self._apply(self._session.tick())

    def _schedule(self) -> None:
        if self._frame_limit is not None:
            if HoldReason.FRAME not in self._session.holds:
                self._frame_limit.stop()
            elif not self._frame_limit.isActive():
                self._frame_limit.start()
        deadline = self._session.deadline()
        if deadline is None:  # held
            self._timer.stop()
            return
        # Clamped to what a QTimer holds: a longer wait wakes early, finds nothing due and waits again.
        self._timer.start(timer_ms(deadline - self._clock.monotonic(), self._clock.scale))

    def stop(self) -> None:
        """Stop the timer (before the application quits, or to show chosen views for ``kiosk render``),
        and save the text sizes found (``fit_memo``) if they changed, those of the slide on show
        included (:attr:`stopping`)."""
        self._timer.stop()
        self.stopping.emit()
        if self._fit_save is not None:
            self._fit_save.stop()
        if self._fit_memo is not None:
            self._fit_memo.save()

    def restart(self) -> None:
        """Start the attract loop again from the first due slide (after :meth:`stop`), judged by
        the same clock (``--at`` keeps its clock)."""
        self._apply(self._session.restart())
