"""The systemd watchdog: pings come from the Qt event loop, so a frozen kiosk stops sending them.

systemd itself is not needed: the test plays systemd's part with a Unix datagram socket named
by NOTIFY_SOCKET (sd_notify(3)), runs the real ``kiosk`` command, freezes it with SIGSTOP (as a
hung event loop would be) and checks the pings stop, then resume after SIGCONT. With
``WatchdogSec=30`` (packaging/kiosk.service) systemd would have killed and restarted it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest

from helpers import BUNDLED

#: The watchdog interval given to the kiosk, in microseconds: pings every 1 s.
WATCHDOG_USEC = 2_000_000


def receive(sock: socket.socket, wanted: bytes, timeout: float) -> bool:
    """True when a datagram containing ``wanted`` arrives within ``timeout`` seconds."""
    sock.settimeout(timeout)
    try:
        while True:
            if wanted in sock.recv(256):
                return True
    except TimeoutError:
        return False


@pytest.fixture
def notify_socket(tmp_path):
    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        yield path, sock


def test_pings_stop_while_frozen_and_resume(notify_socket):
    path, sock = notify_socket
    env = {**os.environ, "NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": str(WATCHDOG_USEC)}
    env.pop("WATCHDOG_PID", None)
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--headless", str(BUNDLED)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert receive(sock, b"READY=1", 60), "no READY=1 after the first frame"
        assert receive(sock, b"WATCHDOG=1", 5), "no watchdog ping while running"
        proc.send_signal(signal.SIGSTOP)
        receive(sock, b"\0", 0.2)  # drop a ping sent just before the stop
        assert not receive(sock, b"WATCHDOG=1", 3), "a frozen kiosk must not ping the watchdog"
        proc.send_signal(signal.SIGCONT)
        assert receive(sock, b"WATCHDOG=1", 5), "pings resume when the event loop runs again"
    finally:
        proc.send_signal(signal.SIGCONT)
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
