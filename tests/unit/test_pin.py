"""The staff PIN without Qt: shape, hashing, the file, the growing wait, and ``kiosk set-pin``."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from kiosk import pin
from kiosk.cli import main


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("text, problem", [
    ("1234", None), ("123456789012", None), ("0000", None),
    ("123", "4 to 12 digits"), ("1234567890123", "4 to 12 digits"), ("", "empty"),
    ("12a4", "only the digits"), ("１２３４", "only the digits"), ("12 34", "only the digits"),
])
def test_pin_shape(text, problem):
    found = pin.pin_problem(text)
    assert (found is None) if problem is None else (problem in found)


def test_record_is_salted_scrypt_and_verifies():
    first, second = pin.hash_pin("482913"), pin.hash_pin("482913")
    assert first != second, "each record has its own random salt"
    assert first.startswith(f"scrypt$n={pin.SCRYPT_N},r={pin.SCRYPT_R},p={pin.SCRYPT_P}$")
    assert "482913" not in first
    assert pin.verify_pin("482913", first) and pin.verify_pin("482913", second)
    assert not pin.verify_pin("482914", first)
    assert not pin.verify_pin("48291", first)
    assert not pin.verify_pin("", first)


def test_bad_pin_is_not_hashed():
    with pytest.raises(ValueError, match="4 to 12 digits"):
        pin.hash_pin("12")


@pytest.mark.parametrize("record", [
    "1234", "scrypt$n=32768,r=8,p=1$notbase64!$AAAA", "bcrypt$n=32768,r=8,p=1$AAAA$AAAA",
    "scrypt$n=1000,r=8,p=1$AAAA$AAAA", f"scrypt$n={2**30},r=8,p=1$AAAA$AAAA",
])
def test_damaged_record_is_refused(record, tmp_path):
    with pytest.raises(pin.PinFileError):
        pin.verify_pin("1234", record)
    (tmp_path / "pin").write_text(record)
    with pytest.raises(pin.PinFileError):
        pin.load_record(tmp_path / "pin")


def test_saved_file_is_private_and_holds_only_the_hash(tmp_path, monkeypatch):
    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path / "config"))
    assert pin.load_record() is None
    path = pin.save_pin("77031")
    assert path == tmp_path / "config" / "pin"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    record = pin.load_record()
    assert "77031" not in path.read_text()
    assert pin.verify_pin("77031", record)
    assert not list(path.parent.glob("*.tmp"))


def test_config_dir_is_the_platform_folder_without_override(monkeypatch):
    import platformdirs
    monkeypatch.delenv(pin.CONFIG_ENV, raising=False)
    assert pin.pin_file() == platformdirs.user_config_path("kiosk") / "pin"


def test_wait_doubles_after_each_wrong_pin_up_to_five_minutes():
    clock = Clock()
    lockout = pin.Lockout(clock)
    assert lockout.remaining() == 0
    waits = [lockout.failed() for _ in range(12)]
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    assert lockout.remaining() == 300
    clock.now += 299.5
    assert lockout.remaining() == pytest.approx(0.5)
    clock.now += 1
    assert lockout.remaining() == 0
    lockout.succeeded()
    assert lockout.failed() == 1


# --------------------------------------------------------------------------- kiosk set-pin
def test_set_pin_stdin_writes_a_hash_that_verifies(tmp_path):
    env = {**os.environ, pin.CONFIG_ENV: str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "kiosk", "set-pin", "--stdin"], input="90210774\n",
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "90210774" not in done.stdout + done.stderr
    content = (tmp_path / "pin").read_text()
    assert "90210774" not in content
    assert pin.verify_pin("90210774", content.strip())
    assert not pin.verify_pin("90210775", content.strip())


@pytest.mark.parametrize("given, message", [("12\n", "4 to 12 digits"), ("\n", "empty"), ("12ab\n", "digits")])
def test_set_pin_refuses_bad_pins_and_changes_nothing(given, message, tmp_path, monkeypatch, capsys):
    import io
    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path))
    monkeypatch.setattr(sys, "stdin", io.StringIO(given))
    assert main(["set-pin", "--stdin"]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "pin").exists()


def test_set_pin_asks_twice_and_refuses_different_answers(tmp_path, monkeypatch, capsys):
    import getpass
    import io
    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path))
    stdin = io.StringIO()
    stdin.isatty = lambda: True
    monkeypatch.setattr(sys, "stdin", stdin)
    answers = iter(["4821", "4812"] * 3)  # three tries, each mistyped
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    assert main(["set-pin"]) == 1
    assert "differ" in capsys.readouterr().err
    assert not (tmp_path / "pin").exists()
    answers = iter(["4821", "4821"])
    assert main(["set-pin"]) == 0
    out = capsys.readouterr()
    assert "4821" not in out.out + out.err
    assert pin.verify_pin("4821", pin.load_record(tmp_path / "pin"))


def test_set_pin_without_terminal_points_to_stdin(tmp_path, monkeypatch, capsys):
    import io
    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path))
    monkeypatch.setattr(sys, "stdin", io.StringIO("1234\n"))
    assert main(["set-pin"]) == 1
    assert "--stdin" in capsys.readouterr().err


def test_set_pin_refuses_a_short_pin_before_asking_again(tmp_path, monkeypatch, capsys):
    import getpass
    import io
    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path))
    stdin = io.StringIO()
    stdin.isatty = lambda: True
    monkeypatch.setattr(sys, "stdin", stdin)
    prompts: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or "12")
    assert main(["set-pin"]) == 1
    assert len(prompts) == 3, "asked once per try, never for the same refused PIN again"
    assert "4 to 12 digits" in capsys.readouterr().err
    assert not (tmp_path / "pin").exists()
