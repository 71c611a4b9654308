"""Memory the drawing process frees goes back to the system (glibc's ``malloc``).

Each cross-fade makes the incoming slide's layer (a picture of the slide area, about 6 MiB at
1920×1080, and a turned copy of it that Qt's software renderer paints from) and frees the
outgoing slide's. glibc's ``malloc`` raises its threshold for giving blocks pages of their own
each time such a block is freed, so after the first fade later layers came from the heap, which
keeps freed space while anything above it is in use: the kiosk held 10 to 13 MiB more after a
few fades, memory it used again only at the next fade. A fixed threshold (:data:`OWN_PAGES_FROM`)
keeps every large block in pages of its own, handed back the moment it is freed; the price is a
few milliseconds a slide change, the pages of the new layer taken from the system again.
"""

from __future__ import annotations

import ctypes
import sys

#: ``mallopt`` parameters (glibc's ``malloc.h``).
M_MMAP_THRESHOLD = -3

#: Blocks of at least this many bytes get pages of their own (glibc's initial value, 128 KiB,
#: which it then raises up to 32 MiB as large blocks are freed; setting it stops that).
OWN_PAGES_FROM = 128 * 1024


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt  # noqa: B018 - glibc has it; other C libraries may not
    except (OSError, AttributeError):
        return None
    return libc


def return_freed_memory() -> bool:
    """Make large blocks (layers, pictures) go back to the system when freed, from now on.

    Call it once, early (before the window is made). Has effect with glibc only.

    Returns:
        True when glibc took the setting; False elsewhere (another C library, another system).
    """
    libc = _libc()
    if libc is None:
        return False
    return libc.mallopt(M_MMAP_THRESHOLD, OWN_PAGES_FROM) == 1


__all__ = ["OWN_PAGES_FROM", "return_freed_memory"]
