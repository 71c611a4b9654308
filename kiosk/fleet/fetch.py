"""One look for a new version of the subscribed deck (:func:`check`), from HTTPS or a folder.

The steps, each refusing with its reason (an :class:`Outcome`):

1. The feed is fetched with a conditional request (``If-None-Match`` with the last ``ETag``,
   ``If-Modified-Since`` with the last ``Last-Modified``, both as the server sent them, so the
   kiosk's own clock never enters into it): an unchanged feed costs one ``304``. A folder source
   compares the feed file's size, time and inode instead.
2. A version not newer than the one installed is not downloaded (an older one is refused: a
   replay). A bundle refused before is not downloaded again. Where the library holds the deck but
   the state does not know its version (the state file was damaged, or the deck installed by
   hand), the bundle is downloaded and checked, and if the library holds it as published, it is
   that version, already installed: nothing is installed again (:func:`_version_in`).
3. The bundle is downloaded to a hidden temporary file in the library folder (same disk as the
   install), no more than the feed's size; its size and SHA-256 are checked against the feed.
4. Its minisign signature is checked against ``trusted_keys``; the deck id and version it vouches
   for must be the feed's, and newer than the installed version.
5. It is installed as ``kiosk install`` does (:func:`kiosk.library.install`: checked as a deck,
   moved into place atomically under the library's lock).

What the kiosk knows between looks (installed versions, the feed's validators, the bundles it
refused) is kept in ``<library>/.kiosk-updates.json``. Network and disk faults are ``failed``
(tried again later, with back-off: :func:`next_delay`); a bundle that is not what its publisher
signed, or is older, or has deck errors is ``rejected``. Nothing here imports Qt.

HTTP is done by ``httpx``: proxies from the environment (``HTTPS_PROXY``, ``NO_PROXY``) are
honoured (one the kiosk cannot use is ``failed``, naming the variable: :mod:`kiosk.fleet.proxies`), certificates are checked against the system's authorities (``certifi``'s when Python
has none) plus the ``ca_file`` setting's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import ssl
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from kiosk import outputs, paths
from kiosk.fleet import feed as feeds
from kiosk.fleet import jsontext, keys, proxies
from kiosk.fleet.followed import Followed
from kiosk.userfile import UserFileError, expand_user, open_regular, read_bounded
from kiosk.words import plural

#: The state file in the library folder.
STATE_FILE = paths.UPDATES_STATE_FILE
#: What the state file is, in a message saying something else has its name.
STATE_ROLE = "the plain file in which kiosk update remembers what it installed"
#: Lock held during one look, so a running kiosk and ``kiosk update`` never download at once.
LOCK_FILE = ".kiosk-updates.lock"
#: Prefix of a bundle being downloaded (hidden, in the library folder).
DOWNLOAD_PREFIX = ".download-"
#: Seconds to connect, and to wait for each piece of an answer.
TIMEOUT = 20.0
#: Seconds a whole bundle download may take before it is given up (and tried again later).
DOWNLOAD_DEADLINE = 15 * 60.0
#: Longest wait between looks after failures, in seconds (back-off stops growing there).
MAX_BACKOFF = 6 * 3600.0
_CHUNK = 64 * 1024
#: Seconds the whole feed may take to arrive from a server (it is at most a megabyte).
FEED_DEADLINE = 60.0
#: Largest state file read, in bytes (it holds a feed and a few short lines).
MAX_STATE_BYTES = 4 * 1024 * 1024


#: Every result a look gives (:attr:`Outcome.result`), as status records carry it.
RESULTS = ("current", "updated", "rejected", "failed")


@dataclass
class Outcome:
    """The result of one look.

    Attributes:
        result: ``"current"`` (nothing new), ``"updated"`` (a new version installed),
            ``"rejected"`` (a new version refused: never shown) or ``"failed"`` (the source
            could not be read; tried again later).
        message: one plain sentence saying what happened and why.
        deck: the deck id concerned, when known.
        version: the version installed now (after ``updated``), or the one refused.
        folder: after ``updated``, the installed deck's folder.
    """

    result: str
    message: str
    deck: str | None = None
    version: int | None = None
    folder: Path | None = None

    @property
    def ok(self) -> bool:
        """True for ``current`` and ``updated``."""
        return self.result in ("current", "updated")


@dataclass
class Config:
    """Where to look and whom to trust (from the settings; see ``docs/settings.md``).

    Attributes:
        source: an ``https://`` URL of a published folder, or a local folder path.
        trusted_keys: public keys (minisign ``RW…`` lines).
        library: the deck library to install into.
        ca_file: an extra certificate authority (PEM) for the source's certificate, or ``None``.
        timeout: seconds to connect and to wait for each piece of an answer.
        deadline: seconds one bundle download may take.
    """

    source: str
    trusted_keys: list[str]
    library: Path
    ca_file: Path | None = None
    timeout: float = TIMEOUT
    deadline: float = DOWNLOAD_DEADLINE


@dataclass
class State:
    """What the kiosk remembers between looks (``<library>/.kiosk-updates.json``).

    Attributes (besides those kept in the file):
        damaged: why the file could not be read whole (not JSON, not an object, fields of the
            wrong kind; something other than a file by its name), in plain words; ``None`` when it
            was read, or was not there yet.
        fix: when the file cannot be written again either (a folder, pipe, socket or device has its
            name, :func:`kiosk.kept.in_the_way`), what to do: ``"remove lib/.kiosk-updates.json
            (…)"``; ``None`` otherwise (a look writes a damaged file again whole).
    """

    versions: dict[str, int] = field(default_factory=dict)
    deck: str | None = None
    source: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    feed: dict[str, Any] | None = None
    rejected: dict[str, str] = field(default_factory=dict)
    damaged: str | None = field(default=None, compare=False, repr=False)
    fix: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, library: Path) -> State:
        """The state in ``library``: an empty one when missing or unreadable (not a regular file,
        larger than :data:`MAX_STATE_BYTES`, not JSON, nested too deeply); a field of the wrong
        type is left at its default. What was wrong, when the file is there, is in :attr:`damaged`;
        what is in the file's way, never replaced by :meth:`save`, also in :attr:`fix`."""
        from kiosk import kept

        path = paths.updates_state(library)
        blocked = kept.in_the_way(path, STATE_ROLE, "kiosk update writes it again at its next look",
                                  link_replaced=True)
        if blocked is not None:
            return cls(damaged=blocked.problem, fix=blocked.fix)
        try:
            data = jsontext.loads(read_bounded(path, MAX_STATE_BYTES))
        except UserFileError as exc:
            return cls() if exc.missing else cls(damaged=f"{path} cannot be read: {exc.reason}")
        except OSError as exc:
            return cls(damaged=f"{path} cannot be read ({exc.strerror or exc})")
        except jsontext.JsonError as exc:
            return cls(damaged=f"{path} cannot be read: {exc}")
        if not isinstance(data, dict):
            return cls(damaged=f"{path} holds {jsontext.kind(data)}, not the object the kiosk writes")
        kept = [key for key in _STATE_TYPES if key in data and _STATE_TYPES[key](data[key])]
        wrong = [key for key in _STATE_TYPES if key in data and key not in kept]
        damaged = f"{path} has {'fields' if len(wrong) > 1 else 'a field'} the kiosk did not write as " \
            f"{'they are' if len(wrong) > 1 else 'it is'} ({', '.join(wrong)})" if wrong else None
        return cls(**{key: data[key] for key in kept}, damaged=damaged)

    def save(self, library: Path) -> None:
        """Write the state whole (:func:`kiosk.fleet.feed.write_atomic`); a failure is ignored."""
        kept = {key: getattr(self, key) for key in _STATE_TYPES}
        with contextlib.suppress(OSError):
            feeds.write_atomic(paths.updates_state(library), json.dumps(kept, indent=1).encode())


