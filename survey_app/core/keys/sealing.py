"""Answers sealed to the lead's public key, and the lead's private key kept under their
passphrase. Standard constructions only, from `cryptography`:

- sealing is HPKE (RFC 9180) in base mode: X25519, HKDF-SHA256, AES-256-GCM. Each seal
  makes a fresh ephemeral key, so equal answers never look equal. A response's records
  are sealed under a key of the response's own, which its first record brings sealed
  with HPKE (`seal_record`, below). The inspection, the questionnaire's hash, the
  response id and the record's place are bound into every sealed record (HPKE's `info`,
  AES-GCM's associated data): a record moved to another response, another inspection or
  another place does not open.
- the private key is encrypted with AES-256-GCM under a key derived from the lead's
  passphrase by Argon2id (memory-hard: 64 MiB and three passes by default, about 0.15 s
  here), the parameters written beside it so that they can be raised later.

A collecting device holds only the public key: it can seal, never open.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
SEAL_CONTEXT = b"survey-app sealed record v1"
KEY_CONTEXT = b"survey-app lead private key v1"


class SealError(ValueError):
    """A sealed record that does not open: the wrong key, another response's or another
    inspection's record, or changed bytes."""


class WrongPassphrase(ValueError):
    """The passphrase does not unlock the lead's private key."""


def binding(inspection: str, questionnaire_hash: str, response_id: str, seq: int = 0) -> bytes:
    """What a sealed record belongs to, bound into it: the inspection, the questionnaire,
    the response and the record's place in that response's history. Each part is
    length-prefixed, so that no two different sets of parts give the same bytes."""
    fields = (inspection, questionnaire_hash, response_id, str(seq))
    parts = [SEAL_CONTEXT, *(p.encode() for p in fields)]
    return b"".join(len(part).to_bytes(2, "big") + part for part in parts)


def seal(public_key: bytes, plaintext: bytes, bound: bytes) -> bytes:
    """`plaintext` sealed to the raw 32-byte X25519 public key."""
    return SUITE.encrypt(plaintext, X25519PublicKey.from_public_bytes(public_key), info=bound)


def open_sealed(private_key: X25519PrivateKey, sealed: bytes, bound: bytes) -> bytes:
    try:
        return SUITE.decrypt(sealed, private_key, info=bound)
    except (InvalidTag, ValueError) as exc:
        raise SealError("the sealed record does not open with this key and binding") from exc


@dataclass(frozen=True)
class Argon2Cost:
    memory_kib: int = 64 * 1024
    passes: int = 3
    lanes: int = 4

    def __post_init__(self) -> None:
        # Bounds on what a stored key may ask for: a hand-edited file must not make the
        # lead's laptop spend gigabytes or minutes before saying "wrong passphrase".
        if not (8 * 1024 <= self.memory_kib <= 1024 * 1024 and 1 <= self.passes <= 10):
            raise ValueError("Argon2id cost outside 8 MiB-1 GiB, 1-10 passes")
        if not 1 <= self.lanes <= 8:
            raise ValueError("Argon2id lanes outside 1-8")


def _derive(passphrase: str, salt: bytes, cost: Argon2Cost) -> bytes:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=cost.passes,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    ).derive(passphrase.encode())


def protect(passphrase: str, data: bytes, context: bytes, cost: Argon2Cost | None = None) -> str:
    """`data` encrypted under a key derived from `passphrase` (Argon2id, AES-256-GCM),
    bound to `context`, as text that says its own cost."""
    cost = cost or Argon2Cost()
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_derive(passphrase, salt, cost)).encrypt(nonce, data, context)
    fields = [
        "argon2id-aesgcm",
        f"m={cost.memory_kib},t={cost.passes},p={cost.lanes}",
        *(base64.b64encode(x).decode() for x in (salt, nonce, sealed)),
    ]
    return "$".join(fields)


