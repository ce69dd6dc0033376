"""Builders shared by the tests: pure domain, no Qt and no sqlite (tests/domain runs without them).

Every name here is fictional.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from facilitator.domain import events as ev
from facilitator.domain.agenda import StageSpec
from facilitator.domain.attendees import (
    AttendanceMode,
    AttendanceState,
    Child,
    Needs,
    ObserverConsent,
)
from facilitator.domain.calendar import Nation
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import record as rc
from facilitator.domain.commands import segments as sg
from facilitator.domain.conference import Conference
from facilitator.domain.decisions import Category, HarmView, Outcome, Plan
from facilitator.domain.details import ConferenceDetails, ConferenceKind
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import Mark, UtteranceSource

# Thursday 3 December 2026, 10:00 (UK time is UTC in December).
START = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
DAY = START.date()

# 100 planned minutes in a 120-minute meeting: 20 minutes of slack; 40 ring-fenced minutes
# followed by a 10-minute close.
STAGES: tuple[StageSpec, ...] = (
    StageSpec("opening", "Welcome and introductions", 10),
    StageSpec("reports", "Reports", 30),
    StageSpec("views", "Family's views", 10),
    StageSpec("decision", "Decision", 20, ring_fenced=True),
    StageSpec("planning", "The plan", 20, ring_fenced=True),
    StageSpec("closing", "Summary and close", 10),
)
PLANNED_MINUTES = 120.0
RESERVED_MINUTES = 40.0

CHILDREN = (
    Child("amy", "Amy Fairweather", date(2016, 5, 1)),
    Child("ben", "Ben Fairweather", date(2021, 2, 3)),
)


def at(minutes: float) -> datetime:
    """The moment `minutes` after the scheduled start."""
    return START + timedelta(minutes=minutes)


def make_details(**overrides: Any) -> ConferenceDetails:
    values: dict[str, Any] = {
        "id": "conf-1",
        "kind": ConferenceKind.INITIAL,
        "nation": Nation.ENGLAND,
        "children": CHILDREN,
        "scheduled_start": START,
        "planned_minutes": PLANNED_MINUTES,
        "venue": "Room 4, Larkfield Civic Centre",
        "stages": STAGES,
        "strategy_discussion": date(2026, 11, 20),
    }
    values.update(overrides)
    if values["kind"] is ConferenceKind.REVIEW and "strategy_discussion" not in overrides:
        values["strategy_discussion"] = None
    return ConferenceDetails(**values)


def new_conference(clock: ManualClock, **overrides: Any) -> Conference:
    return Conference.from_events(pe.create_conference(make_details(**overrides), clock.now()))


def run(conf: Conference, clock: ManualClock, command: Callable[..., list[ev.Event]],
        *args: Any, **kwargs: Any) -> list[ev.Event]:
    """Run a domain command at the clock's time and apply the events it returns."""
    events = command(conf, clock.now(), *args, **kwargs)
    for event in events:
        conf.apply(event)
    return events


def runner(conf: Conference, clock: ManualClock) -> Callable[..., list[ev.Event]]:
    return lambda command, *args, **kwargs: run(conf, clock, command, *args, **kwargs)


# ---- the cast ----------------------------------------------------------------------------
# (id, name, role, extra keyword arguments for add_attendee)
CAST: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("chair", "Helen Adair", "chair", {"agency": "Safeguarding Unit"}),
    ("minutes", "Owen Birch", "minute_taker", {"agency": "Safeguarding Unit"}),
    ("mum", "Dana Fairweather", "parent", {"mode": AttendanceMode.PHONE}),
    ("dad", "Kit Fairweather", "parent", {}),
    ("amy", "Amy Fairweather", "child", {"child_id": "amy"}),
    ("advocate", "Ravi Coombe", "child_advocate", {"supports": "amy",
                                                  "agency": "Larkfield Advocacy"}),
    ("sw", "Nia Castell", "social_worker", {"agency": "Larkfield Children's Services"}),
    ("police", "DC Jo Pender", "police", {"agency": "Public Protection Unit",
                                          "mode": AttendanceMode.VIDEO}),
    ("hv", "Meg Tolley", "health_visitor", {"agency": "Larkfield Community Health"}),
    ("school", "Sam Ormerod", "school", {"agency": "Brookside Primary"}),
    ("gp", "Dr Ife Lund", "gp", {"agency": "Weir Lane Surgery",
                                 "mode": AttendanceMode.WRITTEN_REPORT,
                                 "state": AttendanceState.APOLOGIES_WITH_REPORT}),
)


