"""The plan form shows what is stored, keeps ticks not yet recorded, picks dates in UK format
and refuses a date it cannot read (issue #16, item 2)."""

from __future__ import annotations

import re
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QTableWidgetItem

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.commands import agenda
from facilitator.domain.decisions import Category
from ui.plan_outcomes import COLUMNS, qdate

UK_DAY = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def by_name(window) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {a.name: a.id for a in window.bridge.conference.attendees.values()}


def ticked(tab) -> set[str]:  # type: ignore[no-untyped-def]
    items = [tab.core_group.item(row) for row in range(tab.core_group.count())]
    return {i.data(Qt.ItemDataRole.UserRole) for i in items
            if i.checkState() is Qt.CheckState.Checked}


def tick(tab, ids: set[str]) -> None:  # type: ignore[no-untyped-def]
    for row in range(tab.core_group.count()):
        item = tab.core_group.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in ids:
            item.setCheckState(Qt.CheckState.Checked)


def pick_date(qtbot, table, row: int, day) -> None:  # type: ignore[no-untyped-def]
    """Double-click the "By when" cell, choose the day in the date picker, press Enter."""
    index = table.model().index(row, 2)
    table.setCurrentIndex(index)  # the picker opens on the cell
    editor = table.findChild(QDateEdit)
    assert editor is not None and editor.calendarPopup()
    editor.setDate(qdate(day))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not table.findChildren(QDateEdit), timeout=2000)


def _interim(window) -> None:  # type: ignore[no-untyped-def]
    """Nobody has arrived in these tests: the decision is interim, and the chair says why."""
    from ui.meeting_client import InterimChoice

    window.ask_interim = lambda needed: InterimChoice(
        "the police could not attend; Maisie needs a plan now", None)


def test_the_plan_form_shows_what_is_stored(qtbot, window, session, meeting) -> None:  # type: ignore[no-untyped-def]
    _interim(window)
    session.execute(agenda.start_meeting)
    who = by_name(window)
    maisie = window.decisions.tabs["maisie"]
    window.tabs.setCurrentWidget(window.decisions)
    maisie.decision_categories[Category.EMOTIONAL].setChecked(True)
    maisie.reasons.setPlainText("Ongoing exposure to domestic abuse at home.")
    click(qtbot, maisie.decision_button)
    assert window.bridge.conference.decisions["maisie"].plan_required

    # unsaved ticks survive whatever else happens meanwhile (a late arrival is marked)
    core = {who["DC Tom Reddaway"], who["Sian Pritchard"], who["Gareth Lowe"],
            who["Jade Thornbury"], who["Liam Ashcombe"], who["Priya Okonedo"],
            who["Martin Hale"], who["Dr Anita Varga"]}
    tick(maisie, core)
    window.people.select([who["Sian Pritchard"]])
    click(qtbot, window.people.arrived_button)
    assert window.bridge.conference.attendees[who["Sian Pritchard"]].state is (
        AttendanceState.PRESENT)
    assert ticked(maisie) == core, "ticks not yet recorded were lost on a refresh"

    # dates read as a chair in the UK reads them
    for field in (maisie.first_core_group, maisie.review_date):
        assert UK_DAY.match(field.text()), field.text()
        assert field.calendarPopup()
    deadlines = session.conference.details.deadlines()

    # an outcome whose date cannot be read is refused, with how to write it
    table = maisie.outcomes
    table.setItem(0, 0, QTableWidgetItem("No arguments in front of the children"))
    table.setItem(0, 1, QTableWidgetItem("Maisie says home feels calm"))
    table.setItem(0, 2, QTableWidgetItem("next month"))
    maisie.lead.setCurrentIndex(maisie.lead.findData(who["Priya Okonedo"]))
    maisie.seen_alone.setText("At every visit")
    maisie.contingency.setPlainText("Strategy discussion if there is a further incident.")
    click(qtbot, maisie.plan_button)
    assert "maisie" not in session.store.load(session.conference.id).plans
    assert window.problem.isVisible()
    assert "Outcome 1: \u201cnext month\u201d is not a date" in window.problem.text()
    assert "18/12/2026" in window.problem.text()

    # ... and one with no date at all is refused too, never given the review date
    table.setItem(0, 2, QTableWidgetItem(""))
    click(qtbot, maisie.plan_button)
    assert "choose the date" in window.problem.text()
    assert "maisie" not in session.store.load(session.conference.id).plans

    by_when = deadlines.review_due - timedelta(days=30)
    pick_date(qtbot, table, 0, by_when)
    assert table.item(0, 2).text() == f"{by_when.day} {by_when:%b %Y}"
    table.setItem(1, 0, QTableWidgetItem("Jade goes to the Freedom Programme"))
    table.setItem(1, 1, QTableWidgetItem("Certificate of completion"))
    table.setItem(1, 2, QTableWidgetItem(f"{by_when:%d/%m/%Y}"))
    click(qtbot, maisie.plan_button)
    plan = session.store.load(session.conference.id).plans["maisie"]
    assert plan.core_group_ids == core
    assert [o.by_when for o in plan.outcomes] == [by_when, by_when]
    assert not window.problem.isVisible()

    # after recording, the form shows the stored plan, and keeps showing it
    assert ticked(maisie) == core
    window.people.select([who["Gareth Lowe"]])
    click(qtbot, window.people.arrived_button)
    assert ticked(maisie) == core
    assert "core group" in maisie.plan_summary.text()

    # a window opened afresh on the meeting shows the stored plan too
    from ui.chair_window import ChairWindow

    again = ChairWindow(meeting)
    again.ticker.stop()
    qtbot.addWidget(again)
    shown = again.decisions.tabs["maisie"]
    assert ticked(shown) == core
    assert shown.outcomes.item(1, 0).text() == "Jade goes to the Freedom Programme"
    assert shown.seen_alone.text() == "At every visit"
    assert shown.reasons.toPlainText() == "Ongoing exposure to domestic abuse at home."


def test_the_outcome_columns_are_readable(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.decisions)
    table = window.decisions.tabs["maisie"].outcomes
    for size in ((1366, 768), (1280, 720)):
        window.resize(*size)
        QApplication.processEvents()
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        for column, title in enumerate(COLUMNS):
            assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 12, (
                size, title, header.sectionSize(column))
