"""The rules before the conference, driven through the domain commands with a fake clock.

Refused input gets one line naming the problem, and changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceMode, AttendanceState, ObserverConsent
from facilitator.domain.clock import ManualClock
from facilitator.domain.codec import event_from_record, event_to_record
from facilitator.domain.commands import interpreting as it
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import preparation as pr
from facilitator.domain.commands import requests as rq
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError
from facilitator.domain.minutes import Channel
from facilitator.domain.preparation import (
    CheckResult,
    CommentKind,
    ConsentParty,
    ContributionKind,
    InvitationStatus,
)

from .conftest import MORNING_OF, Do, exclusion, observer, on, report

SHA = "ab" * 32
OK, BAD, NA, UNTESTED = (CheckResult.WORKS, CheckResult.PROBLEM, CheckResult.NOT_NEEDED,
                         CheckResult.NOT_TESTED)


def test_an_interpreter_booked_is_added_with_their_language(conf: Conference, do: Do,
                                                            ids: dict[str, str]) -> None:
    events = do(pr.book_interpreter, "Polish", [ids["jade"]], name="Zofia Lis",
                agency="Fernbridge Interpreting Service")
    added, booked = events
    assert isinstance(added, ev.AttendeeAdded) and isinstance(booked, ev.InterpreterBooked)
    assert added.attendee.role_key == "interpreter"
    assert added.attendee.needs.interpreter_language == "Polish"
    assert conf.preparation.interpreters[-1].for_ids == frozenset({ids["jade"]})
    # an interpreter already on the list can be booked for someone else too
    do(pr.book_interpreter, "Polish", [ids["liam"]], interpreter_id=added.attendee.id)
    with pytest.raises(DomainError, match=r"Jade Thornbury is family \(parent\): a member of the "
                       r"family never interprets"):
        do(pr.book_interpreter, "Polish", [ids["liam"]], interpreter_id=ids["jade"])


@pytest.mark.parametrize(("reply", "status"), [
    (AttendanceState.CONFIRMED, InvitationStatus.CONFIRMED),
    (AttendanceState.APOLOGIES, InvitationStatus.APOLOGIES),
    (AttendanceState.APOLOGIES_WITH_REPORT, InvitationStatus.APOLOGIES_WITH_REPORT),
])
def test_an_invitation_goes_from_not_sent_to_sent_to_a_reply(
        clock: ManualClock, reply: AttendanceState, status: InvitationStatus) -> None:
    from facilitator.services.conference_file import build_conference

    from .conftest import conference_data, runner, who

    data = conference_data()
    for person in data["attendees"]:
        person["state"] = "invited"
    conf = Conference.from_events(build_conference(data, clock.now()))
    do, ids = runner(conf, clock), who(conf)
    gareth = conf.attendee(ids["gareth"])
    assert conf.preparation.invitation_status(gareth) is InvitationStatus.NOT_SENT
    do(pr.send_invitation, gareth.id, on(25, 11), Channel.EMAIL)
    assert conf.preparation.invitation_status(conf.attendee(gareth.id)) is InvitationStatus.SENT
    do(pr.record_reply, gareth.id, reply)
    assert conf.preparation.invitation_status(conf.attendee(gareth.id)) is status
    assert conf.attendee(gareth.id).state is reply


def test_a_substitute_comes_from_the_same_agency_and_counts_as_confirmed(
        conf: Conference, do: Do, ids: dict[str, str]) -> None:
    do(pr.record_reply, ids["gareth"], AttendanceState.APOLOGIES)
    added, named = do(pr.name_substitute, ids["gareth"], "Hana Price")
    assert isinstance(added, ev.AttendeeAdded) and isinstance(named, ev.SubstituteNamed)
    hana = added.attendee
    assert (hana.role_key, hana.agency, hana.state) == (
        "school", "Hollin Lane Primary School", AttendanceState.CONFIRMED)
    assert conf.preparation.invitation_status(conf.attendee(ids["gareth"])) is (
        InvitationStatus.SUBSTITUTE)
    with pytest.raises(DomainError, match="Hana Price is already attending instead of Gareth"):
        do(pr.name_substitute, ids["gareth"], "Ola Brant")
    # the GP wrote a report and cannot come: the substitute joins in the room
    _, named = do(pr.name_substitute, ids["anita"], "Dr Rhys Morgan")
    assert conf.attendees[named.substitute.substitute_id].mode is AttendanceMode.IN_ROOM


def test_sharing_a_report_keeps_what_the_record_says(conf: Conference, do: Do,
                                                     ids: dict[str, str]) -> None:
    report_id = report(do, ids, 24)
    do(pr.share_report_with_parents, report_id, on(25, 11))
    do(pr.share_report_with_child, report_id, "maisie", on(26, 11))
    do(pr.record_report_comment, report_id, ids["jade"], CommentKind.CORRECTION,
       "Maisie changed school in September, not October", on(26, 11))
    shared = conf.minutes.reports[report_id]
    assert (shared.shared_with_parents, shared.shared_on, shared.received_on) == (
        True, on(25, 11), on(24, 11))
    assert conf.preparation.shared_with_child[(report_id, "maisie")] == on(26, 11)
    assert conf.preparation.comments[0].kind is CommentKind.CORRECTION
    # correcting the date received keeps the sharing
    do(pr.receive_report, "Fernbridge Children's Services", on(23, 11), author_id=ids["priya"],
       report_id=report_id)
    assert conf.minutes.reports[report_id].shared_on == on(25, 11)
    with pytest.raises(DomainError, match="shared with the parents on 2026-11-25, before"):
        do(pr.receive_report, "Fernbridge Children's Services", on(26, 11),
           report_id=report_id)
    do(pr.withhold_report, report_id, "an investigation is under way")
    withheld = conf.minutes.reports[report_id]
    assert not withheld.shared_with_parents
    assert withheld.not_shared_reason == "an investigation is under way"


def test_observer_consents_match_the_rule_at_attendance(conf: Conference, do: Do,
                                                        ids: dict[str, str]) -> None:
    request = observer(do, ids)
    do(rq.record_observer_consent, request, ConsentParty.CHAIR, True, on(25, 11))
    do(rq.record_observer_consent, request, ConsentParty.FAMILY, True, on(26, 11), ids["jade"])
    added = do(rq.add_observer, request)[0]
    assert isinstance(added, ev.AttendeeAdded)
    assert added.attendee.observer_consent == ObserverConsent(chair=True, family=True)
    assert added.attendee.id == request
    assert not conf.attendee(request).may_contribute
    with pytest.raises(DomainError, match="Ayesha Moran is already the observer"):
        do(rq.request_observer, "Tomasz Weir", "Fernbridge Community Health", ids["sian"],
           on(26, 11))
    # and the attendance rule still refuses a second observer added directly
    with pytest.raises(DomainError, match="there is already an observer"):
        do(pe.add_attendee, "Tomasz Weir", "observer",
           observer_consent=ObserverConsent(chair=True, family=True))


def test_a_refused_observer_leaves_room_for_another_request(conf: Conference, do: Do,
                                                            ids: dict[str, str]) -> None:
    first = observer(do, ids)
    do(rq.record_observer_consent, first, ConsentParty.FAMILY, False, on(25, 11), ids["liam"])
    assert conf.preparation.open_observer_requests() == []
    second = observer(do, ids, "Tomasz Weir")
    assert [r.id for r in conf.preparation.open_observer_requests()] == [second]


def test_the_chairs_exclusion_decision_and_letter(conf: Conference, do: Do,
                                                  ids: dict[str, str]) -> None:
    request = exclusion(do, ids)
    do(rq.decide_exclusion, request, True, "He has not yet been interviewed by the police",
       "His solicitor will present his written views", on(25, 11))
    assert conf.preparation.exclusion_decisions[request].granted
    with pytest.raises(DomainError, match="the request is not about Jade Thornbury"):
        do(rq.record_exclusion_letter_sent, request, ids["jade"], on(25, 11), Channel.POST)
    do(rq.record_exclusion_letter_sent, request, ids["liam"], on(26, 11), Channel.BY_HAND)
    assert conf.preparation.decision_letter_sent(request, ids["liam"])


@pytest.mark.parametrize(("mode", "camera", "problems"), [
    (AttendanceMode.VIDEO, OK, []),
    (AttendanceMode.VIDEO, BAD, ["camera"]),
    (AttendanceMode.PHONE, NA, []),
    (AttendanceMode.PHONE, UNTESTED, ["camera"]),
])
def test_a_test_call_records_camera_microphone_and_connection(
        conf: Conference, do: Do, ids: dict[str, str], mode: AttendanceMode,
        camera: CheckResult, problems: list[str]) -> None:
    do(pe.change_mode, ids["jade"], mode)
    event = do(pr.record_technology_check, ids["jade"], camera, OK, OK, "", "join page")[0]
    assert event.actor == "join page"
    assert conf.preparation.technology[ids["jade"]].problems() == problems


def test_the_test_call_is_before_the_meeting(clock: ManualClock, conf: Conference, do: Do,
                                             ids: dict[str, str]) -> None:
    from facilitator.domain.commands import agenda as ag

    clock.set(MORNING_OF + timedelta(hours=2))
    do(ag.start_meeting)
    with pytest.raises(DomainError, match="the meeting has started: the test call is recorded"):
        do(pr.record_technology_check, ids["jade"], OK, OK, OK)
    with pytest.raises(DomainError, match="the meeting has started: an exclusion request"):
        exclusion(do, ids)


def test_every_preparation_event_survives_the_log(conf: Conference, do: Do,
                                                  ids: dict[str, str]) -> None:
    """Stored and read back: the same events, and the same state rebuilt from them."""
    report_id = report(do, ids)
    do(pr.send_invitation, ids["jade"], on(25, 11), Channel.SECURE_EMAIL)
    do(pr.share_report_with_child, report_id, "maisie", on(25, 11))
    do(pr.record_report_comment, report_id, ids["jade"], CommentKind.COMMENT, "We disagree",
       on(25, 11))
    do(pr.offer_advocate, "maisie", on(25, 11), True, "Fernbridge Advocacy")
    do(pr.attach_contribution, "maisie", ContributionKind.DRAWING, SHA, 2048, "biscuit.png")
    do(pr.book_interpreter, "Polish", [ids["jade"]], interpreter_id=ids["zofia"])
    do(it.link_interpreter, ids["zofia"], [ids["jade"]])  # no longer for Liam
    do(pr.make_arrangement, ids["jade"], pr.ArrangementKind.CHILDCARE, "creche at Riverside")
    do(pr.record_technology_check, ids["liam"], OK, BAD, OK, "echo on the laptop")
    request = exclusion(do, ids)
    do(rq.decide_exclusion, request, True, "Interview pending", "Written views", on(25, 11))
    do(rq.record_exclusion_letter_sent, request, ids["liam"], on(25, 11), Channel.POST)
    obs = observer(do, ids)
    do(rq.record_observer_consent, obs, ConsentParty.CHAIR, True, on(25, 11))
    do(pr.record_meeting_before, [ids["jade"]], on(26, 11), ["maisie"], "at home")
    do(pr.record_reply, ids["gareth"], AttendanceState.APOLOGIES)
    do(pr.name_substitute, ids["gareth"], "Hana Price")
    copied = [event_from_record(*event_to_record(e)) for e in conf.log]
    assert copied == conf.log
    again = Conference.from_events(copied)
    assert again.preparation == conf.preparation
    assert again.attendees == conf.attendees
    kinds = {type(e) for e in conf.log}
    assert {t for t in ev.ALL_EVENTS if issubclass(t, ev.PreparationEvent)} <= kinds
