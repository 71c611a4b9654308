"""The visitor counts written by a short-lived process of their own (kiosk.stats.writer), as the
process that draws writes them: what it writes is read back, a write it cannot make loses
nothing and is told to the staff once with its reason and fix, and a writer that fails itself
(it cannot start, answers nonsense, stops, or hangs) is a failed write with a plain reason."""

from __future__ import annotations

import functools
import subprocess
import sys

import pytest

from kiosk import health
from kiosk.stats import store, writer
from kiosk.stats.record import Recorder
from tests.helpers.counts import AT, HOUR, table


@pytest.fixture(autouse=True)
def _staff_page():
    health.clear()
    yield
    health.clear()


def _visits(recorder: Recorder, count: int) -> None:
    recorder.observe("deck_loaded", {"deck": HOUR[2]})
    for _ in range(count):
        recorder.observe("touch", {})
        recorder.observe("loop_resumed", {})


def _recorder(path, **options) -> Recorder:
    return Recorder(path, wall=lambda: AT, interval=None, write=functools.partial(writer.write_in_child, **options))


def test_counts_written_by_the_child_are_read_back_and_totalled(tmp_path):
    path = tmp_path / "stats.db"
    recorder = _recorder(path)
    _visits(recorder, 3)
    recorder.observe("language_chosen", {"language": "pl"})
    assert recorder.flush() is True and recorder.unsaved is None
    assert table(path, "hours") == {HOUR: (3, 0)}
    assert table(path, "languages") == {("", "2026-10-19", HOUR[2], "pl"): (1,)}
    _visits(recorder, 2)
    assert recorder.totals() == (5, 5)  # 3 read back from the file through the child, 2 held in memory
    recorder.close()
    assert table(path, "hours") == {HOUR: (5, 0)}
    assert health.problems() == []


def test_reading_for_the_totals_makes_no_file(tmp_path):
    recorder = _recorder(tmp_path / "stats.db")
    _visits(recorder, 1)
    assert recorder.totals() == (1, 1)  # held in memory; the file is not there yet
    assert not (tmp_path / "stats.db").exists()


def test_a_write_the_child_cannot_make_keeps_the_counts_and_tells_the_staff_once(tmp_path):
    blocker = tmp_path / "folder"
    blocker.write_text("a file where the counts' folder should be")
    path = blocker / "stats.db"
    recorder = _recorder(path)
    _visits(recorder, 2)
    assert recorder.flush() is False and recorder.failed
    [problem] = health.problems()
    assert recorder.unsaved == "a file is in the way where a folder should be"
    assert "cannot write the visitor counts" in problem and recorder.unsaved in problem and "choose a path" in problem
    _visits(recorder, 1)
    assert recorder.flush() is False and len(health.problems()) == 1  # said once
    assert recorder.totals() == (3, 3)  # nothing lost
    blocker.unlink()
    assert recorder.flush() is True and recorder.unsaved is None and not recorder.failed
    assert health.problems() == []  # taken off the staff page
    assert table(path, "hours") == {HOUR: (3, 0)}


def test_a_folder_in_place_of_the_file_is_told_with_its_reason(tmp_path):
    path = tmp_path / "stats.db"
    path.mkdir()
    recorder = _recorder(path)
    _visits(recorder, 1)
    assert recorder.flush() is False
    [problem] = health.problems()
    assert recorder.unsaved and recorder.unsaved in problem and "Traceback" not in problem
    assert recorder.totals() == (1, 1)


@pytest.mark.parametrize(("program", "said"), [
    ("print('not an answer')", "it gave no answer the kiosk understands"),
    ("print('{\"ok\": false}')", "it gave no answer the kiosk understands"),
    ("import sys; sys.exit(3)", "exit status 3"),
    ("raise SystemExit('a message of its own')", "exit status 1"),
])
def test_a_writer_that_fails_itself_is_a_failed_write_with_a_plain_reason(tmp_path, program, said):
    path = tmp_path / "stats.db"
    recorder = _recorder(path, command=[sys.executable, "-c", program])
    _visits(recorder, 2)
    assert recorder.flush() is False
    assert recorder.unsaved == f"the program that writes them stopped without writing them ({said})"
    [problem] = health.problems()
    assert "Traceback" not in problem and "a message of its own" not in problem
    assert recorder.totals() == (2, 2) and not path.exists()
    recorder._write = writer.write_in_child  # the real writer again
    assert recorder.flush() is True and health.problems() == []
    assert table(path, "hours") == {HOUR: (2, 0)}


def test_a_writer_that_cannot_start_is_a_failed_write(tmp_path):
    recorder = _recorder(tmp_path / "stats.db", command=[str(tmp_path / "no-such-program")])
    _visits(recorder, 1)
    assert recorder.flush() is False
    assert recorder.unsaved == "the program that writes them could not start (No such file or directory)"


def test_a_writer_that_does_not_answer_in_time_is_ended_and_the_write_failed(tmp_path):
    hang = "import sys, threading; sys.stdin.read(); threading.Event().wait()"  # reads the request, never answers
    recorder = _recorder(tmp_path / "stats.db", command=[sys.executable, "-c", hang], timeout=0.5)
    _visits(recorder, 1)
    assert recorder.flush() is False
    assert recorder.unsaved == "writing them took longer than 0.5 seconds (the disk may be failing)"
    assert recorder.totals() == (1, 1)


def test_the_child_answers_a_request_that_is_not_one_without_a_traceback(tmp_path):
    out = subprocess.run(writer.child_command(), input=b"{not json", capture_output=True, timeout=60,
                         env=writer.child_environment(), check=False)
    assert out.returncode == 0 and b"Traceback" not in out.stderr + out.stdout
    answer = writer._answer(out.stdout)
    assert answer is not None and not answer.ok and answer.reason.startswith("the program that writes them failed")


def test_the_child_refuses_counts_that_are_not_counts(tmp_path):
    request = ('{"path": "%s", "keep_after": null, "hours": false, "pending": {"hours": [[["x"], ["y"]]]}}'
               % (tmp_path / "stats.db"))
    out = subprocess.run(writer.child_command(), input=request.encode(), capture_output=True, timeout=60,
                         env=writer.child_environment(), check=False)
    answer = writer._answer(out.stdout)
    assert answer is not None and not answer.ok and "is not counts" in answer.reason
    assert not (tmp_path / "stats.db").exists()


def test_retention_applies_through_the_child(tmp_path):
    path = tmp_path / "stats.db"
    store.write(path, {"hours": {("2020-01-01 10:00", HOUR[2]): [4, 0]}})
    recorder = _recorder(path)
    _visits(recorder, 1)
    assert recorder.flush() is True
    assert table(path, "hours") == {HOUR: (1, 0)}  # the old hour is past the 400 days kept


def test_counting_and_the_staff_pages_figures_load_no_sqlite():
    code = ("import sys\nimport kiosk.stats.record, kiosk.stats.writer\nfrom kiosk.stats.report import shown\n"
            "shown(7)\nprint(sorted(m for m in ('sqlite3', '_sqlite3', 'kiosk.stats.store') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env=writer.child_environment(), check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
