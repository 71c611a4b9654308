import QtQuick

// The staff PIN pad: digits shown as dots, keys of at least 9 mm, no keys while it waits
// after a wrong PIN. The PIN is checked in Python (staff.submitPin).
Rectangle {
    id: pad
    objectName: "pinPad"
    property string entered: ""
    readonly property real key: Math.max(ui.minTarget, 104 * ui.u)
    readonly property bool waiting: staff.waitSeconds > 0
    width: keys.width + 80 * ui.u
    height: column.height + 80 * ui.u
    radius: 24 * ui.u
    color: ui.theme.surface
    border.color: ui.theme.muted
    border.width: Math.max(2, 3 * ui.u)
    onVisibleChanged: entered = ""

    function press(label) {
        staff.touched()
        if (label === "⌫") entered = entered.slice(0, -1)
        else if (label === "OK") { staff.submitPin(entered); entered = "" }
        else if (entered.length < 12) entered += label
    }

    Column {
        id: column
        anchors.centerIn: parent
        spacing: 20 * ui.u
        Text {
            width: keys.width
            text: "Staff PIN"
            color: ui.theme.text
            font.family: ui.font
            font.pixelSize: ui.body
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            textFormat: Text.PlainText
        }
        Text {
            objectName: "pinDots"
            width: keys.width
            height: 64 * ui.u
            text: pad.entered.length ? "●".repeat(pad.entered.length) : "–"
            color: ui.theme.text
            font.family: ui.font
            font.pixelSize: ui.heading
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: ui.minText
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            textFormat: Text.PlainText
        }
        Text {
            objectName: "pinMessage"
            width: keys.width
            height: 2 * ui.small * 1.3
            text: pad.waiting ? staff.pinMessage + " Try again in " + staff.waitSeconds + " s."
                              : staff.pinMessage
            color: ui.theme.text
            font.family: ui.font
            font.pixelSize: ui.small
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            textFormat: Text.PlainText
        }
        Grid {
            id: keys
            columns: 3
            spacing: 14 * ui.u
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
                    textSize: ui.heading * 0.8
                    primary: modelData === "OK"
                    onActivated: pad.press(modelData)
                }
            }
        }
        TouchButton {
            objectName: "pinCancel"
            width: keys.width
            text: "Cancel"
            onActivated: staff.close()
        }
    }
}
