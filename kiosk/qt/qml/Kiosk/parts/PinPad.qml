pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// The staff PIN pad: digits shown as dots, keys of at least 9 mm, no keys while it waits
// after a wrong PIN. The PIN is checked in Python (staff.submitPin).
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
        else if (label === "OK") { Staff.submitPin(entered); entered = "" }
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
            text: pad.waiting ? Staff.pinMessage + " Try again in " + Staff.waitSeconds + "\u00a0s."  // never "s." alone on a line
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
            enabled: !pad.waiting
            opacity: enabled ? 1 : 0.4
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
