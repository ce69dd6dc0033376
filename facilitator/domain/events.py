"""Every change to a conference is one of these events, appended to its log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from .agenda import StageSpec
from .attendees import AttendanceMode, AttendanceState, Attendee, Needs
from .decisions import AgencyView, Category, Plan
from .details import ConferenceDetails
from .event_base import Event as Event
from .events_child_focus import ChildFocusMarked as ChildFocusMarked
from .events_child_focus import ChildFocusUnmarked as ChildFocusUnmarked
from .events_interpreting import INTERPRETING_EVENTS
from .events_interpreting import InterpreterKeptIn as InterpreterKeptIn
from .events_interpreting import InterpreterLinksChanged as InterpreterLinksChanged
from .events_preparation import (  # re-exported: every event is `events.Name`
    AdvocateOffered as AdvocateOffered,
)
from .events_preparation import (
    ArrangementMade as ArrangementMade,
)
from .events_preparation import (
    ContributionAttached as ContributionAttached,
)
from .events_preparation import (
    ExclusionDecided as ExclusionDecided,
)
from .events_preparation import (
    ExclusionRequested as ExclusionRequested,
)
from .events_preparation import (
    InterpreterBooked as InterpreterBooked,
)
from .events_preparation import (
    LetterSent as LetterSent,
)
from .events_preparation import (
    MetBeforeConference as MetBeforeConference,
)
from .events_preparation import (
    ObserverConsentRecorded as ObserverConsentRecorded,
)
from .events_preparation import (
    ObserverRequested as ObserverRequested,
)
from .events_preparation import (
    PreparationEvent as PreparationEvent,
)
from .events_preparation import (
    ReportCommentRecorded as ReportCommentRecorded,
)
from .events_preparation import (
    ReportSharedWithChild as ReportSharedWithChild,
)
from .events_preparation import (
    SubstituteNamed as SubstituteNamed,
)
from .events_preparation import (
    TechnologyChecked as TechnologyChecked,
)
from .events_record import ChildParticipationRecorded as ChildParticipationRecorded
from .events_record import DocumentSent as DocumentSent
from .events_record import FamilyCopyScopeSet as FamilyCopyScopeSet
from .events_record import FollowUpHeld as FollowUpHeld
from .events_record import ReportRecorded as ReportRecorded
from .events_record import SafetyScaleRecorded as SafetyScaleRecorded
from .events_record import SectionSummaryWritten as SectionSummaryWritten
from .events_transcript import RecognitionRevised as RecognitionRevised
from .events_transcript import SpeakerAssigned as SpeakerAssigned
from .events_transcript import UtteranceEdited as UtteranceEdited
from .events_transcript import UtteranceMarked as UtteranceMarked
from .events_transcript import UtteranceRecorded as UtteranceRecorded
from .events_transcript import UtterancesMerged as UtterancesMerged
from .events_transcript import UtteranceSplit as UtteranceSplit
from .segments import ExclusionGround


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
class LanguageRecorded(Event):
    """The language a person speaks (a BCP-47 tag), recorded or changed."""

    attendee_id: str
    language: str


@dataclass(frozen=True, kw_only=True)
class NeedsRecorded(Event):
    attendee_id: str
    needs: Needs


@dataclass(frozen=True, kw_only=True)
class PostalAddressRecorded(Event):
    """Where letters to an attendee or a subject child go by post (no lines: none)."""

    recipient_id: str
    lines: tuple[str, ...]


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
    confidential: bool = False  # the chair marked the reason: never in a family's copy


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
    confidential: bool = False  # the chair marked the reason: never in a family's copy


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
    # the chair's decision: who else may not receive this part of the meeting in writing
    # (family copies), though they heard it; and whether the free-text reason is confidential
    # (then the excluded person's letter gives the grounds only)
    withheld_in_writing: frozenset[str] = frozenset()
    reason_confidential: bool = False


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
    # the conference was not quorate: the chair's reason for an interim decision, and the day
    # the conference is re-listed for (within 10 working days)
    interim_reason: str = ""
    relist_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class PlanRecorded(Event):
    plan: Plan


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


# ---- the room and transcription --------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class RoomMuteSet(Event):
    """The chair mutes the room (e.g. while it talks privately): remote people are told."""

    muted: bool


@dataclass(frozen=True, kw_only=True)
class TranscriptionSet(Event):
    """Transcription switched on or off for this conference (some councils forbid it)."""

    enabled: bool
    reason: str = ""



ALL_EVENTS: tuple[type[Event], ...] = (
    ConferenceCreated, AttendeeAdded, AttendanceChanged, AttendanceModeChanged, NeedsRecorded,
    LanguageRecorded,    PostalAddressRecorded,
    MeetingStarted, StageChanged, StageSkipped, StageExtended, StageAdded, StageMoved,
    BreakStarted, BreakEnded, MeetingExtended, InterpretationMultiplierSet,
    RingFenceOverridden, MeetingEnded, ParticipantsExcluded, ParticipantsReadmitted,
    AgencyViewRecorded, DecisionRecorded, PlanRecorded, UtteranceRecorded,
    RecognitionRevised, UtteranceEdited, UtteranceMarked, SpeakerAssigned, UtteranceSplit,
    UtterancesMerged,
    ParticipantWaiting, ParticipantAdmitted, ParticipantRemoved,
    SectionSummaryWritten, ReportRecorded, ChildParticipationRecorded, SafetyScaleRecorded,
    DocumentSent, FollowUpHeld, FamilyCopyScopeSet,
    LetterSent, SubstituteNamed, ReportSharedWithChild, ReportCommentRecorded, AdvocateOffered,
    ContributionAttached, InterpreterBooked, ArrangementMade, TechnologyChecked,
    ExclusionRequested, ExclusionDecided, ObserverRequested, ObserverConsentRecorded,
    MetBeforeConference,
    RoomMuteSet, TranscriptionSet, ChildFocusMarked, ChildFocusUnmarked, *INTERPRETING_EVENTS,
)
EVENT_TYPES: dict[str, type[Event]] = {cls.__name__: cls for cls in ALL_EVENTS}
