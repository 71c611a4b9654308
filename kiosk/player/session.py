"""One play session: everything the kiosk is doing, in one place, with no Qt.

A :class:`Session` owns the :class:`kiosk.player.navigator.Navigator` (the loop and touch
navigation), the visitor's choices (language, larger text, high contrast), the neutral screen
after a quick exit, the set of reasons the loop is held (:class:`HoldReason`) and the next
version of the deck waiting to be swapped in. It reads time from one
:class:`kiosk.player.clock.Clock` (deck seconds and the wall), writes the event log, and each
of its methods returns the :class:`Changes` it made, which the Qt adapter
(:class:`kiosk.qt.backend.Backend`) turns into signals. It owns no timer: the adapter asks
:meth:`Session.deadline` when to call :meth:`Session.tick` next.

Every transition is logged at debug level on the ``kiosk.session`` logger. Nothing a visitor
causes is written to the event log (README, *Visitor counts*): a touch, a language chosen,
Play, a page opened (``slide_shown`` with ``trigger`` ``touch``), the return to the loop
(``idle_return``, ``slide_shown`` with ``trigger`` ``idle``) and a wake-up while closed are
only told to the log's observers (:meth:`kiosk.events.EventLog.notify`: the hourly counts of
:mod:`kiosk.stats`). The loop's own lines (``slide_shown`` with ``trigger`` ``auto``, ``cycle``:
proof of play) are written while the loop plays as it would with nobody there; from a visitor's
first touch (or a wake-up while closed) until the loop next comes round to its start, where it
plays is the visitor's doing (Play resumes it from the page they left), so those lines are only
told too. The quick exit is a touch like any other.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.access import HIGH_CONTRAST
from kiosk.events import EventLog
from kiosk.player import schedule
from kiosk.player.clock import Clock
from kiosk.player.hours import OpeningHours
from kiosk.player.navigator import AUTO, IDLE, Navigator, Position, Shown, loop_positions, place_in, slide_numbers
from kiosk.player.views import next_day_change, view
from kiosk.walltime import LATEST

if TYPE_CHECKING:
    from kiosk.deck.model import Deck

logger = logging.getLogger("kiosk.session")


class HoldReason(Enum):
    """Why the loop is held: no auto-advance and no idle return while any reason stands."""

    STAFF_PAUSE = "staff pause"  #: the staff menu's Pause
    SCREEN_OFF = "screen off"  #: the staff turned the screen off
    CLOSED = "closed"  #: outside the opening hours (and not woken by a touch)
    FRAME = "frame"  #: ``--frames``: the slide on screen has no saved frame yet
    UNSEEN = "unseen"  #: the window is off the screen (minimised, unmapped, destroyed): nothing is shown or counted


class Mode(Enum):
    """What the loop is doing (:attr:`Session.mode`)."""

    LOOPING = "looping"  #: the attract loop advances after each dwell
    INTERACTIVE = "interactive"  #: a touch paused the loop; it returns one idle timeout later
    NEUTRAL = "neutral"  #: the neutral screen after a quick exit, until the idle return
    HELD = "held"  #: held for one reason or more (:class:`HoldReason`)


@dataclass
class Changes:
    """What a call to the session changed, for the adapter to announce.

    Attributes:
        deck: the deck, its theme or its languages changed.
        visitor: the visitor's choices or the neutral screen changed.
        paused: whether the controls show (:attr:`Session.paused`) may have changed.
        view: the view on screen changed.
        reloaded: the id of a new version of the deck just swapped in, or ``None``.
        cycles: the loops completed in all since the kiosk started (:attr:`Session.loops`), when
            this change completed one, else ``None``.
    """

    deck: bool = False
    visitor: bool = False
    paused: bool = False
    view: bool = False
    reloaded: str | None = None
    cycles: int | None = None


class Session:
    """The play state of one kiosk, driven by one clock.

    Args:
        deck: the deck to play (no errors).
        folder: its folder.
        log: where events go: ``deck_loaded``, ``deck_reloaded``, ``deck_rejected`` and the
            loop's own ``slide_shown`` and ``cycle`` are written; what a visitor causes
            (``touch``, ``loop_resumed``, ``language_chosen``, ``idle_return``, ``slide_shown``
            by touch or at the idle return, and the loop's lines until it comes round to its
            start again) is only notified, for the visitor counts.
        clock: deck seconds and the wall (:class:`kiosk.player.clock.Clock`).
        hold_for_frames: hold the loop at each slide change until :meth:`frame_saved`
            (``--frames``), so every slide and page gets its frame however busy the machine.
        content: the deck's content digest as checked (:attr:`content`), ``""`` when not known.
    """

    def __init__(self, deck: Deck, folder: Path, log: EventLog, clock: Clock, *,
                 hold_for_frames: bool = False, content: str = "") -> None:
        self.clock = clock
        self._log = log
        self.hold_for_frames = hold_for_frames
        #: The reasons the loop is held now.
        self.holds: set[HoldReason] = set()
        #: Where the staff's pause holds the loop (the slide and page on screen when they paused,
        #: or moved to from their menu): a visitor's session ends back there. ``None`` unpaused.
        self._staff_spot: Position | None = None
        #: The next version of the deck, swapped in at the loop's next slide change.
        self.pending: tuple[Deck, Path] | None = None
        #: The content digest of the deck on screen and of :attr:`pending`
        #: (:attr:`kiosk.deck.result.LoadResult.content`), ``""`` when not known.
        self.content = self.pending_content = ""
        #: Deck time until which the neutral screen stays up after a quick exit, or ``None``.
        self.neutral_until: float | None = None
        #: Quick exits since the kiosk started (in memory only, for the staff status; never logged).
        self.quick_exits = 0
        self.language = ""
        self.large_text = False
        self.high_contrast = False
        #: The view on screen (:func:`kiosk.player.views.view`).
        self.view: dict[str, Any] = {}
        #: True when :meth:`display` without a moment marks every event with its longest badge
        #: (``views.view(badges=True)``): the fit check lays the events out so.
        self.worst_badges = False
        # A position shown outside the loop by display() (kiosk render) and the number of each
        # slide of the loop it is counted in (slide_numbers), or None while the loop's own
        # position is on screen.
        self._displayed: tuple[Position, dict[int, int]] | None = None
        # The deck, moment and slide numbers of the loop display() counted in last: made once
        # for all the views of a render or a fit check, not once per view.
        self._display_loop: tuple[Deck, dt.datetime | None, dict[int, int]] | None = None
        # The deck, the wall moment it was looked at and the next moment one of its slides may
        # become due or end then (schedule.next_due_change): looked for again once that comes.
        self._due_change: tuple[Deck, dt.datetime, dt.datetime | None] | None = None
        self.deck: Deck
        self.folder: Path
        self.navigator: Navigator
        self._changes = Changes()
        self._depth = 0  # calls in progress (a call may make others: their changes add up)
        #: Loops of the deck playing (by its id) completed since the kiosk started, for proof of
        #: play: it counts on across new versions of that deck and restarts of the loop (opening
        #: time, a reload), and starts again from 0 when a deck with another id plays.
        self.cycles = 0
        #: Loops completed in all since the kiosk started, whatever deck (``--cycles``, ``stopped``).
        self.loops = 0
        #: True from a visitor's touch until the loop next comes round to its start (or starts
        #: again): what the loop shows meanwhile follows the visitor, so it is not written.
        self._visited = False
        #: True from a wake-up by touch while closed until the kiosk closes again or opens by
        #: its hours: everything the loop shows meanwhile is there because of a visitor.
        self._woken = False
        self.set_deck(deck, folder, content=content)

    # ----------------------------------------------------------------- reading
    @property
    def held(self) -> bool:
        """True while any :class:`HoldReason` stands."""
        return bool(self.holds)

    @property
    def private(self) -> bool:
        """True while what is on screen follows a visitor's actions (a touch since the loop last
        came round to its start, or a wake-up while closed): nothing about it is written with a time."""
        return self._visited or self._woken

    @property
    def neutral(self) -> bool:
        """True while the neutral screen is up."""
        return self.neutral_until is not None

    @property
    def paused(self) -> bool:
        """True when the controls show: interactive, and not behind the neutral screen."""
        return self.navigator.interactive and self.neutral_until is None

    @property
    def mode(self) -> Mode:
        """What the loop is doing now."""
        if self.holds:
            return Mode.HELD
        if self.neutral_until is not None:
            return Mode.NEUTRAL
        return Mode.INTERACTIVE if self.navigator.interactive else Mode.LOOPING

    def theme(self) -> dict[str, str]:
        """The colours in use: the deck's, or the high-contrast theme the visitor chose."""
        return (HIGH_CONTRAST if self.high_contrast else self.deck.deck.theme).model_dump()

    def place(self) -> dict[str, Any]:
        """Where the view on screen is in the attract loop, for the visitor's progress indicator.

        Nothing about a visitor is in it: only the loop's own state.

        Returns:
            ``number`` (from 1; 0 when the view is not in the loop) and ``count`` (positions
            due now, in the loop), ``dwell`` (deck seconds the view stays in the loop),
            ``left`` (deck seconds until the loop moves on; ``dwell`` when it is not moving)
            and ``running`` (True while the loop is advancing by itself: not paused by a
            touch, held, behind the neutral screen or shown by ``kiosk render``).
        """
        navigator = self.navigator
        if self._displayed is not None:
            position, numbers = self._displayed
            number, count = numbers.get(position.slide, 0), len(numbers)
        else:
            position = navigator.position
            number, count = place_in(navigator.due_positions(), position)
        dwell = navigator.dwell(position)
        running = self._displayed is None and self.mode is Mode.LOOPING
        left = min(dwell, max(0.0, navigator.next_deadline() - self.clock.monotonic())) if running else dwell
        return {"number": number, "count": count, "dwell": dwell, "left": left, "running": running}

    def loop_deadline(self) -> float | None:
        """Deck time of the loop's next change (the next slide, the return to the loop, the end
        of the neutral screen), or ``None`` while held. While only the staff's pause holds it, a
        visitor's session still ends one idle timeout after their last touch (:meth:`tick`)."""
        visitor_session = self.neutral_until is not None or self.navigator.interactive
        if self.holds and not (self.holds == {HoldReason.STAFF_PAUSE} and visitor_session):
            return None
        if self.neutral_until is not None:
            return self.neutral_until
        return self.navigator.next_deadline()

    def deadline(self) -> float | None:
        """Deck time at which :meth:`tick` has something to do: the loop's next change
        (:meth:`loop_deadline`), or sooner the moment the schedule changes what is on screen
        (:meth:`schedule_deadline`); ``None`` when neither comes (held)."""
        due = [t for t in (self.loop_deadline(), self.schedule_deadline()) if t is not None]
        return min(due) if due else None

    def schedule_deadline(self) -> float | None:
        """Deck time at which the schedule may change the view on screen while it stays there
        (a visitor reading, a long dwell, the staff's pause): a slide becoming due or ending, so
        a button to it shows or hides and the loop's count of slides changes
        (:func:`kiosk.player.schedule.next_due_change`), an event ending, a new day for the
        Today and Tomorrow badges (:func:`kiosk.player.views.next_day_change`). :meth:`tick`
        then draws the view again. ``None`` when nothing on screen changes with time, behind the
        neutral screen, for a view shown by ``kiosk render``, and while held for any reason but
        the staff's pause (closed, screen off, unseen, a frame being saved: nothing to redraw)."""
        if self.holds - {HoldReason.STAFF_PAUSE} or self.neutral_until is not None or self._displayed is not None:
            return None
        wall = self.clock.wall()
        known = self._due_change
        if known is None or known[0] is not self.deck or not known[1] <= wall < (known[2] or LATEST):
            known = self._due_change = (self.deck, wall, schedule.next_due_change(self.deck, wall))
        moments = [m for m in (known[2], next_day_change(self.deck, self.navigator.position, wall))
                   if m is not None and m > wall]  # (a wall clock stopped at the calendar's end waits for nothing)
        if not moments:
            return None
        return self.clock.monotonic() + self.clock.deck_seconds_until(min(moments))

    # ----------------------------------------------------------------- the deck
    def set_deck(self, deck: Deck, folder: Path, event: str = "deck_loaded", content: str = "") -> Changes:
        """Play ``deck`` from its first due slide, in the attract loop, in its first language, with normal text and its own colours.

        Args:
            deck: a deck with no errors.
            folder: its folder.
            event: the event logged (``deck_loaded``, or ``deck_reloaded`` for a hot swap).
            content: its content digest, ``""`` when not known.
        """
        changes = self._begin()
        self.pending, self.content = None, content
        if getattr(self, "deck", None) is not None and self.deck.deck.id != deck.deck.id:
            self.cycles = 0  # another deck: its own proof of play
        self.deck, self.folder = deck, folder
        self._visited = self._woken  # the loop starts afresh: its lines are its own again
        self._reset_visitor()  # the deck's first language, normal text, its own theme
        self.navigator = Navigator(deck, self.clock.monotonic(), on_show=self._on_show, wall=self.clock.wall)
        if self._staff_spot is not None:  # still paused by the staff: on the new deck's first slide
            self._staff_spot = self.navigator.position
        logger.debug("deck %s: %s, from %s", event, deck.deck.id, self.navigator.position)
        self._log.write(event, deck=deck.deck.id, slides=len(deck.slides), folder=str(folder))
        changes.deck = changes.visitor = changes.paused = True
        self._refresh(Shown(self.navigator.position, AUTO))
        return self._end()

    def replace_deck(self, deck: Deck, folder: Path, now: bool = False, content: str = "") -> Changes:
        """Keep a new version of the deck for the loop's next slide change (see :meth:`tick`).

        A visitor's session is not cut short (the swap waits for the return to the loop), nor a
        hold (it waits for the release). A version of the content on screen from the folder on
        screen (an edit undone before it played) is not a new one: the one waiting is forgotten,
        the loop goes on. The same content from another folder (a copy of the deck chosen in its
        place) is swapped in: the kiosk plays that folder from then on.

        Args:
            now: swap at once (nothing is playing that could be cut short) unless held.
            content: its content digest (:attr:`kiosk.deck.result.LoadResult.content`), ``""``
                when not known.
        """
        if self.shows(content, folder):
            self.pending = None  # the same folder as on screen, as it is on screen
            return Changes()
        self.pending, self.pending_content = (deck, folder), content
        logger.debug("deck %s waits for the next slide change", deck.deck.id)
        if now and not self.holds:
            return self._swap()
        return Changes()

    def shows(self, content: str, folder: Path | None = None) -> bool:
        """True when ``content`` (a content digest, :attr:`kiosk.deck.result.LoadResult.content`)
        is that of the deck on screen (and ``folder``, when given, its folder); False when either
        digest is not known."""
        return bool(content) and content == self.content and (
            folder is None or Path(folder).resolve() == Path(self.folder).resolve())

    def reject_deck(self, problems: list[str]) -> Changes:
        """A new version of the deck has errors: forget any waiting one, log ``deck_rejected``."""
        self.pending = None
        self._log.write("deck_rejected", problems=list(problems))
        return Changes()

    def set_language(self, lang: str) -> Changes:
        """Show texts in ``lang`` (falling back to the deck's first language)."""
        changes = self._begin()
        self.language = lang
        changes.deck = changes.visitor = changes.view = True
        self._displayed = None
        self.view = view(self.deck, self.navigator.position, self.language, self.clock.wall())
        return self._end()

    def display(self, position: Position, at: dt.datetime | None) -> Changes:
        """Show ``position`` outside the loop (``kiosk render``), as at ``at`` (``None``: every event)."""
        known = self._display_loop
        if known is None or known[0] is not self.deck or known[1] != at:
            loop = loop_positions(self.deck)
            if at is not None:
                due = set(schedule.due_slides(self.deck, at))
                loop = [p for p in loop if p.slide in due]
            known = self._display_loop = (self.deck, at, slide_numbers(loop))
        self._displayed = (position, known[2])
        self.view = view(self.deck, position, self.language, at, badges=self.worst_badges)
        return Changes(view=True)

    def restart(self) -> Changes:
        """Start the loop again from the first due slide, judged by the same clock (a new
        version of the deck waiting is swapped in first)."""
        changes = self._begin()
        if self.pending is not None:
            self._swap()
            return self._end()
        self.navigator = Navigator(self.deck, self.clock.monotonic(), on_show=self._on_show, wall=self.clock.wall)
        self._visited = self._woken  # from its first due slide: the loop's own again, unless woken by a touch
        logger.debug("loop restarted at %s", self.navigator.position)
        changes.paused = True
        self._refresh(Shown(self.navigator.position, AUTO))
        return self._end()

    # ----------------------------------------------------------------- holds
    def hold(self, reason: HoldReason, on: bool = True) -> Changes:
        """Hold the loop for ``reason`` (``on``) or release that reason (``on=False``).

        Reasons combine: the loop plays again only when none stands. Releasing the last of
        them resumes the loop with a full dwell on the slide showing; releasing
        :attr:`HoldReason.CLOSED` (opening time) starts the loop again from its first due
        slide; releasing :attr:`HoldReason.FRAME` or :attr:`HoldReason.UNSEEN` gives the slide its
        full dwell from now.
        """
        changes = self._begin()
        if on == (reason in self.holds):
            return self._end()
        before = self.mode
        if on:
            self.holds.add(reason)
            if reason is HoldReason.CLOSED:  # closed again: a wake-up by touch is over
                self._woken = False
            if reason is HoldReason.STAFF_PAUSE:
                self._staff_spot = self.navigator.position
        else:
            self.holds.discard(reason)
            if reason is HoldReason.STAFF_PAUSE:
                self._staff_spot = None
            now = self.clock.monotonic()
            if reason is HoldReason.CLOSED:
                self.restart()
            elif reason in (HoldReason.FRAME, HoldReason.UNSEEN):  # the slide's dwell from when it can be seen
                if not self.holds:
                    self.navigator.restart_dwell(now)
            elif not self.holds - {HoldReason.FRAME}:
                self.navigator.resume(now)
                changes.paused = True
        logger.debug("%s %s: held by %s (%s -> %s)", "hold" if on else "release", reason.value,
                     sorted(r.value for r in self.holds) or "nothing", before.value, self.mode.value)
        return self._end()

    def frame_saved(self) -> Changes:
        """The frame of the slide on screen was saved (or could not be): release :attr:`HoldReason.FRAME`."""
        return self.hold(HoldReason.FRAME, False)

    def woken_by_touch(self) -> None:
        """A touch woke the closed kiosk (call it before the closed hold is released): until it
        closes again or opens by its hours (:meth:`opened_by_hours`), the loop plays because of
        a visitor, so none of its lines are written."""
        self._woken = self._visited = True

    def opened_by_hours(self) -> None:
        """Opening time came while the kiosk was woken by a touch: the loop plays on where it
        is (a visitor may be using it) and its lines are written again once it next comes round
        to its start."""
        self._woken = False

    # ----------------------------------------------------------------- time
    def tick(self) -> Changes:
        """Let time pass: swap in a waiting deck, end the neutral screen, advance the loop or
        return to it, as due now."""
        changes = self._begin()
        if self.holds:
            if self.holds == {HoldReason.STAFF_PAUSE} and not self._visit_ends_in_pause(changes):
                self._view_again()  # the slide stays on screen: as the schedule has it now
            return self._end()
        now = self.clock.monotonic()
        if self.pending is not None and now >= self.loop_deadline():  # the next slide change: the new version
            if self.navigator.interactive:  # the idle timeout fell due: a return to the loop too
                self._log.notify("idle_return", after=self.navigator.idle_timeout)
            self._swap()
            return self._end()
        if self._neutral_stays(now, changes):
            return self._end()
        before = self.mode
        if self.navigator.tick(now) is None:  # the same view: as the schedule has it now
            self._view_again()
        if before is Mode.INTERACTIVE and not self.navigator.interactive:
            changes.paused = True
        if self.mode is not before:
            logger.debug("%s -> %s", before.value, self.mode.value)
        return self._end()

    def _visit_ends_in_pause(self, changes: Changes) -> bool:
        """While only the staff's pause holds the loop, end a visitor's session as the loop's idle
        return would: one idle timeout after their last touch (or at the end of the neutral
        screen after a quick exit), the controls close and the view goes back to where the staff
        left the loop, in the deck's first language with normal text and theme, so the next
        passer-by never finds what the last one read or chose. The loop stays paused.

        Returns:
            True when the view on screen was decided here (nothing else to draw this tick).
        """
        now = self.clock.monotonic()
        if self._neutral_stays(now, changes):
            return True
        if not self.navigator.interactive or now < self.navigator.next_deadline():
            return False
        spot = self._staff_spot if self._staff_spot is not None else self.navigator.position
        self.navigator.return_to(spot, now)  # an idle return (_on_show resets the visitor's choices)
        changes.paused = True
        return True

    def _neutral_stays(self, now: float, changes: Changes) -> bool:
        """True while the neutral screen after a quick exit stays (until ``now``, seconds, reaches
        :attr:`neutral_until`); at its end it is taken off here, and the idle return, due at the
        same moment, is the caller's to make."""
        if self.neutral_until is None:
            return False
        if now < self.neutral_until:
            return True
        self.neutral_until = None
        changes.visitor = True
        return False

    def staff_moved(self) -> None:
        """The staff moved the paused loop from their menu (next, previous): a visitor's session
        now ends on the slide they moved to."""
        if HoldReason.STAFF_PAUSE in self.holds:
            self._staff_spot = self.navigator.position

    # ----------------------------------------------------------------- touches
    def touch(self) -> Changes:
        """A touch on the slide background: pause the loop and show the controls."""
        self._begin()
        self.navigator.touch(self.clock.monotonic())
        return self._touched()

    def next(self) -> Changes:
        """Next control, or a swipe to the left."""
        self._begin()
        self.navigator.next(self.clock.monotonic())
        return self._touched()

    def previous(self) -> Changes:
        """Previous control, or a swipe to the right."""
        self._begin()
        self.navigator.previous(self.clock.monotonic())
        return self._touched()

    def open_page(self, page_id: str) -> Changes:
        """A tile of a signs menu was tapped."""
        self._begin()
        self.navigator.open_page(page_id, self.clock.monotonic())
        return self._touched()

    def back(self) -> Changes:
        """Back control on a page."""
        self._begin()
        self.navigator.back(self.clock.monotonic())
        return self._touched()

    def go_to(self, slide_id: str | None) -> Changes:
        """Open a slide by id (a button); ``None`` only touches. A slide a visitor cannot open now
        (:func:`kiosk.player.navigator.reachable`) is not opened, and the view on screen is drawn
        again when that drops a button it still showed (its slide ended while it was up)."""
        self._begin()
        if slide_id and self.navigator.go_to(slide_id, self.clock.monotonic()) is None:
            self._view_again()
        return self._touched()

    def open_first(self, slide_type: str) -> Changes:
        """"Get help" (``"helpline"``) or "Spot the signs" (``"signs"``): open the slide of that
        type :func:`kiosk.player.navigator.touch_target` names (these always work)."""
        self._begin()
        self.navigator.open_first(slide_type, self.clock.monotonic())
        return self._touched()

    def resume(self) -> Changes:
        """Play control: leave interactive mode and resume the attract loop from here."""
        changes = self._begin()
        if self.navigator.interactive:
            self._visited = True
            self._log.notify("touch")
            self._log.notify("loop_resumed")
            self.navigator.resume(self.clock.monotonic())
            logger.debug("interactive -> looping (play)")
            changes.paused = True
        return self._end()

    def choose_language(self, lang: str) -> Changes:
        """A language was picked; codes the deck does not offer change nothing but the touch."""
        self._begin()
        self.navigator.touch(self.clock.monotonic())
        if lang in self.deck.deck.languages and lang != self.language:
            self._log.notify("language_chosen", language=lang)  # counted per day (kiosk.stats)
            self.set_language(lang)
        return self._touched()

    def toggle_large_text(self) -> Changes:
        """The visitor's "Larger text" control."""
        changes = self._begin()
        self.navigator.touch(self.clock.monotonic())
        self.large_text = not self.large_text
        changes.visitor = True
        return self._touched()

    def toggle_high_contrast(self) -> Changes:
        """The visitor's "High contrast" control."""
        changes = self._begin()
        self.navigator.touch(self.clock.monotonic())
        self.high_contrast = not self.high_contrast
        changes.deck = changes.visitor = True
        return self._touched()

    def quick_exit(self) -> Changes:
        """Quick exit: at once a neutral screen, the first language, the loop from its start.

        The neutral screen stays for one idle timeout, then the loop makes its ordinary idle
        return (``idle_return`` and ``slide_shown`` with ``trigger: idle``, the same events,
        fields and moment as after a visitor who stopped touching). Behind the neutral screen
        the first due slide is put in place at once, unlogged. Only :attr:`quick_exits` counts it.
        """
        changes = self._begin()
        now = self.clock.monotonic()
        self.quick_exits += 1
        self._visited = True
        self._log.notify("touch")  # counted as any touch: the counts cannot tell it either
        self.navigator.touch(now)  # the idle return comes one idle timeout from now, as after any touch
        logger.debug("touch")  # as any touch: nothing names the quick exit
        self.neutral_until = self.navigator.last_touch + self.navigator.idle_timeout
        self._reset_visitor()
        due = self.navigator.due_positions()
        self.view = view(self.deck, due[0] if due else self.navigator.fallback, self.language, self.clock.wall())
        changes.deck = changes.visitor = changes.paused = changes.view = True
        return self._end()

    # ----------------------------------------------------------------- internals
    def _begin(self) -> Changes:
        """Start collecting changes (a call made inside another adds to the outer one's)."""
        if self._depth == 0:
            self._changes = Changes()
        self._depth += 1
        return self._changes

    def _end(self) -> Changes:
        self._depth -= 1
        return self._changes

    def _view_again(self) -> None:
        """Draw the view on screen again when the moment now changes it (a button whose slide
        ended or began, an event that ended, a new day's badges); the loop's own position only.
        An events slide whose last event has ended keeps it until the slide changes: a slide
        with no event left is not due (the loop skips it), and is never drawn empty."""
        if self._displayed is not None:
            return
        fresh = view(self.deck, self.navigator.position, self.language, self.clock.wall())
        if fresh["type"] == "events" and not fresh["events"]:
            return
        if fresh != self.view:
            self.view = fresh
            self._changes.view = True
            logger.debug("%s drawn again as the schedule has it now", self.navigator.position)

    def _touched(self) -> Changes:
        """End a touch: notify it (for the counts) and let the controls show."""
        self._visited = True
        self._log.notify("touch")  # counted per hour by kiosk.stats, never logged
        self._changes.paused = True
        logger.debug("touch: %s at %s", self.mode.value, self.navigator.position)
        return self._end()

    def _swap(self) -> Changes:
        changes = self._begin()
        deck, folder = self.pending
        self.set_deck(deck, folder, event="deck_reloaded", content=self.pending_content)
        changes.reloaded = deck.deck.id
        return self._end()

    def _reset_visitor(self) -> None:
        """Back to the deck's first language, normal text and the deck's theme (the next visitor's defaults)."""
        self.language = self.deck.deck.languages[0]
        self.large_text = self.high_contrast = False

    def _visitor_left(self, shown: Shown) -> bool:
        """True when the loop moves on with a visitor's choices still set, one idle timeout
        (seconds, ``deck.idle_timeout``) after the last touch."""
        chosen = self.language != self.deck.deck.languages[0] or self.large_text or self.high_contrast
        quiet = self.clock.monotonic() - self.navigator.last_touch >= self.navigator.idle_timeout
        return shown.trigger == AUTO and not self.navigator.interactive and chosen and quiet

    def _on_show(self, shown: Shown) -> None:
        changes = self._changes
        logger.debug("%s: %s (%s)", shown.trigger.value, shown.position,
                     "moved" if shown.changed else "the same position again")
        if shown.trigger == IDLE:
            self._log.notify("idle_return", after=self.navigator.idle_timeout)
        # Back to the loop, or Play was pressed and nobody has touched since: the loop goes on
        # for the next passer-by in the deck's first language, normal text and theme.
        if shown.trigger == IDLE or self._visitor_left(shown):
            self._reset_visitor()
            changes.deck = changes.visitor = True
        if shown.cycle_completed:
            self.cycles += 1
            self.loops += 1
            if not self._woken:  # back at its start: where the loop is is its own again
                self._visited = False
            self._loop_line("cycle", cycles=self.cycles, deck=self.deck.deck.id)
        if shown.changed or shown.trigger == IDLE:
            self._refresh(shown)
        else:  # the loop came round to the same slide: redraw only if its content changed
            fresh = view(self.deck, shown.position, self.language, self.clock.wall())
            if fresh != self.view:
                self.view = fresh
                changes.view = True
        if shown.cycle_completed:
            changes.cycles = self.loops

    def _loop_line(self, event: str, **fields: Any) -> None:
        """Write a line of the loop's own (proof of play), or only notify it while
        :attr:`private` (the loop plays where a visitor left it, or because one woke it)."""
        if self.private:
            self._log.notify(event, **fields)
        else:
            self._log.write(event, **fields)

    def _refresh(self, shown: Shown) -> None:
        from kiosk.player.views import has_qr

        self._displayed = None
        self.view = view(self.deck, shown.position, self.language, self.clock.wall())
        fields = {"slide": self.view["id"], "page": self.view["page"] or None, "trigger": shown.trigger,
                  "type": self.view["type"], "qr": has_qr(self.view)}
        if shown.trigger == AUTO:
            self._loop_line("slide_shown", **fields)
        else:  # opened by a touch, or the idle return: the visitor's doing
            self._log.notify("slide_shown", **fields)
        self._changes.view = True
        if self.hold_for_frames and HoldReason.FRAME not in self.holds:
            self.holds.add(HoldReason.FRAME)
            logger.debug("hold frame: until the frame of %s is saved", self.view["id"])


