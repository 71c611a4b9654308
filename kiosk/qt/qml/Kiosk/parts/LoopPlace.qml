import QtQuick
import Kiosk

// Where the loop is, quietly: "3 of 16" (the slide's place in the attract loop) over a thin bar
// that shortens as the slide's time runs out. Only the loop's own state (Player.loop), nothing
// about a visitor. The bar shows the time left in quarters of the slide's dwell, so a slide costs
// at most three redraws (one each quarter), not one a frame or a second, and a still slide lets the
// processor sleep for seconds at a time; it is not drawn with reduced motion on or while the
// loop is not moving (paused by a touch, held, or a rendered picture).
Column {
    id: place
    objectName: "loopPlace"
    readonly property var loop: Player.loop
    readonly property bool counting: (loop.running || false) && !Player.reducedMotion
    // The bar's steps over a slide's dwell.
    readonly property int steps: 4
    // The share of the slide's time left, 1 to 0, in whole steps; set by `step`.
    property real share: 1
    property double started: 0
    visible: (loop.number || 0) > 0 && !Player.paused  // the controls take the footer when paused
    spacing: 8 * Theme.u
    Accessible.role: Accessible.StaticText
    Accessible.name: number.text

    // The steps still to come `elapsed` ms after the loop's place was last told (Player.loop):
    // the time left rounded up to whole steps of the dwell (1 of 4 shows until the slide changes).
    function stepsLeft(elapsed) {
        const dwell = Math.max(1, loop.dwellMs || 0)
        const left = Math.max(0, Math.min(loop.leftMs || 0, dwell) - elapsed)
        return Math.ceil(left * steps / dwell - 1e-9)
    }
    // Milliseconds from `elapsed` to the next step (when the time left crosses a step's border).
    function untilNextStep(elapsed) {
        const dwell = Math.max(1, loop.dwellMs || 0)
        const left = Math.max(0, Math.min(loop.leftMs || 0, dwell) - elapsed)
        return Math.max(1, left - (stepsLeft(elapsed) - 1) * dwell / steps)
    }
    function step() {
        const elapsed = Date.now() - started
        share = stepsLeft(elapsed) / steps
        // At most a day: a Timer holds at most 2^31-1 ms (a day's dwell played slowed down
        // would overflow it); woken early, it only sets the same share and waits again.
        tick.interval = Math.min(untilNextStep(elapsed), 86400000)
    }
    function restart() {
        started = Date.now()
        step()
    }
    Connections {
        target: Player
        function onLoopChanged() { place.restart() }
    }
    Component.onCompleted: restart()

    Text {
        id: number
        objectName: "loopNumber"
        anchors.right: parent.right  // the reading end: left in a right-to-left language
        text: Theme.t.page_of.replace("{number}", place.loop.number || 0).replace("{count}", place.loop.count || 0)
        color: Theme.colors.muted
        font.family: Player.fontFor(text)
        font.pixelSize: Theme.small
        textFormat: Text.PlainText
    }
    Rectangle {
        id: track
        objectName: "loopBar"
        visible: place.counting
        width: Math.max(number.implicitWidth, 160 * Theme.u)
        height: Math.max(2, 6 * Theme.u)
        radius: height / 2
        color: Qt.rgba(Theme.colors.muted.r, Theme.colors.muted.g, Theme.colors.muted.b, 0.35)
        Rectangle {
            // Shrinks toward the reading start (mirrored in a right-to-left language).
            anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
            width: parent.width * place.share
            radius: parent.radius
            color: Theme.colors.muted
        }
    }
    Timer {
        id: tick
        objectName: "loopTick"
        // Wakes at the next step only (its interval is set by step()), and never after the last.
        running: place.counting && place.visible && place.share > 0
        repeat: true
        onTriggered: place.step()
    }
}
