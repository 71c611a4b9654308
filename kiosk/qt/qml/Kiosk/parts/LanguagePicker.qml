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
    // finger reaches the slide under the picker: not as the picker closes on a language either.
    Cover { anchors.fill: parent; onLifted: Player.tap() }

    Text {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.margin }
        // As tall in every language and at every text size: the languages under it never move
        // when the visitor taps A+ with the picker open.
        height: tallest.tall
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
        Widest { id: tallest; captions: Theme.inEveryLanguage(words => words.choose_language); sizes: Theme.sizesOf(72) }
    }
    // Every language, as many rows as there are: the list scrolls when it is longer than the
    // room between the header and the controls (a scroll bar and a fade say there is more).
    Flickable {
        id: list
        objectName: "languageList"
        anchors { left: parent.left; right: parent.right; top: heading.bottom; bottom: parent.bottom
                  leftMargin: Theme.margin; rightMargin: Theme.margin; topMargin: Theme.margin * 0.5; bottomMargin: Theme.margin * 0.25 }
        clip: true
        contentHeight: grid.height
        boundsBehavior: Flickable.StopAtBounds
        // Scrolling the list is a touch: it restarts the idle countdown.
        onMovementStarted: Player.tap()
        Grid {
            id: grid
            width: list.width - (cue.scrolls ? 24 * Theme.u : 0)
            // More languages, more columns (up to six on a wide screen, three on a tall one).
            columns: Theme.portrait ? Math.min(3, Math.max(2, Math.ceil(picker.languages.length / 8)))
                                    : Math.min(6, Math.max(Math.min(5, picker.languages.length), Math.ceil(picker.languages.length / 4)))
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
    ScrollCue { id: cue; anchors.fill: list; flick: list; fadeColor: picker.color }
}
