pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// The helpline: number very large, hours, and QR codes to call and to visit the site.
Item {
    id: slide
    property var view: ({})
    readonly property var codes: slide.view.codes || []
    readonly property real qrSide: Theme.portrait ? Math.min(320 * Theme.u, (width - 3 * Theme.margin) / 2)
                                               : Math.min(300 * Theme.u, (height - 80 * Theme.u) * 0.62)
    // One size for the labels under the codes (the smallest each fits at): one baseline.
    readonly property int labelSize: {
        let smallest = Theme.small
        for (let i = 0; i < codesRepeater.count; i++) {
            const code = codesRepeater.itemAt(i) as QrCode
            if (code)
                smallest = Math.min(smallest, code.fittedPixelSize)
        }
        return smallest
    }

    FitColumn {
        id: fit
        anchors { left: parent.left; top: parent.top; leftMargin: Theme.margin; topMargin: Theme.slideTop }
        width: (Theme.portrait ? parent.width : parent.width - codesRow.width - Theme.margin) - 2 * Theme.margin
        height: parent.height - (Theme.portrait ? codesRow.height + Theme.margin : 0) - Theme.margin * 0.65
        spacing: 22 * Theme.u * k
        kMin: Theme.bodyFloor
        kMax: Theme.fitMax
        centred: true
        Pictogram { name: slide.view.icon || ""; side: Theme.fitHeading * 1.4 * fit.k; x: LayoutMirroring.enabled ? parent.width - width : 0 }
        FitText { objectName: "headline"; width: parent.width; text: slide.view.title; size: Theme.fitHeadline * Theme.headK(fit.k); font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.name; visible: text.length > 0; size: Theme.fitBody * fit.k; fontSizeMode: Text.FixedSize }
        FitText {
            objectName: "phone"
            width: parent.width
            text: slide.view.phone
            size: Theme.fitHero * 1.25 * Math.max(fit.k, 0.8)
            font.bold: true
            color: Theme.colors.accent
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.fitHeading
            wrapMode: Text.NoWrap
        }
        FitText { width: parent.width; text: slide.view.hours; visible: text.length > 0; size: Theme.fitBody * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.body; visible: text.length > 0; size: Theme.fitBody * 0.85 * fit.k; fontSizeMode: Text.FixedSize; lineHeight: 1.1 }
        FitText { width: parent.width; text: slide.view.note; visible: text.length > 0; size: Theme.fitBody * 0.85 * fit.k; color: Theme.colors.accent; fontSizeMode: Text.FixedSize }
    }
    Row {
        id: codesRow
        spacing: Theme.margin * 0.6
        x: Theme.portrait ? (parent.width - width) / 2 : LayoutMirroring.enabled ? Theme.margin : parent.width - width - Theme.margin
        y: Theme.portrait ? parent.height - height - Theme.margin * 0.4 : Math.max(0, (parent.height - height) / 2)
        Repeater {
            id: codesRepeater
            model: slide.codes
            delegate: QrCode {
                required property var modelData
                side: slide.qrSide
                labelPixelSize: slide.labelSize
                payload: modelData.payload
                label: modelData.label
            }
        }
    }
}
