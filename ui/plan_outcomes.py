"""Dates as a chair in the UK reads them, and the plan's outcomes table with a date picker.

Dates show as "18 Dec 2026"; typed dates may also be "18/12/2026" or "2026-12-18". An outcome
whose date cannot be read is refused with a message saying how to write it, never replaced by
another date.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facilitator.domain.decisions import Outcome

from .widgets import named
from .wrapping import wrap_rows

UK_DISPLAY = "d MMM yyyy"  # Qt's pattern for 18 Dec 2026
READ_FORMATS = ("%d %b %Y", "%d %B %Y", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y",
                "%Y-%m-%d")
HOW_TO_WRITE = "pick it from the calendar, or write it as 18/12/2026 or 18 Dec 2026"
COLUMNS = ("What must change", "How we will know", "By when")
BY_WHEN = 2
Index = QModelIndex | QPersistentModelIndex


def uk_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def read_uk_date(text: str) -> date | None:
    """The date a chair wrote (18 Dec 2026, 18 December 2026, 18/12/2026, 2026-12-18)."""
    cleaned = " ".join(text.replace(",", " ").split())
    for pattern in READ_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date, name: str) -> QDateEdit:
    """A date field showing 18 Dec 2026, with a calendar to pick from."""
    edit = named(QDateEdit(qdate(day)), name)
    edit.setDisplayFormat(UK_DISPLAY)
    edit.setCalendarPopup(True)
    return edit


class OutcomeProblem(ValueError):
    """An outcome row that cannot be recorded; the message says which and why."""


class _DateDelegate(QStyledItemDelegate):
    """The "By when" cell is edited with a date picker and shows the date as 18 Dec 2026."""

    def __init__(self, table: OutcomesTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        editor = date_edit(self.table.default_date, "Outcome date")
        editor.setParent(parent)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        day = read_uk_date(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.setDate(qdate(day or self.table.default_date))

    def setModelData(self, editor: QWidget, model: object, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        self.table.set_date(index.row(), pydate(editor.date()))


class OutcomesTable(QTableWidget):
    def __init__(self, default_date: date) -> None:
        super().__init__(3, len(COLUMNS))
        named(self, "Outcomes", self.tr("What must change, how everyone will know, and by "
                                        "when. Double-click a date to pick it from the "
                                        "calendar."))
        self.default_date = default_date
        self.setHorizontalHeaderLabels(list(COLUMNS))
        for column, tip in enumerate(("What must change for the child to be safe",
                                      "How everyone will know it has changed",
                                      f"The date it must change by: {HOW_TO_WRITE}")):
            header_item = self.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(BY_WHEN, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(BY_WHEN, max(130, self.fontMetrics().horizontalAdvance(
            "28 Sept 2027") + 40))
        wrap_rows(self)  # narrower columns wrap onto more lines: the rows grow to show it all
        self.setItemDelegateForColumn(BY_WHEN, _DateDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.setMinimumHeight(130)
        self.itemChanged.connect(self._tooltip)

    def _tooltip(self, item: QTableWidgetItem) -> None:
        item.setToolTip(item.text())

    def add_row(self) -> int:
        self.insertRow(self.rowCount())
        return self.rowCount() - 1

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_text(self, row: int, column: int, text: str) -> None:
        self.setItem(row, column, QTableWidgetItem(text))

    def set_date(self, row: int, day: date) -> None:
        self.set_text(row, BY_WHEN, uk_date(day))

    def show_outcomes(self, outcomes: tuple[Outcome, ...]) -> None:
        self.setRowCount(max(3, len(outcomes) + 1))
        for row in range(self.rowCount()):
            for column in range(len(COLUMNS)):
                self.setItem(row, column, QTableWidgetItem(""))
        for row, outcome in enumerate(outcomes):
            self.set_text(row, 0, outcome.what_must_change)
            self.set_text(row, 1, outcome.measure)
            self.set_date(row, outcome.by_when)

    def outcomes(self) -> tuple[Outcome, ...]:
        """The filled rows; `OutcomeProblem` for a row that cannot be recorded as it is."""
        rows = []
        for row in range(self.rowCount()):
            what, measure, when = (self.text(row, c) for c in range(len(COLUMNS)))
            if not (what or measure or when):
                continue
            label = f"Outcome {row + 1}"
            if not what:
                raise OutcomeProblem(f"{label}: say what must change.")
            if not when:
                raise OutcomeProblem(f"{label} (\u201c{what}\u201d): choose the date by when "
                                     f"it must change: {HOW_TO_WRITE}.")
            by_when = read_uk_date(when)
            if by_when is None:
                raise OutcomeProblem(f"{label}: \u201c{when}\u201d is not a date: "
                                     f"{HOW_TO_WRITE}.")
            rows.append(Outcome(what, measure, by_when))
        return tuple(rows)
