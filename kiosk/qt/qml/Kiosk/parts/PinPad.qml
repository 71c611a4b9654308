pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// The staff PIN pad: digits shown as dots, keys of at least 9 mm. After a wrong PIN the digits
// are still taken whole, but OK is dimmed and takes nothing until the wait is over (the pad says
// how long): a PIN typed during the wait is checked whole once OK is pressed after it, never the
// digits typed after the wait alone, and a press of OK during the wait is no attempt. The PIN is
// checked in Python (staff.submitPin).
Rectangle {
    id: pad
    objectName: "pinPad"
    property string entered: ""
    readonly property real key: Math.max(Theme.minTarget, 104 * Theme.u)
    readonly property bool waiting: Staff.waitSeconds > 0
    width: keys.width + 80 * Theme.u
    height: column.height + 80 * Theme.u
    radius: 24 * Theme.u
    color: Theme.colors.surface
    border.color: Theme.colors.muted
    border.width: Math.max(2, 3 * Theme.u)
    onVisibleChanged: entered = ""

    function press(label) {
        Staff.touched()
        if (label === "⌫") entered = entered.slice(0, -1)
        else if (label === "OK") { if (!waiting) { Staff.submitPin(entered); entered = "" } }
        else if (entered.length < 12) entered += label
    }

    Column {
        id: column
        anchors.centerIn: parent
        spacing: 20 * Theme.u
        Text {
            width: keys.width
            text: "Staff PIN"
            color: Theme.colors.text
            font.family: Theme.font
            font.pixelSize: Theme.body
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            textFormat: Text.PlainText
        }
        Text {
            objectName: "pinDots"
            width: keys.width
            height: 64 * Theme.u
            text: pad.entered.length ? "●".repeat(pad.entered.length) : "–"
            color: Theme.colors.text
            font.family: Theme.font
            font.pixelSize: Theme.heading
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.minText
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            textFormat: Text.PlainText
        }
        Text {
            objectName: "pinMessage"
            width: keys.width
            height: 2 * Theme.small * 1.3
            text: pad.waiting ? Staff.pinMessage + " Type it again; OK works in " + Staff.waitSeconds + "\u00a0s."  // never "s." alone on a line
                              : Staff.pinMessage
            color: Theme.colors.text
            font.family: Theme.font
            font.pixelSize: Theme.small
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            textFormat: Text.PlainText
        }
        Grid {
            id: keys
            columns: 3
            spacing: 14 * Theme.u
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                TouchButton {
                    required property string modelData
                    objectName: "pinKey" + (modelData === "⌫" ? "Delete" : modelData)
                    width: pad.key * 1.4
                    height: pad.key
                    text: modelData
                    textSize: Theme.heading * 0.8
                    primary: modelData === "OK"
                    // OK takes nothing while the pad waits after a wrong PIN; the digits still do.
                    enabled: modelData !== "OK" || !pad.waiting
                    onActivated: pad.press(modelData)
                }
            }
        }
        TouchButton {
            objectName: "pinCancel"
            width: keys.width
            text: "Cancel"
            onActivated: Staff.close()
        }
    }
}
