"""Display choices for visitors who need them: larger text and a high-contrast theme.

Plain Python (no Qt): the player reads these values; tests check the theme's contrast.
"""

from __future__ import annotations

from kiosk.deck.plain import theme

#: How much larger text gets with the visitor's "Larger text" control. Text still shrinks to fit
#: its box, never below the smallest readable size.
LARGE_TEXT_SCALE = 1.3

#: Black, white and yellow: every pair the player draws reaches WCAG 2.2 AAA (7:1, 1.4.6);
#: white on black is 21:1, yellow (#ffff00) on black 19.6:1.
HIGH_CONTRAST = theme(background="#000000", surface="#000000", text="#ffffff", muted="#ffffff",
                      accent="#ffff00", accent_text="#000000")

#: Contrast every pair of :data:`HIGH_CONTRAST` reaches (WCAG 2.2 AAA for normal text).
AAA_RATIO = 7.0


__all__ = ["AAA_RATIO", "HIGH_CONTRAST", "LARGE_TEXT_SCALE"]
