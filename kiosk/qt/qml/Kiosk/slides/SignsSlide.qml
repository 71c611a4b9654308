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
        anchors { left: parent.left; right: parent.right; top: parent.top; topMargin: Theme.slideTop; leftMargin: Theme.margin; rightMargin: Theme.margin }
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
        // Landscape: at most four across, in as few rows as that allows, and then as few columns
        // as fill those rows (nine signs: three rows of three, wider tiles than four across).
        readonly property int widest: Theme.portrait ? 2 : Math.max(1, Math.min(4, Math.ceil(slide.tiles.length / 2)))
        columns: Math.max(1, Math.ceil(slide.tiles.length / Math.ceil(Math.max(1, slide.tiles.length) / widest)))
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
                readonly property real pad: Math.min(22 * Theme.u, height * 0.1)
                // A short, wide tile (many signs on a landscape screen) keeps its number and
                // pictogram in a narrow column at the start, so its title has the tile's whole
                // height; a taller one has them in a row over the title. Either way they are
                // smaller on a small tile, so the title keeps room for two or three lines.
                readonly property bool side: width > 1.7 * height
                readonly property real mark: side ? Math.min(64 * Theme.u, (height - 2 * pad) * 0.42)
                                                  : Math.min(88 * Theme.u, height * 0.22)
                Text {
                    id: number
                    anchors { left: parent.left; top: parent.top; margins: tile.pad }
                    text: (tile.index + 1) + ""
                    color: Theme.colors.accent
                    font.family: Player.fontFor(text)
                    font.pixelSize: Math.min(Theme.body * 0.8, tile.mark)
                    font.bold: true
                }
                // Under the number at the start, or across from it at the far end: placed from the
                // start by an anchor, which mirrors with the tile on a right-to-left page (an `x:`
                // does not).
                Pictogram {
                    id: tilePictogram
                    anchors { left: parent.left; leftMargin: tile.side ? tile.pad : tile.width - width - tile.pad }
                    y: tile.side ? tile.height - height - tile.pad : tile.pad
                    name: tile.modelData.icon || ""
                    side: tile.mark
                }
                ControlLabel {
                    objectName: "tileTitle"
                    anchors { left: parent.left; right: chevron.left; top: parent.top; bottom: parent.bottom
                              leftMargin: tile.pad + (tile.side ? Math.max(tile.mark, number.width) + tile.pad : 0)
                              rightMargin: 16 * Theme.u; bottomMargin: tile.pad * 0.75
                              topMargin: tile.side ? tile.pad : tile.pad + Math.max(tile.mark, number.height) + 4 * Theme.u }
                    caption: tile.modelData.title
                    color: Theme.colors.text
                    size: Theme.body * (Theme.portrait ? 1.1 : 1)
                    minimumPixelSize: Math.min(size, Theme.minText)
                    lineHeight: 0.95
                    maximumLineCount: 4
                    verticalAlignment: Text.AlignVCenter
                }
                Text {
                    id: chevron
                    objectName: "tileChevron"
                    anchors { right: parent.right; rightMargin: tile.pad; bottom: parent.bottom; bottomMargin: tile.pad * 0.75 }
                    text: LayoutMirroring.enabled ? "‹" : "›"
                    color: Theme.colors.accent
                    font.family: Theme.font
                    font.pixelSize: Math.max(Theme.minText, Math.min(Theme.body * 1.1, tile.height * 0.3))
                    font.bold: true
                    Accessible.ignored: true
                }
                Tap { id: tileTap; onActivated: Player.openPage(tile.modelData.id) }
            }
        }
    }
}
