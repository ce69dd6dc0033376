"""Record and letters: the chair exports the documents from the window into real files, decides
what an excluded father's copy covers (recorded in the store), and never loses a file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QInputDialog, QLineEdit

from facilitator.app import ConferenceSession
from facilitator.domain.clock import ManualClock
from facilitator.services.database import open_database
from facilitator.services.export.catalogue import PreparedExport
from facilitator.services.store import EventStore
from tests.live_meeting import QUIET
from tests.record.conftest import docx_text, flat, pdf_text
from tests.record.scenario import SPOKEN_OUT, held_conference
from ui.export_dialog import RecordExportDialog
from ui.main import start_meeting, stop_meeting
from ui.meeting_client import MeetingClient

LETTER_DATE = date(2026, 12, 29)
REASON = "Liam asked for it, and the police have no objection now"


@dataclass
class Held:
    session: ConferenceSession  # the conference as it was stored (before the dialog opened)
    who: dict[str, str]
    db: Path
    out: Path
    clock: ManualClock


def stored(tmp_path: Path, **changes: object) -> Held:
    """The fictional Christmas Eve conference, held to the end, in a real store file."""
    conf, who = held_conference(**changes)
    db = tmp_path / "facilitator.sqlite3"
    store = EventStore(open_database(db))
    conference = store.create(conf.log)
    clock = ManualClock(conf.log[-1].at + timedelta(hours=2))
    return Held(ConferenceSession(store, conference, clock), who, db, tmp_path / "out", clock)


@pytest.fixture
def held(tmp_path: Path) -> Held:
    return stored(tmp_path)


@pytest.fixture
def meetings() -> Iterator[list[MeetingClient]]:
    """The meeting runtimes a test opened, stopped at its end."""
    opened: list[MeetingClient] = []
    yield opened
    for client in opened:
        stop_meeting(client)


def open_dialog(qtbot, held: Held, folder: Path, meetings: list[MeetingClient]  # type: ignore[no-untyped-def]
                ) -> RecordExportDialog:
    """The dialog as the chair's window opens it: a client of the live meeting."""
    client = start_meeting(held.db, held.session.conference.id, held.clock, QUIET)
    meetings.append(client)
    dialog = RecordExportDialog(client, folder=folder, today=LETTER_DATE)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def dialog(qtbot, held: Held, meetings: list[MeetingClient]  # type: ignore[no-untyped-def]
           ) -> Iterator[RecordExportDialog]:
    dialog = open_dialog(qtbot, held, held.out, meetings)
    yield dialog
    dialog.close()


