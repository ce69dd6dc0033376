"""The "Before the meeting" tab of the chair's window, under pytest-qt with a fake clock a week
before the conference: it shows what is missing, recording something removes it, and every
change is in the store (the tests reopen it)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from facilitator.app import ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.minutes import Channel, ViewsChannel
from facilitator.domain.preparation import (
    ArrangementKind,
    CheckResult,
    ContributionKind,
    LetterKind,
    PreparationSettings,
)
from facilitator.domain.readiness import readiness
from facilitator.domain.segments import ExclusionGround
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import Credentials
from facilitator.services.store import EventStore
from ui.preparation_widgets import choose, select_key, tick

from ..record.conftest import pdf_text
from .conftest import who


def reopened(session: ConferenceSession, db_path: Path) -> Any:
    return EventStore(open_database(db_path)).load(session.conference.id)


def show(panel: Any, section: QWidget) -> None:
    for index in range(panel.sections.count()):
        if panel.sections.widget(index).widget() is section:
            panel.sections.setCurrentIndex(index)


def click(qtbot: Any, where: QWidget, text: str) -> None:
    name = text.rstrip("…").replace(" ", "_").replace("'", "").lower()
    button = where.findChild(QPushButton, name)
    assert button is not None, f"no button {text!r}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_day(edit: Any, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def missing(panel: Any, words: str) -> bool:
    return any(words in text for text in panel.missing_texts())


def stored_types(session: ConferenceSession) -> list[str]:
    return [type(event).__name__ for event in session.store.events(session.conference.id)]


def test_invitations_and_replies(qtbot: Any, window: Any, session: ConferenceSession,
                                 db_path: Path, tmp_path: Path) -> None:
    panel, ids = window.preparation, who(session.conference)
    section = panel.invitations
    show(panel, section)
    assert missing(panel, "Jade Thornbury joins by phone: their invitation with their meeting "
                          "code and PIN has not been sent")
    select_key(section.table, ids["jade"])
    choose(section.channel, Channel.SECURE_EMAIL)
    click(qtbot, section, "Invitation sent")
    assert not missing(panel, "Jade Thornbury joins by phone")
    row = [section.table.item(r, 3).text() for r in range(section.table.rowCount())
           if section.table.item(r, 0).text() == "Jade Thornbury"]
    assert row == ["confirmed (sent 26 Nov, secure email)"]

    # her invitation, as the email text: her code and PIN and nobody else's
    liam = Credentials(session.store.db).issue_for(session.conference, ids["liam"])
    panel.ask_save_path = lambda suggested: tmp_path / suggested
    choose(section.format, "txt")
    click(qtbot, section, "Save invitation…")
    letter = (tmp_path / "invitation-jade.txt").read_text()
    jade = Credentials(session.store.db).issue_for(session.conference, ids["jade"])
    assert f"Your PIN: {jade.pin}" in letter and liam.pin not in letter
    assert "Saved invitation-jade.txt for Jade Thornbury." in panel.status.text()

    select_key(section.table, ids["gareth"])
    click(qtbot, section, "Apologies")
    assert not window.problem.isVisible(), window.problem.text()
    assert missing(panel, "Gareth Lowe sent apologies without a written report or a substitute")
    section.substitute.setText("Hana Price")
    click(qtbot, section, "Name substitute")
    assert not missing(panel, "Gareth Lowe sent apologies")
    assert any(a.name == "Hana Price" for a in window.bridge.conference.attendees.values())

    again = reopened(session, db_path)
    assert [letter.kind for letter in again.preparation.letters] == [LetterKind.INVITATION]
    assert again.preparation.substitutes.keys() == {ids["gareth"]}
    assert readiness(again) == panel.items()


def test_reports_and_the_childs_own_drawing(qtbot: Any, window: Any,
                                            session: ConferenceSession, db_path: Path,
                                            tmp_path: Path) -> None:
    panel, ids = window.preparation, who(session.conference)
    reports = panel.reports
    show(panel, reports)
    # a report dated after the conference is refused, in one line, and nothing is stored
    before = len(stored_types(session))
    choose(reports.author, ids["priya"])
    assert reports.agency.text() == "Fernbridge Children's Services"
    set_day(reports.received_on, date(2026, 12, 4))
    click(qtbot, reports, "Record report")
    assert window.problem.isVisible()
    assert "the report is dated 2026-12-04, after the conference on 2026-12-03" in (
        window.problem.text())
    assert len(stored_types(session)) == before

    set_day(reports.received_on, date(2026, 11, 25))
    click(qtbot, reports, "Record report")
    assert not window.problem.isVisible()
    assert not missing(panel, "The social worker's report is not recorded")
    assert missing(panel, "Report from Fernbridge Children's Services not shared with the "
                          "parents")
    reports.table.selectRow(0)
    click(qtbot, reports, "Shared with the parents")
    assert not missing(panel, "not shared with the parents")
    reports.comment_text.setText("Maisie changed school in September, not October")
    choose(reports.comment_by, ids["jade"])
    click(qtbot, reports, "Record comment")
    assert "comment: Maisie changed school" in reports.table.item(0, 4).text()

    child = panel.child
    show(panel, child)
    choose(child.child, "maisie")
    assert missing(panel, "Whether Maisie Thornbury attends is not decided")
    child.reasons.setPlainText("Maisie is 8. She would rather draw what she wants to say.")
    child.channels[ViewsChannel.DRAWING].setChecked(True)
    click(qtbot, child, "Record attendance decision")
    assert not missing(panel, "Whether Maisie Thornbury attends")
    assert missing(panel, "Maisie Thornbury's drawing is not stored with the conference yet")

    drawing = tmp_path / "biscuit.png"
    drawing.write_bytes(b"\x89PNG\r\n\x1a\nBiscuit the dog")
    panel.ask_open_path = lambda: drawing
    choose(child.kind, ContributionKind.DRAWING)
    child.description.setText("Biscuit the dog in the middle of her family")
    click(qtbot, child, "Attach file…")
    assert not missing(panel, "Maisie Thornbury's drawing")
    assert child.files.item(0, 0).text() == "biscuit.png"
    digest = hashlib.sha256(drawing.read_bytes()).hexdigest()
    on_disk = (db_path.parent / "attachments" / digest[:2] / digest).read_bytes()
    assert b"Biscuit" not in on_disk, "the drawing is stored encrypted, like the database"
    assert panel.attachments is not None
    assert panel.attachments.read(digest) == drawing.read_bytes()

    again = reopened(session, db_path)
    assert again.minutes.reports[next(iter(again.minutes.reports))].shared_with_parents
    assert again.minutes.participation["maisie"].channels == frozenset({ViewsChannel.DRAWING})
    assert [c.sha256 for c in again.preparation.contributions.values()] == [digest]
    assert readiness(again) == panel.items()


def test_an_oversized_attachment_is_refused_and_leaves_nothing(
        qtbot: Any, window: Any, session: ConferenceSession, db_path: Path,
        tmp_path: Path) -> None:
    panel = window.preparation
    panel.config = replace(panel.config, timescales=PreparationSettings(
        max_attachment_bytes=1024))
    recording = tmp_path / "song.m4a"
    recording.write_bytes(b"\0" * 4096)
    panel.ask_open_path = lambda: recording
    show(panel, panel.child)
    before = len(stored_types(session))
    click(qtbot, panel.child, "Attach file…")
    assert "song.m4a is too large (0.0 MB; at most 0.0 MB)" in window.problem.text()
    assert len(stored_types(session)) == before
    folder = db_path.parent / "attachments"
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]


def test_exclusion_requests_and_the_observer(qtbot: Any, window: Any,
                                             session: ConferenceSession, db_path: Path,
                                             tmp_path: Path) -> None:
    panel, ids = window.preparation, who(session.conference)
    section = panel.requests
    show(panel, section)
    tick(section.excluded, [ids["liam"]])
    choose(section.requested_by, ids["tom"])
    section.evidence.setPlainText("Liam has not yet been interviewed about the allegation")
    before = len(stored_types(session))
    click(qtbot, section, "Record request")
    assert "an exclusion request needs grounds from the procedure (8.3)" in (
        window.problem.text())
    assert len(stored_types(session)) == before

    tick(section.grounds, [ExclusionGround.LEGAL_PROCEEDINGS])
    click(qtbot, section, "Record request")
    assert missing(panel, "Exclusion request about Liam Ashcombe: the chair's decision is "
                          "pending")
    section.requests.selectRow(0)
    section.decision_reasons.setText("The police have yet to interview you.")
    section.views.setText("Your solicitor will read your written views.")
    click(qtbot, section, "Record decision")
    assert missing(panel, "Letter to Liam Ashcombe about the decision to exclude them not sent")
    panel.ask_save_path = lambda suggested: tmp_path / suggested
    choose(section.letter_format, "pdf")
    click(qtbot, section, "Save letter…")
    text = pdf_text((tmp_path / "exclusion-letter-liam.pdf").read_bytes())
    assert "The police have yet to interview you." in text
    assert "Your solicitor will read your written views." in text
    click(qtbot, section, "Letter sent")
    assert not [t for t in panel.missing_texts() if "xclusion" in t or "Letter to" in t]

    section.observer_name.setText("Ayesha Moran")
    section.observer_agency.setText("Fernbridge Children's Services")
    choose(section.observer_by, ids["martin"])
    click(qtbot, section, "Record observer request")
    assert missing(panel, "Observer Ayesha Moran: the family's consent not recorded")
    section.observer_name.setText("Tomasz Weir")
    section.observer_agency.setText("Fernbridge Community Health")
    click(qtbot, section, "Record observer request")
    assert "Ayesha Moran is already requested as the observer: only one observer may attend" \
        in window.problem.text()
    click(qtbot, section, "Chair agrees")
    choose(section.family_member, ids["jade"])
    click(qtbot, section, "Family agrees")
    click(qtbot, section, "Add observer")
    assert not [t for t in panel.missing_texts() if "Observer" in t]
    assert "Ayesha Moran (Fernbridge Children's Services) will observe" in (
        section.observer_status.text())

    again = reopened(session, db_path)
    observer = [a for a in again.attendees.values() if a.role_key == "observer"]
    assert [a.name for a in observer] == ["Ayesha Moran"]
    assert again.preparation.exclusion_decisions and readiness(again) == panel.items()


def test_needs_the_test_call_and_meeting_the_family(qtbot: Any, window: Any,
                                                    session: ConferenceSession,
                                                    db_path: Path) -> None:
    panel, ids = window.preparation, who(session.conference)
    needs = panel.needs
    show(panel, needs)
    choose(needs.needs_for, ids["liam"])
    needs.needs_language.setText("Romanian")
    click(qtbot, needs, "Record needs")
    assert missing(panel, "Interpreter not booked: Liam Ashcombe needs Romanian")
    needs.language.setText("Romanian")
    choose(needs.interpreter_for, ids["liam"])
    needs.interpreter_name.setText("Jade Thornbury")
    needs.interpreter_agency.setText("Fernbridge Interpreting Service")
    click(qtbot, needs, "Book interpreter")
    assert "Jade Thornbury is a family member and must not act as interpreter" in (
        window.problem.text())
    needs.interpreter_name.setText("Ioana Dobre")
    click(qtbot, needs, "Book interpreter")
    assert not missing(panel, "Interpreter not booked")

    choose(needs.arrangement_for, ids["jade"])
    choose(needs.arrangement_kind, ArrangementKind.CHILDCARE)
    needs.arrangement.setText("Creche at Riverside House, 09:30 to 12:30")
    click(qtbot, needs, "Record arrangement")
    assert not missing(panel, "Childcare for Jade Thornbury")

    for person in ("jade", "liam"):
        name = window.bridge.conference.attendees[ids[person]].name
        assert missing(panel, f"Technology check not done for {name}")
        choose(needs.check_for, ids[person])
        choose(needs.results["camera"], CheckResult.NOT_NEEDED if person == "jade"
               else CheckResult.WORKS)
        click(qtbot, needs, "Record test call")
    assert not missing(panel, "Technology check not done")

    assert missing(panel, "Meet the family before the conference")
    tick(panel.met, [f"attendee:{ids['jade']}", f"attendee:{ids['liam']}"])
    click(qtbot, panel, "Met before the conference")
    assert not missing(panel, "Meet the family")

    again = reopened(session, db_path)
    assert {type(e) for e in again.log} >= {ev.InterpreterBooked, ev.ArrangementMade,
                                            ev.TechnologyChecked, ev.MetBeforeConference}
    assert again.preparation.attendees_met() == {ids["jade"], ids["liam"]}
    assert readiness(again) == panel.items()


def test_the_tab_is_named_for_screen_readers(window: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

    panel = window.preparation
    unnamed = []
    for index in range(panel.sections.count()):
        panel.sections.setCurrentIndex(index)
        for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit):
            for widget in panel.findChildren(kind):
                if (widget.isVisibleTo(panel) and not widget.accessibleName()
                        and type(widget).__name__ not in ("QTabBar", "QToolButton")
                        and not isinstance(widget.parent(), QComboBox)
                        and "qt_" not in widget.objectName()):
                    unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert unnamed == []


def test_the_language_each_person_speaks(qtbot: Any, window: Any, session: ConferenceSession,
                                         db_path: Path) -> None:
    """Recorded in preparation: a Welsh speaker's letters, invitation and join page are then
    in Welsh (tests/preparation/test_welsh_invitations.py, tests/rtc/test_welsh_join_page.py)."""
    panel, ids = window.preparation, who(session.conference)
    needs = panel.needs
    show(panel, needs)
    choose(needs.needs_for, ids["liam"])
    assert needs.speaks.currentText() == "Polish"  # from the conference file
    choose(needs.needs_for, ids["jade"])
    assert needs.speaks.currentData() == "en"
    choose(needs.speaks, "cy")
    click(qtbot, needs, "Record language")
    qtbot.waitUntil(lambda: reopened(session, db_path).attendee(ids["jade"]).language == "cy",
                    timeout=5000)
    choose(needs.needs_for, ids["carys"])
    choose(needs.needs_for, ids["jade"])
    assert needs.speaks.currentText() == "Cymraeg (Welsh)"
