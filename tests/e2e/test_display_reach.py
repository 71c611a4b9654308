"""A display that answers no one: ``kiosk run`` says so in one line and exits 1, never an abort.

Qt aborts (SIGABRT, exit 134) after several lines about platform plugins when it cannot reach
the display; a service restarts either, but only the kiosk's own line says what to do. The
check (:mod:`kiosk.qt.displays`) runs before Qt is asked, for X11 and Wayland alike.
"""

from __future__ import annotations

import os
import socket
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from helpers.process import kiosk
from helpers.xserver import free_display, xvfb
from kiosk.qt import displays


def _env(tmp_path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")}
    return {**env, "HOME": str(tmp_path / "home"), "XDG_RUNTIME_DIR": str(tmp_path), **values}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(kiosk("run", str(BUNDLED), *args), env=env, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.mark.parametrize("mode", [["--windowed"], ["--log-folder", "LOGS"]], ids=["windowed", "fullscreen"])
def test_an_x_display_no_server_answers_is_one_line_and_exit_1(tmp_path, mode):
    display = free_display(first=169, count=1)  # not started: no X server answers there
    mode = [str(tmp_path / "logs") if part == "LOGS" else part for part in mode]
    done = _run(_env(tmp_path, DISPLAY=display), *mode)
    assert done.returncode == 1, done.stderr
    said = (f"kiosk: cannot reach the display {display} (no X server answers there): start the kiosk from the "
            "desktop session, or check DISPLAY")
    assert said in done.stderr.splitlines()
    assert "qt.qpa" not in done.stderr and "Reinstalling" not in done.stderr
    if "--log-folder" in mode:  # said in the kiosk's own log, where the staff look
        assert said.removeprefix("kiosk: ") in (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")


def test_a_wayland_display_no_compositor_answers_is_one_line_and_exit_1(tmp_path):
    done = _run(_env(tmp_path, WAYLAND_DISPLAY="wayland-9"), "--windowed")
    assert done.returncode == 1, done.stderr
    assert (f"kiosk: cannot reach the Wayland display wayland-9 (no compositor answers at {tmp_path}/wayland-9): "
            "start the kiosk from the desktop session, or check WAYLAND_DISPLAY") in done.stderr.splitlines()
    assert "qt.qpa" not in done.stderr and "wl_display" not in done.stderr


def test_a_wayland_session_without_xdg_runtime_dir_says_so(tmp_path):
    env = _env(tmp_path, WAYLAND_DISPLAY="wayland-9")
    del env["XDG_RUNTIME_DIR"]
    done = _run(env, "--windowed")
    assert done.returncode == 1
    assert "cannot find the Wayland display wayland-9 (XDG_RUNTIME_DIR is not set)" in done.stderr


def test_headless_play_never_looks_for_a_display(tmp_path):
    done = _run(_env(tmp_path, DISPLAY=free_display(first=169, count=1)), "--headless", "--cycles", "1",
                "--time-scale", "500")
    assert done.returncode == 0, done.stderr


def test_a_display_that_answers_is_taken():
    with xvfb() as display:
        assert displays.x11_problem(display) is None
        assert displays.display_problem({"DISPLAY": display}) is None
        # A Wayland that fails falls back to X11, as Qt does.
        assert displays.display_problem({"DISPLAY": display, "WAYLAND_DISPLAY": "/nowhere/wayland-9"}) is None
        displays.release()


def test_the_kiosk_alone_on_a_new_x_server_opens_its_window(tmp_path):
    """An X server resets itself when its last client leaves: the check's connection is held
    until Qt has its own, so the kiosk, the only client of a new Xvfb, starts every time."""
    for _ in range(3):
        with xvfb() as display:
            done = _run(_env(tmp_path, DISPLAY=display), "--windowed", "--cycles", "1", "--time-scale", "500")
            assert done.returncode == 0, done.stderr


def test_a_compositor_that_answers_is_taken(tmp_path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as compositor:
        compositor.bind(str(tmp_path / "wayland-1"))
        compositor.listen()
        env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
        assert displays.display_problem(env) is None
        assert displays.display_problem({"WAYLAND_DISPLAY": str(tmp_path / "wayland-1")}) is None


@pytest.mark.parametrize("env, platforms", [
    ({}, ["xcb"]),
    ({"WAYLAND_DISPLAY": "wayland-0"}, ["wayland", "xcb"]),
    ({"XDG_SESSION_TYPE": "wayland"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": "wayland-egl:foo=1;xcb"}, ["wayland-egl", "xcb"]),
    ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":9"}, ["offscreen"]),
])
def test_the_platforms_qt_tries_are_followed(env, platforms):
    assert displays.platforms(env) == platforms


@pytest.mark.parametrize("platform", ["offscreen", "eglfs", "linuxfb", "vnc", "minimal"])
def test_a_platform_with_no_display_server_is_left_to_qt(platform):
    assert displays.display_problem({"QT_QPA_PLATFORM": platform, "DISPLAY": ":169"}) is None


def test_a_display_name_that_is_not_one_is_named():
    assert displays.x11_problem("nonsense") == "DISPLAY 'nonsense' is not a display name like :0"


def test_without_libxcb_qt_says_what_is_missing(monkeypatch):
    """Where libxcb cannot be loaded, Qt's own message names the library to install
    (packaging/system-deps.sh installs them): the kiosk does not stand in its way."""
    monkeypatch.setattr(displays, "_libxcb", lambda: None)
    assert displays.x11_problem(":169") is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12),
       wayland=st.text(st.characters(blacklist_characters="\x00/", blacklist_categories=("Cs",)), min_size=1,
                       max_size=20))
def test_any_display_names_give_none_or_one_printable_line(tmp_path, number, wayland):
    """Whatever DISPLAY (local: it starts with ':') and WAYLAND_DISPLAY hold, the answer is
    ``None`` or one line with no control character, never an exception."""
    said = displays.display_problem({"DISPLAY": ":" + number, "WAYLAND_DISPLAY": wayland,
                                     "XDG_RUNTIME_DIR": str(tmp_path)})
    if said is not None:
        assert said.isprintable() and "start the kiosk from the desktop session" in said


def test_a_platform_qt_cannot_load_ends_with_its_reason_the_kiosk_line_and_exit_1(tmp_path):
    """Where the display answers but Qt cannot load its platform plugin (a system library missing,
    such as libxcb-cursor0), Qt's own lines say which; the kiosk adds what to run, and exits 1
    instead of Qt's abort (a platform no plugin provides stands for it here)."""
    done = _run(_env(tmp_path, QT_QPA_PLATFORM="kiosk-test-no-such-platform"), "--windowed")
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert any('Could not find the Qt platform plugin "kiosk-test-no-such-platform"' in line for line in lines)
    assert lines[-1].startswith("kiosk: Qt could not open a window (its reason is above)")
    assert "packaging/system-deps.sh" in lines[-1]
