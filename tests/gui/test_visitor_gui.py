"""The visitor's controls through the real window: language picker, right to left, larger
text, high contrast, pause, reduced motion and quick exit (pytest-qt, headless, real taps).

Set KIOSK_SHOTS=DIR to keep a PNG of each state for looking at.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QColor

from helpers.gui import SIZE_IDS, SIZES, pick_language, scene_rect, shot, shown, text_item, type_name, walk
from helpers.languages import DECK_LANGUAGES, translated_positions
from kiosk import i18n
from kiosk.access import HIGH_CONTRAST
from kiosk.qt.player import PlayOptions, transition_ms
from kiosk.qt.render import render

by_size = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


@by_size
def test_picker_by_touch_switches_language_and_texts_change(make_player, size):
    player = make_player(size=size)
    player.tap_background()
    assert player.find("previous").property("text") == "‹\u00a0Previous"
    player.click("language")
    names = {i.objectName(): i.property("text") for i in player.visible_items() if i.objectName().startswith("lang-")}
    assert names == {f"lang-{code}": i18n.autonym(code) for code in DECK_LANGUAGES}
    player.click("language")  # the same control closes it again
    assert not player.has("languagePicker")

    pick_language(player, "pl")
    assert player.backend.language == "pl"
    assert player.find("previous").property("text") == "‹\u00a0Poprzedni"
    assert player.find("next").property("text") == "Następny\u00a0›"
    player.click_and_settle("signs")
    assert "Rozpoznaj sygnały" in player.texts()
    player.click_and_settle("tile-isolation")
    assert "Odcięci od innych" in player.texts() and "‹ Wszystkie sygnały" in player.texts()
    shot(player, "pl-page")
    assert player.heard("slide_shown")[-1]["page"] == "isolation"
    assert not any("pl" in str(e.values()) for e in player.events())  # the choice is not recorded


def test_untranslated_slide_falls_back_to_english(make_player):
    player = make_player()
    pick_language(player, "lv")
    player.next_until("who-we-are")
    assert "Who we are" in player.texts()
    assert player.find("next").property("text") == "Nākamais\u00a0›"


def test_idle_return_resets_to_the_first_language(make_player):
    player = make_player()
    player.clock.now = 1.0
    pick_language(player, "ro")
    player.click_and_settle("signs")
    assert "Recunoașteți semnele" in player.texts()
    timeout = player.deck.deck.idle_timeout
    with player.qtbot.waitSignal(player.backend.visitorChanged, timeout=3000):
        player.wake_at(1.0 + timeout + 0.5)
    assert player.backend.language == "en" and player.backend.paused is False
    player.sync()
    assert "Touch the screen to explore" in player.texts()
    assert player.view["id"] == player.deck.slides[0].id


def test_play_keeps_the_visitors_choices_only_until_an_idle_timeout_after_the_last_touch(make_player):
    """Play resumes the loop in the chosen language; once nobody has touched for the idle
    timeout, the loop goes on in the first language with normal text and theme."""
    player = make_player()
    player.clock.now = 1.0
    pick_language(player, "sq")
    player.click("largeText")
    player.click("highContrast")
    player.click("resume")
    assert player.backend.paused is False
    dwell = player.deck.deck.dwell
    player.wake_at(1.0 + dwell + 0.1)  # the next slide, still within the idle timeout
    assert player.backend.language == "sq" and player.backend.largeText
    timeout = player.deck.deck.idle_timeout
    with player.qtbot.waitSignal(player.backend.visitorChanged, timeout=3000):
        while player.clock.now < 1.0 + timeout:
            player.wake_at(player.backend.navigator.next_deadline())
    assert player.backend.language == "en" and not player.backend.largeText
    assert player.backend.theme == player.deck.deck.theme.model_dump()
    assert player.heard("idle_return") == [], "the loop was playing: no idle return, no log of the reset"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["1920x1080", "1080x1920"])
def test_arabic_lays_out_right_to_left(make_player, size):
    player = make_player(size=size)
    width = player.window.width()
    pick_language(player, "ar")
    assert player.backend.rtl is True
    previous, following = scene_rect(player.find("previous")), scene_rect(player.find("next"))
    assert previous.x() > following.x(), "in Arabic, Previous is on the right and Next on the left"
    player.click_and_settle("signs")
    player.click_and_settle("tile-isolation")
    shot(player, "ar-page")
    back = scene_rect(player.find("back"))
    assert back.x() > width / 2, "the back control sits on the right"
    title = text_item(player, "معزولون عن الآخرين")
    rect = scene_rect(title)
    gray = player.grab()[int(rect.top()):int(rect.bottom()), :]
    background = gray[0, 0]
    # On a landscape screen the sign's pictogram stands large on the far (left) side.
    for side in [i for i in player.items() if i.objectName() == "sidePictogram" and shown(i) and i.width() > 0]:
        assert scene_rect(side).right() < rect.left(), "the pictogram stands on the left, clear of the heading"
        gray = gray.copy()
        gray[:, :int(scene_rect(side).right()) + 1] = background
    ink = (abs(gray.astype(int) - int(background)) > 60).any(axis=0).nonzero()[0]
    assert ink.max() > width * 0.9 and ink.min() > width - ink.max() + 100, "the heading starts at the right margin"
    # Bullets: the dot on the right of its line.
    bullet_text = text_item(player, "نادرًا ما يُرَون بمفردهم")
    row = bullet_text.parentItem()
    dot = [c for c in walk(row) if type_name(c) == "QQuickRectangle" and c.isVisible()][0]
    assert scene_rect(dot).x() > scene_rect(bullet_text).x()

    # Swiping in the reading direction (to the right) goes forward.
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.swipe(+300)
    assert player.view["page"] == "living-conditions"
    with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
        player.swipe(-300)
    assert player.view["page"] == "isolation"


def test_reduced_motion_is_a_cut(make_player):
    assert transition_ms(PlayOptions(reduced_motion=True, time_scale=1.0)) == 0
    assert transition_ms(PlayOptions(time_scale=1.0)) > 0
    player = make_player()  # built with transition_ms(PlayOptions(reduced_motion=True)) == 0
    assert player.backend.transitionMs == transition_ms(PlayOptions(reduced_motion=True))
    player.tap_background()
    before = len(player.settled)
    player.sync()
    player.click_item(player.find("next"))
    # Settled within the tap itself: no animation ran between the two slides.
    assert len(player.settled) == before + 1
    layers = [i for i in player.items() if i.objectName() in ("layerA", "layerB")]  # the slide area's two loaders
    assert sorted(layer.opacity() for layer in layers) == [0.0, 1.0]


def test_larger_text_makes_text_bigger(make_player):
    player = make_player()
    player.tap_background()
    player.next_until("what-is-modern-slavery")
    body = player.view["body"]
    before = text_item(player, body).property("font").pixelSize()
    player.click("largeText")
    player.sync()
    assert player.backend.largeText is True
    player.wait_for_overflow_checks()
    item = text_item(player, body)
    after = item.property("font").pixelSize()
    # Text already grows into the room it has: larger text makes it a quarter larger, or as
    # large as the slide holds (its column then kept below its largest size by the room).
    column = item.parentItem().parentItem()
    full = column.property("k") < column.property("kMax")
    assert after > before and (after >= before * 1.25 or full), (before, after, full)
    assert player.find("previous").height() >= 48
    shot(player, "large-text")
    assert player.backend.overflows == []


def test_high_contrast_changes_theme(make_player):
    player = make_player()
    player.tap_background()
    deck_background = QColor(player.deck.deck.theme.background)
    assert player.window.color() == deck_background
    player.click("highContrast")
    player.sync()
    assert player.backend.theme == HIGH_CONTRAST.model_dump()
    assert player.window.color() == QColor("#000000")
    assert player.grab()[player.window.height() // 2, 10] == 0  # black behind the slide
    shot(player, "high-contrast")
    player.click("highContrast")
    assert player.window.color() == deck_background


def test_pause_control_while_playing_pauses(make_player):
    player = make_player()
    assert player.backend.paused is False
    assert not player.has("controls")
    pause = player.find("pause")
    assert pause.width() >= 48 and pause.height() >= 48
    shot(player, "playing")
    with player.qtbot.waitSignal(player.backend.pausedChanged, timeout=3000):
        player.click("pause")
    assert player.backend.paused is True and player.has("controls") and player.has("resume")
    assert not player.has("pause")


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["1920x1080", "1080x1920"])
def test_quick_exit_by_touch_shows_the_neutral_screen_and_resets(make_player, size):
    player = make_player(size=size)
    player.clock.now = 5.0
    pick_language(player, "bg")
    player.click("highContrast")
    player.click_and_settle("signs")
    player.click_and_settle("tile-movement")
    lines_before = len(player.events())
    shot(player, "before-exit")
    player.click("quickExit")
    # At once: no waiting for a fade.
    assert player.has("neutralScreen")
    assert player.backend.neutral and player.backend.language == "en" and not player.backend.highContrast
    assert player.backend.paused is False and player.view["id"] == player.deck.slides[0].id
    player.sync()
    visible = set(player.texts())
    assert "Welcome" in visible
    assert not any("lavery" in text or "Norfolk" in text for text in visible)
    assert not player.has("getHelp") and not player.has("controls")
    shot(player, "neutral")
    assert len(player.events()) == lines_before, "a quick exit writes nothing to the event log"
    assert player.backend.quickExits == 1
    # Touches do not bring the campaign back; after one idle timeout the loop resumes.
    player.click_at(player.window.contentItem().boundingRect().center().toPoint())
    assert player.backend.neutral and player.backend.paused is False
    with player.qtbot.waitSignal(player.backend.visitorChanged, timeout=3000):
        player.wake_at(5.0 + player.deck.deck.idle_timeout + 1)
    player.sync()
    assert not player.has("neutralScreen") and player.backend.neutral is False
    assert "Touch the screen to explore" in player.texts()


def test_every_control_is_named_and_large_enough(make_player):
    player = make_player()
    player.tap_background()
    player.sync()
    buttons = [i for i in player.visible_items() if type_name(i) == "TouchButton"]
    names = {b.objectName() for b in buttons}
    assert {"quickExit", "language", "largeText", "highContrast", "previous", "next", "resume"} <= names
    rects = []
    for button in buttons:
        assert button.width() >= 48 and button.height() >= 48, button.objectName()
        rects.append((button.objectName(), scene_rect(button)))
    staff_corner = 120 * min(player.window.width(), player.window.height()) / 1080
    assert scene_rect(player.find("quickExit")).left() > staff_corner, "Close stays clear of the staff hold corner"
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            assert not ra.intersects(rb), (a, b)


def fitting_done(player) -> bool:
    """True when no FitColumn is still shrinking its text (each fits, or is at its smallest)."""
    for item in player.visible_items():
        if type_name(item) == "FitColumn":
            still = item.property("implicitHeight") > item.height() + 1 and item.property("k") > item.property("kMin")
            if still:
                return False
    return True


@pytest.mark.parametrize("large", [False, True], ids=["text", "larger-text"])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["1920x1080", "1080x1920"])
def test_every_translated_page_fits_in_every_language(make_player, size, large):
    """Each translated slide and page, shown as ``kiosk render --lang`` shows it, in every
    language: no text column overflows, no text is cut short (elided), every control fits.
    With larger text the same holds, but for the organisation's by-line, which may elide."""
    from kiosk.qt.offscreen import _overflowing
    player = make_player(size=size)
    positions = translated_positions(player.deck)
    problems = []
    for lang in DECK_LANGUAGES:
        player.backend.set_language(lang)
        if large != player.backend.largeText:
            player.backend.toggleLargeText()
            player.backend.resume()
        assert player.backend.largeText is large
        for position in positions:
            with player.qtbot.waitSignal(player.backend.settled, timeout=3000):
                player.backend.display(position)
            player.sync()
            player.qtbot.waitUntil(lambda: fitting_done(player), timeout=3000)
            player.sync()
            where = f"{lang} {player.view['id']}/{player.view['page']}"
            if _overflowing(player.window.contentItem()):
                problems.append(f"{where}: text does not fit")
            problems += [f"{where}: {i.property('text')!r} is cut short" for i in player.visible_items()
                         if type_name(i) in ("QQuickText", "FitText", "ControlLabel") and i.property("truncated")
                         and not (large and i.objectName() == "byline")]
        # The controls, in this language.
        with player.qtbot.waitSignal(player.backend.pausedChanged, timeout=3000):
            player.backend.tap()
        player.sync()
        problems += [f"{lang} controls: {i.property('text')!r} is cut short" for i in player.visible_items()
                     if type_name(i) == "QQuickText" and i.property("truncated")
                     and not (large and i.objectName() == "byline")]
        buttons = [(i.objectName() or i.property("text"), scene_rect(i)) for i in player.visible_items()
                   if type_name(i) == "TouchButton"]
        problems += [f"{lang} controls: {a} overlaps {b}" for n, (a, ra) in enumerate(buttons)
                     for b, rb in buttons[n + 1:] if ra.intersects(rb)]
        shot(player, f"controls-{lang}" + ("-large" if large else ""))
        player.backend.resume()
    assert problems == []


