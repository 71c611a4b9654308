pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// The staff menu, opened by the right PIN: loop controls, decks, screen off, status, exit.
// Each action is a `staff` slot; this file only lays them out. Pages: main, decks, status, exit.
Rectangle {
    id: menu
    objectName: "staffMenu"
    property string page: "main"
    property var rows: []
    readonly property real pad: 40 * Theme.u
    readonly property real gap: 16 * Theme.u
    readonly property real inner: width - 2 * pad
    readonly property real half: (inner - gap) / 2
    // Sized by the stage (Theme.width, Theme.height: the staff layer's size), not by its parent:
    // made by a Loader that takes its size from the menu, the parent would be the menu's own size.
    width: Math.min(Theme.width - 2 * Theme.margin, 1200 * Theme.u)
    height: Math.min(Theme.height - 2 * Theme.margin, 1100 * Theme.u)
    radius: 24 * Theme.u
    color: Theme.colors.surface
    border.color: Theme.colors.muted
    border.width: Math.max(2, 3 * Theme.u)
    onVisibleChanged: if (visible) page = "main"

    // The deck list is read off the drawing thread; it arrives (and follows a switch) by this signal.
    Connections {
        target: Staff
        function onDecksChanged() { deckRepeater.model = Staff.deckChoices() }
    }

    function open(name) {
        Staff.touched()
        if (name === "status") rows = Staff.statusRows()
        if (name === "decks") deckRepeater.model = Staff.deckList()
        page = name
    }

    Text {
        id: heading
        x: menu.pad; y: menu.pad; width: menu.inner
        text: ({ "main": "Staff menu", "decks": "Switch deck", "status": "Status",
                 "exit": "Exit kiosk mode?" })[menu.page]
        color: Theme.colors.text
        font.family: Theme.font
        font.pixelSize: Theme.body
        font.bold: true
        textFormat: Text.PlainText
    }

    Item {
        id: body
        anchors { left: parent.left; right: parent.right; top: heading.bottom; bottom: footerRow.top
                  margins: menu.pad; topMargin: 24 * Theme.u; bottomMargin: 24 * Theme.u }

        // Main page: the actions, two to a row.
        Column {
            visible: menu.page === "main"
            width: parent.width
            height: parent.height
            spacing: menu.gap
            Grid {
                id: actions
                columns: 2
                spacing: menu.gap
                TouchButton { objectName: "staffPause"; width: menu.half; text: Staff.paused ? "▶\u00a0Resume the loop" : "❚❚\u00a0Pause the loop"; onActivated: Staff.togglePause() }
                TouchButton { objectName: "staffReload"; width: menu.half; text: "Reload the deck"; onActivated: Staff.reload() }
                TouchButton { objectName: "staffPrevious"; width: menu.half; text: "‹ Previous slide"; onActivated: Staff.previous() }
                TouchButton { objectName: "staffNext"; width: menu.half; text: "Next slide ›"; onActivated: Staff.next() }
                TouchButton { objectName: "staffDecks"; width: menu.half; text: "Switch deck…"; onActivated: menu.open("decks") }
                TouchButton { objectName: "staffStatus"; width: menu.half; text: "Status…"; onActivated: menu.open("status") }
                TouchButton { objectName: "staffScreenOff"; width: menu.half; text: "Screen off"; onActivated: Staff.turnScreenOff() }
                TouchButton { objectName: "staffExit"; width: menu.half; text: "Exit kiosk mode…"; onActivated: menu.open("exit") }
            }
            ResultView { width: parent.width; height: parent.height - actions.height - menu.gap }
        }

        // Decks page: one button per deck; a deck with errors is refused and its problems shown.
        Flickable {
            id: decksPage
            objectName: "decksPage"
            visible: menu.page === "decks"
            anchors.fill: parent
            clip: true
            contentHeight: deckColumn.height
            onMovementStarted: Staff.touched()
            Column {
                id: deckColumn
                width: parent.width
                spacing: menu.gap
                // On a kiosk that follows published updates: the next version takes over again.
                Text {
                    objectName: "deckNote"
                    width: parent.width
                    visible: text.length > 0
                    text: Staff.deckNote
                    color: Theme.colors.text
                    font.family: Theme.font
                    font.pixelSize: Theme.small
                    wrapMode: Text.WordWrap
                    textFormat: Text.PlainText
                }
                Repeater {
                    id: deckRepeater
                    TouchButton {
                        required property var modelData
                        objectName: "deck-" + modelData.id
                        width: deckColumn.width
                        primary: modelData.current
                        text: modelData.title + (modelData.current ? "  (playing)" : "")
                              + (modelData.ok === false ? "  (has problems)" : "")
                        onActivated: Staff.switchDeck(modelData.path)
                    }
                }
                ResultText { width: parent.width }
            }
        }

        ScrollCue { anchors.fill: decksPage; flick: decksPage; visible: decksPage.visible && scrolls; fadeColor: menu.color }

        // Status page: label and value rows; errors, warnings, kiosk problems, then review notes.
        // A scroll bar and a fade at the foot say when there is more below.
        Flickable {
            id: statusPage
            objectName: "statusPage"
            visible: menu.page === "status"
            anchors.fill: parent
            clip: true
            contentHeight: statusColumn.height
            onMovementStarted: Staff.touched()
            Column {
                id: statusColumn
                width: parent.width - 24 * Theme.u  // room for the scroll bar
                spacing: 8 * Theme.u
                Repeater {
                    model: menu.rows
                    Row {
                        id: statusRow
                        required property var modelData
                        spacing: 24 * Theme.u
                        Text {
                            width: statusColumn.width * 0.3
                            text: statusRow.modelData.label
                            color: statusRow.modelData.alert === true ? Theme.colors.text : Theme.colors.muted
                            font.bold: statusRow.modelData.alert === true
                            font.family: Theme.font
                            font.pixelSize: Theme.small
                            wrapMode: Text.WordWrap
                            textFormat: Text.PlainText
                        }
                        Text {
                            objectName: "status-" + statusRow.modelData.label
                            width: statusColumn.width * 0.7 - 24 * Theme.u
                            text: statusRow.modelData.value
                            color: Theme.colors.text
                            font.family: Theme.font
                            font.pixelSize: Theme.small
                            font.bold: statusRow.modelData.alert === true  // the chosen deck refused
                            // Between words (a path breaks after "/" or "-"); inside a word
                            // only when it alone is wider than the line.
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            textFormat: Text.PlainText
                        }
                    }
                }
            }
        }

        ScrollCue { objectName: "statusCue"; anchors.fill: statusPage; flick: statusPage; visible: statusPage.visible && scrolls; fadeColor: menu.color }

        // Exit page: say what happens before doing it.
        Column {
            visible: menu.page === "exit"
            width: parent.width
            spacing: menu.gap * 2
            Text {
                width: parent.width
                objectName: "staffExitMessage"
                text: Staff.exitMessage  // how the kiosk comes back depends on how it was started
                color: Theme.colors.text
                font.family: Theme.font
                font.pixelSize: Theme.small
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
            TouchButton { objectName: "staffExitConfirm"; width: parent.width; primary: true; text: "Exit kiosk mode"; onActivated: Staff.exitKiosk() }
        }
    }

    Row {
        id: footerRow
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: menu.pad }
        spacing: menu.gap
        TouchButton { objectName: "staffBack"; visible: menu.page !== "main"; width: menu.half; text: "‹ Back"; onActivated: menu.open("main") }
        TouchButton { objectName: "staffClose"; width: menu.half; text: "Close the menu"; onActivated: Staff.close() }
    }

    component ResultView: Flickable {
        clip: true
        contentHeight: inner.height
        onMovementStarted: Staff.touched()
        ResultText { id: inner; width: parent.width }
    }

    // What the last action did, and the problems that stopped it.
    component ResultText: Column {
        id: resultColumn
        spacing: 8 * Theme.u
        Text {
            objectName: "staffResult"
            width: parent.width
            text: Staff.result
            color: Theme.colors.text
            font.family: Theme.font
            font.pixelSize: Theme.small
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        Repeater {
            model: Staff.problems
            Text {
                required property string modelData
                width: resultColumn.width
                text: modelData
                color: Theme.colors.muted
                font.family: Theme.font
                font.pixelSize: Theme.small
                // Between words (a path breaks after "/" or "-"); inside a word only when it
                // alone is wider than the line.
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                textFormat: Text.PlainText
            }
        }
    }
}
