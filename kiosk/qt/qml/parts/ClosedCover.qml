import QtQuick

// Outside opening hours: plain black, nothing moving, so nothing is redrawn. A touch wakes
// the kiosk for a few minutes (kioskHours.wake()).
Rectangle {
    objectName: "closedCover"
    color: "#000000"
    visible: kioskHours.closed
    MouseArea {
        anchors.fill: parent
        onPressed: kioskHours.wake()
    }
}
