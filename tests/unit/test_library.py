"""The deck library: listing, packing and installing bundles (zip slip, bombs, bad decks, atomic replace)."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT
from kiosk import bundle, cli, library, paths
from kiosk.library import LibraryError, install, list_decks, pack

GOOD = """\
deck:
  id: {id}
  title: {title}
  archive: true
slides:
  - {{id: welcome, type: title, title: {title}}}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def make_deck(folder: Path, deck_id: str = "harvest", title: str = "Harvest week") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(GOOD.format(id=deck_id, title=title), encoding="utf-8")
    return folder


def zip_of(path: Path, entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    return path


def visible(lib: Path) -> list[str]:
    """What is in a library besides its lock file (any other hidden name is a leftover); a library
    folder an install made and then refused is removed again."""
    if not lib.exists():
        return []
    return sorted(p.name for p in lib.iterdir() if p.name != library.LOCK_FILE)


def good_yaml(title: str = "Harvest week") -> bytes:
    return GOOD.format(id="harvest", title=title).encode()


def test_list_decks_reports_ids_titles_slides_and_problems(tmp_path):
    make_deck(tmp_path / "lib" / "harvest")
    broken = tmp_path / "lib" / "broken"
    broken.mkdir()
    (broken / "deck.yaml").write_text("deck: {id: broken}\nslides: []\n", encoding="utf-8")
    (tmp_path / "lib" / ".installing-x").mkdir()
    (tmp_path / "lib" / "notes").mkdir()  # no deck.yaml: not a deck
    entries = list_decks(tmp_path / "lib")
    assert [(e.id, e.title, e.slides, e.ok) for e in entries] == [("broken", "", 0, False),
                                                                   ("harvest", "Harvest week", 2, True)]
    assert entries[0].readable
    assert len(entries[0].errors) >= 2 and entries[1].errors == []
    assert list_decks(tmp_path / "nowhere") == []


def test_a_deck_with_mistakes_is_listed_by_what_could_be_read(tmp_path):
    mistaken = tmp_path / "lib" / "multi"
    mistaken.mkdir(parents=True)
    (mistaken / "deck.yaml").write_text(GOOD.format(id="church-week", title="Freedom Sunday").replace(
        "archive: true", "archive: maybe"), encoding="utf-8")
    garbled = tmp_path / "lib" / "garbled"
    garbled.mkdir()
    (garbled / "deck.yaml").write_text("deck: {id: x, title: \"Open\nslides: []\n", encoding="utf-8")
    first, second = list_decks(tmp_path / "lib")
    assert (first.id, first.title, first.slides, first.ok, first.readable) == ("garbled", "", 0, False, False)
    assert (second.id, second.title, second.slides, second.ok, second.readable) == (
        "church-week", "Freedom Sunday", 2, False, True)


def test_pack_then_install_round_trip(tmp_path):
    deck = make_deck(tmp_path / "src" / "anything")
    (deck / "photo.png").write_bytes(b"not read by this deck")
    (deck / ".hidden").write_text("left out", encoding="utf-8")
    bundle = pack(deck, tmp_path / "out" / "harvest.zip")
    with zipfile.ZipFile(bundle) as opened:
        assert sorted(opened.namelist()) == ["deck.yaml", "photo.png"]  # contents only, no folder
    entry = install(bundle, tmp_path / "lib")
    assert entry.id == "harvest" and entry.ok and entry.path == tmp_path / "lib" / "harvest"
    assert (entry.path / "photo.png").read_bytes() == b"not read by this deck"
    assert stat.S_IMODE(entry.path.stat().st_mode) & 0o055  # an ordinary folder, not a private one
    assert visible(tmp_path / "lib") == ["harvest"]  # nothing left behind


def test_pack_refuses_an_invalid_deck(tmp_path):
    deck = tmp_path / "bad"
    deck.mkdir()
    (deck / "deck.yaml").write_text("deck: {id: bad, title: Bad}\nslides: [{id: a, type: txet}]\n", encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        pack(deck, tmp_path / "bad.zip")
    assert caught.value.problems and not (tmp_path / "bad.zip").exists()


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "sub/../../evil", "..\\evil", "C:/evil", "C:evil"])
def test_zip_slip_is_refused_and_nothing_is_written(tmp_path, name):
    bundle = zip_of(tmp_path / "slip.zip", {"deck.yaml": good_yaml(), name: b"x"})
    lib = tmp_path / "lib"
    # C:evil is a name Windows reads as on drive C: (a file with ':' in its name elsewhere)
    with pytest.raises(LibraryError, match="read by Windows as a drive letter" if name == "C:evil"
                       else "outside the deck folder"):
        install(bundle, lib)
    assert visible(lib) == []
    assert not (tmp_path / "evil.txt").exists()


