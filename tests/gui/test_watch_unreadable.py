"""The deck watcher on a folder the kiosk may not read: a snapshot that says so, never a crash,
and a change line for the log."""

from __future__ import annotations

DECK = """\
deck: {id: t, title: {en: T}, languages: [en]}
slides:
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def test_a_watched_folder_that_cannot_be_read_is_a_snapshot_not_a_crash(tmp_path, monkeypatch):
    from kiosk.qt import watch

    (tmp_path / "deck.yaml").write_text(DECK)
    readable = watch.snapshot(tmp_path)

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(watch.os, "scandir", denied)
    locked = watch.snapshot(tmp_path)
    assert locked is not None and locked != readable
    assert locked == ((".", -1, 13, 0, 0, 0),)


def test_a_folder_made_unreadable_is_described_so():
    from kiosk.qt.watch import describe_change

    readable = (("deck.yaml", 10, 1, 2), ("pics/a.png", 5, 1, 3))
    assert describe_change(readable, ((".", -1, 13, 0),)) == "the deck folder cannot be read now"
    assert describe_change(readable, (("deck.yaml", 10, 1, 2), ("pics", -1, 13, 0))) == "pics cannot be read now"
    assert describe_change(((".", -1, 13, 0),), readable) == \
        "the deck folder can be read again, deck.yaml added, pics/a.png added"
