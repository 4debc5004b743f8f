"""The evidence pack for the ratings panel, in HTML or Markdown, in English or Welsh.

It is written from an `Evidence` only, so it holds what the lead's screens hold: counts with
small numbers suppressed, approved quotes and nothing else of what residents wrote. Every
text from the database is escaped for the format; charts are drawn from shown counts only.
"""

from __future__ import annotations

import html
import re

from survey_app.core.analysis import triangulation
from survey_app.core.analysis.aggregates import (
    PERCENT_BASE,
    THRESHOLD,
    Cell,
    QuestionTable,
    StandardSummary,
)
from survey_app.core.analysis.ratings import RATINGS, STANDARDS, label, standard_name
from survey_app.core.evidence.breakdown import group_name
from survey_app.core.evidence.findings import FEW, findings
from survey_app.core.evidence.gather import Evidence
from survey_app.core.evidence.quotes import alike
from survey_app.core.i18n import _, current_language, ngettext
from survey_app.core.store.counting import RELEASE_STEP
from survey_app.core.store.rows import QuoteRow

BAR = 24
"""Characters in a full Markdown bar."""


# --- words shared by every format ----------------------------------------------------------
def cell_text(table: QuestionTable, cell: Cell) -> str:
    if cell.shown == "small":
        return _("fewer than {n}").format(n=table.threshold)
    if cell.shown == "hidden":
        if cell.between is not None:
            return _("{low} to {high}").format(low=cell.between[0], high=cell.between[1])
        return _("not shown")
    percent = table.percent(cell)
    return f"{cell.count} ({percent:.0f}%)" if percent is not None else str(cell.count)


def base_text(table: QuestionTable) -> str:
    if table.base_hidden:
        return _("Not shown: with the other figures, it would give away numbers hidden elsewhere.")
    if not table.base_shown:
        return _("Fewer than {n} residents answered: not shown.").format(n=table.threshold)
    return ngettext("{n} resident answered.", "{n} residents answered.", table.base).format(
        n=table.base
    )


def left_out_text(evidence: Evidence, standard: int) -> str | None:
    """The questions a standard's share leaves out, each named, and why; None if none."""
    summary = evidence.standard(standard)
    if not summary.withheld:
        return None
    questionnaire = evidence.questionnaire
    language = current_language()
    names = "; ".join(
        questionnaire.text(questionnaire.by_id[q], language)
        for q in summary.withheld
        if q in questionnaire.by_id
    )
    return ngettext(
        "Left out of this share, because counting it would give away a number its own "
        "table hides: {questions}",
        "Left out of this share, because counting them would give away numbers their own "
        "tables hide: {questions}",
        len(summary.withheld),
    ).format(questions=names)


def share_text(summary: StandardSummary) -> str:
    share = summary.share
    if share is None:
        return _("too few answers to show")
    return _("{percent}% positive, from {n} answers").format(
        percent=round(100 * share), n=summary.answers
    )


def residents_text(summary: StandardSummary, short: bool = False) -> str:
    """The standard's residents, each counted once: how many were mostly positive.
    `short`: under a heading that says what is counted ("19 of 28 residents (68%)")."""
    share = summary.resident_share
    if share is None:
        return _("too few residents to show")
    text = (
        _("{n} of {m} residents ({percent}%)")
        if short
        else _("{n} of {m} residents mostly positive ({percent}%)")
    )
    return text.format(
        n=summary.residents_positive, m=summary.residents, percent=round(100 * share)
    )


def views_text(summary: StandardSummary) -> str:
    """The residents' views in one phrase: people where they can be shown, else answers."""
    return residents_text(summary) if summary.resident_share is not None else share_text(summary)


def views_share(summary: StandardSummary) -> float | None:
    """The share `views_text` states."""
    return summary.resident_share if summary.resident_share is not None else summary.share


def mostly_text() -> str:
    return _(
        "Mostly positive: more of the resident's answers to the standard's questions are "
        "positive than not. Each resident counts once, however many questions they answered."
    )


