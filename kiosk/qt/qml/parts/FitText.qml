import QtQuick

// Text that wraps and shrinks to fit its box, never below ui.minText pixels.
Text {
    property real size: ui.body
    color: ui.theme.text
    font.family: kiosk.fontFor(text)
    font.pixelSize: size
    fontSizeMode: Text.Fit
    minimumPixelSize: Math.min(size, ui.minText)
    wrapMode: Text.WordWrap
    elide: Text.ElideRight
    verticalAlignment: Text.AlignTop
    textFormat: Text.PlainText
    Accessible.role: Accessible.StaticText
    Accessible.name: text
}
