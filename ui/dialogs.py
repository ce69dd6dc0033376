"""Dialogs the chair fills in: overriding the ring-fence, excluding, adding a late arrival."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.attendees import AttendanceMode, Attendee
from facilitator.domain.errors import OverrideRequired
from facilitator.domain.roles import ROLES, Party
from facilitator.domain.segments import INFORMATION_GROUNDS, ExclusionGround

from .chair_meeting import ChairReason
from .language import words
from .meeting_words import override_words
from .widgets import named

translate = QCoreApplication.translate


def out_warning(names: Sequence[str]) -> str:
    """What the chair reads before typing a reason family copies may show."""
    if not names:
        return ""
    return translate(
        "Dialogs", "{who} missed part of this meeting. What you type here goes into the "
        "family's copies of the record: if it says anything about what was said while someone "
        "was out, mark it confidential.").format(who=", ".join(names))


def _confidential_box(names: Sequence[str]) -> tuple[QLabel, QCheckBox]:
    warning = named(QLabel(out_warning(names)), "Family copy warning")
    warning.setWordWrap(True)
    warning.setStyleSheet("color:#975a16;")
    warning.setVisible(bool(names))
    box = named(QCheckBox(translate(
        "Dialogs", "Confidential: keep this reason out of the family's copies")),
        "Reason confidential", translate(
            "Dialogs", "Left out of every family copy; the professionals' record keeps it"))
    return warning, box


class _ReasonedDialog(QDialog):
    """A dialog whose OK stays disabled until the required fields are filled."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.layout_ = QVBoxLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.ok_button, "Confirm")

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)
        self.refresh()

    def refresh(self) -> None:
        self.ok_button.setEnabled(self.complete())

    def complete(self) -> bool:
        return True


class OverrideDialog(_ReasonedDialog):
    """The chair knowingly overrides the ring-fence; the reason goes into the record."""

    def __init__(self, needed: OverrideRequired, parent: QWidget | None = None, *,
                 out_names: Sequence[str] = ()) -> None:
        super().__init__(self.tr("Override ring-fenced decision and planning time"), parent)
        explanation = QLabel(self.tr(
            "{why}.\n\nDecision and planning time is protected. To go ahead, record why: "
            "the reason goes into the record of the conference.").format(
                why=override_words(str(needed))))
        explanation.setWordWrap(True)
        self.layout_.addWidget(explanation)
        self.reason = named(QPlainTextEdit(), "Override reason",
                            self.tr("Why the chair is overriding the ring-fenced time"))
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.reason.textChanged.connect(self.refresh)
        self.layout_.addWidget(self.reason)
        self.warning, self.confidential = _confidential_box(out_names)
        self.layout_.addWidget(self.warning)
        self.layout_.addWidget(self.confidential)
        self.finish_layout()

    def complete(self) -> bool:
        return bool(self.reason.toPlainText().strip())

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def answer(self) -> ChairReason:
        return ChairReason(self.reason_text(), self.confidential.isChecked())


@dataclass(frozen=True)
class ExclusionRequest:
    grounds: frozenset[ExclusionGround]
    requested_by: str
    reason: str
    advocate_stays: bool
    # who else may not receive this part in writing (None: the rules' default for the grounds)
    withheld_in_writing: frozenset[str] | None = None
    reason_confidential: bool | None = None  # None: the rules' default for the grounds
    interpreters_stay: tuple[tuple[str, str], ...] = ()  # (interpreter id, why they stay)


