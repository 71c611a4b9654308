"""systemd service notifications (``sd_notify``), sent from the Qt event loop.

``READY=1`` once the first frame is drawn, then ``WATCHDOG=1`` at half the watchdog interval.
The pings come from a timer on the Qt event loop, so a frozen interface stops them and
systemd restarts the kiosk (``WatchdogSec=`` in ``packaging/kiosk.service``). Outside systemd
(no ``NOTIFY_SOCKET``) nothing is sent. Protocol: sd_notify(3), a datagram on a Unix socket.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, QTimer

from kiosk.qt.timers import clamp_ms


def notify(message: str) -> bool:
    """Send one ``KEY=VALUE`` message to systemd. Returns False when not under systemd or on error."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    import socket  # only under systemd: the process that draws loads no socket module otherwise

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError:
        return False


def start_watchdog(parent: QObject) -> QTimer | None:
    """Ping the systemd watchdog from the event loop at half of ``WATCHDOG_USEC``; ``None`` when unset."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec.isdigit() or (pid and pid != str(os.getpid())):
        return None
    timer = QTimer(parent)
    timer.timeout.connect(lambda: notify("WATCHDOG=1"))
    timer.start(clamp_ms(max(1000, int(usec) // 2000)))
    return timer
