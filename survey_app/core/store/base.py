"""The lead's store: one SQLite file, every answer durable the moment it is given.

- WAL journal with `synchronous=FULL`: a committed answer survives a crash or a power cut.
- One transaction per answer (with the routing changes it causes), committed before the
  next question appears.
- Nothing identifying: responses have random ids, no time finer than a day, no device,
  no name. Tables are `WITHOUT ROWID` and keyed by those random ids, so not even the
  storage order tells who answered after whom.

Each concern has its module (inspections, responses, quotes, the lead's records, counting,
paper entry); this class puts them together on one connection.
"""

from __future__ import annotations

from survey_app.core.store.alerts import AlertTracking
from survey_app.core.store.collecting import CollectingStore
from survey_app.core.store.counting import Counting
from survey_app.core.store.entry import PaperEntry
from survey_app.core.store.imports import Imports
from survey_app.core.store.quotes import Quotes
from survey_app.core.store.records import Records
from survey_app.core.store.schema import SCHEMA


class Store(CollectingStore, Quotes, Records, Counting, Imports, AlertTracking, PaperEntry):
    """The small interface the rest of the app uses; SQL stays in this package."""

    SCHEMA = SCHEMA