def add_cast(conf: Conference, clock: ManualClock, *, present: bool = True,
             only: tuple[str, ...] | None = None) -> None:
    """Add the standard cast; everyone but the GP (apologies) present unless told otherwise."""
    for attendee_id, name, role_key, extra in CAST:
        if only is not None and attendee_id not in only:
            continue
        kwargs = dict(extra)
        kwargs.setdefault("state",
                          AttendanceState.PRESENT if present else AttendanceState.CONFIRMED)
        run(conf, clock, pe.add_attendee, name, role_key, attendee_id=attendee_id, **kwargs)


def started_conference(clock: ManualClock, *, present: bool = True,
                       **overrides: Any) -> Conference:
    conf = new_conference(clock, **overrides)
    add_cast(conf, clock, present=present)
    run(conf, clock, ag.start_meeting)
    return conf


def valid_plan(conf: Conference, child_id: str = "amy", **overrides: Any) -> Plan:
    values: dict[str, Any] = {
        "child_id": child_id,
        "lead_social_worker_id": "sw",
        "core_group_ids": frozenset({"sw", "mum", "dad", "hv", "school"}),
        "first_core_group": date(2026, 12, 10),
        "outcomes": (Outcome("Amy attends school every day", "attendance over 95%",
                             date(2027, 2, 26)),),
        "seen_alone": "at every statutory visit, at school",
        "contingency": "strategy discussion if Amy misses two school days without reason",
        "review_date": date(2027, 3, 1),
    }
    values.update(overrides)
    return Plan(**values)


# ---- a whole meeting, used for replay, codec, store and crash tests ----------------------
EDITED_TEXT = "Mum says Amy has been at school every day since October."


