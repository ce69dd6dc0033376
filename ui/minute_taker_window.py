"""The minute-taker's window on a second computer: transcript, marks, notes, agenda, people."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import events as ev
from facilitator.domain.agenda import StageStatus
from facilitator.domain.child_focus import FocusPart
from facilitator.domain.clock import Clock, SystemClock
from facilitator.domain.minutes import ParagraphDraft, Section
from facilitator.domain.transcript import Mark
from facilitator.services.minutes_client import SeatConnection, SeatStatus
from facilitator.services.rtc import transcript_schemas as seat

from .language import term
from .minutes_panel import MinutesPanel
from .minutes_seat import MinutesSeat
from .participation_panel import ParticipationPanel
from .transcript_panel import TranscriptPanel
from .widgets import named


class ConflictDialog(QDialog):
    """Both versions side by side; the minute-taker chooses. Nothing is lost either way."""

    def __init__(self, theirs: str, mine: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("This line was changed by someone else"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Someone changed this line while you were editing it. "
                                        "Choose which text to keep (you can edit it further).")))
        layout.addWidget(QLabel(self.tr("Their version (saved):")))
        self.theirs = named(QPlainTextEdit(theirs), "Their version")
        self.theirs.setReadOnly(True)
        layout.addWidget(self.theirs)
        layout.addWidget(QLabel(self.tr("Your version:")))
        self.mine = named(QPlainTextEdit(mine), "Your version")
        layout.addWidget(self.mine)
        buttons = QDialogButtonBox()
        self.keep_mine = named(buttons.addButton(self.tr("Keep mine"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole),
                               "Keep mine")
        self.keep_theirs = named(buttons.addButton(self.tr("Keep theirs"),
                                                   QDialogButtonBox.ButtonRole.RejectRole),
                                 "Keep theirs")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_text(self) -> str:
        return self.mine.toPlainText()


class MinuteTakerWindow(QMainWindow):
    def __init__(self, seat: MinutesSeat, clock: Clock | None = None) -> None:
        super().__init__()
        self.seat = seat
        self.clock: Clock = clock or SystemClock()
        self.setWindowTitle(self.tr("Conference Facilitator – minute-taker"))
        self.status_label = named(QLabel(self.tr("Connecting to the chair's computer…")),
                                  "Save state")
        self.status_label.setStyleSheet("padding:4px; font-weight:bold;")
        self.transcript: TranscriptPanel | None = None
        self.conflicts: list[tuple[str, str, str, int]] = []  # id, mine, theirs, version
        self.ask_conflict = self._ask_conflict
        central = QWidget()
        self.layout_ = QVBoxLayout(central)
        self.layout_.addWidget(self.status_label)
        self.setCentralWidget(central)
        seat.statusChanged.connect(self._status)
        seat.replicaReady.connect(self._build)
        seat.eventApplied.connect(self._event)
        seat.resultReceived.connect(self._result)
        self.resize(1280, 720)
        if seat.conference is not None:
            self._build()

    def _build(self) -> None:
        conference = self.seat.conference
        assert conference is not None
        self.setWindowTitle(self.tr("Minute-taker – {title}").format(
            title=conference.details.title))
        splitter = QSplitter()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        agenda_box = QGroupBox(self.tr("Agenda"))
        QVBoxLayout(agenda_box).addWidget(agenda := named(QListWidget(), "Agenda stages"))
        self.agenda = agenda
        people_box = QGroupBox(self.tr("Present"))
        QVBoxLayout(people_box).addWidget(people := named(QListWidget(), "People present"))
        self.people = people
        side_layout.addWidget(agenda_box)
        side_layout.addWidget(people_box)
        self.participation = ParticipationPanel(
            None, lambda: self.transcript.selected_utterance_ids() if self.transcript else [],
            with_prompts=False)  # the prompts are the chair's
        self.participation.markRequested.connect(
            lambda child, part, suggested: self._focus(child, part, True, suggested))
        self.participation.unmarkRequested.connect(
            lambda child, part: self._focus(child, part, False, False))
        side_layout.addWidget(self.participation)
        splitter.addWidget(side)
        self.transcript = TranscriptPanel(conference, self._edit, on_assign=self._assign)
        self.transcript.noteSubmitted.connect(self._note)
        self.transcript.markToggled.connect(self._mark)
        self.transcript.splitRequested.connect(lambda line, position: self.seat.submit(
            seat.SplitUtterance(line, position, uuid.uuid4().hex)))
        self.transcript.mergeRequested.connect(lambda first, second: self.seat.submit(
            seat.MergeUtterances(first, second)))
        self.transcript.problem.connect(self.status_label.setText)
        tabs = QTabWidget()
        tabs.addTab(self.transcript, self.tr("Transcript"))
        self.minutes = MinutesPanel(conference, self.transcript.model)
        self.minutes.saveRequested.connect(self._save_minutes)
        tabs.addTab(self.minutes, self.tr("Minutes"))
        splitter.addWidget(tabs)
        splitter.setSizes([320, 960])
        self.layout_.addWidget(splitter, 1)
        self._refresh()

    def _refresh(self) -> None:
        conference = self.seat.conference
        if conference is None or self.transcript is None:
            return
        self.agenda.clear()
        for stage in conference.agenda.stages:
            marker = "▶ " if stage.status is StageStatus.CURRENT else ""
            self.agenda.addItem(marker + term(stage.spec.title))
        self.people.clear()
        for person in conference.attendees.values():
            if person.is_present:
                self.people.addItem(f"{person.name} ({term(person.role.label)})")
        self.transcript.refresh_speakers(conference)
        self.participation.refresh(conference, self.clock.now())

    def _save_minutes(self, section: Section, drafts: list[ParagraphDraft], base: int) -> None:
        self.seat.submit(seat.WriteSummary.of(section, drafts, base))
        self.minutes.state.setText(self.tr("saving…"))

    def _event(self, event: ev.Event) -> None:
        if self.transcript is None:
            return
        if isinstance(event, ev.SectionSummaryWritten):
            self.minutes.saved(event.section)
            return
        if not self.transcript.line_event(event):
            self._refresh()
        elif self.seat.conference is not None:  # a line's time or speaker moves the figures
            self.participation.refresh(self.seat.conference, self.clock.now())

    def _status(self, status: SeatStatus) -> None:
        self.status_label.setText(status.text())
        colour = {"connected": "#276749", "offline": "#975a16", "refused": "#9b2c2c"}
        self.status_label.setStyleSheet(
            f"padding:4px; font-weight:bold; color:{colour.get(status.connection.value, '')};")
        if status.connection is SeatConnection.REFUSED and self.transcript is not None:
            self.transcript.setEnabled(False)

    # ---- sending --------------------------------------------------------------------------
    def _edit(self, utterance_id: str, text: str, base_version: int) -> bool:
        assert self.transcript is not None
        self.transcript.model.pending[utterance_id] = text
        self.transcript.utterance_changed(utterance_id)
        self.seat.submit(seat.EditUtterance(utterance_id, text, base_version))
        return True

    def _assign(self, utterance_id: str, speaker_id: str | None) -> bool:
        self.seat.submit(seat.AssignSpeaker(utterance_id, speaker_id))
        return True

    def _mark(self, utterance_ids: list[str], mark: Mark) -> None:
        conference = self.seat.conference
        assert conference is not None
        for utterance_id in utterance_ids:
            marks = conference.utterances[utterance_id].marks ^ {mark}
            self.seat.submit(seat.MarkUtterance(utterance_id, tuple(sorted(
                marks, key=lambda m: m.name))))

    def _focus(self, child_id: str, part: FocusPart, on: bool, suggested: bool) -> None:
        """Mark (or unmark) the selected lines with a part of child focus for the child."""
        assert self.transcript is not None
        for line in self.transcript.selected_utterance_ids():
            self.seat.submit(seat.MarkChildFocus(line, child_id, part, on, suggested))

    def _note(self, speaker_id: str | None, text: str) -> None:
        assert self.transcript is not None
        self.seat.submit(seat.AddNote(uuid.uuid4().hex, text, self.clock.now(), speaker_id))
        self.transcript.note_accepted()

    def _result(self, command_id: str, name: str, args: dict[str, Any],
                reply: dict[str, Any]) -> None:
        if reply.get("type") == "conflict" and name == "edit_utterance":
            utterance_id = str(args["utterance_id"])
            if self.transcript is not None:
                self.transcript.model.pending.pop(utterance_id, None)
                self.transcript.utterance_changed(utterance_id)
            self.conflicts.append((utterance_id, str(args["text"]), str(reply["current_text"]),
                                   int(reply["current_version"])))
            self._resolve_conflicts()
        elif reply.get("type") == "conflict" and name == "write_summary":
            mine = "\n\n".join(p["text"] for p in args["paragraphs"])
            chosen = self.ask_conflict(str(reply["current_text"]), mine)
            if chosen is not None:
                sent = seat.transcript_args(name, args, self.clock.now())
                assert isinstance(sent, seat.WriteSummary)
                paragraphs = sent.paragraphs
                if chosen != mine:  # edited in the dialog: one paragraph, the same parts
                    first = paragraphs[0] if paragraphs else seat.Paragraph("", None, False)
                    paragraphs = (replace(first, text=chosen),)
                self.seat.submit(replace(sent, paragraphs=paragraphs,
                                         base_version=int(reply["current_version"])))
            else:
                self.minutes.load()
        elif reply.get("type") == "refused":
            self.status_label.setText(self.tr("Not saved: {why}").format(
                why=reply.get("message")))

    def _resolve_conflicts(self) -> None:
        while self.conflicts:
            utterance_id, mine, theirs, version = self.conflicts[0]
            chosen = self.ask_conflict(theirs, mine)
            self.conflicts.pop(0)
            if chosen is not None and chosen != theirs:
                self._edit(utterance_id, chosen, version)

    def _ask_conflict(self, theirs: str, mine: str) -> str | None:
        dialog = ConflictDialog(theirs, mine, self)
        return dialog.chosen_text() if dialog.exec() else None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.seat.close()
        super().closeEvent(event)
