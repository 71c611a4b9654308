import QtQuick

// The language picker: every language the deck offers, each written in its own name and
// script (its autonym), so a visitor finds theirs without reading the current one.
Rectangle {
    id: picker
    objectName: "languagePicker"
    signal chosen()
    color: ui.theme.background
    readonly property var languages: kiosk.languages
    Accessible.role: Accessible.Dialog
    Accessible.name: kiosk.ui.choose_language

    // Taps between the buttons still count as a touch (they restart the idle countdown), and no
    // finger reaches the slide under the picker (a MultiPointTouchArea takes every finger).
    MultiPointTouchArea { anchors.fill: parent; onReleased: kiosk.tap() }

    Text {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: ui.margin }
        text: kiosk.ui.choose_language
        color: ui.theme.text
        font.family: kiosk.fontFor(text)
        font.pixelSize: ui.heading
        font.bold: true
        fontSizeMode: Text.HorizontalFit
        minimumPixelSize: ui.minText
        textFormat: Text.PlainText
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }
    Grid {
        id: grid
        anchors { left: parent.left; right: parent.right; top: heading.bottom; margins: ui.margin }
        columns: ui.portrait ? 2 : Math.min(5, Math.max(1, picker.languages.length))
        spacing: 24 * ui.u
        readonly property real cellWidth: (width - spacing * (columns - 1)) / columns
        Repeater {
            model: picker.languages
            delegate: TouchButton {
                required property var modelData
                objectName: "lang-" + modelData.code
                width: grid.cellWidth
                text: modelData.name
                textSize: ui.body
                primary: modelData.code === kiosk.language
                Accessible.checkable: true
                Accessible.checked: primary
                onActivated: { kiosk.setLanguage(modelData.code); picker.chosen() }
            }
        }
    }
}
