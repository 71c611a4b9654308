"""One logging tree: area loggers, the event log's JSON lines, the staff status handler, stderr.

``events-format.jsonl`` beside this file was written by the event log as it was before it
became a logger, for a fixed clock: the lines must stay byte for byte the same (tests,
benchmarks and proof of play read them).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk import events, health, logs
from kiosk.diagnostics import AS_IS, FOR_STAFF, ON_STDERR

GOLDEN = Path(__file__).parent / "events-format.jsonl"


@pytest.fixture(autouse=True)
def fresh_health():
    health.clear()
    yield
    health.clear()
    logs.stop()


def write_sample(log: events.EventLog) -> None:
    """The events of ``events-format.jsonl``, in its order."""
    log.write("started", mode="headless", deck="freedom-week-2019", pid=4242)
    log.write("slide_shown", slide="welcome", page=None, trigger="auto", type="title", qr=False)
    log.write("deck_rejected", problems=["deck.yaml:3:5: error: unknown slide type 'txet'"])
    log.write("staff_action", action="pause", until="18:30", languages=["pl", "ar"], text="Łódź – مرحبا")
    log.write("stopped", cycles=1, frames=0, reason="--cycles 1: the loops asked for were played", ratio=0.25)


def test_event_lines_are_byte_for_byte_the_format_read_before(tmp_path, monkeypatch):
    ticks = iter([12.345678, 12.5, 13.0, 100.00005, 7])
    monkeypatch.setattr(events.time, "monotonic", lambda: next(ticks))
    log = events.EventLog(tmp_path / "events.jsonl")
    write_sample(log)
    log.close()
    assert (tmp_path / "events.jsonl").read_bytes() == GOLDEN.read_bytes()


def test_two_event_logs_each_keep_their_own_events(tmp_path):
    first, second = events.EventLog(tmp_path / "a.jsonl"), events.EventLog(tmp_path / "b.jsonl")
    first.write("started", mode="a")
    second.write("started", mode="b")
    first.close()
    second.write("stopped")
    second.close()
    first.write("after_close")  # a closed log writes nothing and never raises
    assert [line.split(",")[0] for line in (tmp_path / "a.jsonl").read_text().splitlines()] == ['{"event": "started"']
    assert '"mode": "b"' in (tmp_path / "b.jsonl").read_text() and '"mode": "a"' not in (tmp_path / "b.jsonl").read_text()
    assert not any(isinstance(h, events.EventFileHandler) for h in events.events_logger.handlers), \
        "closed logs leave no handler behind"


def test_events_stay_out_of_the_message_log_and_stderr(tmp_path, capsys):
    log = logs.start(tmp_path / "logs")
    log.write("slide_shown", slide="welcome", page=None)
    log.close()
    logs.stop()
    assert "welcome" not in (tmp_path / "logs" / "kiosk.log").read_text()
    assert capsys.readouterr().err == ""


def test_a_staff_warning_reaches_the_status_page_stderr_and_kiosk_log_once(tmp_path, capsys):
    logs.start(tmp_path / "logs").close()
    fleet = logging.getLogger("kiosk.fleet")
    for _ in range(3):  # each poll of the update source meets it again
        fleet.warning("a new version from update_source was refused: %s", "bad signature", extra=FOR_STAFF)
    logs.stop()
    text = "a new version from update_source was refused: bad signature"
    assert health.problems() == [text]
    assert capsys.readouterr().err == f"kiosk: {text}\n"
    assert (tmp_path / "logs" / "kiosk.log").read_text().count(f"WARNING {text}") == 1


def test_a_wrong_pin_reaches_no_file_and_no_screen(tmp_path, capsys):
    """A wrong PIN may be a passer-by's: not in kiosk.log, events.jsonl, stderr or the staff problems."""
    log = logs.start(tmp_path / "logs")
    log.write("staff_pin_failed", count=2)
    log.close()
    logs.stop()
    assert "PIN" not in (tmp_path / "logs" / "kiosk.log").read_text()
    assert (tmp_path / "logs" / "events.jsonl").read_text() == ""
    assert health.problems() == []
    assert capsys.readouterr().err == ""


def test_run_messages_print_as_before(capsys):
    watch = logging.getLogger("kiosk.watch")
    watch.warning("%s", "deck.yaml:3:5: error: unknown slide type 'txet'", extra=AS_IS)
    watch.info("%s; the new version plays from the next slide", "deck.yaml changed", extra=ON_STDERR)
    watch.info("a message for kiosk.log only")
    assert capsys.readouterr().err.splitlines() == [
        "deck.yaml:3:5: error: unknown slide type 'txet'",
        "kiosk: deck.yaml changed; the new version plays from the next slide"]
    assert health.problems() == []


def test_health_report_is_the_short_form_of_a_staff_warning(capsys):
    health.report("settings.toml:2:1: error: unknown setting 'screan'")
    health.report("a quiet one", echo=False)
    health.report("settings.toml:2:1: error: unknown setting 'screan'")
    assert health.problems() == ["settings.toml:2:1: error: unknown setting 'screan'", "a quiet one"]
    assert capsys.readouterr().err == "kiosk: settings.toml:2:1: error: unknown setting 'screan'\n"


def test_control_characters_in_a_message_print_as_escapes(capsys):
    logging.getLogger("kiosk.deck").info("deck \x1b[31mred\u202e", extra=ON_STDERR)
    assert capsys.readouterr().err == "kiosk: deck \\x1b[31mred\\u202e\n"


# --------------------------------------------------------------------------- the staff status page
from helpers.staff import RIGHT_PIN, corner, fire, long_press, set_pin, type_pin  # noqa: E402


@pytest.fixture
def mirrored(monkeypatch):
    """The players started after it log as the kiosk does, events also in ``kiosk.log`` (:class:`MirroredEventLog`)."""
    monkeypatch.setattr(events, "EventLog", logs.MirroredEventLog)


def test_the_status_page_lists_staff_warnings_and_not_a_wrong_pin(mirrored, start, monkeypatch, caplog):  # noqa: F811
    player = start(size=(1280, 800))
    logging.getLogger("kiosk.fleet").warning("a new version from update_source was refused: %s",
                                             "bad signature", extra=FOR_STAFF)
    set_pin(monkeypatch, RIGHT_PIN)
    long_press(player, corner(player))
    type_pin(player, "1111")
    assert not any("PIN" in message for name, _, message in caplog.record_tuples if name != "kiosk.staff"
                   or "cannot be opened" not in message), caplog.record_tuples
    player.lock_clock.now += player.staff.waitSeconds
    fire(player, player.staff.lock_timer)
    type_pin(player, RIGHT_PIN)
    assert player.staff.state == "menu"
    rows = [row["value"] for row in player.staff.statusRows()]
    assert "a new version from update_source was refused: bad signature" in rows
    assert "1 (listed below)" in rows
    assert not any("PIN" in value for value in rows)
    player.click("staffStatus")
    player.sync()
    texts = " | ".join(player.texts())
    assert "bad signature" in texts and "wrong staff PIN" not in texts
