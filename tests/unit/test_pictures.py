"""Deck pictures as the checker sees them (no Qt): one way from a name to a file inside the deck,
every picture decoded in full, SVG drawings that refer outside themselves refused, Pillow's
decompression-bomb guard kept on."""

from __future__ import annotations

import io
import json
import os
import struct
import tempfile
import unicodedata
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from helpers import besides_helpline
from kiosk.deck import load_deck
from kiosk.deck.pictures import PictureError, resolve_picture, svg_problem, svg_scripts

HEAD = "deck: {id: x, title: X}\nslides:\n"


def png(colour: str = "red", size: tuple[int, int] = (64, 36)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int] = (320, 180)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "JPEG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels (1 bit grey) and holds none: a bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def deck_with(folder: Path, name: str, alt: str = "A picture") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(
        HEAD + f"  - {{id: pic, type: image, image: {json.dumps(name, ensure_ascii=False)}, alt: {alt}}}\n",
        encoding="utf-8")
    return folder


def messages(folder: Path) -> list[str]:
    return [p.message for p in load_deck(folder).problems if p.is_error]


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize("name", ["photo #1.png", "100% real.png", "a b.png", "sub dir/#x.png"])
def test_characters_of_a_file_name_are_the_file_name(tmp_path, name):
    folder = deck_with(tmp_path / "deck", name)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(png())
    result = load_deck(folder)
    assert result.ok and not [p for p in result.problems if "kiosk pack would refuse" in p.message]
    assert resolve_picture(folder, name) == (folder / name).resolve()


@pytest.mark.parametrize(("name", "part", "char"), [
    ("what?.png", "what?.png", "?"), ("a<b>.png", "a<b>.png", "<"), ("sub dir/#x?.png", "#x?.png", "?"),
    ("why?/p.png", "why?", "?"), ("a|b.png", "a|b.png", "|"), ("star*.png", "star*.png", "*"),
])
def test_a_name_windows_cannot_hold_is_shown_but_warned_about_as_pack_refuses_it(tmp_path, name, part, char):
    """The kiosk still shows the picture (its own file system holds the name), but the warning
    names the file and the character, and says to rename it, as ``kiosk pack`` will refuse it."""
    folder = deck_with(tmp_path / "deck", name)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(png())
    result = load_deck(folder)
    assert result.ok
    assert resolve_picture(folder, name) == (folder / name).resolve()
    (warning,) = [p for p in result.problems if "kiosk pack would refuse" in p.message]
    assert f"'{part}' holds '{char}', a character Windows does not allow in a file name" in warning.message or \
        f"'{name}', which holds '{char}', a character Windows does not allow in a file name" in warning.message
    assert warning.hint == "rename it" and not warning.is_error


def test_percent_escapes_are_not_decoded(tmp_path):
    """``%2e%2e/outside/p.png`` names a folder called ``%2e%2e`` inside the deck, and that is
    the file checked and shown; the file at ``../outside/p.png`` is never reached."""
    folder = deck_with(tmp_path / "deck", "%2e%2e/outside/p.png")
    decoy = folder / "%2e%2e" / "outside" / "p.png"
    decoy.parent.mkdir(parents=True)
    decoy.write_bytes(png("orange"))
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "p.png").write_bytes(png("red"))
    assert load_deck(folder).ok
    assert resolve_picture(folder, "%2e%2e/outside/p.png") == decoy.resolve()


@pytest.mark.parametrize("written, on_disk", [("NFC", "NFD"), ("NFD", "NFC")])
def test_names_match_in_either_unicode_form(tmp_path, written, on_disk):
    """A name typed on one system and a file saved on another (a Mac stores ``e`` + U+0301)."""
    name = "café/Zürich.png"
    folder = deck_with(tmp_path / "deck", unicodedata.normalize(written, name))
    disk = folder / unicodedata.normalize(on_disk, name)
    disk.parent.mkdir()
    disk.write_bytes(png())
    assert load_deck(folder).ok, messages(folder)
    assert resolve_picture(folder, unicodedata.normalize(written, name)) == disk.resolve()


