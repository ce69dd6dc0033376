"""What the letters say, as plain values for the council's letter templates.

The decision letter goes to each parent within 1 working day. The chair writes personally to
the child (procedure 8.4) in words for their age: under 8, 8 to 12, 13 and over.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from ..domain.attendees import Child
from ..domain.child_focus import FocusPart
from ..domain.conference import Conference, MeetingStatus
from ..domain.errors import DomainError
from ..domain.minutes import DocumentKind
from ..domain.readiness import channels_with_what_they_need
from ..domain.recipients import recipient_problem
from ..domain.roles import Party
from .attendance import Presence, presence
from .audience import Audience
from .formatting import first_name, name_of, time_text
from .language import ENGLISH_LANGUAGE, N_, Language
from .outcome import categories_text, decision_sentence

DEFAULT_CHILD_LETTER_MIN_AGE = 4


class AgeBand(Enum):
    UNDER_8 = "under-8"
    FROM_8_TO_12 = "8-to-12"
    FROM_13 = "13-plus"


def age_band(age: int) -> AgeBand:
    if age < 8:
        return AgeBand.UNDER_8
    return AgeBand.FROM_8_TO_12 if age <= 12 else AgeBand.FROM_13


KIND_TEXT = {"initial": N_("initial child protection conference"),
             "review": N_("review child protection conference")}
KIND_TITLE = {"initial": N_("Initial child protection conference"),
              "review": N_("Review child protection conference")}


def _chair(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> dict[str, str]:
    chair = next((p for p in conf.attendees.values() if p.role.party is Party.CHAIR), None)
    name = chair.name if chair else lang.t("The conference chair")
    return {"name": name, "first_name": first_name(name)}


def _conference(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> dict[str, Any]:
    details = conf.details
    return {
        "kind": details.kind.value,
        "kind_text": lang.t(KIND_TEXT[details.kind.value]),
        "day": lang.day(details.day),
        "time": time_text(conf.started_at or details.scheduled_start),
        "venue": details.venue,
        "wales": details.nation.value == "wales",
        "reference": conf.id[:8].upper(),
        "record_due": lang.day(details.deadlines().record_circulation_due),
        "summary_due": lang.day(summary) if (summary := details.deadlines().summary_due)
        else "",
    }


def _child(conf: Conference, child: Child, lang: Language = ENGLISH_LANGUAGE
           ) -> dict[str, Any]:
    decision = conf.decisions.get(child.id)
    plan = conf.plans.get(child.id)
    values: dict[str, Any] = {
        "name": child.name, "first_name": first_name(child.name),
        "age": child.age_on(conf.details.day), "unborn": child.unborn,
        "decided": decision is not None,
        "plan_required": bool(decision and decision.plan_required),
        "categories": categories_text(decision.categories, lang) if decision else "",
        "category_keys": sorted(c.name.lower() for c in decision.categories) if decision else [],
        "decision": decision_sentence(conf, decision, lang) if decision else "",
        "has_plan": plan is not None,
        # not quorate: an interim decision, and the day the conference meets again
        "interim": bool(decision and decision.interim),
        "relist_on": lang.day(decision.relist_on) if decision and decision.relist_on else "",
    }
    if plan is not None:
        lead = name_of(conf, plan.lead_social_worker_id)
        values.update({
            "lead_social_worker": lead, "lead_first_name": first_name(lead),
            "lead_agency": conf.attendee(plan.lead_social_worker_id).agency,
            "first_core_group": lang.day(plan.first_core_group),
            "review_date": lang.day(plan.review_date),
            "seen_alone": plan.seen_alone, "contingency": plan.contingency,
            "outcomes": [{"what": o.what_must_change, "measure": o.measure,
                          "by": lang.date(o.by_when)} for o in plan.outcomes],
        })
    return values


def decision_letter_context(conf: Conference, parent_id: str, letter_date: date,
                            lang: Language = ENGLISH_LANGUAGE) -> dict[str, Any]:
    problem = recipient_problem(conf, DocumentKind.DECISION_LETTER, parent_id)
    if problem:
        raise DomainError(problem)
    if not conf.decisions:
        raise DomainError("no decision is recorded yet: the decision letter tells the parents "
                          "what was decided")
    person = conf.attendee(parent_id)
    children = [_child(conf, c, lang) for c in conf.details.children]
    with_plan = [c for c in children if c["has_plan"]]
    excluded = any(not s.admits(parent_id) for s in conf.segments)
    relisted = sorted({d.relist_on for d in conf.decisions.values() if d.relist_on})
    return {
        "recipient": {"name": person.name, "first_name": first_name(person.name),
                      "role": person.role.label,
                      "attended": presence(conf).get(parent_id, Presence()).attended},
        "conference": _conference(conf, lang),
        "children": children,
        "child_names": lang.join([c["name"] for c in children]),
        "any_plan": bool(with_plan),
        "any_plan_required": any(c["plan_required"] for c in children),
        "any_interim": any(c["interim"] for c in children),
        "relist_on": lang.day(relisted[0]) if relisted else "",
        # made before the meeting ended: a draft, never to be sent as it stands
        "draft": conf.status is not MeetingStatus.ENDED,
        "all_decided": all(c["decided"] for c in children),
        "first_core_group": with_plan[0]["first_core_group"] if with_plan else "",
        "review_date": with_plan[0]["review_date"] if with_plan else "",
        "lead_social_worker": with_plan[0]["lead_social_worker"] if with_plan else "",
        "excluded_from_part": excluded,
        "chair": _chair(conf, lang),
        "letter_date": lang.day(letter_date),
    }


def find_child(conf: Conference, reference: str) -> Child:
    """A subject child by child id, by the id of the attendee who is that child, or by name."""
    problem = recipient_problem(conf, DocumentKind.CHILD_LETTER, reference)
    person = conf.attendees.get(reference)
    wanted = person.child_id if person and person.child_id else reference
    child = child_by_reference(conf, wanted)
    if child is not None:
        return child
    raise DomainError(problem or f"'{reference}' is not a subject child of this conference")


def child_by_reference(conf: Conference, reference: str) -> Child | None:
    """A subject child by id, full name or first name (any case); None if none, or if a first
    name is shared by two children."""
    wanted = reference.strip().casefold()
    children = conf.details.children
    exact = [c for c in children if wanted in (c.id.casefold(), c.name.casefold())]
    if exact:
        return exact[0]
    by_first = [c for c in children if first_name(c.name).casefold() == wanted]
    return by_first[0] if len(by_first) == 1 else None


def child_letter_context(conf: Conference, reference: str, letter_date: date,
                         min_age: int = DEFAULT_CHILD_LETTER_MIN_AGE,
                         lang: Language = ENGLISH_LANGUAGE) -> dict[str, Any]:
    child = find_child(conf, reference)
    age = child.age_on(conf.details.day)
    if child.unborn or age is None:
        raise DomainError(f"{child.name} is unborn or has no date of birth: the chair writes to "
                          "a child old enough to read or be read the letter")
    if age < min_age:
        raise DomainError(f"{child.name} is {age}: the chair writes to children aged {min_age} "
                          "and over")
    if child.id not in conf.decisions:
        raise DomainError(f"no decision is recorded for {child.name} yet")
    participation = conf.minutes.participation.get(child.id)
    attendee = next((p for p in conf.attendees.values() if p.child_id == child.id), None)
    advocate = next((p.name for p in conf.attendees.values()
                     if attendee and p.supports == attendee.id and p.role_key == "child_advocate"),
                    "")
    if participation is not None:
        attended = participation.attends
    else:
        attended = attendee is not None and presence(conf).get(attendee.id, Presence()).attended
    # only what reached the conference: a drawing declared but never stored is not thanked for
    channels = sorted(c.name.lower() for c in channels_with_what_they_need(
        conf, child.id, participation.channels)) if participation else []
    return {
        "child": _child(conf, child, lang),
        "views_used": views_used(conf, child, attendee.id if attendee else None),
        "band": age_band(age).value,
        "attended": attended,
        "channels": channels,
        "advocate": advocate,
        "conference": _conference(conf, lang),
        "chair": _chair(conf, lang),
        "letter_date": lang.day(letter_date),
    }


def views_used(conf: Conference, child: Child, attendee_id: str | None) -> dict[str, Any]:
    """How the child's views were used, for their letter: what was marked as their views
    (only lines the child may have: their own copy's rule if they attended, else only parts no
    one was excluded from, never anything confidential), whether the conference heard them
    before its decision, and whether anything marked as outcomes for them went into the plan
    discussion."""
    if attendee_id is not None:
        audience = Audience.family_member(conf, attendee_id)

        def sees(line_id: str) -> bool:
            return audience.sees_utterance(conf, conf.utterances[line_id])
    else:
        def sees(line_id: str) -> bool:
            line = conf.utterances[line_id]
            return Audience.professionals().sees_utterance(conf, line) and not any(
                s.excluded for s in conf.segments
                if s.overlaps(line.started_at, line.ended_at) or s.id == line.segment_id) \
                and "CONFIDENTIAL" not in {m.name for m in line.marks}

    order = {u.id: i for i, u in enumerate(conf.transcript())}
    views = sorted((i for i in conf.child_focus.lines(child.id, FocusPart.VIEWS) if sees(i)),
                   key=order.__getitem__)
    decision = conf.decisions.get(child.id)
    before = [i for i in views if decision is None
              or conf.utterances[i].started_at <= decision.decided_at]
    outcomes = [i for i in conf.child_focus.lines(child.id, FocusPart.OUTCOMES) if sees(i)]
    return {
        "heard": [conf.utterances[i].text for i in views],
        "before_decision": bool(before),
        "in_plan": bool(outcomes),
    }
