pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Window
import Kiosk

// The player window: header (organisation, Get help), the slide area with a cross-fade
// between two loaders, and the footer (touch hint in the loop, controls when paused).
Window {
    id: win
    // Shown by the Python side once it has its size and the first slide is laid out, so the
    // first frame drawn is the first slide, whole and still.
    visible: false
    color: Theme.colors.background
    title: "Kiosk"
    // True while the slide on show waits for its picture (read on Qt's image thread): read by
    // kiosk.qt.startup.lay_out as a property of the window, so that no findChild() call (whose
    // default argument is an enum of Qt's namespace) builds the whole namespace in Python.
    readonly property bool slideWaiting: slideArea.waiting

    // Kiosk mode's guard (kiosk.qt.kioskmode.KioskGuard), set by kioskmode.enter; null in a
    // preview, which closes and takes keys as any window. The window's keys and closes are
    // handed to it here, as plain numbers, rather than through an event filter in Python
    // (which would build a Python class for every kind of event the window gets).
    property var guard: null
    onClosing: close => {
        if (win.guard)
            close.accepted = win.guard.closeAllowed()
    }

    // The sizes in Theme follow the stage: the window, turned by the screen rotation.
    Binding { target: Theme; property: "width"; value: stage.width }
    Binding { target: Theme; property: "height"; value: stage.height }

    // Everything drawn, turned by the screen rotation (Setup.rotation: 0, 90, 180 or 270
    // degrees clockwise), so touches land on what is drawn under the finger. A preview window
    // smaller than the size asked for (Setup.previewScale below 1) lays it out at that size and
    // draws it smaller.
    Item {
        id: stage
        objectName: "stage"
        readonly property bool sideways: Setup.rotation % 180 !== 0
        anchors.centerIn: parent
        width: (sideways ? win.height : win.width) / Setup.previewScale
        height: (sideways ? win.width : win.height) / Setup.previewScale
        rotation: Setup.rotation
        scale: Setup.previewScale
        visible: !Hours.closed  // outside opening hours: nothing drawn (ClosedCover)
        // Right-to-left languages: anchors, rows, grids and text alignment all mirror.
        LayoutMirroring.enabled: Player.rtl
        LayoutMirroring.childrenInherit: true

        // Touches on the slide background: this area takes them (so nothing else does), and
        // the fingers are judged by `swipes` above the controls.
        MultiPointTouchArea {
            id: gestures
            objectName: "gestures"
            anchors.fill: parent
        }

        Item {
            id: slideArea
            objectName: "slideArea"  // kiosk.qt.measure measures what is drawn in it
            anchors.fill: parent
            visible: !Player.neutral  // nothing of the campaign behind the neutral screen
            anchors.topMargin: header.height
            anchors.bottomMargin: footer.height
            property int active: 0
            // Set once the first slide is on screen: it appears whole at once, with no fade (a
            // passer-by never sees an empty frame); every later slide cross-fades.
            property bool started: false
            // The new slide's initial properties, in one object used again and again: with a
            // new object literal for each setSource() the kiosk grew by about 0.5 KB a slide
            // that was never freed (Qt 6; found by bench/soak.py), which adds up over months.
            property var initial: ({})

            // Each slide mirrors when its own texts are right to left (an untranslated English
            // slide keeps its layout while the controls around it follow the Arabic reader).
            // Set in show() from the view's `rtl` (its title, else its other texts: a caption
            // under a picture; kiosk.player.views.reads_rtl), before the slide is made.
            //
            // The cross-fade: each slide is drawn into a layer of its own, on an opaque background,
            // and the layers are blended at each frame instead of drawing all their text again (a
            // blend costs 1 or 2 ms with the software renderer). Both layers are drawn under the
            // picture on screen (`preparing`: one frame, before anything moves; the outgoing slide
            // on top hides the incoming one), then the outgoing fades out over the incoming: the
            // picture goes from one slide to the other without dimming toward the background
            // halfway. Once the fade ends the layers are let go and the slide on screen is drawn
            // as it is: a still slide holds no slide-sized picture (two of 1920x832, 12 MiB, with
            // the software renderer), and drawing it again costs a few milliseconds, its glyphs
            // coming from the glyph cache whatever their size (kiosk.qt.startup.cache_large_glyphs).
            property bool preparing: false
            // The incoming slide, while its picture is still being read (ImageSlide.qml, on Qt's
            // image thread): the change goes ahead once it is read, or after Player.pictureWaitMs
            // (the picture then appears when read), so no slide is shown half made and a slow
            // picture never holds the loop.
            property var waitingFor: null
            readonly property bool waiting: waitingFor !== null && waitingFor.ready === false
            property bool pendingCut: false
            onWaitingChanged: if (!waiting && pendingCut) slideArea.cut()
            Loader { id: layerA; objectName: "layerA"; anchors.fill: parent; opacity: 1
                     layer.enabled: fade.running || slideArea.preparing
                     property string fitKey: ""  // Player.fitKey as its slide was made
                     property size fitSize
                     property bool rtl: false
                     LayoutMirroring.enabled: rtl
                     LayoutMirroring.childrenInherit: true
                     Rectangle { anchors.fill: parent; z: -1; color: win.color } }
            Loader { id: layerB; objectName: "layerB"; anchors.fill: parent; opacity: 0
                     layer.enabled: fade.running || slideArea.preparing
                     property string fitKey: ""  // Player.fitKey as its slide was made
                     property size fitSize
                     property bool rtl: false
                     LayoutMirroring.enabled: rtl
                     LayoutMirroring.childrenInherit: true
                     Rectangle { anchors.fill: parent; z: -1; color: win.color } }

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
                preparing = false
                pendingCut = false
                outgoing.opacity = 1
                outgoing.z = 1
                incoming.z = 0
                noteFits(outgoing)
                const view = Player.view  // read once: each read builds the whole view again
                initial.view = view
                // Made at its size: its texts are laid out once, not first in a box of no size
                // and again once the Loader sizes it.
                initial.width = width
                initial.height = height
                incoming.rtl = view.rtl === true
                incoming.setSource(fileFor(view.type), initial)
                giveHints(incoming)
                waitingFor = incoming.item
                active = 1 - active
                incoming.opacity = 1  // under the outgoing slide, hidden by it
                if (!started) {
                    started = true
                    outgoing.opacity = 0
                    Player.viewSettled(view.id, view.page)
                    return
                }
                fadeOut.target = outgoing
                prepared.interval = waiting ? Player.pictureWaitMs : 250
                if (Player.transitionMs <= 0) {  // a cut: nothing to prepare, but a picture to wait for
                    if (waiting) {
                        pendingCut = true
                        prepared.restart()
                    } else {
                        fade.start()
                    }
                    return
                }
                preparing = true  // the fade starts once a frame has drawn the incoming slide's layer
                prepared.restart()
            }
            // The text sizes found before (kiosk.qt.fitmemo): each text column of a slide just made
            // starts its search from the size it found the last time this view was shown like this
            // (a right hint costs 2 layouts instead of 5 to 7; the size found is the same).
            function columnsOf(item) {
                const found = []
                const walk = it => {
                    if (it.kMin !== undefined && it.hints !== undefined)
                        found.push(it)
                    for (let i = 0; i < it.children.length; ++i)
                        walk(it.children[i])
                }
                if (item)
                    walk(item)
                return found
            }
            function giveHints(layer) {
                layer.fitKey = Player.fitKey(width, height)
                layer.fitSize = Qt.size(width, height)
                const grids = layer.fitKey && layer.item ? Player.fitHints(layer.fitKey) : []
                if (grids.length === 0)
                    return
                const columns = columnsOf(layer.item)
                if (columns.length === grids.length)
                    for (let i = 0; i < columns.length; ++i)
                        columns[i].hints = [grids[i]]
            }
            // The slide area sized again (the window laid out after the first slide was made, a
            // turned screen): the slide on show takes the hints of its view at the new size.
            onWidthChanged: giveHints(active === 1 ? layerB : layerA)
            onHeightChanged: giveHints(active === 1 ? layerB : layerA)
            // The kiosk stopping: what the columns of the slide on show found is kept too (its
            // next start shows it first).
            Connections {
                target: Player
                function onStopping() { slideArea.noteFits(slideArea.active === 1 ? layerB : layerA) }
            }
            // What the columns of the slide going found, kept under the key taken as it was made
            // (not if the slide area changed size meanwhile).
            function noteFits(layer) {
                const key = layer.fitKey
                layer.fitKey = ""
                if (!key || !layer.item || layer.fitSize.width !== width || layer.fitSize.height !== height)
                    return
                Player.noteFits(key, columnsOf(layer.item).map(column => column.fitting ? -1 : column.grid))
            }
            function cut() {
                pendingCut = false
                prepared.stop()
                fade.start()
            }
            function startFade() {
                if (!preparing)
                    return
                prepared.stop()
                fade.start()  // first: the layers stay on (layer.enabled reads fade.running)
                preparing = false
            }
            Connections {
                target: win
                enabled: slideArea.preparing && !slideArea.waiting
                function onFrameSwapped() { slideArea.startFade() }
            }
            // Should no frame come (the window hidden, the slides behind the neutral screen), or the
            // picture take longer than Player.pictureWaitMs to read, the change happens anyway.
            Timer { id: prepared; interval: 250; onTriggered: slideArea.pendingCut ? slideArea.cut() : slideArea.startFade() }
            ParallelAnimation {
                id: fade
                objectName: "fade"
                NumberAnimation { id: fadeOut; property: "opacity"; to: 0; duration: Player.transitionMs; easing.type: Easing.InOutQuad }
                onFinished: {
                    fadeOut.target.source = ""
                    Player.viewSettled(Player.view.id, Player.view.page)
                }
            }
            Connections {
                objectName: "slideMaker"  // kiosk/qt/fit.py finds it by this name
                target: Player
                function onViewChanged() { slideArea.show() }
            }
            Component.onCompleted: show()
        }

        // Header: who runs the campaign, and Get help one tap away at all times.
        Item {
            id: header
            visible: !Player.neutral
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: 112 * Theme.u
            // Clear of the staff corner (a 120 px hold area at the top left, on every page).
            readonly property real staffClear: 136 * Theme.u
            // Quick exit: at once to a neutral screen, first language, loop from the start.
            TouchButton {
                id: quickExit
                objectName: "quickExit"
                visible: Player.paused
                // Just clear of the staff corner (a 120 px hold area), so a held Close never opens the PIN pad.
                // A full-size touch target like every control (96 px at 1080), its words small.
                // On a right-to-left page it stands at the right, where there is no staff corner.
                anchors { left: parent.left; verticalCenter: parent.verticalCenter
                          leftMargin: LayoutMirroring.enabled ? Theme.margin : header.staffClear }
                textSize: Theme.small
                text: "✕ " + Theme.t.close
                onActivated: Player.quickExit()
            }
            Text {
                anchors { left: quickExit.visible ? quickExit.right : parent.left; verticalCenter: parent.verticalCenter
                          leftMargin: quickExit.visible ? 24 * Theme.u : Theme.margin
                          right: helpButton.left; rightMargin: 24 * Theme.u }
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                objectName: "byline"
                text: Player.organisation
                // At the page's start edge whatever the name's own direction: an English name on a
                // right-to-left page stands at the right, not beside Get help (mirrored with the layout).
                horizontalAlignment: Text.AlignLeft
                // On a narrow screen the quick exit takes its place while the controls show.
                visible: footer.wide || !Player.paused
                color: Theme.colors.muted
                font.family: Theme.font
                // A by-line, not content: it keeps its size when the visitor asks for larger text.
                font.pixelSize: Theme.minText
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                textFormat: Text.PlainText
            }
            TouchButton {
                id: helpButton
                objectName: "getHelp"
                visible: Player.hasHelp
                primary: true
                // On a right-to-left page it stands at the left, but clear of the staff corner
                // there (which does not mirror), as the quick exit is on a left-to-right one.
                anchors { right: parent.right; verticalCenter: parent.verticalCenter
                          rightMargin: LayoutMirroring.enabled ? header.staffClear : Theme.margin }
                // Never over the quick exit, and on a narrow screen at most 45% of its width, so
                // the by-line keeps room beside it: a long label wraps or shrinks instead.
                width: Math.min(implicitWidth, footer.wide ? parent.width : parent.width * 0.45, parent.width - anchors.rightMargin
                                - (quickExit.visible ? quickExit.anchors.leftMargin + quickExit.width + 24 * Theme.u : Theme.margin))
                // The number kept left to right inside right-to-left text (U+2066 … U+2069).
                text: Player.helpPhone ? Theme.t.help + "  \u2066" + Player.helpPhone + "\u2069" : Theme.t.help
                onActivated: Player.getHelp()
            }
        }

        // Footer: a hint and a pause control while the loop plays; large controls once touched.
        // No control moves under a finger because of what the visitor chose: each keeps its
        // place whatever the language, the text size or the contrast (each keeps the width of
        // its widest label: ControlPlace.captions), and Pause stands where Play does, so the
        // next tap on the same spot undoes the last one. Only a right-to-left language mirrors
        // the whole bar (chosen in the language picker, away from the bar).
        Item {
            id: footer
            visible: !Player.neutral
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            // Narrow screens (portrait) put the visitor's choices on a second row.
            readonly property bool wide: stage.width / Theme.u >= 1500
            readonly property real gap: 20 * Theme.u
            readonly property real rowHeight: Theme.controlHeight  // a row is as tall as its controls
            height: wide ? 136 * Theme.u : 2 * rowHeight + 3 * gap
            // The second row of a narrow footer: the visitor's choices, or the hint.
            readonly property real secondRowY: height - rowHeight - gap
            // While the staff hold the loop (the staff menu's Pause), nothing moves: a visitor
            // sees the hint only, with no Pause control that would pause nothing (the hint keeps
            // its place; a touch still shows the controls).
            readonly property bool staffHold: Setup.staffEnabled && Staff.paused

            // While the loop plays: the hint, then a Pause control in the place of Play.
            Text {
                id: hint
                objectName: "hint"
                visible: !Player.paused
                // Before Pause on a wide footer; on the second row of a narrow one, centred,
                // clear of the loop's place at its end.
                readonly property real room: footer.wide
                    ? (LayoutMirroring.enabled ? footer.width - pauseButton.x - pauseButton.width : pauseButton.x)
                      - Theme.margin - 32 * Theme.u
                    : footer.width - 2 * (Theme.margin + loopPlace.width + footer.gap)
                x: footer.wide ? (LayoutMirroring.enabled ? pauseButton.x + pauseButton.width + 32 * Theme.u
                                                          : pauseButton.x - 32 * Theme.u - width)
                               : (footer.width - width) / 2
                y: footer.wide ? pauseButton.y + (pauseButton.height - height) / 2
                               : footer.secondRowY + (footer.rowHeight - height) / 2
                width: Math.min(implicitWidth, room)
                text: Theme.t.hint
                color: Theme.colors.muted
                font.family: Player.fontFor(text)
                font.pixelSize: Theme.small
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Theme.minText
                textFormat: Text.PlainText
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            // WCAG 2.2.2: a visible way to pause the moving loop (none while the staff hold it:
            // it does not move). Where Play stands once paused (its place is laid out while the
            // controls are hidden, and before they are made), as wide.
            TouchButton {
                id: pauseButton
                objectName: "pause"
                visible: !Player.paused && !footer.staffHold
                x: controls.x + resumePlace.x
                y: controls.y
                width: resumePlace.width
                text: "❚❚\u00a0" + Theme.t.pause
                onActivated: Player.tap()
            }
            // Where the loop is (its place and the slide's time left): at the reading end of the
            // footer, beside Pause on a wide one, on the hint's row on a narrow one; hidden while
            // the controls show.
            LoopPlace {
                id: loopPlace
                anchors { right: parent.right; rightMargin: Theme.margin }
                y: footer.wide ? (footer.height - height) / 2 : footer.secondRowY + (footer.rowHeight - height) / 2
            }
            // The two rows of controls shown once paused are laid out from the start as places
            // (ControlPlace: no label, no touch handling), and the controls themselves are made
            // over their places when a visitor first touches the screen (`touchControls` below):
            // a kiosk nobody touches never makes them.
            Row {
                id: controls
                objectName: "controls"
                visible: Player.paused
                // Placed from the start by an anchor, so the two rows change sides on a
                // right-to-left page (an `x:` would not).
                anchors { left: parent.left; leftMargin: footer.wide ? footer.width - width - Theme.margin : (footer.width - width) / 2 }
                y: footer.wide ? (footer.height - height) / 2 : footer.gap
                spacing: footer.gap
                readonly property real room: footer.wide ? footer.width - 2 * Theme.margin - visitorRow.width - 2 * spacing
                                                        : footer.width - 2 * Theme.margin
                // Four across on a wide screen; three (Spot the signs moves down a row) on a narrow one.
                readonly property int count: footer.wide && Player.hasSigns ? 4 : 3
                readonly property real buttonWidth: Math.min(360 * Theme.u, (room - spacing * (count - 1)) / count)
                // The least these controls need: their longest word in any language of the deck at
                // the smallest text size, with the label's margins (the Language control beside
                // them gives way to it on a wide footer).
                readonly property real leastWidth: navWords.wide + 40 * Theme.u + 2
                Widest {
                    id: navWords
                    sizes: footer.wide ? [Theme.minText] : []
                    captions: Theme.inEveryLanguage(words => [words.previous, words.signs, words.play, words.next]
                                                    .join(" ")).join(" ").split(/[ \u00a0]+/)
                }
                ControlPlace { id: previousPlace; width: controls.buttonWidth }
                ControlPlace { id: signsPlace; width: controls.buttonWidth; visible: Player.hasSigns && footer.wide }
                ControlPlace { id: resumePlace; width: controls.buttonWidth }
                ControlPlace { id: nextPlace; width: controls.buttonWidth }
            }
            // The visitor's own choices: language, larger text, high contrast. Each as wide as
            // its widest label (every language of the deck, normal and larger text), so the row
            // and the controls beside it never move as the visitor chooses.
            Row {
                id: visitorRow
                objectName: "visitorControls"
                visible: Player.paused
                anchors { left: parent.left; leftMargin: footer.wide ? Theme.margin : (footer.width - width) / 2 }
                y: footer.wide ? (footer.height - height) / 2 : footer.secondRowY
                spacing: footer.gap
                // The widest Spot the signs (narrow footer) and Language may be: on a wide footer,
                // Language takes what the controls beside it leave (controls.leastWidth), but
                // never less than its own longest word needs; on a narrow one the two share the
                // row with A+ and ◐, 360 to 320.
                readonly property real languageRoom: footer.wide
                    ? Math.max(languageWords.wide + 40 * Theme.u + languagePlace.iconSpace + 2,
                               footer.width - 2 * Theme.margin - 2 * spacing - controls.count * controls.leastWidth
                               - (controls.count - 1) * spacing - largeTextPlace.width - contrastPlace.width - 2 * spacing)
                    : 320 * narrowShare
                Widest {
                    id: languageWords
                    captions: Theme.inEveryLanguage(words => words.language).join(" ").split(/[ \u00a0]+/)
                    sizes: footer.wide ? [Theme.minText] : []
                }
                readonly property real narrowShare: (footer.width - 2 * Theme.margin - largeTextPlace.width
                                                     - contrastPlace.width - 3 * spacing) / (360 + 320)
                ControlPlace {
                    id: lowerSignsPlace
                    visible: Player.hasSigns && !footer.wide
                    width: Math.min(implicitWidth, 360 * Theme.u, 360 * visitorRow.narrowShare)
                    captions: Theme.inEveryLanguage(words => words.signs)
                }
                ControlPlace {
                    id: languagePlace
                    visible: Player.languages.length > 1
                    width: Math.min(implicitWidth, 320 * Theme.u, visitorRow.languageRoom)
                    iconSpace: 52 * Theme.u
                    captions: Theme.inEveryLanguage(words => words.language)
                }
                // Square on a small screen too (never narrower than it is tall), so Language keeps
                // room for its word at its own size; so is ◐.
                ControlPlace { id: largeTextPlace; leastWidth: Theme.controlHeight; captions: ["A+"] }
                ControlPlace { id: contrastPlace; leastWidth: Theme.controlHeight; captions: ["◐"] }
            }
            // The controls, each over its place, made at the first touch and kept from then on
            // (each label is made only while its control shows: TouchButton).
            property bool touched: false
            Connections {
                target: Player
                function onPausedChanged() { if (Player.paused) footer.touched = true }
            }
            Loader {
                id: touchControls
                objectName: "touchControls"
                anchors.fill: parent
                active: footer.touched || Player.paused
                sourceComponent: Item {
                    // Each over its place: where its row puts the place (mirrored on a
                    // right-to-left page), as wide, shown while it shows.
                    TouchButton { objectName: "previous"; visible: previousPlace.visible
                                  x: controls.x + previousPlace.x; y: controls.y; width: previousPlace.width
                                  text: Theme.backArrow + "\u00a0" + Theme.t.previous; onActivated: Player.previous() }
                    TouchButton { objectName: "signs"; visible: signsPlace.visible
                                  x: controls.x + signsPlace.x; y: controls.y; width: signsPlace.width
                                  text: Theme.t.signs; onActivated: Player.spotTheSigns() }
                    TouchButton { objectName: "resume"; visible: resumePlace.visible
                                  x: controls.x + resumePlace.x; y: controls.y; width: resumePlace.width
                                  text: "▶\u00a0" + Theme.t.play; onActivated: Player.resume() }
                    TouchButton { objectName: "next"; visible: nextPlace.visible
                                  x: controls.x + nextPlace.x; y: controls.y; width: nextPlace.width
                                  text: Theme.t.next + "\u00a0" + Theme.forwardArrow; onActivated: Player.next() }
                    TouchButton { objectName: "signs"; visible: lowerSignsPlace.visible
                                  x: visitorRow.x + lowerSignsPlace.x; y: visitorRow.y; width: lowerSignsPlace.width
                                  text: Theme.t.signs; onActivated: Player.spotTheSigns() }
                    TouchButton {
                        objectName: "language"
                        visible: languagePlace.visible
                        x: visitorRow.x + languagePlace.x; y: visitorRow.y; width: languagePlace.width
                        iconSpace: languagePlace.iconSpace
                        text: Theme.t.language
                        onActivated: picker.shown ? picker.shown = false : picker.open()
                        Globe { anchors { left: parent.left; leftMargin: 22 * Theme.u; verticalCenter: parent.verticalCenter } }
                    }
                    TouchButton {
                        objectName: "largeText"
                        visible: largeTextPlace.visible
                        x: visitorRow.x + largeTextPlace.x; y: visitorRow.y; width: largeTextPlace.width
                        leastWidth: largeTextPlace.leastWidth
                        primary: Player.largeText
                        text: "A+"
                        Accessible.name: Theme.t.larger_text
                        Accessible.checkable: true
                        Accessible.checked: Player.largeText
                        onActivated: Player.toggleLargeText()
                    }
                    TouchButton {
                        objectName: "highContrast"
                        visible: contrastPlace.visible
                        x: visitorRow.x + contrastPlace.x; y: visitorRow.y; width: contrastPlace.width
                        leastWidth: contrastPlace.leastWidth
                        primary: Player.highContrast
                        text: "◐"
                        Accessible.name: Theme.t.high_contrast
                        Accessible.checkable: true
                        Accessible.checked: Player.highContrast
                        onActivated: Player.toggleHighContrast()
                    }
                }
            }
        }

        // Taps and swipes, wherever they start: on the slide, on a control (a sign tile, a
        // button) or beside them. Pointer handlers only watch the fingers (they take none), so
        // the controls under them still take their taps (Tap.qml). Each finger is judged on its
        // own, from where it landed to where it lifted: a finger resting on the screen (or a
        // second visitor) neither stops another's swipe nor counts as one. A swipe changes
        // slide wherever it started (the control under it lets its tap go once the finger
        // moves); a tap on a control is the control's (it claimed the finger at its press,
        // Touches.qml); any other touch is a tap on the slide, and restarts the idle countdown.
        // Not above the language picker, the neutral screen or the staff panels: they take
        // every finger themselves.
        Item {
            id: swipes
            objectName: "swipes"
            anchors.fill: parent
            readonly property bool watching: !picker.shown && !Player.neutral
                                             && !(Setup.staffEnabled && (Staff.state !== "" || Staff.screenOff))
            function judge(dx: real, dy: real, claim: var) {
                if (Math.abs(dx) > 90 * Theme.u && Math.abs(dx) > 1.5 * Math.abs(dy)) {
                    // Swiping in the reading direction goes forward (to the left in English, right in Arabic).
                    if ((dx < 0) !== Player.rtl) Player.next(); else Player.previous()
                } else if (!claim) {
                    Player.tap()
                }
            }
            // One watcher a finger: five fingers at once, more than a hand's swipe and a resting hand need.
            Finger {}
            Finger {}
            Finger {}
            Finger {}
            Finger {}
        }
        component Finger: PointHandler {
            enabled: swipes.watching
            // Judged from the finger's own event point as it lifts: where it landed and where it lifted.
            // A finger that lifts once the staff layer has opened (the hidden gesture's own) is no tap.
            onGrabChanged: (transition, point) => {
                if (transition !== PointerDevice.UngrabPassive || point.state !== EventPoint.Released
                        || !swipes.watching)
                    return
                const from = swipes.mapFromItem(null, point.scenePressPosition.x, point.scenePressPosition.y)
                const to = swipes.mapFromItem(null, point.scenePosition.x, point.scenePosition.y)
                swipes.judge(to.x - from.x, to.y - from.y,
                             Touches.claimAt(point.scenePressPosition.x, point.scenePressPosition.y))
            }
        }

        // The language picker, the neutral screen and the staff layer's panels are made when
        // they are first needed, not before the first slide is shown (Loader).
        Loader {
            id: picker
            property bool shown: false
            active: shown
            anchors { fill: parent; topMargin: header.height; bottomMargin: footer.height }
            function open() { Player.tap(); shown = true }
            sourceComponent: Component { LanguagePicker { onChosen: picker.shown = false } }
            // Closed again when the loop resumes or the kiosk leaves for the neutral screen.
            Connections {
                target: Player
                function onPausedChanged() { if (!Player.paused) picker.shown = false }
            }
        }

        Loader {
            anchors.fill: parent
            active: Player.neutral
            sourceComponent: Component { NeutralScreen {} }
        }

        // Staff access (hidden gesture, PIN pad, staff menu, screen off) when `staff` is set.
        Loader { anchors.fill: parent; active: Setup.staffEnabled; source: "parts/StaffLayer.qml"
                 LayoutMirroring.enabled: false; LayoutMirroring.childrenInherit: true }  // staff see it as set up
    }

    ClosedCover { anchors.fill: parent; z: 10 }

    // Holds the keyboard focus, so the window's keys reach the guard, before any shortcut (the
    // look ahead a shortcut takes is eaten too). Nothing else in the player takes keys. Last, so
    // the stage stays the window's first item.
    Item {
        objectName: "keys"
        focus: true
        // Whether the guard eats `event` (a first press of a blocked key is logged).
        function blocked(event: KeyEvent, pressed: bool): bool {
            return !!win.guard && win.guard.keyBlocked(event.key, event.modifiers, pressed,
                                                        pressed && event.isAutoRepeat)
        }
        Keys.onShortcutOverride: event => { event.accepted = blocked(event, false) }
        Keys.onPressed: event => { event.accepted = blocked(event, true) }
        Keys.onReleased: event => { event.accepted = blocked(event, false) }
    }
}
