"""The anonymiser on the labelled comments in tests/data/anonymiser/.

Prints recall per kind of identifier, the share of comments left fully clean (every
identifier removed and no other word touched), the share of other words changed, and
comments per second on one core. The floor for speed is a pass that only splits each comment
into words, measured in the same run. `--misses` lists what was left in and what was
removed wrongly (the comments are invented, so this shows no one's data).

    .venv/bin/python benchmarks/anonymiser.py [--set dev|dev2|test|all] [--misses]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from survey_app.core.anonymiser import KINDS, anonymise, find
from survey_app.core.evaluation import read, score

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "anonymiser"
TARGETS = {"recall": 0.95, "clean": 0.85, "changed": 0.03, "speed": 1000.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("dev", "dev2", "test", "all"), default="all")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    names = ("dev", "dev2", "test") if args.set == "all" else (args.set,)
    items = [item for name in names for item in read(DATA / f"{name}.jsonl")]
    scores = score(items, find)

    print(
        f"anonymiser on {len(items)} labelled comments ({', '.join(names)}), "
        f"{scores.with_data} with personal data"
    )
    print(f"{'kind':16} {'found':>6} {'of':>6} {'recall':>8}")
    for kind in KINDS:
        if scores.total[kind]:
            print(
                f"{kind:16} {scores.found[kind]:6} {scores.total[kind]:6} "
                f"{scores.recall(kind):8.1%}"
            )
    recall = scores.recall()
    print(
        f"{'all':16} {sum(scores.found.values()):6} {sum(scores.total.values()):6} "
        f"{recall:8.1%}   (target at least {TARGETS['recall']:.0%})"
    )
    print(
        f"comments fully clean: {scores.clean_share:.1%} (target at least "
        f"{TARGETS['clean']:.0%}); with nothing left in: "
        f"{scores.leak_free / scores.comments:.1%}"
    )
    print(
        f"other words changed: {scores.other_changed} of {scores.other_words} = "
        f"{scores.changed_share:.2%} (target at most {TARGETS['changed']:.0%})"
    )

    texts = [item.text for item in items]
    rounds = 5
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            re.findall(r"\w+", text)
    floor = rounds * len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            anonymise(item.text, item.language)
    speed = rounds * len(texts) / (time.perf_counter() - start)
    print(
        f"speed: {speed:,.0f} comments/s on one core (target at least "
        f"{TARGETS['speed']:,.0f}); splitting into words alone: {floor:,.0f}/s"
    )
    emit(args.json, [
        figure(f"recall on the {args.set} set", recall * 100, "%",
               at_least=TARGETS["recall"] * 100),
        figure("comments fully clean", scores.clean_share * 100, "%",
               at_least=TARGETS["clean"] * 100),
        figure("other words changed", scores.changed_share * 100, "%",
               at_most=TARGETS["changed"] * 100),
        figure("comments a second, one core", speed, "/s", ("splitting into words", floor),
               at_least=TARGETS["speed"]),
    ])  # fmt: skip
    if args.misses:
        print("\nleft in:")
        for comment, kind, text in scores.misses:
            print(f"  {comment:10} {kind:14} {text}")
        print("\nremoved wrongly:")
        for comment, word in scores.false_hits:
            print(f"  {comment:10} {word}")


if __name__ == "__main__":
    main()
