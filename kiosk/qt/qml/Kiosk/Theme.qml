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
    // The visitor's "Larger text" control scales every text size outside a fitted column; in
    // one it raises the ceiling of the column's factor k instead (fitMax).
    readonly property real textScale: Player.textScale
    // The player's own words in the visitor's language (kiosk/i18n.py).
    readonly property var t: Player.ui
    // Arrows point the reading way: back points to where reading starts (right in Arabic).
    // Chosen per direction rather than left to bidi mirroring, which fonts apply unevenly.
    readonly property string backArrow: backArrowIn(Player.rtl)
    readonly property string forwardArrow: forwardArrowIn(Player.rtl)
    function backArrowIn(rtl: bool): string { return rtl ? "›" : "‹" }
    function forwardArrowIn(rtl: bool): string { return rtl ? "‹" : "›" }
    // A control's label in every language of the deck: `label(words, rtl)` makes it from the
    // player's words in one language (as Theme.t gives them) and its direction. What a control
    // keeps its width for (ControlPlace.captions), so choosing a language never moves it.
    function inEveryLanguage(label: var): var {
        return Player.uiByLanguage.map(language => label(language.ui, language.rtl))
    }
    // The id of the view on show ("slide" or "slide/page"), read when asked for: a binding
    // would read the whole view (Player.view) again at every change of view.
    function viewId(): string {
        const view = Player.view
        return view.id + (view.page ? "/" + view.page : "")
    }
    readonly property real margin: 64 * u
    // Room kept above a slide's first item: with the header's 8 px under its controls, 24 px
    // between Close or Get help and the slide at 1080 (as WCAG 2.2, 2.5.8, spaces small targets).
    readonly property real slideTop: 16 * u
    readonly property real hero: 112 * u * textScale
    readonly property real heading: 72 * u * textScale
    // A slide's headline: about 70 px cap height at 1080 (106 px type in a font whose capitals
    // are 0.67 of its size), about 35 mm on a 43-inch screen: read from 3 m and more (~8 mm of
    // letter height per metre).
    readonly property real headline: 106 * u * textScale
    // How far a slide's text grows to fill its space (FitColumn.kMax): half as large again at
    // most, so a slide of one short line does not turn into a poster.
    readonly property real growMax: 1.5
    // Larger text in a fitted column (FitColumn) raises the ceiling of its factor k, never the
    // sizes at a given k. Every size in such a column is a size at k 1 at normal text (the fit*
    // sizes below, with no textScale in them) times a function of k alone, the same at either
    // text scale; only kMax changes, from growMax to fitMax (growMax * textScale). The column is
    // then the same at the same k whichever the visitor chose, so the largest k that fits with
    // A+ is never below the one that fits without it: the reading text is never smaller nor cut
    // where it was not, and grows (up to textScale beyond the usual ceiling) only where there is
    // room. A headline, already read from 3 m, grows only as the text under it does (headK), so
    // it never takes the room the text needs.
    readonly property real fitMax: growMax * textScale
    readonly property real fitHero: 112 * u
    readonly property real fitHeading: 72 * u
    readonly property real fitHeadline: 106 * u
    readonly property real fitBody: 44 * u
    readonly property real fitSmall: 30 * u
    // A footnote's factor for a column's k: its usual size up to the usual ceiling (growMax),
    // and grown with the column's text past it, where only larger text takes it.
    function footK(k: real): real { return Math.max(1, k / growMax) }
    // A headline's own factor for the factor k of the text under it: it grows half as fast
    // (the largest thing on the slide without crowding out the text), keeps nearly its size
    // while the text shrinks a little (0.97 at k 0.9), and comes down with it at the smallest
    // sizes (0.70 at the floor, 0.68), so what fitted with the smaller headings
    // of before still fits.
    function headK(k: real): real { return k >= 1 ? 1 + (k - 1) / 2 : Math.max(0.3, 1 - 3 * (1 - k) * (1 - k)) }
    readonly property real body: 44 * u * textScale
    readonly property real small: 30 * u * textScale
    readonly property real button: 34 * u * textScale
    // Every size a control's label may take as the visitor chooses (normal and larger text).
    readonly property var buttonSizes: sizesOf(34)
    // A text size of `base` pixels at 1080 at every text scale the visitor can choose, in pixels
    // (as the sizes above compute it: 34 * u * textScale).
    function sizesOf(base: real): var { return Player.textScales.map(scale => base * u * scale) }
    // Smallest text: 30 px at 1080 (about 11 mm cap height on a 43-inch screen).
    readonly property real minText: 30 * u
    // How far body text in a fitted column may shrink to fit (minText / fitBody), at either text
    // scale (see fitMax). A constant, not a ratio of two bindings, so it never reads wrong while
    // the window is still sizing itself.
    readonly property real bodyFloor: 30 / 44
    // 9 mm touch targets: 48 px at 1080 on a typical 21-inch panel; we give 96 px.
    readonly property real minTarget: Math.max(48, 48 * u)
    // A control's height (TouchButton, the footer's places for controls), in pixels, and the room
    // its label's margins take beside the label's one-line width.
    readonly property real controlHeight: Math.max(minTarget, 96 * u)
    readonly property real labelRoom: 56 * u

    // A date ("2019-10-19", as the views give it) written out the long way in a locale
    // ("en_GB": "Saturday, 19 October 2019"; "pl": "sobota, 19 października 2019"), by QLocale.
    function longDate(iso: string, locale: string): string {
        const parts = iso.split("-")
        // Noon: no clock change or time zone moves it to another day.
        const day = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]), 12)
        return day.toLocaleDateString(Qt.locale(locale), Locale.LongFormat)
    }
}
