"""Deck pictures as the player shows them: the very file the checker checked, opened by path,
upright as its EXIF orientation says, read by the player's own reader; a picture that cannot be
shown gives a box with its alt text, an event, and a failing ``kiosk render``."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor

from helpers.gui import shown, type_name
from kiosk.cli import main
from kiosk.deck import load_deck
from kiosk.deck.pictures import PictureError, resolve_picture
from kiosk.player.navigator import Position
from kiosk.qt.offscreen import wait_fitted
from kiosk.qt.pictures import load_image, picture_url, qt_picture_problems, read_image

BLUE, RED, ORANGE = (0, 0, 255), (255, 0, 0), (255, 165, 0)
#: Pillow's transpose that undoes each EXIF orientation (as ``ImageOps.exif_transpose`` applies it).
UNDO = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_270, 8: Image.Transpose.ROTATE_90}
#: ... and the one a camera held that way stores the picture with.
STORED = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
EMPTY_SVG = '<svg xmlns="http://www.w3.org/2000/svg"></svg>'


def upright(colour=RED, size=(320, 180)) -> Image.Image:
    """A picture with a blue mark in its top-left quarter: which way up it is drawn shows."""
    image = Image.new("RGB", size, colour)
    image.paste(BLUE, (0, 0, size[0] // 4, size[1] // 4))
    return image


def camera_jpeg(orientation: int) -> bytes:
    """A JPEG as a camera held sideways or upside down writes it: the pixels turned, and the
    EXIF orientation saying how to turn them back upright."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    upright().transpose(STORED[orientation]).save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def write_deck(folder: Path, pictures: dict[str, bytes | str], slides: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in pictures.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            (folder / name).write_text(data, encoding="utf-8")
        else:
            (folder / name).write_bytes(data)
    (folder / "deck.yaml").write_text("deck: {id: pics, title: Pictures}\nslides:\n" + slides
                                      + '  - {id: help, type: helpline, phone: "08000 121 700"}\n', encoding="utf-8")
    return folder


def image_slide(slide_id: str, name: str, alt: str = "A picture", extra: str = "") -> str:
    return f"  - {{id: {slide_id}, type: image, image: {json.dumps(name, ensure_ascii=False)}, alt: {alt}{extra}}}\n"


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def show(player, slide_id: str):
    player.backend.display(Position(player.slide_index(slide_id)))
    wait_fitted([player.window])
    player.sync()


def picture_item(player):
    (item,) = [i for i in player.visible_items() if type_name(i) == "QQuickImage"
               and i.property("source").scheme() == "file"] or [None]
    return item


def slide_item(player):
    (item,) = [i for i in player.visible_items() if type_name(i) == "ImageSlide"]
    return item


def colour_at(player, x: float, y: float) -> tuple[int, int, int]:
    colour = QColor(player.window.grabWindow().pixel(round(x), round(y)))
    return colour.red(), colour.green(), colour.blue()


def near(actual, expected, tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected))


# --------------------------------------------------------------------------- the same file
@pytest.mark.parametrize("name, on_disk, colour", [
    ("photo #1.png", "photo #1.png", RED),
    ("what?%20now.png", "what?%20now.png", RED),
    ("%2e%2e/outside/p.png", "%2e%2e/outside/p.png", ORANGE),
    ("café.png", unicodedata.normalize("NFD", "café.png"), RED),
], ids=["hash", "question-percent", "percent-dot-dot", "nfd-on-disk"])
def test_the_player_shows_the_file_the_checker_checked(make_player, tmp_path, name, on_disk, colour):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "p.png").write_bytes(png(upright(RED)))  # what a decoded %2e%2e would reach
    folder = write_deck(tmp_path / "deck", {on_disk: png(upright(colour))}, image_slide("pic", name))
    result = load_deck(folder)
    player = make_player(result)
    show(player, "pic")
    item = picture_item(player)
    assert item is not None and slide_item(player).property("missing") is False
    assert item.property("source").toLocalFile() == str(resolve_picture(folder, name))
    assert Path(item.property("source").toLocalFile()).samefile(folder / on_disk)
    middle = item.mapToScene(item.boundingRect().center())
    assert near(colour_at(player, middle.x(), middle.y()), colour)
    assert player.backend.undrawn == []


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00/"), min_size=1, max_size=30))
def test_a_picture_url_opens_exactly_its_path(name):
    """Whatever a file name holds, the URL the player gets leads back to that path, also when
    it passes through QML as text."""
    path = Path("/srv/decks/fw") / name
    url = picture_url(path)
    assert url.isLocalFile() and url.toLocalFile() == str(path)
    assert QUrl(url.toString()).toLocalFile() == str(path)


