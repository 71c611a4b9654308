"""`kiosk pack` (and so `kiosk publish`) refuses, before writing a bundle, what `kiosk install` would
refuse of it, naming the file; `kiosk validate` warns about a large file no slide uses."""

from __future__ import annotations

import errno
import io
import os
import stat
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import bundle
from kiosk.deck import load_deck
from kiosk.library import LibraryError, install, pack

DECK = """\
deck:
  id: harvest
  title: Harvest week
  archive: true
slides:
  - {id: welcome, type: title, title: Harvest week}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def make_deck(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    return folder


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as file:  # no blocks on the disk: quick at any size
        file.truncate(size)
    return path


def nothing_written(out: Path) -> bool:
    return not out.exists() and not out.with_name(out.name + ".part").exists()


def test_a_folder_larger_than_an_install_takes_is_refused_naming_its_largest_file(tmp_path):
    deck = make_deck(tmp_path / "deck")
    sparse(deck / "video.mp4", 8 * 1024**3)  # an 8 GB file left in the folder
    out = tmp_path / "d.zip"
    with pytest.raises(LibraryError) as refused:
        pack(deck, out)
    assert "'video.mp4' (8 GiB)" in str(refused.value) and "remove it from the deck folder" in str(refused.value)
    assert "200 MiB" in str(refused.value)
    assert nothing_written(out)


def test_a_file_compressed_too_many_times_over_is_refused_before_any_bundle_is_written(tmp_path):
    deck = make_deck(tmp_path / "deck")
    sparse(deck / "video.mp4", 3 * 1024**2)  # zeros: packs over a thousand times smaller
    out = tmp_path / "d.zip"
    with pytest.raises(LibraryError) as refused:
        pack(deck, out)
    assert "'video.mp4' packs" in str(refused.value) and "remove it from the deck folder" in str(refused.value)
    assert nothing_written(out)


@pytest.mark.parametrize(("content", "refused"), [
    (bytes(3_000_000), True),  # zeros
    (b"ab" * 600_000, True),  # over the floor, packs hundreds of times smaller
    (bytes(bundle.RATIO_FLOOR_BYTES), False),  # zeros, but not over the floor
    (os.urandom(2_000_000), False),  # like a real picture: taken after reading a little of it
    (b"\0" * 1_500_000 + os.urandom(30_000), False),  # packs about 50 times smaller
], ids=["zeros", "repeated", "at-floor", "random", "under-the-ratio"])
def test_validate_foresees_the_ratio_pack_writes(tmp_path, content, refused):
    """packs_too_small (what validate warns by) gives what the zip pack writes shows (too_compressed)."""
    path = tmp_path / "file.bin"
    path.write_bytes(content)
    with zipfile.ZipFile(tmp_path / "d.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "file.bin")
        written = bundle.too_compressed(archive.getinfo("file.bin"))
    assert bundle.packs_too_small(path) == written
    assert bool(written) is refused


def test_too_many_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "MAX_FILES", 5)
    deck = make_deck(tmp_path / "deck")
    for number in range(5):
        (deck / f"note-{number}.txt").write_text("x")
    with pytest.raises(LibraryError, match="6 files, more than the 5"):
        pack(deck, tmp_path / "d.zip")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3 * 1024**2), st.sampled_from([b"\0", b"ab", None])), max_size=3))
def test_what_pack_writes_installs(tmp_path_factory, files):
    """Whatever files the folder holds, pack either refuses or writes a bundle install takes."""
    tmp = tmp_path_factory.mktemp("pack")
    deck = make_deck(tmp / "deck")
    for number, (size, fill) in enumerate(files):
        path = deck / f"file-{number}.bin"
        if fill is None:
            path.write_bytes(os.urandom(min(size, 64 * 1024)))
        else:
            path.write_bytes((fill * size)[:size])
    try:
        written = pack(deck, tmp / "d.zip")
    except LibraryError:
        assert nothing_written(tmp / "d.zip")
        return
    install(written, tmp / "library")
    assert (tmp / "library" / "harvest" / "deck.yaml").is_file()


def test_validate_warns_about_a_large_file_no_slide_uses(tmp_path):
    deck = make_deck(tmp_path / "deck")
    (deck / "raw-footage.mov").write_bytes(os.urandom(bundle.LARGE_FILE_BYTES))  # packs as a real video does
    sparse(deck / "small.bin", 1024)
    result = load_deck(deck)
    assert result.ok
    warnings = [p for p in result.problems if "no slide uses it" in p.message]
    assert [w.message.split(" ")[0] for w in warnings] == ["'raw-footage.mov'"]
    assert "remove it from the deck folder" in warnings[0].hint


def test_publish_refuses_it_before_the_published_folder_is_touched(tmp_path):
    from kiosk.fleet import keys
    from kiosk.fleet.publish import publish

    key_folder = tmp_path / "key"
    keys.new_key_pair(key_folder)
    deck = make_deck(tmp_path / "deck")
    sparse(deck / "video.mp4", 300 * 1024**2)
    with pytest.raises(LibraryError, match="'video.mp4'"):
        publish(deck, key_folder / "publisher.key", tmp_path / "published")
    assert not (tmp_path / "published").exists()


def _reading(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A thread reading the named pipe ``fifo`` to its end, and what it read (one item).

    The pipe is open for reading before this returns (``kiosk pack`` refuses a pipe nothing
    reads, whatever the machine's load), and read to the end its writer makes once it closes."""
    import select

    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # at once: a reader is there from now on
    got: list[bytes] = []

    def read() -> None:
        poller, parts = select.poll(), []
        poller.register(fd, select.POLLIN)
        try:
            while True:
                poller.poll(30_000)  # wakes for data or the writer's close, not before a writer came
                try:
                    part = os.read(fd, 1 << 16)
                except BlockingIOError:  # a writer is there, nothing written yet
                    continue
                if not part:
                    break
                parts.append(part)
        finally:
            os.close(fd)
            got.append(b"".join(parts))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, got


def test_a_bundle_for_a_named_pipe_is_written_into_it_and_the_pipe_stays(tmp_path):
    deck = make_deck(tmp_path / "deck")
    fifo = tmp_path / "out.zip"
    os.mkfifo(fifo)
    reader, got = _reading(fifo)
    assert pack(deck, fifo) == fifo
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe is never replaced by a file"
    with zipfile.ZipFile(io.BytesIO(got[0])) as bundle_read:
        assert "deck.yaml" in bundle_read.namelist()
    assert not list(tmp_path.glob("out.zip.part*")), "no part file left beside it"


@pytest.mark.parametrize(("minor", "full"), [(3, False), (7, True)])  # a copy of /dev/null, of /dev/full
def test_a_bundle_for_a_device_is_written_into_it_and_the_device_stays(tmp_path, minor, full):
    deck = make_deck(tmp_path / "deck")
    device = tmp_path / "device"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    if full:
        with pytest.raises(OSError) as raised:
            pack(deck, device)
        assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(device)
    else:
        assert pack(deck, device) == device
    assert stat.S_ISCHR(os.lstat(device).st_mode), "the device is never replaced by a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck", "device"], "nothing made beside it"


def test_the_fleets_own_files_never_replace_a_named_pipe(tmp_path):
    from kiosk.fleet.feed import write_atomic
    from kiosk.outputs import NotRegular

    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular):
        write_atomic(fifo, b"{}")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["feed.json"], "no temporary file left"
    plain = tmp_path / "status.json"
    write_atomic(plain, b"{}")
    assert plain.read_bytes() == b"{}"
