"""The files the kiosk writes: private log files, crash reports, and checks of output folders.

Plain Python (no Qt). Three rules, for every file the kiosk writes about itself:

- **Private.** Log files (``kiosk.log``, ``events.jsonl``, their rotated copies, a
  ``--log-json`` file) and crash reports are made with mode 0600 and their folders with 0700,
  whatever the umask; a log file found with a wider mode is narrowed when it is opened. Another
  local user cannot read what was shown or when the staff menu was used.
- **No fixed names in shared folders, no links followed.** A symbolic link named as a file or
  folder the kiosk writes is refused, wherever it is and wherever it points (``O_NOFOLLOW`` where
  a file is opened, :func:`refuse_link` for folders), with a sentence naming it
  (:func:`link_problem`); only the system's own names such as ``/dev/stdout`` are written through. Crash reports get a new, unique name (:func:`tempfile.mkstemp`:
  ``O_CREAT|O_EXCL|O_NOFOLLOW``, mode 0600) in the kiosk's own state folder
  (:func:`kiosk.paths.state_dir`), never in ``/tmp``.
- **A fault is a sentence.** :func:`folder_problem` and :func:`file_problem` say, before
  anything starts, why an output named on the command line cannot be written, so the command
  can print it and exit 1 instead of failing half-way with a traceback.

The advice follows the CERT C rule FIO21-C ("Do not create temporary files in shared
directories") and CWE-377/CWE-59 (insecure temporary file; link following).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import stat
import tempfile
from pathlib import Path

#: Mode of every private file (owner read and write).
FILE_MODE = 0o600
#: Mode of every private folder the kiosk makes (owner only).
FOLDER_MODE = 0o700
#: Crash reports kept in the state folder (the oldest are removed beyond this).
CRASH_REPORTS_KEPT = 20
#: Name pattern of crash reports: ``crash-20261205-231502-4242-k3j2x1.txt``.
CRASH_PREFIX = "crash-"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: Opening a named pipe with no reader fails at once (ENXIO) instead of waiting for ever.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _ours_and_open_to_others(info: os.stat_result) -> bool:
    """True for a file or folder of this user that others may read (never on Windows, where
    modes are not permissions)."""
    return os.name != "nt" and bool(info.st_mode & 0o077) and info.st_uid == os.getuid()


def reason(error: BaseException) -> str:
    """The short reason of an ``OSError`` ("Not a directory"), else its text."""
    return getattr(error, "strerror", None) or str(error) or error.__class__.__name__


#: Folders whose links are the system's own names for open files and devices (``/dev/stdout``,
#: ``/dev/fd/1``), made by the system and writable by no one else: a link there is written through.
SYSTEM_LINK_FOLDERS = ("/dev", "/dev/fd", "/proc/self/fd")


def _system_name(path: Path | str) -> bool:
    """Whether ``path`` is a name in one of :data:`SYSTEM_LINK_FOLDERS` (``/dev/stdout``)."""
    return os.path.dirname(os.path.abspath(path)) in SYSTEM_LINK_FOLDERS


def kind_of(path: Path | str, mode: int) -> str:
    """What is at ``path`` (whose ``lstat`` gave ``mode``), when it is not a plain file, as the
    messages of every output and kept file say it after "it is" or "PATH is": "a folder", "a named
    pipe (FIFO)", "a device" (:func:`kiosk.userfile.kind_name`), "a symbolic link", and for the
    system's names of this process's streams (:func:`kiosk.userfile.stream_words`): "the kiosk's
    standard output (a link to the terminal, pipe or file it writes to)". Never raises."""
    from kiosk.userfile import kind_name, stream_words

    if stat.S_ISLNK(mode):
        stream = stream_words(path)
        if stream is not None:
            return stream
        if _system_name(path):
            return "one of the system's own links"
        return "a symbolic link"
    return kind_name(mode) or ("a plain file" if stat.S_ISREG(mode) else "something other than a plain file")


def _nofollow(path: Path | str) -> int:
    """``O_NOFOLLOW`` (a symbolic link is never opened), except for the system's own names of
    :data:`SYSTEM_LINK_FOLDERS` (``/dev/stdout``); ``0`` where the flag does not exist."""
    return 0 if _system_name(path) else _NOFOLLOW


def is_link(path: Path | str) -> bool:
    """Whether ``path`` itself is a symbolic link the kiosk refuses to write through (every link,
    wherever it points, except the system's names of :data:`SYSTEM_LINK_FOLDERS`). Never raises."""
    return os.path.islink(path) and not _system_name(path)


def refuse_link(path: Path | str) -> None:
    """Raise when ``path`` is a symbolic link (:func:`is_link`): the one rule for every file and
    folder the kiosk writes (logs, frames, pictures, counts, status, caches, documents).

    Raises:
        OSError: ``ELOOP`` ("Too many levels of symbolic links"), with ``path`` as its filename.
    """
    if is_link(path):
        raise OSError(errno.ELOOP, "a symbolic link, which the kiosk never writes through", str(path))


