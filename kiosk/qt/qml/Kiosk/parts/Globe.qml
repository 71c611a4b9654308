import QtQuick
import Kiosk

// A line drawing of a globe: the sign for "language" that needs no words.
Item {
    id: globe
    property color color: Theme.colors.text
    property real line: Math.max(2, 3 * Theme.u)
    width: 40 * Theme.u
    height: width
    Accessible.ignored: true
    Rectangle { anchors.fill: parent; radius: width / 2; color: "transparent"; border.color: globe.color; border.width: globe.line }
    Rectangle { anchors.centerIn: parent; width: parent.width * 0.45; height: parent.height; radius: width / 2
                color: "transparent"; border.color: globe.color; border.width: globe.line }
    Rectangle { anchors.centerIn: parent; width: parent.width; height: globe.line; color: globe.color }
    Rectangle { anchors.centerIn: parent; width: globe.line; height: parent.height; color: globe.color }
}
