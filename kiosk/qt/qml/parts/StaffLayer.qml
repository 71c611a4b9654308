import QtQuick

// Staff access, above the slides: the hidden corner gesture, a short notice, the PIN pad,
// the staff menu and the black "screen off" cover. The logic is in Python (`staff`).
Item {
    id: layer
    anchors.fill: parent

    // The hidden gesture: a finger held still in the top-left corner for staff.holdMs. The
    // PointHandler only watches (it never takes the touch), so a short tap or a swipe there
    // still reaches the slide below.
    Item {
        id: cornerArea
        objectName: "staffCorner"
        width: 120 * ui.u
        height: 120 * ui.u
        PointHandler {
            id: finger
            onActiveChanged: active ? hold.restart() : hold.stop()
        }
        Timer {
            id: hold
            interval: staff.holdMs
            onTriggered: if (finger.active && cornerArea.contains(finger.point.position)) staff.longPress()
        }
    }

    Rectangle {
        objectName: "staffNotice"
        visible: staff.notice !== ""
        anchors { horizontalCenter: parent.horizontalCenter; top: parent.top; topMargin: 140 * ui.u }
        width: Math.min(parent.width - 2 * ui.margin, noticeText.implicitWidth + 80 * ui.u)
        height: noticeText.implicitHeight + 48 * ui.u
        radius: 18 * ui.u
        color: "#202020"
        border.color: "#ffffff"
        border.width: Math.max(2, 3 * ui.u)
        Text {
            id: noticeText
            anchors.centerIn: parent
            width: Math.min(implicitWidth, layer.width - 2 * ui.margin - 80 * ui.u)
            text: staff.notice
            color: "#ffffff"
            font.family: ui.font
            font.pixelSize: ui.small
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            textFormat: Text.PlainText
        }
    }

    // PIN pad or menu: a dimmed screen that takes every touch (every finger, not only the
    // first, so none reaches the slides under it), with the panel on top.
    Rectangle {
        objectName: "staffModal"
        anchors.fill: parent
        visible: staff.state !== ""
        color: "#cc000000"
        MultiPointTouchArea { anchors.fill: parent; onPressed: staff.touched() }
        PinPad { visible: staff.state === "pad"; anchors.centerIn: parent }
        StaffMenu { visible: staff.state === "menu"; anchors.centerIn: parent }
    }

    // Screen off: plain black, no animation, until a touch of any finger.
    Rectangle {
        objectName: "screenOff"
        anchors.fill: parent
        visible: staff.screenOff
        color: "#000000"
        MultiPointTouchArea { anchors.fill: parent; onPressed: staff.wake() }
    }
}
