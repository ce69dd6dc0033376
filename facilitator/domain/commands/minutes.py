"""Commands for the record: summary minutes per section, reports, the child's participation,
the safety scale, and circulation (what was sent to whom, and the follow-up meetings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from .. import events as ev
from ..conference import Conference, MeetingStatus
from ..errors import DomainError, SummaryConflict
from ..minutes import (
    MAX_SAFETY_SCORE,
    Channel,
    ChildParticipation,
    Dispatch,
    DocumentKind,
    FollowUp,
    ParagraphDraft,
    Report,
    Section,
    SummaryParagraph,
    ViewsChannel,
)
from ..recipients import post_problem, recipient_problem
from . import new_id


def _started(conf: Conference) -> None:
    if conf.status is MeetingStatus.SCHEDULED:
        raise DomainError("the meeting has not started: there is nothing to minute yet")


def default_segments(conf: Conference) -> frozenset[str]:
    """The segments a paragraph summarises when the minute-taker does not say.

    While the meeting runs: the current segment. Once it has ended: every segment, so that a
    paragraph written afterwards is withheld from anyone excluded from any part, until the
    minute-taker narrows it down.
    """
    current = conf.current_segment
    if current is not None:
        return frozenset({current.id})
    return frozenset(s.id for s in conf.segments)


def _paragraph(conf: Conference, draft: ParagraphDraft, number: int) -> SummaryParagraph:
    text = draft.text.strip()
    if not text:
        raise DomainError(f"paragraph {number} is empty: remove it instead")
    segments = default_segments(conf) if draft.segment_ids is None else draft.segment_ids
    if not segments:
        raise DomainError(f"paragraph {number}: say which segment(s) of the meeting it covers")
    for segment_id in segments:
        conf.segment(segment_id)
    return SummaryParagraph(text, frozenset(segments), draft.confidential)


def write_summary(
    conf: Conference, at: datetime, section: Section, paragraphs: Sequence[ParagraphDraft],
    base_version: int, editor: str,
) -> list[ev.Event]:
    """Replace a section's summary minutes; refused with SummaryConflict if the section was
    written since `base_version` (the version the editor started from)."""
    _started(conf)
    current = conf.minutes.summary(section)
    written = tuple(_paragraph(conf, d, n) for n, d in enumerate(paragraphs, start=1))
    if written == current.paragraphs:
        return []  # nothing to change (also: a resend of a write already applied)
    if base_version != current.version:
        raise SummaryConflict(
            f"{current.written_by or 'someone'} changed '{section.value}' since you started "
            f"(your version {base_version}, now {current.version}): choose which text to keep",
            current.text, current.version, current.paragraphs,
        )
    return [ev.SectionSummaryWritten(at=at, actor=editor, section=section, paragraphs=written,
                                     base_version=base_version)]


def record_report(
    conf: Conference, at: datetime, agency: str, *, report_id: str | None = None,
    author_id: str | None = None, received_on: date | None = None,
    shared_with_parents: bool = False, shared_on: date | None = None,
    not_shared_reason: str = "",
) -> list[ev.Event]:
    """Record (or, with the same `report_id`, correct) a written report to the conference."""
    if not agency.strip():
        raise DomainError("name the agency the report is from")
    if author_id is not None:
        author = conf.attendee(author_id)
        if not author.role.is_professional:
            raise DomainError(f"{author.name} is not an agency: a report comes from a professional")
    if shared_on is not None and not shared_with_parents:
        raise DomainError("a date shared with the parents goes with 'shared with parents'")
    if shared_with_parents and not_shared_reason.strip():
        raise DomainError("a reason for not sharing goes with a report the parents did not see")
    if shared_on is not None and shared_on > conf.details.day:
        raise DomainError("shared in advance means on or before the day of the conference")
    report = Report(report_id or new_id(), agency.strip(), author_id, received_on,
                    shared_with_parents, shared_on, not_shared_reason.strip())
    return [ev.ReportRecorded(at=at, report=report)]


def record_child_participation(
    conf: Conference, at: datetime, child_id: str, attends: bool, reasons: str,
    channels: Iterable[ViewsChannel],
) -> list[ev.Event]:
    """The chair's decision, made in advance, on whether the child attends, with reasons."""
    conf.child(child_id)
    channel_set = frozenset(channels)
    if not reasons.strip():
        raise DomainError("record the reasons for and against the child attending")
    if not channel_set:
        raise DomainError("record how the child's wishes and feelings were obtained")
    in_person = channel_set & {ViewsChannel.ATTENDED, ViewsChannel.OBSERVED}
    if in_person and not attends:
        raise DomainError("the child does not attend, so cannot attend to speak or observe")
    participation = ChildParticipation(child_id, attends, reasons.strip(), channel_set)
    return [ev.ChildParticipationRecorded(at=at, participation=participation)]


