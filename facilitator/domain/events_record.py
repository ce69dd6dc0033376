"""Events of the record: summary minutes, reports, the child's participation, the Signs of
Safety scale and circulation (re-exported by `events`: every event is `events.Name`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .event_base import Event
from .minutes import ChildParticipation, Dispatch, FollowUp, Report, Section, SummaryParagraph


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
