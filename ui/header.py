"""The header: children, kind, times, quorum and transcription state."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from facilitator.domain.conference import Conference

from .widgets import local_time, named


class Header(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        self.title = named(QLabel(), "Conference title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.times = named(QLabel(), "Conference times")
        self.quorum = named(QLabel(), "Quorum")
        self.quorum.setWordWrap(True)
        self.transcription = named(QLabel(), "Transcription state")
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.transcription, 0, 2)
        grid.addWidget(self.times, 1, 0)
        grid.addWidget(self.quorum, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def refresh(self, conference: Conference, transcription: str) -> None:
        details = conference.details
        children = []
        for child in details.children:
            age = child.age_on(details.day)
            children.append(child.name + (f" ({age})" if age is not None else ""))
        kind = "Initial" if details.kind.value == "initial" else "Review"
        self.title.setText(f"{kind} conference · {', '.join(children)} · "
                           f"{details.nation.value.title()}")
        self.times.setText(
            f"Scheduled {local_time(details.scheduled_start, '%a %d %b %H:%M')} · started "
            f"{local_time(conference.started_at)} · planned end "
            f"{local_time(conference.clock.planned_end)} · {conference.status.value}")
        quorum = conference.quorum()
        self.quorum.setText(("✔ " if quorum.met else "✖ ") + quorum.reason)
        self.quorum.setStyleSheet("color:#276749;" if quorum.met else "color:#9b2c2c;")
        self.transcription.setText(f"Transcription: {transcription}")
