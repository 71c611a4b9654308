import QtQuick
import "../parts"

Item {
    id: slide
    property var view: ({})
    readonly property bool hasQr: !!slide.view.qr
    readonly property real qrSide: Math.min(300 * ui.u, (ui.portrait ? height * 0.3 : width * 0.28))

    FitColumn {
        id: fit
        anchors { left: parent.left; top: parent.top; leftMargin: ui.margin; rightMargin: ui.margin }
        width: (slide.hasQr && !ui.portrait ? parent.width - qr.width - ui.margin : parent.width) - 2 * ui.margin
        height: parent.height - ui.margin * 0.5 - (slide.hasQr && ui.portrait ? qr.height + ui.margin : 0)
        spacing: 32 * ui.u * k
        kMin: ui.bodyFloor
        FitText { width: parent.width; text: slide.view.title; size: ui.heading * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        Rectangle { width: 120 * ui.u; height: 10 * ui.u; radius: height / 2; color: ui.theme.accent
                    x: LayoutMirroring.enabled ? parent.width - width : 0 }
        FitText { width: parent.width; text: slide.view.body || ""; visible: text.length > 0; size: ui.body * fit.k; fontSizeMode: Text.FixedSize; lineHeight: 1.15 }
        Bullets { width: parent.width; items: slide.view.bullets || []; visible: items.length > 0; size: ui.body * fit.k }
        Flow {
            width: parent.width
            spacing: 20 * ui.u
            visible: (slide.view.buttons || []).length > 0
            Repeater {
                model: slide.view.buttons || []
                delegate: TouchButton {
                    required property var modelData
                    text: modelData.label + (modelData.goto ? "  " + (LayoutMirroring.enabled ? "‹" : "›") : "")
                    onActivated: if (modelData.goto) kiosk.goTo(modelData.goto); else kiosk.tap()
                }
            }
        }
        FitText { width: parent.width; text: slide.view.source || ""; visible: text.length > 0; size: ui.small; color: ui.theme.muted; fontSizeMode: Text.FixedSize }
    }
    QrCode {
        id: qr
        visible: slide.hasQr
        side: slide.qrSide
        payload: slide.hasQr ? slide.view.qr.payload : ""
        label: slide.hasQr ? slide.view.qr.label : ""
        // Beside the text on the reading side's far end (mirrored for right-to-left languages).
        x: ui.portrait ? (parent.width - width) / 2 : LayoutMirroring.enabled ? ui.margin : parent.width - width - ui.margin
        y: ui.portrait ? parent.height - height - ui.margin * 0.5 : Math.max(0, (parent.height - height) / 2)
    }
}