def test_a_link_out_of_the_deck_is_refused(tmp_path):
    folder = deck_with(tmp_path / "deck", "p.png")
    (tmp_path / "secret.png").write_bytes(png())
    (folder / "p.png").symlink_to(tmp_path / "secret.png")
    assert messages(folder) == ["slide 'pic': image 'p.png' is outside the deck folder"]


def test_a_link_inside_the_deck_is_followed(tmp_path):
    folder = deck_with(tmp_path / "deck", "p.png")
    (folder / "IMG_0001.png").write_bytes(png())
    (folder / "p.png").symlink_to("IMG_0001.png")
    assert resolve_picture(folder, "p.png") == (folder / "IMG_0001.png").resolve()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_is_not_read(tmp_path):
    folder = deck_with(tmp_path / "deck", "p.png")
    os.mkfifo(folder / "p.png")
    assert messages(folder) == ["slide 'pic': image 'p.png' is not a picture file"]


# --------------------------------------------------------------------------- contents
def test_half_a_jpeg_is_an_error(tmp_path):
    folder = deck_with(tmp_path / "deck", "half.jpg")
    data = jpeg()
    (folder / "half.jpg").write_bytes(data[: len(data) // 2])
    (message,) = messages(folder)
    assert message.startswith("slide 'pic': 'half.jpg' cannot be read as a picture: it is damaged, cut short")


@pytest.mark.parametrize("width, height", [(10_000, 10_000), (20_000, 10_000)],
                         ids=["past-the-warning", "past-the-error"])
def test_a_decompression_bomb_is_a_located_error_and_the_guard_stays_on(tmp_path, width, height):
    folder = deck_with(tmp_path / "deck", "bomb.png")
    (folder / "bomb.png").write_bytes(png_header(width, height))
    result = load_deck(folder)
    (problem,) = besides_helpline(result.problems)
    assert problem.message == f"slide 'pic': 'bomb.png' is {width * height:,} pixels, too large"
    assert problem.line == 3 and problem.is_error
    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS > 0


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="30">{}</svg>'


@pytest.mark.parametrize("body, fault", [
    ('<image xlink:href="../outside/p.png" width="40" height="30"/>', "refers to '../outside/p.png' outside itself"),
    ('<image href="file:///etc/hostname"/>', "refers to 'file:///etc/hostname' outside itself"),
    ('<use href="other.svg#shape"/>', "refers to 'other.svg#shape' outside itself"),
    ('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', "outside itself"),
    ('<rect width="4" height="4" style="fill: url(pattern.svg#p)"/>', "in style"),
    ('<rect width="4" height="4" fill="url(&quot;x.svg#p&quot;)"/>', "in fill"),
    ("<style>rect { fill: url('x.svg#p') }</style>", "in its <style>"),
    ('<style>@import "more.css";</style>', "in its <style>"),
    ('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" parse="text"/>', "XInclude"),
])
def test_svg_references_outside_are_refused(body, fault):
    assert fault in svg_problem(SVG.format(body).encode())


@pytest.mark.parametrize("text, fault", [
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     + '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "DOCTYPE or entity"),
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
     + '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', "DOCTYPE or entity"),
    ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
     + '<svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
    ('<?xml-stylesheet href="x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>', "style sheet"),
    ("<html><body/></html>", "is not an SVG picture"),
    ("<svg", "is not an SVG picture"),
])
def test_unsafe_or_broken_svg_is_refused(text, fault):
    assert fault in svg_problem(text.encode())


@pytest.mark.parametrize("body", [
    '<defs><rect id="r" width="4" height="4"/></defs><use xlink:href="#r"/><use href=" #r"/>',
    '<rect width="4" height="4" fill="url(#g)" style="stroke: url( \'#g\' )"/>',
    '<image href="data:image/png;base64,iVBORw0KGgo=" width="4" height="4"/>',
])
def test_svg_that_refers_only_to_itself_is_fine(body):
    assert svg_problem(SVG.format(body).encode()) is None


def test_svg_outside_reference_is_a_located_error(tmp_path):
    folder = deck_with(tmp_path / "deck", "logo.svg")
    (folder / "logo.svg").write_text(SVG.format('<image xlink:href="../outside/p.png"/>'), encoding="utf-8")
    (problem,) = besides_helpline(load_deck(folder).problems)
    assert (problem.line, problem.message) == (3, "slide 'pic': 'logo.svg' refers to '../outside/p.png' outside itself")


# --------------------------------------------------------------------------- any name at all
#: Characters of file names: letters and digits of any script, punctuation and symbols
#: (``#``, ``?``, ``%``, ``&``, quotes), spaces, combining marks (so NFD and NFC forms differ).
NAME_CHARS = st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="/\\")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stem=st.text(NAME_CHARS, min_size=1, max_size=24), folder_name=st.sampled_from(["", "%2e%2e/", "a b#/", "é/"]),
       written=st.sampled_from(["NFC", "NFD", "as is"]), on_disk=st.sampled_from(["NFC", "NFD", "as is"]))
