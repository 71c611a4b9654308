pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// The language picker: every language the deck offers, each written in its own name and
// script (its autonym), so a visitor finds theirs without reading the current one.
Rectangle {
    id: picker
    objectName: "languagePicker"
    signal chosen()
    color: Theme.colors.background
    readonly property var languages: Player.languages
    Accessible.role: Accessible.Dialog
    Accessible.name: Theme.t.choose_language

    // Taps between the buttons still count as a touch (they restart the idle countdown), and no
    // finger reaches the slide under the picker (a MultiPointTouchArea takes every finger).
    MultiPointTouchArea { anchors.fill: parent; onReleased: Player.tap() }

    Text {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.margin }
        text: Theme.t.choose_language
        color: Theme.colors.text
        font.family: Player.fontFor(text)
        font.pixelSize: Theme.heading
        font.bold: true
        fontSizeMode: Text.HorizontalFit
        minimumPixelSize: Theme.minText
        textFormat: Text.PlainText
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }
    Grid {
        id: grid
        anchors { left: parent.left; right: parent.right; top: heading.bottom; margins: Theme.margin }
        columns: Theme.portrait ? 2 : Math.min(5, Math.max(1, picker.languages.length))
        spacing: 24 * Theme.u
        readonly property real cellWidth: (width - spacing * (columns - 1)) / columns
        Repeater {
            model: picker.languages
            delegate: TouchButton {
                required property var modelData
                objectName: "lang-" + modelData.code
                width: grid.cellWidth
                text: modelData.name
                textSize: Theme.body
                primary: modelData.code === Player.language
                Accessible.checkable: true
                Accessible.checked: primary
                onActivated: { Player.setLanguage(modelData.code); picker.chosen() }
            }
        }
    }
}
