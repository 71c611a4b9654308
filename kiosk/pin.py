"""The staff PIN: checking its shape, storing only a salted slow hash, and the wait after wrong tries.

Plain Python (no Qt), used by ``kiosk set-pin`` and by the staff layer of the player.

The PIN file holds one line, ``scrypt$n=32768,r=8,p=1$<salt>$<hash>`` (salt and hash in
base64), never the PIN. The hash is scrypt (RFC 7914) through :func:`hashlib.scrypt` with
N=2**15, r=8, p=1 and a random 16-byte salt: 32 MiB of memory (128·N·r bytes, RFC 7914 §2)
and about 0.1 s per try on a desktop, a few tenths of a second on a Raspberry Pi 4, so
trying all 10,000 four-digit PINs from a stolen file costs hours, not seconds. Percival's
scrypt paper (2009, §7) suggests N=2**14 for interactive logins; N is doubled here because
a PIN has far fewer possibilities than a password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Callable

import platformdirs

from kiosk.userfile import UserFileError, read_bounded

#: scrypt cost parameters (RFC 7914): CPU/memory cost N, block size r, parallelisation p.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
#: Bytes of random salt and of derived key.
SALT_BYTES, KEY_BYTES = 16, 32
#: Shortest and longest PIN, in digits.
MIN_DIGITS, MAX_DIGITS = 4, 12
#: Largest N accepted from a PIN file (a damaged or hostile file must not exhaust memory).
_MAX_N = 2**20
#: Largest PIN file read, in bytes (a record is about 120); only a regular file is read.
MAX_PIN_FILE_BYTES = 4096
#: Environment variable naming the folder for the PIN file (tests, unusual installs).
CONFIG_ENV = "KIOSK_CONFIG_DIR"


class PinFileError(Exception):
    """The PIN file exists but cannot be read or is not in the expected format."""


def config_dir() -> Path:
    """The kiosk's configuration folder: ``$KIOSK_CONFIG_DIR`` if set, else the platform's
    user configuration folder (``~/.config/kiosk`` on Linux, via :mod:`platformdirs`)."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else platformdirs.user_config_path("kiosk")


def pin_file() -> Path:
    """Where the staff PIN's hash is kept: ``config_dir() / "pin"``."""
    return config_dir() / "pin"


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be used as a staff PIN, or ``None`` when it can.

    A PIN is 4 to 12 digits (0-9 only).
    """
    if not pin:
        return "the PIN is empty"
    if not (pin.isascii() and pin.isdigit()):
        return "a PIN may contain only the digits 0 to 9"
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        return f"a PIN has {MIN_DIGITS} to {MAX_DIGITS} digits (this one has {len(pin)})"
    return None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=256 * n * r + 1024 * 1024)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The one-line record stored for ``pin``: parameters, salt and scrypt hash.

    Args:
        pin: a PIN that :func:`pin_problem` accepts.
        salt: 16 random bytes (a new one from :mod:`secrets` when ``None``).

    Raises:
        ValueError: when the PIN is not 4 to 12 digits.
    """
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"scrypt$n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}${b64(salt)}${b64(digest)}"


def _parse(record: str) -> tuple[int, int, int, bytes, bytes]:
    try:
        scheme, params, salt, digest = record.strip().split("$")
        values = dict(item.split("=") for item in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt_raw, digest_raw = base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except (ValueError, KeyError) as error:
        raise PinFileError(f"not a kiosk PIN record ({error.__class__.__name__})") from None
    if scheme != "scrypt" or not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise PinFileError("unsupported hash parameters")
    return n, r, p, salt_raw, digest_raw


def verify_pin(pin: str, record: str) -> bool:
    """True when ``pin`` matches the stored ``record`` (compared in constant time,
    :func:`hmac.compare_digest`).

    Raises:
        PinFileError: when ``record`` is not a PIN record this module wrote.
    """
    n, r, p, salt, digest = _parse(record)
    if pin_problem(pin):
        return False
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p), digest)


def save_pin(pin: str, path: Path | None = None) -> Path:
    """Hash ``pin`` and write the record to ``path`` (default :func:`pin_file`), readable by the
    owner only (mode 0600). The file is replaced atomically; the folder is made if needed.

    Returns:
        The file written.

    Raises:
        ValueError: when the PIN is not 4 to 12 digits.
        OSError: when the file cannot be written.
    """
    path = path or pin_file()
    record = hash_pin(pin)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(record + "\n")
    os.replace(temp, path)
    return path


def load_record(path: Path | None = None) -> str | None:
    """The stored PIN record, or ``None`` when no PIN has been set.

    Raises:
        PinFileError: when the file exists but cannot be read or is damaged.
    """
    path = path or pin_file()
    try:
        record = read_bounded(path, MAX_PIN_FILE_BYTES).decode("ascii").strip()
    except UserFileError as error:
        if error.missing:
            return None
        raise PinFileError(f"cannot read {path}: {error.reason}") from None
    except UnicodeDecodeError as error:
        raise PinFileError(f"cannot read {path}: {error.__class__.__name__}") from None
    _parse(record)
    return record


class Lockout:
    """The growing wait after wrong PINs: 1, 2, 4, 8 … seconds, at most 5 minutes.

    Args:
        clock: monotonic seconds (injected so tests can move time).
        first: seconds to wait after the first wrong PIN.
        longest: the longest wait, in seconds.

    The count of failures is kept until a right PIN is entered (it is not written to disk,
    so restarting the kiosk resets it).
    """

    def __init__(self, clock: Callable[[], float], first: float = 1.0, longest: float = 300.0) -> None:
        self._clock = clock
        self.first = first
        self.longest = longest
        self.failures = 0
        self._until = 0.0

    def remaining(self) -> float:
        """Seconds left before another PIN may be tried (0 when one may)."""
        return max(0.0, self._until - self._clock())

    def failed(self) -> float:
        """Count one wrong PIN; returns the seconds to wait now (doubling each time)."""
        self.failures += 1
        wait = min(self.longest, self.first * 2 ** (self.failures - 1))
        self._until = self._clock() + wait
        return wait

    def succeeded(self) -> None:
        """A right PIN: forget the failures."""
        self.failures = 0
        self._until = 0.0
