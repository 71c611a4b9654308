import QtQuick
import Kiosk

// A QR code drawn dark on light with its 4-module quiet zone (made by kiosk.qr, drawn in whole
// pixels by Player.qrSource), and a short line under it saying where it leads.
Column {
    id: qr
    property string payload: ""
    property string label: ""
    property real side: 240 * Theme.u
    property real labelWidth: side
    // False when the label is drawn elsewhere (beside the code); it still names the code.
    property bool showLabel: true
    // The label's largest size (a slide whose fitted text the label takes room from keeps it at
    // its usual size with larger text too: Theme.fitSmall, see Theme.fitMax).
    property real textSize: Theme.small
    // The label's size: the longest word (a web address, a phone number joined by no-break
    // spaces) sets it: it shrinks to the label's width rather than running into the next code's
    // label or off the screen, e.g. with larger text on.
    readonly property int fittedPixelSize: Math.max(Math.round(22 * Theme.u),
        Math.floor(Math.min(qr.textSize, 0.97 * qr.textSize * qr.labelWidth / Math.max(1, longestWord.advanceWidth))))
    // Codes side by side give all their labels the smallest of their fitted sizes, so the labels
    // share one baseline (see HelplineSlide.qml).
    property int labelPixelSize: fittedPixelSize
    spacing: 10 * Theme.u
    width: Math.max(side, labelWidth)
    Accessible.role: Accessible.Graphic
    Accessible.name: label

    Image {
        anchors.horizontalCenter: parent.horizontalCenter
        width: qr.side
        height: qr.side
        objectName: "qrCode"
        source: qr.payload ? Player.qrSource(qr.payload, Math.round(qr.side)) : ""
        sourceSize.width: Math.round(qr.side)
        sourceSize.height: Math.round(qr.side)
        smooth: false
        cache: true
        fillMode: Image.PreserveAspectFit
    }
    TextMetrics {
        id: longestWord
        font.family: Player.fontFor(qr.label)
        font.pixelSize: qr.textSize
        text: qr.label.split(/[ \n]+/).reduce((a, b) => b.length > a.length ? b : a, "")
    }
    Text {
        objectName: "codeLabel"  // read close up, where the code is scanned (kiosk.qt.measure)
        width: qr.labelWidth
        text: qr.label
        visible: text.length > 0 && qr.showLabel
        color: Theme.colors.text
        font.family: Player.fontFor(text)
        font.pixelSize: qr.labelPixelSize
        wrapMode: Text.Wrap  // at the smallest size, a word still too wide breaks inside the label
        horizontalAlignment: Text.AlignHCenter
        textFormat: Text.PlainText
    }
}
