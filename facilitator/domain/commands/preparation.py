"""Commands before the conference: invitations and replies, reports shared in advance, the
child's advocate and own contributions, interpreters and other needs, the technology check and
meeting the family. Exclusion requests and the observer are in commands/requests.py.

The child's attendance decision (with reasons) and how their views come are recorded with
commands/minutes.record_child_participation; needs with commands/people.record_needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from .. import events as ev
from ..attendees import AttendanceMode, AttendanceState, Needs
from ..conference import Conference, MeetingStatus
from ..errors import DomainError
from ..minutes import Channel, Report
from ..preparation import (
    AdvocateOffer,
    Arrangement,
    ArrangementKind,
    CheckResult,
    CommentKind,
    Contribution,
    ContributionKind,
    InterpreterBooking,
    LetterKind,
    MeetingBefore,
    PreparationSettings,
    ReportComment,
    SentLetter,
    SharedWithChild,
    Substitute,
    TechnologyCheck,
    check_file,
)
from ..recipients import post_problem
from ..roles import Party
from . import new_id
from .interpreting import check_is_interpreter
from .minutes import record_report
from .people import _check_interpreter, add_attendee, change_attendance

REPLIES = (AttendanceState.CONFIRMED, AttendanceState.APOLOGIES,
           AttendanceState.APOLOGIES_WITH_REPORT)
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def not_ended(conf: Conference) -> None:
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the conference has ended: preparation is over")


def not_started(conf: Conference, what: str) -> None:
    if conf.status is not MeetingStatus.SCHEDULED:
        raise DomainError(f"the meeting has started: {what} is recorded before it")


def done_by(conf: Conference, at: datetime, day: date, what: str) -> None:
    """A date something was done: not in the future, and not after the conference."""
    if day > at.date():
        raise DomainError(f"{what} on {day}: record it once it has happened, not in advance")
    if day > conf.details.day:
        raise DomainError(f"{what} on {day} is after the conference on {conf.details.day}")


def _report(conf: Conference, report_id: str) -> Report:
    try:
        return conf.minutes.reports[report_id]
    except KeyError:
        raise DomainError(f"no report '{report_id}' in this conference") from None


def _subject_child(conf: Conference, child_id: str) -> str:
    conf.child(child_id)
    child = next(c for c in conf.details.children if c.id == child_id)
    if child.unborn:
        raise DomainError(f"{child.name} is not born yet")
    return child.name


def require_address_for_post(conf: Conference, recipient_id: str, channel: Channel) -> None:
    problem = post_problem(conf, recipient_id, channel)
    if problem:
        raise DomainError(problem)


# ---- invitations --------------------------------------------------------------------------
def send_invitation(conf: Conference, at: datetime, attendee_id: str, sent_on: date,
                    channel: Channel) -> list[ev.Event]:
    """Record that a person's invitation (with their own join details) went out."""
    not_ended(conf)
    person = conf.attendee(attendee_id)
    if person.role.party is Party.CHAIR:
        raise DomainError("the chair sends the invitations and is not invited")
    done_by(conf, at, sent_on, "invitation sent")
    require_address_for_post(conf, attendee_id, channel)
    letter = SentLetter(LetterKind.INVITATION, attendee_id, sent_on, channel)
    return [ev.LetterSent(at=at, letter=letter)]


def record_reply(conf: Conference, at: datetime, attendee_id: str, reply: AttendanceState
                 ) -> list[ev.Event]:
    """Confirmed, apologies, or apologies with a written report (the attendee's state)."""
    not_started(conf, "a reply to the invitation")
    if reply not in REPLIES:
        raise DomainError("a reply is: confirmed, apologies, or apologies with a written report")
    person = conf.attendee(attendee_id)
    if person.state is reply:
        return []
    if reply is AttendanceState.APOLOGIES_WITH_REPORT and not person.role.is_professional:
        raise DomainError(f"{person.name} is not an agency: a written report comes from a "
                          "professional (the family's views can be recorded as comments)")
    return change_attendance(conf, at, attendee_id, reply)


def name_substitute(conf: Conference, at: datetime, for_id: str, name: str, *,
                    agency: str | None = None, mode: AttendanceMode | None = None,
                    attendee_id: str | None = None) -> list[ev.Event]:
    """Someone from the same agency attends instead of an invitee who sent apologies."""
    not_started(conf, "a substitute")
    person = conf.attendee(for_id)
    if not person.role.is_professional:
        raise DomainError(f"{person.name} is not an agency: only a professional names a "
                          "substitute")
    if person.state not in (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT):
        raise DomainError(f"record {person.name}'s apologies before naming a substitute")
    if for_id in conf.preparation.substitutes:
        other = conf.attendees[conf.preparation.substitutes[for_id]].name
        raise DomainError(f"{other} is already attending instead of {person.name}")
    if name.strip().casefold() == person.name.casefold():
        raise DomainError("a substitute is someone else from the same agency")
    if mode is None:
        mode = (AttendanceMode.IN_ROOM if person.mode is AttendanceMode.WRITTEN_REPORT
                else person.mode)
    added = add_attendee(conf, at, name, person.role_key, mode=mode,
                         agency=person.agency if agency is None else agency,
                         state=AttendanceState.CONFIRMED, attendee_id=attendee_id)
    new = added[0]
    assert isinstance(new, ev.AttendeeAdded)
    return [*added, ev.SubstituteNamed(at=at, substitute=Substitute(for_id, new.attendee.id))]


