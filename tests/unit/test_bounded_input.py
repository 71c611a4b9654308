"""Reading what people give the kiosk is bounded: only regular files, never blocking, never too big,
and YAML that cannot grow or recurse without limit (kiosk.userfile, kiosk.deck.source).

Files that could block (a named pipe) are read on a thread or by the real command in a
subprocess, each with a timeout, so a regression fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk import pin, settings
from kiosk.deck import load_deck
from kiosk.deck.source import MAX_DEPTH, MAX_FILE_BYTES, read_yaml
from kiosk.userfile import UserFileError, read_bounded

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")

HELPLINE = '  - {id: help, type: helpline, phone: "08000 121 700"}\n'
HEAD = "deck: {id: t, title: T, languages: [en]}\nslides:\n"


def within(seconds: float, call):
    """``call()`` on a thread; its value or exception, or a failure when it has not returned in time."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(("value", call()))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still blocked after {seconds} s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


# --------------------------------------------------------------------------- kiosk.userfile
def test_a_regular_file_is_read_whole(tmp_path):
    file = tmp_path / "deck.yaml"
    file.write_bytes(b"x" * 100)
    assert read_bounded(file, 100) == b"x" * 100


@pytest.mark.parametrize("size, limit", [(101, 100), (10, 0)])
def test_a_file_over_the_limit_is_refused(tmp_path, size, limit):
    file = tmp_path / "deck.yaml"
    file.write_bytes(b"x" * size)
    with pytest.raises(UserFileError) as refused:
        read_bounded(file, limit)
    assert refused.value.too_large and "allowed" in refused.value.reason


def test_nothing_there_is_missing(tmp_path):
    with pytest.raises(UserFileError) as refused:
        read_bounded(tmp_path / "none.yaml", 100)
    assert refused.value.missing


@needs_fifo
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "deck.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UserFileError) as refused:
        within(5, lambda: read_bounded(fifo, 100))
    assert refused.value.reason == "it is a named pipe (FIFO), not a file"


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "deck.yaml").mkdir()
    with pytest.raises(UserFileError, match="folder"):
        read_bounded(tmp_path / "deck.yaml", 100)


@pytest.mark.skipif(not Path("/dev/zero").exists() or not hasattr(os, "symlink"), reason="no /dev/zero")
def test_a_link_to_an_endless_device_is_refused(tmp_path):
    link = tmp_path / "deck.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(UserFileError) as refused:
        within(5, lambda: read_bounded(link, 100))
    assert refused.value.reason == "it is a device, not a file"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s"  # kept short: socket paths are limited to about 100 bytes
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(UserFileError) as refused:
            within(5, lambda: read_bounded(path, 100))
        assert "socket" in refused.value.reason or "cannot be opened" in refused.value.reason
    finally:
        server.close()


# --------------------------------------------------------------------------- decks
def test_a_deck_file_too_large_is_one_located_error(tmp_path):
    (tmp_path / "deck.yaml").write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    [problem] = read_yaml(tmp_path / "deck.yaml").problems
    assert (problem.line, problem.col) == (1, 1) and problem.message.startswith("file too large for a deck")


def test_aliases_repeat_their_anchor_and_point_at_it(tmp_path):
    """The bundled deck repeats a ``review:`` mapping with ``&needs-review`` and ``*needs-review``."""
    (tmp_path / "deck.yaml").write_text(
        HEAD + "  - id: a\n    type: title\n    title: A\n    review: &r\n      pl: needs native speaker\n"
        "  - id: b\n    type: title\n    title: B\n    review: *r\n" + HELPLINE, encoding="utf-8")
    doc = read_yaml(tmp_path / "deck.yaml")
    assert doc.problems == []
    slides = doc.data["slides"]
    assert slides[0]["review"] == slides[1]["review"] == {"pl": "needs native speaker"}
    assert doc.where(("slides", 1, "review")) == (11, 13), "the alias itself"
    assert doc.where(("slides", 1, "review", "pl")) == (7, 11), "inside: the anchor's value"


