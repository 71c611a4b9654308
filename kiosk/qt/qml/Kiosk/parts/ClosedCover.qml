import QtQuick
import Kiosk

// Outside opening hours: plain black, nothing moving, so nothing is redrawn. A touch wakes
// the kiosk for a few minutes (kioskHours.wake()).
Rectangle {
    objectName: "closedCover"
    color: "#000000"
    visible: Hours.closed
    MultiPointTouchArea {  // any finger wakes it, even with another resting on the screen
        anchors.fill: parent
        onPressed: Hours.wake()
    }
}
