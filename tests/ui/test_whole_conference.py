"""Drive the chair's window through a whole fictional conference, checking widgets and store."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from facilitator.domain import events as ev
from facilitator.domain.conference import MeetingStatus
from facilitator.domain.decisions import Category, HarmView
from facilitator.domain.segments import ExclusionGround
from facilitator.views import PeopleGroup
from ui.dialogs import ExclusionDialog, OverrideDialog

PROFESSIONALS_AND_FAMILY = [
    "Helen Marsh", "Rob Kendal", "Priya Okonedo", "DC Tom Reddaway", "Sian Pritchard",
    "Gareth Lowe", "Jade Thornbury", "Liam Ashcombe", "Carys Bell",
]


def ids(window, *names: str) -> list[str]:
    by_name = {a.name: a.id for a in window.bridge.conference.attendees.values()}
    return [by_name[n] for n in names]


def stored(session):
    """The conference as the store holds it now (a fresh replay from disk)."""
    return session.store.load(session.conference.id)


def click(qtbot, button) -> None:
    assert button.isEnabled(), f"{button.accessibleName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_whole_conference(qtbot, window, session, clock):
    people, agenda, transcript = window.people, window.agenda, window.transcript
    assert "Maisie Thornbury" in window.header.title.text()
    assert "Quorum needs the child's social worker" in window.header.quorum.text()

    # Arrivals: the people move into their groups and the conference becomes quorate.
    people.select(ids(window, *PROFESSIONALS_AND_FAMILY))
    click(qtbot, people.arrived_button)
    assert "Priya Okonedo" in people.group_members(PeopleGroup.IN_ROOM)
    assert people.group_members(PeopleGroup.PHONE) == ["Jade Thornbury", "Carys Bell"]
    assert people.group_members(PeopleGroup.VIDEO) == ["Liam Ashcombe", "DC Tom Reddaway"]
    assert window.header.quorum.text().startswith("✔ quorate")
    assert stored(session).quorum().met

    # Start: the first stage, its timer and the chair's prompts.
    click(qtbot, agenda.start_button)
    assert agenda.stage_title.text() == "Welcome, purpose and agenda"
    prompts = [agenda.prompts.item(i).text() for i in range(agenda.prompts.count())]
    assert any("Confidentiality" in p for p in prompts)
    assert any("Equal opportunities" in p for p in prompts)
    clock.advance(minutes=5)
    window.tick()
    assert agenda.stage_timer.text() == "5:00 / 5:00"

    click(qtbot, agenda.next_button)
    assert agenda.stage_title.text() == "Introductions"
    assert stored(session).agenda.current.id == "introductions"

    # A typed note, attributed to the social worker.
    transcript.speaker.setCurrentIndex(transcript.speaker.findData(ids(window, "Priya Okonedo")[0]))
    qtbot.keyClicks(transcript.note, "I am Priya, the children's social worker.")
    qtbot.keyClick(transcript.note, Qt.Key.Key_Return)
    assert transcript.model.rowCount() == 1
    assert transcript.note.text() == ""
    assert stored(session).transcript()[0].text == "I am Priya, the children's social worker."

    # Reports stages pass on time.
    for minutes in (5, 5, 10, 10):
        clock.advance(minutes=minutes)
        click(qtbot, agenda.next_button)
    assert agenda.stage_title.text() == "Agency reports"

    # Exclusion: the police share information about a criminal investigation.
    def fill_exclusion(chosen):
        dialog = ExclusionDialog(chosen, ["DC Tom Reddaway"])
        qtbot.addWidget(dialog)
        assert not dialog.ok_button.isEnabled()
        dialog.ground_boxes[ExclusionGround.LEGAL_PROCEEDINGS].setChecked(True)
        dialog.requested_by.setCurrentText("DC Tom Reddaway")
        assert not dialog.ok_button.isEnabled(), "a reason is required"
        qtbot.keyClicks(dialog.reason, "Police interview of a family member is pending")
        assert dialog.ok_button.isEnabled()
        return dialog.request()

    window.ask_exclusion = fill_exclusion
    parents = ids(window, "Jade Thornbury", "Liam Ashcombe")
    people.select(parents)
    click(qtbot, people.exclude_button)
    # Liam's interpreter goes out with him (the chair did not keep her in)
    assert people.group_members(PeopleGroup.OUT_OF_SEGMENT) == ["Jade Thornbury",
                                                                 "Liam Ashcombe", "Zofia Nowak"]
    conference = stored(session)
    assert conference.current_segment.number == 2
    exclusion = conference.exclusions[0]
    assert exclusion.grounds == {ExclusionGround.LEGAL_PROCEEDINGS}
    assert exclusion.requested_by == "DC Tom Reddaway"

    transcript.speaker.setCurrentIndex(
        transcript.speaker.findData(ids(window, "DC Tom Reddaway")[0]))
    qtbot.keyClicks(transcript.note, "The interview is set for next week.")
    qtbot.keyClick(transcript.note, Qt.Key.Key_Return)
    assert transcript.model.data(transcript.model.index(1, 2)) == (
        "Part 2: Jade, Liam and Zofia out")
    jade = parents[0]
    assert [u.text for u in stored(session).transcript_for(jade)] == [
        "I am Priya, the children's social worker."]

    # Overrun: the agency reports go on 30 minutes too long.
    clock.advance(minutes=45)
    window.tick()
    assert agenda.reserve_label.text().startswith("⚠")
    assert "eaten" in agenda.reserve_label.text()

    people.select(parents)
    click(qtbot, people.bring_back_button)
    assert people.group_members(PeopleGroup.OUT_OF_SEGMENT) == []
    conference = stored(session)
    assert conference.exclusions[0].ended_at == clock.now()
    assert conference.current_segment.number == 3

    clock.advance(minutes=10)
    click(qtbot, agenda.next_button)  # parents' views
    clock.advance(minutes=10)
    click(qtbot, agenda.next_button)  # analysis
    clock.advance(minutes=10)

    seen: list[str] = []

    def fill_override(needed):
        seen.append(str(needed))
        dialog = OverrideDialog(needed)
        qtbot.addWidget(dialog)
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Family asked to finish today; agreed to shorter time")
        assert dialog.ok_button.isEnabled()
        return dialog.reason_text()

    window.ask_override = fill_override
    click(qtbot, agenda.next_button)
    assert agenda.stage_title.text() == "Decision"
    assert len(seen) == 1 and "reserved for decision and planning" in seen[0]
    override = stored(session).overrides[0]
    assert override.kind is ev.OverrideKind.ENTER_SHORT
    assert override.reason == "Family asked to finish today; agreed to shorter time"
    assert override.protected_minutes < override.needed_minutes

    # Decision per child, with each agency's view and a dissent.
    police, health, school = ids(window, "DC Tom Reddaway", "Sian Pritchard", "Gareth Lowe")
    maisie = window.decisions.tabs["maisie"]
    window.tabs.setCurrentWidget(window.decisions)
    for who, view in ((police, HarmView.SIGNIFICANT_HARM), (health, HarmView.SIGNIFICANT_HARM),
                      (school, HarmView.NOT_SIGNIFICANT_HARM)):
        maisie.view_person.setCurrentIndex(maisie.view_person.findData(who))
        maisie.view_choice.setCurrentIndex(maisie.view_choice.findData(view))
        for box in maisie.view_categories.values():
            box.setChecked(False)
        if view is HarmView.SIGNIFICANT_HARM:
            maisie.view_categories[Category.EMOTIONAL].setChecked(True)
        click(qtbot, maisie.view_button)
    assert maisie.views_table.rowCount() == 3
    maisie.decision_categories[Category.EMOTIONAL].setChecked(True)
    maisie.reasons.setPlainText("Ongoing exposure to domestic abuse at home.")
    click(qtbot, maisie.decision_button)
    assert "plan required: emotional abuse" in maisie.decision_summary.text()
    assert "Dissent: Gareth Lowe" in maisie.decision_summary.text()
    decision = stored(session).decisions["maisie"]
    assert decision.plan_required and decision.dissenting_ids == {school}

    alfie = window.decisions.tabs["alfie"]
    alfie.plan_required.setCurrentIndex(alfie.plan_required.findData(False))
    alfie.reasons.setPlainText("Alfie's needs are met through a child in need plan.")
    click(qtbot, alfie.decision_button)
    assert stored(session).decisions["alfie"].plan_required is False

    clock.advance(minutes=15)
    window.tabs.setCurrentIndex(0)
    click(qtbot, agenda.next_button)
    assert agenda.stage_title.text() == "The child protection plan"

    # The plan for Maisie.
    window.tabs.setCurrentWidget(window.decisions)
    maisie.lead.setCurrentIndex(maisie.lead.findData(ids(window, "Priya Okonedo")[0]))
    for row in range(maisie.core_group.count()):
        item = maisie.core_group.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in (police, health, school):
            item.setCheckState(Qt.CheckState.Checked)
    from PySide6.QtWidgets import QTableWidgetItem
    maisie.outcomes.setItem(0, 0, QTableWidgetItem("No arguments in front of the children"))
    maisie.outcomes.setItem(0, 1, QTableWidgetItem("Maisie says home feels calm"))
    by_when = session.conference.details.deadlines().review_due
    maisie.outcomes.setItem(0, 2, QTableWidgetItem(f"{by_when:%d/%m/%Y}"))
    maisie.seen_alone.setText("At every visit")
    maisie.contingency.setPlainText("Strategy discussion if there is a further incident.")
    click(qtbot, maisie.plan_button)
    plan = stored(session).plans["maisie"]
    assert plan.core_group_ids == {police, health, school}
    assert plan.outcomes[0].what_must_change == "No arguments in front of the children"
    assert plan.outcomes[0].by_when == by_when
    assert plan.first_core_group == session.conference.details.deadlines().first_core_group_due
    assert isinstance(plan.review_date, date)
    assert "Recorded: lead Priya Okonedo" in maisie.plan_summary.text()

    clock.advance(minutes=15)
    window.tabs.setCurrentIndex(0)
    click(qtbot, agenda.next_button)  # summary and close
    clock.advance(minutes=5)
    click(qtbot, agenda.end_button)
    assert agenda.stage_title.text() == "Meeting ended"
    final = stored(session)
    assert final.status is MeetingStatus.ENDED
    assert all(e.ended_at is not None for e in final.exclusions)
    assert not window.problem.isVisible()
