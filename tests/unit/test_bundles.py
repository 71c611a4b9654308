"""Bundles as coordinators' own tools make them: macOS Finder, Windows Explorer, PowerShell
Compress-Archive, 7-Zip, Info-ZIP and older tools. Each habit is made here with :mod:`zipfile`
(names, flags, systems and attributes set as those tools set them) and installed for real."""

from __future__ import annotations

import errno
import io
import os
import re
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk import bundle, cli, library
from kiosk.deck import load_deck
from kiosk.library import LibraryError, install, list_decks, pack

DECK = """\
deck: {id: harvest, title: Harvest week, languages: [en]}
slides:
  - {id: photo, type: image, image: café.png, alt: A red picture}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""
NFC = "café.png"
NFD = unicodedata.normalize("NFD", NFC)
MS_DOS, UNIX = 0, 3  # ZipInfo.create_system ("made by", APPNOTE 4.4.2)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), "red").save(out, "PNG")
    return out.getvalue()


PNG = png()


class RawName(zipfile.ZipInfo):
    """An entry whose name is written as these exact bytes, UTF-8 flag (bit 11) as given, as old
    tools and macOS write names (zipfile itself always sets the flag for a name that is not ASCII)."""

    def __init__(self, raw: bytes, utf8_flag: bool = False, **kwargs) -> None:
        super().__init__(raw.decode("cp437"), **kwargs)
        self.raw, self.utf8_flag = raw, utf8_flag

    def _encodeFilenameFlags(self):  # zipfile's own name
        return self.raw, self.flag_bits | (0x800 if self.utf8_flag else 0)


def entry(name: str | bytes, *, system: int = UNIX, mode: int = 0o644, dos: int = 0x20, utf8: bool | None = None,
          extra: bytes = b"") -> zipfile.ZipInfo:
    """A zip entry as a tool writes it: name (str: UTF-8 flag when not ASCII, as 7-Zip and Info-ZIP
    do; bytes: written as is, flag only when ``utf8``), system, Unix mode bits and MS-DOS attributes."""
    if isinstance(name, bytes):
        info = RawName(name, utf8_flag=bool(utf8), date_time=(2024, 10, 1, 12, 0, 0))
    else:
        info = zipfile.ZipInfo(name, date_time=(2024, 10, 1, 12, 0, 0))
    info.create_system = system
    kind = 0 if stat.S_IFMT(mode) else stat.S_IFDIR if info.filename.endswith("/") else stat.S_IFREG
    info.external_attr = ((kind | mode) << 16 if system == UNIX else 0) | dos
    info.compress_type = zipfile.ZIP_DEFLATED
    info.extra = extra
    return info


def make_zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            archive.writestr(info if isinstance(info, zipfile.ZipInfo) else entry(info), data)
    return path


def installed(path: Path, lib: Path):
    """Install and check the deck arrived whole: the picture under its NFC name, no error."""
    deck = install(path, lib)
    assert deck.ok and deck.id == "harvest" and deck.path == lib / "harvest", deck.errors
    assert sorted(p.name for p in deck.path.iterdir()) == sorted(["deck.yaml", NFC])
    assert (deck.path / NFC).read_bytes() == PNG
    return deck


def refused(path: Path, lib: Path, *needles: str) -> str:
    """Install must refuse, saying each of ``needles``; the library is left as it was."""
    before = sorted(p.name for p in lib.iterdir()) if lib.exists() else []
    with pytest.raises(LibraryError) as caught:
        install(path, lib)
    message = str(caught.value)
    for needle in needles:
        assert needle in message, message
    after = sorted(p.name for p in lib.iterdir() if p.name != library.LOCK_FILE) if lib.exists() else []
    assert after == [n for n in before if n != library.LOCK_FILE]
    assert lib.exists() == bool(before)  # a library folder made for a refused install is not left
    return message


# -- the hostile cases ------------------------------------------------------------------------


def test_macos_finder_bundle_installs(tmp_path):
    """Finder's Compress: one top folder, __MACOSX/ with AppleDouble files, .DS_Store, NFD names
    in UTF-8 without the flag."""
    path = make_zip(tmp_path / "macos-finder.zip", [
        (entry("t/", mode=0o755), b""),
        (entry("t/deck.yaml"), DECK.encode()),
        (entry(f"t/{NFD}".encode()), PNG),
        (entry("__MACOSX/"), b""),
        (entry("__MACOSX/t/"), b""),
        (entry("__MACOSX/t/._deck.yaml"), b"\0\5\26\7" + b"\0" * 80),
        (entry(f"__MACOSX/t/._{NFD}".encode()), b"\0\5\26\7" + b"\0" * 80),
        (entry("t/.DS_Store"), b"\0\0\0\1Bud1" + b"\0" * 40),
        (entry("t/Icon\r"), b""),
    ])
    installed(path, tmp_path / "lib")


def test_a_duplicate_entry_is_a_clear_refusal(tmp_path, capsys):
    path = tmp_path / "duplicate-entry.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("deck.yaml", DECK)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("deck.yaml", DECK)
    assert cli.main(["install", str(path), "--library", str(tmp_path / "lib")]) == 1
    err = capsys.readouterr().err
    assert err == (f"kiosk: {path}: the bundle holds 'deck.yaml' twice; make the bundle again so each file is "
                   "in it once (kiosk pack DECK does); nothing was installed\n")


@pytest.mark.parametrize("kept", [-22, -100, 0.6], ids=["end-record", "directory", "into-the-files"])
def test_a_bundle_cut_short_says_so_in_plain_words(tmp_path, kept):
    """A bundle whose copy stopped early (its end, the list of what it holds, missing) is refused
    with what happened and what to do, not Python's words for it."""
    whole = make_zip(tmp_path / "whole.zip", [("deck.yaml", DECK.encode()), (NFC, PNG)]).read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[:kept if isinstance(kept, int) else int(len(whole) * kept)])
    message = refused(path, tmp_path / "lib", "is not a readable .zip bundle", "cut short", "copy it again")
    assert "File is not a zip file" not in message


