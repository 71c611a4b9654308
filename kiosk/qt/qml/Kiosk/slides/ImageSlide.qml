import QtQuick
import Kiosk

// A picture filling the slide area, with its caption on a band at the foot. The file is the one
// the checker checked, opened by path (kiosk.pictureUrl); a picture that can no longer be shown
// (deleted or damaged while the kiosk runs) gives a framed box with its alt text instead.
Item {
    id: slide
    property var view: ({})
    readonly property url pictureUrl: slide.view.image ? Player.pictureUrl(slide.view.id, slide.view.image) : ""
    readonly property bool missing: picture.status === Image.Null || picture.status === Image.Error
    // False while the picture is being read on Qt's image thread (Player.picturesApart): the
    // change to this slide waits for it (Main.qml), a while at most.
    readonly property bool ready: picture.status !== Image.Loading
    Image {
        id: picture
        objectName: "picture"
        anchors.fill: parent
        source: slide.pictureUrl
        fillMode: slide.view.fit === "contain" ? Image.PreserveAspectFit : Image.PreserveAspectCrop
        autoTransform: true  // EXIF orientation: a photo taken sideways is drawn upright
        // On a screen, read apart from the thread that draws and answers touches: a drawing
        // that takes seconds never freezes the kiosk. Renders and frames read it at once.
        asynchronous: Player.picturesApart
        cache: false
        sourceSize.width: width
        sourceSize.height: height
        Accessible.role: Accessible.Graphic
        Accessible.name: slide.view.alt || ""
        property bool reported: false  // once per slide shown, though a resize reads it again
        onStatusChanged: if (status === Image.Error && !reported) {
            reported = true
            Player.pictureFailed(slide.view.id, slide.view.image)
        }
    }
    Rectangle {
        id: placeholder
        visible: slide.missing
        anchors { fill: parent; margins: Theme.margin; bottomMargin: Theme.margin + (band.visible ? band.height : 0) }
        color: Theme.colors.surface
        border { color: Theme.colors.muted; width: Math.max(2, 4 * Theme.u) }
        radius: 16 * Theme.u
        FitText {
            anchors { fill: parent; margins: Theme.margin }
            text: slide.view.alt || ""
            color: Theme.colors.text
            size: Theme.heading * 0.8
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
    }
    Rectangle {
        id: band
        visible: caption.text.length > 0
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: caption.implicitHeight + 40 * Theme.u
        color: Qt.rgba(0, 0, 0, 0.72)
        FitText {
            id: caption
            anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; leftMargin: Theme.margin; rightMargin: Theme.margin }
            text: slide.view.caption || ""
            color: "#ffffff"
            size: Theme.body * 0.85
            fontSizeMode: Text.FixedSize
        }
    }
}
