"""systemd notifications reach the socket named by NOTIFY_SOCKET, and nothing happens without it."""

from __future__ import annotations

import socket

from kiosk.qt.sdnotify import notify


def test_notify_sends_datagram(tmp_path, monkeypatch):
    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        assert notify("READY=1")
        assert server.recv(64) == b"READY=1"


def test_notify_without_systemd_does_nothing(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert notify("READY=1") is False
