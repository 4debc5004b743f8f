"""Exports from the lead's view: the evidence pack or the tidy data, to a file the lead
names. The work runs in the background with a busy sign; the screen stays usable."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from survey_app.core.i18n import _
from survey_app.core.text import display_safe
from survey_app.ui.lead.base import LeadScreen

FORMATS = ("html", "md", "csv", "json")


def default_folder() -> Path:
    from platformdirs import user_documents_dir

    return Path(user_documents_dir())


class ExportScreen(LeadScreen[None]):
    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or default_folder()
        self.fmt = "html"

    def compose(self) -> ComposeResult:
        names = {
            "html": _("Evidence pack for the ratings panel (HTML)"),
            "md": _("Evidence pack for the ratings panel (Markdown)"),
            "csv": _("Anonymised data, one row per answer, with a codebook (CSV)"),
            "json": _("Anonymised data, tables and codebook (JSON)"),
        }
        yield from self.header(_("Export"))
        with VerticalScroll(classes="body"):
            yield OptionList(
                *(Option(Content(names[f]), id=f"format-{f}") for f in FORMATS), id="formats"
            )
            yield Static(Content(_("File to write:")))
            yield Input(value=str(self._path()), id="path")
            yield LoadingIndicator(id="busy")
            yield Static(Content(""), id="result")
        yield self.keys([("enter", _("choose, then write"))])

    def _path(self) -> Path:
        return self.folder / f"inspection-{self.lead.inspection_id}.{self.fmt}"

    def on_mount(self) -> None:
        self.query_one("#busy").display = False
        self.query_one("#formats", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.fmt = event.option.id.removeprefix("format-")
            path = self.query_one("#path", Input)
            current = Path(path.value.strip() or str(self._path()))
            named = current.name not in ("", ".", "..")
            path.value = str(current.with_suffix(f".{self.fmt}") if named else self._path())
            path.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._say(_("Give a file name to write."))
            return
        target = Path(event.value.strip()).expanduser()
        # A file named .csv (or .md, .json, .html) gets that format, whatever was chosen.
        suffix = target.suffix.lower().lstrip(".")
        if suffix in FORMATS:
            self.fmt = suffix
        if not target.parent.is_dir():
            self._say(_("The folder {path} does not exist.").format(path=target.parent))
            return
        if target.is_dir():
            self._say(_("{path} is a folder: give a file name with --out").format(path=target))
            return
        self.query_one("#busy").display = True
        self._say(_("Writing…"))
        self.write(target)

    def _say(self, text: str) -> None:
        self.query_one("#result", Static).update(Content(display_safe(text)))

    @work(exclusive=True, group="export")
    async def write(self, target: Path) -> None:
        from survey_app.reports.files import ExportRefused, export

        assert self.lead.store is not None
        try:
            written = await export(
                self.lead.store, self.lead.questionnaire, self.lead.inspection_id, self.fmt, target
            )
        except ExportRefused as exc:
            self._say(_("Nothing was written: {reason}").format(reason=exc))
        except OSError as exc:
            self._say(_("Nothing was written: {reason}").format(reason=exc.strerror or exc))
        else:
            self._say("\n".join(_("Written: {path}").format(path=p) for p in written))
        finally:
            self.query_one("#busy").display = False