class OpeningWatch:
    """Whether the venue is open by the opening hours, on the session's wall clock.

    Args:
        hours: the opening hours.
        wake: how long a touch wakes a closed kiosk.
        wall: the wall clock (aware datetimes): :meth:`kiosk.player.clock.Clock.wall`, so
            ``--at`` moves the opening hours as it moves the schedule.
    """

    def __init__(self, hours: OpeningHours, wake: dt.timedelta, wall: Callable[[], dt.datetime]) -> None:
        self.hours = hours
        self.wake_for = wake
        self.wall = wall
        #: True while closed and not woken.
        self.closed = False
        #: When a wake-up by touch ends, or ``None`` when not woken.
        self.woken_until: dt.datetime | None = None

    def check(self) -> bool:
        """Look at the hours now; returns True when :attr:`closed` changed."""
        now = self.wall()
        if self.woken_until is not None and now >= self.woken_until:
            self.woken_until = None
        scheduled_open = self.hours.is_open(now)
        if scheduled_open:
            self.woken_until = None
        should_close = not scheduled_open and self.woken_until is None
        if should_close == self.closed:
            return False
        self.closed = should_close
        logger.debug("%s by the opening hours at %s", "closed" if should_close else "open", now.isoformat())
        return True

    def wake(self) -> bool:
        """A touch while closed: open for :attr:`wake_for`. Returns True when it was closed."""
        if not self.closed:
            return False
        self.woken_until = self.wall() + self.wake_for
        self.closed = False
        logger.debug("woken until %s", self.woken_until.isoformat())
        return True

    def next_change(self) -> dt.datetime | None:
        """The next moment the state may change (an opening, a closing, the end of a wake-up), or ``None``."""
        now = self.wall()
        due = [t for t in (self.hours.next_change(now), self.woken_until) if t is not None]
        return min(due) if due else None


__all__ = ["Changes", "HoldReason", "Mode", "OpeningWatch", "Session"]
