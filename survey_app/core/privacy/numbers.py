"""Numbers that are rooms or ages by the words around them, weighed by a small model.

The anonymiser's rules find a room or an age by what is said of it ("room 14", "23 oed",
"been in 4 since june"). Comments also put one where no rule looks: "if you are in 17 you
get the noise", "Tank from 2 is nearly forty", "she always leaves 13 till last". For
each number the rules left (figures of up to three digits and a letter, English number
words), two logistic models, one for rooms and one for ages, weigh the words on each side
of it, what was already taken out nearby ("[name] from 2"), and the number's own shape.

The weights are learnt from the comments labelled by hand that were read while building
the anonymiser (`training.py`; never the sets kept unread, which judge it) and shipped in
`data/numbers.json`; a test trains again and checks the file is what that gives. Every
weight is a word and a place beside the number, so a decision can be read back
(`explain`). A number is taken only when its model is sure (THRESHOLD): a count or a time
taken out by mistake costs a quote a word, but the rules already catch most rooms and ages.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL = Path(__file__).parent / "data" / "numbers.json"
KINDS = ("room", "age")

_EN_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]?(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine)"
)
CANDIDATE = re.compile(
    rf"(?<![\w/.:£$€#@-])(?:\d{{1,3}}[a-z]?|[a-z]\d{{1,2}}|{_EN_NUMBER})(?![\w%£@]|[:/.,]\d)",
    re.IGNORECASE,
)
"""A number that could be a room or an age: figures ("14", "3b", "G7") or words
("twelve", "forty-five"); not part of a time, a date, a price or a decimal."""
_MEASURES = frozenset(
    """minute minutes min mins hour hours hr hrs day days week weeks month months year years
    yr yrs time times pound pounds quid p pence grand k percent % am pm mile miles metre
    metres mg ml kg stone feet ft inch inches degrees points stars bars out of x people
    residents beds rooms lads staff sessions nights calls texts goes mins quid o'clock
    munud funud awr oriau diwrnod niwrnod wythnos mis mlynedd blynedd punt bunt ceiniog
    gwaith tro gradd milltir cilo pobl o allan size sizes""".split()
)
"""Words that say a number counts or measures something: after one, it is no room and no
age ("45 munud", "10 out of 10", "22 beds")."""
_NOT_COUNTED = frozenset(
    """keeps plays gets needs smokes smells cries bangs reports slams lends cooks helps
    stinks drags goes parks seems screams knows prays steals shouts owes stomps borrows
    shares always upstairs downstairs theres says does leaks floods snores talks sings
    blasts knocks lets hears makes takes wants thinks looks comes leaves sleeps stays lives
    works uses calls rings tells asks moves sits stands walks runs pays gives brings
    sounds feels whose achos dros wythnos plis nos""".split()
)
"""Words in -s after a room's number that are what its resident does ("14 keeps
shouting"), not things counted."""
_WE = frozenset("we us they them ni nhw there".split())
_TOKEN = re.compile(r"⟪\w+⟫|[^\W\d_]+(?:['’][^\W\d_]+)*|\d+[a-z]?|[^\w\s]", re.IGNORECASE)
WINDOW = 80
"""Characters each side of a number that its features are read from."""
_WORD_NUMBER = re.compile(rf"{_EN_NUMBER}$", re.IGNORECASE)


@dataclass(frozen=True)
class Weights:
    """One model: a bias and a weight for each feature seen often enough in training."""

    bias: float
    weights: dict[str, float]

    def score(self, features: Iterable[str]) -> float:
        total = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


THRESHOLD = 0.7
"""A number is taken when its model gives at least this (chosen on the sets read, each
judged by models trained on the others: see docs/anonymiser.md)."""


