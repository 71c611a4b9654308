"""What the visitor and the staff see on small and large screens: control labels never broken
mid-word, a preview window larger than the screen drawn smaller, nothing shown to the public
for the staff gesture without a PIN, the status page's rows, the events cards' one text size and
the Exit dialog's restart hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from helpers.gui import LEFT, NO_MOD, scene_rect, shown, type_name, walk
from kiosk.qt.fit import control_words
from kiosk.qt.offscreen import wait_fitted

SMALL = (1280, 800)


def control_labels(player) -> list:
    """The visible text of every control: touch buttons and the tiles of a signs menu."""
    found = []
    for item in walk(player.window.contentItem()):
        if type_name(item) == "TouchButton" or item.objectName().startswith("tile-"):
            found += [text for text in walk(item) if text.inherits("QQuickText") and shown(text)
                      and text.property("text")]
    return found


def broken_labels(player) -> list[str]:
    """Words of the control labels drawn broken or past their button (:func:`control_words`)."""
    return control_words(player.window.contentItem())


@pytest.mark.parametrize("lang", ["bg", "lt", "lv"])
def test_control_labels_wrap_between_words_and_shrink_at_1280x800_with_larger_text(make_player, lang, tmp_path):
    player = make_player(size=SMALL)
    player.tap_background()
    player.backend.setLanguage(lang)
    player.backend.toggleLargeText()
    wait_fitted([player.window])
    player.sync()
    player.window.grabWindow().save(str(tmp_path / f"{lang}-controls.png"))
    labels = control_labels(player)
    assert len(labels) >= 6, [label.property("text") for label in labels]
    assert broken_labels(player) == []
    for label in labels:
        assert label.property("contentWidth") <= label.width() + 1 and not label.property("truncated"), \
            label.property("text")
        words = label.property("text").split()
        assert label.property("lineCount") <= max(1, len(words)), label.property("text")
    player.click_and_settle("signs")
    wait_fitted([player.window])
    tiles = [label for label in control_labels(player) if label.parentItem().objectName().startswith("tile-")]
    assert tiles and broken_labels(player) == []
    player.window.grabWindow().save(str(tmp_path / f"{lang}.png"))


def test_the_fit_check_covers_the_control_labels_in_each_language_with_larger_text(kiosk_app, bundled_deck,
                                                                                  monkeypatch):
    from kiosk import i18n
    from kiosk.player.navigator import Position
    from kiosk.qt.fit import find_misfits, misfit_problems

    deck, folder = bundled_deck.deck, bundled_deck.folder
    assert not find_misfits(deck, folder, (SMALL,), ["bg", "lt"], positions=[Position(0)])
    strings = i18n.ui_strings

    def long_previous(lang: str) -> dict[str, str]:
        found = dict(strings(lang))
        if lang == "lt":
            found["previous"] = "Ankstesnisankstesnisankstesnis"  # one word no button holds
        return found

    monkeypatch.setattr(i18n, "ui_strings", long_previous)
    misfits = find_misfits(deck, folder, (SMALL, (1920, 1080)), ["bg", "lt"], positions=[Position(0)])
    assert {(m.lang, m.controls, m.size) for m in misfits} >= {("lt", "controls with larger text", SMALL)}
    assert all(m.lang == "lt" and m.controls for m in misfits)
    problems = misfit_problems(misfits, deck, bundled_deck.source)
    assert problems and all(p.severity == "warning" for p in problems)
    text = str(problems[-1])
    # The arrow lets go of the word (it may go on a line of its own); the word alone is too wide.
    assert "controls with larger text in 'lt': 'Ankstesnisankstesnisankstesnis' does not fit its " \
           "button at 1280x800" in text and "ui_strings.yaml" in text, text
    assert (problems[0].line, problems[0].file) == (31, bundled_deck.source.file)


# =========================================================================== staff: nothing for the public
def test_the_staff_gesture_without_a_pin_shows_the_public_nothing_and_logs_why(make_player, tmp_path, monkeypatch,
                                                                              caplog):
    import logging

    import numpy as np

    from helpers.staff import HOLD_MS, corner, long_press
    from kiosk import pin
    from kiosk.qt.staff import DAMAGED, NOT_SET_UP, StaffBackend

    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path / "config"))
    player = make_player(staff=lambda backend, log: StaffBackend(backend, log, hold_ms=HOLD_MS))
    player.staff.window = player.window
    player.sync()
    before = player.grab()
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        long_press(player, corner(player))
        player.sync()
        after = player.grab()
        assert player.staff.state == "" and not player.has("pinPad")
        assert not any("staff" in text.lower() or "PIN" in text for text in player.texts()), player.texts()
        # The gesture's tap paused the loop as any tap does; nothing else is drawn.
        paused = player.grab()
        assert np.array_equal(after, paused)
        (tmp_path / "config").mkdir(exist_ok=True)
        (tmp_path / "config" / "pin").write_text("not a PIN record")
        player = make_player(staff=lambda backend, log: StaffBackend(backend, log, hold_ms=HOLD_MS))
        long_press(player, corner(player))
        player.sync()
        assert player.staff.notice == DAMAGED and player.staff.state == ""
        assert not any("PIN" in text for text in player.texts())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith("kiosk")]
    assert any(NOT_SET_UP in w for w in warnings) and any(DAMAGED in w for w in warnings), warnings
    assert before.shape == after.shape


def test_the_status_page_labels_every_row_and_writes_deck_paths_from_the_deck_folder(make_player, monkeypatch):
    from dataclasses import replace

    from kiosk.deck.problems import Problem
    from kiosk.qt.staff import StaffBackend

    player = make_player(size=SMALL, staff=lambda backend, log: StaffBackend(backend, log))
    loaded = player.staff.loaded()
    deck_file = str(player.backend.folder.resolve() / "deck.yaml")
    notes = [Problem(deck_file, line, 5, f"review note {line}", severity="note") for line in (12, 40)]
    monkeypatch.setattr(loaded, "result", replace(loaded.result, problems=notes))
    rows = player.staff.statusRows()
    assert all(row["label"] for row in rows), [row for row in rows if not row["label"]]
    assert [row["label"] for row in rows[-3:]] == ["Notes", "Note 1", "Note 2"]
    assert rows[-2]["value"] == "deck.yaml:12:5: note: review note 12"
    folder = next(row["value"] for row in rows if row["label"] == "Deck folder")
    assert folder == str(player.backend.folder.resolve())


def test_the_exit_page_says_systemctl_only_under_systemd(make_player, monkeypatch):
    from helpers.staff import HOLD_MS, open_menu
    from kiosk.qt.staff import StaffBackend, exit_message

    assert "systemctl --user start kiosk" in exit_message({"INVOCATION_ID": "0123abcd"}, ["kiosk", "run"])
    assert "systemctl --user start kiosk" in exit_message({"NOTIFY_SOCKET": "/run/user/1000/systemd/notify"}, [])
    by_hand = exit_message({}, ["/home/k/.venv/bin/kiosk", "run", "--windowed", "slides/my deck"])
    assert "systemctl" not in by_hand and by_hand.endswith(
        f"started with: kiosk run --windowed '{Path.cwd() / 'slides/my deck'}'")  # absolute: staff may be elsewhere
    player = make_player(staff=lambda backend, log: StaffBackend(backend, log, hold_ms=HOLD_MS))
    assert player.staff.exitMessage == exit_message()
    open_menu(player, monkeypatch)  # the menu is made when it opens
    player.click("staffExit")
    player.sync()
    assert player.find("staffExitMessage").property("text") == exit_message()


EVENTS = """\
deck: {id: ev, title: Events, languages: [en]}
slides:
  - id: events
    type: events
    title: Freedom Week events
    events:
      - {title: A walk, date: 2019-10-19, place: City Hall, body: Walk with us across the city centre and back.,
         signup: {link: "https://example.org/a", label: Sign up at example.org}}
      - {title: A Sunday, date: 2019-10-20, place: Churches, body: Churches across the county will pray and talk.}
      - {title: An evening, date: 2019-10-24, place: A cafe, body: Come and talk with us about it over coffee.,
         signup: {link: "https://example.org/b", label: Sign up at example.org}}
