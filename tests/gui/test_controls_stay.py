"""No control moves under a finger because of what the visitor chose.

A passer-by who taps A+ (larger text), ◐ (high contrast), a language or Pause, then reaches for
the next control, finds it where it was: each control of the footer keeps its scene rectangle
whatever the text size, the contrast, the language and the loop playing or paused (Pause stands
where Play does, as wide), at 1920x1080, 1080x1920 and 1280x800. A right-to-left language
mirrors the whole bar, exactly. The header's controls keep their outer edge. The languages of
the open picker stay put when the visitor taps A+. Every target stays at least 48 px (WCAG 2.2,
2.5.5 and 2.5.8; 9 mm), its label no smaller than the smallest text (Theme.minText), and nothing
overlaps.

Everything is done with real taps in the real window (helpers.gui).
Set KIOSK_SHOTS=DIR to keep a PNG of each state for looking at.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF

from helpers.gui import SIZE_IDS, SIZES, pick_language, scene_rect, shot, shown, type_name, walk

#: The footer's controls while paused, by object name (Spot the signs is on the top row of a
#: wide footer, on the second row of a narrow one: one of the two shows).
BAR = ("language", "largeText", "highContrast", "signs", "previous", "resume", "next")
#: The header's controls while paused.
HEADER = ("quickExit", "getHelp")
#: Languages of the bundled deck with long labels (Lithuanian, Bulgarian, Polish), and Arabic.
LONG = ("lt", "bg", "pl")
#: Touch targets: at least 48 px each way (9 mm at 1080p; WCAG 2.2, 2.5.5 asks 44 CSS px).
MIN_TARGET = 48


def rect_key(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.x(), rect.y(), rect.width(), rect.height())


def mirrored(rect: tuple[float, float, float, float], width: int) -> tuple[float, float, float, float]:
    """``rect`` (x, y, w, h) mirrored across a window ``width`` pixels wide."""
    x, y, w, h = rect
    return (width - x - w, y, w, h)


def same(found: dict, wanted: dict) -> bool:
    """True when ``found`` has the names of ``wanted``, each rectangle the same to a quarter of a
    pixel; else AssertionError naming what moved."""
    assert found.keys() == wanted.keys(), (sorted(found), sorted(wanted))
    moved = {name: (found[name], wanted[name]) for name in found
             if any(abs(a - b) > 0.25 for a, b in zip(found[name], wanted[name]))}
    assert not moved, f"moved (now, before): {moved}"
    return True


def bar(player) -> dict[str, tuple[float, float, float, float]]:
    """The scene rectangle of each footer control on show, by name; while the loop plays, Pause
    is given under Play's name (it must stand where Play stands)."""
    player.sync()
    if not player.backend.paused:
        return {"resume": rect_key(scene_rect(player.find("pause")))}
    return {name: rect_key(scene_rect(player.find(name))) for name in BAR if player.has(name)}


def controls_on_show(player) -> list:
    """Every touch button on show around the slide (header and footer), with the hint, the
    by-line and the loop's place: the things that must not overlap."""
    stage = player.find("stage")
    found = []
    for part in stage.childItems():
        if part.objectName() in ("slideArea", "gestures", "swipes") or not shown(part):
            continue
        found += [item for item in walk(part) if shown(item) and (
            type_name(item) == "TouchButton" or item.objectName() in ("hint", "byline", "loopPlace"))]
    return found


def check_targets(player) -> None:
    """Each control at least 48 px each way, inside the window, its label at least the smallest
    text size; no two of the things around the slide overlap."""
    items = controls_on_show(player)
    window = QRectF(0, 0, player.window.width(), player.window.height())
    min_text = int(30 * min(player.window.width(), player.window.height()) / 1080)
    for item in items:
        rect = scene_rect(item)
        assert window.contains(rect), f"{item.objectName()} {rect} is off the window"
        if type_name(item) != "TouchButton":
            continue
        assert rect.width() >= MIN_TARGET and rect.height() >= MIN_TARGET, (item.objectName(), rect)
        for label in walk(item):
            if type_name(label) == "ControlLabel" and label.property("text"):
                drawn = label.property("fontInfo").property("pixelSize").toInt()
                assert drawn >= min_text, (item.objectName(), label.property("text"), drawn)
    for n, one in enumerate(items):
        for other in items[n + 1:]:
            a, b = scene_rect(one), scene_rect(other)
            overlap = a.intersected(b)
            assert overlap.width() < 0.5 or overlap.height() < 0.5, \
                f"{one.objectName() or type_name(one)} {a} overlaps {other.objectName() or type_name(other)} {b}"


def expected_bar(player, reference: dict, language: str) -> dict:
    """The footer as it must be: the reference (English, paused), mirrored for Arabic; Play's
    place alone while the loop plays."""
    width = player.window.width()
    wanted = {name: mirrored(rect, width) if language == "ar" else rect for name, rect in reference.items()}
    return wanted if player.backend.paused else {"resume": wanted["resume"]}


def header_points(player) -> dict[str, QPointF]:
    """The centre of each header control on show, by name."""
    return {name: QPointF(player.centre_of(player.find(name))) for name in HEADER if player.has(name)}


