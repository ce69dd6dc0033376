"""The circulation tracker: due dates in working days across bank holidays, what was sent to
whom, and what is overdue on a given day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from facilitator.domain import events as ev
from facilitator.domain.calendar import Nation
from facilitator.domain.commands import minutes as mn
from facilitator.domain.conference import Conference
from facilitator.domain.minutes import Channel, DocumentKind, FollowUp, ViewsChannel
from facilitator.record.circulation import Status, circulation, tracker_lines
from facilitator.services.conference_file import LOCAL_ZONE

from .conftest import Held
from .scenario import new_conference


def copy_of(held: Held) -> Conference:
    return Conference.from_events(held.conf.log)


def apply(conf: Conference, events: list[ev.Event]) -> None:
    for event in events:
        conf.apply(event)


def sent(conf: Conference, document: DocumentKind, recipient: str, on: date) -> None:
    when = datetime.combine(on, datetime.min.time(), LOCAL_ZONE) + timedelta(hours=16)
    apply(conf, mn.record_sent(conf, when, document, recipient, on, Channel.POST, "Rob"))


def test_deadlines_of_a_christmas_eve_conference_skip_the_bank_holidays(held: Held) -> None:
    deadlines = held.conf.details.deadlines()
    # Fri 25 Dec and Mon 28 Dec (Boxing Day, substitute) are bank holidays, then a weekend.
    assert deadlines.decision_letter_due == date(2026, 12, 29)
    # 10 working days, New Year's Day (Fri 1 Jan 2027) not counted.
    assert deadlines.first_core_group_due == date(2027, 1, 12)
    assert deadlines.record_circulation_due == date(2027, 1, 19)
    assert deadlines.review_due == date(2027, 3, 24)


@pytest.mark.parametrize(("held_on", "nation", "letter_due"), [
    (datetime(2026, 8, 28, 10, tzinfo=LOCAL_ZONE), Nation.ENGLAND, date(2026, 9, 1)),
    (datetime(2027, 3, 25, 10, tzinfo=LOCAL_ZONE), Nation.ENGLAND, date(2027, 3, 30)),
    (datetime(2027, 3, 25, 10, tzinfo=LOCAL_ZONE), Nation.WALES, date(2027, 3, 30)),
    (datetime(2026, 12, 31, 10, tzinfo=LOCAL_ZONE), Nation.WALES, date(2027, 1, 4)),
])
def test_the_decision_letter_is_due_the_next_working_day(
        held_on: datetime, nation: Nation, letter_due: date) -> None:
    """Summer bank holiday; Good Friday and Easter Monday; New Year's Day."""
    conf = new_conference(held_on, nation=nation.value)
    assert conf.details.deadlines().decision_letter_due == letter_due


def items(conf: Conference, on: date, what: str) -> dict[str, Status]:
    return {i.recipient: i.status for i in circulation(conf, on).items if i.what == what}


def test_what_is_due_sent_and_overdue(held: Held) -> None:
    conf = copy_of(held)
    jade, liam = "Jade Thornbury (parent)", "Liam Ashcombe (parent)"
    assert items(conf, date(2026, 12, 24), "decision letter") == {
        jade: Status.NOT_YET_DUE, liam: Status.NOT_YET_DUE}
    assert items(conf, date(2026, 12, 29), "decision letter") == {
        jade: Status.DUE_TODAY, liam: Status.DUE_TODAY}
    sent(conf, DocumentKind.DECISION_LETTER, held.who["jade"], date(2026, 12, 29))
    tracker = circulation(conf, date(2026, 12, 30))
    letters = {i.recipient: i for i in tracker.items if i.what == "decision letter"}
    assert letters[jade].status is Status.DONE and letters[jade].how == "post"
    assert letters[liam].status is Status.OVERDUE and letters[liam].working_days == 1
    # Liam, excluded during the meeting, is also owed the letter about his exclusion
    assert [(i.what, i.recipient) for i in tracker.overdue] == [
        ("decision letter", liam), ("letter about the exclusion", liam)]
    # Over New Year: 30 and 31 December and Monday 4 January.
    later = {i.recipient: i for i in circulation(conf, date(2027, 1, 4)).items
             if i.what == "decision letter"}
    assert later[liam].working_days == 3
    assert later[liam].status_text() == "OVERDUE by 3 working days"


