"""Transcript and minutes: the live transcript by stage and segment, editable, with marks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import events as ev
from facilitator.domain.conference import Conference
from facilitator.domain.transcript import Mark

from .transcript_model import (
    SPEAKER_COLUMN,
    TEXT_COLUMN,
    EditHandler,
    SpeakerDelegate,
    TextEditDelegate,
    TranscriptModel,
)
from .widgets import named

MARK_KEYS = {Mark.DECISION: "Ctrl+1", Mark.ACTION: "Ctrl+2", Mark.CHILD_VIEW: "Ctrl+3",
             Mark.PARENT_VIEW: "Ctrl+4", Mark.CONFIDENTIAL: "Ctrl+5"}


class TranscriptPanel(QGroupBox):
    noteSubmitted = Signal(object, str)  # speaker id or None, text
    splitRequested = Signal(str, int)  # utterance id, character position
    mergeRequested = Signal(str, str)  # first, second
    problem = Signal(str)
    markToggled = Signal(list, object)  # utterance ids, Mark

    def __init__(self, conference: Conference, on_edit: EditHandler,
                 parent: QWidget | None = None,
                 on_assign: Callable[[str, str | None], bool] | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Transcript and draft minutes"))
        layout = QVBoxLayout(self)
        self.model = TranscriptModel(conference, on_edit, self, on_assign)
        self.view = named(QTableView(), "Transcript",
                          self.tr("Live transcript; double-click the text to correct it"))
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(TEXT_COLUMN, TextEditDelegate(self.view))
        self.view.setItemDelegateForColumn(SPEAKER_COLUMN,
                                           SpeakerDelegate(self.model, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(True)  # long lines wrap; each row fits its text (see _fit_rows)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        time_width = self.view.fontMetrics().horizontalAdvance("00:00:00") + 14
        for column, width in ((0, time_width), (1, 120), (2, 110), (3, 120), (5, 90)):
            self.view.setColumnWidth(column, width)
        layout.addWidget(self.view, 1)
        # Rows are fitted to their text lazily: a new or changed line at once, the others when
        # they come into view or the columns change width (thousands of lines stay quick).
        self._fitted: dict[str, int] = {}  # line id -> text column width it was fitted at
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_visible)
        header.sectionResized.connect(lambda *_: self._refit.start())
        self.view.verticalScrollBar().valueChanged.connect(lambda *_: self._refit.start())
        self.model.modelReset.connect(self._forget_fits)
        self.partial = named(QLabel(""), "Speaking now")
        self.partial.setStyleSheet("color:#4a5568; font-style:italic;")
        layout.addWidget(self.partial)

        marks = QHBoxLayout()
        self.mark_buttons: dict[Mark, QPushButton] = {}
        words = {Mark.DECISION: self.tr("decision"), Mark.ACTION: self.tr("action"),
                 Mark.CHILD_VIEW: self.tr("child's view"),
                 Mark.PARENT_VIEW: self.tr("parent's view"),
                 Mark.CONFIDENTIAL: self.tr("confidential")}
        for mark in Mark:
            button = named(QPushButton(words[mark][:1].upper() + words[mark][1:]),
                           f"Mark {mark.value}",
                           self.tr("Mark or unmark the selected lines as {mark} ({key})").format(
                               mark=words[mark], key=MARK_KEYS[mark]))
            button.clicked.connect(lambda _=False, m=mark: self.toggle_mark(m))
            marks.addWidget(button)
            self.mark_buttons[mark] = button
        self.split_button = named(QPushButton(self.tr("Split line…")), "Split line",
                                  self.tr("Cut the selected line in two where the cursor is"))
        self.split_button.clicked.connect(self._split)
        self.merge_button = named(QPushButton(self.tr("Merge lines")), "Merge lines",
                                  self.tr("Join the two selected lines of one speaker"))
        self.merge_button.clicked.connect(self._merge)
        marks.addWidget(self.split_button)
        marks.addWidget(self.merge_button)
        self.ask_split = _ask_split
        layout.addLayout(marks)

        note = QHBoxLayout()
        self.speaker = named(QComboBox(), "Note speaker")
        self.note = named(QLineEdit(), "Typed note",
                          self.tr("Type what was said and press Enter"))
        self.note.setPlaceholderText(self.tr("Type a note of what was said, then Enter"))
        self.note.returnPressed.connect(self._submit)
        self.add_note = named(QPushButton(self.tr("Add note")), "Add note")
        self.add_note.clicked.connect(self._submit)
        note.addWidget(self.speaker)
        note.addWidget(self.note, 1)
        note.addWidget(self.add_note)
        layout.addLayout(note)
        self._follow_tail = True
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)

    def _forget_fits(self) -> None:
        self._fitted.clear()
        self._refit.start()

    def _fit_row(self, row: int) -> None:
        width = self.view.columnWidth(TEXT_COLUMN)
        utterance_id = self.model.utterance_at(row).id
        if self._fitted.get(utterance_id) != width:
            self.view.resizeRowToContents(row)
            self._fitted[utterance_id] = width

    def _fit_visible(self) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        first = max(0, self.view.rowAt(0))
        last = self.view.rowAt(self.view.viewport().height() - 1)
        last = rows - 1 if last < 0 else last
        for row in range(first, min(rows, last + 2)):
            self._fit_row(row)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit.start()

    def _scrolled(self, value: int) -> None:
        self._follow_tail = value >= self.view.verticalScrollBar().maximum() - 2

    def refresh_speakers(self, conference: Conference) -> None:
        current = self.speaker.currentData()
        self.speaker.blockSignals(True)
        self.speaker.clear()
        self.speaker.addItem(self.tr("Unknown speaker"), None)
        for person in conference.attendees.values():
            if person.may_contribute:
                self.speaker.addItem(person.name, person.id)
        index = self.speaker.findData(current)
        self.speaker.setCurrentIndex(max(0, index))
        self.speaker.blockSignals(False)

    def _submit(self) -> None:
        text = self.note.text().strip()
        if text:
            self.noteSubmitted.emit(self.speaker.currentData(), text)

    def note_accepted(self) -> None:
        self.note.clear()

    def selected_utterance_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.utterance_at(r).id for r in rows]

    def toggle_mark(self, mark: Mark) -> None:
        ids = self.selected_utterance_ids()
        if ids:
            self.markToggled.emit(ids, mark)

    def utterance_added(self, utterance_id: str) -> None:
        self.model.utterance_added(utterance_id)
        self._fit_row(self.model.row_of(utterance_id))
        if self._follow_tail and self.view.state() is not QAbstractItemView.State.EditingState:
            self.view.scrollToBottom()

    def utterance_changed(self, utterance_id: str) -> None:
        self.model.utterance_changed(utterance_id)
        self._fitted.pop(utterance_id, None)  # fitted again once the event is handled
        self._refit.start()

    def line_event(self, event: ev.Event) -> bool:
        """Show a stored transcript event; False if it is not about lines."""
        if isinstance(event, ev.UtteranceRecorded):
            self.utterance_added(event.utterance_id)
        elif isinstance(event, LINE_CHANGES):
            self.model.pending.pop(event.utterance_id, None)
            self.utterance_changed(event.utterance_id)
        elif isinstance(event, ev.UtteranceSplit):
            self.model.pending.pop(event.utterance_id, None)
            self.utterance_changed(event.utterance_id)
            self.utterance_added(event.new_utterance_id)
        elif isinstance(event, ev.UtterancesMerged):
            self.model.utterance_removed(event.second_id)
            self.utterance_changed(event.first_id)
        else:
            return False
        return True

    def _split(self) -> None:
        ids = self.selected_utterance_ids()
        if len(ids) != 1:
            self.problem.emit(self.tr("Select the one line to split."))
            return
        line = self.model.conference.utterances[ids[0]]
        dialog = SplitDialog(line.text, self)
        position = self.ask_split(dialog)
        if position is not None:
            self.splitRequested.emit(ids[0], position)

    def _merge(self) -> None:
        ids = self.selected_utterance_ids()
        if len(ids) != 2:
            self.problem.emit(self.tr("Select the two lines to merge (one after the other)."))
            return
        self.mergeRequested.emit(ids[0], ids[1])

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, TEXT_COLUMN))

    def edit_row(self, row: int) -> None:
        index = self.model.index(row, TEXT_COLUMN)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def editor(self) -> QLineEdit | None:
        widget = self.view.indexWidget(self.view.currentIndex())
        if isinstance(widget, QLineEdit):
            return widget
        found = self.view.viewport().findChildren(QLineEdit)
        return found[0] if found else None




LINE_CHANGES = (ev.RecognitionRevised, ev.UtteranceEdited, ev.UtteranceMarked,
                ev.SpeakerAssigned)


class SplitDialog(QDialog):
    """The line's text: put the cursor where the second line should begin."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Split the line"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Put the cursor where the new line begins, then OK.")))
        self.text = named(QLineEdit(text), "Line to split")
        self.text.setReadOnly(True)
        self.text.setCursorPosition(len(text) // 2)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _ask_split(dialog: SplitDialog) -> int | None:
    return dialog.text.cursorPosition() if dialog.exec() else None
