import QtQuick
import Kiosk

// A pictogram from the bundled set (kiosk/deck/icons.py), drawn in one theme colour at its
// own size (Player.iconSource: the recoloured SVG, kiosk/qt/icons.py), so it stays sharp however large. Takes no room
// when it has no name. Decorative: the words beside it say the same.
Image {
    id: pictogram
    property string name: ""
    // "#rrggbb": the deck's accent colour unless told otherwise.
    property string colour: Theme.colors.accent
    property real side: Theme.body
    visible: name.length > 0
    width: visible ? side : 0
    height: width
    sourceSize.width: Math.ceil(side)
    sourceSize.height: Math.ceil(side)
    source: visible ? Player.iconSource(name, colour) : ""
    fillMode: Image.PreserveAspectFit
    smooth: true
    Accessible.ignored: true
}
