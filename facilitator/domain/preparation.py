"""Before the conference (procedure 8.1-8.4): invitations and replies, reports shared in advance
and the parents' comments, the child's participation and own contributions, needs, technology
checks, exclusion requests made in advance, the observer, and meeting the family beforehand.

The values here travel in events (domain/events_preparation.py); `Preparation` is the state they
build (preparation_ops.py applies them), the way `minutes.Minutes` holds the record. What is
still missing is worked out in readiness.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .attendees import AttendanceState, Attendee
from .errors import DomainError
from .minutes import Channel
from .segments import ExclusionGround

MEBIBYTE = 1024 * 1024


@dataclass(frozen=True)
class PreparationSettings:
    """The council's timescales (assets/templates/preparation.yaml)."""

    report_working_days: int = 2  # reports reach the parents at least this long before
    exclusion_working_days: int = 3  # exclusion requests are made at least this long before
    advocate_age: int = 10  # from this age the child is offered an independent advocate
    observer_consent_days: int = 1  # the family's consent at least this many days before
    max_attachment_bytes: int = 200 * MEBIBYTE  # one file of the child's own contribution


class LetterKind(Enum):
    INVITATION = "invitation"
    EXCLUSION_DECISION = "letter about an exclusion decision"


@dataclass(frozen=True)
class SentLetter:
    kind: LetterKind
    recipient_id: str
    sent_on: date
    channel: Channel
    request_id: str = ""  # the exclusion request a decision letter is about


class InvitationStatus(Enum):
    NOT_SENT = "invitation not sent"
    SENT = "invited, no reply yet"
    CONFIRMED = "confirmed"
    APOLOGIES = "apologies"
    APOLOGIES_WITH_REPORT = "apologies, written report"
    SUBSTITUTE = "apologies, substitute named"


@dataclass(frozen=True)
class Substitute:
    for_id: str  # the invitee who cannot come
    substitute_id: str  # the attendee from their agency who comes instead


@dataclass(frozen=True)
class SharedWithChild:
    report_id: str
    child_id: str
    shared_on: date


class CommentKind(Enum):
    COMMENT = "comment"
    CORRECTION = "factual correction"


@dataclass(frozen=True)
class ReportComment:
    """A parent's comment on, or factual correction to, a report: put to the conference."""

    id: str
    report_id: str
    attendee_id: str
    kind: CommentKind
    text: str
    received_on: date


@dataclass(frozen=True)
class AdvocateOffer:
    child_id: str
    offered_on: date
    accepted: bool
    note: str = ""


class ContributionKind(Enum):
    LETTER = "a letter, email or text"
    DRAWING = "a picture or drawing"
    AUDIO = "an audio recording"
    VIDEO = "a video recording"
    OTHER = "something else the child made"


@dataclass(frozen=True)
class Contribution:
    """One file of the child's own: the bytes are stored by their sha256, never in the event."""

    id: str
    child_id: str
    kind: ContributionKind
    sha256: str
    size: int
    filename: str
    received_on: date
    description: str = ""
    # arrived after this conference (or once it ended): kept for the review conference
    for_review: bool = False


@dataclass(frozen=True)
class InterpreterBooking:
    language: str
    interpreter_id: str
    for_ids: frozenset[str]


class ArrangementKind(Enum):
    ACCESS = "access"
    CHILDCARE = "childcare"
    TRANSPORT = "transport"


@dataclass(frozen=True)
class Arrangement:
    attendee_id: str
    kind: ArrangementKind
    details: str


class CheckResult(Enum):
    WORKS = "works"
    PROBLEM = "problem"
    NOT_NEEDED = "not needed"  # a camera, for someone joining by phone
    NOT_TESTED = "not tested"


@dataclass(frozen=True)
class TechnologyCheck:
    """A test call on the join page before the day."""

    attendee_id: str
    camera: CheckResult
    microphone: CheckResult
    connection: CheckResult
    checked_at: datetime
    note: str = ""

    def problems(self) -> list[str]:
        parts = (("camera", self.camera), ("microphone", self.microphone),
                 ("connection", self.connection))
        return [name for name, result in parts
                if result in (CheckResult.PROBLEM, CheckResult.NOT_TESTED)]


@dataclass(frozen=True)
class ExclusionRequest:
    """A request, made in advance, to exclude family members from all or part (8.3)."""

    id: str
    attendee_ids: frozenset[str]
    grounds: frozenset[ExclusionGround]
    requested_by: str  # an attendee id
    evidence: str
    requested_on: date
    extent: str = "the whole conference"


@dataclass(frozen=True)
class ExclusionDecision:
    request_id: str
    granted: bool
    reasons: str
    views_considered: str  # how the excluded person's views will still reach the conference
    decided_on: date


