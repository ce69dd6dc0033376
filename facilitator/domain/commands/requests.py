"""Requests decided before the conference: excluding a family member (procedure 8.3, made at
least 3 working days ahead, decided by the chair, told to the parent in writing) and the one
professional observer (with the prior consent of the chair and of the family, 8.1)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from .. import events as ev
from ..attendees import AttendanceMode, AttendanceState, ObserverConsent
from ..conference import Conference
from ..errors import DomainError
from ..minutes import Channel
from ..preparation import (
    ConsentParty,
    ExclusionDecision,
    ExclusionRequest,
    LetterKind,
    ObserverConsentAnswer,
    ObserverRequest,
    SentLetter,
)
from ..roles import Party
from ..segments import ADVANCE_GROUNDS, ExclusionGround
from . import new_id
from .people import add_attendee
from .preparation import done_by, not_ended, not_started, require_address_for_post

# Asking someone to leave, and keeping an advocate out of parts not for the child, are the
# chair's decisions during the meeting, not requests made in advance.
REQUESTERS = (Party.PROFESSIONAL, Party.CHAIR, Party.CHILD)


def _names(conf: Conference, ids: Iterable[str]) -> str:
    return " and ".join(sorted(conf.attendee(i).name for i in ids))


def exclusion_request(conf: Conference, request_id: str) -> ExclusionRequest:
    try:
        return conf.preparation.exclusion_requests[request_id]
    except KeyError:
        raise DomainError(f"no exclusion request '{request_id}' in this conference") from None


def request_exclusion(conf: Conference, at: datetime, attendee_ids: Iterable[str],
                      grounds: Iterable[ExclusionGround], requested_by: str, evidence: str,
                      requested_on: date, extent: str = "the whole conference",
                      request_id: str | None = None) -> list[ev.Event]:
    """An agency (or the child) asks, in advance, that family members are excluded."""
    not_started(conf, "an exclusion request in advance (during it, move people out of a "
                "segment)")
    people = frozenset(attendee_ids)
    if not people:
        raise DomainError("say whom the request is to exclude")
    for person_id in people:
        person = conf.attendee(person_id)
        if person.role.party is not Party.FAMILY:
            raise DomainError(f"{person.name} is not a parent or family member: exclusion "
                              "requests in advance are about the family")
    chosen = frozenset(grounds)
    if not chosen:
        raise DomainError("an exclusion request needs grounds from the procedure (8.3)")
    during = sorted(chosen - ADVANCE_GROUNDS, key=lambda g: g.name)
    if during:
        raise DomainError(f"'{during[0].value}' is for the chair during the meeting, not a "
                          "request in advance")
    requester = conf.attendee(requested_by)
    if requester.role.party not in REQUESTERS:
        raise DomainError(f"{requester.name} cannot request an exclusion: it comes from an "
                          "agency, the chair or the child")
    if requested_by in people:
        raise DomainError(f"{requester.name} cannot request their own exclusion")
    if not evidence.strip():
        raise DomainError("give the information or evidence the request is based on")
    if not extent.strip():
        raise DomainError("say whether the request is for the whole conference or which part")
    done_by(conf, at, requested_on, "exclusion requested")
    new = request_id or new_id()
    if new in conf.preparation.exclusion_requests:
        raise DomainError(f"exclusion request id '{new}' is already in use")
    request = ExclusionRequest(new, people, chosen, requested_by, evidence.strip(),
                               requested_on, extent.strip())
    return [ev.ExclusionRequested(at=at, request=request)]


def decide_exclusion(conf: Conference, at: datetime, request_id: str, granted: bool,
                     reasons: str, views_considered: str, decided_on: date) -> list[ev.Event]:
    """The chair's decision, which is final: granted or refused, with reasons."""
    not_ended(conf)
    request = exclusion_request(conf, request_id)
    earlier = conf.preparation.exclusion_decisions.get(request_id)
    if earlier is not None:
        outcome = "granted" if earlier.granted else "refused"
        raise DomainError(f"the chair {outcome} this request on {earlier.decided_on}: the "
                          "decision is final")
    if not reasons.strip():
        raise DomainError("give the reasons for the decision")
    if granted and not views_considered.strip():
        raise DomainError(f"say how {_names(conf, request.attendee_ids)}'s views will still "
                          "reach the conference (an advocate, written views)")
    if decided_on < request.requested_on:
        raise DomainError(f"the request was made on {request.requested_on}: it cannot be "
                          f"decided on {decided_on}")
    done_by(conf, at, decided_on, "decided")
    decision = ExclusionDecision(request_id, granted, reasons.strip(), views_considered.strip(),
                                 decided_on)
    return [ev.ExclusionDecided(at=at, decision=decision)]