@cache
def models() -> tuple[dict[str, Weights], float]:
    """The shipped models and their threshold (none: nothing is taken, the rules stand)."""
    try:
        data = json.loads(MODEL.read_text("utf-8"))
        return (
            {
                kind: Weights(float(data[kind]["bias"]), dict(data[kind]["weights"]))
                for kind in KINDS
            },
            THRESHOLD,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return {}, 1.0


def marked(text: str, taken: Sequence[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """The text with each span already taken out as one marker (⟪name⟫, ⟪room⟫...), and
    for each position of the marked text the position of the original it stands for."""
    out: list[str] = []
    where: list[int] = []
    position = 0
    for start, end, kind in sorted(taken):
        if start < position:
            continue
        out.append(text[position:start])
        where.extend(range(position, start))
        marker = f" ⟪{kind}⟫ "
        out.append(marker)
        where.extend([start] * len(marker))
        position = end
    out.append(text[position:])
    where.extend(range(position, len(text) + 1))
    return "".join(out), where


def candidates(text: str) -> list[tuple[int, int]]:
    """Spans of the numbers that could be rooms or ages."""
    return [m.span() for m in CANDIDATE.finditer(text)]


def features(text: str, start: int, end: int) -> list[str]:
    """What the models weigh for the number at text[start:end] (a marked text)."""
    # Five words each side, read from a window of the text about the number: the whole
    # text read again for each of its numbers would cost as the square of its length.
    before = [t.lower() for t in _TOKEN.findall(text, max(0, start - WINDOW), start)][-5:]
    after = [t.lower() for t in _TOKEN.findall(text, end, end + WINDOW)][:5]
    number = text[start:end].lower()
    if number[0].isdigit() and number[-1].isdigit():
        value = int(number)
        shape = "<10" if value < 10 else "<18" if value < 18 else "<100" if value < 100 else "big"
    elif number[0].isdigit() or number[-1].isdigit():
        shape = "code"
    else:
        shape = "word" if _WORD_NUMBER.match(number) else "other"
    out = [f"shape={shape}"]
    if shape in ("word", "other"):
        out.append(f"word={number}")
    p1 = before[-1] if before else "^"
    p2 = before[-2] if len(before) > 1 else "^"
    n1 = after[0] if after else "$"
    n2 = after[1] if len(after) > 1 else "$"
    out += [f"p1={p1}", f"p2={p2}", f"n1={n1}", f"n2={n2}"]
    if n1 in _MEASURES:
        out.append("n1=a measure")
    elif not n1[0].isalnum() and n1[0] != "⟪":
        out.append("n1=a mark or the end")
    elif (
        n1.isalpha()
        and len(n1) > 3
        and n1.endswith("s")
        and not n1.endswith(("ss", "us"))
        and n1 not in _NOT_COUNTED
    ):
        out.append("n1=a plural")  # a thing counted: "2 minds", "3 dealers"
    if p1 in _WE or p2 in _WE:
        out.append("p=we")  # "we are 20 in here": how many, not how old
    out += [f"p12={p2}_{p1}", f"n12={n1}_{n2}", f"pn={p1}_{n1}", f"p1s={p1}_{shape}"]
    out += [f"L={t}" for t in before[:-1]]
    out += [f"R={t}" for t in after[1:]]
    return out


def find(text: str, taken: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rooms and ages among the numbers of `text` not inside what was `taken` (spans and
    kinds the rules found), as (start, end, kind)."""
    found_models, threshold = models()
    if not found_models:
        return []
    spans = [(s, e) for s, e, _kind in taken]
    out = []
    marked_text, where = marked(text, taken)
    for start, end in candidates(marked_text):
        original = (where[start], where[end - 1] + 1)
        if any(a < original[1] and original[0] < b for a, b in spans):
            continue
        weighed = features(marked_text, start, end)
        scores = {kind: model.score(weighed) for kind, model in found_models.items()}
        kind = max(scores, key=lambda k: scores[k])
        if scores[kind] >= threshold:
            # beside a room or an age already found ("rooms 21 22"), one of the same
            before = marked_text[:start].rstrip(" ,&")
            for near in KINDS:
                if before.endswith(f"⟪{near}⟫"):
                    kind = near
            out.append((*original, kind))
    return out


def explain(text: str, start: int, end: int, kind: str, top: int = 6) -> list[tuple[str, float]]:
    """The features that weighed most for `kind` on the number at text[start:end]."""
    found_models, _threshold = models()
    model = found_models.get(kind)
    if model is None:
        return []
    weighed = [(f, model.weights.get(f, 0.0)) for f in features(text, start, end)]
    return sorted(weighed, key=lambda fw: -abs(fw[1]))[:top]