# --------------------------------------------------------------------------- upright
@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied_on_screen(make_player, tmp_path, orientation):
    folder = write_deck(tmp_path / "deck", {"photo.jpg": camera_jpeg(orientation)},
                        image_slide("photo", "photo.jpg", extra=", fit: contain"))
    player = make_player(load_deck(folder))
    show(player, "photo")
    item = picture_item(player)
    width, height = item.property("paintedWidth"), item.property("paintedHeight")
    assert width > height  # landscape, as taken
    left = item.mapToScene(item.boundingRect().center())
    x0, y0 = left.x() - width / 2, left.y() - height / 2
    assert near(colour_at(player, x0 + width * 0.1, y0 + height * 0.1), BLUE)
    assert near(colour_at(player, x0 + width * 0.9, y0 + height * 0.9), RED)


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied_when_reading_for_sheets(tmp_path, kiosk_app, orientation):
    path = tmp_path / "photo.jpg"
    path.write_bytes(camera_jpeg(orientation))
    for image in (load_image(path), read_image(path)):
        assert (image.width(), image.height()) == (320, 180)
        assert near(QColor(image.pixel(10, 10)).getRgb()[:3], BLUE)
        assert near(QColor(image.pixel(300, 170)).getRgb()[:3], RED)


# --------------------------------------------------------------------------- the player's reader
def test_half_a_jpeg_is_refused_by_the_players_reader(tmp_path, kiosk_app):
    data = io.BytesIO()
    upright(size=(640, 360)).save(data, "JPEG")
    path = tmp_path / "half.jpg"
    path.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    with pytest.raises(PictureError, match="Corrupt JPEG data"):
        read_image(path)


def test_validate_reads_every_picture_with_the_players_reader(tmp_path, kiosk_app, capsys):
    folder = write_deck(tmp_path / "deck", {"logo.svg": EMPTY_SVG}, image_slide("logo", "logo.svg"))
    result = load_deck(folder)
    assert result.ok  # the checker alone cannot tell
    (problem,) = qt_picture_problems(result.deck, result.source, result.folder)
    assert (problem.line, problem.message) == (3, "slide 'logo': 'logo.svg' cannot be read by the kiosk's picture reader")
    assert main(["validate", "--no-fit", str(folder)]) == 1
    assert f"{problem.message} — " in capsys.readouterr().out


def test_a_new_version_with_a_picture_the_player_cannot_read_is_rejected(tmp_path, kiosk_app, qtbot):
    from kiosk.qt.watch import DeckWatcher

    folder = write_deck(tmp_path / "deck", {"logo.png": png(upright())}, image_slide("logo", "logo.png"))
    watcher = DeckWatcher(folder, settle_ms=100)
    with qtbot.waitSignal(watcher.rejected, timeout=8000) as blocker:
        write_deck(folder, {"logo.svg": EMPTY_SVG}, image_slide("logo", "logo.svg"))
    watcher.stop()
    (problem,) = blocker.args[0].problems
    assert (problem.line, problem.message) == (3, "slide 'logo': 'logo.svg' cannot be read by the kiosk's picture reader")


