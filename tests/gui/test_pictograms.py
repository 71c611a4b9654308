"""Pictograms on screen: drawn in the theme's accent colour beside the words, sharp when large,
mirrored to the reading side in Arabic, in the software renderer the kiosk uses."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from helpers.gui import scene_rect, shown, type_name, walk
from kiosk.qt.icons import icon_image, icon_source

ACCENT = (0xFF, 0xD1, 0x66)  # the bundled deck's accent, #ffd166


def rgba(image: QImage) -> np.ndarray:
    """A QImage as a (height, width, 4) uint8 array, R G B A (not premultiplied)."""
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * image.height())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()].copy()


def pictograms(player) -> list:
    return [i for i in player.visible_items() if type_name(i) == "Pictogram" and shown(i)]


def accent_share(window_pixels: np.ndarray, item, colour: tuple[int, int, int] = ACCENT) -> float:
    """Share of the item's pixels on screen that are ``colour`` (within 3 levels)."""
    rect = scene_rect(item).toAlignedRect()
    box = window_pixels[rect.top():rect.bottom() + 1, rect.left():rect.right() + 1, :3].astype(int)
    return float((np.abs(box - colour).max(axis=2) <= 3).mean())


def show(player, slide_id: str, page: str = "", lang: str = "en"):
    player.backend.setLanguage(lang)
    player.backend.goTo(slide_id)
    if page:
        player.backend.openPage(page)
    player.qtbot.waitUntil(lambda: (player.view["id"], player.view["page"]) == (slide_id, page), timeout=3000)
    player.sync()
    player.sync()
    return rgba(player.window.grabWindow())


def test_every_sign_tile_and_action_shows_its_pictogram_in_the_accent_colour(make_player):
    player = make_player()
    pixels = show(player, "spot-the-signs")
    tiles = pictograms(player)
    assert len(tiles) == 7
    for item in tiles:
        assert item.width() >= 40 and 0.04 < accent_share(pixels, item) < 0.6, scene_rect(item)
    pixels = show(player, "what-to-do")
    actions = pictograms(player)
    assert [i.property("name") for i in actions] == ["urgent", "phone", "headset", "clock-24", "hand-stop"]
    assert all(0.04 < accent_share(pixels, item) < 0.6 for item in actions)
    # Each sits on its bullet's first line, before the words.
    words = [i for i in player.visible_items()
             if type_name(i) == "QQuickText" and "Call 999" in (i.property("text") or "").replace("\u00a0", " ")]
    (first,) = words
    assert scene_rect(actions[0]).right() < scene_rect(first).left()
    assert abs(scene_rect(actions[0]).center().y() - scene_rect(first).top() - first.height() / 2) < first.height()


def test_pictograms_move_to_the_right_in_arabic(make_player):
    player = make_player()
    show(player, "what-to-do", lang="ar")
    actions = pictograms(player)
    assert len(actions) == 5
    width = player.window.width()
    assert all(scene_rect(i).left() > width / 2 for i in actions[:1])
    texts = [i for i in player.visible_items() if type_name(i) == "QQuickText" and "999" in (i.property("text") or "")]
    assert scene_rect(actions[0]).left() > max(scene_rect(t).right() for t in texts) - 1


def test_a_sign_page_and_the_helpline_show_their_pictogram(make_player):
    player = make_player()
    pixels = show(player, "spot-the-signs", "movement")
    (lock,) = pictograms(player)
    assert lock.property("name") == "lock" and accent_share(pixels, lock) > 0.04
    # Landscape: large, beside the words, clear of every line of them.
    assert lock.objectName() == "sidePictogram" and lock.width() >= player.window.height() * 0.3
    words = [i for i in player.visible_items() if type_name(i) == "QQuickText" and shown(i)
             and scene_rect(i).top() > scene_rect(lock).top() - lock.height()]
    assert words and all(not scene_rect(t).intersects(scene_rect(lock)) for t in words)
    pixels = show(player, "help")
    (headset,) = pictograms(player)
    assert headset.property("name") == "headset" and accent_share(pixels, headset) > 0.04


