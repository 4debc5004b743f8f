"""Quote review: each scrubbed quote with the kinds of thing removed (never the words), the
lead hides more by selecting words, then approves or rejects it. Only approved quotes reach
the dashboard, the evidence pack and the exports."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static, TextArea

from survey_app.core.analysis.ratings import standard_name
from survey_app.core.collection.risk import words_of_risk
from survey_app.core.evidence.quotes import (
    alike,
    decide,
    kind_name,
    next_standard,
    redact,
    special_categories,
    special_name,
    worded_alike,
)
from survey_app.core.i18n import _, current_language, ngettext
from survey_app.core.privacy.anonymiser import unsure
from survey_app.core.store.rows import QuoteRow
from survey_app.core.text import display_safe, display_safe_same_length
from survey_app.ui.lead.base import LeadScreen
from survey_app.ui.widgets.text_box import TextBox


class QuoteReviewScreen(LeadScreen[None]):
    BINDINGS = [
        *LeadScreen.BINDINGS,
        Binding("a", "decide(True)", show=False),
        Binding("x", "decide(False)", show=False),
        Binding("h", "hide", show=False),
        Binding("u", "hide_unsure", show=False),
        Binding("s", "standard", show=False),
        Binding("g", "approve_alike", show=False),
        Binding("n", "step(1)", show=False),
        Binding("p", "step(-1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[QuoteRow] = []
        self.groups: dict[str, list[QuoteRow]] = {}
        self.index = 0
        self.loaded = False

    async def on_mount(self) -> None:
        await self.load()

    async def load(self) -> None:
        assert self.lead.store is not None
        await self.lead.refresh_evidence()
        self.quotes = await self.lead.store.quotes(self.lead.inspection_id, "pending")
        # Comments that tell of harm, a threat or abuse first: they may need the lead to
        # act, not only to decide on a quote. Then those with the most words the anonymiser
        # was unsure of: the likeliest to still say who someone is.
        self.quotes.sort(
            key=lambda quote: (not words_of_risk(quote.text), -len(unsure(quote.text)))
        )
        # Grouped once per load (comparing every pair is the slow part), not per quote shown.
        self.groups = {q.id: group for group in alike(self.quotes) for q in group}
        self.index = min(self.index, max(0, len(self.quotes) - 1))
        self.loaded = True
        await self.recompose()

    def compose(self) -> ComposeResult:
        yield from self.header(_("Quote review"))
        with VerticalScroll(classes="body"):
            if not self.loaded:
                return
            if not self.quotes:
                yield Static(
                    Content(_("No quotes wait for review.")),
                    id="position",
                )
            else:
                quote = self.quotes[self.index]
                yield Static(
                    Content(
                        _("Quote {n} of {total} waiting").format(
                            n=self.index + 1, total=len(self.quotes)
                        )
                    ),
                    id="position",
                )
                if words_of_risk(quote.text):
                    yield Static(
                        Content(
                            _(
                                "Words of risk: this comment may tell of harm, a threat or "
                                "abuse. Read it first; if it shows a serious risk to someone, "
                                "act on it as the inspectorate's alert process says."
                            )
                        ),
                        id="risk",
                        classes="warning",
                    )
                question = self.evidence.questionnaire.by_id.get(quote.question_id)
                if question is not None:
                    yield Static(
                        Content(
                            display_safe(
                                self.evidence.questionnaire.text(question, current_language())
                            )
                        ),
                        classes="heading",
                    )
                area = TextBox(
                    display_safe_same_length(quote.text),
                    read_only=True,
                    soft_wrap=True,
                    show_line_numbers=False,
                    id="quote",
                )
                yield area
                marked = unsure(quote.text)
                if marked:
                    words = ", ".join(
                        "\u2018" + display_safe(quote.text[a:b]) + "\u2019" for a, b in marked
                    )
                    yield Static(
                        Content(
                            ngettext(
                                "{n} word to look at again, the anonymiser was unsure of it: "
                                "{words}. u hides it.",
                                "{n} words to look at again, the anonymiser was unsure of "
                                "them: {words}. u hides the first.",
                                len(marked),
                            ).format(n=len(marked), words=words)
                        ),
                        id="unsure",
                        classes="warning",
                    )
                yield Static(Content(self._kinds(quote)), id="kinds")
                yield Static(Content(self._standard(quote)), id="standard")
                if len(group := self._alike(quote)) > 1:
                    same = len(self._worded_as(quote)) - 1
                    yield Static(
                        Content(
                            ngettext(
                                "{n} other quote waiting says much the same.",
                                "{n} other quotes waiting say much the same.",
                                len(group) - 1,
                            ).format(n=len(group) - 1)
                            + " "
                            + (
                                ngettext(
                                    "g approves this one with the {m} other worded exactly "
                                    "as it is.",
                                    "g approves this one with the {m} others worded exactly "
                                    "as it is.",
                                    same,
                                ).format(m=same)
                                if same
                                else _("Their words differ: each needs its own review.")
                            )
                        ),
                        id="alike",
                    )
                special = special_categories(quote.text)
                if special:
                    yield Static(
                        Content(
                            _(
                                "Take care: it may touch {kinds}, special category data. "
                                "Approve it only if no one could be recognised by it."
                            ).format(
                                kinds=", ".join(
                                    special_name(k, current_language()) for k in special
                                )
                            )
                        ),
                        id="special",
                        classes="warning",
                    )
            yield Static(Content(""), id="message")
        yield self.keys(
            [
                ("a", _("approve")),
                ("x", _("reject")),
                ("h", _("hide the selected words")),
                ("u", _("hide a marked word")),
                ("s", _("standard")),
                ("g", _("approve those worded the same")),
                ("n/p", _("next / previous")),
            ]
        )

    def _kinds(self, quote: QuoteRow) -> str:
        if not quote.kinds:
            return _("Nothing was removed automatically.")
        names = ", ".join(kind_name(k, current_language()) for k in quote.kinds)
        return ngettext(
            "Removed: {kinds} ({n} kind).", "Removed: {kinds} ({n} kinds).", len(quote.kinds)
        ).format(kinds=names, n=len(quote.kinds))

    def _standard(self, quote: QuoteRow) -> str:
        if quote.standard is None:
            return _("Under: no standard in particular (s to choose one).")
        return _("Under standard {n}: {name} (s to choose another).").format(
            n=quote.standard, name=standard_name(quote.standard)
        )

    def _alike(self, quote: QuoteRow) -> list[QuoteRow]:
        """The quotes waiting that say much the same as this one, itself among them."""
        return self.groups.get(quote.id, [quote])

    def _worded_as(self, quote: QuoteRow) -> list[QuoteRow]:
        """Of those, the ones worded exactly as this one: what the lead has read."""
        return [q for q in self._alike(quote) if worded_alike(q.text, quote.text)]

    async def action_approve_alike(self) -> None:
        """Approve the quote on screen and every one waiting worded exactly as it is (one
        that only says much the same may hold what the lead has not read: a name)."""
        quote = self._current()
        if quote is None or self.lead.store is None:
            return
        group = self._worded_as(quote)
        for member in group:
            await decide(self.lead.store, member.id, True)
        await self.load()
        self.on_screen_resume()
        self._say(
            ngettext(
                "{n} quote approved.", "{n} quotes approved, all worded the same.", len(group)
            ).format(n=len(group))
        )

    async def action_standard(self) -> None:
        """The one standard the quote is printed under: 1 to 5, then none."""
        quote = self._current()
        if quote is None or self.lead.store is None:
            return
        standard = next_standard(quote.standard)
        await self.lead.store.set_quote_standard(quote.id, standard)
        self.quotes[self.index] = replace(quote, standard=standard)
        self.query_one("#standard", Static).update(Content(self._standard(self.quotes[self.index])))

    def on_screen_resume(self) -> None:
        found = self.query("#quote")
        if found:
            found.first().focus()

    async def relabel(self) -> None:
        await super().relabel()
        self.on_screen_resume()

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(Content(text))

    def _current(self) -> QuoteRow | None:
        return self.quotes[self.index] if self.quotes else None

    async def action_step(self, by: int) -> None:
        if self.quotes:
            self.index = (self.index + by) % len(self.quotes)
            await self.recompose()
            self.on_screen_resume()

    async def action_decide(self, approve: bool) -> None:
        quote = self._current()
        if quote is None or self.lead.store is None:
            return
        await decide(self.lead.store, quote.id, approve)
        await self.load()
        self.on_screen_resume()
        # The decided quote has left the queue: what is on screen now is the next one, so
        # the message says which quote it speaks of (a bare "Rejected" beside the next
        # quote read as if that one had been rejected).
        if self.quotes:
            self._say(
                _("The quote before this one was approved. This is the next one waiting.")
                if approve
                else _(
                    "The quote before this one was rejected: it will not be used. This is "
                    "the next one waiting."
                )
            )
        else:
            self._say(
                _("Quote approved. No more quotes wait for review.")
                if approve
                else _("Quote rejected: it will not be used. No more quotes wait for review.")
            )

    async def action_hide_unsure(self) -> None:
        quote = self._current()
        if quote is None or self.lead.store is None:
            return
        marked = unsure(quote.text)
        if not marked:
            self._say(_("No word is marked: select words and press h to hide them."))
            return
        start, end = marked[0]
        await redact(self.lead.store, quote.id, start, end)
        await self.load()
        self.on_screen_resume()
        self._say(_("Hidden. Read it again, then approve or reject it."))

    async def action_hide(self) -> None:
        quote = self._current()
        if quote is None or self.lead.store is None:
            return
        area = self.query_one("#quote", TextArea)
        start, end = sorted((area.selection.start, area.selection.end))
        lines = quote.text.split("\n")

        def offset(location: tuple[int, int]) -> int:
            row, column = location
            return sum(len(line) + 1 for line in lines[:row]) + column

        first, last = offset(start), offset(end)
        if first == last or not quote.text[first:last].strip():
            self._say(_("Select the words to hide first (shift and the arrow keys, or drag)."))
            return
        await redact(self.lead.store, quote.id, first, last)
        await self.load()
        self.on_screen_resume()
        self._say(_("Hidden. Read it again, then approve or reject it."))
