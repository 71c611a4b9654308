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
    // Every label the control may show as the visitor chooses (its words in each language of
    // the deck, Theme.inEveryLanguage): when given, the control is as wide as the widest of them
    // at every text size the visitor can choose (`captionSizes`), whatever it shows now, so no
    // choice of a visitor moves it or the controls beside it. Measured once per deck and screen.
    property var captions: []
    property var captionSizes: Theme.buttonSizes
    // The narrowest it may be, in pixels: twice a touch target's least size unless set.
    property real leastWidth: Theme.minTarget * 2
    signal activated()
    implicitWidth: Math.max(leastWidth, (reserved.item ? (reserved.item as Widest).wide
                                                       : shown.item ? (shown.item as ControlLabel).wantedWidth : 0)
                                        + 56 * Theme.u + iconSpace)
    implicitHeight: Math.max(Theme.minTarget, 96 * Theme.u)
    radius: 18 * Theme.u
    color: primary ? Theme.colors.accent : Theme.colors.surface
    border.color: primary ? Theme.colors.accent : Theme.colors.muted
    border.width: Math.max(2, 3 * Theme.u)
    // Dimmed while it takes nothing (OK on the PIN pad while it waits after a wrong PIN).
    opacity: !enabled ? 0.4 : tap.pressed ? 0.75 : 1
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: button.activated()

    // The label, made only while the button shows: a hidden one (the footer's controls while
    // the loop plays, the quick exit) holds no texts (four a label: about 40 texts, 0.2 MiB
    // with what they hold, until a visitor touches the screen) and measures nothing at each
    // change of language. Hidden, a button is as wide as its captions make it, or its least.
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
    // Made only for a control given captions (the footer's): the buttons of a slide make none.
    Loader {
        id: reserved
        active: button.captions.length > 0
        sourceComponent: Widest {
            captions: button.captions
            sizes: button.captionSizes
        }
    }
    Tap {
        id: tap
        onActivated: button.activated()
    }
}