# ---- reports shared in advance ----------------------------------------------------------
def receive_report(conf: Conference, at: datetime, agency: str, received_on: date, *,
                   author_id: str | None = None, report_id: str | None = None
                   ) -> list[ev.Event]:
    """A written report to the conference, received (or corrected, with the same id)."""
    not_ended(conf)
    if received_on > conf.details.day:
        raise DomainError(f"the report is dated {received_on}, after the conference on "
                          f"{conf.details.day}: a report to the conference comes before it")
    if received_on > at.date():
        raise DomainError(f"the report is dated {received_on}: record it once it has arrived")
    old = conf.minutes.reports.get(report_id) if report_id else None
    if old is not None and old.shared_on is not None and old.shared_on < received_on:
        raise DomainError(f"the report was shared with the parents on {old.shared_on}, "
                          f"before {received_on}")
    return record_report(
        conf, at, agency, report_id=report_id, author_id=author_id, received_on=received_on,
        shared_with_parents=old.shared_with_parents if old else False,
        shared_on=old.shared_on if old else None,
        not_shared_reason=old.not_shared_reason if old else "")


def _shared_after_received(report: Report, shared_on: date) -> None:
    if report.received_on is not None and shared_on < report.received_on:
        raise DomainError(f"the report from {report.agency} arrived on {report.received_on}: "
                          f"it cannot have been shared on {shared_on}")


def share_report_with_parents(conf: Conference, at: datetime, report_id: str, shared_on: date
                              ) -> list[ev.Event]:
    not_ended(conf)
    report = _report(conf, report_id)
    done_by(conf, at, shared_on, "shared with the parents")
    _shared_after_received(report, shared_on)
    return record_report(conf, at, report.agency, report_id=report.id,
                         author_id=report.author_id, received_on=report.received_on,
                         shared_with_parents=True, shared_on=shared_on)


def withhold_report(conf: Conference, at: datetime, report_id: str, reason: str
                    ) -> list[ev.Event]:
    """The parents are not to see this report in advance, and why (the record says so)."""
    not_ended(conf)
    report = _report(conf, report_id)
    if not reason.strip():
        raise DomainError("say why the parents do not see this report in advance")
    return record_report(conf, at, report.agency, report_id=report.id,
                         author_id=report.author_id, received_on=report.received_on,
                         not_shared_reason=reason)


def share_report_with_child(conf: Conference, at: datetime, report_id: str, child_id: str,
                            shared_on: date) -> list[ev.Event]:
    not_ended(conf)
    report = _report(conf, report_id)
    _subject_child(conf, child_id)
    done_by(conf, at, shared_on, "shared with the child")
    _shared_after_received(report, shared_on)
    sharing = SharedWithChild(report_id, child_id, shared_on)
    return [ev.ReportSharedWithChild(at=at, sharing=sharing)]


def record_report_comment(conf: Conference, at: datetime, report_id: str, attendee_id: str,
                          kind: CommentKind, text: str, received_on: date) -> list[ev.Event]:
    """A parent's comment on, or factual correction to, a report: put to the conference."""
    not_ended(conf)
    report = _report(conf, report_id)
    person = conf.attendee(attendee_id)
    if person.role.party is not Party.FAMILY:
        raise DomainError(f"{person.name} is not a parent or family member: comments on a "
                          "report here are the family's")
    if not text.strip():
        raise DomainError(f"write the {kind.value} from {person.name}")
    done_by(conf, at, received_on, f"{kind.value} received")
    _shared_after_received(report, received_on)
    comment = ReportComment(new_id(), report_id, attendee_id, kind, text.strip(), received_on)
    return [ev.ReportCommentRecorded(at=at, comment=comment)]


# ---- the child ----------------------------------------------------------------------------
def offer_advocate(conf: Conference, at: datetime, child_id: str, offered_on: date,
                   accepted: bool, note: str = "") -> list[ev.Event]:
    not_ended(conf)
    _subject_child(conf, child_id)
    done_by(conf, at, offered_on, "advocate offered")
    offer = AdvocateOffer(child_id, offered_on, accepted, note.strip())
    return [ev.AdvocateOffered(at=at, offer=offer)]


