"""Screenshot probe for the side-by-side benchmark: when does the screen first change, and when is it still?

Run by ``bench/xbench.py`` in a process of its own (Xlib calls ``exit()`` when the X server goes
away, which must not take the harness with it)::

    python bench/xprobe.py watch DISPLAY --poll 0.05 --timeout 60 --hold 0.3 --watch 4 [--shots PREFIX]
    python bench/xprobe.py shot DISPLAY FILE.png

``watch`` grabs the whole root window (``XGetImage``, ZPixmap, through ctypes and libX11: no
package needed) every ``--poll`` seconds and feeds each frame to :class:`StillTracker`. It prints
``READY <uniform 0|1> <w> <h>`` once connected (the screen must be one colour before the
command starts), then one line per finding, each with the CLOCK_MONOTONIC time at which the grab
that showed it began (comparable with the harness's launch time):

- ``PIXELS t`` the first frame that differs from the screen before launch (launch to first pixels);
- ``CONTENT t colours`` the first frame with at least ``--min-colours`` colours in a sparse sample
  (text drawn: an empty window of one flat colour does not count);
- ``STILL t`` the first content frame that then stays identical for ``--hold`` s (N consecutive
  grabs, the last at least ``--hold`` s after it);
- ``SETTLED t moved`` at the end of ``--watch`` s after STILL: when the picture still on screen
  first appeared (the slide complete and still), and how many times the screen changed after STILL;
- ``TIMEOUT`` if no content came within ``--timeout`` s.

The method is the one of the reference harness in ``shared/bench`` (``kiosk_bench.py``), credited
in ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import struct
import sys
import time
import zlib
from dataclasses import dataclass, field


# --------------------------------------------------------------------------- pure parts
def colour_count(pixels: bytes, stride: int = 11) -> int:
    """Distinct colours in a sample of every ``stride``-th pixel of a 32-bit-per-pixel frame.

    Args:
        pixels: the frame, 4 bytes a pixel (X11 ZPixmap at depth 24); the fourth byte (padding)
            is ignored.
        stride: sample one pixel in ``stride`` (11: about 190,000 of 1920x1080's 2 million).

    Returns:
        The number of distinct RGB values in the sample. Anti-aliased text gives dozens; an
        empty window of one flat colour gives 1 or 2.
    """
    usable = len(pixels) - len(pixels) % 4
    sample = memoryview(pixels)[:usable].cast("I")[::stride]
    return len({px & 0xFFFFFF for px in set(sample)})


def is_uniform(pixels: bytes) -> bool:
    """True when every pixel of a 32-bit-per-pixel frame has the same RGB value (padding ignored)."""
    usable = len(pixels) - len(pixels) % 4
    if usable == 0:
        return True
    words = memoryview(pixels)[:usable].cast("I")
    first = words[0] & 0xFFFFFF
    # Fast path: byte-identical frames (the padding byte is usually constant too).
    if pixels[:4] * (usable // 4) == bytes(pixels[:usable]):
        return True
    return all((w & 0xFFFFFF) == first for w in words)


@dataclass
class StillTracker:
    """Finds first pixels, first content and the first still picture in a series of frames.

    Feed it every grab in order with :meth:`feed`; it keeps no pixels, only a key per frame (a
    checksum of the whole frame), so two frames are "identical" when their checksums are equal.

    Definitions (times are those passed to :meth:`feed`, in seconds):

    - ``pixels``: the first frame whose key differs from ``blank`` (the screen before launch; when
      ``blank`` is ``None``, the first frame not of one uniform colour);
    - ``content``: the first frame with ``colours >= min_colours``;
    - ``still``: the first frame, at or after ``content``, with content, such that the frames after
      it stay identical to it for at least ``hold`` s (at least ``min_grabs`` grabs, the last
      ``hold`` s or more after it). Its time is the time of that first frame, not of the end of
      the hold;
    - ``settled``: :meth:`settled` gives the time the picture on screen at the last frame first
      appeared (the start of the current run of identical frames), if it has content and has
      lasted ``hold`` s.

    Attributes:
        hold: seconds the picture must stay identical (0.3 by default).
        min_colours: colours in the sample that count as content (8).
        min_grabs: identical grabs after the first one needed besides ``hold`` (5: at a 50 ms poll,
            0.3 s is 6 grabs).
        blank: the key of the screen before the command was launched.
    """

    hold: float = 0.3
    min_colours: int = 8
    min_grabs: int = 5
    blank: object = None
    pixels: float | None = None
    content: float | None = None
    still: float | None = None
    moved_after_still: int = 0
    frames: int = 0
    _run_key: object = None
    _run_start: float | None = None
    _run_content: bool = False
    _run_grabs: int = 0
    _last_t: float | None = None
    _changes: list[float] = field(default_factory=list)

    def feed(self, t: float, key: object, uniform: bool, colours: int | None) -> str | None:
        """Take one frame.

        Args:
            t: when the grab began, in seconds (any monotonic clock).
            key: the frame's checksum (equal for identical frames).
            uniform: whether the frame is one colour.
            colours: :func:`colour_count` of the frame, or ``None`` when it is the same frame as
                the one before (not counted again).

        Returns:
            ``"pixels"``, ``"content"`` or ``"still"`` when this frame settles that figure (at
            most one a call; ``"pixels"`` and ``"content"`` may both be due on one frame, then
            ``"content"`` is returned on that frame and ``pixels`` is set too), else ``None``.
        """
        self.frames += 1
        self._last_t = t
        found = None
        if self.pixels is None and (key != self.blank if self.blank is not None else not uniform):
            self.pixels = t
            found = "pixels"
        if key != self._run_key:
            if self.still is not None:
                self.moved_after_still += 1
            self._run_key, self._run_start, self._run_grabs = key, t, 0
            self._run_content = (not uniform) and (colours or 0) >= self.min_colours
            self._changes.append(t)
        else:
            self._run_grabs += 1
        if self.content is None and self._run_content:
            self.content = t
            found = "content"
        if (self.still is None and self._run_content and self._run_grabs >= self.min_grabs
                and t - self._run_start >= self.hold):
            self.still = self._run_start
            found = "still"
        return found

    def settled(self) -> float | None:
        """When the picture on screen at the last frame first appeared; ``None`` unless it has
        content and has stayed ``hold`` s (and ``min_grabs`` grabs)."""
        if (self._run_start is None or not self._run_content or self._run_grabs < self.min_grabs
                or self._last_t - self._run_start < self.hold):
            return None
        return self._run_start


#: A change of the picture inside a box smaller than this share of the screen (0.1 %: about 45 x
#: 45 px at 1920x1080) is a small indicator stepping (a place-in-the-loop bar, a blinking
#: caret), not the picture changing: a line of text is many times larger.
SMALL_CHANGE = 0.001


def small_change(before: bytes, after: bytes, width: int, height: int, bytes_per_line: int) -> bool:
    """Whether ``after`` differs from ``before`` only inside a box under :data:`SMALL_CHANGE` of
    the screen (both 32-bit-per-pixel frames of ``width`` x ``height`` px, ``bytes_per_line``
    bytes a row). Identical frames are no change (``False``)."""
    import numpy as np

    if not before or len(before) != len(after):
        return False
    a = np.frombuffer(before, dtype=np.uint32).reshape(height, bytes_per_line // 4)[:, :width]
    b = np.frombuffer(after, dtype=np.uint32).reshape(height, bytes_per_line // 4)[:, :width]
    differs = (a & 0xFFFFFF) != (b & 0xFFFFFF)
    rows, cols = np.flatnonzero(differs.any(axis=1)), np.flatnonzero(differs.any(axis=0))
    if rows.size == 0:
        return False
    box = (rows[-1] - rows[0] + 1) * (cols[-1] - cols[0] + 1)
    return box < SMALL_CHANGE * width * height


def frame_key(pixels: bytes) -> int:
    """Checksum of a whole frame (CRC-32: a few ms for 8 MB)."""
    return zlib.crc32(pixels)


def png_bytes(pixels: bytes, width: int, height: int, bytes_per_line: int | None = None) -> bytes:
    """Encode a 32-bit-per-pixel little-endian BGRX frame (X11 ZPixmap, depth 24) as an RGB PNG."""
    bpl = bytes_per_line or width * 4
    rows = []
    for y in range(height):
        row = pixels[y * bpl: y * bpl + width * 4]
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = row[2::4], row[1::4], row[0::4]
        rows.append(b"\x00" + bytes(rgb))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 3)) + chunk(b"IEND", b""))


# --------------------------------------------------------------------------- X11
class _XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
                ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
                ("bits_per_pixel", ctypes.c_int), ("red_mask", ctypes.c_ulong),
                ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong), ("obdata", ctypes.c_void_p),
                ("f", ctypes.c_void_p * 6)]


class RootGrabber:
    """Grabs the X root window with ``XGetImage`` (ZPixmap) through ctypes.

    Raises:
        RuntimeError: libX11 missing, the display cannot be opened, or the screen is not
            32 bits a pixel with red in 0xFF0000 (Xvfb's ``-screen 0 WxHx24``).
    """

    def __init__(self, display: str):
        x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultScreen.argtypes = [ctypes.c_void_p]
        x.XRootWindow.restype = ctypes.c_ulong
        x.XRootWindow.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XDisplayWidth.argtypes = x.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XGetImage.restype = ctypes.POINTER(_XImage)
        x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.x = x
        self.dpy = x.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open display {display}")
        screen = x.XDefaultScreen(self.dpy)
        self.root = x.XRootWindow(self.dpy, screen)
        self.width, self.height = x.XDisplayWidth(self.dpy, screen), x.XDisplayHeight(self.dpy, screen)
        self._destroy = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_XImage))
        self.bytes_per_line = self.width * 4

    def grab(self) -> bytes:
        """The whole root window, 4 bytes a pixel (BGRX), rows ``bytes_per_line`` long."""
        image = self.x.XGetImage(self.dpy, self.root, 0, 0, self.width, self.height,
                                 ctypes.c_ulong(-1).value, 2)
        if not image:
            raise RuntimeError("XGetImage failed")
        img = image.contents
        try:
            if img.bits_per_pixel != 32 or img.red_mask != 0xFF0000 or img.byte_order != 0:
                raise RuntimeError(f"unsupported screen format ({img.bits_per_pixel} bpp); use Xvfb -screen 0 WxHx24")
            self.bytes_per_line = img.bytes_per_line
            return ctypes.string_at(img.data, img.bytes_per_line * img.height)
        finally:
            self._destroy(img.f[1])(image)

    def save(self, path: str, pixels: bytes) -> None:
        with open(path, "wb") as f:
            f.write(png_bytes(pixels, self.width, self.height, self.bytes_per_line))

    def save_raw(self, path: str, pixels: bytes) -> None:
        """Write the frame as it is (a few ms), for :func:`raw_to_png` later, outside the measures."""
        write_raw(path, pixels, self.width, self.height, self.bytes_per_line)


RAW_MAGIC = b"XPRB"


def write_raw(path: str, pixels: bytes, width: int, height: int, bytes_per_line: int) -> None:
    """Write a BGRX frame with a 16-byte header (magic, width, height, bytes per line)."""
    with open(path, "wb") as f:
        f.write(RAW_MAGIC + struct.pack("<III", width, height, bytes_per_line) + pixels)


def raw_to_png(raw: str, png: str) -> None:
    """Turn a frame written by :meth:`RootGrabber.save_raw` into a PNG."""
    with open(raw, "rb") as f:
        data = f.read()
    if data[:4] != RAW_MAGIC:
        raise ValueError(f"{raw} is not a frame written by xprobe")
    width, height, bpl = struct.unpack("<III", data[4:16])
    with open(png, "wb") as f:
        f.write(png_bytes(data[16:], width, height, bpl))


def watch(args: argparse.Namespace) -> int:
    """Grab the screen every ``args.poll`` s and print the findings (see the module's docstring).

    Raises:
        RuntimeError: the display cannot be opened or grabbed (the harness records the run as failed).
    """
    grabber = RootGrabber(args.display)
    first = grabber.grab()
    print(f"READY {int(is_uniform(first))} {grabber.width} {grabber.height}", flush=True)
    tracker = StillTracker(hold=args.hold, min_colours=args.min_colours, blank=frame_key(first))
    shots: dict[str, bytes] = {}
    deadline = time.monotonic() + args.timeout
    watch_end = None
    last_key = None
    uniform = True
    still_pixels = b""
    run_pixels = b""  # the first frame of the current picture
    last_grabbed = None
    small = 0  # small changes taken as the same picture (see SMALL_CHANGE)
    while True:
        began = time.monotonic()
        if watch_end is None and began > deadline:
            print("TIMEOUT", flush=True)
            break
        if watch_end is not None and began >= watch_end:
            settled = tracker.settled()
            print(f"SETTLED {'-' if settled is None else f'{settled:.6f}'} {tracker.moved_after_still} {small}", flush=True)
            break
        pixels = grabber.grab()
        grabbed = frame_key(pixels)
        if grabbed == last_grabbed:
            key = last_key  # the same frame as the one before
        elif small_change(run_pixels, pixels, grabber.width, grabber.height, len(pixels) // grabber.height):
            key, small = last_key, small + 1  # a small indicator stepped: still the same picture
        else:
            key = grabbed
        last_grabbed = grabbed
        if key != last_key:
            run_pixels = pixels
            uniform = is_uniform(pixels)
            colours = 1 if uniform else colour_count(pixels)
            still_pixels = pixels  # the first frame of the current run
        else:
            colours = None  # the same picture: uniform as it was
        last_key = key
        found = tracker.feed(began, key, uniform, colours)
        if tracker.pixels == began:
            print(f"PIXELS {began:.6f}", flush=True)
            shots["pixels"] = pixels
        if found == "content":
            print(f"CONTENT {began:.6f} {colours}", flush=True)
            shots["content"] = pixels
        elif found == "still":
            print(f"STILL {tracker.still:.6f}", flush=True)
            shots["still"] = still_pixels
            watch_end = tracker.still + args.watch if args.watch > 0 else began
        rest = args.poll - (time.monotonic() - began)
        if rest > 0:
            time.sleep(rest)
    if args.shots:  # raw, a few ms each: the harness turns them into PNGs after the run
        if tracker.moved_after_still:
            shots["settled"] = still_pixels
        for name, pixels in shots.items():
            grabber.save_raw(f"{args.shots}_{name}.raw", pixels)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot probe for bench/xbench.py.")
    sub = parser.add_subparsers(dest="mode", required=True)
    w = sub.add_parser("watch")
    w.add_argument("display")
    w.add_argument("--poll", type=float, default=0.05, help="seconds between grabs")
    w.add_argument("--timeout", type=float, default=60.0, help="give up without content after this many s")
    w.add_argument("--hold", type=float, default=0.3, help="seconds a still picture must last")
    w.add_argument("--watch", type=float, default=0.0, help="after STILL, keep watching this many s, then SETTLED")
    w.add_argument("--min-colours", type=int, default=8)
    w.add_argument("--shots", metavar="PREFIX",
                   help="save PREFIX_pixels.raw, _content.raw, _still.raw (and _settled.raw) for raw_to_png")
    s = sub.add_parser("shot")
    s.add_argument("display")
    s.add_argument("file")
    args = parser.parse_args(argv)
    if args.mode == "shot":
        grabber = RootGrabber(args.display)
        grabber.save(args.file, grabber.grab())
        return 0
    return watch(args)


if __name__ == "__main__":
    sys.exit(main())
