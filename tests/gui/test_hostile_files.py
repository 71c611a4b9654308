"""Hostile files given to the kiosk: bundle files that are not files, bundle entries no deck can
hold, picture names that only look right, SVG drawings too large to draw, and guessable PINs.

Every input is made here (tmp_path); nothing is read from outside the tests folder.
"""

from __future__ import annotations

import datetime
import io
import os
import stat
import threading
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import bundle, library, pin
from kiosk.deck.pictures import (
    MAX_IMAGE_PIXELS,
    PictureError,
    resolve_picture,
    svg_problem,
    svg_size,
)
from kiosk.userfile import UserFileError, open_regular

DECK = b"""deck: {id: hostile, title: Hostile}
slides:
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def make_zip(path: Path, entries: list[tuple]) -> Path:
    """A bundle holding ``entries``: (name, data) or (name, data, Unix mode)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data, *mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode:
                info.external_attr = mode[0] << 16
                info.create_system = 3
            archive.writestr(info, data)
    return path


def refused(tmp_path: Path, entries: list[tuple]) -> str:
    """Install a bundle of ``entries``; the message it was refused with (nothing left in the library)."""
    lib = tmp_path / "lib"
    with pytest.raises(library.LibraryError) as caught:
        library.install(make_zip(tmp_path / "b.zip", entries), lib)
    assert not lib.exists()  # nothing left, not even the library folder the install made
    return str(caught.value)


# --------------------------------------------------------------------------- the bundle file itself
def test_a_named_pipe_is_refused_at_once_and_leaves_nothing(tmp_path):
    fifo = tmp_path / "fifo.zip"
    os.mkfifo(fifo)
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(_install_message(fifo, tmp_path / "lib")), daemon=True)
    worker.start()
    worker.join(30)  # a generous bound: a blocking open would never return
    if worker.is_alive():  # free the blocked open so the test run goes on
        with open(fifo, "wb"):
            pass
        pytest.fail("install blocked on a named pipe")
    assert "is not a plain file (it is a named pipe (FIFO), not a file)" in done[0]
    assert not (tmp_path / "lib").exists()


def _install_message(bundle_file: Path, lib: Path) -> str:
    try:
        library.install(bundle_file, lib)
    except library.LibraryError as exc:
        return str(exc)
    return "installed"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_refused(tmp_path, device):
    link = tmp_path / "zero.zip"
    link.symlink_to(device)
    message = _install_message(link, tmp_path / "lib")
    assert "is not a plain file (it is a device, not a file)" in message
    assert not (tmp_path / "lib").exists()


def test_a_folder_and_a_missing_file_keep_their_messages(tmp_path):
    assert "is a folder, not a .zip bundle" in _install_message(tmp_path, tmp_path / "lib")
    assert "no such file" in _install_message(tmp_path / "none.zip", tmp_path / "lib")


def test_a_bundle_over_the_size_cap_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "MAX_BUNDLE_BYTES", 100)
    big = make_zip(tmp_path / "big.zip", [("deck.yaml", DECK), ("p.bin", os.urandom(500))])
    assert "too large for a deck bundle" in _install_message(big, tmp_path / "lib")


def test_open_regular_refuses_a_socket(tmp_path):
    import socket

    where = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(where))
        with pytest.raises(UserFileError, match="not a file"):
            open_regular(where, 1024)
    finally:
        server.close()


# --------------------------------------------------------------------------- names in a bundle
@pytest.mark.parametrize("first, second", [("./x.png", "x.png"), ("a//x.png", "a/x.png")])
def test_names_that_are_one_path_get_the_true_reason(tmp_path, first, second):
    message = refused(tmp_path, [("deck.yaml", DECK), (first, b"1"), (second, b"2")])
    assert "'./' and '//' add nothing to a path" in message
    assert "capital letters" not in message


def test_two_reasons_are_both_given(tmp_path):
    message = refused(tmp_path, [("deck.yaml", DECK), ("./X.png", b"1"), ("x.png", b"2")])
    assert "'./' and '//' add nothing to a path" in message and "capital letters" in message


@pytest.mark.parametrize("name, reason", [
    ("x.png.", "ends with a dot, which Windows drops (it would be 'x.png' there)"),
    ("x.png ", "ends with a space, which Windows drops (it would be 'x.png' there)"),
    ("pics./x.png", "whose part 'pics.' ends with a dot"),
    ("CON.png", "is a name Windows keeps for a device (CON)"),
    ("aux", "is a name Windows keeps for a device (AUX)"),
    ("lpt9.tar.gz", "(LPT9)"),
    ("Com1 .png", "(COM1)"),
    ("nul/x.png", "whose part 'nul' is a name Windows keeps for a device (NUL)"),
    ("x.png:stream", "holds ':', which Windows reads as the start of a stream name"),
])
def test_names_windows_cannot_hold_are_refused(tmp_path, name, reason):
    message = refused(tmp_path, [("deck.yaml", DECK), (name, b"x")])
    assert reason in message and "rename it" in message


