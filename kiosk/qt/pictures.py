"""Pictures as the player reads them: by path, with Qt's own reader, EXIF orientation applied.

Every deck picture the Qt layer shows or checks goes through here: the name is resolved inside
the deck folder by :func:`kiosk.deck.pictures.resolve_picture` (the checker's own function) and
the file is opened by path, as a URL made with ``QUrl.fromLocalFile`` (so ``#``, ``?``, ``%``
and spaces are characters of the name, never URL syntax). :func:`read_image` is the player's
reader (``QImageReader``, as QML's ``Image`` uses): a picture it cannot read, or reads only
with a complaint (a JPEG cut short decodes as grey with "Corrupt JPEG data"), is an error, in
``kiosk validate``, in ``kiosk render`` and before the player shows it.
"""

from __future__ import annotations

import collections
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QSize, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QImageReader

from kiosk.deck.problems import Problem
from kiosk.qt.clines import keep_library_lines
from kiosk.userfile import version_of

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from kiosk.deck.model import Deck
    from kiosk.deck.source import SourceDoc

#: Qt's logging category for its picture readers (``qt.gui.imageio.jpeg`` and so on).
IMAGEIO_CATEGORY = "qt.gui.imageio"
#: Qt's logging category for its SVG reader, which says what it leaves out of a drawing
#: ("Invalid path data; path truncated.") and draws the rest.
SVG_CATEGORY = "qt.svg"
#: Qt's logging category for its font database, which says, for every font it tries on a text
#: in a script no bundled font writes (Devanagari, Ethiopic...), "OpenType support missing for
#: "Atkinson Hyperlegible", script 11": ninety lines for one deck. The deck check already warns,
#: located, of each character no bundled font has (:mod:`kiosk.deck.glyphs`) and of a language
#: the picker cannot name: these lines are never printed (:func:`quiet_qt_messages`).
FONT_DB_CATEGORY = "qt.text.font.db"
#: How many different things the SVG reader said about one drawing are reported.
_SVG_NOTES = 3
#: Longest side, in pixels, a picture is decoded at for the check; the player asks for the size
#: of the slide area (``sourceSize`` in qml/Kiosk/slides/ImageSlide.qml), at most a 4K screen's.
CHECK_SIDE = 3840
#: Processor seconds the check may spend reading one picture (:func:`qt_picture_problems`): Qt's
#: reader draws a 3840×2160 drawing exported from Inkscape in well under a second; one that takes
#: longer than this is refused as too slow to draw rather than left to stall the check (a read in
#: Qt cannot be stopped part-way, so the process ends with that verdict).
DRAW_CPU_SECONDS = 8.0
#: Processor seconds the check may spend reading all of one deck's pictures: below the checking
#: process's own limit (:data:`kiosk.qt.checker.CPU_SECONDS`, 30 s, which also pays for reading
#: the deck), so several slow pictures, each under :data:`DRAW_CPU_SECONDS`, are refused as too
#: slow together, at the picture that ran over, rather than the check being stopped unexplained.
DECK_DRAW_CPU_SECONDS = 20.0
#: How many of the slowest pictures the "too slow together" error names.
_SLOWEST_NAMED = 3
#: Real seconds between two looks at the reading thread's processor time.
_DRAW_POLL_S = 0.05
#: Verdicts (and file versions) kept by :class:`PlayerPictures` before they are forgotten.
MAX_VERDICTS = 256
#: One picture read at a time: Qt has one message handler for the process, swapped in for each read
#: (reads happen on the Qt thread and on the deck-reading thread).
_READING = threading.Lock()
_RESAVE_HINT = "open it in an image editor and save it again as PNG or JPEG"
_log = logging.getLogger("kiosk.pictures")


def picture_url(path: Path) -> QUrl:
    """The URL QML opens for the file at ``path``: ``QUrl.fromLocalFile``, never string pasting."""
    return QUrl.fromLocalFile(str(path))


