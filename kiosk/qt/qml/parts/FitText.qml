import QtQuick

// Text that wraps and shrinks to fit its box, never below ui.minText pixels.
Text {
    property real size: ui.body
    color: ui.theme.text
    font.family: kiosk.fontFor(text)
    font.pixelSize: size
    fontSizeMode: Text.Fit
    minimumPixelSize: Math.min(size, ui.minText)
    // Between words; inside a word only when it alone is wider than the line (never past the box).
    wrapMode: Text.Wrap
    elide: Text.ElideRight
    verticalAlignment: Text.AlignTop
    // Set explicitly so it mirrors with the layout: right-aligned on a right-to-left page.
    horizontalAlignment: Text.AlignLeft
    textFormat: Text.PlainText
    Accessible.role: Accessible.StaticText
    Accessible.name: text
}