"""


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), SMALL], ids=["1080x1920", "1920x1080", "1280x800"])
def test_every_events_card_draws_its_text_at_one_size_with_or_without_a_code(make_player, write_deck, size,
                                                                             tmp_path):
    from kiosk.deck import load_deck
    from kiosk.player.navigator import Position

    player = make_player(load_deck(write_deck(EVENTS)), size=size)
    player.backend.display(Position(0))
    wait_fitted([player.window])
    player.sync()
    player.window.grabWindow().save(str(tmp_path / "events.png"))  # to look at

    def sizes(texts: tuple[str, ...]) -> set[float]:
        return {round(item.property("font").pixelSize(), 1) for item in walk(player.window.contentItem())
                if item.inherits("QQuickText") and shown(item) and item.property("text") in texts}

    titles = sizes(("A walk", "A Sunday", "An evening"))
    assert len(titles) == 1
    if size == (1080, 1920):  # room enough: none is shrunk (a column laid out while narrow regrows)
        assert min(titles) >= round(44 * 0.95), titles
    bodies = sizes(("Walk with us across the city centre and back.", "Churches across the county will pray and talk.",
                    "Come and talk with us about it over coffee."))
    assert len(bodies) == 1, bodies  # every card tells its story, at the one size


# =========================================================================== a preview larger than the screen
def test_fit_preview_keeps_the_shape_and_fits_the_free_area():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kiosk.qt.player import WINDOW_FRAME, fit_preview

    assert fit_preview((1280, 800), (1920, 1040)) == (1.0, (1280, 800))
    scale, (width, height) = fit_preview((1080, 1920), (1920, 1040))
    assert height <= 1040 - WINDOW_FRAME + 1 and abs(width / height - 1080 / 1920) < 0.01 and scale < 1

    @settings(max_examples=60, deadline=None)
    @given(st.integers(100, 8000), st.integers(100, 8000), st.integers(200, 4000), st.integers(200, 4000))
    def fits(w, h, free_w, free_h):
        scale, (width, height) = fit_preview((w, h), (free_w, free_h))
        if scale == 1:
            assert (width, height) == (w, h) and w <= free_w and h <= free_h
        else:
            assert 0 < scale < 1 and width <= free_w and height <= free_h
            assert abs(width - w * scale) <= 1 and abs(height - h * scale) <= 1

    fits()


def test_a_scaled_preview_is_laid_out_at_the_size_asked_for_and_drawn_inside_the_window(kiosk_app, bundled_deck, qtbot):
    from kiosk.events import EventLog
    from kiosk.player.clock import Clock
    from kiosk.qt.backend import Backend
    from kiosk.qt.startup import _engine, load_fonts

    backend = Backend(bundled_deck.deck, bundled_deck.folder, EventLog(None), Clock(1.0), transition_ms=0)
    backend.stop()
    engine = _engine(backend, load_fonts(), preview_scale=0.5)
    window = engine.rootObjects()[0]
    window.resize(540, 960)
    window.show()
    try:
        backend.tap()
        wait_fitted([window])
        stage = window.findChild(QQuickItem, "stage")
        assert (stage.width(), stage.height(), stage.scale()) == (1080, 1920, 0.5)
        for name in ("getHelp", "next", "previous", "largeText"):
            rect = scene_rect(window.findChild(QQuickItem, name))
            assert 0 <= rect.left() and rect.right() <= 540 and 0 <= rect.top() and rect.bottom() <= 960, (name, rect)
        # A tap lands on what is drawn under it: Next, drawn at half size.
        before = backend.view["id"]
        centre = scene_rect(window.findChild(QQuickItem, "next")).center().toPoint()
        QTest.mouseClick(window, LEFT, NO_MOD, centre)
        qtbot.waitUntil(lambda: backend.view["id"] != before, timeout=3000)
    finally:
        window.close()
        del engine


def test_kiosk_run_windowed_larger_than_the_screen_says_it_draws_the_preview_smaller(write_deck, tmp_path):
    import os
    import subprocess
    import sys

    folder = write_deck("""
        deck: {id: one, title: One, languages: [en]}
        slides:
          - {id: hello, type: title, title: Hello, duration: 3}
        """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = [sys.executable, "-m", "kiosk", "run", "--windowed", "--cycles", "1", "--time-scale", "30", str(folder)]
    done = subprocess.run([*run, "--size", "4000x3000"], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if "larger than the screen" in line]
    assert line.startswith("kiosk: 4000x3000 is larger than the screen (") and "laid out as 4000x3000" in line
    done = subprocess.run([*run, "--size", "400x300"], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0 and "larger than the screen" not in done.stdout, done.stdout + done.stderr
