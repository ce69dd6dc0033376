"""The role catalogue, attendance, observers, interpreters and quorum."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from facilitator.domain.attendees import (
    AttendanceMode,
    AttendanceState,
    Needs,
    ObserverConsent,
    assess_quorum,
)
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import record as rc
from facilitator.domain.conference import Conference
from facilitator.domain.decisions import HarmView
from facilitator.domain.errors import DomainError
from facilitator.domain.roles import ROLES, Discipline, Party, role
from facilitator.domain.transcript import UtteranceSource
from facilitator.record.quorum import quorum_reason

from .helpers import add_cast, run

S = AttendanceState

# ---- role catalogue (procedure section 8.1) ----------------------------------------------
SECTION_8_1 = [
    # (role key, party, discipline, normally invited)
    ("parent", Party.FAMILY, None, True),
    ("parental_responsibility", Party.FAMILY, None, True),
    ("child", Party.CHILD, None, True),
    ("child_advocate", Party.SUPPORTER, None, True),
    ("social_worker", Party.PROFESSIONAL, Discipline.SOCIAL_WORK, True),
    ("social_work_manager", Party.PROFESSIONAL, Discipline.SOCIAL_WORK, True),
    ("police", Party.PROFESSIONAL, Discipline.POLICE, True),
    ("health_visitor", Party.PROFESSIONAL, Discipline.HEALTH, True),
    ("school_nurse", Party.PROFESSIONAL, Discipline.HEALTH, True),
    ("gp", Party.PROFESSIONAL, Discipline.HEALTH, True),
    ("paediatrician", Party.PROFESSIONAL, Discipline.HEALTH, True),
    ("school", Party.PROFESSIONAL, Discipline.EDUCATION, True),
    ("parent_supporter", Party.SUPPORTER, None, False),
    ("parent_solicitor", Party.SUPPORTER, None, False),
    ("mental_health", Party.PROFESSIONAL, Discipline.MENTAL_HEALTH, False),
    ("substance_misuse", Party.PROFESSIONAL, Discipline.SUBSTANCE_MISUSE, False),
    ("domestic_abuse", Party.PROFESSIONAL, Discipline.DOMESTIC_ABUSE, False),
    ("housing", Party.PROFESSIONAL, Discipline.HOUSING, False),
    ("probation", Party.PROFESSIONAL, Discipline.PROBATION, False),
    ("midwife", Party.PROFESSIONAL, Discipline.HEALTH, False),
    ("foster_carer", Party.PROFESSIONAL, Discipline.CARE_PROVIDER, False),
    ("childrens_guardian", Party.PROFESSIONAL, Discipline.LEGAL, False),
    ("legal", Party.PROFESSIONAL, Discipline.LEGAL, False),
    ("observer", Party.OBSERVER, None, False),
    ("interpreter", Party.INTERPRETER, None, False),
    ("chair", Party.CHAIR, None, False),
    ("minute_taker", Party.MINUTE_TAKER, None, False),
]


@pytest.mark.parametrize(("key", "party", "discipline", "invited"), SECTION_8_1)
def test_role_catalogue_holds_the_procedures_invitees(
    key: str, party: Party, discipline: Discipline | None, invited: bool
) -> None:
    item = role(key)
    assert item.key == key and item.label
    assert item.party is party
    assert item.discipline is discipline
    assert item.normally_invited is invited


def test_every_professional_role_has_a_discipline() -> None:
    for item in ROLES.values():
        assert (item.discipline is not None) == item.is_professional, item.key


@pytest.mark.parametrize("key", ["legal", "childrens_guardian", "child_solicitor"])
def test_legal_roles_do_not_count_for_quorum(key: str) -> None:
    assert role(key).counts_for_quorum is False


@pytest.mark.parametrize("key", ["wizard", "Social_Worker", "", "social worker"])
def test_unknown_role_is_refused_with_a_message_naming_it(key: str) -> None:
    with pytest.raises(DomainError, match=f"unknown role '{key}'") as refused:
        role(key)
    assert "\n" not in str(refused.value)
    assert "social_worker" in str(refused.value)  # and it says what is known


def test_adding_an_attendee_with_an_unknown_role_is_refused(conf: Conference,
                                                           clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="unknown role 'headteacher'"):
        pe.add_attendee(conf, clock.now(), "Pat Moss", "headteacher")


# ---- attendance state transitions --------------------------------------------------------
ALLOWED = {
    (S.INVITED, S.CONFIRMED), (S.INVITED, S.APOLOGIES), (S.INVITED, S.APOLOGIES_WITH_REPORT),
    (S.INVITED, S.PRESENT),
    (S.CONFIRMED, S.APOLOGIES), (S.CONFIRMED, S.APOLOGIES_WITH_REPORT), (S.CONFIRMED, S.PRESENT),
    (S.APOLOGIES, S.APOLOGIES_WITH_REPORT), (S.APOLOGIES, S.PRESENT),
    (S.APOLOGIES_WITH_REPORT, S.PRESENT),
    (S.PRESENT, S.LEFT), (S.LEFT, S.RETURNED), (S.RETURNED, S.LEFT),
}


@pytest.mark.parametrize(("before", "after"), list(itertools.product(S, S)),
                         ids=lambda s: s.name.lower())
def test_attendance_transitions(conf: Conference, clock: ManualClock,
                                before: AttendanceState, after: AttendanceState) -> None:
    add_cast(conf, clock, only=("chair",))
    run(conf, clock, ag.start_meeting)
    run(conf, clock, pe.add_attendee, "Kit Fairweather", "parent", attendee_id="dad",
        state=before)
    if (before, after) in ALLOWED:
        run(conf, clock, pe.change_attendance, "dad", after)
        assert conf.attendee("dad").state is after
    else:
        with pytest.raises(DomainError, match="Kit Fairweather cannot go from"):
            pe.change_attendance(conf, clock.now(), "dad", after)
        assert conf.attendee("dad").state is before


def test_no_one_leaves_before_the_meeting_starts(conf: Conference, clock: ManualClock) -> None:
    add_cast(conf, clock, only=("dad",))  # present early
    with pytest.raises(DomainError, match="has not started"):
        pe.change_attendance(conf, clock.now(), "dad", S.LEFT)
    run(conf, clock, ag.start_meeting)
    run(conf, clock, pe.change_attendance, "dad", S.LEFT)
    assert conf.attendee("dad").state is S.LEFT


def test_arriving_before_the_start_is_allowed(conf: Conference, clock: ManualClock) -> None:
    add_cast(conf, clock, present=False, only=("dad",))
    run(conf, clock, pe.change_attendance, "dad", S.PRESENT)
    assert conf.attendee("dad").is_present


def test_attendance_mode_and_needs(conf: Conference, clock: ManualClock) -> None:
    add_cast(conf, clock, only=("mum",))
    assert run(conf, clock, pe.change_mode, "mum", AttendanceMode.PHONE) == []  # unchanged
    run(conf, clock, pe.change_mode, "mum", AttendanceMode.IN_ROOM)
    assert conf.attendee("mum").mode is AttendanceMode.IN_ROOM
    needs = Needs(interpreter_language="Polish", access="step-free", childcare=True)
    run(conf, clock, pe.record_needs, "mum", needs)
    assert conf.attendee("mum").needs == needs
    assert conf.attendee("mum").needs.summary() == (
        "interpreter (Polish); access: step-free; childcare")
    with pytest.raises(DomainError, match="name the language"):
        pe.record_needs(conf, clock.now(), "mum", Needs(interpreter_language="  "))


# ---- who may be added ---------------------------------------------------------------------
ADD_ERRORS: list[tuple[str, str, dict[str, Any], str]] = [
    ("  ", "parent", {}, "needs a name"),
    ("Helen Two", "chair", {}, "already has a chair"),
    ("Amy Fairweather", "child", {}, "say which subject child"),
    ("Amy Fairweather", "child", {"child_id": "zoe"}, "no subject child 'zoe'"),
    ("Kit Fairweather", "parent", {"child_id": "amy"}, "only a subject child"),
    ("Ravi Coombe", "child_advocate", {"supports": "nobody"}, "no attendee 'nobody'"),
    ("Kit Fairweather", "parent", {"attendee_id": "chair"}, "already in use"),
    ("Kit Fairweather", "parent", {"observer_consent": ObserverConsent(True, True)},
     "only an observer has observer consent"),
]


@pytest.mark.parametrize(("name", "role_key", "kwargs", "error"), ADD_ERRORS)
def test_add_attendee_refusals(conf: Conference, clock: ManualClock, name: str, role_key: str,
                               kwargs: dict[str, Any], error: str) -> None:
    add_cast(conf, clock, only=("chair",))
    with pytest.raises(DomainError, match=error):
        pe.add_attendee(conf, clock.now(), name, role_key, **kwargs)


def test_no_one_is_added_after_the_meeting_ends(meeting: Conference, clock: ManualClock) -> None:
    for stage in ("decision", "planning"):
        run(meeting, clock, ag.skip_stage, stage, override_reason="interim plan only")
    run(meeting, clock, ag.end_meeting)
    with pytest.raises(DomainError, match="has ended"):
        pe.add_attendee(meeting, clock.now(), "Late Comer", "housing")


# ---- the observer: at most one, only with both consents, never contributes -------------------
OBSERVER_CASES = [
    # (consent, already an observer?, error or None)
    (ObserverConsent(chair=True, family=True), False, None),
    (ObserverConsent(chair=True, family=False), False, "consent of both the chair and the family"),
    (ObserverConsent(chair=False, family=True), False, "consent of both the chair and the family"),
    (ObserverConsent(chair=False, family=False), False, "consent"),
    (None, False, "consent"),
    (ObserverConsent(chair=True, family=True), True, "only one observer"),
]


@pytest.mark.parametrize(("consent", "existing", "error"), OBSERVER_CASES)
def test_observer_rules(conf: Conference, clock: ManualClock, consent: ObserverConsent | None,
                        existing: bool, error: str | None) -> None:
    if existing:
        run(conf, clock, pe.add_attendee, "Ada Quill", "observer",
            observer_consent=ObserverConsent(True, True))
    if error is None:
        run(conf, clock, pe.add_attendee, "Lee Marsh", "observer", observer_consent=consent)
    else:
        with pytest.raises(DomainError, match=error):
            pe.add_attendee(conf, clock.now(), "Lee Marsh", "observer", observer_consent=consent)
    observers = [a for a in conf.attendees.values() if a.role_key == "observer"]
    assert len(observers) == (1 if existing or error is None else 0)


@pytest.fixture
def observed(meeting: Conference, clock: ManualClock) -> Conference:
    run(meeting, clock, pe.add_attendee, "Ada Quill", "observer", attendee_id="observer",
        observer_consent=ObserverConsent(True, True), state=S.PRESENT)
    return meeting


def test_observer_gives_no_agency_view(observed: Conference, clock: ManualClock) -> None:
    assert observed.attendee("observer").may_contribute is False
    with pytest.raises(DomainError, match="observer and takes no part"):
        rc.record_view(observed, clock.now(), "amy", "observer", HarmView.SIGNIFICANT_HARM)


def test_observer_is_never_a_speaker(observed: Conference, clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="observer and does not speak"):
        rc.record_utterance(observed, clock.now(), "observer", UtteranceSource.ROOM,
                            clock.now(), clock.now(), "Can I add something?")
    said = run(observed, clock, rc.record_utterance, None, UtteranceSource.ROOM, clock.now(),
               clock.now(), "Can I add something?")
    with pytest.raises(DomainError, match="observer and does not speak"):
        rc.assign_speaker(observed, clock.now(), said[0].utterance_id, "observer", "minutes")


# ---- interpreters are independent ------------------------------------------------------
INTERPRETER_CASES = [
    ("Zofia Marek", "Larkfield Interpreting Service", None),
    ("Zofia Marek", "", "name their independent interpreting service"),
    ("Zofia Marek", "   ", "name their independent interpreting service"),
    ("Dana Fairweather", "Larkfield Interpreting Service", "family member"),
    ("  dana FAIRWEATHER ", "Larkfield Interpreting Service", "family member"),
    ("Amy Fairweather", "Larkfield Interpreting Service", "family member"),  # the child
    ("Ravi Coombe", "Larkfield Interpreting Service", None),  # a supporter is not family
]


@pytest.mark.parametrize(("name", "agency", "error"), INTERPRETER_CASES)
def test_interpreter_must_be_independent(conf: Conference, clock: ManualClock, name: str,
                                         agency: str, error: str | None) -> None:
    add_cast(conf, clock, only=("mum", "amy", "advocate"))
    if error is None:
        run(conf, clock, pe.add_attendee, name, "interpreter", agency=agency)
    else:
        with pytest.raises(DomainError, match=error):
            pe.add_attendee(conf, clock.now(), name, "interpreter", agency=agency)


# ---- quorum: the social worker plus two other professional disciplines present -------------
QUORUM = [
    # (present roles, others (role, state), met, words in the reason)
    (["social_worker", "police", "health_visitor"], [], True, ["quorate", "health", "police"]),
    (["social_worker", "school", "gp", "housing"], [], True, ["quorate"]),
    (["police", "health_visitor", "school"], [], False,
     ["social worker is not present"]),
    (["social_work_manager", "police", "health_visitor"], [], False,
     ["social worker is not present"]),
    (["social_worker", "police"], [], False, ["1 other professional discipline(s)", "police",
                                             "at least 2 needed"]),
    (["social_worker", "health_visitor", "gp", "paediatrician"], [], False,
     ["1 other", "(health)"]),  # one discipline, however many health roles
    (["social_worker", "social_work_manager", "police"], [], False, ["1 other"]),
    (["social_worker", "police", "legal"], [], False, ["1 other"]),
    (["social_worker", "police", "childrens_guardian", "child_solicitor"], [], False,
     ["1 other"]),
    (["social_worker", "police"], [("school", S.APOLOGIES_WITH_REPORT)], False, ["1 other"]),
    (["social_worker", "police"], [("school", S.APOLOGIES)], False, ["1 other"]),
    (["social_worker", "police"], [("school", S.CONFIRMED)], False, ["1 other"]),
    (["social_worker", "police"], [("school", S.LEFT)], False, ["1 other"]),
    (["social_worker", "police"], [("school", S.RETURNED)], True, ["quorate"]),
    (["police", "school"], [("social_worker", S.LEFT)], False, ["social worker is not present"]),
    (["social_worker", "parent", "parent", "child_advocate", "observer", "interpreter"], [],
     False, ["0 other professional discipline(s) present (none)"]),
    ([], [], False, ["social worker is not present", "0 other"]),
]


@pytest.mark.parametrize(("present", "others", "met", "words"), QUORUM)
def test_quorum(conf: Conference, clock: ManualClock, present: list[str],
                others: list[tuple[str, AttendanceState]], met: bool, words: list[str]) -> None:
    run(conf, clock, pe.add_attendee, "Helen Adair", "chair", state=S.PRESENT)
    run(conf, clock, ag.start_meeting)
    for index, role_key in enumerate(present):
        extra: dict[str, Any] = {}
        if role_key == "observer":
            extra["observer_consent"] = ObserverConsent(True, True)
        if role_key == "interpreter":
            extra["agency"] = "Larkfield Interpreting Service"
        run(conf, clock, pe.add_attendee, f"Person {index}", role_key, state=S.PRESENT, **extra)
    for index, (role_key, state) in enumerate(others):
        path = {S.LEFT: [S.PRESENT, S.LEFT], S.RETURNED: [S.PRESENT, S.LEFT, S.RETURNED]}
        first = S.INVITED if state in path else state
        added = run(conf, clock, pe.add_attendee, f"Other {index}", role_key, state=first)
        for step in path.get(state, []):
            run(conf, clock, pe.change_attendance, added[0].attendee.id, step)
    quorum = conf.quorum()
    assert quorum.met is met
    assert quorum.reason.startswith("quorate" if met else "not quorate")
    for word in words:
        assert word in quorum.reason
    assert "\n" not in quorum.reason
    assert quorum == assess_quorum(conf.attendees.values())
    # the words the record and the window use (in any language) say the same in English
    assert quorum_reason(quorum) == quorum.reason