@pytest.mark.parametrize("name", ["console.png", "CONx.png", "com10.png", "auxiliary", "x.png.bak", "a b.png"])
def test_names_near_reserved_ones_install(tmp_path, name):
    entry = library.install(make_zip(tmp_path / "b.zip", [("deck.yaml", DECK), (name, b"x")]), tmp_path / "lib")
    assert (entry.path / name).is_file()


@pytest.mark.parametrize("mode, kind", [
    (stat.S_IFIFO | 0o644, "a named pipe (FIFO)"),
    (stat.S_IFCHR | 0o644, "a device"),
    (stat.S_IFBLK | 0o644, "a device"),
    (stat.S_IFSOCK | 0o644, "a socket"),
])
def test_special_file_entries_are_refused(tmp_path, mode, kind):
    message = refused(tmp_path, [("deck.yaml", DECK), ("p.png", b"", mode)])
    assert f"'p.png', marked as {kind}, not a file" in message


def test_a_nul_in_a_name_is_refused_not_cut_short(tmp_path):
    path = make_zip(tmp_path / "b.zip", [("deck.yaml", DECK), ("aXb.png", b"x")])
    path.write_bytes(path.read_bytes().replace(b"aXb.png", b"a\x00b.png"))  # zipfile cuts names at a NUL
    lib = tmp_path / "lib"
    with pytest.raises(library.LibraryError, match=r"'a\\x00b.png', a name with a control character"):
        library.install(path, lib)


def test_a_control_character_in_a_name_is_refused(tmp_path):
    assert "a name with a control character" in refused(tmp_path, [("deck.yaml", DECK), ("\x1b[31mred.png", b"x")])


def test_deep_folders_are_refused_without_a_recursion_error(tmp_path):
    message = refused(tmp_path, [("deck.yaml", DECK), ("/".join(["d"] * 2000) + "/x.png", b"x")])
    assert "2001 folder levels deep" in message and f"at most {bundle.MAX_DEPTH}" in message


