"""Commands for what goes in the record: agency views, decisions, the plan, the transcript."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from .. import events as ev
from ..attendees import AttendanceState
from ..conference import Conference, MeetingStatus
from ..decisions import AgencyView, Category, HarmView, Plan, categories_for
from ..details import FIRST_CORE_GROUP_WITHIN_WORKING_DAYS
from ..errors import DomainError, EditConflict
from ..interim import (
    RELIST_WITHIN_WORKING_DAYS,
    InterimRequired,
    check_relist_date,
    relist_due,
)
from ..languages import ENGLISH, language_tag
from ..roles import Party
from ..transcript import Mark, Utterance, UtteranceSource
from . import new_id


def _check_categories(conf: Conference, categories: frozenset[Category]) -> None:
    allowed = categories_for(conf.details.nation)
    wrong = [c.value for c in categories if c not in allowed]
    if wrong:
        raise DomainError(
            f"category not used in {conf.details.nation.value.title()}: {', '.join(wrong)}"
        )


def record_view(
    conf: Conference, at: datetime, child_id: str, attendee_id: str, view: HarmView,
    categories: Iterable[Category] = (), comment: str = "",
) -> list[ev.Event]:
    conf.child(child_id)
    person = conf.attendee(attendee_id)
    if not person.may_contribute:
        raise DomainError(f"{person.name} is an observer and takes no part in the decision")
    if person.role.party is not Party.PROFESSIONAL:
        raise DomainError(f"{person.name} is not an agency: record their views in the minutes")
    category_set = frozenset(categories)
    _check_categories(conf, category_set)
    if category_set and view is not HarmView.SIGNIFICANT_HARM:
        raise DomainError("categories go with a view that the threshold is met")
    return [ev.AgencyViewRecorded(at=at, view=AgencyView(
        child_id, attendee_id, view, category_set, comment.strip()))]


def record_decision(
    conf: Conference, at: datetime, child_id: str, plan_required: bool,
    categories: Iterable[Category], reasons: str, dissent_note: str = "", *,
    interim_reason: str | None = None, relist_on: date | None = None,
) -> list[ev.Event]:
    """The chair's decision for one child. Without quorum it can only be interim: refused with
    InterimRequired until the chair gives the reason for going ahead (and, if not the latest
    day allowed, the day the conference is re-listed for)."""
    if conf.status in (MeetingStatus.SCHEDULED, MeetingStatus.ENDED):
        raise DomainError("the decision is made while the meeting is running")
    conf.child(child_id)
    category_set = frozenset(categories)
    _check_categories(conf, category_set)
    if plan_required and not category_set:
        raise DomainError("a child protection plan needs at least one category of abuse")
    if not plan_required and category_set:
        raise DomainError("categories are recorded only when a plan is required")
    if not reasons.strip():
        raise DomainError("record the reasons for the decision")
    interim, relist = _interim(conf, interim_reason, relist_on)
    return [ev.DecisionRecorded(
        at=at, child_id=child_id, plan_required=plan_required, categories=category_set,
        reasons=reasons.strip(), dissent_note=dissent_note.strip(),
        interim_reason=interim, relist_on=relist,
    )]


def _interim(conf: Conference, reason: str | None, relist_on: date | None
             ) -> tuple[str, date | None]:
    """The interim reason and re-listing day to record ("" and None when quorate)."""
    quorum = conf.quorum()
    text = (reason or "").strip()
    if quorum.met:
        if text or relist_on is not None:
            raise DomainError("the conference is quorate: its decision is not an interim one")
        return "", None
    due = relist_due(conf.details)
    if not text:
        raise InterimRequired(
            f"the conference is {quorum.reason}: the decision can only be interim. Record why "
            f"you go ahead; the conference is re-listed within {RELIST_WITHIN_WORKING_DAYS} "
            f"working days (by {due:%A %d %B %Y})", quorum.reason, due)
    day = relist_on or due
    check_relist_date(conf.details, day)
    return text, day


def record_plan(conf: Conference, at: datetime, plan: Plan) -> list[ev.Event]:
    conf.child(plan.child_id)
    decision = conf.decisions.get(plan.child_id)
    if decision is None or not decision.plan_required:
        raise DomainError("a plan is recorded after a decision that the child needs one")
    lead = conf.attendee(plan.lead_social_worker_id)
    if lead.role.key not in ("social_worker", "social_work_manager"):
        raise DomainError(f"{lead.name} is not a social worker: choose the lead social worker")
    for member in plan.core_group_ids:
        conf.attendee(member)
    deadlines = conf.details.deadlines()
    if plan.first_core_group < conf.details.day:
        raise DomainError("the first core group cannot be before the conference")
    if plan.first_core_group > deadlines.first_core_group_due and not plan.late_reason.strip():
        raise DomainError(
            f"the first core group must meet within {FIRST_CORE_GROUP_WITHIN_WORKING_DAYS} "
            f"working days (by {deadlines.first_core_group_due}): record a late_reason"
        )
    if not conf.details.day < plan.review_date <= deadlines.review_due:
        raise DomainError(f"the review must be after the conference and by {deadlines.review_due}")
    if not plan.outcomes:
        raise DomainError("the plan needs at least one outcome: what must change, by when")
    for outcome in plan.outcomes:
        if not outcome.what_must_change.strip():
            raise DomainError("each outcome must say what must change")
    if not plan.contingency.strip():
        raise DomainError("the plan needs a contingency")
    return [ev.PlanRecorded(at=at, plan=plan)]


def record_utterance(
    conf: Conference, at: datetime, speaker_id: str | None, source: UtteranceSource,
    started_at: datetime, ended_at: datetime, text: str, confidence: float | None = None,
    actor: str = "chair", utterance_id: str | None = None,
    speaker_confidence: float | None = None, language: str = ENGLISH, english: str = "",
) -> list[ev.Event]:
    """A line of the transcript. A caller-chosen `utterance_id` makes a retry harmless.
    `language`: what it was said in; `english`: a machine translation of a line in another
    language (always shown labelled as such)."""
    if utterance_id is not None and utterance_id in conf.utterances:
        return []  # already recorded: a resend after a lost acknowledgement
    if conf.status in (MeetingStatus.SCHEDULED,):
        raise DomainError("the meeting has not started: nothing to minute yet")
    if ended_at < started_at:
        raise DomainError("an utterance cannot end before it starts")
    if conf.started_at and started_at < conf.started_at:
        raise DomainError("an utterance cannot start before the meeting")
    if not text.strip():
        raise DomainError("an empty utterance is not recorded")
    if speaker_id is not None:
        _check_speaker(conf, speaker_id)
    return [ev.UtteranceRecorded(
        at=at, actor=actor, utterance_id=utterance_id or new_id(), speaker_id=speaker_id,
        source=source, speaker_confidence=speaker_confidence,
        started_at=started_at, ended_at=ended_at, text=text.strip(), confidence=confidence,
        language=language_tag(language),
        english=english.strip() if language_tag(language) != ENGLISH else "",
    )]


def record_transcription_gap(
    conf: Conference, at: datetime, speaker_id: str | None, source: UtteranceSource,
    started_at: datetime, ended_at: datetime, actor: str = "recogniser",
) -> list[ev.Event]:
    """Speech the recogniser had to drop (it fell behind): a visible line, "[not transcribed:
    14 s, Jade Thornbury]", that the minute-taker fills by editing it, never a silent hole."""
    seconds = max(1, round((ended_at - started_at).total_seconds()))
    who = conf.attendee(speaker_id).name if speaker_id is not None else "in the room"
    return [replace(event, not_transcribed=True)
            if isinstance(event, ev.UtteranceRecorded) else event
            for event in record_utterance(conf, at, speaker_id, source, started_at, ended_at,
                                          f"[not transcribed: {seconds} s, {who}]", None, actor)]


