"""Patterns started from the cache are the patterns `re.compile` makes, and what a pattern
needs is in every text it matches."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.core import patterns
from survey_app.core.patterns import ODD_CASES, Patterns, unneeded

DATA = Path(__file__).parents[1] / "data" / "anonymiser"
SAMPLES = [
    r"\b(?:bed)?rooms?\s+(?P<id>\d{1,3}[a-z]?)\b",
    r"(?-i:[A-Z]{2}\d{2}\s?[A-Z]{3})",
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"(?P<kin>)\byn\s+(?P<id>un|dau|tri)\b(?=\s+oed)",
]
TEXTS = [
    "my room 14b is cold",
    "Room 3 and ROOMS 12",
    "van AB12 CDE outside",
    "mail r.davies@example.com",
    "Mae Dai yn dau oed",
    "nothing here at all",
]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    def described(p: re.Pattern[str]) -> tuple[object, ...]:
        return (p.pattern, p.flags, p.groups, p.groupindex)

    def found(p: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
        return [(m.span(), m.groupdict()) for m in p.finditer(text)]

    assert described(a) == described(b)
    for text in TEXTS:
        assert found(a, text) == found(b, text)


def test_a_pattern_from_the_cache_is_the_one_re_compile_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SURVEY_APP_CACHE", str(tmp_path))
    first = Patterns("sample")
    made = [first.compile(p, re.IGNORECASE | re.VERBOSE) for p in SAMPLES]
    assert first.fresh and not first.path.exists()
    first.save()
    assert first.path.is_file()

    again = Patterns("sample")
    assert len(again.known) == len(SAMPLES)  # read back, every one
    for pattern, before in zip(SAMPLES, made, strict=True):
        after = again.compile(pattern, re.IGNORECASE | re.VERBOSE)
        _same(after, re.compile(pattern, re.IGNORECASE | re.VERBOSE))
        _same(after, before)
        assert again.needs(after) == first.needs(before)
    assert not again.fresh
    stamp = again.path.stat().st_mtime_ns
    again.save()  # nothing new: nothing written
    assert again.path.stat().st_mtime_ns == stamp


def test_a_changed_pattern_or_flags_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SURVEY_APP_CACHE", str(tmp_path))
    first = Patterns("sample")
    first.compile(r"rooms?\s+\d+", re.IGNORECASE)
    first.save()
    again = Patterns("sample")
    # the same text without IGNORECASE is another pattern: "ROOM 4" no longer matches
    blind = again.compile(r"rooms?\s+\d+")
    assert blind.search("ROOM 4") is None and blind.search("room 4") is not None
    assert again.fresh
    again.save()
    assert list(Patterns("sample").known) == [(r"rooms?\s+\d+", 0)]  # the old one dropped


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json\n",
        b'{"engine": "another python", "entries": []}\n',
        b"\xff\xfe\x00garbage",
        "truncated",
        "other code",
    ],
)
def test_a_damaged_cache_file_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | str
) -> None:
    monkeypatch.setenv("SURVEY_APP_CACHE", str(tmp_path))
    first = Patterns("sample")
    for pattern in SAMPLES:
        first.compile(pattern, re.IGNORECASE)
    first.save()
    data = first.path.read_bytes()
    if damage == "truncated":
        first.path.write_bytes(data[: len(data) // 2])
    elif damage == "other code":
        # well-formed file, code that is not: every word of the first pattern's code
        # replaced by an opcode no engine knows
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        length = header["entries"][0][7]
        first.path.write_bytes(head + b"\n" + b"\xff\xff\x00\x00" * length + body[length * 4 :])
    else:
        assert isinstance(damage, bytes)
        first.path.write_bytes(damage)
    again = Patterns("sample")
    for pattern in SAMPLES:
        _same(again.compile(pattern, re.IGNORECASE), re.compile(pattern, re.IGNORECASE))


def test_an_unwritable_cache_costs_only_the_shortcut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("SURVEY_APP_CACHE", str(blocked))
    kept = Patterns("sample")
    compiled = kept.compile(SAMPLES[0], re.IGNORECASE)
    kept.save()  # no error
    assert compiled.search("ROOM 12") is not None


@pytest.mark.parametrize(
    ("pattern", "need"),
    [
        (r"(?:bed)?rooms?\b", ("room",)),
        (r"\b(?:unit|bay)\s+\d+", ("bay", "unit")),
        (r"x(?=abc)", ("abc",)),  # a look-ahead is in the text
        (r"(?!abc)xy", ("xy",)),  # a negative one is not
        (r"(?:ab)*cd", ("cd",)),  # a repeat that may be absent needs nothing
        (r"(?:ab)+cd", ("ab",)),  # at least once: needed (as is "cd"; either will do)
        (r"(?-i:Room)\s\d", ("room",)),  # in lower case, whatever the case it is matched in
        (r"a|bcd", None),  # one alternative needs one letter: nothing worth looking for
        (r"\d+", None),
        (r"(?:rm|room)\s?\d", ("rm", "room")),
    ],
)
def test_what_a_pattern_needs(pattern: str, need: tuple[str, ...] | None) -> None:
    _made, found = patterns._made(pattern, re.IGNORECASE)
    assert found == need, pattern


def test_a_text_with_a_letter_that_case_blind_matching_treats_otherwise_is_always_tried() -> None:
    # "ſ" (long s) matches "s" in a pattern blind to case, but its lower case is itself
    pattern = re.compile("has", re.IGNORECASE)
    text = "haſ"
    assert pattern.search(text) is not None
    assert unneeded(("has",), text.lower(), ODD_CASES.search(text) is not None) is False
    assert unneeded(("has",), "nothing".lower(), False) is True


def test_the_odd_letters_are_every_one_case_blind_matching_treats_otherwise() -> None:
    from re import _casefix  # type: ignore[attr-defined]

    odd = {chr(c) for key, others in _casefix._EXTRA_CASES.items() for c in (key, *others)}
    odd |= {chr(c) for c in range(0x110000) if len(chr(c).lower()) != 1}
    odd = {c for c in odd if not c.isascii()}
    assert odd == {chr(c) for c in range(0x110000) if ODD_CASES.fullmatch(chr(c))}


def _anonymiser_needs() -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    from survey_app.core.privacy.anonymiser import _NEEDS, _PATTERNS

    return [
        (kind, pattern, need)
        for (kind, pattern, _figures), need in zip(_PATTERNS, _NEEDS, strict=True)
        if need is not None
    ]


def test_no_labelled_comment_is_matched_by_a_pattern_it_is_skipped_for() -> None:
    """Over every labelled comment (about 8,000, in English and Welsh): a pattern skipped
    for a comment, because none of what it needs is there, finds nothing in it."""
    texts = [
        json.loads(line)["text"]
        for path in sorted(DATA.glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    assert len(texts) > 5000
    skipped = 0
    for kind, pattern, need in _anonymiser_needs():
        for text in texts:
            if unneeded(need, text.lower(), ODD_CASES.search(text) is not None):
                skipped += 1
                assert pattern.search(text) is None, (kind, need, text)
    assert skipped > len(texts)  # and the skipping is worth having


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_text_a_pattern_matches_holds_what_it_needs(data: st.DataObject) -> None:
    """Texts made from each pattern by hypothesis (which knows nothing of the needs),
    in every case and with the letters that match otherwise blind to case."""
    kind, pattern, need = data.draw(st.sampled_from(_anonymiser_needs()))
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text) is not None
    assert not unneeded(need, text.lower(), ODD_CASES.search(text) is not None), (
        kind,
        need,
        text,
    )