def test_a_symlink_in_the_bundle_is_refused(tmp_path):
    bundle = tmp_path / "link.zip"
    with zipfile.ZipFile(bundle, "w") as opened:
        opened.writestr("deck.yaml", good_yaml())
        link = zipfile.ZipInfo("photo.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        opened.writestr(link, "/etc/passwd")
    with pytest.raises(LibraryError, match="symbolic link"):
        install(bundle, tmp_path / "lib")


def test_oversize_and_bombs_are_refused(tmp_path, monkeypatch):
    # A compression bomb: 50 MB of zeros packs to about 50 kB.
    bomb = zip_of(tmp_path / "bomb.zip", {"deck.yaml": good_yaml(), "zeros.png": bytes(50 * 1024 * 1024)})
    with pytest.raises(LibraryError, match="compressed"):
        install(bomb, tmp_path / "lib")
    # Too large in total (limit lowered so the test stays small).
    monkeypatch.setattr(bundle, "MAX_TOTAL_BYTES", 1000)
    big = zip_of(tmp_path / "big.zip", {"deck.yaml": good_yaml(), "photo.png": b"x" * 2000},
                 compression=zipfile.ZIP_STORED)
    with pytest.raises(LibraryError, match="more than"):
        install(big, tmp_path / "lib")
    monkeypatch.setattr(bundle, "MAX_FILES", 3)
    many = zip_of(tmp_path / "many.zip", {"deck.yaml": good_yaml(), **{f"{i}.png": b"x" for i in range(5)}})
    with pytest.raises(LibraryError, match="at most 3"):
        install(many, tmp_path / "lib")
    assert visible(tmp_path / "lib") == []


def test_an_invalid_deck_or_a_damaged_bundle_never_replaces_a_good_one(tmp_path):
    lib = tmp_path / "lib"
    install(zip_of(tmp_path / "v1.zip", {"deck.yaml": good_yaml("Version one")}), lib)
    bad = zip_of(tmp_path / "bad.zip", {"deck.yaml": good_yaml("Version two").replace(b"helpline", b"helpln")})
    with pytest.raises(LibraryError, match="has errors") as caught:
        install(bad, lib)
    assert any("unknown slide type" in p.message for p in caught.value.problems)
    assert {p.file for p in caught.value.problems} == {f"{bad}: deck.yaml"}  # not the folder it was unpacked in
    data = (tmp_path / "v1.zip").read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])  # a half-copied bundle
    with pytest.raises(LibraryError, match="not a readable"):
        install(tmp_path / "cut.zip", lib)
    with pytest.raises(LibraryError, match="no deck.yaml"):
        install(zip_of(tmp_path / "empty.zip", {"readme.txt": b"hello"}), lib)
    assert [(e.id, e.title) for e in list_decks(lib)] == [("harvest", "Version one")]
    assert visible(lib) == ["harvest"]


def test_a_new_version_replaces_the_old_by_rename(tmp_path):
    lib = tmp_path / "lib"
    first = install(zip_of(tmp_path / "v1.zip", {"deck.yaml": good_yaml("Version one"), "old.png": b"o"}), lib)
    inode = first.path.stat().st_ino
    second = install(zip_of(tmp_path / "v2.zip", {"harvest/deck.yaml": good_yaml("Version two")}), lib)
    assert second.path == first.path and second.title == "Version two"
    assert second.path.stat().st_ino != inode  # a new folder renamed into place, not written into
    assert not (second.path / "old.png").exists()
    assert visible(lib) == ["harvest"]  # the old one is gone, no temporary left


