"""Fleet updates: signing, publishing, following a published folder over HTTPS or a synced folder,
status records and the fleet table."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import stat
import subprocess
import zipfile

import pytest
import trustme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from helpers.fleet import Server, make_deck, rewrite_feed, sha
from kiosk.fleet import feed, fetch, keys, status
from kiosk.fleet.publish import LOCK_FILE, LibraryError, publish


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture
def server(published, ca):
    context = ssl_context(ca)
    served = Server(published, context)
    yield served
    served.close()


def ssl_context(ca, **dates):
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", **dates).configure_cert(context)
    return context


def config(tmp_path, source, trusted, ca=None, **more) -> fetch.Config:
    ca_file = None
    if ca is not None:
        ca_file = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
    return fetch.Config(source, [trusted], tmp_path / "library", ca_file, **more)


def title_installed(tmp_path) -> str:
    return (tmp_path / "library" / "harvest" / "deck.yaml").read_text(encoding="utf-8").split("title: ")[1].split("\n")[0]


def leftovers(tmp_path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "library").iterdir() if p.name.startswith(fetch.DOWNLOAD_PREFIX))


# ----------------------------------------------------------------- keys and publishing

def test_key_pair_is_minisign_and_the_secret_is_private(tmp_path, keypair, published):
    secret, public = keypair
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert public.startswith("RW") and secret.read_text().startswith("untrusted comment: minisign")
    with pytest.raises(keys.SignatureError, match="already exists"):
        keys.new_key_pair(secret.parent)
    data = feed.read(published)
    assert data.version == 1 and data.file == "harvest-1.zip"
    bundle = published / data.file
    assert data.size == bundle.stat().st_size and data.sha256 == sha(bundle.read_bytes())
    assert (published / "harvest-1.zip.minisig").read_text() == data.signature
    signed = keys.verify(bundle, data.signature, [public])
    assert (signed.deck, signed.version) == ("harvest", 1)
    tool = shutil.which("minisign")
    if tool:  # the standard tool checks it by hand, too
        checked = subprocess.run([tool, "-Vm", str(bundle), "-P", public], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        assert "deck:harvest version:1" in checked.stdout


def test_publish_counts_up_keeps_old_versions_and_refuses_errors(tmp_path, keypair, published):
    deck = make_deck(tmp_path / "deck", title="Harvest supper")
    new = publish(deck, keypair[0], published)
    assert new.version == 2 and [old.version for old in new.older] == [1]
    assert (published / "harvest-1.zip").is_file() and (published / "harvest-2.zip").is_file()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "deck.yaml").write_text("deck: {id: harvest, title: X}\nslides: [{id: a, type: txet}]\n")
    with pytest.raises(LibraryError) as refused:
        publish(broken, keypair[0], published)
    assert refused.value.problems and feed.read(published).version == 2
    with pytest.raises(feed.FeedError, match="already holds the deck 'harvest'"):
        publish(make_deck(tmp_path / "other", deck_id="other"), keypair[0], published)
    assert sorted(p.name for p in published.iterdir() if p.name.startswith(".")) == [LOCK_FILE]


# ----------------------------------------------------------------- over HTTPS

def test_first_install_then_a_304_then_a_new_version(tmp_path, keypair, published, server, ca):
    cfg = config(tmp_path, server.url, keypair[1], ca)
    first = fetch.check(cfg)
    assert first.result == "updated" and first.version == 1, first.message
    assert title_installed(tmp_path) == "Harvest week"
    server.requests.clear()
    again = fetch.check(cfg)
    assert again.result == "current" and server.requests == [("/feed.json", 304)]
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    newer = fetch.check(cfg)
    assert newer.result == "updated" and newer.version == 2 and title_installed(tmp_path) == "Harvest supper"
    assert fetch.installed(cfg.library) == ("harvest", 2)
    assert leftovers(tmp_path) == []


def test_a_tampered_bundle_is_never_installed(tmp_path, keypair, published, server, ca):
    cfg = config(tmp_path, server.url, keypair[1], ca)
    assert fetch.check(cfg).result == "updated"
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    bundle = published / "harvest-2.zip"
    data = bytearray(bundle.read_bytes())
    data[-30] ^= 0xFF
    bundle.write_bytes(bytes(data))
    hashed = fetch.check(cfg)
    assert hashed.result == "rejected" and "SHA-256" in hashed.message
    rewrite_feed(published, sha256=sha(bytes(data)))  # the attacker changed the feed as well
    signed = fetch.check(cfg)
    assert signed.result == "rejected" and "does not match the file" in signed.message
    assert title_installed(tmp_path) == "Harvest week" and fetch.installed(cfg.library) == ("harvest", 1)
    server.requests.clear()
    assert fetch.check(cfg).result == "rejected"  # remembered: not downloaded again
    assert [path for path, _ in server.requests] == ["/feed.json"]


def test_another_key_and_an_unsigned_bundle_are_refused(tmp_path, keypair, published, server, ca):
    _, stranger = keys.new_key_pair(tmp_path / "stranger")
    refused = fetch.check(config(tmp_path, server.url, stranger.read_text().splitlines()[-1], ca))
    assert refused.result == "rejected" and "not in trusted_keys" in refused.message
    rewrite_feed(published, signature="")
    unsigned = fetch.check(config(tmp_path, server.url, keypair[1], ca))
    assert unsigned.result == "rejected" and "not signed" in unsigned.message
    assert not (tmp_path / "library" / "harvest").exists()


def test_an_older_version_replayed_is_refused(tmp_path, keypair, published, server, ca):
    old_feed = (published / "feed.json").read_bytes()
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    cfg = config(tmp_path, server.url, keypair[1], ca)
    assert fetch.check(cfg).version == 2
    (published / "feed.json").write_bytes(old_feed)  # yesterday's feed served again
    replay = fetch.check(cfg)
    assert replay.result == "rejected" and "older than version 2" in replay.message
    # The old bundle dressed up as version 3: its signature still says version 1.
    old = json.loads(old_feed)
    rewrite_feed(published, **{**old, "version": 3})
    dressed = fetch.check(cfg)
    assert dressed.result == "rejected" and "signature is for 'harvest' version 1" in dressed.message
    assert title_installed(tmp_path) == "Harvest supper"


def test_server_down_cut_and_slow_fail_and_keep_the_deck(tmp_path, keypair, published, server, ca):
    cfg = config(tmp_path, server.url, keypair[1], ca, timeout=0.5)
    assert fetch.check(cfg).result == "updated"
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    server.mode = "cut"
    cut = fetch.check(cfg)
    assert cut.result == "failed" and ("cut" in cut.message or "stopped at" in cut.message), cut.message
    server.mode, server.delay = "slow", 2.0
    slow = fetch.check(cfg)
    assert slow.result == "failed" and "did not answer within 0.5 s" in slow.message
    server.mode = ""
    server.close()
    down = fetch.check(cfg)
    assert down.result == "failed" and "cannot reach" in down.message
    assert title_installed(tmp_path) == "Harvest week" and leftovers(tmp_path) == []


def test_a_clock_far_wrong_is_named(tmp_path, keypair, published, ca):
    # A certificate valid only from next year is what a kiosk whose clock is a year behind sees.
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    served = Server(published, ssl_context(ca, not_before=future, not_after=future + dt.timedelta(days=30)))
    try:
        outcome = fetch.check(config(tmp_path, served.url, keypair[1], ca))
    finally:
        served.close()
    assert outcome.result == "failed" and "clock" in outcome.message and "not yet valid" in outcome.message


def test_a_full_disk_while_downloading(tmp_path, keypair, published, server, ca):
    class Full:
        def __init__(self, path):
            self.file = path.open("wb")

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    def open_temp(folder):
        path = folder / (fetch.DOWNLOAD_PREFIX + "test.zip")
        return Full(path), path

    outcome = fetch.check(config(tmp_path, server.url, keypair[1], ca), open_temp=open_temp)
    assert outcome.result == "failed" and "the disk is full" in outcome.message
    assert leftovers(tmp_path) == [] and not (tmp_path / "library" / "harvest").exists()


def test_a_signed_bundle_with_deck_errors_is_refused(tmp_path, keypair, published, server, ca):
    bundle = published / "harvest-2.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("deck.yaml", "deck: {id: harvest, title: X}\nslides: [{id: a, type: txet}]\n")
    data = bundle.read_bytes()
    signature = keys.sign(keys.load_secret(keypair[0]), data, "harvest", 2, bundle.name)
    rewrite_feed(published, version=2, file=bundle.name, size=len(data), sha256=sha(data), signature=signature)
    outcome = fetch.check(config(tmp_path, server.url, keypair[1], ca))
    assert outcome.result == "rejected" and "txet" in outcome.message
    assert "\n  harvest-2.zip: deck.yaml:2:" in outcome.message, "named by the feed's file, not the download's"
    assert not (tmp_path / "library" / "harvest").exists()


# ----------------------------------------------------------------- a synced folder

def test_a_folder_synced_in_pieces_never_yields_half_a_bundle(tmp_path, keypair, published):
    publish(make_deck(tmp_path / "deck", title="Harvest supper"), keypair[0], published)
    mirror = tmp_path / "mirror"  # what the kiosk sees while a sync tool copies the folder over
    mirror.mkdir()
    cfg = config(tmp_path, str(mirror), keypair[1])
    assert fetch.check(cfg).result == "failed"  # nothing synced yet
    shutil.copy(published / "feed.json", mirror / "feed.json")  # the feed arrives first
    missing = fetch.check(cfg)
    assert missing.result == "failed" and "not in" in missing.message
    data = (published / "harvest-2.zip").read_bytes()
    (mirror / ".syncthing.harvest-2.zip.tmp").write_bytes(data[:100])  # a temporary name
    (mirror / "harvest-2.zip").write_bytes(data[:len(data) // 2])  # a tool that writes in place
    partial = fetch.check(cfg)
    assert partial.result == "failed" and f"stopped at {len(data) // 2} of {len(data)}" in partial.message
    os.replace(mirror / ".syncthing.harvest-2.zip.tmp", mirror / "harvest-2.zip")
    (mirror / "harvest-2.zip").write_bytes(data)
    done = fetch.check(cfg)
    assert done.result == "updated" and done.version == 2 and title_installed(tmp_path) == "Harvest supper"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(0, 0.999), flip=st.booleans())
def test_no_damaged_copy_is_ever_installed(tmp_path_factory, cut, flip):
    """Any bundle cut short, or with one byte changed, is refused, and the library is untouched."""
    root = tmp_path_factory.mktemp("fuzz")
    secret, public = keys.new_key_pair(root / "keys")
    folder = root / "pub"
    publish(make_deck(root / "deck"), secret, folder)
    bundle = folder / "harvest-1.zip"
    data = bytearray(bundle.read_bytes())
    at = int(cut * len(data))
    if flip:
        data[at] ^= 0x01
    else:
        del data[at:]
    bundle.write_bytes(bytes(data))
    outcome = fetch.check(fetch.Config(str(folder), [public.read_text().splitlines()[-1]], root / "library"))
    assert outcome.result in ("failed", "rejected"), outcome.message
    assert not (root / "library" / "harvest").exists()


@given(every=st.floats(1, 3600), failures=st.integers(0, 100), seed=st.integers(0, 2**32))
def test_back_off_grows_with_jitter_and_stays_bounded(every, failures, seed):
    import random

    delay = fetch.next_delay(every, failures, random.Random(seed))
    if failures == 0:
        assert delay == every
    else:
        ceiling = min(every * 2 ** min(failures, 30), max(fetch.MAX_BACKOFF, every))
        assert ceiling / 2 <= delay <= ceiling


# ----------------------------------------------------------------- status and the fleet table

def test_status_record_metrics_and_fleet_table(tmp_path):
    from prometheus_client.parser import text_string_to_metric_families

    tracker = status.Tracker("Library north/1", tmp_path / "status", tmp_path / "kiosk.prom")
    tracker.note(fetch.Outcome("rejected", "its signature does not match the file", "harvest", 3))
    assert tracker.write("harvest", 2, 5400.4, True) is None
    record = json.loads((tmp_path / "status" / "Library-north-1.json").read_text())
    assert record["deck_version"] == 2 and record["last_result"] == "rejected" and record["open"] is True
    assert set(record) == {"kiosk_name", "software", "deck", "deck_version", "last_check", "last_result",
                           "last_message", "last_error", "last_error_at", "uptime_seconds", "open", "written"}
    metrics = {s.name: s.value for family in text_string_to_metric_families((tmp_path / "kiosk.prom").read_text())
               for s in family.samples}
    assert metrics["kiosk_deck_version"] == 2 and metrics["kiosk_update_ok"] == 0 and metrics["kiosk_open"] == 1
    old = {**record, "kiosk_name": "<b>chapel</b>", "written": "2020-01-01T00:00:00Z"}
    (tmp_path / "status" / "chapel.json").write_text(json.dumps(old))
    (tmp_path / "status" / "junk.json").write_text("{not json")
    rows = status.read_fleet(tmp_path / "status", stale_after=30)
    text = status.table(rows, 30)
    assert "Library north/1  PROBLEM" in text and "STALE" in text and "UNREADABLE" in text
    page = status.page(rows, 30, tmp_path / "status")
    assert "&lt;b&gt;chapel&lt;/b&gt;" in page and "<script" not in page and 'class="stale"' in page


def test_kiosk_update_and_fleet_commands(tmp_path, keypair, published, monkeypatch, capsys):
    from kiosk.cli import main

    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "settings.toml").write_text(
        f'update_source = "{published}"\ntrusted_keys = ["{keypair[1]}"]\nlibrary = "{tmp_path / "library"}"\n'
        f'status_folder = "{tmp_path / "status"}"\nkiosk_name = "chapel"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config_dir))
    assert main(["update"]) == 0
    assert main(["update"]) == 0
    rewrite_feed(published, version=5)
    assert main(["update"]) == 1
    err = capsys.readouterr().err
    assert "rejected:" in err and "signature is for 'harvest' version 1" in err
    assert main(["fleet", str(tmp_path / "status"), "--html", str(tmp_path / "fleet.html")]) == 0
    out = capsys.readouterr().out
    assert "chapel" in out and "harvest" in out and "rejected" in out
    assert (tmp_path / "fleet.html").read_text().startswith("<!doctype html>")
    (config_dir / "settings.toml").write_text('update_source = "http://example.org/"\ntrusted_keys = ["nope"]\n')
    assert main(["config", "--check"]) == 1
    err = capsys.readouterr().err
    assert "use an https:// address" in err and "not a minisign public key" in err


# ----------------------------------------------------------------- end to end

def test_a_running_kiosk_follows_the_published_folder(tmp_path, keypair, published, server, ca):
    """publish v1: the kiosk plays it; v2: plays it within a poll and a slide; a tampered v3: keeps v2, says why."""
    import signal
    import sys
    import time

    from helpers.process import environment, read_events, wait_for_event

    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "settings.toml").write_text(
        f'update_source = "{server.url}"\ntrusted_keys = ["{keypair[1]}"]\nca_file = "{ca_file}"\n'
        f'library = "{tmp_path / "library"}"\nupdate_every = 0.02\ndeck_settle = 0.2\n'
        f'status_folder = "{tmp_path / "status"}"\nkiosk_name = "chapel"\n', encoding="utf-8")
    log = tmp_path / "events.jsonl"
    env = {**environment(), "KIOSK_CONFIG_DIR": str(config_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--headless", "--time-scale", "4",
                             "--log-json", str(log)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert wait_for_event(log, "update_installed")[0]["version"] == 1
        assert wait_for_event(log, "deck_reloaded")[0]["deck"] == "harvest"
        v2 = make_deck(tmp_path / "deck", title="Harvest supper")
        with (v2 / "deck.yaml").open("a", encoding="utf-8") as deck:
            deck.write("  - {id: supper, type: title, title: Supper}\n")
        publish(v2, keypair[0], published)
        assert wait_for_event(log, "update_installed", 2)[1]["version"] == 2
        assert wait_for_event(log, "deck_reloaded", 2)[1]["slides"] == 3
        new = publish(make_deck(tmp_path / "deck", title="Harvest party"), keypair[0], published)
        data = bytearray((published / new.file).read_bytes())
        data[-30] ^= 0xFF
        (published / new.file).write_bytes(bytes(data))
        rewrite_feed(published, sha256=sha(bytes(data)))
        rejected = wait_for_event(log, "update_rejected")
        assert rejected[0]["version"] == 3 and "does not match the file" in rejected[0]["reason"]
        shown = len([e for e in read_events(log) if e["event"] == "slide_shown"])
        wait_for_event(log, "slide_shown", shown + 2)  # the loop goes on
        record = tmp_path / "status" / "chapel.json"
        deadline = time.monotonic() + 30
        while json.loads(record.read_text()).get("last_result") != "rejected":
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "does not match the file" in err
    events = read_events(log)
    assert len([e for e in events if e["event"] == "deck_reloaded"]) == 2  # never the tampered one, never twice
    fleet = subprocess.run([sys.executable, "-m", "kiosk", "fleet", str(tmp_path / "status")],
                           capture_output=True, text=True, env=env, timeout=60)
    assert fleet.returncode == 0
    line = next(line for line in fleet.stdout.splitlines() if line.startswith("chapel"))
    assert "harvest" in line and " 2 " in line and "does not match the file" in line


class _Screen:
    """What the updater needs of the player: its deck and folder, and the swaps asked of it
    (deck id, folder, whether asked on the main thread)."""

    def __init__(self):
        from kiosk.deck import load_deck

        self.deck, self.folder, self.swaps = load_deck(BUNDLED).deck, BUNDLED, []

    def replace_deck(self, deck, folder, content=""):
        import threading

        self.swaps.append((deck.deck.id, folder, threading.current_thread() is threading.main_thread()))


def test_the_background_updater_hands_results_to_the_screen(tmp_path, keypair, published, qtbot):
    """Looks run off the screen's thread; results arrive by signal; failures back off."""

    from kiosk.events import EventLog
    from kiosk.qt.updates import UpdateOptions, Updater

    screen, log = _Screen(), EventLog(tmp_path / "events.jsonl")
    tracker = status.Tracker("porch", tmp_path / "status")
    updater = Updater(UpdateOptions(config(tmp_path, str(published), keypair[1]), tracker, every=3600, first=0),
                      screen, None, log)
    with qtbot.waitSignal(updater.finished, timeout=20_000) as done:
        updater.start()
    assert done.args[0].result == "updated"
    assert screen.swaps == [("harvest", tmp_path / "library" / "harvest", True)]
    assert status.CURRENT is tracker and tracker.summary().startswith("updated at")
    updater.options.config.source = str(tmp_path / "nowhere")
    for expected in (1, 2):
        with qtbot.waitSignal(updater.finished, timeout=20_000):
            updater.look()
        assert updater.failures == expected
    updater.stop()
    log.close()
    kinds = [json.loads(line)["event"] for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert kinds == ["update_installed", "update_failed"]  # the same failure is logged once
    assert json.loads((tmp_path / "status" / "porch.json").read_text())["last_result"] == "failed"
    status.CURRENT = None


def test_the_running_kiosk_logs_an_install_once_though_its_state_file_was_damaged(tmp_path, keypair, published,
                                                                                  qtbot):
    """A look after ``.kiosk-updates.json`` was damaged finds the version it installed already there
    (:func:`kiosk.fleet.fetch._version_in`): no second ``update_installed``, no second swap."""

    from kiosk.events import EventLog
    from kiosk.qt.updates import UpdateOptions, Updater

    screen, log = _Screen(), EventLog(tmp_path / "events.jsonl")
    updater = Updater(UpdateOptions(config(tmp_path, str(published), keypair[1]), status.Tracker("porch"),
                                    every=3600, first=0), screen, None, log)
    with qtbot.waitSignal(updater.finished, timeout=20_000) as done:
        updater.start()
    assert done.args[0].result == "updated"
    for damage in (b"{", b"[]", b'{"deck": "harvest"}'):  # cut short, not an object, the versions lost
        (tmp_path / "library" / fetch.STATE_FILE).write_bytes(damage)
        with qtbot.waitSignal(updater.finished, timeout=20_000) as done:
            updater.look()
        assert (done.args[0].result, done.args[0].version) == ("current", 1), done.args[0].message
    updater.stop()
    log.close()
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert [(e["event"], e.get("version")) for e in events] == [("update_installed", 1)]
    assert len(screen.swaps) == 1
    status.CURRENT = None
