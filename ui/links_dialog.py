"""Each remote person's join link, meeting code and PIN, to put in their invitation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .widgets import named


class LinksDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, str, str]], base_url: str,
                 parent: QWidget | None = None, minute_taker_link: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join links"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Each link lets only that person in, to the waiting room. On a "
                               "phone they can go to {url} and type the meeting code and their "
                               "PIN. Send each person only their own line.").format(url=base_url))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = named(QTableWidget(len(rows), 4), "Join links table")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Link"),
                                              self.tr("Meeting code"), self.tr("PIN")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        layout.addWidget(self.table)
        if minute_taker_link:
            layout.addWidget(QLabel(self.tr("Minute-taker (open with: facilitator minutes LINK):")))
            self.minute_taker = named(QLineEdit(minute_taker_link), "Minute-taker link")
            self.minute_taker.setReadOnly(True)
            layout.addWidget(self.minute_taker)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 360)