@pytest.mark.parametrize("stored", [NFD, NFC], ids=["nfd", "nfc"])
def test_a_picture_is_found_whichever_unicode_form_the_bundle_holds(tmp_path, stored):
    path = make_zip(tmp_path / "nfd-name.zip", [("deck.yaml", DECK.encode()), (entry(stored), PNG)])
    installed(path, tmp_path / "lib")


# -- each tool's habits -----------------------------------------------------------------------


def test_windows_explorer_bundle_installs(tmp_path):
    """"Send to › Compressed folder": one top folder, MS-DOS system, names in code page 437 without
    the UTF-8 flag, folder entries, Thumbs.db and desktop.ini."""
    path = make_zip(tmp_path / "explorer.zip", [
        (entry("Harvest/", system=MS_DOS, dos=0x10), b""),
        (entry("Harvest/deck.yaml", system=MS_DOS), DECK.encode()),
        (entry(f"Harvest/{NFC}".encode("cp437"), system=MS_DOS), PNG),
        (entry("Harvest/Thumbs.db", system=MS_DOS, dos=0x22), b"\xd0\xcf\x11\xe0"),
        (entry("Harvest/desktop.ini", system=MS_DOS, dos=0x26), b"[.ShellClassInfo]\r\n"),
    ])
    installed(path, tmp_path / "lib")


def test_powershell_compress_archive_backslashes_install(tmp_path):
    """Windows PowerShell 5.1's Compress-Archive writes ``folder\\deck.yaml``."""
    path = make_zip(tmp_path / "powershell.zip", [
        (entry("Harvest\\deck.yaml", system=MS_DOS), DECK.encode()),
        (entry(f"Harvest\\{NFC}", system=MS_DOS), PNG),
    ])
    installed(path, tmp_path / "lib")


