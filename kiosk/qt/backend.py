"""The one Python object QML talks to: current view, theme, and the touch actions.

It adapts :class:`kiosk.player.navigator.Navigator` to Qt: it owns the single-shot timer
that wakes at the navigator's next deadline (no polling, so a static slide costs no CPU),
and turns each change into a new ``view`` for the slide templates.

A new version of the deck (see :mod:`kiosk.qt.watch`) is swapped in at the next slide change
the loop makes (:meth:`Backend.replace_deck`); a broken one is never shown, only listed in
:attr:`Backend.deckProblems` (:meth:`Backend.reject_deck`).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Property, QObject, QTimer, QUrl, Signal, Slot

from kiosk import i18n
from kiosk.access import HIGH_CONTRAST, LARGE_TEXT_SCALE
from kiosk.deck.model import Deck
from kiosk.events import EventLog
from kiosk.player.navigator import IDLE, Navigator, Position, Shown
from kiosk.player.schedule import WallClock, utc_now
from kiosk.player.views import has_qr, view
from kiosk.qt.pictures import PlayerPictures
from kiosk.qt.timers import timer_ms

#: Length of the cross-fade between slides, in milliseconds (issue: at most 0.5 s).
TRANSITION_MS = 400


class ScaledClock:
    """Monotonic seconds, optionally running ``scale`` times faster (``--time-scale``)."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._origin = time.monotonic()

    def __call__(self) -> float:
        """Seconds of deck time since the clock was made."""
        return (time.monotonic() - self._origin) * self.scale


