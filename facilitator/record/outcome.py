"""The decision per child (agency views, safety scale, dissent), ring-fence overrides, the plan
and the review: from the conference state and, for times, from the event log."""

from __future__ import annotations

from datetime import datetime

from ..domain import events as ev
from ..domain.attendees import Child
from ..domain.calendar import Nation
from ..domain.conference import Conference
from ..domain.decisions import Category, ChildDecision, HarmView, Plan
from ..domain.details import FIRST_CORE_GROUP_WITHIN_WORKING_DAYS, ConferenceKind
from ..domain.interim import RELIST_WITHIN_WORKING_DAYS, relist_due
from ..domain.transcript import Mark
from .audience import Audience
from .document import Block, Bullets, Fields, Heading, Para, Style, Table
from .formatting import name_of, role_in, time_text, who_in
from .language import ENGLISH_LANGUAGE, N_, Language
from .wording import Wording


def child_heading(conf: Conference, child: Child, lang: Language = ENGLISH_LANGUAGE) -> str:
    age = child.age_on(conf.details.day)
    if child.unborn:
        return lang.t("{name} (unborn)", name=child.name)
    return lang.t("{name} (age {age})", name=child.name, age=age) if age is not None \
        else child.name


CATEGORY_WORDS = (N_("neglect"), N_("physical abuse"), N_("emotional abuse"),
                  N_("sexual abuse"), N_("financial abuse"))


def categories_text(categories: frozenset[Category], lang: Language = ENGLISH_LANGUAGE) -> str:
    order = list(Category)
    return lang.join([lang.t(c.value) for c in sorted(categories, key=order.index)])


def decision_sentence(conf: Conference, decision: ChildDecision,
                      lang: Language = ENGLISH_LANGUAGE) -> str:
    name = next(c.name for c in conf.details.children if c.id == decision.child_id)
    if not decision.plan_required:
        text = lang.t("{name} does not need a child protection plan.", name=name)
    else:
        text = lang.t("{name} needs a child protection plan, under the category of "
                      "{categories}.", name=name,
                      categories=categories_text(decision.categories, lang))
        if conf.details.nation is Nation.WALES:
            text += " " + lang.t("{name}'s name is placed on the child protection register.",
                                 name=name)
    if decision.interim:
        text = lang.t("Interim decision (inquorate conference): {decision}", decision=text)
        if decision.relist_on is not None:
            text += " " + lang.t("The conference is re-listed for {day}.",
                                 day=lang.day(decision.relist_on))
    return text


def interim_text(conf: Conference, decision: ChildDecision,
                 lang: Language = ENGLISH_LANGUAGE) -> str:
    """Why the decision is interim, for the record: quorum, the chair's reason, the re-listing."""
    due = relist_due(conf.details)
    when = lang.date(decision.relist_on) if decision.relist_on else lang.t("not set")
    return lang.t("Interim (inquorate): the conference was not quorate, so the chair made an "
                  "interim decision. Why the chair went ahead: {reason} Re-listed for {when} "
                  "(within {days} working days: by {due}).", reason=decision.interim_reason,
                  when=when, days=RELIST_WITHIN_WORKING_DAYS, due=lang.date(due))


def view_times(conf: Conference) -> dict[tuple[str, str], datetime]:
    """When each agency's current view was recorded (the state keeps only the view)."""
    return {(e.view.child_id, e.view.attendee_id): e.at for e in conf.log
            if isinstance(e, ev.AgencyViewRecorded)}


def marked_quotes(conf: Conference, audience: Audience, mark: Mark,
                  lang: Language = ENGLISH_LANGUAGE) -> list[str]:
    quotes = []
    for utterance in conf.transcript():
        if mark in utterance.marks and audience.sees_utterance(conf, utterance):
            speaker = (name_of(conf, utterance.speaker_id) if utterance.speaker_id
                       else lang.t("Noted"))
            quotes.append(f"{speaker} ({time_text(utterance.started_at)}): {utterance.text}")
    return quotes