def link_problem(path: Path | str, what: str, flag: str, kind: str = "file or folder") -> str | None:
    """The sentence for a symbolic link named as an output (:func:`refuse_link`), or ``None``.

    Args:
        path: the output as given.
        what: what goes there, for the message ("the pictures", "the event log").
        flag: the option or setting that named it ("--out").
        kind: what the output is: ``"file"``, ``"folder"``, or ``"file or folder"``.

    Returns:
        ``"e.jsonl is a symbolic link, which the kiosk never writes through — give the real file
        for the event log with --log-json"`` (the path first, so the sentence reads the same
        whatever the output is called), or ``None``.
    """
    if not is_link(path):
        return None
    return (f"{path} is a symbolic link, which the kiosk never writes through — "
            f"give the real {kind} for {what} with {flag}")


def output_folder(path: Path) -> Path:
    """Make the output folder ``path`` (and missing parents), refusing a symbolic link there.

    Returns:
        ``path``.

    Raises:
        OSError: ``ELOOP`` for a link (:func:`refuse_link`), else as :func:`make_folders`.
    """
    refuse_link(path)
    make_folders(path)
    return path


def _narrow(fd: int) -> None:
    """Narrow an open regular file that others may read to :data:`FILE_MODE` (devices such as
    ``/dev/full`` and files of another owner are left alone)."""
    info = os.fstat(fd)
    if stat.S_ISREG(info.st_mode) and _ours_and_open_to_others(info):
        os.fchmod(fd, FILE_MODE)


def open_private(path: Path | str) -> int:
    """Open ``path`` for appending, made with mode 0600 when new, narrowed to 0600 when wider.

    Args:
        path: the file (its folder must exist).

    Returns:
        An open file descriptor (the caller closes it).

    Raises:
        OSError: when it cannot be opened; ``ELOOP`` when ``path`` is a symbolic link (never
            followed, :func:`_nofollow`); ``ENXIO`` for a named pipe
            nobody reads (never waited on).
    """
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC | _NONBLOCK | _nofollow(path)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if _NONBLOCK:
            os.set_blocking(fd, True)
        _narrow(fd)
    except OSError:
        pass  # not ours to change (a file of another user that we may still append to)
    return fd


def narrow_existing(*paths: Path | str) -> None:
    """Narrow each of ``paths`` that is a regular file of ours readable by others to 0600.

    Symbolic links and missing files are skipped; never raises.
    """
    for path in paths:
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and _ours_and_open_to_others(info):
                os.chmod(path, FILE_MODE)
        except OSError:
            continue


