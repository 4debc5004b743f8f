"""Measuring the anonymiser against comments labelled by hand.

A labelled comment marks each identifier inline: `my key worker ⟦name|Dafydd⟧ is great`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.privacy.anonymiser import Redaction, text_language

_LABEL = re.compile(r"⟦([a-z_]+)\|(.*?)⟧", re.S)
_WORD = re.compile(r"\w+")
CUES = frozenset(
    "room rooms rm bedroom stafell ystafell flat fflat unit bay door number no num rhif year years"
    " yr yrs o odd ish big little lil young blwydd mlwydd"
    " old olds months weeks oed aged age y yo the yr".split()
)
"""The words that say what an identifier is (a room's, an age's unit), not whose."""


@dataclass(frozen=True)
class Labelled:
    id: str
    language: str
    text: str
    spans: tuple[Redaction, ...]


def parse(record: dict[str, str]) -> Labelled:
    """Plain text and the labelled spans of one `{"id", "lang", "text"}` record."""
    text, spans, position = [], [], 0
    source = record["text"]
    length = 0
    for match in _LABEL.finditer(source):
        before = source[position : match.start()]
        text.append(before)
        length += len(before)
        value = match.group(2)
        spans.append(Redaction(length, length + len(value), match.group(1)))
        text.append(value)
        length += len(value)
        position = match.end()
    text.append(source[position:])
    plain = "".join(text)
    language = record.get("lang", "en")
    if language not in ("en", "cy"):
        # "mixed": Welsh and English in one comment; its placeholders are in the language
        # its own words lean to, as a quote's are (`text_language`).
        language = text_language(plain, "cy")
    return Labelled(record["id"], language, plain, tuple(spans))


def read(path: Path) -> list[Labelled]:
    return [parse(json.loads(line)) for line in path.read_text("utf-8").splitlines() if line]


_TITLE = re.compile(
    r"(?:mr|mrs|ms|miss|mx|dr|fr|father|sister|nurse|officer|rev|sir|big|little|lil|old|young|"
    r"auntie|aunty|uncle|anti|yncl)"
    r"\.?\s+",
    re.I,
)
"""A title labelled with the name ("Mr Patel", "old Ken") says nothing of whom: the
anonymiser keeps it, and it is not required."""
_ROOM_CUE = re.compile(
    r"(?:(?:the|y|yr)\s+(?=\w+\s))?(?:(?:bed)?rooms?|rm|y?stafell|number|no\.?|num|rhif|\#)\s*"
    r"|(?:the|y|yr)\s+",
    re.I,
)
"""The word before a room's number labelled with it ("number 8", "rhif 11"), or the
article before a room told by where it is ("the room above the office"): likewise."""
_DATE_CUE = re.compile(r"(?:(?:on|ar)\s+)?(?:the|y|yr)\s+", re.I)
"""The words before a date labelled with it ("on the 1st of april", "ar yr ail o Fai"):
likewise."""


def covered(span: Redaction, found: Iterable[Redaction], text: str = "") -> bool:
    """Every letter and digit of the span is inside something the anonymiser removed."""
    hidden: set[int] = set()
    for r in found:
        hidden.update(range(r.start, r.end))
    start = span.start
    if span.kind in ("name", "room", "dob") and text:
        cue = {"name": _TITLE, "room": _ROOM_CUE, "dob": _DATE_CUE}[span.kind]
        title = cue.match(text, span.start, span.end)
        if title and title.end() < span.end:
            start = title.end()
    return all(i in hidden for i in range(start, span.end))


@dataclass
class Scores:
    comments: int = 0
    with_data: int = 0
    clean: int = 0
    """Comments with every labelled identifier removed and no other word touched."""
    leak_free: int = 0
    """Comments with every labelled identifier removed."""
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    other_words: int = 0
    other_changed: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    """(comment id, kind, text) of each identifier left in."""
    false_hits: list[tuple[str, str]] = field(default_factory=list)
    """(comment id, word) of each ordinary word removed."""

    def recall(self, kind: str | None = None) -> float:
        if kind is None:
            total = sum(self.total.values())
            return sum(self.found.values()) / total if total else 1.0
        return self.found[kind] / self.total[kind] if self.total[kind] else 1.0

    @property
    def clean_share(self) -> float:
        return self.clean / self.comments if self.comments else 1.0

    @property
    def changed_share(self) -> float:
        return self.other_changed / self.other_words if self.other_words else 0.0


def score(items: Iterable[Labelled], find: Callable[[str], Iterable[Redaction]]) -> Scores:
    scores = Scores()
    for item in items:
        found = find(item.text)
        scores.comments += 1
        scores.with_data += bool(item.spans)
        all_caught = True
        for span in item.spans:
            scores.total[span.kind] += 1
            if covered(span, found, item.text):
                scores.found[span.kind] += 1
            else:
                all_caught = False
                scores.misses.append((item.id, span.kind, item.text[span.start : span.end]))
        touched = False
        for word in _WORD.finditer(item.text):
            if any(s.start < word.end() and word.start() < s.end for s in item.spans):
                continue
            if word.group().lower() in CUES and any(
                r.start < word.end()
                and word.start() < r.end
                and any(s.start < r.end and r.start < s.end for s in item.spans)
                for r in found
            ):
                # "room" of "room 7", "oed" of "23 oed": labelled with the identifier in
                # one set, beside it in another; taken with the identifier it says nothing
                # of anyone, and is neither required nor an ordinary word removed.
                continue
            scores.other_words += 1
            if any(r.start < word.end() and word.start() < r.end for r in found):
                scores.other_changed += 1
                touched = True
                scores.false_hits.append((item.id, word.group()))
        scores.leak_free += all_caught
        scores.clean += all_caught and not touched
    return scores
