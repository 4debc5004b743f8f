"""Bar charts in text: every bar carries its label and its figure in words, so nothing is
said by length or colour alone, and a hidden count draws no bar at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from survey_app.core.text import display_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    """None: nothing may be drawn (a suppressed count, a share too small to show)."""
    text: str


class BarChart(Static):
    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; padding: 0 1; }
    """

    def __init__(
        self,
        bars: Sequence[Bar],
        scale: float,
        label_width: int = 30,
        bar_width: int = 24,
        id: str | None = None,
    ) -> None:
        self.bars = list(bars)
        self.scale = scale
        self.label_width = label_width
        self.bar_width = bar_width
        super().__init__(Content(self.text()), id=id)

    def text(self) -> str:
        lines = []
        for bar in self.bars:
            label = display_safe(bar.label)
            if len(label) > self.label_width:
                label = label[: self.label_width - 1] + "…"
            length = (
                0
                if bar.value is None or self.scale <= 0
                else round(self.bar_width * max(0.0, bar.value) / self.scale)
            )
            drawn = "█" * length + "·" * (self.bar_width - length)
            lines.append(f"{label:<{self.label_width}} {drawn} {bar.text}")
        return "\n".join(lines)
