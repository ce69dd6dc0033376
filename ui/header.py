"""The header: children, kind, times, quorum, transcription state, and the record's exports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.labels import QuorumLevel, quorum_line

from .widgets import local_time, named

CONNECTION_STYLE = {  # a window connected to a remote hub: how that connection is
    "Connected": "color:#276749; font-weight:bold;",
    "Reconnecting": "background:#fefcbf; color:#744210; font-weight:bold; padding:2px;",
    "Connecting": "background:#fefcbf; color:#744210; font-weight:bold; padding:2px;",
    "Not connected": "background:#fed7d7; color:#822727; font-weight:bold; padding:2px;",
}
QUORUM_STYLE = {
    QuorumLevel.MET: "color:#276749;",
    QuorumLevel.NOT_YET: "color:#2d3748;",  # before the start: information, not an alarm
    QuorumLevel.NOT_MET: "color:#9b2c2c;",
}


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
        self.connection = named(QLabel(), "Connection to the hub")
        self.connection.setWordWrap(True)
        self.connection.hide()  # the embedded hub: nothing to say
        self.room_mute = named(QPushButton("Mute the room"), "Mute the room",
                               "Remote people stop hearing the room (they are told)")
        self.room_mute.setCheckable(True)
        self.transcribe = named(QPushButton("Transcription on"), "Transcription switch",
                                "Switch transcription off (with a reason) or on")
        self.transcribe.setCheckable(True)
        self.transcribe.setChecked(True)
        self.exports = named(QPushButton("Record and letters…"), "Record and letters",
                             "Export the record, family copies, letters, plan and calendar "
                             "invitations (Ctrl+Shift+R)")
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.connection, 2, 0, 1, 4)
        grid.addWidget(self.transcription, 0, 2)
        switches = QHBoxLayout()
        switches.addWidget(self.room_mute)
        switches.addWidget(self.transcribe)
        grid.addLayout(switches, 0, 3)
        grid.addWidget(self.times, 1, 0)
        grid.addWidget(self.quorum, 1, 1, 1, 2)
        grid.addWidget(self.exports, 1, 3, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 1)

    def set_connection(self, text: str) -> None:
        """The connection to a remote hub ("" with the embedded hub: hidden)."""
        self.connection.setText(text)
        self.connection.setVisible(bool(text))
        style = next((s for start, s in CONNECTION_STYLE.items() if text.startswith(start)), "")
        self.connection.setStyleSheet(style)

    def refresh(self, conference: Conference, transcription: str) -> None:
        details = conference.details
        children = []
        for child in details.children:
            age = child.age_on(details.day)
            children.append(child.name + (f" ({age})" if age is not None else ""))
        kind = "Initial" if details.kind.value == "initial" else "Review"
        self.title.setText(f"{kind} conference · {', '.join(children)} · "
                           f"{details.nation.value.title()}")
        scheduled = f"Scheduled {local_time(details.scheduled_start, '%a %d %b %H:%M')}"
        end = f"planned end {local_time(conference.clock.planned_end)}"
        if conference.status is MeetingStatus.SCHEDULED:
            self.times.setText(f"{scheduled} · not started yet · {end}")
        else:
            self.times.setText(f"{scheduled} · started {local_time(conference.started_at)} · "
                               f"{end} · {conference.status.value}")
        quorum = quorum_line(conference)
        self.quorum.setText(quorum.text)
        self.quorum.setToolTip(quorum.text)
        self.quorum.setStyleSheet(QUORUM_STYLE[quorum.level])
        enabled = conference.transcription_enabled
        self.transcription.setText(f"Transcription: {transcription}" if enabled else
                                   "Transcription: switched off for this conference")
        self.room_mute.setChecked(conference.room_muted)
        self.room_mute.setText("Room muted: unmute" if conference.room_muted
                               else "Mute the room")
        self.transcribe.setChecked(enabled)
        self.transcribe.setText("Transcription on" if enabled else "Transcription off")
