"""A new chair runs the demo conference through the window and finds no surprises (issue #16):

- without quorum the decision is interim: the chair is asked why and when the conference is
  re-listed, and the record and the letters say so (a letter made while the meeting runs is a
  DRAFT);
- the father excluded during the meeting gets the letter about it (window and command line);
- what the chair types (an override's or extension's reason) reaches a family copy only with
  the audience of the moment it was typed, and never when marked confidential;
- excluded on confidential grounds, what was said in his absence does not reach him through
  the mother's copy: the chair is asked who else may not have it in writing;
- the record holds the chair's notes, the social work report, the child's attendance, who
  was there, exclusion times to the second; the calendar invents no time; a child's letter is
  found by first name.

Every name is fictional.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from facilitator.cli import main
from facilitator.domain.calendar import add_working_days
from facilitator.domain.clock import FixedClock
from facilitator.domain.decisions import Category
from facilitator.domain.segments import ExclusionGround
from facilitator.views import PeopleGroup
from tests.record.conftest import docx_items, flat, pdf_text
from tests.ui.test_whole_conference import click, ids, stored
from ui.dialogs import ExclusionDialog

POLICE_LINE = "Liam is under investigation for an assault at the Marlowe Street flat"
EXCLUSION_REASON = "Police: a criminal investigation into Liam"
OVERRIDE_REASON = "Police update arrived late and took longer"
EXTENSION_REASON = "The police need ten more minutes on the investigation"
CHAIR_NOTE = "Chair explained the purpose, confidentiality and the complaints leaflet."
INTERIM_REASON = "Police and health sent apologies this morning; the family asked us to go on"


def note(qtbot, window, speaker: str, text: str) -> None:  # type: ignore[no-untyped-def]
    transcript = window.transcript
    transcript.speaker.setCurrentIndex(transcript.speaker.findData(ids(window, speaker)[0]))
    qtbot.keyClicks(transcript.note, text)
    qtbot.keyClick(transcript.note, Qt.Key.Key_Return)


def export_from_window(qtbot, window, folder: Path, *labels: str) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Record and letters…: tick these documents, export them as the chair does."""
    dialog = window.show_exports()
    dialog.folder.setText(str(folder))
    for row in dialog.rows.values():
        row.check.setChecked(False)
    for label in labels:
        dialog.row(label).check.setChecked(True)
    with qtbot.waitSignal(dialog.exportFinished, timeout=60000):
        click(qtbot, dialog.export_button)
    written = {label: dialog.row(label).written for label in labels}
    problems = {label: dialog.row(label).result.text() for label, path in written.items()
                if path is None}
    assert not problems, problems
    dialog.close()
    return {label: path for label, path in written.items() if path is not None}


def to_stage(qtbot, window, clock, title: str, minutes: float = 5) -> None:  # type: ignore[no-untyped-def]
    while window.agenda.stage_title.text() != title:
        clock.advance(minutes=minutes)
        click(qtbot, window.agenda.next_button)


