import QtQuick
import Kiosk

// Staff access, above the slides: the hidden corner gesture, the PIN pad, the staff menu and
// the black "screen off" cover. The logic is in Python (`staff`). A gesture that opens nothing
// (no PIN set) shows nothing: the public never learns of the staff menu (kiosk.log says why).
Item {
    id: layer
    anchors.fill: parent

    // The hidden gesture: a finger held still in the top-left corner for staff.holdMs. The
    // PointHandler only watches (it never takes the touch), so a short tap or a swipe there
    // still reaches the slide below.
    Item {
        id: cornerArea
        objectName: "staffCorner"
        width: 120 * Theme.u
        height: 120 * Theme.u
        PointHandler {
            id: finger
            onActiveChanged: active ? hold.restart() : hold.stop()
        }
        Timer {
            id: hold
            interval: Staff.holdMs
            onTriggered: if (finger.active && cornerArea.contains(finger.point.position)) Staff.longPress()
        }
    }

    // PIN pad or menu: a dimmed screen that takes every touch (every finger, not only the
    // first, so none reaches the slides under it), with the panel on top.
    Rectangle {
        objectName: "staffModal"
        anchors.fill: parent
        visible: Staff.state !== ""
        color: "#cc000000"
        Cover { anchors.fill: parent; onPressed: Staff.touched() }
        // Each panel is made when it opens (a Loader), so the kiosk's start makes neither.
        Loader { anchors.centerIn: parent; active: Staff.state === "pad"; sourceComponent: Component { PinPad {} } }
        Loader { anchors.centerIn: parent; active: Staff.state === "menu"; sourceComponent: Component { StaffMenu {} } }
    }

    // Screen off: plain black, no animation, until a touch of any finger. It wakes as the finger
    // lifts, and that touch does nothing else (it opens no visitor controls, no control under it).
    Rectangle {
        objectName: "screenOff"
        anchors.fill: parent
        visible: Staff.screenOff
        color: "#000000"
        Cover { anchors.fill: parent; onLifted: Staff.wake() }
    }
}
