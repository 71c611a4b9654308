import QtQuick
import Kiosk

// A large touch target: at least ui.minTarget (9 mm, 48 px at 1080p) in both directions.
Rectangle {
    id: button
    property string text: ""
    property bool primary: false
    property real textSize: Theme.button
    property string fontFamily: Player.fontFor(text)
    // Room kept before the label for a drawn icon (e.g. Globe), in pixels.
    property real iconSpace: 0
    signal activated()
    implicitWidth: Math.max(Theme.minTarget * 2, label.implicitWidth + 56 * Theme.u + iconSpace)
    implicitHeight: Math.max(Theme.minTarget, 96 * Theme.u)
    radius: 18 * Theme.u
    color: primary ? Theme.colors.accent : Theme.colors.surface
    border.color: primary ? Theme.colors.accent : Theme.colors.muted
    border.width: Math.max(2, 3 * Theme.u)
    opacity: tap.pressed ? 0.75 : 1
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: button.activated()

    Text {
        id: label
        anchors.fill: parent
        anchors.leftMargin: 20 * Theme.u + button.iconSpace
        anchors.rightMargin: 20 * Theme.u
        text: button.text
        color: button.primary ? Theme.colors.accent_text : Theme.colors.text
        font.family: button.fontFamily
        font.pixelSize: button.textSize
        font.bold: true
        // Long labels (other languages) wrap onto a second line before they shrink.
        fontSizeMode: Text.Fit
        wrapMode: Text.Wrap
        maximumLineCount: 2
        lineHeight: 0.95
        minimumPixelSize: Math.min(button.textSize, Theme.minText)
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
