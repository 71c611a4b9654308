import QtQuick
import Kiosk

// Where the loop is, quietly: "3 of 16" (the slide's place in the attract loop) over a thin bar
// that shortens as the slide's time runs out. Only the loop's own state (Player.loop), nothing
// about a visitor. The bar moves in steps (about once a second, so a slide costs a redraw a
// second, not one a frame), and is not drawn with reduced motion on or while the loop is not
// moving (paused by a touch, held, or a rendered picture).
Column {
    id: place
    objectName: "loopPlace"
    readonly property var loop: Player.loop
    readonly property bool counting: (loop.running || false) && !Player.reducedMotion
    // The share of the slide's time left, 1 to 0; stepped by `tick`.
    property real share: 1
    property double started: 0
    visible: (loop.number || 0) > 0 && !Player.paused  // the controls take the footer when paused
    spacing: 8 * Theme.u
    Accessible.role: Accessible.StaticText
    Accessible.name: number.text

    function restart() {
        started = Date.now()
        share = loop.dwellMs > 0 ? Math.min(1, loop.leftMs / loop.dwellMs) : 1
    }
    Connections {
        target: Player
        function onLoopChanged() { place.restart() }
    }
    Component.onCompleted: restart()

    Text {
        id: number
        objectName: "loopNumber"
        anchors.right: parent.right  // the reading end: left in a right-to-left language
        text: Theme.t.page_of.replace("{number}", place.loop.number || 0).replace("{count}", place.loop.count || 0)
        color: Theme.colors.muted
        font.family: Player.fontFor(text)
        font.pixelSize: Theme.small
        textFormat: Text.PlainText
    }
    Rectangle {
        id: track
        objectName: "loopBar"
        visible: place.counting
        width: Math.max(number.implicitWidth, 160 * Theme.u)
        height: Math.max(2, 6 * Theme.u)
        radius: height / 2
        color: Qt.rgba(Theme.colors.muted.r, Theme.colors.muted.g, Theme.colors.muted.b, 0.35)
        Rectangle {
            // Shrinks toward the reading start (mirrored in a right-to-left language).
            anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
            width: parent.width * place.share
            radius: parent.radius
            color: Theme.colors.muted
        }
    }
    Timer {
        objectName: "loopTick"
        running: place.counting && place.visible
        repeat: true
        interval: Math.max(250, Math.min(1000, (place.loop.dwellMs || 1000) / 12))
        onTriggered: {
            const gone = (Date.now() - place.started) / Math.max(1, place.loop.dwellMs)
            place.share = Math.max(0, Math.min(1, place.loop.leftMs / Math.max(1, place.loop.dwellMs) - gone))
        }
    }
}
