"""Checking a deck in a child process of its own, so the process that draws never reads a hostile deck.

Every version of a deck the kiosk has not checked before (the deck at start-up, each new version
the deck watcher finds, a deck chosen in the staff menu) is checked by ``python -m
kiosk.qt.checker FOLDER``: the whole check of :func:`kiosk.deck.load_deck` (the YAML, the model,
links, glyphs, dates) and every picture decoded by the player's own reader
(:func:`kiosk.qt.pictures.qt_picture_problems`). The child sets its own limits before it reads
anything (:func:`apply_limits`: address space :data:`MEMORY_BYTES`, processor time
:data:`CPU_SECONDS`), and the kiosk gives it :data:`TIMEOUT_S` of real time and reads at most
:data:`MAX_REPORT_BYTES` of its report. It answers with one JSON object on its standard output
(:func:`report`).

Whatever the child does (crash, hang, print too much, get killed) the answer is a
:class:`Verdict`; a check that did not finish is a verdict with one error saying why, so the
version is refused (``deck_rejected``) and the kiosk keeps playing its last good deck. A
version the child passed comes back in the report as plain data (:mod:`kiosk.deck.plain`), the
very deck the child checked: the kiosk never reads ``deck.yaml`` itself, and never loads the
model's libraries (pydantic, YAML, links, phone numbers). A deck in the report the kiosk cannot
rebuild exactly (:func:`kiosk.deck.plain.decode`) is a check that failed.

Plain Python at import: the parent side uses :mod:`subprocess`, no Qt; the child imports Qt's
picture reader only for a deck with pictures.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import limits
from kiosk.deck.problems import Problem
from kiosk.interpreter import module_command
from kiosk.userfile import size_words

if TYPE_CHECKING:
    import subprocess

    from kiosk.deck.result import LoadResult

#: Real seconds a check may take before the child is killed (a slow USB stick, a large picture
#: on a Raspberry Pi take a few seconds; a hostile deck is stopped here).
TIMEOUT_S = 60.0
#: Processor seconds the child may use (``RLIMIT_CPU``; the kernel stops it past this).
CPU_SECONDS = 30
#: Address space the child may map, in bytes (``RLIMIT_AS``): Python, Qt's picture reader and the
#: largest picture the player decodes (3840 pixels a side) need about 300 MB.
MEMORY_BYTES = 1024 * 1024 * 1024
#: Most bytes of report read from the child (its problems, a few KiB for any real deck); a child
#: that says more is killed and the version refused.
MAX_REPORT_BYTES = 8 * 1024 * 1024
#: The report's format; a report of another format is refused.
FORMAT = 2
#: The check cache's name for this check (:mod:`kiosk.checkcache`).
CACHE_KIND = "play"
#: Where the check's problems are said when the check itself failed: the deck file.
_HINT = "check the deck with kiosk validate; if it passes there, tell the kiosk's maintainers"


@dataclass
class Verdict:
    """What the checking child said about one version of a deck.

    Attributes:
        problems: every error, warning and note found, in file order (when the check itself
            failed: one error saying why).
        deck_sha256: SHA-256 (hex) of the ``deck.yaml`` bytes checked, ``""`` when none was read.
        pictures: the picture files the player's reader read without complaint, each as
            ``[content digest, *file version]`` (:meth:`kiosk.qt.pictures.PlayerPictures.checked`),
            so the kiosk shows that content, and only that, without decoding it again.
        slides: how many slides the deck has (0 when it could not be read).
        failure: why the check itself did not finish (``""`` when it did).
        expires: until when (seconds since the epoch) the verdict holds: the checks judge past
            events and schedules by the date in the deck's time zone. 0 when unknown (then it is
            not kept in the check cache).
        deck: the deck checked, in its plain JSON form (:func:`kiosk.deck.plain.encode`), when
            it has no error; else ``None``.
        codes: the QR codes its views show, payload -> rows (:func:`kiosk.qr.matrix_rows`), so
            the kiosk draws them without the QR library.
        zone_path: the zone database's search path the child found (:data:`zoneinfo.TZPATH`),
            so the drawing process loads :mod:`zoneinfo` without the build's configuration
            (:func:`kiosk.walltime.use_search_path`); empty when unknown.
    """

    problems: list[Problem] = field(default_factory=list)
    deck_sha256: str = ""
    pictures: list[list] = field(default_factory=list)
    slides: int = 0
    failure: str = ""
    expires: float = 0.0
    deck: Any = None
    codes: dict[str, list[str]] = field(default_factory=dict)
    zone_path: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the check finished and found no error (warnings are allowed)."""
        return not self.failure and bool(self.deck_sha256) and not any(p.is_error for p in self.problems)


