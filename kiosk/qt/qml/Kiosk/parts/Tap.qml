import QtQuick
import Kiosk

// The tap of a control, from any finger: a pointer handler sees every touch point on its own,
// so a finger resting elsewhere on the screen (or a second visitor) never makes the control
// dead, as a MouseArea (which sees only the first finger) did. It counts when the finger lifts
// without having moved past the drag threshold, however long it was held. A finger that moves
// further is let go: it is a swipe, which the player's swipe watcher (Main.qml) judges
// wherever it started. The press claims the finger (Touches.qml), so the watcher leaves the
// tap to the control and does not count it again as a tap on the slide.
//
// Use `activated`, never `tapped`: a press that something above the control took first (a
// language button, the picker or another cover over it) reaches this handler too, and must do
// nothing here, also once that cover has closed.
TapHandler {
    id: handler
    gesturePolicy: TapHandler.DragThreshold
    longPressThreshold: 0
    property var claim: null
    signal activated()
    onPressedChanged: {
        if (pressed) {
            claim = Touches.claim(point.scenePressPosition.x, point.scenePressPosition.y)
        } else {
            Touches.lifted()
            // Once the lift has been judged everywhere (the watcher reads the claim as it lifts).
            const made = claim
            Qt.callLater(() => Touches.done(made))
        }
    }
    onTapped: if (claim && !claim.covered) activated()
    onCanceled: Touches.release(claim)
}
