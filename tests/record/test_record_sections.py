"""The record section by section, as the procedure asks, read back from the DOCX and the PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import minutes as mn
from facilitator.domain.commands import people as pe
from facilitator.domain.minutes import ParagraphDraft, Section
from facilitator.record.audience import Audience
from facilitator.record.build import build_record
from facilitator.services.export import ExportSettings, Format, Kind

from .conftest import Held, docx_items, docx_sections, exported, flat, pdf_text
from .scenario import new_conference, runner

ORDER = [
    "Conference details", "Time", "Attendance", "Apologies and written reports", "Observer",
    "Exclusions", "Purpose, confidentiality and introductions", "The child's views",
    "Information shared", "The parents' views", "Worries", "Strengths", "The decision",
    "Decision and planning time", "The child protection plan", "Review", "Child focus",
    "Summary and close", "Participation", "Annex: the edited transcript",
]


@pytest.fixture(scope="module")
def sections(held: Held, settings: ExportSettings) -> dict[str, str]:
    return {k: flat(v) for k, v in
            docx_sections(exported(held.conf, Kind.FULL, Format.DOCX, None, settings)).items()}


def test_sections_come_in_the_procedures_order(held: Held, settings: ExportSettings) -> None:
    items = docx_items(exported(held.conf, Kind.FULL, Format.DOCX, None, settings))
    assert [i.text for i in items if i.style == "Heading 1"] == ORDER
    assert items[0].style == "Title"
    assert items[0].text == "Record of the child protection conference"
    pdf = pdf_text(exported(held.conf, Kind.FULL, Format.PDF, None, settings))
    position = 0
    for heading in ORDER:  # each heading after the one before it
        position = pdf.index(heading, position) + len(heading)


def test_details(sections: dict[str, str]) -> None:
    text = sections["Conference details"]
    assert "Initial child protection conference (England)" in text
    assert "Thursday 24 December 2026, 10:00 to 11:50" in text
    assert "Maisie Thornbury (age 8), born 12 April 2018" in text
    assert "Helen Marsh" in text and "Rob Kendal" in text
    assert "quorate: social worker and education, health, police (at the decision)" in text


def test_attendance_with_how_and_when(sections: dict[str, str]) -> None:
    text = sections["Attendance"]
    assert "Jade Thornbury | Parent | remote by phone | from the start" in text
    assert ("Liam Ashcombe | Parent | remote by video; with a Polish interpreter | from the "
            "start; out by exclusion "
            "10:40–10:55") in text
    assert "Zofia Nowak | Independent interpreter, Fernbridge Interpreting Service | in the " \
           "room; interpreting Polish | from the start; left 11:45" in text
    assert "DC Tom Reddaway | Police, Public Protection Unit | remote by video" in text
    assert "Dr Anita Varga" not in text  # apologies are listed with the reports


def test_apologies_and_reports_and_whether_parents_saw_them(sections: dict[str, str]) -> None:
    text = sections["Apologies and written reports"]
    assert "Dr Anita Varga | General practitioner, Millbrook Surgery | Apologies, written " \
           "report sent" in text
    assert ("Fernbridge Children's Services | Priya Okonedo (child's social worker) | "
            "21 December 2026 | Yes, 22 December 2026") in text
    assert "Public Protection Unit | DC Tom Reddaway (police, public protection unit) | " \
           "23 December 2026 | No: an investigation is under way" in text


def test_observer_and_consent(sections: dict[str, str]) -> None:
    text = sections["Observer"]
    assert "Imogen Stray, Fernbridge University" in text
    assert "Chair's consent | given in advance" in text
    assert "Family's consent | given in advance" in text
    assert "took no part in the discussion or the decision" in text


def test_exclusions_who_grounds_requested_by_when(sections: dict[str, str]) -> None:
    text = sections["Exclusions"]
    assert ("Liam Ashcombe (parent) | 10:40–10:55 (15 min) | presence may prejudice legal "
            "proceedings or a police investigation | DC Tom Reddaway (police, public protection "
            "unit) | Liam has not yet been interviewed about the allegation") in text


def test_the_childs_views_and_how_they_were_obtained(sections: dict[str, str]) -> None:
    text = sections["The child's views"]
    assert ("Did not attend. Maisie is 8 and chose not to come; she met the chair on 22 "
            "December. Views obtained through a picture or drawing and meeting the chair before "
            "the conference.") in text
    assert "Alfie is 4. Views obtained through professionals' observation" in text
    assert "Maisie's drawing shows she feels safest with her mother and her dog." in text
    assert "Priya Okonedo (10:16): Maisie drew Biscuit the dog" in text


def test_the_parents_views(sections: dict[str, str]) -> None:
    text = sections["The parents' views"]
    assert "Jade said the children's routines are better since half term." in text
    assert "Liam Ashcombe (10:59): I want to see the children every weekend." in text


def test_worries_and_strengths(sections: dict[str, str]) -> None:
    assert "Maisie often arrives at school hungry." in sections["Worries"]
    assert "Both parents love the children." in sections["Strengths"]


def test_each_agencys_view_and_the_decision_per_child_with_dissent(
        sections: dict[str, str]) -> None:
    text = sections["The decision"]
    assert "DC Tom Reddaway (police, public protection unit) | Plan needed: significant harm | " \
           "neglect" in text
    assert "Gareth Lowe (school or education setting) | No plan: threshold not met | | " \
           "Maisie's attendance has improved." in text
    assert "Maisie Thornbury needs a child protection plan, under the category of neglect." in text
    assert "Reasons: Maisie's basic care has been neglected over a long time." in text
    assert ("Dissent: Gareth Lowe (school or education setting). The school thinks the threshold "
            "is not met.") in text
    assert "Alfie Thornbury needs a child protection plan, under the category of neglect." in text


def test_ring_fence_override_with_reason(sections: dict[str, str]) -> None:
    text = sections["Decision and planning time"]
    assert ("11:26 | cut a ring-fenced stage short | Decision | consensus reached early; more "
            "time for the plan | 4 planned minutes not used") in text


def test_the_plan(sections: dict[str, str]) -> None:
    text = sections["The child protection plan"]
    assert "Lead social worker | Priya Okonedo (child's social worker)" in text
    assert "First core group meeting | 8 January 2027" in text
    assert "When the child is seen alone | at every visit, at school" in text
    assert "Contingency plan | strategy discussion if the children miss two school days" in text
    assert "Gareth Lowe: School or education setting, Hollin Lane Primary School" in text
    assert ("The children have breakfast every school day | school breakfast log | "
            "1 March 2027") in text
    assert "Noted (10:43): Police to share the statement of witness Orla Penhallow" in text


def test_review_date(sections: dict[str, str]) -> None:
    assert ("The review conference will be held on 18 March 2027 (due within 3 months: by "
            "24 March 2027).") in sections["Review"]


def test_transcript_annex_is_grouped_by_stage(held: Held, settings: ExportSettings) -> None:
    items = docx_items(exported(held.conf, Kind.FULL, Format.DOCX, None, settings))
    annex = items[[i.text for i in items].index("Annex: the edited transcript"):]
    stages = [i.text for i in annex if i.style == "Heading 3"]
    assert stages[:3] == ["Welcome, purpose and agenda", "The child's wishes and feelings",
                          "Social work report"]
    assert any(i.text.startswith("10:41\tDC Tom Reddaway: Officers attended") for i in annex)
    assert any("[confidential]" in i.text for i in annex)


def test_a_running_meeting_gives_a_draft() -> None:
    conf = new_conference()
    clock = ManualClock(conf.details.scheduled_start)
    do = runner(conf, clock)
    do(ag.start_meeting)
    document = build_record(conf, Audience.professionals())
    assert document.draft
    assert "Draft: the conference is still running" in document.text()
    assert "Nothing recorded." in document.text()


def test_signs_of_safety_sections_and_scale() -> None:
    conf = new_conference(agenda="signs_of_safety")
    clock = ManualClock(conf.details.scheduled_start - timedelta(minutes=5))
    do = runner(conf, clock)
    people = {p.name.split()[0]: p.id for p in conf.attendees.values()}
    for person in conf.attendees.values():
        if person.state is AttendanceState.CONFIRMED:
            do(pe.change_attendance, person.id, AttendanceState.PRESENT)
    clock.advance(minutes=5)
    do(ag.start_meeting)
    do(mn.write_summary, Section.DANGER_STATEMENTS,
       [ParagraphDraft("We are worried Maisie could go without food when Jade is unwell.")], 0,
       people["Rob"])
    do(mn.write_summary, Section.SAFETY_GOALS,
       [ParagraphDraft("Maisie eats breakfast every day, checked by school.")], 0,
       people["Rob"])
    do(mn.record_safety_scale, "maisie", people["Sian"], 3)
    do(mn.record_safety_scale, "maisie", people["Jade"], 7)
    text = build_record(conf, Audience.professionals()).text()
    for heading in ("What are we worried about?", "What's working well?", "Danger statements",
                    "Safety goals", "Safety scale and decision", "What needs to happen?"):
        assert heading in text
    assert "We are worried Maisie could go without food" in text
    assert "Sian Pritchard\nHealth visitor, Fernbridge Community Health\n3" in text
    assert "Jade Thornbury\nParent\n7" in text


def test_attendance_follows_arrivals_the_waiting_room_and_leaving() -> None:
    from facilitator.domain.attendees import AttendanceMode
    from facilitator.domain.commands import remote as rm
    from facilitator.record.attendance import presence

    conf = new_conference()
    start = conf.details.scheduled_start
    clock = ManualClock(start - timedelta(minutes=5))
    do = runner(conf, clock)
    people = {p.name.split()[0]: p.id for p in conf.attendees.values()}
    for name in ("Helen", "Rob", "Jade", "Priya", "Martin", "Sian", "Gareth"):
        do(pe.change_attendance, people[name], AttendanceState.PRESENT)

    def at(minutes: int) -> None:
        clock.set(start + timedelta(minutes=minutes))

    at(0)
    do(ag.start_meeting)
    at(4)
    do(rm.arrive_remotely, people["Liam"], AttendanceMode.VIDEO)
    at(5)
    do(rm.admit, [people["Liam"]])
    at(15)
    do(pe.change_mode, people["Jade"], AttendanceMode.VIDEO)
    at(20)
    do(rm.send_to_waiting_room, people["Liam"])
    at(22)
    do(rm.admit, [people["Liam"]])
    at(30)
    do(rm.remove, people["Liam"], "disruptive")
    at(40)
    do(pe.change_attendance, people["Martin"], AttendanceState.LEFT)
    at(50)
    do(pe.change_attendance, people["Martin"], AttendanceState.RETURNED)
    seen = presence(conf)
    assert seen[people["Liam"]].moves == [
        "arrived 10:05", "sent to the waiting room 10:20", "back from the waiting room 10:22",
        "asked to leave 10:30"]
    assert not seen[people["Liam"]].from_start
    assert seen[people["Jade"]].from_start
    assert seen[people["Jade"]].moves == ["remote by video from 10:15"]
    assert seen[people["Martin"]].moves == ["left 10:40", "returned 10:50"]
    assert people["Zofia"] not in seen or not seen[people["Zofia"]].attended
    text = build_record(conf, Audience.professionals()).text()
    assert "Zofia Nowak\nIndependent interpreter, Fernbridge Interpreting Service\n" \
           "invited; did not attend" in text
