"""A look at ``update_source`` that fails, is refused or stops part-way never changes the deck a
kiosk follows, also when it starts from a fresh state (no ``.kiosk-updates.json`` yet, a damaged one,
or one naming no deck): the state it writes names the deck the kiosk played before the look (the
installed deck the feed names, else the only deck installed), never none, so the kiosk never falls
back to its bundled deck while the deck it follows is installed (README, *Keeping many kiosks up
to date*)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.fleet import make_deck, rewrite_feed, sha
from kiosk import settings as kiosk_settings
from kiosk.fleet import fetch, keys
from kiosk.fleet.publish import publish


def follow(library: Path, published: Path, public: str) -> fetch.Outcome:
    return fetch.check(fetch.Config(str(published), [public], library))


def install_other(library: Path) -> None:
    """A second deck installed by hand beside the followed one (so "the only deck installed" cannot tell)."""
    other = library / "other"
    shutil.copytree(library / "harvest", other)
    text = (other / "deck.yaml").read_text(encoding="utf-8")
    (other / "deck.yaml").write_text(text.replace("id: harvest", "id: other", 1), encoding="utf-8")


@pytest.fixture
def following(tmp_path, keypair, published):
    """'harvest' version 1 installed by a look from ``published``, 'other' by hand beside it, and
    version 2 published (to be spoilt by each test); returns the library."""
    library = tmp_path / "library"
    assert follow(library, published, keypair[1]).result == "updated"
    install_other(library)
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    return library


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


def signed_by_another_key(published: Path, tmp_path: Path) -> None:
    secret, _ = keys.new_key_pair(tmp_path / "stranger")
    data = (published / "harvest-2.zip").read_bytes()
    rewrite_feed(published, signature=keys.sign(keys.load_secret(secret), data, "harvest", 2, "harvest-2.zip"))


def deck_errors(published: Path, tmp_path: Path, secret: Path) -> None:
    import zipfile

    bundle = published / "harvest-2.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("deck.yaml", "deck: {id: harvest, title: X}\nslides: [{id: a, type: txet}]\n")
    data = bundle.read_bytes()
    rewrite_feed(published, size=len(data), sha256=sha(data),
                 signature=keys.sign(keys.load_secret(secret), data, "harvest", 2, bundle.name))


#: Ways version 2 can be spoilt, each making the look fail or be refused: (what, result).
SPOILT = {
    "tampered": (lambda pub, tmp, secret: flip_a_byte(pub / "harvest-2.zip"), "rejected"),
    "bundle-missing": (lambda pub, tmp, secret: (pub / "harvest-2.zip").unlink(), "failed"),
    "cut-short": (lambda pub, tmp, secret: (pub / "harvest-2.zip").write_bytes(
        (pub / "harvest-2.zip").read_bytes()[:100]), "failed"),
    "another-key": (lambda pub, tmp, secret: signed_by_another_key(pub, tmp), "rejected"),
    "deck-errors": (lambda pub, tmp, secret: deck_errors(pub, tmp, secret), "rejected"),
    "feed-missing": (lambda pub, tmp, secret: (pub / "feed.json").rename(tmp / "feed.json"), "failed"),
    "feed-not-json": (lambda pub, tmp, secret: (pub / "feed.json").write_text("{", encoding="utf-8"), "failed"),
}

#: Ways the state can start afresh: damaged (as the tester did), gone, or naming no deck (as a look
#: that failed after damage wrote it before).
FRESH = {
    "damaged": lambda state: state.write_text('{"broken\n', encoding="utf-8"),
    "gone": lambda state: state.unlink(),
    "no-deck": lambda state: state.write_text('{"versions": {}, "deck": null}', encoding="utf-8"),
}


@pytest.mark.parametrize("fresh", sorted(FRESH))
@pytest.mark.parametrize("spoilt", sorted(SPOILT))
def test_a_look_that_fails_or_is_refused_from_a_fresh_state_keeps_the_followed_deck(
        following, published, keypair, tmp_path, spoilt, fresh):
    library = following
    spoil, result = SPOILT[spoilt]
    spoil(published, tmp_path, keypair[0])
    state = library / fetch.STATE_FILE
    FRESH[fresh](state)
    before = fetch.followed(library, str(published)).deck  # what plays before the look
    # Without a readable feed.json and with two decks installed the library cannot tell (the
    # bundled deck plays, as the README says); a readable one names 'harvest'.
    assert before == (None if spoilt.startswith("feed-") else "harvest")
    looked = follow(library, published, keypair[1])
    assert looked.result == result, looked.message
    found = fetch.followed(library, str(published))
    assert found.deck == before and found.damaged is None, found
    if state.exists():
        assert fetch.State.load(library).deck == before  # written again: the deck is kept, never lost
    assert (fetch.installed(library, str(published)) or [None])[0] == before  # the status record's deck
    if fresh == "damaged" and before:
        assert looked.message.endswith(f"was started afresh; it still follows '{before}')"), looked.message
    if spoilt == "feed-missing":  # the feed comes back: the deck it names plays again, before any look
        (tmp_path / "feed.json").rename(published / "feed.json")
        assert fetch.followed(library, str(published)).deck == "harvest"


def test_the_testers_steps_keep_the_campaign_playing(following, published, keypair, tmp_path, monkeypatch):
    # Version 1 followed, version 2 tampered with (refused), the state file damaged, then a look:
    # refused again, and the settings still play the installed deck, not the bundled one.
    library = following
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    (config / "settings.toml").write_text(f'update_source = "{published}"\ntrusted_keys = ["{keypair[1]}"]\n'
                                          f'library = "{library}"\n', encoding="utf-8")
    flip_a_byte(published / "harvest-2.zip")
    assert follow(library, published, keypair[1]).result == "rejected"
    (library / fetch.STATE_FILE).write_text('{"broken\n', encoding="utf-8")
    assert kiosk_settings.load().deck_path() == library / "harvest"
    looked = follow(library, published, keypair[1])
    assert looked.result == "rejected" and "SHA-256" in looked.message
    assert json.loads((library / fetch.STATE_FILE).read_text(encoding="utf-8"))["deck"] == "harvest"
    effective = kiosk_settings.load()
    assert effective.deck_path() == library / "harvest"
    assert effective.followed() == fetch.Followed("harvest")  # config --check: nothing damaged now
    # The next good version is installed as ever, and its version known again.
    publish(make_deck(tmp_path / "deck", title="Harvest feast"), keypair[0], published)
    assert follow(library, published, keypair[1]).result == "updated"
    assert fetch.installed(library, str(published)) == ("harvest", 3)


def test_a_damaged_copy_of_the_feed_kept_in_a_state_naming_no_deck_keeps_the_followed_deck(
        following, published, keypair):
    library = following
    state = library / fetch.STATE_FILE
    assert follow(library, published, keypair[1]).result == "updated"  # version 2: the feed's tag kept
    kept = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps({**kept, "deck": None, "versions": {}, "feed": {"version": "x"}}), encoding="utf-8")
    looked = follow(library, published, keypair[1])
    assert looked.result == "failed" and "read afresh at the next look" in looked.message
    assert fetch.State.load(library).deck == "harvest"


def test_a_deck_installed_by_hand_as_published_plays_before_any_look_and_after_one_that_fails(
        tmp_path, published, keypair):
    from kiosk.library import install

    library = tmp_path / "library"
    install(published / "harvest-1.zip", library)
    install_other(library)  # the feed names 'harvest': another deck beside it changes nothing
    assert fetch.followed(library, str(published)) == fetch.Followed("harvest")
    assert fetch.installed(library, str(published)) == ("harvest", None)  # version unknown until a look
    flip_a_byte(published / "harvest-1.zip")  # a sync under way: the bundle differs from the feed
    assert follow(library, published, keypair[1]).result == "rejected"
    assert fetch.followed(library, str(published)) == fetch.Followed("harvest")
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    assert follow(library, published, keypair[1]).result == "updated"
    assert fetch.installed(library, str(published)) == ("harvest", 2)


def test_a_web_feed_names_the_deck_a_fresh_state_follows(tmp_path, published, keypair):
    # A web source cannot be read offline, so with two decks installed the kiosk cannot tell which
    # it follows until a look reads the feed: then the installed deck it names is followed, even
    # when the new version it offers is refused.
    import ssl

    import trustme

    from helpers.fleet import Server

    library = tmp_path / "library"
    assert follow(library, published, keypair[1]).result == "updated"
    install_other(library)
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    flip_a_byte(published / "harvest-2.zip")
    (library / fetch.STATE_FILE).write_text('{"broken\n', encoding="utf-8")
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    served = Server(published, context)
    try:
        assert fetch.followed(library, served.url).deck is None
        looked = fetch.check(fetch.Config(served.url, [keypair[1]], library, tmp_path / "ca.pem"))
    finally:
        served.close()
    assert looked.result == "rejected" and "SHA-256" in looked.message
    assert fetch.followed(library, served.url) == fetch.Followed("harvest")


# ----------------------------------------------------------------- any sequence

#: What can happen between looks: a good version published, one whose bundle is damaged on the way,
#: one whose bundle never arrives, the state file damaged, deleted, or written naming no deck.
STEPS = ["good", "tampered", "missing", "damaged", "gone", "no-deck", "look"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(STEPS), min_size=1, max_size=8))
def test_no_sequence_of_publishes_and_damage_makes_the_kiosk_forget_its_deck(tmp_path, keypair, steps):
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    published, library, deck = root / "pub", root / "library", make_deck(root / "deck")
    publish(deck, keypair[0], published)
    assert follow(library, published, keypair[1]).result == "updated"
    install_other(library)
    state = library / fetch.STATE_FILE
    for step in steps:
        if step in ("good", "tampered", "missing"):
            bundle = published / publish(deck, keypair[0], published).file
            if step == "tampered":
                flip_a_byte(bundle)
            elif step == "missing":
                bundle.unlink()
        elif step in FRESH:
            if state.exists():
                FRESH[step](state)
        else:
            looked = follow(library, published, keypair[1])
            assert fetch.State.load(library).deck == "harvest", (steps, looked)
        assert fetch.followed(library, str(published)).deck == "harvest", steps
        assert fetch.installed(library, str(published))[0] == "harvest", steps