def make_folders(path: Path) -> None:
    """Make the folder ``path`` and its missing parents (like ``mkdir -p``).

    Raises:
        OSError: when it cannot be made; ``ENOTDIR`` (not "File exists") when a file is in the way;
            :class:`NotAFolder` (``ENOTDIR`` too) naming what ``path`` is when it is one of the
            system's names of the kiosk's streams (``/dev/stdout``), a pipe, socket or device.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise not_a_folder(path) from None


def not_a_folder(path: Path | str) -> NotADirectoryError:
    """The error for an output folder ``path`` that something else has taken: a :class:`NotAFolder`
    naming it for one of the system's names of the kiosk's streams (``/dev/stdout``), a pipe,
    socket or device; else ``ENOTDIR`` ("a file is in the way where a folder should be"). Never raises."""
    from kiosk.userfile import kind_name, stream_words

    try:
        what = stream_words(path) or kind_name(os.stat(path).st_mode)
    except (OSError, ValueError):
        what = None
    if what is not None:
        return NotAFolder(path, what)
    return NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))


def make_missing(path: Path | str) -> list[Path]:
    """Make the folder ``path`` and its missing parents (:func:`make_folders`), and say which were
    made, so that a command that then fails can take away what it made (:func:`remove_empty`).

    Returns:
        The folders this call made, outermost first (``[]`` when ``path`` was there).

    Raises:
        OSError: as :func:`make_folders`; the folders made before the failure are removed again.
    """
    path = Path(path)
    missing = []
    probe = path
    while not os.path.lexists(probe) and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    missing.reverse()
    try:
        make_folders(path)
    except BaseException:
        remove_empty(missing)
        raise
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove each of ``folders`` (as :func:`make_missing` gives them, outermost first) that is
    still empty, innermost first: what a failed command made and left unused. A folder that holds
    anything, or cannot be removed, is left. Never raises."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(folder)


@contextlib.contextmanager
def folders_for(path: Path | str):
    """Make the folder ``path`` and its missing parents for the block to write into; when the
    block raises, the folders made here that are still empty are removed again (a failed command
    leaves no empty folder it made itself).

    Yields:
        The folders made (see :func:`make_missing`).

    Raises:
        OSError: as :func:`make_missing`; and whatever the block raises.
    """
    made = make_missing(path)
    try:
        yield made
    except BaseException:
        remove_empty(made)
        raise


def private_folder(path: Path, *, narrow: bool = False) -> Path:
    """Make the folder ``path`` (and missing parents); the folder itself with mode 0700.

    Args:
        path: the folder.
        narrow: also narrow an existing folder of ours to 0700 (only for the kiosk's own
            folders: a folder a user named may be shared on purpose).

    Returns:
        ``path``.

    Raises:
        OSError: when it cannot be made, or exists and is not a folder (``ENOTDIR``).
    """
    make_folders(path.parent)
    try:
        path.mkdir(mode=FOLDER_MODE)
        os.chmod(path, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    except FileExistsError:
        refuse_link(path)
        info = os.lstat(path)
        if narrow and _ours_and_open_to_others(info):
            os.chmod(path, FOLDER_MODE)
        if not stat.S_ISDIR(info.st_mode):
            raise not_a_folder(path) from None
    return path


def folder_problem(path: Path, what: str, flag: str) -> str | None:
    """Why files cannot be written into the folder ``path``, or ``None`` when they can.

    The folder is made when missing, and a file is written, flushed to the disk and removed in it
    (:func:`_probe_folder`), so the answer is the operating system's (it holds for root, read-only
    mounts and full disks alike); the folders made to look are removed again
    (:func:`remove_empty`), so a command that stops after the look leaves nothing behind.

    Args:
        path: the folder.
        what: what goes there, for the message ("the frames").
        flag: the option that named it, for the message ("--frames").

    Returns:
        ``"cannot write the frames into frames/ (the kiosk's user may not write there) — give it
        write access, or choose a place it owns with --frames"`` (:func:`write_problem`), or ``None``.
    """
    made: list[Path] = []
    try:
        refuse_link(path)
        refuse_system(path, folder=True)
        made = make_missing(path)
        _probe_folder(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return link_problem(path, what, flag, "folder") or write_problem(error, f"{what} into {path}")
        return write_problem(error, f"{what} into {path}", flag)
    finally:
        remove_empty(made)  # a look leaves nothing behind: the folder is made again when written
    return None


def _probe_folder(folder: Path) -> None:
    """Write one byte into a new, unnamed file in ``folder``, flush it to the disk and remove it:
    proof that files can be written there, full disks included (making an empty file can succeed
    on a disk with no room left). Nothing is left behind.

    Raises:
        OSError: when the file cannot be made, written or flushed (``ENOSPC`` for a full disk).
    """
    with tempfile.TemporaryFile(dir=folder) as probe:
        _write_all(probe.fileno(), b"\n")


def _probe_open(fd: int, path: Path) -> None:
    """Ask the output ``fd`` (opened for appending at ``path``) to take a write, changing nothing.

    A write of no bytes reaches the device or ``/proc`` file itself, which answers as it would to
    the first record (Linux: ``ENOSPC`` from ``/dev/full``, ``EIO`` from a ``/proc`` file that
    takes no writes) and writes nothing, so a user's log, ``/dev/stdout`` or a pipe gets no stray
    byte. A plain file is not changed at all: a byte is written and flushed beside it instead
    (:func:`_probe_folder`), which says whether its disk is full; a folder the kiosk may not make
    files in (the file's own mode allowing the write) is not counted against it.

    Raises:
        TakesNoWrites: when the output refuses the write (``ENOSPC``, ``EIO``...).
        OSError: when the disk of a plain file is full or read-only.
    """
    regular = stat.S_ISREG(os.fstat(fd).st_mode)
    try:
        os.write(fd, b"")
    except OSError as error:
        raise TakesNoWrites(path, error, regular) from None
    if regular:
        try:  # beside the file itself (``/dev/stdout`` into a file: that file's folder, never /dev)
            _probe_folder(Path(os.path.realpath(path)).parent)
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise


def file_problem(path: Path, what: str, flag: str) -> str | None:
    """Why the file ``path`` cannot be written (created or appended to), or ``None`` when it can.

    Missing folders on the way are made to look and removed again; the file itself is not made (a
    probe file beside it is written and removed, :func:`_probe_folder`) unless its name exists
    already (a file, a device, a link), in which case it is opened for appending as the log will
    be (:func:`open_private`'s rules) and asked to take a write without being changed
    (:func:`_probe_open`): a device that refuses every write (``/dev/full``), a ``/proc`` file
    that takes none (``/proc/version``) or a full disk is said here, before anything starts.

    Returns:
        A sentence like :func:`folder_problem`'s, or ``None``.
    """
    made: list[Path] = []
    try:
        refuse_link(path)
        refuse_system(path)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if os.path.lexists(path):
            # O_CREAT: a link to a file yet to be made makes it, as the log would a moment later.
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _nofollow(path) | _CLOEXEC | _NONBLOCK
            fd = os.open(path, flags, FILE_MODE)
            try:
                _probe_open(fd, path)
            finally:
                os.close(fd)
        else:
            made = make_missing(path.parent)
            _probe_folder(path.parent)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return link_problem(path, what, flag, "file") or write_problem(error, f"{what} {path}")
        if error.errno == errno.ENXIO:
            meaning, fix = nobody_there(path)
            return f"{what} {path} {meaning.removeprefix('it ')} — {fix}"
        return write_problem(error, f"{what} {path}", flag)
    finally:
        remove_empty(made)  # a look leaves nothing behind: the folders are made again when written
    return None


def _umask() -> int:
    """The process's umask (read by setting it and setting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` and flush it to the disk (a device or pipe, which
    cannot be flushed, is not asked to).

    Raises:
        OSError: when a write or the flush fails (``ENOSPC`` for a full disk).
    """
    rest = memoryview(data)
    while rest:
        rest = rest[os.write(fd, rest):]
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EROFS, errno.ENOTSUP):
            raise  # a device or pipe cannot be flushed; a disk that could not take it can


def writes_through(path: Path | str) -> bool:
    """Whether an output named ``path`` is written into where it is, never replaced by a new file:
    one of the system's own names (:data:`SYSTEM_LINK_FOLDERS`: ``/dev/stdout``) or something
    there that is neither a plain file nor a symbolic link (a device such as ``/dev/null``, a
    named pipe, a socket). :func:`write_whole` and :func:`write_through` write those directly.
    Never raises."""
    if _system_name(path):
        return True
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return not stat.S_ISREG(info.st_mode) and not stat.S_ISLNK(info.st_mode) and not stat.S_ISDIR(info.st_mode)


def names_standard_output(path: Path | str | None) -> bool:
    """Whether ``path`` is where this process's standard output goes (``/dev/stdout``,
    ``/dev/fd/1``, or the very file or pipe that file descriptor 1 writes to), so a command that
    writes its file there must say everything else on standard error. Compared by device and
    inode (``os.stat`` of the name against ``os.fstat(1)``). ``None``, a name that does not exist
    and a closed standard output give False. Never raises."""
    if path is None:
        return False
    try:
        there, here = os.stat(path), os.fstat(1)
    except (OSError, ValueError):
        return False
    return (there.st_dev, there.st_ino) == (here.st_dev, here.st_ino)


def write_through(path: Path | str, source) -> None:
    """Copy the open binary file ``source`` (from its start) into ``path``, a name that
    :func:`writes_through`: opened for writing where it is (a device, a named pipe, ``/dev/stdout``),
    never renamed over nor unlinked.

    Raises:
        OSError: when it cannot be opened or written in full (``ENOSPC`` for ``/dev/full``,
            ``ENXIO`` for a named pipe nobody reads).
    """
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | _CLOEXEC | _NONBLOCK | _nofollow(path), 0o666)
    try:
        if _NONBLOCK:
            os.set_blocking(fd, True)
        source.seek(0)
        while chunk := source.read(1 << 20):
            _write_all(fd, chunk)
    finally:
        os.close(fd)


def write_whole(path: Path | str, data: bytes, *, mode: int | None = None, exclusive: bool = False) -> None:
    """Write ``data`` as the whole of the file ``path``, or leave it as it was: never a file cut
    short, never an empty one where nothing was made.

    A plain file (new, or one being replaced) is written to a temporary file beside it, flushed to
    the disk and only then renamed to ``path`` (a rename within a folder is atomic, POSIX
    ``rename(2)``); when anything fails (a full disk, a folder gone) the temporary file is removed
    and an older file there is left whole. A device or named pipe there (``/dev/stdout``,
    ``/dev/null``; a pipe nobody reads fails at once) is written directly, as is each of the
    system's own names (:data:`SYSTEM_LINK_FOLDERS`). Any other symbolic link is refused.
    Missing folders on the way are made, and removed again when the write fails (:func:`folders_for`).

    Args:
        path: the file to write.
        data: its whole content.
        mode: the new file's mode (default: the mode of the file replaced, else 0666 less the
            umask, as ``open`` makes files); :data:`FILE_MODE` for a secret.
        exclusive: never replace a file already there (raises ``FileExistsError``, nothing written).

    Raises:
        OSError: when it cannot be written in full (``ENOSPC`` for a full disk, ``ELOOP`` for a
            symbolic link, ``EEXIST`` with ``exclusive``).
    """
    path = Path(path)
    try:
        info = None if _system_name(path) else os.lstat(path)
    except FileNotFoundError:
        info = None
    if writes_through(path) or (info is not None and stat.S_ISDIR(info.st_mode)):  # a folder: its own error
        write_through(path, io.BytesIO(data))
        return
    refuse_link(path)
    if exclusive and info is not None:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    with folders_for(path.parent):
        _write_beside(path, data, info, mode, exclusive)


def _write_beside(path: Path, data: bytes, info: os.stat_result | None, mode: int | None, exclusive: bool) -> None:
    """:func:`write_whole` of a plain file: a temporary file beside ``path``, renamed over it."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=".part", dir=path.parent or ".")
    try:
        try:
            if mode is None:  # a file replaced keeps its mode; a new one gets the umask's
                mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            _write_all(fd, data)
        finally:
            os.close(fd)
        if exclusive:
            os.link(temporary, path)  # fails, changing nothing, when a file appeared there meanwhile
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_whole(path: Path | str, text: str, **options) -> None:
    """:func:`write_whole` of ``text`` as UTF-8 (same arguments and errors)."""
    write_whole(path, text.encode("utf-8"), **options)


