"""The one QR builder: payload in, module matrix out (with its quiet zone).

Codes are made on the machine with the ``qrcode`` library. Facts used (ISO/IEC 18004, the QR
code standard): a 4-module quiet zone on every side; dark modules on
a light ground; error-correction level M (15 % recovery) suits a clean screen. The largest
code, version 40, holds at most 2,331 bytes at level M: a longer payload has no code at all.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import qrcode

#: Light modules around the code, in modules, on every side.
QUIET_ZONE = 4
#: Bytes the largest code (version 40) holds at level M, in byte mode (ISO/IEC 18004, table 7).
MAX_PAYLOAD_BYTES = 2331


#: Matrices made elsewhere (the checking process, :func:`remember`), by payload: the process that
#: draws then never loads the QR library (and the picture library it loads).
_KNOWN: dict[str, tuple[tuple[bool, ...], ...]] = {}
#: Most matrices remembered, and the sides a matrix may have (versions 1 to 40, quiet zone included).
MAX_KNOWN = 512
SIDES = range(21 + 2 * QUIET_ZONE, 177 + 2 * QUIET_ZONE + 1, 4)


class QrTooLong(ValueError):
    """The payload is too long for any QR code (more than version 40 holds at level M)."""


def _code(payload: str) -> qrcode.QRCode:
    import qrcode  # here: the QR library loads with the first code, not with the kiosk
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    return code


@lru_cache(maxsize=256)
def qr_version(payload: str) -> int:
    """The smallest QR version (1–40) that holds ``payload`` at level M.

    Raises:
        QrTooLong: when no version does.
    """
    from qrcode.exceptions import DataOverflowError

    try:
        return _code(payload).best_fit()
    except (DataOverflowError, ValueError):  # qrcode says "Invalid version (was 41 …)"
        raise QrTooLong(f"{len(payload.encode('utf-8'))} bytes is more than any QR code holds "
                        f"(at most {MAX_PAYLOAD_BYTES})") from None


def qr_fits_any(payload: str) -> bool:
    """True when some QR version holds ``payload`` at level M."""
    try:
        qr_version(payload)
    except QrTooLong:
        return False
    return True


def matrix_rows(payload: str) -> list[str]:
    """:func:`qr_matrix` of ``payload`` as text rows, ``"1"`` for a dark module (for :func:`remember`)."""
    return ["".join("1" if dark else "0" for dark in row) for row in qr_matrix(payload)]


def remember(codes: object) -> int:
    """Keep the matrices in ``codes`` (payload -> :func:`matrix_rows`), made by this kiosk in the
    checking process, for :func:`qr_matrix` to answer without the QR library. Anything that is
    not a square of ``0``/``1`` rows of a QR code's side is left out (then drawn here as usual).

    Returns:
        How many were kept.
    """
    kept = 0
    if not isinstance(codes, dict):
        return 0
    for payload, rows in list(codes.items())[:MAX_KNOWN]:
        if isinstance(payload, str) and isinstance(rows, list) and len(rows) in SIDES \
                and all(isinstance(row, str) and len(row) == len(rows) and not row.strip("01") for row in rows):
            _KNOWN[payload] = tuple(tuple(char == "1" for char in row) for row in rows)
            kept += 1
    return kept


@lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code for ``payload`` as rows of modules, ``True`` = dark, quiet zone included.

    Args:
        payload: the text to encode, e.g. ``"tel:+448000121700"``.

    Returns:
        A square tuple of rows; side = code size + 2 × :data:`QUIET_ZONE` modules.
        Bounded cache: at most 64 codes are kept.

    Raises:
        QrTooLong: when the payload is too long for any QR code (the deck check refuses such links).
    """
    if payload in _KNOWN:
        return _KNOWN[payload]
    code = _code(payload)
    code.version = qr_version(payload)
    code.make(fit=False)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
