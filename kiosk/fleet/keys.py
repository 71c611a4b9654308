"""Signing keys and signatures in minisign's format (https://jedisct1.github.io/minisign/).

The coordinator's key pair is made once (:func:`new_key_pair`): ``publisher.key``, the secret key
(minisign's secret key file, not protected by a password, mode 0600) and ``publisher.pub``, the
public key (two lines; the second, ``RW…``, is what goes into a kiosk's ``trusted_keys``). Each
bundle's signature is a ``.minisig`` file, so anyone can check a bundle by hand with the
``minisign`` tool: ``minisign -Vm deck-3.zip -P RW…``.

The signature's *trusted comment* (which the signature covers) names the deck id and the
version: ``deck:<id> version:<n> file:<name>``. A kiosk takes the version from there, never from
the unsigned feed, so an old bundle served as new is recognised as old.

All the cryptography is done by ``py-minisign`` (Ed25519 from ``cryptography``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import minisign

from kiosk.outputs import FILE_MODE, folders_for, write_whole

#: File names written by :func:`new_key_pair`.
SECRET_FILE, PUBLIC_FILE = "publisher.key", "publisher.pub"


class SignatureError(Exception):
    """A key or signature that cannot be read or does not check out; ``str()`` says why."""


def new_key_pair(folder: Path) -> tuple[Path, Path]:
    """Make a new signing key pair in ``folder`` (created if needed).

    Returns:
        ``(secret key file, public key file)``; the secret one has mode 0600 whatever the umask.

    Raises:
        SignatureError: when ``folder`` already holds a key (it is never overwritten).
        OSError: when the folder or the files cannot be written (then neither file is left, nor a
            folder made for them).
    """
    secret, public = folder / SECRET_FILE, folder / PUBLIC_FILE
    for path in (secret, public):
        if os.path.lexists(path):
            raise SignatureError(f"{path} already exists; a key is never overwritten (move it away first, or "
                            "choose another folder with --out)")
    pair = minisign.KeyPair.generate()
    # Each file whole or not at all (a full disk leaves nothing a retry would refuse to replace), and
    # no empty folder made for them.
    with folders_for(folder):
        write_whole(secret, bytes(pair.secret_key) + b"\n", mode=FILE_MODE, exclusive=True)
        try:
            write_whole(public, bytes(pair.public_key) + b"\n", exclusive=True)
        except BaseException:
            secret.unlink(missing_ok=True)  # a secret key without its public half is no use
            raise
    return secret, public


def load_secret(path: Path) -> minisign.SecretKey:
    """The secret key in ``path`` (a minisign secret key file without a password).

    Raises:
        SignatureError: the file cannot be read, is not a minisign secret key, or has a password.
    """
    from kiosk.userfile import wrong_kind

    if (wrong := wrong_kind(path, "file")) is not None:  # missing, a folder, a device...
        raise SignatureError(f"no such key file: {path} (make one with kiosk key new --out DIR)"
                             if wrong.startswith("no such") else f"the key {wrong}")
    try:
        key = minisign.SecretKey.from_file(path)
    except OSError as exc:
        raise SignatureError(f"cannot read the key {path} ({exc.strerror or exc})") from None
    except (minisign.Error, ValueError, IndexError) as exc:
        raise SignatureError(f"{path} is not a minisign secret key ({exc}); make one with kiosk key new --out DIR") from None
    if key.is_encrypted():
        raise SignatureError(f"{path} is protected by a password, which kiosk publish cannot ask for; make a key "
                        "with kiosk key new, or remove the password with minisign -C")
    return key


def public_line(text: str) -> str:
    """The key line (``RW…``) of a public key given as its file's text or as the line alone."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    lines = [line for line in lines if not line.lower().startswith("untrusted comment:")]
    return lines[-1] if lines else ""


def parse_public(text: str) -> minisign.PublicKey:
    """A public key from ``text`` (the ``RW…`` line, or the whole ``publisher.pub``).

    Raises:
        ValueError: when it is not a minisign public key (the message says how it should look).
    """
    line = public_line(text)
    try:
        return minisign.PublicKey.from_base64(line)
    except (minisign.Error, ValueError) as exc:
        raise ValueError(f"'{line[:20]}…' is not a minisign public key ({exc}); give the second line of "
                         "publisher.pub, which starts with RW") from None


def key_id(key: minisign.PublicKey | minisign.SecretKey) -> str:
    """The key's id as minisign prints it (16 hex digits, upper case)."""
    public = key.get_public_key() if isinstance(key, minisign.SecretKey) else key
    return public._keynum_pk.key_id.hex().upper()


@dataclass(frozen=True)
class Signed:
    """What a good signature vouches for (read from its trusted comment).

    Attributes:
        deck: the deck id.
        version: the version number (1, 2, …).
        key: the id of the key that signed it.
    """

    deck: str
    version: int
    key: str


def trusted_comment(deck: str, version: int, file: str) -> str:
    """The trusted comment signed with a bundle: ``deck:<id> version:<n> file:<name>``."""
    return f"deck:{deck} version:{version} file:{file}"


def sign(key: minisign.SecretKey, data: bytes, deck: str, version: int, file: str) -> str:
    """A ``.minisig`` text for ``data`` (prehashed Ed25519, minisign's default), naming deck and version."""
    signature = key.sign(data, prehash=True, untrusted_comment=f"signature from kiosk publish, key "
                         f"{key_id(key)}", trusted_comment=trusted_comment(deck, version, file))
    return bytes(signature).decode() + "\n"


def verify(path: Path, signature_text: str, trusted: list[str]) -> Signed:
    """Check the file at ``path`` against ``signature_text`` with any of the ``trusted`` public keys.

    Args:
        path: the downloaded bundle.
        signature_text: its ``.minisig`` text.
        trusted: public keys (as :func:`parse_public` reads them); ones that cannot be read are skipped.

    Returns:
        The deck id and version the signature vouches for.

    Raises:
        SignatureError: no signature, one that cannot be read, made by a key not in ``trusted``, not
            matching the file, or with a trusted comment that names no deck and version.
    """
    if not signature_text.strip():
        raise SignatureError("the bundle is not signed")
    try:
        signature = minisign.Signature.from_bytes(signature_text.strip().encode())
    except (minisign.Error, ValueError, IndexError, UnicodeError) as exc:
        raise SignatureError(f"its signature cannot be read ({exc})") from None
    keys = []
    for text in trusted:
        try:
            keys.append(parse_public(text))
        except ValueError:
            continue
    if not keys:
        raise SignatureError("no trusted_keys are set, so no bundle can be trusted; add the publisher's public key "
                        "to trusted_keys in settings.toml")
    by_id = {key._keynum_pk.key_id: key for key in keys}
    key = by_id.get(signature._key_id)
    if key is None:
        raise SignatureError(f"it is signed by key {signature._key_id.hex().upper()}, which is not in trusted_keys")
    try:
        key.verify_file(path, signature)
    except minisign.VerifyError:
        raise SignatureError("its signature does not match the file (it was changed after signing)") from None
    found = re.fullmatch(r"deck:(\S+) version:(\d+) file:\S*", signature.trusted_comment)
    if not found:
        raise SignatureError(f"its signature names no deck and version ({signature.trusted_comment!r}); "
                        "publish it with kiosk publish")
    return Signed(found[1], int(found[2]), key_id(key))