def test_7zip_and_info_zip_utf8_names_install(tmp_path):
    """7-Zip: UTF-8 flag; Info-ZIP on Linux: raw UTF-8 plus the Unicode Path extra field 0x7075."""
    seven = make_zip(tmp_path / "7zip.zip", [(entry("harvest/deck.yaml", system=MS_DOS), DECK.encode()),
                                             (entry(f"harvest/{NFC}", system=MS_DOS), PNG)])
    installed(seven, tmp_path / "lib")
    raw = NFC.encode("utf-8")
    field = b"\x01" + struct.pack("<I", zipfile.crc32(raw)) + raw
    info_zip = make_zip(tmp_path / "infozip.zip", [
        (entry("deck.yaml"), DECK.encode()),
        (entry(raw, extra=struct.pack("<HH", 0x7075, len(field)) + field), PNG)])
    installed(info_zip, tmp_path / "lib2")


def test_the_unicode_path_field_wins_over_the_old_code_page(tmp_path):
    old = NFC.encode("cp437")
    field = b"\x01" + struct.pack("<I", zipfile.crc32(old)) + NFC.encode()
    info = entry(old, extra=struct.pack("<HH", 0x7075, len(field)) + field)
    assert bundle.stored_name(info) == NFC
    stale = b"\x01" + struct.pack("<I", 0) + b"other.png"  # made for another name: ignored
    assert bundle.stored_name(entry(old, extra=struct.pack("<HH", 0x7075, len(stale)) + stale)) == NFC


def test_folder_entries_with_and_without_trailing_slash(tmp_path):
    """Old tools write folders without a trailing slash, marked by attribute or mode only."""
    deck = DECK.replace("image: café.png", "image: pics/café.png")
    path = make_zip(tmp_path / "folders.zip", [
        (entry("pics", system=MS_DOS, dos=0x10), b""),
        (entry("empty", system=UNIX, mode=0o755 | stat.S_IFDIR), b""),
        (entry("deck.yaml"), deck.encode()),
        (entry(f"pics/{NFC}"), PNG),
        (entry("more/"), b""),
    ])
    result = install(path, tmp_path / "lib")
    assert result.ok, result.errors
    assert (result.path / "pics" / NFC).read_bytes() == PNG
    assert (result.path / "empty").is_dir() and (result.path / "more").is_dir()


def test_a_bundle_with_data_descriptors_installs(tmp_path):
    """Sizes after the data (bit 3), as tools writing to a pipe or a stream do."""

    class Stream(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, chunk):
            self.data += chunk
            return len(chunk)

    stream = Stream()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("deck.yaml", DECK)
        archive.writestr(NFC, PNG)
    path = tmp_path / "stream.zip"
    path.write_bytes(bytes(stream.data))
    with zipfile.ZipFile(path) as archive:
        assert all(info.flag_bits & 0x08 for info in archive.infolist())
    installed(path, tmp_path / "lib")


@pytest.mark.parametrize("name", ["Deck.yaml", "DECK.YAML"])
def test_deck_yaml_in_capitals_is_taken_as_deck_yaml(tmp_path, name):
    installed(make_zip(tmp_path / "caps.zip", [(name, DECK.encode()), (NFC, PNG)]), tmp_path / "lib")


def test_a_deck_inside_folders_that_hold_nothing_else_installs(tmp_path):
    path = make_zip(tmp_path / "deep.zip", [("Desktop/", b""), ("Desktop/decks/harvest/deck.yaml", DECK.encode()),
                                            (f"desktop/Decks/harvest/{NFC}", PNG)])  # one folder on Windows
    installed(path, tmp_path / "lib")


def test_pack_writes_nfc_forward_slashes_and_the_utf8_flag_and_installs(tmp_path):
    deck = tmp_path / "src"
    (deck / "pics").mkdir(parents=True)
    (deck / "deck.yaml").write_text(DECK.replace("image: café.png", "image: pics/café.png"), encoding="utf-8")
    (deck / "pics" / NFC).write_bytes(PNG)
    notes = unicodedata.normalize("NFD", "notes/résumé.txt")  # as macOS may leave it on a USB stick
    (deck / "notes").mkdir()
    (deck / notes).write_bytes(b"words")
    for extra in (".DS_Store", "Thumbs.db", "desktop.ini", "._deck.yaml"):
        (deck / extra).write_bytes(b"x")
    os.utime(deck / "deck.yaml", (0, 0))  # dated 1970: before the zip format's first day
    path = pack(deck, tmp_path / "out.zip")
    with zipfile.ZipFile(path) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    assert sorted(infos) == ["deck.yaml", "notes/résumé.txt", f"pics/{NFC}"]
    assert infos[f"pics/{NFC}"].flag_bits & 0x800 and infos["notes/résumé.txt"].flag_bits & 0x800
    result = install(path, tmp_path / "lib")
    assert result.ok and (result.path / "pics" / NFC).read_bytes() == PNG
    assert (result.path / "notes" / "résumé.txt").read_bytes() == b"words"


