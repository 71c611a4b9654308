import QtQuick
import Kiosk

// Text that wraps and shrinks to fit its box, never below ui.minText pixels.
Text {
    property real size: Theme.body
    color: Theme.colors.text
    font.family: Player.fontFor(text)
    font.pixelSize: size
    fontSizeMode: Text.Fit
    minimumPixelSize: Math.min(size, Theme.minText)
    // Between words; inside a word only when it alone is wider than the line (never past the box).
    wrapMode: Text.Wrap
    elide: Text.ElideRight
    verticalAlignment: Text.AlignTop
    // Set explicitly so it mirrors with the layout: right-aligned on a right-to-left page.
    horizontalAlignment: Text.AlignLeft
    textFormat: Text.PlainText
    // Qt lays some right-to-left lines out a few pixels wider than the width they were wrapped
    // to (Arabic at some sizes): a tenth of an em kept spare, so no line runs past the box.
    rightPadding: Player.isRtlText(text) ? Math.ceil(font.pixelSize * 0.1) : 0
    Accessible.role: Accessible.StaticText
    Accessible.name: text
}