def test_a_letter_sent_late_says_how_late(held: Held) -> None:
    conf = copy_of(held)
    sent(conf, DocumentKind.DECISION_LETTER, held.who["liam"], date(2026, 12, 31))
    item = next(i for i in circulation(conf, date(2027, 1, 5)).items
                if i.recipient == "Liam Ashcombe (parent)" and i.what == "decision letter")
    assert (item.status, item.working_days) == (Status.DONE_LATE, 2)


def test_the_record_goes_to_professionals_in_full_and_to_the_family_as_their_copy(
        held: Held) -> None:
    tracker = circulation(copy_of(held), date(2027, 1, 20))
    full = {i.recipient for i in tracker.items if i.what == "full record"}
    family = {i.recipient for i in tracker.items if i.what == "family's copy of the record"}
    assert "Dr Anita Varga (general practitioner)" in full  # apologies, still circulated
    assert "Priya Okonedo (child's social worker)" in full
    assert family == {"Jade Thornbury (parent)", "Liam Ashcombe (parent)"}
    assert not any("Imogen" in r or "Zofia" in r or "Carys" in r for r in full | family)
    due = {i.due for i in tracker.items if i.what in ("full record",
                                                       "family's copy of the record")}
    assert due == {date(2027, 1, 19)}
    assert all(i.status is Status.OVERDUE for i in tracker.items
               if i.what == "full record")


def test_the_core_group_and_review(held: Held) -> None:
    conf = copy_of(held)
    before = {i.what: i for i in circulation(conf, date(2027, 1, 11)).items}
    assert before["plan summary and core group invitation"].due == date(2027, 1, 7)
    assert before["first core group meeting"].due == date(2027, 1, 8)
    assert before["first core group meeting"].status is Status.OVERDUE
    assert before["review conference"].due == date(2027, 3, 18)
    moment = datetime(2027, 1, 11, 9, tzinfo=LOCAL_ZONE)
    apply(conf, mn.record_follow_up(conf, moment, FollowUp.CORE_GROUP, date(2027, 1, 8)))
    after = {i.what: i for i in circulation(conf, date(2027, 1, 11)).items}
    assert after["first core group meeting"].status is Status.DONE


def test_the_chairs_letter_is_tracked_for_a_child_who_attended(held: Held) -> None:
    conf = copy_of(held)
    assert not [i for i in circulation(conf, date(2027, 1, 4)).items
                if i.what == "chair's letter to the child"]
    apply(conf, mn.record_child_participation(conf, conf.created_at, "maisie", True,
                                              "she asked to come", {ViewsChannel.ATTENDED}))
    sent(conf, DocumentKind.CHILD_LETTER, "maisie", date(2027, 1, 4))
    item = next(i for i in circulation(conf, date(2027, 1, 4)).items
                if i.what == "chair's letter to the child")
    assert (item.recipient, item.status) == ("Maisie Thornbury", Status.DONE)


def test_the_tracker_as_text(held: Held) -> None:
    conf = copy_of(held)
    sent(conf, DocumentKind.DECISION_LETTER, held.who["jade"], date(2026, 12, 29))
    lines = tracker_lines(conf, circulation(conf, date(2026, 12, 30)))
    text = "\n".join(lines)
    assert "decision letter due 2026-12-29; record due 2027-01-19 (15 working days)" in text
    assert any("Liam Ashcombe (parent)" in line and "OVERDUE by 1 working day" in line
               for line in lines)
    assert any("Jade Thornbury (parent)" in line and "done 2026-12-29 (post)" in line
               for line in lines)
    assert "  2026-12-29  decision letter" in text
