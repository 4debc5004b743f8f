"""Passphrases (the lead's, the kiosk's): kept only as slow salted hashes, tries limited.

scrypt with a per-passphrase salt, so a copied database cannot be searched quickly; checked
in constant time. `Lockout` closes the prompt for a while after too many wrong tries.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from survey_app.core.i18n import ngettext

# About a tenth of a second per try here: nothing for the person who knows it, slow for a
# search through a dictionary.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}
MIN_LENGTH = 8
TRIES = 5
LOCKED_FOR = 60.0


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, **_SCRYPT)
    return f"scrypt-15${salt.hex()}${digest.hex()}"


def check_passphrase(passphrase: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
        raw_salt = bytes.fromhex(salt)
    except ValueError:
        return False
    if scheme != "scrypt-15":
        return False
    again = hash_passphrase(passphrase, raw_salt).split("$")[2]
    return hmac.compare_digest(again, digest)


@dataclass
class Lockout:
    """Five wrong tries lock the prompt for a minute."""

    tries: int = TRIES
    locked_for: float = LOCKED_FOR
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    until: float = field(default=0.0)

    def remaining(self) -> float:
        """Seconds until the prompt opens again (0: open)."""
        return max(0.0, self.until - self.clock())

    def attempt(self, passphrase: str, stored: str) -> bool:
        """Check a try; a wrong one counts, and locks after the last allowed."""
        if self.remaining() > 0:
            return False
        if check_passphrase(passphrase, stored):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.tries:
            self.failures = 0
            self.until = self.clock() + self.locked_for
        return False

    def locked_text(self) -> str:
        """What the prompt says while it is locked."""
        seconds = max(1, round(self.remaining()))
        return ngettext(
            "Too many wrong tries: wait {n} second.",
            "Too many wrong tries: wait {n} seconds.",
            seconds,
        ).format(n=seconds)

    def refusal_text(self) -> str:
        """What the prompt says after a wrong passphrase: tries left, or locked."""
        if self.remaining() > 0:
            return self.locked_text()
        left = self.tries - self.failures
        return ngettext(
            "That is not the passphrase. {n} try left.",
            "That is not the passphrase. {n} tries left.",
            left,
        ).format(n=left)
