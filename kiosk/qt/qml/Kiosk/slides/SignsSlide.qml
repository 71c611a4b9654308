pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// The "Spot the signs" menu: one large tile per page.
Item {
    id: slide
    property var view: ({})
    readonly property var tiles: slide.view.tiles || []

    FitText {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; leftMargin: Theme.margin; rightMargin: Theme.margin }
        objectName: "headline"
        text: slide.view.title
        size: Theme.headline
        font.bold: true
        fontSizeMode: Text.FixedSize
    }
    FitText {
        id: intro
        anchors { left: parent.left; right: parent.right; top: heading.bottom; topMargin: 12 * Theme.u; leftMargin: Theme.margin; rightMargin: Theme.margin }
        text: slide.view.intro || ""
        visible: text.length > 0
        height: visible ? implicitHeight : 0
        size: Theme.body * 0.9
        color: Theme.colors.muted
        fontSizeMode: Text.FixedSize
    }
    // The tiles share the room under the intro: as tall as it allows (at most 400 px at 1080),
    // the grid centred in what is left.
    Item {
        id: gridArea
        anchors { left: parent.left; right: parent.right; top: intro.bottom; bottom: parent.bottom
                  topMargin: 32 * Theme.u; leftMargin: Theme.margin; rightMargin: Theme.margin; bottomMargin: Theme.margin * 0.6 }
    }
    Grid {
        id: grid
        anchors { left: gridArea.left; right: gridArea.right; verticalCenter: gridArea.verticalCenter }
        columns: Theme.portrait ? 2 : Math.min(4, Math.ceil(slide.tiles.length / 2))
        spacing: 24 * Theme.u
        readonly property int rowCount: Math.ceil(slide.tiles.length / columns)
        readonly property real cellWidth: (width - spacing * (columns - 1)) / columns
        readonly property real cellHeight: Math.min(400 * Theme.u, (gridArea.height - spacing * (rowCount - 1)) / rowCount)
        Repeater {
            model: slide.tiles
            delegate: Rectangle {
                id: tile
                required property var modelData
                required property int index
                objectName: "tile-" + modelData.id
                width: grid.cellWidth
                height: grid.cellHeight
                radius: 20 * Theme.u
                color: Theme.colors.surface
                border.color: Theme.colors.accent
                border.width: Math.max(2, 3 * Theme.u)
                opacity: tileTap.pressed ? 0.75 : 1
                Accessible.role: Accessible.Button
                Accessible.name: modelData.title
                Accessible.onPressAction: Player.openPage(modelData.id)
                Text {
                    id: number
                    anchors { left: parent.left; top: parent.top; margins: 22 * Theme.u }
                    text: (tile.index + 1) + ""
                    color: Theme.colors.accent
                    font.family: Player.fontFor(text)
                    font.pixelSize: Theme.body * 0.8
                    font.bold: true
                }
                Pictogram {
                    id: tilePictogram
                    anchors { right: parent.right; top: parent.top; margins: 22 * Theme.u }
                    name: tile.modelData.icon || ""
                    side: Math.min(88 * Theme.u, tile.height * 0.25)
                }
                // A tile is a control: its title wraps between words only, then shrinks.
                ControlLabel {
                    anchors { left: parent.left; right: parent.right; top: tilePictogram.visible ? tilePictogram.bottom : number.bottom; bottom: parent.bottom
                              leftMargin: 22 * Theme.u; rightMargin: 22 * Theme.u; bottomMargin: 16 * Theme.u; topMargin: 4 * Theme.u }
                    caption: tile.modelData.title + "\u00a0\u00a0" + (LayoutMirroring.enabled ? "‹" : "›")
                    color: Theme.colors.text
                    size: Theme.body * (Theme.portrait ? 1.1 : 1)
                    minimumPixelSize: Theme.minText
                    verticalAlignment: Text.AlignVCenter
                }
                Tap { id: tileTap; onTapped: Player.openPage(tile.modelData.id) }
            }
        }
    }
}
