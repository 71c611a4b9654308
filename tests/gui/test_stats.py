"""Visitor counts (kiosk.stats): exact counts from an event stream, nothing finer than the hour,
"<5" in every output, a killed writer never corrupts the file, merge, retention, the command."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT
from kiosk import health
from kiosk.cli import main
from kiosk.stats import chart, report, store
from kiosk.stats.record import Recorder

UTC = dt.UTC
AT = dt.datetime(2026, 10, 19, 14, 30, tzinfo=UTC)


class Clocks:
    """Deck seconds and the wall clock, both set by the test."""

    def __init__(self) -> None:
        self.now = 0.0
        self.wall = AT

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rec(tmp_path):
    clocks = Clocks()
    recorder = Recorder(tmp_path / "stats.db", clock=clocks, wall=lambda: clocks.wall, interval=None)
    recorder.clocks = clocks
    yield recorder
    recorder.close()


def feed(recorder: Recorder, at: float, event: str, **fields) -> None:
    recorder.clocks.now = at
    recorder.observe(event, fields)


def rows(path: Path, table: str) -> dict[tuple, tuple]:
    keys, counts = store.TABLES[table]
    return {tuple(r[k] for k in ("kiosk", *keys)): tuple(r[c] for c in counts) for r in store.read(path, table)}


def test_an_event_stream_gives_exact_counts(rec):
    feed(rec, 0, "deck_loaded", deck="d")
    feed(rec, 0, "slide_shown", slide="welcome", page=None, trigger="auto", qr=False)
    feed(rec, 12, "slide_shown", slide="help", page=None, trigger="auto", qr=True)
    feed(rec, 15, "touch")                        # the help slide was on screen: touched, with its QR code
    feed(rec, 20, "slide_shown", slide="signs", page=None, trigger="touch", qr=False)
    feed(rec, 20, "touch")
    feed(rec, 25, "slide_shown", slide="signs", page="movement", trigger="touch", qr=False)
    feed(rec, 25, "touch")
    feed(rec, 26, "language_chosen", language="pl")
    feed(rec, 26, "touch")
    feed(rec, 71, "idle_return", after=45)        # walked away: 45 s after the last touch
    feed(rec, 71, "slide_shown", slide="welcome", page=None, trigger="idle", qr=False)
    feed(rec, 80, "touch")                        # second visitor: a tap, then Play
    feed(rec, 83, "touch")
    feed(rec, 83, "loop_resumed")
    assert rec.flush()
    hour = ("", "2026-10-19 14:00", "d")
    assert rows(rec.path, "views") == {
        (*hour, "welcome", ""): (2, 0, 1, 3.0, 0),
        (*hour, "help", ""): (1, 0, 1, 5.0, 1),
        (*hour, "signs", ""): (0, 1, 1, 5.0, 0),
        (*hour, "signs", "movement"): (0, 1, 1, 46.0, 0),
    }
    assert rows(rec.path, "hours") == {hour: (2, 1)}
    assert rows(rec.path, "lengths") == {(*hour, "10-30 s"): (1,), (*hour, "under 10 s"): (1,)}
    assert rows(rec.path, "languages") == {("", "2026-10-19", "d", "pl"): (1,)}
    # A second flush adds, never replaces.
    feed(rec, 90, "slide_shown", slide="help", page=None, trigger="auto", qr=True)
    rec.flush()
    assert rows(rec.path, "views")[(*hour, "help", "")] == (2, 0, 1, 5.0, 1)


def test_hours_follow_the_wall_clock_in_the_given_zone(tmp_path):
    clocks = Clocks()
    from zoneinfo import ZoneInfo
    recorder = Recorder(tmp_path / "s.db", clock=clocks, wall=lambda: clocks.wall,
                        zone=ZoneInfo("Europe/London"), interval=None)
    recorder.observe("slide_shown", {"slide": "a", "trigger": "auto"})
    clocks.wall = AT + dt.timedelta(hours=10)  # 00:30 UTC next day, 01:30 in London (BST)
    recorder.observe("slide_shown", {"slide": "a", "trigger": "auto"})
    recorder.close()
    assert {key[1] for key in rows(tmp_path / "s.db", "views")} == {"2026-10-19 15:00", "2026-10-20 01:00"}


# --------------------------------------------------------------------------- nothing finer than the hour
#: Every column the schema may have, and what it holds. A new column must be added here on purpose.
ALLOWED = {"kiosk": "name", "hour": "hour", "day": "day", "deck": "id", "slide": "id", "page": "id",
           "length": "bucket", "language": "code", "loop_shown": "count", "touch_opened": "count",
           "touched_views": "count", "touched_seconds": "seconds", "qr_touched": "count",
           "interactions": "count", "idle_returns": "count", "chosen": "count"}


def test_no_column_could_hold_a_time_finer_than_the_hour_or_a_person(rec):
    test_an_event_stream_gives_exact_counts(rec)
    db = sqlite3.connect(rec.path)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert sorted(tables) == sorted(store.TABLES)
    lengths = {label for _, label in store.LENGTHS}
    for table in tables:
        columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})")]
        assert set(columns) <= set(ALLOWED), f"{table} has columns nobody reviewed: {set(columns) - set(ALLOWED)}"
        for row in db.execute(f"SELECT * FROM {table}"):
            for column, value in zip(columns, row):
                kind = ALLOWED[column]
                if kind == "hour":
                    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:00", value), value
                elif kind == "day":
                    assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), value
                elif kind == "count":
                    assert isinstance(value, int) and value >= 0
                elif kind == "seconds":
                    assert isinstance(value, (int, float))
                elif kind == "bucket":
                    assert value in lengths
                else:  # deck, slide and page ids, a language code, a kiosk name: no digits of a time
                    assert isinstance(value, str) and not re.search(r"\d\d:\d\d|\d+\.\d+", value), value
    db.close()
    # And nothing else in the folder: no log of touches, no WAL holding earlier versions.
    leftovers = [p.name for p in rec.path.parent.iterdir() if p.name != rec.path.name and p.stat().st_size]
    assert leftovers == []


# --------------------------------------------------------------------------- "<5" everywhere
def _fixture_db(path: Path, counts: list[int]) -> None:
    pending: store.Pending = {t: {} for t in store.TABLES}
    for i, n in enumerate(counts):
        hour = f"2026-10-{1 + i % 28:02d} {9 + i % 8:02d}:00"
        pending["views"][(hour, "fw", f"slide-{i % 6}", "")] = [n, n, n, 30.0 * n, n // 2]
        pending["hours"][(hour, "fw")] = [n, n // 2]
        pending["lengths"][(hour, "fw", store.LENGTHS[i % len(store.LENGTHS)][1])] = [n]
        pending["languages"][(hour[:10], "fw", ["en", "pl", "ro", "ar"][i % 4])] = [n]
    store.write(path, pending)


def _small_numbers(cells: list[str]) -> list[str]:
    """Counts from 1 to 4 shown as they are (0 tells of nobody and is shown)."""
    return [c for c in cells if re.fullmatch(r"[1-4]", c)]


def _not_rounded(cells: list[str]) -> list[str]:
    """Whole numbers that are not a multiple of 5 (every count and minute shown is rounded down to one)."""
    return [c for c in cells if re.fullmatch(r"\d+", c) and int(c) % 5]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.integers(0, 12), min_size=1, max_size=30))
def test_counts_are_rounded_and_under_5_never_show_in_any_output(tmp_path_factory, counts):
    folder = tmp_path_factory.mktemp("small")
    _fixture_db(folder / "s.db", counts)
    built = report.build(folder / "s.db")
    for section in built.sections:
        for r, (row, raw) in enumerate(zip(section.cells(), section.rows)):
            for i in section.counts:
                if (r, i) in section.secondary:  # hidden so that no "<5" can be worked out
                    assert row[i] == report.SECONDARY
                elif 0 < int(raw[i]) < 5:
                    assert row[i] == report.HIDDEN
                else:  # rounded down to a multiple of 5
                    assert row[i] == str(int(raw[i]) // 5 * 5)
            if section.minutes is not None:
                at, visits = section.minutes
                assert row[at] == (report.shown(raw[at]) if int(raw[visits]) >= 5 else "-")
            assert not _small_numbers([row[i] for i in section.counts])
            assert not _not_rounded(row), row
    for line in report.text(built).splitlines():
        assert not _small_numbers(re.split(r"\s{2,}", line.strip())), line
        assert not _not_rounded(re.split(r"\s{2,}", line.strip())), line
    report.write_csv(built, folder / "s.csv")
    import csv
    with open(folder / "s.csv", encoding="utf-8") as file:
        for line in csv.reader(file):
            assert not _small_numbers(line) and not _not_rounded(line), line
    for _, items in chart.chart_data(built):
        # a rounded figure, "<5" (None), or a range of what several shown figures allow
        assert all(n is None or isinstance(n, tuple) and n[1] > n[0] or n % 5 == 0 for _, n in items)


def test_zero_is_shown_as_zero_not_as_a_few(tmp_path):
    """A week with nobody counted says 0: "<5" would read as "a few people"."""
    _fixture_db(tmp_path / "s.db", [0, 7])
    built = report.build(tmp_path / "s.db")
    cells = [c for section in built.sections for row in section.cells() for c in row]
    assert "0" in cells
    assert report.shown(0) == "0" and report.shown(1) == report.HIDDEN and report.shown(5) == "5"
    assert report.shown(0.0) == "0" and report.shown(0.2) == report.HIDDEN  # minutes: a moment is not nothing
    pages = dict(chart.chart_data(built))["Slides and pages opened by touch (most opened)"]
    assert all(n != 0 for _, n in pages), "a slide nobody opened is not among the most opened"


def test_exact_shows_the_small_numbers(tmp_path):
    _fixture_db(tmp_path / "s.db", [3])
    built = report.build(tmp_path / "s.db")
    assert built.section("Summary").cells(exact=True)[0][1] == "3"
    assert built.section("Summary").cells()[0][1] == "<5"


# --------------------------------------------------------------------------- a killed writer
WRITER = textwrap.dedent("""
    import sys
    from kiosk.stats.record import Recorder
    recorder = Recorder(sys.argv[1], interval=None)
    recorder.observe("deck_loaded", {"deck": "d"})
    batch = 0
    while True:
        for _ in range(50):
            recorder.observe("slide_shown", {"slide": "s", "trigger": "auto"})
        recorder.flush()
        batch += 1
        print(batch * 50, flush=True)
