import QtQuick

// The staff menu, opened by the right PIN: loop controls, decks, screen off, status, exit.
// Each action is a `staff` slot; this file only lays them out. Pages: main, decks, status, exit.
Rectangle {
    id: menu
    objectName: "staffMenu"
    property string page: "main"
    property var rows: []
    readonly property real pad: 40 * ui.u
    readonly property real gap: 16 * ui.u
    readonly property real inner: width - 2 * pad
    readonly property real half: (inner - gap) / 2
    width: Math.min(parent.width - 2 * ui.margin, 1200 * ui.u)
    height: Math.min(parent.height - 2 * ui.margin, 1100 * ui.u)
    radius: 24 * ui.u
    color: ui.theme.surface
    border.color: ui.theme.muted
    border.width: Math.max(2, 3 * ui.u)
    onVisibleChanged: if (visible) page = "main"

    // The deck list is read off the drawing thread; it arrives (and follows a switch) by this signal.
    Connections {
        target: staff
        function onDecksChanged() { deckRepeater.model = staff.deckChoices() }
    }

    function open(name) {
        staff.touched()
        if (name === "status") rows = staff.statusRows()
        if (name === "decks") deckRepeater.model = staff.deckList()
        page = name
    }

    Text {
        id: heading
        x: menu.pad; y: menu.pad; width: menu.inner
        text: ({ "main": "Staff menu", "decks": "Switch deck", "status": "Status",
                 "exit": "Exit kiosk mode?" })[menu.page]
        color: ui.theme.text
        font.family: ui.font
        font.pixelSize: ui.body
        font.bold: true
        textFormat: Text.PlainText
    }

    Item {
        id: body
        anchors { left: parent.left; right: parent.right; top: heading.bottom; bottom: footerRow.top
                  margins: menu.pad; topMargin: 24 * ui.u; bottomMargin: 24 * ui.u }

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
                TouchButton { objectName: "staffPause"; width: menu.half; text: staff.paused ? "▶ Resume the loop" : "❚❚ Pause the loop"; onActivated: staff.togglePause() }
                TouchButton { objectName: "staffReload"; width: menu.half; text: "Reload the deck"; onActivated: staff.reload() }
                TouchButton { objectName: "staffPrevious"; width: menu.half; text: "‹ Previous slide"; onActivated: staff.previous() }
                TouchButton { objectName: "staffNext"; width: menu.half; text: "Next slide ›"; onActivated: staff.next() }
                TouchButton { objectName: "staffDecks"; width: menu.half; text: "Switch deck…"; onActivated: menu.open("decks") }
                TouchButton { objectName: "staffStatus"; width: menu.half; text: "Status…"; onActivated: menu.open("status") }
                TouchButton { objectName: "staffScreenOff"; width: menu.half; text: "Screen off"; onActivated: staff.turnScreenOff() }
                TouchButton { objectName: "staffExit"; width: menu.half; text: "Exit kiosk mode…"; onActivated: menu.open("exit") }
            }
            ResultView { width: parent.width; height: parent.height - actions.height - menu.gap }
        }

        // Decks page: one button per deck; a deck with errors is refused and its problems shown.
        Flickable {
            visible: menu.page === "decks"
            anchors.fill: parent
            clip: true
            contentHeight: deckColumn.height
            onMovementStarted: staff.touched()
            Column {
                id: deckColumn
                width: parent.width
                spacing: menu.gap
                Repeater {
                    id: deckRepeater
                    TouchButton {
                        required property var modelData
                        objectName: "deck-" + modelData.id
                        width: deckColumn.width
                        primary: modelData.current
                        text: modelData.title + (modelData.current ? "  (playing)" : "")
                        onActivated: staff.switchDeck(modelData.path)
                    }
                }
                ResultText { width: parent.width }
            }
        }

        // Status page: label and value rows; errors, warnings, kiosk problems, then review notes.
        Flickable {
            visible: menu.page === "status"
            anchors.fill: parent
            clip: true
            contentHeight: statusColumn.height
            onMovementStarted: staff.touched()
            Column {
                id: statusColumn
                width: parent.width
                spacing: 8 * ui.u
                Repeater {
                    model: menu.rows
                    Row {
                        required property var modelData
                        spacing: 24 * ui.u
                        Text {
                            width: statusColumn.width * 0.3
                            text: modelData.label
                            color: ui.theme.muted
                            font.family: ui.font
                            font.pixelSize: ui.small
                            wrapMode: Text.WordWrap
                            textFormat: Text.PlainText
                        }
                        Text {
                            objectName: "status-" + modelData.label
                            width: statusColumn.width * 0.7 - 24 * ui.u
                            text: modelData.value
                            color: ui.theme.text
                            font.family: ui.font
                            font.pixelSize: ui.small
                            // Between words (a path breaks after "/" or "-"); inside a word
                            // only when it alone is wider than the line.
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            textFormat: Text.PlainText
                        }
                    }
                }
            }
        }

        // Exit page: say what happens before doing it.
        Column {
            visible: menu.page === "exit"
            width: parent.width
            spacing: menu.gap * 2
            Text {
                width: parent.width
                text: "The kiosk closes and the desktop shows. It starts again when the computer "
                      + "restarts, or with: systemctl --user start kiosk"
                color: ui.theme.text
                font.family: ui.font
                font.pixelSize: ui.small
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
            }
            TouchButton { objectName: "staffExitConfirm"; width: parent.width; primary: true; text: "Exit kiosk mode"; onActivated: staff.exitKiosk() }
        }
    }

    Row {
        id: footerRow
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: menu.pad }
        spacing: menu.gap
        TouchButton { objectName: "staffBack"; visible: menu.page !== "main"; width: menu.half; text: "‹ Back"; onActivated: menu.open("main") }
        TouchButton { objectName: "staffClose"; width: menu.half; text: "Close the menu"; onActivated: staff.close() }
    }

    component ResultView: Flickable {
        clip: true
        contentHeight: inner.height
        onMovementStarted: staff.touched()
        ResultText { id: inner; width: parent.width }
    }

    // What the last action did, and the problems that stopped it.
    component ResultText: Column {
        id: resultColumn
        spacing: 8 * ui.u
        Text {
            objectName: "staffResult"
            width: parent.width
            text: staff.result
            color: ui.theme.text
            font.family: ui.font
            font.pixelSize: ui.small
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        Repeater {
            model: staff.problems
            Text {
                required property string modelData
                width: resultColumn.width
                text: modelData
                color: ui.theme.muted
                font.family: ui.font
                font.pixelSize: ui.small
                wrapMode: Text.WrapAnywhere
                textFormat: Text.PlainText
            }
        }
    }
}
