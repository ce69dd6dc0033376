"""Keyboard, accessibility, rendering, the room display and the asyncio bridge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QTreeWidget,
)

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.commands import agenda, people, record
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource


def everyone_arrives(session):
    for person in session.conference.attendees.values():
        if person.state.name in ("INVITED", "CONFIRMED"):
            session.execute(people.change_attendance, person.id, AttendanceState.PRESENT)


def test_keyboard_moves_through_the_agenda(qtbot, window, session):
    session.execute(agenda.start_meeting)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert session.conference.agenda.current.id == "introductions"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert session.conference.agenda.current.id == "welcome"
    assert window.agenda.stage_title.text() == "Welcome, purpose and agenda"


def test_every_control_has_an_accessible_name(window):
    window.tabs.setCurrentWidget(window.decisions)
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTableView, QTableWidget,
             QTreeWidget)
    unnamed = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for kind in kinds for w in window.findChildren(kind)
        if w.isVisibleTo(window) and not w.accessibleName()
        and type(w).__name__ not in ("QTabBar", "QToolButton")
        # the inner parts of spin boxes, combo boxes and tables (corner button) are theirs
        and not isinstance(w.parent(), QAbstractSpinBox | QComboBox | QAbstractItemView)
    ]
    assert unnamed == []


def test_refused_command_is_explained_and_changes_nothing(qtbot, window, session):
    session.execute(agenda.start_meeting)
    chair = next(a.id for a in session.conference.attendees.values() if a.role_key == "chair")
    window.ask_exclusion = lambda chosen: __import__("ui.dialogs").dialogs.ExclusionRequest(
        frozenset({ExclusionGround.DISRUPTION}), "Priya Okonedo", "test", False)
    before = len(session.store.events(session.conference.id))
    window.people.select([chair])
    qtbot.mouseClick(window.people.exclude_button, Qt.MouseButton.LeftButton)
    assert window.problem.isVisible()
    assert "cannot be excluded" in window.problem.text()
    assert len(session.store.events(session.conference.id)) == before


def test_window_renders_at_1280x720(qtbot, window, session, tmp_path):
    everyone_arrives(session)
    session.execute(agenda.start_meeting)
    window.resize(1280, 720)
    window.refresh_all()
    image: QImage = window.grab().toImage()
    assert (image.width(), image.height()) == (1280, 720)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 720, 16)}
    assert len(colours) > 20, "the window rendered (nearly) blank"
    assert image.save(str(tmp_path / "chair-window.png"))
    # everything important is reachable without scrolling sideways at 1280x720
    assert window.agenda.next_button.visibleRegion().boundingRect().width() > 0
    assert window.people.exclude_button.visibleRegion().boundingRect().width() > 0


def test_room_display_shows_no_confidential_content(qtbot, window, session, clock):
    everyone_arrives(session)
    session.execute(agenda.start_meeting)
    clock.advance(minutes=1)
    parent = next(a for a in session.conference.attendees.values() if a.role_key == "parent")
    session.execute(record.record_utterance, None, UtteranceSource.TYPED, clock.now(),
                    clock.now(), "Confidential: the police interview is on Friday")
    session.execute(__import__("facilitator.domain.commands.segments").domain.commands.segments
                    .exclude, [parent.id], [ExclusionGround.LEGAL_PROCEEDINGS], "Police",
                    "interview pending")
    display = window.show_room_display()
    qtbot.addWidget(display)
    texts = [w.text() for w in display.findChildren(QLabel)] + [
        display.people.item(i).text() for i in range(display.people.count())]
    shown = " ".join(texts)
    assert "Welcome, purpose and agenda" in shown
    assert "Priya Okonedo" in shown
    assert parent.name not in shown, "someone out of the segment is listed as present"
    assert "police interview" not in shown.lower()
    assert "Time left" in shown


def test_what_another_door_changes_reaches_the_window_through_the_feed(qtbot, window,
                                                                       meeting):
    """The window owns nothing: a change made on the meeting's loop by another door (the
    chair's HTTP API, the phone line) reaches the window's copy through the feed, in order."""
    assert window.bridge.conference.status.name == "SCHEDULED"
    meeting.call(lambda: meeting.api.start_meeting())  # on the loop, not through the window
    qtbot.waitUntil(lambda: window.bridge.conference.status.name == "IN_PROGRESS",
                    timeout=3000)
    qtbot.waitUntil(lambda: window.agenda.stage_title.text() == "Welcome, purpose and agenda",
                    timeout=3000)
    stored = meeting.call(lambda: len(meeting.api.conference.log))
    assert len(window.bridge.conference.log) == stored


def test_room_mute_and_transcription_switch_are_recorded(qtbot, window, session):
    session.execute(agenda.start_meeting)
    qtbot.mouseClick(window.header.room_mute, Qt.MouseButton.LeftButton)
    stored = session.store.load(session.conference.id)
    assert stored.room_muted
    assert window.header.room_mute.text() == "Room muted: unmute"
    window.ask_reason = lambda title, question: None  # the chair cancels: nothing changes
    qtbot.mouseClick(window.header.transcribe, Qt.MouseButton.LeftButton)
    assert session.store.load(session.conference.id).transcription_enabled
    assert window.header.transcribe.isChecked()
    window.ask_reason = lambda title, question: "the council does not allow recording"
    qtbot.mouseClick(window.header.transcribe, Qt.MouseButton.LeftButton)
    stored = session.store.load(session.conference.id)
    assert not stored.transcription_enabled
    last = stored.log[-1]
    assert last.reason == "the council does not allow recording"  # type: ignore[attr-defined]
    assert "switched off" in window.header.transcription.text()
