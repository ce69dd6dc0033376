"""The "Before the meeting" tab: what is still missing before the start, and where to record
it (invitations and replies, reports shared in advance, the child, needs, exclusion requests,
the observer, and meeting the family beforehand).

Every change is a domain command run through the session (stored before it is shown); a
refused one is explained in the window's problem line and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.cli_export import _write
from facilitator.domain import events as ev
from facilitator.domain.conference import Conference
from facilitator.domain.errors import DomainError
from facilitator.domain.preparation import ContributionKind
from facilitator.domain.readiness import ReadinessItem, Severity, readiness
from facilitator.domain.roles import Party
from facilitator.meeting.api import MeetingApi
from facilitator.services.conference_file import LOCAL_ZONE
from facilitator.services.preparation_settings import PreparationConfig, load_preparation

from .chair_meeting import LOCAL_ONLY, ChairMeeting
from .language import term
from .preparation_addresses import AddressesSection
from .preparation_forms import ChildSection, ReportsSection
from .preparation_needs import NeedsSection
from .preparation_requests import InvitationsSection, RequestsSection
from .preparation_widgets import button, checked, checked_list, date_edit, fill_checked, pydate
from .widgets import named

# Events that change nothing this tab shows (the transcript runs during the meeting).
QUIET = (ev.UtteranceRecorded, ev.RecognitionRevised, ev.UtteranceEdited, ev.UtteranceMarked,
         ev.SpeakerAssigned, ev.SectionSummaryWritten)
AMBER = QColor("#8a4b00")


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class PreparationPanel(QWidget):
    """File dialogs are attributes so that tests can answer them without a modal loop."""

    def __init__(self, bridge: ChairMeeting,
                 runner: Callable[..., list[ev.Event] | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._runner = runner or bridge.run  # the window's, so that it clears its problem line
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path
        self.ask_save_path: Callable[[str], Path | None] = self._ask_save_path
        try:
            self.config = load_preparation()
        except DomainError as bad:  # a broken preparation.yaml: the procedure's defaults
            self.config = PreparationConfig()
            self.problem(str(bad))
        self.attachments = bridge.attachment_store()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._readiness_box())
        self.sections = named(QTabWidget(), "Preparation sections")
        self.invitations = InvitationsSection(self)
        self.reports = ReportsSection(self)
        self.child = ChildSection(self)
        self.needs = NeedsSection(self)
        self.requests = RequestsSection(self)
        self.addresses = AddressesSection(self)
        for widget, title in ((self.invitations, self.tr("Invitations")),
                              (self.reports, self.tr("Reports")),
                              (self.child, self.tr("The child")), (self.needs, self.tr("Needs")),
                              (self.requests, self.tr("Requests and observer")),
                              (self.addresses, self.tr("Addresses"))):
            self.sections.addTab(_scrolling(widget), title)
        splitter.addWidget(self.sections)
        splitter.setSizes([210, 420])
        layout.addWidget(splitter)
        bridge.eventApplied.connect(self._on_event)
        self.refresh()

    def _readiness_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Ready to start?"))
        columns = QHBoxLayout(box)
        column = QVBoxLayout()
        self.summary = named(QLabel(""), "Readiness summary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.missing = named(QListWidget(), "What is missing before the start")
        self.missing.setWordWrap(True)
        column.addWidget(self.missing, 1)
        columns.addLayout(column, 3)
        column = QVBoxLayout()
        column.addWidget(QLabel(self.tr("Meet the family before the conference:")))
        self.met = checked_list("Whom the chair met", [])
        column.addWidget(self.met, 1)
        row = QHBoxLayout()
        self.met_on = date_edit(self.today(), "Met on")
        row.addWidget(self.met_on)
        row.addWidget(button(self.tr("Met before the conference"), self.record_meeting,
                             self.tr("Record that the chair met them before the conference")))
        column.addLayout(row)
        self.status = named(QLabel(""), "Preparation status")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        columns.addLayout(column, 2)
        return box

    # ---- what the sections use -----------------------------------------------------------
    @property
    def conference(self) -> Conference:
        return self.bridge.conference

    @property
    def api(self) -> MeetingApi:
        """The meeting's use cases: pass them to `run`."""
        return self.bridge.api

    def run(self, command: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any] | None:
        return self._runner(command, *args, **kwargs)

    def today(self) -> date:
        return self.bridge.now().astimezone(LOCAL_ZONE).date()

    def problem(self, message: str) -> None:
        self.bridge.refused.emit(message)

    def choose_file(self) -> Path | None:
        return self.ask_open_path()

    def attach(self, child_id: str, path: Path, kind: ContributionKind, description: str
               ) -> bool:
        """Copy the file into the data directory, then record it; refused: no new file."""
        if self.attachments is None:
            self.problem(LOCAL_ONLY.format(what="storing a child's own file") if
                         self.bridge.remote else
                         self.tr("This conference has no data directory to keep files in."))
            return False
        limit = self.config.timescales.max_attachment_bytes
        try:
            stored = self.attachments.put(path, limit)
        except DomainError as refused:
            self.problem(str(refused))
            return False
        done = self.run(self.api.attach_contribution, child_id, kind, stored.sha256, stored.size,
                        stored.filename, description=description, max_bytes=limit)
        if done is None and stored.new:
            self.attachments.discard(stored.sha256)
        return done is not None

    def save_letter(self, kind: str, attendee_id: str, fmt: str,
                    request_id: str | None = None) -> bool:
        """An invitation (with the person's join details) or an exclusion letter, to a file."""
        from facilitator.services.export import load_settings
        from facilitator.services.export.preparation_letters import (
            LetterFormat,
            export_exclusion_letter,
            export_invitation,
        )

        conference = self.conference
        person = conference.attendee(attendee_id)
        path = self.ask_save_path(f"{kind}-{person.name.split()[0].lower()}.{fmt}")
        if path is None:
            return False
        try:
            settings = load_settings()
            if kind == "invitation":
                credentials = self.bridge.credentials()
                if credentials is None:
                    self.problem(LOCAL_ONLY.format(what="an invitation with join details"))
                    return False
                letter = export_invitation(conference, attendee_id, LetterFormat(fmt),
                                           credentials,
                                           settings, self.config, self.today())
            else:
                letter = export_exclusion_letter(conference, attendee_id, LetterFormat(fmt),
                                                 settings, self.today(), request_id)
            _write(path, letter.data, force=True)
        except DomainError as refused:
            self.problem(str(refused))
            return False
        except OSError as bad:
            self.problem(self.tr("Cannot write {path}: {why}").format(path=path,
                                                                       why=bad.strerror))
            return False
        self.status.setText(self.tr("Saved {file} for {name}.").format(file=path.name,
                                                                        name=person.name))
        return True

    # ---- meeting the family ---------------------------------------------------------------
    def record_meeting(self) -> None:
        chosen = [str(value).split(":", 1) for value in checked(self.met)]
        people = [key for kind, key in chosen if kind == "attendee"]
        children = [key for kind, key in chosen if kind == "child"]
        if self.run(self.api.record_meeting_before, people, pydate(self.met_on),
                    children) is not None:
            fill_checked(self.met, self._family(), keep=False)

    def _family(self) -> list[tuple[str, object]]:
        conference = self.conference
        options: list[tuple[str, object]] = [
            (f"{a.name} ({term(a.role.label)})", f"attendee:{a.id}")
            for a in conference.attendees.values()
            if a.role.party in (Party.FAMILY, Party.CHILD, Party.SUPPORTER)]
        options += [(f"{c.name} (child)", f"child:{c.id}") for c in conference.details.children
                    if not c.unborn and not any(a.child_id == c.id
                                                for a in conference.attendees.values())]
        return options

    # ---- showing --------------------------------------------------------------------------
    def items(self) -> list[ReadinessItem]:
        return readiness(self.conference, self.config.timescales)

    def missing_texts(self) -> list[str]:
        return [self.missing.item(i).text() for i in range(self.missing.count())]

    def _on_event(self, event: ev.Event) -> None:
        if not isinstance(event, QUIET):
            self.refresh()

    def refresh(self) -> None:
        conference = self.conference
        items = self.items()
        self.missing.clear()
        for item in items:
            mark = self.tr("Missing") if item.severity is Severity.MISSING else self.tr("Check")
            row = QListWidgetItem(f"{mark}: {item.text}")
            row.setData(Qt.ItemDataRole.UserRole, (item.topic.name, item.subject))
            row.setToolTip(item.topic.value)
            if item.severity is Severity.WARNING:
                row.setForeground(QBrush(AMBER))
            self.missing.addItem(row)
        missing = sum(1 for i in items if i.severity is Severity.MISSING)
        warnings = len(items) - missing
        self.summary.setText(self.tr("Ready: nothing is missing.") if not items else
                             self.tr("{missing} missing, {warnings} to check before the "
                                     "start.").format(missing=missing, warnings=warnings))
        fill_checked(self.met, self._family())
        for section in (self.invitations, self.reports, self.child, self.needs, self.requests,
                        self.addresses):
            section.refresh(conference)

    # ---- dialogs (replaceable in tests) -----------------------------------------------------
    def _ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("The child's letter, drawing or recording"))
        return Path(name) if name else None

    def _ask_save_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save letter"),
                                               str(Path.home() / suggested))
        return Path(name) if name else None
