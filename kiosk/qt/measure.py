"""How well a slide uses the screen, read from the QML items drawn: for ``kiosk render``'s report.

Two measures per view (a slide or a page), at one screen size:

- **used**: the share of the *slide area* (the screen between the header and the footer, where
  the slide is drawn) covered by the bounding box of everything the slide draws: the painted
  extent of its texts (not their boxes), its filled shapes (cards, tiles, rules) and its pictures
  and QR codes. A column of text in the top-left of an empty screen scores low; a slide whose
  content reaches across and down the area scores high. 0 to 1.
- **smallest text**: the pixel size of the smallest visible text of the slide that is not read
  close up, and, apart, of the smallest that is (:data:`CLOSE_UP`: a source line,
  ``objectName: "footnote"``, or a QR code's label, ``"codeLabel"``);
  with the *cap height* (the height of a capital letter, in pixels, by the font's own metrics)
  of the slide's headline (``objectName: "headline"``).

The kiosk's header and footer (the organisation, Get help, the touch hint, the controls) are
not part of a slide and are not measured. Sizes are in the window's pixels (a 1920x1080 render:
screen pixels). Reading distance (facts.md, design facts): about 8.3 mm of letter height per
metre; a 43-inch 1080p panel has 0.5 mm pixels, so a 70 px cap height (35 mm) reads from
about 4 m.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtQml import QQmlEngine, QQmlExpression

#: objectName of the item the slides are drawn in (Main.qml).
SLIDE_AREA = "slideArea"
#: objectNames of texts read close up, measured apart: a source line, and a QR code's label (read
#: where the code is scanned, within arm's reach).
CLOSE_UP = ("footnote", "codeLabel")


@dataclass(frozen=True)
class Measure:
    """The measures of one view at one size (see the module's docstring).

    Attributes:
        used: share of the slide area covered by the bounding box of the slide's drawing, 0 to 1.
        smallest: pixel size of the smallest text not read close up, or ``None`` (no text).
        footnote: pixel size of the smallest text read close up (a source line, a code's
            label: :data:`CLOSE_UP`), or ``None`` (none).
        headline_cap: cap height in pixels of the headline, or ``None`` (no headline).
    """

    used: float
    smallest: float | None
    footnote: float | None
    headline_cap: float | None


def find_item(item, name: str):
    """The first item under ``item`` (a ``QQuickItem``) whose objectName is ``name``, or ``None``."""
    if item.objectName() == name:
        return item
    for child in item.childItems():
        found = find_item(child, name)
        if found is not None:
            return found
    return None


def measure(root) -> Measure:
    """Measure the slide shown in the player window whose root item is ``root``.

    Args:
        root: the window's content item (``QQuickItem``), as :attr:`OffscreenPlayer.content`.

    Raises:
        LookupError: when the window has no slide area (not the kiosk's player window).
    """
    area_item = find_item(root, SLIDE_AREA)
    if area_item is None:
        raise LookupError(f"no item named {SLIDE_AREA!r} in the window")
    area = area_item.mapRectToScene(QRectF(0, 0, area_item.width(), area_item.height()))
    drawn: list[QRectF] = []
    texts: list[tuple[str, float, float]] = []  # (objectName, pixel size, cap height)
    for layer in area_item.childItems():
        if layer.isVisible() and layer.opacity() > 0:
            _collect(layer, drawn, texts)
    box = QRectF()
    for rect in drawn:
        box = box.united(rect.intersected(area))
    used = (box.width() * box.height()) / (area.width() * area.height()) if area.width() and area.height() else 0.0
    plain = [size for name, size, _ in texts if name not in CLOSE_UP]
    notes = [size for name, size, _ in texts if name in CLOSE_UP]
    heads = [cap for name, _, cap in texts if name == "headline"]
    return Measure(used=min(1.0, used), smallest=min(plain) if plain else None,
                   footnote=min(notes) if notes else None, headline_cap=max(heads) if heads else None)


def _collect(item, drawn: list[QRectF], texts: list) -> None:
    """Add what ``item`` and the items under it draw (visible, not transparent) to ``drawn`` and ``texts``."""
    if not item.isVisible() or item.opacity() == 0 or item.width() <= 0 and not item.childItems():
        return
    kind = item.metaObject().className()
    if _is_text(item):
        text = item.property("text")
        if isinstance(text, str) and text.strip():
            rect = _text_rect(item)
            if rect.width() > 0 and rect.height() > 0:
                drawn.append(item.mapRectToScene(rect))
                size = effective_pixel_size(item)
                texts.append((item.objectName(), size, size * cap_ratio(item.property("font"))))
    elif kind.startswith("QQuickRectangle") or _inherits(item, "QQuickRectangle"):
        color = item.property("color")  # (a frame with no fill is not counted: rare on slides)
        if isinstance(color, QColor) and color.alpha() > 0:
            drawn.append(item.mapRectToScene(QRectF(0, 0, item.width(), item.height())))
    elif _inherits(item, "QQuickImage") and _qml_value(item, "status", 0) == 1:  # Image.Ready
        drawn.append(item.mapRectToScene(QRectF(0, 0, item.width(), item.height())))
    for child in item.childItems():
        _collect(child, drawn, texts)


def _inherits(item, class_name: str) -> bool:
    meta = item.metaObject()
    while meta is not None:
        if meta.className() == class_name:
            return True
        meta = meta.superClass()
    return False


def _is_text(item) -> bool:
    return _inherits(item, "QQuickText")


def _text_rect(item) -> QRectF:
    """The painted extent of a Text item, in its own coordinates (its lines, not its box)."""
    width, height = item.width(), item.height()
    content_w = min(item.property("contentWidth") or 0.0, width) if width > 0 else item.property("contentWidth")
    content_h = min(item.property("contentHeight") or 0.0, height) if height > 0 else item.property("contentHeight")
    align = int(_qml_value(item, "effectiveHorizontalAlignment", 1))
    x = width - content_w if align & 0x2 else (width - content_w) / 2 if align & 0x4 else 0.0  # Right, HCenter
    valign = int(_qml_value(item, "verticalAlignment", 0x20))
    y = height - content_h if valign & 0x40 else (height - content_h) / 2 if valign & 0x80 else 0.0  # Bottom, VCenter
    return QRectF(x, y, content_w, content_h)


def _qml_value(item, name: str, default: float) -> float:
    """A property of ``item`` read as QML reads it (enumerations as numbers, which PySide
    cannot convert from C++), or ``default``."""
    context = QQmlEngine.contextForObject(item)
    if context is None:
        return default
    value, undefined = QQmlExpression(context, item, name).evaluate()
    return default if undefined or value is None else value


def effective_pixel_size(item) -> float:
    """The pixel size a Text item is drawn at.

    Its ``font.pixelSize`` when its size is fixed; when Qt fits it to its box (``fontSizeMode``
    Fit or HorizontalFit), the size it shrank to, from the height of its lines (a line is the
    font's height times ``lineHeight``).
    """
    font: QFont = item.property("font")
    size = float(font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF())
    if int(_qml_value(item, "fontSizeMode", 0)) == 0:  # Text.FixedSize
        return size
    lines = max(1, int(item.property("lineCount") or 1))
    line = float(item.property("contentHeight") or 0.0) / lines
    factor = float(item.property("lineHeight") or 1.0) if int(_qml_value(item, "lineHeightMode", 0)) == 0 else 1.0
    per_pixel = _line_ratio(font.family(), font.bold())
    if line <= 0 or per_pixel <= 0:
        return size
    return min(size, line / (per_pixel * factor))


def cap_ratio(font: QFont) -> float:
    """Cap height per pixel of size of ``font``'s family (Atkinson Hyperlegible: 0.67)."""
    return _cap_ratio(font.family(), font.bold())


@functools.cache
def _ratios(family: str, bold: bool) -> tuple[float, float]:
    """(cap height, line height) per pixel of size of a font, by its own metrics."""
    font = QFont(family)
    font.setPixelSize(100)
    font.setBold(bold)
    metrics = QFontMetricsF(font)
    return metrics.capHeight() / 100, metrics.height() / 100


def _cap_ratio(family: str, bold: bool) -> float:
    return _ratios(family, bold)[0]


def _line_ratio(family: str, bold: bool) -> float:
    return _ratios(family, bold)[1]


def table(rows: list[tuple[str, tuple[int, int], Measure]]) -> str:
    """The measures as a plain-text table, one line per view and size, with a header.

    Args:
        rows: (view name, (width, height) in pixels, measures).
    """
    def px(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f}"

    head = f"{'view':<40} {'size':>9} {'used':>5} {'smallest':>8} {'footnote':>8} {'headline cap':>12}"
    lines = [head, "-" * len(head)]
    for name, (width, height), m in rows:
        lines.append(f"{name:<40} {f'{width}x{height}':>9} {m.used * 100:>4.0f}% {px(m.smallest):>8} "
                     f"{px(m.footnote):>8} {px(m.headline_cap):>12}")
    return "\n".join(lines) + "\n"


#: What the columns of :func:`table` mean, written above it in the report.
EXPLAINED = (
    "used: share of the slide area (the screen between header and footer) covered by the bounding\n"
    "box of what the slide draws (texts' painted lines, cards, tiles, pictures, codes).\n"
    "smallest: pixel size of the smallest text not read close up; footnote: of the smallest that\n"
    "is (a source line, a QR code's label); headline cap: cap height of the headline in pixels\n"
    "(about 70 reads from 3-4 m on a 43-inch 1080p screen; 25 px text from 1 m). Sizes in the\n"
    "picture's pixels; header and footer not counted.\n"
)


__all__ = ["CLOSE_UP", "EXPLAINED", "SLIDE_AREA", "Measure", "cap_ratio", "effective_pixel_size", "find_item", "measure", "table"]