def command(folder: Path | str) -> list[str]:
    """The command line of the checking child for the deck in ``folder``: this Python, this module
    (:func:`kiosk.interpreter.module_command`)."""
    return module_command("kiosk.qt.checker", os.fspath(folder))


def failed(folder: Path | str, why: str) -> Verdict:
    """The verdict for a check that did not finish: one error at ``deck.yaml`` 1:1 saying ``why``."""
    file = os.path.join(os.fspath(folder), "deck.yaml")
    return Verdict(problems=[Problem(file, 1, 1, f"the deck could not be checked: {why}", _HINT)], failure=why)


def check_in_child(folder: Path | str, *, argv: Sequence[str] | None = None, timeout_s: float = TIMEOUT_S,
                   max_bytes: int = MAX_REPORT_BYTES) -> Verdict:
    """Check the deck in ``folder`` in a child process and return its verdict; never raises for
    anything the child does.

    Blocks the calling thread until the child has answered or been stopped (at most
    ``timeout_s``): the kiosk calls it on a reading thread (:mod:`kiosk.qt.background`), or at
    start-up before the window exists.

    Args:
        folder: the deck folder.
        argv: the child's command line (default :func:`command`); tests give others.
        timeout_s: real seconds before the child is killed.
        max_bytes: most bytes of report read; a child saying more is killed.

    Returns:
        The child's :class:`Verdict`, or (:func:`failed`) a refusal naming what went wrong: the
        child could not start, took longer than ``timeout_s``, said more than ``max_bytes``,
        stopped with an exit code or a signal, or gave a report that is not one.
    """
    argv = list(argv) if argv is not None else command(folder)
    output, why = run_child(argv, timeout_s=timeout_s, max_bytes=max_bytes)
    return failed(folder, why) if why else parse_report(folder, output)


def run_child(argv: Sequence[str], *, timeout_s: float = TIMEOUT_S,
              max_bytes: int = MAX_REPORT_BYTES) -> tuple[bytes, str]:
    """Run ``argv`` as a checking child and read what it prints, within bounds.

    Args:
        argv: the command line.
        timeout_s: real seconds before the child (and anything it started) is killed.
        max_bytes: most bytes read from its standard output; past that it is killed.

    Returns:
        ``(output, "")`` when it ended by itself with exit code 0; else ``(b"", why)``, ``why``
        saying in a few words what went wrong. Never raises for anything the child does.
    """
    import subprocess  # here: a start that finds its deck in the check cache runs no child

    try:
        child = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True,
                                 env=_child_env())
    except OSError as exc:
        return b"", f"the checking process could not start ({exc.strerror or exc})"
    chunks: list[bytes] = []
    too_much: list[bool] = []

    def read() -> None:  # on a thread of its own, so the wait below can time out (pipes block)
        size = 0
        while chunk := child.stdout.read1(65536):
            size += len(chunk)
            if size > max_bytes:
                too_much.append(True)
                _kill(child)
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read, name="kiosk-check-report", daemon=True)
    reader.start()
    try:
        reader.join(timeout_s)
    except BaseException:  # a stop signal (kiosk.stopsignals.Stopped): the child, in a session of its own, goes too
        _kill(child)
        child.wait()
        raise
    timed_out = reader.is_alive()
    if timed_out:
        _kill(child)
        reader.join(5)
    try:
        code = child.wait(5)
    except subprocess.TimeoutExpired:  # it closed its output but does not end
        _kill(child)
        code = child.wait()
    with contextlib.suppress(OSError):
        child.stdout.close()
    if timed_out:
        return b"", f"the check took longer than {timeout_s:g} s and was stopped"
    if too_much:
        return b"", f"the check said more than {size_words(max_bytes)} and was stopped"
    if code != 0:
        if code < 0:
            with contextlib.suppress(ValueError):
                return b"", f"the checking process was stopped by {signal.Signals(-code).name}"
        return b"", f"the checking process stopped with exit code {code}"
    return b"".join(chunks), ""


