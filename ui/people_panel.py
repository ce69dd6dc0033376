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

from .language import term
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
        super().__init__(parent)
        self.setTitle(self.tr("People"))
        layout = QVBoxLayout(self)
        self.tree = named(WrappingTree(), "People by where they are")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Role, agency, needs and connection")])
        self.tree.setIndentation(12)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # names in full; roles, agencies, needs and the line wrap onto more lines
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        grid = QGridLayout()
        self.arrived_button = self._button(self.tr("Arrived"), self.arrivedRequested,
                                           self.tr("Mark the selected people as arrived"))
        self.left_button = self._button(self.tr("Left"), self.leftRequested,
                                        self.tr("Mark the selected people as having left"))
        self.returned_button = self._button(self.tr("Returned"), self.returnedRequested,
                                            self.tr("Mark the selected people as back"))
        self.exclude_button = self._button(self.tr("Move out of segment…"), self.excludeRequested,
                                           self.tr("Exclude the selected people from this "
                                                   "segment (Ctrl+E)"))
        self.bring_back_button = self._button(self.tr("Bring back"), self.bringBackRequested,
                                              self.tr("Readmit the selected people (Ctrl+B)"))
        self.add_button = named(QPushButton(self.tr("Add late arrival…")), "Add late arrival",
                                self.tr("Add someone who was not on the list"))
        self.add_button.clicked.connect(self.addRequested.emit)
        self.admit_button = self._button(self.tr("Admit"), self.admitRequested,
                                         self.tr("Let the selected people in from the waiting "
                                                 "room"))
        self.admit_all_button = named(QPushButton(self.tr("Admit all")), "Admit all",
                                      self.tr("Let everyone in the waiting room in"))
        self.admit_all_button.clicked.connect(self.admitAllRequested.emit)
        self.send_back_button = self._button(self.tr("To waiting room"), self.sendBackRequested,
                                             self.tr("Send the selected remote people back to "
                                                     "the waiting room"))
        self.remove_button = self._button(self.tr("Remove"), self.removeRequested,
                                          self.tr("Remove the selected people from the "
                                                  "meeting"))
        self.unmute_button = self._button(self.tr("Ask to unmute"), self.unmuteRequested,
                                          self.tr("Ask the selected remote people to unmute"))
        self.links_button = named(QPushButton(self.tr("Join links…")), "Join links",
                                  self.tr("Each remote person's link, meeting code and PIN"))
        self.links_button.clicked.connect(self.linksRequested.emit)
        self.interpreter_button = self._button(
            self.tr("Interprets for…"), self.interpreterRequested,
            self.tr("Whom the selected interpreter interprets for"))
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

    def speaking_prefix(self) -> str:
        return self.tr("(speaking) ")

    def group_words(self, group: PeopleGroup) -> str:
        """A group's heading in the window's language."""
        return {PeopleGroup.IN_ROOM: self.tr("In the room"),
                PeopleGroup.VIDEO: self.tr("Remote by video"),
                PeopleGroup.PHONE: self.tr("Remote by phone"),
                PeopleGroup.WAITING: self.tr("Waiting room"),
                PeopleGroup.OUT_OF_SEGMENT: self.tr("Out of this segment"),
                PeopleGroup.EXPECTED: self.tr("Expected, not yet here"),
                PeopleGroup.LEFT: self.tr("Left the meeting"),
                PeopleGroup.APOLOGIES: self.tr("Apologies and written reports")}[group]

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
                return [person.text(0).removeprefix(self.speaking_prefix())
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
            header = QTreeWidgetItem([f"{self.group_words(group)} ({len(people)})"])
            header.setData(0, ID_ROLE + 1, group.name)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            self.tree.addTopLevelItem(header)
            header.setFirstColumnSpanned(True)
            for person in people:
                role = term(person.role.label) + (f", {person.agency}" if person.agency else "")
                needs = person.needs.summary()
                line = self._connection.get(person.id, "")
                interpreting = interpreting_label(conference, person.id)
                speaks = interpreting[:1].upper() + interpreting[1:] or (
                    self.tr("Speaks {language}").format(
                        language=term(language_name(person.language)))
                    if person.language != "en" else "")
                about = "\n".join([role] + ([speaks] if speaks else [])
                                   + ([self.tr("Needs: {needs}").format(needs=needs)]
                                      if needs else [])
                                   + ([self.tr("Connection: {line}").format(line=line)]
                                      if line else []))
                prefix = self.speaking_prefix() if person.id in self._speaking else ""
                name = prefix + person.name
                item = QTreeWidgetItem([name, about])
                item.setData(0, ID_ROLE, person.id)
                item.setToolTip(1, about)
                # one state: someone who left and called back is waiting, not "left"
                state = (group.value.lower() if group in (PeopleGroup.WAITING,
                                                          PeopleGroup.OUT_OF_SEGMENT)
                         else person.state.value)
                item.setToolTip(0, f"{person.name}: {state}, {term(person.mode.value)}")
                header.addChild(item)
                item.setSelected(person.id in selected)
            header.setExpanded(bool(people))
