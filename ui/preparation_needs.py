"""The needs section of the "Before the meeting" tab: interpreters, access, childcare and
transport, and the test call before the day (the other sections: preparation_forms.py).

It only asks the panel to run domain commands (refused ones are explained in the window's
problem line and change nothing) and redraws itself from the conference.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.conference import Conference
from facilitator.domain.languages import language_name
from facilitator.domain.preparation import (
    ArrangementKind,
    CheckResult,
)
from facilitator.domain.roles import Party

from .language import term
from .preparation_widgets import (
    Panel,
    button,
    fill,
    people,
)
from .widgets import named


class NeedsSection(QWidget):
    """Interpreters (independent, never family), access, childcare and transport, and the
    test call before the day for people joining remotely."""

    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        interpreter = QGroupBox(self.tr("Interpreter (independent: never a family member)"))
        form = QFormLayout(interpreter)
        row = QHBoxLayout()
        self.language = named(QLineEdit(), "Interpreter language")
        self.language.setPlaceholderText(self.tr("Language"))
        self.interpreter_for = named(QComboBox(), "Interpreter for")
        row.addWidget(self.language)
        row.addWidget(self.interpreter_for, 1)
        form.addRow(self.tr("For"), row)
        row = QHBoxLayout()
        self.interpreter = named(QComboBox(), "Interpreter")
        self.interpreter_name = named(QLineEdit(), "Interpreter name")
        self.interpreter_name.setPlaceholderText(self.tr("Name (a new interpreter)"))
        self.interpreter_agency = named(QLineEdit(), "Interpreting service")
        self.interpreter_agency.setPlaceholderText(self.tr("Interpreting service"))
        row.addWidget(self.interpreter)
        row.addWidget(self.interpreter_name)
        row.addWidget(self.interpreter_agency)
        row.addWidget(button(self.tr("Book interpreter"), self.book))
        form.addRow(self.tr("Who"), row)
        layout.addWidget(interpreter)
        needs = QGroupBox(self.tr("Access, childcare and transport"))
        form = QFormLayout(needs)
        row = QHBoxLayout()
        self.needs_for = named(QComboBox(), "Needs of")
        self.needs_for.currentIndexChanged.connect(lambda _: self.show_needs(panel.conference))
        self.needs_language = named(QLineEdit(), "Needs an interpreter in")
        self.needs_language.setPlaceholderText(self.tr("Interpreter language (if any)"))
        self.needs_access = named(QLineEdit(), "Access needs")
        self.needs_access.setPlaceholderText(self.tr("Access (hearing, sight, mobility…)"))
        self.needs_childcare = named(QCheckBox(self.tr("Childcare")), "Needs childcare")
        self.needs_transport = named(QCheckBox(self.tr("Transport")), "Needs transport")
        for widget in (self.needs_for, self.needs_childcare, self.needs_transport):
            row.addWidget(widget)
        form.addRow(self.tr("Needs of"), row)
        row = QHBoxLayout()
        row.addWidget(self.needs_language, 1)
        row.addWidget(self.needs_access, 2)
        row.addWidget(button(self.tr("Record needs"), self.record_needs))
        form.addRow(self.tr("Needs"), row)
        # the language they speak: their letters, invitation and join page are in Welsh if Welsh
        row = QHBoxLayout()
        self.speaks = named(QComboBox(), "Speaks")
        for label, tag in ((self.tr("English"), "en"), (self.tr("Cymraeg (Welsh)"), "cy")):
            self.speaks.addItem(label, tag)
        row.addWidget(self.speaks, 1)
        row.addWidget(button(self.tr("Record language"), self.record_language))
        form.addRow(self.tr("Speaks"), row)
        row = QHBoxLayout()
        form.addRow(self.tr("Arranged"), row)
        self.arrangement_for = named(QComboBox(), "Arrangement for")
        self.arrangement_kind = named(QComboBox(), "Arrangement kind")
        for kind in ArrangementKind:
            self.arrangement_kind.addItem(kind.value, kind)
        self.arrangement = named(QLineEdit(), "Arrangement details")
        self.arrangement.setPlaceholderText(self.tr("What was arranged"))
        row.addWidget(self.arrangement_for)
        row.addWidget(self.arrangement_kind)
        row.addWidget(self.arrangement, 1)
        row.addWidget(button(self.tr("Record arrangement"), self.arrange))
        layout.addWidget(needs)
        check = QGroupBox(self.tr("Test call before the day (people joining remotely)"))
        row = QHBoxLayout(check)
        self.check_for = named(QComboBox(), "Test call for")
        row.addWidget(self.check_for, 1)
        self.results: dict[str, QComboBox] = {}
        for part in ("camera", "microphone", "connection"):
            combo = named(QComboBox(), f"Test call {part}")
            for result in CheckResult:
                combo.addItem(f"{part}: {result.value}", result)
            self.results[part] = combo
            row.addWidget(combo)
        row.addWidget(button(self.tr("Record test call"), self.record_check))
        layout.addWidget(check)
        layout.addStretch(1)

    def book(self) -> None:
        who = self.interpreter.currentData()
        events = self.panel.run(
            self.panel.api.book_interpreter, self.language.text(),
            [self.interpreter_for.currentData()], interpreter_id=who,
            name=self.interpreter_name.text(), agency=self.interpreter_agency.text())
        if events is not None:
            self.interpreter_name.clear()
            self.interpreter_agency.clear()

    def arrange(self) -> None:
        if self.panel.run(self.panel.api.make_arrangement, self.arrangement_for.currentData(),
                          self.arrangement_kind.currentData(),
                          self.arrangement.text()) is not None:
            self.arrangement.clear()

    def record_check(self) -> None:
        self.panel.run(self.panel.api.record_technology_check, self.check_for.currentData(),
                       *(self.results[p].currentData()
                         for p in ("camera", "microphone", "connection")))

    def record_needs(self) -> None:
        """A person's needs (commands/people.record_needs), keeping their technology note."""
        person = self.panel.conference.attendee(str(self.needs_for.currentData()))
        language = self.needs_language.text().strip() or None
        self.panel.run(self.panel.api.record_needs, person.id, replace(
            person.needs, interpreter_language=language, access=self.needs_access.text().strip(),
            childcare=self.needs_childcare.isChecked(),
            transport=self.needs_transport.isChecked()))

    def record_language(self) -> None:
        """The language the person speaks (people.record_language): Welsh or English letters,
        invitation and join page; another language as the conference file recorded it."""
        self.panel.run(self.panel.api.record_language, str(self.needs_for.currentData()),
                       str(self.speaks.currentData()))

    def show_needs(self, conf: Conference) -> None:
        person = conf.attendees.get(str(self.needs_for.currentData()))
        if person is not None:
            if self.speaks.findData(person.language) < 0:  # e.g. Polish, from the file
                self.speaks.addItem(term(language_name(person.language)), person.language)
            self.speaks.setCurrentIndex(self.speaks.findData(person.language))
            self.needs_language.setText(person.needs.interpreter_language or "")
            self.needs_access.setText(person.needs.access)
            self.needs_childcare.setChecked(person.needs.childcare)
            self.needs_transport.setChecked(person.needs.transport)

    def refresh(self, conf: Conference) -> None:
        everyone = people(conf, Party.FAMILY, Party.CHILD, Party.SUPPORTER, Party.PROFESSIONAL)
        fill(self.interpreter_for, everyone)
        fill(self.interpreter, [("(a new interpreter)", None), *people(conf, Party.INTERPRETER)])
        fill(self.arrangement_for, everyone)
        fill(self.needs_for, everyone)
        self.show_needs(conf)
        fill(self.check_for, people(conf, Party.FAMILY, Party.CHILD, Party.SUPPORTER,
                                    remote=True))