def picture_entry(item: Any) -> list:
    """A checked picture as a report or the check cache gives it, ``[digest, path, device, inode,
    size, modification ns, change ns]`` (:meth:`kiosk.qt.pictures.PlayerPictures.checked`), checked.

    Raises:
        ValueError: when ``item`` is anything else.
    """
    if not isinstance(item, list) or len(item) != 7 or not isinstance(item[0], str) \
            or not re.fullmatch(r"[0-9a-f]{64}", item[0]) or not isinstance(item[1], str) \
            or not all(type(number) is int for number in item[2:]):
        raise ValueError("not a checked picture")
    return list(item)


def parse_report(folder: Path | str, data: bytes) -> Verdict:
    """The :class:`Verdict` in the report ``data`` (as :func:`report` writes it), or a refusal when
    it is not exactly such a report (the child's output is checked, never trusted)."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("not a report of this kiosk")
        problems = [_problem(item) for item in raw["problems"]]
        digest = raw["deck_sha256"]
        if not isinstance(digest, str) or (digest and len(digest) != 64):
            raise ValueError("bad digest")
        pictures = [picture_entry(item) for item in raw["pictures"]]
        slides = int(raw["slides"])
        expires = float(raw.get("expires", 0.0))
        deck = raw.get("deck")
        codes = raw.get("codes", {})
        if (deck is not None and not isinstance(deck, dict)) or not isinstance(codes, dict):
            raise TypeError("a deck and its codes are objects")
        zone_path = _zone_path(raw.get("zone_path", []))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        return failed(folder, f"the checking process gave no report the kiosk can read ({type(exc).__name__})")
    return Verdict(problems=problems, deck_sha256=digest, pictures=pictures, slides=slides, expires=expires,
                   deck=deck, codes=codes, zone_path=zone_path)


def _zone_path(value: Any) -> list[str]:
    """A report's ``zone_path``: a list of folder names. Raises TypeError for anything else."""
    if not isinstance(value, list) or not all(isinstance(folder, str) for folder in value):
        raise TypeError("a zone path is a list of folders")
    return value


#: The problem of a deck whose ``deck.yaml`` changed while it was checked: nobody knows which
#: version was read, so it is checked again once the folder is still.
CHANGED_WHILE_CHECKED = "the deck changed while it was being checked"


