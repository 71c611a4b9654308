import QtQuick
import Kiosk

// Outside opening hours: plain black, nothing moving, so nothing is redrawn. A touch wakes
// the kiosk for a few minutes (kioskHours.wake()) as the finger lands; that touch does nothing
// else: the slides are not drawn while it is closed, so the press reaches nothing under the cover
// (it opens no visitor controls, no control under it), and the lift has nothing to end.
Rectangle {
    objectName: "closedCover"
    color: "#000000"
    visible: Hours.closed
    Cover {  // any finger wakes it, even with another resting on the screen
        anchors.fill: parent
        onPressed: Hours.wake()
    }
}