def test_any_name_is_the_file_checked_or_a_located_refusal(stem, folder_name, written, on_disk):
    """For any file name, a picture is either accepted and resolved to that very file inside the
    deck, or refused with a message at its ``image:`` line; never a path outside the deck."""
    def form(text: str, how: str) -> str:
        return text if how == "as is" else unicodedata.normalize(how, text)

    name = folder_name + stem + ".png"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "outside.png").write_bytes(png("red"))
        folder = deck_with(root / "deck", form(name, written))
        disk = folder / form(name, on_disk)
        try:
            disk.parent.mkdir(parents=True, exist_ok=True)
            disk.write_bytes(png("orange"))
        except OSError:  # a name this file system cannot hold (too long, say)
            return
        result = load_deck(folder)
        event("accepted" if result.ok else "refused")
        if result.ok:
            path = resolve_picture(folder, form(name, written))
            assert path.is_relative_to(folder.resolve()) and path.samefile(disk)
        else:
            # (a name kiosk pack refuses is a warning of its own, at the top of the file)
            errors = [p for p in besides_helpline(result.problems) if p.severity == "error"]
            assert errors and all(p.line == 3 and "'pic'" in p.message for p in errors), \
                [str(p) for p in result.problems]


# --------------------------------------------------------------------------- links that lead nowhere
def test_a_picture_that_is_a_loop_of_links_is_a_located_error(tmp_path):
    folder = deck_with(tmp_path / "deck", "loop.png")
    (folder / "loop.png").symlink_to("loop.png")
    (problem,) = [p for p in besides_helpline(load_deck(folder).problems) if p.severity == "error"]  # and pack's
    assert (problem.line, problem.message) == (3, "slide 'pic': image 'loop.png' is a loop of symbolic links "
                                                  "that leads to no file")
    assert problem.hint == "replace the link with the picture file itself"


def test_a_picture_in_a_folder_that_is_a_loop_of_links_is_a_located_error(tmp_path):
    folder = deck_with(tmp_path / "deck", "a/p.png")
    (folder / "a").symlink_to("b")
    (folder / "b").symlink_to("a")
    assert messages(folder) == ["slide 'pic': image 'a/p.png' is a loop of symbolic links that leads to no file"]


def test_a_deck_folder_that_is_a_loop_of_links_is_no_deck(tmp_path):
    (tmp_path / "deck").symlink_to("deck")
    result = load_deck(tmp_path / "deck")
    assert not result.ok and result.problems


def test_a_deck_with_a_loop_of_links_is_listed_beside_the_others(tmp_path):
    from kiosk.library import list_decks

    deck_with(tmp_path / "lib" / "good", "p.png").joinpath("p.png").write_bytes(png())
    (deck_with(tmp_path / "lib" / "loopy", "loop.png") / "loop.png").symlink_to("loop.png")
    entries = {entry.path.name: entry for entry in list_decks(tmp_path / "lib")}
    assert set(entries) == {"good", "loopy"}
    assert not entries["loopy"].ok and "loop of symbolic links" in entries["loopy"].errors[0].message


