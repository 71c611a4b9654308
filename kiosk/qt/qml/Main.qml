import QtQuick
import QtQuick.Window
import "parts"

// The player window: header (organisation, Get help), the slide area with a cross-fade
// between two loaders, and the footer (touch hint in the loop, controls when paused).
Window {
    id: win
    visible: true
    color: ui.theme.background
    title: "Kiosk"

    QtObject {
        id: ui
        readonly property real u: Math.max(0.5, Math.min(stage.width, stage.height) / 1080)
        readonly property bool portrait: stage.height > stage.width
        readonly property string font: kioskFont
        readonly property var theme: kiosk.theme
        readonly property string viewId: kiosk.view.id + (kiosk.view.page ? "/" + kiosk.view.page : "")
        readonly property real margin: 64 * u
        readonly property real hero: 112 * u
        readonly property real heading: 72 * u
        readonly property real body: 44 * u
        readonly property real small: 30 * u
        readonly property real button: 34 * u
        // Smallest text: 30 px at 1080 (about 11 mm cap height on a 43-inch screen).
        readonly property real minText: 30 * u
        // How far body text may shrink to fit (minText / body). A constant, not a ratio of
        // two bindings, so it never reads wrong while the window is still sizing itself.
        readonly property real bodyFloor: 30 / 44
        // 9 mm touch targets: 48 px at 1080 on a typical 21-inch panel; we give 96 px.
        readonly property real minTarget: Math.max(48, 48 * u)
    }

    // Everything drawn, turned by the screen rotation (kioskRotation: 0, 90, 180 or 270
    // degrees clockwise), so touches land on what is drawn under the finger.
    Item {
        id: stage
        readonly property bool sideways: kioskRotation % 180 !== 0
        anchors.centerIn: parent
        width: sideways ? win.height : win.width
        height: sideways ? win.width : win.height
        rotation: kioskRotation
        visible: !kioskHours.closed  // outside opening hours: nothing drawn (ClosedCover)

        // Taps and swipes on the slide background (controls above take their own).
        MouseArea {
            id: gestures
            anchors.fill: parent
            property real startX: 0
            property real startY: 0
            onPressed: (mouse) => { startX = mouse.x; startY = mouse.y }
            onReleased: (mouse) => {
                const dx = mouse.x - startX, dy = mouse.y - startY
                if (Math.abs(dx) > 90 * ui.u && Math.abs(dx) > 1.5 * Math.abs(dy)) {
                    if (dx < 0) kiosk.next(); else kiosk.previous()
                } else {
                    kiosk.tap()
                }
            }
        }

        Item {
            id: slideArea
            anchors.fill: parent
            anchors.topMargin: header.height
            anchors.bottomMargin: footer.height
            property int active: 0
            // The new slide's initial properties, in one object used again and again: with a
            // new object literal for each setSource() the kiosk grew by about 0.5 KB a slide
            // that was never freed (Qt 6; found by bench/soak.py), which adds up over months.
            property var initial: ({})

            Loader { id: layerA; anchors.fill: parent; opacity: 1 }
            Loader { id: layerB; anchors.fill: parent; opacity: 0 }

            function fileFor(type) {
                return {
                    "title": "slides/TitleSlide.qml", "text": "slides/TextSlide.qml",
                    "stats": "slides/StatsSlide.qml", "events": "slides/EventsSlide.qml",
                    "signs": "slides/SignsSlide.qml", "signs-page": "slides/SignsPage.qml",
                    "helpline": "slides/HelplineSlide.qml", "image": "slides/ImageSlide.qml"
                }[type]
            }
            function show() {
                const incoming = active === 0 ? layerB : layerA
                const outgoing = active === 0 ? layerA : layerB
                fade.stop()
                outgoing.opacity = 1
                incoming.opacity = 0
                initial.view = kiosk.view
                incoming.setSource(fileFor(kiosk.view.type), initial)
                active = 1 - active
                fadeIn.target = incoming
                fadeOut.target = outgoing
                fade.start()
            }
            ParallelAnimation {
                id: fade
                NumberAnimation { id: fadeIn; property: "opacity"; to: 1; duration: kiosk.transitionMs; easing.type: Easing.InOutQuad }
                NumberAnimation { id: fadeOut; property: "opacity"; to: 0; duration: kiosk.transitionMs; easing.type: Easing.InOutQuad }
                onFinished: {
                    fadeOut.target.source = ""
                    kiosk.viewSettled(kiosk.view.id, kiosk.view.page)
                }
            }
            Connections {
                target: kiosk
                function onViewChanged() { slideArea.show() }
            }
            Component.onCompleted: show()
        }

        // Header: who runs the campaign, and Get help one tap away at all times.
        Item {
            id: header
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: 112 * ui.u
            Text {
                anchors { left: parent.left; leftMargin: ui.margin; verticalCenter: parent.verticalCenter
                          right: helpButton.left; rightMargin: 24 * ui.u }
                text: kiosk.organisation
                color: ui.theme.muted
                font.family: ui.font
                font.pixelSize: ui.small
                elide: Text.ElideRight
                textFormat: Text.PlainText
            }
            TouchButton {
                id: helpButton
                objectName: "getHelp"
                visible: kiosk.hasHelp
                primary: true
                anchors { right: parent.right; rightMargin: ui.margin; verticalCenter: parent.verticalCenter }
                text: kiosk.helpPhone ? "Get help  " + kiosk.helpPhone : "Get help"
                onActivated: kiosk.getHelp()
            }
        }

        // Footer: a hint while the loop plays; large controls once touched.
        Item {
            id: footer
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            height: (ui.portrait ? 152 : 136) * ui.u

            Text {
                anchors.centerIn: parent
                visible: !kiosk.paused
                text: "Touch the screen to explore"
                color: ui.theme.muted
                font.family: ui.font
                font.pixelSize: ui.small
                textFormat: Text.PlainText
            }
            Row {
                id: controls
                objectName: "controls"
                visible: kiosk.paused
                anchors.centerIn: parent
                spacing: 20 * ui.u
                readonly property real buttonWidth: Math.min(360 * ui.u,
                    (stage.width - 2 * ui.margin - spacing * 3) / 4)
                TouchButton { objectName: "previous"; width: controls.buttonWidth; text: "‹ Previous"; onActivated: kiosk.previous() }
                TouchButton { objectName: "signs"; width: controls.buttonWidth; visible: kiosk.hasSigns; text: "Spot the signs"; onActivated: kiosk.spotTheSigns() }
                TouchButton { objectName: "resume"; width: controls.buttonWidth; text: "▶ Play"; onActivated: kiosk.resume() }
                TouchButton { objectName: "next"; width: controls.buttonWidth; text: "Next ›"; onActivated: kiosk.next() }
            }
        }

        // Staff access (hidden gesture, PIN pad, staff menu, screen off) when `staff` is set.
        Loader { anchors.fill: parent; active: staff !== null; source: "parts/StaffLayer.qml" }
    }

    ClosedCover { anchors.fill: parent; z: 10 }
}
