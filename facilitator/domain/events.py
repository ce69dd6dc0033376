"""Every change to a conference is one of these events, appended to its log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from .agenda import StageSpec
from .attendees import AttendanceMode, AttendanceState, Attendee, Needs
from .decisions import AgencyView, Category, Plan
from .details import ConferenceDetails
from .minutes import ChildParticipation, Dispatch, FollowUp, Report, Section, SummaryParagraph
from .preparation import (
    AdvocateOffer,
    Arrangement,
    Contribution,
    ExclusionDecision,
    ExclusionRequest,
    InterpreterBooking,
    MeetingBefore,
    ObserverConsentAnswer,
    ObserverRequest,
    ReportComment,
    SentLetter,
    SharedWithChild,
    Substitute,
    TechnologyCheck,
)
from .segments import ExclusionGround
from .transcript import Mark, UtteranceSource


@dataclass(frozen=True, kw_only=True)
class Event:
    at: datetime
    actor: str = "chair"


@dataclass(frozen=True, kw_only=True)
class ConferenceCreated(Event):
    details: ConferenceDetails


# ---- people -------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class AttendeeAdded(Event):
    attendee: Attendee


@dataclass(frozen=True, kw_only=True)
class AttendanceChanged(Event):
    attendee_id: str
    state: AttendanceState


@dataclass(frozen=True, kw_only=True)
class AttendanceModeChanged(Event):
    attendee_id: str
    mode: AttendanceMode


@dataclass(frozen=True, kw_only=True)
class NeedsRecorded(Event):
    attendee_id: str
    needs: Needs


# ---- agenda and time ----------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class MeetingStarted(Event):
    first_stage_id: str
    segment_id: str


@dataclass(frozen=True, kw_only=True)
class StageChanged(Event):
    from_stage_id: str | None
    to_stage_id: str


@dataclass(frozen=True, kw_only=True)
class StageSkipped(Event):
    stage_id: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class StageExtended(Event):
    stage_id: str
    minutes: float


@dataclass(frozen=True, kw_only=True)
class StageAdded(Event):
    stage: StageSpec
    position: int


@dataclass(frozen=True, kw_only=True)
class StageMoved(Event):
    stage_id: str
    position: int


@dataclass(frozen=True, kw_only=True)
class BreakStarted(Event):
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class BreakEnded(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class MeetingExtended(Event):
    minutes: float
    reason: str


@dataclass(frozen=True, kw_only=True)
class InterpretationMultiplierSet(Event):
    multiplier: float


class OverrideKind(Enum):
    ENTER_SHORT = "started decision and planning with less than the reserved time"
    CUT_SHORT = "cut a ring-fenced stage short"
    SKIP_RESERVED = "skipped a ring-fenced stage"


@dataclass(frozen=True, kw_only=True)
class RingFenceOverridden(Event):
    kind: OverrideKind
    stage_id: str
    reason: str
    protected_minutes: float
    needed_minutes: float


@dataclass(frozen=True, kw_only=True)
class MeetingEnded(Event):
    closing_segment_id: str


# ---- segments and exclusions --------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ParticipantsExcluded(Event):
    exclusion_id: str
    attendee_ids: frozenset[str]
    grounds: frozenset[ExclusionGround]
    requested_by: str
    reason: str
    segment_id: str  # the segment that starts without them
    readmitted_ids: frozenset[str] = frozenset()  # brought back in the same step (swap parts)


@dataclass(frozen=True, kw_only=True)
class ParticipantsReadmitted(Event):
    attendee_ids: frozenset[str]
    segment_id: str  # the segment that starts with them back


# ---- decisions and plan -------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class AgencyViewRecorded(Event):
    view: AgencyView


@dataclass(frozen=True, kw_only=True)
class DecisionRecorded(Event):
    child_id: str
    plan_required: bool
    categories: frozenset[Category]
    reasons: str
    dissent_note: str = ""


@dataclass(frozen=True, kw_only=True)
class PlanRecorded(Event):
    plan: Plan


# ---- transcript ---------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class UtteranceRecorded(Event):
    utterance_id: str
    speaker_id: str | None
    source: UtteranceSource
    started_at: datetime
    ended_at: datetime
    text: str
    confidence: float | None = None


@dataclass(frozen=True, kw_only=True)
class RecognitionRevised(Event):
    utterance_id: str
    text: str
    ended_at: datetime
    confidence: float | None = None


@dataclass(frozen=True, kw_only=True)
class UtteranceEdited(Event):
    utterance_id: str
    text: str
    base_version: int


@dataclass(frozen=True, kw_only=True)
class UtteranceMarked(Event):
    utterance_id: str
    marks: frozenset[Mark]


@dataclass(frozen=True, kw_only=True)
class SpeakerAssigned(Event):
    utterance_id: str
    speaker_id: str | None


# ---- remote participation: the waiting room --------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ParticipantWaiting(Event):
    """A remote person is in the waiting room: joined, or sent back by the chair."""

    attendee_id: str
    sent_back: bool = False


@dataclass(frozen=True, kw_only=True)
class ParticipantAdmitted(Event):
    attendee_id: str


@dataclass(frozen=True, kw_only=True)
class ParticipantRemoved(Event):
    attendee_id: str
    reason: str = ""


# ---- the record: summary minutes, reports, the child's participation, circulation -------
@dataclass(frozen=True, kw_only=True)
class SectionSummaryWritten(Event):
    """The minute-taker's summary of one section, replacing the one at `base_version`."""

    section: Section
    paragraphs: tuple[SummaryParagraph, ...]
    base_version: int


