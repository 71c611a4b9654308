import QtQuick
import "../parts"

// One page of a signs section, with a back control to its menu.
Item {
    id: slide
    property var view: ({})

    TouchButton {
        id: backButton
        objectName: "back"
        anchors { left: parent.left; top: parent.top; leftMargin: ui.margin }
        text: (LayoutMirroring.enabled ? "›" : "‹") + " " + ui.t.back
        onActivated: kiosk.back()
    }
    Text {
        anchors { right: parent.right; rightMargin: ui.margin; verticalCenter: backButton.verticalCenter
                  left: backButton.right; leftMargin: 24 * ui.u }
        horizontalAlignment: Text.AlignRight  // mirrors on a right-to-left page
        wrapMode: Text.Wrap
        maximumLineCount: 2
        elide: Text.ElideRight
        text: slide.view.section + "  ·  " + ui.t.page_of.replace("{number}", slide.view.number).replace("{count}", slide.view.count)
        color: ui.theme.accent
        font.family: kiosk.fontFor(text)
        Accessible.role: Accessible.StaticText
        Accessible.name: text
        font.pixelSize: ui.small
        font.bold: true
        textFormat: Text.PlainText
    }
    FitColumn {
        id: fit
        anchors { left: parent.left; right: parent.right; top: backButton.bottom; bottom: parent.bottom
                  leftMargin: ui.margin; rightMargin: ui.margin; topMargin: 36 * ui.u; bottomMargin: ui.margin * 0.4 }
        spacing: 30 * ui.u * k
        kMin: ui.bodyFloor
        FitText { width: parent.width; text: slide.view.title; size: ui.heading * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.body || ""; visible: text.length > 0; size: ui.body * fit.k; fontSizeMode: Text.FixedSize; lineHeight: 1.15 }
        Bullets { width: parent.width; items: slide.view.bullets || []; visible: items.length > 0; size: ui.body * fit.k }
        FitText { width: parent.width; text: slide.view.source || ""; visible: text.length > 0; size: ui.small; color: ui.theme.muted; fontSizeMode: Text.FixedSize }
    }
}
