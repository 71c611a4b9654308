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
import datetime
import itertools
import os
from collections.abc import Callable
from pathlib import Path

from kiosk.paths import CONFIG_ENV, pin_file  # noqa: F401 - CONFIG_ENV named here too; folders: kiosk.paths
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


class PinFileError(Exception):
    """The PIN file exists but cannot be read or is not in the expected format."""


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


#: The PINs people choose most often, refused even where no rule of :func:`weak_pin_reason`
#: catches them: the 20 most common four-digit PINs in DataGenetics' analysis of 3.4 million
#: leaked numeric passwords (Nick Berry, "PIN number analysis", 2012,
#: https://www.datagenetics.com/blog/september32012/: 1234, 1111, 0000, 1212, 7777, 1004, 2000,
#: 4444, 2222, 6969, 9999, 3333, 5555, 6666, 1122, 1313, 8888, 4321, 2001, 1010, together 26.8 %
#: of all four-digit PINs), with 0007 and 0070 (#23 and just after), the keypad's middle column
#: (2580, 0852), and the longer favourites the same analysis names (159753, the keypad's "X";
#: 8675309; 789456123 and 147258369, the keypad's rows and columns).
COMMON_PINS = frozenset({
    "1234", "1111", "0000", "1212", "7777", "1004", "2000", "4444", "2222", "6969", "9999", "3333",
    "5555", "6666", "1122", "1313", "8888", "4321", "2001", "1010",
    "2580", "0852", "5683", "0007", "1230", "2468", "1357", "13579", "02468", "8520",
    "123456", "654321", "111111", "000000", "121212", "123123", "112233", "159753", "696969",
    "147258", "258369", "147852", "123321", "159357", "789456", "456789", "102030",
    "0070", "007007", "8675309", "789456123", "147258369",
})
def _steps(digits: str) -> set[int]:
    """The differences between neighbouring digits, modulo 10 (so 9 then 0 is a step of 1)."""
    return {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}


#: The first digits of numbers people know by heart (π, e, √2, the golden ratio φ); a PIN of
#: :data:`MIN_CONSTANT_DIGITS` or more that begins one of them is refused (314159, 271828).
WELL_KNOWN_NUMBERS = {"π": "314159265358", "e": "271828182845", "√2": "141421356237", "φ": "161803398874"}
#: Shortest PIN checked against :data:`WELL_KNOWN_NUMBERS` (3141 alone is left free: too many
#: four-digit PINs would be taken away for too little).
MIN_CONSTANT_DIGITS = 6
#: Years a date in a PIN may have (birthdays, anniversaries and the current year).
DATE_YEARS = range(1900, 2100)
#: How dates are written as digits, as (layout, number of digits): day D, month M, year Y.
DATE_LAYOUTS = (("DDMMYYYY", 8), ("MMDDYYYY", 8), ("YYYYMMDD", 8), ("DDMMYY", 6), ("MMDDYY", 6), ("YYMMDD", 6))


def _is_date(pin: str) -> str | None:
    """The layout (``"DDMMYYYY"``…) in which ``pin`` is a real date of :data:`DATE_YEARS`, or ``None``.

    A two-digit year stands for 19YY or 20YY (a 29 February counts when either is a leap year).
    """
    for layout, length in DATE_LAYOUTS:
        if len(pin) != length:
            continue
        day = int(pin[layout.index("D"):layout.index("D") + 2])
        month = int(pin[layout.index("M"):layout.index("M") + 2])
        year_digits = pin[layout.index("Y"):layout.rindex("Y") + 1]
        years = [int(year_digits)] if len(year_digits) == 4 else [1900 + int(year_digits), 2000 + int(year_digits)]
        for year in years:
            if year not in DATE_YEARS:
                continue
            try:
                datetime.date(year, month, day)
            except ValueError:
                continue
            return layout
    return None