def unprotect(protected: str, passphrase: str, context: bytes) -> bytes:
    """What `protect` encrypted, or WrongPassphrase (also for a damaged or edited text, or
    one bound to another context)."""
    try:
        scheme, params, salt, nonce, sealed = protected.split("$")
        if scheme != "argon2id-aesgcm":
            raise ValueError(scheme)
        values = dict(item.split("=", 1) for item in params.split(","))
        cost = Argon2Cost(int(values["m"]), int(values["t"]), int(values["p"]))
        key = _derive(passphrase, base64.b64decode(salt, validate=True), cost)
        return AESGCM(key).decrypt(
            base64.b64decode(nonce, validate=True),
            base64.b64decode(sealed, validate=True),
            context,
        )
    except (InvalidTag, ValueError, KeyError) as exc:
        raise WrongPassphrase("the passphrase does not open it") from exc


def new_key_pair(passphrase: str, cost: Argon2Cost | None = None) -> tuple[bytes, str]:
    """(raw public key, the private key protected under `passphrase`, as text)."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return private.public_key().public_bytes_raw(), protect(passphrase, raw, KEY_CONTEXT, cost)


def unlock(protected: str, passphrase: str) -> X25519PrivateKey:
    """The lead's private key, or WrongPassphrase (also for a damaged or edited text)."""
    raw = unprotect(protected, passphrase, KEY_CONTEXT)
    try:
        return X25519PrivateKey.from_private_bytes(raw)
    except ValueError as exc:
        raise WrongPassphrase("the passphrase does not unlock the lead's key") from exc


# --- records under a response's own key ----------------------------------------------
# Each response has a key of its own (AES-256, random), made by the device when the
# response starts and kept in that process's memory only. The record that brings it
# carries it sealed with HPKE to the inspection's public key; the records after it are
# AES-256-GCM under it. So a device pays for one public-key operation per response, not
# per answer, and the lead's machine opens a response with one; a record still cannot be
# read without the lead's private key, nor moved: the binding is the associated data of
# every record and the `info` of the key's own seal. A device that starts again (a kiosk
# after an error) has lost the key: its next record for that response brings a new one.
KEY_RECORD = b"SRK1"
"""The start of a record that brings a new response key, then is sealed under it."""
KEYED_RECORD = b"SRA1"
"""The start of a record sealed under the response key brought before it."""
_KEY_INFO = b"\x00\x0cresponse key"


def seal_record(
    public_key: bytes, key: bytes | None, plaintext: bytes, bound: bytes
) -> tuple[bytes, bytes]:
    """(the sealed record, the response key it is sealed under). With no key yet, a new
    one is made and the record brings it, sealed to `public_key`."""
    if key is None:
        key = AESGCM.generate_key(bit_length=256)
        wrapped = seal(public_key, key, bound + _KEY_INFO)
        head = KEY_RECORD + len(wrapped).to_bytes(2, "big") + wrapped
    else:
        head = KEYED_RECORD
    nonce = secrets.token_bytes(12)
    return head + nonce + AESGCM(key).encrypt(nonce, plaintext, bound), key


class RecordOpener:
    """Opens one response's records in order, keeping the key the last key record
    brought. Records sealed on their own with HPKE (before response keys) open too."""

    def __init__(self, private_key: X25519PrivateKey) -> None:
        self._private = private_key
        self._key: bytes | None = None

    def open(self, sealed: bytes, bound: bytes) -> bytes:
        try:
            if sealed.startswith(KEY_RECORD):
                size = int.from_bytes(sealed[4:6], "big")
                wrapped, rest = sealed[6 : 6 + size], sealed[6 + size :]
                key = open_sealed(self._private, wrapped, bound + _KEY_INFO)
                plaintext = AESGCM(key).decrypt(rest[:12], rest[12:], bound)
                self._key = key
                return plaintext
            if sealed.startswith(KEYED_RECORD) and self._key is not None:
                rest = sealed[4:]
                return AESGCM(self._key).decrypt(rest[:12], rest[12:], bound)
        except (InvalidTag, SealError, ValueError):
            pass  # perhaps a record of the first kind that happens to start so: tried below
        return open_sealed(self._private, sealed, bound)