def hold_meeting(do: Callable[..., list[ev.Event]], clock: ManualClock,
                 conf: Callable[[], Conference], *, until_end: bool = True) -> None:
    """Drive a full meeting through `do(command, *args, **kwargs)`; produces every event type.

    `conf()` returns the current conference (some steps read its details).
    """
    for attendee_id, name, role_key, extra in CAST:
        kwargs = dict(extra)
        kwargs.setdefault("state", AttendanceState.CONFIRMED)
        do(pe.add_attendee, name, role_key, attendee_id=attendee_id, **kwargs)
    do(pe.add_attendee, "Ada Quill", "observer", attendee_id="observer",
       agency="Larkfield University", observer_consent=ObserverConsent(True, True))
    do(pe.add_attendee, "Zofia Marek", "interpreter", attendee_id="interpreter",
       agency="Larkfield Interpreting Service")
    do(pe.record_needs, "mum", Needs(interpreter_language="Polish", childcare=True))
    do(pe.change_mode, "dad", AttendanceMode.VIDEO)
    added = do(ag.add_stage, "Housing update", 5, 2)
    housing = added[0].stage.id  # type: ignore[attr-defined]
    do(ag.move_stage, housing, 3)
    do(ag.skip_stage, housing, "housing officer could not attend")
    do(ag.set_interpretation, 1.5)
    for attendee_id in ("chair", "minutes", "mum", "dad", "amy", "advocate", "sw", "police",
                        "hv", "school", "observer", "interpreter"):
        do(pe.change_attendance, attendee_id, AttendanceState.PRESENT)
    do(ag.start_meeting)
    do(ag.set_interpretation, 1.0)

    clock.set(at(1))
    said = do(rc.record_utterance, None, UtteranceSource.ROOM, at(1), at(1.5),
              "mum says amy has bean at school")
    first = said[0].utterance_id  # type: ignore[attr-defined]
    clock.set(at(2))
    do(rc.revise_recognition, first, "mum says amy has been at school", at(1.6), 0.8)
    do(rc.edit_utterance, first, EDITED_TEXT, 2, "minutes")
    do(rc.mark_utterance, first, {Mark.PARENT_VIEW}, "minutes")
    do(rc.assign_speaker, first, "sw", "minutes")

    clock.set(at(10))
    do(ag.next_stage)  # reports
    do(ag.extend_stage, "reports", 5)
    clock.set(at(20))
    do(sg.exclude, {"dad"}, {ExclusionGround.FAMILY_CONFLICT}, "sw",
       "Dana and Kit cannot be in the meeting together")
    do(rc.record_utterance, "police", UtteranceSource.VIDEO, at(20), at(22),
       "There is a current investigation into Kit.")
    do(rc.record_utterance, None, UtteranceSource.TYPED, at(22), at(22),
       "Kit to be told in writing why he was asked to leave.", actor="minutes")
    clock.set(at(30))
    do(sg.readmit, {"dad"})
    do(sg.exclude, {"amy"}, {ExclusionGround.NOT_FOR_CHILD}, "chair",
       "the next reports will not be shared with Amy")
    clock.set(at(35))
    do(sg.swap_parts, {"amy", "advocate"}, {"mum"}, "chair",
       "Amy asked to speak without her mother present")
    do(rc.record_utterance, "amy", UtteranceSource.ROOM, at(35), at(36), "I like it at Nan's.")
    clock.set(at(40))
    do(sg.readmit, {"mum"})
    do(ag.begin_break, "comfort break")
    clock.set(at(50))
    do(ag.end_break)
    do(ag.extend_meeting, 15, "interpreting takes longer")
    clock.set(at(55))
    do(ag.next_stage)  # views
    clock.set(at(65))
    do(ag.next_stage)  # decision
    do(rc.record_view, "amy", "police", HarmView.SIGNIFICANT_HARM, {Category.NEGLECT})
    do(rc.record_view, "amy", "hv", HarmView.SIGNIFICANT_HARM, {Category.NEGLECT})
    do(rc.record_view, "amy", "school", HarmView.NOT_SIGNIFICANT_HARM, (),
       "attendance has improved")
    do(rc.record_decision, "amy", True, {Category.NEGLECT},
       "Neglect of Amy's basic care over two years; some recent improvement.",
       "The school thinks the threshold is not met.")
    do(rc.record_decision, "ben", False, (), "Ben's needs are met by his father's care.")
    clock.set(at(75))  # the decision stage is cut short
    do(ag.next_stage, "consensus reached early; more time for the plan")
    do(rc.record_plan, valid_plan(conf()))
    if not until_end:
        return
    clock.set(at(95))
    do(ag.next_stage)  # closing
    do(pe.change_attendance, "interpreter", AttendanceState.LEFT)
    clock.set(at(105))
    do(ag.end_meeting)


def snapshot(conf: Conference) -> dict[str, Any]:
    """Everything a conference knows, as plain comparable values (copies, not views)."""
    agenda = conf.agenda
    return {
        "details": conf.details,
        "status": conf.status,
        "started_at": conf.started_at,
        "ended_at": conf.ended_at,
        "attendees": dict(conf.attendees),
        "stages": list(agenda.stages),
        "breaks": list(agenda.breaks),
        "extension_minutes": agenda.extension_minutes,
        "interpretation_multiplier": agenda.interpretation_multiplier,
        "segments": list(conf.segments),
        "exclusions": list(conf.exclusions),
        "views": dict(conf.views),
        "decisions": dict(conf.decisions),
        "plans": dict(conf.plans),
        "overrides": list(conf.overrides),
        "utterances": dict(conf.utterances),
        "waiting": set(getattr(conf, "waiting", ())),  # remote waiting room, where there is one
        "log": list(conf.log),
    }


def with_state(conf: Conference, attendee_id: str, state: AttendanceState) -> None:
    """Force an attendee's state (test set-up only; bypasses the command's rules)."""
    conf.attendees[attendee_id] = replace(conf.attendees[attendee_id], state=state)