def check_and_load(folder: Path | str, *, argv: Sequence[str] | None = None, cached: bool = True,
                   timeout_s: float = TIMEOUT_S, adopt: bool = True) -> LoadResult:
    """The one way the drawing process takes a deck: checked in a child (:func:`check_in_child`),
    or answered from the verdict kept for the very same content (:mod:`kiosk.checkcache`, kind
    :data:`CACHE_KIND`); when it passed, the deck is rebuilt from the plain form the child gave
    (:func:`kiosk.deck.plain.decode`), without reading ``deck.yaml`` here.

    Plain Python (no QObject): the kiosk calls it on a reading thread, or at start-up before the
    window exists. The pictures the check read without complaint are noted as such
    (:class:`kiosk.qt.pictures.PlayerPictures`), so the player does not decode them again, and
    the QR codes it made are kept (:func:`kiosk.qr.remember`): see
    :func:`kiosk.qt.pictures.adopt_checked`.

    Args:
        folder: the deck folder.
        argv: the child's command line (default :func:`command`).
        cached: look the verdict up in the check cache, and keep the child's there.
        timeout_s: real seconds the child may take.
        adopt: note the pictures and keep the QR codes in this process; False
            in the start-up process of ``kiosk run``, which hands them to the drawing process
            (:mod:`kiosk.handover`) with the result's ``codes`` and ``pictures``.

    Returns:
        A :class:`kiosk.deck.result.LoadResult`: with the deck (:class:`kiosk.deck.plain.Deck`),
        the SHA-256 of the ``deck.yaml`` checked and the check's warnings and notes when it
        passed; else with no deck and every problem the child found (or one saying why the check
        did not finish, or that the deck changed while it was checked).
    """
    from kiosk import checkcache
    from kiosk.deck.plain import PlainError
    from kiosk.deck.result import LoadResult
    from kiosk.paths import DECK_FILE, decks_inside

    folder = Path(os.path.abspath(folder))
    key = checkcache.digest(folder, {"check": CACHE_KIND}) if cached and os.path.isdir(folder) else None
    verdict = _cached(key, folder) if key else None
    deck = _decoded(verdict) if verdict is not None else None
    if verdict is not None and deck is not None and not isinstance(deck, PlainError):
        verdict.pictures = _pictures_now(folder, deck, verdict.pictures, key)
    if key and verdict is not None and isinstance(deck, PlainError):  # a stored deck that does not read
        checkcache.report_damage(key, CACHE_KIND, f"its deck does not read: {deck}")
    content = key or ""  # what was read, when nothing changed meanwhile
    if verdict is None or isinstance(deck, PlainError):  # a miss: checked afresh
        verdict = check_in_child(folder, argv=argv, timeout_s=timeout_s)
        deck = _decoded(verdict)
        if key and checkcache.digest(folder, {"check": CACHE_KIND}) != key:
            content = ""
        elif key and not verdict.failure and verdict.expires and not isinstance(deck, PlainError):
            checkcache.store(key, CACHE_KIND, _kept(verdict.problems, folder), expires=verdict.expires,
                             facts={"deck_sha256": verdict.deck_sha256, "slides": verdict.slides,
                                    "pictures": verdict.pictures, "deck": verdict.deck, "codes": verdict.codes,
                                    "zone_path": verdict.zone_path})
    result = LoadResult(folder=folder, file=folder / DECK_FILE, problems=list(verdict.problems), content=content)
    if verdict.failure or any(p.is_error for p in verdict.problems):
        if decks_inside(folder):  # named as the loader names it: the folder, not a deck.yaml not there
            result.file = folder
        return result
    if not verdict.deck_sha256:  # deck.yaml changed while the child read it: checked again once still
        result.problems = [Problem(str(result.file), 1, 1, CHANGED_WHILE_CHECKED,
                                   "wait until it is copied in full; it is checked again")]
        return result
    if isinstance(deck, PlainError):
        result.problems = failed(folder, f"the checking process gave a deck the kiosk cannot read ({deck})").problems
        return result
    result.deck = deck
    result.sha256 = verdict.deck_sha256
    if verdict.zone_path:
        from kiosk.walltime import use_search_path

        use_search_path(verdict.zone_path)
    result.codes = verdict.codes if isinstance(verdict.codes, dict) else {}
    result.pictures = verdict.pictures if isinstance(verdict.pictures, list) else []
    if adopt and (result.codes or result.pictures):
        from kiosk.qt.pictures import adopt_checked

        adopt_checked(result.codes, result.pictures)
    return result


def _decoded(verdict: Verdict) -> Any:
    """The deck of a verdict that passed, rebuilt (:func:`kiosk.deck.plain.decode`); ``None`` for
    a verdict that did not pass; the :class:`kiosk.deck.plain.PlainError` when it does not read."""
    from kiosk.deck.plain import PlainError, decode

    if verdict.failure or not verdict.deck_sha256 or any(p.is_error for p in verdict.problems):
        return None
    try:
        return decode(verdict.deck)
    except PlainError as exc:
        return exc


