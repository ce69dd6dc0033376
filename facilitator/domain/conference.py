"""The conference aggregate: state rebuilt by applying its events in order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from enum import Enum
from functools import singledispatchmethod

from . import events as ev
from .agenda import Agenda
from .attendees import AttendanceState, Attendee
from .child_focus import ChildFocus, FocusMark
from .conference_queries import ConferenceQueries
from .decisions import AgencyView, ChildDecision, HarmView, Plan
from .details import ConferenceDetails
from .errors import DomainError
from .minutes import Minutes, SafetyScore
from .preparation import Preparation
from .preparation_ops import apply_preparation_event
from .ring_fence import AgendaClock
from .segments import Exclusion, Segment
from .transcript import Utterance
from .transcript_ops import LineEvent, apply_line_event


class MeetingStatus(Enum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in progress"
    ON_BREAK = "on a break"
    ENDED = "ended"


# the transcript's events (most of a log) never change who is in the meeting
_NO_PRESENCE_CHANGE = (ev.UtteranceRecorded, ev.RecognitionRevised, ev.UtteranceEdited,
                       ev.UtteranceMarked, ev.SpeakerAssigned, ev.UtteranceSplit,
                       ev.UtterancesMerged)


class Conference(ConferenceQueries):
    def __init__(self, created: ev.ConferenceCreated) -> None:
        self.details: ConferenceDetails = created.details
        self.created_at = created.at
        self.attendees: dict[str, Attendee] = {}
        self.agenda = Agenda(created.details.stages)
        self.clock = AgendaClock(
            self.agenda, created.details.scheduled_start, created.details.planned_minutes,
            created.details.ring_fence,
        )
        self.status = MeetingStatus.SCHEDULED
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.segments: list[Segment] = []
        self.exclusions: list[Exclusion] = []
        self.views: dict[tuple[str, str], AgencyView] = {}
        self.decisions: dict[str, ChildDecision] = {}
        self.plans: dict[str, Plan] = {}
        self.overrides: list[ev.RingFenceOverridden] = []
        self.utterances: dict[str, Utterance] = {}
        self._recorded: dict[str, int] = {}  # each line's place in the order it was recorded
        self.waiting: set[str] = set()  # remote people in the waiting room
        # when each remote person last came into the meeting (admitted, readmitted, arrived):
        # live content begun before that never reaches them (audience.may_receive_live)
        self.entered_meeting_at: dict[str, datetime] = {}
        self.room_muted = False
        self.transcription_enabled = True
        self.addresses: dict[str, tuple[str, ...]] = {}  # postal, by attendee or child id
        self.minutes = Minutes()  # summary minutes, reports, circulation (domain/minutes.py)
        self.preparation = Preparation()  # before the conference (domain/preparation.py)
        self.child_focus = ChildFocus()  # the four parts marked on lines (domain/child_focus.py)
        self.log: list[ev.Event] = [created]

    @property
    def id(self) -> str:
        return self.details.id

    @classmethod
    def from_events(cls, events: Iterable[ev.Event]) -> Conference:
        iterator = iter(events)
        first = next(iterator, None)
        if not isinstance(first, ev.ConferenceCreated):
            raise DomainError("a conference log must start with ConferenceCreated")
        conference = cls(first)
        for event in iterator:
            conference.apply(event)
        return conference

    # ---- queries (the rest: conference_queries.py) ----------------------------------------
    def remote_in_meeting(self) -> frozenset[str]:
        """The remote people who hear and are heard now (none once the meeting has ended)."""
        if self.status is MeetingStatus.ENDED:
            return frozenset()
        return frozenset(p.id for p in self.attendees.values()
                         if p.mode.is_remote and self.in_meeting(p.id))

    # ---- applying events -----------------------------------------------------------------
    @singledispatchmethod
    def _apply(self, event: ev.Event) -> None:
        raise DomainError(f"cannot apply {type(event).__name__}")

    def apply(self, event: ev.Event) -> None:
        if isinstance(event, _NO_PRESENCE_CHANGE):
            self._apply(event)
        else:
            before = self.remote_in_meeting()
            self._apply(event)
            for person in self.remote_in_meeting() - before:
                self.entered_meeting_at[person] = event.at
        self.log.append(event)

    @_apply.register
    def _(self, event: ev.AttendeeAdded) -> None:
        self.attendees[event.attendee.id] = event.attendee

    @_apply.register
    def _(self, event: ev.AttendanceChanged) -> None:
        self._update_attendee(event.attendee_id, state=event.state)

    @_apply.register
    def _(self, event: ev.AttendanceModeChanged) -> None:
        self._update_attendee(event.attendee_id, mode=event.mode)

    @_apply.register
    def _(self, event: ev.NeedsRecorded) -> None:
        self._update_attendee(event.attendee_id, needs=event.needs)

    @_apply.register
    def _(self, event: ev.LanguageRecorded) -> None:
        self._update_attendee(event.attendee_id, language=event.language)

    @_apply.register
    def _(self, event: ev.PostalAddressRecorded) -> None:
        self.addresses[event.recipient_id] = event.lines

    def _update_attendee(self, attendee_id: str, **changes: object) -> None:
        self.attendees[attendee_id] = replace(self.attendee(attendee_id), **changes)  # type: ignore[arg-type]

    @_apply.register
    def _(self, event: ev.MeetingStarted) -> None:
        self.status = MeetingStatus.IN_PROGRESS
        self.started_at = event.at
        self.agenda.start(event.first_stage_id, event.at)
        self.segments.append(Segment(event.segment_id, 1, event.at, event.first_stage_id))

    @_apply.register
    def _(self, event: ev.StageChanged) -> None:
        self.agenda.finish_current(event.at)
        self.agenda.start(event.to_stage_id, event.at)

    @_apply.register
    def _(self, event: ev.StageSkipped) -> None:
        self.agenda.skip(event.stage_id)

    @_apply.register
    def _(self, event: ev.StageExtended) -> None:
        self.agenda.extend(event.stage_id, event.minutes)

    @_apply.register
    def _(self, event: ev.StageAdded) -> None:
        self.agenda.insert(event.stage, event.position)

    @_apply.register
    def _(self, event: ev.StageMoved) -> None:
        self.agenda.move(event.stage_id, event.position)

    @_apply.register
    def _(self, event: ev.BreakStarted) -> None:
        self.status = MeetingStatus.ON_BREAK
        self.agenda.begin_break(event.at, event.reason)

    @_apply.register
    def _(self, event: ev.BreakEnded) -> None:
        self.status = MeetingStatus.IN_PROGRESS
        self.agenda.end_break(event.at)

    @_apply.register
    def _(self, event: ev.MeetingExtended) -> None:
        self.agenda.extension_minutes += event.minutes

    @_apply.register
    def _(self, event: ev.InterpretationMultiplierSet) -> None:
        self.agenda.interpretation_multiplier = event.multiplier

    @_apply.register
    def _(self, event: ev.RingFenceOverridden) -> None:
        self.overrides.append(event)

    @_apply.register
    def _(self, event: ev.MeetingEnded) -> None:
        if self.agenda.on_break:
            self.agenda.end_break(event.at)
        self.agenda.finish_current(event.at)
        self._close_segment(event.at)
        self.exclusions = [
            replace(e, ended_at=event.at, end_segment_id=event.closing_segment_id)
            if e.is_open else e
            for e in self.exclusions
        ]
        self.status = MeetingStatus.ENDED
        self.ended_at = event.at

    def _close_segment(self, at: datetime) -> Segment | None:
        current = self.current_segment
        if current is not None:
            self.segments[-1] = replace(current, ended_at=at)
        return current

    def _open_segment(self, segment_id: str, at: datetime, excluded: frozenset[str]) -> None:
        stage = self.agenda.current
        self.segments.append(
            Segment(segment_id, len(self.segments) + 1, at, stage.id if stage else None, excluded)
        )

    @_apply.register
    def _(self, event: ev.ParticipantsExcluded) -> None:
        previous = self._close_segment(event.at)
        before = previous.excluded if previous else frozenset()
        self._open_segment(
            event.segment_id, event.at, (before - event.readmitted_ids) | event.attendee_ids
        )
        self._close_exclusions(event.readmitted_ids, event.at, event.segment_id)
        self.exclusions.append(
            Exclusion(event.exclusion_id, event.attendee_ids, event.grounds, event.requested_by,
                      event.reason, event.at, event.segment_id,
                      withheld_in_writing=event.withheld_in_writing,
                      reason_confidential=event.reason_confidential)
        )

    @_apply.register
    def _(self, event: ev.InterpreterKeptIn) -> None:
        """Nothing to change: the segment already has them in; the record reads the reason."""

    @_apply.register
    def _(self, event: ev.ParticipantsReadmitted) -> None:
        previous = self._close_segment(event.at)
        before = previous.excluded if previous else frozenset()
        self._open_segment(event.segment_id, event.at, before - event.attendee_ids)
        self._close_exclusions(event.attendee_ids, event.at, event.segment_id)

    def _close_exclusions(self, back: frozenset[str], at: datetime, segment_id: str) -> None:
        updated = []
        for exclusion in self.exclusions:
            if exclusion.is_open and exclusion.active_ids & back:
                readmitted = exclusion.readmitted_ids | (exclusion.active_ids & back)
                exclusion = replace(exclusion, readmitted_ids=readmitted)
                if not exclusion.active_ids:
                    exclusion = replace(exclusion, ended_at=at, end_segment_id=segment_id)
            updated.append(exclusion)
        self.exclusions = updated

    @_apply.register
    def _(self, event: ev.ParticipantWaiting) -> None:
        self.waiting.add(event.attendee_id)

    @_apply.register
    def _(self, event: ev.ParticipantAdmitted) -> None:
        self.waiting.discard(event.attendee_id)
        person = self.attendee(event.attendee_id)
        if not person.is_present:
            state = (AttendanceState.RETURNED if person.state is AttendanceState.LEFT
                     else AttendanceState.PRESENT)
            self._update_attendee(event.attendee_id, state=state)

    @_apply.register
    def _(self, event: ev.ParticipantRemoved) -> None:
        self.waiting.discard(event.attendee_id)
        if self.attendee(event.attendee_id).is_present:
            self._update_attendee(event.attendee_id, state=AttendanceState.LEFT)

    @_apply.register
    def _(self, event: ev.AgencyViewRecorded) -> None:
        self.views[(event.view.child_id, event.view.attendee_id)] = event.view

    @_apply.register
    def _(self, event: ev.DecisionRecorded) -> None:
        dissent = frozenset(
            view.attendee_id
            for (child_id, _), view in self.views.items()
            if child_id == event.child_id and view.view is not HarmView.UNDECIDED
            and (view.view is HarmView.SIGNIFICANT_HARM) != event.plan_required
        )
        segment = self.segment_at(event.at)
        self.decisions[event.child_id] = ChildDecision(
            event.child_id, event.plan_required, event.categories, event.reasons, dissent,
            event.dissent_note, event.at, segment.id, event.interim_reason, event.relist_on,
        )

    @_apply.register
    def _(self, event: ev.PlanRecorded) -> None:
        self.plans[event.plan.child_id] = event.plan

    @_apply.register
    def _(self, event: ev.UtteranceRecorded) -> None:
        segment = self.segment_at(event.started_at)
        self.utterances[event.utterance_id] = Utterance(
            event.utterance_id, event.speaker_id, event.source, event.started_at,
            event.ended_at, self.agenda.stage_at(event.started_at), segment.id, event.text,
            event.confidence, speaker_confidence=event.speaker_confidence,
            language=event.language, english=event.english,
            not_transcribed=event.not_transcribed)
        self._recorded[event.utterance_id] = len(self._recorded) + 1

    @_apply.register
    def _(self, event: LineEvent) -> None:
        apply_line_event(self.utterances, event)
        if isinstance(event, ev.UtteranceSplit):
            self._recorded[event.new_utterance_id] = len(self._recorded) + 1
        elif isinstance(event, ev.UtterancesMerged):
            self.child_focus.merged(event.first_id, event.second_id)

    @_apply.register
    def _(self, event: ev.ChildFocusMarked) -> None:
        self.child_focus.mark(FocusMark(event.utterance_id, event.child_id, event.part,
                                        event.actor, event.at, event.from_suggestion))

    @_apply.register
    def _(self, event: ev.ChildFocusUnmarked) -> None:
        self.child_focus.unmark(event.utterance_id, event.child_id, event.part)

    @_apply.register
    def _(self, event: ev.RoomMuteSet) -> None:
        self.room_muted = event.muted

    @_apply.register
    def _(self, event: ev.TranscriptionSet) -> None:
        self.transcription_enabled = event.enabled

    @_apply.register
    def _(self, event: ev.SectionSummaryWritten) -> None:
        self.minutes.write(event.section, event.paragraphs, event.actor, event.at)

    @_apply.register
    def _(self, event: ev.ReportRecorded) -> None:
        self.minutes.reports[event.report.id] = event.report

    @_apply.register
    def _(self, event: ev.ChildParticipationRecorded) -> None:
        self.minutes.participation[event.participation.child_id] = event.participation

    @_apply.register
    def _(self, event: ev.SafetyScaleRecorded) -> None:
        key = (event.child_id, event.attendee_id)
        self.minutes.safety_scores[key] = SafetyScore(*key, event.score, event.at)

    @_apply.register
    def _(self, event: ev.DocumentSent) -> None:
        self.minutes.dispatches.append(event.dispatch)

    @_apply.register
    def _(self, event: ev.FamilyCopyScopeSet) -> None:
        if event.whole_record:
            self.minutes.whole_record_for[event.attendee_id] = event.reason
        else:
            self.minutes.whole_record_for.pop(event.attendee_id, None)

    @_apply.register
    def _(self, event: ev.FollowUpHeld) -> None:
        self.minutes.follow_ups[event.meeting] = event.held_on

    @_apply.register
    def _(self, event: ev.PreparationEvent) -> None:
        apply_preparation_event(self.preparation, event)