""")


def test_a_process_killed_mid_write_loses_at_most_the_last_batch(tmp_path):
    path = tmp_path / "stats.db"
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    flushed = 0
    for line in process.stdout:  # kill it while it writes, after some batches are safe
        flushed = int(line)
        if flushed >= 50 * 15:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (total,) = db.execute("SELECT loop_shown FROM views").fetchone()
    assert flushed <= total <= flushed + 100, (flushed, total)  # at most the batches after the last one printed
    db.close()


# --------------------------------------------------------------------------- failures never stop the kiosk
def test_an_unwritable_place_stops_counting_and_tells_the_staff_once(tmp_path):
    health.clear()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    recorder = Recorder(blocker / "stats.db", interval=None)  # its folder is a file: never writable
    recorder.observe("slide_shown", {"slide": "s", "trigger": "auto"})
    assert recorder.flush() is False and recorder.failed
    recorder.observe("slide_shown", {"slide": "s", "trigger": "auto"})  # ignored, never raises
    recorder.close()
    problems = health.problems()
    assert len(problems) == 1 and "cannot write the visitor counts" in problems[0] and "keeps playing" in problems[0]
    health.clear()


def test_a_damaged_file_stops_counting_without_raising(tmp_path):
    health.clear()
    (tmp_path / "stats.db").write_bytes(b"not a database" * 100)
    recorder = Recorder(tmp_path / "stats.db", interval=None)
    recorder.observe("slide_shown", {"slide": "s", "trigger": "auto"})
    assert recorder.flush() is False
    assert len(health.problems()) == 1
    health.clear()


def test_the_worker_writes_on_its_own(tmp_path):
    recorder = Recorder(tmp_path / "s.db", interval=0.01)
    recorder.observe("slide_shown", {"slide": "s", "trigger": "auto"})
    for _ in range(500):  # the worker thread writes within its interval; wait for it, not a fixed time
        if (tmp_path / "s.db").exists() and rows(tmp_path / "s.db", "views"):
            break
        import time
        time.sleep(0.01)
    recorder.close()
    assert list(rows(tmp_path / "s.db", "views").values()) == [(1, 0, 0, 0.0, 0)]


# --------------------------------------------------------------------------- retention, merge
def test_counts_older_than_the_retention_period_are_dropped(tmp_path):
    clocks = Clocks()
    recorder = Recorder(tmp_path / "s.db", clock=clocks, wall=lambda: clocks.wall, retention_days=10, interval=None)
    clocks.wall = AT - dt.timedelta(days=11)
    recorder.observe("slide_shown", {"slide": "old", "trigger": "auto"})
    recorder.observe("language_chosen", {"language": "pl"})
    recorder.flush()
    clocks.wall = AT
    recorder.observe("slide_shown", {"slide": "new", "trigger": "auto"})
    recorder.close()
    assert [key[3] for key in rows(tmp_path / "s.db", "views")] == ["new"]
    assert rows(tmp_path / "s.db", "languages") == {}


def test_merge_sums_kiosks_and_keeps_a_kiosk_column(tmp_path, capsys):
    _fixture_db(tmp_path / "library.db", [7, 9])
    _fixture_db(tmp_path / "church.db", [3, 4])
    out = tmp_path / "county.db"
    assert main(["stats", "merge", str(tmp_path / "library.db"), str(tmp_path / "church.db"), "--out", str(out)]) == 0
    assert main(["stats", "merge", str(tmp_path / "library.db"), "--out", str(out)]) == 0  # again: not twice
    built = report.build(out)
    assert built.kiosks == ["church", "library"]
    assert built.section("Summary").rows[0][1] == 7 + 9 + 3 + 4
    by_kiosk = report.build(out, by_kiosk=True).section("Interactions per day")
    assert by_kiosk.headers[0] == "kiosk" and {r[0] for r in by_kiosk.rows} == {"church", "library"}
    capsys.readouterr()
    assert main(["stats", "--stats-file", str(out), "--exact"]) == 1
    assert "merged file is always rounded, with <5" in capsys.readouterr().err
    (tmp_path / "b").mkdir()
    _fixture_db(tmp_path / "b" / "library.db", [5])
    assert main(["stats", "merge", str(tmp_path / "library.db"), str(tmp_path / "b" / "library.db"),
                 "--out", str(tmp_path / "x.db")]) == 1
    assert "rename one copy" in capsys.readouterr().err


# --------------------------------------------------------------------------- the command
def test_stats_command_table_csv_and_filters(tmp_path, capsys):
    _fixture_db(tmp_path / "s.db", [7, 3, 12, 5])
    assert main(["stats", "--stats-file", str(tmp_path / "s.db"), "--since", "2026-10-02", "--until", "2026-10-03"]) == 0
    out = capsys.readouterr().out
    assert "2026-10-02 to 2026-10-03" in out and "2026-10-01" not in out.split("\n", 1)[1]
    assert main(["stats", "--stats-file", str(tmp_path / "s.db"), "--since", "2026-10-02", "--until", "2026-10-03",
                 "--csv", str(tmp_path / "out.csv")]) == 0
    assert capsys.readouterr().out == f"kiosk: the tables were written to {tmp_path / 'out.csv'} as CSV\n"
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    # 12 interactions and 6 returns show as 10 and 5; slide-2: 12 opened, 6 minutes on screen from 12 visits
    assert "Interactions per day" in text and "2026-10-02,<5,<5" in text and "2026-10-03,10,5" in text
    assert "fw,slide-2,,10,10,10,5,5" in text and "fw,slide-1,,<5,<5,<5,-,<5" in text
    assert main(["stats", "--stats-file", str(tmp_path / "s.db"), "--since", "2026-10-02", "--until", "2026-10-03",
                 "--exact", "--csv", str(tmp_path / "exact.csv")]) == 0
    capsys.readouterr()
    exact = (tmp_path / "exact.csv").read_text(encoding="utf-8")
    assert "2026-10-03,12,6" in exact and "fw,slide-2,,12,12,12,6.0,6" in exact and "fw,slide-1,,3,3,3,1.5,1" in exact
    assert main(["stats", "--stats-file", str(tmp_path / "missing.db")]) == 1
    assert "no visitor counts" in capsys.readouterr().err
    assert main(["stats", "--stats-file", str(tmp_path / "s.db"), "--chart", str(tmp_path / "c.gif")]) == 1
    assert ".png or .svg" in capsys.readouterr().err
    (tmp_path / "junk.db").write_text("junk " * 1000)
    assert main(["stats", "--stats-file", str(tmp_path / "junk.db")]) == 1
    assert "not a visitor counts file" in capsys.readouterr().err


def test_chart_without_matplotlib_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    _fixture_db(tmp_path / "s.db", [7])
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    assert main(["stats", "--stats-file", str(tmp_path / "s.db"), "--chart", str(tmp_path / "c.png"),
                 "--csv", str(tmp_path / "c.csv")]) == 1
    assert "pip install 'kiosk[charts]'" in capsys.readouterr().err
    assert (tmp_path / "c.csv").exists() and not (tmp_path / "c.png").exists()


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_charts_are_drawn_from_a_fixture_database(tmp_path, suffix):
    pytest.importorskip("matplotlib")
    _fixture_db(tmp_path / "s.db", [7, 3, 12, 5, 9, 30, 2, 14, 6, 8])
    out = Path(os.environ.get("KIOSK_SHOTS", tmp_path)) / f"stats-chart{suffix}"
    out.parent.mkdir(parents=True, exist_ok=True)
    assert main(["stats", "--stats-file", str(tmp_path / "s.db"), "--chart", str(out)]) == 0
    assert out.stat().st_size > 10_000
    if suffix == ".svg":
        svg = out.read_text(encoding="utf-8")
        assert "&lt;5" in svg and "Interactions per day" in svg and "Languages chosen" in svg
    else:
        from PIL import Image
        with Image.open(out) as image:
            assert image.size[0] >= 1200 and image.size[1] >= 1500


def test_staff_status_shows_today_and_this_week_rounded_with_small_numbers_hidden(tmp_path):
    from kiosk.qt.staff import visitor_counts

    clocks = Clocks()  # Monday 19 October 2026
    recorder = Recorder(tmp_path / "s.db", clock=clocks, wall=lambda: clocks.wall, interval=None)
    clocks.wall = AT - dt.timedelta(days=1)  # Sunday: last week
    for _ in range(9):
        recorder.observe("touch", {})
        recorder.observe("loop_resumed", {})
    recorder.flush()
    clocks.wall = AT
    for _ in range(3):  # today: three written, then one going on
        recorder.observe("touch", {})
        recorder.observe("loop_resumed", {})
    recorder.flush()
    recorder.observe("touch", {})
    assert recorder.totals() == (4, 4)
    assert visitor_counts(recorder.totals).startswith("<5 today, <5 this week")
    clocks.wall = AT + dt.timedelta(days=2)
    assert recorder.totals() == (0, 4)
    recorder.observe("loop_resumed", {})  # the visit going on ends
    for _ in range(8):  # Wednesday: 8 more, 12 this week
        recorder.observe("touch", {})
        recorder.observe("loop_resumed", {})
    assert recorder.totals() == (8, 12)
    assert visitor_counts(recorder.totals).startswith("5 today, 10 this week")  # rounded down, as kiosk stats does
    assert visitor_counts(None).startswith("not counted")
    recorder.close()


def test_an_unknown_deck_is_named_with_the_decks_counted(tmp_path, capsys):
    _fixture_db(tmp_path / "s.db", [7])
    assert main(["stats", "--stats-file", str(tmp_path / "s.db"), "--deck", "fww"]) == 1
    err = capsys.readouterr().err
    assert "--deck fww: nothing was counted for that deck" in err and "decks counted there: fw" in err
    assert "did you mean 'fw'?" in err


def test_events_missing_a_field_never_write_a_name_the_counts_check_refuses(rec, tmp_path):
    """A slide shown with no id, a language chosen with none: nothing like 'None' is written, so
    the kiosk's own counts file stays one that stats and merge read."""
    feed(rec, 0, "deck_loaded", deck="d")
    feed(rec, 1, "slide_shown", trigger="auto")
    feed(rec, 2, "language_chosen")
    feed(rec, 3, "language_chosen", language=None)
    feed(rec, 4, "slide_shown", slide="s", trigger="auto")
    rec.flush()
    for table in store.TABLES:
        for row in store.read(tmp_path / "stats.db", table):
            assert "None" not in [str(row[key]) for key in store.TABLES[table][0]], (table, dict(row))
    assert rows(tmp_path / "stats.db", "languages") == {}
