"""Publishes into one folder take turns: two ``kiosk publish`` runs at once never hand out the
same version nor write over each other's bundle; a publish waits for the folder's lock, and a
publish killed while holding it leaves nothing that blocks the next."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from kiosk.fleet import feed
from kiosk.fleet.publish import LOCK_FILE, FolderBusyError, publish
from tests.helpers import BUNDLED
from tests.helpers.fleet import make_deck
from tests.helpers.process import environment, kiosk

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX processes and signals")

ROUNDS = 4
#: Generous bound for one publish on a busy machine (seconds); a hang fails instead of waiting for ever.
RUN_LIMIT = 120


def start_publish(deck: Path, key: Path, folder: Path) -> subprocess.Popen:
    env = {**environment(), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(kiosk("publish", str(deck), "--key", str(key), "--to", str(folder)), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> str:
    """Wait for a ``kiosk publish`` run, check it succeeded, and give what it printed."""
    out, err = proc.communicate(timeout=RUN_LIMIT)
    assert proc.returncode == 0, out + err
    return out + err


def title_in(bundle: Path) -> str:
    with zipfile.ZipFile(bundle) as zipped:
        [name] = [n for n in zipped.namelist() if n.endswith("deck.yaml")]
        return zipped.read(name).decode().split("\n  title: ")[1].split("\n")[0]


def lock_is_held(folder: Path) -> bool:
    """Whether another process holds ``folder``'s publish lock now (taken and let go at once if free)."""
    lock = FileLock(folder / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def test_publishes_at_once_get_their_own_versions_and_every_bundle_stays(tmp_path, keypair):
    """Three publishes of the shipped deck (each with its own title) at once, four times over: the
    shipped deck, not a two-slide one, so that each holds the folder long enough to overlap."""
    titles = ["Freedom Week supper", "Freedom Week dance", "Freedom Week walk"]
    decks = []
    for number, title in enumerate(titles):
        deck = shutil.copytree(BUNDLED, tmp_path / f"deck{number}")
        text = (deck / "deck.yaml").read_text(encoding="utf-8")
        (deck / "deck.yaml").write_text(text.replace("  title: Freedom Week 2019\n", f"  title: {title}\n", 1),
                                        encoding="utf-8")
        decks.append(deck)
    folder = tmp_path / "pub"
    for done in range(ROUNDS):
        runs = [start_publish(deck, keypair[0], folder) for deck in decks]
        said = [finish(run) for run in runs]
        expected = [len(decks) * done + n for n in range(1, len(decks) + 1)]
        versions = sorted(int(line.split(" version ")[1].split()[0]) for text in said
                          for line in text.splitlines() if "published 'freedom-week-2019' version" in line)
        assert versions == expected, said
        new = feed.read(folder)
        assert new.version == expected[-1]
        assert [old.version for old in new.older][:len(decks) - 1] == expected[-2::-1]  # the feed lists all
        bundles = [folder / f"freedom-week-2019-{version}.zip" for version in expected]
        assert sorted(title_in(bundle) for bundle in bundles) == sorted(titles)  # none written over
        assert all(Path(f"{bundle}.minisig").is_file() for bundle in bundles)
    assert len(feed.read(folder).older) == len(decks) * ROUNDS - 1


def test_a_publish_waits_for_the_folder_lock_then_publishes(tmp_path, keypair, published):
    held = FileLock(published / LOCK_FILE)
    held.acquire(timeout=0)
    try:
        run = start_publish(make_deck(tmp_path / "next", title="Harvest supper"), keypair[0], published)
        said = run.stderr.readline()  # its first line: it waits
        assert said == (f"kiosk: another publish into {published} is under way; waiting up to 60 seconds for "
                        "it to finish\n")
        assert run.poll() is None and feed.read(published).version == 1  # waiting, nothing written
    finally:
        held.release()
    assert "published 'harvest' version 2" in finish(run)
    assert feed.read(published).version == 2 and title_in(published / "harvest-2.zip") == "Harvest supper"


def test_a_publish_refuses_after_the_wait_naming_the_folder(tmp_path, keypair, published, monkeypatch, capsys):
    from kiosk.cli import main
    from kiosk.fleet import publish as publishing

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); "
         "print('held', flush=True); sys.stdin.read()", str(published / LOCK_FILE)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(FolderBusyError, match=f"another publish into {published} has not finished"):
            publish(make_deck(tmp_path / "next"), keypair[0], published, wait=0.2)
        monkeypatch.setattr(publishing, "LOCK_WAIT", 0.2)
        assert main(["publish", str(tmp_path / "next"), "--key", str(keypair[0]), "--to", str(published)]) == 1
    finally:
        holder.communicate("", timeout=RUN_LIMIT)
    err = capsys.readouterr().err
    assert (f"another publish into {published} has not finished after 0.2 seconds; nothing was published — "
            "wait for it to finish (or stop it), then publish again") in err
    assert "Traceback" not in err
    assert feed.read(published).version == 1 and not (published / "harvest-2.zip").exists()


def test_a_publish_killed_while_holding_the_lock_blocks_no_later_one(tmp_path, keypair):
    deck = make_deck(tmp_path / "deck")
    for attempt in range(10):  # a publish may end before it is seen holding the lock: try again
        folder = tmp_path / f"pub{attempt}"
        folder.mkdir()
        run = start_publish(deck, keypair[0], folder)
        deadline = time.monotonic() + RUN_LIMIT
        while run.poll() is None and not lock_is_held(folder):
            assert time.monotonic() < deadline, "the publish never took the lock"
            time.sleep(0.002)
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            run.communicate(timeout=RUN_LIMIT)
            if run.returncode == -signal.SIGKILL:
                break
        run.communicate(timeout=RUN_LIMIT)
    else:
        pytest.skip("every publish ended before it could be killed holding the lock")
    assert not lock_is_held(folder)  # the system let go of it with the process
    before = feed.read(folder)  # the killed publish may have written its feed just before
    expected = before.version + 1 if before else 1
    after = finish(start_publish(deck, keypair[0], folder))
    assert f"version {expected}" in after
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".publishing-")]
    assert json.loads((folder / feed.FEED_FILE).read_text(encoding="utf-8"))["version"] == expected


@pytest.mark.parametrize("kind", ["link", "pipe", "folder"])
def test_a_link_pipe_or_folder_named_as_the_lock_is_refused_never_opened(tmp_path, keypair, published, kind):
    lock, target = published / LOCK_FILE, tmp_path / "elsewhere"
    lock.unlink()
    {"link": lambda: lock.symlink_to(target), "pipe": lambda: os.mkfifo(lock), "folder": lock.mkdir}[kind]()
    what = {"link": "a symbolic link", "pipe": "a named pipe (FIFO)", "folder": "a folder"}[kind]
    with pytest.raises(feed.FeedError, match=re.escape(f"{LOCK_FILE} is {what}, not the plain lock file")):
        publish(make_deck(tmp_path / "next"), keypair[0], published, wait=0)
    assert not target.exists() and feed.read(published).version == 1
