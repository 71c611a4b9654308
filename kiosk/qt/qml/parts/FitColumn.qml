import QtQuick

// A column whose text shrinks together (factor k) until it fits the box's height, never
// below kMin. `overflowing` stays true only if even the smallest readable size is too big.
Item {
    id: box
    default property alias content: col.data
    property real k: 1
    property real kMin: 0.7
    property alias spacing: col.spacing
    // Centre the column vertically in the box (title slides).
    property bool centred: false
    readonly property bool overflowing: col.implicitHeight > height + 1 && k <= kMin
    implicitHeight: col.implicitHeight

    Column {
        id: col
        width: box.width
        y: box.centred ? Math.max(0, (box.height - implicitHeight) / 2) : 0
    }
    function refit() {
        if (height <= 0)
            return
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
        onTriggered: if (box.overflowing) kiosk.reportOverflow(ui.viewId)
    }
}
