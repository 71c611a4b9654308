pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

Item {
    id: slide
    property var view: ({})
    readonly property var events: slide.view.events || []
    readonly property int count: events.length
    // Landscape: one card per column, code at the foot. Portrait: stacked cards, code at the side.
    readonly property bool columns: !Theme.portrait && count > 1
    // A sign-up code is shown full size or not at all: at least 200 px at 1080 and 4 px a module,
    // with its quiet zone (README, Design notes), never cut by the fade of a card's text. When
    // the cards leave a code less room than that, no card shows its code: each says where to
    // sign up in words instead, and a note says why (`kiosk validate` warns of such a slide:
    // kiosk/deck/checks.py, event_code_side, works the room out the same way for a one-line
    // headline and no intro; the fit check, kiosk/qt/fit.py, warns whenever a slide laid out
    // leaves its codes out, whatever its headline and intro take).
    readonly property int modules: events.reduce((most, each) => each.qr ? Math.max(most, Player.qrModules(each.qr.payload)) : most, 0)
    readonly property real qrMin: Math.max(200 * Theme.u, 4 * modules)
    readonly property real pad: (columns ? 28 : 22) * Theme.u
    // Room kept under a code for its label: three lines of small text.
    readonly property real labelRoom: 3 * Math.ceil(Theme.fitSmall * 1.3) + 10 * Theme.u
    // A card's room with codes shown (the note below, shown only without them, is not counted).
    readonly property real roomWidth: (width - 2 * Theme.margin - (columns ? 28 * Theme.u * (count - 1) : 0)) / (columns ? count : 1)
    readonly property real roomHeight: {
        const area = height - intro.y - intro.height - 28 * Theme.u - Theme.margin * 0.4
        return columns ? area : (area - 20 * Theme.u * (count - 1)) / Math.max(1, count)
    }
    // (In a column wide enough for the description beside the code, the label stands beside it
    // too, under the description: no room is kept for it under the code.)
    readonly property real codeSide: columns
        ? Math.min(roomWidth - 2 * pad, (roomHeight - 2 * pad - (wide ? 0 : labelRoom)) * 0.6, 300 * Theme.u)
        : Math.min(roomHeight - 2 * pad - labelRoom, roomWidth * 0.32, 300 * Theme.u)
    // When and where come before a code: the codes are shown only when every card keeps room for
    // its title, day, time and place (at the smallest text size, under a Today badge) beside or
    // above its code; else each card says where to sign up in words, as when the codes are too small.
    readonly property real factsWidth: columns ? roomWidth - 2 * pad : roomWidth - 3 * pad - codeSide
    // In a column the code stands at the card's foot (its label under it, or beside it with the
    // description when that leaves the description 200 px at 1080 with the gap: `beside`), the
    // text 16 px at 1080 above it. Beside the codes, every card's text is as wide as the next
    // one's: the text of a card without a code, the description beside the code of a card with
    // one, which is wider by the code and the gap beside it (so a slide with a code on some cards
    // only does not leave the room of a code empty on the others).
    readonly property real besideGap: 20 * Theme.u
    readonly property int coded: events.reduce((n, each) => each.qr ? n + 1 : n, 0)
    readonly property real textWidth: (width - 2 * Theme.margin - 28 * Theme.u * (count - 1) - 2 * pad * count
                                       - coded * (qrMin + besideGap)) / Math.max(1, count)
    readonly property bool wide: columns && textWidth + besideGap >= 200 * Theme.u
    // A card's width in a column when the codes are shown.
    function widthOf(hasCode: bool): real { return wide ? textWidth + 2 * pad + (hasCode ? qrMin + besideGap : 0) : roomWidth }
    readonly property real factsRoom: roomHeight - 2 * pad
                                      - (columns ? qrMin + 16 * Theme.u + (wide ? 0 : 10 * Theme.u + labelRoom) : 0)
    // A card's room for its title, day, time and place with the codes shown: above its code, or
    // (a card without one, in a column) the whole card.
    function factsRoomOf(coded: bool): real { return coded || !columns ? factsRoom : roomHeight - 2 * pad }
    // How far each card's title, day, time and place (at the smallest size) run past its room
    // with the codes shown: the codes are shown only when none does.
    property var factsNeed: []
    readonly property real factsMost: factsNeed.reduce((most, each) => Math.max(most, each === undefined ? -Infinity : each), -Infinity)
    function noteFacts(index, value) {
        const copy = factsNeed.slice()
        copy[index] = value
        factsNeed = copy
    }
    readonly property bool codesShown: modules > 0 && codeSide >= qrMin - 0.5 && factsMost <= 0
    // The side drawn: under the text of a card in a column, the least full size (the rest of the
    // card is the text's); beside the text of a stacked card, all the room there is.
    readonly property real drawnSide: columns ? qrMin : codeSide
    // A card in a column wide enough keeps its description beside the code, under the rest of
    // its text (as a stacked card has it beside), so a few events keep their words whole.
    readonly property bool beside: wide && codesShown
    // Cards in columns without codes share the row by what they hold, so a card with a long title
    // or description takes room a short one leaves empty: each card is given the width at which
    // its text, at the smallest size, ends as low as every other card's (as near as the widths
    // tried, a step of at most 1/200 of the row, allow), none narrower than `leastShare` of the
    // width all have alike. A card notes its texts' words (slide.textHeight lays them out).
    readonly property real leastShare: 0.8
    property var wholeNeed: []
    function noteWhole(index, value) {
        const copy = wholeNeed.slice()
        copy[index] = value
        wholeNeed = copy
    }
    // How many lines a text noted by a card ({words: their widths, space: a space's width}, in
    // pixels) takes at a line `w` pixels wide: each line as many words as it holds, a word wider
    // than a line broken across lines (as Text.Wrap lays it out, to within the breaks it also
    // makes after a hyphen or a slash: never fewer lines than it).
    function linesOf(text, w: real): int {
        let lines = 0, run = -1
        for (const word of text.words) {
            if (run >= 0 && run + text.space + word <= w) {
                run += text.space + word
                continue
            }
            const parts = Math.max(1, Math.ceil(word / Math.max(1, w) - 1e-9))
            lines += parts
            run = word - (parts - 1) * w
        }
        return Math.max(1, lines)
    }
    // The height in pixels of a card's text noted as `need` in a column `w` pixels wide: the
    // title, the day, time and place (a Flow: side by side where they fit), the sign-up line and
    // the description, with the spaces between them and the room of the badge above them.
    function textHeight(need, w: real): real {
        let height = need.top, items = 0
        for (const text of need.blocks) {
            height += linesOf(text, w) * text.line
            items += 1
        }
        let x = -1, row = 0, flow = 0
        for (const text of need.facts) {
            const itemWidth = Math.min(text.one, w)
            if (x >= 0 && x + need.flowGap + itemWidth > w) {
                flow += row + need.flowGap
                x = -1
                row = 0
            }
            x = (x >= 0 ? x + need.flowGap : 0) + itemWidth
            row = Math.max(row, linesOf(text, w) * text.line)
        }
        if (need.facts.length > 0) {
            height += flow + row
            items += 1
        }
        return height + need.gap * Math.max(0, items - 1)
    }
    readonly property var shares: {
        if (!columns || codesShown)
            return []  // the cards are alike, or as wide as their codes make them (widthOf)
        const row = width - 2 * Theme.margin - 28 * Theme.u * (count - 1)
        const alike = row / Math.max(1, count)
        const least = alike * leastShare
        const needs = []
        for (let i = 0; i < count; ++i) {
            if (!wholeNeed[i] || !wholeNeed[i].blocks)
                return Array(count).fill(alike)  // not all noted yet
            needs.push(wholeNeed[i])
        }
        // Each card's text height at the card widths tried, from the least to the whole row.
        const step = Math.max(1, (row - least) / 200)
        const tried = []
        for (let w = least; w <= row + 1e-6; w += step)
            tried.push(w)
        // Never so narrow that a word is wider than its line, at the usual size (the text is
        // laid out at the smallest size only on a crowded slide; above the usual size its
        // column checks its words itself).
        const heights = needs.map(need => tried.map(w => w - 2 * pad < need.widest / need.shrunk + 1 ? Infinity
                                                                                       : textHeight(need, w - 2 * pad)))
        // The least width tried at which a card's text ends at `height` or above.
        const widthFor = (index, height) => {
            const row = heights[index]
            let low = -1, high = row.length - 1  // row[high] <= height, or the widest
            if (row[high] > height)
                return Infinity
            while (high - low > 1) {
                const middle = (low + high) >> 1
                if (row[middle] <= height) high = middle; else low = middle
            }
            return tried[high]
        }
        const sum = height => needs.reduce((total, need, i) => total + widthFor(i, height), 0)
        // The least height that every card can end above with the widths summing to the row.
        const candidates = heights.reduce((all, each) => all.concat(each), []).sort((a, b) => a - b)
        let low = -1, high = candidates.length - 1
        if (sum(candidates[high]) > row)
            return Array(count).fill(alike)  // no sharing does better than alike
        while (high - low > 1) {
            const middle = (low + high) >> 1
            if (sum(candidates[middle]) <= row) high = middle; else low = middle
        }
        const widths = needs.map((need, i) => widthFor(i, candidates[high]))
        const spare = (row - widths.reduce((total, each) => total + each, 0)) / count  // shared alike
        return widths.map(each => each + spare)
    }
    // One text size for every card: the smallest any card needs to fit (a card without a code
    // has more room, but its text is not drawn larger than its neighbours'). Cards with room to
    // spare grow as a text slide's column does, up to half as large again (Theme.growMax), so one
    // or two short events are not a line in the corner of a large card; with A+ up to textScale
    // larger again where every card has room for it (its sizes are Theme.fit* sizes: see
    // Theme.fitMax). Cards whose description stands beside their code do not grow (that box is
    // not in the card's column, so the column's room says nothing of it): at most the visitor's
    // text scale, as the description beside the code is drawn.
    property var cardK: []
    readonly property real k: cardK.reduce((least, each) => Math.min(least, each === undefined ? 1 : each),
                                           beside ? Theme.textScale : Theme.fitMax)
    function noteK(index, value) {
        const copy = cardK.slice()
        copy[index] = value
        cardK = copy
    }

    // A text of a card measured unseen, on one line, at the smallest size (unless told).
    component Probe: Text {
        id: probe
        readonly property alias metrics: probeMetrics
        font.family: Player.fontFor(text)
        font.pixelSize: Theme.minText
        textFormat: Text.PlainText
        FontMetrics { id: probeMetrics; font: probe.font }
    }

    // With larger text (Theme.fitMax) only the cards' text grows, where every card has room: what
    // stands around the cards and takes their room (the headline, read from 3 m already, the
    // intro, the note, the codes' labels and the day badges) keeps its usual size, so the cards
    // keep the room they have at normal text and their text is never smaller.
    FitText {
        id: heading
        anchors { left: parent.left; right: parent.right; top: parent.top; topMargin: Theme.slideTop; leftMargin: Theme.margin; rightMargin: Theme.margin }
        objectName: "headline"
        text: slide.view.title
        size: Theme.fitHeadline
        font.bold: true
        fontSizeMode: Text.FixedSize
        maximumLineCount: 2
    }
    FitText {
        id: intro
        anchors { left: parent.left; right: parent.right; top: heading.bottom; topMargin: 12 * Theme.u; leftMargin: Theme.margin; rightMargin: Theme.margin }
        text: slide.view.intro || ""
        visible: text.length > 0
        height: visible ? implicitHeight : 0
        size: Theme.fitBody * 0.8
        color: Theme.colors.muted
        fontSizeMode: Text.FixedSize
    }
    FitText {
        id: codesNote
        objectName: "codesLeftOut"
        anchors { left: parent.left; right: parent.right; top: intro.bottom; topMargin: 12 * Theme.u; leftMargin: Theme.margin; rightMargin: Theme.margin }
        text: Theme.t.codes_left_out
        visible: slide.modules > 0 && !slide.codesShown
        size: Theme.fitSmall
        color: Theme.colors.muted
        fontSizeMode: Text.FixedSize
        elide: Text.ElideNone
    }
    Grid {
        id: cards
        anchors { left: parent.left; right: parent.right; top: codesNote.visible ? codesNote.bottom : intro.bottom; bottom: parent.bottom
                  topMargin: 28 * Theme.u; leftMargin: Theme.margin; rightMargin: Theme.margin; bottomMargin: Theme.margin * 0.4 }
        columns: slide.columns ? slide.count : 1
        spacing: (slide.columns ? 28 : 20) * Theme.u
        readonly property real cellWidth: (width - spacing * (columns - 1)) / columns
        readonly property real cellHeight: slide.columns ? height : (height - spacing * (slide.count - 1)) / Math.max(1, slide.count)
        Repeater {
            model: slide.events
            delegate: Rectangle {
                id: card
                objectName: "eventCard"
                required property var modelData
                required property int index
                // The event named as `kiosk validate` names it when a field of its card is cut
                // (kiosk/qt/fit.py).
                readonly property string eventTitle: modelData.title
                readonly property string eventDate: modelData.date
                readonly property real ownK: fit.k
                onOwnKChanged: slide.noteK(index, ownK)
                Component.onCompleted: slide.noteK(index, ownK)
                width: !slide.columns ? cards.cellWidth
                       : slide.beside ? slide.widthOf(!!modelData.qr)
                       : slide.shares.length > index ? slide.shares[index] : cards.cellWidth
                height: cards.cellHeight
                radius: 20 * Theme.u
                color: Theme.colors.surface
                readonly property bool hasQr: !!modelData.qr && slide.codesShown
                readonly property real pad: slide.pad
                // What a passer-by needs of the event, first: its title, then when and where (the
                // day, the time and the place, on one line where they fit). Then where to sign up in
                // words (no code shown) and its description, which a crowded card fades first.
                FitColumn {
                    id: fit
                    // At the start of the card: an anchor, so it mirrors (the code across from it).
                    anchors { left: parent.left; leftMargin: card.pad }
                    // In a column, under the badge, which straddles the card's top edge (it takes little
                    // of the card); a stacked card has it at the end of its title's first line.
                    y: day.visible && slide.columns ? Math.max(card.pad, day.y + day.height + 8 * Theme.u) : card.pad
                    width: card.width - 2 * card.pad - (card.hasQr && !slide.columns ? qr.width + card.pad : 0)
                    // In a column the code stands at the card's foot, under the text (never cut by its fade).
                    height: (card.hasQr && slide.columns ? qr.y - 16 * Theme.u : card.height - card.pad) - y
                    spacing: 10 * Theme.u * slide.k
                    kMin: Theme.bodyFloor / 0.8  // its smallest text is 0.8 of body
                    kMax: Theme.fitMax
                    fadeColor: card.color
                    // A title so long that the day, time and place would not fit under it (at the
                    // smallest size; with a sign-up line under them, which may run into the fade at
                    // the column's foot, above the upper half of that fade) is cut short by the
                    // lines they need. The description cuts itself short to the lines left.
                    FitText {
                        id: title
                        objectName: "eventTitle"
                        readonly property real room: fit.height - (signup.visible ? Math.min(fit.height * 0.3, 140 * Theme.u) / 2 : 0)
                        readonly property real need: titleAtWidth.height + facts.implicitHeight - titleProbe.height
                        readonly property real probeLine: titleAtWidth.height / Math.max(1, titleAtWidth.lineCount)
                        width: parent.width - (day.visible && !slide.columns ? day.width + 14 * Theme.u : 0)
                        // Narrowed by the badge at the end of its line: on a mirrored (right-to-left)
                        // card the badge is at the left, so the title keeps to the right, clear of it.
                        x: LayoutMirroring.enabled ? parent.width - width : 0
                        text: card.modelData.title
                        size: Theme.fitBody * 0.95 * slide.k
                        font.bold: true
                        fontSizeMode: Text.FixedSize
                        maximumLineCount: need > room && probeLine > 0
                            ? Math.max(1, titleAtWidth.lineCount - Math.ceil((need - room) / probeLine)) : 1000
                    }
                    // The day, the time and the place: on one line when they fit on it.
                    Flow {
                        id: when
                        objectName: "eventWhen"
                        width: parent.width
                        spacing: 14 * Theme.u * slide.k
                        FitText { objectName: "eventDate"; width: Math.min(implicitWidth, parent.width); text: Theme.longDate(card.modelData.date, slide.view.locale); size: Theme.fitBody * 0.8 * slide.k; color: Theme.colors.accent; font.bold: true; fontSizeMode: Text.FixedSize }
                        FitText { objectName: "eventTime"; width: Math.min(implicitWidth, parent.width); text: card.modelData.time; visible: text.length > 0; size: Theme.fitBody * 0.8 * slide.k; color: Theme.colors.accent; fontSizeMode: Text.FixedSize }
                        // Its width measured apart: a place with a number in it (a postcode) sizes
                        // its font by its width (FitText.qml).
                        FitText {
                            id: place
                            objectName: "eventPlace"
                            width: Math.min(Math.ceil(placeWidth.advanceWidth) + rightPadding + 1, parent.width)
                            text: card.modelData.place
                            visible: text.length > 0
                            size: Theme.fitBody * 0.8 * slide.k
                            fontSizeMode: Text.FixedSize
                            TextMetrics { id: placeWidth; font.family: place.font.family; font.pixelSize: place.size; text: place.text }
                        }
                    }
                    // Where to sign up, in words, when the slide has no room for the code.
                    FitText { id: signup; objectName: "signupText"; width: parent.width; text: !!card.modelData.qr && !slide.codesShown ? card.modelData.qr.label : ""; visible: text.length > 0; size: Theme.fitBody * 0.8 * slide.k; color: Theme.colors.accent; font.bold: true; fontSizeMode: Text.FixedSize }
                    // What the event is: its own description, in every layout.
                    // At the smallest size, cut short (an ellipsis) to the lines left under the rest
                    // rather than faded over what is above it; left out when no line is left.
                    FitText {
                        id: body
                        objectName: "eventBody"
                        readonly property real above: title.height + when.height + (signup.visible ? signup.height + fit.spacing : 0) + 2 * fit.spacing
                        readonly property int lines: Math.floor((fit.height - above) / Math.max(1, bodyLine.lineSpacing))
                        readonly property bool squeezed: fit.k <= fit.kMin + 1e-6
                        width: parent.width
                        text: card.modelData.body
                        // No line left for it: a description the fit check says is cut (kiosk/qt/fit.py).
                        readonly property bool leftOut: text.length > 0 && !(card.hasQr && slide.beside) && squeezed && lines < 1
                        visible: text.length > 0 && !(card.hasQr && slide.beside) && !leftOut
                        maximumLineCount: squeezed ? Math.max(1, lines) : 1000
                        size: Theme.fitBody * 0.8 * slide.k
                        color: Theme.colors.text
                        fontSizeMode: Text.FixedSize
                        FontMetrics { id: bodyLine; font.family: body.font.family; font.pixelSize: body.font.pixelSize }
                    }
                }
                // "Today" or "Tomorrow" (in the visitor's language) on an event that is near, or "Past
                // event" on one an archive keeps on show after it has ended (its view has no sign-up
                // code then: kiosk/player/views.py), taking little of the card's room: in a column,
                // a tag on the card's top edge at its start, half in the gap above the card (never
                // more than that gap); on a stacked card (wide), at the end of the title's first line.
                // A past event's badge is outlined, not filled: the body text's colour on the
                // background's, a pair the deck's check holds to WCAG 2.2 AA.
                Rectangle {
                    id: day
                    objectName: "eventDay"
                    visible: (card.modelData.day || "").length > 0
                    anchors.left: slide.columns ? parent.left : undefined
                    anchors.leftMargin: card.pad
                    anchors.right: slide.columns ? undefined : fit.right
                    y: slide.columns ? -Math.min(height / 2, cards.spacing - 6 * Theme.u) : card.pad + 2 * Theme.u  // fit.y there
                    width: dayText.implicitWidth + 24 * Theme.u
                    height: dayText.implicitHeight + 6 * Theme.u
                    radius: 10 * Theme.u
                    readonly property bool past: !!card.modelData.past
                    color: past ? Theme.colors.background : Theme.colors.accent
                    border.width: past ? 2 * Theme.u : 0
                    border.color: Theme.colors.accent
                    Text {
                        id: dayText
                        anchors.centerIn: parent
                        text: card.modelData.day || ""
                        color: day.past ? Theme.colors.text : Theme.colors.accent_text
                        font.family: Player.fontFor(text)
                        font.pixelSize: Theme.fitSmall
                        font.bold: true
                        textFormat: Text.PlainText
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                    }
                }
                // The title at the smallest size at its own width, unseen (how many lines it takes).
                Text { id: titleAtWidth; opacity: 0; width: title.width; text: card.modelData.title; font.family: Player.fontFor(text); font.pixelSize: Theme.fitBody * 0.95 * fit.kMin; font.bold: true; wrapMode: Text.Wrap; textFormat: Text.PlainText }
                // When and where at the smallest text size, laid out unseen: the slide shows the
                // sign-up codes only when every card keeps room for these above its code.
                Column {
                    id: facts
                    opacity: 0
                    enabled: false
                    width: slide.columns ? slide.widthOf(!!card.modelData.qr) - 2 * card.pad : slide.factsWidth
                    // With the room the badge takes above the text (fit.y: not the code's doing),
                    // less the room the card keeps for them.
                    readonly property real need: implicitHeight + fit.y - card.pad - slide.factsRoomOf(!!card.modelData.qr)
                    onNeedChanged: slide.noteFacts(card.index, need)
                    Component.onCompleted: slide.noteFacts(card.index, need)
                    spacing: 10 * Theme.u * fit.kMin
                    Text { id: titleProbe; width: parent.width; text: card.modelData.title; font.family: Player.fontFor(text); font.pixelSize: Theme.fitBody * 0.95 * fit.kMin; font.bold: true; wrapMode: Text.Wrap; textFormat: Text.PlainText }
                    Flow {
                        width: parent.width
                        spacing: 14 * Theme.u * fit.kMin
                        Text { width: Math.min(implicitWidth, parent.width); text: Theme.longDate(card.modelData.date, slide.view.locale); font.family: Player.fontFor(text); font.pixelSize: Theme.minText; font.bold: true; wrapMode: Text.Wrap; textFormat: Text.PlainText }
                        Text { width: Math.min(implicitWidth, parent.width); text: card.modelData.time; visible: text.length > 0; font.family: Player.fontFor(text); font.pixelSize: Theme.minText; wrapMode: Text.Wrap; textFormat: Text.PlainText }
                        Text { width: Math.min(implicitWidth, parent.width); text: card.modelData.place; visible: text.length > 0; font.family: Player.fontFor(text); font.pixelSize: Theme.minText; wrapMode: Text.Wrap; textFormat: Text.PlainText }
                    }
                }
                // Each text of the card at the smallest size on one line, unseen: how much room the
                // card asks of its row (slide.shares).
                Item {
                    id: whole
                    opacity: 0
                    enabled: false
                    // Each text's words' widths, in its font (noted again when its font changes:
                    // its one-line size, read here, changes with it).
                    function noted(probe) {
                        // With the tenth of an em FitText keeps spare on a right-to-left line.
                        const spare = Player.isRtlText(probe.text) ? Math.ceil(probe.font.pixelSize * 0.1) : 0
                        return {
                            words: probe.text.split(/\s+/).filter(word => word.length > 0).map(word => probe.metrics.advanceWidth(word) + spare),
                            space: probe.metrics.advanceWidth(" "), line: probe.implicitHeight, one: probe.implicitWidth
                        }
                    }
                    readonly property var need: {
                        // Only what slide.shares reads: the cards in columns without codes (its words
                        // are not measured again at each step of the slide's making for nothing).
                        if (!slide.columns || slide.codesShown)
                            return null
                        // (A probe is null while the card is being destroyed.)
                        const blocks = [wholeTitle, wholeSignup, wholeBody].filter(probe => probe && probe.text.length > 0).map(whole.noted)
                        const facts = [wholeDate, wholeTime, wholePlace].filter(probe => probe && probe.text.length > 0).map(whole.noted)
                        return {
                            top: fit.y - card.pad,
                            gap: 10 * Theme.u * fit.kMin,
                            flowGap: 14 * Theme.u * fit.kMin,
                            blocks: blocks,
                            facts: facts,
                            // The widest word, and how far the smallest size is below the usual one.
                            widest: blocks.concat(facts).reduce((most, text) => text.words.reduce((widest, word) => Math.max(widest, word), most), 0),
                            shrunk: fit.kMin
                        }
                    }
                    onNeedChanged: slide.noteWhole(card.index, need)
                    Component.onCompleted: slide.noteWhole(card.index, need)
                    Probe { id: wholeTitle; text: card.modelData.title; font.pixelSize: Theme.fitBody * 0.95 * fit.kMin; font.bold: true }
                    Probe { id: wholeDate; text: Theme.longDate(card.modelData.date, slide.view.locale); font.bold: true }
                    Probe { id: wholeTime; text: card.modelData.time }
                    Probe { id: wholePlace; text: card.modelData.place }
                    Probe { id: wholeSignup; text: card.modelData.qr ? card.modelData.qr.label : ""; font.bold: true }
                    Probe { id: wholeBody; text: card.modelData.body || "" }
                }
                // The code with its label: at the foot of a card in a column, on the far side of a
                // stacked card; full size (slide.drawnSide) and wholly inside the card.
                QrCode {
                    id: qr
                    objectName: "eventCode"
                    visible: card.hasQr
                    side: slide.drawnSide
                    labelWidth: slide.columns && !slide.beside ? card.width - 2 * card.pad : slide.drawnSide
                    showLabel: !slide.beside  // beside it, under the description
                    textSize: Theme.fitSmall
                    payload: visible ? card.modelData.qr.payload : ""
                    label: visible ? card.modelData.qr.label : ""
                    x: slide.beside ? (LayoutMirroring.enabled ? card.width - width - card.pad : card.pad)
                       : slide.columns ? (card.width - width) / 2
                                     : (LayoutMirroring.enabled ? card.pad : card.width - width - card.pad)
                    y: slide.columns ? card.height - card.pad - height : Math.max(card.pad, (card.height - height) / 2)
                }
                // Beside the code (slide.beside): the description, shrinking to its room, and under
                // it the line saying where the code leads.
                Item {
                    visible: card.hasQr && slide.beside
                    // From under the text above (it may start above the code's top) to the code's foot.
                    anchors { left: qr.right; leftMargin: slide.besideGap; right: parent.right; rightMargin: card.pad }
                    y: Math.min(qr.y, fit.y + Math.min(fit.implicitHeight, fit.height) + 12 * Theme.u)
                    height: qr.y + qr.height - y
                    FitText {
                        objectName: "eventBody"
                        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: besideLabel.top; bottomMargin: 8 * Theme.u }
                        visible: text.length > 0
                        text: card.modelData.body
                        // Not in the card's column (its k does not know this box): no larger than
                        // at normal text, where slide.k is at most 1.
                        size: Theme.fitBody * 0.8 * Math.min(1, slide.k)
                        color: Theme.colors.text
                    }
                    FitText {
                        id: besideLabel
                        objectName: "codeLabel"
                        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
                        text: parent.visible ? card.modelData.qr.label : ""
                        size: Theme.fitSmall
                        fontSizeMode: Text.FixedSize
                    }
                }
            }
        }
    }
}
