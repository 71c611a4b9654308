"""A deck folder, or a folder of pictures, the kiosk may not read (``chmod 000``): a clear message
naming it and saying "cannot be read (Permission denied)", exit 1, never a crash (exit 3).

Root ignores permissions, so as root each command runs under ``setpriv`` with the capabilities
that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) dropped; where neither works the tests that
need a real unreadable folder are skipped. The pure-unit ones simulate it with PermissionError.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.userfile import look

DECK = """\
deck: {id: t, title: {en: T}, languages: [en]}
slides:
  - {id: help, type: helpline, phone: "08000 121 700"}
"""
DROP = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def _prefix(probe: Path) -> list[str] | None:
    """The command prefix under which ``probe`` (mode 000) cannot be listed, or ``None``."""
    prefix = DROP if os.geteuid() == 0 else []
    if prefix and not shutil.which("setpriv"):
        return None
    done = subprocess.run([*prefix, sys.executable, "-c", f"import os; os.listdir({str(probe)!r})"],
                          capture_output=True, timeout=30)
    return prefix if done.returncode != 0 else None


@pytest.fixture
def unreadable(tmp_path):
    """(a deck folder made unreadable, the command prefix that cannot read it); restored after."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    folder.chmod(0)
    try:
        prefix = _prefix(folder)
        if prefix is None:
            pytest.skip("permissions cannot be dropped here")
        yield folder, prefix
    finally:
        folder.chmod(0o755)


def _kiosk(prefix: list[str], *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def test_validate_says_the_folder_cannot_be_read(unreadable):
    folder, prefix = unreadable
    done = _kiosk(prefix, "validate", str(folder))
    assert done.returncode == 1, done.stderr
    assert f"{folder} cannot be read (Permission denied)" in done.stdout
    assert "chmod -R u+rX" in done.stdout
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr


def test_run_says_the_folder_cannot_be_read(unreadable, tmp_path):
    folder, prefix = unreadable
    done = _kiosk(prefix, "run", str(folder), "--headless", "--cycles", "1", "--frames", str(tmp_path / "f"))
    assert done.returncode == 1
    assert f"{folder} cannot be read (Permission denied)" in done.stderr
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr


def test_a_settings_deck_that_cannot_be_read_is_a_settings_problem(unreadable, tmp_path):
    folder, prefix = unreadable
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'deck = "{folder}"\n', encoding="utf-8")
    done = _kiosk(prefix, "config", "--check", env={"KIOSK_CONFIG_DIR": str(config)})
    assert done.returncode == 1, done.stderr
    assert f"deck: {folder} cannot be read (Permission denied)" in done.stderr
    assert "plays the bundled deck instead" in done.stderr
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr


def test_resolving_and_loading_in_the_library_and_a_picture_folder(unreadable, tmp_path):
    folder, prefix = unreadable
    pictured = tmp_path / "pictured"
    (pictured / "pics").mkdir(parents=True)
    (pictured / "pics" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (pictured / "deck.yaml").write_text(DECK + "  - {id: s, type: image, image: pics/a.png, alt: A}\n",
                                        encoding="utf-8")
    (pictured / "pics").chmod(0)
    script = textwrap.dedent(f"""
        from pathlib import Path
        from kiosk.deck import load_deck
        from kiosk.library import list_decks, resolve_deck
        r = resolve_deck({str(folder)!r})
        print("RESOLVED", r.unreadable, r.problem)
        print("LOADED", [str(p) for p in load_deck({str(folder)!r}).problems])
        print("LISTED", [(e.path.name, e.ok) for e in list_decks(Path({str(tmp_path)!r}))])
        print("PICTURE", [p.message for p in load_deck({str(pictured)!r}).problems if p.is_error])
    """)
    try:
        done = subprocess.run([*prefix, sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    finally:
        (pictured / "pics").chmod(0o755)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["RESOLVED"].startswith(f"True {folder} cannot be read (Permission denied)")
    assert "cannot be read (Permission denied)" in lines["LOADED"]
    assert "('locked', False)" in lines["LISTED"]
    assert "cannot be read (Permission denied)" in lines["PICTURE"] and "not found" not in lines["PICTURE"]


def test_look_answers_without_raising(tmp_path, monkeypatch):
    (tmp_path / "f").write_text("x")
    assert look(tmp_path / "f").kind == "file"
    assert look(tmp_path).kind == "folder"
    assert look(tmp_path / "nothing").kind == "missing"
    assert look(tmp_path / "f" / "below").kind == "missing"

    def denied(*_args, **_kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "stat", denied)
    assert look(tmp_path / "f") == look(tmp_path) and look(tmp_path).kind == "unreadable"
    assert look(tmp_path).reason == "Permission denied"