def rate_text(evidence: Evidence) -> str:
    rate = evidence.aggregates.rate
    responses = rate.responses if rate else 0
    residents = evidence.inspection.residents
    if not residents:
        return ngettext("{n} response.", "{n} responses.", responses).format(n=responses)
    percent = round(100 * responses / residents)
    return ngettext(
        "{n} response from {m} residents ({percent}%).",
        "{n} responses from {m} residents ({percent}%).",
        responses,
    ).format(n=responses, m=residents, percent=percent)


def release_text(evidence: Evidence) -> str:
    """Which release the figures are, and what is waiting for the next."""
    release = evidence.release
    if release is None:
        return _("No release yet: figures are shown once at least {n} responses are in.").format(
            n=RELEASE_STEP
        )
    made = (
        _("Final release {n}, made {day} when collection closed.")
        if release.final
        else _("Release {n}, made {day}.")
    ).format(n=release.number, day=release.day.isoformat())
    if release.final or not release.pending:
        return made
    return (
        made
        + " "
        + ngettext(
            "{n} response has changed since: a new release is made when {step} have.",
            "{n} responses have changed since: a new release is made when {step} have.",
            release.pending,
        ).format(n=release.pending, step=RELEASE_STEP)
    )


def imported_text(evidence: Evidence) -> str:
    """What came from collecting devices: bundles, the last day, and any response that came
    twice with other answers (a copied device), which is listed and never merged. Empty
    when nothing came from a device."""
    imported = evidence.imported
    if imported is None or not imported.bundles:
        return ""
    text = ngettext(
        "{n} bundle from collecting devices imported, the last on {day}.",
        "{n} bundles from collecting devices imported, the last on {day}.",
        imported.bundles,
    ).format(n=imported.bundles, day=imported.last_day.isoformat() if imported.last_day else "")
    if imported.conflicts:
        text += " " + ngettext(
            "{n} response came again with other answers (from a copied device?): the copy "
            "imported first is the one counted; the other was not merged.",
            "{n} responses came again with other answers (from a copied device?): the copy "
            "imported first is the one counted; the others were not merged.",
            imported.conflicts,
        ).format(n=imported.conflicts)
    return text


def findings_lines(evidence: Evidence) -> list[tuple[str, list[str]]]:
    """Key findings as (heading, lines): the responses first, then per standard its most
    negative questions. Every number is one the release shows, or a sum of shown ones."""
    found = findings(evidence)
    language = current_language()
    questionnaire = evidence.questionnaire
    head = [rate_text(evidence)]
    if found.complete is not None and found.partial is not None and found.responses:
        head.append(
            _("Complete: {complete}. Partial (stopped part way): {partial}.").format(
                complete=found.complete, partial=found.partial
            )
        )
    head += [mode_text(evidence, cell) for cell in found.modes]
    if found.few:
        head.append(
            _(
                "Fewer than {n} residents answered: every share here rests on very few people. "
                "Weigh it with the other evidence, not on its own."
            ).format(n=FEW)
        )
    out = [(_("Responses"), head)]
    for standard in STANDARDS:
        lines = [
            _("{question}: not positive, {n} of {base} residents ({percent}%).").format(
                question=questionnaire.text(n.question, language),
                n=n.negative,
                base=n.base,
                percent=round(100 * n.share),
            )
            if n.most is None
            else _("{question}: not positive, {low} to {high} of {base} residents.").format(
                question=questionnaire.text(n.question, language),
                low=n.negative,
                high=n.most,
                base=n.base,
            )
            for n in found.negatives[standard]
        ]
        if not lines:
            lines.append(_("For this standard, no count of answers not positive can be shown."))
        if hidden := found.not_shown[standard]:
            lines.append(
                ngettext(
                    "For {n} question, how many were not positive is not shown (small numbers).",
                    "For {n} questions, how many were not positive is not shown (small numbers).",
                    hidden,
                ).format(n=hidden)
            )
        out.append((f"{standard}. {standard_name(standard)}", lines))
    return out