def export(qtbot, dialog: RecordExportDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.exportFinished, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def answer_reason(monkeypatch: pytest.MonkeyPatch, text: str, ok: bool = True) -> list[str]:
    asked: list[str] = []

    def get_text(parent: object, title: str, label: str, *args: object) -> tuple[str, bool]:
        asked.append(title)
        return text, ok

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return asked


def test_export_the_full_record_and_the_fathers_copy_then_give_him_the_whole_record(
        qtbot, dialog: RecordExportDialog, held: Held, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    full = dialog.row("Full record (professionals)")
    liam = dialog.row("Family copy for Liam Ashcombe")
    assert full.check.isChecked()
    assert not liam.check.isChecked()
    assert liam.check.text() == "Family copy for Liam Ashcombe: parts attended"
    assert liam.scope.isVisible() and liam.scope.text() == "Whole record…"
    assert not dialog.row("Family copy for Jade Thornbury").scope.isVisible()
    liam.check.setChecked(True)
    qtbot.mouseClick(dialog.pdf, Qt.MouseButton.LeftButton)

    export(qtbot, dialog)

    assert full.written == held.out / "2026-12-24 Full record.pdf"
    assert liam.written == held.out / "2026-12-24 Family copy - Liam Ashcombe.pdf"
    assert full.written.is_file() and liam.written.is_file()
    assert SPOKEN_OUT not in pdf_text(liam.written.read_bytes())
    assert SPOKEN_OUT in flat(pdf_text(full.written.read_bytes()))
    assert liam.result.text() == "Saved as 2026-12-24 Family copy - Liam Ashcombe.pdf"
    assert dialog.open_folder_button.isEnabled()
    assert "Done: 2 file(s)" in dialog.status.text()

    asked = answer_reason(monkeypatch, REASON)
    qtbot.mouseClick(liam.scope, Qt.MouseButton.LeftButton)
    assert asked == ["Whole record for Liam Ashcombe"]
    assert liam.check.text() == ("Family copy for Liam Ashcombe: whole record "
                                 "(chair's decision)")
    assert liam.scope.text() == "Parts attended only"
    assert liam.written is None  # the file written before covered the parts attended

    export(qtbot, dialog)

    assert liam.written == held.out / "2026-12-24 Family copy - Liam Ashcombe (2).pdf"
    assert SPOKEN_OUT in flat(pdf_text(liam.written.read_bytes()))
    first = held.out / "2026-12-24 Family copy - Liam Ashcombe.pdf"
    assert SPOKEN_OUT not in pdf_text(first.read_bytes())  # the first file is untouched
    conference_id = held.session.conference.id
    reloaded = EventStore(open_database(held.db)).load(conference_id)
    assert reloaded.minutes.whole_record_for[held.who["liam"]] == REASON


def test_a_refused_scope_decision_is_shown_and_changes_nothing(
        qtbot, dialog: RecordExportDialog, held: Held, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    liam = dialog.row("Family copy for Liam Ashcombe")
    events_before = len(held.session.conference.log)
    answer_reason(monkeypatch, "   ")
    qtbot.mouseClick(liam.scope, Qt.MouseButton.LeftButton)
    assert "give the reason for sending the whole record" in dialog.status.text()
    assert liam.check.text() == "Family copy for Liam Ashcombe: parts attended"
    answer_reason(monkeypatch, REASON, ok=False)  # the chair cancels
    qtbot.mouseClick(liam.scope, Qt.MouseButton.LeftButton)
    assert liam.check.text() == "Family copy for Liam Ashcombe: parts attended"
    reloaded = EventStore(open_database(held.db)).load(held.session.conference.id)
    assert len(reloaded.log) == events_before
    assert held.who["liam"] not in reloaded.minutes.whole_record_for


def test_an_existing_file_is_never_overwritten(qtbot, dialog: RecordExportDialog,  # type: ignore[no-untyped-def]
                                               held: Held) -> None:
    held.out.mkdir()
    mine = held.out / "2026-12-24 Full record.docx"
    mine.write_bytes(b"the chair's corrected copy")
    qtbot.mouseClick(dialog.docx, Qt.MouseButton.LeftButton)
    export(qtbot, dialog)
    full = dialog.row("Full record (professionals)")
    assert full.written == held.out / "2026-12-24 Full record (2).docx"
    assert mine.read_bytes() == b"the chair's corrected copy"
    assert SPOKEN_OUT in flat(docx_text(full.written.read_bytes()))
    assert sorted(p.name for p in held.out.iterdir()) == [
        "2026-12-24 Full record (2).docx", "2026-12-24 Full record.docx"]


def test_a_refused_row_shows_why_and_the_others_still_export(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            meetings: list[MeetingClient]
                                                            ) -> None:
    held = stored(tmp_path, children=[  # Alfie is 3: the chair writes to children of 4 and over
        {"id": "maisie", "name": "Maisie Thornbury", "date_of_birth": "2018-04-12"},
        {"id": "alfie", "name": "Alfie Thornbury", "date_of_birth": "2023-06-01"}])
    dialog = open_dialog(qtbot, held, held.out, meetings)
    alfie = dialog.row("Letter to Alfie Thornbury")
    ics = dialog.row("Calendar invitations (.ics)")
    for row in (alfie, ics, dialog.row("Letter to Maisie Thornbury")):
        row.check.setChecked(True)
    export(qtbot, dialog)
    assert alfie.written is None
    assert "Alfie Thornbury is 3" in alfie.result.text()
    assert ics.written == held.out / "2026-12-24 Calendar invitations.ics"
    assert ics.written.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert dialog.row("Letter to Maisie Thornbury").written is not None
    assert dialog.row("Full record (professionals)").written is not None
    assert "Done: 3 file(s)" in dialog.status.text() and "1 refused" in dialog.status.text()
    assert sorted(p.name for p in held.out.iterdir()) == [
        "2026-12-24 Calendar invitations.ics", "2026-12-24 Full record.pdf",
        "2026-12-24 Letter to Maisie Thornbury.pdf"]
    dialog.close()


def test_a_draft_before_any_decision_the_decision_letter_is_refused(qtbot, window,  # type: ignore[no-untyped-def]
                                                                    tmp_path: Path) -> None:
    dialog = RecordExportDialog(window.bridge, folder=tmp_path / "draft", today=LETTER_DATE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "has not ended" in dialog.intro.text()
    jade = dialog.row("Decision letter to Jade Thornbury")
    jade.check.setChecked(True)
    qtbot.mouseClick(dialog.docx, Qt.MouseButton.LeftButton)
    export(qtbot, dialog)
    assert jade.written is None
    assert "no decision is recorded yet" in jade.result.text()
    full = dialog.row("Full record (professionals)").written
    assert full is not None and "Draft" in docx_text(full.read_bytes())
    assert sorted(p.name for p in full.parent.iterdir()) == [full.name]
    dialog.close()


def test_rendering_is_off_the_gui_thread_and_the_window_stays_responsive(
        qtbot, dialog: RecordExportDialog, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    threads: list[threading.Thread] = []
    real_render = PreparedExport.render

    def slow_render(self: PreparedExport) -> bytes:
        threads.append(threading.current_thread())
        assert release.wait(30)
        return real_render(self)

    monkeypatch.setattr(PreparedExport, "render", slow_render)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    full = dialog.row("Full record (professionals)")
    assert full.result.text() == "Exporting…"
    assert not dialog.export_button.isEnabled()
    ticks: list[int] = []
    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1], timeout=2000)  # the event loop runs meanwhile
    assert threads and threads[0] is not threading.main_thread()
    with qtbot.waitSignal(dialog.exportFinished, timeout=60000):
        release.set()
    assert full.written is not None and full.written.is_file()
    assert dialog.export_button.isEnabled()


def test_every_control_has_an_accessible_name(dialog: RecordExportDialog) -> None:
    unnamed = [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
               for kind in (QAbstractButton, QLineEdit) for w in dialog.findChildren(kind)
               if w.isVisibleTo(dialog) and not w.accessibleName()]
    assert unnamed == []


def test_the_header_button_and_ctrl_shift_r_open_the_dialog(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.header.exports.text() == "Record and letters…"
    qtbot.mouseClick(window.header.exports, Qt.MouseButton.LeftButton)
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Conference records" in dialog.folder.text()
    dialog.close()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.close()
