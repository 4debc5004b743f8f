"""Styles read while a resident reads, not after their key.

Textual reads a widget class's default styles the first time a widget of that class is
mounted, and parses the whole stylesheet again: on the first question that fell between
the resident's key and the screen that answers it (about a tenth of the step). The welcome
screen has the classes the later screens mount read while it is on screen instead."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.dom import DOMNode


def read_ahead(app: App[object], classes: Iterable[type[DOMNode]]) -> None:
    """Add the default styles of `classes` to the app's stylesheet and parse it now,
    exactly as mounting one of each would (so that the mount finds them already there)."""
    sheet = app.stylesheet
    try:
        for cls in classes:
            # Only the class is looked at (its bases and their DEFAULT_CSS): no widget is
            # made. This is Textual's own reading of them, which is not public.
            node = cls.__new__(cls)
            for read_from, css, tie_breaker, scope in node._get_default_css():
                sheet.add_source(
                    css,
                    read_from=read_from,
                    is_default_css=True,
                    tie_breaker=tie_breaker,
                    scope=scope,
                )
        sheet.parse()
    except Exception:
        # Only time is at stake: should a later Textual read its styles otherwise, the
        # screens read them when they are mounted, as they did before (a test notices).
        return
