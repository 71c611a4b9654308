"""Pictures in a deck folder: the one way from a picture's name in ``deck.yaml`` to its file, and
the checks that the file is a whole, safe picture.

The checker and the player both go through :func:`resolve_picture`, so the player opens exactly
the file that was checked, and nothing outside the deck folder is ever shown: a name is split
into folder names at ``/`` and nothing in it is decoded (``%2e%2e`` is a folder called
``%2e%2e``, ``#`` and ``?`` are part of the name), each part is looked up in its folder with
names compared after Unicode normalisation (NFC, so ``café.png`` written on a Mac, which
stores ``e`` + combining accent, is found), symbolic links are followed and the real file must
lie inside the real deck folder.

Raster pictures are decoded in full with Pillow (a half-copied JPEG is an error, not a grey
slide), with Pillow's decompression-bomb guard left on; SVG drawings are parsed with
defusedxml and refused when they refer to anything outside themselves. The Qt layer adds a
read with the player's own reader (``kiosk.qt.pictures``).
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from kiosk.deck.chars import outer_space
from kiosk.deck.icons import MAX_ICON_BYTES, IconError, bundled_names, icon_path, shown_name
from kiosk.deck.problems import Problem
from kiosk.userfile import UserFileError, read_bounded, real_path

if TYPE_CHECKING:
    from kiosk.deck.model import Deck, ImageSlide
    from kiosk.deck.source import SourceDoc

#: Image files a deck may use, by suffix.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp"}
#: Largest image accepted, in pixels (width × height); bigger ones cost too much memory to decode.
MAX_IMAGE_PIXELS = 40_000_000
#: Largest SVG file read, in bytes (a drawing for a slide is rarely over a few hundred KiB).
MAX_SVG_BYTES = 8 * 1024 * 1024
#: The file name ending each picture format should have, by Pillow's format name.
FORMAT_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
#: ``data:`` URIs an SVG may embed: raster pictures only (an embedded SVG could refer out again).
SVG_DATA_TYPES = ("data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp")
_RESAVE_HINT = "open it in an image editor and save it again as PNG or JPEG"
#: Most elements an SVG drawing may draw, counting each copy a reference makes (``<use href="#g">``,
#: ``fill="url(#p)"``) as the renderer would: a slide's illustration draws a few thousand; nested
#: references multiply (eleven levels of ten copies each are 10¹¹ elements, which froze the
#: player's SVG renderer). Counted without drawing (:func:`svg_drawn_elements`).
MAX_SVG_ELEMENTS = 20_000
#: Most shapes an SVG drawing may draw through a ``<mask>`` or ``<pattern>``, each copy counted (as
#: for :data:`MAX_SVG_ELEMENTS`): Qt's SVG reader draws each such shape apart at full size first,
#: about 60 ms for a 3840×2160 drawing on a desktop's processor (Qt 6.11), several times that on a
#: Raspberry Pi, so 20 take a few seconds there at most; drawings exported from Inkscape or
#: Illustrator use a handful. Clip paths cost little and are not counted.
MAX_SVG_LAYERS = 20
_LAYERED = {"mask", "pattern"}
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XINCLUDE_NS = "{http://www.w3.org/2001/XInclude}"
#: ``url(…)`` in CSS or a presentation attribute whose target is not ``#fragment``.
_OUTSIDE_URL = re.compile(r"url\(\s*+(?!['\"]?\s*#)", re.IGNORECASE)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: ``url(#id)`` in CSS or a presentation attribute: a reference to an element of the drawing.
_INSIDE_URL = re.compile(r"url\(\s*['\"]?\s*#([^)'\"\s]+)", re.IGNORECASE)


class PictureError(Exception):
    """A picture that cannot be shown: its name leads nowhere (or outside the deck), or the file
    is not a whole, safe picture.

    Attributes:
        message: what is wrong, naming the picture (without the slide).
        hint: how to fix it.
    """

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def nfc(name: str) -> str:
    """``name`` in Unicode normalisation form C (composed: ``e`` + U+0301 becomes ``é``)."""
    return unicodedata.normalize("NFC", name)


def resolve_picture(folder: Path, name: str) -> Path:
    """The real file a deck's picture name stands for, inside the deck folder.

    Args:
        folder: the deck folder.
        name: the picture's name as written in ``deck.yaml``: relative to the deck folder,
            ``/`` between folders, taken literally (no ``%`` decoding; ``#`` and ``?`` are
            characters of the name).

    Returns:
        The absolute path of a regular file inside ``folder.resolve()``, with every symbolic
        link resolved and every part spelt as it is on disk (whatever its Unicode normalisation
        in ``deck.yaml``). Open it by path (``QUrl.fromLocalFile``), never as a URL string.

    Raises:
        PictureError: the name has white space at the start or end of a part (names match
            files character for character, after NFC), is absolute, climbs out with ``..``, leads (through a link)
            outside the deck folder, is not found, is not a supported kind of picture, or is
            not a regular file (a folder, a pipe, a device).
    """
    candidate = PurePosixPath(name)
    if "\x00" in name or not name.strip():
        raise PictureError(f"image '{name}' is not a file name", "give the picture's file name, e.g. image: market.jpg")
    root = real_path(folder)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise _not_plain(root, candidate, name)
    _no_outer_space(root, candidate, name)
    if candidate.suffix.lower() not in IMAGE_SUFFIXES:
        raise _unsupported_name(root, candidate, name)
    return _file_in(root, candidate, name)


def _unsupported_name(root: Path, candidate: PurePosixPath, name: str) -> PictureError:
    """The error for a name whose ending the kiosk does not show (``logo.gif``): an animated
    picture (an animated GIF, WebP…) is said to be one, with its frames, as it is when named
    ``.png`` (:func:`_unsupported`)."""
    plain = PictureError(f"'{name}' is not a supported picture", "use a PNG, JPEG, WebP or SVG file")
    try:
        file = _file_in(root, candidate, name)
    except PictureError:
        return plain
    from PIL import Image

    try:
        with Image.open(file) as img:
            frames = int(getattr(img, "n_frames", 1)) if getattr(img, "is_animated", False) else 1
            held = img.format
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, Image.DecompressionBombError):
        return plain
    return _unsupported(name, held, frames) if frames > 1 else plain


def _file_in(root: Path, candidate: PurePosixPath, name: str) -> Path:
    """The regular file ``candidate`` (relative, with no ``..``) names inside the deck folder
    ``root`` (:func:`resolve_picture`, whose errors it raises)."""
    here = root
    for part in (p for p in candidate.parts if p != "."):
        here = _entry(here, part, name)
    target = real_path(here)  # never raises: a loop of links stays as it is, and stat says so
    if not target.is_relative_to(root) or target == root:
        raise PictureError(f"image '{name}' is outside the deck folder", "copy the picture into the deck folder")
    try:
        mode = target.stat().st_mode
    except PermissionError as exc:
        raise PictureError(f"image '{name}' cannot be read ({exc.strerror or exc})",
                           "give the kiosk's user read access to it and its folders (chmod -R u+rX)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _link_loop(name) from None
        raise PictureError(f"image '{name}' not found ({exc.strerror or exc})",
                           "put the picture in the deck folder (beside deck.yaml) or correct the name") from None
    if not stat.S_ISREG(mode):
        raise PictureError(f"image '{name}' is not a picture file", "give the name of a picture file in the deck folder")
    return target


def _not_plain(root: Path, candidate: PurePosixPath, name: str) -> PictureError:
    """The error for a name that is absolute or holds ``..``: said as what it is. One that still
    names a place inside the deck folder is told how to write it (relative to the folder, plainly:
    ``pics/photo.jpg``); one that leaves the folder is told to copy the picture in."""
    if candidate.is_absolute():
        try:
            inside = PurePosixPath(os.path.normpath(candidate)).relative_to(PurePosixPath(root.as_posix()))
        except ValueError:
            try:  # the folder as given may differ from its real path (a link on the way)
                inside = PurePosixPath(os.path.relpath(real_path(Path(candidate)), root))
            except (OSError, ValueError):
                inside = PurePosixPath("..")
        if inside.parts and ".." not in inside.parts:
            return PictureError(f"image '{name}' is written as an absolute path, which a copy of the deck "
                                "folder elsewhere would not find",
                                f"write it relative to the deck folder: {inside.as_posix()}")
        return PictureError(f"image '{name}' is outside the deck folder",
                            "copy the picture into the deck folder and give its name relative to deck.yaml")
    plain = os.path.normpath(candidate.as_posix())
    if plain != ".." and not plain.startswith("../") and plain != ".":
        return PictureError(f"image '{name}' goes into a folder and back out with '..'",
                            f"write it plainly: {PurePosixPath(plain).as_posix()}")
    back_in = os.path.relpath(os.path.normpath(os.path.join(root, candidate.as_posix())), root)
    if back_in != "." and not back_in.startswith(".."):  # out of the folder by its name and back in
        return PictureError(f"image '{name}' leaves the deck folder with '..' and comes back in by the folder's "
                            "name, which a copy of the folder under another name would not find",
                            f"write it plainly: {PurePosixPath(back_in).as_posix()}")
    return PictureError(f"image '{name}' is outside the deck folder",
                        "copy the picture into the deck folder and give its name relative to deck.yaml")


def _link_loop(name: str) -> PictureError:
    """The error for a picture name that leads into a loop of symbolic links (``ELOOP``)."""
    return PictureError(f"image '{name}' is a loop of symbolic links that leads to no file",
                        "replace the link with the picture file itself")


def _no_outer_space(root: Path, candidate: PurePosixPath, name: str) -> None:
    """Refuse a name with a space (or other white space) at the start or end of a part.

    Names match files character for character: ``p.png `` is not ``p.png``. Such a name can
    hardly be meant (YAML keeps the space only inside quotes, and Windows cannot hold a file
    ending in a space), so it is refused with the name it was probably meant to be.
    """
    for part in candidate.parts:
        if outer_space(part):
            meant = "/".join(p.strip() for p in candidate.parts)
            hint = (f"did you mean '{meant}'? Delete the space" if os.path.exists(root / meant)
                    else "delete the space at the start or end of the name")
            raise PictureError(f"image '{name}' has a space at the start or end of a name", hint)


def _entry(folder: Path, part: str, name: str) -> Path:
    """``folder / part`` as spelt on disk: the exact name if there is one, else the one entry
    whose NFC form equals ``part``'s. Raises :class:`PictureError` when there is none."""
    exact = folder / part
    try:
        os.lstat(exact)
        return exact
    except (FileNotFoundError, NotADirectoryError, ValueError):
        pass
    except OSError as exc:  # a folder on the way the kiosk may not search: it is not "not found"
        if exc.errno == errno.ELOOP:
            raise _link_loop(name) from None
        raise PictureError(f"image '{name}' cannot be read ({exc.strerror or exc})",
                           f"give the kiosk's user read access to {folder} (e.g. chmod -R u+rX {folder})") from None
    try:
        entries = os.listdir(folder) if folder.is_dir() else []
    except OSError:
        entries = []
    same = [entry for entry in entries if nfc(entry) == nfc(part)]
    if len(same) == 1:
        return folder / same[0]
    near = [entry for entry in entries if nfc(entry).casefold() == nfc(part).casefold()]
    hint = (f"did you mean '{near[0]}'? Names are case-sensitive" if near else
            "two files have this name in different Unicode forms: delete one" if same else
            _windows_path_hint(name) or _backslash_hint(folder, part) or _close_name_hint(name, part, entries) or
            "put the picture in the deck folder (beside deck.yaml) or correct the name")
    raise PictureError(f"image '{name}' not found", hint)


