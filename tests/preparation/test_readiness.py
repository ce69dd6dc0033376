"""What is missing before the start: a pure function of the conference, as tables."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from facilitator.domain.attendees import AttendanceMode, AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import interpreting as it
from facilitator.domain.commands import minutes as mn
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import preparation as pr
from facilitator.domain.commands import requests as rq
from facilitator.domain.conference import Conference
from facilitator.domain.minutes import Channel, ViewsChannel
from facilitator.domain.preparation import (
    CheckResult,
    ConsentParty,
    ContributionKind,
    PreparationSettings,
)
from facilitator.domain.readiness import ReadinessItem, Severity, Topic, readiness
from facilitator.domain.segments import ExclusionGround
from facilitator.services.conference_file import LOCAL_ZONE

from .conftest import MORNING_OF, Do, new_conference, on, runner, who

OK = CheckResult.WORKS
SHA = "cd" * 32


def texts(conf: Conference, topic: Topic | None = None,
          settings: PreparationSettings | None = None) -> list[str]:
    return [i.text for i in readiness(conf, settings) if topic is None or i.topic is topic]


def item(conf: Conference, words: str) -> ReadinessItem | None:
    return next((i for i in readiness(conf) if words in i.text), None)


def test_the_sample_conference_lists_what_is_missing(conf: Conference) -> None:
    missing = texts(conf)
    assert "Jade Thornbury joins by phone: their invitation with their meeting code and PIN " \
           "has not been sent" in missing
    assert "Liam Ashcombe joins by video: their invitation with their join link has not been " \
           "sent" in missing
    assert "The social worker's report is not recorded as received" in missing
    assert "Dr Anita Varga sent apologies with a written report: the report is not recorded " \
           "as received" in missing
    assert any(t.startswith("Whether Maisie Thornbury attends is not decided") for t in missing)
    assert "Childcare for Jade Thornbury: nothing arranged yet" in missing
    assert any(t.startswith("Technology check not done for Jade Thornbury (joining by phone)")
               for t in missing)
    assert "Meet the family before the conference (not recorded yet)" in missing
    assert not texts(conf, Topic.QUORUM), "police, health and education have confirmed"
    # the supporter and the police join remotely but are not family: no test call needed
    assert not [t for t in texts(conf, Topic.TECHNOLOGY) if "Carys" in t or "Tom" in t]


@pytest.mark.parametrize(("shared_on", "late"), [
    (on(26, 11), False),  # 5 working days before
    (on(30, 11), False),  # 3
    (on(1), False),  # Tuesday: 2 working days before Thursday
    (on(2), True),  # the day before
    (on(3), True),  # the morning of the conference
])
def test_a_report_shared_fewer_than_2_working_days_before_is_flagged(
        clock: ManualClock, conf: Conference, do: Do, ids: dict[str, str], shared_on: date,
        late: bool) -> None:
    clock.set(MORNING_OF)
    report = do(pr.receive_report, "Fernbridge Children's Services", on(25, 11),
                author_id=ids["priya"])[0].report.id  # type: ignore[attr-defined]
    assert "Report from Fernbridge Children's Services not shared with the parents" in texts(
        conf)
    do(pr.share_report_with_parents, report, shared_on)
    found = item(conf, "Report from Fernbridge Children's Services shared with the parents")
    assert (found is not None) == late
    if found:
        assert found.severity is Severity.WARNING
    assert "Report from Fernbridge Children's Services not shared with the parents" not in \
        texts(conf)
    assert "The social worker's report is not recorded as received" not in texts(conf)


@pytest.mark.parametrize(("days", "shared_on", "late"), [
    (2, on(1), False), (3, on(1), True), (1, on(2), False), (0, on(3), False),
])
def test_how_many_working_days_is_the_councils_choice(
        clock: ManualClock, conf: Conference, do: Do, days: int, shared_on: date,
        late: bool) -> None:
    clock.set(MORNING_OF)
    report = do(pr.receive_report, "Hollin Lane Primary School", on(24, 11))[0]
    do(pr.share_report_with_parents, report.report.id, shared_on)  # type: ignore[attr-defined]
    found = [t for t in texts(conf, Topic.REPORTS, PreparationSettings(report_working_days=days))
             if "shared with the parents on" in t]
    assert bool(found) == late


def test_bank_holidays_are_not_working_days(clock: ManualClock) -> None:
    """A conference on Tuesday 29 December 2026 in Wales: Christmas Day and the Boxing Day
    substitute (Monday 28th) are bank holidays, so Thursday 24th is 1 working day before."""
    start = datetime(2026, 12, 29, 10, 0, tzinfo=LOCAL_ZONE)
    clock.set(datetime(2026, 12, 29, 8, 0, tzinfo=LOCAL_ZONE))
    conf = new_conference(clock, start, nation="wales")
    do = runner(conf, clock)
    report = do(pr.receive_report, "Fernbridge Children's Services", on(21))[0]
    do(pr.share_report_with_parents, report.report.id, on(24))  # type: ignore[attr-defined]
    found = item(conf, "shared with the parents on 24 Dec")
    assert found is not None and "1 working day(s) before, fewer than 2" in found.text
    request = do(rq.request_exclusion, [who(conf)["liam"]], [ExclusionGround.DISRUPTION],
                 who(conf)["tom"], "threats made to the health visitor", on(23))[0]
    warning = item(conf, "Exclusion of Liam Ashcombe requested on 23 Dec")
    assert warning is not None and "2 working day(s) before, fewer than 3" in warning.text
    assert request


@pytest.mark.parametrize(("requested", "late"), [
    (on(26, 11), False), (on(30, 11), False), (on(1), True), (on(2), True),
])
def test_an_exclusion_request_fewer_than_3_working_days_before_is_flagged(
        clock: ManualClock, conf: Conference, do: Do, ids: dict[str, str], requested: date,
        late: bool) -> None:
    clock.set(MORNING_OF)
    request = do(rq.request_exclusion, [ids["liam"]], [ExclusionGround.LEGAL_PROCEEDINGS],
                 ids["tom"], "Not yet interviewed", requested)[0].request.id  # type: ignore[attr-defined]
    assert (item(conf, "Exclusion of Liam Ashcombe requested") is not None) == late
    assert item(conf, "Exclusion request about Liam Ashcombe: the chair's decision is pending")
    do(rq.decide_exclusion, request, True, "Not yet interviewed", "His written views",
       requested)
    assert not item(conf, "the chair's decision is pending")
    assert item(conf, "Letter to Liam Ashcombe about the decision to exclude them not sent")
    do(rq.record_exclusion_letter_sent, request, ids["liam"], requested, Channel.POST)
    left = texts(conf, Topic.EXCLUSIONS)
    assert len(left) == (1 if late else 0)
    assert all("working day(s) before, fewer than 3" in t for t in left)


@pytest.mark.parametrize(("born", "age", "prompted"), [
    (date(2016, 12, 3), 10, True),  # tenth birthday on the day of the conference
    (date(2016, 12, 4), 9, False),
    (date(2010, 1, 1), 16, True),
])
def test_a_child_of_10_or_over_is_offered_an_advocate(clock: ManualClock, born: date,
                                                      age: int, prompted: bool) -> None:
    conf = new_conference(clock, children=[{"id": "maisie", "name": "Maisie Thornbury",
                                            "date_of_birth": born.isoformat()}])
    prompt = f"Maisie Thornbury is {age}: offer an independent advocate"
    assert (prompt in texts(conf, Topic.CHILD)) == prompted
    runner(conf, clock)(pr.offer_advocate, "maisie", on(25, 11), False, "She said no")
    assert prompt not in texts(conf, Topic.CHILD)


@pytest.mark.parametrize(("channel", "kind", "still_missing"), [
    (ViewsChannel.DRAWING, ContributionKind.DRAWING, "Maisie Thornbury's drawing is not "
     "stored with the conference yet"),
    (ViewsChannel.LETTER, ContributionKind.LETTER, "Maisie Thornbury's letter is not stored"),
    (ViewsChannel.AUDIO_VIDEO, ContributionKind.VIDEO, "Maisie Thornbury's recording is not"),
])
def test_the_childs_own_contribution_is_stored_before_the_day(
        conf: Conference, do: Do, channel: ViewsChannel, kind: ContributionKind,
        still_missing: str) -> None:
    do(mn.record_child_participation, "maisie", False, "Maisie is 8 and would rather not "
       "come; she wants to send something instead", [channel])
    assert not [t for t in texts(conf) if "Whether Maisie Thornbury attends" in t]
    assert any(still_missing in t for t in texts(conf, Topic.CHILD))
    do(pr.attach_contribution, "maisie", kind, SHA, 1234, "from-maisie.bin")
    assert not any(still_missing in t for t in texts(conf, Topic.CHILD))


def test_meeting_the_chair_and_the_advocate_as_ways_to_give_views(conf: Conference, do: Do,
                                                                  ids: dict[str, str]) -> None:
    do(mn.record_child_participation, "maisie", False, "Too young to attend",
       [ViewsChannel.MET_CHAIR, ViewsChannel.ADVOCATE])
    child = texts(conf, Topic.CHILD)
    assert "Maisie Thornbury is to meet the chair before the conference: not done yet" in child
    assert "Maisie Thornbury's views are to come through an advocate, but no advocate is " \
           "arranged" in child
    do(pr.record_meeting_before, [], on(25, 11), ["maisie"])
    do(pr.offer_advocate, "maisie", on(25, 11), True)
    assert [t for t in texts(conf, Topic.CHILD) if "Maisie" in t] == []


def test_interpreter_needs_and_arrangements(conf: Conference, do: Do,
                                            ids: dict[str, str]) -> None:
    jade = conf.attendee(ids["jade"])
    do(pe.record_needs, jade.id, pe.Needs(interpreter_language="Romanian", access="step-free",
                                          childcare=True, transport=True))
    needs = texts(conf, Topic.NEEDS)
    assert "Interpreter not booked: Jade Thornbury needs Romanian" in needs
    assert "Access for Jade Thornbury (step-free): nothing arranged yet" in needs
    assert "Transport for Jade Thornbury: nothing arranged yet" in needs
    do(pr.book_interpreter, "Romanian", [jade.id], name="Ioana Dobre",
       agency="Fernbridge Interpreting Service")
    for kind, details in ((pr.ArrangementKind.ACCESS, "ground floor room"),
                          (pr.ArrangementKind.CHILDCARE, "creche"),
                          (pr.ArrangementKind.TRANSPORT, "taxi booked")):
        do(pr.make_arrangement, jade.id, kind, details)
    assert texts(conf, Topic.NEEDS) == [
        "With consecutive interpreting (× 1.5) the agenda's 105 minutes take about 158, but 120 "
        "are planned: allow interpreting time now, or the decision and planning time will be "
        "squeezed"]
    do(it.allow_interpreting, 1.5)  # the stages x1.5 and the planned end 53 minutes later
    assert texts(conf, Topic.NEEDS) == []


def test_technology_checks_for_remote_family(conf: Conference, do: Do,
                                             ids: dict[str, str]) -> None:
    do(pr.record_technology_check, ids["jade"], CheckResult.NOT_NEEDED, OK, OK)
    do(pr.record_technology_check, ids["liam"], CheckResult.PROBLEM, OK, OK, "camera blocked")
    tech = readiness(conf)
    found = [i for i in tech if i.topic is Topic.TECHNOLOGY]
    assert [(i.severity, i.text) for i in found] == [
        (Severity.WARNING, "Liam Ashcombe's test call: problem or untested (camera)")]
    do(pr.record_technology_check, ids["liam"], OK, OK, OK)
    assert texts(conf, Topic.TECHNOLOGY) == []
    # someone who moves to the room needs no test call
    do(pe.change_mode, ids["jade"], AttendanceMode.IN_ROOM)
    assert texts(conf, Topic.TECHNOLOGY) == []


def test_quorum_is_expected_from_the_confirmations(conf: Conference, do: Do,
                                                   ids: dict[str, str]) -> None:
    for name in ("tom", "sian"):
        do(pr.record_reply, ids[name], AttendanceState.APOLOGIES)
    quorum = texts(conf, Topic.QUORUM)
    assert quorum == ["Quorum not expected from the confirmations: 1 other professional "
                      "discipline(s) confirmed (education); at least 2 needed"]
    assert "DC Tom Reddaway sent apologies without a written report or a substitute" in texts(
        conf, Topic.INVITATIONS)
    do(pr.name_substitute, ids["sian"], "Rosa Finch")
    assert texts(conf, Topic.QUORUM) == []


def test_observer_consents_before_the_day(clock: ManualClock, conf: Conference, do: Do,
                                          ids: dict[str, str]) -> None:
    request = do(rq.request_observer, "Ayesha Moran", "Fernbridge Children's Services",
                 ids["martin"], on(25, 11))[0].request.id  # type: ignore[attr-defined]
    observer = texts(conf, Topic.OBSERVER)
    assert "Observer Ayesha Moran: the chair's consent not recorded" in observer
    assert "Observer Ayesha Moran: the family's consent not recorded" in observer
    do(rq.record_observer_consent, request, ConsentParty.CHAIR, True, on(25, 11))
    clock.set(MORNING_OF)
    do(rq.record_observer_consent, request, ConsentParty.FAMILY, True, on(3), ids["jade"])
    assert texts(conf, Topic.OBSERVER) == [
        "Observer Ayesha Moran: the family agreed on the day; consent is sought at least a "
        "day before",
        "Observer Ayesha Moran has both consents: add them to the conference"]
    do(rq.add_observer, request)
    assert texts(conf, Topic.OBSERVER) == [
        "Observer Ayesha Moran: the family agreed on the day; consent is sought at least a "
        "day before"]


def test_everything_done_means_ready(clock: ManualClock, conf: Conference, do: Do,
                                     ids: dict[str, str]) -> None:
    for person in ("jade", "liam", "carys", "tom"):
        do(pr.send_invitation, ids[person], on(25, 11), Channel.EMAIL)
    report = do(pr.receive_report, "Fernbridge Children's Services", on(24, 11),
                author_id=ids["priya"])[0].report.id  # type: ignore[attr-defined]
    gp = do(pr.receive_report, "Millbrook Surgery", on(24, 11),
            author_id=ids["anita"])[0].report.id  # type: ignore[attr-defined]
    for each in (report, gp):
        do(pr.share_report_with_parents, each, on(25, 11))
    for child in ("maisie", "alfie"):
        do(mn.record_child_participation, child, False, "Under 10: views in the social "
           "worker's report", [ViewsChannel.SOCIAL_WORKER])
    do(pr.make_arrangement, ids["jade"], pr.ArrangementKind.CHILDCARE, "creche")
    for person in ("jade", "liam"):
        do(pr.record_technology_check, ids[person], OK, OK, OK)
    do(pr.record_meeting_before, [ids["jade"], ids["liam"]], on(26, 11))
    do(it.allow_interpreting, 1.5)  # Liam's Polish interpreter: the agenda interpreted
    assert readiness(conf) == []
