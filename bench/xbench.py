"""Side-by-side benchmark: the kiosk, a bare Qt Quick window and Chromium, measured from the outside.

Run from the repository root (``make bench`` runs ``bench/setup.sh`` first)::

    .venv/bin/python bench/xbench.py            # 3 runs of each, medians (about 10 minutes)
    .venv/bin/python bench/xbench.py --quick    # 1 run of each, shorter windows (about 3 minutes)

Every run gets a fresh Xvfb (1920x1080x24) with a window manager (matchbox, so full-screen windows
really cover the screen) and software rendering (Qt Quick's software renderer for the kiosk and
the bare window, ``--disable-gpu`` for Chromium). A probe process takes screenshots of the whole
screen (``bench/xprobe.py``); the harness sums the memory and CPU of each command's whole process
tree (psutil). Prints one markdown table, each figure beside the bare window's and Chromium's,
with the goal and PASS or MISS. A benchmark never fails the build: the exit code is 0 whatever the
figures are, and 1 only when this harness itself crashes. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from xprobe import raw_to_png  # bench/xprobe.py and bench/xprocs.py, beside this file
from xprocs import INFRA, SCREEN, Tree, become_subreaper, read_line, reap, start_xvfb, stop

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DECK = ROOT / "slides" / "freedom-week-2019"
WM = ["matchbox-window-manager", "-use_titlebar", "no", "-use_cursor", "no"]

#: The kiosk's cross-fade (kiosk.qt.backend.TRANSITION_MS) and the bundled deck's dwell, in ms;
#: read from the kiosk when it can be imported (see :func:`kiosk_timing`).
FADE_MS, DWELL_MS = 400, 12000

# Goals (from the benchmark's brief).
STILL_SLACK_S = 0.15      # first slide complete within 0.15 s of the bare window's
PSS_RATIO = 1.15          # PSS at most 1.15 x the bare window's
LOOP_CPU_RATIO = 1.2      # CPU while the loop plays at most 1.2 x the bare window's cross-fading
STATIC_CPU_MAX = 0.2      # "0 %": at most 0.2 % of a core (2 clock ticks of 10 ms in a 10 s window)
VALIDATE_COLD_S, VALIDATE_CACHED_S = 2.0, 0.3

#: The columns of the table, in order, with their two cases: the run for start-up, memory and the
#: static CPU ("static"), and the run for the CPU while the loop plays ("loop").
COLUMNS = {
    "kiosk": "Kiosk",
    "bare-idle": "Bare window, idle",
    "bare-fade": "Bare window, cross-fading",
    "chromium": "Chromium + reveal.js",
}


@dataclass(frozen=True)
class Case:
    """One command measured: a column and a mode (``static`` or ``loop``)."""

    column: str
    mode: str

    @property
    def name(self) -> str:
        return f"{self.column}-{self.mode}"


CASES = [Case("kiosk", "static"), Case("kiosk", "loop"), Case("bare-idle", "static"),
         Case("bare-fade", "loop"), Case("chromium", "static"), Case("chromium", "loop")]


# --------------------------------------------------------------------------- pure parts
def parse_probe_line(line: str, launched: float) -> tuple[str, dict] | None:
    """Read one line of ``bench/xprobe.py watch``.

    Args:
        line: the line, e.g. ``"STILL 1234.5"``.
        launched: CLOCK_MONOTONIC time at which the command was launched, in seconds.

    Returns:
        ``(word, figures)`` with times as seconds since launch (``pixels_s``, ``content_s`` and
        ``colours``, ``still_s``, ``settled_s``, ``moved`` and ``small_changes``: steps of a small indicator taken
        as the same picture, see ``xprobe.SMALL_CHANGE``), or ``None`` for a line it does not know.
    """
    parts = line.split()
    if not parts:
        return None
    word = parts[0]
    try:
        if word == "PIXELS":
            return word, {"pixels_s": round(float(parts[1]) - launched, 3)}
        if word == "CONTENT":
            return word, {"content_s": round(float(parts[1]) - launched, 3), "colours": int(parts[2])}
        if word == "STILL":
            return word, {"still_s": round(float(parts[1]) - launched, 3)}
        if word == "SETTLED":
            settled = None if parts[1] == "-" else round(float(parts[1]) - launched, 3)
            small = int(parts[3]) if len(parts) > 3 else 0
            return word, {"settled_s": settled, "moved": int(parts[2]), "small_changes": small}
        if word in ("TIMEOUT", "READY"):
            return word, {}
    except (IndexError, ValueError):
        return None
    return None


def count_fades(app_output: str, events: list[dict], start: float, end: float) -> int | None:
    """Slide changes inside a CPU window.

    The bare window prints ``fade <monotonic s>``; the kiosk logs ``slide_shown`` events whose
    ``t`` is on the same monotonic clock (kiosk.events).

    Returns:
        The number of changes with ``start <= t < end`` (monotonic seconds), or ``None`` when the
        command reports none of either kind.
    """
    times = [float(m) for m in re.findall(r"^fade (\d+\.\d+)$", app_output, re.M)]
    times += [e["t"] for e in events if e.get("event") == "slide_shown" and "t" in e]
    if not times and not events:
        return None
    return sum(1 for t in times if start <= t < end)


def fade_frames(text: str, start: float = float("-inf"), end: float = float("inf")) -> list[dict]:
    """The cross-fades of a frame-times file (``KIOSK_FRAME_TIMES``, see ``kiosk.qt.frametimes``).

    Args:
        text: the file: ``fade <t>``, ``frame <t> <work ms>`` and ``end <t>`` lines (monotonic s).
        start, end: keep the fades that started with ``start <= t < end``.

    Returns:
        One ``{"t", "gaps_ms", "work_ms"}`` per complete fade (one with an ``end`` and the frame
        after it): ``gaps_ms`` from the fade's start to its first frame, then from frame to frame,
        the last one ending on the frame that shows the end state; ``work_ms`` each frame's own
        time, from its start to its swap.
    """
    fades: list[dict] = []
    current: dict | None = None
    for line in text.splitlines():
        parts = line.split()
        try:
            if parts and parts[0] == "fade":
                current = {"t": float(parts[1]), "last": float(parts[1]), "gaps_ms": [], "work_ms": [], "ended": False}
            elif parts and parts[0] == "frame" and current is not None:
                t = float(parts[1])
                current["gaps_ms"].append(round(1000 * (t - current["last"]), 2))
                current["work_ms"].append(float(parts[2]))
                current["last"] = t
                if current["ended"]:
                    if start <= current["t"] < end:
                        fades.append({k: current[k] for k in ("t", "gaps_ms", "work_ms")})
                    current = None
            elif parts and parts[0] == "end" and current is not None:
                current["ended"] = True
        except (IndexError, ValueError):
            current = None
    return fades


def frame_figures(fades: list[dict]) -> dict:
    """The longest frame of the fades (``fade_max_ms``), the median of each fade's longest
    (``fade_typical_ms``), frames per fade (median, ``fade_frames``) and the longest frame's own
    work (``fade_work_ms``); all ``None`` without a fade."""
    if not fades:
        return {"fade_max_ms": None, "fade_typical_ms": None, "fade_frames": None, "fade_work_ms": None}
    return {"fade_max_ms": max(max(f["gaps_ms"]) for f in fades),
            "fade_typical_ms": round(statistics.median(max(f["gaps_ms"]) for f in fades), 2),
            "fade_frames": statistics.median(len(f["gaps_ms"]) for f in fades),
            "fade_work_ms": max(max(f["work_ms"]) for f in fades)}


def median(values: list) -> float | None:
    good = [v for v in values if v is not None]
    return statistics.median(good) if good else None


def summarise(results: list[dict]) -> dict[str, dict]:
    """Medians of every figure, per case name (``"kiosk-static"``...), over the runs without error.

    Also keeps each figure's values of all runs under ``"<figure>_all"``, and ``"runs"``/``"ok"``.
    """
    out: dict[str, dict] = {}
    figures = ("pixels_s", "content_s", "still_s", "settled_s", "pss_mib", "uss_mib", "cpu_pct",
               "xvfb_cpu_pct", "nproc", "fades", "moved", "small_changes", "cpu_window_s", "other_cores",
               "fade_max_ms", "fade_typical_ms", "fade_frames", "fade_work_ms")
    for case in {r["case"] for r in results}:
        runs = [r for r in results if r["case"] == case]
        good = [r for r in runs if not r.get("error")]
        row: dict = {"runs": len(runs), "ok": len(good)}
        for key in figures:
            row[key] = median([r.get(key) for r in good])
            row[key + "_all"] = [r.get(key) for r in good]
        out[case] = row
    return out


def first_complete(row: dict | None) -> float | None:
    """Launch to the first slide complete and still: ``settled_s`` where the run watched for it, else ``still_s``."""
    if not row:
        return None
    return row.get("settled_s") if row.get("settled_s") is not None else row.get("still_s")


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def fmt(value, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def table(summary: dict[str, dict], validate: dict, frames: dict) -> str:
    """The markdown table: one row a figure, one column a command, then the goal and PASS/MISS.

    Args:
        summary: :func:`summarise`'s result.
        validate: ``{"cold_s": [...], "cached_s": [...]}`` (wall times of ``kiosk validate``).
        frames: ``{"kiosk": ms or None, "bare": ms or None}`` (longest frame in a cross-fade).
    """
    def get(case: str, key: str):
        return (summary.get(case) or {}).get(key)

    k_still, b_still = first_complete(summary.get("kiosk-static")), first_complete(summary.get("bare-idle-static"))
    k_pss, b_pss = get("kiosk-static", "pss_mib"), get("bare-idle-static", "pss_mib")
    k_loop, b_loop = get("kiosk-loop", "cpu_pct"), get("bare-fade-loop", "cpu_pct")
    k_static = get("kiosk-static", "cpu_pct")
    k_frame, b_frame = get("kiosk-loop", "fade_max_ms"), get("bare-fade-loop", "fade_max_ms")
    cold, cached = median(validate.get("cold_s", [])), median(validate.get("cached_s", []))
    edited = median(validate.get("edited_s", []))
    rows = [
        ("Launch to first pixels, s",
         [fmt(get(c, "pixels_s"), ".2f") for c in ("kiosk-static", "bare-idle-static", "bare-fade-loop", "chromium-static")],
         "for reference", "info"),
        ("Launch to first slide complete and still, s",
         [fmt(k_still, ".2f"), fmt(b_still, ".2f"), fmt(first_complete(summary.get("bare-fade-loop")), ".2f"),
          fmt(first_complete(summary.get("chromium-static")), ".2f")],
         f"≤ bare idle + {STILL_SLACK_S} s" + (f" (≤ {b_still + STILL_SLACK_S:.2f})" if b_still is not None else ""),
         verdict(None if k_still is None or b_still is None else k_still <= b_still + STILL_SLACK_S)),
        ("Memory: PSS of the process tree 5 s after content, MiB",
         [fmt(get(c, "pss_mib"), ".1f") for c in ("kiosk-static", "bare-idle-static", "bare-fade-loop", "chromium-static")],
         f"≤ {PSS_RATIO} × bare idle" + (f" (≤ {b_pss * PSS_RATIO:.1f})" if b_pss is not None else ""),
         verdict(None if k_pss is None or b_pss is None else k_pss <= b_pss * PSS_RATIO)),
        ("CPU while the loop plays, % of one core",
         [fmt(k_loop, ".2f"), "–", fmt(b_loop, ".2f"), fmt(get("chromium-loop", "cpu_pct"), ".2f")],
         f"≤ {LOOP_CPU_RATIO} × bare cross-fading" + (f" (≤ {b_loop * LOOP_CPU_RATIO:.2f})" if b_loop is not None else ""),
         verdict(None if k_loop is None or b_loop is None else k_loop <= b_loop * LOOP_CPU_RATIO)),
        ("CPU on a static slide, % of one core",
         [fmt(k_static, ".2f"), fmt(get("bare-idle-static", "cpu_pct"), ".2f"), "–",
          fmt(get("chromium-static", "cpu_pct"), ".2f")],
         f"0 % (≤ {STATIC_CPU_MAX}, the measure's resolution)",
         verdict(None if k_static is None else k_static <= STATIC_CPU_MAX)),
        ("Longest frame in a cross-fade, ms (loop runs)",
         [fmt(k_frame, ".1f"), "–", fmt(b_frame, ".1f"), "–"],
         "≤ bare cross-fading" + (f" (≤ {b_frame:.1f})" if b_frame is not None else ""),
         verdict(None if k_frame is None or b_frame is None else k_frame <= b_frame)),
        ("Longest frame in a cross-fade, ms (inside, offscreen)",
         [fmt(frames.get("kiosk"), ".1f"), "–", fmt(frames.get("bare"), ".1f"), "–"], "for reference", "info"),
        ("`kiosk validate` bundled deck with fit check, cold (empty cache), s",
         [fmt(cold, ".2f"), "–", "–", "–"], f"< {VALIDATE_COLD_S:.0f} s",
         verdict(None if cold is None else cold < VALIDATE_COLD_S)),
        ("`kiosk validate` after editing one slide, s",
         [fmt(edited, ".2f"), "–", "–", "–"], f"< {VALIDATE_COLD_S:.0f} s",
         verdict(None if edited is None else edited < VALIDATE_COLD_S)),
        ("`kiosk validate` again, deck unchanged (cached), s",
         [fmt(cached, ".2f"), "–", "–", "–"], f"< {VALIDATE_CACHED_S} s",
         verdict(None if cached is None else cached < VALIDATE_CACHED_S)),
    ]
    out = ["| Figure | " + " | ".join(COLUMNS.values()) + " | Goal | Result |",
           "|---|" + "---:|" * len(COLUMNS) + "---|---|"]
    for label, cells, goal, result in rows:
        out.append(f"| {label} | " + " | ".join(cells) + f" | {goal} | {result} |")
    return "\n".join(out)


# --------------------------------------------------------------------------- commands
def kiosk_timing() -> tuple[int, int]:
    """The kiosk's cross-fade and the bundled deck's dwell, in ms, from the kiosk itself."""
    fade, dwell = FADE_MS, DWELL_MS
    try:
        from kiosk.deck import load_deck
        from kiosk.qt.backend import TRANSITION_MS
        fade = TRANSITION_MS
        result = load_deck(DECK)
        if result.ok:
            dwell = int(result.deck.deck.dwell * 1000)
    except Exception:  # noqa: BLE001 - the figures above are the documented defaults
        pass
    return fade, dwell


def commands(time_scale: float, fade_ms: int, dwell_ms: int) -> dict[str, list[str]]:
    """The command of each case (``$BENCH_TMP`` is the run's scratch folder, expanded by the harness).

    The loop cases change slide every ``dwell_ms / time_scale`` ms with a cross-fade of
    ``fade_ms / time_scale`` ms: the kiosk by ``--time-scale`` (which shortens its fade the same
    way, kiosk.qt.player.transition_ms), the bare window and Chromium by their settings.
    """
    kiosk = [str(Path(sys.executable).with_name("kiosk")), "run", str(DECK), "--always-open",
             "--log-folder", "$BENCH_TMP/log", "--stats-file", "$BENCH_TMP/stats.db"]
    interval, fade = round(dwell_ms / time_scale), round(fade_ms / time_scale) if time_scale > 1 else fade_ms
    chromium = ["chromium", "--kiosk", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND",  # no request can leave, should the page try one
                "--user-data-dir=$BENCH_TMP/profile"]
    page = (HERE / "deck.html").as_uri()
    bare = [sys.executable, str(HERE / "bare.py")]
    return {
        "kiosk-static": kiosk,
        "kiosk-loop": kiosk + ["--time-scale", f"{time_scale:g}"],
        "bare-idle-static": bare,
        "bare-fade-loop": bare + ["--interval-ms", str(interval), "--fade-ms", str(fade)],
        "chromium-static": chromium + [f"{page}?interval=0&fade={fade_ms}"],
        "chromium-loop": chromium + [f"{page}?interval={interval}&fade={fade}"],
    }


def log(message: str) -> None:
    print(f"[xbench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- one run
def one_run(case: Case, command: list[str], index: str, args: argparse.Namespace, out: Path) -> dict:
    """Launch ``command`` on a fresh Xvfb and take its figures (see bench/README.md)."""
    res: dict = {"case": case.name, "run": index, "error": None}
    tag = f"{case.name}-{index}"
    workdir = Path(tempfile.mkdtemp(prefix=f"xbench-{tag}-"))
    xvfb = wm = probe = app = tree = None
    buffers: dict = {}
    app_log = out / "logs" / f"{tag}.log"
    static = case.mode == "static"
    try:
        xvfb, display = start_xvfb(workdir)
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
        env.update(DISPLAY=display)
        wm = subprocess.Popen(WM, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
        INFRA.add(wm.pid)
        time.sleep(1.0)
        if wm.poll() is not None:
            raise RuntimeError(f"the window manager ended at once (exit {wm.returncode})")
        probe_cmd = [sys.executable, str(HERE / "xprobe.py"), "watch", display, "--poll", str(args.poll),
                     "--timeout", str(args.start_timeout), "--hold", str(args.hold),
                     "--watch", str(args.watch if static else 0)]
        if args.shots:
            probe_cmd += ["--shots", str(out / "shots" / tag)]
        probe = subprocess.Popen(probe_cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        INFRA.add(probe.pid)
        ready = read_line(probe, 15, buffers)
        if not ready or not ready.startswith("READY"):
            raise RuntimeError(f"the screenshot probe did not start ({ready!r})")
        if ready.split()[1] != "1":
            raise RuntimeError("the screen was not one colour before the command started")

        env.update(BENCH_TMP=str(workdir), TMPDIR=str(workdir / "tmp"), QT_QUICK_BACKEND=args.qt_backend,
                   XDG_CONFIG_HOME=str(workdir / "config"), XDG_STATE_HOME=str(workdir / "state"),
                   XDG_DATA_HOME=str(workdir / "data"))
        if args.qt_backend == "default":
            env.pop("QT_QUICK_BACKEND")
        if not static:  # each cross-fade's frames (kiosk.qt.frametimes; bare.py writes the same)
            env["KIOSK_FRAME_TIMES"] = str(workdir / "frames.txt")
        (workdir / "tmp").mkdir()
        argv = [a.replace("$BENCH_TMP", str(workdir)) for a in command]
        with open(app_log, "wb") as app_out:
            launched = time.monotonic()
            app = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=app_out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        tree = Tree(app.pid)
        last = "SETTLED" if static else "STILL"
        deadline = launched + args.start_timeout + args.watch + 10
        while time.monotonic() < deadline:
            line = read_line(probe, 0.5, buffers)
            if line is None:
                if probe.poll() is not None or (app.poll() is not None and not tree.scan()):
                    break
                continue
            parsed = parse_probe_line(line, launched)
            if parsed:
                res.update(parsed[1])
                if parsed[0] in (last, "TIMEOUT"):
                    break
        if res.get("content_s") is None:
            raise RuntimeError(f"no content on screen within {args.start_timeout:.0f} s"
                               + ("" if app.poll() is None else f" (the command ended, exit {app.returncode})"))
        if res.get("still_s") is None:
            res["note"] = "the screen never stayed still"
        memory: dict = {}
        pss_at = launched + res["content_s"] + args.settle

        def take_memory() -> None:
            memory.update(tree.memory())

        if static:  # the window starts once the probe has stopped grabbing
            window = tree.cpu_window(args.static_window, at=pss_at, at_call=take_memory, xvfb=xvfb.pid)
        else:
            time.sleep(max(0.0, pss_at - time.monotonic()))
            take_memory()
            window = tree.cpu_window(args.loop_window, xvfb=xvfb.pid)
        res.update(memory)
        res.update({k: v for k, v in window.items() if k not in ("start", "end")})
        res["window_from_launch_s"] = (round(window["start"] - launched, 2), round(window["end"] - launched, 2))
        if args.shots:
            subprocess.run([sys.executable, str(HERE / "xprobe.py"), "shot", display,
                            str(out / "shots" / f"{tag}_end.png")], env=env, timeout=30,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if app.poll() is not None and not tree.scan():
            res["error"] = f"the command ended during the measure (exit {app.returncode})"
        events = read_events(workdir / "log" / "events.jsonl")
        res["fades"] = count_fades(app_log.read_text(errors="replace"), events, window["start"], window["end"])
        if not static and (workdir / "frames.txt").exists():
            res.update(frame_figures(fade_frames((workdir / "frames.txt").read_text(), window["start"], window["end"])))
        if case.column == "kiosk" and static and res["fades"]:
            res["note"] = f"the slide changed {res['fades']} time(s) during the static window"
    except Exception as exc:  # noqa: BLE001 - recorded; the other runs go on
        res["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        blocked = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
        old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            if tree is not None:
                tree.kill()
            for proc in (app, probe, wm, xvfb):
                stop(proc)
            reap()
            INFRA.clear()
            shutil.rmtree(workdir, ignore_errors=True)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
    if args.shots:  # the probe wrote its frames raw; PNGs now, outside every measure
        for raw in sorted((out / "shots").glob(f"{tag}_*.raw")):
            raw_to_png(str(raw), str(raw.with_suffix(".png")))
            raw.unlink()
    return res


def read_events(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    events = []
    for line in lines:
        try:
            events.append(json.loads(line))
        except ValueError:
            pass
    return events


# --------------------------------------------------------------------------- kiosk-only figures
def validate_times(runs: int) -> dict:
    """Wall time of ``kiosk validate`` (fit check on) on the bundled deck: cold, one slide edited,
    and unchanged.

    Cold: a fresh copy of the deck folder and an empty check cache (``XDG_CACHE_HOME`` a new
    folder), as a coordinator checks a deck the kiosk has never seen; the interpreter's and Qt's
    own caches are warm, as on any computer that has run the kiosk before (the harness runs this
    after the kiosk's runs, and Qt's compiled QML, which Qt keeps in the same folder as the
    kiosk's checks, ``$XDG_CACHE_HOME/kiosk/qmlcache``, is copied in from one untimed check).
    Edited: the same copy with one slide's title changed ("Who we are"), the cache as the cold
    check left it, as a coordinator checks again after an edit. Unchanged: the same command once
    more.
    """
    out: dict = {"cold_s": [], "edited_s": [], "cached_s": [], "problems": []}
    kiosk = str(Path(sys.executable).with_name("kiosk"))
    with tempfile.TemporaryDirectory(prefix="xbench-validate-") as tmp:
        warm = Path(tmp) / "warm"
        subprocess.run([kiosk, "validate", str(DECK)], cwd=ROOT, capture_output=True, stdin=subprocess.DEVNULL,
                       timeout=300, env={**os.environ, "XDG_CACHE_HOME": str(warm)})
        for i in range(runs):
            deck = Path(tmp) / f"deck-{i}"
            shutil.copytree(DECK, deck)
            env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / f"cache-{i}")}
            if (warm / "kiosk" / "qmlcache").is_dir():  # Qt's compiled QML only, no check verdict
                shutil.copytree(warm / "kiosk" / "qmlcache", Path(tmp) / f"cache-{i}" / "kiosk" / "qmlcache")
            for kind in ("cold_s", "edited_s", "cached_s"):
                if kind == "edited_s":
                    text = (deck / "deck.yaml").read_text(encoding="utf-8")
                    edited = text.replace("title: Who we are\n", "title: Who we are today\n", 1)
                    if edited == text:
                        out["problems"].append("the bundled deck has no 'title: Who we are' to edit")
                        return out
                    (deck / "deck.yaml").write_text(edited, encoding="utf-8")
                began = time.perf_counter()
                done = subprocess.run([kiosk, "validate", str(deck)], cwd=ROOT, capture_output=True,
                                      stdin=subprocess.DEVNULL, timeout=300, env=env)
                took = time.perf_counter() - began
                if done.returncode != 0:
                    text = (done.stdout + done.stderr).decode(errors="replace").strip().splitlines()
                    out["problems"].append(f"kiosk validate exited {done.returncode}: " + " | ".join(text[-3:]))
                    return out
                out[kind].append(round(took, 3))
    return out


def inside_frames(runs: int, count: int) -> dict:
    """Longest frame in a cross-fade, from the inside (bench/bench.py's method, offscreen): the kiosk's
    cross-fades driven by ``backend.next()`` and bench/floor.py's 400 ms fade. Medians over runs."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    found: dict = {"kiosk": [], "bare": [], "problems": []}
    for _ in range(runs):
        for key, cmd in (("kiosk", [sys.executable, str(HERE / "bench.py"), "_kiosk-transitions", "--count", str(count)]),
                         ("bare", [sys.executable, str(HERE / "floor.py"), "--fades", str(count)])):
            try:
                done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=60 + 5 * count,
                                      stdin=subprocess.DEVNULL)
                result = json.loads(done.stdout.decode().strip().splitlines()[-1])
                found[key].append(result.get("max_ms"))
            except (subprocess.TimeoutExpired, ValueError, IndexError) as exc:
                found["problems"].append(f"inside frame timing of {key} failed ({type(exc).__name__})")
    return {"kiosk": median(found["kiosk"]), "bare": median(found["bare"]), "kiosk_all": found["kiosk"],
            "bare_all": found["bare"], "problems": found["problems"]}


# --------------------------------------------------------------------------- report
def versions() -> str:
    parts = []
    try:
        import PySide6

        parts.append(f"PySide6 {PySide6.__version__}")
    except ImportError:
        pass
    try:
        parts.append(subprocess.run(["chromium", "--version"], capture_output=True, text=True,
                                    timeout=30).stdout.strip())
    except (OSError, subprocess.TimeoutExpired):
        parts.append("Chromium missing")
    try:
        package = json.loads((HERE / "node_modules" / "reveal.js" / "package.json").read_text())
        parts.append(f"reveal.js {package['version']}")
    except (OSError, ValueError, KeyError):
        parts.append("reveal.js missing")
    return ", ".join(parts)


def details(summary: dict, args: argparse.Namespace, interval_ms: int, fade_ms: int) -> list[str]:
    lines = []
    for case in CASES:
        row = summary.get(case.name)
        if not row:
            continue
        fades = row.get("fades_all") or []
        lines.append(
            f"- {case.name}: {row['ok']}/{row['runs']} runs; pixels {row['pixels_s_all']} s, still {row['still_s_all']} s"
            + (f", settled {row['settled_s_all']} s (changes after still {row['moved_all']}, small indicator steps {row['small_changes_all']})" if case.mode == "static" else "")
            + f", PSS {row['pss_mib_all']} MiB, USS {row['uss_mib_all']} MiB, CPU {row['cpu_pct_all']} %"
            f" over {row['cpu_window_s']} s, processes {row['nproc']}, Xvfb CPU {row['xvfb_cpu_pct']} %,"
            f" other load {row['other_cores_all']} cores"
            + (f", slide changes in the window {fades}" if any(f is not None for f in fades) else "")
            + (f"; cross-fades: longest frame {row['fade_max_ms_all']} ms, a fade's longest typically"
               f" {row['fade_typical_ms_all']} ms, frames per fade {row['fade_frames_all']}, longest frame's"
               f" own work {row['fade_work_ms_all']} ms" if case.mode == "loop" and row.get("fade_max_ms") is not None else ""))
    lines.append(f"- Loop runs: a slide change every {interval_ms / 1000:g} s with a {fade_ms} ms cross-fade for all"
                 f" three (the kiosk at --time-scale {args.time_scale:g}: the deck's dwell and its fade, both divided"
                 f" by {args.time_scale:g}); the kiosk's slides with their own duration change less often.")
    return lines


def interrupted(signum: int, _frame) -> None:
    """SIGTERM and SIGHUP end the benchmark as Ctrl+C does: the run in progress cleans up, partial results print."""
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The kiosk beside a bare Qt Quick window and Chromium, under Xvfb.")
    parser.add_argument("--quick", action="store_true", help="1 run of each, shorter windows, for development")
    parser.add_argument("--runs", type=int, help="runs of each command (default 3; 1 with --quick); medians")
    parser.add_argument("--time-scale", type=float, default=3.0,
                        help="loop runs: slides change this many times faster than the deck says (default 3)")
    parser.add_argument("--loop-window", type=float, help="CPU window of the loop runs, s (default 20; 10 with --quick)")
    parser.add_argument("--static-window", type=float, default=8.0, help="CPU window of the static runs, s (default 8)")
    parser.add_argument("--settle", type=float, default=5.0, help="memory taken this many s after content (5)")
    parser.add_argument("--hold", type=float, default=0.3, help="s a picture must stay identical to be still (0.3)")
    parser.add_argument("--watch", type=float, default=2.0,
                        help="static runs: after still, watch this many s more for a later change (2)")
    parser.add_argument("--poll", type=float, default=0.05, help="s between screenshots (0.05)")
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument("--qt-backend", default="software",
                        help="QT_QUICK_BACKEND for the kiosk and the bare window (software; 'default': Qt's choice)")
    parser.add_argument("--only", action="append", choices=sorted(COLUMNS), help="measure only these columns")
    parser.add_argument("--no-validate", action="store_true",
                        help="skip the kiosk-only figures (validate times, frames timed from the inside)")
    parser.add_argument("--shots", action="store_true", help="save the detected frames as PNG under OUT/shots")
    parser.add_argument("--out", type=Path, help="folder for results.json, results.md, logs/ and shots/")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    args.loop_window = args.loop_window or (10.0 if args.quick else 20.0)
    frame_count = 3 if args.quick else 5
    out = args.out or Path(tempfile.gettempdir()) / "kiosk-xbench" / time.strftime("%Y%m%d-%H%M%S")
    (out / "logs").mkdir(parents=True, exist_ok=True)
    if args.shots:
        (out / "shots").mkdir(exist_ok=True)
    missing = [name for name in ("Xvfb", WM[0]) if not shutil.which(name)]
    try:
        import psutil  # noqa: F401
    except ImportError:
        missing.append("psutil")
    if missing:
        print(f"xbench: missing {', '.join(missing)}: run bash bench/setup.sh first", file=sys.stderr)
        return 0
    began = time.monotonic()
    become_subreaper()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)

    fade_ms, dwell_ms = kiosk_timing()
    cmds = commands(args.time_scale, fade_ms, dwell_ms)
    interval_ms = round(dwell_ms / args.time_scale)
    loop_fade = round(fade_ms / args.time_scale) if args.time_scale > 1 else fade_ms
    cases = [c for c in CASES if not args.only or c.column in args.only]
    if not shutil.which("chromium"):
        cases = [c for c in cases if c.column != "chromium"]
        log("chromium is missing (bash bench/setup.sh installs it): its column is left out")
    log(f"{runs} run(s) of {len(cases)} commands; loop: a change every {interval_ms} ms, fades of {loop_fade} ms; out {out}")

    notes: list[str] = []
    results: list[dict] = []
    val, frames = {"cold_s": [], "edited_s": [], "cached_s": []}, {}
    try:
        for app in dict.fromkeys(c.column for c in cases if c.mode == "static"):  # one untimed start each
            case = next(c for c in cases if c.column == app)
            log(f"warm-up: {case.name}")
            args_warm = argparse.Namespace(**{**vars(args), "static_window": 1.0, "shots": False})
            one_run(case, cmds[case.name], "warm-up", args_warm, out)
        for i in range(1, runs + 1):
            for case in cases:
                log(f"{case.name} run {i}/{runs}...")
                r = one_run(case, cmds[case.name], str(i), args, out)
                log(f"  pixels {r.get('pixels_s')} s, still {r.get('still_s')} s, settled {r.get('settled_s')} s, "
                    f"PSS {r.get('pss_mib')} MiB, CPU {r.get('cpu_pct')} %, fades {r.get('fades')}"
                    + (f"  ERROR {r['error']}" if r["error"] else "") + (f"  ({r['note']})" if r.get("note") else ""))
                results.append(r)
                if r.get("error"):
                    notes.append(f"{case.name} run {i}: {r['error']} (log: {out / 'logs' / (case.name + '-' + str(i) + '.log')})")
                elif r.get("note"):
                    notes.append(f"{case.name} run {i}: {r['note']}")
        if not args.no_validate and any(c.column == "kiosk" for c in cases):
            log("kiosk validate: cold and cached...")
            val = validate_times(runs)
            notes += val["problems"]
            log(f"  cold {val['cold_s']} s, one slide edited {val['edited_s']} s, cached {val['cached_s']} s")
            log("longest frame in a cross-fade (inside, offscreen)...")
            frames = inside_frames(runs, frame_count)
            notes += frames["problems"]
    except KeyboardInterrupt:
        notes.append("interrupted: partial results")

    summary = summarise(results)
    md = [f"Side-by-side benchmark: Xvfb {SCREEN}, matchbox, software rendering (Qt Quick {args.qt_backend}, "
          f"Chromium --disable-gpu); medians of {runs} run{'s' if runs > 1 else ''}; {versions()}.", "",
          table(summary, val, frames), ""]
    md += details(summary, args, interval_ms, loop_fade)
    if notes:
        md += ["", "Problems seen while measuring:"] + [f"- {n}" for n in dict.fromkeys(notes)]
    load = os.getloadavg()
    md += ["", f"({time.monotonic() - began:.0f} s; load average {load[0]:.2f} at the end on {os.cpu_count()} cores: "
           "other work on the machine moves these figures. A MISS never fails the build.)"]
    text = "\n".join(md)
    print(text)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"runs": results, "summary": summary, "validate": val,
                                                  "frames": frames, "commands": cmds}, indent=1, default=str))
    print(f"\nResults: {out / 'results.json'}" + (f"; screenshots: {out / 'shots'}" if args.shots else ""))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:  # noqa: BLE001 - a crash of the harness is its only failure
        traceback.print_exc()
        sys.exit(1)
