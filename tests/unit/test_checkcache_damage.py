"""A damaged entry of the check cache is never used, never crashes and never goes unsaid: the
check is done afresh, one line says the cached check was damaged, and the new verdict replaces
the entry. Damage of every kind: cut short, wrong types, another digest, a folder or a named pipe
in its place, bytes that are not text, anything at all."""

from __future__ import annotations

import json
import logging
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import checkcache, paths
from kiosk.deck.problems import Problem

KEY = "ab" * 32
PROBLEMS = [Problem("deck.yaml", 3, 5, "slide 'a': text does not fit", "shorten it", "warning")]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return paths.cache_dir() / "checks"


def entry(kind: str = "validate") -> os.PathLike:
    return paths.cache_dir() / "checks" / f"{kind}-{KEY}.json"


def edited(change):
    def damage(file):
        data = json.loads(file.read_text())
        change(data)
        file.write_text(json.dumps(data))
    return damage


def in_place(make):
    def damage(file):
        file.unlink()
        make(file)
    return damage


DAMAGE = {
    "cut short": lambda file: file.write_bytes(file.read_bytes()[:40]),
    "wrong type": edited(lambda data: data["problems"][0].__setitem__("line", "three")),
    "wrong severity": edited(lambda data: data["problems"][0].__setitem__("severity", "fatal")),
    "another digest": edited(lambda data: data.__setitem__("digest", "cd" * 32)),
    "another format": edited(lambda data: data.__setitem__("format", 99)),
    "facts not an object": edited(lambda data: data.__setitem__("facts", [1, 2])),
    "expiry not a time": edited(lambda data: data.__setitem__("expires", "tomorrow")),
    "not json": lambda file: file.write_bytes(b"\xff\xfe not text"),
    "a list": lambda file: file.write_text("[1, 2, 3]"),
    "deeply nested": lambda file: file.write_text("[" * 100_000),
    "a folder": in_place(lambda file: (file.mkdir(), (file / "x").write_text("x"))),
    "a named pipe": in_place(os.mkfifo),
}


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_entry_is_said_not_used_and_replaced(cache, caplog, how):
    assert checkcache.store(KEY, "validate", PROBLEMS, facts={"ok": True})
    DAMAGE[how](entry())
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        found = checkcache.find(KEY, "validate")
    assert found.verdict is None and found.damaged
    said = [r.getMessage() for r in caplog.records if "cached check" in r.getMessage()]
    assert said == [f"the cached check {entry()} was damaged ({found.damaged}); not used: checked afresh"]
    assert checkcache.store(KEY, "validate", PROBLEMS, facts={"ok": True})  # the new verdict heals it
    assert checkcache.find(KEY, "validate") == checkcache.Found(checkcache.Verdict(PROBLEMS, {"ok": True}))


def test_a_missing_or_expired_entry_is_a_plain_miss(cache, caplog):
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        assert checkcache.find(KEY, "validate") == checkcache.Found(None)
        checkcache.store(KEY, "validate", PROBLEMS, expires=1.0)  # long past
        assert checkcache.find(KEY, "validate") == checkcache.Found(None)
    assert caplog.records == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | st.builds(lambda t: t.encode(), st.text(max_size=200)))
def test_whatever_the_entry_holds_it_is_a_verdict_as_stored_or_said_damaged(cache, data):
    checkcache.store(KEY, "validate", PROBLEMS, facts={"ok": True})
    stored = entry().read_bytes()
    entry().write_bytes(data)
    found = checkcache.find(KEY, "validate")
    if found.verdict is not None:  # only what store writes reads back
        assert data == stored or json.loads(data) == json.loads(stored)
    else:
        assert found.damaged or data == b""


def test_an_unreadable_entry_is_said_damaged(cache, monkeypatch, caplog):
    """(As root a file's mode does not stop reading it: the refusal is made here as the system gives it.)"""
    import kiosk.userfile

    checkcache.store(KEY, "validate", PROBLEMS)

    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(kiosk.userfile, "read_bounded", refused)
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        found = checkcache.find(KEY, "validate")
    assert found == checkcache.Found(None, "it cannot be read (Permission denied)")
    assert any("cached check" in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------- the folder itself

def _in_the_way(cache, how: str) -> None:
    if how == "checks is a file":
        cache.parent.mkdir(parents=True)
        cache.write_text("not a folder")
    elif how == "kiosk is a file":
        cache.parent.parent.mkdir(parents=True)
        cache.parent.write_text("not a folder")
    elif how == "kiosk is a link to /dev/null":
        cache.parent.parent.mkdir(parents=True)
        cache.parent.symlink_to(os.devnull)
    else:
        cache.parent.parent.mkdir(parents=True)
        os.mkfifo(cache.parent)


@pytest.mark.parametrize("how", ["checks is a file", "kiosk is a file", "kiosk is a link to /dev/null",
                                 "kiosk is a named pipe"])
def test_an_unusable_folder_is_said_once_and_checks_run_without_it(cache, caplog, monkeypatch, how):
    monkeypatch.setattr(checkcache, "_said_unusable", set())
    _in_the_way(cache, how)
    with caplog.at_level(logging.WARNING, logger="kiosk.deck"):
        for kind in ("validate", "startup", "identity", "validate"):
            found = checkcache.find(KEY, kind)
            assert found.verdict is None and found.damaged is None
        assert checkcache.store(KEY, "validate", PROBLEMS) is False
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1, said
    assert said[0].startswith(f"the check cache folder {cache} cannot be used: ")
    assert "checks run without it" in said[0] and "damaged" not in said[0]
