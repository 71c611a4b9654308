import QtQuick
import "../parts"

Item {
    id: slide
    property var view: ({})
    readonly property int count: (slide.view.items || []).length

    FitColumn {
        id: fit
        anchors { fill: parent; leftMargin: ui.margin; rightMargin: ui.margin; bottomMargin: ui.margin * 0.5 }
        spacing: 36 * ui.u * k
        kMin: 1  // sources are already at the smallest size
        FitText { width: parent.width; text: slide.view.title; size: ui.heading * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        Grid {
            id: grid
            width: parent.width
            columns: ui.portrait ? 1 : Math.max(1, slide.count)
            columnSpacing: ui.margin * 0.75
            rowSpacing: 36 * ui.u * fit.k
            readonly property real cellWidth: (width - columnSpacing * (columns - 1)) / columns
            Repeater {
                model: slide.view.items || []
                delegate: Column {
                    required property var modelData
                    width: grid.cellWidth
                    spacing: 8 * ui.u * fit.k
                    FitText { width: parent.width; text: modelData.value; size: ui.hero * fit.k; font.bold: true; color: ui.theme.accent; fontSizeMode: Text.FixedSize }
                    FitText { width: parent.width; text: modelData.label; size: ui.body * 0.85 * fit.k; fontSizeMode: Text.FixedSize }
                    FitText { width: parent.width; text: modelData.source; size: ui.small * Math.max(1, fit.k); color: ui.theme.muted; fontSizeMode: Text.FixedSize }
                }
            }
        }
        FitText { width: parent.width; text: slide.view.note || ""; visible: text.length > 0; size: ui.body * fit.k; fontSizeMode: Text.FixedSize }
    }
}
