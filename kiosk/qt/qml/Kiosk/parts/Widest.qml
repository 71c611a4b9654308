pragma ComponentBehavior: Bound
import QtQuick
import Kiosk

// The room the widest and the tallest of several one-line labels take, in pixels: each of
// `captions` drawn as a control draws it (bold, in the font Player.fontFor gives it) at each of
// `sizes`. Never drawn: measured by a hidden text for each font and size, holding the captions
// of that font a line each (a text's implicit width is its widest line's). Measured again only
// when the captions or the sizes change (a new deck, another screen), not as the visitor
// chooses a language or larger text.
// What was measured is kept (Player.noteWidest, in the check cache with the text sizes found), so
// a later start takes it (Player.widestKnown) and lays no label out: no font for a script that
// is not on screen is loaded for it.
Item {
    id: widest
    // The labels (every language, every state of the control) and the pixel sizes.
    property var captions: []
    property var sizes: []
    property bool bold: true
    // The widest caption's width, and the tallest line's height, in pixels: as measured before,
    // or measured now.
    readonly property real wide: known.length === 2 ? known[0] : measuredWide
    readonly property real tall: known.length === 2 ? known[1] : measuredTall
    // The digest of the captions and sizes ("" when there is nothing to measure, or no memo)
    // and what was measured for it before ([widest, tallest], or []).
    readonly property string key: captions.length > 0 && sizes.length > 0 ? Player.widestKey(captions, sizes, bold) : ""
    readonly property var known: key ? Player.widestKnown(key) : []
    readonly property real measuredWide: {
        let found = 0
        for (let i = 0; measures && i < measures.count; ++i) {
            const text = measures.itemAt(i) as Text
            if (text)
                found = Math.max(found, text.implicitWidth)
        }
        return found
    }
    readonly property real measuredTall: {
        let found = 0
        for (let i = 0; measures && i < measures.count; ++i) {
            const text = measures.itemAt(i) as Text
            if (text && text.lineCount > 0)
                found = Math.max(found, text.implicitHeight / text.lineCount)
        }
        return found
    }
    visible: false
    Accessible.ignored: true
    onMeasuredWideChanged: remember()
    onMeasuredTallChanged: remember()
    function remember() {
        if (key && known.length !== 2 && measuredWide > 0 && measuredTall > 0)
            Player.noteWidest(key, measuredWide, measuredTall)
    }

    // The captions by font, each font's a line each, at each size.
    readonly property var texts: {
        if (known.length === 2)
            return []
        const byFont = {}
        for (const caption of captions) {
            const family = Player.fontFor(caption)
            if (!(family in byFont))
                byFont[family] = []
            if (byFont[family].indexOf(caption) < 0)
                byFont[family].push(caption)
        }
        const found = []
        for (const family in byFont)
            for (const size of sizes)
                found.push({ family: family, size: size, text: byFont[family].join("\n") })
        return found
    }
    // Made only while there is something to measure: what was measured before makes no
    // Repeater (nor the models behind it), so a kiosk started before lays nothing out for it.
    readonly property Repeater measures: (measuring.item as Repeater)
    Loader {
        id: measuring
        active: widest.texts.length > 0
        sourceComponent: Repeater {
            model: widest.texts
            delegate: Text {
                required property var modelData
                visible: false
                text: modelData.text
                textFormat: Text.PlainText
                font.family: modelData.family
                font.bold: widest.bold
                font.pixelSize: modelData.size
            }
        }
    }
}