def test_pack_refuses_names_install_would_refuse(tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_bytes(DECK)
    (deck / "x.png.").write_bytes(b"x")
    with pytest.raises(library.LibraryError, match="ends with a dot"):
        library.pack(deck, tmp_path / "out.zip")


def test_pack_walks_a_deep_folder_without_recursion(tmp_path):
    deck = tmp_path / "deck"
    deep = deck.joinpath(*["d"] * (bundle.MAX_DEPTH + 5))
    deep.mkdir(parents=True)
    (deck / "deck.yaml").write_bytes(DECK)
    with pytest.raises(library.LibraryError, match="folder levels deep"):
        library.pack(deck, tmp_path / "out.zip")


NAME_PARTS = st.sampled_from(["a", "B", "x.png", ".", "..", "", " ", "CON", "aux.txt", "é", "e\u0301", "\\", ":", "?", "a<b",
                              "\x01", "\x7f", "p.", "Thumbs.db", "__MACOSX", "deck.yaml", "DECK.YAML"])


@given(st.lists(st.lists(NAME_PARTS, min_size=1, max_size=4).map("/".join), min_size=1, max_size=5))
@settings(max_examples=150, deadline=None)
def test_any_set_of_names_is_planned_or_refused_with_a_reason(names):
    data = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(data, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": a bundle may hold one
        for name in names:
            archive.writestr(name or "_", b"x")
    with zipfile.ZipFile(data) as archive:
        try:
            plan = bundle.read_plan(archive)
        except bundle.BundleError as exc:
            assert str(exc)
            return
    for item in plan.files:
        for part in item.parts:
            assert bundle.windows_problem(part) is None and part.isprintable()
    keys = [bundle.same_file_key(item.parts) for item in plan.files]
    assert len(keys) == len(set(keys))


# --------------------------------------------------------------------------- picture names
@pytest.fixture
def deck_folder(tmp_path) -> Path:
    (tmp_path / "p.png").write_bytes(b"png")
    (tmp_path / "caf\u00e9.png").write_bytes(b"png")
    return tmp_path


@pytest.mark.parametrize("name", ["p.png ", " p.png", "p.png\t", "p.png\u00a0"])
def test_a_picture_name_with_outer_space_does_not_match(deck_folder, name):
    with pytest.raises(PictureError) as caught:
        resolve_picture(deck_folder, name)
    assert "space at the start or end" in caught.value.message
    assert caught.value.hint.startswith("did you mean 'p.png'?")


def test_the_model_keeps_the_picture_name_as_written(tmp_path):
    from kiosk.deck import load_deck

    (tmp_path / "p.png").write_bytes(b"png")
    (tmp_path / "deck.yaml").write_text('deck: {id: t, title: T}\nslides:\n'
                                        '  - {id: p, type: image, image: "p.png ", alt: A picture}\n')
    result = load_deck(tmp_path)
    assert not result.ok
    assert any("'p.png ' has a space at the start or end" in p.message for p in result.problems)


def test_nfc_and_nfd_names_still_match_and_case_still_hints(deck_folder):
    assert resolve_picture(deck_folder, "cafe\u0301.png").name == "caf\u00e9.png"
    with pytest.raises(PictureError) as caught:
        resolve_picture(deck_folder, "P.png")
    assert "did you mean 'p.png'? Names are case-sensitive" in caught.value.hint


# --------------------------------------------------------------------------- SVG drawings too large
def svg(attributes: str) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}><rect width="10" height="10"/></svg>'.encode()


@pytest.mark.parametrize("attributes", ['width="1000000000" height="1000000000"', 'viewBox="0 0 1e9 1e9"',
                                        'width="100%" height="100%" viewBox="0,0,1e9,1e9"', 'width="1e9mm" height="10"',
                                        'width="20000" height="20000"'])
def test_svg_declaring_a_huge_size_is_refused_by_both_checks(tmp_path, attributes, qapp):
    from kiosk.qt.pictures import read_image

    assert "too large to draw" in svg_problem(svg(attributes))
    (tmp_path / "p.svg").write_bytes(svg(attributes))
    with pytest.raises(PictureError, match="too large for the kiosk's picture reader"):
        read_image(tmp_path / "p.svg")


@pytest.mark.parametrize("attributes", ['width="1920" height="1080"', 'viewBox="0 0 3840 2160"', "",
                                        'width="100" height="100" viewBox="0 0 1e30 1e30"'])
def test_svg_of_a_drawable_size_passes_both_checks(tmp_path, attributes, qapp):
    from kiosk.qt.pictures import read_image

    assert svg_problem(svg(attributes)) is None
    (tmp_path / "p.svg").write_bytes(svg(attributes))
    assert not read_image(tmp_path / "p.svg").isNull()


@given(st.integers(1, 100_000), st.integers(1, 100_000), st.sampled_from(["", "px", "mm", "in"]))
@settings(max_examples=100, deadline=None)
def test_the_svg_check_refuses_exactly_what_is_over_the_pixel_cap(width, height, unit):
    size = svg_size({"width": f"{width}{unit}", "height": f"{height}{unit}"})
    assert size is not None
    problem = svg_problem(svg(f'width="{width}{unit}" height="{height}{unit}"'))
    assert (problem is not None) == (size[0] * size[1] > MAX_IMAGE_PIXELS)


# --------------------------------------------------------------------------- PINs
@pytest.mark.parametrize("value, reason", [
    ("20261206", "a date (YYYYMMDD)"), ("06122026", "a date (DDMMYYYY)"), ("12312026", "a date (MMDDYYYY)"),
    ("061226", "a date (DDMMYY)"), ("123126", "a date (MMDDYY)"), ("991231", "a date (YYMMDD)"),
    ("29021904", "a date"), ("12344321", "a mirror image"), ("1221", "a mirror image"), ("12321", "a mirror image"),
    ("11112222", "digits doubled in blocks"), ("111222", "digits doubled in blocks"), ("5588", "digits doubled"),
    ("314159", "well-known number"), ("271828", "well-known number"), ("1414213562", "well-known number"),
    ("161803", "well-known number"),
])
def test_guessable_pins_are_refused(value, reason):
    assert reason in pin.weak_pin_reason(value)
    assert "among the first PINs anyone would try" in pin.new_pin_problem(value)


@pytest.mark.parametrize("value", ["29021900", "31042026", "18992512", "48291376", "3141", "90210774", "1231"])
def test_near_misses_are_accepted(value):
    assert pin.weak_pin_reason(value) is None


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)),
       st.sampled_from(["%d%m%Y", "%m%d%Y", "%Y%m%d", "%d%m%y", "%m%d%y", "%y%m%d"]))
@settings(max_examples=200, deadline=None)
def test_every_date_in_every_usual_order_is_refused(day, layout):
    assert pin.weak_pin_reason(day.strftime(layout))


def test_set_pin_refuses_a_date(tmp_path, monkeypatch, capsys):
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("20261206\n"))
    assert main(["set-pin", "--stdin"]) == 1
    assert "a date (YYYYMMDD)" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
