"""Sealing to the lead's key: round trips, and every way a record must refuse to open."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.core.keys.sealing import (
    KEY_RECORD,
    KEYED_RECORD,
    Argon2Cost,
    RecordOpener,
    SealError,
    WrongPassphrase,
    binding,
    new_key_pair,
    open_sealed,
    seal,
    seal_record,
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


def response(
    public: bytes, texts: list[bytes], fresh_at: frozenset[int] = frozenset()
) -> list[bytes]:
    """A response's records as a device seals them: a key made with the first, and again
    at each place in `fresh_at` (a device that started again)."""
    out, key = [], None
    for seq, text in enumerate(texts):
        if seq in fresh_at:
            key = None
        sealed, key = seal_record(public, key, text, binding("i", "q", "r", seq))
        out.append(sealed)
    return out


def test_a_response_under_its_own_key_opens_in_order_and_only_in_its_place(
    keys: tuple[bytes, str],
) -> None:
    public, protected = keys
    private = unlock(protected, PASSPHRASE)
    texts = [b"start", b'{"safe": "agree"}', b'{"safe": "agree"}', b"complete"]
    sealed = response(public, texts, fresh_at=frozenset({2}))
    assert sealed[0].startswith(KEY_RECORD) and sealed[2].startswith(KEY_RECORD)
    assert sealed[1].startswith(KEYED_RECORD) and sealed[3].startswith(KEYED_RECORD)
    assert sealed[1][4:] != sealed[2][4:] and all(b"agree" not in s for s in sealed)
    opener = RecordOpener(private)
    assert [opener.open(s, binding("i", "q", "r", n)) for n, s in enumerate(sealed)] == texts
    # A record under the response's key means nothing without the record that brought it.
    with pytest.raises(SealError):
        RecordOpener(private).open(sealed[1], binding("i", "q", "r", 1))
    # Swapped places, another response's, another lead's key: refused.
    opener = RecordOpener(private)
    opener.open(sealed[0], binding("i", "q", "r", 0))
    with pytest.raises(SealError):
        opener.open(sealed[3], binding("i", "q", "r", 1))
    for bound in (binding("i", "q", "other", 0), binding("other", "q", "r", 0)):
        with pytest.raises(SealError):
            RecordOpener(private).open(sealed[0], bound)
    _other_public, other_protected = new_key_pair("another passphrase", CHEAP)
    with pytest.raises(SealError):
        RecordOpener(unlock(other_protected, "another passphrase")).open(
            sealed[0], binding("i", "q", "r", 0)
        )
    # The records of a response sealed one by one (before response keys) still open.
    assert RecordOpener(private).open(seal(public, b"old", binding("i", "q", "r")),
                                      binding("i", "q", "r")) == b"old"  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(which=st.integers(0, 1), position=st.integers(0, 10_000), bit=st.integers(0, 7))
def test_one_flipped_bit_in_a_keyed_response_is_refused(
    keys: tuple[bytes, str], which: int, position: int, bit: int
) -> None:
    public, protected = keys
    private = unlock(protected, PASSPHRASE)
    sealed = response(public, [b"start", b"an answer"])
    changed = bytearray(sealed[which])
    changed[position % len(changed)] ^= 1 << bit
    sealed[which] = bytes(changed)
    opener = RecordOpener(private)
    with pytest.raises(SealError):
        for n, record in enumerate(sealed):
            opener.open(record, binding("i", "q", "r", n))
