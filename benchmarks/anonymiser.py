"""The anonymiser on the labelled comments in tests/data/anonymiser/.

Prints recall per kind of identifier, the share of comments left fully clean (every
identifier removed and no other word touched), the share of other words changed, and
comments per second on one core. The floor for speed is a pass that only splits each comment
into words, measured in the same run. Then `survey-app anonymise` on one line, against
the anonymiser imported and run on that line in a bare Python process. `--misses` lists
what was left in and what was removed wrongly (the comments are invented, so this shows no
one's data).

    .venv/bin/python benchmarks/anonymiser.py [--set NAME] [--misses]

NAME: dev, dev2, test, all (the three), dev3, held3, dev4, held4, dev5, dev6, held5, dev7,
dev8, dev9, held6,
dev10, held7, dev11, held8, dev12, held9, dev13, held10, dev14, held11, dev15, held12, dev16,
held13, dev17, held14, dev18, held15, dev19, held16, dev20, held17.

dev3, held3, dev4 and held4 were written apart from the code, from kinds of identifier only
(dev3 to dev20 read while developing; held3 to held17 never read: `--misses` refuses them).
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from survey_app.core.privacy.anonymiser import KINDS, anonymise, find, unsure
from survey_app.core.privacy.evaluation import Labelled, covered, parse, read, score

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, figure

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "anonymiser"
TARGETS = {"recall": 0.95, "clean": 0.85, "changed": 0.02, "speed": 1000.0}
CLEAN_APART = 0.90
"""Comments fully clean on text the anonymiser was not built on (the sets written apart)."""
LANGUAGES = {"en": "English", "cy": "Welsh", "mixed": "both"}


LINE = "Dave Smith in room 12 helped me, ring 07700 900123."


def one_line_from_the_command_line(runs: int = 9) -> tuple[float, float]:
    """Medians of the command and of its floor, each a fresh process, taken in turns. The
    floor does the work the command cannot skip: start Python, import the anonymiser, and
    scrub the line (its first call builds its patterns)."""
    bare = [
        sys.executable,
        "-c",
        "from survey_app.core.privacy.anonymiser import anonymise; "
        f"print(anonymise({LINE!r}).text)",
    ]
    command = [sys.executable, "-m", "survey_app", "anonymise"]
    times: dict[str, list[float]] = {"bare": [], "command": []}
    for _ in range(runs):
        for name, argv in (("bare", bare), ("command", command)):
            start = time.perf_counter()
            subprocess.run(argv, input=LINE, capture_output=True, text=True, check=True)
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["command"]), statistics.median(times["bare"])


def a_batch_from_the_command_line(items: list[Labelled], size: int = 1000) -> float:
    """Comments a second for `survey-app anonymise --jsonl` on a batch of `size`, start-up
    included: a fresh process reading them all on its input."""
    lines = "".join(
        json.dumps({"id": str(n), "text": items[n % len(items)].text}) + "\n" for n in range(size)
    )
    command = [sys.executable, "-m", "survey_app", "anonymise", "--jsonl"]
    times = []
    # five: on this shared machine one run in three can be a slow moment's
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(command, input=lines, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
    return size / statistics.median(times)


def by_language(names: tuple[str, ...]) -> dict[str, float]:
    """Recall on the comments written in English, in Welsh, and in both, as their writer
    labelled them."""
    found: dict[str, list[Labelled]] = {}
    for name in names:
        for line in (DATA / f"{name}.jsonl").read_text("utf-8").splitlines():
            if line:
                record = json.loads(line)
                found.setdefault(record.get("lang", "en"), []).append(parse(record))
    return {lang: score(group, find).recall() for lang, group in sorted(found.items())}


def review_marks(items: list[Labelled]) -> tuple[int, int, int, int]:
    """What the lead's review marks under each quote (`unsure`): how many of the
    identifiers left in fall on a mark, of how many; and how many marks in the comments
    with nothing personal, of how many such comments."""
    on_misses = misses = quiet_marks = quiet = 0
    for item in items:
        result = anonymise(item.text, item.language)
        marked = [result.text[a:b].lower() for a, b in unsure(result.text)]
        if not item.spans:
            quiet += 1
            quiet_marks += len(marked)
            continue
        for span in item.spans:
            if covered(span, result.redactions, item.text):
                continue
            misses += 1
            words = re.findall(r"\w+", item.text[span.start : span.end].lower())
            on_misses += any(w in m for w in words for m in marked)
    return on_misses, misses, quiet_marks, quiet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=(
            "dev",
            "dev2",
            "test",
            "all",
            "dev3",
            "held3",
            "dev4",
            "held4",
            "dev5",
            "dev6",
            "held5",
            "dev7",
            "dev8",
            "dev9",
            "held6",
            "dev10",
            "held7",
            "dev11",
            "held8",
            "dev12",
            "held9",
            "dev13",
            "held10",
            "dev14",
            "held11",
            "dev15",
            "held12",
            "dev16",
            "held13",
            "dev17",
            "held14",
            "dev18",
            "held15",
            "dev19",
            "held16",
            "dev20",
            "held17",
        ),
        default="all",
    )
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures here for benchmarks/run")
    args = parser.parse_args()
    names = ("dev", "dev2", "test") if args.set == "all" else (args.set,)
    if args.misses and any(name.startswith("held") for name in names):
        # Written apart from the code and kept unread: its figures are told, never its words.
        raise SystemExit(f"{args.set} is kept unread: its misses are not shown")
    items = [item for name in names for item in read(DATA / f"{name}.jsonl")]
    scores = score(items, find)
    clean_target = TARGETS["clean"] if args.set in ("dev", "dev2", "test", "all") else CLEAN_APART

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
        f"{clean_target:.0%}); with nothing left in: "
        f"{scores.leak_free / scores.comments:.1%}"
    )
    print(
        f"other words changed: {scores.other_changed} of {scores.other_words} = "
        f"{scores.changed_share:.2%} (target at most {TARGETS['changed']:.0%})"
    )

    languages = by_language(names)
    print(
        "recall by the comment's language: "
        + ", ".join(f"{lang} {value:.1%}" for lang, value in languages.items())
    )

    on_misses, misses, quiet_marks, quiet = review_marks(items)
    print(
        f"the review's marks fall on {on_misses} of the {misses} identifiers left in; "
        f"{quiet_marks} marks in the {quiet} comments with nothing personal"
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
    # Every module compiled, as after an installation or a first run: where the
    # environment says PYTHONDONTWRITEBYTECODE, a source changed since its .pyc was
    # written would otherwise be compiled again in every fresh process timed here.
    compileall.compile_dir(Path(__file__).parents[1] / "survey_app", quiet=1)
    batch = a_batch_from_the_command_line(items)
    print(
        f"`survey-app anonymise --jsonl` on 1,000 comments, start-up included: "
        f"{batch:,.0f} comments/s (target at least {TARGETS['speed']:,.0f})"
    )
    command, bare = one_line_from_the_command_line()
    print(
        f"`survey-app anonymise` on one line, a fresh process: {command:.3f} s; the "
        f"anonymiser imported and run on that line in bare Python: {bare:.3f} s "
        f"({command / bare:.2f}x, target at most 1.3x)"
    )
    name = args.set
    figures = [
        figure(f"{name}: recall", recall * 100, "%", at_least=TARGETS["recall"] * 100),
        figure(
            f"{name}: comments fully clean",
            scores.clean_share * 100,
            "%",
            at_least=clean_target * 100,
        ),
        figure(
            f"{name}: other words changed",
            scores.changed_share * 100,
            "%",
            at_most=TARGETS["changed"] * 100,
        ),
        *(
            figure(f"{name}: recall, comments in {LANGUAGES.get(lang, lang)}", value * 100, "%")
            for lang, value in languages.items()
        ),
    ]
    if name == "all":  # the speeds are the same whichever set: told once
        figures += [
            figure(
                "comments a second, one core",
                speed,
                "/s",
                ("splitting into words", floor),
                at_least=TARGETS["speed"],
            ),
            figure(
                "comments a second, a batch of 1,000 with start-up",
                batch,
                "/s",
                at_least=TARGETS["speed"],
            ),
            figure(
                "`survey-app anonymise` on one line (a fresh process)",
                command,
                "s",
                ("the anonymiser imported and run on it in bare Python", bare),
                ratio=1.3,
            ),
        ]
    emit(args.json, figures)  # fmt: skip
    if args.misses:
        print("\nleft in:")
        for comment, kind, text in scores.misses:
            print(f"  {comment:10} {kind:14} {text}")
        print("\nremoved wrongly:")
        for comment, word in scores.false_hits:
            print(f"  {comment:10} {word}")


if __name__ == "__main__":
    main()