#: A path on a Windows computer: a drive (``C:\\``, ``C:/``) or a network share (``\\\\server``).
_WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|[\\/]{2}[^\\/])")


def _windows_path_hint(name: str) -> str:
    """The fix for a picture named by where it is on a Windows computer (``C:\\Users\\me\\photo.jpg``,
    ``\\\\server\\share\\photo.jpg``): a kiosk cannot reach that computer, so the picture is copied
    into the deck folder and named there; ``""`` for any other name."""
    if not _WINDOWS_PATH.match(name):
        return ""
    file = re.split(r"[\\/]", name.rstrip("\\/"))[-1]
    return f"that is where the picture is on your computer: copy it into the deck folder (beside deck.yaml) and write {file}"


def _backslash_hint(folder: Path, part: str) -> str:
    """The fix for a name written with ``\\`` between folders (as Windows shows paths)."""
    if "\\" not in part:
        return ""
    meant = part.replace("\\", "/")
    there = " (that file is there)" if os.path.lexists(folder / meant) else ""
    return f"write / between folders, not \\: {meant}{there}"


def _close_name_hint(name: str, part: str, entries: list[str]) -> str:
    """"did you mean" (the whole name) for a ``part`` of ``name`` close to one of ``entries`` in its
    folder: the same name with another picture ending (``photo.jpeg`` for ``photo.jpg``), or a
    name a letter or two away; ``""`` when none is."""
    from kiosk.words import close_matches

    if PurePosixPath(part).suffix.lower() in IMAGE_SUFFIXES:
        entries = [entry for entry in entries if PurePosixPath(entry).suffix.lower() in IMAGE_SUFFIXES]
    stem = PurePosixPath(part).stem.casefold()
    close = sorted(entry for entry in entries if PurePosixPath(entry).stem.casefold() == stem) or \
        close_matches(part, entries, cutoff=0.75)
    if not close:
        return ""
    at = name.rfind(part)
    return f"did you mean '{name[:at] + close[0] + name[at + len(part):]}'?"


