"""The number models of `numbers.py`, learnt from the labelled comments that were read.

    .venv/bin/python -m survey_app.core.privacy.training      # writes data/numbers.json

Only the development sets are learnt from (TRAINING_SETS: dev, dev2 and dev3 to dev20,
all read while building the anonymiser); the sets kept unread (test, held3 onwards) judge
it and are never learnt from. Each number in a comment is an example: a room, an
age, or neither, as its writer labelled it; a number inside another kind of identifier (a
phone, a date) is left out. Training is plain logistic regression by gradient descent, in
a fixed order with fixed steps, so the same sets give the same weights on any machine (a
test checks the shipped file against a fresh training).
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from survey_app.core.privacy.evaluation import Labelled, read
from survey_app.core.privacy.numbers import KINDS, MODEL, candidates, features, marked

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "anonymiser"
TRAINING_SETS = ("dev", "dev2", *(f"dev{n}" for n in range(3, 21)))
"""Never `test` (the first set held out) nor a held set: those judge what was learnt."""
EPOCHS = 30
RATE = 0.3
L2 = 1e-4
MIN_COUNT = 2
"""A feature seen in fewer examples than this is not learnt: one comment's words."""

Example = tuple[list[str], str | None]


def examples(items: Iterable[Labelled]) -> list[Example]:
    """The features of every number in the comments, and what it was labelled."""
    out: list[Example] = []
    for item in items:
        for start, end in candidates(item.text):
            inside = [s for s in item.spans if s.start < end and start < s.end]
            if any(s.kind not in KINDS for s in inside):
                continue  # part of a phone number, a date of birth, an address
            around = [(s.start, s.end, s.kind) for s in item.spans if s not in inside]
            text, where = marked(item.text, around)
            # the same number, found again in the marked text
            at = where.index(start)
            label = inside[0].kind if inside else None
            out.append((features(text, at, at + (end - start)), label))
    return out


def train(data: Sequence[Example], kind: str) -> tuple[float, dict[str, float]]:
    """Bias and weights of the model for `kind` against everything else."""
    counts = Counter(f for fs, _label in data for f in set(fs))
    kept = {f for f, n in counts.items() if n >= MIN_COUNT}
    rows = [([f for f in fs if f in kept], 1.0 if label == kind else 0.0) for fs, label in data]
    weights: dict[str, float] = dict.fromkeys(sorted(kept), 0.0)
    bias = 0.0
    for epoch in range(EPOCHS):
        step = RATE / (1.0 + 0.1 * epoch)
        for fs, target in rows:
            total = bias + sum(weights[f] for f in fs)
            error = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total)))) - target
            bias -= step * error
            for f in fs:
                weights[f] -= step * (error + L2 * weights[f])
    return round(bias, 6), {f: round(w, 6) for f, w in weights.items() if abs(w) >= 1e-3}


def model(sets: Sequence[str] = TRAINING_SETS) -> dict[str, object]:
    data = examples(item for name in sets for item in read(DATA / f"{name}.jsonl"))
    out: dict[str, object] = {"trained_on": list(sets), "examples": len(data)}
    for kind in KINDS:
        bias, weights = train(data, kind)
        out[kind] = {"bias": bias, "weights": weights}
    return out


def main(argv: Sequence[str] = sys.argv[1:]) -> int:
    if any(name.startswith("held") for name in TRAINING_SETS):
        raise SystemExit("the sets kept unread are never learnt from")
    trained = model()
    MODEL.write_text(json.dumps(trained, ensure_ascii=False, sort_keys=True, indent=0) + "\n")
    print(f"{MODEL}: {trained['examples']} examples from {len(TRAINING_SETS)} sets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