def _text_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= 4096)


def _number_map(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and type(v) is int and 0 <= v < 2**53 for k, v in value.items())


def _text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


#: The check of each :class:`State` field read from the file.
_STATE_TYPES: dict[str, Callable[[Any], bool]] = {
    "versions": _number_map,
    "deck": lambda value: value is None or (isinstance(value, str) and re.fullmatch(feeds.DECK_ID, value) is not None), "source": _text_or_none, "etag": _text_or_none,
    "last_modified": _text_or_none, "feed": lambda value: value is None or isinstance(value, dict),
    "rejected": _text_map,
}


def installed(library: Path, source: str | None = None) -> tuple[str, int | None] | None:
    """The followed deck and its installed version in ``library``, as :func:`followed` tells.

    Args:
        library: the deck library folder.
        source: the ``update_source`` setting (a folder or a web address), or ``None``; used only
            when the state file names no deck (see :func:`followed`).

    Returns:
        ``(deck id, version)``, the version ``None`` when the state does not know it (a deck
        installed by hand, or a state file started afresh); ``None`` when no deck is followed.
        Never raises.
    """
    state = State.load(library)
    deck = _followed_in(state, library, source)
    return (deck, _version_in(state, library, deck) or None) if deck else None


def _installed_in(state: State, library: Path) -> str | None:
    """The deck ``state`` (read from ``library``) says is followed, when that deck's folder is
    still there; else ``None``. Never raises."""
    return state.deck if state.deck and os.path.isdir(library / state.deck) else None


