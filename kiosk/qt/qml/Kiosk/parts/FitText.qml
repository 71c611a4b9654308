import QtQuick
import Kiosk

// Text that wraps and shrinks to fit its box, never below ui.minText pixels.
Text {
    id: fitText
    property real size: Theme.body
    color: Theme.colors.text
    font.family: Player.fontFor(text)
    // A phone number (its groups joined by no-break spaces, kiosk.i18n.keep_numbers_together)
    // is never broken across lines: when the widest one is wider than the line at `size`, the
    // text is drawn smaller until it fits, never below minimumPixelSize.
    font.pixelSize: number.text.length > 0 && number.advanceWidth > numberRoom && numberRoom > 0
                    ? Math.max(minimumPixelSize, Math.floor(size * numberRoom / number.advanceWidth)) : size
    fontSizeMode: Text.Fit
    minimumPixelSize: Math.min(size, Theme.minText)
    // Between words; inside a word only when it alone is wider than the line (never past the box).
    wrapMode: Text.Wrap
    elide: Text.ElideRight
    verticalAlignment: Text.AlignTop
    // Set explicitly so it mirrors with the layout: right-aligned on a right-to-left page.
    horizontalAlignment: Text.AlignLeft
    textFormat: Text.PlainText
    // Qt lays some right-to-left lines out a few pixels wider than the width they were wrapped
    // to (Arabic at some sizes): a tenth of an em kept spare, so no line runs past the box.
    rightPadding: rightToLeft ? Math.ceil(font.pixelSize * 0.1) : 0
    // Asked of the player once per text, not again at each size the text is tried at.
    readonly property bool rightToLeft: Player.isRtlText(text)
    Accessible.role: Accessible.StaticText
    Accessible.name: text
    // Cut short (an ellipsis) even at its smallest size, in a box of fixed height: words a
    // passer-by never sees, which the fit check reports as text that does not fit.
    readonly property bool overflowing: truncated

    readonly property real numberRoom: width - leftPadding - Math.ceil(size * 0.1) - 0.5
    // The longest number written in groups, measured at the size wanted ("" when there is none).
    TextMetrics {
        id: number
        font.family: fitText.font.family
        font.bold: fitText.font.bold
        font.pixelSize: fitText.size
        text: fitText.text.indexOf("\u00a0") < 0 ? ""
              : (fitText.text.match(/\+?\(?\d[\d().\-]*(?:\u00a0\(?\d[\d().\-]*)+/g) || [])
                    .reduce((longest, each) => each.length > longest.length ? each : longest, "")
    }
}