def read_image(path: Path, longest: int | None = CHECK_SIDE, notes: list[str] | None = None) -> QImage:
    """Read the picture at ``path`` with Qt's reader, EXIF orientation applied.

    Args:
        path: the file (opened by path).
        longest: the longest side to decode at, in pixels (a larger picture is read scaled
            down, as the player reads it); ``None`` for its own size.
        notes: given a list, what Qt's SVG reader said of the drawing (logging category
            :data:`SVG_CATEGORY`: parts it leaves out) is added to it, each said once, instead of
            being printed.

    Returns:
        The picture, turned upright as its EXIF orientation says.

    Raises:
        PictureError: (its message follows the picture's name) it declares more than
            :data:`kiosk.deck.pictures.MAX_IMAGE_PIXELS` pixels (the player reads a picture at
            its own size before the slide has one, and Qt's reader refuses a picture over its
            256 MB allocation limit: an SVG of 1e9×1e9 checks at 3840 pixels but is never
            drawn), Qt cannot read it, or reads it only with a warning from its reader
            (logging category :data:`IMAGEIO_CATEGORY`, e.g. a JPEG cut short).
        RuntimeError: the process has no ``QGuiApplication`` yet (a fault of the kiosk's own: Qt
            would end the process at a drawing's text).
    """
    from kiosk.deck.pictures import PictureError  # read when first needed

    complaints: list[str] = []
    with _READING:
        image, error = _read(path, longest, complaints, notes)
    if image.isNull() or complaints:
        reason = complaints[0] if complaints else error
        known = f" ({reason})" if reason and reason != "Unknown error" else ""
        raise PictureError(f"cannot be read by the kiosk's picture reader{known}", _RESAVE_HINT)
    return image


def _read(path: Path, longest: int | None, complaints: list[str], notes: list[str] | None = None) -> tuple[QImage, str]:
    """Read ``path`` (see :func:`read_image`), adding the image reader's warnings to ``complaints``
    and, when ``notes`` is a list, the SVG reader's to ``notes``."""
    from kiosk.deck.pictures import MAX_IMAGE_PIXELS, PictureError, too_large_hint  # read when first needed

    previous = None

    def handler(mode, context, message) -> None:
        category = context.category or ""
        if category.startswith(IMAGEIO_CATEGORY):
            complaints.append(message)
        elif notes is not None and category.startswith(SVG_CATEGORY):
            if message not in notes:
                notes.append(message)
        elif previous is not None:
            previous(mode, context, message)
        else:
            said_by_qt(mode, category, message)

    if QGuiApplication.instance() is None:  # Qt would end the process (qFatal) at a drawing's text
        raise RuntimeError("a picture is read before the Qt application is made (kiosk.qt.startup._application)")
    previous = qInstallMessageHandler(handler)
    try:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()  # as declared: an SVG's width, height or viewBox
        if size.isValid() and size.width() * size.height() > MAX_IMAGE_PIXELS:
            raise PictureError(f"is {size.width():,}×{size.height():,} pixels, too large for the kiosk's picture reader",
                               too_large_hint(size.width(), size.height(), drawing=path.suffix.lower() == ".svg"))
        if longest and size.isValid() and max(size.width(), size.height()) > longest:
            scale = longest / max(size.width(), size.height())
            reader.setScaledSize(QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale))))
        return reader.read(), reader.errorString()
    finally:
        qInstallMessageHandler(previous)


_quiet = False
#: Set (to anything) to have Qt's own lines printed on stderr as Qt prints them, for whoever works
#: on the kiosk itself; a user never sees them otherwise (:func:`quiet_qt_messages`).
SHOW_QT_MESSAGES = "KIOSK_QT_MESSAGES"
#: Qt's last warnings (``category: message``), for a fault the kiosk says in its own words with
#: Qt's reason (:func:`qt_said`).
_QT_SAID: collections.deque[str] = collections.deque(maxlen=20)
#: Different lines of Qt's written to ``kiosk.log``, at most (a line said at every frame is written once).
_QT_LINES_LOGGED = 200
_qt_log = logging.getLogger("kiosk.qt")


