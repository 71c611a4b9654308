"""The checking child: each new version of a deck is checked in a process of its own, with its own
limits, and the kiosk keeps playing its last good deck whatever that process does.

The failure modes are played by stand-in children (a few lines of Python given as the child's
command line); the limits and the hostile decks by the real child, ``python -m kiosk.qt.checker``.
"""

from __future__ import annotations

import sys
import textwrap
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_watch import RELOAD_TIMEOUT_MS, Live, deck_text, put  # the hot-swap test bench

from kiosk.deck.problems import Problem
from kiosk.qt import checker
from kiosk.qt.checker import FORMAT, check_and_load, check_in_child
from kiosk.userfile import size_words

#: Stand-in children, each failing one way, and the words its refusal must say.
FAILURES = {
    "crash": ("import os; os.abort()", "stopped by SIGABRT"),
    "killed": ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "stopped by SIGKILL"),
    "hang": ("import time; time.sleep(60)", "took longer than 1 s"),
    "hang-with-a-grandchild": ("import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', "
                               "'import time; time.sleep(60)']); time.sleep(60)", "took longer than 1 s"),
    "huge-output": ("import sys\nwhile True: sys.stdout.write('x' * 65536)", "said more than 1 MiB"),
    "exit-code": ("raise SystemExit(3)", "exit code 3"),
    "not-a-report": ("print('{\"format\": 1, \"problems\": 7}')", "no report the kiosk can read"),
    "forged-problem": ("import json; print(json.dumps({'format': 1, 'deck_sha256': '', 'slides': 1, 'pictures': [], "
                       "'problems': [{'file': 'x', 'line': 'one', 'col': 1, 'message': 'm', 'hint': '', "
                       "'severity': 'error'}]}))", "no report the kiosk can read"),
}


def stand_in(code: str) -> list[str]:
    return [sys.executable, "-c", code]


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_each_way_the_child_can_fail_is_a_refusal_saying_why(kind, tmp_path):
    code, words = FAILURES[kind]
    verdict = check_in_child(tmp_path, argv=stand_in(code), timeout_s=1, max_bytes=1024 * 1024)
    assert not verdict.ok and verdict.failure
    [problem] = verdict.problems
    assert problem.is_error and words in problem.message, problem.message
    assert problem.file.endswith("deck.yaml") and (problem.line, problem.col) == (1, 1)


def test_a_folder_of_decks_is_named_as_the_folder_by_the_process_that_plays(tmp_path):
    # kiosk run decks says "decks has errors", as the loader names it, not a decks/deck.yaml that is not there.
    for name in ("library", "church-hall"):
        (tmp_path / "decks" / name).mkdir(parents=True)
        (tmp_path / "decks" / name / "deck.yaml").write_text(deck_text(name), encoding="utf-8")
    result = check_and_load(tmp_path / "decks", cached=False)
    assert not result.ok and result.file == tmp_path / "decks"
    [problem] = result.problems
    assert (problem.line, problem.col) == (0, 0) and "it is a folder of decks" in problem.message
    assert str(problem).startswith(f"{problem.file}: error: the folder holds no deck.yaml")
    assert Path(problem.file).resolve() == (tmp_path / "decks").resolve()


@pytest.fixture
def quick(tmp_path):
    player = Live(tmp_path, settle_ms=100)
    yield player
    player.stop()


