"""How ``kiosk run`` plays a deck: :class:`PlayOptions`, made by the command line and the settings
(:func:`kiosk.cli.cmd_run`) and read by the player (:func:`kiosk.qt.player.play`).

Plain Python, no Qt: the options are made in the start-up process (:mod:`kiosk.handover`) and
handed to the drawing process whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.logs import LOG_FOLDER_SETTING
from kiosk.player.hours import OpeningHours

#: Milliseconds a deck folder must be still (no change seen, sizes and times stable) before a
#: change is read (:mod:`kiosk.qt.watch`).
SETTLE_MS = 2000


@dataclass
class PlayOptions:
    """How to play a deck (see ``kiosk run --help``).

    Attributes:
        mode: ``"fullscreen"``, ``"windowed"`` or ``"headless"``.
        size: window size in pixels (width, height); ``None`` for the screen's own.
        frames: folder for a PNG of every slide and page the loop shows (never a visitor's view), or ``None``.
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
        log_folder_where: what chose ``log_folder`` (``"--log-folder"``, or the setting), named
            in the message when it cannot be written.
        screen_from_settings: True when ``screen`` came from ``settings.toml``: a screen that is
            not connected then falls back to the main screen instead of stopping.
        hours: opening hours, or ``None`` to stay open.
        hours_where: where ``hours`` come from, as ``kiosk config`` says it (the settings file and
            line), named when the run starts or stops because the venue is closed.
        closed_note: what the run says once as it starts, when it starts while closed
            (:func:`kiosk.player.hours.closed_at_start`); ``""`` when open.
        wake_minutes: minutes a touch wakes a closed kiosk.
        staff_idle_timeout: seconds without a touch before the staff menu closes itself.
        deck_settle: seconds the deck folder must be still before a change is read
            (:data:`SETTLE_MS`).
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
    log_folder_where: str = LOG_FOLDER_SETTING
    screen_from_settings: bool = False
    hours: OpeningHours | None = None
    hours_where: str = "settings.toml"
    closed_note: str = ""
    wake_minutes: float = 5.0
    staff_idle_timeout: float | None = None
    deck_settle: float = SETTLE_MS / 1000
    updates: Any = None
    #: The visitor counts database (:mod:`kiosk.stats`), or ``None`` to count nothing.
    stats_file: Path | None = None
    #: Days the visitor counts are kept.
    stats_retention_days: int = 400
    #: The folder of the deck chosen to play (``deck`` in ``settings.toml``) when it had errors and
    #: a fallback plays instead: it is watched, and played once fixed (:func:`kiosk.qt.watch.watch_chosen`).
    chosen: Path | None = None
    #: What the staff were told about that fallback (:func:`kiosk.health.report`), cleared once fixed.
    chosen_note: str = ""
    #: Why the deck chosen in ``settings.toml`` was refused at start (its errors, as ``file:line:col: …``
    #: lines, or the one sentence saying no such deck was found), shown at the top of the staff
    #: status page while the fallback plays; empty when the chosen deck plays.
    chosen_refused: list[str] = field(default_factory=list)
    #: The same errors as ``(line, col, message, hint)``, as said on the terminal at start (the
    #: first look of :func:`kiosk.qt.watch.watch_chosen` does not say them again).
    chosen_said: list[tuple] = field(default_factory=list)
    #: The content digest of the deck given to :func:`play` as checked
    #: (:attr:`kiosk.deck.result.LoadResult.content`): files of the deck folder written again
    #: with that content are not played again; ``""`` when not known.
    content: str = ""
    #: The check's warnings and notes of the deck given to :func:`play`, and the SHA-256 (hex) of
    #: its ``deck.yaml`` (:class:`kiosk.deck.result.LoadResult`), for the staff status page (so
    #: it does not check the deck again to know them); ``None`` when not known.
    checked: tuple[list, str] | None = None
    #: The deck folder as it was checked (:func:`kiosk.snapshots.snapshot` taken before the check,
    #: the same after it): the deck watcher starts from it, so that a change made while the kiosk
    #: started is read as soon as the folder is still; ``None`` when not known.
    version: tuple | None = None


__all__ = ["SETTLE_MS", "PlayOptions"]
