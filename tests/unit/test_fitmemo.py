"""The memo of text sizes found (kiosk.qt.fitmemo): what it keeps, what it refuses, and that it
survives a restart through the check cache and shrugs off a damaged one."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.qt.fitmemo import GRID, KIND, MAX_COLUMNS, MAX_ENTRIES, FitMemo

VIEW = {"id": "welcome", "type": "title", "title": "Open your eyes"}
THEME = {"theme": {"accent": "#0b5"}, "contrast": False}


def key(**changes) -> str:
    args = {"view": VIEW, "theme": THEME, "language": "en", "scale": 1.0, "width": 1920, "height": 832} | changes
    return FitMemo.key(**args)


def test_the_key_changes_with_everything_a_layout_depends_on():
    base = key()
    assert base == key() and len(base) == 64 and int(base, 16) >= 0
    others = [key(view={**VIEW, "title": "Open your eyes!"}), key(theme={"theme": {}, "contrast": True}),
              key(language="ar"), key(scale=1.25), key(width=1080), key(height=833)]
    assert len({base, *others}) == 7


def test_sizes_found_are_given_back_in_column_order():
    memo = FitMemo(stored=False)
    assert memo.hints(key()) == []
    assert memo.note(key(), [152, 256, 0]) and memo.dirty
    assert memo.hints(key()) == [152, 256, 0]
    assert not memo.note(key(), [152, 256, 0])  # nothing new
    assert memo.note(key(), [151.0])  # QML gives whole numbers as floats
    assert memo.hints(key()) == [151]


def test_a_column_not_fitted_yet_or_a_size_off_the_grid_is_not_kept():
    memo = FitMemo(stored=False)
    for grids in ([-1], [257], [True], [1.5], [math.nan], [math.inf], ["3"], [None], [], [1] * (MAX_COLUMNS + 1), "12"):
        assert not memo.note(key(), grids), grids
    assert memo.hints(key()) == [] and not memo.dirty


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-5, 300), st.floats(allow_nan=True), st.booleans(), st.none()), max_size=70))
def test_only_lists_of_grid_sizes_are_kept(grids):
    memo = FitMemo(stored=False)
    valid = 0 < len(grids) <= MAX_COLUMNS and all(
        not isinstance(g, bool) and isinstance(g, (int, float)) and float(g).is_integer() and int(g) in GRID
        for g in grids)
    assert memo.note(key(), grids) == valid
    assert memo.hints(key()) == ([int(g) for g in grids] if valid else [])


def test_the_memo_survives_a_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    memo = FitMemo()
    assert len(memo) == 0 and memo.save()  # nothing to write
    memo.note(key(), [7, 8])
    assert memo.save() and not memo.dirty
    assert FitMemo().hints(key()) == [7, 8]


def test_a_damaged_memo_is_a_fresh_start(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    memo = FitMemo()
    memo.note(key(), [7, 8])
    memo.save()
    (stored,) = (tmp_path / "kiosk" / "checks").glob(f"{KIND}-*.json")
    body = json.loads(stored.read_text())
    body["facts"]["entries"][key()] = [300]
    stored.write_text(json.dumps(body))  # its own digest no longer matches: damaged
    assert FitMemo().hints(key()) == []
    stored.write_text("not json")
    assert len(FitMemo()) == 0


def test_a_memo_that_cannot_be_written_stays_to_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would go
    memo = FitMemo()
    memo.note(key(), [3])
    assert not memo.save() and memo.dirty
    assert memo.hints(key()) == [3]


def test_the_memo_keeps_the_views_noted_last():
    memo = FitMemo(stored=False)
    keys = [key(width=width) for width in range(MAX_ENTRIES + 10)]
    for grids, each in enumerate(keys):
        memo.note(each, [grids % 257])
    assert len(memo) == MAX_ENTRIES
    assert all(memo.hints(each) == [] for each in keys[:10]) and memo.hints(keys[10]) == [10]
    memo.note(keys[0], [5])  # noted again: kept, and the oldest now goes
    assert len(memo) == MAX_ENTRIES
    assert memo.hints(keys[0]) == [5] and memo.hints(keys[10]) == [] and memo.hints(keys[11]) == [11]
