"""One question: its answers counted, drawn, and broken down by a group, all with small
numbers protected."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Select, Static

from survey_app.core.evidence.breakdown import (
    Breakdown,
    GroupRow,
    Record,
    breakdown,
    group_name,
    grouping_name,
    groupings,
)
from survey_app.core.i18n import _, current_language
from survey_app.core.text import display_safe
from survey_app.reports.pack import apart_text, base_text, cell_text
from survey_app.ui.lead.base import LeadScreen
from survey_app.ui.widgets.charts import Bar, BarChart


class QuestionScreen(LeadScreen[None]):
    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id
        self.by = "mode"
        self.records: list[Record] | None = None

    def compose(self) -> ComposeResult:
        evidence = self.evidence
        language = current_language()
        questionnaire = evidence.questionnaire
        table = evidence.table(self.question_id)
        assert table is not None
        question = table.question
        yield from self.header(display_safe(questionnaire.text(question, language)))
        with VerticalScroll(classes="body"):
            yield Static(Content(base_text(table)), id="base")
            if table.base_shown and table.cells:
                labels = dict(questionnaire.options(question, language))
                yield BarChart(
                    [
                        Bar(labels.get(c.code, c.code), c.visible, cell_text(table, c))
                        for c in table.cells
                    ],
                    scale=max(table.base, 1),
                    id="answers",
                )
            yield Static(Content(apart_text(table)), id="apart")
            # Content, never a str: an option's words would otherwise be read as markup.
            choices = [
                (Content(display_safe(grouping_name(questionnaire, by, language))), by)
                for by in groupings(questionnaire)
                if by != question.id
            ]
            yield Static(Content(_("Break down by")), classes="heading")
            yield Select(choices, value=self.by, allow_blank=False, id="by")
            yield DataTable(id="breakdown", cursor_type="row", zebra_stripes=True)
            yield Static(Content(""), id="breakdown-note")
            # Filled once read: the inspectors' words, marked as theirs, never a resident's.
            yield Static(Content(_("Inspectors' notes from interviews")), classes="heading",
                         id="notes-heading")  # fmt: skip
            yield Vertical(id="notes")
        yield self.keys([("tab", _("choose a breakdown"))])

    async def on_mount(self) -> None:
        assert self.lead.store is not None
        await self.show_notes()
        self.records = [
            Record(mode, language, answers)
            for mode, language, answers in await self.lead.store.records(
                self.lead.inspection_id, released=True
            )
        ]
        self.fill()

    async def relabel(self) -> None:
        await super().relabel()
        await self.show_notes()
        self.fill()

    async def show_notes(self) -> None:
        from survey_app.core.evidence.notes import interview_notes

        assert self.lead.store is not None
        notes = await interview_notes(
            self.lead.store, self.lead.inspection_id, self.question_id, current_language()
        )
        self.query_one("#notes-heading").display = bool(notes)
        box = self.query_one("#notes", Vertical)
        await box.remove_children()
        await box.mount_all(
            Static(
                Content(_("Inspector's note: {note}").format(note=display_safe(note))),
                classes="inspector-note",
            )
            for note in notes
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.by:
            self.by = event.value
            self.fill()

    def fill(self) -> None:
        if self.records is None:
            return
        evidence = self.evidence
        question = evidence.questionnaire.by_id[self.question_id]
        release = evidence.release
        if release is not None and release.members_changed:
            # The release still counts a resident as they were; groups counted from what
            # is stored now, beside its tables, would give them back by difference.
            grid = self.query_one("#breakdown", DataTable)
            grid.clear(columns=True)
            grid.display = False
            self.query_one("#breakdown-note", Static).update(
                Content(
                    _(
                        "A response this release counts has been withdrawn or finished since: "
                        "breakdowns come back with the next release."
                    )
                )
            )
            return
        result = breakdown(
            evidence.questionnaire,
            question,
            self.by,
            self.records,
            evidence.threshold,
            published={t.question.id: t for t in evidence.aggregates.questions},
            modes=evidence.aggregates.modes,
        )
        grid = self.query_one("#breakdown", DataTable)
        grid.clear(columns=True)
        note = self.query_one("#breakdown-note", Static)
        if result is None:
            note.update(Content(_("No breakdown can be shown for this question.")))
            grid.display = False
            return
        grid.display = True
        self._fill_grid(grid, result)
        hidden = sum(not row.shown and row.base > 0 for row in result.rows)
        note.update(
            Content(
                _(
                    "Groups marked 'not shown' are too small, or hidden so that a small group "
                    "cannot be worked out from the others."
                )
                if hidden
                else ""
            )
        )

    def _fill_grid(self, grid: DataTable[Text], result: Breakdown) -> None:
        language = current_language()
        questionnaire = self.evidence.questionnaire
        labels = dict(questionnaire.options(result.question, language))
        grid.add_column(Text(grouping_name(questionnaire, result.by, language)))
        grid.add_column(Text(_("Answered")))
        for cell in result.overall.cells:
            grid.add_column(Text(labels.get(cell.code, cell.code)))
        for row in result.rows:
            grid.add_row(*self._row(result, row))

    def _row(self, result: Breakdown, row: GroupRow) -> list[Text]:
        name = group_name(self.evidence.questionnaire, result.by, row.group, current_language())
        if not row.shown:
            return [Text(name), Text(_("not shown"))] + [Text("") for _ in row.cells]
        texts = []
        for cell in row.cells:
            if cell.shown == "small":
                texts.append(_("fewer than {n}").format(n=result.overall.threshold))
            elif cell.shown == "hidden":
                texts.append(_("not shown"))
            else:
                percent = row.percent(cell)
                texts.append(
                    f"{cell.count} ({percent:.0f}%)" if percent is not None else str(cell.count)
                )
        return [Text(name), Text(str(row.base)), *map(Text, texts)]
