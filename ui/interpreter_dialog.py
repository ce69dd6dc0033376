"""Whom an interpreter interprets for: the chair changes it during the meeting (or before)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from facilitator.domain.attendees import Attendee
from facilitator.domain.conference import Conference
from facilitator.domain.interpreting import interpreted_by
from facilitator.domain.roles import Party

from .dialogs import _ReasonedDialog
from .language import term
from .widgets import named


class InterpreterDialog(_ReasonedDialog):
    """A box per person who may need an interpreter, ticked for those linked now."""

    def __init__(self, conference: Conference, interpreter: Attendee,
                 parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate
        super().__init__(translate("InterpreterDialog", "Whom {name} interprets for").format(
            name=interpreter.name), parent)
        intro = QLabel(translate(
            "InterpreterDialog", "{name} interprets for the people ticked. They go out of a "
            "part of the meeting with them unless you keep them in, and their lines are marked "
            "\u201cinterpreting for\u201d these people.").format(name=interpreter.name))
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        linked = interpreted_by(conference, interpreter.id)
        self.boxes: dict[str, QCheckBox] = {}
        for person in conference.attendees.values():
            if person.id == interpreter.id or person.role.party in (
                    Party.INTERPRETER, Party.CHAIR, Party.MINUTE_TAKER, Party.OBSERVER):
                continue
            box = named(QCheckBox(f"{person.name} ({term(person.role.label).lower()})"),
                        f"Interprets for {person.name}")
            box.setChecked(person.id in linked)
            self.boxes[person.id] = box
            self.layout_.addWidget(box)
        self.finish_layout()

    def chosen(self) -> list[str]:
        return [i for i, box in self.boxes.items() if box.isChecked()]