@pytest.mark.parametrize("kind", ["crash", "killed", "hang", "huge-output", "not-a-report"])
def test_the_kiosk_keeps_its_last_good_deck_whatever_the_child_does(kind, quick, qtbot):
    code, words = FAILURES[kind]
    words = words.replace("1 MiB", size_words(checker.MAX_REPORT_BYTES))  # the kiosk's own bound here
    quick.watcher.check = partial(check_and_load, argv=stand_in(code), cached=False, timeout_s=1)
    with qtbot.waitSignal(quick.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
        put(quick, deck_text("Never checked").encode())
    assert quick.title == "Original"
    [rejected] = quick.events("deck_rejected")
    assert words in rejected["problems"][0]
    assert quick.backend.deckProblems and words in quick.backend.deckProblems[0]
    with qtbot.waitSignal(quick.backend.viewChanged, timeout=RELOAD_TIMEOUT_MS):
        pass  # the loop plays on
    # The next version is checked by the real child again, and plays.
    quick.watcher.check = None
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        put(quick, deck_text("Checked").encode())
    assert quick.title == "Checked" and quick.backend.deckProblems == []


def test_the_child_limits_its_own_memory(tmp_path):
    code = textwrap.dedent(f"""\
        from kiosk.qt.checker import apply_limits
        apply_limits()
        block = bytearray({2 * checker.MEMORY_BYTES})
    """)
    verdict = check_in_child(tmp_path, argv=stand_in(code), timeout_s=30)
    assert not verdict.ok and "exit code 1" in verdict.failure  # MemoryError, not the machine's memory


def test_the_child_limits_its_processor_time(tmp_path):
    code = "from kiosk.qt.checker import apply_limits\napply_limits(cpu_seconds=1)\nwhile True: pass\n"
    verdict = check_in_child(tmp_path, argv=stand_in(code), timeout_s=30)
    assert not verdict.ok and ("SIGXCPU" in verdict.failure or "SIGKILL" in verdict.failure), verdict.failure


#: Decks that must never be read by the process that draws (see ../shared hostile cases).
HOSTILE = {
    "alias-self": "deck: {id: t, title: &t {en: T, pl: *t}, languages: [en]}\nslides:\n"
                  "  - {id: a, type: title, title: A}\n",
    "alias-bomb": "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
                            + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 7)])
                  + "\ndeck: {id: t, title: T, languages: [en]}\nslides:\n  - {id: a, type: title, title: A}\n",
    "not-yaml": "deck: [unclosed\n",
    "invalid": "deck: {id: t, title: T, languages: [en], dwell: 0.01}\nslides:\n  - {id: a, type: title, title: A}\n",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_deck_is_never_read_by_the_process_that_draws(kind, quick, qtbot, monkeypatch):
    from kiosk.deck import load, source

    read: list[str] = []

    def spy(real):
        def call(path, *args, **kwargs):
            read.append(str(path))
            return real(path, *args, **kwargs)
        return call

    monkeypatch.setattr(source, "read_yaml", spy(source.read_yaml))
    monkeypatch.setattr(load, "load_deck", spy(load.load_deck))
    with qtbot.waitSignal(quick.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
        put(quick, HOSTILE[kind].encode())
    assert quick.title == "Original" and len(quick.events("deck_rejected")) == 1
    assert read == [], "the kiosk itself read the hostile version"
    # Nor a good version: it comes back from the child as plain data (kiosk.deck.plain).
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        put(quick, deck_text("Good again").encode())
    assert quick.title == "Good again" and read == []


def test_a_version_checked_before_is_answered_from_the_cache(quick, qtbot):
    """A version the child passed once is taken again with no child at all (its content's verdict is
    kept, :mod:`kiosk.checkcache`): here a second check in a child would be refused."""
    once = deck_text("Once").encode()
    for text in (once, deck_text("Between").encode()):
        with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
            put(quick, text)
    quick.watcher.check = partial(check_and_load, argv=stand_in("raise SystemExit(9)"))
    with qtbot.waitSignal(quick.backend.deckReloaded, timeout=RELOAD_TIMEOUT_MS):
        put(quick, once)
    assert quick.title == "Once"
    with qtbot.waitSignal(quick.watcher.rejected, timeout=RELOAD_TIMEOUT_MS):
        put(quick, deck_text("Never seen").encode())  # not in the cache: the stand-in child refuses it
    assert quick.title == "Once"


def test_a_pass_for_a_deck_file_that_changed_while_checked_is_not_taken(write_deck):
    """The child read a deck.yaml that changed during the check (no digest): the kiosk does not take
    it, and says why (the watcher checks it again once it is still)."""
    folder = write_deck(deck_text("Here now"))
    fields = {"format": FORMAT, "deck_sha256": "", "slides": 1, "pictures": [], "problems": []}
    report = f"import json; print(json.dumps({fields!r}))"
    result = check_and_load(folder, argv=stand_in(report), cached=False)
    assert not result.ok and result.deck is None
    [problem] = result.problems
    assert "changed while it was being checked" in problem.message


#: Forged decks in a report that otherwise passes, each one way a deck is not one this kiosk wrote.
FORGED = {
    "no-deck": None,
    "unknown-class": {"$": "Exploit", "f": {}, "set": []},
    "extra-field": "extra",
    "missing-field": "missing",
    "wrong-kind": "kind",
    "python-object": {"$": "tuple", "v": [], "extra": 1},
    "too-deep": "deep",
    "not-finite": "nan",
}


@pytest.mark.parametrize("kind", sorted(FORGED))
def test_a_forged_deck_in_a_passing_report_is_refused(kind, write_deck, tmp_path):
    """A report that passes the deck but carries a deck the kiosk cannot rebuild exactly (an unknown
    class or field, a field missing, a slide of another kind, nesting too deep, a number that is
    not one) is a check that failed: the deck is not taken, and the problem says why."""
    import copy
    import json

    folder = write_deck(deck_text("Here now"))
    good = checker.report(folder)
    assert good["deck"] and good["deck_sha256"]
    deck = copy.deepcopy(good["deck"])
    slides = deck["f"]["slides"]
    how = FORGED[kind]
    if how == "extra":
        slides[0]["f"]["script"] = "x"
    elif how == "missing":
        del slides[0]["f"]["title"]
    elif how == "kind":
        slides[0]["f"]["type"] = "image"
    elif how == "deep":
        nested: object = "x"
        for _ in range(100):
            nested = [nested]
        slides[0]["f"]["title"] = nested
    elif how == "nan":
        deck["f"]["deck"]["f"]["dwell"] = float("nan")
    else:
        deck = how
    fields = {**good, "deck": deck}
    (tmp_path / "report.json").write_text(json.dumps(fields), encoding="utf-8")
    code = f"import sys; sys.stdout.write(open({str(tmp_path / 'report.json')!r}).read())"
    result = check_and_load(folder, argv=stand_in(code), cached=False)
    assert not result.ok and result.deck is None
    [problem] = result.problems
    assert problem.is_error and "the kiosk cannot read" in problem.message, problem.message
    # The same report with the real deck is taken: only the forgery is refused.
    (tmp_path / "report.json").write_text(json.dumps(good), encoding="utf-8")
    assert check_and_load(folder, argv=stand_in(code), cached=False).ok


@pytest.mark.parametrize("extra", [
    "  - {id: photo, type: image, image: walk.jpg, alt: People walking}\n",  # an error
    "  - {id: s, type: helpline, phone: \"08000 121 700\", title: {en: S, pl: P}}\n",  # another
], ids=["missing-picture", "other-language"])
def test_a_deck_checked_before_in_another_folder_names_its_own_folder(tmp_path, extra):
    """The check cache is keyed by the deck's content: the same deck in a second folder is
    answered from it, and its problems name the second folder's file, not the first's."""
    text = "deck: {id: t, title: {en: T}, languages: [en]}\nslides:\n" \
        "  - {id: help, type: helpline, phone: \"08000 121 700\"}\n" + extra
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / "deck.yaml").write_text(text, encoding="utf-8")
    checked = check_and_load(first)
    assert checked.problems and all("first" in p.file for p in checked.problems)
    again = check_and_load(second, argv=stand_in("raise SystemExit(9)"))  # from the cache, or refused
    assert [(p.line, p.col, p.message) for p in again.problems] == \
        [(p.line, p.col, p.message) for p in checked.problems]
    assert all(Path(p.file).parts[-2:] == ("second", "deck.yaml") for p in again.problems), again.problems


