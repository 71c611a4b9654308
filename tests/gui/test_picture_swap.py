"""The player recognises a checked picture by its content, not by its file's name, size and
modification time: a picture swapped for another of the same size with the modification time
kept (``cp -p``, ``touch -r``) is a picture never checked, so ``kiosk run``'s drawing process
shows its alt text until a check passes it; the same bytes copied again are the picture checked.
The bytes are read once per file version (``stat`` first)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from kiosk import checkcache
from kiosk.qt import pictures as qt_pictures
from kiosk.qt.checker import check_and_load
from kiosk.qt.pictures import PlayerPictures

DECK = """\
deck: {id: swap, title: Swap, languages: [en]}
slides:
  - id: pic
    type: image
    image: pic.svg
    alt: A square
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def svg(colour: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
            f'<rect width="64" height="64" fill="{colour}"/></svg>').encode()


@pytest.fixture
def deck(tmp_path, monkeypatch):
    monkeypatch.setattr(PlayerPictures, "checks_here", False)  # as in kiosk run's drawing process
    monkeypatch.setattr(PlayerPictures, "_verdicts", {})  # nothing seen before this test
    monkeypatch.setattr(PlayerPictures, "_digests", {})
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    (folder / "pic.svg").write_bytes(svg("#ff0000"))
    assert check_and_load(folder, cached=False).ok
    assert PlayerPictures().url(folder, "pic.svg")[1] == ""
    return folder


def never(*_args, **_kwargs):
    raise AssertionError("an unchecked picture was decoded in the drawing process")


@pytest.mark.parametrize("swap", ["cp -p", "touch -r", "write in place, time set back"])
def test_a_same_size_swap_keeping_the_modification_time_is_not_taken_for_the_checked_picture(
        deck, tmp_path, monkeypatch, swap):
    picture = deck / "pic.svg"
    before = picture.stat()
    other = tmp_path / "other.svg"
    other.write_bytes(svg("#00ff00"))  # the same size, other bytes
    assert other.stat().st_size == before.st_size
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    if swap == "cp -p":
        subprocess.run(["cp", "-p", str(other), str(picture)], check=True)
    elif swap == "touch -r":
        shutil.copyfile(other, picture)
        subprocess.run(["touch", "-r", str(other), str(picture)], check=True)
    else:
        picture.write_bytes(other.read_bytes())
        os.utime(picture, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = picture.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)  # what stat alone saw
    real_read = qt_pictures.read_image
    monkeypatch.setattr(qt_pictures, "read_image", never)
    url, why = PlayerPictures().url(deck, "pic.svg")
    assert url.isEmpty() and "changed since the deck was checked" in why
    monkeypatch.setattr(qt_pictures, "read_image", real_read)
    assert check_and_load(deck, cached=False).ok  # the deck watcher's new check passes it
    assert PlayerPictures().url(deck, "pic.svg")[1] == ""


def test_the_same_bytes_copied_again_are_the_picture_checked(deck, tmp_path, monkeypatch):
    picture = deck / "pic.svg"
    copy = tmp_path / "copy.svg"
    shutil.copyfile(picture, copy)
    os.replace(copy, picture)  # a new file (another inode, times), the same bytes
    monkeypatch.setattr(qt_pictures, "read_image", never)
    url, why = PlayerPictures().url(deck, "pic.svg")
    assert why == "" and url.toLocalFile() == str(picture)


def test_the_bytes_are_read_once_per_file_version(deck, monkeypatch):
    reads = []
    real = checkcache.file_digest
    monkeypatch.setattr(checkcache, "file_digest", lambda path: reads.append(path) or real(path))
    for _ in range(5):
        assert PlayerPictures().url(deck, "pic.svg")[1] == ""
    assert reads == [], "the checking process's file version was taken over: no read at all"
    os.utime(deck / "pic.svg")  # a new version (times), the same bytes
    for _ in range(5):
        assert PlayerPictures().url(deck, "pic.svg")[1] == ""
    assert len(reads) == 1


def test_the_deck_watcher_sees_a_swap_that_keeps_size_and_modification_time(deck, tmp_path):
    """The watcher must notice it too, or the swapped picture would never be checked (and shown)."""
    from kiosk.qt.watch import describe_change, snapshot

    before = snapshot(deck)
    other = tmp_path / "other.svg"
    other.write_bytes(svg("#0000ff"))
    stat = (deck / "pic.svg").stat()
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    subprocess.run(["cp", "-p", str(other), str(deck / "pic.svg")], check=True)
    after = snapshot(deck)
    assert after != before and describe_change(before, after) == "pic.svg changed"