def test_a_deck_whose_reading_fails_unforeseen_is_listed_as_broken(tmp_path, monkeypatch):
    from kiosk import library

    deck_with(tmp_path / "lib" / "a", "p.png").joinpath("p.png").write_bytes(png())
    deck_with(tmp_path / "lib" / "b", "p.png").joinpath("p.png").write_bytes(png())
    import kiosk.deck

    real = kiosk.deck.load_deck

    def load(folder):
        if Path(folder).name == "a":
            raise RuntimeError("no way")
        return real(folder)

    monkeypatch.setattr(kiosk.deck, "load_deck", load)
    entries = {entry.path.name: entry for entry in library.list_decks(tmp_path / "lib")}
    assert entries["b"].ok and not entries["a"].ok
    assert "RuntimeError: no way" in entries["a"].errors[0].message


@settings(max_examples=30, deadline=None)
@given(links=st.lists(st.tuples(st.sampled_from(["a", "b", "c", "p.png"]),
                                st.sampled_from(["a", "b", "c", "p.png", "a/p.png", "b/../p.png", "x" * 300])),
                      max_size=4, unique_by=lambda link: link[0]),
       name=st.sampled_from(["p.png", "a/p.png", "a/b/p.png", "c"]))
def test_any_tangle_of_links_is_a_file_or_a_located_refusal(links, name):
    """Links to each other, to themselves, through folders, with names too long: resolving a
    picture never raises anything but PictureError, and loading the deck never fails."""
    from kiosk.deck.pictures import PictureError

    with tempfile.TemporaryDirectory() as tmp:
        folder = deck_with(Path(tmp) / "deck", name)
        for source, target in links:
            (folder / source).symlink_to(target)
        try:
            path = resolve_picture(folder, name)
        except PictureError as exc:
            event("refused")
            assert exc.message and exc.hint
        else:
            event("found")
            assert path.is_relative_to(folder.resolve())
        assert all(p.line in (1, 3) for p in load_deck(folder).problems)


def test_real_path_never_raises(tmp_path):
    from kiosk.userfile import real_path

    (tmp_path / "loop").symlink_to("loop")
    assert real_path(tmp_path / "loop").is_absolute()
    assert real_path(tmp_path / ("x" * 5000)).is_absolute()
    assert real_path("a\x00b").is_absolute()


# --------------------------------------------------------------------------- drawings too slow to draw
BIG = '<svg xmlns="http://www.w3.org/2000/svg" width="3840" height="2160">{}</svg>'


@pytest.mark.parametrize("body", [
    '<filter id="f"><feGaussianBlur stdDeviation="1000"/></filter><rect width="10" height="10" filter="url(#f)"/>',
    '<defs><filter id="f"><feDropShadow dx="2" dy="2"/></filter></defs><g style="filter:url(#f)"/>',
    '<style>.s { filter: url(#f) }</style><filter id="f"><feGaussianBlur stdDeviation="9"/></filter>',
])
def test_filter_effects_are_refused(body):
    assert "uses filter effects (<filter>)" in svg_problem(BIG.format(body).encode())


@pytest.mark.parametrize("body", [
    '<defs><filter id="f"><feGaussianBlur stdDeviation="9"/></filter></defs><rect width="9" height="9"/>',
    '<filter id="f"/><rect width="9" height="9" fill="url(#g)"/>',
    # attributes of an editor's own namespace are not script
    '<rect xmlns:i="http://www.inkscape.org/namespaces/inkscape" i:onefile="1" width="9" height="9"/>',
])
def test_filters_never_applied_and_editor_attributes_are_fine(body):
    data = BIG.format(body).encode()
    assert svg_problem(data) is None and svg_scripts(data) is None


