pragma Singleton
import QtQuick

// Fingers that landed on a control (Tap.qml) or on a cover (Cover.qml: the language picker, the
// neutral screen, the staff panels, Screen off, the closed cover): the slide's gesture area
// (Main.qml) sees every finger, on the controls too, and leaves a tap on a control to the
// control. A claim is the press's scene position; it lapses when the control lets the finger go
// (a drag past the drag threshold), so that finger then counts as a touch on the slide.
//
// A press reaches what is on top first, then the pointer handlers of everything under it (Qt 6
// gives a press that an item took to the handlers below as well, to watch): a control under a
// cover would take the tap too, even once the cover has closed on it. So the first to claim a
// press owns it: a claim made later for the same press (same place, while that press is being
// handed out) is `covered`, and its control does nothing with the tap (Tap.qml).
QtObject {
    property var claims: []
    // The claims of the press being handed out now: until control returns to the event loop,
    // or a finger lifts.
    property var pressing: []

    // Claim the finger that pressed at scene point (x, y); returns the claim.
    function claim(x: real, y: real): var {
        const covered = pressing.some(each => Math.abs(each.x - x) < 1.5 && Math.abs(each.y - y) < 1.5)
        const made = { x: x, y: y, live: true, covered: covered }
        const kept = claims.filter(each => each.live).slice(-15)
        kept.push(made)
        claims = kept
        if (pressing.length === 0)
            Qt.callLater(lifted)
        pressing = pressing.concat([made])
        return made
    }
    // The press has been handed out (or a finger lifted): the next claim starts a new press.
    function lifted() {
        pressing = []
    }
    // The control let the finger go (it moved away): it is the slide's again.
    function release(made: var) {
        done(made)
    }
    // The live claim on the finger that pressed at scene point (x, y), or null.
    function claimAt(x: real, y: real): var {
        for (const each of claims)
            if (each.live && Math.abs(each.x - x) < 1.5 && Math.abs(each.y - y) < 1.5)
                return each
        return null
    }
    // Forget a claim (the finger has lifted, or left the control).
    function done(made: var) {
        if (made)
            made.live = false
    }
}
