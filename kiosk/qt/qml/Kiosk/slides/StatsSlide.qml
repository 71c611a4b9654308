pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

Item {
    id: slide
    property var view: ({})
    readonly property int count: (slide.view.items || []).length

    FitColumn {
        id: fit
        anchors { fill: parent; leftMargin: Theme.margin; rightMargin: Theme.margin; topMargin: Theme.margin * 0.25; bottomMargin: Theme.margin * 0.5 }
        spacing: 36 * Theme.u * k
        kMin: 1  // sources are already at the smallest size
        kMax: Theme.growMax
        centred: true
        FitText { objectName: "headline"; width: parent.width; text: slide.view.title; size: Theme.headline * Theme.headK(fit.k); font.bold: true; fontSizeMode: Text.FixedSize }
        Grid {
            id: grid
            width: parent.width
            columns: Theme.portrait ? 1 : Math.max(1, slide.count)
            columnSpacing: Theme.margin * 0.75
            rowSpacing: 36 * Theme.u * fit.k
            readonly property real cellWidth: (width - columnSpacing * (columns - 1)) / columns
            Repeater {
                model: slide.view.items || []
                delegate: Column {
                    id: item
                    required property var modelData
                    width: grid.cellWidth
                    spacing: 8 * Theme.u * fit.k
                    FitText { width: parent.width; text: item.modelData.value; size: Theme.hero * fit.k; font.bold: true; color: Theme.colors.accent; fontSizeMode: Text.FixedSize }
                    FitText { width: parent.width; text: item.modelData.label; size: Theme.body * 0.85 * fit.k; fontSizeMode: Text.FixedSize }
                    FitText { objectName: "footnote"; width: parent.width; text: item.modelData.source; size: Theme.small * Math.max(1, Theme.headK(fit.k)); color: Theme.colors.muted; fontSizeMode: Text.FixedSize }
                }
            }
        }
        FitText { width: parent.width; text: slide.view.note || ""; visible: text.length > 0; size: Theme.body * fit.k; fontSizeMode: Text.FixedSize }
    }
}