def _check_speaker(conf: Conference, speaker_id: str) -> None:
    person = conf.attendee(speaker_id)
    if not person.may_contribute:
        raise DomainError(f"{person.name} is an observer and does not speak in the conference")
    if person.state in (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT):
        raise DomainError(f"{person.name} sent apologies and is not in the meeting")


def revise_recognition(
    conf: Conference, at: datetime, utterance_id: str, text: str, ended_at: datetime,
    confidence: float | None = None,
) -> list[ev.Event]:
    """A recogniser's later, better hypothesis. It never replaces a human edit."""
    utterance = _utterance(conf, utterance_id)
    if utterance.source is UtteranceSource.TYPED:
        raise DomainError("a typed note has no recognition to revise")
    return [ev.RecognitionRevised(at=at, actor="recogniser", utterance_id=utterance_id,
                                  text=text.strip(), ended_at=ended_at, confidence=confidence)]


def _utterance(conf: Conference, utterance_id: str) -> Utterance:
    try:
        return conf.utterances[utterance_id]
    except KeyError:
        raise DomainError(f"no utterance '{utterance_id}'") from None


def edit_utterance(
    conf: Conference, at: datetime, utterance_id: str, text: str, base_version: int,
    editor: str,
) -> list[ev.Event]:
    """A person's correction. Conflicts only with another person's edit made after the base
    version; a later recognition revision never blocks it (a human edit always wins)."""
    utterance = _utterance(conf, utterance_id)
    if text == utterance.text:
        return []  # nothing to change (also: a resend of an edit already applied)
    if base_version > utterance.version or base_version < 1:
        raise DomainError(f"version {base_version} of this line does not exist")
    if utterance.edited_since(base_version):
        last = utterance.edits[-1]
        raise EditConflict(
            f"{last.editor} changed this line since you started editing (your version "
            f"{base_version}, now {utterance.version}): choose which text to keep",
            utterance.text, utterance.version,
        )
    return [ev.UtteranceEdited(at=at, actor=editor, utterance_id=utterance_id, text=text,
                               base_version=base_version)]


