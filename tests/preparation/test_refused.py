"""Bad input before the conference, as a table: each refused in one line naming the problem,
changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.commands import minutes as mn
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import preparation as pr
from facilitator.domain.commands import requests as rq
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError
from facilitator.domain.minutes import Channel, ViewsChannel
from facilitator.domain.preparation import (
    MEBIBYTE,
    CheckResult,
    CommentKind,
    ConsentParty,
    ContributionKind,
)
from facilitator.domain.segments import ExclusionGround

from .conftest import Do, exclusion, observer, on, report

SHA = "ab" * 32
OK, UNTESTED = CheckResult.WORKS, CheckResult.NOT_TESTED

# Each case: a setup (may be None), the refused command and its arguments, and words of the
# one-line error. `ids` maps first names to attendee ids.
Setup = Callable[[Do, dict[str, str]], Any] | None
Case = tuple[str, Setup, Callable[[dict[str, str], Any], tuple[Any, ...]], str]
REFUSED: list[Case] = [
    ("report dated after the conference", None,
     lambda i, _: (pr.receive_report, "Fernbridge Children's Services", on(4)),
     "the report is dated 2026-12-04, after the conference on 2026-12-03"),
    ("report dated in the future", None,
     lambda i, _: (pr.receive_report, "Millbrook Surgery", on(1)),
     "record it once it has arrived"),
    ("shared before it arrived", lambda d, i: report(d, i, 24),
     lambda i, r: (pr.share_report_with_parents, r, on(23, 11)),
     "arrived on 2026-11-24: it cannot have been shared on 2026-11-23"),
    ("shared in the future", lambda d, i: report(d, i),
     lambda i, r: (pr.share_report_with_parents, r, on(1)),
     "record it once it has happened, not in advance"),
    ("an unknown report", None,
     lambda i, _: (pr.share_report_with_child, "nope", "maisie", on(25, 11)),
     "no report 'nope' in this conference"),
    ("comment from a professional", lambda d, i: report(d, i),
     lambda i, r: (pr.record_report_comment, r, i["gareth"], CommentKind.COMMENT, "Fine",
                   on(25, 11)),
     "Gareth Lowe is not a parent or family member"),
    ("an empty correction", lambda d, i: report(d, i),
     lambda i, r: (pr.record_report_comment, r, i["jade"], CommentKind.CORRECTION, "  ",
                   on(25, 11)),
     "write the factual correction from Jade Thornbury"),
    ("second observer request", lambda d, i: observer(d, i),
     lambda i, _: (rq.request_observer, "Tomasz Weir", "Fernbridge Community Health",
                   i["sian"], on(25, 11)),
     "Ayesha Moran is already requested as the observer: only one observer may attend"),
    ("observer asked for by a parent", None,
     lambda i, _: (rq.request_observer, "Tomasz Weir", "Fernbridge Community Health",
                   i["jade"], on(25, 11)),
     "Jade Thornbury is not a professional"),
    ("observer without an agency", None,
     lambda i, _: (rq.request_observer, "Tomasz Weir", " ", i["sian"], on(25, 11)),
     "Tomasz Weir is a professional observer: name their agency"),
    ("family consent from a professional", lambda d, i: observer(d, i),
     lambda i, r: (rq.record_observer_consent, r, ConsentParty.FAMILY, True, on(25, 11),
                   i["priya"]),
     "Priya Okonedo is not a parent or family member: the family gives this consent"),
    ("observer added without the family's consent",
     lambda d, i: [r := observer(d, i),
                   d(rq.record_observer_consent, r, ConsentParty.CHAIR, True, on(25, 11))][0],
     lambda i, r: (rq.add_observer, r),
     "an observer needs the recorded prior consent of both the chair and the family"),
    ("exclusion request without grounds", None,
     lambda i, _: (rq.request_exclusion, [i["liam"]], [], i["tom"], "interview pending",
                   on(24, 11)),
     "an exclusion request needs grounds from the procedure (8.3)"),
    ("exclusion request without evidence", None,
     lambda i, _: (rq.request_exclusion, [i["liam"]], [ExclusionGround.DISRUPTION], i["tom"],
                   "", on(24, 11)),
     "give the information or evidence the request is based on"),
    ("a mid-meeting ground in advance", None,
     lambda i, _: (rq.request_exclusion, [i["liam"]],
                   [ExclusionGround.EFFECTIVENESS_IMPAIRED], i["tom"], "shouting", on(24, 11)),
     "is for the chair during the meeting, not a request in advance"),
    ("excluding a professional", None,
     lambda i, _: (rq.request_exclusion, [i["gareth"]], [ExclusionGround.DISRUPTION],
                   i["tom"], "threats", on(24, 11)),
     "Gareth Lowe is not a parent or family member"),
    ("a parent asking to exclude the other", None,
     lambda i, _: (rq.request_exclusion, [i["liam"]], [ExclusionGround.FAMILY_CONFLICT],
                   i["jade"], "conflict", on(24, 11)),
     "Jade Thornbury cannot request an exclusion"),
    ("deciding twice",
     lambda d, i: [r := exclusion(d, i),
                   d(rq.decide_exclusion, r, False, "Not needed: the police can speak first",
                     "", on(25, 11))][0],
     lambda i, r: (rq.decide_exclusion, r, True, "Changed my mind", "his advocate",
                   on(25, 11)),
     "the chair refused this request on 2026-11-25: the decision is final"),
    ("granted without saying how views are heard", lambda d, i: exclusion(d, i),
     lambda i, r: (rq.decide_exclusion, r, True, "Interview pending", " ", on(25, 11)),
     "say how Liam Ashcombe's views will still reach the conference"),
    ("a decision without reasons", lambda d, i: exclusion(d, i),
     lambda i, r: (rq.decide_exclusion, r, False, "", "", on(25, 11)),
     "give the reasons for the decision"),
    ("a letter about a refused request",
     lambda d, i: [r := exclusion(d, i),
                   d(rq.decide_exclusion, r, False, "Not needed", "", on(25, 11))][0],
     lambda i, r: (rq.record_exclusion_letter_sent, r, i["liam"], on(25, 11), Channel.POST),
     "the request was refused: Liam Ashcombe is not excluded"),
    ("an empty file", None,
     lambda i, _: (pr.attach_contribution, "maisie", ContributionKind.DRAWING, SHA, 0,
                   "drawing.png"),
     "drawing.png is empty: nothing to attach"),
    ("a file too large", None,
     lambda i, _: (pr.attach_contribution, "maisie", ContributionKind.AUDIO, SHA,
                   201 * MEBIBYTE, "song.m4a"),
     "song.m4a is too large (201.0 MB; at most 200.0 MB)"),
    ("a file with a folder in its name", None,
     lambda i, _: (pr.attach_contribution, "maisie", ContributionKind.LETTER, SHA, 10,
                   "../letter.txt"),
     "give the file's own name"),
    ("a file not named by its hash", None,
     lambda i, _: (pr.attach_contribution, "maisie", ContributionKind.LETTER, "abc", 10,
                   "letter.txt"),
     "64 hexadecimal digits"),
    ("a contribution for an unknown child", None,
     lambda i, _: (pr.attach_contribution, "ruby", ContributionKind.LETTER, SHA, 10,
                   "letter.txt"),
     "no subject child 'ruby'"),
    ("a new interpreter without a name", None,
     lambda i, _: (pr.book_interpreter, "Polish", [i["jade"]]),
     "an attendee needs a name"),
    ("a test call for someone in the room", None,
     lambda i, _: (pr.record_technology_check, i["priya"], OK, OK, OK),
     "Priya Okonedo attends in the room: there is no call to test"),
    ("a test call that tested nothing", None,
     lambda i, _: (pr.record_technology_check, i["jade"], UNTESTED, UNTESTED, UNTESTED),
     "nothing was tested"),
    ("a reply that is not a reply", None,
     lambda i, _: (pr.record_reply, i["jade"], AttendanceState.PRESENT),
     "a reply is: confirmed, apologies, or apologies with a written report"),
    ("a parent sending a written report", None,
     lambda i, _: (pr.record_reply, i["jade"], AttendanceState.APOLOGIES_WITH_REPORT),
     "Jade Thornbury is not an agency"),
    ("a substitute without apologies", None,
     lambda i, _: (pr.name_substitute, i["gareth"], "Hana Price"),
     "record Gareth Lowe's apologies before naming a substitute"),
    ("an invitation for the chair", None,
     lambda i, _: (pr.send_invitation, i["helen"], on(25, 11), Channel.POST),
     "the chair sends the invitations and is not invited"),
    ("an invitation sent tomorrow", None,
     lambda i, _: (pr.send_invitation, i["jade"], on(27, 11), Channel.POST),
     "invitation sent on 2026-11-27: record it once it has happened"),
    ("meeting a professional as 'the family'", None,
     lambda i, _: (pr.record_meeting_before, [i["priya"]], on(25, 11)),
     "Priya Okonedo is not family"),
    ("the child's attendance without reasons", None,
     lambda i, _: (mn.record_child_participation, "maisie", False, " ",
                   [ViewsChannel.DRAWING]),
     "record the reasons for and against the child attending"),
    ("an advocate for an unknown child", None,
     lambda i, _: (pr.offer_advocate, "ruby", on(25, 11), True),
     "no subject child 'ruby'"),
]
INTERPRETER_CASES = [
    ("a family member's name", "Ewa Thornbury", "Fernbridge Interpreting Service",
     "Ewa Thornbury is a family member and must not act as interpreter"),
    ("no interpreting service", "Zofia Lis", "",
     "interpreter Zofia Lis: name their independent interpreting service (agency)"),
    ("no language", "Zofia Lis", "Fernbridge Interpreting Service",
     "name the language the interpreter is booked for"),
]


@pytest.mark.parametrize(("name", "setup", "command", "message"), REFUSED,
                         ids=[c[0] for c in REFUSED])
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
        conf: Conference, do: Do, ids: dict[str, str], name: str, setup: Setup,
        command: Callable[[dict[str, str], Any], tuple[Any, ...]], message: str) -> None:
    made = setup(do, ids) if setup else None
    before = len(conf.log)
    function, *args = command(ids, made)
    with pytest.raises(DomainError) as refused:
        do(function, *args)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert len(conf.log) == before


@pytest.mark.parametrize(("name", "interpreter", "agency", "message"), INTERPRETER_CASES,
                         ids=[c[0] for c in INTERPRETER_CASES])
def test_an_interpreter_is_independent_never_family(
        conf: Conference, do: Do, ids: dict[str, str], name: str, interpreter: str,
        agency: str, message: str) -> None:
    do(pe.add_attendee, "Ewa Thornbury", "family_member")
    language = "" if name == "no language" else "Polish"
    booked = list(conf.preparation.interpreters)  # the sample's own booking (Zofia for Liam)
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        do(pr.book_interpreter, language, [ids["jade"]], name=interpreter, agency=agency)
    assert conf.preparation.interpreters == booked
