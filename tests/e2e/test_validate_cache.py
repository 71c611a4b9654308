"""``kiosk validate`` answers an unchanged deck from the check cache, with the same text, and
checks afresh whatever changed (the deck, a picture) or when asked (``--no-cache``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import BROKEN
from kiosk import checkcache

#: Prints the command's output, then on stderr whether Qt was loaded.
SCRIPT = ("import sys; from kiosk.cli import main; code = main(sys.argv[1:]); "
          "print('Qt loaded' if 'PySide6' in sys.modules else 'no Qt', file=sys.stderr); sys.exit(code)")


def validate(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, "validate", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def verdict_files(cache: Path) -> list[Path]:
    return sorted((cache / "kiosk" / "checks").glob("validate-*.json"))


def test_an_unchanged_deck_is_answered_from_the_cache_with_the_same_text_and_no_qt(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    deck = shutil.copytree(BROKEN / "long-word", tmp_path / "deck")
    first = validate(str(deck), env=env)
    assert "is wider than its line" in first.stdout and first.returncode == 0
    assert first.stderr.strip() == "Qt loaded"  # the full check: the text fit renders the slides
    again = validate(str(deck), env=env)
    assert (again.stdout, again.returncode, again.stderr.strip()) == (first.stdout, 0, "no Qt")
    assert len(verdict_files(tmp_path / "cache")) == 1


def test_the_cache_is_used_and_every_change_or_no_cache_checks_afresh(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    deck = shutil.copytree(BROKEN / "image-missing", tmp_path / "deck")
    first = validate("--no-fit", str(deck), env=env)
    assert first.returncode == 1 and ": error: " in first.stdout
    (stored,) = verdict_files(tmp_path / "cache")
    data = json.loads(stored.read_text())
    data["problems"][0]["message"] = "from the cache"
    stored.write_text(json.dumps(data))  # changed by hand: no longer matches its digest
    edited = validate("--no-fit", str(deck), env=env)
    assert edited.stdout == first.stdout and "damaged" in edited.stderr  # checked afresh, and said
    data = json.loads(stored.read_text())
    data["problems"][0]["message"] = "from the cache"
    del data["body_digest"]
    stored.write_text(json.dumps({**data, "body_digest": checkcache.body_digest(data)}))  # forged whole
    assert "from the cache" in validate("--no-fit", str(deck), env=env).stdout  # answered from the cache
    assert validate("--no-cache", "--no-fit", str(deck), env=env).stdout == first.stdout
    full = validate(str(deck), env=env).stdout  # other options: another verdict, the same problems
    assert full.splitlines()[:-1] == first.stdout.splitlines()[:-1]
    assert full.splitlines()[-1].endswith("pictures as the player reads them, text fit")  # the fit runs later
    assert first.stdout.splitlines()[-1].endswith("pictures as the player reads them")  # --no-fit: never
    (deck / "walk.jpg").write_bytes(b"not a picture")  # the missing picture appears, unreadable
    changed = validate("--no-fit", str(deck), env=env)
    assert "from the cache" not in changed.stdout
    assert "walk.jpg' not found" in first.stdout and "walk.jpg' not found" not in changed.stdout


def test_a_check_that_could_not_be_done_is_not_kept(tmp_path):
    blocker = tmp_path / "no-qt" / "PySide6"  # PySide6 cannot be imported, as without the wheel
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text('raise ImportError("No module named PySide6")\n')
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(blocker.parent)}
    deck = shutil.copytree(BROKEN / "long-word", tmp_path / "deck")
    assert "note: text fit not checked" in validate(str(deck), env=env).stdout
    assert verdict_files(tmp_path / "cache") == []
