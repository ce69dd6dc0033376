"""What is still missing before the conference starts: a pure function of its state.

MISSING items are things the procedure expects done before the day (an invitation, a report
shared with the parents, the decision whether the child attends, an interpreter, the chair's
decision on an exclusion request, the observer's consents, a test call). WARNING items are done
but late or with a problem (a report shared fewer than 2 working days before, a request made
fewer than 3 working days before, a camera that did not work).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum

from .attendees import AttendanceMode, AttendanceState, Attendee, assess_quorum
from .calendar import working_days_between
from .conference import Conference, MeetingStatus
from .interpreting import TYPICAL_INTERPRETING_MULTIPLIER
from .minutes import ViewsChannel
from .preparation import (
    ArrangementKind,
    ConsentParty,
    ContributionKind,
    InvitationStatus,
    PreparationSettings,
)
from .roles import Party


class Topic(Enum):
    INVITATIONS = "invitations"
    QUORUM = "quorum"
    REPORTS = "reports"
    CHILD = "the child"
    NEEDS = "needs"
    TECHNOLOGY = "technology"
    EXCLUSIONS = "exclusion requests"
    OBSERVER = "observer"
    FAMILY = "meeting the family"


class Severity(Enum):
    MISSING = "missing"
    WARNING = "warning"


@dataclass(frozen=True)
class ReadinessItem:
    topic: Topic
    severity: Severity
    text: str
    subject: str = ""  # the attendee, child, report or request it is about


# The channels that need the child's own contribution stored, and the files that count.
CONTRIBUTION_OF: dict[ViewsChannel, tuple[frozenset[ContributionKind], str]] = {
    ViewsChannel.LETTER: (frozenset({ContributionKind.LETTER}), "letter"),
    ViewsChannel.DRAWING: (frozenset({ContributionKind.DRAWING}), "drawing"),
    ViewsChannel.AUDIO_VIDEO: (frozenset({ContributionKind.AUDIO, ContributionKind.VIDEO}),
                               "recording"),
}


def channels_with_what_they_need(conf: Conference, child_id: str,
                                 channels: frozenset[ViewsChannel]) -> frozenset[ViewsChannel]:
    """The channels of the child's views that really reached the conference: a letter, drawing
    or recording counts only once it is stored with the conference (not one kept for the
    review), so that nobody thanks the child for a drawing no one has."""
    kinds = {c.kind for c in conf.preparation.contributions.values()
             if c.child_id == child_id and not c.for_review}
    return frozenset(c for c in channels
                     if c not in CONTRIBUTION_OF or kinds & CONTRIBUTION_OF[c][0])


EXPECTED = (AttendanceState.CONFIRMED, AttendanceState.PRESENT, AttendanceState.RETURNED)
SENT_APOLOGIES = (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT)


def readiness(conf: Conference, settings: PreparationSettings | None = None
              ) -> list[ReadinessItem]:
    """Everything missing or late, in the order the chair works through it."""
    settings = settings or PreparationSettings()
    items: list[ReadinessItem] = []
    for check in (_invitations, _quorum, _reports, _child, _needs, _technology, _exclusions,
                  _observer, _family):
        items.extend(check(conf, settings))
    return items


def _missing(topic: Topic, text: str, subject: str = "") -> ReadinessItem:
    return ReadinessItem(topic, Severity.MISSING, text, subject)


def _warning(topic: Topic, text: str, subject: str = "") -> ReadinessItem:
    return ReadinessItem(topic, Severity.WARNING, text, subject)


def _invitees(conf: Conference) -> list[Attendee]:
    return [a for a in conf.attendees.values()
            if a.role.party not in (Party.CHAIR, Party.MINUTE_TAKER)]


def _coming(conf: Conference) -> list[Attendee]:
    return [a for a in conf.attendees.values() if a.state not in SENT_APOLOGIES]


def _invitations(conf: Conference, _: PreparationSettings) -> Iterator[ReadinessItem]:
    prep, topic = conf.preparation, Topic.INVITATIONS
    for person in _invitees(conf):
        status = prep.invitation_status(person)
        remote = person.mode.is_remote and person.state not in SENT_APOLOGIES
        if status is InvitationStatus.NOT_SENT:
            yield _missing(topic, f"Invitation not sent to {person.name}", person.id)
        elif remote and prep.invitation(person.id) is None:
            how = "by phone: their invitation with their meeting code and PIN" if (
                person.mode is AttendanceMode.PHONE) else "by video: their invitation with " \
                "their join link"
            yield _missing(topic, f"{person.name} joins {how} has not been sent", person.id)
        elif status is InvitationStatus.SENT:
            yield _warning(topic, f"No reply yet from {person.name}", person.id)
        elif (status is InvitationStatus.APOLOGIES and person.role.is_professional):
            yield _warning(topic, f"{person.name} sent apologies without a written report or a "
                           "substitute", person.id)


def _quorum(conf: Conference, _: PreparationSettings) -> Iterator[ReadinessItem]:
    expected = [replace(a, state=AttendanceState.PRESENT) for a in conf.attendees.values()
                if a.state in EXPECTED]
    quorum = assess_quorum(expected)
    if not quorum.met:
        reason = quorum.reason.removeprefix("not quorate: ").replace("present", "confirmed")
        yield _missing(Topic.QUORUM, f"Quorum not expected from the confirmations: {reason}")


def _reports(conf: Conference, settings: PreparationSettings) -> Iterator[ReadinessItem]:
    topic, day, nation = Topic.REPORTS, conf.details.day, conf.details.nation
    reports = list(conf.minutes.reports.values())
    authors = {r.author_id for r in reports if r.author_id}
    if not any(conf.attendees[a].role_key in ("social_worker", "social_work_manager")
               for a in authors if a in conf.attendees):
        yield _missing(topic, "The social worker's report is not recorded as received")
    for person in conf.attendees.values():
        if person.state is AttendanceState.APOLOGIES_WITH_REPORT and person.id not in authors:
            yield _missing(topic, f"{person.name} sent apologies with a written report: the "
                           "report is not recorded as received", person.id)
    for report in reports:
        if not report.shared_with_parents:
            if not report.not_shared_reason:
                yield _missing(topic, f"Report from {report.agency} not shared with the "
                               "parents", report.id)
        elif report.shared_on is not None:
            ahead = working_days_between(report.shared_on, day, nation)
            if ahead < settings.report_working_days:
                yield _warning(topic, f"Report from {report.agency} shared with the parents "
                               f"on {report.shared_on:%d %b}: {ahead} working day(s) before, "
                               f"fewer than {settings.report_working_days}", report.id)
    for child_id, participation in conf.minutes.participation.items():
        shared = {r for (r, c) in conf.preparation.shared_with_child if c == child_id}
        if participation.attends and reports and not shared:
            yield _missing(topic, f"{_child_name(conf, child_id)} attends: no report has been "
                           "shared with them", child_id)


def _child_name(conf: Conference, child_id: str) -> str:
    return next((c.name for c in conf.details.children if c.id == child_id), child_id)


def _has_advocate(conf: Conference, child_id: str) -> bool:
    offer = conf.preparation.advocate_offers.get(child_id)
    if offer is not None and offer.accepted:
        return True
    # an advocate supports the child attending, or (supporting no one) presents their views
    child_ids = {a.id for a in conf.attendees.values() if a.child_id == child_id}
    return any(a.role_key == "child_advocate" and a.state not in SENT_APOLOGIES
               and (a.supports in child_ids or a.supports is None)
               for a in conf.attendees.values())


def _child(conf: Conference, settings: PreparationSettings) -> Iterator[ReadinessItem]:
    topic, prep = Topic.CHILD, conf.preparation
    for child in conf.details.children:
        if child.unborn:
            continue
        name, age = child.name, child.age_on(conf.details.day)
        participation = conf.minutes.participation.get(child.id)
        if participation is None:
            yield _missing(topic, f"Whether {name} attends is not decided (record it with "
                           "reasons, and how their views will be presented)", child.id)
        if (age is not None and age >= settings.advocate_age
                and child.id not in prep.advocate_offers and not _has_advocate(conf, child.id)):
            yield _warning(topic, f"{name} is {age}: offer an independent advocate", child.id)
        if participation is None:
            continue
        kinds = {c.kind for c in prep.contributions.values()
                 if c.child_id == child.id and not c.for_review}
        for channel in sorted(participation.channels, key=lambda c: c.name):
            if channel in CONTRIBUTION_OF:
                accepted, word = CONTRIBUTION_OF[channel]
                if not kinds & accepted:
                    yield _missing(topic, f"{name}'s {word} is not stored with the conference "
                                   "yet", child.id)
            elif channel is ViewsChannel.MET_CHAIR and child.id not in prep.children_met():
                yield _missing(topic, f"{name} is to meet the chair before the conference: not "
                               "done yet", child.id)
            elif channel is ViewsChannel.ADVOCATE and not _has_advocate(conf, child.id):
                yield _missing(topic, f"{name}'s views are to come through an advocate, but no "
                               "advocate is arranged", child.id)


def _needs(conf: Conference, _: PreparationSettings) -> Iterator[ReadinessItem]:
    topic, prep = Topic.NEEDS, conf.preparation
    interpreters = [a for a in conf.attendees.values() if a.role.party is Party.INTERPRETER]
    for person in _coming(conf):
        if person.role.party is Party.INTERPRETER:
            continue
        language = person.needs.interpreter_language
        if language:
            booked = any(b.language.casefold() == language.casefold() and person.id in b.for_ids
                         for b in prep.interpreters) or any(
                i.needs.interpreter_language and i.state not in SENT_APOLOGIES
                and i.needs.interpreter_language.casefold() == language.casefold()
                for i in interpreters)
            if not booked:
                yield _missing(topic, f"Interpreter not booked: {person.name} needs {language}",
                               person.id)
        wanted = ((ArrangementKind.ACCESS, bool(person.needs.access), person.needs.access),
                  (ArrangementKind.CHILDCARE, person.needs.childcare, ""),
                  (ArrangementKind.TRANSPORT, person.needs.transport, ""))
        for kind, needed, detail in wanted:
            if needed and (person.id, kind) not in prep.arrangements:
                what = f" ({detail})" if detail else ""
                yield _missing(topic, f"{kind.value.capitalize()} for {person.name}{what}: "
                               "nothing arranged yet", person.id)


    yield from _interpreting_time(conf)


def _interpreting_time(conf: Conference) -> Iterator[ReadinessItem]:
    """With an interpreter booked, does the agenda still fit once interpreted?"""
    if not conf.preparation.interpreters or conf.status is not MeetingStatus.SCHEDULED:
        return
    multiplier = max(conf.agenda.interpretation_multiplier, TYPICAL_INTERPRETING_MULTIPLIER)
    agenda = sum(s.planned_minutes for s in conf.agenda.stages)
    needed = agenda * multiplier
    planned = conf.details.planned_minutes + conf.agenda.extension_minutes
    if needed > planned:
        yield _warning(Topic.NEEDS, f"With consecutive interpreting (× {multiplier:g}) the "
                       f"agenda's {agenda:.0f} minutes take about {needed:.0f}, but "
                       f"{planned:.0f} are planned: allow interpreting time now, or the "
                       "decision and planning time will be squeezed")


def _technology(conf: Conference, _: PreparationSettings) -> Iterator[ReadinessItem]:
    for person in _coming(conf):
        if person.role.party not in (Party.FAMILY, Party.CHILD) or not person.mode.is_remote:
            continue
        check = conf.preparation.technology.get(person.id)
        if check is None:
            how = "phone" if person.mode is AttendanceMode.PHONE else "video"
            yield _missing(Topic.TECHNOLOGY, f"Technology check not done for {person.name} "
                           f"(joining by {how}): a test call before the day", person.id)
        elif check.problems():
            problems = ", ".join(check.problems())
            yield _warning(Topic.TECHNOLOGY, f"{person.name}'s test call: problem or untested "
                           f"({problems})", person.id)


def _exclusions(conf: Conference, settings: PreparationSettings) -> Iterator[ReadinessItem]:
    topic, prep = Topic.EXCLUSIONS, conf.preparation
    for request in prep.exclusion_requests.values():
        names = " and ".join(sorted(conf.attendees[a].name for a in request.attendee_ids))
        ahead = working_days_between(request.requested_on, conf.details.day,
                                     conf.details.nation)
        if ahead < settings.exclusion_working_days:
            yield _warning(topic, f"Exclusion of {names} requested on "
                           f"{request.requested_on:%d %b}: {ahead} working day(s) before, "
                           f"fewer than {settings.exclusion_working_days}", request.id)
        decision = prep.exclusion_decisions.get(request.id)
        if decision is None:
            yield _missing(topic, f"Exclusion request about {names}: the chair's decision is "
                           "pending", request.id)
            continue
        for person_id in sorted(request.attendee_ids) if decision.granted else ():
            if not prep.decision_letter_sent(request.id, person_id):
                yield _missing(topic, f"Letter to {conf.attendees[person_id].name} about the "
                               "decision to exclude them not sent", request.id)


def _observer(conf: Conference, settings: PreparationSettings) -> Iterator[ReadinessItem]:
    topic, prep = Topic.OBSERVER, conf.preparation
    for request in prep.open_observer_requests():
        for party in ConsentParty:
            answer = prep.observer_consents.get((request.id, party))
            if answer is None:
                yield _missing(topic, f"Observer {request.name}: {party.value}'s consent not "
                               "recorded", request.id)
            elif party is ConsentParty.FAMILY and (conf.details.day - answer.answered_on).days \
                    < settings.observer_consent_days:
                yield _warning(topic, f"Observer {request.name}: the family agreed on the day; "
                               "consent is sought at least a day before", request.id)
        if prep.observer_consented(request.id) and request.id not in conf.attendees:
            yield _warning(topic, f"Observer {request.name} has both consents: add them to "
                           "the conference", request.id)


def _family(conf: Conference, _: PreparationSettings) -> Iterator[ReadinessItem]:
    family = [a for a in _coming(conf) if a.role.party is Party.FAMILY]
    if family and not conf.preparation.attendees_met() & {a.id for a in family}:
        yield _missing(Topic.FAMILY, "Meet the family before the conference (not recorded "
                       "yet)")