# --------------------------------------------------------------------------- when it cannot be shown
def test_a_picture_deleted_while_playing_gives_its_alt_text(make_player, tmp_path):
    folder = write_deck(tmp_path / "deck", {"market.png": png(upright())},
                        image_slide("market", "market.png", "A market stall at Freedom Week", ", caption: Norwich"))
    player = make_player(load_deck(folder))
    show(player, "market")
    assert picture_item(player) is not None and "A market stall at Freedom Week" not in player.texts()
    show(player, "help")
    (folder / "market.png").unlink()
    show(player, "market")
    assert picture_item(player) is None
    assert "A market stall at Freedom Week" in player.texts() and "Norwich" in player.texts()
    box = next(i for i in player.visible_items() if i.property("text") == "A market stall at Freedom Week")
    assert shown(box) and box.height() > 100
    assert player.backend.undrawn == [(0, "market.png", "image 'market.png' not found")]
    (event,) = player.events("error")
    assert (event["kind"], event["slide"], event["image"]) == ("picture_unavailable", "market", "market.png")


def test_a_picture_cut_short_while_playing_gives_its_alt_text(make_player, tmp_path):
    """Replaced on disk by half a copy after the deck was checked: the player's own reader
    refuses it before it is shown (no grey slide, no warning from Qt)."""
    data = io.BytesIO()
    upright(size=(640, 360)).save(data, "JPEG")
    folder = write_deck(tmp_path / "deck", {"market.jpg": data.getvalue()}, image_slide("market", "market.jpg", "A stall"))
    player = make_player(load_deck(folder))
    (folder / "market.jpg").write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    show(player, "market")
    assert picture_item(player) is None and "A stall" in player.texts()
    ((index, name, why),) = player.backend.undrawn
    assert (index, name) == (0, "market.jpg") and "Corrupt JPEG data" in why


@pytest.mark.qt_log_ignore("Cannot open")
def test_a_picture_qml_cannot_open_gives_its_alt_text(make_player, tmp_path, monkeypatch):
    folder = write_deck(tmp_path / "deck", {"market.png": png(upright())}, image_slide("market", "market.png", "A stall"))
    player = make_player(load_deck(folder))
    gone = QUrl.fromLocalFile(str(folder / "gone.png"))
    monkeypatch.setattr(player.backend._pictures, "url", lambda folder, name: (gone, ""))
    show(player, "market")
    assert "A stall" in player.texts()
    assert player.backend.undrawn == [(0, "market.png", "'market.png' could not be loaded")]


def test_render_exits_1_naming_the_slide_and_picture_it_could_not_draw(tmp_path, kiosk_app, capsys):
    folder = write_deck(tmp_path / "deck", {"logo.svg": EMPTY_SVG},
                        image_slide("logo", "logo.svg", "The collaboration's logo"))
    assert main(["render", str(folder), "--out", str(tmp_path / "out"), "--size", "960x540"]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "picture not drawn" in line)
    assert line.startswith(f"{folder / 'deck.yaml'}:3:") and ": error: slide 'logo': picture not drawn: 'logo.svg' " in line
    assert "its alt text was drawn in its place" in line
    assert (tmp_path / "out" / "01-logo.png").is_file()


# --------------------------------------------------------------------------- too slow to draw
#: A drawing that passes every count yet takes Qt's reader a while: full-size radial gradients.
SLOW_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="3840" height="2160"><radialGradient id="g">'
            '<stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/></radialGradient>'
            + '<rect width="3840" height="2160" fill="url(#g)"/>' * 60 + '</svg>')


def test_a_picture_too_slow_to_draw_is_a_located_error_said_while_it_is_drawn(tmp_path, kiosk_app):
    from kiosk.qt.pictures import PlayerPictures

    folder = write_deck(tmp_path / "deck", {"slow.svg": SLOW_SVG}, image_slide("slow", "slow.svg"))
    result = load_deck(folder)
    assert result.ok
    PlayerPictures._verdicts.clear()
    said = []
    qt_picture_problems(result.deck, result.source, result.folder, on_slow=said.append, cpu_seconds=0.01)
    (problem,) = said
    assert (problem.line, problem.col) == (3, 36)  # at its image:
    assert problem.message.startswith("slide 'slow': 'slow.svg' takes too long to draw (more than 0.01 s")
    assert problem.hint == "simplify it (fewer shapes, masks, gradients), or export it as PNG"


#: Many translucent full-size shapes: Qt's reader hands most of this drawing to its thread pool.
POOLED_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="3840" height="2160">'
              + "".join(f'<rect x="{i % 7}" width="3840" height="2160" fill="#{i:02x}8040" fill-opacity="0.5"/>'
                        for i in range(200)) + '</svg>')


