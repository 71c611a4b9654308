"""Hot swap: the running kiosk follows its deck folder as coordinators and their tools change it.

Each test runs the player's backend with its real loop timer (a deck with a 3 s dwell played
15 times faster, so "the next slide change" comes within 0.2 s), the real folder watcher and a
real event log, and changes the deck folder the ways coordinators and their tools do. Waits are on signals; the
only fixed waits are the ones a scenario prescribes between writes.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BROKEN, ROOT
from kiosk.deck import load_deck
from kiosk.events import EventLog
from kiosk.player.clock import Clock
from kiosk.qt.backend import Backend
from kiosk.qt.checker import check_and_load
from kiosk.qt.watch import DeckWatcher, describe_change, ignored, read_version, shrink_reason, snapshot, watch_deck

BROKEN_SHARED = BROKEN
RELOAD_TIMEOUT_MS = 8000


def deck_text(title: str, dwell: float = 3) -> str:
    return f"""\
deck:
  id: live
  title: {title}
  dwell: {dwell}
  archive: true
slides:
  - id: welcome
    type: title
    title: {title}
    subtitle: A deck that changes while it plays
  - id: more
    type: text
    title: Something to read
    body: A paragraph of text, long enough to be cut in the middle of a line when half of it is written.
  - id: help
    type: helpline
    phone: "08000 121 700"
