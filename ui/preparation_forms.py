"""Sections of the "Before the meeting" tab: reports shared in advance, and the child (needs:
preparation_needs.py).

Each section only asks the panel to run domain commands (refused ones are explained in the
window's problem line and change nothing) and redraws itself from the conference.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.conference import Conference
from facilitator.domain.minutes import ViewsChannel
from facilitator.domain.preparation import (
    CommentKind,
    ContributionKind,
)
from facilitator.domain.roles import Party

from .preparation_widgets import (
    Panel,
    button,
    date_edit,
    fill,
    people,
    pydate,
    selected_key,
    set_rows,
    table,
)
from .widgets import named

# How the child's views will be presented, as the chair chooses them before the conference.
PRESENTED = (ViewsChannel.ATTENDED, ViewsChannel.OBSERVED, ViewsChannel.LETTER,
             ViewsChannel.DRAWING, ViewsChannel.AUDIO_VIDEO, ViewsChannel.ADVOCATE,
             ViewsChannel.MET_CHAIR, ViewsChannel.SOCIAL_WORKER)


class ReportsSection(QWidget):
    """Reports received, when each was shared with the parents and the child, and the
    parents' comments and factual corrections."""

    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel = panel
        today = panel.today()
        layout = QVBoxLayout(self)
        self.table = table(["Agency", "Received", "Parents saw it", "Child saw it",
                            "Comments"], "Reports")
        layout.addWidget(self.table, 1)
        received = QGroupBox(self.tr("A report received"))
        form = QHBoxLayout(received)
        self.agency = named(QLineEdit(), "Report agency")
        self.agency.setPlaceholderText(self.tr("Agency"))
        self.author = named(QComboBox(), "Report author")
        self.author.currentIndexChanged.connect(self._author_chosen)
        self.received_on = date_edit(today, "Report received on")
        form.addWidget(self.agency, 1)
        form.addWidget(self.author, 1)
        form.addWidget(self.received_on)
        form.addWidget(button(self.tr("Record report"), self.record_report,
                              "Record that this report has arrived"))
        layout.addWidget(received)
        shared = QGroupBox(self.tr("The selected report"))
        grid = QFormLayout(shared)
        row = QHBoxLayout()
        self.shared_on = date_edit(today, "Shared on")
        self.child = named(QComboBox(), "Child shared with")
        row.addWidget(self.shared_on)
        row.addWidget(button(self.tr("Shared with the parents"), self.share_parents))
        row.addWidget(self.child)
        row.addWidget(button(self.tr("Shared with the child"), self.share_child))
        grid.addRow(self.tr("Shared"), row)
        withheld = QHBoxLayout()
        self.withheld_reason = named(QLineEdit(), "Reason not shared")
        self.withheld_reason.setPlaceholderText(self.tr("Why the parents do not see it in advance"))
        withheld.addWidget(self.withheld_reason, 1)
        withheld.addWidget(button(self.tr("Not shared"), self.withhold))
        grid.addRow(self.tr("Not shared"), withheld)
        comment = QHBoxLayout()
        self.comment_by = named(QComboBox(), "Comment from")
        self.comment_kind = named(QComboBox(), "Comment kind")
        for kind in CommentKind:
            self.comment_kind.addItem(kind.value, kind)
        self.comment_text = named(QLineEdit(), "Comment text")
        comment.addWidget(self.comment_by)
        comment.addWidget(self.comment_kind)
        comment.addWidget(self.comment_text, 1)
        comment.addWidget(button(self.tr("Record comment"), self.record_comment))
        grid.addRow(self.tr("Parent's comment"), comment)
        layout.addWidget(shared)

    def _author_chosen(self) -> None:
        person = self.panel.conference.attendees.get(str(self.author.currentData()))
        if person is not None and not self.agency.text().strip():
            self.agency.setText(person.agency or person.role.label)

    def report_id(self) -> str | None:
        key = selected_key(self.table)
        if key is None:
            self.panel.problem("Select a report first.")
        return key

    def record_report(self) -> None:
        self.panel.run(self.panel.api.receive_report, self.agency.text(), pydate(self.received_on),
                       author_id=self.author.currentData())

    def share_parents(self) -> None:
        if (report := self.report_id()) is not None:
            self.panel.run(self.panel.api.share_report_with_parents, report, pydate(self.shared_on))

    def share_child(self) -> None:
        if (report := self.report_id()) is not None:
            self.panel.run(self.panel.api.share_report_with_child, report, self.child.currentData(),
                           pydate(self.shared_on))

    def withhold(self) -> None:
        if (report := self.report_id()) is not None:
            self.panel.run(self.panel.api.withhold_report, report, self.withheld_reason.text())

    def record_comment(self) -> None:
        if (report := self.report_id()) is not None and self.panel.run(
                self.panel.api.record_report_comment, report, self.comment_by.currentData(),
                self.comment_kind.currentData(), self.comment_text.text(),
                self.panel.today()) is not None:
            self.comment_text.clear()

    def refresh(self, conf: Conference) -> None:
        fill(self.author, [("(author not attending)", None), *people(conf, Party.PROFESSIONAL)])
        fill(self.child, [(c.name, c.id) for c in conf.details.children if not c.unborn])
        fill(self.comment_by, people(conf, Party.FAMILY))
        rows, ids = [], []
        for report in conf.minutes.reports.values():
            child = [f"{_child_name(conf, c)} {d:%d %b}"
                     for (r, c), d in conf.preparation.shared_with_child.items()
                     if r == report.id]
            comments = [f"{c.kind.value}: {c.text}" for c in conf.preparation.comments
                        if c.report_id == report.id]
            parents = (f"{report.shared_on:%d %b}" if report.shared_on else "yes") if (
                report.shared_with_parents) else (f"no: {report.not_shared_reason}"
                                                  if report.not_shared_reason else "not yet")
            rows.append([report.agency,
                         f"{report.received_on:%d %b}" if report.received_on else "",
                         parents, ", ".join(child) or "not yet", "; ".join(comments)])
            ids.append(report.id)
        set_rows(self.table, rows, ids)