def test_without_quorum_the_decision_is_interim_and_the_letter_a_draft(
        qtbot, window, session, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    people, agenda = window.people, window.agenda
    people.select(ids(window, "Priya Okonedo", "Martin Hale", "Jade Thornbury", "Liam Ashcombe"))
    click(qtbot, people.arrived_button)
    # before the start the header says what quorum needs (no alarm yet) ...
    assert "Quorum needs" in window.header.quorum.text()
    click(qtbot, agenda.start_button)
    assert "not quorate" in window.header.quorum.text()  # ... and once it has started
    to_stage(qtbot, window, clock, "Decision", minutes=8)

    asked: list[str] = []

    def fill_interim(needed):  # type: ignore[no-untyped-def]
        dialog = window.interim_dialog(needed)
        qtbot.addWidget(dialog)
        asked.append(str(needed))
        assert not dialog.ok_button.isEnabled(), "the reason is required"
        qtbot.keyClicks(dialog.reason, INTERIM_REASON)
        assert dialog.relist_on.date() == QDate(due.year, due.month, due.day)
        return dialog.choice()

    window.ask_interim = fill_interim
    day = session.conference.details.day
    due = add_working_days(day, 10, session.conference.details.nation)
    window.tabs.setCurrentWidget(window.decisions)
    maisie = window.decisions.tabs["maisie"]
    assert maisie.quorum_note.isVisible() and "interim" in maisie.quorum_note.text()
    maisie.decision_categories[Category.EMOTIONAL].setChecked(True)
    maisie.reasons.setPlainText("Ongoing exposure to domestic abuse at home.")
    click(qtbot, maisie.decision_button)

    assert len(asked) == 1 and "not quorate" in asked[0], "the chair must be asked"
    decision = stored(session).decisions["maisie"]
    assert decision.interim_reason == INTERIM_REASON and decision.relist_on == due
    assert "interim (inquorate)" in maisie.decision_summary.text()

    # The decision letter made while the meeting runs: a DRAFT that says interim, and when.
    files = export_from_window(qtbot, window, tmp_path / "running",
                               "Decision letter to Jade Thornbury",
                               "Full record (professionals)")
    letter = flat(pdf_text(files["Decision letter to Jade Thornbury"].read_bytes()))
    assert "DRAFT: the conference is still running" in letter
    relist = f"{due:%A} {due.day} {due:%B %Y}"
    assert "Interim decision (inquorate conference): Maisie Thornbury needs a child " \
           "protection plan" in letter
    assert f"re-listed for {relist}" in letter
    assert "No child protection plan is needed" not in letter  # the plan is still to come
    record = flat(pdf_text(files["Full record (professionals)"].read_bytes()))
    assert "Interim (inquorate): the conference was not quorate" in record
    assert INTERIM_REASON in record
    assert f"it is re-listed for {due.day} {due:%B %Y}" in record


@pytest.fixture
def run_cli(db_path: Path):  # type: ignore[no-untyped-def]
    def run(*args: str, now: datetime) -> int:
        return main(["--db", str(db_path), *args], clock=FixedClock(now))
    return run


def test_the_whole_conference_as_a_new_chair_runs_it(
        qtbot, window, session, clock, tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
        capsys: pytest.CaptureFixture[str]) -> None:
    people, agenda = window.people, window.agenda
    # The chair and the minute-taker are not marked as arrived: they run the meeting.
    people.select(ids(window, "Priya Okonedo", "DC Tom Reddaway", "Sian Pritchard",
                      "Gareth Lowe", "Jade Thornbury", "Liam Ashcombe", "Carys Bell"))
    click(qtbot, people.arrived_button)
    assert window.header.quorum.text().startswith("✔ quorate")
    click(qtbot, agenda.start_button)
    note(qtbot, window, "Helen Marsh", CHAIR_NOTE)
    clock.advance(minutes=2)
    note(qtbot, window, "Rob Kendal", "I am Rob, I take the minutes.")
    to_stage(qtbot, window, clock, "Agency reports")

    # Liam is moved out: the police share a criminal investigation into him.
    seen: dict[str, object] = {}

    def fill_exclusion(chosen):  # type: ignore[no-untyped-def]
        dialog = window.exclusion_dialog(chosen)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, ExclusionDialog)
        dialog.ground_boxes[ExclusionGround.CONFIDENTIAL_INFORMATION].setChecked(True)
        dialog.requested_by.setCurrentText("DC Tom Reddaway")
        qtbot.keyClicks(dialog.reason, EXCLUSION_REASON)
        # asked who else may not have this part in writing: every family copy by default
        seen["asked"] = not dialog.in_writing.isHidden()
        seen["boxes"] = {n: b.isChecked() for n, b in dialog.withheld_boxes.items()}
        seen["confidential"] = dialog.reason_confidential.isChecked()
        return dialog.request()

    window.ask_exclusion = fill_exclusion
    jade, liam = ids(window, "Jade Thornbury", "Liam Ashcombe")
    people.select([liam])
    click(qtbot, people.exclude_button)
    assert seen == {"asked": True, "boxes": {jade: True}, "confidential": True}
    # his interpreter goes out with him (the chair did not keep her in)
    assert people.group_members(PeopleGroup.OUT_OF_SEGMENT) == ["Liam Ashcombe", "Zofia Nowak"]
    note(qtbot, window, "DC Tom Reddaway", POLICE_LINE)

    # While Liam is out the chair extends the meeting (the reason is typed in his absence).
    def fill_extension():  # type: ignore[no-untyped-def]
        dialog = window.extension_dialog()
        qtbot.addWidget(dialog)
        seen["extension warning"] = dialog.warning.text()
        dialog.minutes.setValue(10)
        qtbot.keyClicks(dialog.reason, EXTENSION_REASON)
        return dialog.minutes.value(), dialog.reason.text()

    window.ask_extension = fill_extension
    click(qtbot, agenda.extend_meeting_button)
    assert "Liam Ashcombe" in str(seen["extension warning"])
    clock.advance(seconds=40)
    people.select([liam])
    click(qtbot, people.bring_back_button)

    # The agency reports overran: entering the decision needs an override. The chair's reason
    # hints at what Liam missed, so the chair marks it confidential.
    def fill_override(needed):  # type: ignore[no-untyped-def]
        dialog = window.override_dialog(needed)
        qtbot.addWidget(dialog)
        seen["override warning"] = dialog.warning.text()
        qtbot.keyClicks(dialog.reason, OVERRIDE_REASON)
        dialog.confidential.setChecked(True)
        return dialog.answer()

    window.ask_override = fill_override
    clock.advance(minutes=60)
    to_stage(qtbot, window, clock, "Decision")
    assert "Liam Ashcombe" in str(seen["override warning"])
    assert stored(session).overrides[0].confidential

    window.tabs.setCurrentWidget(window.decisions)
    maisie = window.decisions.tabs["maisie"]
    assert not maisie.quorum_note.isVisible()
    maisie.decision_categories[Category.EMOTIONAL].setChecked(True)
    maisie.reasons.setPlainText("Ongoing exposure to domestic abuse at home.")
    click(qtbot, maisie.decision_button)
    assert not stored(session).decisions["maisie"].interim
    alfie = window.decisions.tabs["alfie"]
    alfie.plan_required.setCurrentIndex(alfie.plan_required.findData(False))
    alfie.reasons.setPlainText("Alfie's needs are met through a child in need plan.")
    click(qtbot, alfie.decision_button)
    window.tabs.setCurrentIndex(0)
    clock.advance(minutes=20)
    click(qtbot, agenda.next_button)  # the plan
    window.tabs.setCurrentWidget(window.decisions)
    maisie.lead.setCurrentIndex(maisie.lead.findData(ids(window, "Priya Okonedo")[0]))
    from PySide6.QtWidgets import QTableWidgetItem
    maisie.outcomes.setItem(0, 0, QTableWidgetItem("No arguments in front of the children"))
    from tests.ui.test_plan_form import pick_date  # an outcome needs a readable date
    pick_date(qtbot, maisie.outcomes, 0,
              window.bridge.conference.details.day + timedelta(days=42))
    maisie.seen_alone.setText("At every visit")
    maisie.contingency.setPlainText("Strategy discussion if there is a further incident.")
    click(qtbot, maisie.plan_button)
    assert "maisie" in stored(session).plans
    window.tabs.setCurrentIndex(0)
    clock.advance(minutes=15)
    click(qtbot, agenda.next_button)
    clock.advance(minutes=5)
    click(qtbot, agenda.end_button)
    assert not window.problem.isVisible(), window.problem.text()

    files = export_from_window(
        qtbot, window, tmp_path / "out", "Full record (professionals)",
        "Family copy for Jade Thornbury", "Family copy for Liam Ashcombe",
        "Exclusion letter to Liam Ashcombe", "Letter to Maisie Thornbury")
    full = flat(pdf_text(files["Full record (professionals)"].read_bytes()))
    jades = flat(pdf_text(files["Family copy for Jade Thornbury"].read_bytes()))
    liams = flat(pdf_text(files["Family copy for Liam Ashcombe"].read_bytes()))
    letter = flat(pdf_text(files["Exclusion letter to Liam Ashcombe"].read_bytes()))

    # 13: the police line reaches neither parent in writing; the record says what was decided.
    assert POLICE_LINE in full
    assert POLICE_LINE not in liams and POLICE_LINE not in jades
    assert ("also left out of the written copy of Jade Thornbury (parent), who heard it"
            in full)
    assert "Not in this written copy, though you were present" in jades
    # 6: the chair's reasons follow the audience of their moment, and confidentiality.
    assert f"[Confidential] {OVERRIDE_REASON}" in full and EXTENSION_REASON in full
    for copy in (jades, liams):
        assert OVERRIDE_REASON not in copy and EXTENSION_REASON not in copy
    # 5: the letter about his exclusion, with the grounds but not the confidential reason.
    assert "During the conference I asked you to leave part of the meeting" in letter
    assert "members must receive confidential information" in letter
    assert "criminal investigation into Liam" not in letter
    assert "cannot be shared with you in writing" in letter
    # 15: the record as the chair ran the meeting.
    opening = full.split("Purpose, confidentiality and introductions", 1)[1][:400]
    assert CHAIR_NOTE in opening and "Nothing recorded" not in opening
    tables = [i.text for i in docx_items(_docx(window, qtbot, tmp_path)) if i.kind == "table"]
    assert any("Fernbridge Children's Services | Priya Okonedo (child's social worker) | "
               "not recorded as received" in t for t in tables)
    assert "Maisie Thornbury (age 8) Not recorded: whether the child attends" in full
    assert "Helen Marsh" in full and "chaired the meeting" in full
    assert re.search(r"Rob Kendal Minute-taker.{0,120}spoke from", full)
    assert not re.search(r"(Helen Marsh|Rob Kendal) [^|]{0,100}invited; did not attend", full)
    assert "(40 s)" in full  # a 40-second exclusion, to the second

    # The command line on the same database: the letter, the child's letter by first name,
    # calendar entries that invent no time.
    ended = stored(session).ended_at
    assert ended is not None
    conference = session.conference.id[:8]
    later = ended + timedelta(days=1)
    out = tmp_path / "cli"
    out.mkdir()
    assert run_cli("exclusion-letter", conference, "--for", "Liam Ashcombe",
                   "--out", str(out / "liam.pdf"), "--sent", now=later) == 0
    assert EXCLUSION_REASON not in flat(pdf_text((out / "liam.pdf").read_bytes()))
    assert run_cli("export", conference, "--kind", "child-letter", "--for", "Maisie",
                   "--out", str(out / "maisie.pdf"), now=later) == 0
    assert run_cli("export", conference, "--kind", "ics", "--out", str(out / "plan.ics"),
                   now=later) == 0
    calendar = (out / "plan.ics").read_text()
    assert "DTSTART;VALUE=DATE:" in calendar and "T100000" not in calendar
    assert "LOCATION" not in calendar
    capsys.readouterr()
    assert run_cli("circulation", conference, "--on", later.date().isoformat(), now=later) == 0
    assert "letter about the exclusion" in capsys.readouterr().out


def _docx(window, qtbot, tmp_path: Path) -> bytes:  # type: ignore[no-untyped-def]
    """The full record as Word (its tables read back cell by cell)."""
    dialog = window.show_exports()
    dialog.docx.setChecked(True)
    files = export_from_window(qtbot, window, tmp_path / "docx", "Full record (professionals)")
    dialog.pdf.setChecked(True)
    return files["Full record (professionals)"].read_bytes()