def read_picture(path: Path, name: str) -> str | None:
    """Decode the picture at ``path`` in full, or check an SVG drawing, as the checker does.

    Args:
        path: a regular file, from :func:`resolve_picture`.
        name: its name in ``deck.yaml``, for messages.

    Returns:
        Pillow's name for the format held (``"PNG"``, ``"JPEG"``, ``"WEBP"``…), or ``None``
        for an SVG drawing.

    Raises:
        PictureError: the file cannot be read, is damaged or cut short, is larger than
            :data:`MAX_IMAGE_PIXELS` (Pillow's decompression-bomb guard stays on and is
            reported the same way), or is an SVG that refers to anything outside itself or
            declares a size over :data:`MAX_IMAGE_PIXELS` (:func:`svg_size`), which the player's
            reader cannot draw.
    """
    if path.suffix.lower() == ".svg":
        problem = svg_problem(_read_svg(path, name))
        if problem:
            hint = ("re-export it as SVG" if problem.startswith("is not") else
                    too_large_hint(*(svg_declared_size(path) or (None, None)), drawing=True) if "too large" in problem else
                    "delete the <!DOCTYPE …> line at its top, or export it as PNG" if "DOCTYPE" in problem else
                    "export the picture as PNG, or remove the filter" if "filter" in problem else
                    "use fewer masks and patterns, or export the picture as PNG" if "mask or pattern" in problem else
                    "simplify it (fewer copies made with <use>), or export it as PNG" if "elements" in problem else
                    "save it again as plain SVG with every picture embedded, or export it as PNG")
            raise PictureError(f"'{name}' {problem}", hint)
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise PictureError(f"'{name}' is {width:,}×{height:,} pixels, too large",
                                       too_large_hint(width, height))
                held = "JPEG" if img.format == "MPO" else img.format  # MPO: a camera's JPEG with a preview
                if held not in FORMAT_SUFFIX:
                    raise _unsupported(name, held, getattr(img, "n_frames", 1))
                img.load()  # every pixel: a file cut short or damaged fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(pixels.group(1)):,} pixels" if pixels else "too many pixels"
        raise PictureError(f"'{name}' is {size}, too large", too_large_hint()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise PictureError(f"'{name}' cannot be read as a picture: it is damaged, cut short, "
                           f"or is not really a {path.suffix.lstrip('.').upper()} file", _RESAVE_HINT) from None
    return held


def _read_svg(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SVG_BYTES + 1)
    except OSError as exc:
        raise PictureError(f"'{name}' cannot be read ({exc.strerror or exc})", "check the file's permissions") from None
    if len(data) > MAX_SVG_BYTES:
        raise PictureError(f"'{name}' is over {MAX_SVG_BYTES // (1024 * 1024)} MiB, too large for an SVG drawing",
                           "simplify it, or export it as PNG")
    return data


def svg_problem(data: bytes) -> str | None:
    """What makes an SVG drawing unsafe or unreadable, or ``None`` when it is fine.

    The XML is parsed with defusedxml: a DOCTYPE, entities and external entities are refused.
    The drawing may not refer to anything outside itself: every ``href`` (plain, ``xlink:`` or
    any other namespace) must be a ``#fragment`` or an embedded raster picture
    (:data:`SVG_DATA_TYPES`), no ``url(…)`` in an attribute or a ``<style>`` may point
    elsewhere, no ``@import``, no XInclude, no ``<?xml-stylesheet?>``.

    Args:
        data: the file's bytes.

    Returns:
        The fault in words that follow the picture's name ("is not an SVG picture",
        "refers to '../outside/p.png' outside itself"…), or ``None``.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if b"<?xml-stylesheet" in data:
        return "uses an outside style sheet (<?xml-stylesheet?>)"
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return "has a DOCTYPE or entity declarations, which the kiosk does not read"
    except (ParseError, ValueError):
        return "is not an SVG picture"
    if root.tag not in (f"{_SVG_NS}svg", "svg"):
        return "is not an SVG picture"
    size = svg_size(root.attrib)
    if size and size[0] * size[1] > MAX_IMAGE_PIXELS:
        return f"is {_count(size[0])}×{_count(size[1])} pixels as its width, height or viewBox say, too large to draw"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith(_XINCLUDE_NS):
            return "includes another file (XInclude)"
        for attribute, value in element.attrib.items():
            if attribute.rsplit("}", 1)[-1] == "href" and not _inside(value):
                return f"refers to '{_short(value)}' outside itself"
            if _OUTSIDE_URL.search(value):
                return f"refers to a file outside itself in {attribute.rsplit('}', 1)[-1]}: '{_short(value)}'"
        text = element.text or ""
        if element.tag in (f"{_SVG_NS}style", "style") and (_OUTSIDE_URL.search(text) or "@import" in text.lower()):
            return "refers to a file outside itself in its <style>"
    if _filters_used(root):
        return ("uses filter effects (<filter>), which can take the kiosk's picture reader minutes to draw "
                "(a blur costs more the larger the drawing)")
    drawn = svg_drawn_elements(root)
    if drawn is None:
        return "refers to itself in a loop (an element that <use>s or url(#…)s one that leads back to it)"
    if drawn > MAX_SVG_ELEMENTS:
        return (f"draws more than {MAX_SVG_ELEMENTS:,} elements once its references (<use>, url(#…)) are "
                "followed, too many to draw")
    layered = svg_drawn_elements(root, MAX_SVG_LAYERS, own=_layers)
    if layered is not None and layered > MAX_SVG_LAYERS:
        return (f"draws more than {MAX_SVG_LAYERS} shapes through a mask or pattern (each is drawn apart at "
                "full size first), too slow to draw")
    return None


def _filters_used(root) -> bool:
    """Whether the drawing applies a ``<filter>``: one named by ``url(#id)`` in an attribute
    (``filter="url(#f)"``, ``style="filter:url(#f)"``) or in a ``<style>`` (a filter defined and
    never applied, as editors leave them, costs nothing)."""
    filters = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and _local(e.tag) == "filter"}
    if not filters:
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        texts = list(element.attrib.values()) + ([element.text or ""] if _local(element.tag) == "style" else [])
        if any(name in filters for text in texts for name in _INSIDE_URL.findall(text)):
            return True
    return False


def _local(tag: str) -> str:
    """An element's name without its namespace (``{http://www.w3.org/2000/svg}mask`` → ``mask``)."""
    return tag.rsplit("}", 1)[-1]


def _layers(element, references: list) -> int:
    """How many of ``element``'s references name a ``<mask>`` or ``<pattern>`` (each drawn apart, at
    full size, for every shape that uses it)."""
    return sum(1 for target in references if _local(target.tag) in _LAYERED)


def svg_scripts(data: bytes) -> str | None:
    """What in the SVG drawing ``data`` is script, which the kiosk never runs, or ``None``.

    Qt's SVG reader draws no ``<script>`` and no event attribute (``onclick``, ``onload``…), so a
    drawing holding them is shown without them: worth a warning (the picture may rely on them),
    not an error. ``data`` is assumed to have passed :func:`svg_problem`.

    Returns:
        "holds a <script>" or "holds the event attribute 'onload'" (the first found), or ``None``.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, ValueError):  # svg_problem says what is wrong with it
        return None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if _local(element.tag) == "script":
            return "holds a <script>"
        event = next((a for a in element.attrib if "}" not in a and a.lower().startswith("on")), None)
        if event:
            return f"holds the event attribute '{_short(_local(event), 30)}'"
    return None


def svg_drawn_elements(root, limit: int = MAX_SVG_ELEMENTS, own=None) -> int | None:
    """How many elements a renderer draws for the SVG drawing ``root``, each copy a reference makes
    counted: an element counts 1, plus its children, plus the element each of its references names
    (``href="#id"`` of ``<use>`` and others, ``url(#id)`` in an attribute). Counted once per element
    (memoised over the graph of references), without drawing, so a "billion laughs" of nested
    ``<use>`` is counted in a time that grows with the file's size, not with what it would draw.

    Args:
        root: the parsed ``<svg>`` element (``xml.etree``), from defusedxml.
        limit: counting stops past this many (the count returned is then ``limit + 1``).
        own: what one element counts for itself, from the element and the elements its references
            name (``own(element, references) -> int``); by default 1 each.

    Returns:
        The count (at most ``limit + 1``), or ``None`` when the references form a loop.
    """
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}

    def references(element) -> list:
        named = []
        for attribute, value in element.attrib.items():
            if attribute.rsplit("}", 1)[-1] == "href" and value.strip().startswith("#"):
                named.append(value.strip()[1:])
            named += _INSIDE_URL.findall(value)
        return [ids[name] for name in named if name in ids]

    def targets(element) -> list:
        return list(element) + references(element)

    counts: dict[int, int] = {}
    open_now: set[int] = set()
    stack = [(root, False)]
    while stack:  # depth first, children before their parent, without recursion (no depth limit)
        element, done = stack.pop()
        key = id(element)
        if done:
            open_now.discard(key)
            self_count = 1 if own is None else own(element, references(element))
            counts[key] = min(limit + 1, self_count + sum(counts[id(target)] for target in targets(element)))
            continue
        if key in counts:
            continue
        open_now.add(key)
        stack.append((element, True))
        for target in targets(element):
            if id(target) in open_now:
                return None
            if id(target) not in counts:
                stack.append((target, False))
    return counts[id(root)]


@lru_cache(maxsize=256)
def icon_svg(name: str) -> bytes:
    """The bundled pictogram ``name`` (:mod:`kiosk.deck.icons`), read once and checked as a deck's
    SVG pictures are (:func:`svg_problem`).

    Raises:
        IconError: ``name`` is not bundled, or its file is unreadable, over
            :data:`MAX_ICON_BYTES`, or not a safe SVG (:func:`svg_problem`).
    """
    if name not in bundled_names():
        raise IconError(f"no bundled pictogram '{shown_name(name)}'")
    try:
        data = read_bounded(icon_path(name), MAX_ICON_BYTES)
    except UserFileError as exc:  # missing, a pipe or device, too large, unreadable
        raise IconError(f"pictogram '{name}' cannot be read: {exc.reason}") from None
    problem = svg_problem(data)
    if problem:
        raise IconError(f"pictogram '{name}' {problem}")
    return data


def coloured_icon(name: str, colour: str) -> bytes:
    """:func:`icon_svg` of ``name`` drawn in ``colour`` (``#rrggbb``), which stands in for ``currentColor``.

    Raises:
        IconError: as :func:`icon_svg`.
        ValueError: ``colour`` is not ``#rrggbb``.
    """
    if not _COLOUR.match(colour):
        raise ValueError(f"'{shown_name(colour)}' is not a colour like #ffd166")
    return icon_svg(name).replace(b"currentColor", colour.encode("ascii"))


def svg_size(attributes: dict[str, str]) -> tuple[float, float] | None:
    """The size an SVG drawing declares on its ``<svg>`` element, in pixels, as a reader draws it
    when not asked for another size: ``width`` and ``height`` (units converted at CSS's 96 pixels
    per inch, CSS Values 4 §6.2), else the ``viewBox``'s width and height; ``None`` when it
    declares neither (readers then draw it at a small default size).

    Args:
        attributes: the ``<svg>`` element's attributes.

    Returns:
        (width, height) in pixels (may be huge or infinite), or ``None``.
    """
    box = re.split(r"[\s,]+", attributes.get("viewBox", "").strip())
    box_size = (_length(box[2]), _length(box[3])) if len(box) == 4 else (None, None)
    width = _length(attributes.get("width")) or box_size[0]
    height = _length(attributes.get("height")) or box_size[1]
    if width is None or height is None:
        return None
    return abs(width), abs(height)


#: Pixels per unit of length in SVG (CSS Values 4 §6.2: 96 px to the inch).
_UNITS = {"": 1.0, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "pt": 96 / 72, "pc": 16.0,
          "em": 16.0, "ex": 8.0}


def _length(text: str | None) -> float | None:
    """An SVG length in pixels (``"1e9"``, ``"20cm"``), or ``None`` (absent, a percentage, not a length)."""
    match = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*)\s*", text or "")
    if not match or match.group(2).lower() not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def _count(value: float) -> str:
    return f"{value:,.0f}" if value < 1e15 else f"{value:.3g}"


def _inside(href: str) -> bool:
    """True for an SVG reference that stays inside the drawing: ``#id`` or an embedded raster picture."""
    value = href.strip()
    return value.startswith("#") or value.lower().startswith(SVG_DATA_TYPES)


def _short(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def image_slides(deck: Deck) -> Iterator[tuple[int, ImageSlide]]:
    """Each picture slide of ``deck`` with its index in ``deck.slides``."""
    for i, slide in enumerate(deck.slides):
        if slide.type == "image":
            yield i, slide


def check_pictures(deck: Deck, doc: SourceDoc, folder: Path) -> list[Problem]:
    """Every picture slide's problems, each located at its ``image:`` in ``deck.yaml``.

    Args:
        deck: the validated model.
        doc: its source, for positions.
        folder: the deck folder.

    Returns:
        An error for each picture that is missing, outside the deck folder, of an unsupported
        kind, damaged, too large, an unsafe SVG (:func:`resolve_picture`, :func:`read_picture`)
        or of a shape that cannot be shown (:func:`shape_problem`); a warning for a picture whose name does not match what it holds,
        for an animated picture, of which only the first frame shows (:func:`animation_frames`),
        and for an SVG drawing holding script (:func:`svg_scripts`).
    """
    problems = []
    for i, slide in image_slides(deck):
        path = ("slides", i, "image")
        try:
            file = resolve_picture(folder, slide.image)
            held = read_picture(file, slide.image)
            scripts = svg_scripts(_read_svg(file, slide.image)) if held is None else None
            size = picture_size(file, held)
            shape = shape_problem(slide.image, size, slide.fit) if size else None
            if shape:
                raise shape
        except PictureError as exc:
            problems.append(doc.problem(path, f"slide '{slide.id}': {exc.message}", exc.hint))
            continue
        if scripts:
            problems.append(doc.problem(path, f"slide '{slide.id}': '{slide.image}' {scripts}; the kiosk shows "
                                        "drawings without running their scripts",
                                        "scripts are not run; remove them", severity="warning"))
        frames = animation_frames(file, held)
        if frames > 1:
            problems.append(doc.problem(path, f"slide '{slide.id}': '{slide.image}' is an animated {_KIND_NAMES.get(held, held)} picture "
                                              f"({frames} frames); the kiosk shows its first frame only, and no animation",
                                        "export the frame to show as a still PNG or JPEG", severity="warning"))
        misnamed = _misnamed(slide.image, held)
        if misnamed:
            problems.append(doc.problem(path, f"slide '{slide.id}': {misnamed[0]}", misnamed[1], severity="warning"))
    return problems


#: The screens a picture's shape is checked for, in pixels: the sizes ``kiosk validate`` checks
#: text at (:data:`kiosk.qt.fit.SIZES`).
SCREENS: tuple[tuple[int, int], ...] = ((1920, 1080), (1080, 1920), (1280, 800))


def drawn_size(size: tuple[float, float], screen: tuple[int, int], fit: str) -> tuple[float, float]:
    """The size, in pixels, a picture of ``size`` is drawn (and decoded) at to fill ``screen``:
    scaled to cover it (``fit: cover``, QML's ``PreserveAspectCrop``) or to fit inside it
    (``contain``, ``PreserveAspectFit``), keeping its shape (the player asks Qt's reader for the
    screen's size: ``sourceSize`` in qml/Kiosk/slides/ImageSlide.qml)."""
    width, height = size
    scales = (screen[0] / width, screen[1] / height)
    scale = max(scales) if fit == "cover" else min(scales)
    return width * scale, height * scale


def shape_problem(name: str, size: tuple[float, float], fit: str) -> PictureError | None:
    """A picture whose shape cannot be shown: so long and thin that, scaled to fill one of
    :data:`SCREENS` as ``fit`` says, it would be more than :data:`MAX_IMAGE_PIXELS` (Qt's reader
    cannot make it: the slide stays blank, with "QImage: out of memory" on the terminal) or less
    than a pixel across (nothing is drawn). ``None`` for any ordinary shape.

    Args:
        name: the picture's name in ``deck.yaml``, for the message.
        size: its width and height in pixels (a drawing's declared size).
        fit: ``"cover"`` or ``"contain"``.
    """
    width, height = size
    found = _unshowable(size, fit)
    if found is None:
        return None
    screen, drawn = found
    what = ("more than the 40 million pixels a picture may have" if min(drawn) >= 1
            else "less than a pixel across, so nothing would show")
    other = "contain" if fit == "cover" else "cover"
    fix = "crop it to a less long and thin shape, nearer the screen's" + (
        f", or write fit: {other}" if _unshowable(size, other) is None else "")
    return PictureError(f"'{name}' is {_count(width)}×{_count(height)} pixels, a shape that cannot be shown: "
                        f"with fit: {fit} it would be drawn {_size(drawn[0])}×{_size(drawn[1])} pixels on a "
                        f"{screen[0]}×{screen[1]} screen, {what}", fix)


def _unshowable(size: tuple[float, float], fit: str) -> tuple[tuple[int, int], tuple[float, float]] | None:
    """The first of :data:`SCREENS` on which a picture of ``size`` cannot be drawn as ``fit`` says,
    with the size it would be drawn at; ``None`` when it can be drawn on all."""
    if size[0] <= 0 or size[1] <= 0:
        return None
    for screen in SCREENS:
        drawn = drawn_size(size, screen, fit)
        if drawn[0] * drawn[1] > MAX_IMAGE_PIXELS or min(drawn) < 1:
            return screen, drawn
    return None


def _size(value: float) -> str:
    return _count(value) if value >= 1 else f"{value:.2g}"


#: The kinds the kiosk shows that may hold an animation: animated PNG (APNG) and animated WebP.
#: (A GIF, animated or not, is refused by :func:`_unsupported`; a JPEG holds one picture, and
#: Pillow's frames of a camera's MPO are its previews, not an animation.)
ANIMATED_KINDS = frozenset({"PNG", "WEBP"})
#: Kinds of picture as people write them, where Pillow's name differs.
_KIND_NAMES = {"WEBP": "WebP"}


def animation_frames(path: Path, held: str | None) -> int:
    """How many frames the checked picture at ``path`` (of kind ``held``, from :func:`read_picture`)
    animates through, by Pillow (``is_animated``, ``n_frames``); 1 for a still picture, a drawing,
    or one that cannot be read. The kiosk shows the first frame of an animated one only (its
    pictures are drawn by Qt's ``Image``, never ``AnimatedImage``)."""
    if held not in ANIMATED_KINDS:
        return 1
    from PIL import Image

    try:
        with Image.open(path) as img:
            return int(getattr(img, "n_frames", 1)) if getattr(img, "is_animated", False) else 1
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, Image.DecompressionBombError):
        return 1


def picture_size(path: Path, held: str | None) -> tuple[float, float] | None:
    """A checked picture's size in pixels (its header only; a drawing's declared size,
    :func:`svg_size`), or ``None`` when it declares none or cannot be read."""
    try:
        if held is None:
            return svg_declared_size(path)
        from PIL import Image

        with Image.open(path) as img:
            return float(img.size[0]), float(img.size[1])
    except Exception:  # noqa: BLE001 - read in full just before; a file changed since has no size to judge
        return None


def too_large_hint(width: float | None = None, height: float | None = None, *, drawing: bool = False) -> str:
    """How to fix a picture over :data:`MAX_IMAGE_PIXELS`: the true limit and, when its size is
    known, the largest size of the same shape within it (8000×6000 -> 7302×5477). A screen shows
    at most 3840×2160 (4K), so that is named as enough."""
    what = "set its width and height (or viewBox)" if drawing else "scale it down"
    fit = ""
    if width and height and width * height > MAX_IMAGE_PIXELS and math.isfinite(width * height):
        scale = math.sqrt(MAX_IMAGE_PIXELS / (width * height))
        new_w, new_h = max(1, math.floor(width * scale)), max(1, math.floor(height * scale))
        fit = f", e.g. {new_w}×{new_h} keeping its shape"
    return (f"{what} to at most {MAX_IMAGE_PIXELS // 1_000_000} million pixels{fit} "
            "(3840×2160, a 4K screen's, is plenty)")


def _unsupported(name: str, held: str | None, frames: int) -> PictureError:
    """The error for a picture holding a kind the kiosk does not show (:data:`FORMAT_SUFFIX` lists
    those it does), whatever its name says: a GIF (animated, it would show its first frame only),
    a BMP, a TIFF…; the same rule as a name ending ``.gif`` (:data:`IMAGE_SUFFIXES`)."""
    if frames > 1:
        return PictureError(f"'{name}' holds an animated {held} picture ({frames} frames); the kiosk shows PNG, "
                            "JPEG, WebP and SVG pictures, and no animation", "export the frame to show as PNG or JPEG")
    return PictureError(f"'{name}' holds a {held or 'kind of'} picture; the kiosk shows PNG, JPEG, WebP and SVG "
                        "pictures", "export it as PNG or JPEG")


def svg_declared_size(path: Path) -> tuple[float, float] | None:
    """The size an SVG drawing at ``path`` declares (:func:`svg_size`), or ``None`` (none
    declared, or the file does not read as a drawing)."""
    from defusedxml.ElementTree import fromstring

    try:
        return svg_size(fromstring(_read_svg(path, path.name), forbid_dtd=True, forbid_entities=True,
                                   forbid_external=True).attrib)
    except Exception:  # noqa: BLE001 - checked in full by svg_problem, which says what is wrong
        return None


def _misnamed(name: str, held: str | None) -> tuple[str, str] | None:
    """(message, fix) when a picture's name does not match what it holds (a JPEG named ``.png``).

    The kiosk still shows it (Qt reads a picture by its content when its name misleads), but
    other programs may not, so the name should be put right.
    """
    suffix = PurePosixPath(name).suffix.lower()
    if held is None or FORMAT_SUFFIX.get(held) == suffix or (held == "JPEG" and suffix == ".jpeg"):
        return None
    base = PurePosixPath(name).name
    fix = (f"rename it {PurePosixPath(base).with_suffix(FORMAT_SUFFIX[held])}" if held in FORMAT_SUFFIX
           else _RESAVE_HINT)
    return f"{base} holds a {held} picture", fix


__all__ = ["FORMAT_SUFFIX", "IMAGE_SUFFIXES", "MAX_IMAGE_PIXELS", "PictureError", "check_pictures",
           "SCREENS", "drawn_size", "svg_declared_size", "too_large_hint", "image_slides", "nfc", "picture_size", "read_picture", "shape_problem", "resolve_picture", "svg_drawn_elements", "svg_problem", "svg_scripts",
           "svg_size"]
