"""The one slow hash behind passphrases and withdrawal codes."""

from __future__ import annotations

import hashlib

from survey_app.core.collection.codes import check_code, hash_code
from survey_app.core.keys.passphrase import check_passphrase, hash_passphrase
from survey_app.core.keys.slow_hash import check_secret, hash_secret


def test_each_secret_names_its_cost_and_checks_only_itself() -> None:
    assert hash_passphrase("longenough1").startswith("scrypt-15$")
    assert hash_code("ABCD-EFGH").startswith("scrypt-14$")
    stored = hash_passphrase("longenough1")
    assert check_passphrase("longenough1", stored)
    assert not check_passphrase("longenough2", stored)
    assert check_code("abcd efgh", hash_code("ABCD-EFGH"))


def test_codes_hashed_before_the_cost_was_written_still_check() -> None:
    salt = bytes(range(16))
    digest = hashlib.scrypt(b"ABCDEFGH", salt=salt, n=2**14, r=8, p=1, dklen=32)
    legacy = f"scrypt${salt.hex()}${digest.hex()}"
    assert check_code("ABCD-EFGH", legacy)
    assert not check_code("ABCD-EFGJ", legacy)


def test_an_edited_hash_is_refused_never_computed() -> None:
    stored = hash_secret("secret", 12)
    _scheme, salt, digest = stored.split("$")
    for edited in (
        f"scrypt-30${salt}${digest}",  # minutes and gigabytes: refused before computing
        f"scrypt-x${salt}${digest}",
        f"bcrypt-12${salt}${digest}",
        f"scrypt-12$zz${digest}",
        "scrypt-12$",
        "",
    ):
        assert not check_secret("secret", edited), edited
    assert check_secret("secret", stored)
