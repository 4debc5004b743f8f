"""The part of the lead's store that a resident's app uses: inspections, and responses
written one durable answer at a time, and alerts raised in an interview (sealed: it cannot
read them back). It counts nothing and publishes nothing: the
resident's apps carry none of the lead's counting."""

from __future__ import annotations

from survey_app.core.store.alerts import AlertIntake
from survey_app.core.store.inspections import Inspections
from survey_app.core.store.paper import PaperCopies
from survey_app.core.store.responses import Responses
from survey_app.core.store.schema import SCHEMA


class CollectingStore(Responses, Inspections, AlertIntake, PaperCopies):
    """The same file and schema as the lead's `Store`, seen by those who collect."""

    SCHEMA = SCHEMA