def test_pack_refuses_two_files_that_would_be_one(tmp_path):
    deck = tmp_path / "src"
    deck.mkdir()
    (deck / "deck.yaml").write_text(DECK, encoding="utf-8")
    (deck / NFC).write_bytes(PNG)
    (deck / NFD).write_bytes(PNG)
    with pytest.raises(LibraryError, match="would be one file once installed"):
        pack(deck, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


# -- refusals, each with its true reason ------------------------------------------------------


@pytest.mark.parametrize(("entries", "needles"), [
    ([("a/p.png", b"1"), ("a\\p.png", b"2")], ["'a/p.png' and 'a\\p.png', which are the same file ('\\' is Windows's folder separator)"]),
    ([(NFC, PNG), (NFD, PNG)], [f"'{NFC}' and '{NFD}', which are the same name in two Unicode forms"]),
    ([("Photo.png", PNG), ("photo.png", PNG)], ["'Photo.png' and 'photo.png', whose names differ only in capital letters"]),
    ([("deck.yaml", DECK.encode()), ("DECK.YAML", DECK.encode())], ["'deck.yaml' and 'DECK.YAML'"]),
    ([("pics", b"file"), ("pics/p.png", PNG)], ["'pics' as a file and as the folder of 'pics/p.png'"]),
    ([("pics/", b""), ("pics", b"file")], ["'pics' both as a file and as a folder"]),
], ids=["separators", "unicode-forms", "case", "deck-yaml-case", "file-and-folder", "folder-then-file"])
def test_entries_that_are_one_file_are_refused_naming_both(tmp_path, entries, needles):
    path = make_zip(tmp_path / "dup.zip", [("deck.yaml", DECK.encode()), *entries]
                    if not any(n.lower() == "deck.yaml" for n, _ in entries) else entries)
    refused(path, tmp_path / "lib", *needles, "make the bundle again")


@pytest.mark.parametrize(("entries", "needles"), [
    ([("a/b/deck.yaml", DECK.encode()), ("a/readme.txt", b"x")],
     ["deck.yaml is in the folder 'a/b/'", "'a/readme.txt' is outside it"]),
    ([("t/deck.yaml", DECK.encode()), ("notes.txt", b"x")], ["in the folder 't/'", "'notes.txt' is outside it"]),
    ([("a/deck.yaml", DECK.encode()), ("b/deck.yaml", DECK.encode())],
     ["holds 2 decks ('a/deck.yaml', 'b/deck.yaml')"]),
    ([("deck.yaml.txt", DECK.encode())], ["no deck.yaml, but it holds 'deck.yaml.txt'", "second extension"]),
    ([("readme.txt", b"x"), ("p.png", PNG)], ["no deck.yaml (it holds 'readme.txt', 'p.png')"]),
    ([("__MACOSX/._deck.yaml", b"x"), ("empty/", b"")], ["holds no files"]),
    ([("../deck.yaml", DECK.encode())], ["'../deck.yaml', a path outside the deck folder"]),
    ([("..\\deck.yaml", DECK.encode())], ["'..\\deck.yaml', a path outside the deck folder"]),
    ([("deck.yaml", DECK.encode()), ("bad\x1bname.png", PNG)], ["'bad\\x1bname.png', a name with a control"]),
], ids=["two-deep-with-others", "beside-top-folder", "two-decks", "deck-yaml-txt", "none", "only-extras",
        "slip", "slip-backslash", "control-char"])
def test_layouts_refused_with_their_reason(tmp_path, entries, needles):
    message = refused(make_zip(tmp_path / "b.zip", entries), tmp_path / "lib", *needles)
    if "no deck.yaml" not in needles[0] and "holds no files" not in needles[0]:
        assert "no deck.yaml" not in message


def test_a_symlink_is_refused_with_its_reason(tmp_path):
    link = entry("t/photo.png", mode=0o777)
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = make_zip(tmp_path / "link.zip", [("t/deck.yaml", DECK.encode()), (link, b"/etc/passwd")])
    refused(path, tmp_path / "lib", "'t/photo.png', a symbolic link", "put the file itself in the deck folder")


def _patch(path: Path, name: str, local: int, central: int, value: int) -> None:
    """Set a 2-byte field of ``name`` in its local header (at offset ``local``) and its central
    directory record (at ``central``), for what zipfile will not write (Deflate64, a password flag)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        struct.pack_into("<H", data, archive.getinfo(name).header_offset + local, value)
    record = data.find(b"PK\x01\x02")
    while record >= 0:
        name_length = struct.unpack_from("<H", data, record + 28)[0]
        if data[record + 46:record + 46 + name_length] == name.encode():
            struct.pack_into("<H", data, record + central, value)
        record = data.find(b"PK\x01\x02", record + 4)
    path.write_bytes(bytes(data))


def test_a_password_or_an_unreadable_method_is_named(tmp_path):
    locked = make_zip(tmp_path / "locked.zip", [("deck.yaml", DECK.encode()), (NFC, PNG)])
    _patch(locked, "deck.yaml", 6, 8, 0x1)  # general purpose bit 0: encrypted
    refused(locked, tmp_path / "lib", "'deck.yaml' in the bundle is protected by a password")
    path = make_zip(tmp_path / "deflate64.zip", [("deck.yaml", DECK.encode()), (NFC, PNG)])
    _patch(path, NFC, 8, 10, 9)  # compression method 9: Deflate64
    refused(path, tmp_path / "lib", f"'{NFC}' in the bundle is compressed with Deflate64", "choose Deflate")


def test_a_damaged_entry_or_a_folder_or_a_missing_file_is_named(tmp_path):
    path = make_zip(tmp_path / "damaged.zip", [("deck.yaml", DECK.encode()), (NFC, PNG * 4)])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(NFC)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10:start + 30] = bytes(20)
    path.write_bytes(bytes(data))
    said = refused(path, tmp_path / "lib", f"'{NFC}' in the bundle is damaged", "copy the bundle again")
    assert any(words in said for words in ("its compressed data do not unpack", "its checksum does not match",
                                           "its data end too soon")), said  # in plain words, not zlib's
    refused(tmp_path, tmp_path / "lib", "is a folder, not a .zip bundle")
    long_name = "p" * 300 + ".png"  # more than a file system holds (255 bytes)
    refused(make_zip(tmp_path / "long.zip", [("deck.yaml", DECK.encode()), (long_name, PNG)]), tmp_path / "lib",
            f"the bundle holds '{'p' * 59}…{'p' * 16}.png', which is 304 bytes long, more than the 255 most file "
            "systems hold in a name; rename it")
    refused(tmp_path / "nothing.zip", tmp_path / "lib", "no such file")


# -- a bundle killed mid-install leaves nothing behind ----------------------------------------

KILLED_INSTALL = """
import os, signal, sys
from kiosk import cli, library
library._move_into_place = lambda staged, target: os.kill(os.getpid(), signal.SIGKILL)
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_an_install_killed_part_way_is_cleaned_at_the_next_start(tmp_path, capsys):
    lib = tmp_path / "lib"
    path = make_zip(tmp_path / "harvest.zip", [("harvest/deck.yaml", DECK.encode()), (f"harvest/{NFC}", PNG)])
    done = subprocess.run([sys.executable, "-c", KILLED_INSTALL, "install", str(path), "--library", str(lib)],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    staged = [p for p in lib.iterdir() if p.name.startswith(library.TEMP_PREFIX)]
    assert len(staged) == 1 and (staged[0] / "deck.yaml").is_file()  # unpacked, checked, never moved in
    assert cli.main(["decks", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert "harvest" not in out and "installing" not in out
    assert sorted(p.name for p in lib.iterdir()) == [library.LOCK_FILE]  # the leftover is gone
    installed(path, lib)  # and the next install goes through


def test_a_leftover_is_kept_while_an_install_is_under_way_and_removed_after(tmp_path):
    lib = tmp_path / "lib"
    staged = lib / f"{library.TEMP_PREFIX}abc"
    (staged / "harvest").mkdir(parents=True)
    (staged / "deck.yaml").write_text(DECK, encoding="utf-8")
    with FileLock(lib / library.LOCK_FILE):  # another process's install, holding the lock
        assert list_decks(lib) == [] and staged.is_dir()
        assert library.find_deck("harvest", lib) is None and staged.is_dir()
    assert library.find_deck("harvest", lib) is None and not staged.exists()  # as `kiosk run harvest` starts
    assert list_decks(lib) == []


def test_a_deck_set_aside_by_a_killed_install_is_put_back(tmp_path):
    """Without an atomic exchange the old version is renamed aside first; a kill just then must not lose it."""
    lib = tmp_path / "lib"
    aside = lib / f"{library.REPLACED_PREFIX}abc" / "harvest"
    aside.mkdir(parents=True)
    (aside / "deck.yaml").write_text(DECK.replace("café.png", "missing.png"), encoding="utf-8")
    assert [(e.id, e.path) for e in list_decks(lib)] == [("harvest", lib / "harvest")]
    assert sorted(p.name for p in lib.iterdir()) == [library.LOCK_FILE, "harvest"]


def test_a_library_that_cannot_be_written_is_a_refusal_not_a_crash(tmp_path):
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        lib = blocker / "lib"  # under a file: cannot be created, even by root
    else:
        lib = tmp_path / "ro"
        lib.mkdir()
        lib.chmod(0o500)
    path = make_zip(tmp_path / "h.zip", [("deck.yaml", DECK.encode()), (NFC, PNG)])
    with pytest.raises(OSError) as caught:
        install(path, lib)
    assert caught.value.errno in (errno.ENOTDIR, errno.EACCES)


# -- properties: any layout the tools make installs; any damage is a refusal ------------------

JUNK = [("__MACOSX/{top}._deck.yaml", b"\0\5\26\7"), ("{top}.DS_Store", b"Bud1"), ("{top}Thumbs.db", b"\xd0\xcf"),
        ("{top}desktop.ini", b"[.ShellClassInfo]"), ("{top}._" + NFD, b"\0\5\26\7")]


@st.composite
def tool_bundles(draw):
    """A bundle of the valid deck as some tool might make it."""
    top = draw(st.sampled_from(["", "harvest/", "Harvest Week/", "Desktop/harvest/", "Ünïcode/"]))
    separator = draw(st.sampled_from(["/", "\\"]))
    system = draw(st.sampled_from([MS_DOS, UNIX]))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    encoding = draw(st.sampled_from(["flag", "raw-utf8", "cp437"]))
    deck_name = draw(st.sampled_from(["deck.yaml", "Deck.yaml", "DECK.YAML"]))
    folders = draw(st.sampled_from(["none", "slash", "attribute"]))
    junk = draw(st.lists(st.sampled_from(JUNK), unique=True, max_size=len(JUNK)))
    order = draw(st.permutations(range(2 + len(junk))))

    def name(text: str) -> str | bytes:
        text = unicodedata.normalize(form, text).replace("/", separator)
        if text.isascii() or encoding == "flag":
            return text
        if encoding == "cp437":
            try:
                return text.encode("cp437")
            except UnicodeEncodeError:
                return text
        return text.encode("utf-8")

    files = [(name(top + deck_name), DECK.encode()), (name(top + NFC), PNG)]
    files += [(name(pattern.format(top=top)), data) for pattern, data in junk]
    entries = [(entry(n, system=system), data) for n, data in (files[i] for i in order)]
    if top and folders != "none":
        folder = top if folders == "slash" else top.rstrip("/")
        info = entry(name(folder), system=system, dos=0x10)
        entries.insert(0, (info, b""))
    return entries


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=tool_bundles())
def test_any_tool_layout_of_a_valid_deck_installs_whole(entries):
    with tempfile.TemporaryDirectory() as folder:
        path = make_zip(Path(folder) / "b.zip", entries)
        installed(path, Path(folder) / "lib")


def _good_bundle() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry("harvest/deck.yaml"), DECK)
        archive.writestr(entry(f"harvest/{NFC}"), PNG)
    return out.getvalue()


GOOD = _good_bundle()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=6),
       cut=st.none() | st.integers(0, len(GOOD)))
