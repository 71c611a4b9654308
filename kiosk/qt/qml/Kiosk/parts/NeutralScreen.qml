import QtQuick
import Kiosk

// What a quick exit shows at once: a greeting with the time and date, and nothing about the
// campaign. It covers the whole window (header too) and takes every touch until it goes.
Rectangle {
    id: neutral
    objectName: "neutralScreen"
    color: Theme.colors.background
    property date now: new Date()
    Accessible.role: Accessible.Pane
    Accessible.name: welcome.text

    Cover { anchors.fill: parent }  // every finger, not only the first
    Column {
        anchors.centerIn: parent
        spacing: 24 * Theme.u
        Text {
            id: welcome
            anchors.horizontalCenter: parent.horizontalCenter
            text: Theme.t.welcome
            color: Theme.colors.text
            font.family: Player.fontFor(text)
            font.pixelSize: Theme.hero
            textFormat: Text.PlainText
        }
        Text {
            objectName: "neutralTime"
            anchors.horizontalCenter: parent.horizontalCenter
            text: Qt.formatTime(neutral.now, "HH:mm")
            color: Theme.colors.muted
            font.family: Theme.font
            font.pixelSize: Theme.heading
            textFormat: Text.PlainText
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            objectName: "neutralDate"
            // In the visitor's language (the first of the deck's after a quick exit).
            text: neutral.now.toLocaleDateString(Qt.locale(Player.view.locale), Locale.LongFormat)
            color: Theme.colors.muted
            font.family: Player.fontFor(text)
            font.pixelSize: Theme.body
            textFormat: Text.PlainText
        }
    }
    // The clock moves on while it is shown (once a minute is enough for HH:mm).
    Timer {
        interval: 60000 - neutral.now.getSeconds() * 1000
        running: neutral.visible
        repeat: true
        onTriggered: neutral.now = new Date()
    }
    onVisibleChanged: if (visible) now = new Date()
}
