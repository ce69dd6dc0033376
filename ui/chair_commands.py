"""The chair's window, its commands: each thing the chair does, run through the meeting.

A mixin of ChairWindow (ui/chair_window.py), which sets `actor` and the panels named below;
`run` sends a use case to the meeting and shows a refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QLabel

from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.errors import DomainError, SummaryConflict
from facilitator.domain.interpreting import KeptIn
from facilitator.domain.minutes import ParagraphDraft, Section
from facilitator.domain.roles import Party
from facilitator.domain.transcript import Mark
from facilitator.meeting.api import MeetingApi

from .chair_dialogs import ChairDialogsMixin
from .chair_meeting import ChairReason
from .interpreter_dialog import InterpreterDialog
from .minutes_panel import MinutesPanel
from .participation_panel import ParticipationPanel
from .transcript_panel import TranscriptPanel


class ChairCommandsMixin(ChairDialogsMixin):
    actor: str
    problem: QLabel
    transcript: TranscriptPanel
    participation: ParticipationPanel
    minutes: MinutesPanel
    dismiss_key: QShortcut

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

    # ---- the chair's commands ------------------------------------------------------------
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
