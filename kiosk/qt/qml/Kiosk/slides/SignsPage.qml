import QtQuick
import Kiosk

// One page of a signs section, with a back control to its menu.
Item {
    id: slide
    property var view: ({})
    // On a landscape screen the pictogram stands large beside the words, in the room a
    // column of text leaves; on a portrait screen it sits small above the heading.
    readonly property bool beside: !Theme.portrait && (view.icon || "").length > 0
    readonly property real besideSide: Math.min(height * 0.5, width * 0.26)

    TouchButton {
        id: backButton
        objectName: "back"
        anchors { left: parent.left; top: parent.top; topMargin: Theme.slideTop; leftMargin: Theme.margin }
        text: (LayoutMirroring.enabled ? "›" : "‹") + " " + Theme.t.back
        onActivated: Player.back()
    }
    Text {
        anchors { right: parent.right; rightMargin: Theme.margin; verticalCenter: backButton.verticalCenter
                  left: backButton.right; leftMargin: 24 * Theme.u }
        horizontalAlignment: Text.AlignRight  // mirrors on a right-to-left page
        wrapMode: Text.Wrap
        maximumLineCount: 2
        elide: Text.ElideRight
        text: slide.view.section + "  ·  " + Theme.t.page_of.replace("{number}", slide.view.number).replace("{count}", slide.view.count)
        color: Theme.colors.accent
        font.family: Player.fontFor(text)
        Accessible.role: Accessible.StaticText
        Accessible.name: text
        font.pixelSize: Theme.small * 1.2
        font.bold: true
        textFormat: Text.PlainText
    }
    Pictogram {
        objectName: "sidePictogram"
        name: slide.beside ? slide.view.icon : ""
        side: slide.besideSide
        anchors { right: parent.right; rightMargin: Theme.margin; verticalCenter: fit.verticalCenter }
    }
    FitColumn {
        id: fit
        anchors { left: parent.left; right: parent.right; top: backButton.bottom; bottom: parent.bottom
                  leftMargin: Theme.margin; rightMargin: Theme.margin + (slide.beside ? slide.besideSide + Theme.margin : 0); topMargin: 36 * Theme.u; bottomMargin: Theme.margin * 0.6 }
        spacing: 30 * Theme.u * k
        kMin: Theme.bodyFloor
        kMax: Theme.fitMax
        centred: true
        Pictogram { name: slide.beside ? "" : slide.view.icon || ""; side: Theme.fitHeading * 1.4 * fit.k; x: LayoutMirroring.enabled ? parent.width - width : 0 }
        FitText { objectName: "headline"; width: parent.width; text: slide.view.title; size: Theme.fitHeadline * Theme.headK(fit.k); font.bold: true; fontSizeMode: Text.FixedSize }
        FitText { width: parent.width; text: slide.view.body || ""; visible: text.length > 0; size: Theme.fitBody * fit.k; fontSizeMode: Text.FixedSize; lineHeight: 1.15 }
        Bullets { width: parent.width; items: slide.view.bullets || []; icons: slide.view.bullet_icons || []; visible: items.length > 0; size: Theme.fitBody * fit.k }
        FitText { objectName: "footnote"; width: parent.width; text: slide.view.source || ""; visible: text.length > 0; size: Theme.fitSmall * Theme.footK(fit.k); color: Theme.colors.muted; fontSizeMode: Text.FixedSize }
    }
}