def test_the_move_keeps_the_old_version_when_the_new_cannot_go_in(tmp_path, monkeypatch):
    """Without an atomic exchange: the old folder is renamed aside, and put back if the new one fails."""
    lib = tmp_path / "lib"
    install(zip_of(tmp_path / "v1.zip", {"deck.yaml": good_yaml("Version one")}), lib)
    monkeypatch.setattr(library, "_exchange", lambda a, b: False)
    real_rename = library.os.rename

    def failing(source, target):
        if Path(source).name.startswith(library.TEMP_PREFIX):
            raise OSError("disk trouble")
        return real_rename(source, target)

    monkeypatch.setattr(library.os, "rename", failing)
    with pytest.raises(OSError, match="disk trouble"):  # said by kiosk install as every write fault
        install(zip_of(tmp_path / "v2.zip", {"deck.yaml": good_yaml("Version two")}), lib)
    monkeypatch.setattr(library.os, "rename", real_rename)
    assert [(e.id, e.title) for e in list_decks(lib)] == [("harvest", "Version one")]
    install(zip_of(tmp_path / "v3.zip", {"deck.yaml": good_yaml("Version three")}), lib)
    assert [(e.id, e.title) for e in list_decks(lib)] == [("harvest", "Version three")]


def test_library_folder_is_the_user_data_folder_in_a_checkout_too():
    assert library.library_folder() == paths.data_dir() / "decks"
    assert library.library_folder() != ROOT / "slides"


def test_cli_decks_pack_install(tmp_path, capsys):
    deck = make_deck(tmp_path / "src" / "harvest")
    bundle = tmp_path / "harvest.zip"
    assert cli.main(["pack", str(deck), "--out", str(bundle)]) == 0
    assert cli.main(["install", str(bundle), "--library", str(tmp_path / "lib")]) == 0
    broken = tmp_path / "lib" / "broken"
    broken.mkdir()
    (broken / "deck.yaml").write_text("deck: {id: broken}\nslides: []\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["decks", "--library", str(tmp_path / "lib")]) == 1
    out = capsys.readouterr().out
    assert "harvest" in out and "Harvest week" in out and "2 slides  valid" in out
    assert "broken" in out and "INVALID: 2 errors" in out
    assert "(no title)" in out and "(cannot be read)" not in out  # it parses: only its fields are wrong
    assert cli.main(["decks", "--library", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == f"kiosk: no such folder: {tmp_path / 'nowhere'}\n"
    evil = zip_of(tmp_path / "evil.zip", {"../x": b"x"})
    assert cli.main(["install", str(evil), "--library", str(tmp_path / "lib")]) == 1
    assert "outside the deck folder" in capsys.readouterr().err
    assert cli.main(["pack", str(broken)]) == 1


def test_run_finds_a_deck_by_its_id_in_the_library(tmp_path, monkeypatch):
    lib = tmp_path / "lib"
    install(zip_of(tmp_path / "v1.zip", {"deck.yaml": good_yaml()}), lib)
    monkeypatch.chdir(tmp_path)
    assert library.resolve_deck(Path("harvest"), lib).folder == lib / "harvest"
    assert library.resolve_deck(Path("lib"), lib).folder == Path("lib")  # an existing folder is taken as it is
    assert library.resolve_deck(Path("nothing"), lib).folder == Path("nothing")  # and said to be missing
    assert library.resolve_deck(None, lib).folder == paths.default_deck()


def test_bundled_decks_are_always_available_beside_the_installed_ones(tmp_path):
    lib = tmp_path / "lib"
    assert [(e.id, e.bundled) for e in library.available_decks(lib)] == [("freedom-week-2019", True)], \
        "a fresh install (no library yet) still has the bundled deck"
    install(zip_of(tmp_path / "v1.zip", {"deck.yaml": good_yaml()}), lib)
    assert [(e.id, e.bundled) for e in library.available_decks(lib)] == [("harvest", False),
                                                                        ("freedom-week-2019", True)]
    assert library.find_deck("harvest", lib) == lib / "harvest"
    assert library.find_deck("freedom-week-2019", lib) == paths.default_deck()
    assert library.find_deck("no-such-deck", lib) is None
    assert library.find_deck("../lib", lib) is None


def test_an_installed_deck_replaces_the_bundled_one_of_the_same_id(tmp_path):
    lib = tmp_path / "lib"
    make_deck(lib / "freedom-week-2019", "freedom-week-2019", "Our own edition")
    entries = library.available_decks(lib)
    assert [(e.id, e.title, e.bundled) for e in entries] == [("freedom-week-2019", "Our own edition", False)]
    assert library.find_deck("freedom-week-2019", lib) == lib / "freedom-week-2019"


def test_cli_decks_lists_the_bundled_decks_marked(tmp_path, capsys):
    (tmp_path / "fresh").mkdir()
    assert cli.main(["decks", "--library", str(tmp_path / "fresh")]) == 0
    out = capsys.readouterr().out
    line = next(text for text in out.splitlines() if "freedom-week-2019" in text)
    assert "Freedom Week 2019" in line and line.endswith("(bundled)")


def test_run_names_a_missing_deck_and_where_it_was_looked_for(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "no-such-deck", "--headless", "--library", str(tmp_path / "lib")]) == 1
    err = capsys.readouterr().err
    assert f"no deck called 'no-such-deck' in {tmp_path / 'lib'} or the bundled decks" in err
    assert "has errors" not in err


def test_run_with_a_mistyped_deck_id_names_the_library_and_close_ids(tmp_path, monkeypatch, capsys):
    lib = tmp_path / "lib"
    make_deck(lib / "harvest")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "harvset", "--library", str(lib), "--headless"]) == 1
    err = capsys.readouterr().err
    assert err == (f"kiosk: no deck folder 'harvset' here, and no deck called 'harvset' in {lib} or the "
                   "bundled decks — did you mean 'harvest'?\n")
    assert library.close_ids("zzz", lib) == []


