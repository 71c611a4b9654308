"""A fallback plays while the chosen deck has errors, and the chosen deck plays once it is fixed.

``kiosk run`` plays the bundled deck when the deck in ``settings.toml`` has errors; the running
kiosk then follows the chosen deck's folder (:func:`kiosk.qt.watch.watch_chosen`) as it follows
its own. Each test plays a fallback deck with its real loop timer, the real watchers (the check
in a child process) and a real event log, and edits the chosen deck as a coordinator does.
Waits are on signals.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QFileSystemWatcher

from helpers.process import read_events
from kiosk import health
from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.player.clock import Clock
from kiosk.qt.backend import Backend
from kiosk.qt.checker import check_and_load
from kiosk.qt.watch import watch_chosen, watch_deck

TIMEOUT_MS = 15000


def deck_text(deck_id: str, title: str, first_type: str = "title") -> str:
    return f"""\
deck:
  id: {deck_id}
  title: {title}
  dwell: 3
slides:
  - id: welcome
    type: {first_type}
    title: {title}
  - id: help
    type: helpline
    phone: "08000 121 700"
"""


class Fallback:
    """A backend playing a fallback deck, watching it and the chosen deck (which has errors)."""

    NOTE = "the deck in settings.toml has errors; playing the fallback deck instead"

    def __init__(self, tmp_path: Path, known: bool = False) -> None:
        self.fallback = tmp_path / "fallback"
        self.fallback.mkdir()
        (self.fallback / "deck.yaml").write_text(deck_text("old", "Old campaign"), encoding="utf-8")
        self.chosen = tmp_path / "chosen"
        self.chosen.mkdir()
        self.file = self.chosen / "deck.yaml"
        self.file.write_text(deck_text("ours", "Our campaign", "txet"), encoding="utf-8")
        result = load_deck(self.fallback)
        assert result.ok, [str(p) for p in result.problems]
        self.log_path = tmp_path / "events.jsonl"
        self.log = EventLog(self.log_path)
        # known: the player and its watcher are told the content of the deck on screen, as kiosk run tells them
        content = check_and_load(self.fallback).content if known else ""
        self.backend = Backend(result.deck, result.folder, self.log, Clock(15), transition_ms=0, content=content)
        self.watcher = watch_deck(self.backend, self.fallback, settle_ms=100, content=content)
        health.clear()
        health.report(self.NOTE, echo=False)
        self.chosen_watcher = watch_chosen(self.backend, self.chosen, self.NOTE, settle_ms=100, playing=self.watcher)

    @property
    def title(self) -> str:
        return self.backend.deck.deck.title

    def events(self, kind: str) -> list[dict]:
        return [record for record in read_events(self.log_path) if record["event"] == kind]

    def stop(self) -> None:
        for part in (self.chosen_watcher, self.watcher, self.backend):
            part.stop()
        self.log.close()
        health.clear()


@pytest.fixture
def fallback(tmp_path, qtbot):
    player = Fallback(tmp_path)
    # The version there at the start is checked too (a fix made while the kiosk started is not missed).
    qtbot.waitUntil(lambda: len(player.events("deck_rejected")) == 1, timeout=TIMEOUT_MS)
    yield player
    player.stop()


def test_the_chosen_deck_plays_once_it_is_fixed(fallback, qtbot):
    [first] = fallback.events("deck_rejected")
    assert first["file"] == str(fallback.file) and first["fallback"] == str(fallback.fallback)
    assert "unknown slide type 'txet'" in first["problems"][0]
    assert fallback.title == "Old campaign"
    with qtbot.waitSignal(fallback.backend.deckReloaded, timeout=TIMEOUT_MS):
        fallback.file.write_text(deck_text("ours", "Our campaign"), encoding="utf-8")
    assert fallback.title == "Our campaign" and fallback.backend.folder == fallback.chosen
    [reloaded] = fallback.events("deck_reloaded")
    assert reloaded["deck"] == "ours" and reloaded["folder"] == str(fallback.chosen)
    [recovered] = fallback.events("deck_recovered")
    assert recovered["deck"] == "ours" and recovered["folder"] == str(fallback.chosen)
    assert Fallback.NOTE not in health.problems()  # the staff status no longer says a fallback plays
    assert not fallback.chosen_watcher.busy
    # From now on the chosen deck is the playing one, followed by the usual watcher.
    assert fallback.watcher.folder == fallback.chosen
    with qtbot.waitSignal(fallback.backend.deckReloaded, timeout=TIMEOUT_MS):
        fallback.file.write_text(deck_text("ours", "Our campaign, edited"), encoding="utf-8")
    assert fallback.title == "Our campaign, edited"
    assert len(fallback.events("deck_recovered")) == 1


def test_an_edit_after_the_fix_was_read_plays_too(fallback, qtbot):
    """The fixed version is read and waits for the next slide change (the loop held); the
    coordinator edits the chosen deck again before that change: the edit plays as well. The
    playing deck's watcher takes the fixed version as the chosen deck's watcher read it, not the
    folder as it is at the swap (which would take the later edit for the version on screen)."""
    from kiosk.player.session import HoldReason

    fallback.backend.hold(HoldReason.STAFF_PAUSE)  # the fixed version waits for the release
    with qtbot.waitSignal(fallback.chosen_watcher.loaded, timeout=TIMEOUT_MS):
        fallback.file.write_text(deck_text("ours", "Our campaign"), encoding="utf-8")
    assert fallback.backend.session.pending is not None and fallback.title == "Old campaign"
    assert fallback.watcher.folder == fallback.chosen  # followed from the version read, by the playing
    assert not fallback.chosen_watcher.busy  # deck's watcher alone
    with qtbot.waitSignal(fallback.watcher.loaded, timeout=TIMEOUT_MS):  # edited before the swap
        fallback.file.write_text(deck_text("ours", "Our campaign, edited"), encoding="utf-8")
    with qtbot.waitSignal(fallback.backend.deckReloaded, timeout=TIMEOUT_MS):
        fallback.backend.hold(HoldReason.STAFF_PAUSE, False)
    assert fallback.title == "Our campaign, edited" and fallback.backend.folder == fallback.chosen
    assert len(fallback.events("deck_reloaded")) == 1 and len(fallback.events("deck_recovered")) == 1
    assert not fallback.watcher.busy and not fallback.chosen_watcher.busy


def test_the_errors_said_at_start_are_not_said_again_by_the_first_look(tmp_path, qtbot, capfd):
    """kiosk run says the chosen deck's errors as it starts; the watch's first look finds the same
    ones (nothing changed) and logs deck_rejected, without saying them a second time. A later
    version with errors is said as ever."""
    from kiosk.qt.watch import watch_chosen as follow

    player = Fallback(tmp_path)
    player.chosen_watcher.stop()
    try:
        said = [(p.line, p.col, p.message, p.hint) for p in load_deck(player.chosen).problems if p.severity == "error"]
        assert said
        capfd.readouterr()
        watcher = follow(player.backend, player.chosen, Fallback.NOTE, settle_ms=100, playing=player.watcher, said=said)
        with qtbot.waitSignal(watcher.rejected, timeout=TIMEOUT_MS):
            pass
        assert len(player.events("deck_rejected")) == 1  # logged, not said again
        assert "unknown slide type" not in capfd.readouterr().err
        with qtbot.waitSignal(watcher.rejected, timeout=TIMEOUT_MS):
            player.file.write_text(deck_text("ours", "Our campaign", "tekst"), encoding="utf-8")
        assert "unknown slide type 'tekst'" in capfd.readouterr().err
        watcher.stop()
    finally:
        player.stop()


def test_a_chosen_deck_fixed_into_a_copy_of_the_fallback_still_plays_from_its_folder(tmp_path, qtbot):
    """The chosen deck, once fixed, holds the very files of the fallback (a copy of the bundled
    deck chosen in its place): the same content, another folder. It is swapped in all the same,
    and the kiosk follows its folder from then on."""
    player = Fallback(tmp_path, known=True)
    try:
        qtbot.waitUntil(lambda: len(player.events("deck_rejected")) == 1, timeout=TIMEOUT_MS)
        with qtbot.waitSignal(player.backend.deckReloaded, timeout=TIMEOUT_MS):
            player.file.write_text((player.fallback / "deck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        assert player.backend.folder == player.chosen and player.watcher.folder == player.chosen
        assert len(player.events("deck_recovered")) == 1
    finally:
        player.stop()


def test_another_broken_version_keeps_the_fallback_and_is_logged(fallback, qtbot):
    with qtbot.waitSignal(fallback.chosen_watcher.rejected, timeout=TIMEOUT_MS):
        fallback.file.write_text(deck_text("ours", "Our campaign", "tekst"), encoding="utf-8")
    rejected = fallback.events("deck_rejected")
    assert len(rejected) == 2 and rejected[-1]["file"] == str(fallback.file)
    assert "unknown slide type 'tekst'" in rejected[-1]["problems"][0]
    # The fallback plays on: the loop moves to its next slide, still the old deck.
    with qtbot.waitSignal(fallback.backend.viewChanged, timeout=TIMEOUT_MS):
        pass
    assert fallback.title == "Old campaign" and fallback.backend.folder == fallback.fallback
    assert fallback.events("deck_reloaded") == [] and fallback.events("deck_recovered") == []
    assert Fallback.NOTE in health.problems()
    assert fallback.backend.deckProblems == []  # the fallback itself has no newer version refused


def test_a_new_version_of_the_fallback_itself_does_not_end_the_watch(fallback, qtbot):
    with qtbot.waitSignal(fallback.backend.deckReloaded, timeout=TIMEOUT_MS):
        (fallback.fallback / "deck.yaml").write_text(deck_text("old", "Old campaign, edited"), encoding="utf-8")
    assert fallback.title == "Old campaign, edited"
    with qtbot.waitSignal(fallback.backend.deckReloaded, timeout=TIMEOUT_MS):
        fallback.file.write_text(deck_text("ours", "Our campaign"), encoding="utf-8")
    assert fallback.title == "Our campaign" and len(fallback.events("deck_recovered")) == 1


def test_the_staff_choosing_another_deck_ends_the_watch(fallback, qtbot, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "deck.yaml").write_text(deck_text("other", "Another campaign"), encoding="utf-8")
    result = load_deck(other)
    fallback.backend.set_deck(result.deck, result.folder)  # what Switch deck does with a good deck
    assert fallback.watcher.folder == other
    # The chosen deck's folder is no longer watched at all.
    inotify = fallback.chosen_watcher.findChild(QFileSystemWatcher)
    assert inotify.files() == [] and inotify.directories() == []
    # The chosen deck fixed, and the deck playing edited at the same time: only the latter is taken.
    fallback.file.write_text(deck_text("ours", "Our campaign"), encoding="utf-8")
    with qtbot.waitSignal(fallback.backend.deckReloaded, timeout=TIMEOUT_MS):
        (other / "deck.yaml").write_text(deck_text("other", "Another campaign, edited"), encoding="utf-8")
    qtbot.waitUntil(lambda: not fallback.chosen_watcher.busy and not fallback.watcher.busy, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(fallback.backend.viewChanged, timeout=TIMEOUT_MS):
        pass  # a slide change: a version waiting to be swapped in would be on screen now
    assert fallback.title == "Another campaign, edited" and fallback.events("deck_recovered") == []
    assert [e["folder"] for e in fallback.events("deck_reloaded")] == [str(other)]
