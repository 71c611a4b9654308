"""What the kiosk shows now, and what a tap, a swipe or the passing of time does to it.

A pure state machine: it never reads a clock itself. Every method takes ``now``, a time in
seconds from any monotonic origin, so tests drive it with plain numbers ("at t=47 s nothing
was touched for 45 s, so go back to the loop"). The Qt adapter owns the timer and asks
:meth:`Navigator.next_deadline` when to wake next, so an idle kiosk does no work between
slide changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.player import schedule

if TYPE_CHECKING:
    from kiosk.deck.model import Deck


class Trigger(StrEnum):
    """Why a position was shown, as written in the event log (``slide_shown``'s ``trigger``)."""

    AUTO = "auto"  #: the attract loop moved on
    TOUCH = "touch"  #: a visitor's or the staff's touch
    IDLE = "idle"  #: back to the loop one idle timeout after the last touch


AUTO, TOUCH, IDLE = Trigger.AUTO, Trigger.TOUCH, Trigger.IDLE


@dataclass(frozen=True)
class Position:
    """One thing on screen: a slide, or one page of a signs slide.

    Attributes:
        slide: index into ``deck.slides``.
        page: id of the open page, or ``None`` for the slide itself (a signs slide's menu).
    """

    slide: int
    page: str | None = None


@dataclass(frozen=True)
class Shown:
    """A change of what is on screen, for the log and the display.

    Attributes:
        position: what is now shown.
        trigger: :class:`Trigger`: ``"auto"`` (the loop), ``"touch"`` or ``"idle"`` (back to the loop).
        cycle_completed: True when this change wrapped the attract loop back to its start.
        changed: False when the loop came round to the position already shown (only one
            position due); its content may still differ (an event has ended).
    """

    position: Position
    trigger: Trigger
    cycle_completed: bool = False
    changed: bool = True


#: The built-in plain slide (the deck's title) shown when no slide is due and there is no helpline.
FALLBACK = Position(-1)


def loop_positions(deck: Deck) -> list[Position]:
    """The attract loop's order: each slide, and after a signs menu each of its pages (if ``loop_pages``)."""
    out: list[Position] = []
    for index, slide in enumerate(deck.slides):
        out.append(Position(index))
        if slide.type == "signs" and slide.loop_pages:
            out.extend(Position(index, page.id) for page in slide.pages)
    return out


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


def touch_target(deck: Deck, slide_type: str, at: dt.datetime) -> int | None:
    """The slide the **Get help** (``"helpline"``) or **Spot the signs** (``"signs"``) control opens
    at ``at`` (aware): the first slide of that type due then, else the first of that type (those
    controls always work, README *Scheduling*); ``None`` when the deck has no slide of that type."""
    of_type = [i for i, s in enumerate(deck.slides) if s.type == slide_type]
    if not of_type:
        return None
    return next((i for i in of_type if schedule.is_due(deck, deck.slides[i], at)), of_type[0])


def reachable(deck: Deck, index: int, at: dt.datetime) -> bool:
    """True when a visitor may open slide ``index`` of ``deck`` directly at ``at`` (aware): a
    button offers it, and :meth:`Navigator.go_to` opens it, only then.

    A slide is reachable when it is due (:func:`kiosk.player.schedule.is_due`: started, not
    ended, inside its weekdays and times, an events slide with an event left), or when it is the
    slide Get help or Spot the signs opens then (:func:`touch_target`), since those always work.
    """
    slide = deck.slides[index]
    if schedule.is_due(deck, slide, at):
        return True
    return slide.type in ("helpline", "signs") and touch_target(deck, slide.type, at) == index


def place_in(loop: list[Position], position: Position) -> tuple[int, int]:
    """Where ``position`` is in ``loop`` (the positions due, in loop order), for the visitor:
    counted in slides, as a visitor counts them; the pages of a slide share its number (a signs
    page says which page it is itself).

    Returns:
        (number, count): ``count`` is the number of slides in the loop; ``number`` counts from 1
        in loop order; a position whose slide is not in the loop at all (the built-in fallback,
        a slide opened by touch that is not due) is number 0.
    """
    numbers = slide_numbers(loop)
    return numbers.get(position.slide, 0), len(numbers)


def slide_numbers(loop: list[Position]) -> dict[int, int]:
    """The number (from 1) of each slide of ``loop`` (positions in loop order), as
    :func:`place_in` counts them: made once, it answers :func:`place_in` for any position in
    constant time (the fit check asks it for every view of a deck of thousands of slides)."""
    numbers: dict[int, int] = {}
    for position in loop:
        numbers.setdefault(position.slide, len(numbers) + 1)
    return numbers


@dataclass
class Navigator:
    """The attract loop and touch navigation for one deck.

    Two modes: *looping* (the attract loop advances after each slide's dwell time) and
    *interactive* (a touch paused the loop; it returns to looping ``idle_timeout`` seconds
    after the last touch).

    Args:
        deck: the deck to play.
        now: the time the deck starts, in seconds.
        on_show: called with a :class:`Shown` whenever the position changes.
        wall: the wall clock, returning the current moment as an aware datetime (default: the
            real time in UTC); the schedule is judged against it at every slide change.
    """

    deck: Deck
    now: float
    on_show: Callable[[Shown], None] = lambda shown: None
    wall: schedule.WallClock = schedule.utc_now
    position: Position = field(init=False)
    interactive: bool = field(init=False, default=False)
    shown_at: float = field(init=False)
    last_touch: float = field(init=False, default=0.0)
    cycles: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._loop = loop_positions(self.deck)
        self._order = {position: index for index, position in enumerate(self._loop)}
        helpline = next((i for i, s in enumerate(self.deck.slides) if s.type == "helpline"), None)
        #: Shown when no slide is due: the helpline slide, else the built-in plain slide.
        self.fallback = Position(helpline) if helpline is not None else FALLBACK
        self.position = self._first_due()
        self.shown_at = self.now

    # ----------------------------------------------------------------- the clock
    @property
    def idle_timeout(self) -> float:
        """Seconds after the last touch before the loop resumes."""
        return self.deck.deck.idle_timeout

    def dwell(self, position: Position | None = None) -> float:
        """Seconds ``position`` (default: the current one) stays on screen in the loop."""
        position = position or self.position
        if position.slide < 0:
            return self.deck.deck.dwell
        return self.deck.dwell_of(self.deck.slides[position.slide])

    def next_deadline(self) -> float:
        """When :meth:`tick` next has something to do, in seconds.

        While interactive, one idle timeout after the last touch; in the loop, one dwell after
        the current position was shown. A loop of one position wakes too: each dwell completes
        a cycle (so ``--cycles`` ends) and reads the schedule again. Dwell and idle timeout are
        at least 3 and 10 seconds (:data:`kiosk.deck.model.DWELL_RANGE`, ``IDLE_RANGE``), so a
        one-slide kiosk still sleeps between wake-ups.
        """
        if self.interactive:
            return self.last_touch + self.idle_timeout
        return self.shown_at + self.dwell()

    def tick(self, now: float) -> Shown | None:
        """Let time pass: advance the loop or return to it when due.

        Args:
            now: the current time in seconds.

        Returns:
            The change made, or ``None``.
        """
        if now < self.next_deadline():
            return None
        if self.interactive:
            self.interactive = False
            return self._show(self._first_due(), IDLE, now)
        due = self.due_positions()
        if not due:
            return self._show(self.fallback, AUTO, now, cycle_completed=self.position == self.fallback)
        index = self._loop_index()
        following = next((p for p in due if self._order[p] > index), None)
        if following is None:
            return self._show(due[0], AUTO, now, cycle_completed=True)
        return self._show(following, AUTO, now)

    # ----------------------------------------------------------------- the schedule
    def due_positions(self) -> list[Position]:
        """The attract loop's positions whose slides are due now (by the wall clock), in loop order."""
        due = set(schedule.due_slides(self.deck, self.wall()))
        return [p for p in self._loop if p.slide in due]

    def _first_due(self) -> Position:
        due = self.due_positions()
        return due[0] if due else self.fallback

    def _step_slide(self, step: int) -> Position:
        """The next (``step=1``) or previous (``-1``) due slide from the current one, wrapping; else the fallback."""
        due = set(schedule.due_slides(self.deck, self.wall()))
        count = len(self.deck.slides)
        start = self.position.slide if self.position.slide >= 0 else (-1 if step > 0 else 0)
        for offset in range(1, count + 1):
            index = (start + step * offset) % count
            if index in due:
                return Position(index)
        return self.fallback

    def resume(self, now: float) -> None:
        """Back to the loop from here: leave interactive mode, and give the position on screen a
        full dwell from ``now`` (seconds) (the Play control, the end of a hold)."""
        self.interactive = False
        self.shown_at = now

    def return_to(self, position: Position, now: float) -> Shown | None:
        """End an interaction while the loop is held (the staff's pause): leave interactive mode
        and show ``position`` as an idle return (trigger ``idle``), at ``now`` (seconds)."""
        self.interactive = False
        return self._show(position, IDLE, now)

    def restart_dwell(self, now: float) -> None:
        """Give the position on screen a full dwell from ``now`` (seconds), when looping."""
        if not self.interactive:
            self.shown_at = now

    # ----------------------------------------------------------------- touches
    def touch(self, now: float) -> None:
        """A real touch anywhere: pause the loop and restart the idle countdown."""
        self.interactive = True
        self.last_touch = now

    def next(self, now: float) -> Shown:
        """Next control or a swipe to the left: the next page of an open section, else the next slide."""
        self.touch(now)
        slide = self.deck.slides[self.position.slide]
        if slide.type == "signs" and self.position.page is not None:
            ids = [p.id for p in slide.pages]
            at = ids.index(self.position.page)
            if at + 1 < len(ids):
                return self._show(Position(self.position.slide, ids[at + 1]), TOUCH, now)
        return self._show(self._step_slide(1), TOUCH, now)

    def previous(self, now: float) -> Shown:
        """Previous control or a swipe to the right: the previous page, the section's menu, or the previous slide."""
        self.touch(now)
        slide = self.deck.slides[self.position.slide]
        if slide.type == "signs" and self.position.page is not None:
            ids = [p.id for p in slide.pages]
            at = ids.index(self.position.page)
            page = ids[at - 1] if at > 0 else None
            return self._show(Position(self.position.slide, page), TOUCH, now)
        return self._show(self._step_slide(-1), TOUCH, now)

    def open_page(self, page_id: str, now: float) -> Shown | None:
        """Open a page of the current signs slide (a tile was tapped). Unknown ids change nothing."""
        self.touch(now)
        slide = self.deck.slides[self.position.slide]
        if slide.type == "signs" and any(p.id == page_id for p in slide.pages):
            return self._show(Position(self.position.slide, page_id), TOUCH, now)
        return None

    def back(self, now: float) -> Shown | None:
        """Back control on a page: return to its section's menu."""
        self.touch(now)
        if self.position.page is not None:
            return self._show(Position(self.position.slide), TOUCH, now)
        return None

    def go_to(self, slide_id: str, now: float) -> Shown | None:
        """Jump to a slide by id (a button on a text slide). Unknown ids change nothing, and so
        does a slide a visitor cannot open now (:func:`reachable`: ended, not started yet, outside
        its weekdays or times, an events slide with no event left); both still count as a touch.
        """
        self.touch(now)
        for index, slide in enumerate(self.deck.slides):
            if slide.id == slide_id:
                if not reachable(self.deck, index, self.wall()):
                    return None
                return self._show(Position(index), TOUCH, now)
        return None

    def open_first(self, slide_type: str, now: float) -> Shown | None:
        """The **Get help** (``"helpline"``) or **Spot the signs** (``"signs"``) control: open the
        slide :func:`touch_target` names, whatever the schedule (those controls always work). A
        deck with no slide of that type changes nothing but the touch."""
        self.touch(now)
        index = touch_target(self.deck, slide_type, self.wall())
        return None if index is None else self._show(Position(index), TOUCH, now)

    def first_of_type(self, slide_type: str) -> str | None:
        """Id of the first slide of ``slide_type`` (e.g. ``"signs"``, ``"helpline"``), or ``None``."""
        return next((s.id for s in self.deck.slides if s.type == slide_type), None)

    # ----------------------------------------------------------------- internals
    def _loop_index(self) -> int:
        if self.position.slide < 0:
            return -1  # the built-in fallback: carry on from the start
        # A position reached by touch that the loop skips (a page of a section with
        # loop_pages off) carries on from its slide.
        return self._order.get(self.position, self._order[Position(self.position.slide)])

    def _show(self, position: Position, trigger: Trigger, now: float, cycle_completed: bool = False) -> Shown | None:
        changed = position != self.position
        if not changed and trigger == TOUCH:
            return None
        self.position = position
        self.shown_at = now
        if cycle_completed:
            self.cycles += 1
        shown = Shown(position, trigger, cycle_completed, changed)
        self.on_show(shown)
        return shown
