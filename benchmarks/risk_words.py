"""Words of risk in residents' comments: recall and false alarms of the detector, on the
independently written sets it was developed against and on the half of the second set held
out (comments no one changing the detector reads). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/risk_words.py
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from survey_app.core.collection.risk import words_of_risk

HERE = Path(__file__).parent
DEVELOPMENT = HERE.parent / "tests" / "data" / "risk"
SETS = {
    "first set": DEVELOPMENT / "development.json",
    "first, other half": DEVELOPMENT / "development-2.json",
    "second set": DEVELOPMENT / "development-3.json",
    "held out": HERE / "data" / "risk-held-out.json",
}
"""The first set's two halves were both read while the detector was generalised; the
second set's held-out half is read by no one changing it."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    for name, path in SETS.items():
        comments = json.loads(path.read_text(encoding="utf-8"))["comments"]
        for language in ("en", "cy"):
            part = [c for c in comments if c["language"] == language]
            found = [words_of_risk(c["text"]) for c in part]
            risky = sum(c["risk"] for c in part)
            hits = sum(f for f, c in zip(found, part, strict=True) if c["risk"])
            alarms = sum(f for f, c in zip(found, part, strict=True) if not c["risk"])
            print(
                f"{name:18} {language}: recall {hits}/{risky} ({hits / risky:.0%}), "
                f"false alarms {alarms}/{len(part) - risky}"
            )
    texts = [c["text"] for path in SETS.values()
             for c in json.loads(path.read_text(encoding="utf-8"))["comments"]] * 100  # fmt: skip
    start = time.perf_counter()
    for text in texts:
        words_of_risk(text)
    elapsed = time.perf_counter() - start
    print(f"speed: {len(texts) / elapsed:,.0f} comments/s")


if __name__ == "__main__":
    main()
