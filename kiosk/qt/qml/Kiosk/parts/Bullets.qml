pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// A list of short lines, each with an accent bullet.
Column {
    id: list
    property var items: []
    property real size: Theme.body
    spacing: size * 0.45
    Repeater {
        model: list.items
        delegate: Row {
            id: bullet
            required property string modelData
            spacing: list.size * 0.5
            width: list.width
            Rectangle {
                width: list.size * 0.32
                height: width
                radius: width / 2
                color: Theme.colors.accent
                y: list.size * 0.42
            }
            Text {
                width: list.width - list.size * 0.82
                text: bullet.modelData
                color: Theme.colors.text
                font.family: Player.fontFor(text)
                font.pixelSize: list.size
                wrapMode: Text.Wrap  // a word wider than the line breaks inside its box
                horizontalAlignment: Text.AlignLeft  // mirrors on a right-to-left page
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                textFormat: Text.PlainText
                rightPadding: Player.isRtlText(text) ? Math.ceil(font.pixelSize * 0.1) : 0  // as FitText
            }
        }
    }
}
