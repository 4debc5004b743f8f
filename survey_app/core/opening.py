"""Which database a resident's app opens: a device's outbox or the lead's store, by what
the file is. It sits above both, so that neither knows the other, and imports only the
kind it finds: a device never loads the lead's store."""

from __future__ import annotations

from pathlib import Path

from survey_app.core.collection.collector import CollectingDb


async def open_collecting(path: Path) -> CollectingDb:
    """The database at `path` as those who collect see it: a device's outbox if it is one
    (answers sealed, nothing read back), otherwise the collecting part of the lead's
    store."""
    from survey_app.core.storage.database import kind_of

    if kind_of(path) == "device":
        from survey_app.core.device.outbox import Outbox

        return await Outbox.open(path)
    from survey_app.core.store.collecting import CollectingStore

    return await CollectingStore.open(path)