def qt_said() -> list[str]:
    """Qt's last warnings and errors (``"qrc:/Kiosk/Main.qml:12:5: …"``), oldest first: the
    reason Qt gives for a fault the kiosk then says in its own words (the player window could not
    be created). Never printed by themselves (:func:`quiet_qt_messages`)."""
    return list(_QT_SAID)


def qt_line(category: str, message: str) -> str:
    """One of Qt's messages as one line, ``category: message`` (``default`` left out)."""
    return f"{category}: {message}" if category and category != "default" else message


def quiet_qt_messages() -> None:
    """From now on, no line of Qt's own reaches the user: what Qt says about itself
    (``QUnifiedTimer::stopAnimationDriver: driver is not running``, ``The X11 connection broke``,
    its readers' and font database's lines) is written to ``kiosk.log`` when the kiosk keeps one
    (each different line once, at most :data:`_QT_LINES_LOGGED`), and the last warnings are kept
    for a fault the kiosk says in its own words (:func:`qt_said`; the window lost, the display
    gone and a picture that cannot be read are said by the kiosk without them). Only a fatal
    message, after which Qt ends the process, is printed as Qt prints it. With
    :data:`SHOW_QT_MESSAGES` in the environment every line is also printed, as Qt prints it.

    What Qt's SVG reader says (:data:`SVG_CATEGORY`) is dropped: the picture check reports it
    once, located at the slide's ``image:`` (:func:`qt_picture_problems`, which also keeps the lines
    libpng prints itself, past Qt's handler, from the user). Every process of the
    kiosk that makes a Qt application calls it first (:func:`kiosk.qt.startup._application`);
    later calls do nothing."""
    global _quiet
    if _quiet:
        return
    _quiet = True
    _before.append(qInstallMessageHandler(_from_qt))


_qt_lines_seen: set[str] = set()
#: The handler :func:`quiet_qt_messages` replaced: ``None`` (Qt's own, which prints) in the
#: kiosk; a test's handler that collects Qt's warnings keeps receiving them.
_before: list = []


def _from_qt(mode: QtMsgType, context, message: str) -> None:
    """The kiosk's handler of Qt's messages (:func:`quiet_qt_messages`)."""
    said_by_qt(mode, (context.category if context is not None else "") or "", message)
    if _before and _before[0] is not None:
        _before[0](mode, context, message)


def said_by_qt(mode: QtMsgType, category: str, message: str) -> None:
    """Take one of Qt's messages (its kind, logging category and text) as
    :func:`quiet_qt_messages` says: to ``kiosk.log`` and :func:`qt_said`, never to the user
    (but a fatal one)."""
    if category.startswith(SVG_CATEGORY):
        return
    line = qt_line(category, message)
    if mode == QtMsgType.QtFatalMsg or os.environ.get(SHOW_QT_MESSAGES):
        sys.stderr.write(line + "\n")
    if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) \
            and not category.startswith(FONT_DB_CATEGORY):
        _QT_SAID.append(line)
    if line not in _qt_lines_seen and len(_qt_lines_seen) < _QT_LINES_LOGGED:
        _qt_lines_seen.add(line)
        # kiosk.log only (no mark for stderr or the staff page); the font database's ninety lines a
        # deck (its scripts are warned of by the deck check) only at DEBUG, which kiosk.log leaves out
        level = logging.DEBUG if category.startswith(FONT_DB_CATEGORY) else logging.INFO
        _qt_log.log(level, "Qt said: %s", line)


