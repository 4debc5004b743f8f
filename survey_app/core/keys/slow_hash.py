"""One slow salted hash for every secret kept only as a hash (passphrases, withdrawal
codes): scrypt, its cost written into the stored text, checked in constant time.

Stored as `scrypt-<log2 n>$<salt hex>$<digest hex>`; `scrypt$...` is read as cost 14 (the
withdrawal codes written before the costs were written down).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COSTS = range(12, 19)
"""The scrypt costs (log2 of n) a stored hash may name: a hand-edited one outside these is
refused rather than computed (2^30 would take minutes and gigabytes)."""
_R, _P, _LENGTH = 8, 1, 32


def hash_secret(secret: str, cost: int, salt: bytes | None = None) -> str:
    if cost not in COSTS:
        raise ValueError(f"scrypt cost 2^{cost} is outside 2^{COSTS[0]} to 2^{COSTS[-1]}")
    salt = salt or secrets.token_bytes(16)
    # 128 * r * n bytes of memory, with room to spare over OpenSSL's 32 MiB default.
    digest = hashlib.scrypt(
        secret.encode(), salt=salt, n=2**cost, r=_R, p=_P, dklen=_LENGTH,
        maxmem=2 * 128 * _R * 2**cost,
    )  # fmt: skip
    return f"scrypt-{cost}${salt.hex()}${digest.hex()}"


def check_secret(secret: str, stored: str) -> bool:
    """True when `secret` is the one `stored` was made from; False for anything unreadable."""
    try:
        scheme, salt, digest = stored.split("$")
        cost = 14 if scheme == "scrypt" else int(scheme.removeprefix("scrypt-"))
        if not scheme.startswith("scrypt") or cost not in COSTS:
            return False
        again = hash_secret(secret, cost, bytes.fromhex(salt)).split("$")[2]
    except ValueError:
        return False
    return hmac.compare_digest(again, digest)
