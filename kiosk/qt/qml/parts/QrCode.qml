import QtQuick

// A QR code drawn dark on light with its 4-module quiet zone (made by kiosk.qr), and a
// short line under it saying where it leads.
Column {
    id: qr
    property string payload: ""
    property string label: ""
    property real side: 240 * ui.u
    property real labelWidth: side
    spacing: 10 * ui.u
    width: Math.max(side, labelWidth)
    Accessible.role: Accessible.Graphic
    Accessible.name: label

    Image {
        anchors.horizontalCenter: parent.horizontalCenter
        width: qr.side
        height: qr.side
        source: qr.payload ? "image://qr/" + encodeURIComponent(qr.payload) : ""
        sourceSize.width: qr.side
        sourceSize.height: qr.side
        smooth: false
        cache: true
        fillMode: Image.PreserveAspectFit
    }
    Text {
        width: qr.labelWidth
        text: qr.label
        visible: text.length > 0
        color: ui.theme.text
        font.family: kiosk.fontFor(text)
        font.pixelSize: ui.small
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        textFormat: Text.PlainText
    }
}
