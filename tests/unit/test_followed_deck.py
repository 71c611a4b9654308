"""A damaged ``.kiosk-updates.json`` never makes a kiosk that follows ``update_source`` play the
bundled deck silently: it plays the installed deck the library still points at, and says so
(``kiosk config --check``, ``kiosk.log`` and the staff status page)."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import cli
from kiosk import settings as kiosk_settings
from kiosk.fleet import fetch


@pytest.fixture
def followed_library(tmp_path, keypair, published):
    """A library with 'harvest' installed from the published folder, and a second deck installed
    by hand beside it; returns (library, the state file's good bytes)."""
    library = tmp_path / "library"
    assert fetch.check(fetch.Config(str(published), [keypair[1]], library)).result == "updated"
    other = library / "other"
    shutil.copytree(library / "harvest", other)
    text = (other / "deck.yaml").read_text(encoding="utf-8")
    (other / "deck.yaml").write_text(text.replace("id: harvest", "id: other", 1), encoding="utf-8")
    state = library / fetch.STATE_FILE
    return library, state.read_bytes()


def test_a_readable_state_names_the_followed_deck(followed_library, published):
    library, _ = followed_library
    assert fetch.followed(library, str(published)) == fetch.Followed("harvest")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0, max_value=0.999))
def test_a_state_file_cut_short_anywhere_still_plays_the_deck_the_published_folder_names(
        followed_library, published, cut):
    library, good = followed_library
    state = library / fetch.STATE_FILE
    state.write_bytes(good[:int(len(good) * cut)])
    found = fetch.followed(library, str(published))
    assert found.deck == "harvest"
    assert found.file == state and found.damaged.startswith(f"{state} cannot be read")
    assert f"the kiosk plays 'harvest', the deck the feed.json of {published} names, until the next look" \
        in found.damaged


def test_a_web_source_plays_the_only_deck_installed_else_says_it_cannot_tell(followed_library):
    library, _ = followed_library
    (library / fetch.STATE_FILE).write_text('{"versions": {"harvest": 1}, "deck": "harv', encoding="utf-8")
    source = "https://example.org/kiosk/"
    found = fetch.followed(library, source)
    assert found.deck is None
    assert "the kiosk cannot tell which installed deck came from update_source, so it plays its default deck" \
        in found.damaged
    shutil.rmtree(library / "other")
    found = fetch.followed(library, source)
    assert found.deck == "harvest" and f"'harvest', the only deck installed in {library}," in found.damaged


def test_a_state_with_one_bad_field_keeps_the_deck_it_names(followed_library):
    library, good = followed_library
    (library / fetch.STATE_FILE).write_bytes(good.replace(b'"rejected": {}', b'"rejected": 5'))
    found = fetch.followed(library, "https://example.org/kiosk/")
    assert found.deck == "harvest" and "has a field the kiosk did not write as it is (rejected)" in found.damaged


@pytest.fixture
def follows(tmp_path, monkeypatch, keypair, published, followed_library):
    """Settings following ``published`` into the library, with no deck set."""
    library, _ = followed_library
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(folder))
    (folder / "settings.toml").write_text(f'update_source = "{published}"\ntrusted_keys = ["{keypair[1]}"]\n'
                                          f'library = "{library}"\n', encoding="utf-8")
    return library


def test_config_check_names_the_damaged_file_and_the_deck_played(follows, capsys):
    # config --check checks the deck played as kiosk run does, in the checking process, which reads
    # pictures with Qt's reader: without PySide6 no deck passes that check (see test_config_check).
    pytest.importorskip("PySide6.QtGui", exc_type=ImportError)
    library = follows
    assert cli.main(["config", "--check"]) == 0
    assert "harvest (from update_source)" in capsys.readouterr().out
    state = library / fetch.STATE_FILE
    state.write_text('{"versions": {"harvest": 1}, "deck": "harv', encoding="utf-8")
    assert kiosk_settings.load().deck_path() == library / "harvest"  # never the bundled deck
    assert cli.main(["config", "--check"]) == 1
    out, err = capsys.readouterr()
    assert "harvest (from update_source)" in out and "(bundled)" not in out
    assert f"{state}:1:1: error: cannot be read: it is not JSON" in err
    assert "the kiosk plays 'harvest', the deck the feed.json of" in err
    assert "kiosk update makes one now" in err


#: Ways a state file can be damaged, each losing the installed version: cut short, not JSON, a
#: list, the versions of the wrong kind, the versions emptied by hand.
DAMAGE = {
    "cut-short": lambda good: good[:len(good) // 2],
    "not-json": lambda good: b"\x00garbage",
    "a-list": lambda good: b"[]",
    "versions-wrong": lambda good: json.dumps({**json.loads(good), "versions": ["harvest", 1]}).encode(),
    "versions-gone": lambda good: b'{"deck": "harvest"}',
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_look_after_a_damaged_state_never_installs_again_the_version_installed(
        followed_library, published, keypair, damage):
    # "Already installed" is one rule (fetch._version_in): the version the state knows, and where it
    # cannot (damaged, started afresh), the installed files: the same version is not installed twice.
    library, good = followed_library
    state = library / fetch.STATE_FILE
    state.write_bytes(DAMAGE[damage](good))
    before = (library / "harvest" / "deck.yaml").stat()
    looked = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert (looked.result, looked.version) == ("current", 1), looked.message
    assert "already installed" in looked.message
    after = (library / "harvest" / "deck.yaml").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not replaced
    assert fetch.installed(library) == ("harvest", 1)  # the state knows it again
    assert fetch.check(fetch.Config(str(published), [keypair[1]], library)).message == \
        "'harvest' version 1 is the newest"


def test_a_new_version_after_a_damaged_state_is_installed(followed_library, published, keypair, tmp_path):
    from helpers.fleet import make_deck
    from kiosk.fleet.publish import publish

    library, _ = followed_library
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    (library / fetch.STATE_FILE).write_bytes(b"{")
    looked = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert (looked.result, looked.version) == ("updated", 2), looked.message
    assert "Harvest supper" in (library / "harvest" / "deck.yaml").read_text(encoding="utf-8")
    assert fetch.installed(library) == ("harvest", 2)


def test_a_deck_installed_by_hand_as_published_is_not_installed_again(tmp_path, published, keypair):
    from kiosk.library import install

    library = tmp_path / "library"
    install(next(published.glob("harvest-1.zip")), library)
    looked = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert (looked.result, looked.version) == ("current", 1), looked.message
    assert fetch.installed(library) == ("harvest", 1)