@dataclass(frozen=True)
class ObserverRequest:
    id: str  # also the observer's attendee id once they are added
    name: str
    agency: str
    requested_by: str  # an attendee id
    requested_on: date


class ConsentParty(Enum):
    CHAIR = "the chair"
    FAMILY = "the family"


@dataclass(frozen=True)
class ObserverConsentAnswer:
    request_id: str
    party: ConsentParty
    given: bool
    answered_on: date
    given_by: str = ""  # for the family: who answered


@dataclass(frozen=True)
class MeetingBefore:
    """The chair met family members (and children) before the conference."""

    attendee_ids: frozenset[str]
    child_ids: frozenset[str]
    met_on: date
    note: str = ""


@dataclass
class Preparation:
    """Mutable state before the conference; changed only by the conference applying events."""

    letters: list[SentLetter] = field(default_factory=list)
    substitutes: dict[str, str] = field(default_factory=dict)  # invitee -> substitute
    shared_with_child: dict[tuple[str, str], date] = field(default_factory=dict)
    comments: list[ReportComment] = field(default_factory=list)
    advocate_offers: dict[str, AdvocateOffer] = field(default_factory=dict)
    contributions: dict[str, Contribution] = field(default_factory=dict)
    interpreters: list[InterpreterBooking] = field(default_factory=list)
    arrangements: dict[tuple[str, ArrangementKind], Arrangement] = field(default_factory=dict)
    technology: dict[str, TechnologyCheck] = field(default_factory=dict)
    exclusion_requests: dict[str, ExclusionRequest] = field(default_factory=dict)
    exclusion_decisions: dict[str, ExclusionDecision] = field(default_factory=dict)
    observer_requests: dict[str, ObserverRequest] = field(default_factory=dict)
    observer_consents: dict[tuple[str, ConsentParty], ObserverConsentAnswer] = field(
        default_factory=dict)
    meetings: list[MeetingBefore] = field(default_factory=list)

    # ---- queries -------------------------------------------------------------------------
    def invitation(self, attendee_id: str) -> SentLetter | None:
        sent = [letter for letter in self.letters
                if letter.kind is LetterKind.INVITATION and letter.recipient_id == attendee_id]
        return sent[-1] if sent else None

    def invitation_status(self, person: Attendee) -> InvitationStatus:
        if person.id in self.substitutes:
            return InvitationStatus.SUBSTITUTE
        replies = {
            AttendanceState.CONFIRMED: InvitationStatus.CONFIRMED,
            AttendanceState.APOLOGIES: InvitationStatus.APOLOGIES,
            AttendanceState.APOLOGIES_WITH_REPORT: InvitationStatus.APOLOGIES_WITH_REPORT,
        }
        if person.state in replies:
            return replies[person.state]
        if person.state is not AttendanceState.INVITED:
            return InvitationStatus.CONFIRMED  # present: they came
        return InvitationStatus.SENT if self.invitation(person.id) else InvitationStatus.NOT_SENT

    def decision_letter_sent(self, request_id: str, attendee_id: str) -> bool:
        return any(letter.kind is LetterKind.EXCLUSION_DECISION
                   and letter.request_id == request_id and letter.recipient_id == attendee_id
                   for letter in self.letters)

    def open_observer_requests(self) -> list[ObserverRequest]:
        """Requests nobody has refused (one at most may be open)."""
        return [r for r in self.observer_requests.values() if not self.observer_refused(r.id)]

    def observer_refused(self, request_id: str) -> bool:
        return any(not self.observer_consents[(request_id, party)].given
                   for party in ConsentParty if (request_id, party) in self.observer_consents)

    def observer_consented(self, request_id: str) -> bool:
        answers = [self.observer_consents.get((request_id, party)) for party in ConsentParty]
        return all(answer is not None and answer.given for answer in answers)

    def children_met(self) -> frozenset[str]:
        return frozenset(c for meeting in self.meetings for c in meeting.child_ids)

    def attendees_met(self) -> frozenset[str]:
        return frozenset(a for meeting in self.meetings for a in meeting.attendee_ids)


MAX_FILENAME = 255


def check_file(filename: str, size: int, max_bytes: int) -> None:
    """The rules for an attachment, checked before any copy is made."""
    name = filename.strip()
    if not name or "/" in name or "\\" in name or len(name) > MAX_FILENAME:
        raise DomainError("give the file's own name (no folders, at most 255 characters)")
    if size <= 0:
        raise DomainError(f"{name} is empty: nothing to attach")
    if size > max_bytes:
        raise DomainError(f"{name} is too large ({size / 1048576:.1f} MB; at most "
                          f"{max_bytes / 1048576:.1f} MB)")