def mode_text(evidence: Evidence, cell: Cell) -> str:
    """One way of answering and its responses, as a share of the AP's residents where
    their number is known."""
    mode = group_name(evidence.questionnaire, "mode", cell.code, current_language())
    residents = evidence.inspection.residents
    if cell.shown == "small":
        return _("{mode}: fewer than {n} responses.").format(mode=mode, n=THRESHOLD)
    if cell.shown == "hidden":
        return _("{mode}: not shown (it would give away a small number).").format(mode=mode)
    if residents:
        return ngettext(
            "{mode}: {n} response ({percent}% of the {m} residents).",
            "{mode}: {n} responses ({percent}% of the {m} residents).",
            cell.count,
        ).format(mode=mode, n=cell.count, percent=round(100 * cell.count / residents), m=residents)
    return ngettext("{mode}: {n} response.", "{mode}: {n} responses.", cell.count).format(
        mode=mode, n=cell.count
    )


def quote_groups(quotes: list[QuoteRow]) -> list[tuple[str, str | None]]:
    """Approved quotes as printed: one per view, with how many said much the same."""
    out: list[tuple[str, str | None]] = []
    for group in alike(quotes):
        if len(group) == 1:
            out.append((group[0].text, None))
        elif len(group) < THRESHOLD:  # a count under 3 is a small number, here as anywhere
            out.append((group[0].text, _("More than one resident said much the same.")))
        else:
            out.append((group[0].text, _("{n} residents said much the same.").format(n=len(group))))
    return out


def comparison_text(evidence: Evidence, standard: int) -> str | None:
    comparison = evidence.comparisons.get(standard)
    if comparison is None:
        return None
    if comparison.p_value is None:
        return ngettext(
            "Not compared: {n} other inspection in the store, 5 needed.",
            "Not compared: {n} other inspections in the store, 5 needed.",
            comparison.others,
        ).format(n=comparison.others)
    if comparison.direction == "higher":
        return _("Higher than at {n} other APs (p = {p:.3f}).").format(
            n=comparison.others, p=comparison.p_value
        )
    if comparison.direction == "lower":
        return _("Lower than at {n} other APs (p = {p:.3f}).").format(
            n=comparison.others, p=comparison.p_value
        )
    return _("No clear difference from {n} other APs.").format(n=comparison.others)


def overall_text(evidence: Evidence) -> str:
    result = evidence.overall
    if result is None:
        return _("No standard is rated yet.")
    text = _("Total {total} of 15: {rating}.").format(
        total=result.total, rating=label(result.rating)
    )
    if result.to_next is not None:
        text += " " + ngettext(
            "{n} point from the band above.", "{n} points from the band above.", result.to_next
        ).format(n=result.to_next)
    if not result.complete:
        text += " " + _("Provisional: not every standard is rated.")
    return text


def rating_text(evidence: Evidence, standard: int) -> str:
    rating = evidence.ratings.get(standard)
    if rating is None:
        return _("not rated yet")
    return label(RATINGS[rating.points])


def judgement_text(judgement: str | None) -> str:
    return triangulation.judgement_name(judgement) if judgement else "–"


def small_numbers_note(evidence: Evidence) -> str:
    return _(
        "Counts under {n} are shown as 'fewer than {n}', and some other counts are not shown "
        "so that they cannot be worked out. Percentages are given from {base} answers up."
    ).format(n=evidence.threshold, base=PERCENT_BASE)


def quotes_note(evidence: Evidence) -> str | None:
    if not evidence.pending_quotes:
        return None
    return ngettext(
        "{n} quote awaits review and is not included.",
        "{n} quotes await review and are not included.",
        evidence.pending_quotes,
    ).format(n=evidence.pending_quotes)


def title(evidence: Evidence) -> str:
    return _("Residents' views: evidence pack")


def facts(evidence: Evidence) -> list[tuple[str, str]]:
    inspection = evidence.inspection
    out = [
        (_("Premises"), inspection.premises),
        (_("Region"), inspection.region),
        (
            _("Fieldwork"),
            f"{inspection.fieldwork_start.isoformat()} – {inspection.fieldwork_end.isoformat()}",
        ),
        (
            _("Questionnaire"),
            f"{evidence.questionnaire.id} {evidence.questionnaire.version}",
        ),
        (_("Responses"), rate_text(evidence)),
        (_("Release"), release_text(evidence)),
    ]
    if inspection.demo:
        out.insert(0, (_("Note"), _("DEMO: practice data, not a real inspection.")))
    return out