@pytest.mark.parametrize("body", [
    "[" * 5000,  # flow
    "".join(" " * i + "- \n" for i in range(MAX_DEPTH + 10)),  # block lists
    "".join(" " * i + "a:\n" for i in range(MAX_DEPTH + 10)),  # block mappings
])
def test_deep_nesting_is_one_located_error(tmp_path, body):
    (tmp_path / "deck.yaml").write_text(body, encoding="utf-8")
    result = load_deck(tmp_path)
    assert [p.message for p in result.problems] == [f"nested more than {MAX_DEPTH} levels deep"]
    assert result.problems[0].line >= 1 and result.deck is None


def test_many_values_are_one_located_error(tmp_path):
    (tmp_path / "deck.yaml").write_text("- a\n" * 200_000, encoding="utf-8")
    [problem] = load_deck(tmp_path).problems
    assert problem.message == "the file holds more than 100,000 values" and problem.line == 100_000  # the list is a value too


def test_an_anchor_redefined_takes_the_latest_value(tmp_path):
    (tmp_path / "deck.yaml").write_text("a: &x 1\nb: &x 2\nc: *x\n", encoding="utf-8")
    assert read_yaml(tmp_path / "deck.yaml").data == {"a": 1, "b": 2, "c": 2}


# --------------------------------------------------------------------------- the commands
def kiosk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, **(env or {})})


@needs_fifo
@pytest.mark.parametrize("command", [["validate", "--no-fit"], ["pack"],
                                     ["run", "--headless", "--cycles", "1"]])
def test_a_named_pipe_as_deck_yaml_is_refused_by_every_command(tmp_path, command):
    deck = tmp_path / "deck"
    deck.mkdir()
    os.mkfifo(deck / "deck.yaml")
    done = kiosk(command[0], str(deck), *command[1:])  # a regression blocks: the timeout fails it
    assert done.returncode == 1, done.stderr
    said = done.stdout + done.stderr
    assert f"{deck / 'deck.yaml'}:1:1: error: cannot read the deck file: it is a named pipe (FIFO), not a file" in said
    assert "Traceback" not in said


@needs_fifo
def test_a_named_pipe_as_settings_is_a_problem_not_a_hang(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    os.mkfifo(config / "settings.toml")
    done = kiosk("config", "--check", env={"KIOSK_CONFIG_DIR": str(config)})
    assert done.returncode == 1
    assert f"{config / 'settings.toml'}:1:1: error: the settings file cannot be read (it is a named pipe (FIFO), " \
           "not a file)" in done.stdout + done.stderr


@needs_fifo
def test_a_named_pipe_as_the_pin_file_is_damaged_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pin")
    with pytest.raises(pin.PinFileError, match="named pipe"):
        within(5, lambda: pin.load_record(tmp_path / "pin"))


@pytest.mark.parametrize("text, where, words", [
    ("screen = " + "9" * 5000 + "\n", (1, 10), "a number here is too long to read"),
    ("deck = " + "[" * 3000 + "\n", (1, 7 + 9), "nested too deeply"),
    ("x = " + "{b = " * 3000 + "\n", (1, 4 + 5 * 8 + 1), "nested too deeply"),
    ("a" + ".a" * 3000 + " = 1\n", (1, 1), "'a' is nested too deeply"),
    ('\nlibrary = "/media/a\\u0000b"\n', (2, 1), "'library': holds a control character"),  # no path holds a NUL
])
def test_settings_that_nest_or_count_without_end_are_located_problems(tmp_path, text, where, words):
    file = tmp_path / "settings.toml"
    file.write_text(text, encoding="utf-8")
    effective = settings.load(file)
    [problem] = effective.problems
    assert (problem.line, problem.col) == where and words in problem.message
    assert settings.describe(effective)  # kiosk config shows the defaults in force


@pytest.mark.parametrize("number", ["9" * 301, "-" + "9" * 5000, "0x" + "f" * 3000, "0o" + "7" * 3000])
def test_a_number_no_field_could_hold_is_a_located_error(tmp_path, number):
    """A float holds at most about 1.8e308 and Python converts at most 4,300 digits: each such
    number is an error at its place, before any field tries to use it."""
    (tmp_path / "deck.yaml").write_text(
        f"deck: {{id: t, title: T, languages: [en], dwell: {number}}}\nslides:\n" + HELPLINE, encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.problems[0].message == f"a number of {len(number):,} characters is too large to read"
    assert (result.problems[0].line, result.problems[0].col) == (1, 49) and result.deck is None
