"""People, grouped by where they are: room, video, phone, waiting room, out of the segment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.conference import Conference
from facilitator.domain.interpreting import interpreting_label
from facilitator.domain.languages import language_name
from facilitator.views import PeopleGroup, people_by_group

from .widgets import named
from .wrapping import WrappingTree

ID_ROLE = Qt.ItemDataRole.UserRole


class PeoplePanel(QGroupBox):
    arrivedRequested = Signal(list)
    leftRequested = Signal(list)
    returnedRequested = Signal(list)
    addRequested = Signal()
    excludeRequested = Signal(list)
    bringBackRequested = Signal(list)
    admitRequested = Signal(list)
    admitAllRequested = Signal()
    sendBackRequested = Signal(list)
    removeRequested = Signal(list)
    unmuteRequested = Signal(list)
    linksRequested = Signal()
    interpreterRequested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("People", parent)
        layout = QVBoxLayout(self)
        self.tree = named(WrappingTree(), "People by where they are")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Name", "Role, agency, needs and connection"])
        self.tree.setIndentation(12)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # names in full; roles, agencies, needs and the line wrap onto more lines
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        grid = QGridLayout()
        self.arrived_button = self._button("Arrived", self.arrivedRequested,
                                           "Mark the selected people as arrived")
        self.left_button = self._button("Left", self.leftRequested,
                                        "Mark the selected people as having left")
        self.returned_button = self._button("Returned", self.returnedRequested,
                                            "Mark the selected people as back")
        self.exclude_button = self._button("Move out of segment…", self.excludeRequested,
                                           "Exclude the selected people from this segment "
                                           "(Ctrl+E)")
        self.bring_back_button = self._button("Bring back", self.bringBackRequested,
                                              "Readmit the selected people (Ctrl+B)")
        self.add_button = named(QPushButton("Add late arrival…"), "Add late arrival",
                                "Add someone who was not on the list")
        self.add_button.clicked.connect(self.addRequested.emit)
        self.admit_button = self._button("Admit", self.admitRequested,
                                         "Let the selected people in from the waiting room")
        self.admit_all_button = named(QPushButton("Admit all"), "Admit all",
                                      "Let everyone in the waiting room in")
        self.admit_all_button.clicked.connect(self.admitAllRequested.emit)
        self.send_back_button = self._button("To waiting room", self.sendBackRequested,
                                             "Send the selected remote people back to the "
                                             "waiting room")
        self.remove_button = self._button("Remove", self.removeRequested,
                                          "Remove the selected people from the meeting")
        self.unmute_button = self._button("Ask to unmute", self.unmuteRequested,
                                          "Ask the selected remote people to unmute")
        self.links_button = named(QPushButton("Join links…"), "Join links",
                                  "Each remote person's link, meeting code and PIN")
        self.links_button.clicked.connect(self.linksRequested.emit)
        self.interpreter_button = self._button("Interprets for…", self.interpreterRequested,
                                               "Whom the selected interpreter interprets for")
        for index, button in enumerate((self.arrived_button, self.left_button,
                                        self.returned_button, self.exclude_button,
                                        self.bring_back_button, self.add_button,
                                        self.admit_button, self.admit_all_button,
                                        self.send_back_button, self.remove_button,
                                        self.unmute_button, self.links_button,
                                        self.interpreter_button)):
            grid.addWidget(button, index // 3, index % 3)
        layout.addLayout(grid)
        self._speaking: set[str] = set()
        self._connection: dict[str, str] = {}

    def _button(self, text: str, signal: SignalInstance, description: str) -> QPushButton:
        button = named(QPushButton(text), text.rstrip("…"), description)
        button.clicked.connect(lambda: signal.emit(self.selected_ids()))
        return button

    def selected_ids(self) -> list[str]:
        return [str(i.data(0, ID_ROLE)) for i in self.tree.selectedItems()
                if i.data(0, ID_ROLE)]

    def select(self, attendee_ids: list[str]) -> None:
        self.tree.clearSelection()
        for item in self._person_items():
            if item.data(0, ID_ROLE) in attendee_ids:
                item.setSelected(True)

    def _groups(self) -> list[QTreeWidgetItem]:
        """The group headings (topLevelItem is None only past the last one)."""
        tree = self.tree
        return [item for g in range(tree.topLevelItemCount())
                if (item := tree.topLevelItem(g)) is not None]

    @staticmethod
    def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [child for i in range(item.childCount()) if (child := item.child(i)) is not None]

    def _person_items(self) -> list[QTreeWidgetItem]:
        return [person for group in self._groups() for person in self._children(group)]

    def group_members(self, group: PeopleGroup) -> list[str]:
        for item in self._groups():
            if item.data(0, ID_ROLE + 1) == group.name:
                return [person.text(0).removeprefix("(speaking) ")
                        for person in self._children(item)]
        return []

    def set_speaking(self, attendee_id: str, speaking: bool) -> None:
        (self._speaking.add if speaking else self._speaking.discard)(attendee_id)

    def set_connection(self, attendee_id: str, state: str) -> None:
        self._connection[attendee_id] = state

    def refresh(self, conference: Conference) -> None:
        selected = set(self.selected_ids())
        self.tree.clear()
        for group, people in people_by_group(conference).items():
            header = QTreeWidgetItem([f"{group.value} ({len(people)})"])
            header.setData(0, ID_ROLE + 1, group.name)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            self.tree.addTopLevelItem(header)
            header.setFirstColumnSpanned(True)
            for person in people:
                role = person.role.label + (f", {person.agency}" if person.agency else "")
                needs = person.needs.summary()
                line = self._connection.get(person.id, "")
                interpreting = interpreting_label(conference, person.id)
                speaks = interpreting[:1].upper() + interpreting[1:] or (
                    f"Speaks {language_name(person.language)}"
                    if person.language != "en" else "")
                about = "\n".join([role] + ([speaks] if speaks else [])
                                   + ([f"Needs: {needs}"] if needs else [])
                                   + ([f"Connection: {line}"] if line else []))
                prefix = "(speaking) " if person.id in self._speaking else ""
                name = prefix + person.name
                item = QTreeWidgetItem([name, about])
                item.setData(0, ID_ROLE, person.id)
                item.setToolTip(1, about)
                # one state: someone who left and called back is waiting, not "left"
                state = (group.value.lower() if group in (PeopleGroup.WAITING,
                                                          PeopleGroup.OUT_OF_SEGMENT)
                         else person.state.value)
                item.setToolTip(0, f"{person.name}: {state}, {person.mode.value}")
                header.addChild(item)
                item.setSelected(person.id in selected)
            header.setExpanded(bool(people))