class Backend(QObject):
    """Bridge between the navigator and the QML player.

    Args:
        deck: the deck to play.
        folder: its folder (for images).
        log: where events go.
        clock: deck time in seconds (see :class:`ScaledClock`).
        transition_ms: cross-fade length in real milliseconds (0 for cuts).
        wall: the wall clock the schedule is judged by (aware datetime; default the real time).
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

    def __init__(self, deck: Deck, folder: Path, log: EventLog, clock: Callable[[], float] | None = None,
                 transition_ms: int = TRANSITION_MS, parent: QObject | None = None,
                 wall: WallClock | None = None) -> None:
        super().__init__(parent)
        self._log = log
        self._clock = clock or ScaledClock()
        self._wall = wall or utc_now
        self._pending: tuple[Deck, Path] | None = None
        self._problems: list[str] = []
        self._scale = getattr(self._clock, "scale", 1.0)
        self._transition_ms = transition_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._lang = ""
        self._deck: Deck
        self._folder: Path
        self._nav: Navigator
        self._view: dict[str, Any] = {}
        #: Views whose text did not fit (see :meth:`reportOverflow`).
        self.overflows: list[str] = []
        self._pictures = PlayerPictures()
        #: Pictures that could not be shown, as (slide index, picture name, why), in the order
        #: met (see :meth:`pictureUrl`); a placeholder with the alt text was shown instead.
        self.undrawn: list[tuple[int, str, str]] = []
        self._large_text = False
        self._high_contrast = False
        #: Deck time until which the neutral screen stays up after a quick exit, or ``None``.
        self._neutral_until: float | None = None
        #: Quick exits since the kiosk started (in memory only, for the staff status; never logged).
        self.quick_exits = 0
        self._held = False
        self.set_deck(deck, folder)

    # ----------------------------------------------------------------- deck
    def set_deck(self, deck: Deck, folder: Path, event: str = "deck_loaded") -> None:
        """Start playing ``deck`` from its first due slide, in the attract loop.

        Args:
            deck: a deck with no errors.
            folder: its folder.
            event: the event logged (``deck_loaded``, or ``deck_reloaded`` for a hot swap).
        """
        self._pending = None
        self._deck = deck
        self._folder = folder
        self._lang = deck.deck.languages[0]
        self._nav = Navigator(deck, self._clock(), on_show=self._on_show, wall=self._wall)
        self._log.write(event, deck=deck.deck.id, slides=len(deck.slides), folder=str(folder))
        self.deckChanged.emit()
        self.visitorChanged.emit()  # the new deck's first language
        self.pausedChanged.emit()
        self._refresh(Shown(self._nav.position, "auto"))

    def set_language(self, lang: str) -> None:
        """Show texts in ``lang`` (falling back to the deck's first language)."""
        self._lang = lang
        self.deckChanged.emit()
        self.visitorChanged.emit()
        self._view = view(self._deck, self._nav.position, self._lang, self._wall())
        self.viewChanged.emit()

    def replace_deck(self, deck: Deck, folder: Path) -> None:
        """Play a new version of the deck from the loop's next slide change (at once when idle).

        It starts at its first due slide; a visitor's session is not cut short (the swap waits
        for the return to the loop), nor a hold by staff (it waits for the release). Clears
        :attr:`deckProblems`.
        """
        self._pending = (deck, folder)
        self._set_problems([])
        if not self._timer.isActive() and not self._held:  # nothing to wait for: swap now
            self._swap()

    def reject_deck(self, problems: list[str]) -> None:
        """A new version of the deck has errors: keep playing this one, log and list its problems.

        Args:
            problems: the problems, one line each as ``file:line:col: severity: message — hint``.
        """
        self._pending = None
        self._log.write("deck_rejected", problems=list(problems))
        self._set_problems(list(problems))

    def note_deck_waiting(self, reason: str, seconds: float) -> None:
        """Log ``deck_waiting``: a new version looks cut short and is held back ``seconds`` more."""
        self._log.write("deck_waiting", reason=reason, seconds=seconds)

    def _set_problems(self, problems: list[str]) -> None:
        if problems != self._problems:
            self._problems = problems
            self.deckProblemsChanged.emit()

    def _swap(self) -> None:
        deck, folder = self._pending
        self.set_deck(deck, folder, event="deck_reloaded")
        self.deckReloaded.emit(deck.deck.id)

    @property
    def wall(self) -> WallClock:
        """The wall clock the schedule is judged by."""
        return self._wall

    def display(self, position: Position, at: dt.datetime | None = None) -> None:
        """Show ``position`` directly, outside the loop (used by ``kiosk render``).

        Args:
            position: what to show.
            at: leave out events that have ended by this moment (aware); ``None`` shows them all.
        """
        self._view = view(self._deck, position, self._lang, at)
        self.viewChanged.emit()

    def set_held(self, held: bool) -> None:
        """Hold the slide on screen (staff Pause, screen off): no auto-advance and no idle
        return until released; releasing resumes the loop with a full dwell on this slide."""
        if held == self._held:
            return
        self._held = held
        if not held:
            self._nav.interactive = False
            self._nav.shown_at = self._clock()
            self.pausedChanged.emit()
        self._schedule()

    @property
    def held(self) -> bool:
        """True while the loop is held (see :meth:`set_held`)."""
        return self._held

    @property
    def deck(self) -> Deck:
        """The deck being played."""
        return self._deck

    @property
    def folder(self) -> Path:
        """The folder of the deck being played."""
        return self._folder

    @property
    def navigator(self) -> Navigator:
        """The state machine being played."""
        return self._nav

    # ----------------------------------------------------------------- properties for QML
    def _get_view(self) -> dict[str, Any]:
        return self._view

    view = Property("QVariantMap", _get_view, notify=viewChanged)

    def _get_paused(self) -> bool:
        return self._nav.interactive and self._neutral_until is None  # no controls on the neutral screen

    paused = Property(bool, _get_paused, notify=pausedChanged)

    def _get_theme(self) -> dict[str, str]:
        return (HIGH_CONTRAST if self._high_contrast else self._deck.deck.theme).model_dump()

    theme = Property("QVariantMap", _get_theme, notify=deckChanged)

    # ----------------------------------------------------------------- visitor choices
    def _get_language(self) -> str:
        return self._lang

    language = Property(str, _get_language, notify=visitorChanged)

    def _get_languages(self) -> list[dict[str, Any]]:
        return [{"code": code, "name": i18n.autonym(code)}
                for code in self._deck.deck.languages]

    languages = Property("QVariantList", _get_languages, notify=deckChanged)

    def _get_rtl(self) -> bool:
        return i18n.is_rtl(self._lang)

    rtl = Property(bool, _get_rtl, notify=visitorChanged)

    def _get_ui(self) -> dict[str, str]:
        return i18n.ui_strings(self._lang)

    ui = Property("QVariantMap", _get_ui, notify=visitorChanged)

    def _get_large_text(self) -> bool:
        return self._large_text

    largeText = Property(bool, _get_large_text, notify=visitorChanged)

    def _get_text_scale(self) -> float:
        return LARGE_TEXT_SCALE if self._large_text else 1.0

    textScale = Property(float, _get_text_scale, notify=visitorChanged)

    def _get_high_contrast(self) -> bool:
        return self._high_contrast

    highContrast = Property(bool, _get_high_contrast, notify=visitorChanged)

    def _get_neutral(self) -> bool:
        return self._neutral_until is not None

    neutral = Property(bool, _get_neutral, notify=visitorChanged)

    def _get_quick_exits(self) -> int:
        return self.quick_exits

    quickExits = Property(int, _get_quick_exits, notify=visitorChanged)

    def _get_organisation(self) -> str:
        from kiosk.player.views import localise
        first = self._deck.deck.languages[0]
        return localise(self._deck.deck.organisation, self._lang, first)

    organisation = Property(str, _get_organisation, notify=deckChanged)

    def _get_help_phone(self) -> str:
        helpline = next((s for s in self._deck.slides if s.type == "helpline"), None)
        return i18n.keep_numbers_together(helpline.phone) if helpline else ""  # never wraps mid-number

    helpPhone = Property(str, _get_help_phone, notify=deckChanged)

    def _get_has_signs(self) -> bool:
        return self._nav.first_of_type("signs") is not None

    hasSigns = Property(bool, _get_has_signs, notify=deckChanged)

    def _get_has_help(self) -> bool:
        return self._nav.first_of_type("helpline") is not None

    hasHelp = Property(bool, _get_has_help, notify=deckChanged)

    def _get_transition_ms(self) -> int:
        return self._transition_ms

    transitionMs = Property(int, _get_transition_ms, constant=True)

    def _get_deck_problems(self) -> list[str]:
        return list(self._problems)

    #: Problems of the last version of the deck that was rejected, one line each (empty when
    #: the deck on screen is the latest), for the staff screen.
    deckProblems = Property("QStringList", _get_deck_problems, notify=deckProblemsChanged)

    # ----------------------------------------------------------------- actions from QML
    @Slot()
    def tap(self) -> None:
        """A tap on the slide background: pause the loop and show the controls."""
        self._nav.touch(self._clock())
        self._after_touch(None)

    @Slot()
    def next(self) -> None:
        """Next control, or a swipe to the left."""
        self._after_touch(self._nav.next(self._clock()))

    @Slot()
    def previous(self) -> None:
        """Previous control, or a swipe to the right."""
        self._after_touch(self._nav.previous(self._clock()))

    @Slot(str)
    def openPage(self, page_id: str) -> None:  # noqa: N802 - QML name
        """A tile of a signs menu was tapped."""
        self._after_touch(self._nav.open_page(page_id, self._clock()))

    @Slot()
    def back(self) -> None:
        """Back control on a page."""
        self._after_touch(self._nav.back(self._clock()))

    @Slot(str)
    def goTo(self, slide_id: str) -> None:  # noqa: N802 - QML name
        """Open a slide by id (a button on a text slide)."""
        self._after_touch(self._nav.go_to(slide_id, self._clock()))

    @Slot()
    def spotTheSigns(self) -> None:  # noqa: N802 - QML name
        """"Spot the signs" control: open the first signs slide."""
        target = self._nav.first_of_type("signs")
        self._after_touch(self._nav.go_to(target, self._clock()) if target else None)

    @Slot()
    def getHelp(self) -> None:  # noqa: N802 - QML name
        """"Get help" control: open the helpline slide."""
        target = self._nav.first_of_type("helpline")
        self._after_touch(self._nav.go_to(target, self._clock()) if target else None)

    @Slot()
    def resume(self) -> None:
        """Play control: leave interactive mode and resume the attract loop from here."""
        if self._nav.interactive:
            self._log.notify("touch")
            self._log.notify("loop_resumed")
            self._nav.interactive = False
            self._nav.shown_at = self._clock()
            self.pausedChanged.emit()
            self._schedule()

    @Slot(str, result=str)
    def fontFor(self, text: str) -> str:  # noqa: N802 - QML name
        """The font family for ``text`` (see :func:`kiosk.i18n.font_for_text`)."""
        return i18n.font_for_text(text or "")

    @Slot(str, result=bool)
    def isRtlText(self, text: str) -> bool:  # noqa: N802 - QML name
        """True when ``text`` reads right to left (see :func:`kiosk.i18n.is_rtl_text`)."""
        return i18n.is_rtl_text(text or "")

    @Slot(str)
    def setLanguage(self, lang: str) -> None:  # noqa: N802 - QML name
        """A language was picked: show the deck's texts and the controls in ``lang``.

        Codes the deck does not offer change nothing. Not logged: only counted per day (:mod:`kiosk.stats`).
        """
        self._nav.touch(self._clock())
        if lang in self._deck.deck.languages and lang != self._lang:
            self._log.notify("language_chosen", language=lang)  # counted per day (kiosk.stats)
            self.set_language(lang)
        self._after_touch(None)

    @Slot()
    def toggleLargeText(self) -> None:  # noqa: N802 - QML name
        """The visitor's "Larger text" control: text grows (and still shrinks to fit)."""
        self._nav.touch(self._clock())
        self._large_text = not self._large_text
        self.visitorChanged.emit()
        self._after_touch(None)

    @Slot()
    def toggleHighContrast(self) -> None:  # noqa: N802 - QML name
        """The visitor's "High contrast" control: black, white and yellow (:data:`kiosk.access.HIGH_CONTRAST`)."""
        self._nav.touch(self._clock())
        self._high_contrast = not self._high_contrast
        self.deckChanged.emit()
        self.visitorChanged.emit()
        self._after_touch(None)

    @Slot()
    def quickExit(self) -> None:  # noqa: N802 - QML name
        """Quick exit: at once a neutral screen, the first language, the loop from its start.

        The neutral screen (a greeting with the time and date) stays for one idle timeout, then
        the attract loop plays from its first due slide. Nothing tells it from a visitor who
        touched the screen and walked away: the press counts as a last touch, and one idle
        timeout later the loop makes its ordinary idle return (``idle_return`` and
        ``slide_shown`` with ``trigger: idle``, the same events, fields and moment). Behind the
        neutral screen the first slide is put in place at once, unlogged, so nothing of the
        visitor's page shows as the loop comes back. Only :attr:`quick_exits` counts it, in memory.
        """
        now = self._clock()
        self.quick_exits += 1
        self._log.notify("touch")  # counted as any touch: the counts cannot tell it either
        self._nav.touch(now)  # the idle return comes one idle timeout from now, as after any touch
        self._neutral_until = self._nav.last_touch + self._nav.idle_timeout
        self._reset_visitor()
        due = self._nav.due_positions()
        self._view = view(self._deck, due[0] if due else self._nav.fallback, self._lang, self._wall())
        self.deckChanged.emit()
        self.visitorChanged.emit()
        self.pausedChanged.emit()
        self.viewChanged.emit()
        self._schedule()

    def _visitor_left(self, shown: Shown) -> bool:
        """True when the loop moves on with a visitor's choices still set, one idle timeout
        (seconds, ``deck.idle_timeout``) after the last touch."""
        chosen = self._lang != self._deck.deck.languages[0] or self._large_text or self._high_contrast
        quiet = self._clock() - self._nav.last_touch >= self._nav.idle_timeout
        return shown.trigger == "auto" and not self._nav.interactive and chosen and quiet

    def _reset_visitor(self) -> None:
        """Back to the deck's first language, normal text and the deck's theme (the next visitor's defaults)."""
        self._lang = self._deck.deck.languages[0]
        self._large_text = self._high_contrast = False

    @Slot(str, str)
    def viewSettled(self, slide_id: str, page_id: str) -> None:  # noqa: N802 - QML name
        """Called by QML when a view has finished its transition in (not behind the neutral
        screen: a frame saved there would tell the quick exit from an idle return)."""
        if self._neutral_until is None:
            self.settled.emit(slide_id, page_id)

    @Slot(str)
    def reportOverflow(self, view_id: str) -> None:  # noqa: N802 - QML name
        """Called by QML when text cannot fit its box even at the smallest readable size (not
        logged behind the neutral screen: the idle return shows the slide again and reports it)."""
        if self._neutral_until is not None:
            return
        self.overflows.append(view_id)
        self._log.write("error", kind="text_overflow", view=view_id,
                        message=f"text on '{view_id}' does not fit at the smallest readable size")

    @Slot(str, str, result=QUrl)
    def pictureUrl(self, slide_id: str, name: str) -> QUrl:  # noqa: N802 - QML name
        """Called by QML for the picture of slide ``slide_id``: the URL of the file the checker
        checked (:class:`kiosk.qt.pictures.PlayerPictures`), or an empty URL when it can no longer
        be shown (deleted, damaged), after noting it in :attr:`undrawn` and the event log."""
        url, why = self._pictures.url(self._folder, name)
        if why:
            self._picture_failed(slide_id, name, why)
        return url

    @Slot(str, str)
    def pictureFailed(self, slide_id: str, name: str) -> None:  # noqa: N802 - QML name
        """Called by QML when its ``Image`` could not load the picture it was given."""
        self._picture_failed(slide_id, name, f"'{name}' could not be loaded")

    def _picture_failed(self, slide_id: str, name: str, why: str) -> None:
        index = next((i for i, s in enumerate(self._deck.slides) if s.id == slide_id), -1)
        self.undrawn.append((index, name, why))
        self._log.write("error", kind="picture_unavailable", slide=slide_id, image=name,
                        message=f"slide '{slide_id}': {why}; its alt text is shown instead")

    # ----------------------------------------------------------------- internals
    def _after_touch(self, shown: Shown | None) -> None:
        self._log.notify("touch")  # counted per hour by kiosk.stats, never logged
        self.pausedChanged.emit()
        self._schedule()

    def _on_timer(self) -> None:
        if self._pending is not None:
            was_interactive = self._nav.interactive
            self._swap()
            if was_interactive:
                self.pausedChanged.emit()
            return
        if self._neutral_until is not None:
            if self._clock() < self._neutral_until:
                self._schedule()
                return
            # The neutral screen ends where the idle return falls due: the tick below makes it.
            self._neutral_until = None
            self.visitorChanged.emit()
        was_interactive = self._nav.interactive
        self._nav.tick(self._clock())
        if was_interactive and not self._nav.interactive:
            self.pausedChanged.emit()
        self._schedule()

    def _on_show(self, shown: Shown) -> None:
        if shown.trigger == IDLE:
            self._log.write("idle_return", after=self._nav.idle_timeout)
        # Back to the loop, or Play was pressed and nobody has touched since: the loop goes on
        # for the next passer-by in the deck's first language, normal text and theme.
        if shown.trigger == IDLE or self._visitor_left(shown):
            self._reset_visitor()
            self.deckChanged.emit()
            self.visitorChanged.emit()
        if shown.cycle_completed:
            self._log.write("cycle", cycles=self._nav.cycles)
        if shown.changed or shown.trigger == IDLE:
            self._refresh(shown)
        else:  # the loop came round to the same slide: redraw only if its content changed
            fresh = view(self._deck, shown.position, self._lang, self._wall())
            if fresh != self._view:
                self._view = fresh
                self.viewChanged.emit()
        if shown.cycle_completed:
            self.cycleCompleted.emit(self._nav.cycles)

    def _refresh(self, shown: Shown) -> None:
        position: Position = shown.position
        self._view = view(self._deck, position, self._lang, self._wall())
        self._log.write("slide_shown", slide=self._view["id"], page=self._view["page"] or None,
                        trigger=shown.trigger, type=self._view["type"], qr=has_qr(self._view))
        self.viewChanged.emit()
        self._schedule()

    def _schedule(self) -> None:
        deadline = self._nav.next_deadline() if self._neutral_until is None else self._neutral_until
        if self._held:
            self._timer.stop()
            return
        # Clamped to what a QTimer holds: a longer wait wakes early, finds nothing due and waits again.
        self._timer.start(timer_ms(deadline - self._clock(), self._scale))

    def stop(self) -> None:
        """Stop the timer (before the application quits)."""
        self._timer.stop()

    def restart(self) -> None:
        """Start the attract loop again from the first due slide (after :meth:`stop`, e.g. at
        opening time), judged by the same wall clock (``--at`` keeps its clock)."""
        self._nav = Navigator(self._deck, self._clock(), on_show=self._on_show, wall=self._wall)
        self.pausedChanged.emit()
        self._refresh(Shown(self._nav.position, "auto"))