def _child_name(conf: Conference, child_id: str) -> str:
    return next((c.name for c in conf.details.children if c.id == child_id), child_id)


class ChildSection(QWidget):
    """Whether the child attends (with reasons), how their views will be presented, the
    advocate, and the child's own letters, drawings and recordings."""

    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.child = named(QComboBox(), "Child")
        self.child.currentIndexChanged.connect(lambda _: self.show_child(panel.conference))
        top.addWidget(self.child, 1)
        layout.addLayout(top)
        decision = QGroupBox(self.tr("Does the child attend? (the chair's decision, with reasons)"))
        form = QFormLayout(decision)
        self.attends = named(QCheckBox(self.tr("The child attends the conference")),
                             "Child attends")
        form.addRow(self.attends)
        self.reasons = named(QPlainTextEdit(), "Attendance reasons")
        self.reasons.setMaximumHeight(60)
        form.addRow(self.tr("Reasons"), self.reasons)
        channels = QGridLayout()
        self.channels = {c: named(QCheckBox(c.value), f"Views by {c.value}") for c in PRESENTED}
        for index, box in enumerate(self.channels.values()):
            channels.addWidget(box, index // 3, index % 3)
        form.addRow(self.tr("Views by"), channels)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button(self.tr("Record attendance decision"), self.record_decision))
        form.addRow(row)
        layout.addWidget(decision)
        advocate = QGroupBox(self.tr("Independent advocate"))
        row = QHBoxLayout(advocate)
        self.advocate_on = date_edit(panel.today(), "Advocate offered on")
        self.advocate_accepted = named(QCheckBox(self.tr("Accepted")), "Advocate accepted")
        row.addWidget(self.advocate_on)
        row.addWidget(self.advocate_accepted)
        row.addWidget(button(self.tr("Advocate offered"), self.offer_advocate))
        row.addStretch(1)
        layout.addWidget(advocate)
        files = QGroupBox(self.tr("The child's own letters, drawings and recordings"))
        column = QVBoxLayout(files)
        row = QHBoxLayout()
        self.kind = named(QComboBox(), "Contribution kind")
        for kind in ContributionKind:
            self.kind.addItem(kind.value, kind)
        self.description = named(QLineEdit(), "Contribution description")
        self.description.setPlaceholderText(self.tr("A few words about it"))
        row.addWidget(self.kind)
        row.addWidget(self.description, 1)
        row.addWidget(button(self.tr("Attach file…"), self.attach,
                             self.tr("Store a file with the conference")))
        column.addLayout(row)
        self.files = table(["File", "Kind", "Size", "Received"], "Contributions")
        column.addWidget(self.files)
        layout.addWidget(files, 1)

    def child_id(self) -> str:
        return str(self.child.currentData())

    def record_decision(self) -> None:
        chosen = [c for c, box in self.channels.items() if box.isChecked()]
        self.panel.run(self.panel.api.record_child_participation, self.child_id(),
                       self.attends.isChecked(), self.reasons.toPlainText(), chosen)

    def offer_advocate(self) -> None:
        self.panel.run(self.panel.api.offer_advocate, self.child_id(), pydate(self.advocate_on),
                       self.advocate_accepted.isChecked())

    def attach(self) -> None:
        path = self.panel.choose_file()
        if path is not None and self.panel.attach(self.child_id(), path,
                                                  self.kind.currentData(),
                                                  self.description.text()):
            self.description.clear()

    def refresh(self, conf: Conference) -> None:
        fill(self.child, [(c.name + (f" (age {c.age_on(conf.details.day)})"
                                     if c.age_on(conf.details.day) is not None else ""), c.id)
                          for c in conf.details.children if not c.unborn])
        self.show_child(conf)

    def show_child(self, conf: Conference) -> None:
        child_id = self.child_id()
        participation = conf.minutes.participation.get(child_id)
        if participation is not None:
            self.attends.setChecked(participation.attends)
            if self.reasons.toPlainText() != participation.reasons:
                self.reasons.setPlainText(participation.reasons)
            for channel, box in self.channels.items():
                box.setChecked(channel in participation.channels)
        items = [c for c in conf.preparation.contributions.values() if c.child_id == child_id]
        set_rows(self.files, [[c.filename, c.kind.value, f"{c.size / 1024:.0f} KB",
                               f"{c.received_on:%d %b}"
                               + (" (for the review)" if c.for_review else "")]
                              for c in items], [c.id for c in items])