def test_a_damaged_bundle_installs_or_is_refused_never_a_crash(changes, cut, capsys):
    data = bytearray(GOOD)
    for offset, value in changes:
        data[offset] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.zip"
        path.write_bytes(bytes(data[:cut] if cut is not None else data))
        lib = Path(folder) / "lib"
        capsys.readouterr()
        code = cli.main(["install", str(path), "--library", str(lib)])
        out, err = capsys.readouterr()
        assert code in (0, 1), err
        if code == 1:
            assert err.startswith(("kiosk: ", f"{path}: ")) and "Traceback" not in err and "unexpected error" not in err
            assert not lib.exists() or sorted(p.name for p in lib.iterdir() if p.name != library.LOCK_FILE) == []
        else:
            assert out.startswith("kiosk: installed 'harvest'") and (lib / "harvest" / "deck.yaml").is_file()


names = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.lists(st.tuples(st.lists(names, min_size=1, max_size=3).map("/".join), st.booleans()), max_size=5),
       top=st.sampled_from(["", "harvest/", "harvest\\"]))
def test_any_names_beside_a_deck_install_or_are_refused_never_a_crash(extra, top, capsys):
    entries = [(entry(top + "deck.yaml"), DECK.encode()), (entry(top + NFC), PNG)]
    entries += [(entry(name + ("/" if folder else "")), b"" if folder else b"x") for name, folder in extra]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.zip"
        with zipfile.ZipFile(path, "w") as archive, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of a name written twice: that is the point
            for info, data in entries:
                archive.writestr(info, data)
        capsys.readouterr()
        code = cli.main(["install", str(path), "--library", str(Path(folder) / "lib")])
        err = capsys.readouterr().err
        assert code in (0, 1), err
        assert "unexpected" not in err and "\x1b" not in err