def weak_pin_reason(pin: str) -> str | None:
    """Why ``pin`` is one of the first PINs anyone would try, or ``None`` when it is not.

    A blocklist of the most popular choices, as Bonneau, Preibusch and Anderson propose ("A
    birthday present every eleven wallets? The security of customer-chosen banking PINs",
    Financial Cryptography 2012): it takes away most of a guesser's head start while leaving
    almost every PIN free to choose (about 5 % of the 10,000 four-digit PINs are refused). Refused,
    after the DataGenetics counts in :data:`COMMON_PINS`:

    - one digit repeated (``1111``, ``000000``);
    - a run up or down, 0 following 9 as on a keyboard's top row (``1234``, ``4321``, ``0123``,
      ``7890``, ``9876``, ``123456789012``), or a run in steps of two (``2468``, ``1357``);
    - a short block repeated (``1212``, ``6969``, ``123123``), or pairs in a run (``1122``, ``112233``);
    - digits doubled in even blocks (``1100``, ``111222``, ``11112222``);
    - a mirror image (``1221``, ``12344321``, ``12321``);
    - a four-digit year from 1900 to 2099 (``1984``, ``2024``: PINs starting 19 are a fifth of
      the DataGenetics set, and both studies find years the most common choice after patterns);
    - a date of those years as 6 or 8 digits, in any usual order (:data:`DATE_LAYOUTS`:
      ``06122026``, ``20261206``, ``120626``): Bonneau et al. find birth dates the commonest
      choice of all in the wild, and DataGenetics finds dates and years throughout its top lists;
    - the start of π, e, √2 or φ, six digits or more (:data:`WELL_KNOWN_NUMBERS`: ``314159``);
    - one of :data:`COMMON_PINS`.

    Four-digit dates (``2512``, ``0107``) are not refused: they are about 7 % of all four-digit
    PINs, and a thief at a kiosk has no wallet with the staff's birthdays in it.

    Args:
        pin: a PIN of the right shape (:func:`pin_problem` returns ``None``).

    Returns:
        The reason, as a phrase ("a run of digits"), or ``None``.
    """
    steps = _steps(pin)
    if steps == {0}:
        return "one digit repeated"
    if steps in ({1}, {9}):
        return "a run of digits"
    if steps in ({2}, {8}):
        return "a run of digits in steps of two"
    for block in range(2, len(pin) // 2 + 1):
        if len(pin) % block == 0 and pin == pin[:block] * (len(pin) // block):
            return "a short block of digits repeated"
    if len(pin) % 2 == 0 and pin[1::2] == pin[::2] and _steps(pin[::2]) in ({1}, {9}):
        return "pairs of digits in a run"
    runs = [len(list(group)) for _digit, group in itertools.groupby(pin)]
    if len(runs) > 1 and runs[0] > 1 and len(set(runs)) == 1:
        return "digits doubled in blocks"
    if pin == pin[::-1]:
        return "a mirror image"
    if len(pin) == 4 and pin[:2] in ("19", "20"):
        return "a year"
    if _is_date(pin):
        return f"a date ({_is_date(pin)})"
    known = next((name for name, digits in WELL_KNOWN_NUMBERS.items() if digits.startswith(pin)), None)
    if known and len(pin) >= MIN_CONSTANT_DIGITS:
        return f"the start of a well-known number ({known})"
    if pin in COMMON_PINS:
        return "one of the most common PINs"
    return None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib  # OpenSSL, loaded only when a PIN is checked or set

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
    import secrets

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
    except (ValueError, KeyError):
        raise PinFileError("it is not a PIN record as kiosk set-pin writes one (damaged, cut short or "
                           "edited)") from None
    if scheme != "scrypt" or not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise PinFileError("its hash settings are not ones kiosk set-pin writes (damaged or edited)")
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
    import hmac

    return hmac.compare_digest(_scrypt(pin, salt, n, r, p), digest)


def new_pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be chosen as a new staff PIN, or ``None`` when it can: the wrong shape
    (:func:`pin_problem`), or one anyone would guess first (:func:`weak_pin_reason`).

    Returns:
        A sentence for the person choosing, e.g. "1234 is a run of digits, among the first PINs
        anyone would try; choose 4 to 12 digits with no pattern (not a run, a repeat or a year)".
    """
    problem = pin_problem(pin)
    if problem:
        return problem
    weak = weak_pin_reason(pin)
    if weak:
        return (f"that PIN is {weak}, among the first PINs anyone would try; choose {MIN_DIGITS} to "
                f"{MAX_DIGITS} digits with no pattern (not a run, a repeat, a mirror image, a date or a common PIN)")
    return None


def save_pin(pin: str, path: Path | None = None) -> Path:
    """Hash ``pin`` and write the record to ``path`` (default :func:`pin_file`), readable by the
    owner only (mode 0600). The file is replaced atomically through a new temporary file with a
    unique name in the same folder (:func:`tempfile.mkstemp`: never a fixed name, never through
    a symbolic link); the folder is made (mode 0700) if needed.

    Returns:
        The file written.

    Raises:
        ValueError: when the PIN is not 4 to 12 digits, or is one anyone would guess first
            (:func:`new_pin_problem`).
        OSError: when the file cannot be written.
    """
    import tempfile

    from kiosk import outputs

    problem = new_pin_problem(pin)
    if problem:
        raise ValueError(problem)
    path = path or pin_file()
    record = hash_pin(pin)
    outputs.private_folder(path.parent)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(record + "\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def load_record(path: Path | None = None) -> str | None:
    """The stored PIN record, or ``None`` when no PIN has been set.

    Nothing at all at ``path`` is "no PIN"; anything else that is not a whole record is damage: a
    symbolic link to nothing, or no file but the temporary file of a save that never finished
    (:func:`save_pin` writes ``.pin-….tmp`` and renames it).

    Raises:
        PinFileError: when the file exists but cannot be read or is damaged.
    """
    path = path or pin_file()
    try:
        record = read_bounded(path, MAX_PIN_FILE_BYTES).decode("ascii").strip()
    except UserFileError as error:
        if error.missing and os.path.lexists(path):
            raise PinFileError(f"{path} is a symbolic link to a file that is not there") from None
        if error.missing and any(path.parent.glob(f".{path.name}-*.tmp")):
            raise PinFileError(f"{path} is missing: saving the PIN was cut short (its temporary file is "
                               "still there)") from None
        if error.missing:
            return None
        raise PinFileError(f"cannot read {path}: {error.reason}") from None
    except UnicodeDecodeError:
        raise PinFileError(f"{path} is not a PIN record as kiosk set-pin writes one (it holds other "
                           "characters than letters and digits)") from None
    try:
        _parse(record)
    except PinFileError as error:
        raise PinFileError(f"{path}: {error}") from None
    return record


def pin_state(path: Path | None = None) -> tuple[str, str | None]:
    """The staff PIN as ``kiosk config`` shows it: ``("set", None)``, ``("not set", None)`` or
    ``("damaged", why)`` (:func:`load_record`). Never raises."""
    try:
        return ("set", None) if load_record(path) is not None else ("not set", None)
    except PinFileError as error:
        return "damaged", str(error)


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