def write_crash_report(text: str, folder: Path | None = None) -> Path:
    """Write ``text`` (a traceback) to a new, private crash report and return its path.

    Args:
        text: what to write.
        folder: where (default: :func:`kiosk.paths.crash_dir`, made with mode 0700).

    The name is unique (``crash-<date>-<time>-<pid>-<random>.txt``), made with
    ``O_CREAT|O_EXCL|O_NOFOLLOW`` and mode 0600 (:func:`tempfile.mkstemp`); nothing already
    there, link or file, is ever opened. Beyond :data:`CRASH_REPORTS_KEPT` reports the oldest
    are removed, so a kiosk that crashes at every start does not fill its disk.

    Raises:
        OSError: when the folder cannot be made or the file written.
    """
    from kiosk import paths

    folder = private_folder(folder or paths.crash_dir(), narrow=folder is None)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    fd, name = tempfile.mkstemp(prefix=f"{CRASH_PREFIX}{stamp}-{os.getpid()}-", suffix=".txt", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    _prune(folder, keep=Path(name))
    return Path(name)


def _prune(folder: Path, keep: Path) -> None:
    """Remove the oldest crash reports in ``folder`` beyond :data:`CRASH_REPORTS_KEPT`, never ``keep``."""
    def age(path: Path) -> tuple[int, str]:
        try:
            return os.lstat(path).st_mtime_ns, path.name
        except OSError:
            return 0, path.name

    others = sorted((p for p in folder.glob(f"{CRASH_PREFIX}*.txt") if p != keep), key=age)
    for old in others[:max(0, len(others) - (CRASH_REPORTS_KEPT - 1))]:
        try:
            old.unlink()
        except OSError:
            pass


def path_arg(text: str) -> Path:
    """A path given on the command line (the ``type`` of every path argument): an empty one, or one
    of spaces only, is refused (``Path("")`` would silently mean the current folder).

    Raises:
        argparse.ArgumentTypeError: for an empty or blank ``text``.
    """
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is empty; give a folder or file path")
    return Path(text)


#: Advice for a write that failed, by ``errno``: (what the reason means, how to fix it). The fix is
#: completed with where to choose another place (a setting or a flag).
_ADVICE = {
    errno.EACCES: ("the kiosk's user may not write there", "give it write access, or choose a place it owns"),
    errno.EPERM: ("the kiosk's user may not write there", "give it write access, or choose a place it owns"),
    errno.EROFS: ("that disk is read-only", "choose a place on a writable disk"),
    errno.ENOSPC: ("the disk is full", "free some disk space, or choose a place on another disk"),
    errno.EDQUOT: ("the user's disk quota is used up", "free some disk space, or choose a place on another disk"),
    errno.EFBIG: ("the file would be larger than that disk takes", "choose a place on another disk"),
    errno.ENOTDIR: ("a file is in the way where a folder should be", "choose a path whose folders are folders"),
    errno.ELOOP: ("it is a symbolic link, which the kiosk never writes through",
                  "give the real folder or file the link points to"),
    errno.EPIPE: ("the program reading it through a pipe stopped reading",
                  "keep the program that reads it running for as long as the kiosk plays, or give a file"),
    errno.EISDIR: ("it is a folder, not a file", "give the name of a file"),
    errno.EEXIST: ("something is already there by that name", "move it away, or give a new name"),
}


def advice(error: BaseException, where: str | None = None) -> tuple[str, str]:
    """What a failed write's ``error`` means and how to fix it, in plain words, by its ``errno``
    (:data:`_ADVICE`); a :class:`NotRegular`, :class:`NotAFolder`, :class:`TakesNoWrites` or
    :class:`SystemTarget` says what the path is. Other errors give their own reason and "choose a place the kiosk's user can write".

    Args:
        error: the error of the write (an ``OSError``).
        where: the option or setting that named the place, so the fix says where to choose
            another: a flag (``"--out"``: "… with --out") or a setting (``"log_folder in
            settings.toml"``: "… (log_folder in settings.toml)"); ``None`` for a place no option
            names.

    Returns:
        ``(reason, fix)``, e.g. ``("the disk is full", "free some disk space, or choose a place on
        another disk with --out")``.
    """
    if isinstance(error, (NotRegular, NotAFolder, TakesNoWrites, SystemTarget)):
        meaning, fix = error.strerror, error.fix
    else:
        code = getattr(error, "errno", None)
        if code == errno.ENXIO:  # nothing behind the name: what that means depends on what it names
            meaning, fix = nobody_there(getattr(error, "filename", None))
        elif code in _ADVICE:
            meaning, fix = _ADVICE[code]
        elif code == errno.ENOENT and getattr(error, "filename", None) \
                and os.path.isdir(os.path.dirname(error.filename)):
            meaning, fix = ("that folder does not take new files (a system folder such as /proc or /sys)",
                            "choose an ordinary folder")
        else:
            meaning, fix = reason(error), "choose a place the kiosk's user can write"
    return meaning, naming(fix, where)


def nobody_there(path: Path | str | None) -> tuple[str, str]:
    """What an open that failed with ``ENXIO`` ("no such device or address") means for ``path``, and
    how to fix it: the open found nothing on the other side of the name.

    Per open(2) and tty(4): a named pipe (FIFO) opened for writing without blocking has no reader;
    ``/dev/tty`` (or a link to it) is the process's controlling terminal, and the process has none
    (started by a service, cron, a CI job or ``ssh`` without ``-t``); another device file names a
    device that is not there (a serial port or a terminal of a window that has closed); a socket
    file cannot be opened as a file at all.

    Args:
        path: the name that was opened (``None`` when unknown: then a named pipe is assumed).

    Returns:
        ``(meaning, fix)``, e.g. ``("it names this process's terminal, and the process has none,
        as when started by a service, cron, a CI job or ssh without -t", "run the kiosk from a
        terminal, or give a file")``.
    """
    try:
        info = os.stat(path) if path is not None else None
    except (OSError, ValueError):
        info = None
    if info is not None and stat.S_ISCHR(info.st_mode):
        with contextlib.suppress(OSError):
            if os.path.samestat(info, os.stat("/dev/tty")):
                return ("it names this process's terminal, and the process has none, as when started by a service, "
                        "cron, a CI job or ssh without -t", "run the kiosk from a terminal, or give a file")
        return "it is a device with nothing behind it (no such device is connected now)", "give a file"
    if info is not None and stat.S_ISSOCK(info.st_mode):
        return "it is a socket, which cannot be opened as a file", "give a file"
    return "it is a named pipe that nothing is reading", "start the reader first, or give a file"


def naming(fix: str, where: str | None) -> str:
    """``fix`` completed with the option or setting ``where`` that names the place to change:
    ``"… with --out"`` for a flag, ``"… (log_folder in settings.toml)"`` for a setting, ``fix``
    itself for ``None``."""
    if not where:
        return fix
    return f"{fix} with {where}" if where.startswith("-") else f"{fix} ({where})"


class NotRegular(OSError):
    """The name of an output file is taken by something else (a named pipe, a device, a socket, a
    folder), which the kiosk never replaces nor writes into.

    Attributes:
        strerror: what it is ("it is a named pipe (FIFO), not a plain file").
        fix: how to fix it.
    """

    def __init__(self, path: Path | str, mode: int) -> None:
        from kiosk.userfile import stream_words

        super().__init__(errno.EEXIST, f"it is {kind_of(path, mode)}, not a plain file", str(path))
        self.fix = "give the name of a plain file (the kiosk keeps it in a file of its own, never in a stream)" \
            if stream_words(path) is not None else \
            "give the name of a plain file, or a new name (the kiosk never replaces a pipe, device, socket or folder)"


class NotAFolder(NotADirectoryError):
    """An output folder named as something that is neither a folder nor a plain file: one of the
    system's names of the kiosk's streams (``--frames /dev/stdout``), a pipe, socket or device
    (:func:`make_folders`).

    Attributes:
        strerror: what it is ("it is the kiosk's standard output (…), not a folder"); ``errno`` is ``ENOTDIR``.
        fix: how to fix it.
    """

    def __init__(self, path: Path | str, what: str) -> None:
        super().__init__(errno.ENOTDIR, f"it is {what}, not a folder", str(path))
        self.fix = "give a folder of your own, or the name of a new one"


class TakesNoWrites(OSError):
    """The output file opens but refuses every write: a device such as ``/dev/full``, or a system
    file such as ``/proc/version`` (:func:`_probe_open`).

    Attributes:
        strerror: what it is ("it is a device that takes no writes"); ``errno`` is the write's.
        fix: how to fix it.
    """

    def __init__(self, path: Path | str, error: OSError, regular: bool) -> None:
        what = "a system file" if regular else "a device"
        super().__init__(error.errno, f"it is {what} that takes no writes", str(path))
        self.fix = "give the name of a plain file"


#: Kernel file systems: a file there is the system's own (``/proc/sys/kernel/hostname`` sets the
#: machine's name when written), never a place for the kiosk's output.
SYSTEM_ROOTS = ("/proc", "/sys")

#: The character devices an output may be: ``/dev/null`` (major 1, minor 3), the terminals
#: (majors 4 and 5: ``/dev/tty*``, ``/dev/console``) and pseudo-terminals (majors 136 to 143:
#: ``/dev/pts/*``). Linux's device numbers (the kernel's ``Documentation/admin-guide/devices.txt``).
_NULL_DEVICE = (1, 3)
_TERMINAL_MAJORS = frozenset({4, 5, *range(136, 144)})


class SystemTarget(OSError):
    """An output named where the kiosk never writes: a kernel file (under :data:`SYSTEM_ROOTS`,
    other than this process's own open files such as ``/dev/stdout``), a disk or another device
    that is neither ``/dev/null`` nor a terminal (:func:`refuse_system`).

    Attributes:
        fix: how to fix it.
    """

    def __init__(self, path: Path | str, what: str, folder: bool = False) -> None:
        super().__init__(errno.EPERM, f"it is {what}, which the kiosk never writes", str(path))
        self.fix = "give a folder of your own, or the name of a new one" if folder \
            else "give the name of a plain file"


def replaced_input(output: Path | str, files=(), folders=(), own: tuple[str, ...] = ()) -> Path | None:
    """The input of a command that writing ``output`` would replace, or ``None``: the deck, the
    counts file or a picture a command reads is never overwritten by what it writes (``kiosk pack
    DECK --out DECK/deck.yaml``, ``kiosk stats --csv`` naming the counts file itself).

    ``output`` replaces an input when it is one of ``files`` by any path (links followed, hard
    links too: the same device and inode), or an existing file inside one of ``folders`` (links
    followed) whose name does not end with one of ``own`` (the files the command itself writes
    there, e.g. ``.zip`` bundles and ``.jsonl`` logs: :data:`kiosk.bundle.KIOSK_OUTPUTS`). An
    output not there yet replaces nothing. Never raises.

    Args:
        output: the file the command is to write.
        files: the files it reads (missing ones are skipped).
        folders: the folders whose files it reads (a deck folder).
        own: name endings (lower case) of files it may replace inside ``folders``.

    Returns:
        The input replaced (``output`` itself for a file inside a folder), or ``None``.
    """
    from kiosk.userfile import real_path

    try:
        info = os.stat(output)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    for file in files:
        try:
            other = os.stat(file)
        except (OSError, ValueError):
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return Path(file)
    target = real_path(output)
    for folder in folders:
        if target.is_relative_to(real_path(folder)) and not target.name.lower().endswith(own):
            return Path(output)
    return None


def refuse_system(path: Path | str, *, folder: bool = False) -> None:
    """Raise when ``path`` (links followed) is the system's rather than a file or folder of the
    user's: a kernel file (``/proc/sys/kernel/hostname``, ``/sys/...``; a write there changes the
    running system, and root may make it), a disk device (``/dev/sda``) or a character device
    other than ``/dev/null`` and a terminal (``/dev/mem``, ``/dev/kmsg``). This process's own
    streams (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``: links into ``/proc/self/fd``)
    are what they lead to: a terminal, a pipe or a file. A missing path passes. ``folder``: the
    output is a folder (the fix says to give one).

    Raises:
        SystemTarget: naming what it is.
    """
    real = os.path.realpath(path)
    own_stream = any(real.startswith(f"/proc/{who}/fd/") for who in ("self", str(os.getpid())))
    if not own_stream and any(real == root or real.startswith(root + "/") for root in SYSTEM_ROOTS):
        raise SystemTarget(path, "a folder of the system's own" if folder else "a system file", folder)
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISBLK(info.st_mode):
        raise SystemTarget(path, "a disk device", folder)
    if stat.S_ISCHR(info.st_mode):
        number = (os.major(info.st_rdev), os.minor(info.st_rdev))
        if number != _NULL_DEVICE and number[0] not in _TERMINAL_MAJORS:
            raise SystemTarget(path, "a device", folder)


def refuse_special(path: Path | str, *, link_replaced: bool = False) -> None:
    """Raise when ``path`` exists and is not a regular file (a pipe, device, socket or folder), or
    is a kernel file that looks like one (:func:`refuse_system`), so that writing it, or renaming
    a new file over it, never replaces or feeds a special file. A missing path and a regular file
    pass (a device, even /dev/null, does not).

    Args:
        link_replaced: a symbolic link passes too (the caller renames a new file over the link
            itself, never writing through it: the fleet's own files, :func:`kiosk.fleet.feed.write_atomic`).

    Raises:
        NotRegular: naming what is there; ``OSError`` ``ELOOP`` for a symbolic link (:func:`refuse_link`);
        SystemTarget: a kernel file.
    """
    if not link_replaced:
        refuse_link(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode) and not (link_replaced and stat.S_ISLNK(info.st_mode)):
        raise NotRegular(path, info.st_mode)
    if stat.S_ISREG(info.st_mode):  # a kernel file looks like a file: /proc/sys/kernel/hostname
        refuse_system(path)


def setting_problem(path: Path, folder: bool) -> tuple[str, str] | None:
    """Why the output a setting names (``log_folder``, ``stats_file``...) cannot be used, or ``None``.

    Looked at without changing anything but a probe file made and removed at once in the folder
    that would hold it (the first folder on the way that exists), so the answer holds for root,
    read-only disks, full disks and system folders alike; folders still missing are not made.

    Args:
        path: the absolute path (``~`` expanded).
        folder: True for a folder the kiosk writes files into, False for a file it writes.

    Returns:
        ``(what is wrong, how to fix it)``, e.g. ``("it is a symbolic link, which the kiosk never
        writes through", "give the real file or folder")``, or ``None``.
    """
    try:
        refuse_link(path)
        if folder:
            info = os.lstat(path) if os.path.lexists(path) else None
            if info is not None and not stat.S_ISDIR(info.st_mode):
                return (f"it is {kind_of(path, info.st_mode)}, not a folder",
                        "give a folder, or a new name (a missing folder is made)")
        else:
            refuse_special(path)
        probe = path if folder else path.parent
        while not os.path.lexists(probe) and probe.parent != probe:
            probe = probe.parent
        if not probe.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(probe))
        if not folder and os.path.lexists(path) and not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        fd, name = tempfile.mkstemp(prefix=".kiosk-probe-", dir=probe)
        os.close(fd)
        os.unlink(name)
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)
        return advice(error)
    return None


