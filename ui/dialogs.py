"""Dialogs the chair fills in: overriding the ring-fence, excluding, adding a late arrival."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.attendees import AttendanceMode, Attendee
from facilitator.domain.errors import OverrideRequired
from facilitator.domain.roles import ROLES, Party
from facilitator.domain.segments import ExclusionGround

from .widgets import named


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

    def __init__(self, needed: OverrideRequired, parent: QWidget | None = None) -> None:
        super().__init__("Override ring-fenced decision and planning time", parent)
        explanation = QLabel(
            f"{needed}.\n\nDecision and planning time is protected. To go ahead, record why: "
            "the reason goes into the record of the conference."
        )
        explanation.setWordWrap(True)
        self.layout_.addWidget(explanation)
        self.reason = named(QPlainTextEdit(), "Override reason",
                            "Why the chair is overriding the ring-fenced time")
        self.reason.setPlaceholderText("Reason (required)")
        self.reason.textChanged.connect(self.refresh)
        self.layout_.addWidget(self.reason)
        self.finish_layout()

    def complete(self) -> bool:
        return bool(self.reason.toPlainText().strip())

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()


@dataclass(frozen=True)
class ExclusionRequest:
    grounds: frozenset[ExclusionGround]
    requested_by: str
    reason: str
    advocate_stays: bool


class ExclusionDialog(_ReasonedDialog):
    def __init__(self, people: list[Attendee], requesters: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__("Move out of this segment", parent)
        names = ", ".join(p.name for p in people)
        intro = QLabel(f"Move {names} out of this segment of the meeting. They will not hear, "
                       "be heard, or see captions until brought back, and their copy of the "
                       "record leaves this part out.")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.layout_.addWidget(QLabel("Grounds (procedure section 8.3):"))
        self.ground_boxes: dict[ExclusionGround, QCheckBox] = {}
        for ground in ExclusionGround:
            box = named(QCheckBox(ground.value), f"Ground: {ground.name.lower()}")
            box.toggled.connect(self.refresh)
            self.ground_boxes[ground] = box
            self.layout_.addWidget(box)
        form = QFormLayout()
        self.requested_by = named(QComboBox(), "Requested by")
        self.requested_by.setEditable(True)
        self.requested_by.addItems(requesters)
        self.requested_by.editTextChanged.connect(self.refresh)
        form.addRow("Requested by", self.requested_by)
        self.reason = named(QLineEdit(), "Exclusion reason")
        self.reason.setPlaceholderText("Reason (required, goes into the record)")
        self.reason.textChanged.connect(self.refresh)
        form.addRow("Reason", self.reason)
        self.layout_.addLayout(form)
        has_child = any(p.role.party is Party.CHILD for p in people)
        self.advocate_stays = named(QCheckBox("The child's advocate stays (the child may "
                                              "receive this information)"), "Advocate stays")
        self.advocate_stays.setVisible(has_child)
        self.layout_.addWidget(self.advocate_stays)
        self.finish_layout()

    def complete(self) -> bool:
        return (any(b.isChecked() for b in self.ground_boxes.values())
                and bool(self.requested_by.currentText().strip())
                and bool(self.reason.text().strip()))

    def request(self) -> ExclusionRequest:
        return ExclusionRequest(
            frozenset(g for g, b in self.ground_boxes.items() if b.isChecked()),
            self.requested_by.currentText().strip(), self.reason.text().strip(),
            self.advocate_stays.isChecked(),
        )


@dataclass(frozen=True)
class NewAttendee:
    name: str
    role_key: str
    agency: str
    mode: AttendanceMode


class AddAttendeeDialog(_ReasonedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Add a late arrival", parent)
        form = QFormLayout()
        self.name = named(QLineEdit(), "Name")
        self.name.textChanged.connect(self.refresh)
        self.role = named(QComboBox(), "Role")
        for key, role in ROLES.items():
            if role.party not in (Party.CHAIR, Party.OBSERVER):
                self.role.addItem(role.label, key)
        self.agency = named(QLineEdit(), "Agency")
        self.mode = named(QComboBox(), "Attending")
        for mode in AttendanceMode:
            if mode is not AttendanceMode.WRITTEN_REPORT:
                self.mode.addItem(mode.value, mode)
        form.addRow("Name", self.name)
        form.addRow("Role", self.role)
        form.addRow("Agency", self.agency)
        form.addRow("Attending", self.mode)
        self.layout_.addLayout(form)
        self.finish_layout()

    def complete(self) -> bool:
        return bool(self.name.text().strip())

    def attendee(self) -> NewAttendee:
        return NewAttendee(self.name.text().strip(), str(self.role.currentData()),
                           self.agency.text().strip(), self.mode.currentData())


class ExtendMeetingDialog(_ReasonedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Extend the meeting", parent)
        form = QFormLayout()
        self.minutes = named(QDoubleSpinBox(), "Extra minutes")
        self.minutes.setRange(1, 180)
        self.minutes.setDecimals(0)
        self.minutes.setValue(15)
        self.reason = named(QLineEdit(), "Extension reason")
        self.reason.textChanged.connect(self.refresh)
        form.addRow("Extra minutes", self.minutes)
        form.addRow("Reason", self.reason)
        self.layout_.addLayout(form)
        self.finish_layout()

    def complete(self) -> bool:
        return bool(self.reason.text().strip())