"""


class Live:
    """A playing backend on a deck folder, with its watcher and event log."""

    def __init__(self, tmp_path: Path, settle_ms: int = 500, hold_ms: int = 10000, known: bool = False) -> None:
        self.folder = tmp_path / "decks" / "live"
        self.folder.mkdir(parents=True)
        self.file = self.folder / "deck.yaml"
        self.file.write_text(deck_text("Original"), encoding="utf-8")
        result = load_deck(self.folder)
        assert result.ok, [str(p) for p in result.problems]
        self.log_path = tmp_path / "events.jsonl"
        self.log = EventLog(self.log_path)
        # known: the player and its watcher are told the content of the deck on screen, as kiosk run tells them
        content = check_and_load(self.folder).content if known else ""
        self.backend = Backend(result.deck, result.folder, self.log, Clock(15), transition_ms=0, content=content)
        self.watcher = watch_deck(self.backend, self.folder, settle_ms=settle_ms, hold_ms=hold_ms, content=content)
        #: The deck title at every slide change, to show which deck was on screen.
        self.titles: list[str] = []
        self.backend.viewChanged.connect(lambda: self.titles.append(self.title))

    @property
    def title(self) -> str:
        return self.backend.deck.deck.title

    def events(self, kind: str) -> list[dict]:
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [record for record in map(json.loads, lines) if record["event"] == kind]

    def stop(self) -> None:
        self.watcher.stop()
        self.backend.stop()
        self.log.close()


@pytest.fixture
def live(tmp_path):
    player = Live(tmp_path)
    yield player
    player.stop()


@pytest.fixture
def quick(tmp_path):
    """As ``live``, settling after 100 ms, for tests that go through many versions."""
    player = Live(tmp_path, settle_ms=100)
    yield player
    player.stop()


def test_scenario_1_atomic_saves_and_delete_recreate(live, qtbot):
    """Write deck.yaml.tmp and os.replace() it onto deck.yaml, twice; delete, wait 500 ms, create.

    Right: three reloads, and later edits are still seen.
    """
    for version in ("Version 1", "Version 2"):
        temporary = live.folder / "deck.yaml.tmp"
        temporary.write_text(deck_text(version), encoding="utf-8")
        with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
            os.replace(temporary, live.file)
        assert live.title == version
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        live.file.unlink()
        qtbot.wait(500)  # the scenario's own wait
        live.file.write_text(deck_text("Version 3"), encoding="utf-8")
    assert live.title == "Version 3"
    assert [e["deck"] for e in live.events("deck_reloaded")] == ["live"] * 3
    assert live.events("deck_rejected") == []  # the moment with no deck.yaml was not reported
    assert live.backend.deckProblems == []

    # Later edits are still seen: in place, and by atomic save again.
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        live.file.write_text(deck_text("Version 4"), encoding="utf-8")
    assert live.title == "Version 4"
    temporary = live.folder / "deck.yaml.tmp"
    temporary.write_text(deck_text("Version 5"), encoding="utf-8")
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        os.replace(temporary, live.file)
    assert live.title == "Version 5"
    assert len(live.events("deck_reloaded")) == 5


def test_scenario_2_half_written_file(live, qtbot):
    """Truncate to 0 bytes, wait 300 ms, write half (cut mid-line), wait 300 ms, write the rest.

    Right: the old deck plays throughout, then one reload to the final content; an empty or
    broken file is never swapped in.
    """
    data = deck_text("Final").encode()
    cut = data.index(b"long enough") + 4  # mid-line
    assert data[cut - 1:cut + 1] != b"\n"
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        with open(live.file, "r+b") as sink:
            sink.truncate(0)
            sink.flush()
            qtbot.wait(300)  # the scenario's own wait
            sink.write(data[:cut])
            sink.flush()
            qtbot.wait(300)
            sink.write(data[cut:])
    assert live.file.read_bytes() == data
    assert live.title == "Final"
    assert not live.watcher.busy  # nothing else pending: exactly one reload
    assert len(live.events("deck_reloaded")) == 1
    assert live.events("deck_rejected") == []
    before = live.titles[:live.titles.index("Final")]
    assert len(before) >= 2 and set(before) == {"Original"}  # the old deck played throughout


def test_a_copy_in_pieces_with_a_picture_reloads_once(live, qtbot):
    """A sync tool writing the deck and a new picture in pieces: one reload, once all is there."""
    picture = ROOT / "assets"
    png = next(picture.rglob("*.png"), None)
    text = deck_text("With picture") + "  - {id: photo, type: image, image: photo.png, alt: A picture}\n"
    if png is None:  # no picture shipped: draw none, keep the test about pieces
        text = deck_text("With picture")
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        if png is not None:
            shutil.copyfile(png, live.folder / "photo.png")
        data = text.encode()
        with open(live.file, "wb") as sink:
            for start in range(0, len(data), 200):
                sink.write(data[start:start + 200])
                sink.flush()
    assert live.title == "With picture"
    assert len(live.events("deck_reloaded")) == 1 and live.events("deck_rejected") == []


def test_the_whole_folder_replaced(live, qtbot):
    """A new folder moved in where the old one was (as a sync tool or ``kiosk install`` does)."""
    staged = live.folder.parent / ".incoming"
    staged.mkdir()
    (staged / "deck.yaml").write_text(deck_text("Replaced"), encoding="utf-8")
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        os.rename(live.folder, live.folder.parent / ".old")
        os.rename(staged, live.folder)
    assert live.title == "Replaced"
    # ... and the new folder is watched in turn.
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        live.file.write_text(deck_text("Edited after"), encoding="utf-8")
    assert live.title == "Edited after"


def test_a_neighbour_changing_does_not_reload(live, qtbot):
    other = live.folder.parent / "other"
    with qtbot.waitSignal(live.watcher.changed, timeout=RELOAD_TIMEOUT_MS):
        other.mkdir()
        (other / "deck.yaml").write_text(deck_text("Other"), encoding="utf-8")
    qtbot.waitUntil(lambda: not live.watcher.busy, timeout=RELOAD_TIMEOUT_MS)
    assert live.events("deck_reloaded") == [] and live.events("deck_rejected") == []


# --------------------------------------------------------------------------- broken decks
OWN_BROKEN = {
    "empty": "",
    "half-written": deck_text("Half")[:-10],  # cut inside the phone number's quotes
    "yaml-syntax": "deck: {id: live, title: [unclosed\nslides: []\n",
    "not-a-mapping": "- just\n- a list\n",
    "binary": "\x00\x01\x02\xff garbage",
    "unknown-type": deck_text("Typo").replace("type: text", "type: txet"),
    "no-slides": "deck: {id: live, title: Empty}\nslides: []\n",
    "bad-contrast": deck_text("Grey").replace(
        "  archive: true\n", "  archive: true\n  theme: {background: \"#777777\", text: \"#888888\"}\n"),
    "missing-image": deck_text("Pictures") + "  - {id: photo, type: image, image: nowhere.jpg, alt: Nothing}\n",
    "bad-duration": deck_text("Durations").replace("    subtitle:", "    duration: 0\n    subtitle:"),
}


def shared_broken() -> dict[str, Path]:
    """Deck files under tests/broken/ (``NAME.yaml`` or ``NAME/deck.yaml``) that have errors."""
    found: dict[str, Path] = {}
    if BROKEN_SHARED.is_dir():
        for path in sorted(BROKEN_SHARED.rglob("*.yaml")):
            if path.name == "deck.yaml" or path.parent == BROKEN_SHARED:
                if not load_deck(path).ok:
                    found[str(path.relative_to(BROKEN_SHARED))] = path
    return found


def put(live: Live, text: bytes, extra: Path | None = None) -> None:
    """Save a deck the way an editor does (atomic replace), with the files beside it."""
    if extra is not None:
        for item in extra.iterdir():
            if item.is_file() and item.name != "deck.yaml":
                shutil.copyfile(item, live.folder / item.name)
    temporary = live.folder / "deck.yaml.tmp"
    temporary.write_bytes(text)
    os.replace(temporary, live.file)


def test_every_broken_deck_leaves_the_kiosk_on_its_last_good_deck(quick, qtbot):
    cases = [(name, text.encode("utf-8", "surrogateescape")) for name, text in OWN_BROKEN.items()]
    cases += [(name, path.read_bytes()) for name, path in shared_broken().items()]
    for name, text in cases:
        with qtbot.waitSignal(quick.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
            put(quick, text)
        assert quick.title == "Original", name
        problems = quick.backend.deckProblems
        assert problems and all(":" in line for line in problems), name
        rejected = quick.events("deck_rejected")[-1]
        assert rejected["problems"] == problems, name
        # The loop goes on with the good deck.
        with qtbot.waitSignal(quick.backend.viewChanged, timeout=RELOAD_TIMEOUT_MS):
            pass
        assert quick.title == "Original", name
    assert quick.events("deck_reloaded") == []
    assert len(quick.events("deck_rejected")) == len(cases)

    # A good version after all that is taken, and clears the problems.
    with qtbot.waitSignals([quick.backend.deckReloaded, quick.backend.deckProblemsChanged],
                           timeout=RELOAD_TIMEOUT_MS):
        put(quick, deck_text("Fixed").encode())
    assert quick.title == "Fixed" and quick.backend.deckProblems == []


def test_problem_lines_name_file_line_and_column(quick, qtbot):
    with qtbot.waitSignal(quick.backend.deckProblemsChanged, timeout=RELOAD_TIMEOUT_MS):
        put(quick, OWN_BROKEN["unknown-type"].encode())
    line = quick.backend.deckProblems[0]
    assert "deck.yaml:" in line and "unknown slide type 'txet'" in line and "did you mean 'text'?" in line


def test_a_deck_file_gone_for_good_is_reported_once(tmp_path, qtbot):
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(deck_text("Here"), encoding="utf-8")
    watcher = DeckWatcher(folder, settle_ms=100, missing_grace_ms=300)
    with qtbot.waitSignal(watcher.rejected, timeout=RELOAD_TIMEOUT_MS) as blocker:
        (folder / "deck.yaml").unlink()
    assert any("deck.yaml" in str(p) for p in blocker.args[0].problems)
    watcher.stop()


def test_snapshot_leaves_out_temporary_files(tmp_path):
    (tmp_path / "deck.yaml").write_text("x", encoding="utf-8")
    for name in ("deck.yaml.tmp", ".deck.yaml.swp", "deck.yaml~", "4913", "events.jsonl"):
        (tmp_path / name).write_text("x", encoding="utf-8")
        assert ignored(name)
    assert [entry[0] for entry in snapshot(tmp_path)] == ["deck.yaml"]
    assert snapshot(tmp_path / "missing") is None


def test_the_watch_follows_a_deck_switched_by_staff(live, qtbot):
    other = live.folder.parent / "other"
    other.mkdir()
    (other / "deck.yaml").write_text(deck_text("Other deck"), encoding="utf-8")
    result = load_deck(other)
    live.backend.set_deck(result.deck, result.folder)  # as the staff menu's Switch deck does
    assert live.watcher.folder == other
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        (other / "deck.yaml").write_text(deck_text("Other deck, edited"), encoding="utf-8")
    assert live.title == "Other deck, edited"


def test_the_kiosks_own_frames_and_log_in_the_deck_folder_are_not_changes(tmp_path, qtbot):
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(deck_text("Here"), encoding="utf-8")
    frames, log = folder / "frames", folder / "events.txt"
    watcher = DeckWatcher(folder, settle_ms=100, skip=(frames, log, None))
    outcomes: list = []
    watcher.loaded.connect(outcomes.append)
    watcher.rejected.connect(outcomes.append)
    with qtbot.waitSignal(watcher.changed, timeout=RELOAD_TIMEOUT_MS):
        frames.mkdir()
        (frames / "01-welcome.png").write_bytes(b"png")
        log.write_text("{}", encoding="utf-8")
    qtbot.waitUntil(lambda: not watcher.busy, timeout=RELOAD_TIMEOUT_MS)
    assert outcomes == []
    watcher.stop()


# --------------------------------------------------------------------------- slow copies
def long_deck(title: str, slides: int = 9) -> str:
    """A deck of ``slides`` slides, text slides first and the helpline last."""
    head = deck_text(title).split("slides:\n")[0] + "slides:\n"
    body = "".join(f"  - {{id: s{n}, type: text, title: Part {n}, body: Something to read.}}\n"
                   for n in range(1, slides))
    return head + body + '  - {id: help, type: helpline, phone: "08000 121 700"}\n'


def test_a_copy_that_pauses_after_three_slides_is_never_shown(live, qtbot):
    """deck.yaml written up to its third slide, a pause longer than the settle time, then the rest.

    The first piece is a valid deck, but it drops the helpline: it is held back
    (``deck_waiting``), and the copy resuming replaces it before it is ever shown.
    """
    with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        live.file.write_text(long_deck("Nine"), encoding="utf-8")
    assert len(live.backend.deck.slides) == 9
    data = long_deck("Nine, new").encode()
    cut = data.index(b"  - {id: s4")
    with open(live.file, "wb") as sink:
        with qtbot.waitSignal(live.watcher.waiting, timeout=RELOAD_TIMEOUT_MS) as held:
            sink.write(data[:cut])  # three slides, no helpline: a valid deck
            sink.flush()
        assert held.args == ["the helpline slide is missing"]
        with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
            sink.write(data[cut:])
            sink.flush()
    assert live.title == "Nine, new" and len(live.backend.deck.slides) == 9
    assert [e["slides"] for e in live.events("deck_reloaded")] == [9, 9]  # never the 3-slide piece
    assert [e["reason"] for e in live.events("deck_waiting")] == ["the helpline slide is missing"]


def test_a_deck_shortened_on_purpose_plays_after_the_hold(tmp_path, qtbot):
    player = Live(tmp_path, settle_ms=100, hold_ms=300)
    try:
        with qtbot.waitSignal(player.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text(long_deck("Nine"), encoding="utf-8")
        with qtbot.waitSignals([player.watcher.waiting, player.backend.deckReloaded], order="strict",
                               timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text(long_deck("Three", slides=3), encoding="utf-8")
        assert player.title == "Three" and len(player.backend.deck.slides) == 3
        assert player.events("deck_waiting")[-1]["reason"] == "3 of 9 slides"
    finally:
        player.stop()


def test_shrink_reason(write_deck):
    def deck(text: str):
        result = load_deck(write_deck(text, name=str(len(text))))
        assert result.ok, [str(p) for p in result.problems]
        return result.deck

    nine = deck(long_deck("Nine"))
    assert shrink_reason(None, nine) is None
    assert shrink_reason(nine, deck(long_deck("Five", slides=5))) is None  # not more than half lost
    assert shrink_reason(nine, deck(long_deck("Four", slides=4))) == "4 of 9 slides"
    no_help = deck(long_deck("No help").replace('  - {id: help, type: helpline, phone: "08000 121 700"}\n',
                                                "  - {id: s9, type: text, title: End, body: Done.}\n"))
    assert shrink_reason(nine, no_help) == "the helpline slide is missing"
    assert shrink_reason(no_help, deck(long_deck("Back"))) is None


# --------------------------------------------------------------------------- what is said
def test_a_changed_picture_is_named(quick, qtbot, capsys):
    picture = quick.folder / "market.png"
    picture.write_bytes(b"one")
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        quick.file.write_text(deck_text("With market"), encoding="utf-8")
    capsys.readouterr()
    with qtbot.waitSignal(quick.watcher.loaded, timeout=RELOAD_TIMEOUT_MS):
        picture.write_bytes(b"two, longer")
    said = capsys.readouterr().err
    assert "kiosk: market.png changed;" in said and "deck.yaml" not in said


def test_describe_change():
    old = (("deck.yaml", 1, 1, 1), ("a.png", 1, 1, 2))
    assert describe_change(old, (("deck.yaml", 1, 1, 1), ("a.png", 2, 2, 2))) == "a.png changed"
    assert describe_change(old, (("deck.yaml", 1, 1, 1), ("b.png", 1, 1, 3))) == "b.png added, a.png removed"
    many = tuple((f"{n}.png", 1, 1, n) for n in range(5))
    assert describe_change(None, many) == "0.png added, 1.png added, 2.png added and 2 more"


def test_a_removed_deck_folder_is_said_once_and_plainly(quick, qtbot, capsys):
    quick.watcher._missing_rounds = 1  # no grace: the folder is gone for good
    with qtbot.waitSignal(quick.backend.deckProblemsChanged, timeout=RELOAD_TIMEOUT_MS):
        shutil.rmtree(quick.folder)
    expected = (f"the deck folder {quick.folder} was removed — the kiosk keeps playing the last good "
                "version; put the folder back to update it")
    assert quick.backend.deckProblems == [expected]
    said = capsys.readouterr().err.strip().splitlines()
    assert said == [f"kiosk: {expected}"]
    assert quick.events("deck_rejected")[-1]["problems"] == [expected]
    assert quick.title == "Original"


def test_a_deck_folder_put_back_plays_again(quick, qtbot):
    saved = quick.folder.parent / ".saved"
    shutil.copytree(quick.folder, saved)
    quick.watcher._missing_rounds = 1
    with qtbot.waitSignal(quick.backend.deckProblemsChanged, timeout=RELOAD_TIMEOUT_MS):
        shutil.rmtree(quick.folder)
    (saved / "deck.yaml").write_text(deck_text("Put back"), encoding="utf-8")
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        os.rename(saved, quick.folder)
    assert quick.title == "Put back" and quick.backend.deckProblems == []


# --------------------------------------------------------------------------- the screen never waits
def test_the_screen_keeps_drawing_while_a_new_version_is_read(quick, qtbot, monkeypatch):
    """A deck read that takes long (here: blocked until released) happens off the Qt thread.

    A timer on the Qt thread notes, at each tick, whether the read was under way then; the loop
    goes on changing slides; and the version read is swapped in once the read is let go.
    """
    import gc
    import threading

    from PySide6.QtCore import QTimer

    from kiosk.qt import watch

    reading, release, finished = threading.Event(), threading.Event(), threading.Event()
    real = watch.check_and_load

    def slow_load(folder):
        reading.set()
        release.wait(5)  # a regression (a read on the Qt thread) freezes the test this long, then fails
        try:
            return real(folder)
        finally:
            finished.set()

    monkeypatch.setattr(watch, "check_and_load", slow_load)
    ticks: list[bool] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(reading.is_set() and not finished.is_set()))
    timer.start()
    put(quick, deck_text("Slow to read").encode())
    qtbot.waitUntil(reading.is_set, timeout=RELOAD_TIMEOUT_MS)
    with qtbot.waitSignal(quick.backend.viewChanged, timeout=RELOAD_TIMEOUT_MS):
        pass  # the loop turns while the read is blocked
    qtbot.waitUntil(lambda: ticks.count(True) >= 5, timeout=RELOAD_TIMEOUT_MS)
    assert not finished.is_set() and quick.watcher.busy and quick.title == "Original"
    assert not gc.isenabled(), "no Qt object may be collected on the reading thread"
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        release.set()
    timer.stop()
    assert quick.title == "Slow to read" and gc.isenabled()


def test_a_read_that_fails_unexpectedly_is_rejected_and_logged(quick, qtbot, monkeypatch):
    from kiosk.qt import watch

    def broken_load(folder):
        raise MemoryError("no memory left")

    monkeypatch.setattr(watch, "check_and_load", broken_load)
    with qtbot.waitSignal(quick.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
        put(quick, deck_text("Never read").encode())
    assert quick.title == "Original"
    [rejected] = quick.events("deck_rejected")
    assert "could not be checked (MemoryError: no memory left)" in rejected["problems"][0]


def test_a_watcher_deleted_while_reading_is_told_nothing(tmp_path, qtbot, monkeypatch):
    """The read finishes after its watcher is gone (a deck switched, the kiosk closing): no call back."""
    import threading

    from PySide6.QtCore import QObject

    from kiosk.qt import watch

    reading, release, finished = threading.Event(), threading.Event(), threading.Event()
    real = watch.check_and_load

    def slow_load(folder):
        reading.set()
        release.wait(5)
        try:
            return real(folder)
        finally:
            finished.set()

    monkeypatch.setattr(watch, "check_and_load", slow_load)
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(deck_text("Here"), encoding="utf-8")
    owner = QObject()
    watcher = DeckWatcher(folder, settle_ms=100, parent=owner)
    outcomes: list = []
    watcher.loaded.connect(outcomes.append)
    watcher.rejected.connect(outcomes.append)
    (folder / "deck.yaml").write_text(deck_text("Changed"), encoding="utf-8")
    qtbot.waitUntil(reading.is_set, timeout=RELOAD_TIMEOUT_MS)
    with qtbot.waitSignal(owner.destroyed, timeout=RELOAD_TIMEOUT_MS):
        owner.deleteLater()
    release.set()
    qtbot.waitUntil(finished.is_set, timeout=RELOAD_TIMEOUT_MS)
    qtbot.wait(50)  # the queued hand-back, had there been anyone to tell
    assert outcomes == []


def _hand_over(live: Live, qtbot) -> bool:
    """Read the deck folder as a published update's install does (:func:`read_version`) and hand
    the version to the watcher; swap it in when the watcher says so, as the updater does."""
    result, version = read_version(live.folder, check=load_deck, skip=live.watcher.skip)
    assert result.ok
    given = live.watcher.take(live.folder, result.deck, version)
    if given:
        with qtbot.waitSignal(live.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
            live.backend.replace_deck(result.deck, result.folder)
    return given


def test_a_version_the_watcher_gave_first_is_not_handed_over_again(quick, qtbot):
    """An install's files settle and the watcher swaps them in before the installer's own read
    comes back: the installer's hand-over is refused, so the version plays once."""
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        quick.file.write_text(deck_text("Installed"), encoding="utf-8")
    assert _hand_over(quick, qtbot) is False
    assert not quick.watcher.busy
    assert [e["deck"] for e in quick.events("deck_reloaded")] == ["live"] and quick.title == "Installed"


