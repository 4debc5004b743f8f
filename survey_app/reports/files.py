"""Writing exports to files: all or nothing.

Each file is written beside its target under a temporary name and renamed into place, so a
full disk or an interruption never leaves half a file where a complete one is expected.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from survey_app.core import export as tidy
from survey_app.core.evidence import gather
from survey_app.core.questionnaire import Questionnaire
from survey_app.core.quotes import gather as gather_quotes
from survey_app.core.store import Store
from survey_app.reports.pack import to_html, to_markdown


def codebook_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.codebook.csv")


async def export(
    store: Store, questionnaire: Questionnaire, inspection_id: int, fmt: str, out: Path
) -> list[Path]:
    """Write one export; the paths written."""
    # Free text not yet scrubbed becomes pending quotes: counted in the pack's note, never
    # printed until the lead approves it.
    await gather_quotes(store, questionnaire, inspection_id)
    evidence = await gather(store, questionnaire, inspection_id)
    if fmt in ("html", "md"):
        text = to_html(evidence) if fmt == "html" else to_markdown(evidence)
        return [write_atomic(out, text)]
    records = [answers for _mode, _language, answers in await store.records(inspection_id)]
    data = tidy.rows(evidence, records)
    if fmt == "json":
        return [write_atomic(out, tidy.data_json(evidence, data))]
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    book = codebook_path(out)
    return [write_atomic(out, tidy.data_csv(data)), write_atomic(book, tidy.codebook_csv(evidence))]


def write_atomic(path: Path, text: str) -> Path:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
