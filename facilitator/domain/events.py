"""Every change to a conference is one of these events, appended to its log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
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
from .minutes import ChildParticipation, Dispatch, FollowUp, Report, Section, SummaryParagraph
from .segments import ExclusionGround
from .transcript import Mark, UtteranceSource


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
    speaker_confidence: float | None = None  # set when the speaker was recognised by voice
    language: str = "en"  # the language it was said (and is written) in
    english: str = ""  # an English rendering of a line in another language: machine-translated
    not_transcribed: bool = False  # a gap: speech the recogniser dropped, for a person to fill


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


@dataclass(frozen=True, kw_only=True)
class UtteranceSplit(Event):
    """A line cut in two at a character; the second part becomes a line of its own."""

    utterance_id: str
    position: int
    new_utterance_id: str
    split_at: datetime  # when the second part began (in proportion to the text)


@dataclass(frozen=True, kw_only=True)
class UtterancesMerged(Event):
    """Two consecutive lines of one speaker, in one segment, become one."""

    first_id: str
    second_id: str


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
class FamilyCopyScopeSet(Event):
    """The chair decides whether a family member who missed part of the conference receives the
    whole record or only the parts they attended (the procedure leaves this to the chair)."""

    attendee_id: str
    whole_record: bool
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class FollowUpHeld(Event):
    """The first core group or the review conference took place."""

    meeting: FollowUp
    held_on: date


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