_PART = st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)), min_size=1, max_size=8) \
    .filter(lambda part: part not in (".", ".."))


@settings(max_examples=50, deadline=None)
@given(parts=st.lists(_PART, min_size=1, max_size=3), words=st.text(max_size=20))
def test_kept_problems_name_whichever_folder_asks(tmp_path_factory, parts, words):
    """Whatever the file's name, a problem kept from one folder names the same file of another."""
    from kiosk.paths import shown

    first, second = tmp_path_factory.getbasetemp() / "a", tmp_path_factory.getbasetemp() / "b"
    relative = Path(*parts)
    problem = Problem(str(first / relative), 3, 4, f"{words} in {first / relative}", f"see {first}")
    placed, = checker._placed(checker._kept([problem], first), second)
    assert placed.file == shown(second / relative)
    assert placed.message == f"{words} in {second / relative}" and placed.hint == f"see {second}"
    assert (placed.line, placed.col, placed.severity) == (3, 4, problem.severity)


def test_the_zone_search_path_goes_from_the_check_to_the_drawing_process(write_deck, monkeypatch):
    """The checking process reports its zone search path; the drawing process takes it from the
    report and from the check cache alike (kiosk.walltime.use_search_path), and a report whose
    path is not a list of folder names is refused."""
    import json
    import zoneinfo

    from kiosk import walltime

    folder = write_deck(deck_text("Here now"))
    good = checker.report(folder)
    assert good["zone_path"] == list(zoneinfo.TZPATH)
    taken: list = []
    monkeypatch.setattr(walltime, "use_search_path", taken.append)
    fresh = check_and_load(folder)  # checked in the child, then kept in the check cache
    again = check_and_load(folder)  # from the check cache
    assert fresh.deck is not None and again.deck is not None
    assert taken == [list(zoneinfo.TZPATH)] * 2 if zoneinfo.TZPATH else taken == []
    bad = checker.parse_report(folder, json.dumps({**good, "zone_path": "/usr/share/zoneinfo"}).encode())
    assert bad.failure and not bad.ok
