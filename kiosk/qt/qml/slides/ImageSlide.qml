import QtQuick
import "../parts"

// A picture filling the slide area, with its caption on a band at the foot. The file is the one
// the checker checked, opened by path (kiosk.pictureUrl); a picture that can no longer be shown
// (deleted or damaged while the kiosk runs) gives a framed box with its alt text instead.
Item {
    id: slide
    property var view: ({})
    readonly property url pictureUrl: slide.view.image ? kiosk.pictureUrl(slide.view.id, slide.view.image) : ""
    readonly property bool missing: picture.status === Image.Null || picture.status === Image.Error
    Image {
        id: picture
        anchors.fill: parent
        source: slide.pictureUrl
        fillMode: slide.view.fit === "contain" ? Image.PreserveAspectFit : Image.PreserveAspectCrop
        autoTransform: true  // EXIF orientation: a photo taken sideways is drawn upright
        asynchronous: false
        cache: false
        sourceSize.width: width
        sourceSize.height: height
        Accessible.role: Accessible.Graphic
        Accessible.name: slide.view.alt || ""
        property bool reported: false  // once per slide shown, though a resize reads it again
        onStatusChanged: if (status === Image.Error && !reported) {
            reported = true
            kiosk.pictureFailed(slide.view.id, slide.view.image)
        }
    }
    Rectangle {
        id: placeholder
        visible: slide.missing
        anchors { fill: parent; margins: ui.margin; bottomMargin: ui.margin + (band.visible ? band.height : 0) }
        color: ui.theme.surface
        border { color: ui.theme.muted; width: Math.max(2, 4 * ui.u) }
        radius: 16 * ui.u
        FitText {
            anchors { fill: parent; margins: ui.margin }
            text: slide.view.alt || ""
            color: ui.theme.text
            size: ui.heading * 0.8
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
    }
    Rectangle {
        id: band
        visible: caption.text.length > 0
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: caption.implicitHeight + 40 * ui.u
        color: Qt.rgba(0, 0, 0, 0.72)
        FitText {
            id: caption
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; leftMargin: ui.margin; rightMargin: ui.margin }
            text: slide.view.caption || ""
            color: "#ffffff"
            size: ui.body * 0.85
            fontSizeMode: Text.FixedSize
        }
    }
}