def _followed_in(state: State, library: Path, source: str | None) -> str | None:
    """The one rule for the deck followed: the deck ``state`` names when installed; when it names
    none (no look has told yet, or the file was damaged and started afresh), the best guess the
    library gives (:func:`_guess_followed`); ``None`` when nothing tells. Never raises."""
    if state.deck is not None:
        return _installed_in(state, library)
    return _guess_followed(library, source)[0]


def _version_in(state: State, library: Path, deck: str) -> int | None:
    """The rule for "already installed": the version of ``deck`` in ``library`` as ``state`` (read
    from it) tells. 0 when the library has no folder of that deck; ``None`` when it has one but the
    state does not know its version (the state file was damaged and started afresh, or the deck was
    installed by hand): then only its files can tell (:func:`kiosk.library.holds_bundle`). Never raises."""
    if not os.path.isdir(library / deck):
        return 0
    return state.versions.get(deck)


def followed(library: Path, source: str | None = None) -> Followed:
    """Which installed deck came from ``update_source``, even when ``.kiosk-updates.json`` is damaged.

    The state file says it. When that file is damaged (:attr:`State.damaged`), or names no deck
    (there is none yet, as with a deck installed by hand; or a look has not told yet), the best the
    library can still tell is used: the deck the published folder's ``feed.json`` names, for a
    folder ``source`` (read offline, only to choose among the decks already installed and
    checked), else the one deck installed in ``library`` when there is only one. When neither
    tells, ``deck`` is ``None`` (the default deck plays), and ``damaged`` says so when the file is
    damaged. A look (:func:`check`) that starts from such a state keeps that deck whatever its
    result, and writes the file again; a look that installs or finds the published version
    installed makes it known from then on.

    Args:
        library: the deck library folder.
        source: the ``update_source`` setting (a folder or a web address), or ``None``.

    Returns:
        A :class:`Followed`; never raises.
    """
    state = State.load(library)
    known = _installed_in(state, library)
    if state.damaged is None:
        return Followed(_followed_in(state, library, source))
    where = paths.updates_state(library)
    fix = {"fix": state.fix} if state.fix else {}
    if known is not None:
        again = "the file is written again at the next look at update_source" if not state.fix else \
            "the file is written again at the first look at update_source after that is removed"
        return Followed(known, f"{state.damaged}; the kiosk still knows it follows '{known}' and plays it; {again}",
                        where, **fix)
    guess, why = _guess_followed(library, source)
    until = "until the next look at update_source writes the file again" if not state.fix else \
        "until that is removed and a look at update_source writes the file"
    if guess is not None:
        return Followed(guess, f"{state.damaged}; the kiosk plays '{guess}', {why}, {until}", where, **fix)
    return Followed(None, f"{state.damaged}; the kiosk cannot tell which installed deck came from update_source, "
                    f"so it plays its default deck {until} (or set deck in settings.toml)",
                    where, **fix)