@dataclass(frozen=True, kw_only=True)
class ReportRecorded(Event):
    """A written report to the conference; recording the same report id again replaces it."""

    report: Report


@dataclass(frozen=True, kw_only=True)
class ChildParticipationRecorded(Event):
    """Whether the child attends (with reasons) and how their views were obtained."""

    participation: ChildParticipation


@dataclass(frozen=True, kw_only=True)
class SafetyScaleRecorded(Event):
    """Signs of Safety: one person's 0-10 judgement of how safe the child is."""

    child_id: str
    attendee_id: str
    score: int


@dataclass(frozen=True, kw_only=True)
class DocumentSent(Event):
    """A letter, copy of the record, plan or invitation went to someone (circulation)."""

    dispatch: Dispatch


@dataclass(frozen=True, kw_only=True)
class FollowUpHeld(Event):
    """The first core group or the review conference took place."""

    meeting: FollowUp
    held_on: date


# ---- before the conference (domain/preparation.py holds the state they build) ---------
class PreparationEvent:
    """Marks the events applied to `Conference.preparation` (a mix-in, not an event itself)."""

    __slots__ = ()


@dataclass(frozen=True, kw_only=True)
class LetterSent(Event, PreparationEvent):
    letter: SentLetter  # an invitation, or the letter about an exclusion decision


@dataclass(frozen=True, kw_only=True)
class SubstituteNamed(Event, PreparationEvent):
    substitute: Substitute


@dataclass(frozen=True, kw_only=True)
class ReportSharedWithChild(Event, PreparationEvent):
    sharing: SharedWithChild


@dataclass(frozen=True, kw_only=True)
class ReportCommentRecorded(Event, PreparationEvent):
    comment: ReportComment


@dataclass(frozen=True, kw_only=True)
class AdvocateOffered(Event, PreparationEvent):
    offer: AdvocateOffer


@dataclass(frozen=True, kw_only=True)
class ContributionAttached(Event, PreparationEvent):
    contribution: Contribution  # the file itself is in the data directory, by its sha256


@dataclass(frozen=True, kw_only=True)
class InterpreterBooked(Event, PreparationEvent):
    booking: InterpreterBooking


@dataclass(frozen=True, kw_only=True)
class ArrangementMade(Event, PreparationEvent):
    arrangement: Arrangement


@dataclass(frozen=True, kw_only=True)
class TechnologyChecked(Event, PreparationEvent):
    check: TechnologyCheck


@dataclass(frozen=True, kw_only=True)
class ExclusionRequested(Event, PreparationEvent):
    request: ExclusionRequest


@dataclass(frozen=True, kw_only=True)
class ExclusionDecided(Event, PreparationEvent):
    decision: ExclusionDecision


@dataclass(frozen=True, kw_only=True)
class ObserverRequested(Event, PreparationEvent):
    request: ObserverRequest


@dataclass(frozen=True, kw_only=True)
class ObserverConsentRecorded(Event, PreparationEvent):
    answer: ObserverConsentAnswer


@dataclass(frozen=True, kw_only=True)
class MetBeforeConference(Event, PreparationEvent):
    meeting: MeetingBefore


ALL_EVENTS: tuple[type[Event], ...] = (
    ConferenceCreated, AttendeeAdded, AttendanceChanged, AttendanceModeChanged, NeedsRecorded,
    MeetingStarted, StageChanged, StageSkipped, StageExtended, StageAdded, StageMoved,
    BreakStarted, BreakEnded, MeetingExtended, InterpretationMultiplierSet,
    RingFenceOverridden, MeetingEnded, ParticipantsExcluded, ParticipantsReadmitted,
    AgencyViewRecorded, DecisionRecorded, PlanRecorded, UtteranceRecorded,
    RecognitionRevised, UtteranceEdited, UtteranceMarked, SpeakerAssigned,
    ParticipantWaiting, ParticipantAdmitted, ParticipantRemoved,
    SectionSummaryWritten, ReportRecorded, ChildParticipationRecorded, SafetyScaleRecorded,
    DocumentSent, FollowUpHeld,
    LetterSent, SubstituteNamed, ReportSharedWithChild, ReportCommentRecorded, AdvocateOffered,
    ContributionAttached, InterpreterBooked, ArrangementMade, TechnologyChecked,
    ExclusionRequested, ExclusionDecided, ObserverRequested, ObserverConsentRecorded,
    MetBeforeConference,
)
EVENT_TYPES: dict[str, type[Event]] = {cls.__name__: cls for cls in ALL_EVENTS}
