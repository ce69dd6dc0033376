"""Events of the preparation before a conference (the state they build: domain/preparation.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .event_base import Event
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
