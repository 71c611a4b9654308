import QtQuick
import Kiosk

// A sign that a Flickable holds more than it shows: a scroll bar at its reading end (its
// length the part shown, its place the part scrolled to) and a fade at the edge where more
// waits, below or above. Nothing shows when everything fits. Drawn over the Flickable, as its
// sibling: `anchors.fill: flick` and `flick: <the Flickable>`; `fadeColor` is what is behind.
Item {
    id: cue
    property Flickable flick
    property color fadeColor: Theme.colors.background
    readonly property bool scrolls: flick !== null && flick.contentHeight > flick.height + 1
    readonly property bool moreBelow: scrolls && flick.contentY + flick.height < flick.contentHeight - 1
    readonly property bool moreAbove: scrolls && flick.contentY > 1
    visible: scrolls

    Rectangle {
        objectName: "scrollFadeBelow"
        visible: cue.moreBelow
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: Math.min(parent.height * 0.25, 90 * Theme.u)
        gradient: Gradient {
            GradientStop { position: 0; color: Qt.rgba(cue.fadeColor.r, cue.fadeColor.g, cue.fadeColor.b, 0) }
            GradientStop { position: 1; color: cue.fadeColor }
        }
    }
    Rectangle {
        objectName: "scrollFadeAbove"
        visible: cue.moreAbove
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: Math.min(parent.height * 0.15, 48 * Theme.u)
        gradient: Gradient {
            GradientStop { position: 0; color: cue.fadeColor }
            GradientStop { position: 1; color: Qt.rgba(cue.fadeColor.r, cue.fadeColor.g, cue.fadeColor.b, 0) }
        }
    }
    // The bar: at the reading end (mirrored for right-to-left), in the muted colour.
    Rectangle {
        objectName: "scrollBar"
        readonly property real track: cue.height
        width: Math.max(6, 8 * Theme.u)
        radius: width / 2
        color: Theme.colors.muted
        anchors.right: parent.right
        height: cue.scrolls ? Math.max(40 * Theme.u, track * cue.flick.height / cue.flick.contentHeight) : 0
        y: cue.scrolls ? (track - height) * Math.max(0, Math.min(1, cue.flick.contentY / (cue.flick.contentHeight - cue.flick.height))) : 0
    }
}
