"""Agenda: stages with planned and actual minutes, the current stage's timer and prompts."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.agenda import StageStatus
from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.domain.ring_fence import ReserveLevel
from facilitator.views import minutes_text, stage_timer

from .language import term
from .timeline import TimelineBar
from .widgets import named

LEVEL_STYLE = {
    ReserveLevel.ON_TRACK: "",
    ReserveLevel.APPROACHING: "background:#fefcbf; color:#744210;",
    ReserveLevel.IMMINENT: "background:#feebc8; color:#7b341e; font-weight:bold;",
    ReserveLevel.EATING: "background:#fed7d7; color:#822727; font-weight:bold;",
    ReserveLevel.IN_RESERVE: "",
}


def planned_text(minutes: float) -> str:
    """'5 min'; with interpreting, to the half minute: '7½ min' (never 22.5 shown as 22)."""
    halves = round(minutes * 2)
    return f"{halves // 2}{'½' if halves % 2 else ''} min"


class AgendaPanel(QGroupBox):
    startRequested = Signal()
    nextRequested = Signal()
    previousRequested = Signal()
    extendStageRequested = Signal(float)
    breakRequested = Signal()
    resumeRequested = Signal()
    extendMeetingRequested = Signal()
    endRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Agenda"))
        layout = QVBoxLayout(self)
        self.timeline = TimelineBar()
        layout.addWidget(self.timeline)
        self.reserve_label = named(QLabel(), "Ring-fence status")
        self.reserve_label.setWordWrap(True)
        layout.addWidget(self.reserve_label)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        columns.addLayout(left, 3)
        layout.addLayout(columns, 1)
        top = QHBoxLayout()
        self.stage_title = named(QLabel(self.tr("Not started")), "Current stage")
        self.stage_title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.stage_title.setWordWrap(True)
        self.stage_timer = named(QLabel(""), "Stage timer")
        self.stage_timer.setStyleSheet("font-size: 15pt; font-family: monospace;")
        top.addWidget(self.stage_title, 1)
        top.addWidget(self.stage_timer)
        left.addLayout(top)
        self.prompts = named(QListWidget(), "Chair's prompts")
        self.prompts.setWordWrap(True)
        left.addWidget(self.prompts, 1)

        buttons = QGridLayout()
        self.start_button = self._button(self.tr("Start meeting"), self.startRequested,
                                         self.tr("Start the meeting"))
        self.previous_button = self._button(self.tr("◀ Previous"), self.previousRequested,
                                            self.tr("Back to the previous stage (Ctrl+Left)"))
        self.next_button = self._button(self.tr("Next stage ▶"), self.nextRequested,
                                        self.tr("Move to the next stage (Ctrl+Right)"))
        self.break_button = self._button(self.tr("Break"), self.breakRequested,
                                         self.tr("Start a break"))
        self.resume_button = self._button(self.tr("Resume"), self.resumeRequested,
                                          self.tr("End the break"))
        self.extend_minutes = named(QDoubleSpinBox(), "Minutes to extend the stage")
        self.extend_minutes.setRange(1, 60)
        self.extend_minutes.setDecimals(0)
        self.extend_minutes.setValue(5)
        self.extend_minutes.setSuffix(self.tr(" min"))
        self.extend_button = named(QPushButton(self.tr("Extend stage")), "Extend stage",
                                   self.tr("Add minutes to the current stage"))
        self.extend_button.clicked.connect(
            lambda: self.extendStageRequested.emit(self.extend_minutes.value()))
        self.extend_meeting_button = self._button(self.tr("Extend meeting…"),
                                                  self.extendMeetingRequested,
                                                  self.tr("Move the planned end later, with a "
                                                          "reason"))
        self.end_button = self._button(self.tr("End meeting"), self.endRequested,
                                       self.tr("Close the meeting"))
        for index, widget in enumerate((
            self.start_button, self.previous_button, self.next_button, self.break_button,
            self.resume_button, self.extend_minutes, self.extend_button,
            self.extend_meeting_button, self.end_button,
        )):
            buttons.addWidget(widget, index // 3, index % 3)
        left.addLayout(buttons)

        self.table = named(QTableWidget(0, 4), "Agenda stages")
        self.table.setHorizontalHeaderLabels([self.tr("Stage"), self.tr("Planned"),
                                              self.tr("Actual"), self.tr("Status")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setDefaultSectionSize(22)
        metrics = self.table.horizontalHeader().fontMetrics()
        for column, least in ((1, 62), (2, 58), (3, 64)):  # wide enough for the heading, too
            heading = self.table.horizontalHeaderItem(column)
            text = heading.text() if heading is not None else ""
            self.table.setColumnWidth(column, max(least, metrics.horizontalAdvance(text) + 14))
        columns.addWidget(self.table, 4)

    def _button(self, text: str, signal: SignalInstance, description: str) -> QPushButton:
        button = named(QPushButton(text), text.strip("◀▶… "), description)
        button.clicked.connect(signal.emit)
        return button

    def status_words(self, status: StageStatus) -> str:
        """A stage's status in the window's language."""
        return {StageStatus.PENDING: self.tr("pending"), StageStatus.CURRENT: self.tr("current"),
                StageStatus.DONE: self.tr("done"), StageStatus.SKIPPED: self.tr("skipped")}[status]

    def refresh(self, conference: Conference, now: datetime) -> None:
        status = conference.status
        running = status in (MeetingStatus.IN_PROGRESS, MeetingStatus.ON_BREAK)
        self.start_button.setEnabled(status is MeetingStatus.SCHEDULED)
        self.next_button.setEnabled(status is MeetingStatus.IN_PROGRESS)
        self.previous_button.setEnabled(status is MeetingStatus.IN_PROGRESS)
        self.break_button.setEnabled(status is MeetingStatus.IN_PROGRESS)
        self.resume_button.setEnabled(status is MeetingStatus.ON_BREAK)
        self.extend_button.setEnabled(running)
        self.extend_meeting_button.setEnabled(status is not MeetingStatus.ENDED)
        self.end_button.setEnabled(running)
        self.timeline.update_from(conference, now)
        self._refresh_reserve(conference, now)
        self._refresh_current(conference, now)
        self._refresh_table(conference, now)

    def _refresh_reserve(self, conference: Conference, now: datetime) -> None:
        reserve = conference.clock.status(now)
        if conference.status is MeetingStatus.ENDED:
            text, style = self.tr("The meeting has ended."), ""
        elif reserve.warning:
            text, style = "⚠ " + reserve.warning, LEVEL_STYLE[reserve.level]
        else:
            text = self.tr("Decision and planning: {protected} of {needed} minutes protected; "
                           "{slack} minutes of slack.").format(
                protected=f"{reserve.protected_minutes:.0f}",
                needed=f"{reserve.needed_minutes:.0f}",
                slack=f"{max(0.0, reserve.slack_minutes):.0f}")
            style = ""
        self.reserve_label.setText(text)
        self.reserve_label.setStyleSheet(style)

    def _refresh_current(self, conference: Conference, now: datetime) -> None:
        timer = stage_timer(conference, now)
        if conference.status is MeetingStatus.ON_BREAK:
            self.stage_title.setText(self.tr("On a break ({stage})").format(
                stage=term(timer.title) if timer else ""))
        elif timer is None:
            done = conference.status is MeetingStatus.ENDED
            self.stage_title.setText(self.tr("Meeting ended") if done else self.tr("Not started"))
        else:
            self.stage_title.setText(term(timer.title))
        if timer is None:
            self.stage_timer.setText("")
            self.prompts.clear()
            return
        self.stage_timer.setText(
            f"{minutes_text(timer.elapsed_minutes)} / {minutes_text(timer.planned_minutes)}")
        self.stage_timer.setStyleSheet(
            "font-size: 15pt; font-family: monospace;" + (" color:#c53030;" if timer.overrun
                                                          else ""))
        prompts = list(timer.prompts)
        if [self.prompts.item(i).text() for i in range(self.prompts.count())] != prompts:
            self.prompts.clear()
            self.prompts.addItems(prompts)

    def _refresh_table(self, conference: Conference, now: datetime) -> None:
        stages = conference.agenda.stages
        self.table.setRowCount(len(stages))
        multiplier = conference.agenda.interpretation_multiplier
        current_break = conference.agenda.on_break
        for row, stage in enumerate(stages):
            title = term(stage.spec.title) + (self.tr(" · ring-fenced") if stage.spec.ring_fenced
                                        else "")
            actual = ""
            if stage.started_at is not None:
                actual = minutes_text(stage.elapsed_minutes(
                    now, current_break.started_at if current_break else None))
            cells = (title, planned_text(stage.planned_minutes * multiplier), actual,
                     self.status_words(stage.status))
            for column, text in enumerate(cells):
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(row, column, item)
                if item.text() != text:
                    item.setText(text)
                font = item.font()
                font.setBold(stage.status is StageStatus.CURRENT)
                item.setFont(font)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, stage.id)