def record_exclusion_letter_sent(conf: Conference, at: datetime, request_id: str,
                                 attendee_id: str, sent_on: date, channel: Channel
                                 ) -> list[ev.Event]:
    """The chair's signed letter telling the parent of the decision to exclude them."""
    not_ended(conf)
    request = exclusion_request(conf, request_id)
    person = conf.attendee(attendee_id)
    if attendee_id not in request.attendee_ids:
        raise DomainError(f"the request is not about {person.name}")
    decision = conf.preparation.exclusion_decisions.get(request_id)
    if decision is None:
        raise DomainError("the chair has not decided this request yet")
    if not decision.granted:
        raise DomainError(f"the request was refused: {person.name} is not excluded")
    if sent_on < decision.decided_on:
        raise DomainError(f"the decision was made on {decision.decided_on}: the letter comes "
                          "after it")
    done_by(conf, at, sent_on, "letter sent")
    require_address_for_post(conf, attendee_id, channel)
    letter = SentLetter(LetterKind.EXCLUSION_DECISION, attendee_id, sent_on, channel,
                        request_id)
    return [ev.LetterSent(at=at, letter=letter)]


# ---- the observer -------------------------------------------------------------------------
def observer_request(conf: Conference, request_id: str) -> ObserverRequest:
    try:
        return conf.preparation.observer_requests[request_id]
    except KeyError:
        raise DomainError(f"no observer request '{request_id}' in this conference") from None


def request_observer(conf: Conference, at: datetime, name: str, agency: str, requested_by: str,
                     requested_on: date, request_id: str | None = None) -> list[ev.Event]:
    """A professional asks that one observer attends (never taking part)."""
    not_started(conf, "an observer request")
    if not name.strip():
        raise DomainError("name the observer")
    if not agency.strip():
        raise DomainError(f"{name.strip()} is a professional observer: name their agency")
    present = [a for a in conf.attendees.values() if a.role.party is Party.OBSERVER]
    if present:
        raise DomainError(f"{present[0].name} is already the observer: only one observer may "
                          "attend")
    pending = conf.preparation.open_observer_requests()
    if pending:
        raise DomainError(f"{pending[0].name} is already requested as the observer: only one "
                          "observer may attend")
    requester = conf.attendee(requested_by)
    if requester.role.party not in (Party.PROFESSIONAL, Party.CHAIR):
        raise DomainError(f"{requester.name} is not a professional: an agency asks for an "
                          "observer")
    done_by(conf, at, requested_on, "observer requested")
    new = request_id or new_id()
    if new in conf.attendees or new in conf.preparation.observer_requests:
        raise DomainError(f"id '{new}' is already in use")
    request = ObserverRequest(new, name.strip(), agency.strip(), requested_by, requested_on)
    return [ev.ObserverRequested(at=at, request=request)]


def record_observer_consent(conf: Conference, at: datetime, request_id: str,
                            party: ConsentParty, given: bool, answered_on: date,
                            given_by: str = "") -> list[ev.Event]:
    """The chair's or the family's answer; either one refusing means no observer."""
    not_started(conf, "consent to an observer")
    request = observer_request(conf, request_id)
    if request_id in conf.attendees:
        raise DomainError(f"{request.name} has already been added as the observer")
    if party is ConsentParty.FAMILY:
        if not given_by:
            raise DomainError("say who in the family answered")
        person = conf.attendee(given_by)
        if person.role.party is not Party.FAMILY:
            raise DomainError(f"{person.name} is not a parent or family member: the family "
                              "gives this consent")
    elif given_by:
        raise DomainError("the chair answers for themselves: leave out who answered")
    if answered_on < request.requested_on:
        raise DomainError(f"the observer was requested on {request.requested_on}: the answer "
                          "comes after it")
    done_by(conf, at, answered_on, "answered")
    answer = ObserverConsentAnswer(request_id, party, given, answered_on, given_by)
    return [ev.ObserverConsentRecorded(at=at, answer=answer)]


def add_observer(conf: Conference, at: datetime, request_id: str,
                 mode: AttendanceMode = AttendanceMode.IN_ROOM) -> list[ev.Event]:
    """Add the requested observer to the conference, with the consents recorded for them
    (commands/people.add_attendee refuses an observer without both)."""
    request = observer_request(conf, request_id)
    if request_id in conf.attendees:
        raise DomainError(f"{request.name} is already added as the observer")
    answers = conf.preparation.observer_consents
    consent = ObserverConsent(
        chair=bool(answers.get((request_id, ConsentParty.CHAIR))
                   and answers[(request_id, ConsentParty.CHAIR)].given),
        family=bool(answers.get((request_id, ConsentParty.FAMILY))
                    and answers[(request_id, ConsentParty.FAMILY)].given),
    )
    return add_attendee(conf, at, request.name, "observer", agency=request.agency, mode=mode,
                        observer_consent=consent, state=AttendanceState.CONFIRMED,
                        attendee_id=request_id)
