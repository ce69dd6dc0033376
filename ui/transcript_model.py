"""The live transcript as a Qt table model: appends and edits touch only their own rows."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator.domain.conference import Conference
from facilitator.domain.interpreting import MACHINE_TRANSLATED, speaker_label
from facilitator.domain.languages import language_name
from facilitator.domain.transcript import Utterance
from facilitator.labels import segment_description, segment_label
from facilitator.record.quorum import gap_text

from .language import term, words
from .widgets import local_time

COLUMNS = ("Time", "Stage", "Segment", "Speaker", "Text", "Marks")


def column_titles() -> tuple[str, ...]:
    """The columns' headings in the window's language (COLUMNS stays English)."""
    translate = QCoreApplication.translate
    return (translate("TranscriptModel", "Time"), translate("TranscriptModel", "Stage"),
            translate("TranscriptModel", "Segment"), translate("TranscriptModel", "Speaker"),
            translate("TranscriptModel", "Text"), translate("TranscriptModel", "Marks"))
SPEAKER_COLUMN = 3
TEXT_COLUMN = 4
VERSION_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, ID_ROLE, VERSION_ROLE,
                    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole})


@cache
def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font
EditHandler = Callable[[str, str, int], bool]


class TranscriptModel(QAbstractTableModel):
    def __init__(self, conference: Conference, on_edit: EditHandler,
                 parent: QObject | None = None,
                 on_assign: Callable[[str, str | None], bool] | None = None) -> None:
        super().__init__(parent)
        self.conference = conference
        self.on_edit = on_edit
        self.on_assign = on_assign  # a person (re)names the speaker of a line
        self._keys: list[tuple[datetime, int, str]] = []  # (time, order recorded, id)
        self._row_of: dict[str, int] = {}
        self._cache: dict[str, tuple[tuple[str, int, int, str], tuple[str, ...]]] = {}
        self.pending: dict[str, str] = {}  # edits made here, not yet saved by the chair
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._keys = sorted(self._key(u) for u in self.conference.utterances.values())
        self._row_of = {key[-1]: row for row, key in enumerate(self._keys)}
        self.endResetModel()

    def _key(self, u: Utterance) -> tuple[datetime, int, str]:
        return (*self.conference.line_order(u), u.id)  # the conference's one order

    # ---- updates from application events ------------------------------------------------
    def utterance_added(self, utterance_id: str) -> None:
        u = self.conference.utterances[utterance_id]
        key = self._key(u)
        row = bisect.bisect(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(row, key)
        if row == len(self._keys) - 1:
            self._row_of[u.id] = row
        else:
            self._row_of = {k[-1]: r for r, k in enumerate(self._keys)}
        self.endInsertRows()

    def utterance_removed(self, utterance_id: str) -> None:
        row = self._row_of.get(utterance_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        self._row_of = {k[-1]: r for r, k in enumerate(self._keys)}
        self._cache.pop(utterance_id, None)
        self.endRemoveRows()

    def utterance_changed(self, utterance_id: str) -> None:
        row = self._row_of.get(utterance_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def utterance_at(self, row: int) -> Utterance:
        return self.conference.utterances[self._keys[row][-1]]

    def row_of(self, utterance_id: str) -> int:
        return self._row_of[utterance_id]

    def find_row(self, utterance_id: str) -> int | None:
        return self._row_of.get(utterance_id)

    # ---- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation is Qt.Orientation.Horizontal:
            return column_titles()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = index.column() in (TEXT_COLUMN, SPEAKER_COLUMN)
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None  # painting asks for many roles; answer the unused ones cheaply
        u = self.utterance_at(index.row())
        if role == Qt.ItemDataRole.EditRole and index.column() == TEXT_COLUMN:
            return self.pending.get(u.id, shown_text(u))  # never the machine translation shown
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._cells(u)[index.column()]
        if role == ID_ROLE:
            return u.id
        if role == VERSION_ROLE:
            return u.version
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(u, index.column())
        if index.column() != TEXT_COLUMN:
            return None
        return _italic() if u.human_edited else None  # FontRole

    def _tooltip(self, u: Utterance, column: int) -> str:
        """The whole of a cell, however narrow its column."""
        if column == 2:
            return segment_description(self.conference, self.conference.segment(u.segment_id),
                                       words())
        text = self._cells(u)[column]
        if column != TEXT_COLUMN:
            return text
        translate = QCoreApplication.translate
        if u.human_edited:
            return translate("TranscriptModel", "{text}\n\nEdited by {editor}. Recognised: "
                             "{recognised}").format(text=text, editor=u.edits[-1].editor,
                                                    recognised=u.recognised_text)
        return translate("TranscriptModel", "{text}\n\nRecognised ({source})").format(
            text=text, source=u.source.value)

    def _cells(self, u: Utterance) -> tuple[str, ...]:
        """Display strings of a line, cached until its version or segments change."""
        key = (u.id, u.version, len(self.conference.segments), self.pending.get(u.id, ""))
        cached = self._cache.get(u.id)
        if cached is None or cached[0] != key:
            cached = (key, tuple(self._cell(u, c) for c in range(len(COLUMNS))))
            self._cache[u.id] = cached
        return cached[1]

    def _cell(self, u: Utterance, column: int) -> str:
        conf = self.conference
        if column == 0:
            return local_time(u.started_at, "%H:%M:%S")
        if column == 1:
            if u.stage_id is None:
                return ""
            try:
                return term(conf.agenda.stage(u.stage_id).spec.title)
            except ValueError:
                return u.stage_id
        if column == 2:
            return segment_label(conf, conf.segment(u.segment_id), words())
        if column == SPEAKER_COLUMN:
            if u.speaker_id is None:
                return QCoreApplication.translate("TranscriptModel", "Unknown speaker")
            name = speaker_label(conf, u.speaker_id)  # an interpreter: for whom
            if u.language != "en":
                name += f" [{term(language_name(u.language))}]"
            if u.speaker_confidence is not None:  # named by voice: show how sure, to check
                return f"{name} ({u.speaker_confidence:.0%}?)"
            return name
        if column == TEXT_COLUMN:
            if u.id in self.pending or not u.english:
                return self.pending.get(u.id, shown_text(u))
            return f"{u.text}\n[{MACHINE_TRANSLATED}] {u.english}"
        return ", ".join(sorted(m.value for m in u.marks))

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.EditRole and index.column() == SPEAKER_COLUMN:
            u = self.utterance_at(index.row())
            speaker = value[0] if isinstance(value, tuple) else value
            return self.on_assign is not None and self.on_assign(u.id, speaker)
        if role != Qt.ItemDataRole.EditRole or index.column() != TEXT_COLUMN:
            return False
        text, base_version = value if isinstance(value, tuple) else (value, None)
        u = self.utterance_at(index.row())
        if u.not_transcribed and str(text) == shown_text(u) != u.text:
            return False  # a gap line left as it was shown (in Welsh): nothing was typed
        return self.on_edit(u.id, str(text), base_version or u.version)


def shown_text(u: Utterance) -> str:
    """A line's text as the window shows it: a gap the recogniser left in its language."""
    return gap_text(u.text, words()) if u.not_transcribed else u.text


class TextEditDelegate(QStyledItemDelegate):
    """Edits text in place; an open editor is never overwritten by incoming changes."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAccessibleName("Edit utterance text")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if editor.property("base_version") is not None:
            return  # already editing: leave the person's text and cursor alone
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole)))
        editor.setProperty("base_version", int(index.data(VERSION_ROLE)))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, (editor.text(), int(editor.property("base_version"))),
                      Qt.ItemDataRole.EditRole)


class SpeakerDelegate(QStyledItemDelegate):
    """One click to (re)name who spoke: the people who may speak, or unknown."""

    def __init__(self, model: TranscriptModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Speaker of this line")
        combo.addItem(QCoreApplication.translate("TranscriptModel", "Unknown speaker"), None)
        for person in self.model.conference.attendees.values():
            if person.may_contribute:
                combo.addItem(person.name, person.id)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        speaker = self.model.utterance_at(index.row()).speaker_id
        editor.setCurrentIndex(max(0, editor.findData(speaker)))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, (editor.currentData(),), Qt.ItemDataRole.EditRole)
