"""What every app of this package does with its database: open it when mounted, find the
inspection (or leave with a clear message), close it when unmounted."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from survey_app.core.collection.collector import CollectingDb
from survey_app.core.collection.inspection import Inspection
from survey_app.core.collection.session import SurveySession
from survey_app.core.i18n import _
from survey_app.core.opening import open_collecting
from survey_app.ui import terminal_input


class StoredApp(App[None]):
    db_path: Path
    inspection_id: int
    store: CollectingDb | None = None
    inspection: Inspection | None = None
    session: SurveySession | None = None
    """The response being answered (a resident's, or an interview's), if any."""

    def __init__(self, opened: CollectingDb | None = None) -> None:
        super().__init__()
        self.store = opened
        # Pasted text reaches the app whole and in order (see terminal_input).
        terminal_input.install()

    async def open_store(self) -> bool:
        """Open the database and find the inspection; False (the app exits) if it is not
        there. A store handed over already open (`opened`) is used as it is: the command
        line opens it once, on the loop the app then runs on, to check it before the
        terminal is taken over."""
        if self.store is None:
            self.store = await self.open_db()
        self.inspection = await self.store.get_inspection(self.inspection_id)
        if self.inspection is None:
            self.exit(
                message=_(
                    "There is no inspection {id} in {db}: see survey-app inspection list"
                ).format(id=self.inspection_id, db=self.db_path)
            )
            return False
        return True

    async def open_db(self) -> CollectingDb:
        """What the app opens: for a resident's app, the collecting part of the lead's
        store, or a device's outbox."""
        return await open_collecting(self.db_path)

    async def end_session(self) -> None:
        """Keep what was given so far as a partial response, then forget it."""
        session, self.session = self.session, None
        if session is not None and session.open:
            try:
                await session.abandon(keep=True)
            except Exception:
                # Its answers are stored; it stays "in progress", which counts as partial.
                self.log.error("could not mark a response partial")

    async def close_store(self) -> None:
        if self.store is not None:
            await self.store.close()
            self.store = None

    def _fatal_error(self) -> None:
        """After an unhandled error: the traceback without the values of local variables.
        Textual's own shows them, and here they can hold what a resident wrote; a web
        session's output ends up in the server operator's terminal or journal."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    @property
    def demo(self) -> bool:
        return bool(self.inspection and self.inspection.demo)
