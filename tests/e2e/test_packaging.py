"""The install script and its autostart entries: they start the kiosk with or without systemd --user."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGING = ROOT / "packaging"


def fake_command(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(0o755)


def desktop_command() -> str:
    """The ``sh -c`` script of the XDG entry's Exec line (its one double-quoted argument)."""
    exec_line = next(line for line in (PACKAGING / "autostart" / "kiosk.desktop").read_text().splitlines()
                     if line.startswith("Exec="))
    assert exec_line.startswith('Exec=sh -c "') and exec_line.endswith('"')
    return exec_line.removeprefix('Exec=sh -c "').removesuffix('"')


def labwc_command() -> str:
    """The labwc line, waited for (labwc runs it in the background)."""
    line = next(line for line in (PACKAGING / "autostart" / "labwc-autostart").read_text().splitlines()
                if not line.startswith("#") and "# kiosk:autostart" in line)
    return line.split("  # kiosk:autostart")[0] + " wait"


@pytest.fixture
def session(tmp_path):
    """``run(command, systemd_ok) -> lines the fake kiosk wrote``, in a session with fake tools."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ran = tmp_path / "ran"
    fake_command(bin_dir, "kiosk", f'echo "kiosk $*" >> "{ran}"')

    def run(command: str, systemd_ok: bool) -> list[str]:
        fake_command(bin_dir, "systemctl", f'echo "systemctl $*" >> "{ran}"' if systemd_ok else
                     'echo "Failed to connect to bus: No medium found" >&2; exit 1')
        command = command.replace("@KIOSK@", str(bin_dir / "kiosk"))
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)}  # no user bus, no XDG_RUNTIME_DIR
        subprocess.run(["sh", "-c", command], env=env, check=True, timeout=30)
        return ran.read_text().splitlines() if ran.exists() else []
    return run


@pytest.mark.parametrize("command", [desktop_command, labwc_command], ids=["xdg", "labwc"])
def test_without_a_user_bus_the_entry_runs_the_kiosk_itself(session, command):
    assert session(command(), systemd_ok=False) == ["kiosk run"]


@pytest.mark.parametrize("command", [desktop_command, labwc_command], ids=["xdg", "labwc"])
def test_with_systemd_the_entry_starts_the_user_service_only(session, command):
    ran = session(command(), systemd_ok=True)
    assert ran[-1] == "systemctl --user --no-block start kiosk.service" and "kiosk run" not in ran


def test_install_dry_run_changes_nothing(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(["bash", str(PACKAGING / "install.sh"), "--dry-run", "--no-system-deps", "--allow-root"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "dry run finished; nothing was changed" in done.stdout
    assert not (tmp_path / "config").exists() and not (tmp_path / ".local").exists()
