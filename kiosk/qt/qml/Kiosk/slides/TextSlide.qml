pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

Item {
    id: slide
    property var view: ({})
    readonly property bool hasQr: !!slide.view.qr
    readonly property real qrSide: Math.min(Theme.portrait ? 360 * Theme.u : 300 * Theme.u, (Theme.portrait ? height * 0.3 : width * 0.28))

    FitColumn {
        id: fit
        anchors { left: parent.left; top: parent.top; leftMargin: Theme.margin; rightMargin: Theme.margin; topMargin: Theme.slideTop }
        width: (slide.hasQr && !Theme.portrait ? parent.width - qr.width - Theme.margin : parent.width) - 2 * Theme.margin
        height: parent.height - Theme.margin * 0.75 - (slide.hasQr && Theme.portrait ? qr.height + Theme.margin : 0)
        spacing: 32 * Theme.u * k
        kMin: Theme.bodyFloor
        kMax: Theme.fitMax
        centred: true
        FitText { objectName: "headline"; width: parent.width; text: slide.view.title; size: Theme.fitHeadline * Theme.headK(fit.k); font.bold: true; fontSizeMode: Text.FixedSize }
        Rectangle { width: 120 * Theme.u; height: 10 * Theme.u; radius: height / 2; color: Theme.colors.accent
                    x: LayoutMirroring.enabled ? parent.width - width : 0 }
        FitText { width: parent.width; text: slide.view.body || ""; visible: text.length > 0; size: Theme.fitBody * fit.k; fontSizeMode: Text.FixedSize; lineHeight: 1.15 }
        Bullets { width: parent.width; items: slide.view.bullets || []; icons: slide.view.bullet_icons || []; visible: items.length > 0; size: Theme.fitBody * fit.k }
        Flow {
            width: parent.width
            spacing: 20 * Theme.u
            visible: (slide.view.buttons || []).length > 0
            Repeater {
                model: slide.view.buttons || []
                delegate: TouchButton {
                    required property var modelData
                    // On a mirrored page the label reads right to left as a whole (a right-to-left
                    // mark first), so the arrow ends it on the left even when the label fell back
                    // to English, as it does after an Arabic label.
                    text: (modelData.goto && LayoutMirroring.enabled ? "\u200f" : "") + modelData.label
                          + (modelData.goto ? "  " + (LayoutMirroring.enabled ? "‹" : "›") : "")
                    onActivated: if (modelData.goto) Player.goTo(modelData.goto); else Player.tap()
                }
            }
        }
        FitText { objectName: "footnote"; width: parent.width; text: slide.view.source || ""; visible: text.length > 0; size: Theme.fitSmall * Theme.footK(fit.k); color: Theme.colors.muted; fontSizeMode: Text.FixedSize }
    }
    QrCode {
        id: qr
        visible: slide.hasQr
        side: slide.qrSide
        payload: slide.hasQr ? slide.view.qr.payload : ""
        label: slide.hasQr ? slide.view.qr.label : ""
        // Under the text in portrait: its usual size with larger text too, so it takes no room
        // from the text (Theme.fitMax).
        textSize: Theme.portrait ? Theme.fitSmall : Theme.small
        // Beside the text on the reading side's far end (mirrored for right-to-left languages).
        x: Theme.portrait ? (parent.width - width) / 2 : LayoutMirroring.enabled ? Theme.margin : parent.width - width - Theme.margin
        y: Theme.portrait ? parent.height - height - Theme.margin * 0.5 : Math.max(0, (parent.height - height) / 2)
    }
}
