"""Withdrawal codes: shown once to the resident, kept only as a slow salted hash."""

from __future__ import annotations

import asyncio
import hashlib
import secrets

from survey_app.core.keys.slow_hash import check_secret, hash_secret

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed back
_CODE_LENGTH = 8
CODE_COST = 14
"""scrypt at 2^14: slow enough that a stolen database cannot be searched for codes, fast
enough (about 50 ms) for a resident to wait on."""


def new_withdrawal_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """Ignore case, spaces and dashes, as a resident types the code back."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_tag(code: str) -> str:
    """A fast 16-bit tag of a code: it narrows the search to about one response in a store
    of thousands, and leaves the code itself to the slow hash (some 13 million possible
    codes share each tag, so a tag says next to nothing about its code)."""
    digest = hashlib.sha256(b"survey-app withdrawal tag:" + normalise_code(code).encode())
    return digest.hexdigest()[:4]


def hash_code(code: str, salt: bytes | None = None) -> str:
    return hash_secret(normalise_code(code), CODE_COST, salt)


def check_code(code: str, stored: str) -> bool:
    return check_secret(normalise_code(code), stored)


async def new_code() -> tuple[str, str]:
    """A new withdrawal code and its slow hash, hashed off the event loop: the screen the
    resident is looking at must not freeze for it."""
    code = new_withdrawal_code()
    return code, await asyncio.to_thread(hash_code, code)
