"""Sealing to the lead's key: round trips, and every way a record must refuse to open."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.core.keys.sealing import (
    Argon2Cost,
    SealError,
    WrongPassphrase,
    binding,
    new_key_pair,
    open_sealed,
    seal,
    unlock,
)

CHEAP = Argon2Cost(memory_kib=8 * 1024, passes=1, lanes=1)
"""The smallest cost allowed: the tests need the construction, not the slowness."""
PASSPHRASE = "correct horse battery"


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, str]:
    return new_key_pair(PASSPHRASE, CHEAP)


def test_a_sealed_answer_opens_only_with_the_leads_key_and_its_own_binding(
    keys: tuple[bytes, str],
) -> None:
    public, protected = keys
    private = unlock(protected, PASSPHRASE)
    bound = binding("3f0c-inspection", "qhash", "response-1")
    sealed = seal(public, b'{"safe": "agree"}', bound)
    assert b"agree" not in sealed
    assert open_sealed(private, sealed, bound) == b'{"safe": "agree"}'
    # Equal answers never look equal.
    assert seal(public, b'{"safe": "agree"}', bound) != sealed
    # Moved to another response, another inspection, another questionnaire: refused.
    for elsewhere in (
        binding("3f0c-inspection", "qhash", "response-2"),
        binding("another-inspection", "qhash", "response-1"),
        binding("3f0c-inspection", "other-hash", "response-1"),
        binding("3f0c-inspection", "qhash", "response-1", 1),  # another place in its history
    ):
        with pytest.raises(SealError):
            open_sealed(private, sealed, elsewhere)
    # Another lead's key: refused.
    other_public, other_protected = new_key_pair("another passphrase", CHEAP)
    with pytest.raises(SealError):
        open_sealed(unlock(other_protected, "another passphrase"), sealed, bound)
    assert other_public != public


@settings(max_examples=60, deadline=None)
@given(position=st.integers(min_value=0, max_value=10_000), bit=st.integers(0, 7))
def test_one_flipped_bit_anywhere_is_refused(
    keys: tuple[bytes, str], position: int, bit: int
) -> None:
    public, protected = keys
    private = unlock(protected, PASSPHRASE)
    bound = binding("i", "q", "r")
    sealed = bytearray(seal(public, b"an answer", bound))
    sealed[position % len(sealed)] ^= 1 << bit
    with pytest.raises(SealError):
        open_sealed(private, bytes(sealed), bound)


def test_the_binding_cannot_be_forged_by_shifting_parts() -> None:
    assert binding("ab", "c", "d") != binding("a", "bc", "d")
    assert binding("a", "b", "cd") != binding("a", "bc", "d")


def test_the_private_key_opens_only_with_the_passphrase(keys: tuple[bytes, str]) -> None:
    public, protected = keys
    assert PASSPHRASE not in protected
    with pytest.raises(WrongPassphrase):
        unlock(protected, "wrong horse battery")
    scheme, params, salt, nonce, sealed = protected.split("$")
    for edited in (
        "$".join([scheme, "m=4194304,t=3,p=4", salt, nonce, sealed]),  # 4 GiB asked for
        "$".join([scheme, params, salt, nonce, sealed[:-4] + "AAAA"]),
        "$".join(["scrypt", params, salt, nonce, sealed]),
        "$".join([scheme, params, salt, nonce]),
        "",
    ):
        with pytest.raises(WrongPassphrase):
            unlock(edited, PASSPHRASE)
    assert unlock(protected, PASSPHRASE).public_key().public_bytes_raw() == public
