import QtQuick
import "../parts"

// A picture filling the slide area, with its caption on a band at the foot.
Item {
    id: slide
    property var view: ({})
    Image {
        anchors.fill: parent
        source: slide.view.image ? kiosk.folderUrl + slide.view.image : ""
        fillMode: slide.view.fit === "contain" ? Image.PreserveAspectFit : Image.PreserveAspectCrop
        asynchronous: false
        cache: false
        sourceSize.width: width
        sourceSize.height: height
        Accessible.role: Accessible.Graphic
        Accessible.name: slide.view.alt || ""
    }
    Rectangle {
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