def test_render_path_renders_arabic_portrait_without_overflow(kiosk_app, bundled_deck, tmp_path):
    """``kiosk render --lang ar --size 1080x1920`` itself, for the translated slides."""
    positions = translated_positions(bundled_deck.deck)
    files, overflows, _ = render(bundled_deck.deck, bundled_deck.folder, tmp_path, (1080, 1920), "ar",
                                 positions=positions)
    assert len(files) == len(positions) + 1 and all(f.stat().st_size > 0 for f in files)
    assert overflows == []


def test_kiosk_run_with_reduced_motion_plays_a_loop(write_deck, tmp_path):
    """``kiosk run --reduced-motion``, the real command: a two-slide loop plays and stops cleanly."""
    import json
    import subprocess
    import sys
    folder = write_deck("""
        deck: {id: cut, title: Cut, languages: [en, ar], dwell: 3}
        slides:
          - {id: one, type: title, title: {en: One, ar: واحد}}
          - {id: two, type: title, title: Two}
        """)
    env = {**os.environ}
    env.pop("DISPLAY", None)
    log = tmp_path / "events.jsonl"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "run", "--headless", "--reduced-motion", "--cycles", "1",
                           "--time-scale", "30", "--log-json", str(log), str(folder)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "qml" not in proc.stderr.lower(), proc.stderr
    shown = [json.loads(line)["slide"] for line in log.read_text().splitlines() if '"slide_shown"' in line]
    assert shown[:3] == ["one", "two", "one"]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("lang", ["sq", "lt", "ar"])
def test_qr_labels_stay_within_their_width_with_larger_text(make_player, size, lang):
    """With A+ on, a long word under a QR code (the helpline's web address, the joined phone
    number) shrinks to its label's width: labels never run into each other or off the screen."""
    player = make_player(size=size)
    pick_language(player, lang)
    player.click("largeText")
    player.click_and_settle("getHelp")
    player.sync()
    labels = [i for i in player.visible_items()
              if type_name(i) == "QQuickText" and type_name(i.parentItem()) == "QrCode"]
    assert len(labels) == 2, "the helpline slide has a call code and a website code"
    window = player.window
    rects = []
    for label in labels:
        assert label.property("contentWidth") <= label.width() + 1, label.property("text")
        rect = scene_rect(label)
        assert rect.left() >= 0 and rect.right() <= window.width(), label.property("text")
        rects.append(rect)
    assert not rects[0].intersects(rects[1])
