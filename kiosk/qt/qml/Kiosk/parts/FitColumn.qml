import QtQuick
import Kiosk

// A column whose text is scaled together (factor k) to fill the box's height: down until it
// fits, never below kMin, and up while there is room, never above kMax (so one short line
// does not become absurd; kMax 1 only shrinks). `overflowing` stays true only if even the
// smallest readable size is too big: the column is then cut at the box's bottom edge (never
// drawn over the controls below it or off the screen), with a fade into `fadeColor` at the cut
// so it reads as "continues".
Item {
    id: box
    default property alias content: col.data
    property real k: 1
    property real kMin: 0.7
    property real kMax: 1
    property alias spacing: col.spacing
    // Centre the column vertically in the box (what it does not fill is shared above and below).
    property bool centred: false
    // What is behind the box (the slide background; a card's colour inside a card).
    property color fadeColor: Theme.colors.background
    readonly property bool overflowing: col.implicitHeight > height + 1 && k <= kMin
    // Cut while the text is taller than the box, also while it is still being fitted.
    readonly property bool cut: col.implicitHeight > height + 1
    // True while refit() tries sizes (the column's height changes then are its own doing).
    property bool fitting: false
    implicitHeight: col.implicitHeight
    clip: cut

    Column {
        id: col
        width: box.width
        y: box.centred ? Math.max(0, (box.height - implicitHeight) / 2) : 0
    }
    Rectangle {
        objectName: "fitFade"
        visible: box.overflowing
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: Math.min(box.height * 0.3, 140 * Theme.u)
        gradient: Gradient {
            GradientStop { position: 0; color: Qt.rgba(box.fadeColor.r, box.fadeColor.g, box.fadeColor.b, 0) }
            GradientStop { position: 0.75; color: box.fadeColor }
            GradientStop { position: 1; color: box.fadeColor }
        }
    }
    // The largest k in [kMin, kMax] at which the column fits, found by halving the interval
    // (eight tries: within 0.4 % of it). Text grows in steps (lines wrap), so the answer is the
    // last size tried that fitted, never a guess between.
    function refit() {
        if (!alive || height <= 0 || width <= 0 || fitting)
            return
        // Lay out every positioner under `item` now, innermost first (a column of bullets
        // inside the column), so heights read at once are those of the sizes just set.
        const layoutAll = item => {
            for (let i = 0; i < item.children.length; ++i)
                layoutAll(item.children[i])
            if (typeof item.forceLayout === "function")
                item.forceLayout()
        }
        // Growing (k above 1) must not break a word that fits its line at the usual size.
        const fits = trial => {
            k = trial
            layoutAll(col)
            return col.implicitHeight <= height + 1 && (trial <= 1 || wordsFit(col))
        }
        fitting = true
        let low = kMin, high = Math.max(kMin, kMax)
        if (fits(high)) {
            low = high
        } else if (!fits(low)) {
            high = low
        } else {
            for (let i = 0; i < 8; ++i) {
                const middle = (low + high) / 2
                if (fits(middle)) low = middle; else high = middle
            }
        }
        fits(low)
        fitting = false
        if (overflowing)
            overflowCheck.restart()
    }
    // True when no word of the visible text under `item` is wider than its line: a word is a run
    // between spaces, cut after "/" and "-" where a line may also break (as kiosk/qt/fit.py
    // measures it), in the text's font at its set size.
    function wordsFit(item) {
        if (!item.visible)
            return true
        if (typeof item.text === "string" && item.font !== undefined && item.wrapMode !== undefined
                && item.text.length > 0 && item.width > 0) {
            metrics.font = item.font
            const room = item.width - item.leftPadding - item.rightPadding + 0.5
            const words = item.text.replace(/([\/-])/g, "$1\n").split(/\s+/)
            for (let i = 0; i < words.length; ++i) {
                metrics.text = words[i]
                if (metrics.advanceWidth > room)
                    return false
            }
        }
        for (let i = 0; i < item.children.length; ++i)
            if (!wordsFit(item.children[i]))
                return false
        return true
    }
    TextMetrics { id: metrics }
    // False once the column is being destroyed: a refit asked for just before does nothing.
    property bool alive: true
    Component.onDestruction: alive = false
    // Deferred: changing k inside the column's own layout pass would loop.
    onHeightChanged: Qt.callLater(refit)
    onWidthChanged: Qt.callLater(refit)
    onKMinChanged: Qt.callLater(refit)
    onKMaxChanged: Qt.callLater(refit)
    Connections {
        target: col
        // A change of content (another language, larger text): fit again. Not the changes
        // refit() makes itself while it tries sizes.
        function onImplicitHeightChanged() { if (!box.fitting) Qt.callLater(box.refit) }
    }
    // Report only an overflow that lasts (not one seen mid-layout while the window sizes itself).
    onOverflowingChanged: if (overflowing && !fitting) overflowCheck.restart()
    Timer {
        id: overflowCheck
        interval: 250
        onTriggered: if (box.overflowing) Player.reportOverflow(Theme.viewId)
    }
}
