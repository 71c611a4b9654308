"""Hostile inputs to the fleet side and the visitor counts: feeds, bundles, status records, counts files.

Every input is made here (in ``tmp_path``): named pipes, links to devices, deep nesting, values of
the wrong type, databases with views and triggers. Each must give a refusal with its reason (exit
1 from the commands), never a traceback, a hang, or a changed update state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.fleet import rewrite_feed
from kiosk.cli import main
from kiosk.fleet import feed, fetch, jsontext, status
from kiosk.stats import report, store

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "settings.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(folder))
    return folder


def lock_is_free(library: Path) -> bool:
    from filelock import FileLock, Timeout

    lock = FileLock(library / fetch.LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return False
    lock.release()
    return True


# ----------------------------------------------------------------- feeds and bundles

@pytest.mark.parametrize("text", ["[" * 500_000, '{"deck":' + "[" * 100_000 + "]" * 100_000 + "}"])
def test_a_deeply_nested_feed_fails_with_a_reason(tmp_path, keypair, published, text):
    (published / "feed.json").write_text(text, encoding="utf-8")
    outcome = fetch.check(fetch.Config(str(published), [keypair[1]], tmp_path / "library"))
    assert outcome.result == "failed" and "nested too deeply" in outcome.message
    assert lock_is_free(tmp_path / "library")


@needs_fifo
def test_a_named_pipe_as_feed_or_bundle_is_refused_at_once(tmp_path, keypair, published):
    library = tmp_path / "library"
    (published / "feed.json").rename(tmp_path / "feed.json")
    os.mkfifo(published / "feed.json")
    outcome = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert outcome.result == "failed" and "named pipe (FIFO), not a file" in outcome.message
    assert lock_is_free(library)
    (published / "feed.json").unlink()
    (tmp_path / "feed.json").rename(published / "feed.json")
    bundle = published / json.loads((published / "feed.json").read_text())["file"]
    bundle.unlink()
    os.mkfifo(bundle)
    outcome = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert outcome.result == "failed" and "named pipe (FIFO), not a file" in outcome.message
    assert lock_is_free(library) and not (library / "harvest").exists()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_as_feed_is_refused(tmp_path, keypair, published):
    (published / "feed.json").unlink()
    (published / "feed.json").symlink_to("/dev/zero")
    outcome = fetch.check(fetch.Config(str(published), [keypair[1]], tmp_path / "library"))
    assert outcome.result == "failed" and "a device, not a file" in outcome.message


@pytest.mark.parametrize("changes, field", [
    ({"deck": "../../../tmp"}, "deck"), ({"deck": "/"}, "deck"), ({"deck": "\x1b[31mevil"}, "deck"),
    ({"version": 10**4000}, "version"), ({"version": 2.0}, "version"), ({"version": "2"}, "version"),
    ({"file": "..zip"}, "file"), ({"size": 0}, "size"), ({"older": [{"version": 1}] * 5000}, "older"),
])
def test_feed_fields_are_type_checked(changes, field):
    good = {"format": feed.FORMAT, "deck": "harvest", "version": 1, "file": "harvest-1.zip", "size": 10,
            "sha256": "0" * 64, "signature": "x"}
    with pytest.raises(feed.FeedError, match=f"'{field}"):
        feed.parse(json.dumps({**good, **changes}).encode(), "feed.json")


def test_an_unsigned_feed_edit_never_changes_the_followed_deck(tmp_path, keypair, published):
    library = tmp_path / "library"
    assert fetch.check(fetch.Config(str(published), [keypair[1]], library)).result == "updated"
    assert fetch.installed(library) == ("harvest", 1)
    rewrite_feed(published, deck="zzz")
    outcome = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert outcome.result == "rejected" and "signature is for 'harvest' version 1" in outcome.message
    assert fetch.installed(library) == ("harvest", 1)
    assert fetch.State.load(library).deck == "harvest"


def test_a_feed_put_back_after_tampering_is_judged_afresh(tmp_path, keypair, published):
    """A feed changed on the way (another version number on the published bundle) is refused and
    that refusal remembered; the feed as published, put back, installs: the refusal of the
    tampered copy does not hold for it (nor for any feed that differs from it in any field)."""
    library = tmp_path / "library"
    config = fetch.Config(str(published), [keypair[1]], library)
    original = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    rewrite_feed(published, version=5)
    for _ in range(2):  # the second look answers from what was remembered
        outcome = fetch.check(config)
        assert outcome.result == "rejected" and "signature is for 'harvest' version 1" in outcome.message
    assert fetch.State.load(library).rejected
    rewrite_feed(published, **original)
    outcome = fetch.check(config)
    assert outcome.result == "updated", outcome.message
    assert fetch.installed(library) == ("harvest", 1)


def test_kiosk_update_on_a_hostile_feed_exits_1(tmp_path, keypair, published, config_dir, capsys):
    (published / "feed.json").write_text("[" * 500_000, encoding="utf-8")
    assert main(["update", "--source", str(published), "--library", str(tmp_path / "library")]) == 1
    assert "failed:" in capsys.readouterr().err


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20).map(lambda value: json.dumps(value).encode())))
def test_any_bytes_as_feed_give_a_feed_or_a_reason(data):
    try:
        parsed = feed.parse(data, "feed.json")
    except feed.FeedError as exc:
        assert str(exc)
    else:
        assert parsed.version >= 1 and parsed.deck


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200) | st.sampled_from([b"[" * 100_000, b'{"versions": {"a": "x"}, "deck": "../x"}',
                                                       b'{"deck": 5, "rejected": [1], "feed": "x"}']))
def test_any_bytes_as_update_state_give_a_state(tmp_path, data):
    library = Path(tempfile.mkdtemp(dir=tmp_path))
    (library / ".kiosk-updates.json").write_bytes(data)
    state = fetch.State.load(library)
    assert isinstance(state.versions, dict) and all(type(v) is int for v in state.versions.values())
    assert state.deck is None or state.deck.replace("-", "").replace("_", "").isalnum()
    assert fetch.installed(library) is None


# ----------------------------------------------------------------- status records and the fleet table

RECORD = {"kiosk_name": "k1", "software": "0.1.0", "deck": "d", "deck_version": 1,
          "last_check": "2026-10-19T09:30:00Z", "last_result": "current", "last_message": "m", "last_error": None,
          "uptime_seconds": 5, "open": True, "written": "2026-12-06T00:00:00Z"}
NOW = dt.datetime(2026, 12, 6, 0, 10, tzinfo=dt.UTC)


def record(**changes) -> bytes:
    return json.dumps({**RECORD, **changes}).encode()


@pytest.mark.parametrize("data, reason", [
    (b'{"kiosk_name":"x","deep":' + b"[" * 20_000 + b"]" * 20_000 + b"}", "nested too deeply"),
    (record(open=[1]), "open is a list, but should be true or false"),
    (record(open={"a": 1}), "open is an object, but should be true or false"),
    (b'{"kiosk_name":"\\ud800x"}', "\\ud800, half of a character (a lone surrogate)"),
    (b'{"kiosk_name":NaN}', "NaN"),
    (b'{"kiosk_name":"x","deck_version":' + b"9" * 5000 + b"}", "number too long"),
    (b'{"kiosk_name":"x","deck_version":' + b"9" * 4000 + b"}", "sensible size"),
    (b'{"kiosk_name":"x","uptime_seconds":1e999}', "sensible size"),
    (b'{"kiosk_name":"\xff\xfe"}', "not UTF-8"),
    (record(kiosk_name=None), "kiosk_name should be a name"),
    (record(kiosk_name=["x"]), "kiosk_name is a list, but should be text"),
    (record(last_result={"a": 1}), "last_result is an object, but should be text"),
    (record(written=1e308), 'written is 1e+308, but should be a time like "2026-10-19T09:30:00Z"'),
    (record(written="2026-13-45T99:99:99Z", last_check="garbage"),  # the user trial's record
     'its last_check is "garbage", but should be a time like "2026-10-19T09:30:00Z"; its written is '
     '"2026-13-45T99:99:99Z", but should be a time like "2026-10-19T09:30:00Z" (there is no month 13)'),
    (record(last_error_at="2026-02-29T10:00:00Z"), "(there is no day 29 in 2026-02)"),
    (record(last_check="2026-10-19T24:00:00Z"), "(there is no hour 24)"),
    (record(written="2026-12-06T00:00:00+25:00"), "(there is no offset from UTC of 25:00)"),
    (record(written="\uff12\uff10\uff12\uff16-12-06T00:00:00Z"), "its written is \"\uff12\uff10\uff12\uff16-12-06"),
    (record(written="2026-12-06"), 'its written is "2026-12-06", but should be a time like'),
    (record(deck_version=-1), "its deck_version is -1, but should be a whole number, 0 or more"),
    (record(uptime_seconds=-5), "its uptime_seconds is -5, but should be a number of seconds, 0 or more"),
    (record(last_result="garbage"),
     'its last_result is "garbage", but should be one of "current", "updated", "rejected" or "failed"'),
    (json.dumps({key: value for key, value in RECORD.items() if key != "written"}).encode(),
     'it has no written (the time the kiosk wrote it, like "2026-10-19T09:30:00Z")'),
    (record(last_error="x" * 70_000), "more than the 64 KiB allowed"),
    (b"[1, 2]", "not a kiosk status record"),
])
def test_a_bad_record_is_unreadable_with_its_reason(tmp_path, config_dir, capsys, data, reason):
    folder = tmp_path / "status"
    folder.mkdir()
    (folder / "a.json").write_bytes(data)
    (folder / "good.json").write_bytes(record(kiosk_name="good"))
    rows = status.read_fleet(folder, now=NOW)
    bad = next(row for row in rows if row.file == "a.json")
    assert bad.record is None and bad.problem.startswith("unreadable: ") and reason in bad.problem
    assert [row.record["kiosk_name"] for row in rows if row.record] == ["good"]
    assert main(["fleet", str(folder), "--html", str(tmp_path / "fleet.html")]) == 0
    out = capsys.readouterr().out
    assert "UNREADABLE" in out and "good" in out
    assert f"UNREADABLE: {status.UNREADABLE_FIX}" in out  # what to do, said once under the table
    assert "UNREADABLE" in (tmp_path / "fleet.html").read_text(encoding="utf-8")


@needs_fifo
def test_pipes_devices_folders_and_loops_in_the_status_folder_are_unreadable(tmp_path):
    folder = tmp_path / "status"
    folder.mkdir()
    os.mkfifo(folder / "fifo.json")
    (folder / "dir.json").mkdir()
    (folder / "loop.json").symlink_to("loop.json")
    if os.path.exists("/dev/zero"):
        (folder / "zero.json").symlink_to("/dev/zero")
    problems = {row.file: row.problem for row in status.read_fleet(folder, now=NOW)}
    assert "named pipe" in problems["fifo.json"] and "folder" in problems["dir.json"]
    assert "link" in problems["loop.json"]
    if "zero.json" in problems:  # a link is never followed, wherever it leads
        assert "link" in problems["zero.json"]


def test_a_link_in_the_status_folder_is_never_followed(tmp_path):
    folder = tmp_path / "status"
    folder.mkdir()
    (tmp_path / "elsewhere.json").write_bytes(record())
    (folder / "a.json").symlink_to(tmp_path / "elsewhere.json")
    (row,) = status.read_fleet(folder, now=NOW)
    assert row.record is None and row.problem == "unreadable: it is a link, not a record a kiosk wrote"


def test_control_and_direction_characters_are_never_written_raw_in_the_page(tmp_path):
    folder = tmp_path / "status"
    folder.mkdir()
    (folder / "a.json").write_bytes(json.dumps({**json.loads(record()), "kiosk_name": "lib\u202erary\x1b[2J"}).encode())
    rows = status.read_fleet(folder, now=NOW)
    page = status.page(rows, 30, folder)
    assert "\u202e" not in page and "\x1b" not in page
    assert "lib" in page and "rary" in page


@pytest.mark.parametrize("written, stale", [
    ("9999-12-31T23:59:59-14:00", True), ("2026-12-06T01:00:00Z", True), ("2026-12-06T00:12:00Z", False),
    ("0001-01-01T00:00:00+14:00", True), ("2026-12-06T00:00:00Z", False),
])
def test_a_record_from_the_future_is_stale(tmp_path, written, stale):
    folder = tmp_path / "status"
    folder.mkdir()
    (folder / "a.json").write_bytes(record(written=written))
    row = status.read_fleet(folder, now=NOW)[0]
    assert row.stale is stale
    assert status.cells(row)[1] == ("STALE" if stale else "ok")


def test_a_record_whose_times_are_not_times_is_unreadable_not_stale_or_never_seen(tmp_path, config_dir, capsys):
    folder = tmp_path / "status"
    folder.mkdir()
    (folder / "library-north.json").write_bytes(record(kiosk_name="library-north", written="2026-13-45T99:99:99Z",
                                                       last_check="garbage", last_result="failed"))
    assert main(["fleet", str(folder)]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("library-north")]
    assert row.split()[1] == "UNREADABLE"
    assert row.endswith('unreadable: its last_check is "garbage", but should be a time like "2026-10-19T09:30:00Z"; '
                        'its written is "2026-13-45T99:99:99Z", but should be a time like "2026-10-19T09:30:00Z" '
                        "(there is no month 13)")
    assert "never" not in row and "STALE" not in row and "(garbage)" not in row


def test_the_record_a_kiosk_writes_reads_back_as_written(tmp_path):
    tracker = status.Tracker("k1", tmp_path)
    tracker.note(fetch.Outcome("failed", "the source could not be read"), at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    assert tracker.write("d", 0, 0.2, False) is None
    written = (tmp_path / "k1.json").read_bytes()
    assert status.parse_record(written) == json.loads(written)


#: Times as a kiosk writes them (:func:`kiosk.fleet.status._iso`).
TIMES = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)).map(lambda moment: f"{moment:%Y-%m-%dT%H:%M:%S}Z")
#: Every record a kiosk could write.
GOOD_RECORDS = st.fixed_dictionaries({
    "kiosk_name": st.text(min_size=1, max_size=20), "software": st.text(max_size=10) | st.none(),
    "deck": st.text(max_size=10) | st.none(), "deck_version": st.integers(0, 2**31 - 1) | st.none(),
    "last_check": TIMES | st.none(), "last_result": st.sampled_from(fetch.RESULTS) | st.none(),
    "last_message": st.text(max_size=30) | st.none(), "last_error": st.text(max_size=30) | st.none(),
    "last_error_at": TIMES | st.none(), "uptime_seconds": st.integers(0, 10**9) | st.floats(0, 1e9),
    "open": st.booleans() | st.none(), "written": TIMES,
})
#: A clock's and a calendar's parts, each with values none has.
IMPOSSIBLE = {"month": st.just(0) | st.integers(13, 99), "day": st.just(0) | st.integers(32, 99),
              "hour": st.integers(24, 99), "minute": st.integers(60, 99), "second": st.integers(60, 99)}


@st.composite
def not_times(draw) -> str:
    """Text that is no time: one part out of its range, a day its month lacks, digits of another
    script, or no digits at all."""
    parts = {"month": draw(st.integers(1, 12)), "day": draw(st.integers(1, 28)), "hour": draw(st.integers(0, 23)),
             "minute": draw(st.integers(0, 59)), "second": draw(st.integers(0, 59))}
    how = draw(st.sampled_from([*IMPOSSIBLE, "february", "digits", "words"]))
    if how == "words":
        return draw(st.text(st.characters(blacklist_categories=("Nd",)), max_size=30))
    if how == "february":
        parts.update(month=2, day=draw(st.integers(30, 31)))
    elif how in IMPOSSIBLE:
        parts[how] = draw(IMPOSSIBLE[how])
    text = f"{draw(st.integers(2000, 2100))}-{parts['month']:02d}-{parts['day']:02d}T{parts['hour']:02d}:" \
           f"{parts['minute']:02d}:{parts['second']:02d}Z"
    if how == "digits":  # fullwidth or Arabic-Indic digits, as a phone keyboard gives
        zero = ord(draw(st.sampled_from(["\uff10", "\u0660"])))
        text = "".join(chr(zero + int(digit)) for digit in text[:4]) + text[4:]  # the year's
    return text


ANY_JSON = st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.floats(-1e15, 1e15) | st.text(max_size=20) \
    | st.lists(st.integers(), max_size=2) | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
TEXT_FIELDS = ("kiosk_name", "software", "deck", "last_message", "last_error")
TIME_FIELDS = ("last_check", "last_error_at", "written")
#: For each field, values a kiosk never writes there: another kind of value, or one it cannot hold.
DAMAGED = {
    **{name: ANY_JSON.filter(lambda value: value is not None and not isinstance(value, str)) for name in TEXT_FIELDS},
    **{name: not_times() | ANY_JSON.filter(lambda value: value is not None and not isinstance(value, str))
       for name in TIME_FIELDS},
    "deck_version": st.integers(-2**53, -1) | ANY_JSON.filter(lambda value: value is not None and type(value) is not int),
    "uptime_seconds": st.integers(-2**53, -1) | st.floats(-1e15, -1e-9)
    | ANY_JSON.filter(lambda value: value is not None and type(value) not in (int, float)),
    "last_result": st.text(max_size=20).filter(lambda text: text not in fetch.RESULTS)
    | ANY_JSON.filter(lambda value: value is not None and not isinstance(value, str)),
    "open": ANY_JSON.filter(lambda value: value is not None and not isinstance(value, bool)),
}


@settings(max_examples=300, deadline=None)
@given(good=GOOD_RECORDS, damage=st.sampled_from(sorted(DAMAGED)).flatmap(
    lambda name: st.tuples(st.just(name), DAMAGED[name])))
@example(good={**RECORD, "last_error_at": None}, damage=("written", "2026-13-45T99:99:99Z"))
@example(good={**RECORD, "last_error_at": None}, damage=("last_check", "garbage"))
@example(good={**RECORD, "last_error_at": None}, damage=("deck_version", -1))
@example(good={**RECORD, "last_error_at": None}, damage=("uptime_seconds", -5))
def test_any_record_with_a_damaged_field_is_unreadable_never_a_plausible_status(good, damage):
    name, value = damage
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.json"
        path.write_text(json.dumps(good), encoding="utf-8")
        [row] = status.read_fleet(Path(folder), now=NOW)
        assert row.record == good and status.cells(row)[1] in ("ok", "PROBLEM", "STALE")
        path.write_text(json.dumps({**good, name: value}), encoding="utf-8")
        [row] = status.read_fleet(Path(folder), now=NOW)
    assert row.record is None and status.cells(row)[1] == "UNREADABLE"
    assert f"its {name} is {jsontext.shown(value)}, but should be " in row.problem, row.problem


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.dictionaries(
    st.sampled_from(sorted(status.FIELDS)),
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.lists(st.integers(), max_size=2),
).map(lambda value: json.dumps({"kiosk_name": "k", **value}).encode())))
@example(b'{"kiosk_name":" ","deck":"\\u00ad"}')  # a soft hyphen: invisible, shown as an escape
@example(b'{"kiosk_name":"a\\u200db","deck_version":"\\u2060"}')  # a joiner, a word joiner
def test_any_bytes_as_a_status_record_give_a_row(data):
    try:
        parsed = status.parse_record(data)
    except status.RecordError as exc:
        row = status.Row("a.json", None, f"unreadable: {exc}", True)
    else:
        assert isinstance(parsed["kiosk_name"], str) and parsed["kiosk_name"]
        row = status.Row("a.json", parsed, None, False, status.record_age(parsed, NOW))
    status.table([row], 30)
    page = status.page([row], 30, Path("status"))
    page.encode("utf-8")
    assert not [c for c in page if c != "\n" and unicodedata.category(c) in ("Cc", "Cf")]


# ----------------------------------------------------------------- visitor counts files

def good_db(path: Path) -> Path:
    pending: store.Pending = {table: {} for table in store.TABLES}
    pending["hours"][("2026-10-19 10:00", "fw")] = [7, 2]
    pending["hours"][("2026-10-19 11:00", "fw")] = [9, 1]
    pending["views"][("2026-10-19 10:00", "fw", "welcome", "")] = [12, 6, 6, 90.5, 5]
    pending["lengths"][("2026-10-19 10:00", "fw", store.LENGTHS[0][1])] = [7]
    pending["languages"][("2026-10-19", "fw", "pl")] = [6]
    store.write(path, pending)
    return path


def poisoned(path: Path, sql: str) -> Path:
    db = sqlite3.connect(good_db(path))
    db.executescript(sql)
    db.close()
    return path


RECURSIVE = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c"

HOSTILE_DBS = {
    "inf": ("UPDATE hours SET interactions = 1e999", "not a finite number"),
    "fraction": ("UPDATE hours SET interactions = 1.5", "is a number, not a whole number"),
    "text count": ("UPDATE hours SET interactions = 'abc'", "is text, not a whole number"),
    "huge": ("UPDATE hours SET interactions = 9223372036854775807", "not a count between"),
    "negative": ("UPDATE hours SET interactions = -100", "not a count between"),
    "blob hour": ("UPDATE hours SET hour = X'00ff' WHERE idle_returns = 2", "is a blob, not text"),
    "short day": ("UPDATE languages SET day = 'x'", "not a day"),
    "int hour": ("UPDATE hours SET hour = 12345 WHERE idle_returns = 2", "not an hour"),
    "unknown length": ("UPDATE lengths SET length = 'bogus'", "interaction lengths"),
    "inf seconds": ("UPDATE views SET touched_seconds = -1e999", "not a finite number"),
    "recursive view": (f"CREATE VIEW spin AS {RECURSIVE}", "the view 'spin'"),
    "view in place": (f"DROP TABLE views; CREATE VIEW views AS {RECURSIVE}", "view 'views'"),
    "trigger": ("CREATE TRIGGER t AFTER INSERT ON hours BEGIN DELETE FROM views; END", "the trigger 't'"),
    "extra table": ("CREATE TABLE other(a)", "the table 'other'"),
    "index": ("CREATE INDEX i ON hours(deck)", "the index 'i'"),
    "nullable schema": ("ALTER TABLE hours ADD COLUMN extra TEXT", "table 'hours' is not the kiosk's"),
    "version": ("PRAGMA user_version = 7", "schema version 7"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DBS))
def test_a_hostile_counts_file_is_refused_by_stats_and_merge(tmp_path, config_dir, capsys, name):
    sql, reason = HOSTILE_DBS[name]
    path = poisoned(tmp_path / "bad.db", sql)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["stats", "--stats-file", str(path)]) == 1
    err = capsys.readouterr().err
    assert "is not a visitor counts file" in err and reason in err and "Traceback" not in err
    out = tmp_path / "county.db"
    assert main(["stats", "merge", str(path), str(good_db(tmp_path / "library.db")), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "is not a visitor counts file" in err and "nothing was merged" in err
    assert not out.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # read-only: never changed


def test_a_null_in_a_copy_without_not_null_is_refused(tmp_path, config_dir, capsys):
    path = tmp_path / "null.db"
    db = sqlite3.connect(path)
    db.executescript(store.SCHEMA.replace("NOT NULL", "") + f"PRAGMA user_version={store.VERSION};"
                     "INSERT INTO hours VALUES(NULL, '2026-10-19 10:00', 'd', 1, 1);")
    db.close()
    assert main(["stats", "--stats-file", str(path)]) == 1
    assert "is not a visitor counts file" in capsys.readouterr().err


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_text("hello"), "file is not a database"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20), "not a visitor counts file"),
    (lambda p: p.mkdir(), "a folder, not a file"),
    pytest.param(lambda p: os.mkfifo(p), "named pipe (FIFO), not a file", marks=needs_fifo),
    pytest.param(lambda p: p.symlink_to("/dev/zero"), "a device, not a file",
                 marks=pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")),
])
def test_something_else_than_a_counts_file_is_named(tmp_path, config_dir, capsys, make, reason):
    path = tmp_path / "x.db"
    make(path)
    assert main(["stats", "--stats-file", str(path)]) == 1
    err = capsys.readouterr().err
    assert "is not a visitor counts file" in err and reason in err
    assert main(["stats", "merge", str(path), "--out", str(tmp_path / "out.db")]) == 1
    err = capsys.readouterr().err
    assert reason in err and "no such file" not in err


def test_merge_refuses_to_write_into_another_database(tmp_path, config_dir, capsys):
    out = tmp_path / "out.db"
    db = sqlite3.connect(out)
    db.executescript("CREATE TABLE views(a);")
    db.close()
    assert main(["stats", "merge", str(good_db(tmp_path / "library.db")), "--out", str(out)]) == 1
    assert "not a visitor counts file" in capsys.readouterr().err


def test_a_good_file_still_reports_and_merges(tmp_path, config_dir, capsys):
    path = good_db(tmp_path / "library.db")
    assert main(["stats", "--stats-file", str(path), "--exact"]) == 0
    assert "interactions (visitors who touched the screen)  16" in capsys.readouterr().out
    assert main(["stats", "merge", str(path), "--out", str(tmp_path / "county.db")]) == 0
    assert report.build(tmp_path / "county.db").section("Summary").rows[0][1] == 16


def test_a_read_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    path = good_db(tmp_path / "s.db")
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO views VALUES('', '2026-10-19 12:00', 'fw', ?, '', 1, 1, 1, 1, 1)",
                   [(f"s{i}",) for i in range(2000)])
    db.commit()
    db.close()
    assert len(store.read(path, "views")) == 2001
    monkeypatch.setattr(store, "_STEP_EVERY", 100)
    monkeypatch.setattr(store, "MAX_STEPS", 5000)  # steps, far fewer than 2,001 rows take
    with pytest.raises(store.CountsFileError, match="takes too long to read"):
        store.read(path, "views")


CELLS = [("hours", "interactions"), ("hours", "idle_returns"), ("hours", "hour"), ("hours", "deck"),
         ("views", "touched_seconds"), ("views", "loop_shown"), ("lengths", "length"), ("languages", "day"),
         ("hours", "kiosk")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.sampled_from(CELLS), value=st.one_of(
    st.none(), st.text(max_size=12), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False), st.binary(max_size=8), st.just(10**12), st.just(10**12 + 1)))
def test_mutated_counts_give_a_refusal_or_a_correct_table(tmp_path, cell, value):
    path = good_db(Path(tempfile.mkdtemp(dir=tmp_path)) / "s.db")
    table, column = cell
    db = sqlite3.connect(path)
    try:
        db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT min(rowid) FROM {table})", (value,))
        db.commit()
    except sqlite3.IntegrityError:  # NULL into a NOT NULL column: the file stays good
        pass
    raw = [r[0] for r in db.execute("SELECT interactions FROM hours")]
    db.close()
    try:
        built = report.build(path)
    except store.CountsFileError as exc:
        assert "not a visitor counts file" in str(exc)
        return
    assert all(type(n) is int and 0 <= n <= store.MAX_COUNT for n in raw)
    assert built.section("Summary").rows[0][1] == sum(raw)
    report.text(built, exact=True)
    for row in built.section("Slides and pages").rows:
        assert all(math.isfinite(v) for v in row[-5:])


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_the_fleet_page_to_a_device_is_written_into_it_never_over_it(tmp_path, capsys):
    import stat

    folder = tmp_path / "status"
    folder.mkdir()
    (folder / "a.json").write_bytes(record())
    assert main(["fleet", str(folder), "--html", "/dev/null"]) == 0  # as every file a command writes for a user
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert "page written to /dev/null" in capsys.readouterr().out


# ----------------------------------------------------------------- names no deck could give

#: Names a counts file could be made to hold: spreadsheet formulas, terminal escapes, bidi
#: controls, invisible characters, over-long names.
HOSTILE_NAMES = st.one_of(
    st.builds(lambda start, rest: start + rest, st.sampled_from(["=", "+", "-", "@", "\t", "\r"]),
              st.text(max_size=20)),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=8), st.sampled_from(
        ["\x1b[31m", "\x07", "\x00", "\n", "\x85", "\u202e", "\u2066", "\u200f", "\u2028", "\u00ad", "\ufeff"]),
              st.text(max_size=8)),
    st.text(min_size=store.MAX_KIOSK_NAME + 1, max_size=store.MAX_KIOSK_NAME + 40),
    st.text(max_size=30),
)


def csv_problems(path: Path) -> list[str]:
    """Cells of the CSV at ``path`` a spreadsheet would run as a formula, or that hold a control character."""
    import csv

    bad = []
    with path.open(newline="", encoding="utf-8") as file:
        for row in csv.reader(file):
            for cell in row:
                starts = cell.startswith(report.FORMULA_STARTS) and cell != "-"
                number = starts and cell[1:].replace(".", "", 1).isdigit()
                if (starts and not number) or any(unicodedata.category(c) in ("Cc", "Cf") for c in cell):
                    bad.append(cell)
    return bad


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=HOSTILE_NAMES, column=st.sampled_from([("views", "slide"), ("views", "page"), ("hours", "deck"),
                                                   ("languages", "language"), ("views", "kiosk")]))
@example(name='=HYPERLINK("http://x")', column=("views", "slide"))
@example(name="a\x1b[31mred\x07", column=("views", "slide"))
@example(name='=HYPERLINK("http://x")', column=("views", "kiosk"))
@example(name="@SUM(1+1)*cmd|' /C calc'!A0", column=("views", "kiosk"))
def test_a_name_no_deck_could_give_is_refused_or_written_as_text(tmp_path, name, column):
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = good_db(folder / "s.db")
    table, key = column
    db = sqlite3.connect(path)
    db.execute(f"UPDATE {table} SET {key} = ?", (name,))
    db.commit()
    db.close()
    try:
        built = report.build(path, by_kiosk=True)
    except store.CountsFileError as exc:
        assert "not a visitor counts file" in str(exc) and f"its {table}.{key} " in str(exc)
        with pytest.raises(store.CountsFileError):
            store.merge([path], folder / "county.db")
        assert not (folder / "county.db").exists()
        return
    assert key == "kiosk" or store._ID.fullmatch(name) or store._LANGUAGE.fullmatch(name)  # only ids pass
    for exact in (False, True):
        report.write_csv(built, folder / "out.csv", exact)
        assert csv_problems(folder / "out.csv") == []
    if key == "kiosk":
        store.merge([path], folder / "county.db")  # a name a spreadsheet would run is kept, written as text
        report.write_csv(report.build(folder / "county.db", by_kiosk=True), folder / "county.csv")
        assert csv_problems(folder / "county.csv") == []


@settings(max_examples=80, deadline=None)
@given(cell=HOSTILE_NAMES)
def test_every_csv_cell_is_shown_as_text(cell):
    written = report.csv_cell(cell)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in written)
    assert not written.startswith(report.FORMULA_STARTS) or report._FIGURE.fullmatch(written)
    if cell.startswith(("=", "+", "@")):
        assert written.startswith("'" + cell[0])  # the quote shows the formula as text


@pytest.mark.parametrize("cell, written", [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'), ("+1", "'+1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("-2+3", "'-2+3"), ("\tx", "\\x09x"), ("a\x1b[31mred\x07", "a\\x1b[31mred\\x07"),
    ("12", "12"), ("1.5", "1.5"), ("-", "-"), ("<5", "<5"), ("x", "x"), ("welcome", "welcome"),
])
def test_csv_cells(cell, written):
    assert report.csv_cell(cell) == written


def test_a_copy_whose_file_name_cannot_name_a_kiosk_is_not_merged(tmp_path, config_dir, capsys):
    path = good_db(tmp_path / "lib\x1b[2Jrary.db")
    out = tmp_path / "county.db"
    assert main(["stats", "merge", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "its file name cannot name a kiosk (it holds the control character \\x1b)" in err
    assert "nothing was merged" in err and "\x1b" not in err and not out.exists()


def test_hostile_slide_names_give_a_refusal_from_stats_and_merge(tmp_path, config_dir, capsys):
    path = good_db(tmp_path / "inj.db")
    db = sqlite3.connect(path)
    db.execute("UPDATE views SET slide = ?", ('=HYPERLINK("http://x")',))
    db.commit()
    db.close()
    assert main(["stats", "--stats-file", str(path), "--csv", str(tmp_path / "inj.csv")]) == 1
    err = capsys.readouterr().err
    assert "its views.slide '=HYPERLINK(\"http://x\")' is not a slide id a deck could give" in err
    assert not (tmp_path / "inj.csv").exists()
    assert main(["stats", "merge", str(good_db(tmp_path / "a.db")), str(path), "--out", str(tmp_path / "m.db")]) == 1
    assert "nothing was merged" in capsys.readouterr().err and not (tmp_path / "m.db").exists()
