"""Passphrases (the lead's, the kiosk's): kept only as slow salted hashes, tries limited.

scrypt with a per-passphrase salt, so a copied database cannot be searched quickly; checked
in constant time. `Lockout` closes the prompt for a while after too many wrong tries.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.i18n import ngettext
from survey_app.core.keys.slow_hash import check_secret, hash_secret

PASSPHRASE_COST = 15
"""scrypt at 2^15, about a tenth of a second per try here: nothing for the person who knows
it, slow for a search through a dictionary."""
MIN_LENGTH = 8
LEAD = "lead"
"""The name the lead's passphrase hash is kept under in the lead's store. The same
passphrase unlocks every inspection's private key there."""
TRIES = 5
LOCKED_FOR = 60.0


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    return hash_secret(passphrase, PASSPHRASE_COST, salt)


def check_passphrase(passphrase: str, stored: str) -> bool:
    return check_secret(passphrase, stored)


@dataclass
class Lockout:
    """Five wrong tries lock the prompt for a minute.

    `on_change` is told of every change to the count or the lock, for a lockout that must
    outlive its process (the kiosk's: see `StaffLock`); such a lockout uses the wall clock,
    since the monotonic clock starts again with each process.
    """

    tries: int = TRIES
    locked_for: float = LOCKED_FOR
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    until: float = field(default=0.0)
    on_change: Callable[[Lockout], None] | None = None

    def remaining(self) -> float:
        """Seconds until the prompt opens again (0: open)."""
        return max(0.0, self.until - self.clock())

    def attempt(self, passphrase: str, stored: str) -> bool:
        """Check a try; a wrong one counts, and locks after the last allowed."""
        if self.remaining() > 0:
            return False
        if check_passphrase(passphrase, stored):
            if self.failures:
                self.failures = 0
                self._changed()
            return True
        self.failures += 1
        if self.failures >= self.tries:
            self.failures = 0
            self.until = self.clock() + self.locked_for
        self._changed()
        return False

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)

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


@dataclass
class StaffLock:
    """The kiosk's staff passphrase (as its slow hash) and its lockout, kept in a file so
    that they outlive the process.

    A kiosk that restarts after an internal error, or that the operating system starts
    again (docs/kiosk.md), must neither ask for a new passphrase (the resident in front of
    it could set one) nor forget the wrong tries already made. The staff exit removes the
    file: the next deliberate start asks for a passphrase again. The file holds no resident
    data; it is written atomically and readable by its owner only.
    """

    path: Path
    inspection: int
    hash: str
    failures: int = 0
    until: float = 0.0

    @classmethod
    def load(cls, path: Path, inspection: int) -> StaffLock | None:
        """The lock left by an earlier run for this inspection, or None."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("inspection") != inspection or not str(data["hash"]).startswith(
                f"scrypt-{PASSPHRASE_COST}$"
            ):
                return None
            return cls(
                path,
                inspection,
                str(data["hash"]),
                max(0, int(data.get("failures", 0))),
                float(data.get("until", 0.0)),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self) -> None:
        record = {
            "inspection": self.inspection,
            "hash": self.hash,
            "failures": self.failures,
            "until": self.until,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(record, file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except OSError:
            pass  # a full or read-only disk must not stop residents answering

    def clear(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def lockout(self) -> Lockout:
        """A lockout that starts where the last run left it and saves every change."""

        def changed(lockout: Lockout) -> None:
            self.failures, self.until = lockout.failures, lockout.until
            self.save()

        return Lockout(clock=time.time, failures=self.failures, until=self.until, on_change=changed)
