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
    code = _code(payload)
    code.version = qr_version(payload)
    code.make(fit=False)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
