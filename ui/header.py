"""The header: children, kind, times, quorum, transcription state, and the record's exports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.labels import QuorumLevel, quorum_line

from .language import words
from .meeting_words import transcription_words
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
        self.room_mute = named(QPushButton(self.tr("Mute the room")), "Mute the room",
                               self.tr("Remote people stop hearing the room (they are told)"))
        self.room_mute.setCheckable(True)
        self.transcribe = named(QPushButton(self.tr("Transcription on")), "Transcription switch",
                                self.tr("Switch transcription off (with a reason) or on"))
        self.transcribe.setCheckable(True)
        self.transcribe.setChecked(True)
        self.exports = named(QPushButton(self.tr("Record and letters…")), "Record and letters",
                             self.tr("Export the record, family copies, letters, plan and "
                                     "calendar invitations (Ctrl+Shift+R)"))
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

    def status_words(self, status: MeetingStatus) -> str:
        """The meeting's state, in the window's language."""
        return {MeetingStatus.SCHEDULED: self.tr("scheduled"),
                MeetingStatus.IN_PROGRESS: self.tr("in progress"),
                MeetingStatus.ON_BREAK: self.tr("on a break"),
                MeetingStatus.ENDED: self.tr("ended")}[status]

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
        kind = self.tr("Initial conference") if details.kind.value == "initial" else self.tr(
            "Review conference")
        nation = self.tr("Wales") if details.nation.value == "wales" else self.tr("England")
        self.title.setText(f"{kind} · {', '.join(children)} · {nation}")
        scheduled = self.tr("Scheduled {when}").format(
            when=local_time(details.scheduled_start, "%a %d %b %H:%M"))
        end = self.tr("planned end {time}").format(time=local_time(conference.clock.planned_end))
        if conference.status is MeetingStatus.SCHEDULED:
            waiting = self.tr("not started yet")
            self.times.setText(f"{scheduled} · {waiting} · {end}")
        else:
            started = self.tr("started {time}").format(time=local_time(conference.started_at))
            self.times.setText(f"{scheduled} · {started} · {end} · "
                               f"{self.status_words(conference.status)}")
        quorum = quorum_line(conference, words())
        self.quorum.setText(quorum.text)
        self.quorum.setToolTip(quorum.text)
        self.quorum.setStyleSheet(QUORUM_STYLE[quorum.level])
        enabled = conference.transcription_enabled
        self.transcription.setText(
            self.tr("Transcription: {state}").format(state=transcription_words(transcription))
            if enabled else
            self.tr("Transcription: switched off for this conference"))
        self.room_mute.setChecked(conference.room_muted)
        self.room_mute.setText(self.tr("Room muted: unmute") if conference.room_muted
                               else self.tr("Mute the room"))
        self.transcribe.setChecked(enabled)
        self.transcribe.setText(self.tr("Transcription on") if enabled
                                else self.tr("Transcription off"))