def test_a_version_handed_over_first_is_not_read_again_by_the_watcher(quick, qtbot):
    """The installer's read comes back before the install's file events reach the watcher: the
    watcher takes that version as read and does not swap it in a second time."""
    quick.file.write_text(deck_text("Installed"), encoding="utf-8")
    assert _hand_over(quick, qtbot) is True
    assert quick.title == "Installed"
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):  # a later edit, to see
        quick.file.write_text(deck_text("Edited later"), encoding="utf-8")  # what the watcher did before
    assert [e["slides"] for e in quick.events("deck_reloaded")] == [3, 3] and quick.title == "Edited later"


def test_a_version_written_after_the_hand_over_read_still_plays(quick, qtbot):
    quick.file.write_text(deck_text("Installed"), encoding="utf-8")
    result, version = read_version(quick.folder, check=load_deck, skip=quick.watcher.skip)
    quick.file.write_text(deck_text("Edited after"), encoding="utf-8")  # before the hand-over
    assert quick.watcher.take(quick.folder, result.deck, version) is True
    quick.backend.replace_deck(result.deck, result.folder)
    qtbot.waitUntil(lambda: quick.title == "Edited after", timeout=RELOAD_TIMEOUT_MS)


def test_a_version_changed_while_it_was_read_is_read_again(quick, qtbot):
    def check(folder):
        loaded = load_deck(folder)
        quick.file.write_text(deck_text("Written during the read"), encoding="utf-8")
        return loaded

    quick.file.write_text(deck_text("Installed"), encoding="utf-8")
    result, version = read_version(quick.folder, check=check, skip=quick.watcher.skip)
    assert result.deck.deck.title == "Installed"
    assert quick.watcher.take(quick.folder, result.deck, version) is True
    quick.backend.replace_deck(result.deck, result.folder)
    qtbot.waitUntil(lambda: quick.title == "Written during the read", timeout=RELOAD_TIMEOUT_MS)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(["write", "install", "settle"]), min_size=1, max_size=6))