def record_safety_scale(
    conf: Conference, at: datetime, child_id: str, attendee_id: str, score: int,
) -> list[ev.Event]:
    _started(conf)
    conf.child(child_id)
    person = conf.attendee(attendee_id)
    if not person.may_contribute:
        raise DomainError(f"{person.name} is an observer and gives no judgement")
    if not 0 <= score <= MAX_SAFETY_SCORE:
        raise DomainError(f"the safety scale runs from 0 to {MAX_SAFETY_SCORE}")
    return [ev.SafetyScaleRecorded(at=at, child_id=child_id, attendee_id=attendee_id,
                                   score=score)]


def set_family_copy_scope(conf: Conference, at: datetime, attendee_id: str, whole_record: bool,
                          reason: str = "") -> list[ev.Event]:
    """The chair decides: the whole record, or only the parts this family member attended.

    Only for someone who was out of part of the meeting (everyone else's copy is the whole
    record already). Information marked confidential stays out of any family copy either way.
    """
    problem = recipient_problem(conf, DocumentKind.FAMILY_COPY, attendee_id)
    if problem:
        raise DomainError(problem)
    person = conf.attendee(attendee_id)
    if not any(not segment.admits(attendee_id) for segment in conf.segments):
        raise DomainError(f"{person.name} was not excluded from any part of the conference: "
                          "their copy already covers all of it")
    if whole_record and not reason.strip():
        raise DomainError("give the reason for sending the whole record (it is recorded)")
    if whole_record == (attendee_id in conf.minutes.whole_record_for):
        scope = "the whole record" if whole_record else "only the parts they attended"
        raise DomainError(f"{person.name} already receives {scope}")
    return [ev.FamilyCopyScopeSet(at=at, attendee_id=attendee_id, whole_record=whole_record,
                                  reason=reason.strip())]


def record_sent(
    conf: Conference, at: datetime, document: DocumentKind, recipient_id: str, sent_on: date,
    channel: Channel, recorded_by: str = "",
) -> list[ev.Event]:
    """Record that a document went to someone (the circulation tracker reads these)."""
    problem = recipient_problem(conf, document, recipient_id)
    if problem:
        raise DomainError(problem)
    if conf.started_at is None:
        raise DomainError("the meeting has not started: there is nothing of it to send yet")
    if sent_on < conf.details.day:
        raise DomainError("nothing from the conference can be sent before the conference")
    if sent_on > at.date():
        raise DomainError("record a document as sent once it has gone, not in advance")
    problem = post_problem(conf, recipient_id, channel)
    if problem:
        raise DomainError(problem)
    dispatch = Dispatch(document, recipient_id, sent_on, channel, recorded_by.strip())
    return [ev.DocumentSent(at=at, dispatch=dispatch)]


def record_follow_up(
    conf: Conference, at: datetime, meeting: FollowUp, held_on: date,
) -> list[ev.Event]:
    if not conf.plans:
        raise DomainError("no child has a plan: there is no core group or review to hold")
    if held_on <= conf.details.day:
        raise DomainError(f"the {meeting.value} is after the conference")
    if held_on > at.date():
        raise DomainError(f"record the {meeting.value} once it has taken place")
    return [ev.FollowUpHeld(at=at, meeting=meeting, held_on=held_on)]
