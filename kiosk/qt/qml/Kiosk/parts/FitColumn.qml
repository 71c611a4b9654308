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
    // The usual ceiling (Theme.growMax): when kMax is above it (larger text, Theme.fitMax) the
    // grid of sizes tried (see refit) is that of [kMin, kUsual], the same as at normal text, and
    // a second one of [kUsual, kMax] above it. A column the same at the same k (as every slide's
    // is, Theme.fitMax) then never finds a smaller k with A+ than without, not even by a step.
    property real kUsual: Theme.growMax
    // The last grid size: 256, or 512 with a second grid above kUsual.
    readonly property int gridTop: kMax > kUsual && kUsual > kMin ? 512 : 256
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
    // While true the column keeps its factor k and is not fitted again (kiosk/qt/fit.py holds a
    // slide's columns while it checks only the controls over it); fitted again once let go.
    property bool held: false
    // Grid sizes (0 to gridTop, see refit) likely to be the one found, the likeliest first: each is
    // tried, after the size above it, before the search (kiosk/qt/fit.py gives those found for
    // this column in other languages). They save sizes tried when right; the size found is the
    // same with or without them.
    property var hints: []
    // The grid size of k that the last fit found (0: kMin, gridTop: kMax), -1 before the first.
    property int grid: -1
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
    // The largest k in [kMin, kMax] at which the column fits, on the grid that halving the
    // interval eight times reaches (257 sizes, within 0.4 % of each other; each size's value is
    // the one halving computes, to the last bit; with kMax above kUsual, the grids of [kMin,
    // kUsual] and [kUsual, kMax] one after the other, 513 sizes). Text grows in steps (lines wrap), so the answer
    // is a size tried that fitted, never a guess between: the largest grid size that fits (kMin
    // when none does). Taller text never fits where shorter did, so the sizes tried are few: the
    // size laid out when the search starts bounds it for free (too tall there: no larger size
    // is tried), then kMax (a column that fits there is done), then where the height measured says the edge is
    // (text area grows about with the square of the size: the height is interpolated in k²
    // between the nearest sizes tried on either side, the side the guesses keep landing on
    // weighed less each time), until two neighbouring sizes, one fitting and one not, are known.
    // Sizes hinted at (hints) are tried first, each after the size above it: a hint that fits
    // where the next size does not is the edge itself.
    function refit() {
        if (!alive || held || height <= 0 || width <= 0 || fitting)
            return
        // Lay out every positioner under `item` now, innermost first (a column of bullets
        // inside the column), so heights read at once are those of the sizes just set. Not a
        // Text (it has a lineCount): it lays itself out at once as its font or width changes,
        // and its forceLayout() would only lay it out again, as much work as the first time.
        const layoutAll = item => {
            for (let i = 0; i < item.children.length; ++i)
                layoutAll(item.children[i])
            if (typeof item.forceLayout === "function" && item.lineCount === undefined)
                item.forceLayout()
        }
        const room = height + 1
        let last = -1  // the grid size last tried
        // Growing (k above 1) must not break a word that fits its line at the usual size.
        const fits = j => {
            last = j
            const trial = sizeAt(j)
            k = trial
            layoutAll(col)
            return col.implicitHeight <= room && (trial <= 1 || wordsFit(col))
        }
        fitting = true
        const end = gridTop
        let low = -1, high = end + 1  // low fits (-1: none known), high does not (top + 1: none known)
        let lowHeight = 0, highHeight = 0
        const tryAt = j => {
            if (fits(j)) {
                low = j
                lowHeight = col.implicitHeight
                return true
            }
            high = j
            highHeight = col.implicitHeight
            return false
        }
        // The size the text is laid out at now (k, often 1 on a slide just made, not always a
        // grid size) is a size measured without a layout: taller than the room there, no size
        // from it up fits; fitting there (at k 1 or below, where words need not be measured),
        // every size up to it fits. Kept as a bound (and its height for the guesses): a column
        // too tall at its usual size is not laid out at kMax, and the guesses start near it.
        const known = () => {
            layoutAll(col)
            const k0 = k, h0 = col.implicitHeight
            if (!(k0 >= kMin && k0 <= kMax))
                return
            let below = 0, above = end  // the grid sizes at or just below and at or just above k0
            while (above - below > 1) {
                const mid = Math.floor((below + above) / 2)
                if (sizeAt(mid) <= k0) below = mid; else above = mid
            }
            if (sizeAt(above) <= k0) below = above
            if (sizeAt(below) >= k0) above = below
            if (h0 > room) {
                high = above
                highHeight = h0
            } else if (k0 <= 1) {
                low = below
                lowHeight = h0
                if (sizeAt(below) === k0)
                    last = below  // laid out at it now
            }
        }
        if (kMax <= kMin) {
            low = 0
        } else {
            known()
            for (let i = 0; i < hints.length; ++i) {
                const hint = hints[i]
                if (hint <= low || hint >= high)
                    continue  // already known to fit or not
                // The size above first: when it does not fit and the hint does, the hint is the
                // size laid out last, not laid out again.
                if (hint + 1 < high && hint < end && tryAt(hint + 1))
                    continue
                tryAt(hint)
            }
            if (high === end + 1 && low < end)
                tryAt(end)
            // Which side the last guesses landed on (1: they fitted, -1: they did not) and the
            // weights of the two heights in the next guess: a side kept twice has its weight
            // halved (the "Illinois" rule), so guesses that keep landing on one side of the edge
            // (text grows in steps, not as k²) move toward it faster.
            let side = 0, lowWeight = 1, highWeight = 1
            while (high - low > 1) {
                let j
                if (highHeight <= room) {  // too wide, not too tall: nothing to interpolate
                    j = Math.floor((Math.max(low, 0) + high) / 2)
                    if (low < 0 && high === 1) j = 0
                } else {
                    // The edge where the height reaches the room, in k² between low and high.
                    const kl = low < 0 ? 0 : sizeAt(low), kh = sizeAt(high)
                    const hl = low < 0 ? 0 : lowHeight
                    const below = (room - hl) * lowWeight, above = (highHeight - room) * highWeight
                    const t = below / (below + above)
                    const guess = Math.sqrt(kl * kl + t * (kh * kh - kl * kl))
                    j = Math.floor(gridOf(guess))
                    j = Math.max(low + 1, Math.min(high - 1, j))
                    if (low < 0) j = Math.max(0, j)
                }
                if (tryAt(j)) {
                    highWeight = side === 1 ? highWeight / 2 : 1
                    lowWeight = 1
                    side = 1
                } else {
                    lowWeight = side === -1 ? lowWeight / 2 : 1
                    highWeight = 1
                    side = -1
                }
            }
            low = Math.max(low, 0)
        }
        if (last !== low)
            fits(low)
        grid = low
        fitting = false
        if (overflowing)
            overflowCheck.restart()
    }
    // The factor at grid size j of [kMin, kMax] (0: kMin, gridTop: kMax), computed as eight halvings
    // of the interval compute it (the same value to the last bit, whichever way it is reached);
    // with a second grid (gridTop 512), j 256 to 512 are those of [kUsual, kMax].
    function sizeAt(j) {
        if (j >= gridTop)
            return Math.max(kMin, kMax)
        const upper = gridTop > 256 && j >= 256
        const from = upper ? kUsual : kMin, to = gridTop > 256 && !upper ? kUsual : kMax
        if (upper)
            j -= 256
        let lo = 0, hi = 256, loK = from, hiK = to
        while (lo < j) {
            const mid = (lo + hi) / 2, midK = (loK + hiK) / 2
            if (j >= mid) { lo = mid; loK = midK } else { hi = mid; hiK = midK }
        }
        return loK
    }
    // Where factor k falls on the grid (sizeAt's inverse, as a fraction of a grid size).
    function gridOf(k) {
        if (gridTop > 256)
            return k <= kUsual ? (k - kMin) / (kUsual - kMin) * 256 : 256 + (k - kUsual) / (kMax - kUsual) * 256
        return (k - kMin) / (kMax - kMin) * 256
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
            // Cut at the spaces a line may break at: a no-break space keeps a phone number one word.
            const words = item.text.replace(/([\/-])/g, "$1\n").split(/[ \t\n\r\u1680\u2000-\u2006\u2008-\u200b\u2028\u2029\u205f\u3000]+/)
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
    onHeldChanged: if (!held) Qt.callLater(refit)
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
        onTriggered: if (box.overflowing) Player.reportOverflow(Theme.viewId())
    }
}
