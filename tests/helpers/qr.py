"""QR codes read back from the screen (zxing-cpp), dark on light only, as a phone reads them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import zxingcpp

#: What the bundled deck's helpline codes hold.
HELPLINE_PAYLOADS = {"tel:+448000121700", "https://www.modernslaveryhelpline.org/"}


@dataclass
class Code:
    """One QR code found in a screenshot: its text and the symbol's box in pixels (no quiet zone)."""

    text: str
    version: int
    left: int
    top: int
    right: int
    bottom: int

    @property
    def modules(self) -> int:
        return 17 + 4 * self.version

    @property
    def module(self) -> float:
        return (self.right - self.left) / self.modules


def read_codes(gray: np.ndarray) -> list[Code]:
    """Every QR code in a screenshot, read dark-on-light only (no inverted codes)."""
    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    codes = []
    for barcode in found:
        p = barcode.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
        codes.append(Code(barcode.text, int(barcode.extra["Version"]), min(xs), min(ys), max(xs), max(ys)))
    del found
    return codes


def payloads_on_screen(player) -> set[str]:
    """The texts of the codes on ``player``'s screen (a :class:`helpers.gui.Player`), each read once."""
    codes = read_codes(player.grab())
    texts = [c.text for c in codes]
    assert len(texts) == len(set(texts)), f"a code was read twice or two codes are the same: {texts}"
    return set(texts)