def attach_contribution(conf: Conference, at: datetime, child_id: str, kind: ContributionKind,
                        sha256: str, size: int, filename: str, *, received_on: date | None = None,
                        description: str = "", max_bytes: int | None = None) -> list[ev.Event]:
    """The child's own letter, drawing or recording, already stored by its sha256.

    A child's words are never turned away: one that arrives after the conference (or once it
    has ended) is stored and labelled for the review conference.
    """
    name = _subject_child(conf, child_id)
    limit = PreparationSettings.max_attachment_bytes if max_bytes is None else max_bytes
    check_file(filename, size, limit)
    if not SHA256.match(sha256):
        raise DomainError("a stored file is named by its sha256 (64 hexadecimal digits)")
    if any(c.child_id == child_id and c.sha256 == sha256
           for c in conf.preparation.contributions.values()):
        raise DomainError(f"{filename} is already attached for {name}")
    day = received_on or at.date()
    if day > at.date():
        raise DomainError(f"received on {day}: record it once it has arrived, not in advance")
    for_review = day > conf.details.day or conf.status is MeetingStatus.ENDED
    item = Contribution(new_id(), child_id, kind, sha256, size, filename.strip(), day,
                        description.strip(), for_review)
    return [ev.ContributionAttached(at=at, contribution=item)]


# ---- needs --------------------------------------------------------------------------------
def book_interpreter(conf: Conference, at: datetime, language: str, for_ids: Iterable[str], *,
                     interpreter_id: str | None = None, name: str = "", agency: str = ""
                     ) -> list[ev.Event]:
    """An independent interpreter for these people: one already listed, or added now."""
    not_ended(conf)
    language = language.strip()
    if not language:
        raise DomainError("name the language the interpreter is booked for")
    people = frozenset(for_ids)
    if not people:
        raise DomainError("say whom the interpreter is for")
    for person_id in people:
        conf.attendee(person_id)
    events: list[ev.Event] = []
    if interpreter_id is None:
        events = add_attendee(conf, at, name, "interpreter", agency=agency,
                              state=AttendanceState.CONFIRMED,
                              needs=Needs(interpreter_language=language))
        added = events[0]
        assert isinstance(added, ev.AttendeeAdded)
        interpreter_id = added.attendee.id
    else:
        interpreter = conf.attendee(interpreter_id)
        check_is_interpreter(interpreter)
        _check_interpreter(conf, interpreter.name, interpreter.agency)
    if interpreter_id in people:
        raise DomainError("an interpreter does not interpret for themselves")
    booking = InterpreterBooking(language, interpreter_id, people)
    return [*events, ev.InterpreterBooked(at=at, booking=booking)]


def make_arrangement(conf: Conference, at: datetime, attendee_id: str, kind: ArrangementKind,
                     details: str) -> list[ev.Event]:
    """What was arranged for a person's access, childcare or transport."""
    not_ended(conf)
    person = conf.attendee(attendee_id)
    if not details.strip():
        raise DomainError(f"say what was arranged for {person.name}'s {kind.value}")
    arrangement = Arrangement(attendee_id, kind, details.strip())
    return [ev.ArrangementMade(at=at, arrangement=arrangement)]


def record_technology_check(conf: Conference, at: datetime, attendee_id: str,
                            camera: CheckResult, microphone: CheckResult,
                            connection: CheckResult, note: str = "", actor: str = "chair"
                            ) -> list[ev.Event]:
    """The outcome of a test call on the join page before the day (the server may call it)."""
    not_started(conf, "the test call")
    person = conf.attendee(attendee_id)
    if not person.mode.is_remote:
        raise DomainError(f"{person.name} attends {person.mode.value}: there is no call to "
                          "test")
    results = (camera, microphone, connection)
    if all(r is CheckResult.NOT_TESTED for r in results):
        raise DomainError("nothing was tested: record the camera, microphone or connection")
    check = TechnologyCheck(attendee_id, camera, microphone, connection, at, note.strip())
    return [ev.TechnologyChecked(at=at, actor=actor, check=check)]


# ---- meeting the family -------------------------------------------------------------------
def record_meeting_before(conf: Conference, at: datetime, attendee_ids: Iterable[str],
                          met_on: date, child_ids: Iterable[str] = (), note: str = ""
                          ) -> list[ev.Event]:
    """The chair met family members (and any child) before the conference."""
    not_started(conf, "meeting the family beforehand")
    people, children = frozenset(attendee_ids), frozenset(child_ids)
    if not people and not children:
        raise DomainError("say whom the chair met before the conference")
    for person_id in people:
        person = conf.attendee(person_id)
        if person.role.party not in (Party.FAMILY, Party.CHILD, Party.SUPPORTER):
            raise DomainError(f"{person.name} is not family: this step is meeting the family")
    for child_id in children:
        _subject_child(conf, child_id)
    done_by(conf, at, met_on, "met")
    meeting = MeetingBefore(people, children, met_on, note.strip())
    return [ev.MetBeforeConference(at=at, meeting=meeting)]

