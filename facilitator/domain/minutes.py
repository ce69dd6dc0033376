"""What the record holds beyond the transcript: summary minutes, reports, the child's
participation, the safety scale, and what was sent to whom (procedure sections 8.4-8.7).

The minute-taker writes *summary* minutes per section of the record (not a verbatim
who-said-what) with the edited transcript beside them. Each summary paragraph says which
segment(s) of the meeting it summarises and whether it is confidential, so that a family
member's copy can leave out what they were not present for, by the segment audiences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum


class Section(Enum):
    """Sections of the record the minute-taker summarises, in the order of the record."""

    OPENING = "purpose, confidentiality and introductions"
    INFORMATION = "information shared: the social work and agency reports"
    CHILD_VIEWS = "the child's views"
    PARENT_VIEWS = "the parents' views"
    WORRIES = "worries (what are we worried about?)"
    STRENGTHS = "strengths (what's working well?)"
    DANGER_STATEMENTS = "danger statements"
    SAFETY_GOALS = "safety goals"
    DECISION = "discussion of the decision"
    NEXT_STEPS = "what needs to happen"
    PLAN = "discussion of the plan"
    CLOSING = "summary and close"


# Sections used only by the Signs of Safety format.
SIGNS_OF_SAFETY_SECTIONS = frozenset({Section.DANGER_STATEMENTS, Section.SAFETY_GOALS})

# The section a minute-taker most likely writes during each stage of the shipped agendas
# (assets/agenda/*.yaml); a window can preselect it. Stages not listed have no default.
SECTION_OF_STAGE: dict[str, Section] = {
    "welcome": Section.OPENING, "introductions": Section.OPENING,
    "apologies_reports": Section.INFORMATION, "social_work_report": Section.INFORMATION,
    "agency_reports": Section.INFORMATION, "progress": Section.INFORMATION,
    "child_views": Section.CHILD_VIEWS,
    "parents_views": Section.PARENT_VIEWS, "analysis": Section.WORRIES,
    "worries": Section.WORRIES, "working_well": Section.STRENGTHS,
    "danger_statements": Section.DANGER_STATEMENTS, "decision": Section.DECISION,
    "planning": Section.PLAN, "closing": Section.CLOSING,
}


@dataclass(frozen=True)
class SummaryParagraph:
    """One paragraph of summary minutes.

    `segment_ids`: every segment whose content it summarises; a person receives the paragraph
    only if they were in the audience of all of them. `confidential`: never in a family copy.
    """

    text: str
    segment_ids: frozenset[str]
    confidential: bool = False


@dataclass(frozen=True)
class ParagraphDraft:
    """What the minute-taker submits; no segments means the default (see write_summary)."""

    text: str
    segment_ids: frozenset[str] | None = None
    confidential: bool = False


@dataclass(frozen=True)
class SectionSummary:
    section: Section
    paragraphs: tuple[SummaryParagraph, ...] = ()
    version: int = 0  # 0: never written; each write adds one
    written_by: str = ""
    written_at: datetime | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Report:
    """A written report to the conference (procedure 8.5-8.6), as the record needs it.

    Only what the record says about it: who sent it, when it was received, and whether the
    parents saw it in advance (when, or why not). Preparation features may add more later.
    """

    id: str
    agency: str
    author_id: str | None = None  # the attendee who wrote it, when they are one
    received_on: date | None = None
    shared_with_parents: bool = False
    shared_on: date | None = None
    not_shared_reason: str = ""


class ViewsChannel(Enum):
    """How the child's wishes and feelings reached the conference (procedure 8.4)."""

    ATTENDED = "attending and speaking"
    OBSERVED = "attending to observe"
    LETTER = "a letter, email or text"
    DRAWING = "a picture or drawing"
    AUDIO_VIDEO = "an audio or video recording"
    ADVOCATE = "the child's independent advocate"
    MET_CHAIR = "meeting the chair before the conference"
    SOCIAL_WORKER = "the social worker's report"
    OBSERVATION = "professionals' observation (too young to give views)"


@dataclass(frozen=True)
class ChildParticipation:
    """Whether the child attends, why (recorded in advance), and how their views came."""

    child_id: str
    attends: bool
    reasons: str
    channels: frozenset[ViewsChannel]


MAX_SAFETY_SCORE = 10  # the Signs of Safety scale runs from 0 to 10


@dataclass(frozen=True)
class SafetyScore:
    """Signs of Safety: 0 = certain the child will be harmed, 10 = safe enough to close."""

    child_id: str
    attendee_id: str
    score: int
    at: datetime


class DocumentKind(Enum):
    DECISION_LETTER = "decision letter"
    CHILD_LETTER = "letter to the child"
    FULL_RECORD = "full record"
    SUMMARY = "summary of the conference"  # Wales: to everyone within 5 working days
    FAMILY_COPY = "family's copy of the record"
    PLAN_SUMMARY = "plan summary"
    CORE_GROUP_INVITATION = "core group invitation"
    REVIEW_INVITATION = "review conference invitation"
    EXCLUSION_LETTER = "letter about an exclusion during the conference"


class Channel(Enum):
    POST = "post"
    EMAIL = "email"
    SECURE_EMAIL = "secure email"
    BY_HAND = "by hand"
    PORTAL = "secure portal"


@dataclass(frozen=True)
class Dispatch:
    document: DocumentKind
    recipient_id: str  # an attendee, or (for a child's letter) a subject child
    sent_on: date
    channel: Channel
    recorded_by: str = ""


class FollowUp(Enum):
    CORE_GROUP = "first core group meeting"
    REVIEW = "review conference"


@dataclass
class Minutes:
    """Mutable state of the record; changed only by the conference applying events."""

    summaries: dict[Section, SectionSummary] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    participation: dict[str, ChildParticipation] = field(default_factory=dict)
    safety_scores: dict[tuple[str, str], SafetyScore] = field(default_factory=dict)
    dispatches: list[Dispatch] = field(default_factory=list)
    follow_ups: dict[FollowUp, date] = field(default_factory=dict)
    # family members the chair decided receive the whole record, with the chair's reason
    whole_record_for: dict[str, str] = field(default_factory=dict)

    def summary(self, section: Section) -> SectionSummary:
        return self.summaries.get(section) or SectionSummary(section)

    def write(self, section: Section, paragraphs: tuple[SummaryParagraph, ...], actor: str,
              at: datetime) -> None:
        version = self.summary(section).version + 1
        self.summaries[section] = SectionSummary(section, paragraphs, version, actor, at)
