"""The "Addresses" section of the "Before the meeting" tab: each person's postal address (and
each subject child's, for the chair's letter), printed where a window envelope shows it.

A letter recorded as sent by post to someone without an address is refused: the table says
who has none yet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from facilitator.domain.addresses import MAX_ADDRESS_LINES, MAX_LINE_CHARS
from facilitator.domain.conference import Conference
from facilitator.domain.roles import Party

from .language import term
from .preparation_widgets import Panel, button, select_key, selected_key, set_rows, table
from .widgets import named

NONE_YET = "none yet: letters cannot go by post"


def recipients(conf: Conference) -> list[tuple[str, str, str]]:
    """(id, name, who) of everyone a letter may go to: the invitees and the subject children."""
    rows = [(a.id, a.name, term(a.role.label)) for a in conf.attendees.values()
            if a.role.party not in (Party.CHAIR, Party.MINUTE_TAKER)]
    rows += [(c.id, c.name, "subject child (the chair's letter)") for c in conf.details.children
             if not c.unborn and not any(a.child_id == c.id for a in conf.attendees.values())]
    return rows


class AddressesSection(QWidget):
    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        self.table = table(["Name", "Who", "Postal address"], "Postal addresses")
        self.table.itemSelectionChanged.connect(self.show_selected)
        layout.addWidget(self.table, 1)
        note = QLabel(self.tr("One line per line of the address (at most {lines}, {chars} "
                              "characters each). It is printed under the name, where a window "
                              "envelope shows it.").format(lines=MAX_ADDRESS_LINES,
                                                           chars=MAX_LINE_CHARS))
        note.setWordWrap(True)
        layout.addWidget(note)
        row = QHBoxLayout()
        self.address = named(QPlainTextEdit(), "Postal address",
                             self.tr("The selected person's postal address, one line per line"))
        self.address.setPlaceholderText(self.tr("House number and street\nTown\nPostcode"))
        self.address.setMaximumHeight(110)
        row.addWidget(self.address, 1)
        row.addWidget(button(self.tr("Record address"), self.record,
                             "Keep this postal address for the selected person's letters"))
        layout.addLayout(row)

    def selected(self) -> str | None:
        key = selected_key(self.table)
        if key is None:
            self.panel.problem("Select a person in the addresses list first.")
        return key

    def select(self, recipient_id: str) -> None:
        select_key(self.table, recipient_id)

    def record(self) -> None:
        if (who := self.selected()) is not None:
            lines = self.address.toPlainText().splitlines()
            self.panel.run(self.panel.api.record_address, who, lines)

    def show_selected(self) -> None:
        key = selected_key(self.table)
        if key is not None:
            self.address.setPlainText("\n".join(self.panel.conference.postal_address(key)))

    def refresh(self, conf: Conference) -> None:
        rows = recipients(conf)
        set_rows(self.table, [[name, who, ", ".join(conf.postal_address(key)) or NONE_YET]
                              for key, name, who in rows], [key for key, _, _ in rows])
