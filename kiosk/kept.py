"""The files the kiosk keeps under fixed names in a folder a person named, and what is in their way.

Three commands keep a file of their own inside a folder given in the settings or on the command
line, under a name they choose:

==========================  ==================================  ==============================
file                        folder                              kept by
==========================  ==================================  ==============================
``.install.lock``           the deck library                    ``kiosk install`` (a lock)
``.kiosk-updates.lock``     the deck library                    ``kiosk update`` (a lock)
``.kiosk-updates.json``     the deck library                    ``kiosk update`` (its state)
``.kiosk-publish.lock``     the published folder (``--to``)     ``kiosk publish`` (a lock)
``<kiosk_name>.json``       ``status_folder``                   the status record
==========================  ==================================  ==============================

A folder, named pipe, socket or device by one of those names (a sync tool's conflict copy, a
mistaken ``mkdir``) is never opened, written into nor replaced: it is refused with one sentence
naming it, what it is, and how to fix it (:class:`InTheWay`), never with a reason about the folder
that holds it. A lock file that cannot be made there (a folder of the system's such as ``/proc``
takes no new files) is refused at once with the system's reason (:func:`ready_lock`): ``filelock``
would take that for a lock held by another process and wait for it in vain.

Plain Python (no Qt).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kiosk import outputs


class InTheWay(Exception):
    """A file the kiosk keeps in a folder (:func:`in_the_way`) has its name taken by something it
    never opens nor replaces; ``str()`` is the whole sentence: what is there, then the fix.

    Attributes:
        path: the file's path.
        what: what is there instead ("a folder", "a named pipe (FIFO)", "a symbolic link").
        problem: ``"lib/.install.lock is a folder, not the plain lock file kiosk install keeps
            there"``.
        fix: ``"remove lib/.install.lock (kiosk install makes its lock file again)"``.
    """

    def __init__(self, path: Path | str, what: str, role: str, remade: str) -> None:
        self.path, self.what = Path(path), what
        self.problem = f"{path} is {what}, not {role}"
        self.fix = f"remove {path}" + (f" ({remade})" if remade else "")
        super().__init__(f"{self.problem} — {self.fix}")

    def then(self, outcome: str) -> str:
        """The sentence with what happened because of it (``outcome``) before the fix:
        ``"<problem>; nothing was installed — <fix>"``."""
        return f"{self.problem}; {outcome} — {self.fix}"


def in_the_way(path: Path | str, role: str, remade: str, *, link_replaced: bool = False) -> InTheWay | None:
    """What takes the name of a file the kiosk keeps (``path``), when that is not a plain file.

    Args:
        path: the kept file (``lib/.install.lock``).
        role: what the file is, after "not": ``"the plain lock file kiosk install keeps there"``.
        remade: what happens once it is removed, for the fix: ``"kiosk install makes its lock file
            again"`` (``""``: nothing said).
        link_replaced: a symbolic link there is no fault (the file is written beside it and renamed
            over the link itself, never written through: :func:`kiosk.fleet.feed.write_atomic`).

    Returns:
        An :class:`InTheWay` for a folder, named pipe, socket, device or (unless ``link_replaced``)
        symbolic link there, looked at without following a link; ``None`` for a plain file, for
        nothing there, and when the path cannot be looked at (the caller's own open says why).
        Never raises.
    """
    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or (link_replaced and stat.S_ISLNK(mode)):
        return None
    return InTheWay(path, outputs.kind_of(path, mode), role, remade)


def ready_lock(path: Path, keeper: str) -> None:
    """Make the lock file ``path`` ready to be taken by ``filelock`` for ``keeper`` (the command:
    ``"kiosk install"``): what is in the way is refused, and a missing lock file is made now, so
    that a folder that takes no new files (``/proc``: ``ENOENT``), or one the kiosk's user may not
    write, is said at once rather than waited on as a lock held by another process.

    The lock file is made empty, without following a link, with mode 0666 less the umask, as
    ``filelock`` makes it; it stays, as ``filelock``'s does, or is removed by the caller.

    Args:
        path: the lock file.
        keeper: the command that keeps it, for the message.

    Raises:
        InTheWay: a folder, named pipe, socket, device or symbolic link is there.
        OSError: the lock file cannot be made (its ``filename`` is ``path``).
    """
    found = in_the_way(path, f"the plain lock file {keeper} keeps there", f"{keeper} makes its lock file again")
    if found is not None:
        raise found
    if os.path.lexists(path):
        return
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | \
        getattr(os, "O_NONBLOCK", 0)
    try:
        os.close(os.open(path, flags, 0o666))
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)
        found = in_the_way(path, f"the plain lock file {keeper} keeps there", f"{keeper} makes its lock file again")
        if found is not None:  # appeared meanwhile
            raise found from None
        raise


__all__ = ["InTheWay", "in_the_way", "ready_lock"]
