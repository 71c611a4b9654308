"""The files the kiosk keeps under fixed names in a folder a person named (:mod:`kiosk.kept`).

A folder, pipe or link by the name of a lock or state file is named in the refusal, with what it
is and "remove" it: never a reason about the folder that holds it ("give the name of a file with
--library" for a library, which is a folder). A lock file that cannot be made (a folder of the
system's such as /proc takes no files) is refused at once with the real reason, never waited on
as a lock another process holds.
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.fleet import make_deck
from kiosk import cli, kept, library, outputs
from kiosk.fleet import feed, fetch, publish, status
from kiosk.library import LibraryError, install_named, pack

#: How to make each kind of thing by a kept file's name, and how the messages call it.
KINDS = {
    "folder": (Path.mkdir, "a folder"),
    "pipe": (os.mkfifo, "a named pipe (FIFO)"),
    "link": (lambda path: path.symlink_to(path.parent / "elsewhere"), "a symbolic link"),
}

#: Whether the system has /proc (a folder that takes no new files).
HAS_PROC = Path("/proc/self").is_dir()


def taken(folder: Path, name: str, kind: str) -> tuple[Path, str]:
    """``folder/name`` (``folder`` made) taken by a thing of ``kind`` (:data:`KINDS`), and what
    the messages call it."""
    folder.mkdir(exist_ok=True)
    make, what = KINDS[kind]
    make(folder / name)
    return folder / name, what


@pytest.fixture
def bundle(tmp_path):
    """A good bundle of the 'harvest' deck."""
    return pack(make_deck(tmp_path / "deck"), tmp_path / "harvest.zip")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_install_names_what_has_its_lock_files_name_and_says_to_remove_it(tmp_path, bundle, capsys, kind):
    lib = tmp_path / "library"
    lock, what = taken(lib, library.LOCK_FILE, kind)
    assert cli.main(["install", str(bundle), "--library", str(lib)]) == 1
    err = capsys.readouterr().err
    assert err == (f"kiosk: {lock} is {what}, not the plain lock file kiosk install keeps there; nothing was "
                   f"installed — remove {lock} (kiosk install makes its lock file again)\n")
    assert not (lib / "harvest").exists() and not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_update_names_what_has_its_lock_files_name_and_says_to_remove_it(tmp_path, keypair, published, kind):
    lib = tmp_path / "library"
    lock, what = taken(lib, fetch.LOCK_FILE, kind)
    outcome = fetch.check(fetch.Config(str(published), [keypair[1]], lib))
    assert (outcome.result, outcome.message) == (
        "failed", f"{lock} is {what}, not the plain lock file kiosk update keeps there; no look for updates was made; "
                  f"the kiosk keeps playing what it has — remove {lock} (kiosk update makes its lock file again)")
    assert not (lib / "harvest").exists()


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_a_state_file_that_cannot_be_written_again_says_remove_it_at_every_look(tmp_path, keypair, published, kind):
    """A damaged .kiosk-updates.json is written again whole by the next look; a folder or pipe by its
    name never is, so the message never promises that: it says to remove it, each time."""
    lib = tmp_path / "library"
    state, what = taken(lib, fetch.STATE_FILE, kind)
    fix = f"remove {state} (kiosk update writes it again at its next look)"
    for expected in ("updated", "current"):
        outcome = fetch.check(fetch.Config(str(published), [keypair[1]], lib))
        assert outcome.result == expected, outcome.message
        assert outcome.message.endswith(
            f" (note: {state} is {what}, not {fetch.STATE_ROLE}, so the kiosk cannot remember what it installed "
            f"from one look to the next — {fix})"), outcome.message
        assert "afresh" not in outcome.message
    followed = fetch.followed(lib, str(published))
    assert followed.deck == "harvest" and followed.fix == fix
    assert "writes the file again" not in followed.damaged.replace("once that is removed", "")
    state.rmdir() if kind == "folder" else state.unlink()
    assert fetch.check(fetch.Config(str(published), [keypair[1]], lib)).result == "current"
    assert fetch.State.load(lib).damaged is None and fetch.followed(lib, str(published)).damaged is None


def test_config_check_says_to_remove_a_folder_by_the_state_files_name(tmp_path, keypair, published, monkeypatch,
                                                                      capsys):
    pytest.importorskip("PySide6.QtGui", exc_type=ImportError)  # config --check checks the deck played
    lib = tmp_path / "library"
    assert fetch.check(fetch.Config(str(published), [keypair[1]], lib)).result == "updated"
    state = lib / fetch.STATE_FILE
    state.unlink()
    state.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'library = "{lib}"\nupdate_source = "{published}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    assert cli.main(["config", "--check"]) == 1
    err = capsys.readouterr().err
    assert f"{state}:1:1: error: is a folder, not {fetch.STATE_ROLE}" in err
    assert f"— remove {state} (kiosk update writes it again at its next look)" in err
    assert "kiosk update makes one now" not in err


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_publish_names_what_has_its_lock_files_name(tmp_path, keypair, kind):
    folder = tmp_path / "pub"
    lock, what = taken(folder, publish.LOCK_FILE, kind)
    with pytest.raises(feed.FeedError) as caught:
        publish.publish(make_deck(tmp_path / "deck"), keypair[0], folder, wait=0)
    assert str(caught.value) == (f"{lock} is {what}, not the plain lock file kiosk publish keeps there — remove "
                                 f"{lock} (kiosk publish makes its lock file again)")


def test_publish_names_a_folder_by_the_feeds_name_and_never_replaces_it(tmp_path, keypair):
    folder = tmp_path / "pub"
    (folder / feed.FEED_FILE).mkdir(parents=True)
    with pytest.raises(feed.FeedError) as caught:
        publish.publish(make_deck(tmp_path / "deck"), keypair[0], folder, wait=0)
    assert caught.value.what == f"{folder / feed.FEED_FILE} is a folder, not the plain feed file kiosk publish keeps there"
    assert caught.value.fix.startswith(f"move it out of {folder} and put a saved copy of its feed.json in its place")
    assert (folder / feed.FEED_FILE).is_dir() and not list(folder.glob("*.zip"))


def test_the_status_record_names_a_folder_by_its_name(tmp_path):
    folder = tmp_path / "status"
    record = folder / status.file_name("north")
    record.mkdir(parents=True)
    said = status.Tracker("north", folder, None).write(None, None, 1.0, None)
    assert said == (f"{record} is a folder, not the plain file this kiosk writes its status record to; no status "
                    f"record was written — remove {record} (the kiosk writes it again with its next record)")
    record.rmdir()
    assert status.Tracker("north", folder, None).write(None, None, 1.0, None) is None and record.is_file()


def test_a_socket_by_a_lock_files_name_is_named_too(tmp_path):
    lock = tmp_path / "s.lock"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(lock))
        except OSError:  # a path too long for a socket's name
            pytest.skip("no socket can be made here")
        with pytest.raises(kept.InTheWay, match=r"s\.lock is a socket, not the plain lock file kiosk x keeps there"):
            kept.ready_lock(lock, "kiosk x")


def test_a_plain_lock_file_or_none_is_ready(tmp_path):
    lock = tmp_path / "a.lock"
    kept.ready_lock(lock, "kiosk install")
    assert lock.is_file() and lock.read_bytes() == b""
    lock.write_bytes(b"kept")
    kept.ready_lock(lock, "kiosk install")
    assert lock.read_bytes() == b"kept"  # never emptied nor replaced


# -- a lock that cannot be made is said at once, never waited on as one held ---------------------------


@pytest.mark.skipif(not HAS_PROC, reason="no /proc")
def test_a_lock_file_in_a_folder_that_takes_no_files_is_refused_with_the_systems_reason():
    with pytest.raises(OSError) as caught:
        kept.ready_lock(Path("/proc") / library.LOCK_FILE, "kiosk install")
    assert caught.value.errno == errno.ENOENT and caught.value.filename == f"/proc/{library.LOCK_FILE}"
    reason, fix = outputs.advice(caught.value, "--library")
    assert "does not take new files" in reason and fix == "choose an ordinary folder with --library"


@pytest.mark.skipif(not HAS_PROC, reason="no /proc")
@pytest.mark.parametrize("place", ["/proc", "/proc/new-library", "/sys/kernel"])
def test_install_into_a_system_folder_is_refused_at_once(bundle, capsys, place):
    assert cli.main(["install", str(bundle), "--library", place]) == 1
    assert capsys.readouterr().err == (
        f"kiosk: cannot write into the library {place} (it is a folder of the system's own, which the kiosk never "
        "writes) — give a folder of your own, or the name of a new one with --library; nothing changed\n")


@pytest.mark.skipif(not HAS_PROC, reason="no /proc")
def test_every_lock_taker_says_a_folder_that_takes_no_files_rather_than_wait(bundle, tmp_path, keypair, monkeypatch):
    """Past the check for /proc and /sys (another file system may take no new files as /proc does),
    the lock itself says so: filelock alone would take ENOENT for a lock held and wait its 60 s."""
    monkeypatch.setattr(outputs, "refuse_system", lambda *args, **kwargs: None)
    with pytest.raises(OSError) as caught:
        install_named(bundle, Path("/proc"))
    assert not isinstance(caught.value, LibraryError) and caught.value.errno == errno.ENOENT
    outcome = fetch.check(fetch.Config(str(tmp_path / "pub"), [keypair[1]], Path("/proc")))
    assert outcome.result == "failed" and "does not take new files" in outcome.message
    with pytest.raises(OSError) as caught:
        publish._folder_lock(Path("/proc"), [], 60.0, None).__enter__()
    assert caught.value.errno == errno.ENOENT


@pytest.mark.skipif(not HAS_PROC, reason="no /proc")
def test_config_check_flags_a_library_in_a_system_folder(tmp_path, monkeypatch):
    from kiosk import settings

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('library = "/proc"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    effective = settings.load()
    assert [problem.message for problem in effective.problems] == [
        f"'library': /proc is a folder of the system's own, which takes no files, so no deck can be installed "
        f"there; using the default ({settings.paths.library()})"]
    assert effective.sources["library"] == "default"


# -- the one wording of what a path is --------------------------------------------------------------


@given(st.sampled_from(sorted(KINDS)), st.text(alphabet="abc.-_", min_size=1, max_size=12).filter(
    lambda name: name not in (".", "..")))
def test_any_kept_file_in_the_way_is_named_once_with_what_it_is_and_remove(kind, name):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path, what = taken(Path(folder), name, kind)
        found = kept.in_the_way(path, "the plain lock file kiosk x keeps there", "kiosk x makes it again")
        assert found is not None and found.what == what
        assert str(found) == (f"{path} is {what}, not the plain lock file kiosk x keeps there — remove {path} "
                              "(kiosk x makes it again)")
        assert str(found).count(what) == 1
        if kind == "link":
            assert kept.in_the_way(path, "r", "m", link_replaced=True) is None
