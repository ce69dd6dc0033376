"""Decision and plan, per child: agency views, the chair's decision with dissent, the plan."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.attendees import Child
from facilitator.domain.conference import Conference
from facilitator.domain.decisions import Category, HarmView, Outcome, Plan, categories_for
from facilitator.domain.roles import Party

from .widgets import named


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ChildDecisionTab(QScrollArea):
    viewSubmitted = Signal(str, str, object, list, str)  # child, attendee, view, cats, comment
    decisionSubmitted = Signal(str, bool, list, str, str)  # child, plan?, cats, reasons, dissent
    planSubmitted = Signal(object)  # Plan

    def __init__(self, conference: Conference, child: Child, parent: QWidget | None = None):
        super().__init__(parent)
        self.child = child
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._views_box(conference))
        layout.addWidget(self._decision_box(conference))
        layout.addWidget(self._plan_box(conference))
        layout.addStretch(1)
        self.setWidget(body)

    def _category_boxes(self, conference: Conference, prefix: str) -> dict[Category, QCheckBox]:
        return {c: named(QCheckBox(c.value), f"{prefix} {c.value}")
                for c in categories_for(conference.details.nation)}

    def _views_box(self, conference: Conference) -> QGroupBox:
        box = QGroupBox(f"Each agency's view: has {self.child.name} suffered, or is likely to "
                        "suffer, significant harm?")
        layout = QVBoxLayout(box)
        form = QHBoxLayout()
        self.view_person = named(QComboBox(), "Agency")
        self.view_choice = named(QComboBox(), "View")
        for view in HarmView:
            self.view_choice.addItem(view.value, view)
        self.view_comment = named(QLineEdit(), "View comment")
        self.view_comment.setPlaceholderText("Comment")
        form.addWidget(self.view_person)
        form.addWidget(self.view_choice, 1)
        form.addWidget(self.view_comment, 1)
        layout.addLayout(form)
        cats = QHBoxLayout()
        self.view_categories = self._category_boxes(conference, "View category")
        for checkbox in self.view_categories.values():
            cats.addWidget(checkbox)
        self.view_button = named(QPushButton("Record view"), "Record view")
        self.view_button.clicked.connect(self._submit_view)
        cats.addWidget(self.view_button)
        layout.addLayout(cats)
        self.views_table = named(QTableWidget(0, 3), "Recorded views")
        self.views_table.setHorizontalHeaderLabels(["Agency", "View", "Categories"])
        self.views_table.horizontalHeader().setStretchLastSection(True)
        self.views_table.setMinimumHeight(110)
        layout.addWidget(self.views_table)
        return box

    def _decision_box(self, conference: Conference) -> QGroupBox:
        box = QGroupBox("The chair's decision")
        form = QFormLayout(box)
        self.plan_required = named(QComboBox(), "Plan required")
        self.plan_required.addItem("A child protection plan is required", True)
        self.plan_required.addItem("No child protection plan", False)
        form.addRow("Decision", self.plan_required)
        cats = QHBoxLayout()
        self.decision_categories = self._category_boxes(conference, "Decision category")
        for checkbox in self.decision_categories.values():
            cats.addWidget(checkbox)
        form.addRow("Category", cats)
        self.reasons = named(QPlainTextEdit(), "Decision reasons")
        self.reasons.setMaximumHeight(60)
        form.addRow("Reasons", self.reasons)
        self.dissent = named(QLineEdit(), "Dissent note")
        form.addRow("Dissent", self.dissent)
        self.quorum_note = named(QLabel(""), "Quorum for the decision")
        self.quorum_note.setWordWrap(True)
        self.quorum_note.setStyleSheet("color:#975a16;")
        self.quorum_note.hide()
        form.addRow(self.quorum_note)
        self.decision_button = named(QPushButton("Record decision"), "Record decision")
        self.decision_button.clicked.connect(self._submit_decision)
        self.decision_summary = named(QLabel("No decision recorded yet."), "Decision summary")
        self.decision_summary.setWordWrap(True)
        form.addRow(self.decision_button, self.decision_summary)
        return box

    def _plan_box(self, conference: Conference) -> QGroupBox:
        box = QGroupBox("The child protection plan")
        form = QFormLayout(box)
        deadlines = conference.details.deadlines()
        self.lead = named(QComboBox(), "Lead social worker")
        form.addRow("Lead social worker", self.lead)
        self.core_group = named(QListWidget(), "Core group members")
        self.core_group.setMaximumHeight(110)
        form.addRow("Core group", self.core_group)
        self.first_core_group = named(QDateEdit(_qdate(deadlines.first_core_group_due)),
                                      "First core group date")
        self.first_core_group.setCalendarPopup(True)
        form.addRow(f"First core group (by {deadlines.first_core_group_due:%d %b})",
                    self.first_core_group)
        self.review_date = named(QDateEdit(_qdate(deadlines.review_due)), "Review date")
        self.review_date.setCalendarPopup(True)
        form.addRow(f"Review (by {deadlines.review_due:%d %b %Y})", self.review_date)
        self.outcomes = named(QTableWidget(3, 3), "Outcomes")
        self.outcomes.setHorizontalHeaderLabels(["What must change", "How we will know",
                                                 "By (YYYY-MM-DD)"])
        self.outcomes.horizontalHeader().setStretchLastSection(True)
        self.outcomes.setMinimumHeight(110)
        form.addRow("Outcomes", self.outcomes)
        self.seen_alone = named(QLineEdit(), "Seen alone")
        self.seen_alone.setPlaceholderText("e.g. at every visit, at least every 10 working days")
        form.addRow("Child seen alone", self.seen_alone)
        self.contingency = named(QPlainTextEdit(), "Contingency")
        self.contingency.setMaximumHeight(60)
        form.addRow("Contingency", self.contingency)
        self.plan_button = named(QPushButton("Record plan"), "Record plan")
        self.plan_button.clicked.connect(self._submit_plan)
        self.plan_summary = named(QLabel(""), "Plan summary")
        form.addRow(self.plan_button, self.plan_summary)
        return box

    # ---- submitting ------------------------------------------------------------------------
    def _submit_view(self) -> None:
        cats = [c for c, b in self.view_categories.items() if b.isChecked()]
        self.viewSubmitted.emit(self.child.id, self.view_person.currentData(),
                                self.view_choice.currentData(), cats, self.view_comment.text())

    def _submit_decision(self) -> None:
        cats = [c for c, b in self.decision_categories.items() if b.isChecked()]
        self.decisionSubmitted.emit(self.child.id, bool(self.plan_required.currentData()), cats,
                                    self.reasons.toPlainText(), self.dissent.text())

    def outcome_rows(self) -> tuple[Outcome, ...]:
        rows = []
        for row in range(self.outcomes.rowCount()):
            cells = [self.outcomes.item(row, c) for c in range(3)]
            texts = [c.text().strip() if c else "" for c in cells]
            if not any(texts):
                continue
            try:
                by_when = date.fromisoformat(texts[2])
            except ValueError:
                by_when = _pydate(self.review_date.date())
            rows.append(Outcome(texts[0], texts[1], by_when))
        return tuple(rows)

    def _submit_plan(self) -> None:
        members = frozenset(
            str(self.core_group.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.core_group.count())
            if self.core_group.item(i).checkState() is Qt.CheckState.Checked
        )
        self.planSubmitted.emit(Plan(
            child_id=self.child.id, lead_social_worker_id=str(self.lead.currentData()),
            core_group_ids=members, first_core_group=_pydate(self.first_core_group.date()),
            outcomes=self.outcome_rows(), seen_alone=self.seen_alone.text().strip(),
            contingency=self.contingency.toPlainText().strip(),
            review_date=_pydate(self.review_date.date()),
        ))

    # ---- showing ---------------------------------------------------------------------------
    def refresh(self, conference: Conference) -> None:
        professionals = [a for a in conference.attendees.values()
                         if a.role.party is Party.PROFESSIONAL]
        self._fill_combo(self.view_person, [(f"{a.name} ({a.agency or a.role.label})", a.id)
                                            for a in professionals])
        self._fill_combo(self.lead, [(a.name, a.id) for a in professionals
                                     if a.role.key in ("social_worker", "social_work_manager")])
        if self.core_group.count() != len(conference.attendees):
            self.core_group.clear()
            for person in conference.attendees.values():
                if person.role.party in (Party.PROFESSIONAL, Party.FAMILY):
                    item = QListWidgetItem(f"{person.name} ({person.role.label})")
                    item.setData(Qt.ItemDataRole.UserRole, person.id)
                    item.setCheckState(Qt.CheckState.Unchecked)
                    self.core_group.addItem(item)
        views = [v for (child, _), v in conference.views.items() if child == self.child.id]
        self.views_table.setRowCount(len(views))
        for row, view in enumerate(views):
            person = conference.attendees[view.attendee_id]
            cells = (f"{person.name} ({person.agency or person.role.label})", view.view.value,
                     ", ".join(sorted(c.value for c in view.categories)))
            for column, text in enumerate(cells):
                self.views_table.setItem(row, column, QTableWidgetItem(text))
        quorum = conference.quorum()
        self.quorum_note.setText("" if quorum.met else (
            f"Not quorate ({quorum.reason.removeprefix('not quorate: ')}): a decision now is an "
            "interim one; you will be asked why, and when the conference is re-listed."))
        self.quorum_note.setVisible(not quorum.met)
        decision = conference.decisions.get(self.child.id)
        if decision is not None:
            outcome = ("plan required: " + ", ".join(sorted(c.value for c in decision.categories))
                       if decision.plan_required else "no plan required")
            if decision.interim:
                outcome = f"interim (inquorate), {outcome}"
                if decision.relist_on is not None:
                    outcome += f"; re-listed for {decision.relist_on:%A %d %B}"
            dissent = ", ".join(conference.attendees[a].name for a in decision.dissenting_ids)
            self.decision_summary.setText(
                f"Recorded: {outcome}." + (f" Dissent: {dissent}." if dissent else ""))
        plan = conference.plans.get(self.child.id)
        if plan is not None:
            self.plan_summary.setText(
                f"Recorded: lead {conference.attendees[plan.lead_social_worker_id].name}, "
                f"first core group {plan.first_core_group:%d %b}, review "
                f"{plan.review_date:%d %b %Y}.")

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        if [combo.itemData(i) for i in range(combo.count())] == [v for _, v in items]:
            return
        current = combo.currentData()
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))


class DecisionPanel(QTabWidget):
    def __init__(self, conference: Conference, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Decision and plan per child")
        self.tabs: dict[str, ChildDecisionTab] = {}
        for child in conference.details.children:
            tab = ChildDecisionTab(conference, child)
            self.tabs[child.id] = tab
            self.addTab(tab, child.name)

    def refresh(self, conference: Conference) -> None:
        for tab in self.tabs.values():
            tab.refresh(conference)