def assert_still_under(player, points: dict[str, QPointF]) -> None:
    """The point a finger was on, on each header control, still lands on that control."""
    player.sync()
    for name, point in points.items():
        target = player.hit(point.toPoint())
        control = player.find(name)
        assert target is not None and (target is control or control.isAncestorOf(target)), \
            f"where {name} was is now {target and target.objectName()}"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_no_visitor_choice_moves_a_control(make_player, size):
    player = make_player(size=size)
    width = player.window.width()
    # Pause, then the next tap on the same spot: Play, where Pause was.
    playing = bar(player)
    check_targets(player)
    player.click("pause")
    reference = bar(player)
    assert set(reference) == set(BAR), reference
    assert same(playing, {"resume": reference["resume"]})
    check_targets(player)
    shot(player, "controls-en")
    header = header_points(player)

    player.click("largeText")
    assert player.backend.largeText and same(bar(player), reference)
    assert_still_under(player, header)
    check_targets(player)
    shot(player, "controls-en-larger")
    player.click("highContrast")
    assert player.backend.highContrast and same(bar(player), reference)
    assert_still_under(player, header)
    check_targets(player)

    # The picker's languages stay put as the visitor taps A+ beside it.
    player.click("language")
    languages = {item.objectName(): rect_key(scene_rect(item)) for item in player.visible_items()
                 if item.objectName().startswith("lang-")}
    player.click("largeText")
    assert not player.backend.largeText
    assert same({item.objectName(): rect_key(scene_rect(item)) for item in player.visible_items()
                 if item.objectName().startswith("lang-")}, languages)
    player.click("largeText")
    player.click("language")  # closes it
    assert not player.has("languagePicker")

    # Longer labels: every control where it was, with normal and larger text.
    close_edge, help_edge = scene_rect(player.find("quickExit")).left(), scene_rect(player.find("getHelp")).right()
    for lang in LONG:
        pick_language(player, lang)
        assert player.backend.language == lang and same(bar(player), reference), lang
        check_targets(player)
        shot(player, f"controls-{lang}-larger")
        player.click("largeText")
        assert same(bar(player), reference), lang
        check_targets(player)
        # The header's controls keep their outer edge (nothing else there to take their place).
        assert scene_rect(player.find("quickExit")).left() == close_edge
        assert scene_rect(player.find("getHelp")).right() == help_edge
        player.click("largeText")
        # Play and Pause share their place in this language too.
        player.click("resume")
        assert same(bar(player), {"resume": reference["resume"]}), lang
        check_targets(player)
        player.click("pause")

    # Arabic mirrors the whole bar, exactly; the finger that chose it is on the slide, not on a control.
    player.click("language")
    chosen = player.centre_of(player.find("lang-ar"))
    with player.qtbot.waitSignal(player.backend.visitorChanged, timeout=3000):
        player.click("lang-ar")
    assert player.backend.rtl
    assert same(bar(player), {name: mirrored(rect, width) for name, rect in reference.items()})
    assert scene_rect(player.find("slideArea")).contains(QPointF(chosen))
    target = player.hit(chosen)
    assert target is not None and type_name(target) != "TouchButton" and not any(
        player.find(name).isAncestorOf(target) for name in (*BAR, *HEADER) if player.has(name))
    check_targets(player)
    shot(player, "controls-ar-larger")
    player.click("largeText")
    assert same(bar(player), {name: mirrored(rect, width) for name, rect in reference.items()})
    check_targets(player)
    player.click("resume")
    assert same(bar(player), {"resume": mirrored(reference["resume"], width)})
    check_targets(player)
    shot(player, "playing-ar")


@pytest.fixture
def players(make_player):
    """One player per window size, made when first needed and kept for every example."""
    made = {}

    def get(size):
        if size not in made:
            made[size] = (make_player(size=size), None)
            player = made[size][0]
            player.click("pause")
            made[size] = (player, bar(player))
        return made[size]
    return get


#: What a visitor may do next: tap A+, ◐, Play or Pause (whichever shows), or choose a language.
CHOICES = st.sampled_from(["larger", "contrast", "play-pause", "en", "lt", "bg", "ar"])
TOGGLES = {"larger": "largeText", "contrast": "highContrast"}


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(size=st.sampled_from(SIZES), choices=st.lists(CHOICES, min_size=1, max_size=5))
def test_any_sequence_of_choices_leaves_every_control_in_its_place(players, size, choices):
    """Whatever a visitor chooses, in whatever order, the footer's controls stand where they
    stood in English (mirrored in Arabic), Pause where Play is."""
    player, reference = players(size)
    for choice in choices:
        if choice == "play-pause":
            player.click("resume" if player.backend.paused else "pause")
        elif choice in TOGGLES:
            if not player.backend.paused:
                player.click("pause")  # the controls show once the loop is paused
            player.click(TOGGLES[choice])
        elif choice != player.backend.language:
            pick_language(player, choice)
        else:  # the language on show: the picker closes, nothing changes
            if not player.backend.paused:
                player.click("pause")
            player.click("language")
            player.click(f"lang-{choice}")
            assert not player.has("languagePicker")
        assert same(bar(player), expected_bar(player, reference, player.backend.language)), choices
