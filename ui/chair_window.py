"""The chair's window: run a whole conference from one screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
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
from facilitator.domain.attendees import AttendanceState, Attendee
from facilitator.domain.errors import DomainError, OverrideRequired, SummaryConflict
from facilitator.domain.interim import InterimRequired
from facilitator.domain.interpreting import KeptIn, interpreted_by, interpreters_of
from facilitator.domain.minutes import ParagraphDraft, Section
from facilitator.domain.roles import Party
from facilitator.domain.transcript import Mark
from facilitator.meeting.api import MeetingApi
from facilitator.services.meeting_settings import (
    SIGNS_OF_SAFETY,
    participation_settings,
    safety_scale_choice,
)

from .agenda_panel import AgendaPanel
from .chair_live import LiveMeetingMixin
from .chair_meeting import ChairMeeting, ChairReason, InterimChoice, OverrideAnswer
from .decision_panel import DecisionPanel
from .dialogs import (
    AddAttendeeDialog,
    ExclusionDialog,
    ExclusionRequest,
    ExtendMeetingDialog,
    NewAttendee,
    OverrideDialog,
)
from .header import Header
from .interpreter_dialog import InterpreterDialog
from .meeting_time import (
    InterpretingChoice,
    InterpretingDialog,
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
    from .interim_dialog import InterimDialog


def _exec(dialog: object) -> bool:
    return bool(dialog.exec())  # type: ignore[attr-defined]


class ChairWindow(LiveMeetingMixin, QMainWindow):
    """Dialog providers are attributes so tests can fill real dialogs without a modal loop."""

    def __init__(self, bridge: ChairMeeting, actor: str = "chair") -> None:
        super().__init__()
        self.bridge = bridge
        self.actor = actor
        conference = bridge.conference
        self.setWindowTitle(self.tr("Conference Facilitator – {title}").format(
            title=conference.details.title))
        self.ask_override: Callable[[OverrideRequired], OverrideAnswer] = self._ask_override
        self.ask_interim: Callable[[InterimRequired], InterimChoice | None] = self._ask_interim
        self.ask_exclusion: Callable[[list[Attendee]], ExclusionRequest | None] = (
            self._ask_exclusion)
        self.ask_interpreter_link: Callable[[InterpreterDialog], list[str] | None] = (
            self._ask_interpreter_link)
        self.ask_new_attendee: Callable[[], NewAttendee | None] = self._ask_new_attendee
        self.ask_extension: Callable[[], tuple[float, str | ChairReason] | None] = (
            self._ask_extension)
        self.ask_summary_conflict: Callable[[str, str], str | None] = (
            self._ask_summary_conflict)
        self.ask_reason: Callable[[str, str], str | None] = self._ask_reason
        self.ask_interpreting: Callable[[], InterpretingChoice | None] = (
            self._ask_interpreting)
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

    # ---- running commands ------------------------------------------------------------------
    @property
    def api(self) -> MeetingApi:
        """The meeting's use cases: pass them to `run` (they run on the meeting's loop)."""
        return self.bridge.api

    def run(self, use_case: Callable[..., list[ev.Event]], *args: object, **kwargs: object
            ) -> list[ev.Event] | None:
        self.bridge.on_override = self.ask_override
        self.bridge.on_interim = self.ask_interim
        result = self.bridge.run(use_case, *args, **kwargs)
        if result is not None:
            self.problem.hide()
        return result

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def next_stage(self) -> None:
        self.run(self.api.next_stage)

    def end_meeting(self) -> None:
        self.run(self.api.end_meeting)

    def extend_stage(self, minutes: float) -> None:
        current = self.bridge.conference.agenda.current
        if current is not None:
            self.run(self.api.extend_stage, current.id, minutes)

    def extend_meeting(self) -> None:
        answer = self.ask_extension()
        if answer is not None:
            minutes, reason = answer
            said = reason if isinstance(reason, ChairReason) else ChairReason(reason)
            self.run(self.api.extend_meeting, minutes, said.text, said.confidential)

    def allow_interpreting(self) -> None:
        """Stage times for consecutive interpreting; the planned end moves with them if the
        chair chooses (the reason in the record says why)."""
        choice = self.ask_interpreting()
        if choice is not None:  # one step: the multiplier and the planned end together
            self.run(self.api.allow_interpreting, choice.multiplier, choice.extend_minutes > 0)

    def set_attendance(self, ids: list[str], state: AttendanceState) -> None:
        for attendee_id in ids:
            self.run(self.api.change_attendance, attendee_id, state)

    def add_late_arrival(self) -> None:
        new = self.ask_new_attendee()
        if new is not None:
            self.run(self.api.add_attendee, new.name, new.role_key, agency=new.agency,
                     mode=new.mode, state=AttendanceState.PRESENT)

    def exclude(self, ids: list[str]) -> None:
        if not ids:
            self.show_problem("Select the people to move out of this segment first.")
            return
        conference = self.bridge.conference
        people = [conference.attendees[i] for i in ids]
        request = self.ask_exclusion(people)
        if request is None:
            return
        # the meeting decides whether this is a swap of separate parts (child and parents)
        self.run(self.api.exclude, ids, request.grounds, request.requested_by, request.reason,
                 advocate_stays=request.advocate_stays,
                 withheld_in_writing=request.withheld_in_writing,
                 reason_confidential=request.reason_confidential,
                 interpreters_stay=[KeptIn(i, why) for i, why in request.interpreters_stay])

    def link_interpreter(self, ids: list[str]) -> None:
        """Whom the selected interpreter interprets for (a family member is refused)."""
        if len(ids) != 1:
            self.show_problem("Select the one interpreter whose people you want to change.")
            return
        person = self.bridge.conference.attendee(ids[0])
        if person.role.party is not Party.INTERPRETER:  # the meeting says why not
            self.run(self.api.link_interpreter, person.id, [])
            return
        dialog = InterpreterDialog(self.bridge.conference, person, self)
        chosen = self.ask_interpreter_link(dialog)
        if chosen is not None:
            self.run(self.api.link_interpreter, person.id, chosen)

    def _ask_interpreter_link(self, dialog: InterpreterDialog) -> list[str] | None:
        return dialog.chosen() if _exec(dialog) else None

    def bring_back(self, ids: list[str]) -> None:
        if not ids:
            self.show_problem("Select the people to bring back first.")
            return
        self.run(self.api.readmit, ids)

    def add_note(self, speaker_id: str | None, text: str) -> None:
        if self.run(self.api.add_note, speaker_id, text, self.actor) is not None:
            self.transcript.note_accepted()

    def toggle_mark(self, utterance_ids: list[str], mark: Mark) -> None:
        conference = self.bridge.conference
        for utterance_id in utterance_ids:
            marks = conference.utterances[utterance_id].marks
            self.run(self.api.mark_utterance, utterance_id, marks ^ {mark}, self.actor)

    def dismiss_prompt(self) -> None:
        self.participation.dismiss_prompt()
        self.dismiss_key.setEnabled(self.participation.prompt_shown)

    def mark_child_focus(self, child_id: str, part: object, suggested: bool) -> None:
        for line in self.transcript.selected_utterance_ids():
            self.run(self.api.mark_child_focus, line, child_id, part, self.actor, suggested)

    def _assign_speaker(self, utterance_id: str, speaker_id: str | None) -> bool:
        return self.run(self.api.assign_speaker, utterance_id, speaker_id,
                        self.actor) is not None

    def _edit_utterance(self, utterance_id: str, text: str, base_version: int) -> bool:
        return self.run(self.api.edit_utterance, utterance_id, text, base_version,
                        self.actor) is not None

    # ---- dialogs (replaceable in tests) -----------------------------------------------------
    def out_names(self) -> list[str]:
        """Family members who missed part of the meeting so far: what the chair types now may
        reach their copies (the override and extension dialogs warn)."""
        conference = self.bridge.conference
        out = {a for s in conference.segments for a in s.excluded}
        out |= {a for e in conference.exclusions for a in e.withheld_in_writing}
        return [p.name for p in conference.attendees.values()
                if p.id in out and p.role.party in (Party.FAMILY, Party.CHILD)]

    # The dialogs as the window makes them (tests fill these and skip the modal loop).
    def override_dialog(self, needed: OverrideRequired) -> OverrideDialog:
        return OverrideDialog(needed, self, out_names=self.out_names())

    def interim_dialog(self, needed: InterimRequired) -> InterimDialog:
        from .interim_dialog import InterimDialog

        conference = self.bridge.conference
        earlier = next((InterimChoice(d.interim_reason, d.relist_on)
                        for d in conference.decisions.values() if d.interim), None)
        return InterimDialog(needed, conference.details.day, earlier, self)

    def exclusion_dialog(self, people: list[Attendee]) -> ExclusionDialog:
        conference = self.bridge.conference
        requesters = [a.name for a in conference.attendees.values()
                      if a.role.party in (Party.PROFESSIONAL, Party.CHILD, Party.CHAIR)]
        going = {p.id for p in people} | conference.excluded_now
        others = [a for a in conference.attendees.values()
                  if a.role.party in (Party.FAMILY, Party.CHILD) and a.id not in going]
        leaving = [i for p in people for i in sorted(interpreters_of(conference, p.id))
                   if conference.in_meeting(i) and i not in going
                   and interpreted_by(conference, i) - going <= {
                       a for a in interpreted_by(conference, i)
                       if not conference.attendee(a).is_present}]
        return ExclusionDialog(people, requesters, self, others=others,
                               interpreters=[conference.attendee(i) for i in dict.fromkeys(
                                   leaving)])

    def extension_dialog(self) -> ExtendMeetingDialog:
        return ExtendMeetingDialog(self, out_names=self.out_names())

    def _ask_override(self, needed: OverrideRequired) -> OverrideAnswer:
        dialog = self.override_dialog(needed)
        return dialog.answer() if _exec(dialog) else None

    def _ask_interim(self, needed: InterimRequired) -> InterimChoice | None:
        dialog = self.interim_dialog(needed)
        return dialog.choice() if _exec(dialog) else None

    def _ask_exclusion(self, people: list[Attendee]) -> ExclusionRequest | None:
        dialog = self.exclusion_dialog(people)
        return dialog.request() if _exec(dialog) else None

    def _ask_new_attendee(self) -> NewAttendee | None:
        dialog = AddAttendeeDialog(self)
        return dialog.attendee() if _exec(dialog) else None

    def _ask_extension(self) -> tuple[float, str | ChairReason] | None:
        dialog = self.extension_dialog()
        if _exec(dialog):
            return dialog.minutes.value(), ChairReason(dialog.reason.text().strip(),
                                                       dialog.confidential.isChecked())
        return None

    def _ask_interpreting(self) -> InterpretingChoice | None:
        dialog = InterpretingDialog(self.bridge.conference, self.now(), self)
        return dialog.choice() if _exec(dialog) else None

    # ---- showing ---------------------------------------------------------------------------
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

    def now(self) -> datetime:
        return self.bridge.now()

    def save_minutes(self, section: Section, drafts: list[ParagraphDraft], base: int) -> None:
        try:
            self.bridge.attempt(self.api.write_summary, section, drafts, base, self.actor)
        except SummaryConflict as conflict:
            mine = "\n\n".join(d.text for d in drafts)
            chosen = self.ask_summary_conflict(conflict.current_text, mine)
            if chosen == "mine":
                self.save_minutes(section, drafts, conflict.current_version)
            else:
                self.minutes.load()
            return
        except DomainError as refused:
            self.show_problem(str(refused))
            return
        self.minutes.load()

    def _ask_summary_conflict(self, theirs: str, mine: str) -> str | None:
        from .minute_taker_window import ConflictDialog
        dialog = ConflictDialog(theirs, mine, self)
        return "mine" if dialog.exec() else "theirs"

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
