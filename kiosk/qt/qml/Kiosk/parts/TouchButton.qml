pragma ComponentBehavior: Bound
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
    // The narrowest it may be, in pixels: twice a touch target's least size unless set.
    property real leastWidth: Theme.minTarget * 2
    signal activated()
    implicitWidth: Math.max(leastWidth, (shown.item ? (shown.item as ControlLabel).wantedWidth : 0)
                                        + Theme.labelRoom + iconSpace)
    implicitHeight: Theme.controlHeight
    radius: 18 * Theme.u
    color: primary ? Theme.colors.accent : Theme.colors.surface
    border.color: primary ? Theme.colors.accent : Theme.colors.muted
    border.width: Math.max(2, 3 * Theme.u)
    // Dimmed while it takes nothing (OK on the PIN pad while it waits after a wrong PIN).
    opacity: !enabled ? 0.4 : tap.pressed ? 0.75 : 1
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: button.activated()

    // The label, made only while the button shows: a hidden one (the quick exit, the footer's
    // controls once the loop plays again) holds no texts (four a label) and measures nothing at
    // each change of language. Hidden, a button is as wide as set, or its least.
    Loader {
        id: shown
        anchors.fill: parent
        anchors.leftMargin: 20 * Theme.u + button.iconSpace
        anchors.rightMargin: 20 * Theme.u
        active: button.visible
        sourceComponent: ControlLabel {
            caption: button.text
            color: button.primary ? Theme.colors.accent_text : Theme.colors.text
            family: button.fontFamily
            size: button.textSize
            // Long labels (other languages) wrap onto a second line, between words, then shrink.
            maximumLineCount: 2
            lineHeight: 0.95
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
    }
    Tap {
        id: tap
        onActivated: button.activated()
    }
}