def mark_utterance(
    conf: Conference, at: datetime, utterance_id: str, marks: Iterable[Mark], editor: str,
) -> list[ev.Event]:
    utterance = _utterance(conf, utterance_id)
    mark_set = frozenset(marks)
    if mark_set == utterance.marks:
        return []
    return [ev.UtteranceMarked(at=at, actor=editor, utterance_id=utterance_id, marks=mark_set)]


def assign_speaker(
    conf: Conference, at: datetime, utterance_id: str, speaker_id: str | None, editor: str,
) -> list[ev.Event]:
    _utterance(conf, utterance_id)
    if speaker_id is not None:
        _check_speaker(conf, speaker_id)
    return [ev.SpeakerAssigned(at=at, actor=editor, utterance_id=utterance_id,
                               speaker_id=speaker_id)]


def split_utterance(
    conf: Conference, at: datetime, utterance_id: str, position: int, editor: str,
    new_utterance_id: str | None = None,
) -> list[ev.Event]:
    """Cut a line in two at a character: the second part becomes its own line.
    A caller-chosen `new_utterance_id` makes a resend harmless."""
    if new_utterance_id is not None and new_utterance_id in conf.utterances:
        return []  # already split: a resend after a lost acknowledgement
    u = _utterance(conf, utterance_id)
    if not 0 < position < len(u.text) or not u.text[:position].strip() \
            or not u.text[position:].strip():
        raise DomainError("split between words, leaving text on both sides")
    share = position / len(u.text)
    # strictly after the start, so the two lines keep their order (a typed note lasts 0 s)
    split_at = u.started_at + max((u.ended_at - u.started_at) * share,
                                  timedelta(microseconds=1))
    return [ev.UtteranceSplit(at=at, actor=editor, utterance_id=utterance_id,
                              position=position, new_utterance_id=new_utterance_id or new_id(),
                              split_at=split_at)]


def merge_utterances(
    conf: Conference, at: datetime, first_id: str, second_id: str, editor: str,
) -> list[ev.Event]:
    """Join two consecutive lines of one speaker in one segment (audiences stay exact)."""
    if first_id in conf.utterances and second_id not in conf.utterances and any(
            isinstance(e, ev.UtterancesMerged) and e.second_id == second_id for e in conf.log):
        return []  # already merged: a resend after a lost acknowledgement
    first, second = _utterance(conf, first_id), _utterance(conf, second_id)
    order = [u.id for u in conf.transcript()]
    if order.index(second_id) != order.index(first_id) + 1:
        raise DomainError("only a line and the line right after it can be merged")
    if first.segment_id != second.segment_id:
        raise DomainError("these lines are in different parts of the meeting (different "
                          "audiences): they cannot be merged")
    if first.speaker_id != second.speaker_id:
        raise DomainError("these lines have different speakers: correct the speaker first")
    return [ev.UtterancesMerged(at=at, actor=editor, first_id=first_id, second_id=second_id)]
