"""Decision and plan, per child: agency views, the chair's decision with dissent, the plan."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.attendees import Attendee, Child
from facilitator.domain.conference import Conference
from facilitator.domain.decisions import (
    Category,
    ChildDecision,
    HarmView,
    Outcome,
    Plan,
    categories_for,
)
from facilitator.domain.minutes import MAX_SAFETY_SCORE
from facilitator.domain.roles import Party
from facilitator.record.build import signs_of_safety
from facilitator.record.quorum import quorum_problems
from facilitator.services.meeting_settings import ALWAYS, SIGNS_OF_SAFETY

from .language import term, words
from .plan_outcomes import OutcomeProblem, OutcomesTable, date_edit, pydate, qdate, uk_date
from .widgets import local_time, named
from .wrapping import fill_table, stretch_columns


def _who(person: Attendee) -> str:
    return f"{person.name} ({person.agency or term(person.role.label)})"


def shows_safety_scale(conference: Conference, choice: str) -> bool:
    """The council's choice (settings.yaml decision.safety_scale): always, or for
    conferences that follow Signs of Safety (or where a scale was already recorded)."""
    return choice == ALWAYS or signs_of_safety(conference)


class ChildDecisionTab(QScrollArea):
    viewSubmitted = Signal(str, str, object, list, str)  # child, attendee, view, cats, comment
    decisionSubmitted = Signal(str, bool, list, str, str)  # child, plan?, cats, reasons, dissent
    planSubmitted = Signal(object)  # Plan
    scaleSubmitted = Signal(str, str, int)  # child, attendee, 0-10
    problem = Signal(str)  # something in the form that cannot be recorded as it is

    def __init__(self, conference: Conference, child: Child, parent: QWidget | None = None,
                 safety_scale: str = SIGNS_OF_SAFETY):
        super().__init__(parent)
        self.child = child
        self.safety_scale = safety_scale
        self._shown_decision: ChildDecision | None = None  # the stored one the form shows
        self._shown_plan: Plan | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._views_box(conference))
        self.scale_box = self._scale_box()
        self.scale_box.setVisible(shows_safety_scale(conference, safety_scale))
        layout.addWidget(self.scale_box)
        layout.addWidget(self._decision_box(conference))
        layout.addWidget(self._plan_box(conference))
        layout.addStretch(1)
        self.setWidget(body)

    def _category_boxes(self, conference: Conference, prefix: str) -> dict[Category, QCheckBox]:
        return {c: named(QCheckBox(term(c.value)), f"{prefix} {c.value}")
                for c in categories_for(conference.details.nation)}

    def _views_box(self, conference: Conference) -> QGroupBox:
        box = QGroupBox(self.tr("Each agency's view: has {name} suffered, or is likely to "
                                "suffer, significant harm?").format(name=self.child.name))
        layout = QVBoxLayout(box)
        form = QHBoxLayout()
        self.view_person = named(QComboBox(), "Agency")
        self.view_choice = named(QComboBox(), "View")
        for view in HarmView:
            self.view_choice.addItem(view.value, view)
        self.view_comment = named(QLineEdit(), "View comment")
        self.view_comment.setPlaceholderText(self.tr("Comment"))
        form.addWidget(self.view_person)
        form.addWidget(self.view_choice, 1)
        form.addWidget(self.view_comment, 1)
        layout.addLayout(form)
        cats = QHBoxLayout()
        self.view_categories = self._category_boxes(conference, "View category")
        for checkbox in self.view_categories.values():
            cats.addWidget(checkbox)
        self.view_button = named(QPushButton(self.tr("Record view")), "Record view")
        self.view_button.clicked.connect(self._submit_view)
        cats.addWidget(self.view_button)
        layout.addLayout(cats)
        self.views_table = named(QTableWidget(0, 4), "Recorded views")
        self.views_table.setHorizontalHeaderLabels([self.tr("Agency"), self.tr("View"),
                                                    self.tr("Categories"), self.tr("Comment")])
        stretch_columns(self.views_table)
        self.views_table.setMinimumHeight(110)
        layout.addWidget(self.views_table)
        return box

    def _scale_box(self) -> QGroupBox:
        name = self.child.name.split()[0]
        box = QGroupBox(self.tr("Signs of Safety scale: how safe is {name} now?").format(
            name=name))
        box.setAccessibleName("Signs of Safety scale")
        layout = QVBoxLayout(box)
        intro = QLabel(self.tr("Each agency, and the family, gives a number from 0 to {top}: 0 "
                               "means {name} will certainly be harmed (again); {top} means "
                               "everyone agrees {name} is safe enough for the case to close. The "
                               "numbers go into the record with the decision.").format(
            top=MAX_SAFETY_SCORE, name=name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QHBoxLayout()
        self.scale_person = named(QComboBox(), "Safety scale: who")
        self.scale_score = named(QSpinBox(), "Safety scale: number",
                                 self.tr("0 (certain harm) to {top} (safe enough to "
                                         "close)").format(top=MAX_SAFETY_SCORE))
        self.scale_score.setRange(0, MAX_SAFETY_SCORE)
        self.scale_score.setValue(MAX_SAFETY_SCORE // 2)
        self.scale_score.setPrefix(self.tr("Scale "))
        self.scale_score.setSuffix(self.tr(" of {top}").format(top=MAX_SAFETY_SCORE))
        self.scale_button = named(QPushButton(self.tr("Record scale")), "Record safety scale")
        self.scale_button.clicked.connect(self._submit_scale)
        form.addWidget(self.scale_person, 1)
        form.addWidget(self.scale_score)
        form.addWidget(self.scale_button)
        layout.addLayout(form)
        self.scale_table = named(QTableWidget(0, 3), "Recorded safety scale")
        self.scale_table.setHorizontalHeaderLabels([self.tr("Who"), self.tr("Scale (0-10)"),
                                                    self.tr("Recorded at")])
        stretch_columns(self.scale_table, fixed=(1, 2))
        self.scale_table.setMinimumHeight(90)
        layout.addWidget(self.scale_table)
        return box

    def _decision_box(self, conference: Conference) -> QGroupBox:
        box = QGroupBox(self.tr("The chair's decision"))
        form = QFormLayout(box)
        self.plan_required = named(QComboBox(), "Plan required")
        self.plan_required.addItem(self.tr("A child protection plan is required"), True)
        self.plan_required.addItem(self.tr("No child protection plan"), False)
        form.addRow(self.tr("Decision"), self.plan_required)
        cats = QHBoxLayout()
        self.decision_categories = self._category_boxes(conference, "Decision category")
        for checkbox in self.decision_categories.values():
            cats.addWidget(checkbox)
        form.addRow(self.tr("Category"), cats)
        self.reasons = named(QPlainTextEdit(), "Decision reasons")
        self.reasons.setMaximumHeight(60)
        form.addRow(self.tr("Reasons"), self.reasons)
        self.dissent = named(QLineEdit(), "Dissent note")
        form.addRow(self.tr("Dissent"), self.dissent)
        self.quorum_note = named(QLabel(""), "Quorum for the decision")
        self.quorum_note.setWordWrap(True)
        self.quorum_note.setStyleSheet("color:#975a16;")
        self.quorum_note.hide()
        form.addRow(self.quorum_note)
        self.decision_button = named(QPushButton(self.tr("Record decision")), "Record decision")
        self.decision_button.clicked.connect(self._submit_decision)
        self.decision_summary = named(QLabel(self.tr("No decision recorded yet.")),
                                      "Decision summary")
        self.decision_summary.setWordWrap(True)
        form.addRow(self.decision_button, self.decision_summary)
        return box

    def _plan_box(self, conference: Conference) -> QGroupBox:
        box = QGroupBox(self.tr("The child protection plan"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        deadlines = conference.details.deadlines()
        self.lead = named(QComboBox(), "Lead social worker")
        form.addRow(self.tr("Lead social worker"), self.lead)
        self.core_group = named(QListWidget(), "Core group members",
                                self.tr("Tick each person in the core group"))
        self.core_group.setMinimumHeight(150)
        form.addRow(self.tr("Core group"), self.core_group)
        self.first_core_group = date_edit(deadlines.first_core_group_due,
                                          "First core group date")
        form.addRow(self.tr("First core group (by {day})").format(
            day=uk_date(deadlines.first_core_group_due)), self.first_core_group)
        self.late_reason = named(QLineEdit(), "Why the first core group is later",
                                 self.tr("Needed only when the first core group is after "
                                         "{day}").format(
                                     day=uk_date(deadlines.first_core_group_due)))
        self.late_reason.setPlaceholderText(self.tr("Only if it is later than that: why"))
        form.addRow(self.tr("If later, why"), self.late_reason)
        self.review_date = date_edit(deadlines.review_due, "Review date")
        form.addRow(self.tr("Review (by {day})").format(day=uk_date(deadlines.review_due)),
                    self.review_date)
        self.outcomes = OutcomesTable(deadlines.review_due)
        self.add_outcome = named(QPushButton(self.tr("Add an outcome")), "Add an outcome")
        self.add_outcome.clicked.connect(self.outcomes.add_row)
        outcomes = QVBoxLayout()
        outcomes.addWidget(self.outcomes)
        outcomes.addWidget(self.add_outcome, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Outcomes"), outcomes)
        self.seen_alone = named(QLineEdit(), "Seen alone")
        self.seen_alone.setPlaceholderText(self.tr("e.g. at every visit, at least every 10 "
                                                   "working days"))
        form.addRow(self.tr("Child seen alone"), self.seen_alone)
        self.contingency = named(QPlainTextEdit(), "Contingency")
        self.contingency.setMaximumHeight(60)
        form.addRow(self.tr("Contingency"), self.contingency)
        self.plan_button = named(QPushButton(self.tr("Record plan")), "Record plan")
        self.plan_button.clicked.connect(self._submit_plan)
        self.plan_summary = named(QLabel(""), "Plan summary")
        self.plan_summary.setWordWrap(True)
        form.addRow(self.plan_button, self.plan_summary)
        return box

    # ---- submitting ------------------------------------------------------------------------
    def _submit_view(self) -> None:
        cats = [c for c, b in self.view_categories.items() if b.isChecked()]
        self.viewSubmitted.emit(self.child.id, self.view_person.currentData(),
                                self.view_choice.currentData(), cats, self.view_comment.text())

    def _submit_scale(self) -> None:
        self.scaleSubmitted.emit(self.child.id, self.scale_person.currentData(),
                                 self.scale_score.value())

    def _submit_decision(self) -> None:
        cats = [c for c, b in self.decision_categories.items() if b.isChecked()]
        self.decisionSubmitted.emit(self.child.id, bool(self.plan_required.currentData()), cats,
                                    self.reasons.toPlainText(), self.dissent.text())

    def outcome_rows(self) -> tuple[Outcome, ...]:
        return self.outcomes.outcomes()

    def core_group_ticked(self) -> frozenset[str]:
        return frozenset(
            str(self.core_group.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.core_group.count())
            if self.core_group.item(i).checkState() is Qt.CheckState.Checked
        )

    def _submit_plan(self) -> None:
        try:
            outcomes = self.outcome_rows()
        except OutcomeProblem as problem:
            self.problem.emit(str(problem))
            return
        self.planSubmitted.emit(Plan(
            child_id=self.child.id, lead_social_worker_id=str(self.lead.currentData()),
            core_group_ids=self.core_group_ticked(),
            first_core_group=pydate(self.first_core_group.date()),
            outcomes=outcomes, seen_alone=self.seen_alone.text().strip(),
            contingency=self.contingency.toPlainText().strip(),
            review_date=pydate(self.review_date.date()),
            late_reason=self.late_reason.text().strip(),
        ))

    # ---- showing ---------------------------------------------------------------------------
    def refresh(self, conference: Conference) -> None:
        professionals = [a for a in conference.attendees.values()
                         if a.role.party is Party.PROFESSIONAL]
        self._fill_combo(self.view_person, [(_who(a), a.id) for a in professionals])
        self._fill_combo(self.lead, [(a.name, a.id) for a in professionals
                                     if a.role.key in ("social_worker", "social_work_manager")])
        self._fill_core_group(conference)
        views = [v for (child, _), v in conference.views.items() if child == self.child.id]
        fill_table(self.views_table, [
            (_who(conference.attendees[v.attendee_id]), v.view.value,
             ", ".join(sorted(term(c.value) for c in v.categories)), v.comment) for v in views])
        self._refresh_scale(conference)
        quorum = conference.quorum()
        self.quorum_note.setText("" if quorum.met else (
            self.tr("Not quorate ({why}): a decision now is an interim one; you will be asked "
                    "why, and when the conference is re-listed.").format(
                why=quorum_problems(quorum, words()))))
        self.quorum_note.setVisible(not quorum.met)
        decision = conference.decisions.get(self.child.id)
        if decision is not None:
            categories = ", ".join(sorted(term(c.value) for c in decision.categories))
            outcome = (self.tr("plan required: {categories}").format(categories=categories)
                       if decision.plan_required else self.tr("no plan required"))
            if decision.interim:
                outcome = self.tr("interim (inquorate), {outcome}").format(outcome=outcome)
                if decision.relist_on is not None:
                    outcome += self.tr("; re-listed for {day}").format(
                        day=f"{decision.relist_on:%A %d %B}")
            dissent = ", ".join(conference.attendees[a].name for a in decision.dissenting_ids)
            self.decision_summary.setText(
                self.tr("Recorded: {outcome}.").format(outcome=outcome)
                + (self.tr(" Dissent: {names}.").format(names=dissent) if dissent else ""))
            if decision != self._shown_decision:
                self._show_decision(decision)
        plan = conference.plans.get(self.child.id)
        if plan is not None:
            members = ", ".join(sorted(conference.attendees[a].name
                                       for a in plan.core_group_ids))
            self.plan_summary.setText(self.tr(
                "Recorded: lead {lead}, core group {members}, first core group {first}, review "
                "{review}.").format(
                    lead=conference.attendees[plan.lead_social_worker_id].name,
                    members=members or self.tr("none"), first=uk_date(plan.first_core_group),
                    review=uk_date(plan.review_date)))
            if plan != self._shown_plan:
                self._show_plan(plan)

    def _refresh_scale(self, conference: Conference) -> None:
        self.scale_box.setVisible(shows_safety_scale(conference, self.safety_scale))
        self._fill_combo(self.scale_person, [
            (_who(a), a.id) for a in conference.attendees.values()
            if a.may_contribute and a.role.party in (Party.PROFESSIONAL, Party.FAMILY)])
        scores = {key: s for key, s in conference.minutes.safety_scores.items()
                  if key[0] == self.child.id}
        fill_table(self.scale_table, [
            (_who(person), str(scores[(self.child.id, person.id)].score),
             local_time(scores[(self.child.id, person.id)].at))
            for person in conference.attendees.values() if (self.child.id, person.id) in scores])

    def _fill_core_group(self, conference: Conference) -> None:
        """Everyone who may be in the core group, in order; ticks (saved or not) kept."""
        people = [p for p in conference.attendees.values()
                  if p.role.party in (Party.PROFESSIONAL, Party.FAMILY)]
        shown = [self.core_group.item(i).data(Qt.ItemDataRole.UserRole)
                 for i in range(self.core_group.count())]
        if shown == [p.id for p in people]:
            return
        ticked = self.core_group_ticked()
        self.core_group.clear()
        for person in people:
            label = term(person.role.label) + (f", {person.agency}" if person.agency else "")
            item = QListWidgetItem(f"{person.name} ({label})")
            item.setToolTip(f"{person.name}: {label}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setCheckState(Qt.CheckState.Checked if person.id in ticked
                               else Qt.CheckState.Unchecked)
            self.core_group.addItem(item)

    def _show_decision(self, decision: ChildDecision) -> None:
        """The stored decision in the form (when it was recorded, here or elsewhere)."""
        self._shown_decision = decision
        self.plan_required.setCurrentIndex(self.plan_required.findData(decision.plan_required))
        for category, box in self.decision_categories.items():
            box.setChecked(category in decision.categories)
        self.reasons.setPlainText(decision.reasons)
        self.dissent.setText(decision.dissent_note)

    def _show_plan(self, plan: Plan) -> None:
        """The stored plan in the form: what was recorded is what the chair sees."""
        self._shown_plan = plan
        self.lead.setCurrentIndex(max(0, self.lead.findData(plan.lead_social_worker_id)))
        for i in range(self.core_group.count()):
            item = self.core_group.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in plan.core_group_ids
                               else Qt.CheckState.Unchecked)
        self.first_core_group.setDate(qdate(plan.first_core_group))
        self.late_reason.setText(plan.late_reason)
        self.review_date.setDate(qdate(plan.review_date))
        self.outcomes.show_outcomes(plan.outcomes)
        self.seen_alone.setText(plan.seen_alone)
        self.contingency.setPlainText(plan.contingency)

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
    def __init__(self, conference: Conference, parent: QWidget | None = None,
                 safety_scale: str = SIGNS_OF_SAFETY) -> None:
        super().__init__(parent)
        self.setAccessibleName("Decision and plan per child")
        self.tabs: dict[str, ChildDecisionTab] = {}
        for child in conference.details.children:
            tab = ChildDecisionTab(conference, child, safety_scale=safety_scale)
            self.tabs[child.id] = tab
            self.addTab(tab, child.name)

    def refresh(self, conference: Conference) -> None:
        for tab in self.tabs.values():
            tab.refresh(conference)