class StreamWriteError(OSError):
    """Writing to standard output or error failed for another reason than a reader gone (a full
    disk under ``> file``, ``> /dev/full``); ``str()`` is the one line the command prints.

    Attributes:
        stream: ``"standard output"`` or ``"standard error"``.
    """

    def __init__(self, error: OSError, stream: str) -> None:
        super().__init__(error.errno, error.strerror or str(error))
        self.stream = stream

    def __str__(self) -> str:
        meaning, fix = advice(self)
        return f"cannot write to {self.stream} ({meaning}) — {fix}"


def write_problem(error: OSError, what: Path | str | None = None, where: str | None = None) -> str:
    """The one line, for every command, saying why writing ``what`` failed and how to fix it,
    from :func:`advice`: ``"cannot write out.csv (the disk is full) — free some disk space, or
    choose a place on another disk with --csv"``.

    Args:
        error: the error of the write.
        what: what was written ("the poster poster.pdf", a path; default: the error's file name).
        where: the option or setting that named it (``"--csv"``), see :func:`advice`.
    """
    if isinstance(error, StreamWriteError):
        return str(error)
    meaning, fix = advice(error, where)
    target = what if what is not None else (getattr(error, "filename", None) or "a file")
    return f"cannot write {target} ({meaning}) — {fix}"