def test_pictograms_take_the_high_contrast_colours(make_player):
    player = make_player()
    show(player, "what-to-do")
    player.backend.toggleHighContrast()
    accent = player.backend.theme["accent"]
    assert accent.lower() != "#ffd166"
    player.sync()
    player.sync()
    pixels = rgba(player.window.grabWindow())
    colour = tuple(int(accent[i:i + 2], 16) for i in (1, 3, 5))
    actions = pictograms(player)
    assert len(actions) == 5
    assert all(accent_share(pixels, item, colour) > 0.04 and accent_share(pixels, item) == 0 for item in actions)


def edge_share(image: QImage) -> float:
    """Pixels partly covered (0 < alpha < 255) per fully covered pixel: lower is sharper."""
    alpha = rgba(image)[:, :, 3]
    return float(((alpha > 0) & (alpha < 255)).sum() / max(1, (alpha == 255).sum()))


def test_a_large_pictogram_is_drawn_at_its_size_not_scaled_up():
    large = icon_image("hand-stop", "#ffd166", 600)
    pixels = rgba(large)
    solid = pixels[pixels[:, :, 3] == 255][:, :3]
    assert len(solid) > 600 * 600 * 0.05
    assert (solid == ACCENT).all()
    small = icon_image("hand-stop", "#ffd166", 24).scaled(600, 600, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                           Qt.TransformationMode.SmoothTransformation)
    assert edge_share(large) < edge_share(small) / 4


def test_the_pictogram_address_is_for_names_and_colours_it_is_given_and_nothing_else():
    assert icon_source("phone", "#ff0000").endswith(".svg")
    for name, colour in (("../../LICENSE", "#ff0000"), ("phone", "red"), ("phone", ""), ("no-such-pictogram", "#ff0000")):
        assert icon_source(name, colour) == "", name


def test_a_sign_page_in_portrait_shows_its_pictogram_above_the_heading(make_player):
    player = make_player(size=(1080, 1920))
    pixels = show(player, "spot-the-signs", "movement")
    (lock,) = pictograms(player)
    assert lock.objectName() != "sidePictogram" and accent_share(pixels, lock) > 0.04
    (heading,) = [i for i in player.visible_items() if i.objectName() == "headline" and shown(i)]
    assert scene_rect(lock).bottom() <= scene_rect(heading).top() + 1


def test_a_word_too_wide_for_its_tile_is_broken_inside_the_tile_not_drawn_past_it(kiosk_app, write_deck):
    from kiosk.deck import load_deck
    from kiosk.player.navigator import Position
    from kiosk.qt.offscreen import OffscreenPlayer

    word = "Supercalifragilisticexpialidociousantidisestablishmentarianism"
    folder = write_deck(f"""
        deck: {{id: t, title: T, languages: [en]}}
        slides:
          - id: signs
            type: signs
            title: Spot the signs
            pages:
              - {{id: long, title: {word}, icon: mood-nervous, body: A body.}}
              - {{id: short, title: Short, body: A body.}}
          - {{id: help, type: helpline, phone: "08000 121 700"}}
        """)
    deck = load_deck(folder).deck
    broken = []
    for size in ((1920, 1080), (1080, 1920), (1280, 800)):
        with OffscreenPlayer(deck, folder, size) as player:
            player.show(Position(0))
            tiles = [i for i in walk(player.content) if i.objectName() == "tile-long"]
            (tile,) = tiles
            (label,) = [i for i in walk(tile) if type_name(i) == "ControlLabel"]
            broken.append(label.property("wordTooWide"))
            assert scene_rect(label).left() >= scene_rect(tile).left()
            assert label.property("contentWidth") <= label.width() + 1, size
            assert scene_rect(label).right() <= scene_rect(tile).right() + 1, size
    assert any(broken), "the word is too wide for its tile at one size at least"
