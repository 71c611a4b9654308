"""BLAKE2b and SHA-256 from Python's own implementations, without loading OpenSSL.

``import hashlib`` loads OpenSSL's ``libcrypto`` (about 3.4 MiB of memory in each process) to
offer its algorithms; the kiosk's drawing process needs only BLAKE2b (the check cache's digest,
:mod:`kiosk.checkcache`) and SHA-256 (a deck file's version, :mod:`kiosk.deck.checked`), which
CPython also builds in (``_blake2``, ``_sha256``/``_sha2``, the code :mod:`hashlib` falls back
on). Same algorithms, same digests; where a Python lacks them, :mod:`hashlib`'s are used.
"""

from __future__ import annotations

from typing import Any


def blake2b(data: bytes = b"", *, digest_size: int = 64) -> Any:
    """A BLAKE2b hash object (RFC 7693), as :func:`hashlib.blake2b` gives."""
    try:
        from _blake2 import blake2b as make
    except ImportError:  # a Python built without it
        from hashlib import blake2b as make
    return make(data, digest_size=digest_size)


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object (FIPS 180-4), as :func:`hashlib.sha256` gives."""
    try:
        from _sha2 import sha256 as make  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256 as make  # Python 3.11
        except ImportError:
            from hashlib import sha256 as make
    return make(data)


__all__ = ["blake2b", "sha256"]