def load_image(path: Path) -> QImage:
    """The picture at ``path`` upright (EXIF orientation applied), or a null image when it cannot be read."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    return reader.read()


def qt_picture_problems(deck: Deck, doc: SourceDoc, folder: Path, *,
                        on_slow: Callable[[Problem], object] | None = None,
                        cpu_seconds: float | None = None, deck_seconds: float | None = None) -> list[Problem]:
    """An error for each picture slide whose picture the player's reader cannot read.

    Run after :func:`kiosk.deck.pictures.check_pictures` (which reports names that lead nowhere:
    they are skipped here). The verdicts are those the player uses (:meth:`PlayerPictures.verdict`),
    so a picture checked here is not read again when it is first shown. A process with no
    ``QGuiApplication`` gets one first (:func:`reading_application`); one that will lay views out
    later makes the player's own before (:func:`kiosk.qt.startup._application`).

    Args:
        deck: a deck with no errors.
        doc: its source, for positions.
        folder: its folder.
        on_slow: called, on a thread of its own, with the error for a picture whose reading has
            used more than ``cpu_seconds`` of processor time while the read goes on (it cannot be
            stopped): it should say the error and end the process (``os._exit``). By default
            the error is printed on standard output and the process ends with status 1.
        cpu_seconds: processor seconds one picture's reading may use (default :data:`DRAW_CPU_SECONDS`).
        deck_seconds: processor seconds the reading of all the deck's pictures may use (default
            :data:`DECK_DRAW_CPU_SECONDS`); the picture being read when they run out gets the
            error, naming the slowest pictures read before it.

    Returns:
        Errors located at each failing slide's ``image:`` in ``deck.yaml``, and a warning at each
        drawing Qt's SVG reader draws with parts left out (what it said, :data:`SVG_CATEGORY`).
    """
    from kiosk.deck.pictures import PictureError, image_slides, resolve_picture  # read when first needed

    problems = []
    if next(image_slides(deck), None) is not None:
        reading_application()  # a drawing's text needs Qt's fonts, which need an application
        if not os.environ.get(SHOW_QT_MESSAGES):
            # libpng's own lines (a picture damaged, or changed while read) go to kiosk.log, not the
            # terminal: where pictures are checked only, so the process that draws (which decodes only
            # pictures checked and unchanged) keeps C's stderr as it is, and no thread of its own.
            keep_library_lines()
    cpu_seconds = DRAW_CPU_SECONDS if cpu_seconds is None else cpu_seconds
    deck_seconds = DECK_DRAW_CPU_SECONDS if deck_seconds is None else deck_seconds
    spent: list[tuple[float, str]] = []  # (processor seconds, picture) of each picture read so far
    for i, slide in image_slides(deck):
        try:
            path = resolve_picture(folder, slide.image)
        except PictureError:
            continue
        left = deck_seconds - sum(seconds for seconds, _name in spent)
        if left < cpu_seconds:
            slowest = ", ".join(f"'{name}' {seconds:.1f} s" for seconds, name in sorted(spent, reverse=True)[:_SLOWEST_NAMED])
            slow = doc.problem(("slides", i, "image"),
                               f"slide '{slide.id}': '{slide.image}' is one picture too many to draw in time: with "
                               f"the deck's other pictures it takes more than {deck_seconds:g} s of processor time "
                               f"for the kiosk's picture reader (the slowest: {slowest or 'none'})",
                               "simplify the slowest pictures (fewer shapes, masks, gradients), or export them as PNG")
        else:
            slow = doc.problem(("slides", i, "image"),
                               f"slide '{slide.id}': '{slide.image}' takes too long to draw (more than "
                               f"{cpu_seconds:g} s of processor time for the kiosk's picture reader)",
                               "simplify it (fewer shapes, masks, gradients), or export it as PNG")
        with _time_bound(min(cpu_seconds, max(left, 0.0)), lambda slow=slow: (on_slow or _end_slow)(slow)) as used:
            why, hint = PlayerPictures.verdict(path, slide.image)
        spent.append((used(), slide.image))
        if why:
            problems.append(doc.problem(("slides", i, "image"), f"slide '{slide.id}': {why}", hint))
            continue
        said = PlayerPictures.notes(path)
        if said:
            quoted = "; ".join(f'"{note.strip()}"' for note in said[:_SVG_NOTES]) + ("…" if len(said) > _SVG_NOTES else "")
            problems.append(doc.problem(
                ("slides", i, "image"),
                f"slide '{slide.id}': '{slide.image}' may be drawn with parts missing: the kiosk's SVG reader says {quoted}",
                "look at the slide in kiosk render; open the drawing in a drawing program and save it again as plain "
                "SVG, or export it as PNG", severity="warning"))
    return problems


_reading_application = None  # kept: Qt's application lives as long as its Python object


def reading_application() -> None:
    """Make a ``QGuiApplication`` on the offscreen platform if this process has none, before it
    reads pictures as the player does (:func:`qt_picture_problems`; the checking process of
    ``kiosk run`` lays nothing out); one that lays views out makes the player's own first
    (:func:`kiosk.qt.startup._application`), which this leaves as it is. Qt's SVG
    reader lays a drawing's ``<text>`` out in Qt's fonts, which need an application: with none,
    Qt ends the process (``qFatal``, SIGABRT: "Must construct a QGuiApplication before accessing
    QFontDatabase")."""
    global _reading_application
    if QGuiApplication.instance() is None:
        quiet_qt_messages()
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # this process shows nothing
        _reading_application = QGuiApplication(["kiosk"])


def _end_slow(problem: Problem) -> None:
    """Say ``problem`` on standard output and end the process with status 1 (see
    :func:`qt_picture_problems`)."""
    sys.stdout.write(f"{problem}\n")
    sys.stdout.flush()
    os._exit(1)


@contextmanager
def _time_bound(cpu_seconds: float, on_slow: Callable[[], object]) -> Iterator[Callable[[], float]]:
    """Call ``on_slow`` (once, on a thread of its own) if the process uses more than
    ``cpu_seconds`` of processor time before the block ends. Gives a function of the seconds the
    block has used so far (its time once the block has ended).

    The process's clock, not the reading thread's: Qt's picture reader hands much of a large
    drawing to Qt's thread pool (a drawing of many translucent shapes used 0.3 s on the reading
    thread and 5.5 s on the pool), and the checking process's own limit
    (:data:`kiosk.qt.checker.CPU_SECONDS`) counts every thread. The picture checks run in a
    process of their own (the checking child, ``kiosk validate``), so little else is counted.
    A watching thread looks at the clock every :data:`_DRAW_POLL_S` seconds.
    """
    now = time.process_time
    start = now()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(_DRAW_POLL_S):
            if now() - start > cpu_seconds:
                on_slow()
                return

    watcher = threading.Thread(target=watch, name="kiosk-draw-time", daemon=True)
    watcher.start()
    ended: list[float] = []
    try:
        yield lambda: ended[0] if ended else now() - start
    finally:
        ended.append(now() - start)
        done.set()
        watcher.join()


def undrawn_problems(undrawn: list[tuple[int, str, str]], doc: SourceDoc) -> list[Problem]:
    """One error per picture that could not be drawn, located at its slide's ``image:``.

    Args:
        undrawn: (slide index, picture name, why) as in :attr:`kiosk.qt.backend.Backend.undrawn`.
        doc: the deck's source, for positions.
    """
    problems = []
    slides = (doc.data or {}).get("slides") or [] if isinstance(doc.data, dict) else []
    for index, _name, why in dict.fromkeys(undrawn):
        slide = slides[index] if 0 <= index < len(slides) and isinstance(slides[index], dict) else {}
        problems.append(doc.problem(("slides", index, "image"),
                                    f"slide '{slide.get('id', '?')}': picture not drawn: {why}; "
                                    "its alt text was drawn in its place",
                                    "put the picture back in the deck folder, or save it again as PNG or JPEG"))
    return problems


#: A picture file's version: its path, then its :data:`kiosk.userfile.StatVersion` (size,
#: modification time, inode, change time, device), which any write to the file changes.
Version = tuple[str, int, int, int, int, int]


class PlayerPictures:
    """What the player shows for each picture: the URL of the checked file, or why it cannot.

    A picture is recognised by its content: a BLAKE2b digest of its bytes
    (:func:`kiosk.checkcache.file_digest`, Python's built-in BLAKE2b, no OpenSSL), taken once per
    file version (:data:`Version`: ``stat`` first, the bytes read only for a version not seen
    before). Each content (with its file name's suffix, which the reader also goes by) is checked
    once, by the deck watcher's check or else when first shown (never in ``kiosk run``'s drawing
    process, :attr:`checks_here`): its name must still lead to a file inside the deck folder, an
    SVG must still refer to nothing outside itself, and the player's reader must read it without
    complaint. So a file swapped for another (even of the same size and modification time, as
    ``cp -p`` leaves it) is never taken for the one checked, and the same bytes copied again are.
    The verdicts are shared by every player in the process (``kiosk validate`` fits text in three at once).
    """

    #: Verdicts by (suffix, content digest): ``("", "")`` when it can be shown, else (why, hint).
    _verdicts: ClassVar[dict[tuple[str, str], tuple[str, str]]] = {}
    #: What Qt's SVG reader said of a drawing it could draw, by (suffix, content digest).
    _notes: ClassVar[dict[tuple[str, str], list[str]]] = {}
    #: The content digest of each file version seen (:data:`Version`).
    _digests: ClassVar[dict[Version, str]] = {}
    #: Whether a picture version with no verdict is checked in this process when first shown
    #: (``kiosk validate``, ``kiosk render``, the checking child). The drawing process of ``kiosk
    #: run`` sets it to ``False`` (:meth:`only_checked`): there a version the checking child has
    #: not passed (a file swapped after the check, e.g. for an SVG that would take the renderer
    #: minutes) is never decoded; its framed alt text shows until the deck watcher's new check
    #: passes it.
    checks_here: ClassVar[bool] = True

    @classmethod
    def only_checked(cls) -> None:
        """From now on, show only picture versions a check passed (:attr:`checks_here` off)."""
        cls.checks_here = False

    def url(self, folder: Path, name: str) -> tuple[QUrl, str]:
        """The URL to show for picture ``name`` of the deck in ``folder``.

        Returns:
            (the file's URL, ``""``), or (an empty URL, why it cannot be shown).
        """
        from kiosk.deck.pictures import PictureError, resolve_picture  # read when first needed

        try:
            path = resolve_picture(folder, name)
        except PictureError as exc:
            return QUrl(), exc.message
        if not self.checks_here and self.known(path) is None:
            return QUrl(), f"'{name}' changed since the deck was checked; it is shown once it is checked again"
        why, _hint = self.verdict(path, name)
        return (QUrl(), why) if why else (picture_url(path), "")

    @classmethod
    def digest_of(cls, path: Path) -> str | None:
        """The content digest of the file at ``path`` as it is now: from its :data:`Version` when
        that was seen before, else read and hashed once (and the version noted).

        Returns:
            64 hex digits; ``None`` when the file cannot be looked at, is larger than
            :data:`kiosk.checkcache.MAX_BYTES`, or changed while it was read.
        """
        from kiosk.checkcache import file_digest

        try:
            before = version_of(path)
        except OSError:
            return None
        known = cls._digests.get(before)
        if known is not None:
            return known
        digest = file_digest(path)
        try:
            after = version_of(path)
        except OSError:
            return None
        if digest is None or after != before:
            return None
        if len(cls._digests) >= MAX_VERDICTS:
            cls._digests.clear()
        cls._digests[before] = digest
        return digest

    @classmethod
    def known(cls, path: Path) -> tuple[str, str] | None:
        """The verdict kept for the content of the file at ``path`` as it is now, or ``None`` when
        that content was never checked (or it cannot be read)."""
        digest = cls.digest_of(path)
        return None if digest is None else cls._verdicts.get((path.suffix.lower(), digest))

    @classmethod
    def verdict(cls, path: Path, name: str) -> tuple[str, str]:
        """Whether the file at ``path`` (picture ``name`` of a deck) can be shown, checked once per
        content (:meth:`digest_of`), on whichever thread asks first: the deck watcher's reading
        thread checks each new version (:func:`qt_picture_problems`), so the player finds the
        verdict made.

        Returns:
            ``("", "")`` when it can be shown, else (why not, naming the picture; how to fix it).
        """
        try:
            path.stat()
        except OSError as exc:
            return f"'{name}' cannot be read ({exc.strerror or exc})", "check the picture is still in the deck folder"
        digest = cls.digest_of(path)
        if digest is None:  # too large to hash, or changing: checked each time, never remembered
            return cls._check(path, name)
        key = (path.suffix.lower(), digest)
        verdict = cls._verdicts.get(key)
        if verdict is None:
            notes: list[str] = []
            verdict = cls._check(path, name, notes)
            if len(cls._verdicts) >= MAX_VERDICTS:
                cls._verdicts.clear()
                cls._notes.clear()
            cls._verdicts[key] = verdict
            if notes:
                cls._notes[key] = notes
        return verdict

    @classmethod
    def notes(cls, path: Path) -> list[str]:
        """What Qt's SVG reader said when this process read the file at ``path`` as it is now
        (parts of the drawing it leaves out), each once; ``[]`` when nothing, or not read here."""
        digest = cls.digest_of(path)
        return [] if digest is None else list(cls._notes.get((path.suffix.lower(), digest), []))

    @classmethod
    def checked(cls) -> list[list]:
        """The pictures this process read without complaint, for another process's
        :meth:`passed`: each as ``[digest, *version]`` (:data:`Version`) of each file version seen."""
        return [[digest, *version] for version, digest in cls._digests.items()
                if cls._verdicts.get((Path(version[0]).suffix.lower(), digest)) == ("", "")]

    @classmethod
    def passed(cls, files: list[list]) -> None:
        """Note pictures another process read without complaint with this same reader (the
        checking child, :mod:`kiosk.qt.checker`), each as ``[digest, *version]``
        (:meth:`checked`): that content can be shown, and that file version holds it (a file
        changed since is another version, hashed again when shown)."""
        for digest, *version in files:
            if len(cls._verdicts) >= MAX_VERDICTS:
                cls._verdicts.clear()
            if len(cls._digests) >= MAX_VERDICTS:
                cls._digests.clear()
            cls._verdicts[(Path(version[0]).suffix.lower(), digest)] = ("", "")
            cls._digests[tuple(version)] = digest

    @staticmethod
    def _check(path: Path, name: str, notes: list[str] | None = None) -> tuple[str, str]:
        from kiosk.deck.pictures import PictureError, read_picture  # read when first needed

        try:
            if path.suffix.lower() == ".svg":
                read_picture(path, name)  # refuses references outside the drawing
        except PictureError as exc:
            return exc.message, exc.hint
        try:
            read_image(path, notes=notes)
        except PictureError as exc:
            return f"'{name}' {exc.message}", exc.hint
        return "", ""



def adopt_checked(codes: dict[str, list[str]], pictures: list[list]) -> None:
    """Take in this process what the checking process made for the player
    (:attr:`kiosk.deck.result.LoadResult.codes` and ``pictures``): its QR codes, answered without
    the QR library (:func:`kiosk.qr.remember`), and the pictures it read without complaint, shown
    without being decoded again (:meth:`PlayerPictures.passed`)."""
    if codes:
        from kiosk.qr import remember

        remember(codes)
    if pictures:
        PlayerPictures.passed(pictures)

__all__ = ["adopt_checked", "DECK_DRAW_CPU_SECONDS", "DRAW_CPU_SECONDS", "FONT_DB_CATEGORY", "IMAGEIO_CATEGORY", "SVG_CATEGORY", "qt_said", "quiet_qt_messages", "said_by_qt", "PlayerPictures", "Version", "version_of", "load_image", "picture_url", "qt_picture_problems", "read_image",
           "undrawn_problems"]
