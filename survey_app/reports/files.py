"""Writing exports to files: all or nothing.

Each file is written beside its target under a temporary name, flushed to disk, and only
then renamed into place; an export of two files (CSV data and its codebook) writes both
before renaming either. A full disk or an interruption never leaves half a file, nor one
file of a pair, where a complete export is expected.
"""

from __future__ import annotations

from pathlib import Path

from survey_app.core.evidence import export as tidy
from survey_app.core.evidence.gather import gather
from survey_app.core.evidence.quotes import gather as gather_quotes
from survey_app.core.i18n import _
from survey_app.core.paths import write_together
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.store.base import Store
from survey_app.reports.pack import to_html, to_markdown


class ExportRefused(RuntimeError):
    """This export cannot be made from the release shown; the message says why."""


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
    release = evidence.release
    if release is not None and release.members_changed:
        # The release still counts that resident (it never changes by one person); rows
        # without them beside its tables would give their answers back by difference.
        raise ExportRefused(
            _(
                "A response release {n} counts has been withdrawn or finished since: data "
                "by answer waits for the next release (or for the inspection to close). The "
                "evidence pack can be written now."
            ).format(n=release.number)
        )
    records = [
        answers for _mode, _language, answers in await store.records(inspection_id, released=True)
    ]
    data = tidy.rows(evidence, records)
    if fmt == "json":
        return [write_atomic(out, tidy.data_json(evidence, data))]
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    book = codebook_path(out)
    return write_together([(out, tidy.data_csv(data)), (book, tidy.codebook_csv(evidence))])


def write_atomic(path: Path, text: str) -> Path:
    return write_together([(path, text)])[0]
