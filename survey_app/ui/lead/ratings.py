"""Ratings: the lead proposes a rating per standard with a rationale; the overall rating
follows the manual's banding, with how far the total is from the next band."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from survey_app.core.analysis import triangulation
from survey_app.core.analysis.ratings import RATINGS, STANDARDS, label, standard_name
from survey_app.core.i18n import _
from survey_app.core.text import display_safe
from survey_app.reports.pack import overall_text, rating_text, views_text
from survey_app.ui.lead.base import LeadScreen


class RatingsScreen(LeadScreen[None]):
    BINDINGS = [
        *LeadScreen.BINDINGS,
        *(Binding(str(points), f"rate({points})", show=False) for points in range(4)),
        Binding("delete,backspace", "rate(-1)", show=False),
        Binding("w", "rationale", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield from self.header(_("Ratings"))
        with VerticalScroll(classes="body"):
            yield Static(
                Content(
                    " · ".join(f"{points} {label(name)}" for points, name in enumerate(RATINGS))
                )
            )
            yield DataTable(id="ratings", cursor_type="row")
            yield Static(Content(""), id="overall")
            yield Static(Content(""), id="rationale")
        yield self.keys([("0-3", _("rate")), ("del", _("clear")), ("w", _("write the rationale"))])

    def on_mount(self) -> None:
        self.fill()

    async def relabel(self) -> None:
        await super().relabel()
        self.fill()

    def fill(self) -> None:
        evidence = self.evidence
        grid = self.query_one("#ratings", DataTable)
        row_at = grid.cursor_row
        grid.clear(columns=True)
        for heading in (_("Standard"), _("Residents' views"), _("Other evidence"), _("Rating")):
            grid.add_column(Text(heading))
        for row in evidence.matrix:
            others = [
                triangulation.judgement_name(j)
                for s, j in row.judgements.items()
                if s != "resident_survey" and j
            ]
            residents = views_text(evidence.standard(row.standard))
            if row.diverges:
                residents += " — " + _("differs from the other evidence")
            grid.add_row(
                Text(f"{row.standard}. {standard_name(row.standard)}"),
                Text(residents),
                Text(", ".join(others) or "–"),
                Text(rating_text(evidence, row.standard)),
            )
        grid.move_cursor(row=row_at)
        grid.focus()
        self.query_one("#overall", Static).update(Content(overall_text(evidence)))
        self._show_rationale()

    def on_data_table_row_highlighted(self) -> None:
        self._show_rationale()

    def _standard(self) -> int:
        return STANDARDS[self.query_one("#ratings", DataTable).cursor_row]

    def _show_rationale(self) -> None:
        rating = self.evidence.ratings.get(self._standard())
        text = rating.rationale if rating else ""
        self.query_one("#rationale", Static).update(
            Content(
                _("Rationale: {text}").format(text=display_safe(text))
                if text
                else _("No rationale written yet.")
            )
        )

    async def action_rate(self, points: int) -> None:
        if self.lead.store is None:
            return
        standard = self._standard()
        current = self.evidence.ratings.get(standard)
        await self.lead.store.set_rating(
            self.lead.inspection_id,
            standard,
            None if points < 0 else points,
            current.rationale if current else "",
        )
        await self.lead.refresh_evidence()
        self.fill()

    async def action_rationale(self) -> None:
        from survey_app.ui.lead.prompt import Prompt

        standard = self._standard()
        current = self.evidence.ratings.get(standard)
        if current is None:
            self.query_one("#rationale", Static).update(
                Content(_("Rate the standard first (0 to 3), then write why."))
            )
            return

        async def save(text: str | None) -> None:
            if text is None or self.lead.store is None:
                return
            await self.lead.store.set_rating(
                self.lead.inspection_id, standard, current.points, text
            )
            await self.lead.refresh_evidence()
            self.fill()

        await self.app.push_screen(
            Prompt(_("Why this rating for standard {n}?").format(n=standard), current.rationale),
            save,
        )