# --------------------------------------------------------------------------- a bundle where a deck is expected
def test_validate_checks_the_deck_inside_a_bundle_as_install_would_take_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = pack(make_deck(tmp_path / "src" / "harvest"), tmp_path / "harvest.zip")
    broken = zip_of(tmp_path / "broken.zip", {"harvest/deck.yaml": good_yaml().replace(b"type: title", b"type: txet")})
    empty = zip_of(tmp_path / "notes.zip", {"notes.txt": b"no deck here"})
    assert cli.main(["validate", "--no-fit", "harvest.zip"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("harvest.zip: valid, 2 slides")
    assert cli.main(["validate", "--no-fit", str(broken), str(empty)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{broken}: harvest/deck.yaml:6:25: error: slide 'welcome': unknown slide type 'txet'"), \
        "each problem names the file as the bundle stores it, at its line and column"
    assert out[1] == f"{broken}: invalid (1 error); 1 more check runs once the errors are fixed: pictures as the " \
                     "player reads them"
    assert out[2] == f"{empty}: error: the bundle has no deck.yaml (it holds 'notes.txt'); make it with kiosk pack DECK", \
        "about the bundle whole: no made-up place in it"
    assert out[3] == f"{empty}: invalid (1 error)"
    assert good.exists() and not list(tmp_path.glob(f"{library.TEMP_PREFIX}*")), "nothing is left unpacked"


def test_a_bundle_refused_whole_is_named_with_no_place_in_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hz").mkdir()
    with zipfile.ZipFile(tmp_path / "hz" / "abs.zip", "w") as archive:
        archive.writestr("deck.yaml", good_yaml())
        archive.writestr(zipfile.ZipInfo("/etc/evil.txt"), b"x")  # an absolute path entry
    assert cli.main(["validate", "--no-fit", "hz/abs.zip"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "hz/abs.zip: error: the bundle holds '/etc/evil.txt', a path outside the deck folder",
        "hz/abs.zip: invalid (1 error)"]
    assert cli.main(["install", "hz/abs.zip", "--library", str(tmp_path / "lib")]) == 1
    err = capsys.readouterr().err
    assert "hz/abs.zip: the bundle holds '/etc/evil.txt', a path outside the deck folder" in err
    assert ":1:1" not in err


def test_a_bundle_given_to_run_render_or_pack_is_named_and_how_to_use_it_said(tmp_path):
    from kiosk.deck import load_deck

    bundle = pack(make_deck(tmp_path / "src" / "harvest"), tmp_path / "harvest.zip")
    resolved = library.resolve_deck(bundle, tmp_path / "lib")  # kiosk run, kiosk config, the setting deck
    assert "is a deck bundle (.zip), not a deck folder: install it with kiosk install" in resolved.problem
    (problem,) = load_deck(bundle).problems  # kiosk render, pack, publish
    assert (problem.line, problem.col, problem.message) == (0, 0, "file is a .zip deck bundle, not a deck")
    assert str(problem).startswith(f"{bundle}: error: file is a .zip deck bundle"), "no place in it: the bundle whole"
    assert "kiosk validate" in problem.hint and "kiosk install" in problem.hint
    text = tmp_path / "deck.zip"
    text.write_text("deck: {}\n", encoding="utf-8")  # named .zip, but text: said so, never read as a deck
    assert "is named like a deck bundle (.zip) but is not a zip file" in library.resolve_deck(text, tmp_path / "lib").problem


# -- one rule for what a pack carries: kiosk pack, kiosk publish and kiosk validate's warning --


@pytest.mark.parametrize("make", ["link", "device-name", "zeros"])
def test_validate_warns_of_what_pack_refuses(tmp_path, make):
    from kiosk.deck import load_deck

    deck = make_deck(tmp_path / "harvest")
    if make == "link":
        (deck / "passwd").symlink_to("/etc/passwd")  # not used by any slide
    elif make == "zeros":
        (deck / "zeros.bin").write_bytes(bytes(3_000_000))  # packs over a thousand times smaller
    else:
        (deck / "aux.png").write_bytes(b"x")
    result = load_deck(deck)
    assert result.ok, "the deck still plays: the file is not one it shows"
    [warning] = [p for p in result.problems if p.message.startswith("kiosk pack would refuse")]
    assert warning.severity == "warning" and (warning.line, warning.col) == (1, 1)
    with pytest.raises(LibraryError) as refused:
        pack(deck, tmp_path / "out.zip")
    assert warning.message.removeprefix("kiosk pack would refuse this deck folder: ") in str(refused.value)
    assert warning.hint in str(refused.value)


def test_a_bundle_left_in_the_deck_folder_is_never_packed_again(tmp_path):
    deck = make_deck(tmp_path / "harvest")
    stale = pack(deck, deck / "packme.zip")  # an older bundle, written into the deck folder
    (deck / "old.zip.part").write_bytes(b"x")
    (deck / "harvest-1.zip.minisig").write_text("sig", encoding="utf-8")
    (deck / "events.jsonl").write_text("{}\n", encoding="utf-8")
    assert stale.exists()
    out = pack(deck, tmp_path / "new.zip")
    with zipfile.ZipFile(out) as opened:
        assert opened.namelist() == ["deck.yaml"]


def test_publish_packs_by_the_same_rule(tmp_path):
    from kiosk.fleet import keys
    from kiosk.fleet.publish import publish

    deck = make_deck(tmp_path / "harvest")
    pack(deck, deck / "packme.zip")
    secret, _ = keys.new_key_pair(tmp_path / "key")
    feed = publish(deck, secret, tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / feed.file) as opened:
        assert opened.namelist() == ["deck.yaml"]


def test_installing_a_deck_with_a_bundled_decks_id_says_it_is_played_instead(tmp_path, capsys):
    lib = tmp_path / "lib"
    bundled = zip_of(tmp_path / "fw.zip", {"deck.yaml": GOOD.format(id="freedom-week-2019", title="Ours").encode()})
    assert cli.main(["install", str(bundled), "--library", str(lib)]) == 0
    said = capsys.readouterr().out
    assert "installed 'freedom-week-2019'" in said
    assert "played instead of the bundled deck 'freedom-week-2019'" in said
    assert f"remove {lib / 'freedom-week-2019'} to play the bundled one again" in said
    assert library.find_deck("freedom-week-2019", lib) == lib / "freedom-week-2019"  # as the message says
    assert cli.main(["install", str(zip_of(tmp_path / "h.zip", {"deck.yaml": good_yaml()})), "--library", str(lib)]) == 0
    assert "bundled" not in capsys.readouterr().out  # a deck of its own id replaces nothing bundled


def test_an_update_with_a_bundled_decks_id_says_it_is_played_instead(tmp_path, keypair, monkeypatch, capsys):
    # kiosk update installs as kiosk install does, and says the same of a bundled deck's id.
    from kiosk.fleet.publish import publish

    lib = tmp_path / "lib"
    publish(make_deck(tmp_path / "fw", deck_id="freedom-week-2019", title="Ours"), keypair[0], tmp_path / "pub")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'trusted_keys = ["{keypair[1]}"]\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    assert cli.main(["update", "--source", str(tmp_path / "pub"), "--library", str(lib)]) == 0
    said = capsys.readouterr().out
    assert "updated: installed 'freedom-week-2019' version 1" in said
    assert "played instead of the bundled deck 'freedom-week-2019'" in said
    assert f"remove {lib / 'freedom-week-2019'} to play the bundled one again" in said
    assert library.find_deck("freedom-week-2019", lib) == lib / "freedom-week-2019"
    publish(make_deck(tmp_path / "h"), keypair[0], tmp_path / "pub2")
    assert cli.main(["update", "--source", str(tmp_path / "pub2"), "--library", str(lib)]) == 0
    assert "bundled" not in capsys.readouterr().out  # a deck of its own id replaces nothing bundled


def test_the_child_that_reads_library_folders_limits_itself_first():
    """`python -m kiosk.library` (deck ids, folder verdicts) caps its memory and processor time
    before it reads any folder, as the deck checker's child does (kiosk.limits)."""
    import resource
    import subprocess
    import sys

    from kiosk.library import CHILD_MEMORY_BYTES, IDS_TIMEOUT

    code = ("import resource, runpy, sys\nsys.argv = ['kiosk.library', '--ids']\n"
            "runpy.run_module('kiosk.library', run_name='__main__')\n"
            "print(resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_CPU)[0])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    memory, cpu = (int(value) for value in done.stdout.split()[-2:])
    soft_as = resource.getrlimit(resource.RLIMIT_AS)[0]
    assert memory == (CHILD_MEMORY_BYTES if soft_as == resource.RLIM_INFINITY else min(CHILD_MEMORY_BYTES, soft_as))
    assert 0 < cpu <= IDS_TIMEOUT + 1


# -- a deck.yaml that is not a plain file: listed as invalid with why, never hidden --


def _deck_file_of_kind(deck_yaml: Path, kind: str) -> str:
    """Make ``deck_yaml`` a thing of ``kind``; return the words kiosk validate's reason holds."""
    import os
    import socket

    if kind == "fifo":
        os.mkfifo(deck_yaml)
        return "it is a named pipe (FIFO), not a file"
    if kind == "folder":
        deck_yaml.mkdir()
        return "it is a folder, not a file"
    if kind == "socket":
        listener = socket.socket(socket.AF_UNIX)
        try:
            listener.bind(os.fspath(deck_yaml))
        except OSError as exc:
            pytest.skip(f"no socket can be made here ({exc})")
        finally:
            listener.close()
        return "it is a socket, not a file"
    if kind == "device":
        try:
            os.mknod(deck_yaml, stat.S_IFCHR | 0o644, os.makedev(1, 3))
        except OSError as exc:
            pytest.skip(f"no device can be made here ({exc})")
        return "it is a device, not a file"
    if kind == "dangling-link":
        deck_yaml.symlink_to("nowhere.yaml")
        return "it is a link to 'nowhere.yaml', which is not there"
    if kind == "link-loop":
        deck_yaml.symlink_to(deck_yaml.name)
        return "Too many levels of symbolic links"
    assert kind == "unreadable"
    if os.geteuid() == 0:
        pytest.skip("permissions do not stop root from reading")
    deck_yaml.write_text(GOOD.format(id="odd", title="Odd"), encoding="utf-8")
    deck_yaml.chmod(0)
    return "Permission denied"


@pytest.mark.parametrize("kind", ["fifo", "folder", "socket", "device", "dangling-link", "link-loop", "unreadable"])
def test_a_deck_file_of_any_kind_is_listed_invalid_with_why_and_run_says_it_has_errors(tmp_path, kind, capsys,
                                                                                           monkeypatch):
    from kiosk.deck import load_deck

    lib = tmp_path / "lib"
    make_deck(lib / "harvest")
    (lib / "odd").mkdir()
    reason = _deck_file_of_kind(lib / "odd" / "deck.yaml", kind)
    validate_says = [p.message for p in load_deck(lib / "odd").problems if p.severity == "error"]
    assert len(validate_says) == 1 and reason in validate_says[0], "one plain reason, never a wait on a pipe"
    entries = {entry.path.name: entry for entry in list_decks(lib)}
    assert sorted(entries) == ["harvest", "odd"], "the deck is listed, not hidden"
    assert not entries["odd"].ok and [p.message for p in entries["odd"].errors] == validate_says
    assert cli.main(["decks", "--library", str(lib)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = next(index for index, text in enumerate(out) if text.strip().startswith("odd "))
    assert "INVALID: 1 error" in out[line] and out[line + 1].strip() == validate_says[0]
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "odd", "--headless", "--cycles", "1", "--library", str(lib)]) == 1
    err = capsys.readouterr().err
    assert f"{lib / 'odd' / 'deck.yaml'} has errors" in err and reason in err
    assert "no deck" not in err
