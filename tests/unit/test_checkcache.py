"""The check cache: a digest that changes with every input, and a store that never trusts its files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import checkcache, paths
from kiosk.deck.problems import Problem

PROBLEMS = [Problem("deck.yaml", 3, 5, "slide 'a': text does not fit", "shorten it", "warning"),
            Problem("deck.yaml", 9, 1, "the pl text needs review", "", "note")]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh cache folder (``XDG_CACHE_HOME``, as platformdirs reads it)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return paths.cache_dir() / "checks"


def make_deck(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


FILES = st.dictionaries(st.sampled_from(["deck.yaml", "market.jpg", "pics/help.png", "pics/deep/map.svg", "notes.txt"]),
                        st.binary(min_size=1, max_size=64), min_size=1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=FILES, data=st.data())
def test_a_changed_byte_of_any_file_changes_the_digest(tmp_path_factory, files, data):
    folder = make_deck(tmp_path_factory.mktemp("deck"), files)
    before = checkcache.digest(folder)
    assert checkcache.digest(folder) == before  # the same inputs, the same digest
    name = data.draw(st.sampled_from(sorted(files)))
    content = bytearray(files[name])
    index = data.draw(st.integers(0, len(content) - 1))
    content[index] = (content[index] + data.draw(st.integers(1, 255))) % 256
    (folder / name).write_bytes(bytes(content))
    assert checkcache.digest(folder) != before


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=FILES, extra=st.binary(max_size=8))
def test_a_file_added_removed_or_renamed_changes_the_digest(tmp_path_factory, files, extra):
    folder = make_deck(tmp_path_factory.mktemp("deck"), files)
    seen = {checkcache.digest(folder)}
    (folder / "new.png").write_bytes(extra)  # even an empty one: a missing picture may now be found
    seen.add(checkcache.digest(folder))
    (folder / "new.png").rename(folder / "New.png")
    seen.add(checkcache.digest(folder))
    (folder / "New.png").unlink()
    (folder / "empty").mkdir()
    seen.add(checkcache.digest(folder))
    assert len(seen) == 4


def test_options_the_file_given_and_links_are_inputs(tmp_path):
    folder = make_deck(tmp_path / "deck", {"deck.yaml": b"deck: {}\n", "a.png": b"a", "b.png": b"b"})
    seen = {checkcache.digest(folder), checkcache.digest(folder, {"fit": False}),
            checkcache.digest(folder, {"fit": True}), checkcache.digest(folder / "deck.yaml")}
    (folder / "pic.png").symlink_to("a.png")
    seen.add(checkcache.digest(folder))
    (folder / "pic.png").unlink()
    (folder / "pic.png").symlink_to("b.png")
    seen.add(checkcache.digest(folder))
    assert len(seen) == 6


def test_a_pipe_in_the_deck_folder_is_hashed_without_waiting(tmp_path):
    folder = make_deck(tmp_path / "deck", {"deck.yaml": b"deck: {}\n"})
    os.mkfifo(folder / "pipe.png")
    assert len(checkcache.digest(folder)) == 64


def test_store_then_lookup_gives_the_same_problems_and_facts(tmp_path, cache):
    key = checkcache.digest(make_deck(tmp_path / "deck", {"deck.yaml": b"x"}))
    assert checkcache.lookup(key, "validate") is None
    assert checkcache.store(key, "validate", PROBLEMS, facts={"slides": 16})
    verdict = checkcache.lookup_verdict(key, "validate")
    assert verdict == checkcache.Verdict(PROBLEMS, {"slides": 16})
    assert checkcache.lookup(key, "startup") is None  # another kind of check
    assert [p.name for p in cache.iterdir()] == [f"validate-{key}.json"]  # no temporary file left
    assert oct(cache.stat().st_mode & 0o777) == "0o700"


def test_an_expired_verdict_is_a_miss(cache):
    key = "0" * 64
    checkcache.store(key, "validate", PROBLEMS, expires=1.0)
    assert checkcache.lookup(key, "validate") is None
    checkcache.store(key, "validate", PROBLEMS, expires=4e9)
    assert checkcache.lookup(key, "validate") == PROBLEMS


GOOD = {"format": checkcache.FORMAT, "digest": "a" * 64, "kind": "validate", "expires": None, "facts": {},
        "problems": [{"file": "f", "line": 1, "col": 1, "message": "m", "hint": "", "severity": "note"}]}


def sealed(data: dict) -> bytes:
    """``data`` as :func:`checkcache.store` writes it: with the digest of its body."""
    return json.dumps({**data, "body_digest": checkcache.body_digest(data)}).encode()


def hostile_contents():
    yield b"\xff\xfe not utf-8"
    yield b"{"
    yield b"[" * 100_000 + b"]" * 100_000
    yield sealed({**GOOD, "format": 1})
    yield json.dumps(GOOD).encode()  # no digest of its body
    yield json.dumps({**GOOD, "body_digest": checkcache.body_digest({**GOOD, "facts": {"x": 1}})}).encode()
    yield sealed({**GOOD, "facts": {"ok": False}})  # not ok, yet no error
    yield sealed({**GOOD, "facts": {"ok": True}, "problems": [{**GOOD["problems"][0], "severity": "error"}]})
    yield sealed({**GOOD, "facts": {"ok": "yes"}})
    yield sealed({**GOOD, "facts": {"deck": None}})  # no deck, yet no error
    yield sealed({**GOOD, "digest": "b" * 64})
    yield sealed({**GOOD, "kind": "startup"})
    yield sealed({**GOOD, "expires": "never"})
    yield sealed({**GOOD, "facts": []})
    yield sealed({**GOOD, "problems": {}})
    for change in ({"line": "1"}, {"line": True}, {"severity": "fatal"}, {"extra": 1}, {"message": None}):
        yield sealed({**GOOD, "problems": [{**GOOD["problems"][0], **change}]})
    yield b" " * (checkcache.MAX_VERDICT_BYTES + 1)


@pytest.mark.parametrize("content", list(hostile_contents()), ids=lambda c: repr(c[:30]))
def test_a_corrupt_or_foreign_verdict_file_is_a_miss(cache, content):
    cache.mkdir(parents=True)
    (cache / f"validate-{'a' * 64}.json").write_bytes(content)
    assert checkcache.lookup("a" * 64, "validate") is None


def test_the_good_file_those_are_made_from_is_a_hit(cache):
    cache.mkdir(parents=True)
    (cache / f"validate-{'a' * 64}.json").write_bytes(sealed(GOOD))
    assert checkcache.lookup("a" * 64, "validate") == [Problem("f", 1, 1, "m", "", "note")]


@pytest.mark.parametrize("kind", ["pipe", "link to /dev/zero", "folder", "dangling link"])
def test_a_verdict_that_is_not_a_regular_file_is_a_miss(cache, kind):
    cache.mkdir(parents=True)
    target = cache / f"validate-{'a' * 64}.json"
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to("/dev/zero" if kind == "link to /dev/zero" else "nowhere")
    assert checkcache.lookup("a" * 64, "validate") is None
    assert checkcache.store("a" * 64, "validate", PROBLEMS)  # the new verdict takes its place, even of a folder


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert checkcache.store("a" * 64, "validate", PROBLEMS) is False
    assert checkcache.lookup("a" * 64, "validate") is None


def test_the_store_keeps_a_bounded_number_of_verdicts(cache, monkeypatch):
    monkeypatch.setattr(checkcache, "KEPT", 3)
    for n in range(6):
        checkcache.store(f"{n:064x}", "validate", [])
    assert len(list(cache.iterdir())) == 3


@pytest.mark.parametrize(("key", "kind"), [("a" * 64, "../x"), ("a" * 64, ""), ("../" + "a" * 61, "validate")])
def test_a_key_or_kind_that_could_name_another_file_is_refused(cache, key, kind):
    with pytest.raises(ValueError):
        checkcache.lookup(key, kind)


@pytest.mark.parametrize(("entries", "size"), [(3, 10**6), (100, 10)])
def test_a_folder_too_large_to_hash_is_never_cached(tmp_path, cache, monkeypatch, entries, size):
    folder = make_deck(tmp_path / "deck", {f"p{n}.png": b"x" * 8 for n in range(5)})
    monkeypatch.setattr(checkcache, "MAX_ENTRIES", entries)
    monkeypatch.setattr(checkcache, "MAX_BYTES", size)
    assert checkcache.digest(folder) is None
    assert checkcache.store(None, "validate", PROBLEMS) is False
    assert checkcache.lookup(None, "validate") is None
    assert not cache.exists()


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/St_Johns", "Europe/London"])
def test_a_verdict_holds_until_the_decks_today_changes(write_deck, zone):
    import datetime as dt
    import zoneinfo

    from kiosk.deck import load_deck
    from kiosk.deck.checks import today_ends

    folder = write_deck(f"deck: {{id: t, title: T, timezone: {zone}}}\n"
                        "slides:\n  - {id: help, type: helpline, phone: \"08000 121 700\"}\n")
    result = load_deck(folder)
    assert result.ok, result.problems
    now = dt.datetime.now(zoneinfo.ZoneInfo(zone))
    ends = dt.datetime.fromtimestamp(today_ends(result.deck), zoneinfo.ZoneInfo(zone))
    assert ends.date() == now.date() + dt.timedelta(days=1) and ends.time() == dt.time()
    unloaded = dt.datetime.fromtimestamp(today_ends(None), dt.UTC)
    assert unloaded.minute % 15 == 0 and unloaded.second == 0
    assert dt.timedelta(0) < unloaded - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=15)


def test_a_table_stored_is_looked_up_whole(cache):
    entries = {f"{n:064x}": [[1, f"word {n}"]] for n in range(5)}
    assert checkcache.store_table("fit-views", entries) is True
    assert checkcache.lookup_table("fit-views") == entries
    assert checkcache.lookup_table("other-table") == {}


def test_a_table_keeps_its_most_recent_entries_within_its_bounds(cache, monkeypatch):
    monkeypatch.setattr(checkcache, "TABLE_ENTRIES", 3)
    checkcache.store_table("fit-views", {f"{n:064x}": n for n in range(6)})
    assert list(checkcache.lookup_table("fit-views")) == [f"{n:064x}" for n in (3, 4, 5)]
    monkeypatch.setattr(checkcache, "TABLE_ENTRIES", 1000)
    monkeypatch.setattr(checkcache, "MAX_VERDICT_BYTES", 64 * 1024)
    checkcache.store_table("fit-views", {f"{n:064x}": "w" * 1000 for n in range(200)})
    kept = checkcache.lookup_table("fit-views")
    assert 0 < len(kept) < 64 and f"{199:064x}" in kept


@pytest.mark.parametrize("content", list(hostile_contents()) + [
    json.dumps({**GOOD, "digest": "<table>", "facts": {"entries": ["x"]}}).encode()], ids=lambda c: repr(c[:30]))
def test_a_corrupt_table_is_empty(cache, content):
    checkcache.store_table("fit-views", {"a" * 64: 1})
    [table] = cache.iterdir()
    table.write_bytes(content.replace(b"<table>", table.stem.split("-")[-1].encode()))
    assert checkcache.lookup_table("fit-views") == {}


def test_a_table_key_that_is_not_a_digest_is_dropped_or_refused(cache):
    checkcache.store_table("fit-views", {"a" * 64: 1})
    [table] = cache.iterdir()
    data = json.loads(table.read_text())
    data["facts"]["entries"]["../x"] = 2
    del data["body_digest"]
    table.write_bytes(sealed(data))
    assert checkcache.lookup_table("fit-views") == {"a" * 64: 1}
    with pytest.raises(ValueError):
        checkcache.store_table("fit-views", {"../x": 1})


def test_a_file_digest_follows_links_and_is_that_of_its_bytes(tmp_path):
    picture = tmp_path / "a.png"
    picture.write_bytes(b"one")
    (tmp_path / "link.png").symlink_to(picture)
    first = checkcache.file_digest(picture)
    assert checkcache.file_digest(tmp_path / "link.png") == first
    picture.write_bytes(b"two")
    assert checkcache.file_digest(tmp_path / "link.png") != first
    assert checkcache.file_digest(tmp_path / "missing.png") != checkcache.file_digest(tmp_path)
    (tmp_path / "copy.png").write_bytes(b"two")
    assert checkcache.file_digest(tmp_path / "copy.png") == checkcache.file_digest(picture)


def test_the_kiosks_identity_is_read_again_once_one_of_its_files_is_written(cache, tmp_path, monkeypatch):
    code = make_deck(tmp_path / "kiosk", {"player.py": b"x = 1\n", "qml/Main.qml": b"Item {}\n"})
    monkeypatch.setattr(checkcache, "_PACKAGE", code)
    read: list[str] = []
    feed = checkcache._feed_tree
    monkeypatch.setattr(checkcache, "_feed_tree", lambda hasher, root, keep=None, budget=None:
                        (read.append(root), feed(hasher, root, keep, budget))[1])

    def identity() -> str:
        checkcache.code_identity.cache_clear()
        return checkcache.code_identity()

    try:
        first = identity()
        assert read and identity() == first and len(read) == 2  # kept: its files not read again
        os.utime(code / "player.py", ns=(1, 1))  # the same bytes, other times: read again, the same identity
        assert identity() == first and len(read) == 4
        qml = code / "qml" / "Main.qml"
        before = qml.stat()
        qml.write_bytes(b"Item{} \n")  # other bytes of the same size, its times put back: only the change time tells
        os.utime(qml, ns=(before.st_atime_ns, before.st_mtime_ns))
        second = identity()
        assert second != first and len(read) == 6
    finally:
        checkcache.code_identity.cache_clear()


def _edits(value, path=()):
    """Every (path, new value) that changes one leaf of the JSON ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _edits(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _edits(item, (*path, index))
    else:
        changed = {str: lambda v: v + "9", bool: lambda v: not v, int: lambda v: v + 1,
                   float: lambda v: v + 1.5, type(None): lambda v: "x"}[type(value)](value)
        yield path, changed


PLAY_FACTS = {"deck_sha256": "c" * 64, "slides": 3, "pictures": [], "codes": {"tel:08000121700": "ok"},
              "deck": {"help": {"phone": "08000 121 700", "url": "https://example.org"}}}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_entry_changed_by_hand_yet_well_formed_is_damaged_and_never_used(cache, caplog, data):
    """A ``play`` entry with its help phone changed, a ``validate`` entry with ``ok`` flipped or
    its problems emptied...: each is said damaged, and the check is done afresh."""
    kind, facts, problems = data.draw(st.sampled_from([
        ("play", PLAY_FACTS, []),
        ("validate", {"ok": False, "slides": 0, "file": "deck.yaml"},
         [Problem("deck.yaml", 12, 5, "no such phone", "give one", "error")]),
        ("validate", {"ok": True, "slides": 4, "file": "deck.yaml"}, PROBLEMS)]))
    key = "d" * 64
    assert checkcache.store(key, kind, problems, facts=facts)
    file = cache / f"{kind}-{key}.json"
    stored = json.loads(file.read_text())
    assert checkcache.lookup_verdict(key, kind) == checkcache.Verdict(problems, facts)
    where, value = data.draw(st.sampled_from(list(_edits(stored))))
    edited = json.loads(file.read_text())
    target = edited
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    file.write_text(json.dumps(edited))
    caplog.clear()
    with caplog.at_level("WARNING", logger="kiosk.deck"):
        found = checkcache.find(key, kind)
    assert found.verdict is None and found.damaged
    assert "damaged" in caplog.text and "checked afresh" in caplog.text


def test_a_validate_entry_changed_by_hand_is_checked_afresh(write_deck, cache, capsys):
    """``kiosk validate`` of a deck whose cached verdict was edited to say "ok": the deck's real
    problem is printed again, with a line saying the entry was damaged."""
    from kiosk.cli import main

    folder = write_deck("""
        deck: {id: d, title: D, languages: [en]}
        slides:
          - {id: a, kind: nonsense}
    """)
    assert main(["validate", "--no-fit", str(folder)]) == 1
    first = capsys.readouterr().out
    [entry] = cache.glob("validate-*.json")
    data = json.loads(entry.read_text())
    data["facts"]["ok"], data["problems"] = True, []
    entry.write_text(json.dumps(data))
    assert main(["validate", "--no-fit", str(folder)]) == 1
    out = capsys.readouterr()
    assert out.out == first
    assert "damaged" in out.err and "checked afresh" in out.err
