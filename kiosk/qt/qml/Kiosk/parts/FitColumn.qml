import QtQuick
import Kiosk

// A column whose text shrinks together (factor k) until it fits the box's height, never
// below kMin. `overflowing` stays true only if even the smallest readable size is too big:
// the column is then cut at the box's bottom edge (never drawn over the controls below it or
// off the screen), with a fade into `fadeColor` at the cut so it reads as "continues".
Item {
    id: box
    default property alias content: col.data
    property real k: 1
    property real kMin: 0.7
    property alias spacing: col.spacing
    // Centre the column vertically in the box (title slides).
    property bool centred: false
    // What is behind the box (the slide background; a card's colour inside a card).
    property color fadeColor: Theme.colors.background
    readonly property bool overflowing: col.implicitHeight > height + 1 && k <= kMin
    // Cut while the text is taller than the box, also while it is still being shrunk.
    readonly property bool cut: col.implicitHeight > height + 1
    implicitHeight: col.implicitHeight
    clip: cut

    Column {
        id: col
        width: box.width
        y: box.centred ? Math.max(0, (box.height - implicitHeight) / 2) : 0
    }
    Rectangle {
        objectName: "fitFade"
        visible: box.overflowing
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: Math.min(box.height * 0.3, 140 * Theme.u)
        gradient: Gradient {
            GradientStop { position: 0; color: Qt.rgba(box.fadeColor.r, box.fadeColor.g, box.fadeColor.b, 0) }
            GradientStop { position: 0.75; color: box.fadeColor }
            GradientStop { position: 1; color: box.fadeColor }
        }
    }
    function refit() {
        if (height <= 0)
            return
        // Judge the column as laid out now, not its height from before a change of width or k
        // (a column laid out while its box was still narrow would shrink for good).
        col.forceLayout()
        if (col.implicitHeight > height + 1 && k > kMin)
            k = Math.max(kMin, k * Math.max(0.8, Math.min(0.97, height / col.implicitHeight)))
    }
    // Deferred: changing k inside the column's own layout pass would loop.
    onHeightChanged: { k = 1; Qt.callLater(refit) }
    onWidthChanged: { k = 1; Qt.callLater(refit) }
    Connections {
        target: col
        function onImplicitHeightChanged() { Qt.callLater(box.refit) }
    }
    // Report only an overflow that lasts (not one seen mid-layout while the window sizes itself).
    onOverflowingChanged: if (overflowing) overflowCheck.restart()
    Timer {
        id: overflowCheck
        interval: 250
        onTriggered: if (box.overflowing) Player.reportOverflow(Theme.viewId)
    }
}
