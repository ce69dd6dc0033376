"""Wrapped text in trees and small tables, with rows as tall as their text.

QTreeView measures a row as if its columns had no width limit, so wrapped text would be cut
(with "..."). Its delegate here measures each cell at its column's width, and `WrappingTree`
lays the rows out again when a column changes width. `wrap_rows` does the same for a small
table (a few dozen rows: every row is measured); `stretch_columns` and `fill_table` set one up
and fill it, read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex


class _MeasuredAtColumnWidth(QStyledItemDelegate):
    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.column() == 0:  # the first column (names) is sized to its text: no wrap
            unwrapped = QStyleOptionViewItem(option)
            unwrapped.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
            size = super().sizeHint(unwrapped, index)
            if not index.parent().isValid() and self.tree.isFirstColumnSpanned(
                    index.row(), index.parent()):
                size.setWidth(1)  # a group's title spans the row: it does not widen names
            return size
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, max(24, self.tree.columnWidth(index.column())), 100_000)
        return super().sizeHint(measured, index)


class WrappingTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_MeasuredAtColumnWidth(self))
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.doItemsLayout)
        self.header().sectionResized.connect(lambda *_: self._relayout.start())


def wrap_rows(table: QTableView) -> None:
    """Long cells wrap, and every row grows to show all of its text, at any column width."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    refit = QTimer(table)
    refit.setSingleShot(True)
    refit.setInterval(0)
    refit.timeout.connect(table.resizeRowsToContents)
    table.horizontalHeader().sectionResized.connect(lambda *_: refit.start())


def stretch_columns(table: QTableWidget, fixed: tuple[int, ...] = ()) -> None:
    """Columns share the width (those in `fixed` fit their contents); text wraps."""
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents
                                    if column in fixed else QHeaderView.ResizeMode.Stretch)
    wrap_rows(table)


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """The rows as read-only cells (each shows its whole text as a tip), as tall as their text."""
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, column, item)
    table.resizeRowsToContents()