#: Errors that only a write gives (a full disk, a quota used up, a file too large): caught by the
#: ``kiosk`` command wherever they happen, and said in one line (:func:`write_problem`), exit 1.
WRITE_FAULTS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


#: Why a write to standard output or error fails when nobody reads it any more: the pipe's reader
#: has gone (``EPIPE``: ``kiosk run | head -1``) or the terminal has hung up (``EIO``: its window or
#: SSH session closed).
_NOBODY_READS = (errno.EPIPE, errno.EIO)


class _ClosedOutputSurvivor:
    """A text stream (``sys.stdout``, ``sys.stderr``) whose writes never fail because nobody reads.

    The first write or flush that fails so (:data:`_NOBODY_READS`) points the stream's file
    descriptor at the null device (the Python documentation's advice for ``SIGPIPE``): that text
    and everything after it is dropped, Qt's own messages on the same descriptor too, and the
    command goes on. Any other error (a full disk under ``> file``) also points it at the null
    device (so the interpreter's last flush cannot fail again), then raises
    :class:`StreamWriteError`, which the ``kiosk`` command says in one line, exiting 1.
    """

    def __init__(self, stream, name: str = "standard output") -> None:
        self._stream = stream
        self._stream_name = name

    def __getattr__(self, name: str):
        return getattr(self._stream, name)

    def _to_null(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)

    def _survive(self, operation, *args):
        try:
            return operation(*args)
        except OSError as error:
            failed = error
        self._to_null()
        with contextlib.suppress(OSError, ValueError):  # what is still buffered goes to the null device
            self._stream.flush()
        if failed.errno not in _NOBODY_READS and not _keep_playing:
            fault = StreamWriteError(failed, self._name())
            _stream_faults.append(fault)
            raise fault from None
        return None

    def _name(self) -> str:
        return self._stream_name

    def write(self, text: str) -> int:
        """Write ``text``; returns its length, also when it was dropped."""
        self._survive(self._stream.write, text)
        return len(text)

    def writelines(self, lines) -> None:
        """Write each of ``lines``."""
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Flush the stream."""
        self._survive(self._stream.flush)


#: Set by :func:`keep_playing_on_write_faults`: a running kiosk drops what it cannot write.
_keep_playing = False
#: Every :class:`StreamWriteError` raised, also those a caller swallowed (``argparse`` ignores an
#: ``OSError`` while it prints ``--help``): :func:`stream_fault` gives the first.
_stream_faults: list[StreamWriteError] = []


def stream_fault() -> StreamWriteError | None:
    """The first write to standard output or error that failed (other than for a reader gone),
    even when the code that wrote it ignored the error; ``None`` when none did."""
    return _stream_faults[0] if _stream_faults else None


def keep_playing_on_write_faults() -> None:
    """From now on, standard output or error that cannot be written for any reason (a full disk
    under ``2> file`` too) is dropped like one nobody reads, never raised: for ``kiosk run``, which
    keeps playing whatever happens to its terminal or log redirection (its own log files say
    their faults on the staff status page)."""
    global _keep_playing
    _keep_playing = True


def survive_closed_output() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` survive a reader that has gone (:class:`_ClosedOutputSurvivor`).

    Python ignores ``SIGPIPE``, so such a write raises ``BrokenPipeError`` (or ``OSError`` EIO on a
    hung-up terminal) wherever it happens: in a running kiosk, that would stop it or lose the
    message that follows. Called once as the ``kiosk`` command starts; calling it again changes
    nothing but forgetting the faults :func:`stream_fault` gives and
    :func:`keep_playing_on_write_faults` (a new command starts afresh).
    """
    import sys

    global _keep_playing
    _keep_playing = False  # kiosk run sets it again (keep_playing_on_write_faults)
    _stream_faults.clear()

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, _ClosedOutputSurvivor):
            setattr(sys, name, _ClosedOutputSurvivor(stream, "standard output" if name == "stdout" else "standard error"))