@pytest.mark.parametrize("name, says", [
    ("con.png", "the bundle holds 'con.png', which is a name Windows keeps for a device (CON), whatever its "
                "extension; rename it and make the bundle again"),
    ("pics/con.png", "the bundle holds 'pics/con.png', whose part 'con.png' is a name Windows keeps for a device"),
    ("a:b.png", "the bundle holds 'a:b.png', which starts with 'a:', read by Windows as a drive letter"),
    ("pics/a:b.png", "whose part 'a:b.png' starts with 'a:', read by Windows as a drive letter"),
    ("p:q/x.png", "whose part 'p:q' starts with 'p:'"),
    ("note:x.png", "whose part" if False else "which holds ':', which Windows reads as the start of a stream name"),
    ("C:/x.png", "the bundle holds 'C:/x.png', a path outside the deck folder"),
    ("what?.png", "the bundle holds 'what?.png', which holds '?', a character Windows does not allow in a file name; "
                  "rename it and make the bundle again"),
    ("a<b>.png", "which holds '<', a character Windows does not allow in a file name"),
    ('say "hi".png', "which holds '\"', a character Windows does not allow in a file name"),
    ("a|b.png", "which holds '|', a character Windows does not allow in a file name"),
    ("star*.png", "which holds '*', a character Windows does not allow in a file name"),
    ("why?/x.png", "the bundle holds 'why?/x.png', whose part 'why?' holds '?', a character Windows does not allow"),
])
def test_a_name_windows_cannot_hold_is_said_as_it_is(tmp_path, name, says):
    """Each refused name in words that say it once, and never "outside the deck folder" unless it is."""
    from kiosk.library import unpacked

    bundle = make_zip(tmp_path / "b.zip", [("deck.yaml", DECK.encode()), (name, PNG)])
    with pytest.raises(LibraryError) as raised, unpacked(bundle):
        pass
    message = str(raised.value)
    assert says in message
    assert "a name that is" not in message and "install" not in message  # kiosk validate installs nothing
    with pytest.raises(LibraryError, match="nothing was installed$"):
        install(bundle, tmp_path / "lib")


