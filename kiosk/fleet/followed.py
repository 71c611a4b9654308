"""The deck a kiosk follows from ``update_source`` (:class:`Followed`), apart from
:mod:`kiosk.fleet.fetch` so that a kiosk with no ``update_source`` names none without loading
the fetching (HTTP, TLS, signatures, the deck model: about 0.2 s at every start)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Followed:
    """The deck a kiosk follows from ``update_source``, as far as the library tells (:func:`followed`).

    Attributes:
        deck: the id (and folder name in the library) of the deck installed from the source, to
            play when no ``deck`` is set; ``None`` when none is known.
        damaged: when the state file is damaged, one sentence saying so, what the kiosk plays
            instead and until when (for ``kiosk config --check``, ``kiosk.log`` and the staff
            status page); ``None`` when it was read.
        file: the state file (``<library>/.kiosk-updates.json``), when ``damaged`` is set.
        fix: what to do about it: :data:`FIX` for a damaged file (a look writes it again whole);
            "remove lib/.kiosk-updates.json (…)" when a folder, pipe, socket or device has its name
            (never replaced, so no look can mend it).
    """

    #: What to do about a damaged state file.
    FIX = "nothing, if the next look at update_source succeeds (kiosk update makes one now); if it is damaged again, check the disk"

    deck: str | None
    damaged: str | None = None
    file: Path | None = None
    fix: str = FIX