def _guess_followed(library: Path, source: str | None) -> tuple[str | None, str]:
    """The deck id :func:`followed` plays when the state file is damaged or names no deck, and why;
    ``(None, "")`` if none. Never raises."""
    if source and not is_url(source):
        try:
            feed = feeds.read(expand_user(source))
        except (feeds.FeedError, OSError):
            feed = None
        if feed is not None and os.path.isfile(library / feed.deck / paths.DECK_FILE):
            return feed.deck, f"the deck the feed.json of {source} names"
    from kiosk.library import deck_folders

    folders = deck_folders(library)
    if len(folders) == 1 and os.path.isfile(folders[0] / paths.DECK_FILE):
        return folders[0].name, f"the only deck installed in {library}"
    return None, ""


class SourceError(Exception):
    """The source could not be read (network, server or disk); ``str()`` says why."""


class Unchanged(Exception):
    """The feed has not changed since the last look."""


def is_url(source: str) -> bool:
    """True when ``source`` is a web address rather than a folder."""
    return source.lower().startswith(("https://", "http://"))


class FolderSource:
    """A published folder on this computer (synced by Syncthing, Nextcloud, a network share…)."""

    def __init__(self, folder: Path) -> None:
        self.folder = expand_user(folder)

    def feed(self, etag: str | None, _last_modified: str | None) -> tuple[bytes, str | None, str | None]:
        """The feed's bytes and its validator (size, time, inode), or :class:`Unchanged`."""
        path = self.folder / feeds.FEED_FILE
        try:
            info = path.stat()
            tag = f"{info.st_size}-{info.st_mtime_ns}-{info.st_ino}"
            if tag == etag:
                raise Unchanged
            return read_bounded(path, feeds.MAX_FEED_BYTES), tag, None
        except (FileNotFoundError, UserFileError) as exc:
            if isinstance(exc, FileNotFoundError) or exc.missing:
                raise SourceError(f"no {feeds.FEED_FILE} in {self.folder} (nothing published there yet, or the "
                                  "folder is not synced)") from None
            raise SourceError(f"cannot read {path}: {exc.reason}") from None
        except OSError as exc:
            raise SourceError(f"cannot read {path} ({exc.strerror or exc})") from None

    def download(self, name: str, out: BinaryIO, limit: int, deadline: float) -> None:
        """Copy the bundle ``name`` into ``out``, at most ``limit + 1`` bytes; only a regular file
        is read (a named pipe or a device is refused at once, never waited on)."""
        try:
            opened = open_regular(self.folder / name, feeds.MAX_BUNDLE_BYTES)
        except UserFileError as exc:
            if exc.missing:
                raise SourceError(f"{name} is not in {self.folder} yet (still being synced?)") from None
            raise SourceError(f"cannot read {self.folder / name}: {exc.reason}") from None
        try:
            with opened as stream:
                _copy(iter(lambda: stream.read(_CHUNK), b""), out, limit, deadline)
        except OSError as exc:
            if out_failed(exc, out):
                raise
            raise SourceError(f"cannot read {self.folder / name} ({exc.strerror or exc})") from None


def out_failed(exc: OSError, out: BinaryIO) -> bool:
    """True when ``exc`` came from writing ``out`` (marked by :func:`_copy`)."""
    return getattr(exc, "kiosk_write", False)


def _copy(chunks, out: BinaryIO, limit: int, deadline: float) -> None:
    """Write ``chunks`` to ``out``, stopping past ``limit`` bytes or after ``deadline`` (monotonic)."""
    written = 0
    for chunk in chunks:
        written += len(chunk)
        try:
            out.write(chunk)
        except OSError as exc:
            exc.kiosk_write = True
            raise
        if written > limit:
            return
        if time.monotonic() > deadline:
            raise SourceError("the download is too slow; it will be tried again later")


