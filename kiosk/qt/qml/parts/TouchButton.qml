import QtQuick

// A large touch target: at least ui.minTarget (9 mm, 48 px at 1080p) in both directions.
Rectangle {
    id: button
    property string text: ""
    property bool primary: false
    property real textSize: ui.button
    property string fontFamily: kiosk.fontFor(text)
    // Room kept before the label for a drawn icon (e.g. Globe), in pixels.
    property real iconSpace: 0
    signal activated()
    implicitWidth: Math.max(ui.minTarget * 2, label.implicitWidth + 56 * ui.u + iconSpace)
    implicitHeight: Math.max(ui.minTarget, 96 * ui.u)
    radius: 18 * ui.u
    color: primary ? ui.theme.accent : ui.theme.surface
    border.color: primary ? ui.theme.accent : ui.theme.muted
    border.width: Math.max(2, 3 * ui.u)
    opacity: tap.pressed ? 0.75 : 1
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: button.activated()

    Text {
        id: label
        anchors.fill: parent
        anchors.leftMargin: 20 * ui.u + button.iconSpace
        anchors.rightMargin: 20 * ui.u
        text: button.text
        color: button.primary ? ui.theme.accent_text : ui.theme.text
        font.family: button.fontFamily
        font.pixelSize: button.textSize
        font.bold: true
        // Long labels (other languages) wrap onto a second line before they shrink.
        fontSizeMode: Text.Fit
        wrapMode: Text.Wrap
        maximumLineCount: 2
        lineHeight: 0.95
        minimumPixelSize: Math.min(button.textSize, ui.minText)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        textFormat: Text.PlainText
    }
    Tap {
        id: tap
        onTapped: button.activated()
    }
}
