pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// A list of short lines, each with an accent bullet, or its pictogram where `icons` names one.
Column {
    id: list
    property var items: []
    // A pictogram's name per line ("" for a plain bullet); all lines' words align when any has one.
    property var icons: []
    readonly property bool pictograms: list.icons.some(name => !!name)
    readonly property real lead: list.pictograms ? list.size * 1.3 : list.size * 0.32
    property real size: Theme.body
    spacing: size * 0.45
    Repeater {
        model: list.items
        delegate: Row {
            id: bullet
            required property string modelData
            required property int index
            readonly property string icon: list.icons[bullet.index] || ""
            spacing: list.size * 0.5
            width: list.width
            Item {
                width: list.lead
                height: list.size * 1.2
                Rectangle {
                    visible: !bullet.icon
                    width: list.size * 0.32
                    height: width
                    radius: width / 2
                    color: Theme.colors.accent
                    anchors.centerIn: parent
                }
                Pictogram { name: bullet.icon; side: list.size * 1.2; anchors.centerIn: parent }
            }
            Text {
                width: list.width - list.lead - list.size * 0.5
                text: bullet.modelData
                color: Theme.colors.text
                font.family: Player.fontFor(text)
                font.pixelSize: list.size
                wrapMode: Text.Wrap  // a word wider than the line breaks inside its box
                horizontalAlignment: Text.AlignLeft  // mirrors on a right-to-left page
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                textFormat: Text.PlainText
                rightPadding: rightToLeft ? Math.ceil(font.pixelSize * 0.1) : 0  // as FitText
                readonly property bool rightToLeft: Player.isRtlText(text)
            }
        }
    }
}