class HttpSource:
    """A published folder on a web server, read over HTTPS with ``httpx``."""

    def __init__(self, url: str, ca_file: Path | None = None, timeout: float = TIMEOUT) -> None:
        import httpx

        self.base = url if url.endswith("/") else url + "/"
        if self.base.endswith(f"/{feeds.FEED_FILE}/"):
            self.base = self.base[: -len(feeds.FEED_FILE) - 1]
        context = ssl.create_default_context()
        if not context.get_ca_certs() and not _has_default_paths():
            import certifi

            context.load_verify_locations(certifi.where())
        if ca_file is not None:
            try:
                context.load_verify_locations(str(expand_user(ca_file)))
            except (OSError, ssl.SSLError) as exc:
                raise SourceError(f"the ca_file {ca_file} cannot be read as a PEM certificate ({exc})") from None
        if bad := proxies.problems():  # httpx would stop with its own error while making the client
            raise SourceError(f"{bad[0]}; the kiosk keeps playing what it has")
        try:
            self._client = httpx.Client(verify=context, timeout=httpx.Timeout(timeout), trust_env=True,
                                        follow_redirects=True, headers={"User-Agent": "kiosk-updater"})
        except (httpx.InvalidURL, ValueError, TypeError, ImportError):  # a proxy setting proxies.problems missed
            raise SourceError(f"the proxy settings in the environment ({_proxy_names()}) cannot be used: "
                              f"{proxies.FIX}; the kiosk keeps playing what it has") from None

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def feed(self, etag: str | None, last_modified: str | None) -> tuple[bytes, str | None, str | None]:
        """The feed's bytes, ``ETag`` and ``Last-Modified``; :class:`Unchanged` on ``304``."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        url = self.base + feeds.FEED_FILE
        with self._request(url, headers) as response:
            if response.status_code == 304:
                raise Unchanged
            body = b""
            deadline = time.monotonic() + FEED_DEADLINE
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > feeds.MAX_FEED_BYTES:
                    break
                if time.monotonic() > deadline:
                    raise SourceError(f"the feed {url} is too slow to arrive; it will be read again later")
            return body, response.headers.get("ETag"), response.headers.get("Last-Modified")

    def download(self, name: str, out: BinaryIO, limit: int, deadline: float) -> None:
        """Stream the bundle ``name`` into ``out``, at most ``limit + 1`` bytes."""
        with self._request(self.base + name, {}) as response:
            _copy(response.iter_bytes(_CHUNK), out, limit, deadline)

    @contextlib.contextmanager
    def _request(self, url: str, headers: dict[str, str]):
        import httpx

        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 400:
                    raise SourceError(f"the server answered {response.status_code} {response.reason_phrase} "
                                      f"for {url}")
                yield response
        except httpx.TimeoutException:
            raise SourceError(f"the server did not answer within {self._client.timeout.read:g} s ({url})") from None
        except httpx.RemoteProtocolError as exc:
            raise SourceError(f"the connection was cut ({exc}); it will be tried again later") from None
        except httpx.HTTPError as exc:
            raise SourceError(_network_reason(url, exc)) from None
        except (httpx.InvalidURL, ValueError) as exc:  # a host no name lookup takes (the proxy's, or a redirect's)
            raise SourceError(_network_reason(url, exc, via=_proxy_names())) from None


def _has_default_paths() -> bool:
    paths = ssl.get_default_verify_paths()
    return bool((paths.cafile and os.path.exists(paths.cafile)) or (paths.capath and os.path.isdir(paths.capath)))


def _proxy_names() -> str:
    """The proxy variables set, as ``HTTPS_PROXY=…, NO_PROXY=…`` (``"none set"`` when none is)."""
    found = proxies.settings()
    return ", ".join(f"{name}={proxies.shown(value)}" for name, value in found.values()) or "none set"


def _network_reason(url: str, exc: Exception, via: str | None = None) -> str:
    """A plain reason for a failed request; a certificate out of its dates points at the clock.

    Args:
        url: the address asked for.
        exc: what the request raised.
        via: the proxy settings in force, said when ``exc`` is no network error of ``httpx``'s own.
    """
    if via is not None:
        return (f"cannot reach {url}: a host on the way is no host name or address (proxy settings: {via}); "
                "check the address and the proxy settings; the kiosk keeps playing what it has")
    text = str(exc)
    cause = exc.__cause__ or exc.__context__
    while cause is not None and not isinstance(cause, ssl.SSLCertVerificationError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ssl.SSLCertVerificationError):
        text = cause.verify_message or str(cause)
        if "not yet valid" in text or "expired" in text:
            now = time.strftime("%Y-%m-%d %H:%M %Z")
            return (f"the certificate of {url} is {text} by this kiosk's clock, which says {now}; set the "
                    "clock right (or turn on network time), then try again")
        return (f"the certificate of {url} cannot be trusted ({text}); if the venue has its own certificate "
                "authority, set ca_file in settings.toml")
    return f"cannot reach {url} ({text or type(exc).__name__}); the kiosk keeps playing what it has"


def open_source(config: Config) -> FolderSource | HttpSource:
    """The source ``config.source`` names.

    Raises:
        SourceError: for a plain ``http://`` address, or a ``ca_file`` that cannot be read.
    """
    if config.source.lower().startswith("http://"):
        raise SourceError(f"{config.source} is not encrypted; use an https:// address (or a synced folder)")
    if is_url(config.source):
        return HttpSource(config.source, config.ca_file, config.timeout)
    return FolderSource(Path(config.source))


def check(config: Config, open_temp: Callable[[Path], tuple[BinaryIO, Path]] | None = None) -> Outcome:
    """Look once for a newer version at ``config.source`` and install it if it is good.

    Args:
        config: the source, trusted keys and library.
        open_temp: makes the temporary download file in a folder (for tests: a full disk);
            default: a hidden file from :func:`tempfile.mkstemp`.

    Returns:
        The :class:`Outcome` (see the module's notes). Never raises for a fault of the source,
        the network, the bundle or the disk.
    """
    from filelock import FileLock, Timeout

    from kiosk import kept

    library = expand_user(config.library)
    try:
        outputs.refuse_system(library, folder=True)  # /proc, /sys: never a library, whoever runs it
        outputs.make_folders(library)  # a file in the way: ENOTDIR, said plainly
        kept.ready_lock(library / LOCK_FILE, "kiosk update")  # in the way, or cannot be made: said at once
        lock = FileLock(library / LOCK_FILE)
        lock.acquire(timeout=0)
    except kept.InTheWay as exc:
        return Outcome("failed", exc.then("no look for updates was made; the kiosk keeps playing what it has"))
    except Timeout:
        return Outcome("current", "another look for updates is under way; nothing done")
    except OSError as exc:
        return Outcome("failed", outputs.write_problem(exc, f"the deck library {library}",
                                                       "library in settings.toml, or --library"))
    try:
        for leftover in library.glob(DOWNLOAD_PREFIX + "*"):  # a look cut short (power cut)
            leftover.unlink(missing_ok=True)
        return _check_locked(config, library, open_temp or _mkstemp)
    finally:
        lock.release()


def _mkstemp(folder: Path) -> tuple[BinaryIO, Path]:
    fd, name = tempfile.mkstemp(prefix=DOWNLOAD_PREFIX, suffix=".zip", dir=folder)
    return os.fdopen(fd, "wb"), Path(name)


def _check_locked(config: Config, library: Path, open_temp) -> Outcome:
    state = State.load(library)
    if state.deck is None:
        # A fresh state (none yet, or damaged and started afresh) is rebuilt with the rule the kiosk
        # plays by meanwhile (followed()), before anything can write it: a look that fails or is
        # refused then never changes the deck followed, nor makes the kiosk play its default deck.
        state.deck = _guess_followed(library, config.source)[0]
    outcome = _look(config, library, state, open_temp)
    if state.damaged and state.fix:  # never replaced: said at every look, with the fix
        still = f"; it still follows '{state.deck}'" if state.deck and not outcome.ok else ""
        outcome.message += (f" (note: {state.damaged}, so the kiosk cannot remember what it installed from one "
                            f"look to the next{still} — {state.fix})")
    elif state.damaged:  # written again whole, so it is said once
        state.save(library)
        still = f"; it still follows '{state.deck}'" if state.deck and not outcome.ok else ""
        outcome.message += (f" (note: {state.damaged}, so what the kiosk knew of earlier looks was started "
                            f"afresh{still})")
    return outcome


def _look(config: Config, library: Path, state: State, open_temp) -> Outcome:
    """Steps 1 to 5 (see the module's notes) with what the kiosk knew of earlier looks (``state``)."""
    if state.source != config.source:  # another source: its validators mean nothing here
        state.source, state.etag, state.last_modified, state.feed = config.source, None, None, None
    try:
        source = open_source(config)
    except SourceError as exc:
        return Outcome("failed", str(exc))
    address = f"{config.source.rstrip('/')}/{feeds.FEED_FILE}"
    try:
        where = address
        try:
            body, etag, last_modified = source.feed(state.etag, state.last_modified)
        except Unchanged:
            if state.feed is None:
                return Outcome("current", "the feed has not changed", state.deck)
            where = f"the copy of {address} kept in {paths.updates_state(library)}"
            try:
                body, etag, last_modified = json.dumps(state.feed).encode(), state.etag, state.last_modified
            except (ValueError, RecursionError):  # a damaged state file: read the feed afresh next time
                body = b""
        try:
            feed = feeds.parse(body, where)
        except feeds.FeedError as exc:
            if where != address:  # the copy kept is damaged: the feed itself is read afresh next time
                state.feed, state.etag, state.last_modified = None, None, None
                state.save(library)
                return Outcome("failed", f"{exc.what}; the feed itself will be read afresh at the next look",
                               state.deck)
            return Outcome("failed", exc.then("it will be read again later"))
        # Only the feed's validators are kept here; which deck is followed and which version is
        # installed change only after the signature is checked (in _take). A state that names no
        # deck takes the installed deck the feed names, as followed() does for a folder's feed.json.
        state.feed, state.etag, state.last_modified = feed.model_dump(), etag, last_modified
        if state.deck is None and os.path.isfile(library / feed.deck / paths.DECK_FILE):
            state.deck = feed.deck
        state.save(library)
        return _take(config, library, state, feed, source, open_temp)
    except SourceError as exc:
        return Outcome("failed", str(exc))
    finally:
        if isinstance(source, HttpSource):
            source.close()


def _take(config: Config, library: Path, state: State, feed: feeds.Feed, source, open_temp) -> Outcome:
    """Steps 2 to 5 for a feed read."""
    known = _version_in(state, library, feed.deck)
    have = known or 0
    if feed.version == have:
        return Outcome("current", f"'{feed.deck}' version {have} is the newest", feed.deck, have)
    if feed.version < have:
        return Outcome("rejected", f"the source offers '{feed.deck}' version {feed.version}, older than version "
                       f"{have} installed (an old feed served again?); keeping version {have}", feed.deck, feed.version)
    memo = _memo(feed, config)
    if memo in state.rejected:
        return Outcome("rejected", state.rejected[memo], feed.deck, feed.version)
    out, temp = None, None
    try:
        out, temp = open_temp(library)
        with out:
            source.download(feed.file, out, feed.size, time.monotonic() + config.deadline)
        size = temp.stat().st_size
        if size < feed.size:
            return Outcome("failed", f"the download of {feed.file} stopped at {size} of {plural(feed.size, 'byte')}; it "
                           "will be tried again later", feed.deck, feed.version)
        refused, lasting = _refusal(config, temp, feed, size, have)
        if refused:
            if lasting:  # the bytes are the ones the feed names: no need to fetch them again
                state.rejected[memo] = refused
                state.save(library)
            return Outcome("rejected", refused, feed.deck, feed.version)
        from kiosk.library import LibraryError, holds_bundle, install, same_id_elsewhere, two_folders

        if known is None and holds_bundle(library / feed.deck, temp):  # this very version is installed
            state.versions[feed.deck] = feed.version
            state.deck = feed.deck
            state.save(library)
            return Outcome("current", f"'{feed.deck}' version {feed.version} is the newest (already installed: "
                           "the library holds it as published)", feed.deck, feed.version)

        try:
            entry = install(temp, library, shown=feed.file)
        except LibraryError as exc:
            why = str(exc).removesuffix("; nothing was installed")
            reason = f"version {feed.version} of '{feed.deck}' was not installed: {why}" + "".join(
                f"\n  {problem}" for problem in exc.problems[:5])
            if exc.problems:
                state.rejected[memo] = reason
                state.save(library)
                return Outcome("rejected", reason, feed.deck, feed.version)
            return Outcome("failed", reason, feed.deck, feed.version)
        state.versions[entry.id] = feed.version
        state.deck = entry.id
        state.save(library)
        also = "".join(f" (warning: {two_folders(entry.id, entry.path, other, installed=True)})"
                       for other in same_id_elsewhere(entry.id, entry.path, library))
        return Outcome("updated", f"installed '{entry.id}' version {feed.version}{also}", entry.id, feed.version,
                       entry.path)
    except OSError as exc:
        reason, fix = outputs.advice(exc, "library in settings.toml, or --library")
        return Outcome("failed", f"cannot download {feed.file} into {library} ({reason}); the kiosk keeps "
                       f"playing what it has — {fix}", feed.deck, feed.version)
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _memo(feed: feeds.Feed, config: Config) -> str:
    """The key a refusal is remembered by: everything the verdict was drawn from (the feed's deck,
    version, file, size, SHA-256 and signature, the keys trusted, and this kiosk's version, whose
    checks judged the deck), so a change to any of them is judged afresh. A feed tampered with on
    the way (another version number on the same bundle) and then put back as published is not
    refused by the tampered copy's verdict."""
    from kiosk import __version__

    text = "\n".join([feed.deck, str(feed.version), feed.file, str(feed.size), feed.sha256, feed.signature,
                      __version__, *sorted(config.trusted_keys)])
    return hashlib.sha256(text.encode()).hexdigest()


def _refusal(config: Config, temp: Path, feed: feeds.Feed, size: int, have: int) -> tuple[str | None, bool]:
    """Why a complete download must not be installed (size, hash, signature, version), or ``None``;
    and whether the refusal lasts (the bytes are the ones the feed names, so fetching them again
    changes nothing). A wrong size or hash may be a copy still under way in a synced folder."""
    what = f"version {feed.version} of '{feed.deck}'"
    if size != feed.size:
        return f"{what} is {plural(size, 'byte')}, not the {feed.size} the feed gives; not installed", False
    digest = hashlib.sha256()
    with temp.open("rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    if digest.hexdigest() != feed.sha256:
        return f"{what} does not have the SHA-256 the feed gives (changed or damaged on the way); not installed", False
    try:
        signed = keys.verify(temp, feed.signature, config.trusted_keys)
    except keys.SignatureError as exc:
        return f"{what} was refused: {exc}", True
    if (signed.deck, signed.version) != (feed.deck, feed.version):
        return (f"{what} was refused: its signature is for '{signed.deck}' version {signed.version} (an old "
                "bundle served as new?)"), True
    if signed.version <= have:
        return f"{what} was refused: version {have} is already installed", True
    return None, False


def next_delay(every: float, failures: int, rng: random.Random | None = None) -> float:
    """Seconds until the next look: ``every`` after a good one; after ``failures`` failed looks in a
    row, ``every`` doubled each time (at most :data:`MAX_BACKOFF`), with up to half of it taken off
    at random (jitter, so a fleet does not come back all at once when a server returns)."""
    if failures <= 0:
        return every
    delay = min(every * 2 ** min(failures, 30), max(MAX_BACKOFF, every))
    return delay * (1 - 0.5 * (rng or random).random())