def test_a_long_name_is_shown_by_its_start_and_end():
    from kiosk.bundle import SHOWN_CHARS, shown

    assert len(shown("x" * 300 + ".png")) == SHOWN_CHARS + 2 and shown("x" * 300 + ".png").endswith(".png'")
    assert shown("short.png") == "'short.png'"


# -- every file a pack refuses, named at once ------------------------------------------------

#: Files a bundle never carries, each with words of the reason given for it: a symbolic link,
#: names Windows cannot hold, a name with a control character.
_REFUSED_KINDS = {
    "link": ("x.png", "is a symbolic link, which a bundle never carries"),
    "device": ("CON.png", "is a name Windows keeps for a device (CON)"),
    "dot": ("y.png.", "ends with a dot, which Windows drops"),
    "stream": ("z.png:stream", "holds ':', which Windows reads as the start of a stream name"),
    "aux": ("aux/a.png", "whose part 'aux' is a name Windows keeps for a device (AUX)"),
    "question": ("what?.png", "'what?.png', which holds '?', a character Windows does not allow in a file name"),
    "angle": ("a<b>.png", "'a<b>.png', which holds '<', a character Windows does not allow in a file name"),
}


@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12), st.sampled_from('<>"|?*'),
       st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12))
def test_every_character_windows_forbids_is_named_in_a_name_holding_it(before, forbidden, after):
    """A name part holding any of < > " | ? * is refused, and the reason names a character it
    holds, as ':' is said (what Windows cannot unpack is never packed or installed)."""
    part = before + forbidden + after
    problem = bundle.windows_problem(part)
    assert problem is not None
    named = re.search(r"holds '(.)'", problem)
    if named:  # not said for an earlier reason (a device name, a trailing dot, a ':')
        assert named.group(1) in part and named.group(1) in '<>"|?*:'


