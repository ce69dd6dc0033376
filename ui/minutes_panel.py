"""Summary minutes, section by section, with the transcript of those stages beside them.

Each paragraph says which parts (segments) of the meeting it summarises — a person's copy
of the record includes it only if they were in all of them — and whether it is confidential
(never in a family's copy). Saving sends the version the editor started from; a section
changed meanwhile by someone else shows both versions to choose from.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.conference import Conference
from facilitator.domain.minutes import SECTION_OF_STAGE, ParagraphDraft, Section

from .transcript_model import TranscriptModel
from .widgets import named

SaveHandler = Callable[[Section, list[ParagraphDraft], int], None]


class SectionTranscript(QSortFilterProxyModel):
    """The transcript lines of the stages that feed one section."""

    def __init__(self, model: TranscriptModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.transcript = model
        self.section: Section | None = None

    def show_section(self, section: Section) -> None:
        self.beginFilterChange()
        self.section = section
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int,
                         parent: QModelIndex | QPersistentModelIndex) -> bool:
        utterance = self.transcript.utterance_at(row)
        return SECTION_OF_STAGE.get(utterance.stage_id or "") is self.section


class ParagraphEditor(QWidget):
    """One paragraph: its text, the segments it covers, and whether it is confidential."""

    def __init__(self, text: str, segments: str, confidential: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        self.text = named(QPlainTextEdit(text), "Paragraph text")
        self.text.setMaximumHeight(90)
        row = QHBoxLayout()
        self.segments = named(QLineEdit(segments), "Parts of the meeting covered",
                              self.tr("Segment numbers this paragraph summarises, e.g. 2, 3"))
        self.confidential = named(QCheckBox(self.tr("Confidential (never in a family's copy)")),
                                  "Confidential paragraph")
        self.confidential.setChecked(confidential)
        self.remove = named(QPushButton(self.tr("Remove")), "Remove paragraph")
        row.addWidget(QLabel(self.tr("Covers parts:")))
        row.addWidget(self.segments)
        row.addWidget(self.confidential)
        row.addWidget(self.remove)
        layout.addWidget(self.text)
        layout.addLayout(row)


class MinutesPanel(QWidget):
    saveRequested = Signal(object, list, int)  # Section, [ParagraphDraft], base version

    def __init__(self, conference: Conference, transcript: TranscriptModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conference = conference
        self.base_version = 0
        self.paragraphs: list[ParagraphEditor] = []
        self._loaded: list[tuple[str, str, bool]] = []
        outer = QHBoxLayout(self)
        self.sections = named(QListWidget(), "Sections of the minutes")
        for section in Section:
            self.sections.addItem(section.value)
        self.sections.setMaximumWidth(230)
        outer.addWidget(self.sections)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        editor = QWidget()
        self.editor_layout = QVBoxLayout(editor)
        self.heading = named(QLabel(), "Section heading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.editor_layout.addWidget(self.heading)
        self.paragraph_box = QVBoxLayout()
        self.editor_layout.addLayout(self.paragraph_box)
        buttons = QHBoxLayout()
        self.add_button = named(QPushButton(self.tr("Add paragraph")), "Add paragraph")
        self.save_button = named(QPushButton(self.tr("Save section")), "Save section")
        self.state = named(QLabel(""), "Section state")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.state, 1)
        self.editor_layout.addLayout(buttons)
        self.editor_layout.addStretch(1)
        splitter.addWidget(editor)
        self.section_lines = SectionTranscript(transcript)
        self.lines = named(QTableView(), "Transcript of this section")
        self.lines.setModel(self.section_lines)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.verticalHeader().setVisible(False)
        self.lines.horizontalHeader().setStretchLastSection(True)
        for column in (1, 2, 5):
            self.lines.hideColumn(column)
        splitter.addWidget(self.lines)
        splitter.setSizes([520, 480])
        outer.addWidget(splitter, 1)
        self.sections.currentRowChanged.connect(lambda _: self.load())
        self.add_button.clicked.connect(lambda: self._add_paragraph("", self._default_parts(),
                                                                    False))
        self.save_button.clicked.connect(self.save)
        self.sections.setCurrentRow(0)

    @property
    def section(self) -> Section:
        return list(Section)[max(0, self.sections.currentRow())]

    def _default_parts(self) -> str:
        current = self.conference.current_segment
        return str(current.number) if current else ""

    def _add_paragraph(self, text: str, parts: str, confidential: bool) -> None:
        paragraph = ParagraphEditor(text, parts, confidential)
        paragraph.remove.clicked.connect(lambda: self._remove(paragraph))
        self.paragraphs.append(paragraph)
        self.paragraph_box.addWidget(paragraph)

    def _remove(self, paragraph: ParagraphEditor) -> None:
        self.paragraphs.remove(paragraph)
        paragraph.deleteLater()

    def load(self, section: Section | None = None) -> None:
        """Show a section as stored (discarding unsaved changes to it)."""
        if section is not None:
            self.sections.setCurrentRow(list(Section).index(section))
            return
        section = self.section
        summary = self.conference.minutes.summary(section)
        self.base_version = summary.version
        self.heading.setText(section.value.capitalize())
        for paragraph in list(self.paragraphs):
            self._remove(paragraph)
        for text, parts, confidential in self._stored(section):
            self._add_paragraph(text, parts, confidential)
        self.state.setText(self.tr("saved by {who}").format(who=summary.written_by)
                           if summary.written_by else self.tr("not written yet"))
        self.section_lines.show_section(section)
        self._loaded = self._snapshot()

    def _stored(self, section: Section) -> list[tuple[str, str, bool]]:
        """The stored paragraphs as the editor shows them."""
        numbers = {s.id: s.number for s in self.conference.segments}
        rows = []
        for stored in self.conference.minutes.summary(section).paragraphs:
            parts = ", ".join(str(n) for n in sorted(numbers[s] for s in stored.segment_ids
                                                      if s in numbers))
            rows.append((stored.text, parts, stored.confidential))
        return rows

    def _snapshot(self) -> list[tuple[str, str, bool]]:
        return [(p.text.toPlainText().strip(), p.segments.text().strip(),
                 p.confidential.isChecked()) for p in self.paragraphs]

    @property
    def dirty(self) -> bool:
        """Unsaved changes on screen (never thrown away by someone else's save)."""
        return self._snapshot() != self._loaded

    def drafts(self) -> list[ParagraphDraft]:
        by_number = {s.number: s.id for s in self.conference.segments}
        drafts = []
        for paragraph in self.paragraphs:
            text = paragraph.text.toPlainText().strip()
            if not text:
                continue
            numbers = [int(n) for n in paragraph.segments.text().replace(" ", "").split(",")
                       if n.isdigit()]
            unknown = [n for n in numbers if n not in by_number]
            if unknown:
                raise ValueError(f"there is no part {unknown[0]} of the meeting")
            segments = frozenset(by_number[n] for n in numbers) or None
            drafts.append(ParagraphDraft(text, segments, paragraph.confidential.isChecked()))
        return drafts

    def save(self) -> None:
        try:
            drafts = self.drafts()
        except ValueError as bad:
            self.state.setText(str(bad))
            return
        self.saveRequested.emit(self.section, drafts, self.base_version)

    def saved(self, section: Section) -> None:
        """The store holds a new version of `section`: refresh it on screen, unless the
        editor has unsaved changes (saving them then shows both versions to choose from)."""
        if section is self.section:
            if self.dirty and self._snapshot() != self._stored(section):
                self.state.setText(self.tr("changed by someone else: saving will show both "
                                           "versions"))
            else:
                self.load()