def test_every_version_plays_once_in_order_whoever_gives_it(tmp_path_factory, qtbot, steps):
    """Versions written to the deck folder, some also read and handed over as an install does
    (:func:`_hand_over`), the watcher finding some first: the player gets each version at most
    once, never an older one after a newer, and ends on the last written."""
    player = Live(tmp_path_factory.mktemp("handover"), settle_ms=30)
    given_titles: list[str] = []
    player.backend.deckReloaded.connect(lambda _deck: given_titles.append(player.title))
    written = 0
    try:
        for step in steps:
            if step == "write":
                written += 1
                player.file.write_text(deck_text(f"Version {written}"), encoding="utf-8")
            elif step == "install":
                result, version = read_version(player.folder, check=load_deck, skip=player.watcher.skip)
                if player.watcher.take(player.folder, result.deck, version):
                    player.backend.replace_deck(result.deck, result.folder)
            else:  # the watcher finds what was written and gives it to the player
                last = f"Version {written}" if written else "Original"
                qtbot.waitUntil(lambda: player.title == last and not player.watcher.busy, timeout=RELOAD_TIMEOUT_MS)
        last = f"Version {written}" if written else "Original"
        qtbot.waitUntil(lambda: player.title == last and not player.watcher.busy
                        and player.backend.session.pending is None, timeout=RELOAD_TIMEOUT_MS)
        numbers = [0 if title == "Original" else int(title.split()[1]) for title in given_titles]
        assert numbers == sorted(set(numbers)), given_titles  # once each, in the order written
    finally:
        player.stop()


