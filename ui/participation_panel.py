"""Who has spoken, at a glance: speaking time per party as bars (this stage or overall), the
chair's prompts (dismissed with one key), and child focus per child with marking.

Only in the chair's window and the minute-taker's seat: never on the room display or a join
page (those are built elsewhere and never import this). The figures come from the window's
read-only copy of the conference through the pure domain rules (domain/participation.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.child_focus import FocusPart, suggest
from facilitator.domain.conference import Conference
from facilitator.domain.participation import (
    ParticipationSettings,
    PartyKind,
    PartyTime,
    speaking_time,
)
from facilitator.domain.participation_prompts import Prompt, prompts

from .widgets import named

COLOURS = {
    PartyKind.FAMILY: "#c05621", PartyKind.CHILD: "#6b46c1", PartyKind.CHAIR: "#2b6cb0",
    PartyKind.AGENCY: "#4a5568", PartyKind.MINUTE_TAKER: "#718096",
    PartyKind.INTERPRETER: "#718096", PartyKind.UNATTRIBUTED: "#a0aec0",
}
ROW = 20


def clock_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class SpeakingBars(QWidget):
    """One bar per party, longest first in its kind's order; painted, so it stays small."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, float, float, str]] = []  # label, seconds, share, colour
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(ROW)

    def set_rows(self, parties: tuple[PartyTime, ...], total: float) -> None:
        self.rows = [(p.party.label, p.seconds, p.share_of(total), COLOURS[p.party.kind])
                     for p in parties]
        self.setFixedHeight(max(1, len(self.rows)) * ROW + 2)
        self.setAccessibleDescription("; ".join(self.lines()))
        self.update()

    def lines(self) -> list[str]:
        return [f"{label}: {clock_text(s)} ({round(100 * share)}%)"
                for label, s, share, _ in self.rows]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        width = self.width()
        label_w, figure_w = int(width * 0.42), 78
        bar_w = max(10, width - label_w - figure_w - 8)
        longest = max((s for _, s, _, _ in self.rows), default=0.0) or 1.0
        if not self.rows:
            painter.setPen(QColor("#718096"))
            painter.drawText(QRectF(0, 0, width, ROW), Qt.AlignmentFlag.AlignVCenter,
                             self.tr("Nobody has spoken yet"))
        for i, (label, seconds, share, colour) in enumerate(self.rows):
            top = i * ROW
            painter.setPen(QColor("#1a202c"))
            painter.drawText(QRectF(0, top, label_w - 4, ROW),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(
                                 label, Qt.TextElideMode.ElideRight, label_w - 6))
            length = bar_w * seconds / longest
            painter.fillRect(QRectF(label_w, top + 4, max(2.0, length), ROW - 8), QColor(colour))
            painter.drawText(QRectF(label_w + bar_w + 6, top, figure_w, ROW),
                             Qt.AlignmentFlag.AlignVCenter,
                             f"{clock_text(seconds)}  {round(100 * share)}%")
        painter.end()


