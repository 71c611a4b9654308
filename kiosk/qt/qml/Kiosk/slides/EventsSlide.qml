pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

Item {
    id: slide
    property var view: ({})
    readonly property var events: slide.view.events || []
    readonly property int count: events.length
    // Landscape: one card per column, code at the foot. Portrait: stacked cards, code at the side.
    readonly property bool columns: !Theme.portrait && count > 1
    // One text size for every card: the smallest any card needs to fit (a card without a code
    // has more room, but its text is not drawn larger than its neighbours').
    property var cardK: []
    readonly property real k: cardK.reduce((least, each) => Math.min(least, each === undefined ? 1 : each), 1)
    function noteK(index, value) {
        const copy = cardK.slice()
        copy[index] = value
        cardK = copy
    }

    FitText {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; leftMargin: Theme.margin; rightMargin: Theme.margin }
        objectName: "headline"
        text: slide.view.title
        size: Theme.headline
        font.bold: true
        fontSizeMode: Text.FixedSize
        maximumLineCount: 2
    }
    FitText {
        id: intro
        anchors { left: parent.left; right: parent.right; top: heading.bottom; topMargin: 12 * Theme.u; leftMargin: Theme.margin; rightMargin: Theme.margin }
        text: slide.view.intro || ""
        visible: text.length > 0
        height: visible ? implicitHeight : 0
        size: Theme.body * 0.8
        color: Theme.colors.muted
        fontSizeMode: Text.FixedSize
    }
    Grid {
        id: cards
        anchors { left: parent.left; right: parent.right; top: intro.bottom; bottom: parent.bottom
                  topMargin: 28 * Theme.u; leftMargin: Theme.margin; rightMargin: Theme.margin; bottomMargin: Theme.margin * 0.4 }
        columns: slide.columns ? slide.count : 1
        spacing: (slide.columns ? 28 : 20) * Theme.u
        readonly property real cellWidth: (width - spacing * (columns - 1)) / columns
        readonly property real cellHeight: slide.columns ? height : (height - spacing * (slide.count - 1)) / Math.max(1, slide.count)
        Repeater {
            model: slide.events
            delegate: Rectangle {
                id: card
                required property var modelData
                required property int index
                readonly property real ownK: fit.k
                onOwnKChanged: slide.noteK(index, ownK)
                Component.onCompleted: slide.noteK(index, ownK)
                width: cards.cellWidth
                height: cards.cellHeight
                radius: 20 * Theme.u
                color: Theme.colors.surface
                readonly property bool hasQr: !!modelData.qr
                readonly property real pad: (slide.columns ? 28 : 22) * Theme.u
                readonly property real qrSide: slide.columns
                    ? Math.min((width - 2 * pad) * 0.42, height * 0.4, 190 * Theme.u)
                    : Math.min(height - 2 * pad - 70 * Theme.u, width * 0.32, 260 * Theme.u)
                FitColumn {
                    id: fit
                    x: card.pad
                    y: card.pad
                    width: card.width - 2 * card.pad - (card.hasQr && !slide.columns ? qr.width + card.pad : 0)
                    height: card.height - 2 * card.pad
                    spacing: 10 * Theme.u * slide.k
                    kMin: Theme.bodyFloor / 0.8  // its smallest text is 0.8 of body
                    kMax: Theme.growMax
                    fadeColor: card.color
                    // "Today" or "Tomorrow" (in the visitor's language) on an event that is near.
                    Rectangle {
                        objectName: "eventDay"
                        visible: (card.modelData.day || "").length > 0
                        x: LayoutMirroring.enabled ? parent.width - width : 0
                        width: dayText.implicitWidth + 28 * Theme.u * slide.k
                        height: dayText.implicitHeight + 8 * Theme.u * slide.k
                        radius: 10 * Theme.u
                        color: Theme.colors.accent
                        Text {
                            id: dayText
                            anchors.centerIn: parent
                            text: card.modelData.day || ""
                            color: Theme.colors.accent_text
                            font.family: Player.fontFor(text)
                            font.pixelSize: Theme.body * 0.8 * slide.k
                            font.bold: true
                            textFormat: Text.PlainText
                            Accessible.role: Accessible.StaticText
                            Accessible.name: text
                        }
                    }
                    FitText { width: parent.width; text: card.modelData.title; size: Theme.body * 0.95 * slide.k; font.bold: true; fontSizeMode: Text.FixedSize }
                    // The day and the time: on one line when they fit on it.
                    Flow {
                        width: parent.width
                        spacing: 14 * Theme.u * slide.k
                        FitText { width: Math.min(implicitWidth, parent.width); text: Theme.longDate(card.modelData.date, slide.view.locale); size: Theme.body * 0.8 * slide.k; color: Theme.colors.accent; font.bold: true; fontSizeMode: Text.FixedSize }
                        FitText { width: Math.min(implicitWidth, parent.width); text: card.modelData.time; visible: text.length > 0; size: Theme.body * 0.8 * slide.k; color: Theme.colors.accent; fontSizeMode: Text.FixedSize }
                    }
                    FitText { width: parent.width; text: card.modelData.place; visible: text.length > 0; size: Theme.body * 0.8 * slide.k; fontSizeMode: Text.FixedSize }
                    // What the event is: its own description, in every layout (in a narrow card
                    // with a code, beside the code).
                    FitText { objectName: "eventBody"; width: parent.width; text: card.modelData.body; visible: text.length > 0 && !inline.visible; size: Theme.body * 0.8 * slide.k; color: Theme.colors.text; fontSizeMode: Text.FixedSize }
                    Row {
                        id: inline
                        visible: card.hasQr && slide.columns
                        width: parent.width
                        spacing: 20 * Theme.u
                        QrCode {
                            objectName: "eventCode"
                            side: card.qrSide
                            payload: inline.visible ? card.modelData.qr.payload : ""
                            label: inline.visible ? card.modelData.qr.label : ""
                            showLabel: false  // beside it, under the description
                        }
                        Column {
                            width: parent.width - card.qrSide - parent.spacing
                            spacing: 10 * Theme.u * slide.k
                            FitText { objectName: "eventBody"; width: parent.width; text: card.modelData.body; visible: text.length > 0; size: Theme.body * 0.8 * slide.k; color: Theme.colors.text; fontSizeMode: Text.FixedSize }
                            FitText { objectName: "codeLabel"; width: parent.width; text: inline.visible ? card.modelData.qr.label : ""; size: Theme.small; fontSizeMode: Text.FixedSize }
                        }
                    }
                }
                // Wide cards (stacked): the code on the far side of the card.
                QrCode {
                    id: qr
                    objectName: "eventCode"
                    visible: card.hasQr && !slide.columns
                    side: card.qrSide
                    payload: visible ? card.modelData.qr.payload : ""
                    label: visible ? card.modelData.qr.label : ""
                    x: card.width - width - card.pad
                    y: (card.height - height) / 2
                }
            }
        }
    }
}
