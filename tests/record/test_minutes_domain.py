"""The record's domain: summary minutes with segment tags and version conflicts, reports, the
child's participation, the safety scale, and what was sent to whom. Pure domain, no I/O."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from facilitator.domain import events as ev
from facilitator.domain.clock import ManualClock
from facilitator.domain.codec import event_from_record, event_to_record
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import minutes as mn
from facilitator.domain.commands import segments as sg
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError, EditConflict
from facilitator.domain.minutes import (
    Channel,
    DocumentKind,
    FollowUp,
    ParagraphDraft,
    Section,
    ViewsChannel,
)
from facilitator.domain.segments import ExclusionGround

from .conftest import Held
from .scenario import Do, ids, new_conference, runner

Running = tuple[Conference, ManualClock, Do, dict[str, str]]


@pytest.fixture
def running() -> Running:
    conf = new_conference()
    clock = ManualClock(conf.details.scheduled_start)
    do = runner(conf, clock)
    do(ag.start_meeting)
    return conf, clock, do, ids(conf)


def test_a_paragraph_defaults_to_the_segment_it_was_written_in(running: Running) -> None:
    conf, clock, do, who = running
    first = conf.current_segment.id
    do(mn.write_summary, Section.OPENING, [ParagraphDraft("Purpose explained.")], 0, who["rob"])
    clock.advance(minutes=5)
    do(sg.exclude, {who["liam"]}, {ExclusionGround.FAMILY_CONFLICT}, who["priya"], "apart")
    second = conf.current_segment.id
    do(mn.write_summary, Section.INFORMATION, [
        ParagraphDraft("Said while Liam was out."),
        ParagraphDraft("Covers both parts.", frozenset({first, second})),
        ParagraphDraft("Not for the family.", frozenset({first}), confidential=True),
    ], 0, who["rob"])
    opening = conf.minutes.summary(Section.OPENING).paragraphs[0]
    info = conf.minutes.summary(Section.INFORMATION).paragraphs
    assert opening.segment_ids == {first}
    assert info[0].segment_ids == {second}
    assert info[1].segment_ids == {first, second}
    assert info[2].confidential and not info[0].confidential


def test_an_old_version_is_a_conflict_carrying_the_current_text(running: Running) -> None:
    conf, _, do, who = running
    do(mn.write_summary, Section.WORRIES, [ParagraphDraft("Rob's version.")], 0, who["rob"])
    with pytest.raises(mn.SummaryConflict) as conflict:
        do(mn.write_summary, Section.WORRIES, [ParagraphDraft("Helen's version.")], 0,
           who["helen"])
    assert isinstance(conflict.value, EditConflict)  # the window handles both alike
    assert conflict.value.current_text == "Rob's version."
    assert conflict.value.current_version == 1
    assert conflict.value.current_paragraphs[0].text == "Rob's version."
    do(mn.write_summary, Section.WORRIES, [ParagraphDraft("Helen's version.")], 1, who["helen"])
    summary = conf.minutes.summary(Section.WORRIES)
    assert (summary.version, summary.text, summary.written_by) == (2, "Helen's version.",
                                                                   who["helen"])


def test_an_unchanged_summary_makes_no_event_and_bad_ones_are_refused(running: Running) -> None:
    conf, _, do, who = running
    do(mn.write_summary, Section.PLAN, [ParagraphDraft("Same.")], 0, who["rob"])
    segment = conf.current_segment.id
    assert do(mn.write_summary, Section.PLAN, [ParagraphDraft("Same.", frozenset({segment}))],
              1, who["rob"]) == []
    with pytest.raises(DomainError, match="empty"):
        do(mn.write_summary, Section.PLAN, [ParagraphDraft("  ")], 1, who["rob"])
    with pytest.raises(DomainError, match="no segment 'nope'"):
        do(mn.write_summary, Section.PLAN, [ParagraphDraft("x", frozenset({"nope"}))], 1, "rob")
    with pytest.raises(DomainError, match="which segment"):
        do(mn.write_summary, Section.PLAN, [ParagraphDraft("x", frozenset())], 1, "rob")


def test_before_the_meeting_there_is_nothing_to_summarise() -> None:
    conf = new_conference()
    with pytest.raises(DomainError, match="not started"):
        mn.write_summary(conf, conf.details.scheduled_start, Section.OPENING,
                         [ParagraphDraft("x")], 0, "rob")


def test_after_the_meeting_a_paragraph_covers_every_segment_until_narrowed(held: Held) -> None:
    conf = Conference.from_events(held.conf.log)
    events = mn.write_summary(conf, conf.ended_at + timedelta(hours=1),  # type: ignore[operator]
                              Section.CLOSING, [ParagraphDraft("Written the next day.")],
                              conf.minutes.summary(Section.CLOSING).version, held.who["rob"])
    paragraph = events[0].paragraphs[0]  # type: ignore[attr-defined]
    assert paragraph.segment_ids == {s.id for s in conf.segments}


def test_the_record_events_survive_the_codec_and_replay(held: Held) -> None:
    record_types = {ev.SectionSummaryWritten, ev.ReportRecorded, ev.ChildParticipationRecorded}
    assert record_types <= {type(e) for e in held.conf.log}
    decoded = []
    for event in held.conf.log:
        name, payload = event_to_record(event)
        decoded.append(event_from_record(name, json.loads(json.dumps(payload))))
    assert decoded == held.conf.log
    assert Conference.from_events(decoded).minutes == held.conf.minutes


def test_reports_record_whether_parents_saw_them(running: Running) -> None:
    conf, _, do, who = running
    with pytest.raises(DomainError, match="goes with 'shared with parents'"):
        do(mn.record_report, "School", shared_on=date(2026, 12, 20))
    with pytest.raises(DomainError, match="did not see"):
        do(mn.record_report, "School", shared_with_parents=True, not_shared_reason="x")
    with pytest.raises(DomainError, match="not an agency"):
        do(mn.record_report, "Family", author_id=who["jade"])
    with pytest.raises(DomainError, match="on or before the day"):
        do(mn.record_report, "School", shared_with_parents=True, shared_on=date(2026, 12, 28))
    do(mn.record_report, "School", report_id="r1", received_on=date(2026, 12, 21))
    do(mn.record_report, "Hollin Lane Primary", report_id="r1", shared_with_parents=True,
       shared_on=date(2026, 12, 23))
    assert list(conf.minutes.reports) == ["r1"]
    assert conf.minutes.reports["r1"].agency == "Hollin Lane Primary"


def test_the_childs_participation_needs_reasons_and_how_views_came(running: Running) -> None:
    _, _, do, _ = running
    with pytest.raises(DomainError, match="reasons"):
        do(mn.record_child_participation, "maisie", False, " ", {ViewsChannel.LETTER})
    with pytest.raises(DomainError, match="how the child's wishes"):
        do(mn.record_child_participation, "maisie", False, "too young", set())
    with pytest.raises(DomainError, match="does not attend"):
        do(mn.record_child_participation, "maisie", False, "x", {ViewsChannel.ATTENDED})
    with pytest.raises(DomainError, match="no subject child"):
        do(mn.record_child_participation, "nobody", True, "x", {ViewsChannel.ATTENDED})


def test_the_safety_scale_runs_from_0_to_10(running: Running) -> None:
    conf, _, do, who = running
    with pytest.raises(DomainError, match="0 to 10"):
        do(mn.record_safety_scale, "maisie", who["sian"], 11)
    do(mn.record_safety_scale, "maisie", who["sian"], 4)
    do(mn.record_safety_scale, "maisie", who["sian"], 5)
    assert conf.minutes.safety_scores[("maisie", who["sian"])].score == 5


@pytest.mark.parametrize(("document", "person", "problem"), [
    (DocumentKind.FULL_RECORD, "jade", "not a professional"),
    (DocumentKind.FAMILY_COPY, "priya", "not a family member"),
    (DocumentKind.DECISION_LETTER, "tom", "not a parent"),
    (DocumentKind.PLAN_SUMMARY, "martin", "not in the core group"),
    (DocumentKind.CHILD_LETTER, "jade", "not a subject child"),
])
def test_documents_go_only_to_those_they_are_for(held: Held, document: DocumentKind,
                                                 person: str, problem: str) -> None:
    conf = Conference.from_events(held.conf.log)
    with pytest.raises(DomainError, match=problem):
        mn.record_sent(conf, conf.ended_at + timedelta(days=5),  # type: ignore[operator]
                       document, held.who[person], date(2026, 12, 29), Channel.POST)


def test_sent_dates_must_be_after_the_conference_and_not_in_the_future(held: Held) -> None:
    conf = Conference.from_events(held.conf.log)
    now = conf.ended_at + timedelta(days=5)  # type: ignore[operator]
    with pytest.raises(DomainError, match="before the conference"):
        mn.record_sent(conf, now, DocumentKind.DECISION_LETTER, held.who["jade"],
                       date(2026, 12, 23), Channel.POST)
    with pytest.raises(DomainError, match="not in advance"):
        mn.record_sent(conf, now, DocumentKind.DECISION_LETTER, held.who["jade"],
                       date(2027, 1, 5), Channel.POST)
    for event in mn.record_sent(conf, now, DocumentKind.CHILD_LETTER, "maisie",
                                date(2026, 12, 29), Channel.BY_HAND, "Helen"):
        conf.apply(event)
    assert conf.minutes.dispatches[-1].recipient_id == "maisie"


def test_follow_up_meetings_are_after_the_conference_and_need_a_plan(held: Held) -> None:
    conf = Conference.from_events(held.conf.log)
    later = conf.ended_at + timedelta(days=20)  # type: ignore[operator]
    with pytest.raises(DomainError, match="after the conference"):
        mn.record_follow_up(conf, later, FollowUp.CORE_GROUP, date(2026, 12, 24))
    with pytest.raises(DomainError, match="once it has taken place"):
        mn.record_follow_up(conf, later, FollowUp.REVIEW, date(2027, 3, 18))
    fresh = new_conference()
    with pytest.raises(DomainError, match="no child has a plan"):
        mn.record_follow_up(fresh, later, FollowUp.CORE_GROUP, date(2027, 1, 8))


def test_every_stage_of_the_shipped_agendas_has_a_section() -> None:
    from facilitator.domain.minutes import SECTION_OF_STAGE
    from facilitator.services.templates import agenda_names, load_agenda

    for name in agenda_names():
        assert {s.id for s in load_agenda(name)} <= set(SECTION_OF_STAGE), name