def test_filter_effects_are_a_located_error_with_the_fix(tmp_path):
    folder = deck_with(tmp_path / "deck", "p.svg")
    (folder / "p.svg").write_text(BIG.format('<filter id="f"><feGaussianBlur stdDeviation="9"/></filter>'
                                             + '<rect width="3840" height="2160" filter="url(#f)"/>' * 200))
    (problem,) = besides_helpline(load_deck(folder).problems)
    assert problem.line == 3 and "'p.svg' uses filter effects" in problem.message
    assert problem.hint == "export the picture as PNG, or remove the filter"


MASK = '<mask id="m"><rect width="3840" height="2160" fill="white"/></mask>'
PATTERN = '<pattern id="p" width="2" height="2" patternUnits="userSpaceOnUse"><rect width="1" height="1"/></pattern>'


@pytest.mark.parametrize("body, refused", [
    (MASK + '<rect width="3840" height="2160" mask="url(#m)"/>' * 20, False),
    (MASK + '<rect width="3840" height="2160" mask="url(#m)"/>' * 21, True),
    (PATTERN + '<rect width="3840" height="2160" fill="url(#p)"/>' * 21, True),
    (PATTERN + '<rect width="3840" height="2160" style="fill:url(#p)"/>' * 21, True),
    # each copy a <use> makes counts: 3 masked shapes × 8 copies
    (MASK + '<g id="g">' + '<rect width="9" height="9" mask="url(#m)"/>' * 3 + '</g>' + '<use href="#g"/>' * 7, True),
    # clip paths cost little
    ('<clipPath id="c"><circle r="9"/></clipPath>' + '<rect width="3840" height="2160" clip-path="url(#c)"/>' * 500,
     False),
])
def test_shapes_drawn_through_masks_and_patterns_are_counted(body, refused):
    problem = svg_problem(BIG.format(body).encode())
    assert (problem is not None and "through a mask or pattern" in problem) == refused, problem


# --------------------------------------------------------------------------- script
@pytest.mark.parametrize("body, said", [
    ("<script>alert(1)</script>", "holds a <script>"),
    ('<rect width="4" height="4" onclick="alert(1)"/>', "holds the event attribute 'onclick'"),
    ('<script xmlns:x="http://www.w3.org/1999/xlink" type="text/ecmascript"><![CDATA[ x() ]]></script>',
     "holds a <script>"),
])
def test_script_in_a_drawing_is_a_located_warning(tmp_path, body, said):
    folder = deck_with(tmp_path / "deck", "p.svg")
    (folder / "p.svg").write_text(SVG.format(body))
    result = load_deck(folder)
    assert result.ok
    (problem,) = besides_helpline(result.problems)
    assert (problem.line, problem.severity) == (3, "warning")
    assert f"'p.svg' {said}; the kiosk shows drawings without running their scripts" in problem.message
    assert problem.hint == "scripts are not run; remove them"


def test_a_drawing_without_script_has_no_warning(tmp_path):
    folder = deck_with(tmp_path / "deck", "p.svg")
    (folder / "p.svg").write_text(SVG.format('<rect width="4" height="4" fill="#123456"/>'))
    assert besides_helpline(load_deck(folder).problems) == []


#: Pieces of drawings: shapes plain, masked, pattern-filled, filtered; groups and copies of them.
PIECES = st.sampled_from([
    '<rect width="3840" height="2160"/>', '<rect width="9" height="9" mask="url(#m)"/>',
    '<rect width="9" height="9" fill="url(#p)"/>', '<rect width="9" height="9" filter="url(#f)"/>',
    '<use href="#g0"/>', '<use href="#g1"/>', '<rect onclick="x()" width="1" height="1"/>', "<script>x()</script>",
])


