"""The triangulation matrix: standards against sources of evidence, the resident survey
filled from residents' answers, the rest recorded by the lead; a standard is flagged where
residents' views point the other way from the other evidence."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from survey_app.core.analysis import triangulation
from survey_app.core.analysis.ratings import STANDARDS, standard_name
from survey_app.core.i18n import _
from survey_app.core.text import display_safe
from survey_app.reports.pack import judgement_text
from survey_app.ui.lead.base import LeadScreen

OTHERS = triangulation.SOURCES[1:]


def two_lines(label: str) -> Text:
    """A column's name broken at the space nearest its middle."""
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    if not spaces:
        return Text(label)
    cut = min(spaces, key=lambda i: abs(len(label) - 2 * i))
    return Text(f"{label[:cut]}\n{label[cut + 1 :]}")


class MatrixScreen(LeadScreen[None]):
    BINDINGS = [
        *LeadScreen.BINDINGS,
        Binding("s", "judge('supports')", show=False),
        Binding("m", "judge('mixed')", show=False),
        Binding("c", "judge('contradicts')", show=False),
        Binding("delete,backspace", "judge('')", show=False),
        Binding("n", "note", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield from self.header(_("Triangulation"))
        with VerticalScroll(classes="body"):
            yield Static(
                Content(
                    _(
                        "What each source of evidence shows for each standard. The resident "
                        "survey column comes from residents' answers."
                    )
                )
            )
            # Headers on two lines: on one, the sources' names alone are wider than a
            # 120-column screen, and the flag column fell off its edge.
            yield DataTable(id="matrix", cursor_type="cell", header_height=2)
            yield Static(
                Content(
                    _(
                        "'differ': residents' views point the other way from the other "
                        "evidence taken together."
                    )
                ),
                id="legend",
            )
            yield Static(Content(""), id="note")
        yield self.keys(
            [
                ("s", _("supports")),
                ("m", _("mixed")),
                ("c", _("contradicts")),
                ("del", _("clear")),
                ("n", _("note")),
            ]
        )

    def on_mount(self) -> None:
        self.fill()

    async def relabel(self) -> None:
        await super().relabel()
        self.fill()

    def fill(self) -> None:
        grid = self.query_one("#matrix", DataTable)
        where = grid.cursor_coordinate
        grid.clear(columns=True)
        grid.add_column(Text(_("Standard")))
        for source in triangulation.SOURCES:
            grid.add_column(two_lines(triangulation.source_name(source)))
        grid.add_column(two_lines(_("Residents' views")))
        for row in self.evidence.matrix:
            flag = _("differ") if row.diverges else ""
            grid.add_row(
                Text(f"{row.standard}. {standard_name(row.standard)}"),
                *(Text(judgement_text(row.judgements[s])) for s in triangulation.SOURCES),
                Text(flag, style="bold"),
            )
        grid.cursor_coordinate = where if where.column else where._replace(column=2)
        grid.focus()
        self._show_note()

    def _selected(self) -> tuple[int, str] | None:
        grid = self.query_one("#matrix", DataTable)
        row, column = grid.cursor_coordinate
        # Column 0 names the standard, 1 is the resident survey, the last is the flag.
        if not 2 <= column < 2 + len(OTHERS):
            return None
        return STANDARDS[row], OTHERS[column - 2]

    def on_data_table_cell_highlighted(self) -> None:
        self._show_note()

    def _show_note(self) -> None:
        selected = self._selected()
        note = self.query_one("#note", Static)
        if selected is None:
            note.update(Content(_("Choose a cell of another source to record what it shows.")))
            return
        text = self.evidence.notes.get(selected, "")
        note.update(
            Content(_("Note: {note}").format(note=display_safe(text)) if text else _("No note."))
        )

    async def action_judge(self, judgement: str) -> None:
        selected = self._selected()
        if selected is None or self.lead.store is None:
            self._show_note()
            return
        standard, source = selected
        note = self.evidence.notes.get(selected, "")
        await self.lead.store.set_evidence(
            self.lead.inspection_id, standard, source, judgement or None, note
        )
        await self.lead.refresh_evidence()
        self.fill()

    async def action_note(self) -> None:
        from survey_app.ui.lead.prompt import Prompt

        selected = self._selected()
        if selected is None:
            return
        standard, source = selected
        current = self.evidence.notes.get(selected, "")
        recorded = {
            (row.standard, s): j for row in self.evidence.matrix for s, j in row.judgements.items()
        }

        async def save(text: str | None) -> None:
            if text is None or self.lead.store is None:
                return
            judgement = recorded.get(selected)
            if judgement is None:
                self.query_one("#note", Static).update(
                    Content(_("Record what the source shows first (s, m or c), then a note."))
                )
                return
            await self.lead.store.set_evidence(
                self.lead.inspection_id, standard, source, judgement, text
            )
            await self.lead.refresh_evidence()
            self.fill()

        await self.app.push_screen(
            Prompt(
                _("Note for {source}, standard {n}:").format(
                    source=triangulation.source_name(source), n=standard
                ),
                current,
            ),
            save,
        )