def words() -> dict[str, str]:
    """Headings and labels, looked up once per pack in its language."""
    return {
        "glance": _("Standards at a glance"),
        "overall": _("Overall rating"),
        "residents": _("Residents"),
        "answers": _("Answers"),
        "proposed": _("Proposed rating"),
        "rationale": _("Rationale"),
        "answer": _("Answer"),
        "said": _("What residents said"),
        "findings": _("Key findings"),
        "other_said": _("What residents said about other things"),
    }


# --- HTML ------------------------------------------------------------------------------
_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; line-height: 1.45; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #888; padding: .25rem .5rem; text-align: left; vertical-align: top; }
.bar { fill: #1d4f91; }
blockquote { border-left: 4px solid #888; margin: .5rem 0; padding: .25rem .75rem; }
.flag { font-weight: bold; }
"""


def to_html(evidence: Evidence) -> str:
    e = html.escape
    w = words()
    language = current_language()
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{language}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(title(evidence))}: {e(evidence.inspection.premises)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title(evidence))}</h1>",
        "<table>",
        *(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts(evidence)),
        "</table>",
        f"<p>{e(small_numbers_note(evidence))}</p>",
    ]
    if note := quotes_note(evidence):
        out.append(f"<p>{e(note)}</p>")
    out.append(f"<h2>{e(w['findings'])}</h2>")
    for heading, lines in findings_lines(evidence):
        out.append(f"<h3>{e(heading)}</h3><ul>")
        out += [f"<li>{e(line)}</li>" for line in lines]
        out.append("</ul>")
    out += [f"<h2>{e(w['glance'])}</h2>", _html_summary(evidence)]
    out += [f"<h2>{e(w['overall'])}</h2>", f"<p>{e(overall_text(evidence))}</p>"]
    for standard in STANDARDS:
        out += _html_standard(evidence, standard)
    if others := evidence.quotes_for(None):
        out.append(f"<h2>{e(w['other_said'])}</h2>")
        out += [_html_quote(text, note) for text, note in quote_groups(others)]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _html_summary(evidence: Evidence) -> str:
    e = html.escape
    head = [
        _("Standard"),
        _("Residents' views"),
        *map(triangulation.source_name, triangulation.SOURCES[1:]),
        _("Proposed rating"),
    ]
    rows = ["<table>", "<tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"]
    for row in evidence.matrix:
        summary = evidence.standard(row.standard)
        residents = views_text(summary)
        if row.diverges:
            residents += " — " + _("differs from the other evidence")
        cells = [
            f"{row.standard}. {standard_name(row.standard)}",
            residents,
            *(judgement_text(row.judgements[s]) for s in triangulation.SOURCES[1:]),
            rating_text(evidence, row.standard),
        ]
        rows.append(
            "<tr>"
            + "".join(
                f'<td class="flag">{e(c)}</td>' if i == 1 and row.diverges else f"<td>{e(c)}</td>"
                for i, c in enumerate(cells)
            )
            + "</tr>"
        )
    rows.append("</table>")
    rows.append(f"<p>{e(mostly_text())}</p>")
    rows.append(_html_share_chart(evidence))
    return "\n".join(rows)


def _svg_bars(items: list[tuple[str, float | None, str]], scale: float) -> str:
    """A horizontal bar chart; every bar is labelled with its text, so no meaning rests on
    length or colour alone."""
    e = html.escape
    height = 22 * len(items) + 4
    parts = [f'<svg role="img" xmlns="http://www.w3.org/2000/svg" width="640" height="{height}">']
    for i, (name, value, text) in enumerate(items):
        y = 4 + 22 * i
        width = 0 if value is None or scale <= 0 else round(240 * value / scale)
        parts.append(f'<text x="0" y="{y + 14}" font-size="13">{e(name[:40])}</text>')
        parts.append(f'<rect class="bar" x="250" y="{y}" width="{width}" height="16"/>')
        parts.append(f'<text x="{256 + width}" y="{y + 14}" font-size="13">{e(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_share_chart(evidence: Evidence) -> str:
    items = [
        (f"{s.standard}. {standard_name(s.standard)}", views_share(s), views_text(s))
        for s in evidence.aggregates.standards
    ]
    return _svg_bars(items, 1.0)


def _html_standard(evidence: Evidence, standard: int) -> list[str]:
    e = html.escape
    w = words()
    language = current_language()
    questionnaire = evidence.questionnaire
    summary = evidence.standard(standard)
    out = [
        f"<h2>{standard}. {e(standard_name(standard))}</h2>",
        f"<p>{e(residents_text(summary))}</p>",
        f"<p>{e(w['answers'])}: {e(share_text(summary))}</p>",
    ]
    if left_out := left_out_text(evidence, standard):
        out.append(f"<p>{e(left_out)}</p>")
    if comparison := comparison_text(evidence, standard):
        out.append(f"<p>{e(comparison)}</p>")
    rating = evidence.ratings.get(standard)
    out.append(f"<p>{e(w['proposed'])}: {e(rating_text(evidence, standard))}</p>")
    if rating and rating.rationale:
        out.append(f"<p>{e(w['rationale'])}: {e(rating.rationale)}</p>")
    notes = [
        (source, note) for (s, source), note in sorted(evidence.notes.items()) if s == standard
    ]
    if notes:
        out.append("<ul>")
        out += [
            f"<li>{e(triangulation.source_name(source))}: {e(note)}</li>" for source, note in notes
        ]
        out.append("</ul>")
    for table in evidence.tables_for(standard):
        question = table.question
        out.append(f"<h3>{e(questionnaire.text(question, language))}</h3>")
        out.append(f"<p>{e(base_text(table))}</p>")
        if table.base_shown and table.cells:
            labels = dict(questionnaire.options(question, language))
            out.append("<table>")
            out.append(f"<tr><th>{e(w['answer'])}</th><th>{e(w['residents'])}</th></tr>")
            for cell in table.cells:
                out.append(
                    f"<tr><td>{e(labels.get(cell.code, cell.code))}</td>"
                    f"<td>{e(cell_text(table, cell))}</td></tr>"
                )
            out.append("</table>")
            out.append(
                _svg_bars(
                    [
                        (labels.get(c.code, c.code), c.visible, cell_text(table, c))
                        for c in table.cells
                    ],
                    max(table.base, 1),
                )
            )
        out.append(f"<p>{e(apart_text(table))}</p>")
    quotes = evidence.quotes_for(standard)
    if quotes:
        out.append(f"<h3>{e(w['said'])}</h3>")
        out += [_html_quote(text, note) for text, note in quote_groups(quotes)]
    return out


def _html_quote(text: str, note: str | None) -> str:
    e = html.escape
    said = f"<blockquote>{e(text)}</blockquote>"
    return said if note is None else f"{said}<p><em>{e(note)}</em></p>"


def apart_text(table: QuestionTable) -> str:
    """Those asked who gave no answer: one number, split only where no part is few. "Don't
    know" is said only where it is split out and not none (it comes from interviews
    alone); merged, the words are the same whatever the parts hold."""
    if not table.not_answered_shown:
        return _("Did not answer: not shown.")
    if all(cell.shown == "shown" for cell in table.apart):
        if table.dont_know.count:
            return _(
                "Did not answer: {n} (skipped: {skipped}; don't know: {dont_know}; "
                "prefer not to say: {refused})."
            ).format(
                n=table.not_answered,
                skipped=table.skipped.count,
                dont_know=table.dont_know.count,
                refused=table.refused.count,
            )
        return _("Did not answer: {n} (skipped: {skipped}; prefer not to say: {refused}).").format(
            n=table.not_answered, skipped=table.skipped.count, refused=table.refused.count
        )
    return _("Did not answer (skipped, don't know or prefer not to say): {n}.").format(
        n=table.not_answered
    )


# --- Markdown --------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_escape(text: str) -> str:
    """Untrusted text as literal Markdown: no links, no HTML, no tables broken."""
    flat = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _md_bar(value: float | None, scale: float) -> str:
    if value is None or scale <= 0:
        return ""
    return "█" * round(BAR * value / scale)


def to_markdown(evidence: Evidence) -> str:
    m = md_escape
    w = words()
    language = current_language()
    questionnaire = evidence.questionnaire
    out = [f"# {m(title(evidence))}", ""]
    out += [f"- **{m(k)}:** {m(v)}" for k, v in facts(evidence)]
    out += ["", m(small_numbers_note(evidence)), ""]
    if note := quotes_note(evidence):
        out += [m(note), ""]
    out += [f"## {m(w['findings'])}", ""]
    for heading, lines in findings_lines(evidence):
        out += [f"### {m(heading)}", "", *(f"- {m(line)}" for line in lines), ""]
    out += [f"## {m(w['glance'])}", ""]
    head = [
        _("Standard"),
        _("Residents' views"),
        "",
        *map(triangulation.source_name, triangulation.SOURCES[1:]),
        _("Proposed rating"),
    ]
    out.append("| " + " | ".join(m(h) for h in head) + " |")
    out.append("|" + "---|" * len(head))
    for row in evidence.matrix:
        summary = evidence.standard(row.standard)
        residents = views_text(summary)
        if row.diverges:
            residents = "**" + m(residents + " — " + _("differs from the other evidence")) + "**"
        else:
            residents = m(residents)
        cells = [
            m(f"{row.standard}. {standard_name(row.standard)}"),
            residents,
            f"`{_md_bar(share, 1.0)}`" if (share := views_share(summary)) is not None else "",
            *(m(judgement_text(row.judgements[s])) for s in triangulation.SOURCES[1:]),
            m(rating_text(evidence, row.standard)),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", m(mostly_text())]
    out += ["", f"## {m(w['overall'])}", "", m(overall_text(evidence)), ""]
    for standard in STANDARDS:
        summary = evidence.standard(standard)
        out += [f"## {standard}\\. {m(standard_name(standard))}", ""]
        out += [m(residents_text(summary)), ""]
        out += [f"{m(w['answers'])}: {m(share_text(summary))}", ""]
        if left_out := left_out_text(evidence, standard):
            out += [m(left_out), ""]
        if comparison := comparison_text(evidence, standard):
            out += [m(comparison), ""]
        rating = evidence.ratings.get(standard)
        out += [f"{m(w['proposed'])}: {m(rating_text(evidence, standard))}", ""]
        if rating and rating.rationale:
            out += [f"{m(w['rationale'])}: {m(rating.rationale)}", ""]
        for (s, source), note in sorted(evidence.notes.items()):
            if s == standard:
                out.append(f"- {m(triangulation.source_name(source))}: {m(note)}")
        out.append("")
        for table in evidence.tables_for(standard):
            question = table.question
            out += [f"### {m(questionnaire.text(question, language))}", "", m(base_text(table)), ""]
            if table.base_shown and table.cells:
                labels = dict(questionnaire.options(question, language))
                out.append(f"| {m(w['answer'])} | {m(w['residents'])} | |")
                out.append("|---|---|---|")
                for cell in table.cells:
                    bar = _md_bar(cell.visible, max(table.base, 1))
                    out.append(
                        f"| {m(labels.get(cell.code, cell.code))} | "
                        f"{m(cell_text(table, cell))} | {'`' + bar + '`' if bar else ''} |"
                    )
                out.append("")
            out += [m(apart_text(table)), ""]
        quotes = evidence.quotes_for(standard)
        if quotes:
            out += [f"### {m(w['said'])}", ""]
            for text, note in quote_groups(quotes):
                out += [f"> {m(text)}", *([">", f"> *{m(note)}*"] if note else []), ""]
    if others := evidence.quotes_for(None):
        out += [f"## {m(w['other_said'])}", ""]
        for text, note in quote_groups(others):
            out += [f"> {m(text)}", *([">", f"> *{m(note)}*"] if note else []), ""]
    return "\n".join(out).rstrip() + "\n"
