import QtQuick
import "../parts"

// The helpline: number very large, hours, and QR codes to call and to visit the site.
Item {
    id: slide
    property var view: ({})
    readonly property var codes: slide.view.codes || []
    readonly property real qrSide: ui.portrait ? Math.min(320 * ui.u, (width - 3 * ui.margin) / 2)
                                               : Math.min(300 * ui.u, (height - 80 * ui.u) * 0.62)

    FitColumn {
        id: fit
        anchors { left: parent.left; top: parent.top; leftMargin: ui.margin }
        width: (ui.portrait ? parent.width : parent.width - codesRow.width - ui.margin) - 2 * ui.margin
        height: parent.height - (ui.portrait ? codesRow.height + ui.margin : 0) - ui.margin * 0.4
        spacing: 22 * ui.u * k
        kMin: ui.bodyFloor
        FitText { width: parent.width; text: slide.view.title; size: ui.heading * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.name; visible: text.length > 0; size: ui.body * fit.k; fontSizeMode: Text.FixedSize }
        FitText {
            objectName: "phone"
            width: parent.width
            text: slide.view.phone
            size: ui.hero * 1.25 * Math.max(fit.k, 0.8)
            font.bold: true
            color: ui.theme.accent
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: ui.heading
            wrapMode: Text.NoWrap
        }
        FitText { width: parent.width; text: slide.view.hours; visible: text.length > 0; size: ui.body * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.body; visible: text.length > 0; size: ui.body * 0.85 * fit.k; fontSizeMode: Text.FixedSize; lineHeight: 1.1 }
        FitText { width: parent.width; text: slide.view.note; visible: text.length > 0; size: ui.body * 0.85 * fit.k; color: ui.theme.accent; fontSizeMode: Text.FixedSize }
    }
    Row {
        id: codesRow
        spacing: ui.margin * 0.6
        x: ui.portrait ? (parent.width - width) / 2 : LayoutMirroring.enabled ? ui.margin : parent.width - width - ui.margin
        y: ui.portrait ? parent.height - height - ui.margin * 0.4 : Math.max(0, (parent.height - height) / 2)
        Repeater {
            model: slide.codes
            delegate: QrCode {
                required property var modelData
                side: slide.qrSide
                payload: modelData.payload
                label: modelData.label
            }
        }
    }
}