def test_the_time_a_picture_takes_counts_the_work_qt_shares_out_between_threads(tmp_path, kiosk_app):
    from kiosk.qt.pictures import PlayerPictures

    folder = write_deck(tmp_path / "deck", {"pooled.svg": POOLED_SVG}, image_slide("pooled", "pooled.svg"))
    result = load_deck(folder)
    PlayerPictures._verdicts.clear()
    said = []
    qt_picture_problems(result.deck, result.source, result.folder, on_slow=said.append, cpu_seconds=0.05)
    assert [p.message.split(" (")[0] for p in said] == ["slide 'pooled': 'pooled.svg' takes too long to draw"]


def test_pictures_slow_together_are_refused_at_the_one_that_runs_over_naming_the_slowest(tmp_path, kiosk_app,
                                                                                           monkeypatch):
    """Four pictures that each take 6 s of processor time (a clock moved by the reads, so the test
    does not wait): under the 8 s a picture may take, over the 20 s the deck's pictures may take."""
    import threading

    from kiosk.qt import pictures

    names = ["a.svg", "b.svg", "c.svg", "d.svg"]
    folder = write_deck(tmp_path / "deck", {name: EMPTY_SVG for name in names},
                        "".join(image_slide(name[0], name) for name in names))
    result = load_deck(folder)
    clock, said, noticed = [0.0], [], threading.Event()
    costs = {"a.svg": 6.0, "b.svg": 6.5, "c.svg": 5.0, "d.svg": 6.0}

    def read(path, name):  # a read that cannot be stopped: it goes on until the watcher has spoken
        clock[0] += costs[name]
        if clock[0] > pictures.DECK_DRAW_CPU_SECONDS:
            assert noticed.wait(10), "the watcher never noticed"
        return None, None

    monkeypatch.setattr(pictures.time, "process_time", lambda: clock[0])
    monkeypatch.setattr(pictures.PlayerPictures, "verdict", staticmethod(read))
    pictures.qt_picture_problems(result.deck, result.source, result.folder,
                                 on_slow=lambda problem: (said.append(problem), noticed.set()))
    (problem,) = said
    assert problem.line == 6, "located at d.svg, the picture being read when the deck's time ran out"
    assert problem.message == ("slide 'd': 'd.svg' is one picture too many to draw in time: with the deck's other "
                               "pictures it takes more than 20 s of processor time for the kiosk's picture reader "
                               "(the slowest: 'b.svg' 6.5 s, 'a.svg' 6.0 s, 'c.svg' 5.0 s)")
    assert "export them as PNG" in problem.hint


def test_the_checking_child_reports_a_picture_too_slow_to_draw(tmp_path):
    """The checking child ends with the located error as its whole report (the read cannot be
    stopped), so the version is refused rather than the check running out of time."""
    import subprocess
    import sys

    from kiosk.qt.checker import parse_report

    folder = write_deck(tmp_path / "deck", {"slow.svg": SLOW_SVG}, image_slide("slow", "slow.svg"))
    code = ("import sys, kiosk.qt.pictures as p; p.DRAW_CPU_SECONDS = 0.01; "
            "from kiosk.qt.checker import main; sys.exit(main([sys.argv[1]]))")
    done = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    verdict = parse_report(folder, done.stdout)
    (problem,) = verdict.problems
    assert problem.line == 3 and "'slow.svg' takes too long to draw" in problem.message


def test_the_staff_menus_deck_list_keeps_every_deck_beside_one_with_a_loop_of_links(tmp_path):
    from kiosk.qt.checker import list_decks

    loopy = write_deck(tmp_path / "lib" / "loopy", {}, image_slide("pic", "loop.png"))
    (loopy / "loop.png").symlink_to("loop.png")
    listed = {Path(folder).name: (bundled, ok) for _id, _title, folder, bundled, ok in list_decks(tmp_path / "lib")}
    assert listed.get("loopy") == (False, False)  # listed, as a deck with problems
    assert any(bundled and ok for bundled, ok in listed.values())  # the bundled decks are still offered
