"""Summary minutes in the chair's window: paragraphs with their parts, conflicts, no loss."""

from __future__ import annotations

from PySide6.QtCore import Qt

from facilitator.domain.commands import agenda, minutes, segments
from facilitator.domain.minutes import ParagraphDraft, Section
from facilitator.domain.segments import ExclusionGround


def test_a_section_is_written_with_its_parts_and_a_conflict_offers_both(qtbot, window,
                                                                         session, clock):
    session.execute(agenda.start_meeting)
    parent = next(a.id for a in session.conference.attendees.values() if a.role_key == "parent")
    clock.advance(minutes=5)
    session.execute(segments.exclude, [parent], [ExclusionGround.LEGAL_PROCEEDINGS],
                    "DC Tom Reddaway", "interview pending")
    panel = window.minutes
    window.tabs.setCurrentWidget(panel)
    panel.load(Section.INFORMATION)
    assert panel.heading.text().startswith("Information shared")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    paragraph = panel.paragraphs[0]
    assert paragraph.segments.text() == "2", "a new paragraph covers the current part"
    paragraph.text.setPlainText("Police described the investigation.")
    paragraph.confidential.setChecked(True)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    stored = session.store.load(session.conference.id).minutes.summary(Section.INFORMATION)
    assert stored.version == 1
    (written,) = stored.paragraphs
    assert written.confidential
    assert written.segment_ids == {session.conference.segments[1].id}
    assert not panel.dirty

    # someone else (the minute-taker) saves the section while the chair is typing
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    panel.paragraphs[1].text.setPlainText("The school reported good attendance.")
    session.execute(minutes.write_summary, Section.INFORMATION,
                    [ParagraphDraft("Rob's summary of the reports.")], 1, "Rob Kendal")
    assert len(panel.paragraphs) == 2, "unsaved paragraphs were thrown away"
    offered: list[tuple[str, str]] = []
    window.ask_summary_conflict = lambda theirs, mine: offered.append((theirs, mine)) or "mine"
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert offered == [("Rob's summary of the reports.",
                        "Police described the investigation.\n\n"
                        "The school reported good attendance.")]
    final = session.store.load(session.conference.id).minutes.summary(Section.INFORMATION)
    assert [p.text for p in final.paragraphs] == ["Police described the investigation.",
                                                  "The school reported good attendance."]
    assert final.version == 3 and final.written_by == "chair"


def test_a_paragraph_naming_a_part_that_does_not_exist_is_refused(qtbot, window, session):
    session.execute(agenda.start_meeting)
    panel = window.minutes
    panel.load(Section.OPENING)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    panel.paragraphs[0].text.setPlainText("Introductions were made.")
    panel.paragraphs[0].segments.setText("7")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.state.text() == "there is no part 7 of the meeting"
    assert session.store.load(session.conference.id).minutes.summary(
        Section.OPENING).version == 0