class ExclusionDialog(_ReasonedDialog):
    """`others`: the family members staying, whose written copies could leave this part out
    (asked when the grounds are about information: confidential, police, legal)."""

    def __init__(self, people: list[Attendee], requesters: list[str],
                 parent: QWidget | None = None, *, others: Sequence[Attendee] = (),
                 interpreters: Sequence[Attendee] = ()) -> None:
        super().__init__(self.tr("Move out of this segment"), parent)
        names = ", ".join(p.name for p in people)
        intro = QLabel(self.tr("Move {names} out of this segment of the meeting. They will not "
                               "hear, be heard, or see captions until brought back, and their "
                               "copy of the record leaves this part out.").format(names=names))
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.layout_.addWidget(QLabel(self.tr("Grounds (procedure section 8.3):")))
        self.ground_boxes: dict[ExclusionGround, QCheckBox] = {}
        for ground in ExclusionGround:
            box = named(QCheckBox(words().t(ground.value)), f"Ground: {ground.name.lower()}")
            box.toggled.connect(self.refresh)
            self.ground_boxes[ground] = box
            self.layout_.addWidget(box)
        form = QFormLayout()
        self.requested_by = named(QComboBox(), "Requested by")
        self.requested_by.setEditable(True)
        self.requested_by.addItems(requesters)
        self.requested_by.editTextChanged.connect(self.refresh)
        form.addRow(self.tr("Requested by"), self.requested_by)
        self.reason = named(QLineEdit(), "Exclusion reason")
        self.reason.setPlaceholderText(self.tr("Reason (required, goes into the record)"))
        self.reason.textChanged.connect(self.refresh)
        form.addRow(self.tr("Reason"), self.reason)
        self.layout_.addLayout(form)
        self.reason_confidential = named(QCheckBox(self.tr(
            "The reason is confidential: the letter to them gives the grounds only")),
            "Exclusion reason confidential")
        self.layout_.addWidget(self.reason_confidential)
        has_child = any(p.role.party is Party.CHILD for p in people)
        self.advocate_stays = named(QCheckBox(self.tr(
            "The child's advocate stays (the child may receive this information)")),
            "Advocate stays")
        self.advocate_stays.setVisible(has_child)
        self.layout_.addWidget(self.advocate_stays)
        # an interpreter goes out with the people they interpret for unless kept in, with why
        self.interpreter_stays: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for person in interpreters:
            box = named(QCheckBox(self.tr("{name} (interpreter) stays in this part").format(
                name=person.name)), f"{person.name} stays")
            why = named(QLineEdit(), f"Why {person.name} stays")
            why.setPlaceholderText(self.tr("Why they stay (required, goes into the record)"))
            why.setEnabled(False)
            box.toggled.connect(why.setEnabled)
            box.toggled.connect(self.refresh)
            why.textChanged.connect(self.refresh)
            self.interpreter_stays[person.id] = (box, why)
            self.layout_.addWidget(box)
            self.layout_.addWidget(why)
        self.in_writing = named(QFrame(), "Left out of the written copies of")
        self.in_writing.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self.in_writing)
        question = QLabel(self.tr(
            "<b>Who else may not have this part in writing?</b> They stay and hear it, but "
            "their copy of the record could reach the person excluded. It is left out of every "
            "ticked person's copy; the record says what you decided."))
        question.setWordWrap(True)
        column.addWidget(question)
        self.withheld_boxes: dict[str, QCheckBox] = {}
        for person in others:
            role = words().t(person.role.label).lower()
            box = named(QCheckBox(f"{person.name} ({role})"),
                        f"Leave out of the copy of {person.name}")
            box.setChecked(True)  # the safe default: confidential in every family copy
            self.withheld_boxes[person.id] = box
            column.addWidget(box)
        self.layout_.addWidget(self.in_writing)
        self.in_writing.setVisible(False)
        for ground in INFORMATION_GROUNDS:
            self.ground_boxes[ground].toggled.connect(self._information_grounds)
        self.finish_layout()

    def information_grounds(self) -> bool:
        return any(self.ground_boxes[g].isChecked() for g in INFORMATION_GROUNDS)

    def _information_grounds(self) -> None:
        """Information grounds: ask who else may not have it in writing; reason confidential."""
        on = self.information_grounds()
        self.in_writing.setVisible(on and bool(self.withheld_boxes))
        self.reason_confidential.setChecked(on)
        self.layout_.activate()
        self.resize(self.width(), max(self.height(), self.layout_.totalHeightForWidth(
            self.width()) if self.layout_.hasHeightForWidth() else self.sizeHint().height()))

    def complete(self) -> bool:
        return (any(b.isChecked() for b in self.ground_boxes.values())
                and bool(self.requested_by.currentText().strip())
                and bool(self.reason.text().strip())
                and all(w.text().strip() for b, w in self.interpreter_stays.values()
                        if b.isChecked()))

    def request(self) -> ExclusionRequest:
        withheld: frozenset[str] | None = None
        if self.withheld_boxes:
            withheld = frozenset(i for i, b in self.withheld_boxes.items() if b.isChecked()) \
                if self.information_grounds() else frozenset()
        return ExclusionRequest(
            frozenset(g for g, b in self.ground_boxes.items() if b.isChecked()),
            self.requested_by.currentText().strip(), self.reason.text().strip(),
            self.advocate_stays.isChecked(), withheld, self.reason_confidential.isChecked(),
            tuple((i, w.text().strip()) for i, (b, w) in self.interpreter_stays.items()
                  if b.isChecked()),
        )


@dataclass(frozen=True)
class NewAttendee:
    name: str
    role_key: str
    agency: str
    mode: AttendanceMode


class AddAttendeeDialog(_ReasonedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a late arrival"), parent)
        form = QFormLayout()
        self.name = named(QLineEdit(), "Name")
        self.name.textChanged.connect(self.refresh)
        self.role = named(QComboBox(), "Role")
        for key, role in ROLES.items():
            if role.party not in (Party.CHAIR, Party.OBSERVER):
                self.role.addItem(words().t(role.label), key)
        self.agency = named(QLineEdit(), "Agency")
        self.mode = named(QComboBox(), "Attending")
        for mode in AttendanceMode:
            if mode is not AttendanceMode.WRITTEN_REPORT:
                self.mode.addItem(words().t(mode.value), mode)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Agency"), self.agency)
        form.addRow(self.tr("Attending"), self.mode)
        self.layout_.addLayout(form)
        self.finish_layout()

    def complete(self) -> bool:
        return bool(self.name.text().strip())

    def attendee(self) -> NewAttendee:
        return NewAttendee(self.name.text().strip(), str(self.role.currentData()),
                           self.agency.text().strip(), self.mode.currentData())


class ExtendMeetingDialog(_ReasonedDialog):
    def __init__(self, parent: QWidget | None = None, *,
                 out_names: Sequence[str] = ()) -> None:
        super().__init__(self.tr("Extend the meeting"), parent)
        form = QFormLayout()
        self.minutes = named(QDoubleSpinBox(), "Extra minutes")
        self.minutes.setRange(1, 180)
        self.minutes.setDecimals(0)
        self.minutes.setValue(15)
        self.reason = named(QLineEdit(), "Extension reason")
        self.reason.textChanged.connect(self.refresh)
        form.addRow(self.tr("Extra minutes"), self.minutes)
        form.addRow(self.tr("Reason"), self.reason)
        self.layout_.addLayout(form)
        self.warning, self.confidential = _confidential_box(out_names)
        self.layout_.addWidget(self.warning)
        self.layout_.addWidget(self.confidential)
        self.finish_layout()

    def complete(self) -> bool:
        return bool(self.reason.text().strip())
