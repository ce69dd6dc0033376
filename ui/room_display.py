"""A second window for a screen in the room: stage, who is present, time left. Nothing else."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.views import minutes_text, present_for_display

from .language import term
from .widgets import named


class RoomDisplay(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conference: room display"))
        layout = QVBoxLayout(self)
        self.stage = named(QLabel(), "Room display stage")
        self.stage.setStyleSheet("font-size: 28pt; font-weight: bold;")
        self.time_left = named(QLabel(), "Room display time left")
        self.time_left.setStyleSheet("font-size: 20pt;")
        self.people = named(QListWidget(), "Room display people present")
        self.people.setStyleSheet("font-size: 16pt;")
        layout.addWidget(self.stage)
        layout.addWidget(self.time_left)
        layout.addWidget(QLabel(self.tr("In this meeting:")))
        layout.addWidget(self.people, 1)
        self.resize(900, 600)

    def refresh(self, conference: Conference, now: datetime) -> None:
        current = conference.agenda.current
        if conference.status is MeetingStatus.ON_BREAK:
            self.stage.setText(self.tr("Break"))
        elif conference.status is MeetingStatus.ENDED:
            self.stage.setText(self.tr("The conference has ended"))
        else:
            self.stage.setText(term(current.spec.title) if current else self.tr("Starting soon"))
        left = (conference.clock.planned_end - now).total_seconds() / 60
        self.time_left.setText(self.tr("Time left: {minutes}").format(
            minutes=minutes_text(max(0.0, left))))
        rows = [f"{name} – {term(role)} ({term(where)})"
                for name, role, where in present_for_display(conference)]
        if [self.people.item(i).text() for i in range(self.people.count())] != rows:
            self.people.clear()
            self.people.addItems(rows)