def test_a_version_the_staff_reloaded_is_not_played_again_by_the_watcher(tmp_path, qtbot):
    from kiosk.qt.staff import StaffBackend

    player = Live(tmp_path, settle_ms=3000)  # the watcher is slower than the staff menu's read
    try:
        staff = StaffBackend(player.backend, player.log, decks=lambda: [], watcher=player.watcher)
        player.file.write_text(deck_text("Edited"), encoding="utf-8")
        assert staff.reload()
        qtbot.waitUntil(lambda: player.title == "Edited", timeout=RELOAD_TIMEOUT_MS)
        with qtbot.waitSignal(player.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):  # a later edit, to
            player.file.write_text(deck_text("Edited later"), encoding="utf-8")  # see what the watcher did
        assert player.title == "Edited later"
        assert len(player.events("deck_reloaded")) == 1  # "Edited" was played by the staff's reload only
    finally:
        player.stop()


def test_files_written_again_with_the_content_on_screen_are_not_played_again(tmp_path, qtbot):
    """A sync tool touching the files, the same bytes copied again, the folder taken away and put
    back, an edit with errors undone: the loop goes on (no deck_reloaded, no jump to the first
    slide), and the problems the broken edit listed are cleared."""
    player = Live(tmp_path, settle_ms=100, known=True)
    unchanged = player.watcher.unchanged
    try:
        assert player.watcher._given_content  # noqa: SLF001 - kiosk run tells it the same way
        with qtbot.waitSignal(unchanged, timeout=RELOAD_TIMEOUT_MS):
            os.utime(player.file, None)
        with qtbot.waitSignal(unchanged, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_bytes(player.file.read_bytes())
        away = player.folder.parent / "away"
        with qtbot.waitSignal(player.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
            player.folder.rename(away)
        assert player.watcher.gone and player.backend.deckProblems
        with qtbot.waitSignal(unchanged, timeout=RELOAD_TIMEOUT_MS):
            away.rename(player.folder)
        assert player.backend.deckProblems == []
        with qtbot.waitSignal(player.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text("deck: [broken", encoding="utf-8")
        assert player.backend.deckProblems
        with qtbot.waitSignal(unchanged, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text(deck_text("Original"), encoding="utf-8")
        assert player.backend.deckProblems == []
        assert player.events("deck_reloaded") == [] and len(player.events("deck_rejected")) == 2
        with qtbot.waitSignal(player.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):  # a real edit still plays
            player.file.write_text(deck_text("Edited"), encoding="utf-8")
        assert player.title == "Edited" and len(player.events("deck_reloaded")) == 1
    finally:
        player.stop()


def test_a_broken_version_saved_again_unchanged_is_logged_once(tmp_path, qtbot, capsys):
    """An editor saving the same broken file twice (or a sync tool copying it again): its errors
    are logged and printed once; another broken version, or the same one after a good version
    played, is logged again."""
    player = Live(tmp_path, settle_ms=100, known=True)
    watcher = player.watcher
    try:
        with qtbot.waitSignal(watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text("deck: [broken", encoding="utf-8")
        listed = list(player.backend.deckProblems)
        assert listed and capsys.readouterr().err.count("deck.yaml:1:") >= 1
        with qtbot.waitSignal(watcher.rejected_again, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text("deck: [broken", encoding="utf-8")  # saved again: the same bytes
        with qtbot.waitSignal(watcher.rejected_again, timeout=RELOAD_TIMEOUT_MS):
            os.utime(player.file, None)  # touched
        assert len(player.events("deck_rejected")) == 1
        assert "deck.yaml:1:" not in capsys.readouterr().err  # nothing printed twice
        assert player.backend.deckProblems == listed  # still listed for the staff
        with qtbot.waitSignal(watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text("deck: [broken, again", encoding="utf-8")  # another broken version
        assert len(player.events("deck_rejected")) == 2
        with qtbot.waitSignal(player.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text(deck_text("Edited"), encoding="utf-8")
        with qtbot.waitSignal(watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text("deck: [broken, again", encoding="utf-8")  # broken again after a good one
        assert len(player.events("deck_rejected")) == 3
        assert player.title == "Edited"
    finally:
        player.stop()


def test_an_edit_undone_before_it_played_is_not_played(tmp_path, qtbot):
    """An edit is read and waits for the next slide change; the file is put back as it was before
    the change comes: the loop goes on with the deck on screen, nothing is swapped in."""
    from kiosk.player.session import HoldReason

    player = Live(tmp_path, settle_ms=100, known=True)
    try:
        player.backend.hold(HoldReason.STAFF_PAUSE)  # the new version waits for the release
        with qtbot.waitSignal(player.watcher.loaded, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text(deck_text("Edited"), encoding="utf-8")
        assert player.backend.session.pending is not None
        with qtbot.waitSignal(player.watcher.loaded, timeout=RELOAD_TIMEOUT_MS):
            player.file.write_text(deck_text("Original"), encoding="utf-8")  # the bytes on screen
        assert player.backend.session.pending is None
        player.backend.hold(HoldReason.STAFF_PAUSE, False)
        with qtbot.waitSignal(player.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):  # a later edit, to see
            player.file.write_text(deck_text("Edited later"), encoding="utf-8")  # what was swapped in before
        assert player.title == "Edited later" and len(player.events("deck_reloaded")) == 1
    finally:
        player.stop()


@pytest.mark.parametrize("kind, said", [("folder", "a folder"), ("fifo", "a named pipe (FIFO)")])
def test_a_deck_file_replaced_by_what_is_no_file_is_said_so(quick, qtbot, capsys, kind, said):
    """Not "deck.yaml removed, but deck.yaml has errors": what stands in its place now."""
    capsys.readouterr()
    with qtbot.waitSignal(quick.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
        quick.file.unlink()
        if kind == "folder":
            quick.file.mkdir()
            (quick.file / "notes.txt").write_text("x", encoding="utf-8")
        else:
            os.mkfifo(quick.file)
    err = capsys.readouterr().err
    assert f"kiosk: deck.yaml replaced by {said}, but {quick.file} has errors; still playing the last good " \
           "version" in err
    assert "removed" not in err and "notes.txt" not in err
    assert quick.title == "Original"


def test_describe_change_names_what_stands_in_a_files_place(tmp_path):
    old = (("deck.yaml", 1, 1, 1), ("a.png", 1, 1, 2))
    (tmp_path / "deck.yaml").mkdir()
    (tmp_path / "a.png").write_bytes(b"x")
    new = (("deck.yaml/x.txt", 1, 1, 3), ("a.png", 2, 2, 2))
    assert describe_change(old, new, tmp_path) == "deck.yaml replaced by a folder, a.png changed"
    assert describe_change(old, new) == "a.png changed, deck.yaml/x.txt added, deck.yaml removed"
    # Then a named pipe where that folder was: said as what it is, not as a deck file added.
    (tmp_path / "deck.yaml").rmdir()
    os.mkfifo(tmp_path / "deck.yaml")
    assert describe_change(new, (("deck.yaml", 0, 1, 4), ("a.png", 2, 2, 2)), tmp_path) == \
        "deck.yaml is a named pipe (FIFO) now, deck.yaml/x.txt removed"


def test_an_edit_made_while_the_kiosk_started_is_played_once_still(tmp_path, qtbot):
    """``kiosk run`` checks its deck, then starts its watcher: an edit saved between the two (a
    coordinator saving as the kiosk starts) was taken for the version on screen and never played.
    The watcher now starts from the folder as it was checked (``version``) and reads what is there."""
    folder = tmp_path / "decks" / "live"
    folder.mkdir(parents=True)
    (folder / "deck.yaml").write_text(deck_text("As checked"), encoding="utf-8")
    checked = check_and_load(folder)
    as_checked = snapshot(folder)
    (folder / "deck.yaml").write_text(deck_text("Saved as the kiosk started", dwell=4), encoding="utf-8")
    log = EventLog(tmp_path / "events.jsonl")
    backend = Backend(checked.deck, checked.folder, log, Clock(15), transition_ms=0, content=checked.content)
    try:
        with qtbot.waitSignal(backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
            watcher = watch_deck(backend, folder, settle_ms=100, content=checked.content, version=as_checked)
        assert backend.deck.deck.title == "Saved as the kiosk started"
    finally:
        watcher.stop()
        backend.stop()
        log.close()


def test_a_start_from_the_version_on_screen_reads_nothing(tmp_path, qtbot):
    folder = tmp_path / "decks" / "live"
    folder.mkdir(parents=True)
    (folder / "deck.yaml").write_text(deck_text("As checked"), encoding="utf-8")
    checked = check_and_load(folder)
    log = EventLog(tmp_path / "events.jsonl")
    backend = Backend(checked.deck, checked.folder, log, Clock(15), transition_ms=0, content=checked.content)
    watcher = watch_deck(backend, folder, settle_ms=100, content=checked.content, version=snapshot(folder))
    try:
        assert not watcher.busy  # nothing to read: the folder is as checked
    finally:
        watcher.stop()
        backend.stop()
        log.close()


def test_a_version_read_while_it_changed_is_named_plainly(tmp_path):
    """The version the start (or a staff switch) read changed meanwhile: which one was read is not
    known, so the change is not described file by file (it read "can be read again, deck.yaml
    added" with no name before it)."""
    from kiosk.snapshots import UNCHECKED

    (tmp_path / "deck.yaml").write_text(deck_text("Now"), encoding="utf-8")
    assert describe_change(UNCHECKED, snapshot(tmp_path), tmp_path) == "the deck folder changed while it was being read"
