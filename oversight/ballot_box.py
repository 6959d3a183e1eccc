"""The sealed ballot box of a voting round (docs/voting.md "Threat model").

Each round gets a Curve25519 key pair when it opens. The public key sits on the round in the
database; a ballot is sealed to it (libsodium's sealed box, PyNaCl) and only the holder of the
private key can open it. The private key is never written to the database: it lives in one file
per round under ``settings.BALLOT_KEY_DIR``, itself encrypted with a key derived from
``settings.BALLOT_KEY`` (by default from ``SECRET_KEY``). So the database, its write-ahead log, a
replica or a backup hold ciphertext only; and once the count has run and the key file is
destroyed, nobody — whatever they kept — can open a ballot again.

A sealed ballot's plaintext has one fixed length for every choice, so the size of the ciphertext
says nothing either.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from nacl import exceptions as nacl_errors
from nacl.bindings import crypto_box_SEALBYTES
from nacl.encoding import RawEncoder
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random as random_bytes

# Plaintext: magic, item id, choice code — 13 bytes whatever the choice (length must not leak it).
_MAGIC = b"OVB1"
_LAYOUT = ">4sQB"
_CHOICES = ("satisfied", "basic", "unsatisfied")
# Every sealed ballot is this long: the plaintext plus an ephemeral public key and a MAC.
SEALED_LENGTH = struct.calcsize(_LAYOUT) + crypto_box_SEALBYTES


class BallotKeyError(Exception):
    """The round's private key cannot be used: missing (already counted), or not ours."""


def _secret() -> bytes:
    return (settings.BALLOT_KEY or f"ballot-key-from-secret:{settings.SECRET_KEY}").encode()


def _derived(purpose: bytes) -> bytes:
    """A 32-byte key for ``purpose`` (≤16 bytes) from the installation's ballot secret."""
    return blake2b(_secret(), digest_size=32, person=purpose, encoder=RawEncoder)


def key_path(round_id: int) -> Path:
    return Path(settings.BALLOT_KEY_DIR) / f"round-{round_id}.key"


def public_key_mac(round_id: int, public_key: bytes) -> str:
    """Binds the public key to the round with the ballot secret, so that someone who can write
    to the database cannot swap in a key of their own and read the ballots cast after that."""
    data = round_id.to_bytes(8, "big") + public_key
    return blake2b(data, digest_size=32, key=_derived(b"ovt-ballot-mac"), encoder=RawEncoder).hex()


def create_key(round_id: int) -> tuple[str, str]:
    """Make the round's key pair, store the private half (encrypted) in its file, return the
    public key and its MAC (hex) for the round row. An earlier file for the round is replaced."""
    private = PrivateKey.generate()
    public = bytes(private.public_key)
    directory = Path(settings.BALLOT_KEY_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    sealed = SecretBox(_derived(b"ovt-ballot-wrap")).encrypt(round_id.to_bytes(8, "big") + bytes(private))
    temporary = directory / f".round-{round_id}.{random_bytes(8).hex()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, bytes(sealed))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, key_path(round_id))
    return public.hex(), public_key_mac(round_id, public)


def _private_key(round_id: int) -> PrivateKey:
    try:
        wrapped = key_path(round_id).read_bytes()
    except FileNotFoundError:
        raise BallotKeyError("no key for this round (counted already, or never opened)") from None
    try:
        plain = SecretBox(_derived(b"ovt-ballot-wrap")).decrypt(wrapped)
    except nacl_errors.CryptoError:
        raise BallotKeyError("the key file does not open with this installation's BALLOT_KEY") from None
    if int.from_bytes(plain[:8], "big") != round_id:
        raise BallotKeyError("the key file belongs to another round")
    return PrivateKey(plain[8:])


def seal(*, round_id: int, public_key_hex: str, mac: str, item_id: int, choice: str) -> bytes:
    """The sealed ballot for one item. Refuses a public key that does not carry our MAC."""
    public = bytes.fromhex(public_key_hex)
    if not mac or public_key_mac(round_id, public) != mac:
        raise BallotKeyError("the round's public key was not made by this installation")
    plain = struct.pack(_LAYOUT, _MAGIC, item_id, _CHOICES.index(choice))
    return bytes(SealedBox(PublicKey(public)).encrypt(plain))


def open_all(*, round_id: int, boxes: Iterable[tuple[int, bytes | memoryview]]) -> list[tuple[int, str]]:
    """Open every ``(item_id, box)`` of the round: ``[(item_id, choice), …]`` in the given order.

    A box that does not open, or whose sealed item is not the row's item (a ballot moved between
    items in the database), raises ``BallotKeyError`` — the count must not go on with it.
    """
    opener = SealedBox(_private_key(round_id))
    opened: list[tuple[int, str]] = []
    for item_id, box in boxes:
        try:
            magic, sealed_item, code = struct.unpack(_LAYOUT, opener.decrypt(bytes(box)))
        except (nacl_errors.CryptoError, struct.error):
            raise BallotKeyError("a sealed ballot does not open with the round's key") from None
        if magic != _MAGIC or sealed_item != item_id or not 0 <= code < len(_CHOICES):
            raise BallotKeyError("a sealed ballot does not belong to its item")
        opened.append((item_id, _CHOICES[code]))
    return opened


def destroy_key(round_id: int) -> bool:
    """Overwrite and remove the round's key file; whether there was one. Overwriting is best
    effort (copy-on-write file systems and SSDs may keep old blocks): the key file directory is
    kept out of backups for that reason (docs/voting.md)."""
    path = key_path(round_id)
    try:
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            handle.write(random_bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def key_exists(round_id: int) -> bool:
    return key_path(round_id).exists()


def stored_round_ids() -> list[int]:
    """Rounds that still have a key file (the sweep destroys those of rounds no longer open)."""
    directory = Path(settings.BALLOT_KEY_DIR)
    if not directory.is_dir():
        return []
    ids: list[int] = []
    for path in directory.glob("round-*.key"):
        number = path.stem.removeprefix("round-")
        if number.isdigit():
            ids.append(int(number))
    return sorted(ids)
