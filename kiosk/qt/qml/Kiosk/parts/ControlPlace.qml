import QtQuick
import Kiosk

// The place of one of the footer's controls in its row, laid out from the start while the
// control itself is made only once a visitor first touches the screen (Main.qml): as a
// TouchButton would be, as wide as the widest of `captions` at every text size the visitor can
// choose (so no choice of a visitor moves it or the controls beside it), never narrower than
// `leastWidth`, and as tall as a touch target. Pause stands where Play's place is, in the loop
// too. Draws nothing.
Item {
    id: place
    // Every label the control may show (its words in each language of the deck,
    // Theme.inEveryLanguage); none: as wide as set.
    property var captions: []
    // Room kept before the label for a drawn icon (the Globe), in pixels.
    property real iconSpace: 0
    // The narrowest it may be, in pixels: twice a touch target's least size unless set.
    property real leastWidth: Theme.minTarget * 2
    implicitWidth: Math.max(leastWidth, widest.wide + Theme.labelRoom + iconSpace)
    implicitHeight: Theme.controlHeight
    Accessible.ignored: true
    Widest {
        id: widest
        captions: place.captions
        sizes: place.captions.length > 0 ? Theme.buttonSizes : []
    }
}
