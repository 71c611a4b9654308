import QtQuick
import "../parts"

// The "Spot the signs" menu: one large tile per page.
Item {
    id: slide
    property var view: ({})
    readonly property var tiles: slide.view.tiles || []

    FitText {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; leftMargin: ui.margin; rightMargin: ui.margin }
        text: slide.view.title
        size: ui.heading
        font.bold: true
        fontSizeMode: Text.FixedSize
    }
    FitText {
        id: intro
        anchors { left: parent.left; right: parent.right; top: heading.bottom; topMargin: 12 * ui.u; leftMargin: ui.margin; rightMargin: ui.margin }
        text: slide.view.intro || ""
        visible: text.length > 0
        height: visible ? implicitHeight : 0
        size: ui.body * 0.8
        color: ui.theme.muted
        fontSizeMode: Text.FixedSize
    }
    Grid {
        id: grid
        anchors { left: parent.left; right: parent.right; top: intro.bottom; bottom: parent.bottom
                  topMargin: 32 * ui.u; leftMargin: ui.margin; rightMargin: ui.margin; bottomMargin: ui.margin * 0.4 }
        columns: ui.portrait ? 2 : Math.min(4, Math.ceil(slide.tiles.length / 2))
        spacing: 24 * ui.u
        readonly property int rows: Math.ceil(slide.tiles.length / columns)
        readonly property real cellWidth: (width - spacing * (columns - 1)) / columns
        readonly property real cellHeight: Math.min(260 * ui.u, (height - spacing * (rows - 1)) / rows)
        Repeater {
            model: slide.tiles
            delegate: Rectangle {
                id: tile
                required property var modelData
                required property int index
                objectName: "tile-" + modelData.id
                width: grid.cellWidth
                height: grid.cellHeight
                radius: 20 * ui.u
                color: ui.theme.surface
                border.color: ui.theme.accent
                border.width: Math.max(2, 3 * ui.u)
                opacity: tileTap.pressed ? 0.75 : 1
                Accessible.role: Accessible.Button
                Accessible.name: modelData.title
                Accessible.onPressAction: kiosk.openPage(modelData.id)
                Text {
                    id: number
                    anchors { left: parent.left; top: parent.top; margins: 22 * ui.u }
                    text: (tile.index + 1) + ""
                    color: ui.theme.accent
                    font.family: kiosk.fontFor(text)
                    font.pixelSize: ui.small
                    font.bold: true
                }
                Text {
                    anchors { left: parent.left; right: parent.right; top: number.bottom; bottom: parent.bottom
                              leftMargin: 22 * ui.u; rightMargin: 22 * ui.u; bottomMargin: 16 * ui.u; topMargin: 4 * ui.u }
                    text: modelData.title + "\u00a0\u00a0" + (LayoutMirroring.enabled ? "‹" : "›")
                    color: ui.theme.text
                    font.family: kiosk.fontFor(text)
                    font.pixelSize: ui.body * 0.8
                    font.bold: true
                    fontSizeMode: Text.Fit
                    minimumPixelSize: ui.minText
                    wrapMode: Text.Wrap
                    verticalAlignment: Text.AlignVCenter
                    textFormat: Text.PlainText
                }
                Tap { id: tileTap; onTapped: kiosk.openPage(modelData.id) }
            }
        }
    }
}