def decision_blocks(conf: Conference, audience: Audience, wording: Wording,
                    lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    times = view_times(conf)
    blocks: list[Block] = []
    for child in conf.details.children:
        blocks.append(Heading(child_heading(conf, child, lang), 2))
        scores = [s for s in conf.minutes.safety_scores.values()
                  if s.child_id == child.id and audience.sees_moment(conf, s.at)]
        if scores:
            blocks.append(Para(lang.t("Safety scale (0: the child will certainly be harmed; 10: "
                                      "safe enough to close the case):"), Style.NOTE))
            blocks.append(Table((lang.t("Person"), lang.t("Role"), lang.t("Scale")), tuple(
                (name_of(conf, s.attendee_id), role_in(conf, s.attendee_id, lang), str(s.score))
                for s in sorted(scores, key=lambda s: s.score)), (4, 6, 2)))
        views = [v for (child_id, attendee), v in conf.views.items() if child_id == child.id
                 and audience.sees_moment(conf, times.get((child_id, attendee), conf.created_at))]
        if views:
            blocks.append(Table((lang.t("Agency"), lang.t("View"), lang.t("Category"),
                                 lang.t("Comment")), tuple(
                (who_in(conf, v.attendee_id, lang), lang.t(_view_text(v.view)),
                 categories_text(v.categories, lang), v.comment) for v in views),
                (4, 4, 2.5, 3.5)))
        decision = conf.decisions.get(child.id)
        if decision is None:
            blocks.append(Para(lang.t("No decision is recorded."), Style.NOTE))
            continue
        blocks.append(Para(decision_sentence(conf, decision, lang), Style.STRONG))
        if audience.sees_moment(conf, decision.decided_at):
            blocks.append(Para(lang.t("Reasons: {reasons}", reasons=decision.reasons)))
            if decision.interim:
                blocks.append(Para(interim_text(conf, decision, lang), Style.STRONG))
            dissent = [who_in(conf, a, lang) for a in sorted(decision.dissenting_ids)]
            if dissent or decision.dissent_note:
                text = lang.t("Dissent: ") + (lang.join(dissent) + ". " if dissent else "")
                blocks.append(Para((text + decision.dissent_note).strip()))
        else:
            blocks.append(Para(wording.text("reasons_withheld"), Style.NOTE))
    return blocks


def _view_text(view: HarmView) -> str:
    return {
        HarmView.SIGNIFICANT_HARM: N_("Plan needed: significant harm"),
        HarmView.NOT_SIGNIFICANT_HARM: N_("No plan: threshold not met"),
        HarmView.UNDECIDED: N_("No view given"),
    }[view]


OVERRIDE_WORDS = (N_("started decision and planning with less than the reserved time"),
                  N_("cut a ring-fenced stage short"), N_("skipped a ring-fenced stage"))


def _chair_reason(text: str, confidential: bool, audience: Audience) -> str:
    return f"[Confidential] {text}" if confidential and audience.is_full else text


def override_blocks(conf: Conference, audience: Audience, wording: Wording,
                    lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    """Ring-fence overrides and extensions of the meeting, with the chair's reasons: each in a
    family copy only if the person may receive what was recorded then, and not marked
    confidential by the chair."""
    rows: list[tuple[datetime, tuple[str, ...]]] = []
    for override in conf.overrides:
        if not audience.sees_chair_text(conf, override.at, override.confidential):
            continue
        try:
            stage = conf.agenda.stage(override.stage_id).spec.title
        except LookupError:
            stage = override.stage_id
        rows.append((override.at, (
            time_text(override.at), lang.t(override.kind.value), lang.t(stage),
            _chair_reason(override.reason, override.confidential, audience),
            _override_minutes(override, lang))))
    for event in conf.log:
        if isinstance(event, ev.MeetingExtended) and audience.sees_chair_text(
                conf, event.at, event.confidential):
            stage_id = conf.agenda.stage_at(event.at)
            title = conf.agenda.stage(stage_id).spec.title if stage_id else ""
            rows.append((event.at, (
                time_text(event.at), lang.t("extended the meeting"), lang.t(title) if title else "",
                _chair_reason(event.reason, event.confidential, audience),
                lang.t("{minutes} minutes added", minutes=f"{event.minutes:.0f}"))))
    if not rows:
        return []
    rows.sort(key=lambda row: row[0])
    return [Heading(wording.heading("ring_fence")),
            Para(lang.t("The time reserved for the decision and the plan, or the length of the "
                        "meeting, was changed:"), Style.NOTE),
            Table((lang.t("Time"), lang.t("What the chair did"), lang.t("Stage"),
                   lang.t("Reason"),
                   # "Minutes" is the minute-taker in the details; here it is a length
                   lang.t("Length in minutes") if lang.welsh else "Minutes"),
                  tuple(row for _, row in rows), (1.5, 3.5, 2.5, 4.5, 2))]


def _override_minutes(override: ev.RingFenceOverridden,
                      lang: Language = ENGLISH_LANGUAGE) -> str:
    needed = f"{override.needed_minutes:.0f}"
    if override.kind is ev.OverrideKind.ENTER_SHORT:
        return lang.t("{left} of {needed} reserved minutes left",
                      left=f"{override.protected_minutes:.0f}", needed=needed)
    if override.kind is ev.OverrideKind.CUT_SHORT:
        return lang.t("{needed} planned minutes not used", needed=needed)
    return lang.t("{needed} reserved minutes skipped", needed=needed)


def plan_fields(conf: Conference, plan: Plan,
                lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    due = conf.details.deadlines().first_core_group_due
    first = lang.date(plan.first_core_group)
    if plan.late_reason:
        first += lang.t(" (later than the {days} working days, due by {due}: {reason})",
                        days=FIRST_CORE_GROUP_WITHIN_WORKING_DAYS, due=lang.date(due),
                        reason=plan.late_reason)
    members = sorted(plan.core_group_ids, key=lambda a: name_of(conf, a))
    blocks: list[Block] = [Fields((
        (lang.t("Lead social worker"), who_in(conf, plan.lead_social_worker_id, lang)),
        (lang.t("First core group meeting"), first),
        (lang.t("When the child is seen alone"), plan.seen_alone),
        (lang.t("Contingency plan"), plan.contingency),
        (lang.t("Review conference"), lang.date(plan.review_date)),
    )), Para(lang.t("Core group:"), Style.STRONG),
        Bullets(tuple(f"{name_of(conf, m)}: {role_in(conf, m, lang)}" for m in members))]
    if plan.outcomes:
        blocks.append(Table((lang.t("What must change"), lang.t("How we will know"),
                             lang.t("By when")), tuple(
            (o.what_must_change, o.measure, lang.date(o.by_when)) for o in plan.outcomes),
            (6, 4, 2)))
    return blocks


def plan_blocks(conf: Conference, audience: Audience, wording: Wording,
                lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    """The plan is the family's as much as the professionals': it is in every copy."""
    blocks: list[Block] = []
    for child in conf.details.children:
        blocks.append(Heading(child_heading(conf, child, lang), 2))
        plan = conf.plans.get(child.id)
        decision = conf.decisions.get(child.id)
        if plan is not None:
            if decision is not None and decision.interim:
                blocks.append(Para(lang.t(
                    "Interim plan: the conference was not quorate and is re-listed for {day}.",
                    day=lang.date(decision.relist_on) if decision.relist_on
                    else lang.t("a later day")), Style.STRONG))
            blocks.extend(plan_fields(conf, plan, lang))
        elif decision is not None and not decision.plan_required:
            blocks.append(Para(lang.t("No child protection plan is needed."), Style.NOTE))
        else:
            blocks.append(Para(lang.t("No plan is recorded yet."), Style.NOTE))
    actions = marked_quotes(conf, audience, Mark.ACTION, lang)
    if actions:
        blocks += [Para(wording.text("actions_noted"), Style.STRONG), Bullets(tuple(actions))]
    return blocks


def review_blocks(conf: Conference, wording: Wording,
                  lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    blocks: list[Block] = [Heading(wording.heading("review"))]
    relisted = sorted({d.relist_on for d in conf.decisions.values() if d.relist_on})
    if relisted:
        blocks.append(Para(lang.t(
            "The conference was not quorate: it is re-listed for {days} (within {within} "
            "working days: by {due}).", days=lang.join([lang.date(d) for d in relisted]),
            within=RELIST_WITHIN_WORKING_DAYS, due=lang.date(relist_due(conf.details))),
            Style.STRONG))
    if not conf.plans:
        needed = any(d.plan_required for d in conf.decisions.values())
        blocks.append(Para(wording.text("no_plan") if conf.decisions and not needed
                           else lang.t("No review date is set yet."), Style.NOTE))
        return blocks
    months = 3 if conf.details.kind is ConferenceKind.INITIAL else 6
    due = conf.details.deadlines().review_due
    dates = sorted({p.review_date for p in conf.plans.values()})
    blocks.append(Para(lang.t("The review conference will be held on {days} (due within "
                              "{months} months: by {due}).",
                              days=lang.join([lang.date(d) for d in dates]), months=months,
                              due=lang.date(due))))
    return blocks
