"""The one QR builder: payload in, module matrix out (with its quiet zone).

Codes are made on the machine with the ``qrcode`` library. Facts used (ISO/IEC 18004,
summarised in ``../shared/facts.md``): a 4-module quiet zone on every side; dark modules on
a light ground; error-correction level M (15 % recovery) suits a clean screen.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

#: Light modules around the code, in modules, on every side.
QUIET_ZONE = 4


@lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code for ``payload`` as rows of modules, ``True`` = dark, quiet zone included.

    Args:
        payload: the text to encode, e.g. ``"tel:+448000121700"``.

    Returns:
        A square tuple of rows; side = code size + 2 × :data:`QUIET_ZONE` modules.
        Bounded cache: at most 64 codes are kept.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
