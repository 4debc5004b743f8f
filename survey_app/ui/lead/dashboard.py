"""The dashboard: response rate, residents' positive share per standard, and the way in
to each standard, the quotes, the triangulation matrix, the ratings and the exports."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from survey_app.core.analysis.ratings import STANDARDS, standard_name
from survey_app.core.i18n import _, ngettext
from survey_app.core.store.entry import Keying
from survey_app.core.text import display_safe
from survey_app.reports.pack import (
    imported_text,
    left_out_text,
    mostly_text,
    overall_text,
    rate_text,
    release_text,
    residents_text,
    share_text,
)
from survey_app.ui.lead.base import LeadScreen
from survey_app.ui.widgets.charts import Bar, BarChart


class DashboardScreen(LeadScreen[None]):
    BINDINGS = [
        *LeadScreen.BINDINGS,
        Binding("q", "quotes", show=False),
        Binding("t", "matrix", show=False),
        Binding("r", "ratings", show=False),
        Binding("k", "findings", show=False),
        Binding("o", "residents", show=False),
        Binding("e", "export", show=False),
        Binding("ctrl+r", "recount", show=False),
    ]

    def compose(self) -> ComposeResult:
        evidence = self.evidence
        yield from self.header(_("Residents' views: dashboard"))
        with VerticalScroll(classes="body"):
            yield Static(Content(rate_text(evidence)), id="rate")
            # Filled from the store (see show_paper): counts of forms and of keying only.
            yield Static(Content(""), id="paper")
            yield Static(Content(release_text(evidence)), id="release")
            if imported := imported_text(evidence):
                conflicts = evidence.imported is not None and evidence.imported.conflicts > 0
                yield Static(
                    Content(imported), id="imported", classes="warning" if conflicts else ""
                )
            # Filled once counted (see show_alerts); never part of the evidence, so never
            # in a report or an export.
            yield Static(Content(""), id="alerts", classes="warning")
            pending = evidence.pending_quotes
            yield Static(
                Content(
                    ngettext(
                        "{n} quote waits for your review.",
                        "{n} quotes wait for your review.",
                        pending,
                    ).format(n=pending)
                ),
                id="pending",
            )
            yield Static(Content(_("Positive answers per standard")), classes="heading")
            yield BarChart(
                [
                    Bar(f"{s.standard}. {standard_name(s.standard)}", s.share, share_text(s))
                    for s in evidence.aggregates.standards
                ],
                scale=1.0,
                id="shares",
            )
            yield Static(Content(_("Residents mostly positive per standard")), classes="heading")
            yield BarChart(
                [
                    Bar(
                        f"{s.standard}. {standard_name(s.standard)}",
                        s.resident_share,
                        residents_text(s, short=True),
                    )
                    for s in evidence.aggregates.standards
                ],
                scale=1.0,
                id="residents",
            )
            yield Static(Content(mostly_text()), classes="note")
            for n in STANDARDS:
                # Every question a share leaves out is named, so that no share reads as
                # more than it counts.
                if left_out := left_out_text(evidence, n):
                    yield Static(
                        Content(display_safe(f"{n}. {standard_name(n)}: {left_out}")),
                        classes="left-out",
                    )
            yield Static(Content(overall_text(evidence)), id="overall")
            yield Static(Content(_("Open a standard")), classes="heading")
            yield OptionList(
                *(
                    Option(Content(f"{n}. {standard_name(n)}"), id=f"standard-{n}")
                    for n in STANDARDS
                ),
                id="standards",
            )
        yield self.keys(
            [
                ("enter", _("open")),
                ("k", _("key findings")),
                ("q", _("quotes")),
                ("t", _("triangulation")),
                ("r", _("ratings")),
                ("o", _("residents")),
                ("e", _("export")),
                ("ctrl+r", _("count again")),
            ]
        )

    async def on_mount(self) -> None:
        # The list of standards is last in the body: focusing it must not scroll the
        # counts and warnings at the top out of sight.
        self.query_one("#standards", OptionList).focus(scroll_visible=False)
        await self.show_alerts()
        await self.show_paper()

    async def relabel(self) -> None:
        await super().relabel()
        self.query_one("#standards", OptionList).focus(scroll_visible=False)
        await self.show_alerts()
        await self.show_paper()

    async def show_paper(self) -> None:
        """Paper forms beside the response rate: printed, typed in, what double entry
        found, and the answers to look at again. Counts only, never part of the evidence."""
        store = self.lead.store
        assert store is not None
        inspection_id = self.lead.inspection_id
        issued = await store.paper_copies_issued(inspection_id)
        line = self.query_one("#paper", Static)
        line.display = issued > 0
        if issued:
            text = paper_text(
                issued,
                await store.paper_entered(inspection_id),
                await store.paper_keying(inspection_id),
                await store.paper_flags(inspection_id),
            )
            line.update(Content(text))

    async def show_alerts(self) -> None:
        """How many alerts there are, open and closed: counts only, the words stay
        sealed (`survey-app alerts`, with the passphrase, opens them)."""
        assert self.lead.store is not None
        counts = await self.lead.store.alert_counts(self.lead.inspection_id)
        line = self.query_one("#alerts", Static)
        line.display = bool(counts)
        if counts:
            closed = counts.get("closed", 0)
            line.update(Content(alerts_text(sum(counts.values()) - closed, closed,
                                            self.lead.inspection_id)))  # fmt: skip

    def on_screen_resume(self) -> None:
        # Coming back from a screen that changed something: show the new counts.
        self.run_worker(self._refresh(), exclusive=True, group="recount")

    async def _refresh(self, everything: bool = False) -> None:
        await self.lead.refresh_evidence(everything)
        await self.relabel()

    async def action_recount(self) -> None:
        await self._refresh(everything=True)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from survey_app.ui.lead.standard import StandardScreen

        if event.option.id and event.option.id.startswith("standard-"):
            await self.app.push_screen(StandardScreen(int(event.option.id.split("-")[1])))

    async def action_quotes(self) -> None:
        from survey_app.ui.lead.quotes import QuoteReviewScreen

        await self.app.push_screen(QuoteReviewScreen())

    async def action_matrix(self) -> None:
        from survey_app.ui.lead.matrix import MatrixScreen

        await self.app.push_screen(MatrixScreen())

    async def action_findings(self) -> None:
        from survey_app.ui.lead.findings import FindingsScreen

        await self.app.push_screen(FindingsScreen())

    async def action_ratings(self) -> None:
        from survey_app.ui.lead.ratings import RatingsScreen

        await self.app.push_screen(RatingsScreen())

    async def action_residents(self) -> None:
        from survey_app.ui.lead.prompt import Prompt

        current = self.lead.inspection.residents if self.lead.inspection else 0

        async def save(answer: str | None) -> None:
            if answer is None or self.lead.store is None:
                return
            await self.lead.store.set_residents(self.lead.inspection_id, int(answer))
            await self._refresh()

        await self.app.push_screen(
            Prompt(
                _("How many residents live at the AP during fieldwork (occupancy)?"),
                str(current),
                number=True,
            ),
            save,
        )

    async def action_back(self) -> None:
        # The dashboard is the lead's first screen: back leaves the lead's view (locked).
        self.leave()

    async def action_export(self) -> None:
        from survey_app.ui.lead.export import ExportScreen

        await self.app.push_screen(ExportScreen())


def alerts_text(open_: int, closed: int, inspection_id: int) -> str:
    return _(
        "Alerts from interviews: open {open}, closed {closed}. They are kept apart from the "
        "survey: survey-app alerts list --inspection {id}"
    ).format(open=open_, closed=closed, id=inspection_id)


def paper_text(issued: int, entered: int, keying: Keying, flags: dict[str, int]) -> str:
    lines = [
        ngettext(
            "Paper forms: {issued} printed, {entered} typed in.",
            "Paper forms: {issued} printed, {entered} typed in.",
            issued,
        ).format(issued=issued, entered=entered)
    ]
    if keying.forms:
        lines.append(
            ngettext(
                "Double entry: {forms} form keyed twice, {fields} fields compared, {differed} "
                "differed; decided as the first keyer typed {first}, as the second {second}, "
                "neither {neither}.",
                "Double entry: {forms} forms keyed twice, {fields} fields compared, {differed} "
                "differed; decided as the first keyer typed {first}, as the second {second}, "
                "neither {neither}.",
                keying.forms,
            ).format(
                forms=keying.forms,
                fields=keying.fields,
                differed=keying.differed,
                first=keying.first_kept,
                second=keying.second_kept,
                neither=keying.neither_kept,
            )
        )
    if flags:
        lines.append(
            _(
                "Paper answers to weigh: {routing} given where the routing skips the question "
                "(kept), {unreadable} that could not be read, {multiple} with more than one box "
                "ticked."
            ).format(
                routing=flags.get("routing", 0),
                unreadable=flags.get("unreadable", 0),
                multiple=flags.get("multiple", 0),
            )
        )
    return "\n".join(lines)
