"""The transcript panel: edits are durable, incoming text never overwrites an open editor."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.commands import agenda, people, record
from facilitator.domain.transcript import Mark, UtteranceSource


def start(session):
    for person in list(session.conference.attendees.values())[:6]:
        session.execute(people.change_attendance, person.id, AttendanceState.PRESENT)
    session.execute(agenda.start_meeting)
    session.clock.advance(seconds=30)


def say(session, text, seconds=2.0, speaker=None):
    now = session.now()
    events = session.execute(record.record_utterance, speaker, UtteranceSource.ROOM,
                             now - timedelta(seconds=seconds), now, text, 0.9, "recogniser")
    return events[0].utterance_id


def commit(qtbot, window, editor: QLineEdit) -> None:
    """Enter in the editor: Qt commits on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.transcript.view.state().name != "EditingState")


def open_editor(qtbot, window, row) -> QLineEdit:
    window.transcript.edit_row(row)
    editors = window.transcript.view.findChildren(QLineEdit)
    assert editors, "no editor opened"
    return editors[-1]


def test_open_editor_survives_recognition_updates_and_new_lines(qtbot, window, session, clock):
    start(session)
    first = say(session, "we met the family on tuesday")
    clock.advance(seconds=5)
    assert window.transcript.model.rowCount() == 1
    editor = open_editor(qtbot, window, 0)
    editor.setText("We met the family on Tuesday 17th")
    editor.setCursorPosition(10)

    # The recogniser revises the same line and new speech arrives while the editor is open.
    session.execute(record.revise_recognition, first, "we met the family on tuesday evening",
                    clock.now())
    clock.advance(seconds=3)
    say(session, "and the school confirmed attendance")
    assert window.transcript.model.rowCount() == 2
    assert editor.text() == "We met the family on Tuesday 17th"
    assert editor.cursorPosition() == 10

    commit(qtbot, window, editor)
    line = session.store.load(session.conference.id).utterances[first]
    assert line.text == "We met the family on Tuesday 17th"
    assert line.recognised_text == "we met the family on tuesday evening"
    assert line.edits[-1].editor == "chair"
    assert window.transcript.model.data(window.transcript.model.index(0, 4)) == (
        "We met the family on Tuesday 17th")
    # A later recognition revision does not replace the human edit.
    session.execute(record.revise_recognition, first, "something else", clock.now())
    assert window.transcript.model.data(window.transcript.model.index(0, 4)) == (
        "We met the family on Tuesday 17th")


def test_conflicting_edit_is_refused_visibly_and_keeps_the_other_edit(qtbot, window, session):
    start(session)
    line = say(session, "mum said she feels unheard")
    editor = open_editor(qtbot, window, 0)
    editor.setText("Mum said she feels unheard by the school")
    # The minute-taker saves a different correction first.
    session.execute(record.edit_utterance, line, "Mum said she feels unheard at meetings", 1,
                    "Rob Kendal")
    commit(qtbot, window, editor)
    assert window.problem.isVisible()
    assert "Rob Kendal changed this line" in window.problem.text()
    stored = session.store.load(session.conference.id).utterances[line]
    assert stored.text == "Mum said she feels unheard at meetings"


def test_marks_toggle_on_selected_lines(qtbot, window, session):
    start(session)
    say(session, "the plan needs a contingency")
    window.transcript.select_row(0)
    qtbot.mouseClick(window.transcript.mark_buttons[Mark.DECISION], Qt.MouseButton.LeftButton)
    conference = session.store.load(session.conference.id)
    assert conference.transcript()[0].marks == {Mark.DECISION}
    assert window.transcript.model.data(window.transcript.model.index(0, 5)) == "decision"
    window.transcript.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert session.store.load(session.conference.id).transcript()[0].marks == frozenset()


def test_three_thousand_lines_and_an_edit_in_the_middle(qtbot, window, session, clock):
    start(session)
    for number in range(3000):
        clock.advance(seconds=1)
        say(session, f"line {number}", seconds=0.5)
    model = window.transcript.model
    assert model.rowCount() == 3000
    editor = open_editor(qtbot, window, 1500)
    assert editor.text() == "line 1500"
    editor.setText("line 1500, corrected")
    clock.advance(seconds=1)
    say(session, "line 3000", seconds=0.5)
    assert editor.text() == "line 1500, corrected"
    commit(qtbot, window, editor)
    assert model.data(model.index(1500, 4)) == "line 1500, corrected"
    assert model.data(model.index(3000, 4)) == "line 3000"


def test_a_voice_guess_shows_its_confidence_and_one_click_renames_it(qtbot, window, session,
                                                                    clock):
    from PySide6.QtWidgets import QComboBox

    start(session)
    priya = next(a.id for a in session.conference.attendees.values()
                 if a.name == "Priya Okonedo")
    gareth = next(a.id for a in session.conference.attendees.values()
                  if a.name == "Gareth Lowe")
    now = session.now()
    session.execute(record.record_utterance, priya, UtteranceSource.ROOM,
                    now - timedelta(seconds=3), now, "attendance has improved", 0.9,
                    "recogniser", speaker_confidence=0.82)
    model = window.transcript.model
    assert model.data(model.index(0, 3)) == "Priya Okonedo (82%?)"
    index = model.index(0, 3)
    window.transcript.view.setCurrentIndex(index)
    window.transcript.view.edit(index)
    combo = window.transcript.view.findChildren(QComboBox)[-1]
    combo.setCurrentIndex(combo.findData(gareth))
    window.transcript.view.commitData(combo)
    line = session.store.load(session.conference.id).transcript()[0]
    assert line.speaker_id == gareth and line.speaker_confidence is None
    assert model.data(model.index(0, 3)) == "Gareth Lowe"
