"""Messages that put a number before a unit word say "1 second", "1 slide", "1 minute", "1 byte"
(kiosk.words.plural), never "1 seconds": the deck checker's durations, the log's lines, the
fleet table, a deck that looks cut short, a download of the wrong size."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import logs
from kiosk.deck.model import _span_words
from kiosk.fleet import fetch, status
from kiosk.words import plural


def test_plural_writes_a_whole_float_as_a_whole_number():
    assert plural(1.0, "second") == "1 second"
    assert plural(1.5, "second") == "1.5 seconds"
    assert plural(60.0, "second") == "60 seconds"
    assert plural(0.01, "second") == "0.01 seconds"


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.integers(min_value=0, max_value=10**9),
                 st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)))
def test_plural_is_singular_only_for_one(n):
    text = plural(n, "minute")
    number, word = text.split(" ")
    assert word == ("minute" if n == 1 else "minutes")
    assert float(number) == n and not number.endswith(".0")


def test_a_duration_of_one_second_is_one_second():
    assert _span_words(1) == "1 second"
    assert _span_words(1.0) == "1 second"
    assert _span_words(2) == "2 seconds"
    assert _span_words(0.5) == "0.5 seconds"
    assert _span_words(86_400) == "86400 seconds (a day)"
    assert _span_words(3 * 86_400) == "259200 seconds (about 3 days)"


def test_the_log_counts_one_slide_and_one_loop():
    say = {name: text for name, (_, text) in logs.MESSAGES.items()}
    assert "loaded: 1 slide from /d" in say["deck_loaded"]({"deck": "d", "slides": 1, "folder": "/d"})
    assert "change on disk: 1 slide from /d" in say["deck_reloaded"]({"deck": "d", "slides": 1, "folder": "/d"})
    assert "loaded: 2 slides from" in say["deck_loaded"]({"deck": "d", "slides": 2, "folder": "/d"})
    assert say["stopped"]({"reason": "SIGTERM", "cycles": 1}).endswith("after 1 complete loop")
    assert "woken" not in say, "a wake-up by touch is a visitor's doing: never in kiosk.log"


def test_the_fleet_table_and_a_download_of_the_wrong_size_count_in_the_singular():
    assert status.table([], 1).endswith("0 kiosks; STALE: no record for more than 1 minute")
    assert "more than 1.5 minutes" in status.table([], 1.5)
    feed = SimpleNamespace(version=3, deck="d", size=2)
    why, _ = fetch._refusal(None, None, feed, 1, 0)
    assert why.startswith("version 3 of 'd' is 1 byte, not the 2 the feed gives")


# ------------------------------------------------------------------ no "(s)" in what a user reads
def test_no_message_of_the_kiosk_writes_a_plural_as_s_in_brackets():
    """A count is written with kiosk.words.plural (or noun), never "problem(s)": every string in
    the kiosk's code is looked at."""
    import ast
    import re
    from pathlib import Path

    import kiosk

    crude = re.compile(r"[A-Za-z]\((?:s|es)\)")
    found = []
    for path in Path(kiosk.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and crude.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert found == []


def test_one_of_a_kind_is_said_in_the_singular(tmp_path, capsys):
    from kiosk.cli import main
    from kiosk.player.hours import OpeningHours
    from kiosk.settings import plain_error
    from kiosk.stats import store
    from kiosk.words import noun

    assert noun(1, "language") == "language" and noun(3, "language") == "languages" and noun(0, "day") == "days"
    with pytest.raises(ValueError, match="^unknown day: mnday$"):
        OpeningHours.parse({"mnday": ["09:00-17:00"]}, "Europe/London")
    assert plain_error({"type": "string_too_short", "ctx": {"min_length": 1}}) == "must be at least 1 character"
    assert plain_error({"type": "string_too_short", "ctx": {"min_length": 2}}) == "must be at least 2 characters"
    source = tmp_path / "one.db"
    pending: store.Pending = {table: {} for table in store.TABLES}
    pending["hours"][("2026-10-19 10:00", "fw")] = [7, 2]
    store.write(source, pending)
    assert main(["stats", "merge", str(source), "--out", str(tmp_path / "m.db")]) == 0
    assert "kiosk: 1 kiosk merged into" in capsys.readouterr().out


def test_kiosk_config_counts_one_problem_in_the_singular(tmp_path, monkeypatch, capsys):
    from kiosk.cli import main

    (tmp_path / "settings.toml").write_text("rotation = 45\n", encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    main(["config"])
    assert "\n1 problem (the kiosk plays on; it says what it does instead):\n" in capsys.readouterr().err
