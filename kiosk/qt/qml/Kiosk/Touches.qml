pragma Singleton
import QtQuick

// Fingers that landed on a control (Tap.qml): the slide's gesture area (Main.qml) sees every
// finger, on the controls too, and leaves a tap on a control to the control. A claim is the
// press's scene position; it lapses when the control lets the finger go (a drag past the drag
// threshold), so that finger then counts as a touch on the slide.
QtObject {
    property var claims: []

    // Claim the finger that pressed at scene point (x, y); returns the claim.
    function claim(x: real, y: real): var {
        const made = { x: x, y: y, live: true }
        const kept = claims.filter(each => each.live).slice(-15)
        kept.push(made)
        claims = kept
        return made
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
