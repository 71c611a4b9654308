import QtQuick
import "../parts"

Item {
    id: slide
    property var view: ({})
    FitColumn {
        id: fit
        anchors { fill: parent; leftMargin: ui.margin * 1.5; rightMargin: ui.margin * 1.5; bottomMargin: ui.margin }
        spacing: 40 * ui.u * k
        kMin: ui.bodyFloor
        centred: true
        Rectangle { width: 160 * ui.u; height: 12 * ui.u; radius: height / 2; color: ui.theme.accent }
        FitText { width: parent.width; text: slide.view.title; size: ui.hero * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.subtitle; visible: text.length > 0; size: ui.heading * 0.8 * fit.k; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.note; visible: text.length > 0; size: ui.body * fit.k; color: ui.theme.accent; fontSizeMode: Text.FixedSize }
    }
}
