import QtQuick
import Kiosk

// A cover's touch area (the language picker, the neutral screen, the staff panels, Screen off,
// the closed cover): it takes every finger, not only the first, and owns each press it takes
// (Touches.claim): the controls under it, whose pointer handlers are handed the press too, do
// nothing with it, also once the cover has closed. A cover that closes on a touch closes on
// `lifted`, not on the press, when there is something under it: the pointer handlers under it
// would be handed the rest of that press (the closed cover may close on the press: the slides
// are not drawn under it).
MultiPointTouchArea {
    id: area
    // The claim of each finger down on the cover, by its touch point id.
    property var held: ({})
    // A finger lifted from the cover (a finger that slid off it too).
    signal lifted()

    // Let go of the fingers with these touch point ids.
    function forget(ids: list<int>) {
        for (const id of ids) {
            const made = held[id]
            delete held[id]
            Qt.callLater(() => Touches.done(made))  // once the lift has been judged everywhere
        }
    }
    onPressed: points => {
        for (const point of points)
            held[point.pointId] = Touches.claim(point.sceneX, point.sceneY)
    }
    onReleased: points => {
        Touches.lifted()
        forget(points.map(point => point.pointId))
        area.lifted()
    }
    onCanceled: points => forget(points.map(point => point.pointId))
    // Gone with a finger still on it (a cover that closes on the press): nothing is claimed.
    onVisibleChanged: if (!visible) forget(Object.keys(held).map(Number))
}
