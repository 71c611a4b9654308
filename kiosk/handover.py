"""What the start-up of ``kiosk run`` hands to its drawing process (:func:`kiosk.start.main`):
``kiosk run`` in two processes, its start-up in a short-lived child, its drawing in the process
the kiosk was started as.

Everything ``kiosk run`` does before its first frame that is not drawing (the command line, the
settings, the deck library, the check cache, the deck's check, itself in a child of its own:
:mod:`kiosk.qt.checker`) runs in a child forked as the command starts, while the
kiosk's own process loads Qt and the player on the machine's other core. The child hands over
what it found (:class:`Handover`: the checked deck, its folder, the play options, the problems
the staff must see) through a pipe and ends; the kiosk's process plays it. So the process that
draws never holds the command line parser, the settings' and the library's code, or what the
start-up left behind in its heap; and the process systemd or the desktop session started, and
signals, stays the one that plays.

When the start-up refuses (a deck with errors, a flag misused, no display) it says why, as one
process would, and ends with its exit code; the kiosk's process ends with the same code, having
shown nothing. A stop signal during the start-up is held by both: the start-up finishes (its
work is bounded: :mod:`kiosk.qt.checker`'s limits) and the player stops as soon as it runs,
cleanly, as a one-process start did.

Only on Linux, where :func:`os.fork` of a process that has loaded nothing yet is safe and cheap;
elsewhere, or when a child cannot be made, ``kiosk run`` runs in one process as every other
command does. The hand-over is a :mod:`pickle` of the kiosk's own objects through a pipe that
only the two processes hold: nothing from outside the kiosk is ever unpickled.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import outputs, stopsignals
from kiosk.command import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from kiosk.deck.plain import Deck
    from kiosk.deck.result import LoadResult
    from kiosk.player.options import PlayOptions

#: In the start-up process, the pipe's end to write the hand-over to; ``None`` elsewhere.
_pipe: int | None = None
#: True in the start-up process once it has handed its deck over.
_handed = False


@dataclass
class Handover:
    """What the start-up of ``kiosk run`` gives the drawing process.

    Attributes:
        deck: the checked deck to play (:class:`kiosk.deck.plain.Deck`).
        folder: its folder.
        options: how to play it (command line and settings).
        problems: the problems reported for the staff status page (:func:`kiosk.health.report`),
            oldest first; said on the terminal already.
        zone_path: the zone database's search path the checking process found
            (:func:`kiosk.walltime.use_search_path`), or ``None``.
        onto_stdout: the event log is standard output itself (``--log-json /dev/stdout``): the
            kiosk's own lines go to standard error.
        folders: the kiosk's own folders the start-up found (:func:`kiosk.paths.found_folders`).
        codes, pictures: what the deck's check made for the player
            (:attr:`kiosk.deck.result.LoadResult.codes` and ``pictures``), taken by the drawing
            process (:func:`kiosk.qt.pictures.adopt_checked`).
    """

    deck: Deck
    folder: Path
    options: PlayOptions
    problems: list[str] = field(default_factory=list)
    zone_path: tuple[str, ...] | None = None
    onto_stdout: bool = False
    folders: dict[str, str] = field(default_factory=dict)
    codes: dict[str, list[str]] = field(default_factory=dict)
    pictures: list[list] = field(default_factory=list)

    def take(self) -> None:
        """Make this process's state what the start-up's was: the staff's problems, the kiosk's
        folders, and standard output and error that never stop a running kiosk (the zone path is
        taken before, by :func:`taken`)."""
        from kiosk import paths
        from kiosk.diagnostics import STATUS

        paths.take_folders(self.folders)
        STATUS.adopt(self.problems)
        outputs.keep_playing_on_write_faults()


def waiting() -> bool:
    """Whether this is the start-up process of a ``kiosk run`` (:func:`run`), whose checked deck
    goes to the drawing process (:func:`hand_over`) instead of being played here."""
    return _pipe is not None


def hand_over(result: LoadResult, options: PlayOptions) -> int:
    """Give the drawing process the deck to play and how (:class:`Handover`); from the start-up
    process only (:func:`waiting`).

    Args:
        result: the checked deck (``ok``), as :func:`kiosk.qt.checker.check_and_load` gave it
            (``adopt=False``: its codes and pictures go with it).
        options: how to play it.

    Returns:
        0 (the start-up is done); :data:`kiosk.command.EXIT_INVALID` when the drawing process
        has gone (said in one line).
    """
    import pickle

    from kiosk import health, paths, walltime

    global _pipe, _handed
    handing = Handover(result.deck, result.folder, options, health.problems(), walltime.search_path(),
                       outputs.names_standard_output(options.log), paths.found_folders(), result.codes,
                       result.pictures)
    # The zone path goes first, on its own: the deck's and the opening hours' zones are unpickled
    # with it in force (:func:`taken`).
    data = pickle.dumps((handing.zone_path, pickle.dumps(handing, protocol=pickle.HIGHEST_PROTOCOL)),
                        protocol=pickle.HIGHEST_PROTOCOL)
    pipe, _pipe = _pipe, None
    try:
        with open(pipe, "wb") as out:
            out.write(data)
    except OSError as error:
        print(f"kiosk: the kiosk's window process has gone ({outputs.reason(error)}); nothing was played",
              file=sys.stderr)
        return EXIT_INVALID
    stopsignals.drop_held()  # the drawing process holds its own, and its player acts on them
    _handed = True
    return EXIT_OK


def handed() -> bool:
    """Whether this start-up process has handed its deck over (:func:`hand_over`)."""
    return _handed


def listen(pipe: int) -> None:
    """Make this process the start-up of a ``kiosk run`` (:func:`waiting`), whose hand-over goes
    to the pipe's writing end ``pipe`` (a file descriptor; closed once written)."""
    global _pipe
    _pipe = pipe


def received(pipe: int) -> bytes:
    """Everything the start-up wrote to the pipe's reading end ``pipe`` (closed here), once it
    closed its end: a pickled :class:`Handover`, or nothing when it handed nothing over."""
    with open(pipe, "rb") as handed:
        return handed.read()


def taken(data: bytes) -> Handover:
    """The :class:`Handover` in ``data`` (:func:`received`), made this process's own
    (:meth:`Handover.take`).

    Raises:
        Exception: whatever unpickling raises when ``data`` is not a hand-over of this kiosk's
            (a fault of the kiosk's own: the caller writes a crash report).
    """
    import _pickle  # the C unpickler alone: pickle.py (its Python twin, 150 KiB of code) stays unread

    from kiosk import walltime

    zone_path, payload = _pickle.loads(data)
    if zone_path:  # before the zones in the hand-over are read (zoneinfo loads with it)
        walltime.use_search_path(zone_path)
        walltime.zoneinfo_module()
    handing = _pickle.loads(payload)
    if not isinstance(handing, Handover):
        raise TypeError(f"the start-up handed over a {type(handing).__name__}, not a Handover")
    handing.take()
    return handing


__all__ = ["Handover", "hand_over", "handed", "listen", "received", "taken", "waiting"]
