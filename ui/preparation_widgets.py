"""Small helpers shared by the sections of the "Before the meeting" tab."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from facilitator.domain.attendees import Attendee
from facilitator.domain.conference import Conference
from facilitator.domain.preparation import ContributionKind
from facilitator.domain.roles import Party
from facilitator.meeting.api import MeetingApi

from .language import term
from .widgets import named


class Panel(Protocol):
    """What a section needs from the panel."""

    @property
    def conference(self) -> Conference: ...

    @property
    def api(self) -> MeetingApi: ...

    def run(self, command: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any] | None:
        ...

    def today(self) -> date: ...

    def problem(self, message: str) -> None: ...

    def attach(self, child_id: str, path: Path, kind: ContributionKind, description: str
               ) -> bool: ...

    def choose_file(self) -> Path | None: ...

    def save_letter(self, kind: str, attendee_id: str, fmt: str,
                    request_id: str | None = None) -> bool: ...


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def date_edit(day: date, name: str) -> QDateEdit:
    edit = named(QDateEdit(qdate(day)), name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    return edit


def checked_list(name: str, options: Iterable[tuple[str, object]],
                 keep: bool = True) -> QListWidget:
    made = named(QListWidget(), name)
    fill_checked(made, options, keep)
    made.setMaximumHeight(110)
    return made


def fill_checked(widget: QListWidget, options: Iterable[tuple[str, object]],
                 keep: bool = True) -> None:
    """Replace a list of check boxes, keeping what was ticked."""
    ticked = set(checked(widget)) if keep else set()
    widget.clear()
    for label, value in options:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in ticked else Qt.CheckState.Unchecked)
        widget.addItem(item)


def checked(widget: QListWidget) -> list[Any]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() is Qt.CheckState.Checked]


def tick(widget: QListWidget, values: Iterable[object]) -> None:
    wanted = set(values)
    for i in range(widget.count()):
        item = widget.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                           in wanted else Qt.CheckState.Unchecked)


def button(text: str, slot: Callable[[], object], description: str = "") -> QPushButton:
    made = named(QPushButton(text), text.rstrip("…"), description)
    made.clicked.connect(lambda: slot())  # never the `checked` argument
    return made


def fill(combo: QComboBox, options: Iterable[tuple[str, object]]) -> None:
    """Replace a combo's options, keeping the chosen one when it is still there."""
    kept = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, value in options:
        combo.addItem(label, value)
    index = combo.findData(kept)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def people(conf: Conference, *parties: Party, remote: bool = False) -> list[tuple[str, object]]:
    chosen: list[Attendee] = [a for a in conf.attendees.values()
                              if (not parties or a.role.party in parties)
                              and (not remote or a.mode.is_remote)]
    return [(f"{a.name} ({term(a.role.label)})", a.id) for a in chosen]


def set_rows(table: QTableWidget, rows: list[list[str]], ids: list[str]) -> None:
    cells = [table.item(i.row(), 0) for i in table.selectedIndexes()]
    selected = {cell.data(Qt.ItemDataRole.UserRole) for cell in cells if cell is not None}
    table.setRowCount(len(rows))
    for row, (values, key) in enumerate(zip(rows, ids, strict=True)):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(row, column, item)
        if key in selected:
            table.selectRow(row)
    for column in range(table.columnCount() - 1):
        table.resizeColumnToContents(column)
        table.setColumnWidth(column, min(max(table.columnWidth(column), 90), 240))


def table(headers: list[str], name: str) -> QTableWidget:
    made = named(QTableWidget(0, len(headers)), name)
    made.setHorizontalHeaderLabels(headers)
    made.horizontalHeader().setStretchLastSection(True)
    made.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    made.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    made.setWordWrap(False)
    made.verticalHeader().hide()
    made.verticalHeader().setDefaultSectionSize(24)
    made.setMinimumHeight(110)
    return made


def selected_key(table_: QTableWidget) -> str | None:
    rows = table_.selectionModel().selectedRows()
    if not rows:
        return None
    item = table_.item(rows[0].row(), 0)
    return str(item.data(Qt.ItemDataRole.UserRole)) if item else None


def select_key(table_: QTableWidget, key: str) -> None:
    for row in range(table_.rowCount()):
        item = table_.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
            table_.selectRow(row)
