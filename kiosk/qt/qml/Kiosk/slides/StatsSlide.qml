pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

Item {
    id: slide
    property var view: ({})
    readonly property int count: (slide.view.items || []).length
    // The figures are drawn at one size, the largest at which the widest of them stays on one
    // line ("40.3 million" not broken over two), never below body text (then it wraps).
    readonly property real valueSize: Math.floor(Theme.fitHero * fit.k * Math.max(Theme.fitBody / Theme.fitHero,
        Math.min(1, 0.97 * grid.cellWidth / Math.max(1, widest.implicitWidth * fit.k))))
    Text {
        id: widest  // never drawn: its width is the widest figure's at the hero size
        visible: false
        text: (slide.view.items || []).map(each => each.value).join("\n")
        font.family: Player.fontFor(text)
        font.pixelSize: Theme.fitHero
        font.bold: true
        textFormat: Text.PlainText
    }

    FitColumn {
        id: fit
        anchors { fill: parent; leftMargin: Theme.margin; rightMargin: Theme.margin; topMargin: Theme.slideTop; bottomMargin: Theme.margin * 0.5 }
        spacing: 36 * Theme.u * k
        kMin: 1  // sources are already at the smallest size
        kMax: Theme.fitMax
        centred: true
        FitText { objectName: "headline"; width: parent.width; text: slide.view.title; size: Theme.fitHeadline * Theme.headK(fit.k); font.bold: true; fontSizeMode: Text.FixedSize }
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
                    FitText { width: parent.width; text: item.modelData.value; size: slide.valueSize; font.bold: true; color: Theme.colors.accent; fontSizeMode: Text.FixedSize }
                    FitText { width: parent.width; text: item.modelData.label; size: Theme.fitBody * 0.85 * fit.k; fontSizeMode: Text.FixedSize }
                    FitText { objectName: "footnote"; width: parent.width; text: item.modelData.source; size: Theme.fitSmall * Math.max(1, Theme.headK(fit.k)); color: Theme.colors.muted; fontSizeMode: Text.FixedSize }
                }
            }
        }
        FitText { width: parent.width; text: slide.view.note || ""; visible: text.length > 0; size: Theme.fitBody * fit.k; fontSizeMode: Text.FixedSize }
    }
}