def _pictures_now(folder: Path, deck: Any, checked: list[list], key: str) -> list[list]:
    """The pictures of a deck whose verdict came from the check cache, as ``[digest, *version]``
    of the files now: the same bytes as those checked (the cache is keyed by content), perhaps
    copied or touched since. Each file is looked at before the folder's digest is taken again, so
    a picture swapped meanwhile is not taken for the one checked; when the digest differs, the
    entries stored at the check are kept (a file whose version is not among them is hashed when
    shown, and shown only if its content is one checked).
    """
    from kiosk import checkcache
    from kiosk.deck.pictures import PictureError, image_slides, resolve_picture
    from kiosk.userfile import version_of

    stored = {item[1]: item[0] for item in checked}
    now = []
    for _index, slide in image_slides(deck):
        try:
            path = resolve_picture(folder, slide.image)
            version = version_of(path)
        except (PictureError, OSError):
            continue
        if str(path) in stored:
            now.append([stored[str(path)], *version])
    if all(item in checked for item in now) or checkcache.digest(folder, {"check": CACHE_KIND}) != key:
        return checked
    return now


#: Stands for the deck folder in the problems the check cache keeps (:func:`_kept`).
_FOLDER = "\0deck"


def _kept(problems: list[Problem], folder: Path) -> list[Problem]:
    """``problems`` as the check cache keeps them: each file inside the deck folder named
    relative to it under :data:`_FOLDER`, and the folder's absolute path in messages and hints
    replaced by :data:`_FOLDER`, so that a deck of the same content in another folder (the
    cache is keyed by content) is told of its own files."""
    names = sorted({str(folder), os.path.realpath(folder)}, key=len, reverse=True)

    def kept(text: str, is_file: bool = False) -> str:
        if is_file and not os.path.isabs(text):
            relative = os.path.relpath(os.path.abspath(text), folder)
            return text if relative.split(os.sep)[0] == ".." else os.path.join(_FOLDER, relative)
        for name in names:
            text = text.replace(name, _FOLDER)
        return text

    return [dataclasses.replace(p, file=kept(p.file, True), message=kept(p.message), hint=kept(p.hint))
            for p in problems]


def _placed(problems: list[Problem], folder: Path) -> list[Problem]:
    """Problems kept by :func:`_kept`, naming ``folder``'s files again (as messages name them)."""
    from kiosk.paths import shown

    def placed(text: str, is_file: bool = False) -> str:
        if is_file and text.startswith(_FOLDER + os.sep):
            return shown(folder / text[len(_FOLDER) + 1:])
        return text.replace(_FOLDER, str(folder))

    return [dataclasses.replace(p, file=placed(p.file, True), message=placed(p.message), hint=placed(p.hint))
            for p in problems]


def _cached(key: str, folder: Path) -> Verdict | None:
    """The verdict the check cache holds for ``key`` (kind :data:`CACHE_KIND`), its problems
    naming the files of ``folder`` (:func:`_placed`), or ``None``."""
    from kiosk import checkcache

    stored = checkcache.lookup_verdict(key, CACHE_KIND)  # a damaged entry is said (checkcache.find)
    if stored is None:
        return None
    damaged = "its facts are not as stored"
    try:
        facts = stored.facts
        verdict = Verdict(problems=_placed(stored.problems, folder), deck_sha256=str(facts["deck_sha256"]), slides=int(facts["slides"]),
                          pictures=[picture_entry(item) for item in facts["pictures"]], deck=facts["deck"],
                          codes=facts.get("codes") or {}, zone_path=_zone_path(facts.get("zone_path") or []))
        if (verdict.deck is not None and not isinstance(verdict.deck, dict)) or not isinstance(verdict.codes, dict):
            checkcache.report_damage(key, CACHE_KIND, damaged)
            return None
    except (KeyError, TypeError, ValueError):
        checkcache.report_damage(key, CACHE_KIND, damaged)
        return None
    return verdict


def _problem(item: Any) -> Problem:
    if not isinstance(item, dict):
        raise TypeError("a problem is an object")
    values = {key: item[key] for key in ("file", "line", "col", "message", "hint", "severity")}
    if not all(isinstance(values[k], str) for k in ("file", "message", "hint", "severity")) \
            or not all(isinstance(values[k], int) for k in ("line", "col")) \
            or values["severity"] not in ("error", "warning", "note"):
        raise TypeError("a problem's fields")
    return Problem(**values)


def _kill(child: subprocess.Popen) -> None:
    """Kill the child and whatever it started (it leads a session of its own)."""
    with contextlib.suppress(OSError):
        if hasattr(os, "killpg"):
            os.killpg(child.pid, signal.SIGKILL)
        else:
            child.kill()