class ParticipationPanel(QGroupBox):
    markRequested = Signal(str, object, bool)  # child id, FocusPart, confirmed from a suggestion
    unmarkRequested = Signal(str, object)  # child id, FocusPart

    def __init__(self, settings: ParticipationSettings | None = None,
                 selected: Callable[[], list[str]] | None = None, *,
                 with_prompts: bool = True) -> None:
        super().__init__()
        self.setTitle(self.tr("Who has spoken"))
        self.setAccessibleName("Participation")
        self.settings = settings or ParticipationSettings()
        self.selected = selected or (lambda: [])
        self.dismissed: set[str] = set()  # the chair's screen only: never in the record
        self.with_prompts = with_prompts  # the minute-taker's seat: figures and marks only
        self.conference: Conference | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        scope = QHBoxLayout()
        self.this_stage = named(QPushButton(self.tr("This stage")), "This stage")
        self.overall = named(QPushButton(self.tr("Overall")), "Overall")
        group = QButtonGroup(self)
        for button in (self.this_stage, self.overall):
            button.setCheckable(True)
            button.setFlat(True)
            group.addButton(button)
            scope.addWidget(button)
            button.toggled.connect(lambda _on: self._show_figures())
        self.this_stage.setChecked(True)
        scope.addStretch(1)
        layout.addLayout(scope)
        self.bars = SpeakingBars()
        layout.addWidget(self.bars)
        self.prompt_box = QWidget()
        prompt_row = QHBoxLayout(self.prompt_box)
        prompt_row.setContentsMargins(0, 0, 0, 0)
        self.prompt = named(QLabel(""), "Prompt for the chair")
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("background:#fefcbf; color:#744210; padding:4px;")
        self.dismiss = named(QPushButton(self.tr("Dismiss (Esc)")), "Dismiss prompt")
        self.dismiss.clicked.connect(self.dismiss_prompt)
        prompt_row.addWidget(self.prompt, 1)
        prompt_row.addWidget(self.dismiss)
        self.prompt_box.hide()
        layout.addWidget(self.prompt_box)
        focus_row = QHBoxLayout()
        self.coverage = named(QLabel(""), "Child focus coverage")
        self.coverage.setWordWrap(True)
        self.coverage.setTextFormat(Qt.TextFormat.RichText)
        focus_row.addWidget(self.coverage, 1)
        self.mark = named(QToolButton(), "Mark child focus",
                          self.tr("Mark the selected transcript line with a part of child "
                                  "focus"))
        self.mark.setText(self.tr("Child focus…"))
        self.mark.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.mark)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.mark.setMenu(self.menu)
        focus_row.addWidget(self.mark)
        layout.addLayout(focus_row)
        self.current: list[Prompt] = []

    # ---- figures -----------------------------------------------------------------------
    def refresh(self, conference: Conference, now: datetime) -> None:
        self.conference = conference
        self._show_figures()
        self.current = prompts(conference, now, self.settings, self.dismissed) \
            if self.with_prompts else []
        if self.current:
            self.prompt.setText(self.current[0].text)
            self.prompt_box.show()
        else:
            self.prompt_box.hide()
        self._show_coverage()

    def _show_figures(self) -> None:
        conference = self.conference
        if conference is None:
            return
        figures = speaking_time(conference, settings=self.settings)
        if self.overall.isChecked():
            self.bars.set_rows(figures.overall, figures.total_seconds)
            return
        stage = conference.agenda.current
        shown = figures.stage(stage.id if stage else None)
        self.bars.set_rows(shown.parties if shown else (),
                           shown.total_seconds if shown else 0.0)

    def _show_coverage(self) -> None:
        conference = self.conference
        assert conference is not None
        rows = []
        for child in conference.details.children:
            first = child.name.split()[0]
            marks = []
            for part in FocusPart:
                count = len(conference.child_focus.lines(child.id, part))
                colour = "#276749" if count else "#a0aec0"
                marks.append(f"<span style='color:{colour}'>{part.label.split()[-1].lower()}"
                             f"{' ' + str(count) if count else ' –'}</span>")
            rows.append(f"<b>{first}</b>: " + " · ".join(marks))
        self.coverage.setText("<br>".join(rows))

    # ---- prompts -----------------------------------------------------------------------
    @property
    def prompt_shown(self) -> bool:
        return bool(self.current) and not self.prompt_box.isHidden()

    def dismiss_prompt(self) -> bool:
        """Hide the prompt shown (for good, for this condition); False if none was shown."""
        if not self.prompt_shown:
            return False
        self.dismissed.add(self.current[0].key)
        self.current = self.current[1:]
        if self.current:
            self.prompt.setText(self.current[0].text)
        else:
            self.prompt_box.hide()
        return True

    # ---- child focus -------------------------------------------------------------------
    def _fill_menu(self) -> None:
        self.menu.clear()
        conference = self.conference
        chosen = self.selected()
        if conference is None or len(chosen) != 1 or chosen[0] not in conference.utterances:
            action = self.menu.addAction(self.tr("Select one transcript line first"))
            action.setEnabled(False)
            return
        line = conference.utterances[chosen[0]]
        speaker = conference.attendees.get(line.speaker_id or "")
        suggested = {(s.child_id, s.part): s.cue for s in suggest(
            line.id, line.text, conference.details.children,
            speaker.child_id if speaker else None)}
        for child in conference.details.children:
            first = child.name.split()[0]
            for part in FocusPart:
                marked = conference.child_focus.has(line.id, child.id, part)
                cue = suggested.get((child.id, part))
                text = f"{first}: {part.label}" + (f"  (suggested: “{cue}”)" if cue else "")
                action = self.menu.addAction(text)
                action.setCheckable(True)
                action.setChecked(marked)
                action.triggered.connect(
                    lambda on, c=child.id, p=part, s=cue is not None:
                    self.markRequested.emit(c, p, s) if on else self.unmarkRequested.emit(c, p))
            self.menu.addSeparator()
