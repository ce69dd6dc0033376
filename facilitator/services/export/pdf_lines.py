"""The transcript annex in the PDF: one light flowable per line.

A three-hour meeting has thousands of lines; ReportLab's Paragraph parses markup and measures
every fragment, which takes seconds. Here a line is three runs (time, speaker, words, and any
marks) wrapped greedily by word width, drawn with a few strings per printed line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

BLACK = colors.black


@dataclass(frozen=True)
class Run:
    text: str
    font: str
    colour: Any


class TranscriptLine(Flowable):  # type: ignore[misc]
    """`time` in the margin, then the runs wrapped within the width, hanging under the first."""

    def __init__(self, time: str, runs: list[Run], size: float, leading: float,
                 indent: float, space_after: float, time_colour: Any, time_font: str) -> None:
        super().__init__()
        self.time, self.runs = time, runs
        self.size, self.leading, self.indent = size, leading, indent
        self.space_after = space_after
        self.time_colour, self.time_font = time_colour, time_font
        self._lines: list[list[tuple[float, str, str, Any]]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._lines = self._layout(available_width - self.indent)
        self.width = available_width
        self.height = len(self._lines) * self.leading + self.space_after
        return self.width, self.height

    def _layout(self, width: float) -> list[list[tuple[float, str, str, Any]]]:
        """Printed lines, each a list of (x, text, font, colour) pieces."""
        lines: list[list[tuple[float, str, str, Any]]] = [[]]
        x = 0.0
        for run in self.runs:
            space = stringWidth(" ", run.font, self.size)
            piece: list[str] = []
            start = x
            for word in run.text.split():
                measure = stringWidth(word, run.font, self.size)
                gap = space if x > 0 else 0.0
                if x > 0 and x + gap + measure > width:
                    if piece:
                        lines[-1].append((start, " ".join(piece), run.font, run.colour))
                    lines.append([])
                    piece, x, start, gap = [], 0.0, 0.0, 0.0
                if not piece:
                    start = x + gap
                piece.append(word)
                x += gap + measure
            if piece:
                lines[-1].append((start, " ".join(piece), run.font, run.colour))
        return [line for line in lines if line] or [[]]

    def draw(self) -> None:
        canvas = self.canv
        baseline = self.height - self.space_after - self.size
        canvas.setFont(self.time_font, self.size)
        canvas.setFillColor(self.time_colour)
        canvas.drawString(0, baseline, self.time)
        for line in self._lines:
            for x, text, font, colour in line:
                canvas.setFont(font, self.size)
                canvas.setFillColor(colour)
                canvas.drawString(self.indent + x, baseline, text)
            baseline -= self.leading
