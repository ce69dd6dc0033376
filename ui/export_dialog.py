"""Record and letters: the chair exports every document of the conference into a folder.

The documents are built from the conference in the GUI thread (fast; the Conference is only
touched here); rendering them as DOCX/PDF/ics and writing the files happens on a worker thread,
whose results come back as signals, so the window stays responsive. A file already in the
folder is never replaced: the new one is named "... (2)".
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
from datetime import date
from pathlib import Path

import platformdirs
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import events as ev
from facilitator.domain.conference import MeetingStatus
from facilitator.domain.errors import DomainError
from facilitator.record.formatting import join_words
from facilitator.services.conference_file import LOCAL_ZONE
from facilitator.services.export import Format, Kind, load_settings
from facilitator.services.export.catalogue import (
    PreparedExport,
    available_exports,
    default_folder_name,
    prepare,
    write_new,
)

from .bridge import GuiInbox
from .chair_meeting import ChairMeeting
from .export_rows import REFUSED_STYLE, ExportRow, row_key
from .widgets import named

log = logging.getLogger(__name__)

# Events that change which documents there are, their labels, or the draft note.
RELEVANT = (ev.AttendeeAdded, ev.FamilyCopyScopeSet, ev.MeetingStarted, ev.MeetingEnded,
            ev.ParticipantsExcluded)


def default_folder(bridge: ChairMeeting) -> Path:
    """Documents / Conference records / '2026-12-24 Maisie Thornbury and Alfie Thornbury'."""
    return (Path(platformdirs.user_documents_dir()) / "Conference records"
            / default_folder_name(bridge.conference))


class RecordExportDialog(QDialog):
    rowFinished = Signal(str, str, bool)  # (row key, written path or refusal, written)
    exportFinished = Signal()  # every ticked row has its result

    def __init__(self, bridge: ChairMeeting, parent: QWidget | None = None, *,
                 folder: Path | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.today = today
        self.setWindowTitle(self.tr("Record and letters"))
        self.rows: dict[str, ExportRow] = {}
        self.results: dict[str, tuple[str, bool | None]] = {}
        self.pending: set[str] = set()
        self.batch: list[str] = []
        self.last_folder: Path | None = None
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._inbox = GuiInbox(self)
        self.rowFinished.connect(self._row_finished)

        layout = QVBoxLayout(self)
        self.intro = named(QLabel(), "About these documents")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.list_area = named(QScrollArea(), "Documents to export")
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setColumnStretch(2, 1)
        self.list_area.setWidget(self.grid_widget)
        layout.addWidget(self.list_area, 1)

        formats = QHBoxLayout()
        formats.addWidget(QLabel(self.tr("Format:")))
        self.docx = named(QRadioButton(self.tr("Word (.docx)")), "Word format",
                          self.tr("Documents as Word files, to edit before sending"))
        self.pdf = named(QRadioButton("PDF"), "PDF format", self.tr("Documents as PDF, to send"))
        self.pdf.setChecked(True)
        self.format_group = QButtonGroup(self)
        for choice in (self.docx, self.pdf):
            self.format_group.addButton(choice)
            formats.addWidget(choice)
        formats.addWidget(QLabel(self.tr("(calendar invitations are always .ics)")))
        formats.addStretch(1)
        layout.addLayout(formats)

        where = QHBoxLayout()
        where.addWidget(QLabel(self.tr("Folder:")))
        self.folder = named(QLineEdit(str(folder or default_folder(bridge))), "Folder",
                            self.tr("The folder the files go into (made if it is not there)"))
        where.addWidget(self.folder, 1)
        self.browse = named(QPushButton(self.tr("Browse…")), "Browse for a folder")
        self.browse.clicked.connect(self.choose_folder)
        where.addWidget(self.browse)
        layout.addLayout(where)

        self.status = named(QLabel(""), "Export status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = named(QPushButton(self.tr("Export")), "Export",
                                   self.tr("Write the ticked documents into the folder"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.open_folder_button = named(QPushButton(self.tr("Open folder")), "Open folder",
                                        self.tr("Show the folder the documents were written to"))
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.close_button = named(QPushButton(self.tr("Close")), "Close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.export_button, self.open_folder_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self._listening = False
        self._deciding = False  # running the chair's scope decision: its refusal shows here
        self._listen(True)
        self.refresh()
        self.resize(860, 560)

    # ---- the list --------------------------------------------------------------------------
    def refresh(self) -> None:
        conference = self.bridge.conference
        details = conference.details
        kind = self.tr("Initial conference") if details.kind.value == "initial" else self.tr(
            "Review conference")
        intro = self.tr("{kind} on {day} about {children}. Tick the documents to export; each "
                        "family copy leaves out what that person was not present for and "
                        "everything marked confidential.").format(
            kind=kind, day=f"{details.day:%A %d %B %Y}",
            children=join_words(c.name for c in details.children))
        if conference.status is not MeetingStatus.ENDED:
            intro += "\n" + self.tr("The meeting has not ended: the record and the letters are "
                                    "exported as drafts, marked DRAFT, not to be sent.")
        self.intro.setText(intro)
        choices = available_exports(conference)
        if [row_key(c) for c in choices] == list(self.rows):
            for choice in choices:
                self.rows[row_key(choice)].update(choice)
            return
        checked = {key for key, row in self.rows.items() if row.check.isChecked()} if (
            self.rows) else None
        for row in self.rows.values():
            for widget in (row.check, row.scope, row.result):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = {}
        for number, choice in enumerate(choices):
            key = row_key(choice)
            row = ExportRow(choice, choice.kind is Kind.FULL if checked is None else key in checked)
            row.scope.clicked.connect(lambda _=False, k=key: self.change_scope(k))
            if key in self.results:
                row.show_result(*self.results[key])
            self.grid.addWidget(row.check, number, 0)
            self.grid.addWidget(row.scope, number, 1)
            self.grid.addWidget(row.result, number, 2)
            self.rows[key] = row
        self.grid.setRowStretch(len(choices), 1)

    def row(self, label_start: str) -> ExportRow:
        """The row whose label starts with this text (for tests and scripts)."""
        found = [r for r in self.rows.values() if r.choice.label.startswith(label_start)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} rows start with {label_start!r}")
        return found[0]

    def _listen(self, on: bool) -> None:
        if on == self._listening:
            return
        if on:
            self.bridge.refused.connect(self._refused)
            self.bridge.eventApplied.connect(self._event)
        else:
            self.bridge.refused.disconnect(self._refused)
            self.bridge.eventApplied.disconnect(self._event)
        self._listening = on

    def showEvent(self, event: QShowEvent) -> None:
        if not self._listening:  # shown again after being closed
            self._listen(True)
            self.refresh()
        super().showEvent(event)

    def _event(self, event: ev.Event) -> None:
        if isinstance(event, RELEVANT):
            self.refresh()

    def _refused(self, message: str) -> None:
        if not self._deciding:  # another command of the window: the window shows that
            return
        self._problem(message)

    def _problem(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet(REFUSED_STYLE)

    def change_scope(self, key: str) -> None:
        """Whole record (with a reason, recorded) or back to the parts attended."""
        choice = self.rows[key].choice
        if choice.for_id is None:
            return
        name = self.bridge.conference.attendee(choice.for_id).name
        reason = ""
        if not choice.whole_record:
            reason, ok = QInputDialog.getText(
                self, f"Whole record for {name}",
                f"{name} was not present for part of the conference. Why should their copy "
                "cover the whole record? (The reason is recorded; what is marked confidential "
                "stays out.)")
            if not ok:
                return
        self.status.setText("")
        self._deciding = True
        try:
            decided = self.bridge.run(self.bridge.api.set_family_copy_scope, choice.for_id,
                                      not choice.whole_record, reason)
        finally:
            self._deciding = False
        if decided is not None:
            self._show(key, "", None)
        self.refresh()

    # ---- exporting -------------------------------------------------------------------------
    def chosen_format(self) -> Format:
        return Format.DOCX if self.docx.isChecked() else Format.PDF

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the record and letters",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def export(self) -> None:
        if self.pending:
            return
        text = self.folder.text().strip()
        if not text:
            self._problem(self.tr("Choose the folder the documents go into."))
            return
        folder = Path(text).expanduser()
        ticked = [key for key, row in self.rows.items() if row.check.isChecked()]
        if not ticked:
            self._problem(self.tr("Tick at least one document to export."))
            return
        try:
            settings = load_settings()
        except DomainError as broken:
            self._problem(str(broken))
            return
        letter_date = self.today or self.bridge.now().astimezone(LOCAL_ZONE).date()
        conference, fmt = self.bridge.conference, self.chosen_format()
        jobs: list[tuple[str, PreparedExport]] = []
        for key in ticked:
            try:  # building the document reads the conference: here, in the GUI thread
                jobs.append((key, prepare(conference, self.rows[key].choice, fmt, settings,
                                          letter_date)))
            except DomainError as refused:
                self._show(key, str(refused), False)
        self.status.setStyleSheet("")
        self.batch = ticked
        if not jobs:
            self.status.setText(self.tr("Nothing was exported: see why beside each document."))
            self.exportFinished.emit()
            return
        self.status.setText(self.tr("Exporting {count} document(s) to {folder}…").format(
            count=len(jobs), folder=folder))
        self.export_button.setEnabled(False)
        self.last_folder = folder
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(1, "record-export")
        for key, job in jobs:
            self.pending.add(key)
            self._show(key, self.tr("Exporting…"), None)
            self._pool.submit(self._render_and_write, key, job, folder)

    def _render_and_write(self, key: str, job: PreparedExport, folder: Path) -> None:
        """On the worker thread: touches no Conference and no widget."""
        try:
            path = write_new(folder, job.file_name, job.render())
            outcome = (str(path), True)
        except DomainError as refused:
            outcome = (str(refused), False)
        except OSError as bad:
            outcome = (f"cannot write in {folder}: {bad.strerror or bad}", False)
        except Exception as bad:  # reported on its row, never lost
            log.exception("export of %s failed", key)
            outcome = (f"{type(bad).__name__}: {bad}", False)
        with contextlib.suppress(RuntimeError):  # the dialog is gone: nobody to tell
            self._inbox.post(lambda: self.rowFinished.emit(key, *outcome))

    def _show(self, key: str, text: str, ok: bool | None) -> None:
        self.results[key] = (text, ok)
        if key in self.rows:
            self.rows[key].show_result(text, ok)

    def _row_finished(self, key: str, text: str, written: bool) -> None:
        self._show(key, text, written)
        self.pending.discard(key)
        if written:
            self.open_folder_button.setEnabled(True)
        if not self.pending:
            self.export_button.setEnabled(True)
            outcomes = [self.results[key][1] for key in self.batch if key in self.results]
            files, refused = outcomes.count(True), outcomes.count(False)
            self.status.setText(
                (self.tr("Done: {files} file(s) in {folder}.").format(
                    files=files, folder=self.last_folder) if files else
                 self.tr("Nothing was exported.")) + (
                    self.tr(" {refused} refused: see why beside each.").format(refused=refused)
                    if refused else ""))
            self.exportFinished.emit()

    def open_folder(self) -> None:
        if self.last_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_folder)))

    def done(self, result: int) -> None:
        self._listen(False)
        if self._pool is not None:  # files already asked for are still written
            self._pool.shutdown(wait=False)
            self._pool = None
        super().done(result)
