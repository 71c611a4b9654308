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
        // Texts that are not in Latin letters take their font from kiosk.fontFor(text).
        readonly property string font: kioskFont
        readonly property var theme: kiosk.theme
        // The visitor's "Larger text" control scales every text size; fitting still shrinks it.
        readonly property real textScale: kiosk.textScale
        // The player's own words in the visitor's language (kiosk/i18n.py).
        readonly property var t: kiosk.ui
        // Arrows point the reading way: back points to where reading starts (right in Arabic).
        // Chosen per direction rather than left to bidi mirroring, which fonts apply unevenly.
        readonly property string backArrow: kiosk.rtl ? "›" : "‹"
        readonly property string forwardArrow: kiosk.rtl ? "‹" : "›"
        readonly property string viewId: kiosk.view.id + (kiosk.view.page ? "/" + kiosk.view.page : "")
        readonly property real margin: 64 * u
        readonly property real hero: 112 * u * textScale
        readonly property real heading: 72 * u * textScale
        readonly property real body: 44 * u * textScale
        readonly property real small: 30 * u * textScale
        readonly property real button: 34 * u * textScale
        // Smallest text: 30 px at 1080 (about 11 mm cap height on a 43-inch screen).
        readonly property real minText: 30 * u
        // How far body text may shrink to fit (minText / body). A constant, not a ratio of
        // two bindings, so it never reads wrong while the window is still sizing itself.
        readonly property real bodyFloor: 30 / (44 * kiosk.textScale)
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
        // Right-to-left languages: anchors, rows, grids and text alignment all mirror.
        LayoutMirroring.enabled: kiosk.rtl
        LayoutMirroring.childrenInherit: true

        // Taps and swipes on the slide background (controls above take their own). Each finger
        // is judged on its own, from where it landed to where it lifted: a finger resting on the
        // screen (or a second visitor) neither stops another's swipe nor counts as one.
        MultiPointTouchArea {
            id: gestures
            objectName: "gestures"
            anchors.fill: parent
            onReleased: (points) => { for (const point of points) gesture(point.x - point.startX, point.y - point.startY) }
            function gesture(dx, dy) {
                if (Math.abs(dx) > 90 * ui.u && Math.abs(dx) > 1.5 * Math.abs(dy)) {
                    // Swiping in the reading direction goes forward (to the left in English, right in Arabic).
                    if ((dx < 0) !== kiosk.rtl) kiosk.next(); else kiosk.previous()
                } else {
                    kiosk.tap()
                }
            }
        }

        Item {
            id: slideArea
            anchors.fill: parent
            visible: !kiosk.neutral  // nothing of the campaign behind the neutral screen
            anchors.topMargin: header.height
            anchors.bottomMargin: footer.height
            property int active: 0
            // The new slide's initial properties, in one object used again and again: with a
            // new object literal for each setSource() the kiosk grew by about 0.5 KB a slide
            // that was never freed (Qt 6; found by bench/soak.py), which adds up over months.
            property var initial: ({})

            // Each slide mirrors when its own texts are right to left (an untranslated English
            // slide keeps its layout while the controls around it follow the Arabic reader).
            Loader { id: layerA; anchors.fill: parent; opacity: 1
                     LayoutMirroring.enabled: !!item && kiosk.isRtlText(item.view.title || "")
                     LayoutMirroring.childrenInherit: true }
            Loader { id: layerB; anchors.fill: parent; opacity: 0
                     LayoutMirroring.enabled: !!item && kiosk.isRtlText(item.view.title || "")
                     LayoutMirroring.childrenInherit: true }

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
            visible: !kiosk.neutral
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: 112 * ui.u
            // Quick exit: at once to a neutral screen, first language, loop from the start.
            TouchButton {
                id: quickExit
                objectName: "quickExit"
                visible: kiosk.paused
                // Just clear of the staff corner (a 120 px hold area), so a held Close never opens the PIN pad.
                anchors { left: parent.left; leftMargin: 136 * ui.u; verticalCenter: parent.verticalCenter }
                height: ui.minTarget
                textSize: ui.small
                text: "✕ " + ui.t.close
                onActivated: kiosk.quickExit()
            }
            Text {
                anchors { left: quickExit.visible ? quickExit.right : parent.left; verticalCenter: parent.verticalCenter
                          leftMargin: quickExit.visible ? 24 * ui.u : ui.margin
                          right: helpButton.left; rightMargin: 24 * ui.u }
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                objectName: "byline"
                text: kiosk.organisation
                // On a narrow screen the quick exit takes its place while the controls show.
                visible: footer.wide || !kiosk.paused
                color: ui.theme.muted
                font.family: ui.font
                // A by-line, not content: it keeps its size when the visitor asks for larger text.
                font.pixelSize: ui.minText
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                textFormat: Text.PlainText
            }
            TouchButton {
                id: helpButton
                objectName: "getHelp"
                visible: kiosk.hasHelp
                primary: true
                anchors { right: parent.right; rightMargin: ui.margin; verticalCenter: parent.verticalCenter }
                // Never over the quick exit: a long label wraps or shrinks instead.
                width: Math.min(implicitWidth, parent.width - ui.margin
                                - (quickExit.visible ? quickExit.anchors.leftMargin + quickExit.width + 24 * ui.u : ui.margin))
                // The number kept left to right inside right-to-left text (U+2066 … U+2069).
                text: kiosk.helpPhone ? ui.t.help + "  \u2066" + kiosk.helpPhone + "\u2069" : ui.t.help
                onActivated: kiosk.getHelp()
            }
        }

        // Footer: a hint and a pause control while the loop plays; large controls once touched.
        Item {
            id: footer
            visible: !kiosk.neutral
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            // Narrow screens (portrait) put the visitor's choices on a second row.
            readonly property bool wide: stage.width / ui.u >= 1500
            readonly property real gap: 20 * ui.u
            height: wide ? 136 * ui.u : 2 * Math.max(ui.minTarget, 96 * ui.u) + 3 * gap

            Row {
                id: playing
                visible: !kiosk.paused
                anchors.centerIn: parent
                spacing: 32 * ui.u
                Text {
                    anchors.verticalCenter: parent.verticalCenter
                    width: Math.min(implicitWidth, stage.width - 2 * ui.margin - pauseButton.width - parent.spacing)
                    text: ui.t.hint
                    color: ui.theme.muted
                    font.family: kiosk.fontFor(text)
                    font.pixelSize: ui.small
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: ui.minText
                    textFormat: Text.PlainText
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                }
                // WCAG 2.2.2: a visible way to pause the moving loop.
                TouchButton {
                    id: pauseButton
                    objectName: "pause"
                    text: "❚❚ " + ui.t.pause
                    onActivated: kiosk.tap()
                }
            }
            Row {
                id: controls
                objectName: "controls"
                visible: kiosk.paused
                x: footer.wide ? footer.width - width - ui.margin : (footer.width - width) / 2
                y: footer.wide ? (footer.height - height) / 2 : footer.gap
                spacing: footer.gap
                readonly property real room: footer.wide ? footer.width - 2 * ui.margin - visitorRow.width - 2 * spacing
                                                        : footer.width - 2 * ui.margin
                // Four across on a wide screen; three (Spot the signs moves down a row) on a narrow one.
                readonly property int count: footer.wide && kiosk.hasSigns ? 4 : 3
                readonly property real buttonWidth: Math.min(360 * ui.u, (room - spacing * (count - 1)) / count)
                TouchButton { objectName: "previous"; width: controls.buttonWidth; text: ui.backArrow + "\u00a0" + ui.t.previous; onActivated: kiosk.previous() }
                TouchButton { objectName: "signs"; width: controls.buttonWidth; visible: kiosk.hasSigns && footer.wide; text: ui.t.signs; onActivated: kiosk.spotTheSigns() }
                TouchButton { objectName: "resume"; width: controls.buttonWidth; text: "▶ " + ui.t.play; onActivated: kiosk.resume() }
                TouchButton { objectName: "next"; width: controls.buttonWidth; text: ui.t.next + "\u00a0" + ui.forwardArrow; onActivated: kiosk.next() }
            }
            // The visitor's own choices: language, larger text, high contrast.
            Row {
                id: visitorRow
                objectName: "visitorControls"
                visible: kiosk.paused
                x: footer.wide ? ui.margin : (footer.width - width) / 2
                y: footer.wide ? (footer.height - height) / 2 : footer.height - height - footer.gap
                spacing: footer.gap
                TouchButton {
                    objectName: "signs"
                    visible: kiosk.hasSigns && !footer.wide
                    width: Math.min(implicitWidth, 360 * ui.u)
                    text: ui.t.signs
                    onActivated: kiosk.spotTheSigns()
                }
                TouchButton {
                    id: languageButton
                    objectName: "language"
                    visible: kiosk.languages.length > 1
                    width: Math.min(implicitWidth, 320 * ui.u)
                    iconSpace: 52 * ui.u
                    text: ui.t.language
                    onActivated: picker.visible ? picker.visible = false : picker.open()
                    Globe { anchors { left: parent.left; leftMargin: 22 * ui.u; verticalCenter: parent.verticalCenter } }
                }
                TouchButton {
                    objectName: "largeText"
                    primary: kiosk.largeText
                    text: "A+"
                    Accessible.name: ui.t.larger_text
                    Accessible.checkable: true
                    Accessible.checked: kiosk.largeText
                    onActivated: kiosk.toggleLargeText()
                }
                TouchButton {
                    objectName: "highContrast"
                    primary: kiosk.highContrast
                    text: "◐"
                    Accessible.name: ui.t.high_contrast
                    Accessible.checkable: true
                    Accessible.checked: kiosk.highContrast
                    onActivated: kiosk.toggleHighContrast()
                }
            }
        }

        LanguagePicker {
            id: picker
            visible: false
            anchors { fill: parent; topMargin: header.height; bottomMargin: footer.height }
            function open() { kiosk.tap(); visible = true }
            onChosen: visible = false
            // Closed again when the loop resumes or the kiosk leaves for the neutral screen.
            Connections {
                target: kiosk
                function onPausedChanged() { if (!kiosk.paused) picker.visible = false }
            }
        }

        NeutralScreen {
            anchors.fill: parent
            visible: kiosk.neutral
        }

        // Staff access (hidden gesture, PIN pad, staff menu, screen off) when `staff` is set.
        Loader { anchors.fill: parent; active: staff !== null; source: "parts/StaffLayer.qml"
                 LayoutMirroring.enabled: false; LayoutMirroring.childrenInherit: true }  // staff see it as set up
    }

    ClosedCover { anchors.fill: parent; z: 10 }
}
