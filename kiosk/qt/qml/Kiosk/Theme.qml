pragma Singleton
import QtQuick
import Kiosk

// The look of the player and its own words: sizes scaled to the screen, the deck's colours,
// the font, the reading direction's arrows. One per engine, read as Theme.<name>.
QtObject {
    // The stage's size in pixels (Main.qml binds them to the turned window).
    property real width: 1920
    property real height: 1080
    readonly property real u: Math.max(0.5, Math.min(width, height) / 1080)
    readonly property bool portrait: height > width
    // Texts that are not in Latin letters take their font from Player.fontFor(text).
    readonly property string font: Setup.font
    // The deck's colours (kiosk.access): background, text, muted, accent, surface, accent_text.
    readonly property var colors: Player.theme
    // The visitor's "Larger text" control scales every text size; fitting still shrinks it.
    readonly property real textScale: Player.textScale
    // The player's own words in the visitor's language (kiosk/i18n.py).
    readonly property var t: Player.ui
    // Arrows point the reading way: back points to where reading starts (right in Arabic).
    // Chosen per direction rather than left to bidi mirroring, which fonts apply unevenly.
    readonly property string backArrow: Player.rtl ? "›" : "‹"
    readonly property string forwardArrow: Player.rtl ? "‹" : "›"
    readonly property string viewId: Player.view.id + (Player.view.page ? "/" + Player.view.page : "")
    readonly property real margin: 64 * u
    readonly property real hero: 112 * u * textScale
    readonly property real heading: 72 * u * textScale
    readonly property real body: 44 * u * textScale
    readonly property real small: 30 * u * textScale
    readonly property real button: 34 * u * textScale
    // Smallest text: 30 px at 1080 (about 11 mm cap height on a 43-inch screen).
    readonly property real minText: 30 * u
    // How far body text may shrink to fit (minText / body). A constant, not a ratio of
    // two bindings, so it never reads wrong while the window is still sizing itself.
    readonly property real bodyFloor: 30 / (44 * Player.textScale)
    // 9 mm touch targets: 48 px at 1080 on a typical 21-inch panel; we give 96 px.
    readonly property real minTarget: Math.max(48, 48 * u)

    // A date ("2019-10-19", as the views give it) written out the long way in a locale
    // ("en_GB": "Saturday, 19 October 2019"; "pl": "sobota, 19 października 2019"), by QLocale.
    function longDate(iso: string, locale: string): string {
        const parts = iso.split("-")
        // Noon: no clock change or time zone moves it to another day.
        const day = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]), 12)
        return day.toLocaleDateString(Qt.locale(locale), Locale.LongFormat)
    }
}
