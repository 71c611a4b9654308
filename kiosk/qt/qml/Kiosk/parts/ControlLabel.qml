import QtQuick
import Kiosk

// A control's label (a button, a tile): it wraps only between words, never inside one (a
// broken word reads as two), and shrinks until its widest word fits the line and its lines fit
// the box, never below `minimumPixelSize`. Below that a word too wide is broken inside it and
// lines too many are cut short with "…" (the text-fit check of `kiosk validate` reports both:
// kiosk/qt/fit.py).
Text {
    id: label
    // The words shown (set this, not `text`); the size wanted, in pixels, before any
    // shrinking; the font family; bold or not.
    property string caption: ""
    property real size: Theme.button
    property string family: Player.fontFor(caption)
    property bool bold: true
    // The caption with its arrows let go of their words (a no-break space keeps "‹ Previous"
    // together while it fits; one that does not fit even at the smallest size puts the arrow on
    // a line of its own rather than cut the word). Other no-break spaces (a phone number) stay.
    readonly property string loose: caption.replace(/([‹›])\u00a0/g, "$1 ").replace(/\u00a0([‹›])/g, " $1")
    readonly property bool loosened: width > 0 && loose !== caption
                                     && joined.implicitWidth * minimumPixelSize / size > width + 0.5
    // The widest word at the size wanted (words cut at ordinary spaces only), and the whole
    // caption on one line at that size (for the control's own width: the label's implicitWidth
    // follows its shrinking).
    readonly property real widestWord: loosened ? apart.implicitWidth : joined.implicitWidth
    readonly property real wantedWidth: oneLine.implicitWidth
    text: loosened ? loose : caption
    font.family: family
    font.bold: bold
    font.pixelSize: Math.max(minimumPixelSize,
                             widestWord > width && width > 0 ? Math.floor(size * width / widestWord) : size)
    fontSizeMode: Text.Fit
    minimumPixelSize: Math.min(size, Theme.minText)
    // A word wider than the line even at the smallest size is broken inside the word rather
    // than drawn past the control's edge (the fit check warns about it).
    readonly property bool wordTooWide: width > 0 && widestWord * minimumPixelSize / size > width + 0.5
    wrapMode: wordTooWide ? Text.WrapAtWordBoundaryOrAnywhere : Text.WordWrap
    elide: Text.ElideRight
    textFormat: Text.PlainText

    // Measures, never drawn: one word a line (its width is the widest word's), and one line.
    Text { id: joined; visible: false; text: label.caption.split(/[ \t\n]+/).join("\n"); textFormat: Text.PlainText
           font.family: label.family; font.bold: label.bold; font.pixelSize: label.size }
    // (`apart` only when the caption has arrows to let go: else it would measure what `joined` does.)
    Text { id: apart; visible: false; text: label.loose !== label.caption ? label.loose.split(/[ \t\n]+/).join("\n") : ""; textFormat: Text.PlainText
           font.family: label.family; font.bold: label.bold; font.pixelSize: label.size }
    Text { id: oneLine; visible: false; text: label.caption; textFormat: Text.PlainText
           font.family: label.family; font.bold: label.bold; font.pixelSize: label.size }
}
