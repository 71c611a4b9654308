"""Hot swap: notice when the deck folder changes, wait until it is settled, check it, swap it in.

Why :class:`~PySide6.QtCore.QFileSystemWatcher` and not the ``watchdog`` library: Qt already
runs the event loop and the watcher delivers its signals on it, so there is no thread and no
cross-thread hand-over, and no extra dependency; on Linux it uses inotify, elsewhere Qt's own
back end (or polling). Its limits are known and handled here:

- A watch on a *file* follows the file's inode, so an editor's atomic save (write a temporary
  file, ``os.replace()`` it onto ``deck.yaml``) or a delete and re-create leaves it watching
  nothing. So the deck *folder* is watched too (entries added, removed or renamed), and its
  *parent* (the whole folder deleted, renamed or replaced), and every watch is set again
  after each change.
- A watch on a folder does not report writes inside an existing file (a sync tool writing in
  pieces, a truncate), so each file of the deck is watched as well.

Nothing is read while the files are still moving: after a change, the watcher waits until
the folder has been still for :data:`SETTLE_MS` (names, sizes, modification times and inodes
of every file unchanged between two looks that far apart). Only then is the deck checked, in a
child process with its own limits (:func:`kiosk.qt.checker.check_and_load`: a hostile deck never
reaches the process that draws), waited for on a reading thread (:mod:`kiosk.qt.background`), so
the screen goes on drawing however long the check takes; the result comes back to the Qt thread.
Two seconds, not less: a copy from a slow USB stick or a sync
tool can stall for a second or more between pieces, and a piece that ends on a whole slide is
a valid, shorter deck.

No stillness time tells a pause from the end of a copy, so a settled version that looks cut
short is held back for a second look (:func:`shrink_reason`): when it would drop the helpline
(every deck's way to get help) or lose more than half the slides of the deck playing, the
watcher logs ``deck_waiting`` with the reason and takes it only after :data:`HOLD_MS` more of
no change. A copy that resumes in that time replaces it unseen; a deck cut short on purpose
plays after the wait. (The alternative, a marker file written last, would need every
coordinator's tool to write it.)

A folder or ``deck.yaml`` that has gone missing is given :data:`MISSING_GRACE_MS` to come
back (a sync tool or an editor replacing it) before it is reported. A deck with errors is
never shown: the kiosk keeps its last good deck, and the problems go to the event log
(``deck_rejected``), the terminal and ``Backend.deckProblems``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.deck.problems import Problem
from kiosk.deck.result import LoadResult
from kiosk.diagnostics import AS_IS, ON_STDERR
from kiosk.paths import DECK_FILE
from kiosk.player.options import SETTLE_MS
from kiosk.qt.background import Reader
from kiosk.qt.timers import clamp_ms
from kiosk.snapshots import IGNORED_NAMES as IGNORED_NAMES
from kiosk.snapshots import IGNORED_SUFFIXES as IGNORED_SUFFIXES
from kiosk.snapshots import UNCHECKED as _UNCHECKED
from kiosk.snapshots import Snapshot, checked_version, ignored, snapshot
from kiosk.userfile import kind_name
from kiosk.words import plural

if TYPE_CHECKING:
    from kiosk.deck.model import Deck

_log = logging.getLogger("kiosk.watch")

#: Further milliseconds of no change before a version that looks cut short is taken (see
#: :func:`shrink_reason`).
HOLD_MS = 10000
#: Milliseconds a missing deck folder or ``deck.yaml`` may take to come back before it is reported.
MISSING_GRACE_MS = 3000
#: Most files of one deck that get a watch of their own (the folder watch and the settle check
#: still cover the rest).
MAX_WATCHED_FILES = 256


def check_and_load(folder: Path) -> LoadResult:
    """:func:`kiosk.qt.checker.check_and_load`, its module read when a deck folder first changes."""
    from kiosk.qt.checker import check_and_load as checked

    return checked(folder)


def read_version(folder: Path, check: Callable[[Path], LoadResult] | None = None,
                 skip: frozenset[str] = frozenset()) -> tuple[LoadResult, Snapshot | None]:
    """Check and read the deck in ``folder`` and say which version was read: its
    :func:`snapshot` taken before the read, when the folder was the same after it;
    :data:`_UNCHECKED` when it changed meanwhile (nobody knows which version was read). Hand the
    version with the deck to the folder's watcher (:meth:`DeckWatcher.take`), so that it neither
    reads that version again nor misses one written after it.

    Args:
        folder: the deck folder.
        check: ``check(folder) -> LoadResult``; ``None`` for
            :func:`kiosk.qt.checker.check_and_load` (in a child process).
        skip: as for :func:`snapshot` (the watcher's :attr:`DeckWatcher.skip`).
    """
    return checked_version(folder, check or check_and_load, skip)


def shrink_reason(playing: Deck | None, new: Deck) -> str | None:
    """Why ``new`` looks like a deck cut short by a copy still under way, or ``None``.

    Args:
        playing: the deck on screen (``None``: nothing to compare with).
        new: the settled new version, with no errors.

    Returns:
        ``"the helpline slide is missing"`` when ``playing`` has a helpline slide and ``new``
        has none; ``"N of M slides"`` when ``new`` has fewer than half the slides of
        ``playing``; otherwise ``None``.
    """
    if playing is None:
        return None
    if any(s.type == "helpline" for s in playing.slides) and not any(s.type == "helpline" for s in new.slides):
        return "the helpline slide is missing"
    if 2 * len(new.slides) < len(playing.slides):
        return f"{len(new.slides)} of {plural(len(playing.slides), 'slide')}"
    return None


def describe_change(old: Snapshot | None, new: Snapshot | None, folder: Path | None = None) -> str:
    """Name what differs between two snapshots: "market.png changed", "a.png added, b.png removed",
    "deck.yaml replaced by a folder".

    Args:
        old: the folder as last read (``None``: it did not exist).
        new: the folder now.
        folder: the deck folder, to look at what now stands where a file was (a folder, a named
            pipe, a socket, a device: "replaced by …", not "removed" or "changed"); ``None`` to
            compare the snapshots only.

    Returns:
        A short phrase for the terminal; at most three names, then "and N more".
    """
    if old == _UNCHECKED:  # what was read is not known: only that the folder moved meanwhile
        return "the deck folder changed while it was being read"
    before = {name: rest for name, *rest in old or ()}
    after = {name: rest for name, *rest in new or ()}
    locked = {name for name, size, *_ in new or () if size == -1}  # see snapshot: cannot be read
    if locked:  # what it held is hidden now, not removed
        words = ["the deck folder" if name == "." else name for name in sorted(locked)]
        return ", ".join(words[:3]) + (f" and {len(words) - 3} more" if len(words) > 3 else "") + " cannot be read now"
    opened = {name for name, rest in before.items() if rest[0] == -1} - after.keys()
    replaced = {name: what for name in sorted(before.keys() - opened)
                if (what := _no_longer_a_file(folder, name)) is not None} if folder is not None else {}
    inside = tuple(f"{name}{os.sep}" for name in replaced)  # what a folder put in a file's place holds
    words = [f"{'the deck folder' if name == '.' else name} can be read again" for name in sorted(opened)]
    words += [f"{name} replaced by {what}" for name, what in replaced.items()]
    words += [f"{name} changed" for name in sorted(before.keys() & after.keys() - replaced.keys())
              if before[name] != after[name]]
    for name in sorted(after.keys() - before.keys()):
        if not name.startswith(inside):
            what = _no_longer_a_file(folder, name) if folder is not None else None
            words.append(f"{name} added" if what is None else f"{name} is {what} now")
    words += [f"{name} removed" for name in sorted(before.keys() - after.keys() - opened - replaced.keys())]
    if not words:
        return "the deck folder changed"
    if len(words) > 3:
        return ", ".join(words[:3]) + f" and {len(words) - 3} more"
    return ", ".join(words)


def _no_longer_a_file(folder: Path, name: str) -> str | None:
    """What now stands at ``name`` in ``folder`` when it is no file nor link ("a folder", "a named
    pipe (FIFO)", "a socket", "a device": :func:`kiosk.userfile.kind_name`), else ``None``. Nothing
    is opened; links are not followed."""
    try:
        return kind_name(os.lstat(folder / name).st_mode)
    except (OSError, ValueError):
        return None


def unreadable(folder: Path, error: BaseException) -> LoadResult:
    """The result for a version whose reading failed unexpectedly: rejected, with one problem that
    says so (the kiosk keeps its last good deck and logs ``deck_rejected``)."""
    file = folder / DECK_FILE
    problem = Problem(str(file), 1, 1, f"the deck could not be checked ({type(error).__name__}: {error})",
                      "check the file with kiosk validate")
    return LoadResult(folder=folder, file=file, problems=[problem])


def folder_removed(folder: Path) -> str:
    """The one line said when the deck folder itself is gone."""
    return (f"the deck folder {folder} was removed — the kiosk keeps playing the last good version; "
            "put the folder back to update it")


class DeckWatcher(QObject):
    """Watches one deck folder and reports each settled new version of it, checked.

    Args:
        folder: the deck folder being played.
        settle_ms: how long the folder must be still before it is read, in milliseconds.
        missing_grace_ms: how long a missing folder or ``deck.yaml`` may take to come back, in ms.
        skip: files or folders that are never part of the deck (the kiosk's own output).
        hold_ms: further stillness asked of a version that looks cut short, in ms (see
            :func:`shrink_reason`).
        playing: returns the deck on screen, to compare with; ``None`` compares with the last
            version this watcher loaded.
        content: the content digest of the version on screen (:attr:`LoadResult.content`), when
            it is this folder's; ``""`` when not known.
        version: the folder's :func:`kiosk.snapshots.snapshot` as the version on screen was
            checked (``kiosk run``'s start), or ``None`` to take the folder as it is now for that
            version. When the folder holds something else now (it changed while the kiosk
            started), that is a change like any other: read once it is still.
        parent: the owning QObject.

    Signals:
        changed: something in or around the folder changed (before settling).
        waiting(str): a settled version looks cut short (the reason); it is held for ``hold_ms``.
        loaded(LoadResult): a new version settled and has no errors.
        rejected(LoadResult): a new version settled and has errors (or ``deck.yaml`` or the
            folder is gone).
        unchanged(LoadResult): files were written (touched, copied again, a folder put back, an
            edit undone) but the folder holds the very content on screen: nothing to play again.
        rejected_again(LoadResult): files were written again with the very content of the version
            rejected last, and it has the same problems: they are logged and listed already, so
            ``rejected`` is not emitted again (a broken file saved twice is one ``deck_rejected``).

    Attributes:
        change: after ``loaded`` or ``rejected``, what changed (see :func:`describe_change`).
    """

    changed = Signal()
    waiting = Signal(str)
    loaded = Signal(object)
    rejected = Signal(object)
    unchanged = Signal(object)
    rejected_again = Signal(object)

    def __init__(self, folder: Path, settle_ms: int = SETTLE_MS, missing_grace_ms: int = MISSING_GRACE_MS,
                 skip: Iterable[Path | None] = (), hold_ms: int = HOLD_MS,
                 playing: Callable[[], Deck | None] | None = None, content: str = "",
                 version: Snapshot | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The content digest of the version given to the player (``""``: not known).
        self._given_content = content
        self.folder = Path(os.path.abspath(folder))
        #: The absolute paths left out of every snapshot (see :func:`read_version`).
        self.skip = frozenset(os.path.abspath(path) for path in skip if path is not None)
        self._settle_ms = clamp_ms(settle_ms)
        self._hold_ms = clamp_ms(hold_ms)
        self._playing = playing or (lambda: self._loaded_deck)
        self._loaded_deck: Deck | None = None
        self._held: Snapshot | None = None  # a version that looked cut short, waiting out hold_ms
        #: The content and problems of the version rejected last (:func:`_rejection`), until a
        #: version is played or found unchanged; ``None`` when none is on record.
        self._rejected: tuple | None = None
        self.change = ""
        #: After ``rejected``: True when the deck folder itself is gone.
        self.gone = False
        self._missing_rounds = max(1, -(-missing_grace_ms // max(1, settle_ms)))
        self._missing = 0
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_change)
        self._watcher.fileChanged.connect(self._on_change)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._reader = Reader(self)
        #: How a settled version is checked and read, on the reading thread: ``check(folder) ->
        #: LoadResult``; ``None`` for :func:`kiosk.qt.checker.check_and_load` (in a child process).
        self.check: Callable[[Path], LoadResult] | None = None
        self._generation = 0  # bumped by retarget() and stop(): a read started before is dropped
        self._last = snapshot(self.folder, skip=self.skip)
        #: The folder as last read (the version on screen, or the last one rejected).
        self._read = self._last if version is None else version
        #: The version of the folder last given to the player, by this watcher or handed over
        #: (:meth:`take`): the one on screen, or waiting for the next slide change.
        self._given: Snapshot | None = self._read
        self._rewatch()
        if self._last != self._read:  # changed since it was checked, as the kiosk started
            self._timer.start(self._settle_ms)

    def _rewatch(self) -> None:
        """Watch the parent, the folder and each file in it afresh (watches follow inodes)."""
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        paths = [str(self.folder.parent)]
        if os.path.isdir(self.folder):
            paths.append(str(self.folder))
            for relative, *_ in (self._last or ())[:MAX_WATCHED_FILES]:
                paths.append(str(self.folder / relative))
                directory = os.path.dirname(relative)
                if directory:
                    paths.append(str(self.folder / directory))
        # One the kiosk may not read cannot be watched (its parent's watch sees it made readable).
        present = [p for p in dict.fromkeys(paths) if os.path.exists(p) and os.access(p, os.R_OK)]
        if present:
            self._watcher.addPaths(present)

    def _on_change(self, _path: str = "") -> None:
        self._last = snapshot(self.folder, skip=self.skip)
        self._rewatch()
        self.changed.emit()
        self._timer.start(self._settle_ms)

    def _on_timer(self) -> None:
        if self._reader.running:  # a version is being read: look again once it is done
            self._timer.start(self._settle_ms)
            return
        now = snapshot(self.folder, skip=self.skip)
        if now != self._last:  # still being written: wait for another still spell
            self._last = now
            self._rewatch()
            self._timer.start(self._settle_ms)
            return
        if now == self._read:  # settled back where it was (or a neighbour of the folder changed)
            self._missing = 0
            return
        if now is None or not any(name == DECK_FILE for name, *_ in now):
            self._missing += 1
            if self._missing < self._missing_rounds:
                self._timer.start(self._settle_ms)
                return
        self._missing = 0
        folder, skip, generation = self.folder, self.skip, self._generation

        check = self.check or check_and_load

        def read() -> tuple[LoadResult, Snapshot | None]:
            return check(folder), snapshot(folder, skip=skip)

        self._reader.run(read, lambda value, error: self._on_read(generation, now, value, error),
                         name="kiosk-deck-watch")

    def _on_read(self, generation: int, now: Snapshot | None, value: tuple[LoadResult, Snapshot | None] | None,
                 error: BaseException | None) -> None:
        """A version read on the reading thread (see :mod:`kiosk.qt.background`), back on the Qt thread."""
        if generation != self._generation:  # retargeted or stopped meanwhile: not this folder's news
            return
        if error is not None:
            result, after = unreadable(self.folder, error), now
        else:
            result, after = value
        if after != now:  # it changed while being read: read it again once still
            self._last = after
            self._timer.start(self._settle_ms)
            return
        if not result.ok and now is not None and self._rejected is not None and _rejection(result) == self._rejected:
            self._held = None  # the broken version on record, saved again: said already
            self.change = describe_change(self._read, now, self.folder)
            self._read = now
            self.rejected_again.emit(result)
            return
        if result.ok and result.content and result.content == self._given_content:
            self._rejected = None
            self._held = None  # the files changed, not the deck: it is the version on screen
            self.change = describe_change(self._read, now, self.folder)
            self.gone = False
            self._read = self._given = now
            self.unchanged.emit(result)
            return
        if result.ok and now != self._held:
            reason = shrink_reason(self._playing(), result.deck)
            if reason:  # maybe a copy that paused: take it only if it stays like this
                self._held = now
                self.waiting.emit(reason)
                self._timer.start(self._hold_ms)
                return
        self._held = None
        self.change = describe_change(self._read, now, self.folder)
        self.gone = now is None
        self._read = now
        if result.ok:
            self._rejected = None
            self._loaded_deck, self._given, self._given_content = result.deck, now, result.content
            self.loaded.emit(result)
        else:
            self._rejected = _rejection(result) if now is not None else None
            if now is None:  # the folder itself: one plain message, no file position
                result.problems[:] = [Problem(str(self.folder), 0, 0, folder_removed(self.folder))]
            elif not result.problems:
                result.problems.append(Problem(str(result.file), 0, 0, "the deck file is missing",
                                               f"put {DECK_FILE} back in {self.folder}"))
            self.rejected.emit(result)

    def retarget(self, folder: Path) -> None:
        """Watch another deck folder from now on (the staff menu switched decks), its files as they
        are now taken as the version on screen."""
        self._follow(folder, None, None, "")
        self._read = self._given = self._last  # its files as they are now

    def take(self, folder: Path, deck: Deck, version: Snapshot | None, content: str = "") -> bool:
        """A version of ``folder`` read elsewhere (:func:`read_version`: a published update just
        installed) goes to the player: from now on this watcher watches ``folder`` and takes that
        version as read. A settle or read of the folder under way is dropped; a version written
        after ``version`` is loaded once still, as any change.

        Args:
            folder: the deck folder read.
            deck: the deck read from it.
            version: the version read, as :func:`read_version` gives it.
            content: its content digest (:attr:`LoadResult.content`), ``""`` when not known.

        Returns:
            False when this watcher has already given that very version, or one of the same
            content, to the player (it must not be swapped in again: it would play from its
            first slide and log a second ``deck_reloaded``); True otherwise (the caller gives it
            to the player).
        """
        folder = Path(os.path.abspath(folder))
        known = version is not None and version != _UNCHECKED
        if folder == self.folder and known and version == self._given:
            return False
        given = folder == self.folder and bool(content) and content == self._given_content
        self._follow(folder, deck, version, content)  # its files as read, from now on
        if self._last != self._read:  # changed since it was read: read the newer version once still
            self._timer.start(self._settle_ms)
        return not given

    def _follow(self, folder: Path, deck: Deck | None, version: Snapshot | None, content: str) -> None:
        """Watch ``folder`` from now on, ``version`` (with ``deck`` and its ``content`` digest,
        when known) the version on screen."""
        self._given_content = content
        self._timer.stop()
        self._generation += 1
        self.folder = Path(os.path.abspath(folder))
        self._missing = 0
        self._held, self._loaded_deck, self._rejected = None, deck, None
        self._read = self._given = version
        self._last = snapshot(self.folder, skip=self.skip)
        self._rewatch()

    def check_now(self) -> None:
        """Check the folder once it is still, even if it has not changed since this watcher
        started (a version written before the watch began is not missed)."""
        self._read = _UNCHECKED
        self._timer.start(0)

    @property
    def given(self) -> Snapshot | None:
        """The version of :attr:`folder` this watcher last gave the player (as :func:`read_version`
        gives versions: what :meth:`take` takes), or the one it started from; ``None`` when the
        folder was not there."""
        return self._given

    @property
    def busy(self) -> bool:
        """True while a change is settling (the folder will be read again when it is still) or a
        version is being read."""
        return self._timer.isActive() or self._reader.running > 0

    def stop(self) -> None:
        """Stop watching (a version being read is then dropped)."""
        self._timer.stop()
        self._generation += 1
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)


def _rejection(result: LoadResult) -> tuple | None:
    """What makes a rejected version the same as another: its content digest and every problem
    said of it (a check that failed for want of time or memory says so, and is not the same as
    one that found the deck's errors); ``None`` when its content is not known (never the same)."""
    if not result.content:
        return None
    return result.content, tuple((p.line, p.col, p.severity, p.message, p.hint) for p in result.problems)


def log_problems(problems) -> None:
    """Log a checked deck's ``problems`` (:class:`kiosk.deck.problems.Problem`), one line each:
    errors and warnings at WARNING, printed on stderr; review notes (``kiosk validate``'s notes,
    for the deck's editors: not problems) at INFO in the log only, with one line on stderr saying
    how many there are, as ``kiosk run`` says them at start."""
    notes = [problem for problem in problems if problem.severity == "note"]
    for problem in problems:
        if problem.severity == "note":
            _log.info("%s", problem)
        else:
            _log.warning("%s", problem, extra=AS_IS)
    if notes:
        _log.info("%s: %s (kiosk validate lists them)", notes[0].file, plural(len(notes), "note"), extra=ON_STDERR)


def watch_deck(backend, folder: Path, settle_ms: int = SETTLE_MS, skip: Iterable[Path | None] = (),
               hold_ms: int = HOLD_MS, content: str = "", version: Snapshot | None = None) -> DeckWatcher:
    """Keep ``backend`` playing the latest good version of the deck in ``folder``.

    A new version with no errors is swapped in at the next slide change
    (:meth:`kiosk.qt.backend.Backend.replace_deck`); one with errors is never shown: its
    problems are printed, logged as ``deck_rejected`` and listed in ``backend.deckProblems``.
    A version that looks cut short is logged as ``deck_waiting`` (with ``reason``) and held
    back for ``hold_ms`` more (see :func:`shrink_reason`). Files written again with the content
    of the version on screen (a touch, a copy of the same files, a folder put back, an edit with
    errors undone) are not played again: the loop goes on, and problems listed are cleared.

    Args:
        backend: the player's :class:`kiosk.qt.backend.Backend`.
        folder: the deck folder it plays.
        settle_ms: see :data:`SETTLE_MS`.
        skip: the kiosk's own output (frames folder, event log), never taken for a change.
        hold_ms: see :data:`HOLD_MS`.
        content: the content digest of the deck on screen as checked
            (:attr:`kiosk.deck.result.LoadResult.content`), ``""`` when not known.
        version: the folder as it was checked (see :class:`DeckWatcher`), or ``None``.

    Returns:
        The watcher (a child of ``backend``).
    """
    watcher = DeckWatcher(folder, settle_ms=settle_ms, skip=skip, hold_ms=hold_ms,
                          playing=lambda: backend.deck, content=content, version=version, parent=backend)

    def on_waiting(reason: str) -> None:
        seconds = hold_ms / 1000
        _log.info("%s looks cut short (%s); waiting %g s more in case it is still being copied",
                  watcher.folder, reason, seconds, extra=ON_STDERR)
        backend.note_deck_waiting(reason, seconds)

    def on_loaded(result: LoadResult) -> None:
        log_problems(result.problems)
        if backend.plays(result.content, result.folder):  # an edit undone before it played: nothing new
            _log.info("%s, back to the deck playing: it plays on", watcher.change, extra=ON_STDERR)
        else:
            _log.info("%s; the new version plays from the next slide", watcher.change, extra=ON_STDERR)
        backend.replace_deck(result.deck, result.folder, result.content)

    def on_unchanged(result: LoadResult) -> None:
        _log.info("%s, but the deck is the same as the one playing: it plays on", watcher.change, extra=ON_STDERR)
        backend.keep_deck()

    def on_rejected(result: LoadResult) -> None:
        if watcher.gone:
            lines = [folder_removed(watcher.folder)]
            _log.warning("%s", lines[0], extra=ON_STDERR)
        else:
            lines = [str(problem) for problem in result.problems]
            log_problems(result.problems)
            _log.warning("%s, but %s has errors; still playing the last good version (kiosk validate shows "
                         "them all)", watcher.change, result.file, extra=ON_STDERR)
        backend.reject_deck(lines)

    def on_deck_changed() -> None:  # another deck chosen (staff menu): follow it
        if Path(os.path.abspath(backend.folder)) != watcher.folder:
            watcher.retarget(backend.folder)

    watcher.waiting.connect(on_waiting)
    watcher.loaded.connect(on_loaded)
    watcher.unchanged.connect(on_unchanged)
    watcher.rejected.connect(on_rejected)
    backend.deckChanged.connect(on_deck_changed)
    return watcher


def watch_chosen(backend, folder: Path, note: str = "", settle_ms: int = SETTLE_MS,
                 skip: Iterable[Path | None] = (), hold_ms: int = HOLD_MS,
                 playing: DeckWatcher | None = None, said: Iterable[tuple] = ()) -> DeckWatcher:
    """While ``backend`` plays a fallback because the deck chosen for it has errors, follow the
    chosen deck's folder and switch to it once a version with no errors is there.

    The folder is watched as :func:`watch_deck` watches the playing one (the same settling, the
    same check in a child process); it is checked once at the start too, so a fix made while the
    kiosk was starting is not missed. Each version with errors is logged as ``deck_rejected``
    (with ``file``, the deck file, and ``fallback``, the folder still playing) and printed; the
    fallback keeps playing. A version with no errors is swapped in from the next slide change
    (:meth:`kiosk.qt.backend.Backend.replace_deck`, logged ``deck_reloaded``), then
    ``deck_recovered`` is logged, ``note`` is taken off the staff status and the watch ends (the
    playing deck's own watcher follows it from then on). When another deck starts playing (the
    staff menu's *Switch deck*, a fleet update of the chosen deck), the watch ends too.

    Args:
        backend: the player's :class:`kiosk.qt.backend.Backend`, playing the fallback.
        folder: the chosen deck's folder (it may not exist yet).
        note: the text reported to the staff about the fallback (:func:`kiosk.health.report`),
            forgotten once the chosen deck plays; ``""`` for none.
        settle_ms: see :data:`SETTLE_MS`.
        skip: the kiosk's own output (frames folder, event log), never taken for a change.
        hold_ms: see :data:`HOLD_MS`.
        playing: the watcher of the deck playing (:func:`watch_deck`), which takes the fixed
            version as read here (:meth:`DeckWatcher.take`) and follows the chosen folder from
            that version on, so an edit made after the read and before the swap still plays (this
            watcher stops watching the folder then; ``deck_recovered`` is still logged at the swap).
        said: the errors already said of the chosen deck as ``kiosk run`` started, as
            ``(line, col, message, hint)``: the first look at the folder, which finds them again
            when nothing changed, logs ``deck_rejected`` without saying them twice on the terminal.

    Returns:
        The watcher (a child of ``backend``).
    """
    from kiosk import health

    fallback = Path(os.path.abspath(backend.folder))
    # Compared with nothing: a shorter chosen deck is not a cut-short version of the fallback.
    watcher = DeckWatcher(folder, settle_ms=settle_ms, skip=skip, hold_ms=hold_ms, playing=lambda: None,
                          parent=backend)

    def on_loaded(result: LoadResult) -> None:
        log_problems(result.problems)
        if playing is not None:
            given = playing.take(result.folder, result.deck, watcher.given, result.content)
            watcher.stop()  # the playing deck's watcher follows the folder from the version read
            if not given:
                return  # it gave the player this very version already
        _log.info("%s has no errors now; it plays from the next slide instead of the fallback %s",
                  result.file, fallback, extra=ON_STDERR)
        backend.replace_deck(result.deck, result.folder, result.content)

    unsaid = list(said)  # the errors said at start, until the first look

    def on_rejected(result: LoadResult) -> None:
        nonlocal unsaid
        known, unsaid = unsaid, []
        if watcher.gone:
            lines = [f"the deck folder {watcher.folder} is not there"]
            _log.warning("%s; still playing %s instead", lines[0], fallback, extra=ON_STDERR)
        else:
            lines = [str(problem) for problem in result.problems]
            errors = [(p.line, p.col, p.message, p.hint) for p in result.problems if p.severity == "error"]
            if not known or errors != known:  # as found at start, just said: logged only
                log_problems(result.problems)
                _log.warning("%s still has errors (kiosk validate shows them all); still playing %s instead",
                             result.file, fallback, extra=ON_STDERR)
        backend.note_chosen_rejected(result.file, lines, fallback)

    def on_deck_changed() -> None:
        playing = os.path.realpath(backend.folder)
        if playing == os.path.realpath(fallback):  # a new version of the fallback itself: keep watching
            return
        watcher.stop()
        if playing == os.path.realpath(watcher.folder):
            backend.note_chosen_recovered(Path(backend.folder))
            if note:
                health.resolved(note)
        backend.deckChanged.disconnect(on_deck_changed)

    watcher.loaded.connect(on_loaded)
    watcher.rejected.connect(on_rejected)
    backend.deckChanged.connect(on_deck_changed)
    watcher.check_now()
    return watcher


__all__ = ["DeckWatcher", "HOLD_MS", "MISSING_GRACE_MS", "SETTLE_MS", "describe_change", "folder_removed", "log_problems",
           "ignored", "read_version", "shrink_reason", "snapshot", "watch_chosen", "watch_deck"]