@pytest.mark.parametrize("name", ["photo #1.png", "100% real.png", "a b.png", "(1) [2] {3}.png", "a&b'c.png"])
def test_names_windows_holds_are_not_refused(name):
    assert bundle.windows_problem(name) is None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(_REFUSED_KINDS)), min_size=1))
def test_pack_names_every_file_it_refuses_at_once(tmp_path_factory, kinds):
    """Any set of files a bundle cannot carry: ``kiosk pack`` names each in one run (a symbolic
    link and an empty ``CON.png`` together, not one a try), writes nothing and ends with
    "nothing was packed"; ``kiosk validate`` warns of each."""
    deck = tmp_path_factory.mktemp("deck")
    (deck / "deck.yaml").write_text("deck: {id: refused, title: Refused}\nslides:\n"
                                    '  - {id: help, type: helpline, phone: "08000 121 700"}\n', encoding="utf-8")
    for kind in kinds:
        name = deck / _REFUSED_KINDS[kind][0]
        name.parent.mkdir(exist_ok=True)
        if kind == "link":
            name.symlink_to("/etc/hostname")
        else:
            name.write_bytes(b"")
    out = deck.parent / f"{deck.name}.zip"
    done = subprocess.run([sys.executable, "-m", "kiosk", "pack", str(deck), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and not out.exists(), done.stderr
    for kind in kinds:
        assert _REFUSED_KINDS[kind][1] in done.stderr, (kind, done.stderr)
    assert done.stderr.rstrip().splitlines()[-1].endswith("; nothing was packed"), done.stderr
    assert "Traceback" not in done.stderr
    warned = [p for p in load_deck(deck).problems if "kiosk pack would refuse" in p.message]
    assert len(warned) == len(kinds), warned


def test_deck_files_gives_each_refusal_with_its_fix(tmp_path):
    (tmp_path / "deck.yaml").write_text("deck: {id: a, title: A}\n", encoding="utf-8")
    (tmp_path / "x.png").symlink_to("/etc/hostname")
    (tmp_path / "CON.png").write_bytes(b"")
    with pytest.raises(bundle.FolderError) as raised:
        bundle.deck_files(tmp_path)
    assert [fix for _, fix in raised.value.each] == [
        "rename it", "put the file itself in the deck folder, or remove the link"]
    assert raised.value.what == raised.value.each[0][0]
