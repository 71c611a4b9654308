"""Memory the drawing process frees goes back to the system (glibc's ``malloc``).

Each cross-fade draws two slides into pictures of the slide area's size (a layer of about 6 MiB at
1920×1080, and Qt's software renderer keeps a second, turned copy of it) and frees them again.
glibc's ``malloc`` raises its threshold for giving blocks their own pages each time such a block
is freed, so after the first fade every later layer came from the heap, and a heap does not
shrink while anything above the freed space is still in use: the kiosk grew by 10 to 20 MiB after
a few slides, memory it never used again. A fixed threshold (:data:`OWN_PAGES_FROM`) keeps every
large block in pages of its own, handed back the moment it is freed.
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