@settings(max_examples=60, deadline=None)
@given(groups=st.lists(st.lists(PIECES, max_size=6), min_size=2, max_size=2), top=st.lists(PIECES, max_size=12))
def test_any_drawing_is_judged_without_drawing_it(groups, top):
    """Any mix of masks, patterns, filters, copies and script: judged in words, never raising; a
    drawing that applies a filter is refused, one that draws more than 20 shapes through masks or
    patterns is refused, and script alone is only ever a warning."""
    body = (MASK + PATTERN + '<filter id="f"><feGaussianBlur stdDeviation="9"/></filter>'
            + "".join(f'<g id="g{i}">{"".join(pieces)}</g>' for i, pieces in enumerate(groups)) + "".join(top))
    data = BIG.format(body).encode()
    problem = svg_problem(data)
    event(problem.split(" (")[0][:40] if problem else "fine")
    applied = "filter=" in "".join(top) or any("filter=" in "".join(g) for g in groups)
    if applied:
        assert problem is not None and "filter" in problem
    if problem is None:
        masked = sum("mask=" in p or 'fill="url(#p)"' in p for p in top)
        assert masked <= 20
    scripted = svg_scripts(data)
    assert scripted is None or scripted.startswith("holds ")


# A picture's shape: one so long and thin that filling the screen would need more than the
# pixel limit, or draw it under a pixel across, is refused at its image: line.

from kiosk.deck.pictures import MAX_IMAGE_PIXELS, SCREENS, drawn_size, shape_problem  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.integers(16, 8000), st.floats(0.25, 4.0), st.sampled_from(["cover", "contain"]))
def test_ordinary_shapes_are_never_refused(width, ratio, fit):
    """Photos, posters and banners up to 4:1 either way show with either fit."""
    height = max(1, round(width * ratio))
    if width * height <= MAX_IMAGE_PIXELS:
        assert shape_problem("p.png", (width, height), fit) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60000), st.integers(1, 60000), st.sampled_from(["cover", "contain"]))
def test_a_shape_passed_is_drawn_within_the_limits_on_every_screen(width, height, fit):
    if shape_problem("p.png", (width, height), fit) is None:
        for screen in SCREENS:
            drawn = drawn_size((width, height), screen, fit)
            assert min(drawn) >= 1 and drawn[0] * drawn[1] <= MAX_IMAGE_PIXELS


def test_a_line_of_a_picture_is_refused_with_either_fit(tmp_path):
    Image.new("RGB", (1, 20000), "red").save(tmp_path / "line.png")
    (tmp_path / "deck.yaml").write_text(
        "deck: {id: d, title: D}\nslides:\n"
        "  - {id: a, type: image, image: line.png, alt: A line}\n"
        "  - {id: b, type: image, image: line.png, alt: A line, fit: contain}\n", encoding="utf-8")
    errors = [p for p in load_deck(tmp_path).problems if p.severity == "error"]
    assert [(p.line, "cannot be shown" in p.message) for p in errors] == [(3, True), (4, True)]
    assert "more than the 40 million pixels" in errors[0].message
    assert "less than a pixel across" in errors[1].message


def test_a_picture_path_is_told_the_true_reason_and_fix(tmp_path):
    """An absolute path or a '..' that still names a file in the deck is told how to write it;
    only a path that truly leaves the folder is 'outside the deck folder'."""
    deck = tmp_path / "deck"
    (deck / "pics").mkdir(parents=True)
    Image.new("RGB", (4, 3)).save(deck / "pics" / "photo.jpg")
    Image.new("RGB", (4, 3)).save(tmp_path / "elsewhere.jpg")

    def told(name: str) -> tuple[str, str]:
        with pytest.raises(PictureError) as raised:
            resolve_picture(deck, name)
        return raised.value.message, raised.value.hint

    message, hint = told(str(deck / "pics" / "photo.jpg"))
    assert "absolute path" in message and hint == "write it relative to the deck folder: pics/photo.jpg"
    assert told("pics/../pics/photo.jpg")[1] == "write it plainly: pics/photo.jpg"
    assert told("../deck/pics/photo.jpg")[1] == "write it plainly: pics/photo.jpg"
    assert told("pics\\photo.jpg")[1] == "write / between folders, not \\: pics/photo.jpg (that file is there)"
    assert told("pics/photo.jpeg")[1] == "did you mean 'pics/photo.jpg'?"
    for outside in (str(tmp_path / "elsewhere.jpg"), "../elsewhere.jpg"):
        assert told(outside)[0] == f"image '{outside}' is outside the deck folder"
