import QtQuick
import "../parts"

Item {
    id: slide
    property var view: ({})
    readonly property var events: slide.view.events || []
    readonly property int count: events.length
    // Landscape: one card per column, code at the foot. Portrait: stacked cards, code at the side.
    readonly property bool columns: !ui.portrait && count > 1

    FitText {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; leftMargin: ui.margin; rightMargin: ui.margin }
        text: slide.view.title
        size: ui.heading
        font.bold: true
        fontSizeMode: Text.FixedSize
        maximumLineCount: 2
    }
    FitText {
        id: intro
        anchors { left: parent.left; right: parent.right; top: heading.bottom; topMargin: 12 * ui.u; leftMargin: ui.margin; rightMargin: ui.margin }
        text: slide.view.intro || ""
        visible: text.length > 0
        height: visible ? implicitHeight : 0
        size: ui.small * 1.1
        color: ui.theme.muted
        fontSizeMode: Text.FixedSize
    }
    Grid {
        id: cards
        anchors { left: parent.left; right: parent.right; top: intro.bottom; bottom: parent.bottom
                  topMargin: 28 * ui.u; leftMargin: ui.margin; rightMargin: ui.margin; bottomMargin: ui.margin * 0.4 }
        columns: slide.columns ? slide.count : 1
        spacing: 28 * ui.u
        readonly property real cellWidth: (width - spacing * (columns - 1)) / columns
        readonly property real cellHeight: slide.columns ? height : (height - spacing * (slide.count - 1)) / Math.max(1, slide.count)
        Repeater {
            model: slide.events
            delegate: Rectangle {
                id: card
                required property var modelData
                width: cards.cellWidth
                height: cards.cellHeight
                radius: 20 * ui.u
                color: ui.theme.surface
                readonly property bool hasQr: !!modelData.qr
                readonly property real pad: 28 * ui.u
                readonly property real qrSide: slide.columns
                    ? Math.min(width - 2 * pad, height * 0.4, 200 * ui.u)
                    : Math.min(height - 2 * pad - 70 * ui.u, width * 0.32, 260 * ui.u)
                FitColumn {
                    id: fit
                    x: card.pad
                    y: card.pad
                    width: card.width - 2 * card.pad - (card.hasQr && !slide.columns ? qr.width + card.pad : 0)
                    height: card.height - 2 * card.pad - (card.hasQr && slide.columns ? qr.height + card.pad : 0)
                    spacing: 10 * ui.u * k
                    kMin: ui.bodyFloor / 0.8  // its smallest text is 0.8 of body
                    fadeColor: card.color
                    FitText { width: parent.width; text: modelData.title; size: ui.body * 0.95 * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
                    FitText { width: parent.width; text: modelData.date; size: ui.body * 0.8 * fit.k; color: ui.theme.accent; font.bold: true; fontSizeMode: Text.FixedSize }
                    FitText { width: parent.width; text: modelData.time; visible: text.length > 0; size: ui.body * 0.8 * fit.k; color: ui.theme.accent; fontSizeMode: Text.FixedSize }
                    FitText { width: parent.width; text: modelData.place; visible: text.length > 0; size: ui.body * 0.8 * fit.k; fontSizeMode: Text.FixedSize }
                    // The description is extra: shown when the card is wide (stacked layout).
                    FitText { width: parent.width; text: modelData.body; visible: text.length > 0 && !slide.columns; size: ui.body * 0.8 * fit.k; color: ui.theme.muted; fontSizeMode: Text.FixedSize }
                }
                QrCode {
                    id: qr
                    visible: card.hasQr
                    side: card.qrSide
                    payload: card.hasQr ? modelData.qr.payload : ""
                    label: card.hasQr ? modelData.qr.label : ""
                    labelWidth: slide.columns ? card.width - 2 * card.pad : side
                    x: slide.columns ? (card.width - width) / 2 : card.width - width - card.pad
                    y: slide.columns ? card.height - height - card.pad : (card.height - height) / 2
                }
            }
        }
    }
}
