import QtQuick
import Kiosk

Item {
    id: slide
    property var view: ({})
    FitColumn {
        id: fit
        anchors { fill: parent; leftMargin: Theme.margin * 1.5; rightMargin: Theme.margin * 1.5; topMargin: Theme.slideTop; bottomMargin: Theme.margin }
        spacing: 40 * Theme.u * k
        kMin: Theme.bodyFloor
        kMax: Theme.fitMax
        centred: true
        // At the reading side's start, over the headline (mirrored for right-to-left languages).
        Rectangle { objectName: "accentBar"; width: 160 * Theme.u; height: 12 * Theme.u; radius: height / 2; color: Theme.colors.accent
                    x: LayoutMirroring.enabled ? parent.width - width : 0 }
        FitText { objectName: "headline"; width: parent.width; text: slide.view.title; size: Theme.fitHero * fit.k; font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.subtitle; visible: text.length > 0; size: Theme.fitHeading * 0.8 * fit.k; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.note; visible: text.length > 0; size: Theme.fitBody * fit.k; color: Theme.colors.accent; fontSizeMode: Text.FixedSize }
    }
}