def _child_env() -> dict[str, str]:
    """The child's environment: the kiosk's, with Qt told it has no display to open."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


# ----------------------------------------------------------------------------- the child
def apply_limits(memory_bytes: int = MEMORY_BYTES, cpu_seconds: int = CPU_SECONDS) -> None:
    """Limit this process to ``memory_bytes`` of address space and ``cpu_seconds`` of processor
    time (:func:`kiosk.limits.apply_limits`, with the checking child's own limits by default)."""
    limits.apply_limits(memory_bytes, cpu_seconds)


def report(folder: Path) -> dict[str, Any]:
    """Check the deck in ``folder`` here, as the child does, and return its report (JSON values).

    The deck file's SHA-256 is taken before and after the check: a file that changed meanwhile
    gives no digest (so it is not taken; the watcher reads it again once it is still).
    """
    from kiosk.deck import load_deck
    from kiosk.deck.checked import file_sha256
    from kiosk.deck.checks import today_ends  # the checks judge by the date in the deck's time zone
    from kiosk.deck.plain import encode

    file = folder / "deck.yaml"
    before = file_sha256(file)
    result = load_deck(folder)
    pictures: list[list] = []
    if result.ok:
        from kiosk.deck.pictures import image_slides
        from kiosk.qt.pictures import PlayerPictures, qt_picture_problems

        result.problems += qt_picture_problems(result.deck, result.source, result.folder, on_slow=_end_slow)
        if any(True for _ in image_slides(result.deck)):
            pictures = PlayerPictures.checked()
    after = file_sha256(file)
    return {"format": FORMAT, "deck_sha256": before if before == after else "", "expires": today_ends(result.deck),
            "slides": len(result.deck.slides) if result.deck else 0,
            "problems": [dataclasses.asdict(p) for p in result.problems],
            "pictures": pictures, "deck": encode(result.deck) if result.ok else None,
            "codes": _codes(result.deck) if result.ok else {}, "zone_path": _zone_search_path()}


def _zone_search_path() -> list[str]:
    """The zone database's search path of this Python (:data:`zoneinfo.TZPATH`)."""
    import zoneinfo

    return list(zoneinfo.TZPATH)


def _end_slow(problem: Problem) -> None:
    """Report ``problem`` (a picture too slow to draw, :func:`kiosk.qt.pictures.qt_picture_problems`)
    as this check's whole verdict and end the child at once: the read cannot be stopped."""
    sys.stdout.write(json.dumps({"format": FORMAT, "deck_sha256": "", "slides": 0, "pictures": [],
                                 "problems": [dataclasses.asdict(problem)]}))
    sys.stdout.flush()
    os._exit(0)


def _codes(deck: Any) -> dict[str, list[str]]:
    """The QR codes ``deck``'s views show, payload -> rows (:func:`kiosk.qr.matrix_rows`; a payload
    no code holds is left out)."""
    from kiosk.player.views import qr_payloads
    from kiosk.qr import QrTooLong, matrix_rows

    out: dict[str, list[str]] = {}
    for payload in qr_payloads(deck):
        with contextlib.suppress(QrTooLong):
            out[payload] = matrix_rows(payload)
    return out


def list_decks(library: Path | None) -> list[tuple[str, str, str, bool, bool]]:
    """The decks the staff menu offers, listed in a checking child (each deck's ``deck.yaml`` is
    read to find its id and title): (id, title, folder, bundled, ok: no errors) each, as
    :func:`kiosk.library.available_decks` gives them for ``library``; none when the child failed."""
    argv = module_command("kiosk.qt.checker", "--list", *([os.fspath(library)] if library else []))
    output, why = run_child(argv)
    if why:
        return []
    try:
        rows = json.loads(output.decode("utf-8"))
        return [(str(i), str(t), str(p), bool(b), ok is True) for i, t, p, b, ok in rows
                if all(isinstance(v, str) for v in (i, t, p))]
    except (ValueError, TypeError, UnicodeDecodeError):
        return []


def update_in_child(config: Any) -> Any:
    """One look for a new version of the deck (:func:`kiosk.fleet.fetch.check`: download, signature,
    check, install) in a checking child, so a hostile bundle is never read by the kiosk itself.

    Args:
        config: a :class:`kiosk.fleet.fetch.Config`.

    Returns:
        The child's :class:`kiosk.fleet.fetch.Outcome`; ``"failed"`` (tried again later) with
        the reason when the child did not finish (crash, hang, too much output).
    """
    from kiosk.fleet.fetch import Outcome

    settings = {"source": config.source, "trusted_keys": list(config.trusted_keys), "library": os.fspath(config.library),
                "ca_file": os.fspath(config.ca_file) if config.ca_file else None, "timeout": config.timeout,
                "deadline": config.deadline}
    argv = module_command("kiosk.qt.checker", "--update", json.dumps(settings))
    output, why = run_child(argv, timeout_s=config.deadline + 4 * config.timeout + TIMEOUT_S)
    try:
        if why:
            raise ValueError(why)
        raw = json.loads(output.decode("utf-8"))
        if raw["result"] not in ("current", "updated", "rejected", "failed") or not isinstance(raw["message"], str) \
                or not isinstance(raw["deck"], str | None) or not isinstance(raw["version"], int | None) \
                or not isinstance(raw["folder"], str | None):
            raise ValueError("the checking process gave no report the kiosk can read")
    except (ValueError, KeyError, TypeError) as exc:
        return Outcome("failed", f"the look for updates did not finish: {exc}")
    folder = Path(raw["folder"]) if raw["folder"] else None
    return Outcome(raw["result"], raw["message"], raw["deck"], raw["version"], folder)


def _update(settings: str) -> dict[str, Any]:
    """The child's side of :func:`update_in_child`: the look, as JSON values."""
    from kiosk.fleet import fetch

    raw = json.loads(settings)
    config = fetch.Config(raw["source"], list(raw["trusted_keys"]), Path(raw["library"]),
                          Path(raw["ca_file"]) if raw["ca_file"] else None, float(raw["timeout"]), float(raw["deadline"]))
    outcome = fetch.check(config)
    return {"result": outcome.result, "message": outcome.message, "deck": outcome.deck, "version": outcome.version,
            "folder": os.fspath(outcome.folder) if outcome.folder else None}


def _listing(library: Path | None) -> list[list[Any]]:
    from kiosk.library import available_decks

    return [[entry.id, entry.title or entry.id, os.fspath(entry.path), bool(entry.bundled), bool(entry.ok)]
            for entry in available_decks(library)]


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.qt.checker FOLDER``: limit this process, check the deck, print the report.
    ``python -m kiosk.qt.checker --list [LIBRARY]``: print the decks the staff menu offers.
    ``python -m kiosk.qt.checker --update SETTINGS``: look for a new version (:func:`update_in_child`)."""
    apply_limits()
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--update"] and len(args) == 2:
        sys.stdout.write(json.dumps(_update(args[1])))
        sys.stdout.flush()
        return 0
    if args[:1] == ["--list"] and len(args) <= 2:
        sys.stdout.write(json.dumps(_listing(Path(args[1]) if len(args) == 2 else None)))
        sys.stdout.flush()
        return 0
    if len(args) != 1:
        print("usage: python -m kiosk.qt.checker FOLDER | --list [LIBRARY]", file=sys.stderr)
        return 2
    folder = Path(os.path.abspath(args[0]))
    try:
        out = report(folder)
    except Exception as exc:  # noqa: BLE001 - said in the report: the version is refused, with why
        out = {"format": FORMAT, "deck_sha256": "", "slides": 0, "pictures": [],
               "problems": [dataclasses.asdict(failed(folder, f"{type(exc).__name__}: {exc}").problems[0])]}
    sys.stdout.write(json.dumps(out))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["CHANGED_WHILE_CHECKED", "CPU_SECONDS", "check_and_load", "list_decks", "run_child", "update_in_child", "MAX_REPORT_BYTES", "MEMORY_BYTES", "TIMEOUT_S", "Verdict", "apply_limits",
           "check_in_child", "command", "failed", "parse_report", "report"]
