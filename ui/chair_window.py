"""The chair's window: run a whole conference from one screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.errors import DomainError
from facilitator.services.meeting_settings import (
    SIGNS_OF_SAFETY,
    participation_settings,
    safety_scale_choice,
)

from .agenda_panel import AgendaPanel
from .chair_commands import ChairCommandsMixin
from .chair_live import LiveMeetingMixin
from .chair_meeting import ChairMeeting
from .decision_panel import DecisionPanel
from .header import Header
from .meeting_time import (
    InterpretingRow,
    OverrunBanner,
)
from .minutes_panel import MinutesPanel
from .participation_panel import ParticipationPanel
from .people_panel import PeoplePanel
from .preparation_panel import PreparationPanel
from .room_display import RoomDisplay
from .transcript_panel import MARK_KEYS, TranscriptPanel
from .video_tiles import VideoTiles
from .widgets import named

if TYPE_CHECKING:  # the export libraries load when the chair first exports
    from .export_dialog import RecordExportDialog


class ChairWindow(LiveMeetingMixin, ChairCommandsMixin, QMainWindow):
    """The chair's window: its layout and wiring; commands and dialogs come from the mixins."""

    def __init__(self, bridge: ChairMeeting, actor: str = "chair") -> None:
        super().__init__()
        self.bridge = bridge
        self.actor = actor
        conference = bridge.conference
        self.setWindowTitle(self.tr("Conference Facilitator – {title}").format(
            title=conference.details.title))
        self.ask_override = self._ask_override
        self.ask_interim = self._ask_interim
        self.ask_exclusion = self._ask_exclusion
        self.ask_interpreter_link = self._ask_interpreter_link
        self.ask_new_attendee = self._ask_new_attendee
        self.ask_extension = self._ask_extension
        self.ask_summary_conflict = self._ask_summary_conflict
        self.ask_reason: Callable[[str, str], str | None] = self._ask_reason
        self.ask_interpreting = self._ask_interpreting
        self.transcription_state = "off (typed notes)"
        self.room_display: RoomDisplay | None = None
        self.export_dialog: RecordExportDialog | None = None

        central = QWidget()
        layout = QVBoxLayout(central)
        self.header = Header()
        layout.addWidget(self.header)
        self.problem = named(QLabel(""), "Problem message")
        self.problem.setStyleSheet("background:#fed7d7; color:#822727; padding:4px;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.overrun = OverrunBanner()  # the planned end has passed: extend, or end
        layout.addWidget(self.overrun)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.people = PeoplePanel()
        left = QSplitter(Qt.Orientation.Vertical)  # people; who has spoken, prompts, child focus
        left.addWidget(self.people)
        splitter.addWidget(left)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Main panels")
        meeting = QSplitter(Qt.Orientation.Vertical)
        self.agenda = AgendaPanel()
        self.interpreting = InterpretingRow()  # time for consecutive interpreting
        agenda_layout = self.agenda.layout()
        assert isinstance(agenda_layout, QVBoxLayout)
        agenda_layout.insertWidget(2, self.interpreting)  # under the ring-fence's status
        self.transcript = TranscriptPanel(conference, self._edit_utterance,
                                          on_assign=self._assign_speaker)
        try:
            speaking = participation_settings()
        except DomainError as wrong:  # the council's settings.yaml: defaults, and say so
            speaking, scale_problem = None, str(wrong)
        else:
            scale_problem = ""
        self.participation = ParticipationPanel(speaking, self.transcript.selected_utterance_ids)
        left.addWidget(self.participation)
        left.setSizes([440, 260])
        meeting.addWidget(self.agenda)
        meeting.addWidget(self.transcript)
        meeting.setSizes([380, 280])
        self.tabs.addTab(meeting, self.tr("Meeting"))
        try:
            scale_choice = safety_scale_choice()
        except DomainError as wrong:  # the council's settings.yaml: say so, carry on
            scale_choice, scale_problem = SIGNS_OF_SAFETY, str(wrong)
        self.decisions = DecisionPanel(conference, safety_scale=scale_choice)
        self.tabs.addTab(self.decisions, self.tr("Decision and plan"))
        self.minutes = MinutesPanel(conference, self.transcript.model)
        self.minutes.saveRequested.connect(self.save_minutes)
        self.tabs.addTab(self.minutes, self.tr("Minutes"))
        self.video = VideoTiles()
        self.tabs.addTab(self.video, self.tr("Cameras"))
        self.preparation = PreparationPanel(bridge, self.run)
        self.tabs.addTab(self.preparation, self.tr("Before the meeting"))
        splitter.addWidget(self.tabs)
        splitter.setSizes([420, 860])
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._connect()
        self._shortcuts()
        self.bridge.eventApplied.connect(self._on_event)
        self.bridge.refused.connect(self.show_problem)
        self.follow_meeting()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self.resize(1280, 720)
        self.refresh_all()
        if scale_problem:
            self.show_problem(scale_problem)

    # ---- wiring ----------------------------------------------------------------------------
    def _connect(self) -> None:
        self.header.room_mute.clicked.connect(
            lambda on: self.run(self.api.set_room_muted, bool(on)))
        self.header.transcribe.clicked.connect(self.switch_transcription)
        self.header.exports.clicked.connect(self.show_exports)
        a, p, t = self.agenda, self.people, self.transcript
        a.startRequested.connect(lambda: self.run(self.api.start_meeting))
        a.nextRequested.connect(self.next_stage)
        a.previousRequested.connect(lambda: self.run(self.api.previous_stage))
        a.extendStageRequested.connect(self.extend_stage)
        a.breakRequested.connect(lambda: self.run(self.api.begin_break))
        a.resumeRequested.connect(lambda: self.run(self.api.end_break))
        a.extendMeetingRequested.connect(self.extend_meeting)
        a.endRequested.connect(self.end_meeting)
        self.overrun.extendRequested.connect(self.extend_meeting)
        self.overrun.endRequested.connect(self.end_meeting)
        self.interpreting.interpretingRequested.connect(self.allow_interpreting)
        p.arrivedRequested.connect(lambda ids: self.set_attendance(ids, AttendanceState.PRESENT))
        p.leftRequested.connect(lambda ids: self.set_attendance(ids, AttendanceState.LEFT))
        p.returnedRequested.connect(
            lambda ids: self.set_attendance(ids, AttendanceState.RETURNED))
        p.addRequested.connect(self.add_late_arrival)
        p.admitRequested.connect(lambda ids: self.run(self.api.admit, ids))
        p.admitAllRequested.connect(lambda: self.run(self.api.admit_all))
        p.sendBackRequested.connect(
            lambda ids: [self.run(self.api.send_to_waiting_room, i) for i in ids])
        p.removeRequested.connect(
            lambda ids: [self.run(self.api.remove_participant, i, "removed by the chair")
                         for i in ids])
        p.unmuteRequested.connect(self.ask_to_unmute)
        p.linksRequested.connect(self.show_links)
        p.excludeRequested.connect(self.exclude)
        p.interpreterRequested.connect(self.link_interpreter)
        p.bringBackRequested.connect(self.bring_back)
        t.noteSubmitted.connect(self.add_note)
        t.splitRequested.connect(lambda line, position: self.run(
            self.api.split_utterance, line, position, self.actor))
        t.mergeRequested.connect(lambda first, second: self.run(
            self.api.merge_utterances, first, second, self.actor))
        t.problem.connect(self.show_problem)
        t.markToggled.connect(self.toggle_mark)
        self.participation.markRequested.connect(self.mark_child_focus)
        self.participation.unmarkRequested.connect(lambda child, part: [
            self.run(self.api.unmark_child_focus, line, child, part, self.actor)
            for line in self.transcript.selected_utterance_ids()])
        for tab in self.decisions.tabs.values():
            tab.viewSubmitted.connect(
                lambda child, who, view, cats, comment: self.run(
                    self.api.record_view, child, who, view, cats, comment))
            tab.decisionSubmitted.connect(
                lambda child, plan, cats, reasons, dissent: self.run(
                    self.api.record_decision, child, plan, cats, reasons, dissent))
            tab.planSubmitted.connect(lambda plan: self.run(self.api.record_plan, plan))
            tab.problem.connect(self.show_problem)
            tab.scaleSubmitted.connect(lambda child, who, score: self.run(
                self.api.record_safety_scale, child, who, score))

    def _shortcuts(self) -> None:
        bindings = {
            "Ctrl+Right": self.next_stage,
            "Ctrl+Left": lambda: self.run(self.api.previous_stage),
            "Ctrl+E": lambda: self.exclude(self.people.selected_ids()),
            "Ctrl+B": lambda: self.bring_back(self.people.selected_ids()),
            "Ctrl+D": self.show_room_display,
            "Ctrl+Shift+R": self.show_exports,
        }
        for mark, keys in MARK_KEYS.items():
            bindings[keys] = partial(self.transcript.toggle_mark, mark)
        for keys, slot in bindings.items():
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        # Esc dismisses the chair's prompt; only while one shows (else Esc is the editors')
        self.dismiss_key = QShortcut(QKeySequence("Esc"), self)
        self.dismiss_key.activated.connect(self.dismiss_prompt)
        self.dismiss_key.setEnabled(False)

    def show_room_display(self) -> RoomDisplay:
        if self.room_display is None:
            self.room_display = RoomDisplay()
        self.room_display.refresh(self.bridge.conference, self.now())
        self.room_display.show()
        return self.room_display

    def show_exports(self) -> RecordExportDialog:
        if self.export_dialog is None:
            from .export_dialog import RecordExportDialog
            self.export_dialog = RecordExportDialog(self.bridge, self)
        self.export_dialog.show()
        self.export_dialog.activateWindow()
        return self.export_dialog

    def _on_event(self, event: ev.Event) -> None:
        if isinstance(event, ev.SectionSummaryWritten):
            self.minutes.saved(event.section)
            return
        if self.transcript.line_event(event):
            return
        self.refresh_all()

    def tick(self) -> None:
        conference, now = self.bridge.conference, self.now()
        self.agenda.refresh(conference, now)
        self.overrun.refresh(conference, now)
        self.header.refresh(conference, self.transcription_state)
        self.participation.refresh(conference, now)
        self.dismiss_key.setEnabled(self.participation.prompt_shown)
        if self.room_display is not None and self.room_display.isVisible():
            self.room_display.refresh(conference, now)

    def refresh_all(self) -> None:
        conference = self.bridge.conference
        self.people.refresh(conference)
        self.transcript.refresh_speakers(conference)
        self.decisions.refresh(conference)
        self.interpreting.refresh(conference)
        self.tick()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ticker.stop()
        if self.room_display is not None:
            self.room_display.close()
        if self.export_dialog is not None:
            self.export_dialog.close()
        self.bridge.close()
        super().closeEvent(event)
