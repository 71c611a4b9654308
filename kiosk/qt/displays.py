"""Whether the display server a kiosk window would open on answers, asked before Qt is.

Qt aborts the process (SIGABRT, after several lines about platform plugins that suggest
reinstalling) when no platform it tries can reach its display. The kiosk asks first, the same
way Qt's platforms connect, and says in one line what is wrong:

- X11 (Qt's ``xcb`` platform): a connection through libxcb itself (``xcb_connect``, the library
  Qt's xcb platform connects with), so every form of ``DISPLAY`` (``:0``, ``unix:0``,
  ``host:0``, a socket path) and the X server's authorisation (``XAUTHORITY``) are judged as Qt
  would judge them; it is held open until Qt has connected (:func:`release`). Under a millisecond
  of processor time on the local machine.
- Wayland (``wayland``, ``wayland-egl``...): a connection to the compositor's socket, found as
  libwayland finds it (``WAYLAND_DISPLAY``, default ``wayland-0``, in ``XDG_RUNTIME_DIR`` unless
  it is an absolute path). A ``WAYLAND_SOCKET`` handed down by the compositor is not touched.

Qt's choice of platform is followed (:func:`platforms`): ``QT_QPA_PLATFORM`` when set, else
Wayland then X11 in a Wayland session, else X11. A window can open when any platform Qt tries
answers, or is one this module cannot judge (``eglfs``, ``linuxfb``, ``offscreen``, ``vnc``...),
or when libxcb itself cannot be loaded: then Qt's own message names the system library
missing (``packaging/system-deps.sh`` installs them).

Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Mapping

#: ``xcb_connection_has_error`` codes (xcb.h) and what each says about ``DISPLAY``.
XCB_CONN_ERROR, XCB_CONN_CLOSED_PARSE_ERR, XCB_CONN_CLOSED_INVALID_SCREEN = 1, 5, 6
#: Qt platform plugins that talk to an X server, and to a Wayland compositor.
X11_PLATFORMS = ("xcb",)
WAYLAND_PLATFORMS = ("wayland", "wayland-egl", "wayland-brcm")
#: Seconds a Wayland compositor's socket may take to accept a connection.
CONNECT_TIMEOUT_S = 2.0


def has_display() -> bool:
    """True when a window can be shown: a display server is named, or the platform is chosen."""
    if sys.platform != "linux":
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def platforms(env: Mapping[str, str]) -> list[str]:
    """The Qt platform plugins Qt tries for a window, in its order, from the environment ``env``.

    Qt 6 takes ``QT_QPA_PLATFORM`` (``;`` between fall-backs, ``:`` before a plugin's options);
    without it, Wayland then X11 when ``WAYLAND_DISPLAY`` is set or ``XDG_SESSION_TYPE`` is
    ``wayland``, else X11 (seen with Qt 6.11: a Wayland that fails falls back to xcb).
    """
    named = env.get("QT_QPA_PLATFORM", "").strip()
    if named:
        return [part.split(":", 1)[0].strip() for part in named.split(";") if part.strip()]
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def _libxcb():
    """libxcb through ctypes, or ``None`` when it cannot be loaded (Qt then says which library is missing)."""
    try:
        lib = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None
    lib.xcb_connect.restype = ctypes.c_void_p
    lib.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    lib.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    lib.xcb_connection_has_error.restype = ctypes.c_int
    lib.xcb_disconnect.argtypes = [ctypes.c_void_p]
    lib.xcb_disconnect.restype = None
    return lib


def _x_listens(display: str) -> bool:
    """True when something accepts connections on the local X socket of ``display`` (``:N``,
    ``unix:N``, with or without ``.screen``): the abstract socket Linux X servers open, or the
    file in ``/tmp/.X11-unix``. False for a display on another host (not looked at)."""
    found = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    if not found:
        return False
    import socket  # only when the server refused: the kiosk's other paths never need it

    path = f"/tmp/.X11-unix/X{found.group(1)}"
    for address in (("\0" + path) if sys.platform.startswith("linux") else None, path):
        if address is None:
            continue
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(CONNECT_TIMEOUT_S)
            try:
                probe.connect(address)
            except OSError:
                continue
            return True
    return False


#: The connections that answered, held open until :func:`release`: an X server resets itself when
#: its last client leaves (Xvfb, or Xorg without -noreset), and a connection made during that reset
#: fails; were the check's connection the only one and closed at once, Qt's would come too soon.
_HELD: list = []


def release() -> None:
    """Close the connections :func:`x11_problem` kept open; call it once Qt has connected."""
    while _HELD:
        lib, connection = _HELD.pop()
        lib.xcb_disconnect(connection)


def outlive_xlib_errors(display: int) -> bool:
    """Let a broken connection to the X server end the kiosk the way Qt's own loop ends it, even
    when Xlib is the first to find it broken.

    Qt's xcb platform also opens the display through Xlib, whose fatal-error handler (Qt's, which
    hands on to Xlib's default) prints ``XIO: fatal IO error …`` and calls ``exit(1)`` in the
    middle of whatever the thread that found the error was doing: when that was a frame of a
    cross-fade, the C++ clean-up ``exit`` runs while Qt's other threads still draw crashed the
    kiosk (SIGSEGV, exit 139) before it logged why it stopped or wrote its visitor counts. With
    libX11 1.7 or newer, the fatal-error handler and the display's exit handler may return: the
    display is then marked broken, later Xlib calls on it return at once, and Qt's loop ends with
    1 as it does when its own connection (libxcb) finds the break (:func:`kiosk.qt.player.play`
    then logs the display lost and exits 1).

    Both handlers are set to a C function that does nothing harmful and returns (libc's
    ``getpid``: its result is ignored, and on the C calling conventions of Linux an argument a
    function does not take is ignored), not to a Python function, which would need the
    interpreter's lock on whatever thread Xlib calls it from.

    Args:
        display: Xlib's ``Display *`` of Qt's connection, as an integer
            (``QGuiApplication.nativeInterface().display()`` on the ``xcb`` platform).

    Returns:
        True when both handlers were set; False when libX11 is older than 1.7 (no
        ``XSetIOErrorExitHandler``), cannot be loaded, or ``display`` is null.
    """
    if not display:
        return False
    try:
        xlib = ctypes.CDLL("libX11.so.6")
        libc = ctypes.CDLL(None)
        set_exit_handler = xlib.XSetIOErrorExitHandler
        set_error_handler = xlib.XSetIOErrorHandler
    except (OSError, AttributeError):
        return False
    returns = ctypes.cast(libc.getpid, ctypes.c_void_p)
    set_error_handler.argtypes, set_error_handler.restype = [ctypes.c_void_p], ctypes.c_void_p
    set_exit_handler.argtypes, set_exit_handler.restype = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p], None
    set_error_handler(returns)
    set_exit_handler(display, returns, None)
    return True


def x11_problem(display: str | None) -> str | None:
    """Why no window can open on the X display ``display`` (``DISPLAY``), or ``None`` when it
    answers, or when libxcb cannot be loaded (Qt's xcb platform then says what to install)."""
    if not display:
        return "DISPLAY is not set"
    lib = _libxcb()
    if lib is None:
        return None
    connection = lib.xcb_connect(display.encode("utf-8", "surrogateescape"), None)
    error = lib.xcb_connection_has_error(connection) if connection else XCB_CONN_ERROR
    shown = ascii(display)[1:-1]
    if not error:
        _HELD.append((lib, connection))  # kept until Qt has its own: see release()
        return None
    if connection:
        lib.xcb_disconnect(connection)
    if error == XCB_CONN_CLOSED_PARSE_ERR:
        return f"DISPLAY '{shown}' is not a display name like :0"
    if error == XCB_CONN_CLOSED_INVALID_SCREEN:
        return f"the display {shown} has no such screen"
    if _x_listens(display):
        return f"the X server at {shown} refused the kiosk (not authorised)"
    return f"cannot reach the display {shown} (no X server answers there)"


class _Cookie(ctypes.Structure):
    """An xcb request's cookie (``xcb_get_geometry_cookie_t``: its sequence number)."""

    _fields_ = [("sequence", ctypes.c_uint)]


def x11_window_exists(display: str, window: int) -> bool | None:
    """Whether the X window ``window`` (an id, ``QWindow.winId``) still exists on ``display``,
    asked on a connection of its own (``xcb_get_geometry``: a reply, or a BadWindow/BadDrawable
    error for a window destroyed). ``None`` when it cannot be asked (no libxcb, no connection)."""
    lib = _libxcb()
    if lib is None:
        return None
    libc = ctypes.CDLL(None)
    lib.xcb_get_geometry.restype = _Cookie
    lib.xcb_get_geometry.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    lib.xcb_get_geometry_reply.restype = ctypes.c_void_p
    lib.xcb_get_geometry_reply.argtypes = [ctypes.c_void_p, _Cookie, ctypes.POINTER(ctypes.c_void_p)]
    libc.free.argtypes = [ctypes.c_void_p]
    connection = lib.xcb_connect(display.encode("utf-8", "surrogateescape"), None)
    try:
        if not connection or lib.xcb_connection_has_error(connection):
            return None
        error = ctypes.c_void_p()
        reply = lib.xcb_get_geometry_reply(connection, lib.xcb_get_geometry(connection, window & 0xFFFFFFFF),
                                           ctypes.byref(error))
        for block in (reply, error.value):
            if block:
                libc.free(block)
        return bool(reply) if reply or error.value else None
    finally:
        if connection:
            lib.xcb_disconnect(connection)


def wayland_problem(env: Mapping[str, str]) -> str | None:
    """Why no window can open on the Wayland display named in ``env``, or ``None`` when its
    compositor accepts a connection (or a ``WAYLAND_SOCKET`` was handed down: not touched)."""
    if env.get("WAYLAND_SOCKET"):
        return None
    name = env.get("WAYLAND_DISPLAY") or "wayland-0"
    shown = ascii(name)[1:-1]
    if os.path.isabs(name):
        path = name
    elif env.get("XDG_RUNTIME_DIR"):
        path = os.path.join(env["XDG_RUNTIME_DIR"], name)
    else:
        return f"cannot find the Wayland display {shown} (XDG_RUNTIME_DIR is not set)"
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(CONNECT_TIMEOUT_S)
        try:
            probe.connect(path)
        except (OSError, ValueError):
            return f"cannot reach the Wayland display {shown} (no compositor answers at {ascii(path)[1:-1]})"
    return None


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """One line saying why a kiosk window cannot open here and what to do, or ``None`` when it can
    (some platform Qt would try answers, or none this module can judge: see the module's notes).

    Args:
        env: the environment to judge (default ``os.environ``). libxcb reads ``XAUTHORITY``
            from the process's own environment.

    Returns:
        e.g. ``"cannot reach the display :159 (no X server answers there): start the kiosk from
        the desktop session, or check DISPLAY"``; ``None`` on platforms other than Linux.
    """
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    reasons: list[str] = []
    checked: list[str] = []
    for name in dict.fromkeys(platforms(env)):
        if name in X11_PLATFORMS:
            if not env.get("DISPLAY") and len(platforms(env)) > 1:
                continue  # a fall-back with nothing to reach: Qt skips it too
            reason = x11_problem(env.get("DISPLAY"))
            variable = "XAUTHORITY" if reason and "not authorised" in reason else "DISPLAY"
        elif name in WAYLAND_PLATFORMS:
            reason, variable = wayland_problem(env), "WAYLAND_DISPLAY"
        else:
            return None  # a platform with no display server to ask (eglfs, linuxfb, offscreen...)
        if reason is None:
            return None
        reasons.append(reason)
        checked.append(variable)
    if not reasons:
        return None
    return f"{'; '.join(reasons)}: start the kiosk from the desktop session, or check {' and '.join(checked)}"


__all__ = ["display_problem", "has_display", "outlive_xlib_errors", "platforms", "release", "wayland_problem", "x11_problem", "x11_window_exists"]
